/** Memory: RSS per waiting instance (parked at a message catch), measured in a fresh child process. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export function bytesPerWaitingInstance(instances: number): number {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', path.join(__dirname, 'memory-child.ts'), String(instances)],
    {
      cwd: path.join(__dirname, '..'),
      encoding: 'utf8',
    },
  );
  return (JSON.parse(out.trim().split('\n').pop() as string) as { bytesPerInstance: number }).bytesPerInstance;
}
