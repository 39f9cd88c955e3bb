/**
 * A journal that cannot be written (a full disk; src/engine/journal/journal-file.ts): the failed batch's
 * commands and every later one are refused with UNAVAILABLE, the file is cut back to its last durable batch,
 * nothing more runs, and a restart has exactly the acknowledged commands, however much room the disk has
 * again by then. (Before, the engine went on appending after a torn record, and a restart dropped everything
 * after it, acknowledged or not.)
 */
import fs, { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Engine, openEngine } from '../../src/engine/engine';
import { JournalFailedError } from '../../src/engine/journal/journal-file';
import { toServiceError } from '../../src/gateway/grpc/errors';
import { bpmnXml } from '../support/bpmn';
import { recordingLogger, silent } from './snapshot-fixture';

const model = bpmnXml({
  id: 'p',
  elements:
    '<bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent><bpmn:endEvent id="e"/>',
  flows: ['s -> wait -> e'],
});
const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

describe('a journal that cannot be written', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-journal-failure-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  async function started(): Promise<{ e: Engine; acknowledged: string[] }> {
    const e = await openEngine({ dataDir: dir, logger: silent, snapshotEvery: 0 });
    e.clock.pin(Date.parse('2026-03-01T08:00:00Z'));
    await e.deploy([{ name: 'p.bpmn', content: model }]);
    const acknowledged: string[] = [];
    for (let i = 0; i < 5; i++) {
      acknowledged.push(e.createProcessInstance({ bpmnProcessId: 'p', variables: { i } }).processInstanceKey);
      await e.durable();
    }
    return { e, acknowledged };
  }
  const journalBytes = () => statSync(join(dir, 'journal.log')).size;
  const instancesAfterRestart = async () => {
    const { logger, lines } = recordingLogger();
    const reopened = await openEngine({ dataDir: dir, logger });
    const keys = [...reopened.listProcessInstances()].map((p) => p.processInstanceKey);
    reopened.close();
    return { keys, tornTail: lines.some((l) => String(l.msg).startsWith('journal had a torn last record')) };
  };

  test('a write cut short: its commands and all later ones are refused, and a restart has every acknowledged one', async () => {
    const { e, acknowledged } = await started();
    const durableBytes = journalBytes();
    // the disk fills in the middle of the next write: half of it lands, then ENOSPC
    const realWriteSync = fs.writeSync;
    jest.spyOn(fs, 'writeSync').mockImplementationOnce(((fd: number, buffer: Buffer, offset?: number) => {
      const from = offset ?? 0;
      realWriteSync(fd, buffer, from, Math.floor((buffer.length - from) / 2));
      throw enospc();
    }) as unknown as typeof fs.writeSync);
    e.createProcessInstance({ bpmnProcessId: 'p', variables: { lost: true } }); // ran, but not durable
    const failed = await e.durable().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failed).toBeInstanceOf(JournalFailedError);
    expect(failed).toMatchObject({ code: 'UNAVAILABLE' });
    expect((failed as Error).message).toContain('could not be written (ENOSPC: no space left on device, write)');
    expect(journalBytes()).toBe(durableBytes); // the half-written record is cut off

    // the disk has room again (the spy is spent): still nothing runs, timers included
    expect(() => e.createProcessInstance({ bpmnProcessId: 'p', variables: {} })).toThrow(JournalFailedError);
    const before = [...e.listProcessInstances()].map((p) => p.state);
    expect(() => e.clock.advance(5 * 60_000)).toThrow(JournalFailedError); // a clock change is a command too
    expect([...e.listProcessInstances()].map((p) => p.state)).toEqual(before);
    expect(e.runtime.due.suspended).toBe(true); // no timer fires on the state either
    expect(e.snapshot()).toBe(false); // not of a state that holds a refused command
    e.close();
    expect(journalBytes()).toBe(durableBytes);

    const { keys, tornTail } = await instancesAfterRestart();
    expect(keys.sort()).toEqual([...acknowledged].sort());
    expect(tornTail).toBe(false);
  });

  test('an fdatasync that fails: that batch is cut back and refused too', async () => {
    const { e, acknowledged } = await started();
    const durableBytes = journalBytes();
    const eio = Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
    const failingSync = (_fd: number, cb: fs.NoParamCallback) => void setImmediate(() => cb(eio));
    jest.spyOn(fs, 'fdatasync').mockImplementationOnce(failingSync as unknown as typeof fs.fdatasync);
    e.createProcessInstance({ bpmnProcessId: 'p', variables: { lost: true } });
    await expect(e.durable()).rejects.toThrow('could not be written (EIO: i/o error, fdatasync)');
    expect(journalBytes()).toBe(durableBytes);
    await expect(e.durable()).rejects.toBeInstanceOf(JournalFailedError);
    e.close();
    expect((await instancesAfterRestart()).keys.sort()).toEqual([...acknowledged].sort());
  });

  test('the gateway answers UNAVAILABLE with the reason, as Zeebe does when it cannot write', () => {
    const err = new JournalFailedError('/data/engine/journal.log', enospc());
    const answer = toServiceError(err, 'CreateProcessInstance', 'CREATE', silent);
    expect(answer.code).toBe(14); // UNAVAILABLE: the SDK retries with back-off
    expect(answer.details).toBe(err.message);
  });
});
