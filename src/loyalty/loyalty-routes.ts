/** GET /api/customers/{customerId}/loyalty: the points the loyalty service credited to a customer. */
import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../app/route-spec';
import { ProblemSchema } from '../app/schemas/common';
import type { LoyaltyLedger } from './loyalty-ledger';

const CustomerParamsSchema = z.object({ customerId: z.string().min(1).max(100) });
const LoyaltyBalanceSchema = z
  .object({ customerId: z.string(), points: z.number().int().nonnegative() })
  .meta({ id: 'LoyaltyBalance' });

export function loyaltyRoutes(deps: { ledger: LoyaltyLedger }): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/customers/{customerId}/loyalty',
      operationId: 'getLoyaltyBalance',
      summary: "A customer's loyalty points",
      description: 'Credited by the loyalty service for each completed order (whole currency units); 0 if none.',
      tags: ['Loyalty'],
      params: CustomerParamsSchema,
      responses: {
        200: { description: 'The balance', schema: LoyaltyBalanceSchema },
        400: { description: 'A bad customer id', schema: ProblemSchema, contentType: 'application/problem+json' },
      },
      async handler({ params }, _req, res) {
        res.json({ customerId: params.customerId, points: await deps.ledger.points(params.customerId) });
      },
    }),
  ];
}
