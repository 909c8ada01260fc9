import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANONYMISED_FIELDS, KEPT_FIELDS } from '../../shared/gdpr.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { accessCopy } from './reports.js';
import { cancelSubscription } from './lifecycle.js';

/**
 * B14 (issue 15): what the access copy holds is exactly what erasure removes, or keeps by design
 * (shared/gdpr.ts). A member with every kind of personal data: profile, a note, a contact change,
 * a redemption by email, a held order, a service email. The personal values are found in the copy
 * by value, so a new column holding them shows up here unclassified.
 */

let t: TestDesk;
let member: number;
const MEMBER_NO = 734_219;
const PERSONAL = {
  firstName: 'Solveig',
  lastName: 'Bjørnstad',
  email: 'solveig.bjornstad@eksempel.no',
  phone: '48612377',
  address: 'Kløverveien 17',
  postcode: '4817',
  city: 'Hisøy',
  birthDate: '1961-03-14',
};
const NOTE = 'Ringte om flytting til Hisøy';
const NEW_EMAIL = 'solveig.ny@eksempel.no';

const tokens = [...Object.values(PERSONAL), NOTE, NEW_EMAIL, 'Solveig', 'Bjørnstad', String(MEMBER_NO)];

/** The `section.field`s of the copy whose value holds a personal value. */
function personalFieldsIn(copy: Record<string, unknown>): Set<string> {
  const found = new Set<string>();
  for (const [section, value] of Object.entries(copy)) {
    const rows = Array.isArray(value) ? (value as Record<string, unknown>[]) : typeof value === 'object' && value !== null ? [value as Record<string, unknown>] : [];
    for (const row of rows) {
      for (const [field, v] of Object.entries(row)) {
        if (v === null || v === undefined) continue;
        const text = String(v as string | number);
        if (tokens.some((token) => text.includes(token))) found.add(`${section}.${field}`);
      }
    }
  }
  return found;
}

beforeEach(async () => {
  t = await testDesk('2026-11-21T10:00:00Z');
  member = await t.aMember({ memberNo: MEMBER_NO, ...PERSONAL });
  await t.earn(member, 4_000, '2026-01-05');
  const sqlite = t.desk.store.sqlite;
  const agent = await t.as('agent');
  await agent.call('members.addNote', { memberId: member, body: NOTE });
  await agent.call('members.updateContact', { memberId: member, identityChecked: true, email: NEW_EMAIL });
  sqlite
    .prepare(
      `INSERT INTO redemptions (member_id, idempotency_key, status, channel, total_points, delivery, delivery_on, postage_ore, identity_checks, email_from, email_received_at, email_subject, created_at, created_by, shipped_at)
       VALUES (?, 'k-1', 'shipped', 'email', 100, 'separate', NULL, 0, '[]', ?, '2026-11-01T08:00:00.000Z', ?, '2026-11-01T08:05:00.000Z', NULL, '2026-11-02T08:00:00.000Z')`,
    )
    .run(member, NEW_EMAIL, `Bestilling fra ${PERSONAL.firstName} ${PERSONAL.lastName}`);
  sqlite
    .prepare(`INSERT INTO held_orders (member_id, launch_id, received_at, email_from, email_subject, lines, status, created_at) VALUES (?, NULL, '2026-11-01T07:00:00.000Z', ?, ?, '[]', 'withdrawn', '2026-11-01T07:00:00.000Z')`)
    .run(member, PERSONAL.email, `Til ${PERSONAL.firstName}`);
  sqlite
    .prepare(`INSERT INTO service_emails (member_id, kind, due_on, ends_on, run_id, subject, body, sent_at, sent_by) VALUES (?, 'membership_ending', '2026-12-01', '2026-12-31', NULL, ?, ?, NULL, NULL)`)
    .run(member, `${PERSONAL.firstName}, medlemskapet ditt avsluttes`, `Hei ${PERSONAL.firstName},`);
  const sub = sqlite.prepare('SELECT id FROM subscriptions WHERE member_id = ?').pluck().get(member) as number;
  await cancelSubscription(t.ctx(null), sub, '2026-10-01');
});
afterEach(() => t.close());

const anonymised = new Set(ANONYMISED_FIELDS.map((f) => `${f.section}.${f.field}`));
const keptPersonal = new Set(KEPT_FIELDS.filter((f) => f.reason === 'ledger_key').map((f) => `${f.section}.${f.field}`));

describe('B14: the access copy and erasure match', () => {
  it('B14: the personal fields of the access copy are exactly those erasure blanks plus those kept by design; after erasure only the kept ones are left', async () => {
    const before = await accessCopy(t.ctx('manager'), member);
    expect([...personalFieldsIn(before)].sort()).toEqual([...new Set([...anonymised, ...keptPersonal])].sort());

    const manager = await t.as('manager');
    expect(await manager.call('members.erasure', { memberId: member })).toMatchObject({ blocker: null });
    await manager.call('members.erase', { memberId: member, reason: 'Krav om sletting (GDPR)' });

    const after = await accessCopy(t.ctx('manager'), member);
    expect([...personalFieldsIn(after)].sort()).toEqual([...keptPersonal].sort());
    // Each anonymised field holds its blank; every amount is kept (B12a).
    for (const f of ANONYMISED_FIELDS) {
      const section = after[f.section];
      const rows = (Array.isArray(section) ? section : [section]) as Record<string, unknown>[];
      for (const row of rows) expect(row[f.field], `${f.section}.${f.field}`).toBe(f.blank);
    }
    expect(after.member['balance']).toBe(4_000);
    expect(after['ledger']).toEqual(before['ledger']);
    // The erasure is audited, naming what it blanked.
    const row = t.desk.store.sqlite.prepare("SELECT details FROM audit_log WHERE action = 'members.erase'").pluck().get() as string;
    expect(JSON.parse(row)).toMatchObject({ anonymised: expect.arrayContaining(['member.email', 'notes.body']) as unknown });
  });

  it('B14: the readable copy (HTML) holds the same personal data as the JSON, and the access export names both files', async () => {
    const { path, htmlPath, file, htmlFile } = await (await t.as('manager')).call('members.accessExport', { memberId: member });
    expect(file).toMatch(/^innsyn-734219-.*\.json$/);
    expect(htmlFile).toBe(file.replace(/\.json$/, '.html'));
    const html = readFileSync(htmlPath, 'utf8');
    expect(html).toContain('<html lang="nb">');
    expect(html).not.toMatch(/<script|src=|href=/);
    for (const token of [...Object.values(PERSONAL), NOTE, NEW_EMAIL]) expect(html).toContain(token);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ member: { email: NEW_EMAIL } });
  });

  it('B14: erasure is refused, with the reason, while a redemption is open, an order held or a subscription active', async () => {
    const manager = await t.as('manager');
    const sqlite = t.desk.store.sqlite;
    sqlite.prepare("UPDATE redemptions SET status = 'registered', shipped_at = NULL WHERE member_id = ?").run(member);
    expect(await manager.call('members.erasure', { memberId: member })).toMatchObject({ blocker: 'open_redemption' });
    expect(await manager.invoke('members.erase', { memberId: member, reason: 'Krav om sletting' })).toMatchObject({ ok: false, error: { code: 'conflict', details: { blocker: 'open_redemption' } } });
    sqlite.prepare("UPDATE redemptions SET status = 'cancelled', cancelled_at = '2026-11-03T08:00:00.000Z' WHERE member_id = ?").run(member);
    sqlite.prepare("UPDATE held_orders SET status = 'held' WHERE member_id = ?").run(member);
    expect(await manager.invoke('members.erase', { memberId: member, reason: 'Krav om sletting' })).toMatchObject({ ok: false, error: { details: { blocker: 'held_order' } } });
    expect(sqlite.prepare('SELECT anonymised_at FROM members WHERE id = ?').pluck().get(member)).toBeNull();
    const kari = await t.aMember();
    expect(await manager.call('members.erasure', { memberId: kari })).toMatchObject({ blocker: 'active_subscription' });
    const agent = await t.as('agent');
    expect(await agent.invoke('members.erasure', { memberId: kari })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
