import type { TFunction } from 'i18next';
import type { FieldError } from 'react-hook-form';
import { z } from 'zod';

/**
 * Field rules for the forms, mirroring the contract's input schemas (shared/channels/auth.ts),
 * which main checks again. Messages are keys under `validation.` so they are translated.
 */
export const validationKeys = [
  'required',
  'usernameShort',
  'usernameLong',
  'usernameFormat',
  'nameLong',
  'passwordShort',
  'passwordLong',
  'passwordMismatch',
] as const;
export type ValidationKey = (typeof validationKeys)[number];

const key = (k: ValidationKey): ValidationKey => k;

export const username = z
  .string()
  .trim()
  .min(1, key('required'))
  .min(2, key('usernameShort'))
  .max(40, key('usernameLong'))
  .regex(/^[a-z0-9._-]+$/, key('usernameFormat'));

export const displayName = z.string().trim().min(1, key('required')).max(80, key('nameLong'));

export const password = z.string().min(1, key('required')).min(8, key('passwordShort')).max(200, key('passwordLong'));

/** A new password typed twice. */
export const newPassword = z
  .object({ password, confirm: z.string().min(1, key('required')) })
  .refine((v) => v.password === v.confirm, { message: key('passwordMismatch'), path: ['confirm'] });

function isValidationKey(value: unknown): value is ValidationKey {
  return typeof value === 'string' && (validationKeys as readonly string[]).includes(value);
}

/** The translated helper text for a field's error, if it has one. */
export function fieldError(t: TFunction, error: FieldError | undefined): string | undefined {
  if (error === undefined) return undefined;
  return t(`validation.${isValidationKey(error.message) ? error.message : 'required'}`);
}
