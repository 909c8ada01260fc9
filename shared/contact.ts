import { z } from 'zod';
import { EmailAddress } from './fields.js';

/**
 * D3 and the role table ("corrects a caller's address, email or phone"): the rules for the contact
 * details an agent corrects during a call. One source for main (which checks them on every
 * `members.updateContact`) and the renderer's dialog (which shows them on the field as the agent
 * types): the two can never disagree. A problem is a key, not a sentence; the renderer translates
 * it under `contact.problem.`, main gives an English message with it.
 *
 * Decisions (docs/rules.md, D3):
 * - `city` is the place (poststed) of the postal address, as the member record calls it.
 * - The postal address (address, postcode, place) can be corrected but never cleared: billing sends
 *   post there (B8 ships by post). Email and phone may be cleared (null, or blank).
 * - A postcode is exactly 4 digits (0001–9999 as text: "0150" keeps its zero).
 * - A phone is Norwegian: 8 digits, the first 2–9, stored as +47XXXXXXXX (the form search looks
 *   numbers up by). "912 34 567", "91234567", "+47 912 34 567", "0047 91234567" and "47 91234567"
 *   are all +4791234567; a number with another country code is refused as not Norwegian.
 * - An email is trimmed and lower-cased (as the desk stores and searches it).
 */

export const contactFields = ['address', 'postcode', 'city', 'email', 'phone'] as const;
export type ContactField = (typeof contactFields)[number];
export const ContactField = z.enum(contactFields);

export const contactProblems = [
  'required',
  'addressLong',
  'postcodeFormat',
  'cityLong',
  'cityFormat',
  'emailInvalid',
  'emailLong',
  'phoneFormat',
  'phoneNotNorwegian',
] as const;
export type ContactProblem = (typeof contactProblems)[number];

export const ADDRESS_MAX = 120;
export const CITY_MAX = 60;
export const EMAIL_MAX = 254;

/** The contact details of a member as stored (null: not known). */
export const ContactDetails = z.object({
  address: z.string().nullable(),
  postcode: z.string().nullable(),
  city: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});
export type ContactDetails = z.infer<typeof ContactDetails>;

/**
 * A Norwegian phone number as +47 and 8 digits, or null when it is not one. Spaces, dots, dashes
 * and brackets between the digits are allowed (agents copy numbers as they are written).
 */
export function normaliseNorwegianPhone(input: string): string | null {
  // Spaces, dots, dashes and brackets go; what is left is digits with at most a leading +.
  const compact = input.trim().replace(/[\s.()-]/g, '');
  if (!/^\+?\d+$/.test(compact)) return null;
  let digits = compact.replace(/\D/g, '');
  if (compact.startsWith('+')) {
    if (!digits.startsWith('47')) return null;
    digits = digits.slice(2);
  } else if (digits.startsWith('0047')) digits = digits.slice(4);
  else if (digits.length === 10 && digits.startsWith('47')) digits = digits.slice(2);
  return /^[2-9]\d{7}$/.test(digits) ? `+47${digits}` : null;
}

/** A number written with a country code other than +47 (+46 …, 0046 …). */
function foreignNumber(input: string): boolean {
  const compact = input.trim().replace(/[\s.()-]/g, '');
  return /^(\+|00)\d{6,}$/.test(compact) && !/^(\+|00)47/.test(compact);
}

const problem = (p: ContactProblem): ContactProblem => p;

/** Free text of the postal address: trimmed, not blank, not longer than its column. */
const text = (max: number, tooLong: ContactProblem) =>
  z
    .string()
    .trim()
    .min(1, problem('required'))
    .max(max, tooLong)
    // eslint-disable-next-line no-control-regex -- control characters never belong in an address
    .refine((v) => !/[\u0000-\u001f\u007f-\u009f]/u.test(v), problem('required'));

/** The zod rules of each field, to the stored form; a failure's message is a ContactProblem. */
export const contactRules = {
  address: text(ADDRESS_MAX, 'addressLong'),
  postcode: z.string().trim().regex(/^\d{4}$/, problem('postcodeFormat')),
  city: text(CITY_MAX, 'cityLong').refine((v) => /^[\p{L}][\p{L}\s.'-]*$/u.test(v), problem('cityFormat')),
  // The desk's one email rule (shared/fields.ts: trimmed, lower case, its message 'emailInvalid').
  email: z.string().trim().max(EMAIL_MAX, problem('emailLong')).pipe(EmailAddress),
  phone: z
    .string()
    .superRefine((v, ctx) => {
      if (normaliseNorwegianPhone(v) === null) ctx.addIssue({ code: 'custom', message: foreignNumber(v) ? problem('phoneNotNorwegian') : problem('phoneFormat') });
    })
    .transform((v) => normaliseNorwegianPhone(v) ?? v),
} as const;

/** Fields that may be cleared (D3 decision above): a blank or null value clears them. */
export const clearableFields: readonly ContactField[] = ['email', 'phone'];

/** What the agent typed, field by field: a field left out is not changed. */
export type ContactInput = { [F in ContactField]?: string | null | undefined };

export interface ContactCheck {
  /** The values in their stored form (null clears), for the fields that were given. */
  values: Partial<Record<ContactField, string | null>>;
  /** The fields that break their rule, with the problem. Empty when all hold. */
  problems: Partial<Record<ContactField, ContactProblem>>;
}

/** Checks and normalises every given field; all problems at once, so the dialog marks each field. */
export function checkContact(input: ContactInput): ContactCheck {
  const values: ContactCheck['values'] = {};
  const problems: ContactCheck['problems'] = {};
  for (const field of contactFields) {
    if (!(field in input)) continue;
    const raw = input[field];
    if (raw === undefined) continue;
    if (raw === null || raw.trim() === '') {
      if (clearableFields.includes(field)) values[field] = null;
      else problems[field] = 'required';
      continue;
    }
    const parsed = contactRules[field].safeParse(raw);
    if (parsed.success) values[field] = parsed.data;
    else problems[field] = asProblem(parsed.error.issues[0]?.message);
  }
  return { values, problems };
}

export function isContactProblem(value: unknown): value is ContactProblem {
  return typeof value === 'string' && (contactProblems as readonly string[]).includes(value);
}

function asProblem(message: string | undefined): ContactProblem {
  return isContactProblem(message) ? message : 'required';
}
