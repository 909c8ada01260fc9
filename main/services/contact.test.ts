import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkContact, normaliseNorwegianPhone } from '../../shared/contact.js';
import { channelTopics, type DeskEvent } from '../../shared/events.js';
import type { Connection } from '../desk.js';
import { refusal } from '../testing/refusal.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { exportContactChanges, updateContact } from './contact.js';
import { cancelSubscription } from './lifecycle.js';

/**
 * D3 and the role table ("corrects a caller's address, email or phone"): members.updateContact
 * validates and normalises, writes the member, one audit row and one contact_changes row per
 * changed field in one transaction, shows in the timeline, and is refused to managers and admins.
 */

let t: TestDesk;
let agent: Connection;
let kari: number;

const sqlite = () => t.desk.store.sqlite;
const memberRow = (id: number) => sqlite().prepare('SELECT address, postcode, city, email, phone FROM members WHERE id = ?').get(id);
const changeRows = (id: number) =>
  sqlite().prepare('SELECT field, before, after, user_id, channel, changed_at, audit_id, anonymised_at FROM contact_changes WHERE member_id = ? ORDER BY id').all(id) as {
    field: string;
    before: string | null;
    after: string | null;
    user_id: number;
    channel: string;
    changed_at: string;
    audit_id: number;
    anonymised_at: string | null;
  }[];
const auditRows = (id: number) =>
  sqlite().prepare("SELECT id, user_id, action, channel, member_id, details FROM audit_log WHERE member_id = ? AND action = 'members.updateContact' ORDER BY id").all(id) as {
    id: number;
    user_id: number;
    action: string;
    channel: string;
    member_id: number;
    details: string;
  }[];
/** Everything the correction writes, to prove a refusal stored nothing. */
const stored = (id: number) => JSON.stringify([memberRow(id), changeRows(id), auditRows(id)]);

beforeEach(async () => {
  t = await testDesk('2026-11-21T09:00:00Z');
  kari = await t.aMember({ firstName: 'Kari', lastName: 'Ødegård', email: 'kari@example.no', phone: '91234567', address: 'Storgata 1', postcode: '0155', city: 'Oslo' });
  agent = await t.as('agent');
});
afterEach(() => t.close());

describe('D3: the field rules (shared/contact.ts)', () => {
  it.each([
    ['912 34 567', '+4791234567'],
    ['91234567', '+4791234567'],
    ['+47 91234567', '+4791234567'],
    ['+47 912 34 567', '+4791234567'],
    ['0047 912 34 567', '+4791234567'],
    ['004791234567', '+4791234567'],
    ['47 91 23 45 67', '+4791234567'],
    ['(+47) 22-33-44-55', '+4722334455'],
    [' 415 55 123 ', '+4741555123'],
  ])('D3: the phone "%s" is stored as %s', (typed, stored) => {
    expect(normaliseNorwegianPhone(typed)).toBe(stored);
  });

  it.each(['1234567', '912345678', '01234567', '12345678', '+46 70 123 45 67', '0046701234567', '9123456a', 'ring meg', '+47 1234 5678'])('D3: "%s" is not a Norwegian phone number', (typed) => {
    expect(normaliseNorwegianPhone(typed)).toBeNull();
  });

  it('D3: every problem at once, each on its field; a foreign number is named as such', () => {
    expect(checkContact({ postcode: '123', phone: '+46 70 123 45 67', email: 'kari@', address: ' ', city: 'Oslo 1' }).problems).toEqual({
      postcode: 'postcodeFormat',
      phone: 'phoneNotNorwegian',
      email: 'emailInvalid',
      address: 'required',
      city: 'cityFormat',
    });
    expect(checkContact({ phone: '12 34' }).problems).toEqual({ phone: 'phoneFormat' });
    expect(checkContact({ postcode: '12345' }).problems).toEqual({ postcode: 'postcodeFormat' });
    expect(checkContact({ postcode: 'O155' }).problems).toEqual({ postcode: 'postcodeFormat' });
  });

  it('D3: values come out in their stored form; blank clears email and phone only', () => {
    expect(checkContact({ email: '  Kari.Nordmann@Example.NO ', postcode: ' 0150 ', city: ' Bø i Telemark ', phone: '0047 415 55 123' })).toEqual({
      values: { email: 'kari.nordmann@example.no', postcode: '0150', city: 'Bø i Telemark', phone: '+4741555123' },
      problems: {},
    });
    expect(checkContact({ email: '', phone: null })).toEqual({ values: { email: null, phone: null }, problems: {} });
    expect(checkContact({ address: '', postcode: null, city: '  ' }).problems).toEqual({ address: 'required', postcode: 'required', city: 'required' });
    expect(checkContact({ address: 'x'.repeat(121) }).problems).toEqual({ address: 'addressLong' });
  });
});

describe('D3: members.updateContact', () => {
  it('D3: an agent corrects phone and postcode; the phone is normalised; one audit row names the fields, one change row per field holds before and after, who, when, channel', async () => {
    const result = await agent.call('members.updateContact', { memberId: kari, identityChecked: true, phone: '415 55 123', postcode: '0150', city: 'Oslo', address: 'Storgata 1' });
    expect(result).toEqual({ changed: ['postcode', 'phone'], contact: { address: 'Storgata 1', postcode: '0150', city: 'Oslo', email: 'kari@example.no', phone: '+4741555123' } });
    expect(memberRow(kari)).toEqual({ address: 'Storgata 1', postcode: '0150', city: 'Oslo', email: 'kari@example.no', phone: '+4741555123' });

    const audits = auditRows(kari);
    expect(audits).toHaveLength(1);
    const [row] = audits;
    expect(row).toMatchObject({ user_id: t.users.agent.id, channel: 'phone', member_id: kari });
    expect(JSON.parse(row?.details ?? '{}')).toEqual({ fields: ['postcode', 'phone'], identityChecked: true });

    expect(changeRows(kari)).toEqual([
      { field: 'postcode', before: '0155', after: '0150', user_id: t.users.agent.id, channel: 'phone', changed_at: '2026-11-21T09:00:00.000Z', audit_id: row?.id, anonymised_at: null },
      { field: 'phone', before: '+4791234567', after: '+4741555123', user_id: t.users.agent.id, channel: 'phone', changed_at: '2026-11-21T09:00:00.000Z', audit_id: row?.id, anonymised_at: null },
    ]);
    // Search finds the member by the new number as typed before (the search normaliser agrees).
    expect((await agent.call('members.search', { query: '415 55 123' })).items.map((h) => h.id)).toEqual([kari]);
  });

  it('D3 / docs/security.md: the audit row holds no contact details, only the names of the fields', async () => {
    await agent.call('members.updateContact', { memberId: kari, identityChecked: true, email: 'ny.adresse@example.no', phone: '+47 415 55 123', channel: 'email' });
    const details = auditRows(kari)[0]?.details ?? '';
    for (const value of ['ny.adresse', 'kari@example.no', '41555123', '91234567']) expect(details).not.toContain(value);
    expect(auditRows(kari)[0]?.channel).toBe('email');
    expect(changeRows(kari).map((r) => r.channel)).toEqual(['email', 'email']);
  });

  it('D3: a bad postcode, a foreign phone and a bad email are refused with invalid_input naming each field; nothing is stored', async () => {
    const before = stored(kari);
    const result = await agent.invoke('members.updateContact', { memberId: kari, identityChecked: true, postcode: '015', phone: '+46 70 123 45 67', email: 'kari@@example' });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: 'The postcode must be exactly 4 digits. (3 fields are not valid.)',
        details: { field: 'postcode', problem: 'postcodeFormat', fields: { postcode: 'postcodeFormat', phone: 'phoneNotNorwegian', email: 'emailInvalid' } },
      },
    });
    const phoneOnly = await agent.invoke('members.updateContact', { memberId: kari, identityChecked: true, phone: '12 34 56' });
    expect(phoneOnly).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { field: 'phone', problem: 'phoneFormat' } } });
    expect(stored(kari)).toBe(before);
  });

  it('D3: the identity check must be confirmed (identityChecked: true, nothing else)', async () => {
    const before = stored(kari);
    for (const identityChecked of [false, 'true', undefined]) {
      const result = await agent.invoke('members.updateContact', { memberId: kari, identityChecked, postcode: '0150' });
      expect(result, String(identityChecked)).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { issues: [{ path: 'identityChecked' }] } } });
    }
    expect(stored(kari)).toBe(before);
  });

  it('D3: a correction that changes nothing stores nothing and answers changed: [] (the same number written another way is no change)', async () => {
    const before = stored(kari);
    const result = await agent.call('members.updateContact', { memberId: kari, identityChecked: true, phone: '912 34 567', email: ' KARI@example.no ', postcode: '0155' });
    expect(result.changed).toEqual([]);
    expect(result.contact.phone).toBe('+4791234567');
    expect(await agent.call('members.updateContact', { memberId: kari, identityChecked: true })).toMatchObject({ changed: [] });
    expect(stored(kari)).toBe(before);
  });

  it('D3: email and phone may be cleared (null or blank); the postal address may not', async () => {
    expect((await agent.call('members.updateContact', { memberId: kari, identityChecked: true, email: null, phone: '' })).changed).toEqual(['email', 'phone']);
    expect(memberRow(kari)).toMatchObject({ email: null, phone: null });
    expect(changeRows(kari).map((r) => [r.field, r.before, r.after])).toEqual([
      ['email', 'kari@example.no', null],
      ['phone', '+4791234567', null],
    ]);
    const refused = await agent.invoke('members.updateContact', { memberId: kari, identityChecked: true, address: '' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { field: 'address', problem: 'required' } } });
    expect(await agent.invoke('members.updateContact', { memberId: kari, identityChecked: true, postcode: null })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // A field unknown before (null) can be filled in.
    await agent.call('members.updateContact', { memberId: kari, identityChecked: true, email: 'kari@example.no' });
    expect(changeRows(kari).at(-1)).toMatchObject({ field: 'email', before: null, after: 'kari@example.no' });
  });

  it('D3: an unknown member is not_found; an erased member (B14) is refused as conflict', async () => {
    expect(await agent.invoke('members.updateContact', { memberId: 999_999, identityChecked: true, postcode: '0150' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const gone = await t.aMember({ firstName: 'Ola' });
    const sub = sqlite().prepare('SELECT id FROM subscriptions WHERE member_id = ?').pluck().get(gone) as number;
    await cancelSubscription(t.ctx(null), sub, '2026-10-01');
    await (await t.as('manager')).call('members.erase', { memberId: gone, reason: 'Krav om sletting' });
    expect(await agent.invoke('members.updateContact', { memberId: gone, identityChecked: true, postcode: '0150' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('D3: the service refuses bad fields itself, for callers that do not pass the router', async () => {
    const e = await refusal(() => updateContact(t.ctx('agent'), { memberId: kari, channel: 'phone', postcode: 'abcd' }));
    expect(e.code).toBe('invalid_input');
    expect(e.details).toMatchObject({ field: 'postcode', problem: 'postcodeFormat' });
  });

  it('D3: the other desks hear `members` for this member', async () => {
    expect(channelTopics['members.updateContact']).toEqual(['members']);
    const heard: DeskEvent[] = [];
    const stop = t.desk.onEvent((e) => heard.push(e));
    await agent.call('members.updateContact', { memberId: kari, identityChecked: true, postcode: '0150' });
    stop();
    expect(heard).toContainEqual(expect.objectContaining({ kind: 'changed', topics: ['members'], memberId: kari }));
  });
});

describe('D3: the timeline', () => {
  it('D3: one "contact details changed" item per correction, naming the fields, by whom, when, through which channel', async () => {
    await agent.call('members.updateContact', { memberId: kari, identityChecked: true, phone: '415 55 123', postcode: '0150' });
    t.clock.advance(60_000);
    const supervisor = await t.as('supervisor');
    await supervisor.call('members.updateContact', { memberId: kari, identityChecked: true, email: 'kari.o@example.no', channel: 'email' });
    const { items } = await agent.call('members.timeline', { memberId: kari, limit: 100 });
    const contact = items.filter((i) => i.kind === 'contact');
    expect(contact).toEqual([
      expect.objectContaining({ type: 'contact_changed', text: 'email', author: 'Test supervisor', channel: 'email', at: '2026-11-21T09:01:00.000Z', on: '2026-11-21', points: null }),
      expect.objectContaining({ type: 'contact_changed', text: 'postcode,phone', author: 'Test agent', channel: 'phone', at: '2026-11-21T09:00:00.000Z', on: '2026-11-21', points: null }),
    ]);
    // Newest first, before the enrolment of 2022.
    expect(items[0]?.kind).toBe('contact');
    // The timeline never shows the values (the page shows the current ones).
    expect(JSON.stringify(contact)).not.toContain('41555123');
  });
});

describe('role table: who may correct contact details', () => {
  it('role table: managers (read-only) and admins are refused members.updateContact as forbidden; nothing is stored', async () => {
    const before = stored(kari);
    for (const role of ['manager', 'admin'] as const) {
      const c = await t.as(role);
      expect(await c.invoke('members.updateContact', { memberId: kari, identityChecked: true, postcode: '0150' }), role).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(stored(kari)).toBe(before);
  });

  it('role table: a supervisor does what an agent does', async () => {
    const supervisor = await t.as('supervisor');
    expect((await supervisor.call('members.updateContact', { memberId: kari, identityChecked: true, city: 'Bergen', postcode: '5003' })).changed).toEqual(['postcode', 'city']);
    expect(changeRows(kari).every((r) => r.user_id === t.users.supervisor.id)).toBe(true);
  });
});

describe('B14: personal data in contact changes', () => {
  it('B14: erasure blanks the values of the member’s contact changes and keeps field, who and when; nothing else may change them', async () => {
    await agent.call('members.updateContact', { memberId: kari, identityChecked: true, phone: '415 55 123', email: 'ny@example.no' });
    // History stays as it was: no update of a value, no delete.
    expect(() => sqlite().prepare("UPDATE contact_changes SET after = '+4799999999' WHERE member_id = ?").run(kari)).toThrow(/kept as they were/);
    expect(() => sqlite().prepare('DELETE FROM contact_changes WHERE member_id = ?').run(kari)).toThrow(/kept \(D3\)/);
    const sub = sqlite().prepare('SELECT id FROM subscriptions WHERE member_id = ?').pluck().get(kari) as number;
    await cancelSubscription(t.ctx(null), sub, '2026-10-01');
    await (await t.as('manager')).call('members.erase', { memberId: kari, reason: 'Krav om sletting (GDPR)' });
    expect(changeRows(kari).map((r) => [r.field, r.before, r.after, r.user_id, r.changed_at, r.anonymised_at])).toEqual([
      ['email', null, null, t.users.agent.id, '2026-11-21T09:00:00.000Z', '2026-11-21T09:00:00.000Z'],
      ['phone', null, null, t.users.agent.id, '2026-11-21T09:00:00.000Z', '2026-11-21T09:00:00.000Z'],
    ]);
    const left = JSON.stringify(sqlite().prepare('SELECT * FROM contact_changes').all()) + JSON.stringify(sqlite().prepare('SELECT details FROM audit_log').all());
    for (const value of ['ny@example.no', 'kari@example.no', '41555123', '91234567']) expect(left).not.toContain(value);
  });

  it('B14: the access copy holds the member’s contact changes', async () => {
    await agent.call('members.updateContact', { memberId: kari, identityChecked: true, postcode: '0150' });
    const { path } = await (await t.as('manager')).call('members.accessExport', { memberId: kari });
    const copy = JSON.parse(readFileSync(path, 'utf8')) as { contactChanges: { field: string; before: string; after: string }[] };
    expect(copy.contactChanges).toMatchObject([{ field: 'postcode', before: '0155', after: '0150' }]);
  });
});

describe('D3: reports.contactChanges (the billing list on screen)', () => {
  it('D3: lists the changes since an Oslo day, oldest first, for managers only; B14: logged as one access row', async () => {
    t.clock.set('2026-10-31T22:30:00Z'); // 23:30 Oslo on 31 October: before 1 November
    await agent.call('members.updateContact', { memberId: kari, identityChecked: true, city: 'Bergen' });
    t.clock.set('2026-10-31T23:30:00Z'); // 00:30 Oslo on 1 November
    await agent.call('members.updateContact', { memberId: kari, identityChecked: true, postcode: '5003', phone: '415 55 123' });
    const manager = await t.as('manager');
    const list = await manager.call('reports.contactChanges', { since: '2026-11-01' });
    expect(list.truncated).toBe(false);
    expect(list.items.map((i) => [i.field, i.before, i.after, i.changedBy])).toEqual([
      ['postcode', '0155', '5003', 'Test agent (agent)'],
      ['phone', '+4791234567', '+4741555123', 'Test agent (agent)'],
    ]);
    expect((await manager.call('reports.contactChanges', { since: '2026-10-31', limit: 1 })).truncated).toBe(true);
    expect(sqlite().prepare("SELECT count(*) FROM member_access_log WHERE action = 'contact_changes' AND user_id = ?").pluck().get(t.users.manager.id)).toBe(2);
    for (const role of ['agent', 'supervisor', 'admin'] as const) {
      expect(await (await t.as(role)).invoke('reports.contactChanges', { since: '2026-11-01' }), role).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('D3: the report page pages through the list with the exact count, naming each member; erased members are left out of list and count', async () => {
    const ola = await t.aMember({ firstName: 'Ola', lastName: 'Nordmann', phone: '92345678', address: 'Kirkegata 3', postcode: '7010', city: 'Trondheim' });
    t.clock.set('2026-11-02T08:15:00Z');
    await agent.call('members.updateContact', { memberId: kari, identityChecked: true, postcode: '5003', phone: '415 55 123' });
    t.clock.set('2026-11-03T13:05:00Z');
    await agent.call('members.updateContact', { memberId: ola, identityChecked: true, city: 'Bergen' });
    const manager = await t.as('manager');
    const first = await manager.call('reports.contactChanges', { since: '2026-11-01', limit: 2 });
    expect(first).toMatchObject({ total: 3, truncated: true });
    expect(first.items.map((i) => [i.memberNo, i.memberName, i.field, i.before, i.after])).toEqual([
      [expect.any(Number), 'Kari Ødegård', 'postcode', '0155', '5003'],
      [expect.any(Number), 'Kari Ødegård', 'phone', '+4791234567', '+4741555123'],
    ]);
    const second = await manager.call('reports.contactChanges', { since: '2026-11-01', limit: 2, offset: 2 });
    expect(second).toMatchObject({ total: 3, truncated: false });
    expect(second.items.map((i) => [i.memberName, i.field, i.before, i.after, i.changedAt])).toEqual([['Ola Nordmann', 'city', 'Trondheim', 'Bergen', '2026-11-03T13:05:00.000Z']]);
    // Past the end: nothing, and still the count.
    expect(await manager.call('reports.contactChanges', { since: '2026-11-01', limit: 2, offset: 4 })).toEqual({ items: [], truncated: false, total: 3 });
    // B14: each page read is one access row, naming the page.
    const access = sqlite().prepare("SELECT details FROM member_access_log WHERE action = 'contact_changes' AND user_id = ? ORDER BY id").pluck().all(t.users.manager.id) as string[];
    expect(access.map((d) => JSON.parse(d) as unknown)).toEqual([
      { since: '2026-11-01', offset: 0, rows: 2 },
      { since: '2026-11-01', offset: 2, rows: 1 },
      { since: '2026-11-01', offset: 4, rows: 0 },
    ]);
    // An erased member's changes are not billing's any more (B14): gone from the page and the count.
    await cancelSubscription(t.ctx(null), sqlite().prepare('SELECT id FROM subscriptions WHERE member_id = ?').pluck().get(ola) as number, '2026-10-01');
    await manager.call('members.erase', { memberId: ola, reason: 'Krav om sletting (GDPR)' });
    expect(await manager.call('reports.contactChanges', { since: '2026-11-01' })).toMatchObject({ total: 2, truncated: false, items: [{ field: 'postcode' }, { field: 'phone' }] });
  });
});

describe('D3: reports.exportContactChanges (billing’s file from the report page)', () => {
  it('D3: writes the same CSV as the command line into the export folder, whole, under a name main makes; logged (B14) and audited', async () => {
    t.clock.set('2026-11-02T08:15:00Z');
    await agent.call('members.updateContact', { memberId: kari, identityChecked: true, postcode: '5003', phone: '415 55 123' });
    const manager = await t.as('manager');
    const written = await manager.call('reports.exportContactChanges', { since: '2026-11-01' });
    const folder = join(t.dir, 'exports');
    expect(dirname(written.path)).toBe(folder);
    expect(basename(written.path)).toBe('kontaktendringer-fra-2026-11-01-2026-11-02T08-15-00-000Z.csv');
    expect(written.rows).toBe(2);
    // Whole: no temporary file left beside it, and the bytes it reports.
    expect(readdirSync(folder)).toEqual([basename(written.path)]);
    expect(readFileSync(written.path).length).toBe(written.bytes);
    // The command line's file (the same service, acting as the system) has the same bytes.
    const cli = await exportContactChanges(t.ctx(null), { since: '2026-11-01', path: join(t.dir, 'cli.csv') });
    expect(readFileSync(written.path, 'utf8')).toBe(readFileSync(cli.path, 'utf8'));
    expect(readFileSync(written.path, 'utf8').split('\r\n').slice(1, 3)).toEqual([
      expect.stringMatching(/;2026-11-02T08:15:00\.000Z;2026-11-02 09:15;postcode;0155;5003;Test agent \(agent\)$/),
      expect.stringMatching(/;2026-11-02T08:15:00\.000Z;2026-11-02 09:15;phone;\+4791234567;\+4741555123;Test agent \(agent\)$/),
    ]);
    expect(sqlite().prepare("SELECT details FROM member_access_log WHERE action = 'export_contact_changes' AND user_id = ?").pluck().all(t.users.manager.id)).toEqual([
      JSON.stringify({ since: '2026-11-01', rows: 2, path: written.path }),
    ]);
    expect(sqlite().prepare("SELECT user_id, channel FROM audit_log WHERE action = 'reports.contactChanges' ORDER BY id").all()).toEqual([
      { user_id: t.users.manager.id, channel: 'desk' },
      { user_id: null, channel: 'system' },
    ]);
    // Nothing another desk shows changes: no event (shared/events.ts).
    expect(channelTopics['reports.exportContactChanges']).toBeUndefined();
  });

  it('D3: a day that is not one writes nothing; agents, supervisors and admins are refused', async () => {
    const manager = await t.as('manager');
    expect(await manager.invoke('reports.exportContactChanges', { since: '2026-02-30' })).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { field: 'since' } } });
    expect(existsSync(join(t.dir, 'exports')) ? readdirSync(join(t.dir, 'exports')) : []).toEqual([]);
    for (const role of ['agent', 'supervisor', 'admin'] as const) {
      expect(await (await t.as(role)).invoke('reports.exportContactChanges', { since: '2026-11-01' }), role).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(existsSync(join(t.dir, 'exports')) ? readdirSync(join(t.dir, 'exports')) : []).toEqual([]);
  });
});
