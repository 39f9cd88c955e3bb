/**
 * Backpressure for unary commands: at most `limit` in flight (accepted, not yet answered — e.g. waiting for
 * the journal or for CreateProcessInstanceWithResult). Beyond that the gateway answers RESOURCE_EXHAUSTED,
 * as Zeebe does when a partition is overloaded; the SDK backs off and retries. Long-polling ActivateJobs
 * and job streams are not counted (Zeebe parks them in the gateway, not on the partition).
 *
 * As in Zeebe (WhiteListedCommands), completing or failing a job, cancelling an instance and deploying are
 * never rejected: they are what drains the load. Without that, requests waiting for their instance's
 * result would hold every slot while the job completions that end those instances were turned away.
 */
import { type ServerErrorResponse, status } from '@grpc/grpc-js';

export const DEFAULT_MAX_IN_FLIGHT = 1000;

/** RPCs that bypass the limit (Zeebe's JobIntent.COMPLETE/FAIL, ProcessInstanceIntent.CANCEL, DeploymentIntent.CREATE). */
const EXEMPT = new Set(['CompleteJob', 'FailJob', 'CancelProcessInstance', 'DeployResource', 'DeployProcess']);
export const exemptFromBackpressure = (rpc: string) => EXEMPT.has(rpc);

/** Requests answered RESOURCE_EXHAUSTED since the process started, across gateways (a metric, like Zeebe's). */
let rejectedTotal = 0;
export const backpressureRejections = () => rejectedTotal;

export class InFlightLimiter {
  private inFlight = 0;

  constructor(readonly limit: number = DEFAULT_MAX_IN_FLIGHT) {}

  get current() {
    return this.inFlight;
  }

  /** Takes a slot; false when the limit is reached. Give it back with release(). */
  tryAcquire(): boolean {
    if (this.inFlight >= this.limit) return false;
    this.inFlight++;
    return true;
  }

  release() {
    this.inFlight--;
  }

  exhausted(rpc: string): ServerErrorResponse {
    rejectedTotal++;
    const details = `Expected to handle gRPC request ${rpc}, but the embedded engine already has ${this.limit} requests in flight (backpressure); retry later`;
    return { name: 'ResourceExhausted', message: details, code: status.RESOURCE_EXHAUSTED, details };
  }
}
