/**
 * Issue 9, point 5, through the unmodified SDK over gRPC, all on the engine clock (pinned here): timer
 * start events with an ISO date, a FEEL date-and-time, an ISO cycle and a cron cycle; a non-interrupting
 * boundary cycle R3/PT10M that fires exactly three times; intermediate timers whose FEEL expressions
 * return a duration and a date-and-time value.
 */
import { serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { pollFor } from '../support/eventually';
import { sdkCluster } from './sdk-cluster';
import {
  completedElements,
  deploy,
  expectRead,
  instanceState,
  instancesOf,
  noJobs,
  settleMs,
  uniqueName as t,
  takeJobs,
  untilEnded,
} from './zeebe-harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.parse('2030-01-07T00:00:00Z'); // a Monday

const timer = (kind: string, value: string) =>
  `<bpmn:timerEventDefinition><bpmn:${kind}>${value}</bpmn:${kind}></bpmn:timerEventDefinition>`;
const timerStart = (id: string, kind: string, value: string): TestProcess => ({
  id: t(id),
  elements: `<bpmn:startEvent id="tick">${timer(kind, value)}</bpmn:startEvent><bpmn:endEvent id="done"/>`,
  flows: ['tick -> done'],
});

const processes: TestProcess[] = [
  timerStart('at-date', 'timeDate', '2030-01-07T08:00:00Z'),
  timerStart('at-feel-date', 'timeDate', '= date and time("2030-01-07T12:00:00@UTC")'),
  timerStart('hourly-twice', 'timeCycle', 'R2/PT1H'),
  timerStart('weekdays-at-nine', 'timeCycle', '0 0 9 * * MON-FRI'),
  {
    id: t('reminders'),
    elements: `<bpmn:startEvent id="start"/>${serviceTask('approve', t('approve'))}<bpmn:endEvent id="approved"/>
      <bpmn:boundaryEvent id="remind" attachedToRef="approve" cancelActivity="false">${timer('timeCycle', 'R3/PT10M')}</bpmn:boundaryEvent>
      ${serviceTask('send-reminder', t('send-reminder'))}<bpmn:endEvent id="reminded"/>`,
    flows: ['start -> approve -> approved', 'remind -> send-reminder -> reminded'],
  },
  {
    id: t('feel-waits'),
    elements: `<bpmn:startEvent id="start"/>
      <bpmn:intermediateCatchEvent id="cool-off">${timer('timeDuration', '= duration("PT" + string(hours) + "H")')}</bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="until-deadline">${timer('timeDate', '= date and time(deadline)')}</bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="end"/>`,
    flows: ['start -> cool-off -> until-deadline -> end'],
  },
];

describeWithEngine('timers in full through the SDK over gRPC', () => {
  const sdk = sdkCluster();
  const started = (id: string) => instancesOf(sdk.engine, t(id));

  // (after sdkCluster's beforeAll) pinned before the deploy, so the timer start events fall due from T0
  beforeAll(async () => {
    await sdk.engine.clock.pin(T0);
    await deploy(sdk.zeebe, ...processes);
  });

  test('timer start events: ISO and FEEL dates fire once, R2/PT1H twice, a weekday cron every weekday at nine', async () => {
    const { engine } = sdk;
    await engine.clock.advance(8 * HOUR - 1);
    await expectRead(engine, () => started('at-date')).toHaveLength(0);
    await expectRead(engine, () => started('hourly-twice')).toHaveLength(2);
    await engine.clock.advance(1);
    await expectRead(engine, () => started('at-date')).toHaveLength(1);
    await expectRead(engine, () => started('at-feel-date')).toHaveLength(0);
    await engine.clock.advance(HOUR);
    await expectRead(engine, () => started('weekdays-at-nine')).toHaveLength(1);
    await engine.clock.advance(3 * HOUR);
    await expectRead(engine, () => started('at-feel-date')).toHaveLength(1);
    await expectRead(engine, () => started('weekdays-at-nine')).toHaveLength(1);
    // hour by hour, so each instance starts at the hour its timer fell due; Zeebe fires a due timer on a turn
    // after the clock change, so a weekday's nine o'clock start is awaited before the clock moves on
    let weekdayStarts = 1;
    for (let hour = 0; hour < 7 * 24; hour++) {
      const now = new Date(await engine.clock.advance(HOUR));
      if (now.getUTCHours() !== 9 || now.getUTCDay() === 0 || now.getUTCDay() === 6) continue;
      weekdayStarts += 1;
      await pollFor(
        `the weekday start at ${now.toISOString()}`,
        async () => (await started('weekdays-at-nine')).length >= weekdayStarts,
        5_000 + settleMs(engine),
      );
    }
    await expectRead(engine, () => started('at-date')).toHaveLength(1);
    await expectRead(engine, () => started('at-feel-date')).toHaveLength(1);
    await expectRead(engine, () => started('hourly-twice')).toHaveLength(2);
    // Monday 9:00 and Tuesday to Friday, then Monday again: no Saturday or Sunday
    await expectRead(engine, async () =>
      (await started('weekdays-at-nine')).map((p) => new Date(p.startDate as string).toISOString().slice(0, 13)),
    ).toEqual(['2030-01-07T09', '2030-01-08T09', '2030-01-09T09', '2030-01-10T09', '2030-01-11T09', '2030-01-14T09']);
    await expectRead(engine, async () => (await started('at-date')).map((p) => p.state)).toEqual(['COMPLETED']);
  });

  test('a boundary cycle R3/PT10M reminds three times while the task waits, never a fourth', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('reminders'),
      variables: {},
    });
    await takeJobs(zeebe, t('approve'));
    for (let i = 0; i < 5; i++) await engine.clock.advance(10 * MINUTE);
    const reminders = await takeJobs(zeebe, t('send-reminder'), 3);
    expect(await noJobs(zeebe, t('send-reminder'))).toBe(true);
    for (const job of reminders) await zeebe.completeJob({ jobKey: job.key, variables: {} });
    await expectRead(engine, () => instanceState(engine, key)).toBe('ACTIVE');
    await zeebe.cancelProcessInstance(key);
  });

  test('intermediate timers wait for a FEEL duration value, then for a FEEL date-and-time value', async () => {
    const { zeebe, engine } = sdk;
    const deadline = new Date(engine.clock.now() + 5 * HOUR).toISOString();
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('feel-waits'),
      variables: { hours: 2, deadline },
    });
    await engine.clock.advance(2 * HOUR - 1);
    await expectRead(engine, () => completedElements(engine, key)).toEqual(['start']);
    await engine.clock.advance(1);
    await expectRead(engine, () => completedElements(engine, key)).toEqual(['start', 'cool-off']);
    await engine.clock.advance(3 * HOUR - 1);
    await expectRead(engine, () => instanceState(engine, key)).toBe('ACTIVE');
    await engine.clock.advance(1);
    await untilEnded(engine, key);
    expect(await completedElements(engine, key)).toEqual(['start', 'cool-off', 'until-deadline', 'end']);
  });
});
