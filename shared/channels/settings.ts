import { z } from 'zod';
import { channel, Empty, IsoInstant } from '../contract-kit.js';
import { admins, type Role } from '../roles.js';

/**
 * The admin's settings (issue 13): the numbers the rules leave to the desk. Every setting is a
 * whole number in the unit the engine counts in (postage in øre, shown and typed in NOK), within
 * the limits main keeps beside its default (main/services/settings.ts, `settingLimits`), which
 * `settings.list` hands to the screen.
 */
export const settingKeys = [
  // B8: postage for separate shipping, in øre.
  'postage_ore',
  // B11: a correction of more points than this needs a second supervisor.
  'correction_approval_threshold',
  // B12: the service email goes this many days before a membership ends.
  'service_email_days_before',
  // Issue 10: a session ends after this many minutes without a call …
  'session_idle_minutes',
  // … and this many hours after sign-in.
  'session_max_hours',
  // B5/B12b: the member page's "expiring soon" covers the next this many months.
  'expiring_soon_months',
] as const;
export const SettingKey = z.enum(settingKeys);
export type SettingKey = z.infer<typeof SettingKey>;

/** What a setting counts: øre (shown as NOK), points, days, minutes, hours or months. */
export const SettingUnit = z.enum(['ore', 'points', 'days', 'minutes', 'hours', 'months']);
export type SettingUnit = z.infer<typeof SettingUnit>;

export const SettingValue = z.object({
  key: SettingKey,
  value: z.number().int(),
  defaultValue: z.number().int(),
  min: z.number().int(),
  max: z.number().int(),
  unit: SettingUnit,
  /** The last change (null while the default holds and nobody has set it). */
  updatedAt: IsoInstant.nullable(),
  updatedBy: z.string().nullable(),
});
export type SettingValue = z.infer<typeof SettingValue>;

/**
 * Who reads the settings: the admin who keeps them, the supervisors whose work they decide (the
 * approval threshold of their corrections, the service emails of their run), and the manager,
 * who reads everything.
 */
export const settingsReaders: readonly Role[] = ['supervisor', 'manager', 'admin'];

export const settingsChannels = {
  'settings.list': channel({
    summary: 'Every setting with its value, default, limits, unit and last change (supervisors and managers read; admins keep them).',
    input: Empty,
    output: z.object({ settings: z.array(SettingValue) }),
    roles: settingsReaders,
    writes: false,
  }),
  'settings.set': channel({
    summary: 'Change one setting (admin): refused outside its limits; audited with the value before and after. Setting the value it has stores nothing.',
    input: z.object({ key: SettingKey, value: z.number().int() }).strict(),
    output: z.object({ setting: SettingValue, changed: z.boolean() }),
    roles: admins,
    writes: true,
  }),
};
