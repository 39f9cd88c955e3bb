/** Value parsers shared by the configuration's parts (src/config.ts, engine-settings.ts, engine-security/). */
import { z } from 'zod';

/** Docker and shells often pass `VAR=` for "not set": an empty string counts as absent. */
export const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
