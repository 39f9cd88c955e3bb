/**
 * When the instance view looks again: every POLL_MS while the instance runs (not while the page is hidden),
 * and in the growing WAIT_STEPS_MS pauses while Camunda does not show the instance, or its history, yet.
 */
import type { Snapshot } from './instance-snapshot';
import { WAIT_STEPS_MS } from './waiting-for-camunda';

export const POLL_MS = 1500;

export interface PolledInstance {
  /** looks at the instance again */
  look(): void;
  /** what the last look found (undefined before it was shown) */
  current(): Snapshot | undefined;
  /** true once the view is gone */
  closed(): boolean;
}

export function instancePolling(instance: PolledInstance) {
  let timer: number | undefined;
  /** looks at an instance Camunda did not show yet (or showed without its history yet) */
  let waits = 0;

  const stop = () => {
    window.clearTimeout(timer);
    timer = undefined;
  };

  /** Camunda shows an instance before its element history at times (separate exports): look again, bounded. */
  const catchingUp = () => instance.current()?.elements.length === 0 && waits < WAIT_STEPS_MS.length;

  const schedule = () => {
    stop();
    if (instance.closed() || (instance.current()?.instance.state !== 'ACTIVE' && !catchingUp())) return;
    const pause = catchingUp() ? WAIT_STEPS_MS[waits++] : POLL_MS;
    timer = window.setTimeout(() => {
      if (document.hidden) schedule();
      else instance.look();
    }, pause);
  };

  return {
    stop,
    /** after a look: the next one, if the instance runs or its history is still missing */
    schedule,
    /** a new instance, or one just shown: a wait for it (or its history) starts afresh */
    restartWait() {
      waits = 0;
    },
    /**
     * The instance is not shown yet: looks again after the next pause and answers which look that will be
     * (from 1), or undefined when the wait is over.
     */
    waitForShown(): number | undefined {
      if (waits >= WAIT_STEPS_MS.length) return undefined;
      const look = waits + 1;
      timer = window.setTimeout(() => instance.look(), WAIT_STEPS_MS[waits++]);
      return look;
    },
  };
}
