import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readSheet } from 'read-excel-file/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseStrictCsv } from '../testing/csv-strict.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { readXlsxCells } from '../testing/xlsx-cells.js';
import { csvCell, neutralise, xlsxCell } from './export-format.js';
import { isPartial, partialName, removeStalePartials, STALE_PARTIAL_MS, writeWhole, writeWholeFile } from './files.js';
import { accessExport, exportDir, exportMembers } from './reports.js';

/**
 * Issue 10: "Files are whole or absent" and "Exports that open right". The member report (CSV,
 * XLSX) and the access copy (JSON) are written under a temporary name and renamed when complete;
 * the CSV is RFC 4180 (read back here by a strict reader); the formula guard touches free text
 * only; XLSX cells are typed. The kill test is in exports.processes.test.ts.
 */

const NOW = '2026-11-21T10:00:00.000Z';

let t: TestDesk;
beforeEach(async () => {
  t = await testDesk(NOW);
});
afterEach(() => t.close());

/** Sets a member's fields as stored data may hold them (imports, old data), past the input checks. */
function store(memberId: number, fields: Record<string, string | null>): void {
  const names = Object.keys(fields);
  t.desk.store.sqlite.prepare(`UPDATE members SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ?`).run(...names.map((n) => fields[n] ?? null), memberId);
}

const memberNo = (id: number): string => String(t.desk.store.sqlite.prepare('SELECT member_no FROM members WHERE id = ?').pluck().get(id));

describe('writeWhole: a file is whole or absent', () => {
  it('renames the temporary file to the final name only when complete, and leaves nothing else', async () => {
    const dir = join(t.dir, 'out');
    mkdirSync(dir);
    const path = join(dir, 'report.csv');
    let seenWhileWriting: string[] = [];
    const result = await writeWhole(path, async (out) => {
      out.write('first part\r\n');
      await new Promise((resolve) => setTimeout(resolve, 20));
      seenWhileWriting = readdirSync(dir);
      out.end('second part\r\n');
    });
    expect(seenWhileWriting).toHaveLength(1);
    expect(seenWhileWriting[0]).toMatch(/^\.report\.csv\.partial-\d+-[0-9a-f]+$/);
    expect(readdirSync(dir)).toEqual(['report.csv']);
    expect(readFileSync(path, 'utf8')).toBe('first part\r\nsecond part\r\n');
    expect(result).toEqual({ path, bytes: 25 });
  });

  it('on a failure half-way removes the temporary file and leaves no file under the final name', async () => {
    const dir = join(t.dir, 'out');
    mkdirSync(dir);
    const path = join(dir, 'report.csv');
    await expect(
      writeWhole(path, async (out) => {
        out.write('x'.repeat(100_000));
        await new Promise((resolve) => setTimeout(resolve, 10));
        throw new Error('the rows ran out');
      }),
    ).rejects.toThrow('the rows ran out');
    expect(readdirSync(dir)).toEqual([]);
    // And an earlier complete file under that name is not touched by a failed write.
    writeFileSync(path, 'the old report');
    await expect(writeWholeFile(join(dir, 'no-such-folder', 'x.json'), '{}')).rejects.toThrow();
    await expect(writeWhole(path, () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(readdirSync(dir)).toEqual(['report.csv']);
    expect(readFileSync(path, 'utf8')).toBe('the old report');
  });

  it('removes stale temporary files (a dead writer, or none written for an hour) and keeps a live writer\'s', () => {
    const dir = join(t.dir, 'out');
    mkdirSync(dir);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const deadOnes = `.report.csv.partial-${dead}-0a1b2c`;
    const live = partialName('live.csv');
    const quiet = partialName('quiet.csv');
    for (const name of [deadOnes, live, quiet, 'keep.csv', '.hidden']) writeFileSync(join(dir, name), 'x');
    const old = (Date.now() - STALE_PARTIAL_MS - 60_000) / 1000;
    utimesSync(join(dir, quiet), old, old);
    expect(isPartial(live) && isPartial(deadOnes) && !isPartial('keep.csv') && !isPartial('.hidden')).toBe(true);
    expect(removeStalePartials(dir).sort()).toEqual([deadOnes, quiet].sort());
    expect(readdirSync(dir).sort()).toEqual(['.hidden', 'keep.csv', live].sort());
  });
});

describe('the formula guard (neutralise) and strict formats', () => {
  it('catches = + - @ at the start, after leading spaces or tabs, and in their full-width and small forms', () => {
    const formulas = [
      '=1+2',
      '+47',
      '-2+3',
      '@SUM(A1)',
      ' =1+2',
      '  +cmd',
      '\t=HYPERLINK("http://x")',
      ' \t@x',
      '\u00a0=1',
      '\u3000=1',
      '\uFF1DHYPERLINK("http://x")', // ＝
      '\uFF0B47', // ＋
      '\uFF0D1', // －
      '\uFF20SUM(A1)', // ＠
      ' \uFF1D1',
      '\uFE661', // ﹦
      '\uFE621', // ﹢
      '\uFE631', // ﹣
      '\uFE6Bx', // ﹫
      '\tindented',
      '\rreturn',
      '\nfeed',
    ];
    for (const value of formulas) expect(neutralise(value), JSON.stringify(value)).toBe(`'${value}`);
  });

  it('leaves ordinary text alone', () => {
    for (const value of ['Kari', 'Ødegård', 'kari@example.no', 'Storgata 1 = sentrum', 'Anne-Lise', ' Kari', "O'Brien", '', '47+1', 'a=b']) {
      expect(neutralise(value), JSON.stringify(value)).toBe(value);
    }
  });

  it('never damages a value in its strict format: phone, member number, postcode, number, date, state', () => {
    expect(csvCell('phone', '+4791234567')).toBe('+4791234567');
    expect(csvCell('phone', '91234567')).toBe('91234567');
    expect(csvCell('memberNo', 500_001)).toBe('500001');
    expect(csvCell('postcode', '0150')).toBe('0150');
    expect(csvCell('integer', -300)).toBe('-300');
    expect(csvCell('integer', 12_500)).toBe('12500');
    expect(csvCell('date', '2026-01-01')).toBe('2026-01-01');
    expect(csvCell('code', 'opted_out')).toBe('opted_out');
    expect(csvCell('phone', null)).toBe('');
    // Free text is guarded; so is a value that breaks its format (it is text then).
    expect(csvCell('text', '+4791234567')).toBe("'+4791234567");
    expect(csvCell('phone', '=1+2')).toBe("'=1+2");
    expect(csvCell('phone', '+47 912 34 567')).toBe("'+47 912 34 567");
    expect(csvCell('postcode', '-150')).toBe("'-150");
  });

  it('types XLSX cells by kind: text for member numbers, phones, postcodes; numbers; dates with a format', () => {
    expect(xlsxCell('memberNo', 500_001)).toEqual({ type: String, value: '500001' });
    expect(xlsxCell('phone', '+4791234567')).toEqual({ type: String, value: '+4791234567' });
    expect(xlsxCell('postcode', '0150')).toEqual({ type: String, value: '0150' });
    expect(xlsxCell('integer', -300)).toEqual({ type: Number, value: -300 });
    expect(xlsxCell('date', '2026-01-01')).toEqual({ type: Date, value: new Date('2026-01-01T00:00:00Z'), format: 'yyyy-mm-dd' });
    expect(xlsxCell('date', null)).toBeNull();
    expect(xlsxCell('text', '=1+2')).toEqual({ type: String, value: '=1+2' });
  });
});

describe('the member report as CSV (RFC 4180)', () => {
  it('a name with a bare line feed, a carriage return, quotes or ; stays in its record; records end CRLF; nothing but the file is left', async () => {
    const a = await t.aMember({ startedOn: '2026-01-01' });
    const b = await t.aMember({ startedOn: '2026-01-01' });
    const c = await t.aMember({ startedOn: '2026-01-01' });
    store(a, { first_name: 'Kari\nAnne', last_name: 'Ødegård\rHansen', address: 'Storgata 1\r\nOppgang B', city: 'Oslo; sentrum', phone: '+4791234567', postcode: '0150' });
    store(b, { first_name: 'Ola "Olsen"', last_name: '=HYPERLINK("http://x")', address: ' @cmd', city: '\uFF1D1+1', email: '-x@example.no', phone: '+4799999999', postcode: '9990' });
    store(c, { first_name: ' +Sum', last_name: '\t=1', address: null, city: null, email: null, phone: null, postcode: null });
    await t.earn(a, 12_500, '2026-01-10');

    const { path, rows } = await exportMembers(t.ctx('manager'), { format: 'csv' });
    expect(rows).toBe(3);
    const dir = exportDir(t.ctx('manager'));
    expect(readdirSync(dir)).toEqual([path.slice(dir.length + 1)]);

    const text = readFileSync(path, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.endsWith('\r\n')).toBe(true);
    // The strict reader throws on a bare LF or CR between fields, or records of different lengths.
    const records = parseStrictCsv(text.slice(1));
    expect(records).toHaveLength(4);
    expect(records[0]).toEqual(['Medlemsnr.', 'Fornavn', 'Etternavn', 'E-post', 'Telefon', 'Adresse', 'Postnr.', 'Sted', 'Status', 'Saldo', 'Medlem siden', 'Sagt opp']);
    expect(records[1]).toEqual([memberNo(a), 'Kari\nAnne', 'Ødegård\rHansen', expect.stringMatching(/@example\.no$/), '+4791234567', 'Storgata 1\r\nOppgang B', '0150', 'Oslo; sentrum', 'active', '12500', '2026-01-01', '']);
    expect(records[2]).toEqual([memberNo(b), 'Ola "Olsen"', `'=HYPERLINK("http://x")`, "'-x@example.no", '+4799999999', "' @cmd", '9990', "'\uFF1D1+1", 'active', '0', '2026-01-01', '']);
    expect(records[3]).toEqual([memberNo(c), "' +Sum", "'\t=1", '', '', '', '', '', 'active', '0', '2026-01-01', '']);
    // What a lenient line split would have got wrong: the bare LF is inside a quoted field.
    expect(text).toContain('"Kari\nAnne";"Ødegård\rHansen"');
    expect(text).toContain('"Ola ""Olsen""";"\'=HYPERLINK(""http://x"")"');
  });
});

describe('the member report as XLSX (typed cells)', () => {
  it('member numbers, phones and postcodes are text (0150 keeps its zero), balances numbers, dates dates with a format', async () => {
    const a = await t.aMember({ startedOn: '2026-01-01' });
    store(a, { phone: '+4791234567', postcode: '0150', first_name: '=1+2' });
    await t.earn(a, 12_500, '2026-01-10');
    const b = await t.aMember({ startedOn: '2025-03-15' });
    store(b, { cancelled_on: '2026-10-01', postcode: null, phone: null });

    const { path, rows } = await exportMembers(t.ctx('manager'), { format: 'xlsx' });
    expect(rows).toBe(2);
    const dir = exportDir(t.ctx('manager'));
    expect(readdirSync(dir)).toEqual([path.slice(dir.length + 1)]);

    // As a reader sees it.
    const data = await readSheet(path);
    expect(data[0]?.[0]).toBe('Medlemsnr.');
    expect(data[1]?.slice(0, 7)).toEqual([memberNo(a), '=1+2', 'Nordmann', expect.stringMatching(/@example\.no$/), '+4791234567', null, '0150']);
    expect(data[1]?.[9]).toBe(12_500);
    expect(data[1]?.[10]).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(data[2]?.[10]).toEqual(new Date('2025-03-15T00:00:00Z'));
    expect(data[2]?.[11]).toEqual(new Date('2026-10-01T00:00:00Z'));

    // As stored in the sheet XML: the cell types themselves.
    const cells = readXlsxCells(path);
    expect(cells.get('A1')).toMatchObject({ type: 'text', value: 'Medlemsnr.' });
    expect(cells.get('A2')).toMatchObject({ type: 'text', value: memberNo(a) });
    expect(cells.get('B2')).toMatchObject({ type: 'text', value: '=1+2' });
    expect(cells.get('E2')).toMatchObject({ type: 'text', value: '+4791234567' });
    expect(cells.get('G2')).toMatchObject({ type: 'text', value: '0150' });
    expect(cells.get('I2')).toMatchObject({ type: 'text', value: 'active' });
    expect(cells.get('J2')).toMatchObject({ type: 'number', value: '12500', format: '' });
    expect(cells.get('K2')).toMatchObject({ type: 'date', format: 'yyyy-mm-dd' });
    // Excel's serial day for 2026-01-01 (days since 1899-12-30).
    expect(Number(cells.get('K2')?.value)).toBe(46_023);
    expect(cells.get('L3')).toMatchObject({ type: 'date', format: 'yyyy-mm-dd', value: '46296' });
    // An empty value is an empty cell, not an empty string or a zero.
    expect(cells.has('G3')).toBe(false);
    expect(cells.has('L2')).toBe(false);
  });
});

describe('the access copy (JSON)', () => {
  it('is written whole under its final name with no temporary file left', async () => {
    const a = await t.aMember();
    const { path, bytes, htmlPath } = await accessExport(t.ctx('manager'), a);
    const dir = exportDir(t.ctx('manager'));
    // B14 (issue 15): the JSON and the readable HTML document, nothing else.
    expect(readdirSync(dir).sort()).toEqual([htmlPath.slice(dir.length + 1), path.slice(dir.length + 1)].sort());
    const body = readFileSync(path);
    expect(body.length).toBe(bytes);
    expect((JSON.parse(body.toString('utf8')) as { member: { id: number } }).member.id).toBe(a);
  });

  it('an unknown member makes no file at all', async () => {
    await expect(accessExport(t.ctx('manager'), 999_999)).rejects.toMatchObject({ code: 'not_found' });
    const dir = join(t.dir, 'exports');
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });
});
