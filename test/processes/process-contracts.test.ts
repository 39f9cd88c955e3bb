/**
 * src/processes/ names the models' contracts once for routes, workers and tests; the models in bpmn/ are the
 * contract. Each process module matches its model both ways: its process id, every task type, message name and
 * BPMN error code it names is in the model (an error code either declared there or caught by the model's
 * catch-all error event sub-process), and every one the model has is in the module. The workers of each process
 * take their task types and error codes from its module.
 */
import { readFileSync } from 'node:fs';
import { CUSTOMER_ONBOARDING } from '../../src/processes/customer-onboarding';
import { ORDER_FULFILMENT } from '../../src/processes/order-fulfilment';
import { customerOnboardingWorkers, orderFulfilmentWorkers } from '../../workers/worker-registry';
import { bpmnFiles, parseBpmn } from '../bpmn/bpmn-files';

// biome-ignore lint/suspicious/noExplicitAny: walking bpmn-moddle's untyped element tree.
type El = any;

interface ProcessContract {
  processId: string;
  taskTypes: Record<string, string>;
  messages?: Record<string, string>;
  errorCodes: Record<string, string>;
}

interface ModelNames {
  processId: string;
  taskTypes: Set<string>;
  messages: Set<string>;
  declaredErrorCodes: Set<string>;
  /** an error start event of an event sub-process that names no error: it catches every code */
  catchesEveryError: boolean;
}

async function namesIn(file: string): Promise<ModelNames> {
  const { definitions } = await parseBpmn(readFileSync(file, 'utf8'));
  const roots: El[] = definitions.rootElements;
  const process = roots.find((e) => e.$type === 'bpmn:Process');
  const names: ModelNames = {
    processId: process.id,
    taskTypes: new Set(),
    messages: new Set(roots.filter((e) => e.$type === 'bpmn:Message').map((m) => m.name)),
    declaredErrorCodes: new Set(roots.filter((e) => e.$type === 'bpmn:Error').map((e) => e.errorCode)),
    catchesEveryError: false,
  };
  const visit = (container: El) => {
    for (const el of container.flowElements ?? []) {
      const task = el.extensionElements?.values?.find((v: El) => v.$type === 'zeebe:TaskDefinition');
      if (task) names.taskTypes.add(task.type);
      const catchAll = el.eventDefinitions?.some((d: El) => d.$type === 'bpmn:ErrorEventDefinition' && !d.errorRef);
      if (el.$type === 'bpmn:StartEvent' && container.triggeredByEvent && catchAll) names.catchesEveryError = true;
      if (el.$type === 'bpmn:SubProcess') visit(el);
    }
  };
  visit(process);
  return names;
}

const contracts: ProcessContract[] = [ORDER_FULFILMENT, CUSTOMER_ONBOARDING];
const sorted = (values: Iterable<string>) => [...values].sort();

describe('process contracts in src/processes', () => {
  let models: Map<string, ModelNames>;
  const modelOf = (contract: ProcessContract) => {
    const model = models.get(contract.processId);
    if (!model) throw new Error(`no model in bpmn/ has process id ${contract.processId}`);
    return model;
  };

  beforeAll(async () => {
    const all = await Promise.all(bpmnFiles().map(namesIn));
    models = new Map(all.map((m) => [m.processId, m]));
  });

  it('has one module for each model in bpmn/, by process id', () => {
    expect(sorted(contracts.map((c) => c.processId))).toEqual(sorted(models.keys()));
  });

  it.each(contracts.map((c) => [c.processId, c]))('%s: the task types are those of the model', (_id, contract) => {
    expect(sorted(Object.values(contract.taskTypes))).toEqual(sorted(modelOf(contract).taskTypes));
  });

  it.each(contracts.map((c) => [c.processId, c]))('%s: the message names are those of the model', (_id, contract) => {
    expect(sorted(Object.values(contract.messages ?? {}))).toEqual(sorted(modelOf(contract).messages));
  });

  it.each(contracts.map((c) => [c.processId, c]))('%s: every error code is in the model, and back', (_id, contract) => {
    const model = modelOf(contract);
    const codes = Object.values(contract.errorCodes);
    const unknown = codes.filter((code) => !model.declaredErrorCodes.has(code) && !model.catchesEveryError);
    expect(unknown).toEqual([]);
    expect(sorted(model.declaredErrorCodes).filter((code) => !codes.includes(code))).toEqual([]);
  });

  it('each worker serves a task type of its process and throws only that process’s error codes', () => {
    const owned: [ProcessContract, typeof orderFulfilmentWorkers][] = [
      [ORDER_FULFILMENT, orderFulfilmentWorkers],
      [CUSTOMER_ONBOARDING, customerOnboardingWorkers],
    ];
    for (const [contract, workers] of owned) {
      const taskTypes = Object.values(contract.taskTypes);
      const codes: string[] = Object.values(contract.errorCodes);
      expect(sorted(workers.map((w) => w.taskType))).toEqual(sorted(taskTypes));
      expect(workers.flatMap((w) => w.bpmnErrors).filter((code) => !codes.includes(code))).toEqual([]);
    }
  });
});
