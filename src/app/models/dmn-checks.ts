/**
 * The "lint" of a decision (.dmn): dmn-moddle must read it as DMN (else there is nothing the editor could
 * open), and the engine's deploy validation must accept it; what it refuses is a problem in the engine's
 * words without deploy's preamble. Elements dmn-moddle does not know are warnings: the engine reads the
 * decisions all the same.
 */

import { INVALID_DOCUMENT } from '../../engine/decisions/dmn-schema';
import { DmnReadError, readDmn } from '../../engine/decisions/read-dmn';
import { validateDeployment } from '../../engine/deployment-validation';
import { EngineError } from '../../engine/errors';
import type { LintProblem } from './bpmn-linter';

/** Deploy's wording before the resource's own reason. */
const DEPLOY_PREAMBLE = /^Expected to deploy new resources, but encountered the following errors:\n/;

export type DmnCheck = { readable: false; problem: LintProblem } | { readable: true; problems: LintProblem[] };

export async function checkDmn(fileName: string, xml: string): Promise<DmnCheck> {
  try {
    await readDmn(xml);
  } catch (err) {
    if (!(err instanceof DmnReadError)) throw err;
    if (err.message === INVALID_DOCUMENT) {
      const message = `two elements share one id; every id in the file must be unique (${err.message})`;
      return { readable: true, problems: [{ rule: 'deploy', message, category: 'error' }] };
    }
    return {
      readable: false,
      problem: { rule: 'import', message: `not a DMN document: ${err.message}`, category: 'error' },
    };
  }
  const problems: LintProblem[] = [];
  try {
    await validateDeployment([{ name: fileName, content: xml }]);
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
    for (const line of err.message.replace(DEPLOY_PREAMBLE, '').split('\n').filter(Boolean)) {
      problems.push({ rule: 'deploy', message: line, category: 'error' });
    }
  }
  return { readable: true, problems };
}
