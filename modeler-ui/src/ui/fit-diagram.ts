/**
 * Fits the whole diagram into its canvas with room around it (the modeler's palette sits on the left), at
 * most at 100 %: bpmn-js' own 'fit-viewport' puts elements flush against the edges and under the palette.
 */
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Canvas {
  viewbox(box?: Box): { inner: Box; outer: Box };
}

export function fitDiagram(canvas: Canvas, padding = { left: 24, top: 24, right: 24, bottom: 24 }): void {
  const { inner, outer } = canvas.viewbox();
  if (!inner.width || !inner.height || !outer.width || !outer.height) return;
  const availableWidth = Math.max(outer.width - padding.left - padding.right, 50);
  const availableHeight = Math.max(outer.height - padding.top - padding.bottom, 50);
  const scale = Math.min(availableWidth / inner.width, availableHeight / inner.height, 1);
  canvas.viewbox({
    x: inner.x - (padding.left + (availableWidth - inner.width * scale) / 2) / scale,
    y: inner.y - (padding.top + (availableHeight - inner.height * scale) / 2) / scale,
    width: outer.width / scale,
    height: outer.height / scale,
  });
}
