/**
 * A DRG as Camunda Modeler 8.8 writes it (DMN 1.3 with its diagram, zeebe:versionTag, rule descriptions,
 * typeRefs and input values): a parcel size table (FIRST) required by a carrier table (UNIQUE, two outputs).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateDecision } from '../../../src/engine/decisions';
import { parsed } from './dmn-xml';

const xml = readFileSync(join(__dirname, 'fixtures', 'shipping-carrier.dmn'), 'utf8');
const order = (country: string, total: number, weights: number[]) => ({
  order: { country, total, items: weights.map((weight) => ({ weight })) },
});

describe('a Camunda Modeler DMN file', () => {
  it('parses with its DRG, decisions and version tag', async () => {
    const drg = await parsed(xml);
    expect([drg.id, drg.name]).toEqual(['ShippingDecisions', 'Shipping decisions']);
    expect(drg.decisions.map((d) => [d.id, d.name, d.versionTag, d.requiredDecisionIds])).toEqual([
      ['ParcelSize', 'Parcel size', '2026-12', []],
      ['ShippingCarrier', 'Shipping carrier', undefined, ['ParcelSize']],
    ]);
  });

  it('picks the carrier from the parcel size it requires', async () => {
    const drg = await parsed(xml);
    expect(evaluateDecision(drg, 'ShippingCarrier', order('DE', 150, [1, 3]))).toMatchObject({
      ok: true,
      decisionOutput: { carrier: 'DHL', express: true },
    });
    expect(evaluateDecision(drg, 'ShippingCarrier', order('DE', 10, [0.5]))).toMatchObject({
      decisionOutput: { carrier: 'Deutsche Post', express: false },
    });
    expect(evaluateDecision(drg, 'ShippingCarrier', order('FR', 10, [30]))).toMatchObject({
      decisionOutput: { carrier: 'UPS', express: true },
    });
  });

  it('reports both decisions as Zeebe would in EvaluateDecisionResponse', async () => {
    const drg = await parsed(xml);
    const { evaluatedDecisions } = evaluateDecision(drg, 'ShippingCarrier', order('DE', 150, [1, 3]));
    expect(evaluatedDecisions).toEqual([
      {
        decisionId: 'ParcelSize',
        decisionName: 'Parcel size',
        decisionType: 'DECISION_TABLE',
        decisionOutput: 'medium',
        evaluatedInputs: [{ inputId: 'WeightInput', inputName: 'Weight (kg)', inputValue: 4 }],
        matchedRules: [
          {
            ruleId: 'MediumParcel',
            ruleIndex: 2,
            evaluatedOutputs: [{ outputId: 'SizeOutput', outputName: 'size', outputValue: 'medium' }],
          },
        ],
      },
      {
        decisionId: 'ShippingCarrier',
        decisionName: 'Shipping carrier',
        decisionType: 'DECISION_TABLE',
        decisionOutput: { carrier: 'DHL', express: true },
        evaluatedInputs: [
          { inputId: 'SizeInput', inputName: 'Parcel size', inputValue: 'medium' },
          { inputId: 'CountryInput', inputName: 'Country', inputValue: 'DE' },
        ],
        matchedRules: [
          {
            ruleId: 'DomesticParcel',
            ruleIndex: 2,
            evaluatedOutputs: [
              { outputId: 'CarrierOutput', outputName: 'carrier', outputValue: 'DHL' },
              { outputId: 'ExpressOutput', outputName: 'express', outputValue: true },
            ],
          },
        ],
      },
    ]);
  });
});
