/**
 * Callers waiting for a process instance to end (create-with-result, awaitCompletion): resolved with the
 * instance's visible variables when it completes, rejected when it ends otherwise, runs out of time, or the
 * engine closes.
 */

import type { Variables } from './engine-api';
import { EngineError, notFound } from './errors';
import type { ProcessInstance } from './runtime/element-instance';
import type { Runtime } from './runtime/runtime';

type Waiter = (instance: ProcessInstance | undefined) => void;

export class CompletionWaiters {
  private readonly waiters = new Map<string, Set<Waiter>>();

  constructor(private readonly runtime: Runtime) {
    runtime.lifecycle.onProcessInstanceEnded((instance) => this.settle(instance.key, instance));
  }

  wait(processInstanceKey: string, timeoutMs: number, fetchVariables?: string[]): Promise<Variables> {
    const instance = this.runtime.processInstances.get(processInstanceKey);
    if (!instance)
      return Promise.reject(notFound(`Expected to find process instance with key '${processInstanceKey}'`));
    const result = () => this.runtime.variables.visible(instance.root, fetchVariables);
    if (instance.root.state === 'COMPLETED') return Promise.resolve(result());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(onEnd);
        reject(
          new EngineError(
            'DEADLINE_EXCEEDED',
            `Expected the process instance '${processInstanceKey}' to complete within ${timeoutMs} ms, but it did not`,
          ),
        );
      }, timeoutMs);
      const onEnd: Waiter = (ended) => {
        clearTimeout(timer);
        if (ended?.root.state === 'COMPLETED') resolve(result());
        else
          reject(
            new EngineError(
              'FAILED_PRECONDITION',
              `The process instance '${processInstanceKey}' ended without completing`,
            ),
          );
      };
      const waiting = this.waiters.get(processInstanceKey) ?? new Set();
      waiting.add(onEnd);
      this.waiters.set(processInstanceKey, waiting);
    });
  }

  /** Rejects everyone still waiting (the engine is closing). */
  close() {
    for (const key of [...this.waiters.keys()]) this.settle(key, undefined);
  }

  private settle(key: string, instance: ProcessInstance | undefined) {
    const waiting = this.waiters.get(key);
    this.waiters.delete(key);
    for (const waiter of waiting ?? []) waiter(instance);
  }
}
