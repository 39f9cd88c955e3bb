/**
 * Delivers outbox messages to OUTBOX_WEBHOOK_URL: one POST per message with the envelope as JSON and an
 * `Idempotency-Key` header equal to the message's idempotency key, so a receiver drops the repeat a restart
 * can cause. A 2xx answer means delivered; any other status, a connection error or no answer within the
 * timeout is a DeliveryError the relay retries with backoff. Stopping the relay aborts the request in flight
 * (abandoned, not failed).
 */
import { DeliveryError, envelopeOf, type OutboxDeliverer } from './deliverer';

export interface WebhookDelivererOptions {
  url: string;
  /** how long one attempt may take, answer included (default 10 s) */
  timeoutMs?: number;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

/** The first characters of a refusal's body: receivers often say there why. */
async function excerpt(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function reason(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}

export function createWebhookDeliverer(options: WebhookDelivererOptions): OutboxDeliverer {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  // errors are stored and served by GET /api/outbox: name the host only, a webhook's path often is its token
  const target = `${new URL(options.url).origin}/…`;
  return {
    description: `the webhook at ${target}`,
    async deliver(message, stopping) {
      const timeout = AbortSignal.timeout(timeoutMs);
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'Idempotency-Key': message.idempotencyKey,
            'User-Agent': 'baton-outbox-relay',
          },
          body: JSON.stringify(envelopeOf(message)),
          signal: stopping ? AbortSignal.any([stopping, timeout]) : timeout,
          redirect: 'error',
        });
      } catch (err) {
        if (stopping?.aborted) throw err; // abandoned: the relay is stopping
        if (timeout.aborted) throw new DeliveryError(`POST ${target}: no answer within ${timeoutMs} ms`);
        throw new DeliveryError(`POST ${target}: ${reason(err)}`);
      }
      if (response.ok) {
        await response.body?.cancel().catch(() => undefined);
        return;
      }
      const said = await excerpt(response);
      throw new DeliveryError(`POST ${target} answered ${response.status}${said ? `: ${said}` : ''}`);
    },
  };
}
