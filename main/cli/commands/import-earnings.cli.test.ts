import { spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDesk, type TestDesk } from '../../testing/test-desk.js';

/**
 * B2 from the command line, as an admin runs it (a child process through tsx): repeated rows are
 * listed and nothing is booked unless --keep-repeats (or --drop-repeats) decides them.
 */

const NOW = '2026-11-05T09:00:00.000Z';
let t: TestDesk;
let base: string;

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', ...args, '--now', NOW], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function rows(db: string): { file_name: string; line_no: number; kept_repeat: number }[] {
  const sqlite = new BetterSqlite3(db, { readonly: true });
  try {
    return sqlite.prepare('SELECT f.file_name, r.line_no, r.kept_repeat FROM earnings_rows r JOIN earnings_files f ON f.id = r.file_id ORDER BY r.id').all() as never;
  } finally {
    sqlite.close();
  }
}

/** A fresh copy of the desk with september.csv already imported. */
function desk(name: string): string {
  const file = join(t.dir, `${name}.db`);
  copyFileSync(base, file);
  return file;
}

let september: string;
let october: string;
beforeAll(async () => {
  t = await testDesk(NOW);
  t.desk.store.sqlite.exec("INSERT INTO earning_products (code, name, points_per_unit) VALUES ('OMEGA3', 'Omega-3', 150), ('D3', 'Vitamin D3', 40)");
  await t.aMember({ memberNo: 910001 });
  await t.aMember({ memberNo: 910002 });
  t.desk.close();
  base = t.file;
  september = join(t.dir, 'september.csv');
  writeFileSync(september, 'medlemsnummer;produkt;antall;leveringsdato\n910001;D3;1;2026-09-30\n');
  expect(cli(['import-earnings', '--db', base, september]).status).toBe(0);
  // Line 2 repeats september.csv's row (as DD.MM.YYYY, comma-separated); line 4 repeats line 3.
  october = join(t.dir, 'oktober.csv');
  writeFileSync(october, 'medlemsnummer,produkt,antall,leveringsdato\r\n910001,D3,1,30.09.2026\r\n910002,OMEGA3,2,2026-10-03\r\n910002,OMEGA3,2,2026-10-03\r\n');
});
afterAll(() => t.close());

describe('npm run desk -- import-earnings (B2)', () => {
  it('B2: without --keep-repeats, repeated rows are listed by line and nothing is booked (exit 2)', () => {
    const db = desk('plain');
    const r = cli(['import-earnings', '--db', db, october]);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('oktober.csv: 2 lines repeat a row already in the file or imported before; nothing was booked.');
    expect(r.stdout).toMatch(/line 2: 910001;D3;1;2026-09-30 {2}repeats line 2 of september\.csv \(imported 2026-11-05T09:0\d:\d\d\.\d{3}Z\)/);
    expect(r.stdout).toContain('line 4: 910002;OMEGA3;2;2026-10-03  repeats line 3 of this file');
    expect(r.stdout).toContain('--keep-repeats');
    expect(rows(db).map((row) => row.file_name)).toEqual(['september.csv']);

    const json = cli(['import-earnings', '--db', db, october, '--json']);
    expect(json.status).toBe(2);
    const out = JSON.parse(json.stdout) as { booked: boolean; repeats: { lineNo: number }[] };
    expect(out.booked).toBe(false);
    expect(out.repeats.map((x) => x.lineNo)).toEqual([2, 4]);
    expect(rows(db)).toHaveLength(1);
  });

  it('B2: with --keep-repeats every repeated row is booked as well; with --drop-repeats none is', () => {
    const kept = desk('kept');
    const k = cli(['import-earnings', '--db', kept, october, '--keep-repeats']);
    expect(k.stderr).toBe('');
    expect(k.status).toBe(0);
    expect(k.stdout).toContain('oktober.csv: 3 lines, 3 taken (640 points), 0 rejected, 2 repeated kept, 0 repeated dropped');
    expect(rows(kept).filter((row) => row.file_name === 'oktober.csv').map((row) => [row.line_no, row.kept_repeat])).toEqual([
      [2, 1],
      [3, 0],
      [4, 1],
    ]);

    const dropped = desk('dropped');
    const d = cli(['import-earnings', '--db', dropped, october, '--drop-repeats', '--json']);
    expect(d.status).toBe(0);
    expect(JSON.parse(d.stdout)).toMatchObject({ booked: true, accepted: 1, dropped: 2, keptRepeats: 0, points: 300 });
    expect(rows(dropped).filter((row) => row.file_name === 'oktober.csv').map((row) => row.line_no)).toEqual([3]);
  });

  it('B2: the same rows saved again are refused with exit 1, naming the earlier file; both flags at once are a usage error', () => {
    const db = desk('again');
    const resaved = join(t.dir, 'september-kopi.csv');
    writeFileSync(resaved, '\ufeff910001,D3,1,30.09.2026\r\n');
    const r = cli(['import-earnings', '--db', db, resaved, '--keep-repeats']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('already imported as september.csv');
    expect(r.stderr).toContain('(duplicate_file)');
    expect(rows(db)).toHaveLength(1);

    const both = cli(['import-earnings', '--db', db, october, '--keep-repeats', '--drop-repeats']);
    expect(both.status).toBe(1);
    expect(both.stderr).toContain('--keep-repeats and --drop-repeats cannot be given together');
  });
});
