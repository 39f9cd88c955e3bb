/**
 * Issue 9, point 6, through the unmodified SDK over gRPC: a script task evaluates its zeebe:script FEEL
 * expression into resultVariable; script and business rule tasks with a task definition are job workers;
 * undefined and manual tasks pass through; an inclusive gateway forks to every true branch (or its
 * default) and its join waits only for the branches that were taken.
 */
import type { TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { sdkCluster } from './sdk-cluster';
import {
  completedElements,
  completeOne,
  noJobs,
  rootVariables,
  uniqueName as t,
  takeJobs,
  untilEnded,
} from './zeebe-harness';

const job = (tag: string, id: string) =>
  `<bpmn:${tag} id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${t(id)}"/></bpmn:extensionElements></bpmn:${tag}>`;

const processes: TestProcess[] = [
  {
    id: t('quote'),
    elements: `<bpmn:startEvent id="start"/>
      <bpmn:scriptTask id="total"><bpmn:extensionElements><zeebe:script expression="= sum(for line in lines return line.qty * line.price)" resultVariable="total"/></bpmn:extensionElements></bpmn:scriptTask>
      ${job('businessRuleTask', 'discount-rules')}${job('scriptTask', 'render-pdf')}
      <bpmn:task id="review-by-eye"/><bpmn:manualTask id="sign-on-paper"/><bpmn:endEvent id="end"/>`,
    flows: ['start -> total -> discount-rules -> render-pdf -> review-by-eye -> sign-on-paper -> end'],
  },
  {
    id: t('ship'),
    elements: `<bpmn:startEvent id="start"/><bpmn:inclusiveGateway id="options"/>
      ${job('serviceTask', 'gift-wrap')}${job('serviceTask', 'insure')}${job('serviceTask', 'standard-box')}
      <bpmn:inclusiveGateway id="packed"/>${job('serviceTask', 'dispatch')}<bpmn:endEvent id="end"/>`,
    flows: [
      'start -> options',
      'options -> gift-wrap [= gift]',
      'options -> insure [= value > 100]',
      'options -> standard-box [default]',
      'gift-wrap -> packed',
      'insure -> packed',
      'standard-box -> packed',
      'packed -> dispatch -> end',
    ],
  },
];

describeWithEngine(
  'script, business rule, undefined and manual tasks, inclusive gateways through the SDK over gRPC',
  () => {
    const sdk = sdkCluster(...processes);

    test('FEEL script result, rule and script jobs for workers, undefined and manual tasks passing through', async () => {
      const { zeebe, engine } = sdk;
      const lines = [
        { qty: 2, price: 10 },
        { qty: 1, price: 5.5 },
      ];
      const { processInstanceKey: key } = await zeebe.createProcessInstance({
        bpmnProcessId: t('quote'),
        variables: { lines },
      });
      const rules = await completeOne(zeebe, t('discount-rules'), { discount: 0.1 });
      expect(rules.variables).toEqual({ lines, total: 25.5 });
      expect(rules.elementId).toBe('discount-rules');
      const pdf = await completeOne(zeebe, t('render-pdf'), { pdf: 'q.pdf' });
      expect(pdf.variables).toMatchObject({ total: 25.5, discount: 0.1 });
      await untilEnded(engine, key);
      expect(await completedElements(engine, key)).toEqual([
        'start',
        'total',
        'discount-rules',
        'render-pdf',
        'review-by-eye',
        'sign-on-paper',
        'end',
      ]);
      expect(await rootVariables(engine, key)).toEqual({ lines, total: 25.5, discount: 0.1, pdf: 'q.pdf' });
    });

    test('inclusive fork takes every true branch; the join waits for both before dispatch', async () => {
      const { zeebe, engine } = sdk;
      const { processInstanceKey: key } = await zeebe.createProcessInstance({
        bpmnProcessId: t('ship'),
        variables: { gift: true, value: 300 },
      });
      const [wrap] = await takeJobs(zeebe, t('gift-wrap'));
      const [insure] = await takeJobs(zeebe, t('insure'));
      expect(await noJobs(zeebe, t('standard-box'))).toBe(true);
      await zeebe.completeJob({ jobKey: wrap.key, variables: {} });
      expect(await noJobs(zeebe, t('dispatch'))).toBe(true);
      await zeebe.completeJob({ jobKey: insure.key, variables: {} });
      await completeOne(zeebe, t('dispatch'));
      await untilEnded(engine, key);
      const done = await completedElements(engine, key);
      expect(done.filter((id) => id === 'packed')).toHaveLength(1);
      expect(done).toEqual(['start', 'options', 'gift-wrap', 'insure', 'packed', 'dispatch', 'end']);
    });

    test('the join does not wait for branches that were not taken; no true condition takes the default', async () => {
      const { zeebe, engine } = sdk;
      const one = await zeebe.createProcessInstance({
        bpmnProcessId: t('ship'),
        variables: { gift: false, value: 500 },
      });
      await completeOne(zeebe, t('insure'));
      await completeOne(zeebe, t('dispatch'));
      await untilEnded(engine, one.processInstanceKey);
      expect(await completedElements(engine, one.processInstanceKey)).toEqual([
        'start',
        'options',
        'insure',
        'packed',
        'dispatch',
        'end',
      ]);

      const none = await zeebe.createProcessInstance({
        bpmnProcessId: t('ship'),
        variables: { gift: false, value: 5 },
      });
      await completeOne(zeebe, t('standard-box'));
      await completeOne(zeebe, t('dispatch'));
      await untilEnded(engine, none.processInstanceKey);
      expect(await completedElements(engine, none.processInstanceKey)).toEqual([
        'start',
        'options',
        'standard-box',
        'packed',
        'dispatch',
        'end',
      ]);
      expect(await untilEnded(engine, none.processInstanceKey)).toBe('COMPLETED');
    });
  },
);
