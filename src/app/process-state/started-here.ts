/**
 * The process instances this app started lately, by key. GET /api/process-instances/{key} waits for Camunda
 * to show one of these (it exists: the engine answered its start) and answers 503 with Retry-After if it
 * still does not; a key the app does not know answers 404 at once, as Camunda does. Kept in memory and
 * bounded: a key only matters for the seconds its export may lag.
 */
import type { ProcessCommands } from '../process-commands/process-commands';

const REMEMBERED_MS = 60_000;
const MAX_REMEMBERED = 10_000;

export class StartedHere {
  /** key -> when it was started; a Map keeps insertion order, so the oldest go first */
  private readonly startedAt = new Map<string, number>();

  remember(processInstanceKey: string): void {
    this.startedAt.set(processInstanceKey, Date.now());
    for (const [key, at] of this.startedAt) {
      if (this.startedAt.size <= MAX_REMEMBERED && Date.now() - at < REMEMBERED_MS) break;
      this.startedAt.delete(key);
    }
  }

  has(processInstanceKey: string): boolean {
    const at = this.startedAt.get(processInstanceKey);
    return at !== undefined && Date.now() - at < REMEMBERED_MS;
  }
}

/** The same commands, remembering the key of every instance they start. */
export function rememberingStarts(processes: ProcessCommands, started: StartedHere): ProcessCommands {
  return {
    async startProcess(bpmnProcessId, variables) {
      const instance = await processes.startProcess(bpmnProcessId, variables);
      started.remember(instance.processInstanceKey);
      return instance;
    },
    cancelProcess: (processInstanceKey) => processes.cancelProcess(processInstanceKey),
    publishMessage: (message) => processes.publishMessage(message),
    deploy: (resources) => processes.deploy(resources),
    ping: () => processes.ping(),
  };
}
