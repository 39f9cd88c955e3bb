/**
 * Checks an `Authorization: Basic …` value against the engine's users (or a `Bearer` token of the engine's
 * token endpoint, token-endpoint.ts), and says why not in the words each of Camunda's gateways uses: Spring
 * Security's for REST (problem `detail`), Zeebe's AuthenticationInterceptor for gRPC (UNAUTHENTICATED
 * description). The same rules hold for both ports.
 *
 * scrypt is slow by design, so a client that sends the same right credentials on every call (the SDK does,
 * on every gRPC call) is checked once: a success is remembered under a keyed digest of the credentials
 * until that user's hash changes. Misses are never remembered, and at most two verifications run at a time,
 * so wrong guesses cannot take over the thread pool the journal's file writes share; beyond a bounded queue of
 * waiting ones a check is turned away as busy (RESOURCE_EXHAUSTED / 503, which clients retry), not queued.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { AccessTokens } from './access-tokens';
import { hashPassword, verifyPassword } from './password-hash';
import type { UserDirectory } from './user-directory';
import type { UserView } from './user-store';

export interface AuthFailure {
  /** Spring Security's message, the REST problem's detail */
  rest: string;
  /** Zeebe gateway's UNAUTHENTICATED description */
  grpc: string;
  /** not a refusal: too many checks wait already (RESOURCE_EXHAUSTED / 503) */
  busy?: true;
}

/** Too many credential checks wait already. */
export class VerificationsBusyError extends Error {
  constructor() {
    super('Too many sign-ins are being checked at once; retry shortly');
  }
}

export type AuthOutcome = { user: UserView } | { failure: AuthFailure };

const MISSING: AuthFailure = {
  // Camunda's API filter chain has anonymous authentication off, so Spring's AuthorizationFilter finds none
  rest: 'An Authentication object was not found in the SecurityContext',
  grpc: 'Expected authentication information at header with key [authorization], but found nothing',
};
const NOT_BASIC: AuthFailure = {
  rest: MISSING.rest, // Spring's basic filter ignores other schemes: the request counts as unauthenticated
  grpc: "Expected authentication information to start with 'Basic '",
};
const UNDECODABLE: AuthFailure = {
  rest: 'Failed to decode basic authentication token',
  grpc: 'Expected valid authentication info, see cause for details',
};
const NO_COLON: AuthFailure = {
  rest: 'Invalid basic authentication token',
  grpc: 'Expected valid authentication info, see cause for details',
};
const BAD_CREDENTIALS: AuthFailure = { rest: 'Bad credentials', grpc: 'Invalid credentials' };

const MAX_REMEMBERED = 1_000;
const MAX_CONCURRENT_VERIFICATIONS = 2;
/** checks that may wait for a verification slot; more are turned away as busy */
const MAX_WAITING_VERIFICATIONS = 200;

export class BasicAuthenticator {
  /** digest of "username:password" → the hash it was verified against */
  private readonly verified = new Map<string, { username: string; hash: string }>();
  /** verifications running now, by digest and hash: the same credentials sent together are checked once */
  private readonly inFlight = new Map<string, Promise<boolean>>();
  private readonly digestKey = randomBytes(32);
  private running = 0;
  private dummyHash: Promise<string> | undefined;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly users: Pick<UserDirectory, 'getUser' | 'userPasswordHash'>,
    /** tokens issued by the engine's token endpoint, accepted as `Bearer` (absent: none are) */
    private readonly tokens?: AccessTokens,
    private readonly maxWaiting = MAX_WAITING_VERIFICATIONS,
  ) {}

  async authenticate(header: string | undefined): Promise<AuthOutcome> {
    if (header === undefined || header === '') return { failure: MISSING };
    if (/^Bearer /i.test(header)) return this.bearer(header.slice('Bearer '.length).trim());
    if (!/^Basic /i.test(header)) return { failure: NOT_BASIC };
    const token = header.slice('Basic '.length).trim();
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(token) || token.length % 4 === 1) return { failure: UNDECODABLE };
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { failure: NO_COLON };
    try {
      const user = await this.checkCredentials(decoded.slice(0, colon), decoded.slice(colon + 1));
      return user ? { user } : { failure: BAD_CREDENTIALS };
    } catch (err) {
      if (!(err instanceof VerificationsBusyError)) throw err;
      return { failure: { rest: err.message, grpc: err.message, busy: true } };
    }
  }

  /**
   * The user these credentials belong to, or undefined (unknown user or wrong password alike); throws
   * VerificationsBusyError when too many checks wait already.
   */
  async checkCredentials(username: string, password: string): Promise<UserView | undefined> {
    // no stored password holds NUL (user-request.ts), and scrypt would not tell "pw\0" from "pw"
    if (password.includes('\0')) return undefined;
    const hash = this.users.userPasswordHash(username);
    const digest = createHmac('sha256', this.digestKey).update(username).update('\0').update(password).digest('base64');
    const remembered = this.verified.get(digest);
    if (hash !== undefined && remembered?.username === username && remembered.hash === hash) {
      return this.users.getUser(username);
    }
    if (hash === undefined) {
      // as Spring's DaoAuthenticationProvider: an unknown user costs a verification too, so timing tells nothing
      this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
      await this.verify(password, await this.dummyHash);
      return undefined;
    }
    if (!(await this.verifyOnce(`${digest} ${hash}`, password, hash))) return undefined;
    if (this.verified.size >= MAX_REMEMBERED) this.verified.clear();
    this.verified.set(digest, { username, hash });
    return this.users.getUser(username);
  }

  /** A token from the engine's token endpoint; anything else is what Camunda's basic method says to a bearer. */
  private bearer(token: string): AuthOutcome {
    const username = this.tokens?.resolve(token, (name) => this.users.userPasswordHash(name));
    const user = username === undefined ? undefined : this.users.getUser(username);
    return user ? { user } : { failure: NOT_BASIC };
  }

  /** A client's first calls come together (the SDK's workers at start-up): they share one verification. */
  private verifyOnce(key: string, password: string, hash: string): Promise<boolean> {
    let running = this.inFlight.get(key);
    if (running === undefined) {
      running = this.verify(password, hash).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, running);
    }
    return running;
  }

  private async verify(password: string, hash: string): Promise<boolean> {
    if (this.running < MAX_CONCURRENT_VERIFICATIONS) this.running++;
    else if (this.waiting.length >= this.maxWaiting) throw new VerificationsBusyError();
    else await new Promise<void>((go) => this.waiting.push(go)); // a finishing verification hands its slot over
    try {
      return await verifyPassword(password, hash);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
