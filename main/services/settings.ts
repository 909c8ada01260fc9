import type { SettingKey, SettingUnit, SettingValue } from '../../shared/channels/settings.js';
import { settingKeys } from '../../shared/channels/settings.js';
import { DeskError } from '../../shared/errors.js';
import { SERVICE_EMAIL_DAYS_BEFORE, SESSION_IDLE_MINUTES, SESSION_MAX_HOURS } from '../../shared/rules.js';
import { audit } from './audit.js';
import { actor, nowIso, type ServiceContext, type Store } from './context.js';
import { preparedPerStore } from '../db/store.js';

export type { SettingKey } from '../../shared/channels/settings.js';

/** Settings with their defaults; stored as JSON text in `settings`. */
export const settingDefaults = {
  /** B8: postage for separate shipping, in øre. */
  postage_ore: 7_900,
  /** B11: corrections above this many points need a second supervisor. */
  correction_approval_threshold: 5_000,
  /** B12: service email this many days before membership ends. */
  service_email_days_before: SERVICE_EMAIL_DAYS_BEFORE,
  /** Sessions end after this many minutes without a call (issue 10). */
  session_idle_minutes: SESSION_IDLE_MINUTES,
  /** … and this many hours after sign-in, whatever happens. */
  session_max_hours: SESSION_MAX_HOURS,
  /** B5/B12b, issue 12: the member page's "expiring soon" lists the expiries of the next this many months. */
  expiring_soon_months: 12,
} as const satisfies Record<SettingKey, number>;

interface Limits {
  readonly min: number;
  readonly max: number;
}

/** The whole numbers a write may give each setting (issue 13: settings.set, the Security page). */
export const settingLimits: Readonly<Record<SettingKey, Limits>> = {
  // B8: 0 to 1 000 NOK; 0 ships separately for free.
  postage_ore: { min: 0, max: 100_000 },
  // B11: 0 sends every correction to a second supervisor.
  correction_approval_threshold: { min: 0, max: 1_000_000 },
  // B12: from a day to three months before the membership ends (the run lists a month ahead).
  service_email_days_before: { min: 1, max: 90 },
  // Issue 10: 5 minutes to 12 hours idle, 1 to 24 hours after sign-in (as security.setSessionPolicy).
  session_idle_minutes: { min: 5, max: 720 },
  session_max_hours: { min: 1, max: 24 },
  expiring_soon_months: { min: 1, max: 36 },
};

/** The unit each setting counts in (the screen shows øre as NOK). */
export const settingUnits: Readonly<Record<SettingKey, SettingUnit>> = {
  postage_ore: 'ore',
  correction_approval_threshold: 'points',
  service_email_days_before: 'days',
  session_idle_minutes: 'minutes',
  session_max_hours: 'hours',
  expiring_soon_months: 'months',
};

/**
 * What a read takes from the table: a whole number within the write limits, else the default
 * (a value no write lets in). The session times take any longer value too: the browser tests
 * store "endless" sessions directly (renderer/e2e/harness.ts), as no admin can.
 */
function readable(key: SettingKey, value: unknown): value is number {
  if (typeof value !== 'number' || !Number.isInteger(value)) return false;
  const { min, max } = settingLimits[key];
  const open = key === 'session_idle_minutes' || key === 'session_max_hours';
  return value >= min && (open || value <= max);
}

function withinLimits(key: SettingKey, value: number): boolean {
  const { min, max } = settingLimits[key];
  return Number.isInteger(value) && value >= min && value <= max;
}

/** A setting from its stored text (absent: the default), as getSetting reads it; for reads that fetch the text with other rows (the session check). */
export function settingFromText(key: SettingKey, text: string | null | undefined): number {
  return parsed(key, text ?? undefined);
}

function parsed(key: SettingKey, text: string | undefined): number {
  if (text === undefined) return settingDefaults[key];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return settingDefaults[key];
  }
  return readable(key, value) ? value : settingDefaults[key];
}

/** The settings read, read on every call (the session policy). */
const settingRead = preparedPerStore<{ key: string }, { value: string }>((store, p) => store.kysely.selectFrom('settings').select('value').where('key', '=', p('key')));

/** A setting's stored value, or its default when none is stored (or one outside its limits, which no write lets in). */
export async function getSetting(store: Store, key: SettingKey): Promise<number> {
  return parsed(key, (await settingRead(store).first({ key }))?.value);
}

/** Every setting with its value, default, limits, unit and last change (issue 13: settings.list). */
export async function listSettings(ctx: ServiceContext): Promise<SettingValue[]> {
  const db = ctx.store;
  const rows = await db.all(
    db.kysely
      .selectFrom('settings as s')
      .leftJoin('users as u', 'u.id', 's.updated_by')
      .select(['s.key', 's.value', 's.updated_at', 'u.display_name'])
      .where('s.key', 'in', [...settingKeys]),
  );
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return settingKeys.map((key) => {
    const row = byKey.get(key);
    return {
      key,
      value: parsed(key, row?.value),
      defaultValue: settingDefaults[key],
      min: settingLimits[key].min,
      max: settingLimits[key].max,
      unit: settingUnits[key],
      updatedAt: row?.updated_at ?? null,
      updatedBy: row?.display_name ?? null,
    };
  });
}

export interface SettingChange {
  key: SettingKey;
  before: number;
  after: number;
}

/**
 * Stores settings (for an admin), all or none: each value is checked against its limits first
 * (`invalid_input` naming the key and its limits, nothing stored); then one transaction writes
 * the ones that change, each with its audit row `settings.set` holding the value before and
 * after. A value equal to the one in force stores nothing. Returns what changed.
 */
export async function setSettings(ctx: ServiceContext, values: Partial<Record<SettingKey, number>>): Promise<SettingChange[]> {
  const entries = settingKeys.flatMap((key) => {
    const value = values[key];
    return value === undefined ? [] : [[key, value] as const];
  });
  for (const [key, value] of entries) {
    if (!withinLimits(key, value)) {
      const { min, max } = settingLimits[key];
      throw new DeskError('invalid_input', `${key} must be a whole number from ${min} to ${max}.`, { field: key, key, min, max });
    }
  }
  const db = ctx.store;
  const user = actor(ctx);
  return await db.transaction(async () => {
    const changes: SettingChange[] = [];
    for (const [key, after] of entries) {
      const before = await getSetting(db, key);
      if (before === after) continue;
      const text = JSON.stringify(after);
      const at = nowIso(ctx);
      await db.run(
        db.kysely
          .insertInto('settings')
          .values({ key, value: text, updated_at: at, updated_by: user.id })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: text, updated_at: at, updated_by: user.id })),
      );
      await audit(ctx, { action: 'settings.set', channel: 'desk', details: { key, before, after } });
      changes.push({ key, before, after });
    }
    return changes;
  });
}

/** Stores one setting (settings.set): see setSettings. Answers the setting as it now stands and whether it changed. */
export async function setSetting(ctx: ServiceContext, key: SettingKey, value: number): Promise<{ setting: SettingValue; changed: boolean }> {
  const changes = await setSettings(ctx, { [key]: value });
  const setting = (await listSettings(ctx)).find((s) => s.key === key);
  if (setting === undefined) throw new DeskError('internal', `setting ${key} vanished`);
  return { setting, changed: changes.length > 0 };
}
