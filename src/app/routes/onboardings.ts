/**
 * Onboardings: POST /api/onboardings starts `customer-onboarding` (recorded as one unit with its start, see
 * process-starts/onboarding-starts.ts); the kickoff-completed and cancellation
 * endpoints publish the process's messages, correlated by customer id. A customer the CRM does not know
 * (no onboarding ever reached create-crm-record) is a 404; a cancelled one answers 409.
 */
import type { z } from 'zod';
import type { CustomersRepository } from '../../data/repositories/customers-repository';
import type { OnboardingStartsRepository } from '../../data/repositories/onboarding-starts-repository';
import { CUSTOMER_ONBOARDING } from '../../processes/customer-onboarding';
import { conflict, notFound } from '../http/problem';
import type { ProcessCommands } from '../process-commands/process-commands';
import { startOnboarding } from '../process-starts/onboarding-starts';
import type { ProcessStateReader } from '../process-state/process-state-reader';
import { defineRoute, type RouteSpec } from '../route-spec';
import { MessagePublishedSchema } from '../schemas/common';
import {
  CustomerIdParamsSchema,
  EmptyBodySchema,
  OnboardingStartedSchema,
  StartOnboardingRequestSchema,
} from '../schemas/onboardings';
import { problemResponse } from './problem-response';
import { zeebeProblem } from './zeebe-problem';

const { kickoffCompleted, onboardingCancelled } = CUSTOMER_ONBOARDING.messages;
/** The kickoff may be reported before the process reaches the wait: the broker keeps it this long. */
export const KICKOFF_TTL_MS = 60 * 60 * 1000;

export interface OnboardingRouteDeps {
  customers: CustomersRepository;
  onboardingStarts: OnboardingStartsRepository;
  processes: ProcessCommands;
  /** whether an earlier onboarding still runs, and which instance a cut-off start created */
  processState?: Partial<Pick<ProcessStateReader, 'read' | 'findInstanceKeys'>>;
}

/** An endpoint that publishes one of the process's messages for a customer whose onboarding is active. */
interface MessageEndpoint {
  /** the path below /api/onboardings/{customerId}/ */
  step: string;
  operationId: string;
  summary: string;
  message: string;
  timeToLiveMs: number;
  /** what the caller wanted, for the 409 of a cancelled onboarding: "Cannot <action>: …" */
  action: string;
  /** the 409 as the OpenAPI document describes it */
  whenCancelled: string;
}

export function onboardingRoutes({
  customers,
  onboardingStarts,
  processes,
  processState,
}: OnboardingRouteDeps): RouteSpec[] {
  async function knownActiveCustomer(customerId: string, action: string) {
    const customer = await customers.get(customerId);
    if (!customer) throw notFound(`No onboarding is known for customer ${customerId}`);
    if (customer.status !== 'active') {
      throw conflict(`Cannot ${action}: the onboarding of customer ${customerId} was cancelled`);
    }
    return customer;
  }

  async function publish(name: string, customerId: string, timeToLiveMs: number) {
    try {
      return await processes.publishMessage({ name, correlationKey: customerId, timeToLiveMs });
    } catch (err) {
      throw zeebeProblem(err, `publish message ${name}`);
    }
  }

  const messageRoute = (endpoint: MessageEndpoint) =>
    defineRoute({
      method: 'post',
      path: `/api/onboardings/{customerId}/${endpoint.step}`,
      operationId: endpoint.operationId,
      summary: endpoint.summary,
      tags: ['Onboardings'],
      params: CustomerIdParamsSchema,
      body: { kind: 'json', schema: EmptyBodySchema, required: false },
      responses: {
        202: { description: 'Message published', schema: MessagePublishedSchema },
        404: problemResponse('No onboarding is known for this customer'),
        409: problemResponse(endpoint.whenCancelled),
      },
      async handler({ params }, _req, res) {
        await knownActiveCustomer(params.customerId, endpoint.action);
        res.status(202).json(await publish(endpoint.message, params.customerId, endpoint.timeToLiveMs));
      },
    });

  return [
    defineRoute({
      method: 'post',
      path: '/api/onboardings',
      operationId: 'startOnboarding',
      summary: 'Start onboarding a customer',
      tags: ['Onboardings'],
      body: { kind: 'json', schema: StartOnboardingRequestSchema },
      responses: {
        201: { description: 'customer-onboarding started', schema: OnboardingStartedSchema },
        409: problemResponse(
          'The customer is onboarded (or being onboarded) already, or an unstarted onboarding of theirs had other details',
        ),
        503: problemResponse('The engine could not start the process'),
      },
      async handler({ body }: { body: z.output<typeof StartOnboardingRequestSchema> }, _req, res) {
        const existing = await customers.get(body.customerId);
        if (existing?.status === 'active') {
          throw conflict(`Customer ${body.customerId} is onboarded already`, {
            customerId: body.customerId,
            processInstanceKey: existing.processInstanceKey,
          });
        }
        const { processInstanceKey } = await startOnboarding(
          { starts: onboardingStarts, processes, processState },
          body,
        );
        res
          .status(201)
          .location(`/api/process-instances/${processInstanceKey}`)
          .json({ customerId: body.customerId, processInstanceKey });
      },
    }),

    messageRoute({
      step: 'kickoff-completed',
      operationId: 'completeKickoff',
      summary: `Report that the kickoff call took place (publishes ${kickoffCompleted})`,
      message: kickoffCompleted,
      timeToLiveMs: KICKOFF_TTL_MS,
      action: 'complete the kickoff',
      whenCancelled: 'The onboarding was cancelled',
    }),

    messageRoute({
      step: 'cancellation',
      operationId: 'cancelOnboarding',
      summary: `Cancel an onboarding (publishes ${onboardingCancelled}; completed steps are compensated)`,
      message: onboardingCancelled,
      // no buffering: only the running onboarding may be cancelled, never one started later
      timeToLiveMs: 0,
      action: 'cancel the onboarding',
      whenCancelled: 'The onboarding was cancelled already',
    }),
  ];
}
