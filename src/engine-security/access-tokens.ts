/**
 * Bearer tokens the engine issues for its own users (token-endpoint.ts), so that clients that speak only
 * OAuth client credentials (zbctl) can authenticate: opaque random strings, held in memory only as a digest,
 * valid for an hour and only while the user keeps the password hash it had when the token was issued. A
 * restart forgets them; clients then fetch a new one, as they do when a token expires.
 */
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_LIFETIME_SECONDS = 3_600;
/** oldest tokens are forgotten beyond this many */
const MAX_TOKENS = 10_000;

interface Issued {
  username: string;
  passwordHash: string;
  expiresAt: number;
}

const digest = (token: string) => createHash('sha256').update(token).digest('base64');

export class AccessTokens {
  private readonly issued = new Map<string, Issued>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(username: string, passwordHash: string): { token: string; expiresIn: number } {
    const token = randomBytes(32).toString('base64url');
    if (this.issued.size >= MAX_TOKENS) {
      const oldest = this.issued.keys().next();
      if (!oldest.done) this.issued.delete(oldest.value);
    }
    this.issued.set(digest(token), {
      username,
      passwordHash,
      expiresAt: this.now() + TOKEN_LIFETIME_SECONDS * 1_000,
    });
    return { token, expiresIn: TOKEN_LIFETIME_SECONDS };
  }

  /** The username a live token was issued to, given the user's current password hash. */
  resolve(token: string, currentHash: (username: string) => string | undefined): string | undefined {
    const key = digest(token);
    const entry = this.issued.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now() || currentHash(entry.username) !== entry.passwordHash) {
      this.issued.delete(key);
      return undefined;
    }
    return entry.username;
  }
}
