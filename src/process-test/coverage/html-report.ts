/**
 * The process coverage report's index page (no scripts): per model a summary linking its diagram page
 * (diagram-page.ts), the elements and flows with their status, and the coverage per test file and test case.
 */
import type { ModelCoverage, ProcessCoverageReport } from './coverage-report';
import { diagramFileName } from './diagram-page';
import type { TestCoverage } from './test-breakdown';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const mark = (covered: boolean) => (covered ? '<td class="yes">reached</td>' : '<td class="no">not reached</td>');

function modelSection(m: ModelCoverage): string {
  const elements = m.elements
    .map(
      (e) =>
        `<tr class="${e.reached ? 'yes' : 'no'}"><td><code>${escapeHtml(e.id)}</code></td><td>${escapeHtml(e.name ?? '')}</td><td>${escapeHtml(
          e.type,
        )}</td>${mark(e.reached)}<td>${e.instances}</td></tr>`,
    )
    .join('\n');
  const flows = m.flows
    .map(
      (f) =>
        `<tr class="${f.taken ? 'yes' : 'no'}"><td><code>${escapeHtml(f.id)}</code></td><td><code>${escapeHtml(f.sourceRef)}</code> → <code>${escapeHtml(
          f.targetRef,
        )}</code></td>${mark(f.taken)}<td>${f.instances}</td></tr>`,
    )
    .join('\n');
  return `<section>
<h2>${escapeHtml(m.processId)}${m.name ? ` — ${escapeHtml(m.name)}` : ''}</h2>
<p><a href="diagrams/${escapeHtml(diagramFileName(m.processId))}">coverage on the diagram</a></p>
<p>${escapeHtml(m.file)} · ${m.instances} instances · elements ${m.elementsReached}/${m.elements.length} · sequence flows ${
    m.flowsTaken
  }/${m.flows.length}${m.flowsDerived ? ' (some derived from element history)' : ''} · <strong>${Math.floor(m.coverage * 100)}%</strong></p>
<table><thead><tr><th>element</th><th>name</th><th>type</th><th>status</th><th>instances</th></tr></thead>
<tbody>
${elements}
</tbody></table>
<table><thead><tr><th>sequence flow</th><th>from → to</th><th>status</th><th>instances</th></tr></thead>
<tbody>
${flows}
</tbody></table>
${testTable('test file', m.files)}
${testTable('test case', m.tests)}
</section>`;
}

function testTable(what: string, rows: readonly TestCoverage[]): string {
  if (rows.length === 0) return '';
  const body = rows
    .map(
      (t) =>
        `<tr><td>${escapeHtml(t.name ? `${t.file} › ${t.name}` : t.file)}</td><td>${t.instances}</td><td>${
          t.elementIds.length
        }</td><td>${t.flowIds.length}</td><td>${Math.floor(t.coverage * 100)}%</td></tr>`,
    )
    .join('\n');
  return `<table class="by-test"><thead><tr><th>${what}</th><th>instances</th><th>elements</th><th>flows</th><th>coverage</th></tr></thead>
<tbody>
${body}
</tbody></table>`;
}

export function renderCoverageHtml(report: ProcessCoverageReport): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Process coverage</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:0.5rem 0 1.5rem;min-width:40rem}
th,td{border:1px solid #ccc;padding:0.25rem 0.6rem;text-align:left}
td.yes{background:#d8f5d8}td.no{background:#f8d7d7;font-weight:bold}
</style></head><body>
<h1>Process coverage</h1>
<p>Generated ${escapeHtml(report.generatedAt)}. An element is reached when a test's process instance entered it; a
sequence flow is taken as the engine reports it (<code>GET /v2/process-instances/{key}/sequence-flows</code>).</p>
${report.models.map(modelSection).join('\n')}
</body></html>
`;
}
