import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { JournalRecord } from '../../src/engine/commands/journal-record';
import { JournalFile } from '../../src/engine/journal/journal-file';
import { bpmnXml, serviceTask } from '../support/bpmn';
import { activateOne, activeElements, completedElements, stateOf, variablesOf, workJobs } from '../support/in-process';
import { restartableEngine } from '../support/restartable-engine';

const logger = pino({ level: 'silent' });
const HOUR = 3_600_000;

const orderXml = bpmnXml({
  id: 'durable',
  elements: `<bpmn:startEvent id="start"/>${serviceTask('pay')}<bpmn:intermediateCatchEvent id="confirmed"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="cool-off"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    ${serviceTask('ship')}<bpmn:endEvent id="end"/>`,
  flows: ['start -> pay -> confirmed -> cool-off -> ship -> end'],
  definitions:
    '<bpmn:message id="m" name="confirmed"><bpmn:extensionElements><zeebe:subscription correlationKey="= orderId"/></bpmn:extensionElements></bpmn:message>',
});

describe('durable engine: journal and replay', () => {
  // the journal alone (these tests edit journal.log by hand); snapshots are test/engine/snapshot.test.ts's
  const restart = restartableEngine('baton-journal-', { logger });
  const reopen = () => restart.reopen();

  test('deployments, instances, variables, jobs, incidents and buffered messages survive a restart', async () => {
    let e = await reopen();
    e.clock.pin(Date.parse('2026-02-01T00:00:00Z'));
    await e.deploy([{ name: 'durable.bpmn', content: orderXml }]);
    const a = e.createProcessInstance({ bpmnProcessId: 'durable', variables: { orderId: 'A' } }).processInstanceKey;
    const b = e.createProcessInstance({ bpmnProcessId: 'durable', variables: { orderId: 'B' } }).processInstanceKey;
    workJobs(e, 'pay', () => ({ paid: true }));
    e.publishMessage({ name: 'confirmed', correlationKey: 'LATER', timeToLive: HOUR });
    const failing = e.createProcessInstance({
      bpmnProcessId: 'durable',
      variables: { orderId: 'C' },
    }).processInstanceKey;
    e.failJob(activateOne(e, 'pay').key, 0, 'card service down', 0);
    await e.durable();
    const before = {
      a: completedElements(e, a),
      b: activeElements(e, b),
      vars: variablesOf(e, a),
      incidents: [...e.listIncidents()],
    };

    e = await reopen();
    expect(completedElements(e, a)).toEqual(before.a);
    expect(activeElements(e, b)).toEqual(before.b);
    expect(variablesOf(e, a)).toEqual(before.vars);
    expect([...e.listIncidents()]).toEqual(before.incidents);
    expect(e.clock.now()).toBe(Date.parse('2026-02-01T00:00:00Z'));
    // the buffered message is still there within its TTL
    const later = e.createProcessInstance({
      bpmnProcessId: 'durable',
      variables: { orderId: 'LATER' },
    }).processInstanceKey;
    workJobs(e, 'pay');
    expect(activeElements(e, later)).toEqual(['cool-off']);
    // the incident can be resolved after the restart
    const incident = [...e.listIncidents()].find((i) => i.processInstanceKey === failing)!;
    const job = [...e.listJobs()].find((j) => j.processInstanceKey === failing)!;
    e.updateJobRetries(job.key, 1);
    e.resolveIncident(incident.key);
    expect(workJobs(e, 'pay')).toHaveLength(1);
    expect(activeElements(e, failing)).toEqual(['confirmed']);
  });

  test('a timer that fell due while the engine was down fires at start; an expired job lock is released', async () => {
    // a journal written two hours ago by an engine on system time, then the engine was down
    const twoHoursAgo = Date.now() - 2 * HOUR;
    const xml = bpmnXml({
      id: 'wait-then-work',
      elements: `<bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>${serviceTask('work')}<bpmn:endEvent id="e"/>`,
      flows: ['s -> wait -> work -> e'],
    });
    const locked = bpmnXml({
      id: 'locked',
      elements: `<bpmn:startEvent id="s"/>${serviceTask('lockme')}<bpmn:endEvent id="e"/>`,
      flows: ['s -> lockme -> e'],
    });
    const { journal } = JournalFile.open<JournalRecord>(join(restart.dir, 'journal.log'));
    journal.append({
      t: twoHoursAgo,
      c: 'deploy',
      resources: [
        { name: 'a.bpmn', content: xml },
        { name: 'b.bpmn', content: locked },
      ],
    });
    journal.append({ t: twoHoursAgo, c: 'create', cmd: { bpmnProcessId: 'wait-then-work', variables: {} } });
    journal.append({ t: twoHoursAgo, c: 'create', cmd: { bpmnProcessId: 'locked', variables: {} } });
    journal.append({
      t: twoHoursAgo,
      c: 'activate',
      cmd: { type: 'lockme', worker: 'crashed-worker', timeout: 60_000, maxJobsToActivate: 1 },
    });
    journal.close();

    const e = await reopen();
    const [waiting, lockedInstance] = [...e.listProcessInstances()];
    expect(activeElements(e, waiting.processInstanceKey)).toEqual(['work']);
    const job = activateOne(e, 'lockme');
    expect(job.processInstanceKey).toBe(lockedInstance.processInstanceKey);
  });

  test('a torn last record is detected and dropped, never half-applied', async () => {
    let e = await reopen();
    await e.deploy([{ name: 'durable.bpmn', content: orderXml }]);
    const key = e.createProcessInstance({ bpmnProcessId: 'durable', variables: { orderId: 'X' } }).processInstanceKey;
    await e.durable();
    restart.close();
    const journal = join(restart.dir, 'journal.log');
    const intact = readFileSync(journal);
    // a crash in the middle of the next record: a header promising more bytes than were written
    const header = Buffer.alloc(8);
    header.writeUInt32LE(500, 0);
    appendFileSync(journal, Buffer.concat([header, Buffer.from('{"t":1,"c":"cancel","key":"')]));

    e = await reopen();
    expect(stateOf(e, key)).toBe('ACTIVE');
    expect(readFileSync(journal)).toEqual(intact);
    e.createProcessInstance({ bpmnProcessId: 'durable', variables: { orderId: 'Y' } });
    await e.durable();
    e = await reopen();
    expect([...e.listProcessInstances()]).toHaveLength(2);
  });

  test('a corrupt record (bad checksum) ends the intact prefix', async () => {
    let e = await reopen();
    await e.deploy([{ name: 'durable.bpmn', content: orderXml }]);
    e.createProcessInstance({ bpmnProcessId: 'durable', variables: { orderId: '1' } });
    e.createProcessInstance({ bpmnProcessId: 'durable', variables: { orderId: '2' } });
    await e.durable();
    restart.close();
    const journal = join(restart.dir, 'journal.log');
    const bytes = readFileSync(journal);
    bytes[bytes.length - 3] ^= 0xff; // flip a byte inside the last record
    writeFileSync(journal, bytes);
    e = await reopen();
    expect([...e.listProcessInstances()]).toHaveLength(1);
  });
});
