/**
 * The ProcessStateReader over Camunda's REST v2 API, against a stand-in /v2 server that answers like Camunda
 * 8.8: it asks the documented endpoints with the instance filter, reads every page, orders completed
 * elements by completion (endDate, ties by key, as Camunda sorts), parses variable
 * values, and tells "no such instance" (404) from "API unreachable".
 */

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createCamundaRestStateReader } from '../../src/app/process-state/camunda-rest-state-reader';
import { ProcessStateUnavailableError } from '../../src/app/process-state/process-state-reader';

const KEY = '2251799813685251';

interface Element {
  elementInstanceKey: string;
  elementId: string;
  type: string;
  state: string;
  startDate: string;
  endDate?: string;
}

function element(key: number, elementId: string, state: string, start: string, end?: string): Element {
  return {
    elementInstanceKey: String(2251799813685300 + key),
    elementId,
    type: 'SERVICE_TASK',
    state,
    startDate: start,
    ...(end ? { endDate: end } : {}),
  };
}

describe('Camunda REST v2 process state reader', () => {
  let server: Server;
  let address: string;
  const requests: { method: string; path: string; body: unknown; query: unknown }[] = [];
  let elements: Element[] = [];
  let failWith: number | undefined;

  beforeAll(async () => {
    const app = express();
    app.use(express.json());
    app.use((req, _res, next) => {
      requests.push({ method: req.method, path: req.path, body: req.body, query: req.query });
      next();
    });
    app.use((_req, res, next) => {
      if (failWith) res.status(failWith).type('application/problem+json').json({ title: 'Internal', status: failWith });
      else next();
    });
    app.get('/v2/process-instances/:key', (req, res) => {
      if (req.params.key !== KEY) {
        res.status(404).type('application/problem+json').json({ type: 'about:blank', title: 'NOT_FOUND', status: 404 });
        return;
      }
      res.json({
        processInstanceKey: KEY,
        processDefinitionId: 'order-fulfilment',
        processDefinitionKey: '2251799813685249',
        processDefinitionVersion: 3,
        state: 'ACTIVE',
        startDate: '2026-01-01T10:00:00.000Z',
        hasIncident: true,
        tenantId: '<default>',
      });
    });
    app.post('/v2/element-instances/search', (req, res) => {
      const { from = 0, limit = 100 } = req.body.page ?? {};
      res.json({ items: elements.slice(from, from + limit), page: { totalItems: elements.length } });
    });
    app.post('/v2/incidents/search', (_req, res) => {
      res.json({
        items: [
          {
            incidentKey: '2251799813685400',
            elementId: 'create-shipment',
            errorMessage: 'carrier unreachable',
            errorType: 'JOB_NO_RETRIES',
            state: 'ACTIVE',
            processInstanceKey: KEY,
          },
        ],
        page: { totalItems: 1 },
      });
    });
    app.post('/v2/variables/search', (_req, res) => {
      res.json({
        items: [
          {
            variableKey: '1',
            name: 'orderId',
            value: '"o-1"',
            scopeKey: KEY,
            processInstanceKey: KEY,
            isTruncated: false,
          },
          {
            variableKey: '2',
            name: 'items',
            value: '[{"sku":"A","quantity":2}]',
            scopeKey: KEY,
            processInstanceKey: KEY,
            isTruncated: false,
          },
          {
            variableKey: '3',
            name: 'amount',
            value: '49.9',
            scopeKey: KEY,
            processInstanceKey: KEY,
            isTruncated: false,
          },
          { variableKey: '4', name: 'local', value: '1', scopeKey: '999', processInstanceKey: KEY, isTruncated: false },
        ],
        page: { totalItems: 4 },
      });
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    requests.length = 0;
    failWith = undefined;
  });

  it('reads the instance, its element instances, incidents and root variables through the /v2 search API', async () => {
    // as Camunda stores them: flow nodes only, no row for the process itself
    elements = [
      element(1, 'start', 'COMPLETED', '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:00.000Z'),
      element(2, 'charge-payment', 'COMPLETED', '2026-01-01T10:00:00.001Z', '2026-01-01T10:00:01.000Z'),
      element(3, 'create-shipment', 'ACTIVE', '2026-01-01T10:00:01.000Z'),
    ];
    const reader = createCamundaRestStateReader({ restAddress: address });
    const state = await reader.read(KEY);
    expect(state).toEqual({
      processInstanceKey: KEY,
      bpmnProcessId: 'order-fulfilment',
      processDefinitionKey: '2251799813685249',
      version: 3,
      state: 'ACTIVE',
      startDate: '2026-01-01T10:00:00.000Z',
      endDate: undefined,
      activeElementIds: ['create-shipment'],
      completedElementIds: ['start', 'charge-payment'],
      incidents: [
        {
          key: '2251799813685400',
          elementId: 'create-shipment',
          message: 'carrier unreachable',
          errorType: 'JOB_NO_RETRIES',
        },
      ],
      // added by issue 23: the step that failed, next to the incidents
      failedStep: {
        elementId: 'create-shipment',
        errorType: 'JOB_NO_RETRIES',
        message: 'carrier unreachable',
        incidentKey: '2251799813685400',
      },
      variables: { orderId: 'o-1', items: [{ sku: 'A', quantity: 2 }], amount: 49.9 },
    });
    const byPath = Object.fromEntries(requests.map((r) => [`${r.method} ${r.path}`, r]));
    expect(Object.keys(byPath).sort()).toEqual([
      `GET /v2/process-instances/${KEY}`,
      'POST /v2/element-instances/search',
      'POST /v2/incidents/search',
      'POST /v2/variables/search',
    ]);
    expect(byPath['POST /v2/element-instances/search'].body).toEqual(
      expect.objectContaining({ filter: { processInstanceKey: KEY } }),
    );
    expect(byPath['POST /v2/incidents/search'].body).toEqual(
      expect.objectContaining({ filter: { processInstanceKey: KEY, state: 'ACTIVE' } }),
    );
    expect(byPath['POST /v2/variables/search'].body).toEqual(
      expect.objectContaining({ filter: { processInstanceKey: KEY, scopeKey: KEY } }),
    );
    expect(byPath['POST /v2/variables/search'].query).toEqual({ truncateValues: 'false' });
  });

  it('orders completed elements that ended in the same millisecond by key (creation order)', async () => {
    const sameMs = '2026-01-01T10:00:05.000Z';
    elements = [
      element(9, 'cancel-shipment', 'COMPLETED', sameMs, sameMs),
      element(5, 'refund-payment', 'COMPLETED', sameMs, sameMs),
      element(4, 'release-inventory', 'COMPLETED', sameMs, sameMs),
    ];
    const state = await createCamundaRestStateReader({ restAddress: address }).read(KEY);
    expect(state?.completedElementIds).toEqual(['release-inventory', 'refund-payment', 'cancel-shipment']);
  });

  it('orders by endDate, then key', async () => {
    elements = [
      element(3, 'c', 'COMPLETED', '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:03.000Z'),
      element(2, 'b-second', 'COMPLETED', '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:02.000Z'),
      element(1, 'b-first', 'COMPLETED', '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:02.000Z'),
      element(0, 'a', 'COMPLETED', '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:01.000Z'),
    ];
    const state = await createCamundaRestStateReader({ restAddress: address }).read(KEY);
    expect(state?.completedElementIds).toEqual(['a', 'b-first', 'b-second', 'c']);
  });

  it('reads every page of a long history', async () => {
    elements = Array.from({ length: 25 }, (_, i) =>
      element(
        i,
        `task-${i}`,
        'COMPLETED',
        '2026-01-01T10:00:00.000Z',
        new Date(Date.UTC(2026, 0, 1, 10, 0, i)).toISOString(),
      ),
    );
    const state = await createCamundaRestStateReader({ restAddress: address, pageSize: 10 }).read(KEY);
    expect(state?.completedElementIds).toEqual(elements.map((e) => e.elementId));
    const pages = requests
      .filter((r) => r.path === '/v2/element-instances/search')
      .map((r) => (r.body as { page: unknown }).page);
    expect(pages).toEqual([
      { from: 0, limit: 10 },
      { from: 10, limit: 10 },
      { from: 20, limit: 10 },
    ]);
  });

  it('returns undefined for an instance the API does not know (404)', async () => {
    await expect(
      createCamundaRestStateReader({ restAddress: address }).read('2251799813680000'),
    ).resolves.toBeUndefined();
  });

  it('reports an unreachable or failing API as ProcessStateUnavailableError', async () => {
    failWith = 400;
    await expect(createCamundaRestStateReader({ restAddress: address }).read(KEY)).rejects.toBeInstanceOf(
      ProcessStateUnavailableError,
    );
    const closed = createCamundaRestStateReader({ restAddress: 'http://127.0.0.1:9' });
    await expect(closed.read(KEY)).rejects.toBeInstanceOf(ProcessStateUnavailableError);
  });
});
