import { Migrator, type MigrationProvider } from 'kysely';
import { migrations } from '../../migrations/index.js';
import type { DeskDb, Sqlite } from './open.js';
import { backupDatabase, migrationsOf } from './backup.js';

export class DatabaseFromFutureError extends Error {
  constructor(readonly unknownMigrations: string[]) {
    super(
      `This database was written by a newer Bonus desk (migrations ${unknownMigrations.join(', ')}). ` +
        'Update the app before opening it; the file was not changed.',
    );
    this.name = 'DatabaseFromFutureError';
  }
}

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

/** Migration names already applied to this file (empty for a new file). */
export function appliedMigrations(db: { readonly sqlite: Sqlite }): string[] {
  return migrationsOf(db.sqlite);
}

/**
 * The migrations recorded in a file that this app does not know: a newer app wrote it
 * (DatabaseFromFutureError). Empty when this app can open it.
 */
export function unknownMigrations(applied: readonly string[]): string[] {
  const known = new Set(Object.keys(migrations));
  return applied.filter((name) => !known.has(name));
}

/** The app's migrations that `applied` lacks: what opening the file would run. */
export function pendingMigrations(applied: readonly string[]): string[] {
  return Object.keys(migrations).filter((name) => !applied.includes(name));
}

/**
 * Brings the file to the app's schema. Refuses a file from a newer app, and takes an online
 * backup of an existing file before changing it.
 */
export async function migrateToLatest(db: DeskDb, options: { backupDir?: string; now: Date }): Promise<string[]> {
  const applied = appliedMigrations(db);
  const unknown = unknownMigrations(applied);
  if (unknown.length > 0) throw new DatabaseFromFutureError(unknown);
  const pending = pendingMigrations(applied);
  if (pending.length === 0) return [];
  if (applied.length > 0 && options.backupDir !== undefined) {
    await backupDatabase(db, options.backupDir, `before-${pending[0] ?? 'migration'}`, options.now);
  }
  const migrator = new Migrator({ db: db.kysely, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    throw error instanceof Error ? error : new Error(`migration failed: ${String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
