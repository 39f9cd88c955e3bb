/**
 * The behaviour of each element kind, in one table grouped as Zeebe's engine groups them.
 */
import type { FlowElement } from '../../model/process-model';
import { adHocSubProcess } from './ad-hoc-sub-process';
import { businessRuleTask } from './business-rule-task';
import { callActivity } from './call-activity';
import { eventSubProcess, processOrSubProcess } from './containers';
import type { BehaviorTable, ElementBehavior } from './element-behavior';
import { boundaryEvent, endEvent, intermediateCatchEvent, intermediateThrowEvent, startEvent } from './events';
import { eventBasedGateway, exclusiveGateway, inclusiveGateway, parallelGateway } from './gateways';
import { multiInstanceBody } from './multi-instance';
import { jobWorkerTask, passThrough, receiveTask, scriptTask } from './tasks';
import { userTask } from './user-task';

const behaviors: BehaviorTable = {
  // tasks
  serviceTask: jobWorkerTask,
  sendTask: jobWorkerTask,
  receiveTask,
  scriptTask,
  businessRuleTask,
  userTask,
  task: passThrough,
  manualTask: passThrough,
  // gateways
  exclusiveGateway,
  parallelGateway,
  inclusiveGateway,
  eventBasedGateway,
  // containers
  process: processOrSubProcess,
  subProcess: processOrSubProcess,
  adHocSubProcess,
  eventSubProcess,
  callActivity,
  multiInstanceBody,
  // events
  startEvent,
  endEvent,
  intermediateCatchEvent,
  intermediateThrowEvent,
  boundaryEvent,
};

export function behaviorOf(element: FlowElement): ElementBehavior {
  return behaviors[element.kind];
}
