import type { Kysely } from 'kysely';
import type { Role } from '../../shared/roles.js';
import type { Clock } from '../clock.js';
import type { DeskDb, Sqlite } from '../db/open.js';
import { QueryRunner } from '../db/query.js';
import type { Database } from '../db/schema.js';

/** The store a service works on: the builder to write queries, the runner to execute them. */
export interface Store {
  readonly sqlite: Sqlite;
  readonly kysely: Kysely<Database>;
  readonly q: QueryRunner;
  readonly file: string;
  /** How a worker thread opens the same file (long jobs run there, DESIGN "Long work"). */
  readonly workers: WorkerHost;
}

export interface WorkerHost {
  /** better-sqlite3 built for this runtime (Electron), if not Node's. */
  readonly nativeBinding?: string | undefined;
  /** The bundled worker script; absent when running from TypeScript sources (tests, CLI). */
  readonly script?: string | undefined;
  /** Where reports and access exports are written (the app passes the user's downloads folder). */
  readonly exportDir?: string | undefined;
}

export function storeOf(db: DeskDb, workers: WorkerHost = {}): Store {
  return { sqlite: db.sqlite, kysely: db.kysely, q: new QueryRunner(db.sqlite), file: db.file, workers };
}

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
