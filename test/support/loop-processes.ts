/**
 * Processes whose token loops without a wait state (issue 20), for the suites on long-running work
 * (test/engine/token-loop.test.ts, test/durability/token-loop-restart.test.ts).
 */
import type { TestProcess } from './bpmn';

export const THROW_LOOP: TestProcess = {
  id: 'throw-loop',
  elements: `<bpmn:startEvent id="start"/><bpmn:intermediateThrowEvent id="a"/><bpmn:intermediateThrowEvent id="b"/>`,
  flows: ['start -> a -> b -> a'],
};

/** script-free: an exclusive gateway back to a none throw event, for ever */
export const GATEWAY_LOOP: TestProcess = {
  id: 'gateway-loop',
  elements: `<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="gw"/><bpmn:intermediateThrowEvent id="again"/><bpmn:endEvent id="end"/>`,
  flows: ['start -> gw', 'gw -> end [= false]', 'gw -> again [default]', 'again -> gw'],
};

/** a loop that ends: `i` counts the turns (an output mapping), the gateway leaves at `limit` */
export const COUNTING_LOOP: TestProcess = {
  id: 'counting-loop',
  elements: `<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="gw"/><bpmn:endEvent id="end"/>
    <bpmn:intermediateThrowEvent id="count"><bpmn:extensionElements><zeebe:ioMapping>
      <zeebe:output source="= i + 1" target="i"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:intermediateThrowEvent>`,
  flows: ['start -> gw', 'gw -> end [= i >= limit]', 'gw -> count [default]', 'count -> gw'],
};

/** a loop through a call activity (each turn starts and ends an instance of CALLEE); `i` counts the turns */
export const CALL_LOOP: TestProcess = {
  id: 'call-loop',
  elements: `<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="gw"/><bpmn:endEvent id="end"/>
    <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="callee" propagateAllChildVariables="false"/></bpmn:extensionElements></bpmn:callActivity>
    <bpmn:intermediateThrowEvent id="count"><bpmn:extensionElements><zeebe:ioMapping>
      <zeebe:output source="= i + 1" target="i"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:intermediateThrowEvent>`,
  flows: ['start -> gw', 'gw -> end [= i >= limit]', 'gw -> call [default]', 'call -> count -> gw'],
};

export const CALLEE: TestProcess = {
  id: 'callee',
  elements: '<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>',
  flows: ['s -> e'],
};
