/**
 * Variables by scope (Zeebe's variable state): each element instance may hold local variables; a lookup
 * walks up the scope chain; propagation sets each variable at the nearest scope that already has it,
 * else at the process instance.
 */
import type { KeyGenerator } from '../keys';
import type { SnapshotState } from '../state/snapshot-state';
import type { ElementInstance } from './element-instance';

export interface StoredVariable {
  key: string;
  value: unknown;
}

export class VariableStore {
  /** variables per scope key (the state a snapshot holds: snapshot/restore) */
  private readonly scopes = new Map<string, Map<string, StoredVariable>>();
  /** told of every variable set (conditional-events.ts re-evaluates the conditions that read it) */
  onChange?: (scopeKey: string, name: string, previous: unknown, value: unknown, created: boolean) => void;

  constructor(private readonly keys: KeyGenerator) {}

  lookup(scope: ElementInstance | undefined, name: string): unknown {
    for (let s = scope; s; s = s.parent) {
      const v = this.scopes.get(s.key)?.get(name);
      if (v) return v.value;
    }
    return undefined;
  }

  has(scope: ElementInstance | undefined, name: string): boolean {
    for (let s = scope; s; s = s.parent) if (this.scopes.get(s.key)?.has(name)) return true;
    return false;
  }

  setLocal(scopeKey: string, name: string, value: unknown) {
    let vars = this.scopes.get(scopeKey);
    if (!vars) {
      vars = new Map();
      this.scopes.set(scopeKey, vars);
    }
    const existing = vars.get(name);
    if (existing) {
      const previous = existing.value;
      existing.value = value;
      this.onChange?.(scopeKey, name, previous, value, false);
    } else {
      vars.set(name, { key: this.keys.nextKey(), value });
      this.onChange?.(scopeKey, name, undefined, value, true);
    }
  }

  setLocals(scopeKey: string, variables: Record<string, unknown>) {
    for (const [name, value] of Object.entries(variables)) this.setLocal(scopeKey, name, value);
  }

  /**
   * Zeebe's propagation (VariableBehavior.mergeDocument): walking up from `scope`, a variable is updated
   * in the first scope below the process instance that holds it with a different value; otherwise it is
   * set on the process instance. (So a variable held with the same value further down is set at the root too.)
   */
  propagate(scope: ElementInstance, variables: Record<string, unknown>) {
    for (const [name, value] of Object.entries(variables)) {
      let target: ElementInstance | undefined;
      for (let s: ElementInstance | undefined = scope; s?.parent; s = s.parent) {
        const existing = this.scopes.get(s.key)?.get(name);
        if (existing && !sameValue(existing.value, value)) {
          target = s;
          break;
        }
      }
      this.setLocal((target ?? rootOf(scope)).key, name, value);
    }
  }

  local(scopeKey: string): Map<string, StoredVariable> | undefined {
    return this.scopes.get(scopeKey);
  }

  localObject(scopeKey: string): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [name, v] of this.scopes.get(scopeKey) ?? []) result[name] = v.value;
    return result;
  }

  /** All variables visible from a scope, inner ones shadowing outer ones; optionally only some names. */
  visible(scope: ElementInstance, names?: readonly string[]): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    if (names && names.length > 0) {
      for (const name of names) {
        for (let s: ElementInstance | undefined = scope; s; s = s.parent) {
          const v = this.scopes.get(s.key)?.get(name);
          if (v) {
            result[name] = v.value;
            break;
          }
        }
      }
      return result;
    }
    const chain: ElementInstance[] = [];
    for (let s: ElementInstance | undefined = scope; s; s = s.parent) chain.push(s);
    for (let i = chain.length - 1; i >= 0; i--) {
      for (const [name, v] of this.scopes.get(chain[i].key) ?? []) result[name] = v.value;
    }
    return result;
  }

  /** Every scope's variables, for the REST variable search. */
  entries(): IterableIterator<[string, Map<string, StoredVariable>]> {
    return this.scopes.entries();
  }

  drop(scopeKey: string) {
    this.scopes.delete(scopeKey);
  }

  /** The scopes `kept` accepts, each as [name, variable key, value] (value left out when undefined). */
  snapshot(kept: (scopeKey: string) => boolean = () => true): VariablesState {
    const state: VariablesState = [];
    for (const [scope, vars] of this.scopes) if (kept(scope)) state.push(scopeState(scope, vars));
    return state;
  }

  /** One scope, as `snapshot` writes it (undefined: no variables). */
  snapshotScope(scopeKey: string): VariablesState[number] | undefined {
    const vars = this.scopes.get(scopeKey);
    return vars && scopeState(scopeKey, vars);
  }

  restore(state: VariablesState) {
    for (const [scope, vars] of state) {
      this.scopes.set(scope, new Map(vars.map(([name, key, value]) => [name, { key, value }])));
    }
  }
}

type VariablesState = SnapshotState['variables'];

function scopeState(scope: string, vars: Map<string, StoredVariable>): VariablesState[number] {
  return [scope, [...vars].map(([name, v]) => (v.value === undefined ? [name, v.key] : [name, v.key, v.value]))];
}

/** Zeebe compares the MessagePack bytes; JSON text is the same test for JSON values. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

export function rootOf(instance: ElementInstance): ElementInstance {
  let s = instance;
  while (s.parent) s = s.parent;
  return s;
}
