/**
 * fetch with what every call of the UI needs: the API key on every request when one is stored, problem+json
 * errors turned into an ApiError a person can read (title, detail, listed problems), and the API's
 * reachability reported to the banner (a network error or a 502/503/504 means "the API is down").
 */
import { getStoredApiKey } from './api-key';

export interface Problem {
  rule?: string;
  elementId?: string;
  field?: string;
  message: string;
  category?: 'error' | 'warn' | 'info';
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** problems listed by the server (lint problems, bad fields) */
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get unauthorized(): boolean {
    return this.status === 401;
  }
}

/** The server could not be reached at all (connection refused, DNS, offline). */
export class ApiUnreachableError extends ApiError {
  constructor(url: string) {
    super(0, `The server does not answer (${url})`);
    this.name = 'ApiUnreachableError';
  }
}

type ReachabilityListener = (reachable: boolean) => void;
const listeners = new Set<ReachabilityListener>();

export function onReachabilityChange(listener: ReachabilityListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function reportReachable(reachable: boolean): void {
  for (const listener of listeners) listener(reachable);
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** raw text body (BPMN XML) instead of JSON */
  text?: string;
  contentType?: string;
  accept?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

async function problemFrom(response: Response): Promise<ApiError> {
  const type = response.headers.get('content-type') ?? '';
  let detail = `${response.status} ${response.statusText}`.trim();
  let problems: Problem[] = [];
  if (type.includes('json')) {
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    const text = body.detail ?? body.message ?? body.title;
    if (typeof text === 'string' && text) detail = text;
    const listed = Array.isArray(body.problems) ? body.problems : Array.isArray(body.errors) ? body.errors : [];
    problems = listed.filter((p): p is Problem => typeof p === 'object' && p !== null && 'message' in p);
  } else {
    const text = await response.text().catch(() => '');
    if (text && text.length < 500) detail = text;
  }
  return new ApiError(response.status, detail, problems);
}

/** Sends a request; resolves with the Response of a 2xx answer, rejects with an ApiError otherwise. */
export async function request(url: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.accept) headers.Accept = options.accept;
  const key = getStoredApiKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (options.text !== undefined) {
    body = options.text;
    headers['Content-Type'] = options.contentType ?? 'text/plain';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(url, { method: options.method ?? 'GET', headers, body, signal: options.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    reportReachable(false);
    throw new ApiUnreachableError(url);
  }
  // a reverse proxy in front of the app answers 502/504 when the app itself is down
  reportReachable(response.status !== 502 && response.status !== 504);
  if (!response.ok) throw await problemFrom(response);
  return response;
}

export async function requestJson<T>(url: string, options: RequestOptions = {}): Promise<T> {
  const response = await request(url, { accept: 'application/json', ...options });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
