/**
 * Rebuilds engine state from journal records: each command runs again at its recorded time, real-time
 * ticks fire what was due then, stream activations go to the same worker. Commands that were rejected
 * when they first ran are rejected again and change nothing.
 *
 * Records from an engine that ran every command to its end (before any 'slices' mark, after a snapshot
 * without `stepsPerSlice`) are each replayed to their end before the next record; what the last of them
 * left running (a token loop, which that engine never got past) goes on in slices after the replay.
 */
import type { EmbeddedEngine } from '../engine';
import type { BudgetExcess } from '../runtime/feel-budgets';
import type { JournalRecord } from './journal-record';

export async function replayJournal(engine: EmbeddedEngine, records: JournalRecord[]) {
  const clock = engine.runtime.clock;
  const steps = engine.runtime.steps;
  const budgets = engine.runtime.feelBudgets;
  const excesses = excessesByCommand(records);
  try {
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (r.c === 'feelBudget') continue; // (handed to the command it belongs to, below)
      if (steps.stepsPerSlice === undefined) steps.finishPending();
      clock.setReplayTime(r.t); // time is what the record says it was
      budgets.replaying(excesses.get(i) ?? []);
      if (r.c === 'deploy') {
        await engine.deploy(r.resources).catch(() => undefined);
        continue;
      }
      try {
        apply(engine, r);
      } catch {
        // the command was rejected when it first ran too; rejection is part of the recorded history
      }
    }
  } finally {
    budgets.live();
  }
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

function apply(engine: EmbeddedEngine, r: JournalRecord) {
  switch (r.c) {
    case 'create':
      return engine.createProcessInstance(r.cmd);
    case 'cancel':
      return engine.cancelProcessInstance(r.key);
    case 'setVariables':
      return engine.setVariables(r.key, r.variables, r.local);
    case 'activate':
      return engine.activateJobs(r.cmd);
    case 'streamed':
      return engine.activateStreamedJob(r.key, r.worker, r.timeout);
    case 'complete':
      return engine.completeJob(r.key, r.variables);
    case 'fail':
      return engine.failJob(r.key, r.retries, r.message, r.backOff, r.variables);
    case 'throwError':
      return engine.throwError(r.key, r.code, r.message, r.variables);
    case 'retries':
      return engine.updateJobRetries(r.key, r.retries);
    case 'timeout':
      return engine.updateJobTimeout(r.key, r.timeout);
    case 'updateJob':
      return engine.updateJob(r.key, r.changeset);
    case 'publish':
      return engine.publishMessage(r.cmd);
    case 'correlate':
      return engine.correlateMessage(r.name, r.correlationKey, r.variables);
    case 'signal':
      return engine.broadcastSignal(r.name, r.variables);
    case 'resolve':
      return engine.resolveIncident(r.key);
    case 'userTask':
      return engine.applyUserTaskCommand(r.cmd);
    case 'delete':
      return engine.deleteResource(r.key);
    case 'createUser':
      return engine.createUser(r.user);
    case 'updateUser':
      return engine.updateUser(r.username, r.changes);
    case 'deleteUser':
      return engine.deleteUser(r.username);
    case 'tick':
      return engine.runtime.due.fireDue(true);
    case 'continue':
      return engine.runtime.steps.continueNext();
    case 'slices':
      engine.runtime.steps.stepsPerSlice = r.steps;
      return;
    case 'clock':
      engine.runtime.clock.restore({ pinnedAt: r.pinnedAt, offset: r.offset });
      if (r.later) return; // (the 'tick' record that follows fires it)
      return engine.runtime.due.fireDue(true);
    case 'feelBudget':
      return;
  }
}
