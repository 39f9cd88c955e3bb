/**
 * A model replaces its file only if the models in bpmn/ with it would still deploy at the next start: lint-clean
 * models that share a process id with another file, or that the engine's deploy rejects, are kept as drafts with
 * the engine's reason as their problem (only Deploy is blocked), and the files the next start deploys stay byte
 * for byte as they were (a new one is not created). Then the next start still deploys: starting the app on that
 * directory works.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { uniqueProcessIdsCheck } from '../../src/app/models/deployable-check';
import { openTestDatabase } from '../data/test-database';
import { startTestBaton } from '../support/test-baton';
import { AUTH, ROOT, startTestApp, type TestApp } from './app-harness';

const ORDER_XML = readFileSync(path.join(ROOT, 'bpmn', 'order-fulfilment.bpmn'), 'utf8');

/** order-fulfilment under another process id (lint-clean). */
const withProcessId = (id: string) => ORDER_XML.replace(/="order-fulfilment"/g, `="${id}"`);

describe('saving a model that would stop the next start', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const put = (name: string, xml: string) =>
    request(t.app).put(`/api/models/${name}`).set(AUTH).set('Content-Type', 'application/xml').send(xml);
  /** Every file the next start deploys (the models directory's files, not its drafts folder) with its bytes. */
  const directory = () =>
    Object.fromEntries(
      readdirSync(t.modelsDir, { withFileTypes: true })
        .filter((f) => f.isFile())
        .map((f) => [f.name, readFileSync(path.join(t.modelsDir, f.name)).toString('hex')]),
    );
  /** The answer of a save kept as a draft because the deployment would be refused for `reason`. */
  const expectUndeployableDraft = (res: request.Response, reason: string | RegExp) => {
    expect([200, 201]).toContain(res.status);
    expect(res.body.draft).toBe(true);
    expect(res.body.problems).toEqual([{ rule: 'deploy', category: 'error', message: expect.stringMatching(reason) }]);
    expect(res.body.problems[0].message).toMatch(/^the models with it would not deploy: /);
  };

  it('three lint-clean models with one process id: the first is saved, the others are kept as drafts', async () => {
    expect(withProcessId('shared-process')).not.toBe(ORDER_XML);
    const first = await put('shared-a', withProcessId('shared-process'));
    expect(first.status).toBe(201);
    expect(first.body.warnings.filter((w: { category: string }) => w.category === 'error')).toEqual([]);

    const before = directory();
    for (const name of ['shared-b', 'shared-c']) {
      expectUndeployableDraft(
        await put(name, withProcessId('shared-process')),
        "Expected the process id 'shared-process' to be unique within one deployment",
      );
      expect(existsSync(path.join(t.modelsDir, `${name}.bpmn`))).toBe(false);
      expect(existsSync(path.join(t.modelsDir, '.drafts', `${name}.bpmn`))).toBe(true);
    }
    expect(directory()).toEqual(before);
  });

  it('a copy of an existing model under its process id is a draft; saving that model itself is not', async () => {
    const before = directory();
    expectUndeployableDraft(await put('order-copy-same-id', ORDER_XML), /to be unique within one deployment/);
    expect(directory()).toEqual(before);
    const changed = ORDER_XML.replace('name="Charge payment"', 'name="Charge the payment"');
    expect((await put('order-fulfilment', changed)).status).toBe(200);
  });

  it('a lint-clean model the engine’s deploy rejects is a draft with the engine’s reason, the file unchanged', async () => {
    const listened = ORDER_XML.replace(
      /(<zeebe:taskDefinition type="escalate-shipment"[^>]*\/>)/,
      // (listeners run since issue 21; an event type other than start and end lint lets through, deploy does not)
      '$1<zeebe:executionListeners><zeebe:executionListener eventType="begin" type="audit" /></zeebe:executionListeners>',
    );
    expect(listened).not.toBe(ORDER_XML);
    const before = directory();
    const res = await put('order-fulfilment', listened);
    expectUndeployableDraft(
      res,
      /'order-fulfilment\.bpmn'.*escalate-shipment|escalate-shipment.*'order-fulfilment\.bpmn'/s,
    );
    expect(directory()).toEqual(before);
  });

  it('against a cluster only the process ids across files are checked', async () => {
    const files = (ids: string[]) =>
      ids.map((id, i) => ({ name: `m${i}.bpmn`, content: Buffer.from(withProcessId(id)) }));
    await expect(uniqueProcessIdsCheck(files(['a', 'b']))).resolves.toBeUndefined();
    await expect(uniqueProcessIdsCheck(files(['a', 'b', 'a']))).rejects.toThrow(
      "Expected the process id 'a' to be unique within one deployment",
    );
  });

  it('after the refusals, the app still starts on that models directory', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-models-start-'));
    try {
      const baton = await startTestBaton({
        dataDir,
        env: { ENGINE_DATA: 'memory', API_KEY: 'models-start-key-0123456789' },
        openDatabase: openTestDatabase,
        workers: { taskTypes: [] },
        bpmnDir: t.modelsDir,
      });
      await baton.close(5_000);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
