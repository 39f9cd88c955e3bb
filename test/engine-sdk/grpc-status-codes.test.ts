/**
 * Issue 2, point 8 through the unmodified SDK over gRPC: every rejection carries the gRPC status Zeebe's
 * gateway uses (NOT_FOUND for unknown keys, INVALID_ARGUMENT, FAILED_PRECONDITION for Zeebe's INVALID_STATE,
 * ALREADY_EXISTS) and Zeebe's own wording, so an error message found in the logs can be searched for.
 * Modifying and migrating an unknown instance is NOT_FOUND in Zeebe's words.
 */
import * as grpc from '@grpc/grpc-js';
import { serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { sdkCluster } from './sdk-cluster';
import { openIncident, uniqueName as t, takeJobs } from './zeebe-harness';

const UNKNOWN = '2251799813999999';

const processes: TestProcess[] = [
  {
    id: t('one-step'),
    elements: `<bpmn:startEvent id="start"/>${serviceTask('work', t('work'))}<bpmn:endEvent id="end"/>`,
    flows: ['start -> work -> end'],
  },
];

interface Rejection {
  code: number;
  details: string;
}

/** The status and details a call is rejected with (fails the test if it succeeds). */
const rejectionOf = (call: Promise<unknown>): Promise<Rejection> =>
  call.then(
    () => {
      throw new Error('expected the call to be rejected');
    },
    (err: Rejection) => ({ code: err.code, details: err.details }),
  );

const rejectedWith = (code: number, details: string): Rejection => ({ code, details });
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describeWithEngine('gRPC status codes and rejection messages through the SDK', () => {
  const sdk = sdkCluster(...processes);

  const startOne = async () => {
    const { processInstanceKey } = await sdk.zeebe.createProcessInstance({
      bpmnProcessId: t('one-step'),
      variables: {},
    });
    const [job] = await takeJobs(sdk.zeebe, t('work'));
    expect(job.processInstanceKey).toBe(processInstanceKey);
    return { processInstanceKey, job };
  };

  test('NOT_FOUND for unknown keys, in Zeebe words', async () => {
    const { zeebe } = sdk;
    const { NOT_FOUND } = grpc.status;
    // (the SDK appends a hint of its own to the COMPLETE rejection)
    const rejected = (intent: string, reason: string) => ({
      code: NOT_FOUND,
      details: expect.stringMatching(
        new RegExp(`^${escapeRegExp(`Command '${intent}' rejected with code 'NOT_FOUND': ${reason}`)}`),
      ),
    });
    expect(await rejectionOf(zeebe.completeJob({ jobKey: UNKNOWN, variables: {} }))).toEqual(
      rejected('COMPLETE', `Expected to complete job with key '${UNKNOWN}', but no such job was found`),
    );
    expect(
      await rejectionOf(zeebe.failJob({ jobKey: UNKNOWN, retries: 1, errorMessage: 'x', retryBackOff: 0 })),
    ).toEqual(rejected('FAIL', `Expected to fail job with key '${UNKNOWN}', but no such job was found`));
    expect(await rejectionOf(zeebe.throwError({ jobKey: UNKNOWN, errorCode: 'E', errorMessage: '' }))).toEqual(
      rejected('THROW_ERROR', `Expected to throw an error for job with key '${UNKNOWN}', but no such job was found`),
    );
    expect(await rejectionOf(zeebe.updateJobRetries({ jobKey: UNKNOWN, retries: 3 }))).toEqual(
      rejected('UPDATE_RETRIES', `Expected to update job with key '${UNKNOWN}', but no such job was found`),
    );
    expect(await rejectionOf(zeebe.cancelProcessInstance(UNKNOWN))).toEqual(
      rejected('CANCEL', `Expected to cancel a process instance with key '${UNKNOWN}', but no such process was found`),
    );
    expect(await rejectionOf(zeebe.resolveIncident({ incidentKey: UNKNOWN }))).toEqual(
      rejected('RESOLVE', `Expected to resolve incident with key '${UNKNOWN}', but no such incident was found`),
    );
    expect(
      await rejectionOf(zeebe.setVariables({ elementInstanceKey: UNKNOWN, variables: { a: 1 }, local: false })),
    ).toEqual(
      rejected(
        'UPDATE',
        `Expected to update variables for element with key '${UNKNOWN}', but no such element was found`,
      ),
    );
    expect(await rejectionOf(zeebe.createProcessInstance({ bpmnProcessId: t('missing'), variables: {} }))).toEqual(
      rejected('CREATE', `Expected to find process definition with process ID '${t('missing')}', but none found`),
    );

    // a completed job is gone, as in Zeebe
    const { job } = await startOne();
    await zeebe.completeJob({ jobKey: job.key, variables: {} });
    expect((await rejectionOf(zeebe.completeJob({ jobKey: job.key, variables: {} }))).code).toBe(NOT_FOUND);
  });

  test('INVALID_ARGUMENT for values Zeebe refuses', async () => {
    const { zeebe } = sdk;
    const { job, processInstanceKey } = await startOne();
    expect(await rejectionOf(zeebe.updateJobRetries({ jobKey: job.key, retries: 0 }))).toEqual(
      rejectedWith(
        grpc.status.INVALID_ARGUMENT,
        `Command 'UPDATE_RETRIES' rejected with code 'INVALID_ARGUMENT': Expected to update retries for job with key '${job.key}' with a positive amount of retries, but the amount given was '0'`,
      ),
    );
    const notAnObject = await rejectionOf(
      zeebe.setVariables({ elementInstanceKey: processInstanceKey, variables: [1, 2] as never, local: false }),
    );
    expect(notAnObject.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(notAnObject.details).toContain(
      "Property 'variables' is invalid: Expected document to be a root level object",
    );
    await zeebe.cancelProcessInstance(processInstanceKey);
  });

  test("FAILED_PRECONDITION for Zeebe's INVALID_STATE: a failed job, an incident whose job has no retries, a job not active", async () => {
    const { zeebe, engine } = sdk;
    const { job, processInstanceKey } = await startOne();
    await zeebe.failJob({ jobKey: job.key, retries: 0, errorMessage: 'bank is down', retryBackOff: 0 });
    const invalidState = (intent: string, reason: string) =>
      rejectedWith(
        grpc.status.FAILED_PRECONDITION,
        `Command '${intent}' rejected with code 'INVALID_STATE': ${reason}`,
      );
    expect(await rejectionOf(zeebe.completeJob({ jobKey: job.key, variables: {} }))).toEqual(
      invalidState('COMPLETE', `Expected to complete job with key '${job.key}', but it is in state 'FAILED'`),
    );
    expect(await rejectionOf(zeebe.throwError({ jobKey: job.key, errorCode: 'E', errorMessage: '' }))).toEqual(
      invalidState(
        'THROW_ERROR',
        `Expected to throw an error for job with key '${job.key}', but it is in state 'FAILED'`,
      ),
    );

    const incident = await openIncident(engine, processInstanceKey, (i) => i.jobKey === job.key);
    expect(await rejectionOf(zeebe.resolveIncident({ incidentKey: incident.incidentKey }))).toEqual(
      invalidState(
        'RESOLVE',
        `Expected to resolve incident with key '${incident.incidentKey}', but job with key '${job.key}' has no retries left. Please update the job retries and retry resolving the incident`,
      ),
    );
    await zeebe.updateJobRetries({ jobKey: job.key, retries: 1 });
    await zeebe.resolveIncident({ incidentKey: incident.incidentKey });
    // a resolved incident is gone, as in Zeebe
    expect((await rejectionOf(zeebe.resolveIncident({ incidentKey: incident.incidentKey }))).code).toBe(
      grpc.status.NOT_FOUND,
    );

    // the job is activatable again but not activated: its timeout cannot be updated
    expect(await rejectionOf(zeebe.updateJobTimeout({ jobKey: job.key, timeout: 60_000 }))).toEqual(
      invalidState(
        'UPDATE_TIMEOUT',
        `Expected to update the timeout of job with key '${job.key}', but it is not active`,
      ),
    );
    // a job waiting out its retry back-off is FAILED for Zeebe
    const [again] = await takeJobs(zeebe, t('work'));
    await zeebe.failJob({ jobKey: again.key, retries: 2, errorMessage: 'later', retryBackOff: 60_000 });
    expect(
      await rejectionOf(zeebe.failJob({ jobKey: again.key, retries: 1, errorMessage: 'x', retryBackOff: 0 })),
    ).toEqual(invalidState('FAIL', `Expected to fail job with key '${again.key}', but it is in state 'FAILED'`));
    await zeebe.cancelProcessInstance(processInstanceKey);
  });

  test('ALREADY_EXISTS for a messageId published again within its TTL; accepted again once it expired', async () => {
    const { zeebe, engine } = sdk;
    const message = {
      name: t('paid'),
      correlationKey: 'o-1',
      messageId: t('pay-1'),
      timeToLive: 60_000,
      variables: {},
    };
    await zeebe.publishMessage(message);
    expect(await rejectionOf(zeebe.publishMessage(message))).toEqual(
      rejectedWith(
        grpc.status.ALREADY_EXISTS,
        `Command 'PUBLISH' rejected with code 'ALREADY_EXISTS': Expected to publish a new message with id '${t('pay-1')}', but a message with that id was already published`,
      ),
    );
    // the id is unique per message name and correlation key, as in Zeebe
    await expect(zeebe.publishMessage({ ...message, name: t('refunded') })).resolves.toBeDefined();
    await expect(zeebe.publishMessage({ ...message, correlationKey: 'o-2' })).resolves.toBeDefined();
    await engine.clock.advance(60_000);
    await expect(zeebe.publishMessage(message)).resolves.toBeDefined();
  });

  test('modifying or migrating an unknown instance is NOT_FOUND, in Zeebe words', async () => {
    const modify = await rejectionOf(
      sdk.zeebe.modifyProcessInstance({
        processInstanceKey: UNKNOWN,
        activateInstructions: [],
        terminateInstructions: [],
      }),
    );
    expect(modify).toEqual(
      rejectedWith(
        grpc.status.NOT_FOUND,
        `Command 'MODIFY' rejected with code 'NOT_FOUND': Expected to modify process instance but no process instance found with key '${UNKNOWN}'`,
      ),
    );
    const migrate = await rejectionOf(
      sdk.zeebe.migrateProcessInstance({
        processInstanceKey: UNKNOWN,
        migrationPlan: { targetProcessDefinitionKey: UNKNOWN, mappingInstructions: [] },
      }),
    );
    expect(migrate).toEqual(
      rejectedWith(
        grpc.status.NOT_FOUND,
        `Command 'MIGRATE' rejected with code 'NOT_FOUND': Expected to migrate process instance but no process instance found with key '${UNKNOWN}'`,
      ),
    );
  });
});
