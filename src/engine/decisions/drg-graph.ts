/**
 * The decision requirements of a DRG as a graph: which decision requires which. dmn-scala refuses a DRG
 * whose required decision does not exist (the DMN model API's "Unable to find a model element instance for
 * id ...") or whose decisions require each other in a cycle.
 */

/** The graph's edges: each decision's id with the ids it requires, in document order. */
export type Requirements = ReadonlyMap<string, readonly string[]>;

/** The first requirement naming no decision of the DRG, in Zeebe's words; undefined when all resolve. */
export function missingRequirement(requirements: Requirements): string | undefined {
  for (const required of requirements.values()) {
    for (const id of required) {
      if (!requirements.has(id)) return `Unable to find a model element instance for id ${id}`;
    }
  }
  return undefined;
}

/** dmn-scala's message when some decision requires itself through others; undefined when there is no cycle. */
export function cycleFailure(requirements: Requirements): string | undefined {
  const done = new Set<string>();
  const onPath = new Set<string>();
  const cyclic = (id: string): boolean => {
    if (onPath.has(id)) return true;
    if (done.has(id)) return false;
    onPath.add(id);
    const found = (requirements.get(id) ?? []).some(cyclic);
    onPath.delete(id);
    done.add(id);
    return found;
  };
  for (const id of requirements.keys()) {
    if (cyclic(id)) return 'Invalid DMN model: Cyclic dependencies between decisions detected.';
  }
  return undefined;
}
