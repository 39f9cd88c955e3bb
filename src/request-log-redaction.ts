/**
 * What request logs may show. A client may send a key where it does not belong (?apiKey=..., which the API
 * refuses), and headers carry keys and sessions: a log line is read by more people than the key is meant
 * for, so secret-looking query values and secret headers are written as [redacted].
 */

export const REDACTED = '[redacted]';

/** Query parameter names whose values are secrets: apiKey, access_token, password, client_secret, ... */
const SECRET_NAME = /key|token|passw|pwd|secret|auth|credential|signature|session|cookie/i;

/** Headers that carry credentials, in the lower case Node gives them. */
export const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'x-api-key', 'cookie', 'set-cookie'];

/** pino `redact` paths: secret headers of logged requests and responses, and secret fields of any line. */
export const REDACT_PATHS = [
  'apiKey',
  'databaseUrl',
  'password',
  '*.password',
  ...SECRET_HEADERS.flatMap((h) => [`req.headers["${h}"]`, `res.headers["${h}"]`, `headers["${h}"]`]),
];

function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** The URL with the value of every secret-looking query parameter replaced by [redacted]. */
export function redactedUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = pair.slice(0, eq);
      return SECRET_NAME.test(decodedName(name)) ? `${name}=${REDACTED}` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}
