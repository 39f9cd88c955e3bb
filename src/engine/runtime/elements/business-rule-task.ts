/**
 * Business rule tasks: with zeebe:calledDecision the engine evaluates the decision when the task activates
 * (Zeebe's BusinessRuleTaskProcessor) with every variable visible from the task, and completes it with the
 * output in the result variable; a decision not found is a CALLED_DECISION_ERROR incident, one that fails to
 * evaluate a DECISION_EVALUATION_ERROR incident (the evaluation is kept as a failed decision instance either
 * way); resolving either evaluates again. With a zeebe:taskDefinition the task is a job, as a service task.
 */
import { IncidentError } from '../incidents';
import { feelContext } from '../mappings';
import type { ElementBehavior } from './element-behavior';
import { jobWorkerTask } from './tasks';

export const businessRuleTask: ElementBehavior = {
  onActivated(rt, instance) {
    const called = instance.element.calledDecision;
    if (!called) return jobWorkerTask.onActivated(rt, instance);
    const lookup = (name: string) => rt.variables.lookup(instance, name);
    const decisionId = called.decisionId.evaluate(lookup, feelContext(rt, instance));
    if (typeof decisionId !== 'string' || decisionId === '') {
      throw new IncidentError(
        'EXTRACT_VALUE_ERROR',
        `Expected the decision id of '${instance.element.id}' to be a non-empty string, but was '${String(decisionId)}'`,
      );
    }
    const decision = rt.decisionEvaluations.findCalled(decisionId, called, instance.definition.deploymentKey);
    const evaluation = rt.decisionEvaluations.evaluateDecision(decision, rt.variables.visible(instance), {
      processInstanceKey: instance.processInstanceKey,
      processDefinitionKey: instance.definition.key,
      elementInstanceKey: instance.key,
      elementId: instance.element.id,
    });
    if (evaluation.failureMessage !== undefined)
      throw new IncidentError('DECISION_EVALUATION_ERROR', evaluation.failureMessage);
    instance.payload = { [called.resultVariable]: evaluation.output };
    rt.lifecycle.complete(instance);
  },
};
