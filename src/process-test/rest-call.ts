/**
 * One REST v2 call, and a search read to its end: the transport of the process-test toolkit (rest-api.ts).
 * The base address is normalised to end in /v2; auth headers come from the Camunda client when the strategy
 * is not NONE.
 */
import { createCamundaClientLoose } from '@camunda8/orchestration-cluster-api';
import { restClientCredentials } from './cluster-credentials';

export interface RestApiOptions {
  /** e.g. http://localhost:8080 (without /v2) */
  restAddress: string;
  /** default: CAMUNDA_AUTH_STRATEGY from the environment, else NONE (the embedded engine, a local container) */
  authStrategy?: 'NONE' | 'OAUTH' | 'BASIC';
}

interface SearchPage<T> {
  items: T[];
  page?: { totalItems?: number };
}

const PAGE_SIZE = 1000;
const MAX_PAGES = 50;

/** A failed call; `status` is undefined when no HTTP answer came. */
export class RestCallError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

export type RestCaller = ReturnType<typeof restCaller>;

export function restCaller(options: RestApiOptions) {
  const base = `${options.restAddress.replace(/\/+$/, '').replace(/\/v2$/, '')}/v2`;
  const authStrategy = options.authStrategy ?? process.env.CAMUNDA_AUTH_STRATEGY ?? 'NONE';
  const auth =
    authStrategy === 'NONE'
      ? undefined
      : createCamundaClientLoose({
          config: {
            CAMUNDA_REST_ADDRESS: options.restAddress,
            CAMUNDA_AUTH_STRATEGY: authStrategy,
            CAMUNDA_SDK_LOG_LEVEL: 'silent',
            ...restClientCredentials(),
          } as Record<string, unknown>,
        } as Parameters<typeof createCamundaClientLoose>[0]);

  /** One REST call; a non-2xx answer throws naming the call, the status and the problem's detail. */
  async function request<T>(method: string, route: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...(await auth?.getAuthHeaders()) };
    // a FormData body (deployments) sets its own multipart content type
    const form = body instanceof FormData;
    if (body !== undefined && !form) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${base}${route}`, {
        method,
        headers,
        body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      });
    } catch (err) {
      throw new RestCallError(
        `${method} /v2${route} on ${options.restAddress} failed: ${(err as Error).message}${causeOf(err)}`,
        undefined,
      );
    }
    const text = await response.text();
    if (!response.ok) {
      let detail = text;
      try {
        const problem = JSON.parse(text) as { detail?: string; title?: string };
        detail = problem.detail ?? problem.title ?? text;
      } catch {
        // not a problem document: keep the text
      }
      throw new RestCallError(
        `${method} /v2${route} on ${options.restAddress} failed: HTTP ${response.status} ${detail}`.trim(),
        response.status,
      );
    }
    // BPMN XML (GET .../xml) comes as text
    if (/xml/.test(response.headers.get('content-type') ?? '')) return text as T;
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Every item of a search, page by page (`from`/`limit`). */
  async function searchAll<T>(route: string, query: object): Promise<T[]> {
    const items: T[] = [];
    for (let n = 0; n < MAX_PAGES; n++) {
      const result = await request<SearchPage<T>>('POST', route, {
        ...query,
        page: { from: items.length, limit: PAGE_SIZE },
      });
      items.push(...result.items);
      if (result.items.length === 0 || items.length >= (result.page?.totalItems ?? items.length)) break;
    }
    return items;
  }

  return { request, searchAll };
}

/** Variable values travel as JSON text; a value that is not JSON is kept as the text. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** fetch() says only "fetch failed"; the socket's reason (ECONNRESET, ECONNREFUSED, ...) is in its cause. */
function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause ? ` (${cause.code ?? cause.message})` : '';
}
