/**
 * Where stage events go (EVENT_BUS_URL) and whether the loyalty service runs inside this process
 * (LOYALTY_SERVICE, LOYALTY_PORT when it runs alone): read by src/config.ts with the rest of the environment.
 */
import { z } from 'zod';
import { optionalText } from './config-values';

/** Where stage events go (src/events/): unset, the in-process bus; amqp(s)://, RabbitMQ; `off`, nowhere. */
const eventBusUrl = optionalText.pipe(
  z
    .string()
    .refine(
      (value) => value === 'off' || /^amqps?:\/\/[^/\s]+/.test(value),
      'must be an amqp:// or amqps:// URL of a RabbitMQ broker (e.g. amqp://guest:guest@localhost:5672), or off',
    )
    .optional(),
);

export const eventSettingsEnv = {
  EVENT_BUS_URL: eventBusUrl,
  // unset (as the other settings' tests expect): embedded, and 3001 when the service runs alone
  LOYALTY_SERVICE: optionalText.pipe(z.enum(['embedded', 'off']).optional()),
  LOYALTY_PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, 'must be a port number')
      .transform(Number)
      .pipe(z.number().max(65535))
      .optional(),
  ),
};
