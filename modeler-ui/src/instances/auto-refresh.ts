/** A list view's refresh: one look every `everyMs` after the last one, put off while the page is hidden. */
export function autoRefresh(look: () => void, everyMs: number) {
  let timer: number | undefined;
  const tick = () => {
    if (document.hidden) timer = window.setTimeout(tick, everyMs);
    else look();
  };
  return {
    /** the next look, after a look ended */
    schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(tick, everyMs);
    },
    stop() {
      window.clearTimeout(timer);
      timer = undefined;
    },
  };
}
