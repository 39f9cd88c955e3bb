/**
 * Schemas shared by several endpoints: the problem+json error body and path parameters that name keys.
 */
import { z } from 'zod';

export const FieldErrorSchema = z
  .object({
    field: z.string().meta({ description: 'where the bad input is: items[0].quantity, key, (body)' }),
    message: z.string(),
  })
  .meta({ id: 'FieldError' });

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(FieldErrorSchema).optional().meta({ description: 'each bad input field (400)' }),
    problems: z
      .array(
        z.object({
          message: z.string(),
          rule: z.string().optional(),
          elementId: z.string().optional(),
          category: z.string().optional(),
          line: z.number().int().optional(),
          column: z.number().int().optional(),
        }),
      )
      .optional()
      .meta({ description: 'what is wrong with an uploaded model (400/422)' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

/** Zeebe keys are int64 numbers written as decimal strings. */
export const zeebeKey = z
  .string()
  .regex(/^[1-9]\d{0,18}$/, 'must be a key: a positive whole number of up to 19 digits');

export const MessagePublishedSchema = z
  .object({ messageKey: z.string().meta({ description: 'key of the published message' }) })
  .meta({ id: 'MessagePublished' });
