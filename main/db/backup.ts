import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DeskDb } from './open.js';

/** An online backup (better-sqlite3's backup API): consistent while the desk keeps working. */
export async function backupDatabase(db: DeskDb, dir: string, label: string, now: Date): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const target = join(dir, `bonus-desk-${stamp}-${label}.db`);
  await db.sqlite.backup(target);
  return target;
}
