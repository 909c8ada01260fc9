import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { openDatabase } from './open.js';

/** B2: migration 0002 (canonical row keys and file fingerprints) over a file written before it. */
describe('B2: migration 0002', () => {
  it('B2: rows imported before 0002 get their canonical key, so a new file is matched against them too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'earnings-0002-'));
    const db = openDatabase({ file: join(dir, 'old.db') });
    try {
      const migrate = async (record: typeof migrations): Promise<void> => {
        const { error } = await new Migrator({ db: db.kysely, provider: { getMigrations: () => Promise.resolve(record) } }).migrateToLatest();
        if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
      };
      const first = migrations['0001_init'];
      if (first === undefined) throw new Error('no 0001_init');
      await migrate({ '0001_init': first });
      db.sqlite.exec(`
        INSERT INTO members (member_no, first_name, last_name, enrolled_on, created_at) VALUES (910001, 'A', 'B', '2026-01-01', '2026-01-01');
        INSERT INTO earning_products (code, name, points_per_unit) VALUES ('OMEGA3', 'Omega-3', 150);
        INSERT INTO earnings_files (file_name, content_hash, imported_at, rows_total, rows_accepted, rows_rejected, rejections) VALUES ('gammel.csv', 'x', '2026-10-01T08:00:00.000Z', 1, 1, 0, '[]');
        INSERT INTO earnings_rows (file_id, line_no, member_id, product_code, quantity, delivered_on, points) VALUES (1, 1, 1, 'OMEGA3', 2, '2026-09-03', 300);`);
      await migrate(migrations);
      expect(db.sqlite.prepare('SELECT row_key, kept_repeat FROM earnings_rows').get()).toEqual({ row_key: '910001|OMEGA3|2026-09-03|2', kept_repeat: 0 });
      expect(db.sqlite.prepare('SELECT rows_fingerprint, rows_dropped, repeats FROM earnings_files').get()).toEqual({ rows_fingerprint: null, rows_dropped: 0, repeats: '[]' });
    } finally {
      db.sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
