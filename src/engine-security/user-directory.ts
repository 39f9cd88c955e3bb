/**
 * What the gateways need of the engine's users: the journaled commands and the reads. The embedded engine
 * (engine.ts) is one; the gateways get it only when the engine's API is secured (startEngineServices).
 */
import type { StoredUser, UserChanges, UserView } from './user-store';

export interface UserDirectory {
  createUser(user: StoredUser): UserView;
  updateUser(username: string, changes: UserChanges): UserView;
  deleteUser(username: string): void;
  getUser(username: string): UserView | undefined;
  listUsers(): UserView[];
  userPasswordHash(username: string): string | undefined;
  /** resolves once every accepted command is on disk */
  durable(): Promise<void>;
}
