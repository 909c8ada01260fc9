import { DeskError } from '../../shared/errors.js';
import { SERVICE_EMAIL_DAYS_BEFORE, SESSION_IDLE_MINUTES, SESSION_MAX_HOURS } from '../../shared/rules.js';
import { audit } from './audit.js';
import { actor, nowIso, type ServiceContext, type Store } from './context.js';
import { preparedPerStore } from '../db/store.js';

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
} as const;

export type SettingKey = keyof typeof settingDefaults;

/** The whole numbers a setting may take, where it has limits (issue 12). */
export const settingLimits: Partial<Record<SettingKey, { min: number; max: number }>> = {
  expiring_soon_months: { min: 1, max: 36 },
};

function withinLimits(key: SettingKey, value: number): boolean {
  const limits = settingLimits[key];
  return limits === undefined || (Number.isInteger(value) && value >= limits.min && value <= limits.max);
}

/** A setting's stored value, or its default when none is stored (or one outside its limits, which no write lets in). */
/** The settings read, read on every call (the session policy). */
const settingRead = preparedPerStore<{ key: string }, { value: string }>((store, p) => store.kysely.selectFrom('settings').select('value').where('key', '=', p('key')));

export async function getSetting<K extends SettingKey>(store: Store, key: K): Promise<number> {
  const row = await settingRead(store).first({ key });
  if (row === undefined) return settingDefaults[key];
  const value: unknown = JSON.parse(row.value);
  return typeof value === 'number' && withinLimits(key, value) ? value : settingDefaults[key];
}

/** Stores a setting (for an admin): refused with `invalid_input` outside its limits; one transaction with its audit row. */
export async function setSetting(ctx: ServiceContext, key: SettingKey, value: number): Promise<void> {
  const limits = settingLimits[key];
  if (!Number.isFinite(value) || !withinLimits(key, value)) {
    throw new DeskError('invalid_input', `${key} must be a whole number${limits === undefined ? '' : ` from ${limits.min} to ${limits.max}`}.`, { key, ...limits });
  }
  const db = ctx.store;
  const user = actor(ctx);
  await db.transaction(async () => {
    const text = JSON.stringify(value);
    await db.run(
      db.kysely
        .insertInto('settings')
        .values({ key, value: text, updated_at: nowIso(ctx), updated_by: user.id })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: text, updated_at: nowIso(ctx), updated_by: user.id })),
    );
    await audit(ctx, { action: 'settings.set', channel: 'desk', details: { key, value } });
  });
}
