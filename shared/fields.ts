import { z } from 'zod';

/**
 * Field rules shared by the contract (main checks them on every call) and the renderer's forms
 * (which show them as the user types): one source, so the two can never disagree. A rule's
 * message is a key, not a sentence; the renderer translates it under `validation.`.
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
  'emailInvalid',
] as const;
export type ValidationKey = (typeof validationKeys)[number];

const key = (k: ValidationKey): ValidationKey => k;

export const USERNAME_MIN = 2;
export const USERNAME_MAX = 40;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;
export const DISPLAY_NAME_MAX = 80;

export const Username = z
  .string()
  .trim()
  .min(1, key('required'))
  .min(USERNAME_MIN, key('usernameShort'))
  .max(USERNAME_MAX, key('usernameLong'))
  .regex(/^[a-z0-9._-]+$/, key('usernameFormat'));

export const DisplayName = z.string().trim().min(1, key('required')).max(DISPLAY_NAME_MAX, key('nameLong'));

export const Password = z.string().min(1, key('required')).min(PASSWORD_MIN, key('passwordShort')).max(PASSWORD_MAX, key('passwordLong'));

/** An email address as the desk stores it: trimmed, lower case. */
export const EmailAddress = z.string().trim().toLowerCase().pipe(z.email(key('emailInvalid')));

export function isEmailAddress(value: string): boolean {
  return EmailAddress.safeParse(value).success;
}

export function isValidationKey(value: unknown): value is ValidationKey {
  return typeof value === 'string' && (validationKeys as readonly string[]).includes(value);
}
