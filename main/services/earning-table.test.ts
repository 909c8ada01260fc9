import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/roles.js';
import type { Connection } from '../desk.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { earningStatus } from './earning-table.js';
import { runMonth } from './monthly-run.js';

/**
 * B2 "the earning table" (issue 13) through the router: supervisors keep which product codes earn,
 * how many points per unit and on which delivery days; the earnings import refuses a row delivered
 * outside a code's days with its own reason; a code that stops earning keeps its rows and history.
 */

let t: TestDesk;
let sup: Connection;
let memberA: number;

beforeEach(async () => {
  t = await testDesk('2026-11-05T09:00:00Z');
  memberA = await t.aMember({ memberNo: 920001 });
  sup = await t.as('supervisor');
});
afterEach(() => t.close());

const db = () => t.desk.store.sqlite;
const count = (sql: string, ...args: unknown[]): number => db().prepare(sql).pluck().get(...args) as number;
const written = (): unknown[] => [
  db().prepare('SELECT * FROM earning_products ORDER BY code').all(),
  count("SELECT count(*) FROM audit_log WHERE action LIKE 'earningTable.%'"),
];

async function refusedWith(c: Connection, channel: string, input: unknown): Promise<{ code: string; details?: Record<string, unknown> | undefined }> {
  const before = written();
  const result = await c.invoke(channel, input);
  if (result.ok) throw new Error(`${channel} was accepted: ${JSON.stringify(result.value)}`);
  // A refused change of the table stores nothing, not even an audit row.
  expect(written(), `${channel} wrote something although it was refused`).toEqual(before);
  return result.error;
}

const importFile = (fileName: string, content: string) => sup.call('earnings.import', { fileName, content });

describe('the earning table (B2)', () => {
  it('B2: a supervisor adds codes; by default a code earns from today on; managers read the table, with where each code stands today', async () => {
    const omega = await sup.call('earningTable.create', { code: 'OMEGA3F', name: ' Omega-3 Forte ', pointsPerUnit: 1_200 });
    expect(omega).toEqual({ code: 'OMEGA3F', name: 'Omega-3 Forte', pointsPerUnit: 1_200, active: true, activeFrom: '2026-11-05', activeTo: null, status: 'earning' });
    await sup.call('earningTable.create', { code: 'JULEPAKKE', name: 'Julepakke', pointsPerUnit: 500, activeFrom: '2026-12-01', activeTo: '2026-12-31' });
    await sup.call('earningTable.create', { code: 'SOMMER', name: 'Sommerpakke', pointsPerUnit: 300, activeFrom: '2026-06-01', activeTo: '2026-08-31' });
    const manager = await t.as('manager');
    const { today, products } = await manager.call('earningTable.list', {});
    expect(today).toBe('2026-11-05');
    expect(products.map((p) => [p.code, p.status])).toEqual([
      ['JULEPAKKE', 'not_yet'],
      ['OMEGA3F', 'earning'],
      ['SOMMER', 'ended'],
    ]);
    expect(count("SELECT count(*) FROM audit_log WHERE action = 'earningTable.create'")).toBe(3);
    const details = JSON.parse(db().prepare("SELECT details FROM audit_log WHERE action = 'earningTable.create' ORDER BY id LIMIT 1").pluck().get() as string) as unknown;
    expect(details).toEqual({ code: 'OMEGA3F', name: 'Omega-3 Forte', pointsPerUnit: 1_200, activeFrom: '2026-11-05', activeTo: null });
  });

  it('B2: where a code stands: its first and last day count (inclusive); a switched-off code earns on no day', () => {
    const code = { active: 1, active_from: '2026-11-01', active_to: '2026-11-30' };
    expect(earningStatus(code, '2026-10-31')).toBe('not_yet');
    expect(earningStatus(code, '2026-11-01')).toBe('earning');
    expect(earningStatus(code, '2026-11-30')).toBe('earning');
    expect(earningStatus(code, '2026-12-01')).toBe('ended');
    expect(earningStatus({ ...code, active_to: null }, '2099-01-01')).toBe('earning');
    expect(earningStatus({ ...code, active: 0 }, '2026-11-15')).toBe('stopped');
  });

  it('B2: a code that is taken (in any case), bad codes, points and days are refused; nothing is written', async () => {
    await sup.call('earningTable.create', { code: 'VITD3', name: 'Vitamin D3', pointsPerUnit: 500 });
    expect(await refusedWith(sup, 'earningTable.create', { code: 'vitd3', name: 'Vitamin D3 igjen', pointsPerUnit: 400 })).toMatchObject({ code: 'conflict', details: { field: 'code', code: 'VITD3' } });
    expect(await refusedWith(sup, 'earningTable.create', { code: 'NY', name: 'Ny', pointsPerUnit: 10, activeFrom: '2026-12-01', activeTo: '2026-11-30' })).toMatchObject({
      code: 'invalid_input',
      details: { field: 'activeTo' },
    });
    expect(await refusedWith(sup, 'earningTable.create', { code: 'NY', name: 'Ny', pointsPerUnit: 10, activeFrom: '2026-02-30' })).toMatchObject({ code: 'invalid_input', details: { field: 'activeFrom' } });
    for (const input of [
      { code: 'MED MELLOMROM', name: 'X', pointsPerUnit: 10 },
      { code: '', name: 'X', pointsPerUnit: 10 },
      { code: 'NY', name: '', pointsPerUnit: 10 },
      { code: 'NY', name: 'X', pointsPerUnit: 0 },
      { code: 'NY', name: 'X', pointsPerUnit: 2.5 },
      { code: 'NY', name: 'X', pointsPerUnit: 10, activeFrom: '05.11.2026' },
      { code: 'NY', name: 'X', pointsPerUnit: 10, active: false },
    ]) {
      expect((await refusedWith(sup, 'earningTable.create', input)).code, JSON.stringify(input)).toBe('invalid_input');
    }
    expect((await refusedWith(sup, 'earningTable.update', { code: 'FINNESIKKE', name: 'X' })).code).toBe('not_found');
    expect(await refusedWith(sup, 'earningTable.update', { code: 'VITD3', activeTo: '2026-01-01', activeFrom: '2026-06-01' })).toMatchObject({ code: 'invalid_input', details: { field: 'activeTo' } });
    expect((await refusedWith(sup, 'earningTable.update', { code: 'VITD3', pointsPerUnit: -5 })).code).toBe('invalid_input');
  });

  it('B2: only the fields given change, with before and after in the audit row; a change of nothing stores nothing', async () => {
    await sup.call('earningTable.create', { code: 'TRAN', name: 'Tran', pointsPerUnit: 900, activeFrom: '2025-01-01' });
    const changed = await sup.call('earningTable.update', { code: 'TRAN', pointsPerUnit: 950, activeTo: '2026-12-31', reason: 'Ny avtale med leverandøren' });
    expect(changed).toMatchObject({ name: 'Tran', pointsPerUnit: 950, activeFrom: '2025-01-01', activeTo: '2026-12-31', active: true, status: 'earning' });
    const row = db().prepare("SELECT reason, details FROM audit_log WHERE action = 'earningTable.update'").get() as { reason: string; details: string };
    expect(row.reason).toBe('Ny avtale med leverandøren');
    expect(JSON.parse(row.details)).toEqual({ code: 'TRAN', before: { pointsPerUnit: 900, activeTo: null }, after: { pointsPerUnit: 950, activeTo: '2026-12-31' } });
    const before = written();
    expect(await sup.call('earningTable.update', { code: 'TRAN', name: 'Tran', pointsPerUnit: 950 })).toEqual(changed);
    expect(written()).toEqual(before);
    // The end day can be taken away again (null), and the code switched off and on.
    expect(await sup.call('earningTable.update', { code: 'TRAN', activeTo: null, active: false })).toMatchObject({ activeTo: null, active: false, status: 'stopped' });
  });
});

describe('B2: the earnings import against the table’s days', () => {
  it('B2: a row delivered before a code’s first day or after its last is refused with its own reason and line number; the rest is taken', async () => {
    await sup.call('earningTable.create', { code: 'HOST', name: 'Høstpakke', pointsPerUnit: 100, activeFrom: '2026-10-10', activeTo: '2026-10-20' });
    await sup.call('earningTable.create', { code: 'GAMMEL', name: 'Utgått vare', pointsPerUnit: 90, activeFrom: '2020-01-01' });
    await sup.call('earningTable.update', { code: 'GAMMEL', active: false });
    const result = await importFile('okt.csv', ['910;X;1;2026-10-10', '920001;HOST;1;2026-10-09', '920001;HOST;2;2026-10-10', '920001;HOST;1;2026-10-20', '920001;HOST;1;2026-10-21', '920001;GAMMEL;1;2026-10-15'].join('\n'));
    expect(result.rejections.map((r) => [r.lineNo, r.reason, r.text])).toEqual([
      [1, 'unknown_member', '910;X;1;2026-10-10'],
      [2, 'outside_earning_period', '920001;HOST;1;2026-10-09'],
      [5, 'outside_earning_period', '920001;HOST;1;2026-10-21'],
      // A switched-off code is still "no longer earns", on any day.
      [6, 'product_not_earning', '920001;GAMMEL;1;2026-10-15'],
    ]);
    expect([result.accepted, result.points]).toEqual([2, 300]);
    // The preview says the same before anything is stored.
    const preview = await sup.call('earnings.preview', { fileName: 'okt2.csv', content: '920001;HOST;1;2026-10-21\n' });
    expect(preview.rejections).toEqual([{ lineNo: 1, reason: 'outside_earning_period', text: '920001;HOST;1;2026-10-21' }]);
  });

  it('B2: a code that stops earning keeps its history: rows taken before keep their points and are booked by the run; a late file for days it earned is still taken', async () => {
    await sup.call('earningTable.create', { code: 'KASSE', name: 'Månedskasse', pointsPerUnit: 250, activeFrom: '2026-01-01' });
    const first = await importFile('sep.csv', '920001;KASSE;2;2026-09-15\n');
    expect([first.accepted, first.points]).toEqual([1, 500]);
    // The code ends on 30.09, then earns more per unit, then is switched off: none of it touches the row taken.
    await sup.call('earningTable.update', { code: 'KASSE', activeTo: '2026-09-30', reason: 'Varen er tatt ut av sortimentet' });
    await sup.call('earningTable.update', { code: 'KASSE', pointsPerUnit: 400 });
    expect(db().prepare("SELECT points FROM earnings_rows WHERE product_code = 'KASSE'").pluck().all()).toEqual([500]);
    // A late file for a day it still earned is taken at the new price; a day after its end is refused.
    const late = await importFile('sep-sen.csv', '920001;KASSE;1;2026-09-20\n920001;KASSE;1;2026-10-02\n');
    expect(late.rejections.map((r) => [r.lineNo, r.reason])).toEqual([[2, 'outside_earning_period']]);
    expect(late.points).toBe(400);
    await sup.call('earningTable.update', { code: 'KASSE', active: false });
    // The code stays in the table, and the monthly run books the rows with the points they were taken with.
    expect((await sup.call('earningTable.list', {})).products).toEqual([expect.objectContaining({ code: 'KASSE', status: 'stopped', pointsPerUnit: 400 })]);
    await runMonth(t.ctx('supervisor'), '2026-10');
    expect(db().prepare("SELECT amount FROM ledger_entries WHERE member_id = ? AND kind = 'earn' ORDER BY id").pluck().all(memberA)).toEqual([500, 400]);
    expect(await t.balanceOf(memberA)).toBe(900);
    expect(count("SELECT count(*) FROM earnings_rows WHERE product_code = 'KASSE' AND run_id IS NOT NULL")).toBe(2);
  });
});

describe('who may keep the earning table (SPEC role table, B2)', () => {
  it('agents, managers and admins may not change it; agents and admins do not read it; nothing is written', async () => {
    await sup.call('earningTable.create', { code: 'VITC', name: 'Vitamin C', pointsPerUnit: 400 });
    const connections: Partial<Record<Role, Connection>> = { agent: await t.as('agent'), manager: await t.as('manager'), admin: await t.as('admin') };
    for (const [role, c] of Object.entries(connections)) {
      expect((await refusedWith(c, 'earningTable.create', { code: 'NY', name: 'Ny', pointsPerUnit: 10 })).code, role).toBe('forbidden');
      expect((await refusedWith(c, 'earningTable.update', { code: 'VITC', pointsPerUnit: 1 })).code, role).toBe('forbidden');
      const read = await c.invoke('earningTable.list', {});
      expect(read.ok, role).toBe(role === 'manager');
    }
  });
});
