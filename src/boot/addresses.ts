/** How a bound host is written in an address: for people reading it, and for this machine's own clients. */

const isWildcard = (host: string) => host === '0.0.0.0' || host === '::';
const bracketed = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);

/** How to reach an address from this machine, for people: a wildcard by `localhost`, an IPv6 literal in brackets. */
export function displayHost(host: string): string {
  return isWildcard(host) ? 'localhost' : bracketed(host);
}

/** The address this machine's clients use for a port bound to `host`: loopback for a wildcard. */
export function loopbackTo(host: string): string {
  return isWildcard(host) ? '127.0.0.1' : bracketed(host);
}
