import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { updateContact, type ContactUpdate } from '../services/contact.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { exportCommand } from './commands/export.js';
import { runCli } from './run.js';

/**
 * D3: `npm run desk -- export contact-changes --db FILE --since DATE --out PATH` writes the contact
 * details agents corrected for the billing team: a real CSV file, written under a temporary name and
 * renamed when whole (main/services/files.ts), with the rows since the Oslo day.
 */

const root = resolve(import.meta.dirname, '..', '..');

let t: TestDesk;
let kari: number;
let ola: number;

/** The agent's correction, through the service (the clock jumps days, past any session's idle time). */
const correct = (input: Partial<ContactUpdate> & { memberId: number }) => updateContact(t.ctx('agent'), { channel: 'phone', ...input });

beforeEach(async () => {
  t = await testDesk('2026-10-31T22:30:00Z'); // 23:30 Oslo, 31 October
  kari = await t.aMember({ memberNo: 700_001, firstName: 'Kari', phone: '91234567', postcode: '0155', city: 'Oslo', address: 'Storgata 1', email: 'kari@example.no' });
  ola = await t.aMember({ memberNo: 700_002, firstName: 'Ola', phone: '98765432', postcode: '5003', city: 'Bergen', address: 'Bryggen 2', email: 'ola@example.no' });
  // Before the day asked for: not in the export.
  await correct({ memberId: kari, city: 'Bergen' });
  t.clock.set('2026-11-02T08:15:00Z'); // 09:15 Oslo
  await correct({ memberId: kari, phone: '415 55 123', postcode: '0150' });
  t.clock.set('2026-11-03T13:05:00Z'); // 14:05 Oslo
  // Free text that a spreadsheet would run as a formula is guarded.
  await correct({ memberId: ola, address: '=HYPERLINK("http://x";"y")', channel: 'email' });
});
afterEach(() => t.close());

/** Runs the command as a function, returning its exit code and what it printed. */
async function exportCli(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.map(String).join(' ')));
  try {
    const code = await exportCommand.run(['contact-changes', '--db', t.file, ...args]);
    return { code, out: lines.join('\n') };
  } finally {
    log.mockRestore();
  }
}

const rowsOf = (path: string): string[] => {
  const text = readFileSync(path, 'utf8');
  expect(text.charCodeAt(0), 'a BOM, so Excel reads æøå').toBe(0xfeff);
  expect(text.endsWith('\r\n')).toBe(true);
  return text.slice(1).split('\r\n').slice(0, -1);
};

describe('export contact-changes (D3)', () => {
  it('D3: writes the changes since the Oslo day as CSV: member number, changed at (UTC and Oslo), field, before, after, changed by', async () => {
    const path = join(t.dir, 'out', 'billing.csv');
    mkdirSync(join(t.dir, 'out'));
    const { code, out } = await exportCli(['--since', '2026-11-01', '--out', path]);
    expect(code).toBe(0);
    expect(out).toMatch(/^Contact changes since 2026-11-01: 3 written to .*billing\.csv \(\d+ bytes\)\.$/);
    expect(rowsOf(path)).toEqual([
      'Medlemsnr.;Endret (UTC);Endret (Oslo-tid);Felt;Før;Etter;Endret av',
      '700001;2026-11-02T08:15:00.000Z;2026-11-02 09:15;postcode;0155;0150;Test agent (agent)',
      '700001;2026-11-02T08:15:00.000Z;2026-11-02 09:15;phone;+4791234567;+4741555123;Test agent (agent)',
      `700002;2026-11-03T13:05:00.000Z;2026-11-03 14:05;address;Bryggen 2;"'=HYPERLINK(""http://x"";""y"")";Test agent (agent)`,
    ]);
    // The day before is in when asked for (23:30 Oslo on 31 October, 22:30 UTC).
    const wider = join(t.dir, 'out', 'wider.csv');
    await exportCli(['--since', '2026-10-31', '--out', wider]);
    expect(rowsOf(wider)[1]).toBe('700001;2026-10-31T22:30:00.000Z;2026-10-31 23:30;city;Oslo;Bergen;Test agent (agent)');
  });

  it('D3: the file appears under its name only when whole: written as a hidden temporary file, renamed, nothing left behind; an old file is replaced whole', async () => {
    const dir = join(t.dir, 'exports');
    mkdirSync(dir);
    const path = join(dir, 'kontaktendringer.csv');
    writeFileSync(path, 'the export of last week\r\n');
    // A temporary file a killed export left behind (its process is gone) is removed by the next one.
    writeFileSync(join(dir, '.kontaktendringer.csv.partial-999999999-abcdef'), 'half');
    const seen: string[] = [];
    const watcher = watch(dir, (_event, name) => {
      if (name !== null) seen.push(name);
    });
    try {
      const { code } = await exportCli(['--since', '2026-11-01', '--out', path, '--json']);
      expect(code).toBe(0);
      await new Promise((done) => setTimeout(done, 100));
    } finally {
      watcher.close();
    }
    const partials = seen.filter((n) => /^\.kontaktendringer\.csv\.partial-\d+-[0-9a-f]+$/.test(n) && !n.includes('999999999'));
    expect(partials.length, `files seen: ${seen.join(', ')}`).toBeGreaterThan(0);
    expect(seen).toContain('kontaktendringer.csv');
    expect(readdirSync(dir)).toEqual(['kontaktendringer.csv']);
    expect(rowsOf(path)).toHaveLength(4);
  });

  it('D3: --out may name a folder; --json prints the file, rows and bytes; nothing since the day writes the header alone', async () => {
    const dir = join(t.dir, 'folder');
    mkdirSync(dir);
    const { code, out } = await exportCli(['--since', '2026-12-01', '--out', dir, '--json']);
    expect(code).toBe(0);
    const written = JSON.parse(out) as { path: string; rows: number; bytes: number };
    expect(written).toMatchObject({ path: join(dir, 'kontaktendringer-fra-2026-12-01.csv'), rows: 0 });
    expect(rowsOf(written.path)).toEqual(['Medlemsnr.;Endret (UTC);Endret (Oslo-tid);Felt;Før;Etter;Endret av']);
    expect(readFileSync(written.path).length).toBe(written.bytes);
  });

  it('D3: bad arguments exit 1 with the reason and the usage line, and write nothing', async () => {
    const errors: string[] = [];
    const io = { out: () => undefined, err: (text: string) => void errors.push(text) };
    const path = join(t.dir, 'nothing.csv');
    for (const [args, reason] of [
      [['export', 'contact-changes', '--db', t.file, '--out', path], '--since YYYY-MM-DD is required'],
      [['export', 'contact-changes', '--db', t.file, '--since', '1.11.2026', '--out', path], '--since 1.11.2026 is not a date'],
      [['export', 'contact-changes', '--db', t.file, '--since', '2026-11-01'], '--out PATH is required'],
      [['export', 'contact-changes', '--db', t.file, '--since', '2026-11-01', '--out', path, '--format', 'xlsx'], '--format xlsx is not offered'],
      [['export', 'payments', '--db', t.file, '--since', '2026-11-01', '--out', path], 'unknown export "payments"'],
      // Issue 15: a manager report checks its flags with the channel's schema.
      [['export', 'activity', '--db', t.file, '--out', path, '--from', '2026-01'], 'to:'],
      [['export', 'contact-changes', '--db', join(t.dir, 'typo.db'), '--since', '2026-11-01', '--out', path], 'there is no database'],
    ] as const) {
      errors.length = 0;
      expect(await runCli([...args], [exportCommand], io), args.join(' ')).toBe(1);
      expect(errors[0]).toContain(reason);
      expect(errors[1]).toContain('usage: npm run desk -- export contact-changes');
    }
    errors.length = 0;
    // A date that is not in the calendar is the desk's refusal.
    expect(await runCli(['export', 'contact-changes', '--db', t.file, '--since', '2026-02-30', '--out', path], [exportCommand], io)).toBe(1);
    expect(errors[0]).toMatch(/not a date of the calendar.*\(invalid_input\)/);
    expect(existsSync(path)).toBe(false);
  });

  it('D3: runs as the admin runs it (npm run desk -- export …, a child process), acting as the system: audited, no access row', () => {
    const path = join(t.dir, 'child.csv');
    const r = spawnSync('npx', ['tsx', 'main/cli/index.ts', 'export', 'contact-changes', '--db', t.file, '--since', '2026-11-01', '--out', path], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Contact changes since 2026-11-01: 3 written to');
    expect(rowsOf(path)).toHaveLength(4);
    const sqlite = t.desk.store.sqlite;
    expect(sqlite.prepare("SELECT user_id, channel, details FROM audit_log WHERE action = 'reports.contactChanges'").all()).toEqual([
      { user_id: null, channel: 'system', details: JSON.stringify({ since: '2026-11-01', rows: 3, path }) },
    ]);
    expect(sqlite.prepare("SELECT count(*) FROM member_access_log WHERE action = 'export_contact_changes'").pluck().get()).toBe(0);
  });
});
