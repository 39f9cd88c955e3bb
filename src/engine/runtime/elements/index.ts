/**
 * The behaviour of each element kind, in one table grouped as Zeebe's engine groups them.
 */
import type { FlowElement } from '../../model/process-model';
import { eventSubProcess, processOrSubProcess } from './containers';
import type { BehaviorTable, ElementBehavior } from './element-behavior';
import { boundaryEvent, endEvent, intermediateCatchEvent, intermediateThrowEvent, startEvent } from './events';
import { exclusiveGateway, parallelGateway } from './gateways';
import { jobWorkerTask, passThrough, receiveTask } from './tasks';

const behaviors: BehaviorTable = {
  // tasks
  serviceTask: jobWorkerTask,
  sendTask: jobWorkerTask,
  receiveTask,
  task: passThrough,
  manualTask: passThrough,
  // gateways
  exclusiveGateway,
  parallelGateway,
  // containers
  process: processOrSubProcess,
  subProcess: processOrSubProcess,
  eventSubProcess,
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
