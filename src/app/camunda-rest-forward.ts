/**
 * Forwards one of the UI's `/v2` requests to a cluster's REST API as the app, not as the browser: the request
 * carries the cluster credentials the app's own clients use (Basic, or an OAuth token from the SDK's provider)
 * and of the browser's headers only those that describe the body. The browser's Authorization is Baton's API
 * key, its Cookie may hold an Operate or Tasklist session on the same host, and its Origin would make the
 * cluster judge a cross-site request it never sees: none of them is the cluster's business.
 */
import { Readable } from 'node:stream';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { markInertDocument } from '../gateway/rest/inert-document';
import { uiRouteOf } from './camunda-rest-ui-routes';

/** The credentials to present to the cluster, fresh for each request (an OAuth token expires). */
export type ClusterHeaders = () => Promise<{ [name: string]: string | undefined }>;

/** request headers passed on: what the body is and what answer the browser takes */
const REQUEST_HEADERS = ['accept', 'accept-language', 'content-type'];
/** response headers passed back: what the body is and how it may be cached; no Set-Cookie, no WWW-Authenticate */
const RESPONSE_HEADERS = ['content-type', 'content-language', 'cache-control', 'etag', 'last-modified', 'expires'];

export function forwardToCluster(restAddress: string, clusterHeaders: ClusterHeaders, logger: Logger): RequestHandler {
  const base = restAddress.replace(/\/+$/, '');
  // what answers and logs name: the address without any user:password it may carry
  const shown = withoutUserInfo(base);
  const badGateway = (req: Request, res: Response, detail: string) =>
    res
      .status(502)
      .type('application/problem+json')
      .send({
        type: 'about:blank',
        title: 'Bad Gateway',
        status: 502,
        detail,
        instance: req.originalUrl.split('?')[0],
      });

  return async (req, res) => {
    let credentials: Record<string, string>;
    try {
      credentials = definedHeaders(await clusterHeaders());
    } catch (err) {
      logger.warn({ err, target: shown }, 'no credentials for the Camunda REST API');
      badGateway(req, res, `The app could not get credentials for the Camunda REST API at ${shown}`);
      return;
    }
    const headers: Record<string, string> = { ...credentials };
    for (const name of REQUEST_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    let upstream: globalThis.Response;
    let body: Buffer;
    try {
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      upstream = await fetch(`${base}/v2${req.path}${query}`, {
        method: req.method,
        headers,
        body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
        duplex: 'half',
        redirect: 'manual',
      } as RequestInit);
      body = Buffer.from(await upstream.arrayBuffer());
    } catch (err) {
      logger.warn({ err, target: shown }, 'the Camunda REST API did not answer');
      badGateway(req, res, `The Camunda REST API at ${shown} did not answer`);
      return;
    }
    if (upstream.status === 401) {
      // the cluster's verdict on the app's credentials, not on the browser's key: a 401 would ask for that key
      logger.warn({ target: shown }, "the Camunda REST API refused the app's credentials");
      badGateway(
        req,
        res,
        `The Camunda REST API at ${shown} refused the app's credentials: check CAMUNDA_AUTH_STRATEGY and its settings`,
      );
      return;
    }
    if (upstream.status >= 300 && upstream.status < 400) {
      // a redirect is a login page or a proxy's doing, never an answer of the REST API: not the browser's to follow
      logger.warn({ target: shown, status: upstream.status }, 'the Camunda REST API answered with a redirect');
      badGateway(
        req,
        res,
        `The Camunda REST API at ${shown} answered with a redirect (${upstream.status}): check ZEEBE_REST_ADDRESS`,
      );
      return;
    }
    res.status(upstream.status);
    for (const name of RESPONSE_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) res.setHeader(name, value);
    }
    if (uiRouteOf(req.method, req.path)?.document) markInertDocument(res);
    res.send(body);
  };
}

/** The SDK's providers answer `authorization: ''` when there is nothing to present. */
function definedHeaders(given: { [name: string]: string | undefined }): Record<string, string> {
  return Object.fromEntries(
    Object.entries(given)
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
      .map(([name, value]) => [name.toLowerCase(), value]),
  );
}

function withoutUserInfo(address: string): string {
  try {
    const url = new URL(address);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/+$/, '');
  } catch {
    return address;
  }
}
