/**
 * Where feelin's work is charged to the running evaluation's meter (feel-budget.ts). feelin exports the
 * two classes all repeated work passes through, so their methods are wrapped once, here:
 * - FeelRange#map enumerates a range (`for i in 1..n`, `some`/`every` over a range): its size is charged
 *   before a single element is built, which is what keeps `1..50000000` from filling the heap. A number range
 *   with a fractional bound never reaches its end in feelin (it steps by 1 from the start), so it counts as
 *   endless;
 * - FeelFunction#invoke runs every function call, built-in or defined in the expression (recursion too):
 *   each call is charged one item, a list it returns its length (the `__iterated` lists of
 *   metered-source.ts among them), and a string argument or result longer than the item limit fails it;
 *   a call of metered-source.ts's `__tick` (once per iteration) only checks the time, one of `distinct values`
 *   or `union` is charged the comparisons it may make, before it makes them.
 * With no meter installed (evaluations outside the engine), both behave exactly as feelin's own.
 */
import { evaluate, FeelFunction, FeelRange } from 'feelin';
import { activeMeter } from './feel-budget';
import { tick } from './metered-source';
import { installTypedRanges } from './typed-ranges';

/** feelin's own FeelFunction#invoke, once wrapped */
let uncharged: FeelFunction['invoke'] | undefined;

export function installFeelinHooks() {
  if (uncharged) return;
  installTypedRanges();

  const map = FeelRange.prototype.map;
  FeelRange.prototype.map = function meteredMap<T>(this: FeelRange, fn: Parameters<typeof map<T>>[0]): T[] {
    activeMeter()?.charge(rangeSize(this));
    return map.call(this, fn) as T[];
  };

  for (const name of ['distinct values', 'union']) PAIRWISE.add(evaluate(name, {}).value);
  const invoke = FeelFunction.prototype.invoke;
  uncharged = invoke;
  FeelFunction.prototype.invoke = function meteredInvoke(this: FeelFunction, contextOrArgs: unknown) {
    const meter = activeMeter();
    if (!meter) return invoke.call(this, contextOrArgs);
    if (this === tick) {
      meter.checkTime();
      return invoke.call(this, contextOrArgs);
    }
    meter.charge(PAIRWISE.has(this.fn) ? 1 + pairwiseComparisons(contextOrArgs) : 1);
    if (Array.isArray(contextOrArgs)) for (const arg of contextOrArgs) meter.refuseLongString(arg);
    const result = invoke.call(this, contextOrArgs);
    if (Array.isArray(result)) meter.charge(result.length);
    else meter.refuseLongString(result);
    return result;
  };
}

/**
 * feelin's built-ins that compare each list or context in their input with the distinct ones found so far
 * (scalars and dates are hashed): a single call's cost grows with the square of the input's size.
 */
const PAIRWISE = new Set<unknown>();

/** What such a call compares at most: half of all items times the lists and contexts among them. */
function pairwiseComparisons(contextOrArgs: unknown): number {
  const args = Array.isArray(contextOrArgs) ? contextOrArgs : Object.values(contextOrArgs as object);
  let items = 0;
  let structured = 0;
  for (const arg of args) {
    for (const item of Array.isArray(arg) ? arg : [arg]) {
      items++;
      if (Array.isArray(item) || (typeof item === 'object' && item?.constructor === Object)) structured++;
    }
  }
  return Math.floor((items * structured) / 2);
}

/** Elements FeelRange#map would produce: at most; endless for bounds it cannot step between. */
export function rangeSize(range: FeelRange): number {
  const { start, end } = range;
  if (typeof start === 'number' && typeof end === 'number') {
    if (start === end) return 1;
    if (!Number.isInteger(start) || !Number.isInteger(end)) return Number.POSITIVE_INFINITY;
    return Math.abs(end - start) + 1;
  }
  return 0; // character ranges (at most 52 letters) and ranges feelin refuses to enumerate
}

/** Calls `fn` as feelin would, without charging the call itself (the expression's own entry point). */
export function invokeUncharged(fn: FeelFunction, args: unknown[]): unknown {
  // the expression's variables are its input, already stored: they are not what the budget is for
  return (uncharged ?? fn.invoke).call(fn, args);
}
