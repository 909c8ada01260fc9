import type { TFunction } from 'i18next';
import type { FieldError } from 'react-hook-form';
import { z } from 'zod';
import { DisplayName, isValidationKey, Password, Username, type ValidationKey } from '../../shared/fields';

/**
 * The forms use the contract's own field rules (shared/fields.ts), which main checks again on
 * every call. Their messages are keys under `validation.`, translated here.
 */
export { validationKeys, type ValidationKey } from '../../shared/fields';
export const username = Username;
export const displayName = DisplayName;
export const password = Password;
const key = (k: ValidationKey): ValidationKey => k;

/** A new password typed twice. */
export const newPassword = z
  .object({ password, confirm: z.string().min(1, key('required')) })
  .refine((v) => v.password === v.confirm, { message: key('passwordMismatch'), path: ['confirm'] });

/** The translated helper text for a field's error, if it has one. */
export function fieldError(t: TFunction, error: FieldError | undefined): string | undefined {
  if (error === undefined) return undefined;
  return t(`validation.${isValidationKey(error.message) ? error.message : 'required'}`);
}
