/**
 * The command table (src/engine/commands/) is where every journal record kind is declared: its name is the journal
 * format, the engine's methods run through it, and a replay looks each record up in it and checks it again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { commandTable } from '../../../src/engine/commands/command-table';
import { engineRecords } from '../../../src/engine/commands/engine-records';
import type { JournalRecord } from '../../../src/engine/commands/journal-record';
import { openEngine } from '../../../src/engine/engine';
import { JournalFile } from '../../../src/engine/journal/journal-file';
import { bpmnXml } from '../../support/bpmn';
import { variablesOf } from '../../support/in-process';

const logger = pino({ level: 'silent' });

/** the record names journals hold (journal-v1); a rename would leave old journals unreadable */
const JOURNAL_V1_NAMES = [
  'activate',
  'cancel',
  'clock',
  'complete',
  'continue',
  'correlate',
  'create',
  'createUser',
  'delete',
  'deleteUser',
  'deploy',
  'fail',
  'feelBudget',
  'publish',
  'resolve',
  'retries',
  'setVariables',
  'signal',
  'slices',
  'streamed',
  'throwError',
  'tick',
  'timeout',
  'updateJob',
  'updateUser',
  'userTask',
];

/** record names added since (issue 21); an older engine skips them (a record of an unknown kind changes nothing) */
const ADDED_SINCE_V1 = [
  'evaluateDecision',
  'completeWithResult',
  'modify',
  'migrate',
  'evaluateConditionals',
  'activateAdHoc',
  'completeAdHocJob',
  'batchCreate',
  'batchExecute',
  'batchSuspend',
  'batchResume',
  'batchCancel',
];

describe('the command table', () => {
  test('declares each journal record kind once, under the name journals hold', () => {
    const commands = Object.keys(commandTable);
    const engineOwn = Object.keys(engineRecords);
    expect(commands.filter((c) => engineOwn.includes(c))).toEqual([]);
    expect([...commands, ...engineOwn].sort()).toEqual([...JOURNAL_V1_NAMES, ...ADDED_SINCE_V1].sort());
  });

  test("a replay checks a record again: an older engine's record without variables sets none, one with an array is rejected again, an unknown kind changes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-command-table-'));
    try {
      const { journal } = JournalFile.open<JournalRecord>(join(dir, 'journal.log'));
      const waiting = bpmnXml({
        id: 'waiting',
        elements:
          '<bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="go"><bpmn:signalEventDefinition signalRef="sig"/></bpmn:intermediateCatchEvent><bpmn:endEvent id="e"/>',
        flows: ['s -> go -> e'],
        definitions: '<bpmn:signal id="sig" name="go"/>',
      });
      journal.append({ t: 1, c: 'deploy', resources: [{ name: 'waiting.bpmn', content: waiting }] });
      journal.append({ t: 2, c: 'create', cmd: { bpmnProcessId: 'waiting' } } as JournalRecord); // (no variables)
      journal.append({ t: 3, c: 'create', cmd: { bpmnProcessId: 'waiting', variables: { n: 1 } } });
      journal.append({ t: 4, c: 'signal', name: 'go', variables: [1] } as unknown as JournalRecord);
      journal.append({ t: 5, c: 'fromANewerEngine' } as unknown as JournalRecord); // (changes nothing)
      journal.close();

      const engine = await openEngine({ dataDir: dir, logger, snapshotEvery: 0, diskFreeMin: 0 });
      const [first, second] = [...engine.listProcessInstances()];
      expect(variablesOf(engine, first.processInstanceKey)).toEqual({});
      expect(variablesOf(engine, second.processInstanceKey)).toEqual({ n: 1 });
      // the signal with an array of variables was rejected when it ran live (INVALID_ARGUMENT), and again now
      expect([first.state, second.state]).toEqual(['ACTIVE', 'ACTIVE']);
      engine.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
