/**
 * Starts the outbox relay the way the app runs it: the webhook deliverer when OUTBOX_WEBHOOK_URL is set,
 * else the log deliverer; on embedded PGlite (one process owns it) the claims a crashed run left are released
 * first, so those messages go out at once. On PostgreSQL, where other app instances may be delivering,
 * a crashed run's claims expire instead (claimMs).
 */
import type { Logger } from 'pino';
import type { Config } from '../../config';
import type { Database } from '../../data/database';
import { createLogDeliverer } from './log-deliverer';
import { releaseAllClaims } from './outbox-claims';
import { type OutboxRelay, type OutboxRelayOptions, startOutboxRelay } from './outbox-relay';
import { createWebhookDeliverer } from './webhook-deliverer';

/** Tuning the app does not read from the environment (tests: short backoff, few attempts, short timeout). */
export type OutboxSettings = Partial<Omit<OutboxRelayOptions, 'db' | 'deliver' | 'logger'>> & {
  /** how long one webhook attempt may take (default 10 s) */
  webhookTimeoutMs?: number;
};

export async function startOutbox(options: {
  db: Database;
  config: Pick<Config, 'outboxWebhookUrl' | 'outboxPollIntervalMs'>;
  logger: Logger;
  settings?: OutboxSettings;
}): Promise<OutboxRelay> {
  const { db, config, logger, settings = {} } = options;
  const { webhookTimeoutMs, ...relaySettings } = settings;
  const deliverer = config.outboxWebhookUrl
    ? createWebhookDeliverer({ url: config.outboxWebhookUrl, timeoutMs: webhookTimeoutMs })
    : createLogDeliverer(logger);
  if (db.kind === 'pglite') {
    const released = await releaseAllClaims(db);
    if (released > 0) logger.info({ released }, 'outbox messages left in delivery by the last run will be sent again');
  }
  logger.info(`outbox messages are delivered to ${deliverer.description}`);
  return startOutboxRelay({
    db,
    logger,
    deliver: deliverer.deliver,
    intervalMs: config.outboxPollIntervalMs,
    ...relaySettings,
  });
}
