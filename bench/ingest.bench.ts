/**
 * API ingest, workers off (issue 26): `POST /api/orders` on the app as `npm start` runs it but with no worker
 * started (the order row committed and the instance start on the journal; the orders then wait as jobs), no
 * admission bound, beside the bare Express JSON handler of rest-api.bench.ts. The two alternate, so a change in
 * the machine's load meets both alike.
 */
import { bareExpressPerSecond } from './rest-api.bench';
import { apiWithoutWorkersPerSecond } from './rest-layers.bench';
import { type BenchRow, summarize } from './stats';

export interface IngestSamples {
  api: number[];
  bare: number[];
}

export async function ingestSamples(seconds: number, reps: number): Promise<IngestSamples> {
  const samples: IngestSamples = { api: [], bare: [] };
  for (let i = 0; i < reps; i++) {
    samples.api.push(await apiWithoutWorkersPerSecond(seconds));
    samples.bare.push(await bareExpressPerSecond(seconds));
  }
  return samples;
}

export async function ingestRow(seconds: number, reps: number): Promise<BenchRow> {
  const samples = await ingestSamples(seconds, reps);
  const a = summarize(samples.api);
  const b = summarize(samples.bare);
  return {
    name: `API ingest, workers off: POST /api/orders, autocannon 10 connections × ${seconds} s`,
    unit: 'req/s',
    ours: a,
    baseline: { name: 'bare Express JSON handler', summary: b },
    ratio: { label: 'ours ÷ bare', value: a.median / b.median, target: 0.5, higherIsBetter: true },
    note:
      'the app as `npm start` runs it (journaled engine, PGlite on disk) with no worker started and no admission ' +
      'bound (ORDER_BACKLOG_LIMIT=0): each 201 after the order row is committed and the instance start is on the ' +
      'journal; app and bare alternate, each after a warm-up',
  };
}
