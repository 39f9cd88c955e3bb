/**
 * TEST-ONLY stand-in for the Camunda 8.8 REST v2 endpoints the modeler UI calls, answered from the
 * in-process embedded engine. Used by the UI test only while the engine's real REST gateway
 * (src/gateway/rest, issue 4) is missing; as soon as `startBaton` reports a restAddress, the test forwards
 * /v2 there instead and this file can be deleted. Shapes follow @camunda8/orchestration-cluster-api.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EngineApi } from '../../../src/engine/engine-api';

type Json = Record<string, unknown>;
type Filter = Record<string, unknown>;

export type StandInEngine = EngineApi & { takenSequenceFlows?(processInstanceKey: string): string[] };

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function send(res: ServerResponse, status: number, body?: unknown, type = 'application/json'): void {
  res.statusCode = status;
  if (body === undefined) {
    res.end();
    return;
  }
  res.setHeader('Content-Type', type);
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function problem(res: ServerResponse, status: number, detail: string): void {
  send(res, status, { type: 'about:blank', title: status === 404 ? 'NOT_FOUND' : 'INVALID_ARGUMENT', status, detail }, 'application/problem+json');
}

function matches(item: Json, filter: Filter | undefined): boolean {
  for (const [field, wanted] of Object.entries(filter ?? {})) {
    if (wanted === undefined) continue;
    const value = item[field];
    if (wanted !== null && typeof wanted === 'object' && '$eq' in (wanted as Json)) {
      if (value !== (wanted as Json).$eq) return false;
    } else if (value !== wanted) {
      return false;
    }
  }
  return true;
}

function page(items: Json[], query: Json): Json {
  const filtered = items.filter((item) => matches(item, query.filter as Filter | undefined));
  const sort = (query.sort as { field: string; order?: string }[] | undefined) ?? [];
  for (const { field, order } of [...sort].reverse()) {
    const sign = order === 'DESC' ? -1 : 1;
    filtered.sort((a, b) => sign * String(a[field] ?? '').localeCompare(String(b[field] ?? '')));
  }
  const { from = 0, limit = 100 } = (query.page as { from?: number; limit?: number } | undefined) ?? {};
  return { items: filtered.slice(from, from + limit), page: { totalItems: filtered.length } };
}

export function createCamundaRestStandIn(engine: StandInEngine) {
  const processInstances = () =>
    [...engine.listProcessInstances()].map((p) => ({
      processInstanceKey: p.processInstanceKey,
      processDefinitionKey: p.processDefinitionKey,
      processDefinitionId: p.bpmnProcessId,
      processDefinitionName: p.bpmnProcessId,
      processDefinitionVersion: p.version,
      state: p.state,
      startDate: iso(p.startDate),
      endDate: iso(p.endDate),
      hasIncident: p.hasIncident,
      tenantId: p.tenantId,
    }));
  const elementInstances = () =>
    [...engine.listElementInstances()].map((e) => ({
      elementInstanceKey: e.key,
      processInstanceKey: e.processInstanceKey,
      processDefinitionKey: e.processDefinitionKey,
      processDefinitionId: e.bpmnProcessId,
      elementId: e.elementId,
      elementName: e.elementName ?? e.elementId,
      type: e.type,
      state: e.state,
      startDate: iso(e.startDate),
      endDate: iso(e.endDate),
      hasIncident: e.incidentKey !== undefined && e.state === 'ACTIVE',
      incidentKey: e.incidentKey,
      tenantId: e.tenantId,
    }));
  const incidents = () =>
    [...engine.listIncidents()].map((i) => ({
      incidentKey: i.key,
      processInstanceKey: i.processInstanceKey,
      processDefinitionKey: i.processDefinitionKey,
      processDefinitionId: i.bpmnProcessId,
      elementId: i.elementId,
      elementInstanceKey: i.elementInstanceKey,
      errorType: i.errorType,
      errorMessage: i.errorMessage,
      creationTime: iso(i.creationTime),
      state: i.state,
      jobKey: i.jobKey,
      tenantId: i.tenantId,
    }));
  const variables = () =>
    [...engine.listVariables()].map((v) => ({
      variableKey: v.key,
      name: v.name,
      value: JSON.stringify(v.value),
      scopeKey: v.scopeKey,
      processInstanceKey: v.processInstanceKey,
      isTruncated: false,
      tenantId: v.tenantId,
    }));
  const definitions = () =>
    [...engine.listProcessDefinitions()].map((d) => ({
      processDefinitionKey: d.processDefinitionKey,
      processDefinitionId: d.bpmnProcessId,
      name: d.name,
      version: d.version,
      resourceName: d.resourceName,
      tenantId: d.tenantId,
    }));

  /** Answers a /v2 request; false when the path is not one the stand-in knows. */
  return async function handle(req: IncomingMessage, res: ServerResponse, body: Json): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/^\/v2/, '');
    const method = req.method ?? 'GET';
    let m: RegExpExecArray | null;
    try {
      if (method === 'POST' && path === '/process-instances/search') send(res, 200, page(processInstances(), body));
      else if (method === 'POST' && path === '/element-instances/search') send(res, 200, page(elementInstances(), body));
      else if (method === 'POST' && path === '/incidents/search') send(res, 200, page(incidents(), body));
      else if (method === 'POST' && path === '/variables/search') send(res, 200, page(variables(), body));
      else if (method === 'POST' && path === '/process-definitions/search') send(res, 200, page(definitions(), body));
      else if (method === 'POST' && path === '/process-instances') {
        const created = engine.createProcessInstance({
          bpmnProcessId: body.processDefinitionId as string,
          variables: (body.variables as Json) ?? {},
        });
        send(res, 200, {
          processInstanceKey: created.processInstanceKey,
          processDefinitionKey: created.processDefinitionKey,
          processDefinitionId: created.bpmnProcessId,
          processDefinitionVersion: created.version,
          tenantId: created.tenantId,
        });
      } else if (method === 'GET' && (m = /^\/process-instances\/(\d+)$/.exec(path))) {
        const found = processInstances().find((p) => p.processInstanceKey === m![1]);
        if (found) send(res, 200, found);
        else problem(res, 404, `Process instance ${m[1]} not found`);
      } else if (method === 'GET' && (m = /^\/process-instances\/(\d+)\/sequence-flows$/.exec(path))) {
        if (!engine.takenSequenceFlows) return false;
        const flows = engine.takenSequenceFlows(m[1]);
        send(res, 200, { items: flows.map((id) => ({ sequenceFlowId: id, elementId: id, processInstanceKey: m![1] })) });
      } else if (method === 'POST' && (m = /^\/process-instances\/(\d+)\/cancellation$/.exec(path))) {
        engine.cancelProcessInstance(m[1]);
        send(res, 204);
      } else if (method === 'GET' && (m = /^\/process-definitions\/(\d+)\/xml$/.exec(path))) {
        const xml = engine.getProcessDefinitionXml(m[1]);
        if (xml) send(res, 200, xml, 'text/xml');
        else problem(res, 404, `Process definition ${m[1]} not found`);
      } else if (method === 'POST' && (m = /^\/incidents\/(\d+)\/resolution$/.exec(path))) {
        engine.resolveIncident(m[1]);
        send(res, 204);
      } else if (method === 'PATCH' && (m = /^\/jobs\/(\d+)$/.exec(path))) {
        const retries = (body.changeset as Json | undefined)?.retries;
        if (typeof retries === 'number') engine.updateJobRetries(m[1], retries);
        send(res, 204);
      } else {
        return false;
      }
    } catch (err) {
      const code = (err as { code?: string }).code;
      problem(res, code === 'NOT_FOUND' ? 404 : 400, (err as Error).message);
    }
    return true;
  };
}
