/**
 * BPMN error propagation: from the element that threw, scope by scope outwards, the first error catch
 * event that matches wins — at each level the scope's error event sub-processes (for errors coming from
 * inside it), then the boundary events of the element; a catch event naming the code beats a catch-all.
 * An error leaving a called process continues at its call activity. Uncaught errors raise an
 * UNHANDLED_ERROR_EVENT incident on the thrower.
 */
import type { FlowElement } from '../model/process-model';
import type { ElementInstance } from './element-instance';
import type { IncidentRetry } from './incident-retry';
import type { Runtime } from './runtime';

export interface ErrorCatch {
  event: FlowElement;
  owner: ElementInstance;
}

export class ErrorCatcher {
  constructor(private readonly rt: Runtime) {}

  findCatch(thrower: ElementInstance, errorCode: string): ErrorCatch | undefined {
    for (let current: ElementInstance | undefined = thrower; current; current = this.outerScope(current)) {
      if (current !== thrower) {
        const running = new Set([...current.children].map((c) => c.element));
        const starts = current.element.eventSubProcesses
          .filter((sub) => !running.has(sub))
          .map((sub) => sub.startEvent)
          .filter((s): s is FlowElement => s !== undefined);
        const fromSub = pick(starts, errorCode);
        if (fromSub) return { event: fromSub, owner: current };
      }
      const boundary = pick(current.element.boundaryEvents, errorCode);
      if (boundary) return { event: boundary, owner: current };
    }
    return undefined;
  }

  /** Error codes of the catch events an error from `thrower` could have reached, innermost first. */
  private errorCodesInScope(thrower: ElementInstance): string[] {
    const codes: string[] = [];
    for (let current: ElementInstance | undefined = thrower; current; current = this.outerScope(current)) {
      const starts = current === thrower ? [] : current.element.eventSubProcesses.map((sub) => sub.startEvent);
      for (const event of [...starts, ...current.element.boundaryEvents]) {
        const definition = event?.eventDefinition;
        if (definition?.kind === 'error' && definition.errorCode !== undefined) codes.push(definition.errorCode);
      }
    }
    return codes;
  }

  /** The enclosing scope; past a called process's root, the call activity that started it. */
  private outerScope(instance: ElementInstance): ElementInstance | undefined {
    if (instance.parent) return instance.parent;
    return this.rt.processInstances.get(instance.key)?.callActivity;
  }

  /**
   * Throws a BPMN error from an element; returns false (after raising an incident) when nothing catches it.
   * An uncaught error of a job (`jobKey`) waits behind the incident: resolving it makes the job activatable again.
   */
  throwError(
    thrower: ElementInstance,
    errorCode: string,
    errorMessage: string,
    variables: Record<string, unknown>,
    jobKey?: string,
  ): boolean {
    const found = this.findCatch(thrower, errorCode);
    if (!found) {
      // Zeebe's incident text (CatchEventAnalyzer), so the message users search for is the same
      const codes = this.errorCodesInScope(thrower);
      const message = `Expected to throw an error event with the code '${errorCode}'${errorMessage ? ` with message '${errorMessage}'` : ''}, but it was not caught.${
        codes.length === 0
          ? ' No error events are available in the scope.'
          : ` Available error events are [${codes.join(', ')}]`
      }`;
      const retry: IncidentRetry | undefined = jobKey === undefined ? undefined : { retry: 'job', jobKey };
      this.rt.incidents.raise({ errorType: 'UNHANDLED_ERROR_EVENT', message }, thrower, retry);
      return false;
    }
    // Like Zeebe, the catch event's output mappings can read the error code and message.
    const payload =
      found.event.outputMappings.length > 0 ? { ...variables, errorCode, errorMessage } : { ...variables };
    this.rt.triggers.trigger(found.event, found.owner, payload);
    return true;
  }
}

function pick(events: FlowElement[], errorCode: string): FlowElement | undefined {
  let catchAll: FlowElement | undefined;
  for (const event of events) {
    const definition = event.eventDefinition;
    if (definition.kind !== 'error') continue;
    if (definition.errorCode === errorCode) return event;
    if (definition.errorCode === undefined) catchAll ??= event;
  }
  return catchAll;
}
