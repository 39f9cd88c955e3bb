/**
 * The flow nodes of a process definition's XML that a token can be put on (Operate's rule: not start events,
 * not boundary events, not events after an event-based gateway), with their names, for the move and migrate
 * dialogs.
 */
export interface FlowNode {
  id: string;
  name?: string;
  /** the BPMN tag without prefix: serviceTask, userTask, ... */
  kind: string;
}

const NOT_NODES = new Set(['sequenceFlow', 'laneSet', 'lane', 'dataObject', 'dataObjectReference', 'textAnnotation']);

export function flowNodesOf(xml: string): FlowNode[] {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const nodes: FlowNode[] = [];
  const afterGateway = new Set<string>();
  const gateways = new Set(
    [...doc.getElementsByTagNameNS('*', 'eventBasedGateway')].map((g) => g.getAttribute('id') ?? ''),
  );
  for (const flow of doc.getElementsByTagNameNS('*', 'sequenceFlow')) {
    if (gateways.has(flow.getAttribute('sourceRef') ?? '')) afterGateway.add(flow.getAttribute('targetRef') ?? '');
  }
  for (const process of doc.getElementsByTagNameNS('*', 'process')) collect(process, nodes);
  return nodes.filter((n) => n.kind !== 'startEvent' && n.kind !== 'boundaryEvent' && !afterGateway.has(n.id));
}

function collect(container: Element, nodes: FlowNode[]) {
  for (const child of container.children) {
    const kind = child.localName;
    const id = child.getAttribute('id');
    if (!id || NOT_NODES.has(kind) || kind === 'extensionElements' || !child.namespaceURI?.includes('BPMN')) continue;
    nodes.push({ id, name: child.getAttribute('name') || undefined, kind });
    if (kind === 'subProcess') collect(child, nodes);
  }
}

export const nodeLabel = (n: FlowNode) => (n.name ? `${n.name} (${n.id})` : n.id);
