/// <reference lib="dom" />
/**
 * An axe-like check by hand: the form controls on the page a screen reader would announce without a name
 * (no <label for>, no wrapping label, no aria-label or aria-labelledby, no title). Returns a description of
 * each, so a failing test says which control it was. Hidden controls and buttons (named by their text) are
 * left out.
 */
import type { Page } from 'playwright-core';

export function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = Array.from(document.querySelectorAll<HTMLElement>('input, select, textarea'));
    return controls
      .filter((control) => {
        if ((control as HTMLInputElement).type === 'hidden') return false;
        const style = getComputedStyle(control);
        if (style.display === 'none' || style.visibility === 'hidden' || control.closest('[hidden]')) return false;
        const labelled =
          (control as HTMLInputElement).labels?.length ||
          control.getAttribute('aria-label')?.trim() ||
          control
            .getAttribute('aria-labelledby')
            ?.split(/\s+/)
            .some((id: string) => document.getElementById(id)?.textContent?.trim()) ||
          control.getAttribute('title')?.trim();
        return !labelled;
      })
      .map((control) => control.outerHTML.slice(0, 160));
  });
}
