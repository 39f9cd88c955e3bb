/**
 * One model's coverage drawn on its diagram: a page that renders the BPMN with bpmn-js's navigated viewer
 * (copied beside the report from node_modules, so the page works from file:// without a network) and marks
 * every element and sequence flow `covered` (green) or `uncovered` (red). A select switches between all
 * tests, one test file and one test case. The page sets `data-painted` on <body> to the scope it shows and
 * `data-covered` / `data-uncovered` to the marked counts (the Chromium test reads them).
 */
import type { ModelCoverage } from './coverage-report';

/** the viewer's files the pages load, from node_modules/bpmn-js/dist, copied to `<report>/diagrams/assets/` */
export const VIEWER_ASSETS = ['bpmn-navigated-viewer.production.min.js', 'assets/diagram-js.css', 'assets/bpmn-js.css'];

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** JSON inside <script>: no `</script>` or `<!--` can end it early */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** the file name of a model's page inside `<report>/diagrams/` */
export const diagramFileName = (processId: string) => `${processId.replace(/[^A-Za-z0-9._-]+/g, '-')}.html`;

export function renderDiagramPage(model: ModelCoverage, xml: string): string {
  const all = {
    label: 'all tests',
    elementIds: model.elements.filter((e) => e.reached).map((e) => e.id),
    flowIds: model.flows.filter((f) => f.taken).map((f) => f.id),
    coverage: model.coverage,
  };
  const scopes = [
    all,
    ...model.files.map((f) => ({ ...f, label: `file: ${f.file}` })),
    ...model.tests.map((t) => ({ ...t, label: `test: ${t.file} › ${t.name}` })),
  ].map((s) => ({ label: s.label, elementIds: s.elementIds, flowIds: s.flowIds, coverage: s.coverage }));
  const ids = [...model.elements.map((e) => e.id), ...model.flows.map((f) => f.id)];
  const options = scopes.map((s, i) => `<option value="${i}">${escapeHtml(s.label)}</option>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Coverage: ${escapeHtml(model.processId)}</title>
<link rel="stylesheet" href="assets/diagram-js.css"><link rel="stylesheet" href="assets/bpmn-js.css">
<style>
body{font-family:system-ui,sans-serif;margin:1rem;color:#222}
#canvas{height:75vh;border:1px solid #ccc}
.covered:not(.djs-connection) .djs-visual>:first-child{stroke:#1a7f37!important;fill:#d8f5d8!important}
.uncovered:not(.djs-connection) .djs-visual>:first-child{stroke:#c62828!important;fill:#f8d7d7!important}
.djs-connection.covered .djs-visual>path{stroke:#1a7f37!important;stroke-width:3px!important}
.djs-connection.uncovered .djs-visual>path{stroke:#c62828!important;stroke-dasharray:6 4}
.legend span{padding:0 .4rem;margin-right:.5rem}.legend .yes{background:#d8f5d8}.legend .no{background:#f8d7d7}
</style></head><body>
<p><a href="../index.html">all models</a> · <strong>${escapeHtml(model.processId)}</strong> (${escapeHtml(model.file)})
· <label>scope <select id="scope">${options}</select></label> · <span id="summary"></span>
<span class="legend"><span class="yes">reached / taken</span><span class="no">not reached / not taken</span></span></p>
<div id="canvas"></div>
<script src="assets/bpmn-navigated-viewer.production.min.js"></script>
<script>
const xml = ${scriptJson(xml)};
const scopes = ${scriptJson(scopes)};
const ids = ${scriptJson(ids)};
const viewer = new BpmnJS({ container: '#canvas' });
const canvas = viewer.get('canvas');
const registry = viewer.get('elementRegistry');
function paint(index) {
  const scope = scopes[index];
  const reached = new Set(scope.elementIds.concat(scope.flowIds));
  let covered = 0, uncovered = 0;
  for (const id of ids) {
    if (!registry.get(id)) continue; // no shape in the diagram
    canvas.removeMarker(id, 'covered');
    canvas.removeMarker(id, 'uncovered');
    const hit = reached.has(id);
    canvas.addMarker(id, hit ? 'covered' : 'uncovered');
    if (hit) covered++; else uncovered++;
  }
  document.getElementById('summary').textContent = scope.label + ': ' + Math.floor(scope.coverage * 100) + '%';
  Object.assign(document.body.dataset, { painted: String(index), covered: String(covered), uncovered: String(uncovered) });
}
viewer.importXML(xml).then(() => {
  canvas.zoom('fit-viewport');
  paint(0);
  document.getElementById('scope').addEventListener('change', (event) => paint(Number(event.target.value)));
}).catch((err) => { document.body.dataset.error = err.message; console.error(err); });
</script>
</body></html>
`;
}
