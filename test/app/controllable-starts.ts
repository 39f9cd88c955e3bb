/**
 * Process commands for the start-unit suites (order and onboarding starts): the harness's stub, whose next
 * starts a test can refuse (UNAVAILABLE), time out (DEADLINE_EXCEEDED: the start may have happened) or hold
 * until it lets them go on.
 */
import { ZeebeCommandError } from '../../src/app/process-commands/process-commands';
import { stubProcesses } from './app-harness';

export function controllableStarts(processId: string) {
  const processes = stubProcesses();
  const realStart = processes.startProcess.bind(processes);
  const next = { refuse: false, timeOut: false, hold: undefined as Promise<void> | undefined };
  processes.startProcess = async (bpmnProcessId, variables) => {
    if (next.refuse) throw new ZeebeCommandError('UNAVAILABLE', 'the gateway is not reachable');
    if (next.timeOut)
      throw new ZeebeCommandError('DEADLINE_EXCEEDED', `starting ${processId} took longer than 10000 ms`);
    await next.hold;
    return realStart(bpmnProcessId, variables);
  };
  return {
    processes,
    next,
    starts: () => processes.calls.filter((c) => c.method === 'startProcess'),
    /** every start answers again (afterEach) */
    reset() {
      next.refuse = false;
      next.timeOut = false;
      next.hold = undefined;
    },
  };
}
