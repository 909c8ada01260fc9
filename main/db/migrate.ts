import { Migrator, type MigrationProvider } from 'kysely';
import { migrations } from '../../migrations/index.js';
import type { DeskDb } from './open.js';
import { backupDatabase } from './backup.js';

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
export function appliedMigrations(db: DeskDb): string[] {
  const table = db.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'")
    .get();
  if (table === undefined) return [];
  return (db.sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map(
    (row) => row.name,
  );
}

/**
 * Brings the file to the app's schema. Refuses a file from a newer app, and takes an online
 * backup of an existing file before changing it.
 */
export async function migrateToLatest(db: DeskDb, options: { backupDir?: string; now: Date }): Promise<string[]> {
  const applied = appliedMigrations(db);
  const known = new Set(Object.keys(migrations));
  const unknown = applied.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new DatabaseFromFutureError(unknown);
  const pending = Object.keys(migrations).filter((name) => !applied.includes(name));
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
