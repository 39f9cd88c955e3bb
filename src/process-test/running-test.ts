/**
 * Which jest test is running, read from jest's expect state: mocks and stubs belong to the test that made
 * them, and coverage is reported per test file and per test case. Outside jest: undefined.
 */
import path from 'node:path';

export interface RunningTest {
  /** the test file, relative to the working directory */
  file: string;
  /** the test's full name ('' in beforeAll / afterAll) */
  name: string;
}

export function runningTest(): RunningTest | undefined {
  const jestExpect = (globalThis as { expect?: { getState?: () => { currentTestName?: string; testPath?: string } } })
    .expect;
  const state = jestExpect?.getState?.();
  if (!state) return undefined;
  const file = state.testPath ? path.relative(process.cwd(), state.testPath) : '';
  return { file, name: state.currentTestName ?? '' };
}

/** the running test as one string (file and name), or undefined outside jest */
export function currentTest(): string | undefined {
  const test = runningTest();
  return test ? `${test.file}\u0000${test.name}` : undefined;
}
