/** A timer value (duration, date or cycle) that cannot be read; the message names the text and what was expected. */
export class TimerValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimerValueError';
  }
}
