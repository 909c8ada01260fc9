import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/roles.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { refusal } from '../testing/refusal.js';
import { listTerms, publishTerms, termsInForce } from './terms.js';

/** B13: dated versions; one month's notice unless legally required (then with a reason); the admin's (issue 13). */

let t: TestDesk;
beforeEach(async () => {
  t = await testDesk('2026-11-21T10:00:00Z');
});
afterEach(() => t.close());

const body = 'Bonuspoeng kan brukes på et utvalg av kosttilskudd.';
const termsRows = (): unknown[] => t.desk.store.sqlite.prepare('SELECT * FROM terms_versions').all();
const termsAudit = (): { details: string; reason: string | null }[] =>
  t.desk.store.sqlite.prepare("SELECT details, reason FROM audit_log WHERE action = 'terms.publish' ORDER BY id").all() as { details: string; reason: string | null }[];

describe('terms (B13)', () => {
  it('B13: refuses a change that takes effect less than a month after it is published, with the earliest date, and writes nothing', async () => {
    const e = await refusal(() => publishTerms(t.ctx('admin'), { title: 'Nye vilkår', body, effectiveOn: '2026-12-20', legallyRequired: false }));
    expect(e.code).toBe('terms_notice');
    expect(e.details).toEqual({ field: 'effectiveOn', earliest: '2026-12-21', publishedOn: '2026-11-21' });
    expect(await listTerms(t.ctx('agent'))).toEqual([]);
    expect(termsAudit()).toEqual([]);
  });

  it('B13: accepts one month later, and at once when legally required with a reason; the version in force is marked', async () => {
    await publishTerms(t.ctx('admin'), { title: 'Vilkår 2027', body, effectiveOn: '2026-12-21', legallyRequired: false });
    await publishTerms(t.ctx('admin'), { title: 'Pålegg fra myndighetene', body, effectiveOn: '2026-11-21', legallyRequired: true, legalReason: 'Forbrukertilsynets vedtak 2026/114' });
    const versions = await listTerms(t.ctx('agent'));
    expect(versions.map((v) => [v.title, v.current, v.legalReason])).toEqual([
      ['Vilkår 2027', false, null],
      ['Pålegg fra myndighetene', true, 'Forbrukertilsynets vedtak 2026/114'],
    ]);
    expect(termsAudit().map((r) => r.reason)).toEqual([null, 'Forbrukertilsynets vedtak 2026/114']);
    t.clock.set('2026-12-21T09:00:00Z');
    expect((await listTerms(t.ctx('agent'))).find((v) => v.current)?.title).toBe('Vilkår 2027');
  });

  it('B13: 31 January + one month is the end of February', async () => {
    t.clock.set('2027-01-31T10:00:00Z');
    expect((await refusal(() => publishTerms(t.ctx('admin'), { title: 'x x x', body, effectiveOn: '2027-02-27', legallyRequired: false }))).details).toMatchObject({ earliest: '2027-02-28' });
  });

  it('B13: a version published on a later day counts its month from that day; never published before today', async () => {
    const e = await refusal(() => publishTerms(t.ctx('admin'), { title: 'Vilkår 2027', body, publishedOn: '2026-12-01', effectiveOn: '2026-12-31', legallyRequired: false }));
    expect(e).toMatchObject({ code: 'terms_notice', details: { earliest: '2027-01-01', publishedOn: '2026-12-01' } });
    const v = await publishTerms(t.ctx('admin'), { title: 'Vilkår 2027', body, publishedOn: '2026-12-01', effectiveOn: '2027-01-01', legallyRequired: false });
    expect(v).toMatchObject({ publishedOn: '2026-12-01', effectiveOn: '2027-01-01', current: false, createdBy: t.users.admin.displayName });
    // Backdated, the notice would look longer than the members had.
    expect(await refusal(() => publishTerms(t.ctx('admin'), { title: 'Tilbakedatert', body, publishedOn: '2026-10-01', effectiveOn: '2026-12-01', legallyRequired: false }))).toMatchObject({
      code: 'invalid_input',
      details: { field: 'publishedOn', earliest: '2026-11-21' },
    });
    expect(termsRows()).toHaveLength(1);
  });

  it('B13: "required by law" needs a reason, and only such a version carries one; refusals write nothing', async () => {
    expect(await refusal(() => publishTerms(t.ctx('admin'), { title: 'Pålegg', body, effectiveOn: '2026-11-21', legallyRequired: true }))).toMatchObject({ code: 'invalid_input', details: { field: 'legalReason' } });
    expect(await refusal(() => publishTerms(t.ctx('admin'), { title: 'Pålegg', body, effectiveOn: '2026-11-21', legallyRequired: true, legalReason: '  ' }))).toMatchObject({ code: 'invalid_input', details: { field: 'legalReason' } });
    expect(
      await refusal(() => publishTerms(t.ctx('admin'), { title: 'Vilkår', body, effectiveOn: '2026-12-21', legallyRequired: false, legalReason: 'Ingen grunn' })),
    ).toMatchObject({ code: 'invalid_input', details: { field: 'legalReason' } });
    // Even by law, not before its publication day.
    expect(
      await refusal(() => publishTerms(t.ctx('admin'), { title: 'Pålegg', body, effectiveOn: '2026-11-20', legallyRequired: true, legalReason: 'Lovendring' })),
    ).toMatchObject({ code: 'terms_notice', details: { earliest: '2026-11-21' } });
    expect(termsRows()).toEqual([]);
    expect(termsAudit()).toEqual([]);
  });

  it('B13: the version in force for the member page: none before the first, then the latest effective by today', async () => {
    expect(await termsInForce(t.ctx('agent'))).toBeNull();
    const first = await publishTerms(t.ctx('admin'), { title: 'Pålegg', body, effectiveOn: '2026-11-21', legallyRequired: true, legalReason: 'Lovendring' });
    await publishTerms(t.ctx('admin'), { title: 'Vilkår 2027', body, effectiveOn: '2027-01-01', legallyRequired: false });
    expect(await termsInForce(t.ctx('agent'))).toEqual({ id: first.id, title: 'Pålegg', publishedOn: '2026-11-21', effectiveOn: '2026-11-21', legallyRequired: true });
    t.clock.set('2027-01-01T00:30:00Z');
    expect((await termsInForce(t.ctx('agent')))?.title).toBe('Vilkår 2027');
  });
});

describe('terms channels: roles and input (issue 13)', () => {
  const input = { title: 'Vilkår 2027', body, effectiveOn: '2027-01-01' };

  it('only an admin publishes; supervisors, managers and agents are refused and nothing is written', async () => {
    for (const role of ['agent', 'supervisor', 'manager'] satisfies Role[]) {
      const c = await t.as(role);
      expect(await c.invoke('terms.publish', input), role).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(termsRows()).toEqual([]);
    const admin = await t.as('admin');
    expect(await admin.call('terms.publish', input)).toMatchObject({ version: { title: 'Vilkår 2027', effectiveOn: '2027-01-01', publishedOn: '2026-11-21' } });
  });

  it('the admin reads the list; the desk staff and the manager read it and the version in force', async () => {
    const admin = await t.as('admin');
    await admin.call('terms.publish', { title: 'Pålegg', body, effectiveOn: '2026-11-21', legallyRequired: true, legalReason: 'Lovendring' });
    expect(await admin.call('terms.list', {})).toMatchObject({ today: '2026-11-21', earliestToday: '2026-12-21' });
    expect((await admin.call('terms.list', {})).versions).toHaveLength(1);
    for (const role of ['agent', 'supervisor', 'manager'] satisfies Role[]) {
      const c = await t.as(role);
      expect((await c.call('terms.list', {})).versions, role).toHaveLength(1);
      expect((await c.call('terms.current', {})).version?.title, role).toBe('Pålegg');
    }
  });

  it('the too-early refusal reaches the page with the earliest day; bad input is refused at the boundary', async () => {
    const admin = await t.as('admin');
    expect(await admin.invoke('terms.publish', { ...input, effectiveOn: '2026-12-01' })).toMatchObject({ ok: false, error: { code: 'terms_notice', details: { earliest: '2026-12-21' } } });
    for (const bad of [{ ...input, effectiveOn: '01.01.2027' }, { ...input, title: 'x' }, { ...input, body: 'kort' }, { ...input, extra: true }, { ...input, publishedOn: '2026-13-01' }]) {
      expect(await admin.invoke('terms.publish', bad as never), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(termsRows()).toEqual([]);
  });
});
