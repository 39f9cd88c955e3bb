/**
 * `mockDmnDecision(decisionId, output)`, as Camunda Process Test's: deploys a stub decision under that id (a
 * DRG holding one decision whose literal expression is the output), so a business rule task calling it gets
 * that output as its result without evaluating the real decision. CPT builds the same stub. The stub is the
 * latest version of the decision until it is deleted: the toolkit deletes it when the test ends (test-scope.ts),
 * so the real decision's latest version is used again.
 */
import type { RestApi } from './rest-api';

/** `mockDmnDecision(id)` without an output: CPT's `thenReturn` style */
export interface DecisionMock {
  /** deploys the stub whose result is this output */
  thenReturn(output: unknown): Promise<void>;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The stub's DMN: a JSON value is a FEEL literal (objects are contexts with string keys). */
export function decisionStub(decisionId: string, output: unknown): string {
  const id = escapeXml(decisionId);
  const feel = escapeXml(JSON.stringify(output ?? null));
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="mock-${id}" name="${id}-name"
  namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="${id}" name="${id}-decision-name">
    <literalExpression><text>${feel}</text></literalExpression>
  </decision>
</definitions>`;
}

/** Deploys the stub; resolves with the stub DRG's key (deleting it undoes the mock). */
export async function mockDmnDecision(api: RestApi, decisionId: string, output: unknown): Promise<string> {
  const deployed = await api.deployResource(`mock-${decisionId}.dmn`, decisionStub(decisionId, output));
  const drg = deployed.find((d) => d.decisionRequirements)?.decisionRequirements;
  if (!drg) throw new Error(`mockDmnDecision('${decisionId}'): the cluster deployed no decision from the stub`);
  return String(drg.decisionRequirementsKey);
}
