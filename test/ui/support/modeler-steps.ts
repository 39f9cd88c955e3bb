/// <reference lib="dom" />
/** Steps the modeler e2e tests share: rename a task on the canvas, as a person does (direct editing). */
import type { Page } from 'playwright-core';

/** Double-clicks the task, replaces its label with `text`, clicks away and waits until it is drawn. */
export async function renameOnCanvas(page: Page, elementId: string, text: string): Promise<void> {
  const shape = page.locator(`.modeler-canvas .djs-element[data-element-id="${elementId}"]`);
  await shape.dblclick();
  await page.locator('.djs-direct-editing-parent').waitFor();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await page.mouse.click(700, 700); // an empty spot: ends editing
  await shape.filter({ hasText: text }).waitFor();
}
