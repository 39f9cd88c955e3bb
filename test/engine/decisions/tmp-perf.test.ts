import { evaluateDecision } from '../../../src/engine/decisions';
import { definitions, parsed, table } from './dmn-xml';

it('perf', async () => {
  const rules: [string[], string[]][] = [];
  for (let i = 0; i < 10; i++) rules.push([[`"c${i}"`, `[${i * 10}..${i * 10 + 9}]`], [`${i}`]]);
  const drg = await parsed(
    definitions(table('d', { hitPolicy: 'FIRST', inputs: ['customer', 'amount'], outputs: ['y'], rules })),
  );
  const n = 20000;
  const t = performance.now();
  for (let i = 0; i < n; i++) evaluateDecision(drg, 'd', { customer: `c${i % 10}`, amount: (i % 10) * 10 + 5 });
  console.log('per eval µs', (((performance.now() - t) * 1000) / n).toFixed(1));
});
