/**
 * Issue 21: bpmn/ may hold .dmn and .form files beside the models; start-up deploys them with the models in
 * one deployment, so a business rule task bound to its decision with bindingType=deployment finds it.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { openTestDatabase } from '../data/test-database';
import { limitsDmn } from '../gateway/decisions/limits-dmn';
import { bpmnXml } from '../support/bpmn';
import { formJson } from '../support/dmn-and-form';
import { startTestBaton } from '../support/test-baton';
import { AUTH, ROOT, startTestApp } from './app-harness';

const APPROVE = bpmnXml({
  id: 'approve',
  elements:
    '<bpmn:startEvent id="start"/><bpmn:businessRuleTask id="decide"><bpmn:extensionElements><zeebe:calledDecision decisionId="approval" resultVariable="decision" bindingType="deployment"/></bpmn:extensionElements></bpmn:businessRuleTask><bpmn:endEvent id="end"/>',
  flows: ['start -> decide -> end'],
});

describe('start-up deploys the decisions and forms in bpmn/ with the models', () => {
  let dataDir: string;
  let modelsDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-deploy-dmn-'));
    modelsDir = path.join(dataDir, 'bpmn');
    mkdirSync(modelsDir);
    copyFileSync(path.join(ROOT, 'bpmn', 'order-fulfilment.bpmn'), path.join(modelsDir, 'order-fulfilment.bpmn'));
    writeFileSync(path.join(modelsDir, 'approve.bpmn'), APPROVE);
    writeFileSync(path.join(modelsDir, 'limits.dmn'), limitsDmn());
    writeFileSync(path.join(modelsDir, 'approval.form'), formJson('approval-form'));
    writeFileSync(path.join(modelsDir, 'notes.txt'), 'not deployed');
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('one deployment: the decision binds by deployment, the form is deployed', async () => {
    const baton = await startTestBaton({
      dataDir,
      env: { ENGINE_DATA: 'memory', API_KEY: 'deploy-dmn-key-0123456789' },
      openDatabase: openTestDatabase,
      workers: { taskTypes: [] },
      bpmnDir: modelsDir,
    });
    try {
      const engine = baton.engine;
      if (!engine) throw new Error('expected the embedded engine');
      expect([...(engine.listDecisionDefinitions?.() ?? [])].map((d) => d.decisionId).sort()).toEqual([
        'approval',
        'limit',
      ]);
      expect([...(engine.listForms?.() ?? [])].map((f) => [f.formId, f.resourceName])).toEqual([
        ['approval-form', 'approval.form'],
      ]);
      const { processInstanceKey } = engine.createProcessInstance({
        bpmnProcessId: 'approve',
        variables: { amount: 70 },
      });
      expect([...engine.listIncidents()]).toEqual([]);
      expect(engine.getProcessInstance(processInstanceKey)?.state).toBe('COMPLETED');
    } finally {
      await baton.close(5_000);
    }
  });
});

describe('saving a model checks the deployment start-up would make, decisions and forms included', () => {
  it('a .form in the directory that would not deploy keeps the save a draft with the engine’s reason', async () => {
    const t = await startTestApp();
    try {
      writeFileSync(path.join(t.modelsDir, 'broken.form'), JSON.stringify({ type: 'default', components: [] }));
      const xml = readFileSync(path.join(t.modelsDir, 'order-fulfilment.bpmn'), 'utf8');
      const put = () =>
        request(t.app).put('/api/models/order-fulfilment').set(AUTH).set('Content-Type', 'application/xml').send(xml);
      const draft = await put();
      expect([draft.status, draft.body.draft]).toEqual([200, true]);
      expect(draft.body.problems[0].message).toContain('would not deploy');
      expect(draft.body.problems[0].message).toContain('Expected the form id to be present');
      rmSync(path.join(t.modelsDir, 'broken.form'));
      expect((await put()).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
