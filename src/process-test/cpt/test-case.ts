/**
 * Camunda Process Test's JSON test cases (https://camunda.com/json-schema/cpt-test-cases/8.9/schema.json),
 * the format Web Modeler's test files also use: a file holds `testCases`, each a name and a list of
 * instructions, each instruction a `type` and that type's fields. Only the shape is checked here; what an
 * instruction's fields mean is in instructions.ts.
 */
import { readFileSync } from 'node:fs';

export interface CptInstruction {
  type: string;
  [field: string]: unknown;
}

export interface CptTestCase {
  name: string;
  description?: string;
  instructions: CptInstruction[];
}

export interface CptTestCaseFile {
  $schema?: string;
  /** Web Modeler's test files name the process they test (not part of CPT's schema; ignored by CPT) */
  processId?: string;
  testCases: CptTestCase[];
}

/** Reads and shape-checks a file; the error names the file and the first field that is wrong. */
export function readCptTestCases(file: string): CptTestCaseFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not a JSON test case file: ${(err as Error).message}`);
  }
  return checkCptTestCases(parsed, file);
}

export function checkCptTestCases(parsed: unknown, source = 'test cases'): CptTestCaseFile {
  const fail = (where: string, what: string): never => {
    throw new Error(`${source}: ${where} ${what}`);
  };
  if (!isRecord(parsed)) fail('the file', 'must be a JSON object');
  const file = parsed as Record<string, unknown>;
  if (!Array.isArray(file.testCases)) fail('testCases', 'must be an array');
  for (const [i, testCase] of (file.testCases as unknown[]).entries()) {
    if (!isRecord(testCase)) {
      fail(`testCases[${i}]`, 'must be an object');
      continue;
    }
    if (typeof testCase.name !== 'string' || testCase.name === '') fail(`testCases[${i}].name`, 'must be a string');
    if (!Array.isArray(testCase.instructions)) fail(`testCases[${i}].instructions`, 'must be an array');
    for (const [j, instruction] of (testCase.instructions as unknown[]).entries()) {
      if (!isRecord(instruction) || typeof instruction.type !== 'string') {
        fail(`testCases[${i}].instructions[${j}]`, "must be an object with a string 'type'");
      }
    }
  }
  return file as unknown as CptTestCaseFile;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
