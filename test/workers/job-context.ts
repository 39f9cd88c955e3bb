/** Test helper: the job context a handler receives, for calling handlers directly. */
import pino from 'pino';
import type { JobContext } from '../../workers/worker-definition';

export const silentLogger = pino({ level: 'silent' });

let nextKey = 2251799813685249n;

export function jobContext(overrides: Partial<JobContext> = {}): JobContext {
  nextKey += 1n;
  return {
    jobKey: String(nextKey),
    processInstanceKey: '2251799813685000',
    bpmnProcessId: 'order-fulfilment',
    elementId: 'test-element',
    elementInstanceKey: String(nextKey + 1000n),
    retries: 3,
    logger: silentLogger,
    ...overrides,
  };
}
