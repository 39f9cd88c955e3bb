/**
 * An editor's toolbar actions (check, save, deploy, start an instance) run one at a time: while one runs, the
 * others do nothing; the editor is told as one starts and ends, so it can disable and enable its buttons.
 */
export class OneActionAtATime {
  busy = false;

  constructor(private readonly changed: () => void) {}

  async run(action: () => Promise<unknown>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.changed();
    try {
      await action();
    } finally {
      this.busy = false;
      this.changed();
    }
  }
}
