/**
 * Runs one CPT JSON test case against the toolkit's cluster: its instructions in order, each one's failure
 * naming the instruction (number, type) and what went wrong, an unknown instruction failing before anything
 * runs. The mock workers the case started stop when it ends, whatever the outcome, its stub decisions and
 * child processes are deleted, and a clock the case moved returns to system time.
 *
 * In jest, `describeCptTestCases(files, () => pt)` makes a describe per file and a test per case.
 */
import path from 'node:path';
import type { ProcessTest } from '../process-test';
import type { CaseContext } from './case-context';
import { INSTRUCTIONS, UNSUPPORTED } from './instructions';
import { type CptTestCase, readCptTestCases } from './test-case';

/** The instruction types this runner does, for messages and docs. */
export const SUPPORTED_INSTRUCTIONS = Object.keys(INSTRUCTIONS).sort();

/** Fails naming each instruction this runner does not know or does not do, before the case starts. */
export function checkInstructions(testCase: CptTestCase): void {
  const problems = testCase.instructions.flatMap((instruction, n) => {
    const where = `instruction ${n + 1} (${instruction.type})`;
    if (INSTRUCTIONS[instruction.type]) return [];
    if (UNSUPPORTED[instruction.type]) return [`${where} is not supported: ${UNSUPPORTED[instruction.type]}`];
    return [`${where}: unknown instruction type '${instruction.type}'; known: ${SUPPORTED_INSTRUCTIONS.join(', ')}`];
  });
  if (problems.length > 0) throw new Error(`test case '${testCase.name}': ${problems.join('\n')}`);
}

export async function runCptTestCase(pt: ProcessTest, testCase: CptTestCase): Promise<void> {
  checkInstructions(testCase);
  const ctx: CaseContext = { pt, created: [], mocks: [] };
  try {
    for (const [n, instruction] of testCase.instructions.entries()) {
      try {
        await INSTRUCTIONS[instruction.type](ctx, instruction);
      } catch (err) {
        const error = err as Error;
        error.message = `test case '${testCase.name}', instruction ${n + 1} (${instruction.type}): ${error.message}`;
        throw error;
      }
    }
  } finally {
    await Promise.all(ctx.mocks.map((m) => m.stop()));
    // CPT gives every test case a fresh clock and no mocks: stubs deleted, a moved clock put back
    await pt.cleanUpTest();
  }
}

/** jest: a describe per file, a test per case; the toolkit is asked for when the test runs (beforeAll made it). */
export function describeCptTestCases(files: readonly string[], toolkit: () => ProcessTest, timeoutMs?: number): void {
  for (const file of files) {
    const { testCases } = readCptTestCases(file);
    describe(path.basename(file), () => {
      for (const testCase of testCases) {
        test(testCase.name, () => runCptTestCase(toolkit(), testCase), timeoutMs);
      }
    });
  }
}
