/**
 * Tiny executable processes written in code, the way Zeebe's engine tests build theirs: elements as
 * BPMN XML snippets (bpmn:/zeebe: prefixes) and the sequence flows as chains, e.g.
 * `flows: ['start -> task -> end', 'gw -> other [= x > 1]', 'gw -> fallback [default]']`.
 */
export interface TestProcess {
  id: string;
  elements: string;
  flows?: string[];
  /** extra root elements (bpmn:message, bpmn:error) */
  definitions?: string;
}

export function bpmnXml(...processes: TestProcess[]): string {
  const bodies = processes.map((p) => {
    const flows = (p.flows ?? []).flatMap(parseChain);
    const defaults = new Map(flows.filter((f) => f.isDefault).map((f) => [f.from, f.id]));
    let elements = p.elements;
    for (const [from, flowId] of defaults) {
      elements = elements.replace(new RegExp(`(<bpmn:\\w+ id="${from}")`), `$1 default="${flowId}"`);
    }
    const flowXml = flows
      .map((f) =>
        f.condition
          ? `<bpmn:sequenceFlow id="${f.id}" sourceRef="${f.from}" targetRef="${f.to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${escapeXml(f.condition)}</bpmn:conditionExpression></bpmn:sequenceFlow>`
          : `<bpmn:sequenceFlow id="${f.id}" sourceRef="${f.from}" targetRef="${f.to}" />`,
      )
      .join('\n');
    return `<bpmn:process id="${p.id}" isExecutable="true">\n${elements}\n${flowXml}\n</bpmn:process>\n${p.definitions ?? ''}`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
${bodies.join('\n')}
</bpmn:definitions>`;
}

interface Flow {
  id: string;
  from: string;
  to: string;
  condition?: string;
  isDefault: boolean;
}

function parseChain(chain: string): Flow[] {
  const match = /^(.*?)(?:\[(.*)\])?\s*$/.exec(chain) as RegExpExecArray;
  const nodes = match[1].split('->').map((s) => s.trim());
  const annotation = match[2]?.trim();
  const flows: Flow[] = [];
  for (let i = 0; i < nodes.length - 1; i++) {
    const last = i === nodes.length - 2;
    flows.push({
      id: `flow_${nodes[i]}_${nodes[i + 1]}`,
      from: nodes[i],
      to: nodes[i + 1],
      condition: last && annotation && annotation !== 'default' ? annotation : undefined,
      isDefault: last && annotation === 'default',
    });
  }
  return flows;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A service task with a job type (and optional extra extension XML). */
export const serviceTask = (id: string, type = id, extra = '', attrs = '') =>
  `<bpmn:serviceTask id="${id}" ${attrs}><bpmn:extensionElements><zeebe:taskDefinition type="${type}" />${extra}</bpmn:extensionElements></bpmn:serviceTask>`;
