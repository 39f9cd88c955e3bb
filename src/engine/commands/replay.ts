/**
 * Rebuilds engine state from journal records: each record's kind is looked up (a command of the table runs
 * again through the same runner as live, the engine's own records replay as engine-records.ts says) at its
 * recorded time. Commands that were rejected when they first ran are rejected again and change nothing.
 *
 * Records from an engine that ran every command to its end (before any 'slices' mark, after a snapshot
 * without `stepsPerSlice`) are each replayed to their end before the next record; what the last of them
 * left running (a token loop, which that engine never got past) goes on in slices after the replay.
 */
import type { BudgetExcess } from '../runtime/feel-budgets';
import { type CommandRecord, isCommandName } from './command-table';
import { engineRecords, type ReplayHost } from './engine-records';
import type { JournalRecord } from './journal-record';

export async function replayJournal(host: ReplayHost, records: JournalRecord[]) {
  const { clock, steps, feelBudgets } = host.runtime;
  const excesses = excessesByCommand(records);
  try {
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (r.c === 'feelBudget') continue; // (handed to the command it belongs to, below)
      if (steps.stepsPerSlice === undefined) steps.finishPending();
      clock.setReplayTime(r.t); // time is what the record says it was
      feelBudgets.replaying(excesses.get(i) ?? []);
      try {
        const replayed = replayRecord(host, r);
        if (replayed) await replayed;
      } catch {
        // the command was rejected when it first ran too; rejection is part of the recorded history
      }
    }
  } finally {
    feelBudgets.live();
  }
}

const isCommand = (r: JournalRecord): r is Extract<JournalRecord, CommandRecord> => isCommandName(r.c);

function replayRecord(host: ReplayHost, r: JournalRecord): void | Promise<void> {
  if (isCommand(r)) return host.commands.replay(r);
  // (one of the engine's own records: the kind named by r.c takes r's shape; a kind this engine does not know
  // changes nothing, as before the table)
  const kind = engineRecords[r.c] as
    | { replay(host: ReplayHost, record: JournalRecord): void | Promise<void> }
    | undefined;
  return kind?.replay(host, r);
}

/** The FEEL evaluations that went over their budget, by the index of the command that ran them. */
function excessesByCommand(records: JournalRecord[]): Map<number, BudgetExcess[]> {
  const byCommand = new Map<number, BudgetExcess[]>();
  records.forEach((r, i) => {
    if (r.c !== 'feelBudget') return;
    const { scope, expression, limit, amount } = r;
    const list = byCommand.get(i - r.back) ?? [];
    list.push({ scope, expression, limit, amount });
    byCommand.set(i - r.back, list);
  });
  return byCommand;
}
