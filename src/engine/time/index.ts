/**
 * ISO 8601 timer values (durations, dates, repeating intervals) and cron cycles, evaluated against an
 * engine clock passed in as epoch milliseconds. Stateless: the engine keeps the timers.
 */
export { type Cycle, parseCycle } from './cycle';
export { parseDateTime } from './date-time';
export { parseDuration, type TimerDuration } from './duration';
export { firstDueDate, type TimerKind } from './first-due-date';
export { TimerValueError } from './timer-value-error';
