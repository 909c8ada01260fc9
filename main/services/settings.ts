import { SERVICE_EMAIL_DAYS_BEFORE, SESSION_IDLE_MINUTES, SESSION_MAX_HOURS } from '../../shared/rules.js';
import type { Store } from './context.js';

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
} as const;

export type SettingKey = keyof typeof settingDefaults;

export async function getSetting<K extends SettingKey>(store: Store, key: K): Promise<number> {
  const row = await store.first(store.kysely.selectFrom('settings').select('value').where('key', '=', key));
  if (row === undefined) return settingDefaults[key];
  const value: unknown = JSON.parse(row.value);
  return typeof value === 'number' ? value : settingDefaults[key];
}
