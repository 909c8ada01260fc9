import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeskError } from '../../shared/errors.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { importEarnings } from './earnings.js';
import { optOut } from './lifecycle.js';
import { runMonth } from './monthly-run.js';

/** B2: earnings files from billing. */

let t: TestDesk;
let a: number;
let b: number;
beforeEach(async () => {
  t = await testDesk('2026-11-05T09:00:00Z');
  t.desk.store.sqlite.exec("INSERT INTO earning_products (code, name, points_per_unit) VALUES ('OMEGA3', 'Omega-3', 150), ('D3', 'Vitamin D3', 40)");
  a = t.aMember({ memberNo: 910001 });
  b = t.aMember({ memberNo: 910002 });
});
afterEach(() => t.close());

const count = (sql: string): number => t.desk.store.sqlite.prepare(sql).pluck().get() as number;

describe('earnings import (B2)', () => {
  it('reads ; or , delimited files, with or without BOM, CRLF or LF, and an optional header', () => {
    const semicolon = '\uFEFFmedlemsnummer;produkt;antall;leveringsdato\r\n910001;OMEGA3;2;2026-10-03\r\n910002;D3;1;04.10.2026\r\n';
    const comma = '910001,D3,3,2026-10-07\n910002,OMEGA3,1,2026-10-08\n';
    const r1 = importEarnings(t.ctx('supervisor'), { fileName: 'a.csv', content: semicolon });
    const r2 = importEarnings(t.ctx('supervisor'), { fileName: 'b.csv', content: comma });
    expect([r1.accepted, r1.rejected, r1.points]).toEqual([2, 0, 340]);
    expect([r2.accepted, r2.rejected, r2.points]).toEqual([2, 0, 270]);
    expect(count('SELECT count(*) FROM earnings_rows WHERE run_id IS NULL')).toBe(4);
  });

  it('reports every bad line with its line number and reason, and still takes the good lines', () => {
    optOut(t.ctx('agent'), b, { channel: 'phone', reason: 'Vil ikke være med', memberInformed: true });
    const content = [
      'medlemsnummer;produkt;antall;leveringsdato',
      '910001;OMEGA3;2;2026-10-03',
      '999999;OMEGA3;1;2026-10-03',
      '910001;UKJENT;1;2026-10-03',
      '910001;D3;0;2026-10-03',
      '910001;D3;1;2026-02-30',
      '910002;D3;1;2026-10-03',
      '910001;D3;1',
      'abc;D3;1;2026-10-03',
      '910001;D3;1;2026-12-24',
      '910001;D3;5;2026-10-09',
    ].join('\n');
    const result = importEarnings(t.ctx('supervisor'), { fileName: 'mixed.csv', content });
    expect(result.rejections.map((r) => [r.lineNo, r.reason])).toEqual([
      [3, 'unknown_member'],
      [4, 'unknown_product'],
      [5, 'bad_quantity'],
      [6, 'bad_date'],
      [7, 'member_opted_out'],
      [8, 'bad_columns'],
      [9, 'bad_member_number'],
      [10, 'future_date'],
    ]);
    expect([result.total, result.accepted, result.rejected]).toEqual([10, 2, 8]);
    const stored = t.desk.store.sqlite.prepare('SELECT rows_total, rows_accepted, rows_rejected, rejections FROM earnings_files').get() as Record<string, unknown>;
    expect(stored).toMatchObject({ rows_total: 10, rows_accepted: 2, rows_rejected: 8 });
    expect(JSON.parse(String(stored.rejections))).toHaveLength(8);
  });

  it('never takes the same file twice, whatever it is called; nothing is stored the second time', () => {
    const content = '910001;OMEGA3;2;2026-10-03\n';
    importEarnings(t.ctx('supervisor'), { fileName: 'okt.csv', content });
    let error: unknown;
    try {
      importEarnings(t.ctx('supervisor'), { fileName: 'okt-kopi.csv', content });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeskError);
    expect((error as DeskError).code).toBe('duplicate_file');
    expect((error as DeskError).details).toMatchObject({ fileName: 'okt.csv' });
    expect(count('SELECT count(*) FROM earnings_files')).toBe(1);
    expect(count('SELECT count(*) FROM earnings_rows')).toBe(1);
  });

  it('refuses an empty file with a clear code', () => {
    expect(() => importEarnings(t.ctx('supervisor'), { fileName: 'tom.csv', content: 'medlemsnummer;produkt;antall;leveringsdato\n\n' })).toThrow(
      expect.objectContaining({ code: 'bad_file' }),
    );
    expect(count('SELECT count(*) FROM earnings_files')).toBe(0);
  });

  it('the monthly run books the rows as lots earned on the delivery day, once', () => {
    importEarnings(t.ctx('supervisor'), { fileName: 'okt.csv', content: '910001;OMEGA3;2;2026-10-03\n910001;D3;1;2026-11-02\n' });
    runMonth(t.ctx('supervisor'), '2026-10');
    const lots = t.desk.store.sqlite.prepare('SELECT earned_on, expires_on, amount FROM point_lots WHERE member_id = ?').all(a);
    expect(lots).toEqual([{ earned_on: '2026-10-03', expires_on: '2029-10-03', amount: 300 }]);
    expect(count('SELECT count(*) FROM earnings_rows WHERE run_id IS NULL')).toBe(1); // November waits for its own run
    expect(count(`SELECT balance FROM members WHERE id = ${a}`)).toBe(300);
  });
});
