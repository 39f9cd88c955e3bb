/**
 * Issue 2, point 7 through the unmodified SDK: the engine clock moved with the SDK's own REST calls
 * (pinInternalClock = PUT /v2/clock, resetClock = POST /v2/clock/reset, as on a Zeebe with the controlled
 * clock enabled). Timers due in the skipped interval fire, in due order; job deadlines follow the clock.
 */
import { serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { pollFor } from '../support/eventually';
import { sdkCluster } from './sdk-cluster';
import { completedElements, expectRead, noJobs, processInstance, uniqueName as t, takeJobs } from './zeebe-harness';

const HOUR = 3_600_000;

const timer = (id: string, duration: string) =>
  `<bpmn:intermediateCatchEvent id="${id}"><bpmn:timerEventDefinition><bpmn:timeDuration>${duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`;

const processes: TestProcess[] = [
  {
    id: t('reminders'),
    // listed longest first, so firing in XML or creation order would be the wrong order
    elements: `<bpmn:startEvent id="start"/><bpmn:parallelGateway id="fork"/>
      ${timer('after-3h', 'PT3H')}${timer('after-2h', 'PT2H')}${timer('after-1h', 'PT1H')}
      ${serviceTask('late', t('late'))}${serviceTask('middle', t('middle'))}${serviceTask('early', t('early'))}`,
    flows: ['start -> fork', 'fork -> after-3h -> late', 'fork -> after-2h -> middle', 'fork -> after-1h -> early'],
  },
];

describeWithEngine('the engine clock through the SDK', () => {
  const sdk = sdkCluster(...processes);

  test('pinning the clock forward fires the timers due in between, in due order; reset returns to system time', async () => {
    const { cluster, zeebe, engine } = sdk;
    const rest = cluster.camunda.getCamundaRestClient();
    const start = Date.parse('2032-06-01T09:00:00Z');
    await rest.pinInternalClock(start);
    try {
      const { processInstanceKey: key } = await zeebe.createProcessInstance({
        bpmnProcessId: t('reminders'),
        variables: {},
      });
      await rest.pinInternalClock(start + 2 * HOUR + 30 * 60_000);
      const timersDone = async () => (await completedElements(engine, key)).filter((id) => id.startsWith('after-'));
      await pollFor('two timers to fire', async () => (await timersDone()).length === 2);
      await expectRead(engine, timersDone).toEqual(['after-1h', 'after-2h']);
      const [early] = await takeJobs(zeebe, t('early'));
      await takeJobs(zeebe, t('middle'));
      expect(await noJobs(zeebe, t('late'))).toBe(true);
      // a job's deadline is on the engine clock
      expect(Number(early.deadline)).toBe(start + 2 * HOUR + 30 * 60_000 + 60_000);

      await rest.pinInternalClock(start + 3 * HOUR);
      await takeJobs(zeebe, t('late'));
      await expectRead(engine, timersDone).toEqual(['after-1h', 'after-2h', 'after-3h']);
    } finally {
      await rest.resetClock();
    }
    // back on system time: a new instance starts now, not in 2032
    const { processInstanceKey: after } = await zeebe.createProcessInstance({
      bpmnProcessId: t('reminders'),
      variables: {},
    });
    const started = await pollFor('the new instance', () => processInstance(engine, after));
    expect(Math.abs(Date.parse(started.startDate ?? '') - Date.now())).toBeLessThan(60_000);
    await zeebe.cancelProcessInstance(after);
  });
});
