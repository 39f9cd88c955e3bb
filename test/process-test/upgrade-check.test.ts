/**
 * Upgrade tests: instances of the deployed version driven through its wait states (a user task, a job, a
 * message, a timer), then the new model checked for elements those instances wait on that it lacks or gives
 * another type: a change that keeps the wait states passes, one that retypes and renames them fails naming
 * each, with the migration mapping to start from.
 */
import {
  checkUpgrade,
  expectUpgradeStrandsNothing,
  readProcessModels,
  strandedBy,
  useProcessTest,
} from '../../src/process-test';
import { bpmnXml, serviceTask } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { startEngine } from '../support/engine';
import { settleMsFor } from '../support/read-lag';

const run = Date.now().toString(36);
const processId = `upgrade-${run}`;
const message = `paid-${run}`;

const userTask = (id: string, name: string) =>
  `<bpmn:userTask id="${id}" name="${name}"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask>`;
const timer = (id: string) =>
  `<bpmn:intermediateCatchEvent id="${id}"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`;
const payment = `<bpmn:message id="msg" name="${message}"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:message>`;

/** deployed: review (user task) → ship (job) → wait-payment (message) → cool-off (timer) → end */
const v1 = bpmnXml({
  id: processId,
  elements: `<bpmn:startEvent id="start"/>${userTask('review', 'Review order')}${serviceTask('ship', `up-ship-${run}`, '', 'name="Ship"')}
    <bpmn:receiveTask id="wait-payment" messageRef="msg"/>${timer('cool-off')}<bpmn:endEvent id="end"/>`,
  flows: ['start -> review -> ship -> wait-payment -> cool-off -> end'],
  definitions: payment,
});
/** keeps every wait state, adds a task after them */
const v2Compatible = bpmnXml({
  id: processId,
  elements: `<bpmn:startEvent id="start"/>${userTask('review', 'Review order')}${serviceTask('ship', `up-ship-${run}`, '', 'name="Ship"')}
    <bpmn:receiveTask id="wait-payment" messageRef="msg"/>${timer('cool-off')}${serviceTask('notify', `up-notify-${run}`)}<bpmn:endEvent id="end"/>`,
  flows: ['start -> review -> ship -> wait-payment -> cool-off -> notify -> end'],
  definitions: payment,
});
/** review becomes a service task, ship is renamed ship-parcel (same name), the timer is gone */
const v2Stranding = bpmnXml({
  id: processId,
  elements: `<bpmn:startEvent id="start"/>${serviceTask('review', `up-review-${run}`)}${serviceTask('ship-parcel', `up-ship-${run}`, '', 'name="Ship"')}
    <bpmn:receiveTask id="wait-payment" messageRef="msg"/><bpmn:endEvent id="end"/>`,
  flows: ['start -> review -> ship-parcel -> wait-payment -> end'],
  definitions: payment,
});

describe('stranded elements (no engine)', () => {
  it('keeps ids that stayed, names the missing and retyped ones, suggests a target by name or as the only new one', () => {
    const [old] = readProcessModels(v1);
    const [next] = readProcessModels(v2Stranding);
    expect(strandedBy(old, next, ['review', 'ship', 'wait-payment', 'cool-off'])).toEqual({
      stranded: [
        { elementId: 'review', type: 'userTask', name: 'Review order', reason: 'changed type', newType: 'serviceTask' },
        {
          elementId: 'ship',
          type: 'serviceTask',
          name: 'Ship',
          reason: 'missing in the new version',
          suggestedTarget: 'ship-parcel',
        },
        { elementId: 'cool-off', type: 'intermediateCatchEvent', reason: 'missing in the new version' },
      ],
      mappingInstructions: [
        { sourceElementId: 'ship', targetElementId: 'ship-parcel' },
        { sourceElementId: 'wait-payment', targetElementId: 'wait-payment' },
      ],
    });
  });
});

describeWithEngine('upgrade checks on a cluster', () => {
  const suite = useProcessTest(startEngine, (cluster) => ({
    settleMs: settleMsFor(cluster as never),
    timeoutMs: cluster.engine ? 5_000 : 60_000,
    writeCoverage: false,
  }));
  const variables = [{ orderId: `o-${run}` }];

  beforeAll(async () => {
    await suite.cluster.zeebe.deployResource({ name: 'upgrade.bpmn', process: Buffer.from(v1) });
  });

  it('drives instances of the deployed version through every wait state; a compatible version strands none', async () => {
    const report = await expectUpgradeStrandsNothing(suite.pt, {
      processDefinitionId: processId,
      newModelXml: v2Compatible,
      variables,
    });
    expect(report.waitedAt).toEqual(['review', 'ship', 'wait-payment', 'cool-off']);
    expect(report.stuckAt).toEqual([]);
    expect(report.mappingInstructions.map((m) => m.sourceElementId)).toEqual(report.waitedAt);
  }, 60_000);

  it('a version that retypes and renames wait states fails, naming each and the mapping to start from', async () => {
    await expect(
      expectUpgradeStrandsNothing(suite.pt, { processDefinitionId: processId, newModelXml: v2Stranding, variables }),
    ).rejects.toThrow(
      [
        `${processId}: the new version strands instances waiting at 3 element(s):`,
        "  review (userTask 'Review order'): changed type (now serviceTask); no element to map it to",
        "  ship (serviceTask 'Ship'): missing in the new version; map it to ship-parcel",
        '  cool-off (intermediateCatchEvent): missing in the new version; no element to map it to',
        '  suggested mappingInstructions: [{"sourceElementId":"ship","targetElementId":"ship-parcel"},{"sourceElementId":"wait-payment","targetElementId":"wait-payment"}]',
      ].join('\n'),
    );
  }, 60_000);

  it('an instance it cannot drive further (a message keyed by no known variable) is reported as stuck there', async () => {
    const report = await checkUpgrade(suite.pt, { processDefinitionId: processId, newModelXml: v2Compatible });
    expect(report.waitedAt).toEqual(['review', 'ship', 'wait-payment']);
    expect(report.stuckAt).toEqual(['wait-payment']);
    expect(report.stranded).toEqual([]);
  }, 60_000);
});
