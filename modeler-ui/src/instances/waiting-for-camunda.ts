/**
 * Camunda answers the UI's reads from its secondary storage, which shows a new instance (and its element
 * history, flows and incidents) only once the exporter has written it: a flush or refresh interval after the
 * engine started it. So an instance view opened right after a start waits, visibly, and looks again with
 * growing pauses, for a bounded time, instead of opening on an error panel.
 */
import { ApiError } from '../api/http';
import { h } from '../ui/dom';

/** Pauses between looks, ~30 s in all: well past any flush or refresh, short of hiding a real problem. */
export const WAIT_STEPS_MS = [250, 500, 1000, 2000, 2000, 3000, 3000, 5000, 5000, 8000];

export const waitedInAllMs = (steps: number) => WAIT_STEPS_MS.slice(0, steps).reduce((sum, ms) => sum + ms, 0);

/** A 404 from Camunda for an instance a person was just sent to: not there yet, as often as not there. */
export function notShownYet(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404;
}

/** The placeholder shown while Camunda does not show the instance yet. */
export function waitingForCamunda(key: string, looks: number): HTMLElement {
  return h(
    'div',
    { class: 'placeholder loading', role: 'status', 'data-testid': 'instance-waiting' },
    h('span', { class: 'spinner' }),
    h('strong', {}, 'Waiting for Camunda…'),
    h(
      'p',
      {},
      `Camunda does not show instance ${key} yet: a new instance appears once Camunda has exported it. ` +
        `Looking again (${looks} of ${WAIT_STEPS_MS.length}).`,
    ),
  );
}

/** The error once the wait is over. */
export function notShownError(key: string): Error {
  return new Error(
    `Camunda has not shown instance ${key} within ${Math.round(waitedInAllMs(WAIT_STEPS_MS.length) / 1000)} s: ` +
      'it does not exist, or Camunda is far behind.',
  );
}
