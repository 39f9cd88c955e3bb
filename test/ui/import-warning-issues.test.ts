/**
 * bpmn-js import warnings in the modeler's problems panel: what the engine would not read is an error that
 * blocks Deploy; a diagram element (bpmndi) pointing at nothing — a BPMNPlane naming the process's old id —
 * only warns, because Zeebe deploys such a file (as the server's lint and deploy agree).
 */
import { issuesFromImportWarnings } from '../../modeler-ui/src/models/lint-issues';

test('a stale diagram reference warns, an unresolved process reference is an error', () => {
  const issues = issuesFromImportWarnings([
    { message: 'unresolved reference <old-process>', element: { id: 'plane', $type: 'bpmndi:BPMNPlane' } },
    { message: 'unresolved reference <missing>', element: { id: 'flow', $type: 'bpmn:SequenceFlow' } },
  ]);
  expect(issues.map((i) => [i.elementId, i.category])).toEqual([
    ['plane', 'warn'],
    ['flow', 'error'],
  ]);
});
