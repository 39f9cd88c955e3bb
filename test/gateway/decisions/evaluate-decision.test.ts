/**
 * Issue 21, point 1: evaluating a deployed decision through the unmodified clients. gRPC EvaluateDecision (the
 * SDK) and REST `POST /v2/decision-definitions/evaluation` (orchestration-cluster-api) answer the output, every
 * decision evaluated (required ones first) with its inputs and matched rules; a failing decision is an answer
 * naming it, not an error; a decision that is not deployed is NOT_FOUND in Zeebe's words.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { type EmbeddedTestEngine, startEmbeddedEngine } from '../../support/engine';
import { type RestClient, restClientFor } from '../../support/rest-client';
import { limitsDmn } from './limits-dmn';

const SHIPPING = readFileSync(join(__dirname, '../../engine/decisions/fixtures/shipping-carrier.dmn'), 'utf8');
const order = { order: { items: [{ weight: 1 }], country: 'DE', total: 20 } };

describe('decision evaluation through the SDK and the REST client', () => {
  let cluster: EmbeddedTestEngine;
  let client: RestClient;
  let decisionKeys: Record<string, string>;

  beforeAll(async () => {
    cluster = await startEmbeddedEngine();
    client = restClientFor(cluster.restAddress as string);
    const deployed = await cluster.zeebe.deployResource({ name: 'shipping.dmn', decision: Buffer.from(SHIPPING) });
    await cluster.zeebe.deployResource({ name: 'limits.dmn', decision: Buffer.from(limitsDmn()) });
    decisionKeys = Object.fromEntries(
      deployed.deployments.flatMap((d) => (d.decision ? [[d.decision.dmnDecisionId, d.decision.decisionKey]] : [])),
    );
  });
  afterAll(() => cluster?.close());

  test('gRPC: by id, the output and the audit of the required decision and the decision', async () => {
    const response = await cluster.zeebe.evaluateDecision({ decisionId: 'ShippingCarrier', variables: order });
    expect(response).toMatchObject({
      decisionKey: decisionKeys.ShippingCarrier,
      decisionId: 'ShippingCarrier',
      decisionName: 'Shipping carrier',
      decisionVersion: 1,
      decisionRequirementsId: 'ShippingDecisions',
      decisionOutput: JSON.stringify({ carrier: 'Deutsche Post', express: false }),
      failedDecisionId: '',
      failureMessage: '',
      tenantId: '<default>',
      decisionInstanceKey: expect.stringMatching(/^\d+$/),
    });
    expect(response.evaluatedDecisions.map((d) => [d.decisionId, d.decisionKey, d.decisionOutput])).toEqual([
      ['ParcelSize', decisionKeys.ParcelSize, '"small"'],
      ['ShippingCarrier', decisionKeys.ShippingCarrier, JSON.stringify({ carrier: 'Deutsche Post', express: false })],
    ]);
    const carrier = response.evaluatedDecisions[1];
    expect(carrier.decisionType).toBe('DECISION_TABLE');
    expect(carrier.evaluatedInputs).toEqual([
      { inputId: 'SizeInput', inputName: 'Parcel size', inputValue: '"small"' },
      { inputId: 'CountryInput', inputName: 'Country', inputValue: '"DE"' },
    ]);
    expect(carrier.matchedRules).toEqual([
      {
        ruleId: 'DomesticLetter',
        ruleIndex: 1,
        evaluatedOutputs: [
          { outputId: 'CarrierOutput', outputName: 'carrier', outputValue: '"Deutsche Post"' },
          { outputId: 'ExpressOutput', outputName: 'express', outputValue: 'false' },
        ],
      },
    ]);
  });

  test('gRPC: by key; a failing decision answers its id and the reason; an unknown one is NOT_FOUND', async () => {
    const byKey = await cluster.zeebe.evaluateDecision({ decisionKey: decisionKeys.ParcelSize, variables: order });
    expect(byKey).toMatchObject({ decisionId: 'ParcelSize', decisionOutput: '"small"' });

    const failed = await cluster.zeebe.evaluateDecision({ decisionId: 'approval', variables: { amount: 10 } });
    expect(failed.decisionOutput).toBe('null');
    expect(failed.failedDecisionId).toBe('limit');
    expect(failed.failureMessage).toMatch(
      /^Expected to evaluate decision 'approval', but multiple values aren't allowed for UNIQUE hit policy/,
    );
    expect(failed.evaluatedDecisions.map((d) => d.decisionId)).toEqual(['limit']);
    const approved = await cluster.zeebe.evaluateDecision({ decisionId: 'approval', variables: { amount: 70 } });
    expect(JSON.parse(approved.decisionOutput)).toEqual({ ok: true, limit: 'small' });

    const missing = await cluster.zeebe.evaluateDecision({ decisionId: 'nope', variables: {} }).catch((e) => e);
    expect(missing.code).toBe(grpc.status.NOT_FOUND);
    expect(missing.details).toBe(
      "Command 'EVALUATE' rejected with code 'NOT_FOUND': Expected to evaluate decision 'nope', but no decision found for id 'nope'",
    );
  });

  test('REST: the 8.8 EvaluateDecisionResult; an unknown key is 404, neither id nor key 400', async () => {
    const result = await client.evaluateDecision({
      decisionDefinitionId: 'ShippingCarrier',
      variables: order,
    } as never);
    expect(result).toMatchObject({
      decisionDefinitionId: 'ShippingCarrier',
      decisionDefinitionName: 'Shipping carrier',
      decisionDefinitionVersion: 1,
      decisionDefinitionKey: decisionKeys.ShippingCarrier,
      decisionRequirementsId: 'ShippingDecisions',
      output: JSON.stringify({ carrier: 'Deutsche Post', express: false }),
      failedDecisionDefinitionId: '',
      failureMessage: '',
      tenantId: '<default>',
    });
    expect(result.decisionInstanceKey).toBe(result.decisionEvaluationKey);
    expect(result.evaluatedDecisions.map((d) => [d.decisionDefinitionId, d.decisionEvaluationInstanceKey])).toEqual([
      ['ParcelSize', `${result.decisionEvaluationKey}-1`],
      ['ShippingCarrier', `${result.decisionEvaluationKey}-2`],
    ]);
    expect(result.evaluatedDecisions[1].matchedRules?.[0]?.ruleId).toBe('DomesticLetter');

    const byKey = await client.evaluateDecision({
      decisionDefinitionKey: decisionKeys.ParcelSize,
      variables: order,
    } as never);
    expect(byKey.output).toBe('"small"');

    const status = (p: Promise<unknown>) => p.then(() => 200).catch((e) => e.status ?? e.response?.status ?? e);
    expect(await status(client.evaluateDecision({ decisionDefinitionKey: '2251799813999999' } as never))).toBe(404);
    expect(await status(client.evaluateDecision({ variables: {} } as never))).toBe(400);
  });
});
