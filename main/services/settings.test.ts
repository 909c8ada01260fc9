import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settingKeys } from '../../shared/channels/settings.js';
import type { Role } from '../../shared/roles.js';
import type { Connection } from '../desk.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { getSetting, settingDefaults, settingLimits } from './settings.js';

/**
 * Issue 13, the admin's settings: settings.list for supervisors, managers and admins,
 * settings.set for admins only, each change within its limits and audited with before and after;
 * a refusal writes nothing. B8 (postage), B11 (threshold), B12 (service emails), sessions.
 */

let t: TestDesk;
let admin: Connection;

beforeEach(async () => {
  t = await testDesk('2026-11-21T10:00:00Z');
  admin = await t.as('admin');
});
afterEach(() => t.close());

const settingRows = (): unknown[] => t.desk.store.sqlite.prepare('SELECT key, value, updated_at, updated_by FROM settings ORDER BY key').all();
const auditRows = (): { action: string; user_id: number | null; details: string }[] =>
  t.desk.store.sqlite.prepare("SELECT action, user_id, details FROM audit_log WHERE action LIKE 'settings.%' ORDER BY id").all() as { action: string; user_id: number | null; details: string }[];

describe('settings.list', () => {
  it('lists every setting with its default, limits and unit, and who changed it last', async () => {
    const { settings } = await admin.call('settings.list', {});
    expect(settings.map((s) => s.key)).toEqual([...settingKeys]);
    expect(settings.find((s) => s.key === 'postage_ore')).toEqual({
      key: 'postage_ore',
      value: 7_900,
      defaultValue: 7_900,
      min: 0,
      max: 100_000,
      unit: 'ore',
      updatedAt: null,
      updatedBy: null,
    });
    await admin.call('settings.set', { key: 'postage_ore', value: 9_900 });
    expect((await admin.call('settings.list', {})).settings.find((s) => s.key === 'postage_ore')).toMatchObject({
      value: 9_900,
      updatedAt: '2026-11-21T10:00:00.000Z',
      updatedBy: t.users.admin.displayName,
    });
  });

  it('is read by supervisors and managers too, and by no agent', async () => {
    for (const role of ['supervisor', 'manager'] as const) {
      const c = await t.as(role);
      expect((await c.call('settings.list', {})).settings).toHaveLength(settingKeys.length);
    }
    const agent = await t.as('agent');
    expect(await agent.invoke('settings.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('settings.set', () => {
  it('B8: an admin changes the postage; the next quote of a separate delivery charges it, and the audit keeps before and after', async () => {
    const product = await t.aProduct({ pointsPrice: 100, stock: 5 });
    const member = await t.aMember();
    await t.earn(member, 1_000, '2026-01-10');
    const agent = await t.as('agent');
    const quote = async (): Promise<number> =>
      (await agent.call('redemptions.quote', { memberId: member, channel: 'phone', lines: [{ productId: product, quantity: 1 }], delivery: 'separate' })).postageOre;
    expect(await quote()).toBe(7_900);

    expect(await admin.call('settings.set', { key: 'postage_ore', value: 12_500 })).toMatchObject({ changed: true, setting: { key: 'postage_ore', value: 12_500 } });
    expect(await quote()).toBe(12_500);
    expect((await agent.call('settings.desk', {})).postageOre).toBe(12_500);
    expect(auditRows()).toEqual([{ action: 'settings.set', user_id: t.users.admin.id, details: JSON.stringify({ key: 'postage_ore', before: 7_900, after: 12_500 }) }]);
  });

  it('B11, B12 and the session times: each within its limits, each audited with before and after', async () => {
    await admin.call('settings.set', { key: 'correction_approval_threshold', value: 2_000 });
    await admin.call('settings.set', { key: 'service_email_days_before', value: 45 });
    await admin.call('settings.set', { key: 'session_idle_minutes', value: 30 });
    await admin.call('settings.set', { key: 'session_max_hours', value: 12 });
    await admin.call('settings.set', { key: 'expiring_soon_months', value: 6 });
    expect(await getSetting(t.desk.store, 'correction_approval_threshold')).toBe(2_000);
    expect(await getSetting(t.desk.store, 'service_email_days_before')).toBe(45);
    expect(await admin.call('security.sessionPolicy', {})).toEqual({ idleMinutes: 30, maxHours: 12 });
    expect(auditRows().map((r) => JSON.parse(r.details) as unknown)).toEqual([
      { key: 'correction_approval_threshold', before: 5_000, after: 2_000 },
      { key: 'service_email_days_before', before: 30, after: 45 },
      { key: 'session_idle_minutes', before: 60, after: 30 },
      { key: 'session_max_hours', before: 10, after: 12 },
      { key: 'expiring_soon_months', before: 12, after: 6 },
    ]);
  });

  it('B11: supervisors read the new threshold at once, on their desk and on the settings page', async () => {
    const supervisor = await t.as('supervisor');
    expect((await supervisor.call('settings.desk', {})).correctionApprovalThreshold).toBe(5_000);
    await admin.call('settings.set', { key: 'correction_approval_threshold', value: 100 });
    expect((await supervisor.call('settings.desk', {})).correctionApprovalThreshold).toBe(100);
    expect((await supervisor.call('settings.list', {})).settings.find((s) => s.key === 'correction_approval_threshold')?.value).toBe(100);
  });

  it('refuses a value outside its limits with the limits in the details, and writes nothing', async () => {
    const before = settingRows();
    for (const key of settingKeys) {
      const { min, max } = settingLimits[key];
      for (const bad of [min - 1, max + 1]) {
        expect(await admin.invoke('settings.set', { key, value: bad }), `${key} = ${bad}`).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { key, min, max } } });
      }
    }
    expect(settingRows()).toEqual(before);
    expect(auditRows()).toEqual([]);
  });

  it('refuses bad input at the boundary: an unknown key, a fraction, text, an extra field', async () => {
    for (const input of [
      { key: 'launch_script', value: 1 },
      { key: 'postage_ore', value: 79.5 },
      { key: 'postage_ore', value: '7900' },
      { key: 'postage_ore', value: 7_900, reason: 'x' },
      { key: 'postage_ore' },
    ]) {
      expect(await admin.invoke('settings.set', input as never), JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(settingRows()).toEqual([]);
    expect(auditRows()).toEqual([]);
  });

  it('is the admin’s alone: every other role is refused and nothing is written', async () => {
    for (const role of ['agent', 'supervisor', 'manager'] satisfies Role[]) {
      const c = await t.as(role);
      expect(await c.invoke('settings.set', { key: 'postage_ore', value: 100 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(settingRows()).toEqual([]);
    expect(await getSetting(t.desk.store, 'postage_ore')).toBe(settingDefaults.postage_ore);
    expect(auditRows()).toEqual([]);
  });

  it('setting the value in force stores nothing and says so', async () => {
    expect(await admin.call('settings.set', { key: 'postage_ore', value: 7_900 })).toMatchObject({ changed: false, setting: { value: 7_900, updatedAt: null } });
    expect(settingRows()).toEqual([]);
    expect(auditRows()).toEqual([]);
  });

  it('security.setSessionPolicy writes through the same service: limits, before and after, only what changed', async () => {
    await admin.call('security.setSessionPolicy', { idleMinutes: 60, maxHours: 8 });
    expect(auditRows().map((r) => JSON.parse(r.details) as unknown)).toEqual([{ key: 'session_max_hours', before: 10, after: 8 }]);
    expect((await admin.call('settings.list', {})).settings.find((s) => s.key === 'session_max_hours')?.value).toBe(8);
    expect(await admin.invoke('security.setSessionPolicy', { idleMinutes: 4, maxHours: 8 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(auditRows()).toHaveLength(1);
  });

  it('a value stored outside its limits (no write lets one in) counts as the default', async () => {
    await t.withSetting('service_email_days_before', 5_000);
    expect(await getSetting(t.desk.store, 'service_email_days_before')).toBe(30);
    expect((await admin.call('settings.list', {})).settings.find((s) => s.key === 'service_email_days_before')?.value).toBe(30);
  });
});
