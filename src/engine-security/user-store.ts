/**
 * The engine's users (Camunda's basic-authentication users): username, name, email and a password hash
 * (password-hash.ts) — never a password. They are engine state like deployments: changed only by journaled
 * commands (engine.ts), kept in snapshots, and rejected with Zeebe's UserCreate/Update/Delete processors' words.
 */
import { EngineError, invalidArgument, notFound } from '../engine/errors';
import { isPasswordHash } from './password-hash';

export interface StoredUser {
  username: string;
  name: string;
  email: string;
  passwordHash: string;
}

/** A user as the REST API shows it (Camunda's UserResult): no password, not even its hash. */
export interface UserView {
  username: string;
  name: string;
  email: string;
}

/** What an update changes; an absent passwordHash keeps the password. */
export interface UserChanges {
  name: string;
  email: string;
  passwordHash?: string;
}

const view = (u: StoredUser): UserView => ({ username: u.username, name: u.name, email: u.email });

export class UserStore {
  private readonly users = new Map<string, StoredUser>();

  create(user: StoredUser): UserView {
    if (!isPasswordHash(user.passwordHash)) throw invalidArgument('Expected a password hash, not a password');
    if (this.users.has(user.username)) {
      throw new EngineError(
        'ALREADY_EXISTS',
        `Expected to create user with username '${user.username}', but a user with this username already exists`,
      );
    }
    const stored = { username: user.username, name: user.name, email: user.email, passwordHash: user.passwordHash };
    this.users.set(user.username, stored);
    return view(stored);
  }

  update(username: string, changes: UserChanges): UserView {
    const user = this.users.get(username);
    if (!user) {
      throw notFound(`Expected to update user with username ${username}, but a user with this username does not exist`);
    }
    if (changes.passwordHash !== undefined && !isPasswordHash(changes.passwordHash))
      throw invalidArgument('Expected a password hash, not a password');
    user.name = changes.name;
    user.email = changes.email;
    if (changes.passwordHash !== undefined) user.passwordHash = changes.passwordHash;
    return view(user);
  }

  delete(username: string): void {
    if (!this.users.delete(username)) {
      throw notFound(`Expected to delete user with username ${username}, but a user with this username does not exist`);
    }
  }

  get(username: string): UserView | undefined {
    const user = this.users.get(username);
    return user && view(user);
  }

  list(): UserView[] {
    return [...this.users.values()].map(view);
  }

  /** The stored hash, for the authenticator only. */
  passwordHash(username: string): string | undefined {
    return this.users.get(username)?.passwordHash;
  }

  snapshot(): StoredUser[] {
    return [...this.users.values()].map((u) => ({ ...u }));
  }

  restore(users: StoredUser[]) {
    for (const u of users) this.users.set(u.username, { ...u });
  }
}
