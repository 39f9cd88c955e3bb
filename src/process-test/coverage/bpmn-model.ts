/**
 * What a coverage report counts in a BPMN model: its flow nodes (events, tasks, gateways, subprocesses and
 * everything inside them) and its sequence flows, read from the XML with fast-xml-parser. Lanes, data
 * objects, annotations and associations are not executed and are not counted.
 */
import { XMLParser } from 'fast-xml-parser';

export interface ModelElement {
  id: string;
  /** the BPMN tag, e.g. serviceTask, boundaryEvent */
  type: string;
  name?: string;
  /** a boundary event's activity */
  attachedToRef?: string;
  /** the subprocess the element is in; absent at the process level */
  parentId?: string;
  /** an event subprocess (started by its start event, not by a flow) */
  triggeredByEvent?: boolean;
  /** an event's definition tag, e.g. timerEventDefinition, compensateEventDefinition */
  eventDefinition?: string;
}

export interface ModelFlow {
  id: string;
  sourceRef: string;
  targetRef: string;
}

export interface ProcessModel {
  processId: string;
  name?: string;
  elements: ModelElement[];
  flows: ModelFlow[];
}

const FLOW_NODES = new Set([
  'startEvent',
  'endEvent',
  'intermediateCatchEvent',
  'intermediateThrowEvent',
  'boundaryEvent',
  'task',
  'serviceTask',
  'userTask',
  'receiveTask',
  'sendTask',
  'scriptTask',
  'businessRuleTask',
  'manualTask',
  'callActivity',
  'subProcess',
  'adHocSubProcess',
  'transaction',
  'exclusiveGateway',
  'inclusiveGateway',
  'parallelGateway',
  'eventBasedGateway',
  'complexGateway',
]);
const CONTAINERS = new Set(['subProcess', 'adHocSubProcess', 'transaction']);

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true });

const asList = (value: unknown): XmlNode[] =>
  value === undefined
    ? []
    : ((Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'object') as XmlNode[]);

/** The executable content of every process in a BPMN document (element order as in the file, by kind). */
export function readProcessModels(xml: string): ProcessModel[] {
  const definitions = (parser.parse(xml) as XmlNode).definitions as XmlNode | undefined;
  if (!definitions) throw new Error('not a BPMN document: no <definitions> root element');
  return asList(definitions.process).map((process) => {
    const model: ProcessModel = { processId: String(process.id), elements: [], flows: [] };
    if (typeof process.name === 'string') model.name = process.name;
    collect(process, model);
    return model;
  });
}

function collect(scope: XmlNode, model: ProcessModel, parentId?: string): void {
  for (const [tag, value] of Object.entries(scope)) {
    if (tag === 'sequenceFlow') {
      for (const flow of asList(value)) {
        model.flows.push({ id: String(flow.id), sourceRef: String(flow.sourceRef), targetRef: String(flow.targetRef) });
      }
    } else if (FLOW_NODES.has(tag)) {
      for (const node of asList(value)) {
        model.elements.push({
          id: String(node.id),
          type: tag,
          ...(typeof node.name === 'string' ? { name: node.name } : {}),
          ...(typeof node.attachedToRef === 'string' ? { attachedToRef: node.attachedToRef } : {}),
          ...(parentId ? { parentId } : {}),
          ...(node.triggeredByEvent === 'true' ? { triggeredByEvent: true } : {}),
          ...eventDefinitionOf(node),
        });
        if (CONTAINERS.has(tag)) collect(node, model, String(node.id));
      }
    }
  }
}

function eventDefinitionOf(node: XmlNode): { eventDefinition?: string } {
  const tag = Object.keys(node).find((key) => key.endsWith('EventDefinition'));
  return tag ? { eventDefinition: tag } : {};
}
