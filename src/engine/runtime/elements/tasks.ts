/**
 * Tasks: job-worker tasks (service, send) create a job and wait for a worker; receive tasks wait for a
 * message; undefined and manual tasks pass straight through, as in Zeebe.
 */

import { IncidentError } from '../incidents';
import { feelContext, variableValue } from '../mappings';
import type { ElementBehavior } from './element-behavior';

export const jobWorkerTask: ElementBehavior = {
  onActivated(rt, instance) {
    const definition = instance.element.taskDefinition;
    if (!definition) return rt.lifecycle.complete(instance);
    const lookup = (name: string) => rt.variables.lookup(instance, name);
    const type = definition.type.evaluate(lookup, feelContext(rt, instance));
    if (typeof type !== 'string' || type === '') {
      throw new IncidentError(
        'EXTRACT_VALUE_ERROR',
        `Expected the job type of '${instance.element.id}' to be a non-empty string, but was '${String(type)}'`,
      );
    }
    const rawRetries = definition.retries.evaluate(lookup, feelContext(rt, instance));
    const retries = Number(rawRetries);
    if (!Number.isInteger(retries)) {
      throw new IncidentError(
        'EXTRACT_VALUE_ERROR',
        `Expected the job retries of '${instance.element.id}' to be a number, but was '${String(rawRetries)}'`,
      );
    }
    rt.jobs.create(instance, type, retries);
  },
};

/** A script task with zeebe:script evaluates it into its result variable; with a task definition it is a job. */
export const scriptTask: ElementBehavior = {
  onActivated(rt, instance) {
    const script = instance.element.script;
    if (!script) return jobWorkerTask.onActivated(rt, instance);
    const value = script.expression.evaluate((name) => rt.variables.lookup(instance, name), feelContext(rt, instance));
    instance.payload = { [script.resultVariable]: variableValue(value) };
    rt.lifecycle.complete(instance);
  },
};

export const receiveTask: ElementBehavior = {
  onActivated(rt, instance) {
    // activated by an event-based gateway whose winning event this is: the message already arrived
    if (instance.payload) return rt.lifecycle.complete(instance);
    rt.messages.subscribe(instance, instance.element);
  },
};

export const passThrough: ElementBehavior = {
  onActivated(rt, instance) {
    rt.lifecycle.complete(instance);
  },
};
