import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeskError } from '../../shared/errors.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { importEarnings, listEarningsFiles, previewEarnings } from './earnings.js';
import { optOut } from './lifecycle.js';
import { runMonth } from './monthly-run.js';

/** B2: earnings files from billing. */

let t: TestDesk;
let a: number;
let b: number;
beforeEach(async () => {
  t = await testDesk('2026-11-05T09:00:00Z');
  t.desk.store.sqlite.exec("INSERT INTO earning_products (code, name, points_per_unit) VALUES ('OMEGA3', 'Omega-3', 150), ('D3', 'Vitamin D3', 40)");
  a = await t.aMember({ memberNo: 910001 });
  b = await t.aMember({ memberNo: 910002 });
});
afterEach(() => t.close());

const count = (sql: string): number => t.desk.store.sqlite.prepare(sql).pluck().get() as number;

describe('earnings import (B2)', () => {
  it('reads ; or , delimited files, with or without BOM, CRLF or LF, and an optional header', async () => {
    const semicolon = '\uFEFFmedlemsnummer;produkt;antall;leveringsdato\r\n910001;OMEGA3;2;2026-10-03\r\n910002;D3;1;04.10.2026\r\n';
    const comma = '910001,D3,3,2026-10-07\n910002,OMEGA3,1,2026-10-08\n';
    const r1 = await importEarnings(t.ctx('supervisor'), { fileName: 'a.csv', content: semicolon });
    const r2 = await importEarnings(t.ctx('supervisor'), { fileName: 'b.csv', content: comma });
    expect([r1.accepted, r1.rejected, r1.points]).toEqual([2, 0, 340]);
    expect([r2.accepted, r2.rejected, r2.points]).toEqual([2, 0, 270]);
    expect(count('SELECT count(*) FROM earnings_rows WHERE run_id IS NULL')).toBe(4);
  });

  it('reports every bad line with its line number and reason, and still takes the good lines', async () => {
    await optOut(t.ctx('agent'), b, { channel: 'phone', reason: 'Vil ikke være med', memberInformed: true });
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
    const result = await importEarnings(t.ctx('supervisor'), { fileName: 'mixed.csv', content });
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

  it('never takes the same file twice, whatever it is called; nothing is stored the second time', async () => {
    const content = '910001;OMEGA3;2;2026-10-03\n';
    await importEarnings(t.ctx('supervisor'), { fileName: 'okt.csv', content });
    let error: unknown;
    try {
      await importEarnings(t.ctx('supervisor'), { fileName: 'okt-kopi.csv', content });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeskError);
    expect((error as DeskError).code).toBe('duplicate_file');
    expect((error as DeskError).details).toMatchObject({ fileName: 'okt.csv' });
    expect(count('SELECT count(*) FROM earnings_files')).toBe(1);
    expect(count('SELECT count(*) FROM earnings_rows')).toBe(1);
  });

  it('refuses an empty file with a clear code', async () => {
    await expect(importEarnings(t.ctx('supervisor'), { fileName: 'tom.csv', content: 'medlemsnummer;produkt;antall;leveringsdato\n\n' })).rejects.toThrow(
      expect.objectContaining({ code: 'bad_file' }),
    );
    expect(count('SELECT count(*) FROM earnings_files')).toBe(0);
  });

  it('the monthly run books the rows as lots earned on the delivery day, once', async () => {
    await importEarnings(t.ctx('supervisor'), { fileName: 'okt.csv', content: '910001;OMEGA3;2;2026-10-03\n910001;D3;1;2026-11-02\n' });
    await runMonth(t.ctx('supervisor'), '2026-10');
    const lots = t.desk.store.sqlite.prepare('SELECT earned_on, expires_on, amount FROM point_lots WHERE member_id = ?').all(a);
    expect(lots).toEqual([{ earned_on: '2026-10-03', expires_on: '2029-10-03', amount: 300 }]);
    expect(count('SELECT count(*) FROM earnings_rows WHERE run_id IS NULL')).toBe(1); // November waits for its own run
    expect(count(`SELECT balance FROM members WHERE id = ${a}`)).toBe(300);
  });
});

/** The DeskError a call throws, to read its code and details. */
async function refusal(fn: () => unknown): Promise<DeskError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof DeskError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const stored = (): { line_no: number; member_id: number; product_code: string; quantity: number; delivered_on: string; kept_repeat: number }[] =>
  t.desk.store.sqlite.prepare('SELECT line_no, member_id, product_code, quantity, delivered_on, kept_repeat FROM earnings_rows ORDER BY id').all() as never;

describe('B2: never booked twice means the rows', () => {
  const original = '\uFEFFmedlemsnummer;produkt;antall;leveringsdato\r\n910001;OMEGA3;2;2026-10-03\r\n910002;D3;1;04.10.2026\r\n910001;D3;3;2026-10-07\r\n';

  it('B2: the same rows saved again with , instead of ;, without BOM, LF, other date form, other order or another name are refused, naming the earlier file', async () => {
    const first = await importEarnings(t.ctx('supervisor'), { fileName: 'oktober.csv', content: original });
    expect(first.accepted).toBe(3);
    const variants: [string, string][] = [
      ['comma, BOM, CRLF', '\uFEFFmedlemsnummer,produkt,antall,leveringsdato\r\n910001,OMEGA3,2,2026-10-03\r\n910002,D3,1,04.10.2026\r\n910001,D3,3,2026-10-07\r\n'],
      ['semicolon, no BOM, LF', 'medlemsnummer;produkt;antall;leveringsdato\n910001;OMEGA3;2;2026-10-03\n910002;D3;1;04.10.2026\n910001;D3;3;2026-10-07\n'],
      ['comma, no header, ISO dates, quoted, other order', '"910001","D3","3","2026-10-07"\n"910002","D3","1","2026-10-04"\n"910001","OMEGA3","2","03.10.2026"'],
      ['the same bytes, another name', original],
    ];
    for (const [what, content] of variants) {
      for (const step of ['preview', 'import'] as const) {
        const input = { fileName: `kopi ${what}.csv`, content };
        const e = await refusal(async () => (step === 'preview' ? previewEarnings(t.ctx('supervisor'), input) : await importEarnings(t.ctx('supervisor'), input)));
        expect(e.code, `${what} (${step})`).toBe('duplicate_file');
        expect(e.details, what).toMatchObject({ fileId: first.fileId, fileName: 'oktober.csv', importedAt: first.importedAt });
        expect(e.message).toContain('oktober.csv');
      }
    }
    expect(count('SELECT count(*) FROM earnings_files')).toBe(1);
    expect(count('SELECT count(*) FROM earnings_rows')).toBe(3);
    expect(count("SELECT count(*) FROM audit_log WHERE action = 'earnings.import'")).toBe(1);
  });

  it('B2: a file with other rows beside the booked ones is not refused whole: the booked rows are shown as repeats', async () => {
    await importEarnings(t.ctx('supervisor'), { fileName: 'oktober.csv', content: original });
    const preview = await previewEarnings(t.ctx('supervisor'), { fileName: 'oktober-2.csv', content: `${original}910002;OMEGA3;1;2026-10-20\r\n` });
    expect([preview.total, preview.accepted, preview.points]).toEqual([4, 1, 150]);
    expect(preview.repeats.map((r) => r.lineNo)).toEqual([2, 3, 4]);
  });

  it('B2: the preview stores nothing and lists repeats inside the file with the line they repeat, and rows booked before with file, time and line', async () => {
    t.clock.set('2026-11-04T08:15:00Z');
    await importEarnings(t.ctx('supervisor'), { fileName: 'september.csv', content: '910001;D3;1;2026-09-30\n910002;OMEGA3;4;2026-10-01\n' });
    t.clock.set('2026-11-05T09:00:00Z');
    const before = count('SELECT count(*) FROM audit_log');
    const content = ['910001;OMEGA3;2;2026-10-03', '910002,OMEGA3;4;01.10.2026', '910001;OMEGA3;2;03.10.2026', '910002;D3;1;2026-10-05', '910001;OMEGA3;2;2026-10-03', '999999;D3;1;2026-10-05'].join('\n');
    const preview = await previewEarnings(t.ctx('supervisor'), { fileName: 'oktober.csv', content });
    expect(count('SELECT count(*) FROM earnings_files')).toBe(1);
    expect(count('SELECT count(*) FROM earnings_rows')).toBe(2);
    expect(count('SELECT count(*) FROM audit_log')).toBe(before);
    // line 2 is a bad line (mixed delimiters): a rejection, not a repeat.
    expect(preview.rejections.map((r) => [r.lineNo, r.reason])).toEqual([
      [2, 'bad_columns'],
      [6, 'unknown_member'],
    ]);
    expect([preview.total, preview.accepted, preview.rejected, preview.points]).toEqual([6, 2, 2, 340]);
    expect(preview.repeats).toEqual([
      { lineNo: 3, text: '910001;OMEGA3;2;2026-10-03', points: 300, sameAsLine: 1, booked: null },
      { lineNo: 5, text: '910001;OMEGA3;2;2026-10-03', points: 300, sameAsLine: 1, booked: null },
    ]);
    const again = await previewEarnings(t.ctx('supervisor'), { fileName: 'oktober.csv', content: '910002;OMEGA3;4;01.10.2026\n910002;OMEGA3;5;2026-10-01\n' });
    expect(again.repeats).toEqual([
      { lineNo: 1, text: '910002;OMEGA3;4;2026-10-01', points: 600, sameAsLine: null, booked: { fileId: 1, fileName: 'september.csv', importedAt: '2026-11-04T08:15:00.000Z', lineNo: 2 } },
    ]);
    expect(again.accepted).toBe(1); // the other quantity is another row
  });

  it('B2: repeats inside a file — kept rows are stored and booked, dropped rows are not; the decision is recorded with the file', async () => {
    const content = ['910001;OMEGA3;2;2026-10-03', '910002;D3;1;2026-10-05', '910001;OMEGA3;2;2026-10-03', '910002;D3;1;05.10.2026', '910001;OMEGA3;2;2026-10-03'].join('\n');
    const result = await importEarnings(t.ctx('supervisor'), {
      fileName: 'oktober.csv',
      content,
      repeats: [
        { lineNo: 3, keep: true },
        { lineNo: 4, keep: false },
        { lineNo: 5, keep: false },
      ],
    });
    expect([result.total, result.accepted, result.rejected, result.dropped, result.keptRepeats, result.points]).toEqual([5, 3, 0, 2, 1, 640]);
    expect(stored().map((r) => [r.line_no, r.product_code, r.kept_repeat])).toEqual([
      [1, 'OMEGA3', 0],
      [2, 'D3', 0],
      [3, 'OMEGA3', 1],
    ]);
    const file = t.desk.store.sqlite.prepare('SELECT rows_accepted, rows_dropped, repeats FROM earnings_files').get() as { rows_accepted: number; rows_dropped: number; repeats: string };
    expect([file.rows_accepted, file.rows_dropped]).toEqual([3, 2]);
    expect((JSON.parse(file.repeats) as { lineNo: number; keep: boolean; sameAsLine: number }[]).map((r) => [r.lineNo, r.keep, r.sameAsLine])).toEqual([
      [3, true, 1],
      [4, false, 2],
      [5, false, 1],
    ]);
    expect((await listEarningsFiles(t.ctx('supervisor')))[0]).toMatchObject({ accepted: 3, dropped: 2, points: 640 });
    await runMonth(t.ctx('supervisor'), '2026-10');
    expect(count(`SELECT balance FROM members WHERE id = ${a}`)).toBe(600); // 2 × 2 × 150: the kept repeat too
    expect(count(`SELECT balance FROM members WHERE id = ${b}`)).toBe(40); // the dropped repeat is not booked
  });

  it('B2: repeats across files — a row matching one imported before is booked only if kept', async () => {
    await importEarnings(t.ctx('supervisor'), { fileName: 'a.csv', content: '910001;OMEGA3;2;2026-10-03\n910002;D3;1;2026-10-05\n' });
    const content = '910001;OMEGA3;2;2026-10-03\n910002;D3;1;2026-10-05\n910002;OMEGA3;1;2026-10-09\n';
    const dropped = await importEarnings(t.ctx('supervisor'), { fileName: 'b.csv', content, repeats: [{ lineNo: 1, keep: false }, { lineNo: 2, keep: false }] });
    expect([dropped.accepted, dropped.dropped, dropped.points]).toEqual([1, 2, 150]);
    const c = 'medlemsnummer;produkt;antall;leveringsdato\n910001;OMEGA3;2;2026-10-03\n910001;D3;4;2026-10-10\n';
    expect((await previewEarnings(t.ctx('supervisor'), { fileName: 'c.csv', content: c })).repeats.map((r) => [r.lineNo, r.booked?.fileName, r.booked?.lineNo])).toEqual([[2, 'a.csv', 1]]);
    const keptOne = await importEarnings(t.ctx('supervisor'), { fileName: 'c.csv', content: c, repeats: [{ lineNo: 2, keep: true }] });
    expect([keptOne.accepted, keptOne.dropped, keptOne.keptRepeats, keptOne.points]).toEqual([2, 0, 1, 460]);
    // a: 2 rows; b: 1 (two dropped); c: 2 (one kept repeat).
    expect(stored().filter((r) => r.member_id === a && r.product_code === 'OMEGA3' && r.delivered_on === '2026-10-03').map((r) => r.kept_repeat)).toEqual([0, 1]);
    expect(stored().filter((r) => r.member_id === b && r.product_code === 'D3')).toHaveLength(1);
    await runMonth(t.ctx('supervisor'), '2026-10');
    expect(count(`SELECT balance FROM members WHERE id = ${a}`)).toBe(300 + 300 + 160);
    expect(count(`SELECT balance FROM members WHERE id = ${b}`)).toBe(40 + 150);
  });

  it('B2: a repeat without a decision, or a decision for a line that repeats nothing, is refused and nothing is stored', async () => {
    await importEarnings(t.ctx('supervisor'), { fileName: 'a.csv', content: '910001;OMEGA3;2;2026-10-03\n' });
    const content = '910001;OMEGA3;2;2026-10-03\n910002;D3;1;2026-10-05\n910002;D3;1;2026-10-05\n';
    const missing = await refusal(() => importEarnings(t.ctx('supervisor'), { fileName: 'b.csv', content }));
    expect(missing.code).toBe('repeats_undecided');
    expect(missing.details).toMatchObject({ undecided: [1, 3] });
    const partly = await refusal(() => importEarnings(t.ctx('supervisor'), { fileName: 'b.csv', content, repeats: [{ lineNo: 1, keep: true }] }));
    expect(partly.details).toMatchObject({ undecided: [3] });
    const stale = await refusal(() => importEarnings(t.ctx('supervisor'), { fileName: 'b.csv', content, repeats: [{ lineNo: 1, keep: true }, { lineNo: 2, keep: true }, { lineNo: 3, keep: false }] }));
    expect(stale.code).toBe('repeats_undecided');
    expect(stale.details).toMatchObject({ undecided: [], unexpected: [2] });
    expect(count('SELECT count(*) FROM earnings_files')).toBe(1);
    expect(count('SELECT count(*) FROM earnings_rows')).toBe(1);
    expect(count("SELECT count(*) FROM audit_log WHERE action = 'earnings.import'")).toBe(1);
  });

  it('B2: a product code that is in the earning table but no longer earns is reported as such, not as unknown; the rest is booked', async () => {
    t.desk.store.sqlite.exec("INSERT INTO earning_products (code, name, points_per_unit, active) VALUES ('GAMMEL', 'Utgått vare', 90, 0)");
    const result = await importEarnings(t.ctx('supervisor'), { fileName: 'okt.csv', content: '910001;GAMMEL;1;2026-10-03\n910001;FINNESIKKE;1;2026-10-03\n910001;D3;1;2026-10-03\n' });
    expect(result.rejections.map((r) => [r.lineNo, r.reason, r.text])).toEqual([
      [1, 'product_not_earning', '910001;GAMMEL;1;2026-10-03'],
      [2, 'unknown_product', '910001;FINNESIKKE;1;2026-10-03'],
    ]);
    expect([result.accepted, result.points]).toEqual([1, 40]);
  });

  it('B2: each import is one transaction with its audit row naming the decisions', async () => {
    const content = '910001;OMEGA3;2;2026-10-03\n910001;OMEGA3;2;2026-10-03\n910001;OMEGA3;2;2026-10-03\n';
    const result = await importEarnings(t.ctx('supervisor'), { fileName: 'okt.csv', content, repeats: [{ lineNo: 2, keep: true }, { lineNo: 3, keep: false }] });
    const row = t.desk.store.sqlite.prepare("SELECT details FROM audit_log WHERE action = 'earnings.import'").get() as { details: string };
    expect(JSON.parse(row.details)).toMatchObject({ fileId: result.fileId, keptRepeats: [2], droppedRepeats: [3], accepted: 2 });
  });
});
