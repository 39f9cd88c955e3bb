/**
 * Issue 21, item 4 (link events) through the unmodified SDK: a link throw event continues at the link catch
 * event of the same name in its scope (top level and inside a sub-process, two throws to one catch); deploy
 * rejects a throw without its catch and two catches of one name, in Zeebe's words.
 */
import { bpmnXml, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { sdkCluster } from './sdk-cluster';
import { completedElements, uniqueName as t, untilEnded } from './zeebe-harness';

const linkThrow = (id: string, name: string) =>
  `<bpmn:intermediateThrowEvent id="${id}"><bpmn:linkEventDefinition name="${name}"/></bpmn:intermediateThrowEvent>`;
const linkCatch = (id: string, name: string) =>
  `<bpmn:intermediateCatchEvent id="${id}"><bpmn:linkEventDefinition name="${name}"/></bpmn:intermediateCatchEvent>`;

const processes: TestProcess[] = [
  {
    id: t('link-jump'),
    elements: `<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="route"/>${linkThrow('to-b-1', 'B')}${linkThrow('to-b-2', 'B')}
      ${linkCatch('at-b', 'B')}<bpmn:endEvent id="end"/>`,
    flows: ['start -> route -> to-b-1 [= path = 1]', 'route -> to-b-2 [default]', 'at-b -> end'],
  },
  {
    id: t('link-nested'),
    elements: `<bpmn:startEvent id="start"/><bpmn:subProcess id="inner"><bpmn:startEvent id="s"/>${linkThrow('jump', 'X')}${linkCatch('land', 'X')}<bpmn:endEvent id="e"/>
      <bpmn:sequenceFlow id="i1" sourceRef="s" targetRef="jump"/><bpmn:sequenceFlow id="i2" sourceRef="land" targetRef="e"/></bpmn:subProcess><bpmn:endEvent id="end"/>`,
    flows: ['start -> inner -> end'],
  },
];

describeWithEngine('link events through the SDK', () => {
  const sdk = sdkCluster(...processes);
  const run = async (id: string, variables: Record<string, string | number> = {}) => {
    const { processInstanceKey } = await sdk.zeebe.createProcessInstance({ bpmnProcessId: t(id), variables });
    expect(await untilEnded(sdk.engine, processInstanceKey)).toBe('COMPLETED');
    return completedElements(sdk.engine, processInstanceKey);
  };

  test('each link throw event continues at the catch event of its name', async () => {
    expect(await run('link-jump', { path: 1 })).toEqual(['start', 'route', 'to-b-1', 'at-b', 'end']);
    expect(await run('link-jump', { path: 2 })).toEqual(['start', 'route', 'to-b-2', 'at-b', 'end']);
  });

  test('inside a sub-process, the link stays in the sub-process', async () => {
    // elements ending in the same millisecond are listed by key, so only which ones completed is compared
    expect((await run('link-nested')).sort()).toEqual(['e', 'end', 'inner', 'jump', 'land', 's', 'start']);
  });

  test.each([
    [
      'a throw without a catch of its name',
      `<bpmn:startEvent id="start"/>${linkThrow('go', 'A')}${linkCatch('land', 'B')}<bpmn:endEvent id="end"/>`,
      /ERROR: Can't find an catch link event for the throw link event with the name 'A'\./,
    ],
    [
      'two catches of one name',
      `<bpmn:startEvent id="start"/>${linkThrow('go', 'A')}${linkCatch('one', 'A')}${linkCatch('two', 'A')}<bpmn:endEvent id="end"/>`,
      /ERROR: Multiple intermediate catch link event definitions with the same name 'A' are not allowed\./,
    ],
    [
      'a link without a name',
      `<bpmn:startEvent id="start"/><bpmn:intermediateThrowEvent id="go"><bpmn:linkEventDefinition id="nameless"/></bpmn:intermediateThrowEvent><bpmn:endEvent id="end"/>`,
      /Element: nameless\s+- ERROR: Link name must be present and not empty\./,
    ],
  ])('deploy rejects %s', async (what, elements, reason) => {
    const id = t(`link-reject-${what.replace(/\W+/g, '-')}`);
    const xml = bpmnXml({ id, elements, flows: ['start -> go'] });
    const error = await sdk.zeebe.deployResource({ name: `${id}.bpmn`, process: Buffer.from(xml) }).catch((e) => e);
    expect(String(error?.message)).toMatch(/INVALID_ARGUMENT/);
    expect(String(error?.message)).toMatch(reason);
  });
});
