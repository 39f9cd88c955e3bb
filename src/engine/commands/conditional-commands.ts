/**
 * Root-level conditional start events (Camunda 8.9): evaluate them with the given variables and start an
 * instance at each one that is true (POST /v2/conditionals/evaluation).
 */
import type { Variables } from '../engine-api';
import { command, withVariables } from './command';

export const conditionalCommands = {
  evaluateConditionals: command({
    call: (variables: Variables, processDefinitionKey?: string) => ({ variables, processDefinitionKey }),
    check: (fields) => withVariables(fields),
    apply: (rt, { variables, processDefinitionKey }) => rt.conditionals.evaluateStarts(variables, processDefinitionKey),
  }),
};
