/**
 * What one kind of flow element does at its lifecycle steps; the common steps (mappings, boundary
 * events, flows, termination) are in ../lifecycle.ts. A behaviour fails by throwing an evaluation error
 * (IncidentError, FeelEvaluationError): the lifecycle turns it into an incident whose resolution runs the
 * failed hook again (../incident-retry.ts), so behaviours neither catch nor raise incidents themselves.
 */
import type { FlowElement, SequenceFlow } from '../../model/process-model';
import type { ElementInstance } from '../element-instance';
import type { Runtime } from '../runtime';

export interface ElementBehavior {
  /** The element is ACTIVATED: start its work, or request completion at once (rt.lifecycle.complete). */
  onActivated(rt: Runtime, instance: ElementInstance): void;
  /** While COMPLETING, after output mappings: last chance to record something. */
  onCompleting?(rt: Runtime, instance: ElementInstance): void;
  /** The flows to take once COMPLETED (default: all outgoing flows); none ends the token. */
  outgoing?(rt: Runtime, instance: ElementInstance): SequenceFlow[];
  /**
   * A child completed: an inner instance of a multi-instance body, or the root of the process a call
   * activity called. A container with this hook handles the completion; the child takes no sequence flow.
   */
  onChildCompleted?(rt: Runtime, container: ElementInstance, child: ElementInstance): void;
}

export type BehaviorTable = Record<FlowElement['kind'], ElementBehavior>;
