import type { Role } from '../../shared/roles.js';
import type { Clock } from '../clock.js';

/** The store a service works on (main/db/store.ts): the builder to write queries, the store to run them. */
export type { Prepared, Store, WorkerHost } from '../db/store.js';
import type { Store } from '../db/store.js';

export interface SessionUser {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
}

/** Every service function takes this first: no module-level database, no hidden clock. */
export interface ServiceContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly user: SessionUser | null;
  /** Cost settings for password hashing (lower only in tests). */
  readonly passwords: PasswordCost;
}

export interface PasswordCost {
  /** scrypt N (a power of two). */
  readonly N: number;
}

/** The signed-in user, for services that only a signed-in caller reaches (the router checks). */
export function actor(ctx: ServiceContext): SessionUser {
  if (ctx.user === null) throw new Error('service called without a signed-in user');
  return ctx.user;
}

export function nowIso(ctx: ServiceContext): string {
  return ctx.clock.now().toISOString();
}
