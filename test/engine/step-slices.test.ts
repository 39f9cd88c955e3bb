/**
 * Where a slice of a long-running command ends (src/engine/step-slices.ts): after its size in steps, or a
 * little later so that a snapshot can describe what is left, never more than twice its size.
 */
import { describedStep, type Step } from '../../src/engine/runtime/pending-steps';
import { STEPS_PER_SLICE, StepSlices } from '../../src/engine/step-slices';

function newSlices() {
  const slices = new StepSlices({
    beforeContinue: () => {},
    atOneTime: (run) => run(),
    afterSlice: () => {},
    onSliceFailed: (err) => {
      throw err;
    },
  });
  slices.pause(); // the test runs the slices itself
  return slices;
}

/** A chain of steps, each queueing the next; step `i` is described unless `plain(i)`. */
function chain(slices: StepSlices, ran: number[], plain: (i: number) => boolean) {
  const step = (i: number): Step => {
    const run = () => {
      ran.push(i);
      slices.enqueue(step(i + 1));
    };
    return plain(i) ? run : describedStep(run, { activate: String(i) });
  };
  return step;
}

describe('a slice of steps', () => {
  test('ends after its size when every step left is described', () => {
    const slices = newSlices();
    const ran: number[] = [];
    const step = chain(slices, ran, () => false);
    slices.run(() => slices.enqueue(step(0)));
    expect(ran).toHaveLength(STEPS_PER_SLICE);
    expect(slices.describable()).toBe(true);
  });

  test('goes on past its size until every step left is described, so a snapshot can be taken at its end', () => {
    const slices = newSlices();
    const ran: number[] = [];
    // every slice of exactly STEPS_PER_SLICE steps would end with step STEPS_PER_SLICE * k queued: not described
    const step = chain(slices, ran, (i) => i % STEPS_PER_SLICE === 0 && i > 0);
    slices.run(() => slices.enqueue(step(0)));
    expect(ran).toHaveLength(STEPS_PER_SLICE + 1);
    expect(slices.describable()).toBe(true);
    slices.continueNext();
    expect(ran).toHaveLength(2 * STEPS_PER_SLICE + 1);
    expect(slices.describable()).toBe(true);
  });

  test('never runs more than twice its size', () => {
    const slices = newSlices();
    const ran: number[] = [];
    const step = chain(slices, ran, () => true);
    slices.run(() => slices.enqueue(step(0)));
    expect(ran).toHaveLength(2 * STEPS_PER_SLICE);
    expect(slices.describable()).toBe(false);
  });
});
