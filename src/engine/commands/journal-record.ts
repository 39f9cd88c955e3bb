/**
 * What the journal records: every state-changing command as the engine received it (command-table.ts), with the
 * engine time it ran at, plus the records the engine writes itself (engine-records.ts: deployments, real-time
 * timer ticks and stream activations between commands, ...). Replaying the records in order on an empty engine
 * rebuilds the same state (keys, times and all), because the engine is deterministic given its commands and
 * their times, and given which FEEL evaluations went over their budget, which the journal records too (the
 * time limit is not deterministic).
 */
import type { CommandRecord } from './command-table';
import type { EngineRecord } from './engine-records';

export type JournalRecord = (CommandRecord | EngineRecord) & { t: number };
