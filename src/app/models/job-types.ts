/**
 * The job types a model can use, for the modeler's picker: every task type the app has a worker for (the
 * worker registry), the process it was written for, the variables it reads and writes and the BPMN errors it
 * may throw, and whether this app runs that worker now (undefined when the app does not know, e.g. the
 * workers run elsewhere).
 */
import type { WorkerDefinition } from '../../../workers/worker-definition';
import { customerOnboardingWorkers, orderFulfilmentWorkers } from '../../../workers/worker-registry';

export interface JobType {
  type: string;
  /** the process the worker was written for */
  process: string;
  reads: string[];
  writes: string[];
  bpmnErrors: string[];
  running?: boolean;
}

export type JobTypeSource = () => JobType[];

const REGISTRY: [string, WorkerDefinition[]][] = [
  ['order-fulfilment', orderFulfilmentWorkers],
  ['customer-onboarding', customerOnboardingWorkers],
];

/** The registry's job types; `running` lists the task types whose workers this app started, if it knows. */
export function registeredJobTypes(running?: () => readonly string[] | undefined): JobTypeSource {
  return () => {
    const started = running?.();
    return REGISTRY.flatMap(([process, workers]) =>
      workers.map((w) => ({
        type: w.taskType,
        process,
        reads: Object.keys(w.inputSchema.shape),
        writes: Object.keys(w.outputSchema.shape),
        bpmnErrors: [...w.bpmnErrors],
        ...(started ? { running: started.includes(w.taskType) } : {}),
      })),
    ).sort((a, b) => a.type.localeCompare(b.type));
  };
}
