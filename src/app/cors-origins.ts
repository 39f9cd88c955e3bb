/**
 * CORS_ORIGINS: the origins (scheme://host:port) allowed to call the API from a browser, comma separated;
 * `*` allows any. Unset means same-origin only (the UI is served by the API itself).
 */
export function corsOriginsFrom(value: string | undefined): string[] {
  const origins = (value ?? '')
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter((origin) => origin !== '');
  for (const origin of origins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new Error(
        `Invalid configuration: CORS_ORIGINS must list origins like https://app.example.com (got "${origin}")`,
      );
    }
  }
  return origins;
}
