/**
 * The workers and the models agree: every task type in bpmn/ has a worker and every worker serves a model;
 * a worker fetches exactly the variables its schema reads, each of which the model provides; and every BPMN
 * error a worker may throw is caught in the model (an error boundary on the task or an error event
 * sub-process), so a business failure never becomes an unhandled-error incident.
 */
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import pino from 'pino';
import { onboardingStartVariables } from '../../src/processes/customer-onboarding';
import { orderStartVariables } from '../../src/processes/order-fulfilment';
import { sdkLogsToPino } from '../../workers/sdk-logs';
import { fetchVariables } from '../../workers/worker-definition';
import { allWorkers, findWorker } from '../../workers/worker-registry';
import { bpmnFiles, parseBpmn } from '../bpmn/bpmn-files';

// biome-ignore lint/suspicious/noExplicitAny: walking bpmn-moddle's untyped element tree.
type El = any;

interface ModelFacts {
  processId: string;
  serviceTasks: { id: string; type: string; inputTargets: string[]; el: El }[];
  mappingTargets: Set<string>;
  boundaryErrorCodes: Map<string, (string | null)[]>;
  subProcessErrorCodes: (string | null)[];
}

function extension(el: El, type: string): El | undefined {
  return el.extensionElements?.values?.find((v: El) => v.$type === type);
}

function errorCode(eventDefinition: El): string | null {
  return eventDefinition.errorRef?.errorCode ?? null;
}

async function modelFacts(file: string): Promise<ModelFacts> {
  const { definitions } = await parseBpmn(readFileSync(file, 'utf8'));
  const process = definitions.rootElements.find((e: El) => e.$type === 'bpmn:Process');
  const facts: ModelFacts = {
    processId: process.id,
    serviceTasks: [],
    mappingTargets: new Set(),
    boundaryErrorCodes: new Map(),
    subProcessErrorCodes: [],
  };
  const visit = (container: El) => {
    for (const el of container.flowElements ?? []) {
      const io = extension(el, 'zeebe:IoMapping');
      for (const p of [...(io?.inputParameters ?? []), ...(io?.outputParameters ?? [])])
        facts.mappingTargets.add(p.target);
      if (el.$type === 'bpmn:ServiceTask') {
        facts.serviceTasks.push({
          id: el.id,
          type: extension(el, 'zeebe:TaskDefinition').type,
          inputTargets: (io?.inputParameters ?? []).map((p: El) => p.target),
          el,
        });
      }
      const errorDefinition = el.eventDefinitions?.find((d: El) => d.$type === 'bpmn:ErrorEventDefinition');
      if (el.$type === 'bpmn:BoundaryEvent' && errorDefinition) {
        const codes = facts.boundaryErrorCodes.get(el.attachedToRef.id) ?? [];
        codes.push(errorCode(errorDefinition));
        facts.boundaryErrorCodes.set(el.attachedToRef.id, codes);
      }
      if (el.$type === 'bpmn:StartEvent' && errorDefinition && container.triggeredByEvent) {
        facts.subProcessErrorCodes.push(errorCode(errorDefinition));
      }
      if (el.$type === 'bpmn:SubProcess') visit(el);
    }
  };
  visit(process);
  return facts;
}

const startVariables: Record<string, string[]> = {
  'order-fulfilment': Object.keys(orderStartVariables.shape),
  'customer-onboarding': Object.keys(onboardingStartVariables.shape),
};

describe('workers and models', () => {
  let models: ModelFacts[];

  beforeAll(async () => {
    models = await Promise.all(bpmnFiles().map(modelFacts));
  });

  it('every task type in bpmn/ has a worker, and every worker serves a model', () => {
    expect(models.map((m) => m.processId).sort()).toEqual(['customer-onboarding', 'order-fulfilment']);
    const modelTypes = new Set(models.flatMap((m) => m.serviceTasks.map((t) => t.type)));
    expect([...modelTypes].filter((type) => !allWorkers.some((w) => w.taskType === type))).toEqual([]);
    expect(allWorkers.map((w) => w.taskType).filter((type) => !modelTypes.has(type))).toEqual([]);
    expect(new Set(allWorkers.map((w) => w.taskType)).size).toBe(allWorkers.length);
  });

  it('each worker fetches exactly the variables its input schema reads', () => {
    for (const worker of allWorkers) {
      expect(fetchVariables(worker)).toEqual(Object.keys(worker.inputSchema.shape));
      expect(fetchVariables(worker).length).toBeGreaterThan(0);
    }
  });

  it('every variable a worker requires is a start variable, another worker output or a mapping target', () => {
    const missing: string[] = [];
    for (const model of models) {
      const workers = model.serviceTasks.map((t) => findWorker(t.type));
      const available = new Set([
        ...startVariables[model.processId],
        ...model.mappingTargets,
        ...workers.flatMap((w) => Object.keys(w.outputSchema.shape)),
      ]);
      for (const task of model.serviceTasks) {
        const shape = findWorker(task.type).inputSchema.shape;
        for (const [name, schema] of Object.entries(shape)) {
          const optional = (schema as { safeParse(v: unknown): { success: boolean } }).safeParse(undefined).success;
          if (!optional && !available.has(name)) missing.push(`${model.processId}/${task.id} needs ${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('every BPMN error a worker may throw is caught where its task runs', () => {
    const uncaught: string[] = [];
    for (const model of models) {
      for (const task of model.serviceTasks) {
        for (const code of findWorker(task.type).bpmnErrors) {
          const catchers = [...(model.boundaryErrorCodes.get(task.id) ?? []), ...model.subProcessErrorCodes];
          if (!catchers.some((c) => c === null || c === code)) uncaught.push(`${model.processId}/${task.id} ${code}`);
        }
      }
    }
    expect(uncaught).toEqual([]);
  });

  it('compensation handlers and notifications never throw BPMN errors', () => {
    for (const type of [
      'refund-payment',
      'release-inventory',
      'cancel-shipment',
      'notify-customer',
      'delete-crm-record',
      'deprovision-tenant',
    ]) {
      expect(findWorker(type).bpmnErrors).toEqual([]);
    }
  });

  it('routes the SDK worker logs to pino', () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const logger = pino({ level: 'debug' }, sink);
    const sdkLogger = sdkLogsToPino(logger);
    sdkLogger.error(
      JSON.stringify({ level: 'ERROR', message: 'Grpc Stream Error', context: 'ZBWorker', id: 'w-1', timestamp: 'x' }),
    );
    sdkLogger.info('plain text line');
    // The SDK writes its debug lines through info(); their own level decides.
    sdkLogger.info(JSON.stringify({ level: 20, message: 'Activating Jobs...', component: 'ZBWORKER' }));
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, msg: 'Grpc Stream Error', context: 'ZBWorker', id: 'w-1' }),
      expect.objectContaining({ level: 30, msg: 'plain text line' }),
      expect.objectContaining({ level: 20, msg: 'Activating Jobs...', component: 'ZBWORKER' }),
    ]);
  });
});
