/**
 * The commands that deliver events to the processes: publish a message (buffered for its time to live),
 * correlate one (now or never), broadcast a signal.
 */
import type { PublishMessageCommand, Variables } from '../engine-api';
import { command, withVariables } from './command';

export const eventCommands = {
  publish: command({
    call: (cmd: PublishMessageCommand) => ({ cmd }),
    check: ({ cmd }) => ({ cmd: withVariables(cmd) }),
    apply: (rt, { cmd }) => rt.messages.publish(cmd),
  }),
  correlate: command({
    call: (name: string, correlationKey: string, variables?: Variables) => ({ name, correlationKey, variables }),
    check: (fields) => withVariables(fields),
    apply: (rt, { name, correlationKey, variables }) => rt.messages.correlate(name, correlationKey, variables),
  }),
  signal: command({
    call: (signalName: string, variables?: Variables) => ({ name: signalName, variables }),
    check: (fields) => withVariables(fields),
    apply: (rt, { name, variables }) => rt.signals.broadcast(name, variables),
  }),
};
