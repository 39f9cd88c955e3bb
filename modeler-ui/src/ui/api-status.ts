/**
 * The "server is down" banner. Any request that cannot reach the server raises it; while it shows, /health
 * is polled and, once the server answers again, the banner goes and the current view reloads.
 */
import { checkHealth } from '../api/client';
import { onReachabilityChange } from '../api/http';
import { h } from './dom';

const RECHECK_MS = 3000;

export function installApiStatusBanner(host: HTMLElement, onBackOnline: () => void): void {
  const text = h('span', {}, '');
  const retry = h('button', { type: 'button', class: 'button small' }, 'Retry now');
  const banner = h(
    'div',
    { class: 'api-banner', role: 'alert', hidden: true, 'data-testid': 'api-down-banner' },
    h('strong', {}, 'The Baton server is not reachable. '),
    text,
    retry,
  );
  host.appendChild(banner);

  let down = false;
  let timer: number | undefined;

  const check = async () => {
    window.clearTimeout(timer);
    try {
      await checkHealth();
    } catch {
      // still down; request() has reported it already
    }
    if (down) timer = window.setTimeout(check, RECHECK_MS);
  };
  retry.addEventListener('click', () => void check());

  onReachabilityChange((reachable) => {
    if (!reachable && !down) {
      down = true;
      text.textContent = `Nothing you change is lost: the page keeps trying every ${RECHECK_MS / 1000} s. Start it with "npm start".`;
      banner.hidden = false;
      document.body.classList.add('api-down');
      timer = window.setTimeout(check, RECHECK_MS);
    } else if (reachable && down) {
      down = false;
      banner.hidden = true;
      document.body.classList.remove('api-down');
      window.clearTimeout(timer);
      onBackOnline();
    }
  });
}
