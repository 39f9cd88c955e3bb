/**
 * Issue 20: `count(for i in 1..50000000 return i)` in a script task aborted the process out of memory. In a
 * child with a 64 MB heap (where building that list dies at once), the range is refused before it is built:
 * the instance gets its incident and the next instance runs.
 */
import path from 'node:path';
import { spawnNode } from '../support/child-process';

test('a range of 50,000,000 in a script task is an incident, not an out-of-memory abort', async () => {
  const probe = spawnNode(
    [require.resolve('tsx/cli'), path.join('test', 'support', 'feel-heap-probe.ts'), '50000000'],
    {
      ...process.env,
      NODE_OPTIONS: '--max-old-space-size=64',
    } as Record<string, string>,
  );
  const code = await probe.exited;
  expect({ code, stderr: probe.stderr().slice(-2000) }).toEqual({ code: 0, stderr: '' });
  expect(JSON.parse(probe.stdout())).toEqual({
    incidents: [
      "failed to evaluate expression 'count(for i in 1..n return i)' of element 'compute': the evaluation exceeded the FEEL evaluation limit of 1000000 items (ENGINE_FEEL_MAX_ITEMS)",
    ],
    total: 10,
  });
});
