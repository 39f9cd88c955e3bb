/**
 * Bounded history (ENGINE_HISTORY_LIMIT). Ended process instances stay queryable, as Camunda keeps
 * finished instances in its secondary storage for Operate and the search API, but only the newest `limit`
 * ended root instances are kept; older ones are removed with everything they own, as Camunda's data
 * retention (ILM/ISM policies on the archived indices) removes old history. The limit counts ended root
 * instances (no parent), in the order they ended; live instances are never removed.
 *
 * Removal runs at the end of each command (EmbeddedEngine.process), so the state after a command is a
 * function of the commands alone: a journal replay removes the same instances at the same points. What
 * this file indexes (ended order, called instances, jobs, incidents, user tasks per root) is derived from
 * the state and rebuilt after a snapshot restore (`rebuild`), so snapshots need no field of their own.
 */
import { type ElementInstance, isActive, type ProcessInstance } from './element-instance';
import type { Runtime } from './runtime';

/** Ended root process instances kept unless told otherwise (ENGINE_HISTORY_LIMIT, engine option). */
export const DEFAULT_HISTORY_LIMIT = 10_000;

/** What a root instance's tree owns that is found by another key than an element instance's. */
interface Owned {
  /** called (child, grandchild, ...) process instances */
  processes?: string[];
  jobs?: string[];
  incidents?: string[];
  userTasks?: string[];
  /** its business rule tasks' decision evaluations */
  decisionEvaluations?: string[];
}

export class HistoryRetention {
  /** ended root instance keys, oldest end first; entries before `head` are already removed */
  private ended: string[] = [];
  private head = 0;
  /** root key of every called process instance */
  private readonly rootOfCalled = new Map<string, string>();
  private readonly owned = new Map<string, Owned>();
  /** the root whose removal was last found blocked (logged once) */
  private blocked: string | undefined;

  constructor(
    private readonly rt: Runtime,
    /** ended root instances kept (at least 1: a client creating with awaited result reads the one that just ended) */
    readonly limit: number,
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`historyLimit must be a whole number of at least 1, but was ${limit}`);
    rt.lifecycle.onProcessInstanceEnded((instance) => {
      if (!instance.callActivity) this.ended.push(instance.key);
    });
  }

  /** ended root instances currently kept */
  get endedCount() {
    return this.ended.length - this.head;
  }

  processInstanceCreated(instance: ProcessInstance) {
    const caller = instance.callActivity;
    if (!caller) return;
    const root = this.rootKeyOf(caller.processInstanceKey);
    this.rootOfCalled.set(instance.key, root);
    this.add(root, 'processes', instance.key);
  }

  jobCreated(processInstanceKey: string, jobKey: string) {
    this.add(this.rootKeyOf(processInstanceKey), 'jobs', jobKey);
  }

  incidentRaised(processInstanceKey: string, incidentKey: string) {
    this.add(this.rootKeyOf(processInstanceKey), 'incidents', incidentKey);
  }

  userTaskCreated(processInstanceKey: string, userTaskKey: string) {
    this.add(this.rootKeyOf(processInstanceKey), 'userTasks', userTaskKey);
  }

  decisionEvaluated(processInstanceKey: string, decisionEvaluationKey: string) {
    this.add(this.rootKeyOf(processInstanceKey), 'decisionEvaluations', decisionEvaluationKey);
  }

  /**
   * An element instance terminated before its activation step ran is in no process instance's history
   * (which is what eviction walks), and nothing reads it again: it is dropped now instead of never.
   */
  forgetIfNeverActivated(instance: ElementInstance) {
    const process = this.rt.processInstances.get(instance.processInstanceKey);
    if (process && process.root !== instance && !process.history.includes(instance))
      this.rt.elementInstances.delete(instance.key);
  }

  /** Removes the oldest ended root instances and standalone decision evaluations beyond the limit (at the end of every command). */
  evictBeyondLimit() {
    this.rt.decisionEvaluations.evictStandaloneBeyond(this.limit);
    while (this.endedCount > this.limit) {
      const oldest = this.ended[this.head];
      if (!this.evict(oldest)) {
        // (never expected: a root ends only after its called instances; retried after the next command)
        if (this.blocked !== oldest)
          this.rt.logger.warn(
            { processInstanceKey: oldest },
            'ended process instance not removed: part of it is active',
          );
        this.blocked = oldest;
        break;
      }
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.ended.length) {
      this.ended = this.ended.slice(this.head);
      this.head = 0;
    }
  }

  /** Derives the indexes from the state (after a snapshot restore). */
  rebuild() {
    this.ended = [];
    this.head = 0;
    this.rootOfCalled.clear();
    this.owned.clear();
    const rt = this.rt;
    const endedRoots: ProcessInstance[] = [];
    for (const instance of rt.processInstances.values()) {
      if (instance.callActivity) this.processInstanceCreated(instance);
      else if (!isActive(instance.root)) endedRoots.push(instance);
    }
    // the order they ended in: their roots' end sequence
    endedRoots.sort((a, b) => (a.root.endSequence ?? 0) - (b.root.endSequence ?? 0));
    this.ended = endedRoots.map((instance) => instance.key);
    for (const job of rt.jobs.live()) this.jobCreated(job.instance.processInstanceKey, job.key);
    for (const { job } of rt.jobs.finishedJobs()) this.jobCreated(job.instance.processInstanceKey, job.key);
    for (const { view } of rt.incidents.all()) this.incidentRaised(view.processInstanceKey, view.key);
    for (const task of rt.userTasks.views()) this.userTaskCreated(task.processInstanceKey, task.userTaskKey);
    for (const { caller, decisionEvaluationKey } of rt.decisionEvaluations.list())
      if (caller) this.decisionEvaluated(caller.processInstanceKey, decisionEvaluationKey);
  }

  /** The ended root instances kept, newest end first (what snapshots archive, journal/history-archive.ts). */
  *endedNewestFirst(): Iterable<string> {
    for (let i = this.ended.length - 1; i >= this.head; i--) yield this.ended[i];
  }

  /** What a root instance's tree is made of: its process instances (the root first) and what they own. */
  treeOf(rootKey: string): Required<Owned> {
    const owned = this.owned.get(rootKey);
    return {
      processes: [rootKey, ...(owned?.processes ?? [])],
      jobs: owned?.jobs ?? [],
      incidents: owned?.incidents ?? [],
      userTasks: owned?.userTasks ?? [],
      decisionEvaluations: owned?.decisionEvaluations ?? [],
    };
  }

  /** Whether every process instance of a root's tree has ended: only then does nothing change it any more. */
  hasEnded(rootKey: string): boolean {
    for (const key of this.treeOf(rootKey).processes) {
      const instance = this.rt.processInstances.get(key);
      if (instance && isActive(instance.root)) return false;
    }
    return true;
  }

  /** The root instance of a process instance's tree (itself when it is a root). */
  rootOf(processInstanceKey: string): string {
    return this.rootKeyOf(processInstanceKey);
  }

  /**
   * Removes ended called instances of a live tree that own no job, incident or user task and called nothing
   * (live-history.ts: a loop through a call activity), with their element instances and variables.
   */
  forgetCalled(rootKey: string, keys: Set<string>) {
    const owned = this.owned.get(rootKey);
    if (!owned?.processes || keys.size === 0) return;
    for (const key of keys) this.removeProcess(key);
    owned.processes = owned.processes.filter((key) => !keys.has(key));
    // their business rule tasks' evaluations go with them (else nothing would ever remove those)
    owned.decisionEvaluations = owned.decisionEvaluations?.filter((key) => {
      const caller = this.rt.decisionEvaluations.get(key)?.caller;
      if (!caller || !keys.has(caller.processInstanceKey)) return true;
      this.rt.decisionEvaluations.forget(key);
      return false;
    });
  }

  /** Removes a root instance and everything of its tree; false (nothing removed) while part of it is active. */
  private evict(rootKey: string): boolean {
    const rt = this.rt;
    if (!this.hasEnded(rootKey)) return false;
    const tree = this.treeOf(rootKey);
    for (const key of tree.processes) this.removeProcess(key);
    for (const key of tree.jobs) rt.jobs.forget(key);
    for (const key of tree.incidents) rt.incidents.forget(key);
    for (const key of tree.userTasks) rt.userTasks.forget(key);
    for (const key of tree.decisionEvaluations) rt.decisionEvaluations.forget(key);
    this.owned.delete(rootKey);
    return true;
  }

  /** A process instance with its element instances, variables and taken flows. */
  private removeProcess(key: string) {
    const rt = this.rt;
    const instance = rt.processInstances.get(key);
    for (const element of instance?.history ?? []) {
      rt.elementInstances.delete(element.key);
      rt.variables.drop(element.key);
    }
    rt.elementInstances.delete(key);
    rt.variables.drop(key);
    rt.processInstances.delete(key);
    rt.lifecycle.takenFlows.delete(key);
    this.rootOfCalled.delete(key);
  }

  private rootKeyOf(processInstanceKey: string): string {
    return this.rootOfCalled.get(processInstanceKey) ?? processInstanceKey;
  }

  private add(root: string, kind: keyof Owned, key: string) {
    let owned = this.owned.get(root);
    if (!owned) {
      owned = {};
      this.owned.set(root, owned);
    }
    const list = owned[kind];
    if (list) list.push(key);
    else owned[kind] = [key];
  }
}
