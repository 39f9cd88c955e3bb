/**
 * What the REST API reads (searches and GETs), as Camunda's secondary storage holds it: with a flush interval
 * (CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL) the reads see the engine's state as of the last flush,
 * as Camunda's exporter makes it visible only when it flushes; commands act on the live state at once.
 * An interval of 0 (the embedded engine's default) reads the live state.
 *
 * Each flush copies every view the reads answer from (a deep copy, since the engine's views share its live
 * objects): its cost grows with the state kept, history included, which is fine at test scale; the profile
 * is for proving clients tolerate the lag, not for production volumes.
 */
import type {
  ElementInstanceView,
  EngineApi,
  IncidentView,
  JobView,
  ProcessDefinitionView,
  ProcessInstanceView,
  UserTaskView,
  VariableView,
} from './engine-api';

/** Everything the REST router reads; commands go to the engine itself. */
export type EngineReads = Pick<
  EngineApi,
  | 'getProcessInstance'
  | 'listProcessInstances'
  | 'listElementInstances'
  | 'listIncidents'
  | 'listVariables'
  | 'listJobs'
  | 'listUserTasks'
  | 'listProcessDefinitions'
  | 'getProcessDefinitionXml'
  | 'takenSequenceFlows'
  | 'listDecisionDefinitions'
  | 'listDecisionRequirements'
  | 'getDecisionRequirementsXml'
  | 'listForms'
>;

export interface SecondaryStorage {
  reads: EngineReads;
  /** Stops flushing. */
  close(): void;
}

/** The reads for a flush interval: the live engine for 0, else an exported copy flushed every interval. */
export function secondaryStorage(engine: EngineApi, flushIntervalMs = 0): SecondaryStorage {
  if (flushIntervalMs <= 0) return { reads: engine, close: () => {} };
  const exported = new ExportedState(engine);
  exported.flush(); // what was there before this start is in the storage already (it outlives a restart)
  const timer = setInterval(() => exported.flush(), flushIntervalMs);
  timer.unref(); // (a process stops without waiting for the next flush)
  return { reads: exported, close: () => clearInterval(timer) };
}

interface Exported {
  processInstances: Map<string, ProcessInstanceView>;
  elementInstances: ElementInstanceView[];
  incidents: IncidentView[];
  variables: VariableView[];
  jobs: JobView[];
  userTasks: UserTaskView[];
  processDefinitions: ProcessDefinitionView[];
  xml: Map<string, string>;
  takenFlows: Map<string, string[]>;
}

/** The engine's state as of the last flush; empty until the first one, like a fresh secondary storage. */
export class ExportedState implements EngineReads {
  private state: Exported = {
    processInstances: new Map(),
    elementInstances: [],
    incidents: [],
    variables: [],
    jobs: [],
    userTasks: [],
    processDefinitions: [],
    xml: new Map(),
    takenFlows: new Map(),
  };

  constructor(private readonly engine: EngineApi) {}

  /** Copies what the engine holds now: from here on the reads see it. */
  flush() {
    const e = this.engine;
    const instances = [...e.listProcessInstances()];
    const definitions = [...e.listProcessDefinitions()];
    const copy: Exported = {
      processInstances: new Map(instances.map((p) => [p.processInstanceKey, p])),
      elementInstances: [...e.listElementInstances()],
      incidents: [...e.listIncidents()],
      variables: [...e.listVariables()],
      jobs: [...e.listJobs()],
      userTasks: [...e.listUserTasks()],
      processDefinitions: definitions,
      xml: new Map(
        definitions.map((d) => [d.processDefinitionKey, e.getProcessDefinitionXml(d.processDefinitionKey) ?? '']),
      ),
      takenFlows: new Map(
        instances.map((p) => [p.processInstanceKey, e.takenSequenceFlows?.(p.processInstanceKey) ?? []]),
      ),
    };
    this.state = structuredClone(copy);
  }

  getProcessInstance = (key: string) => this.state.processInstances.get(key);
  listProcessInstances = () => this.state.processInstances.values();
  listElementInstances = (processInstanceKey?: string) =>
    processInstanceKey === undefined
      ? this.state.elementInstances
      : this.state.elementInstances.filter((i) => i.processInstanceKey === processInstanceKey);
  listIncidents = () => this.state.incidents;
  listVariables = (processInstanceKey?: string) =>
    processInstanceKey === undefined
      ? this.state.variables
      : this.state.variables.filter((v) => v.processInstanceKey === processInstanceKey);
  listJobs = () => this.state.jobs;
  listUserTasks = () => this.state.userTasks;
  listProcessDefinitions = () => this.state.processDefinitions;
  getProcessDefinitionXml = (key: string) => this.state.xml.get(key);
  takenSequenceFlows = (processInstanceKey: string) => [...(this.state.takenFlows.get(processInstanceKey) ?? [])];
}
