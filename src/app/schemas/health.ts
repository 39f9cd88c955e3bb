/** Liveness and readiness bodies. */
import { z } from 'zod';

export const HealthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

const checkSchema = z.object({ status: z.enum(['up', 'down']), detail: z.string().optional() });

export const ReadinessSchema = z
  .object({
    status: z.enum(['ready', 'not-ready']),
    checks: z.object({ engine: checkSchema, database: checkSchema }),
  })
  .meta({ id: 'Readiness' });
