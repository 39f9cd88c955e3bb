/**
 * Where the API reads process state from: Camunda's REST v2 API (the embedded engine's or the cluster's), or,
 * with no REST address configured, a reader that says so on every read.
 */
import type { AppClientCredentials } from '../app/client-credentials';
import type { CamundaRestStateReaderOptions } from '../app/process-state/camunda-rest-state-reader';
import { type ProcessStateReader, ProcessStateUnavailableError } from '../app/process-state/process-state-reader';

/**
 * Process state over REST v2. For the embedded engine made on first read: @camunda8/orchestration-cluster-api
 * takes ~0.2 s to load, which start-up need not wait for; against a cluster made at once, so a bad setting
 * stops start-up rather than failing a request later.
 */
function restStateReader(options: CamundaRestStateReaderOptions, onFirstRead: boolean): ProcessStateReader {
  const make = (): ProcessStateReader =>
    (
      require('../app/process-state/camunda-rest-state-reader') as typeof import('../app/process-state/camunda-rest-state-reader')
    ).createCamundaRestStateReader(options);
  if (!onFirstRead) return make();
  let reader: ProcessStateReader | undefined;
  const made = () => {
    reader ??= make();
    return reader;
  };
  return {
    read: (processInstanceKey) => made().read(processInstanceKey),
    findInstanceKeys: (bpmnProcessId, variable, options) =>
      made().findInstanceKeys?.(bpmnProcessId, variable, options) ?? Promise.resolve([]),
  };
}

function unavailableReader(reason: string): ProcessStateReader {
  return {
    read: () => Promise.reject(new ProcessStateUnavailableError(reason)),
  };
}

/**
 * @param restAddress the REST API without /v2; undefined: none is configured
 * @param embeddedEngine whether it is the embedded engine's (then the reader is made on first read)
 */
export function processStateReader(
  restAddress: string | undefined,
  credentials: AppClientCredentials,
  embeddedEngine: boolean,
): ProcessStateReader {
  return restAddress
    ? restStateReader({ restAddress, ...credentials.rest }, embeddedEngine)
    : unavailableReader('No Camunda REST API is configured: set ZEEBE_REST_ADDRESS');
}
