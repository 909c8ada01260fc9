import { z } from 'zod';
import { channel, Id, IsoDate, IsoInstant } from '../contract-kit.js';
import { deskStaff, managers } from '../roles.js';
import { ContactDetails, ContactField } from '../contact.js';

/**
 * D3 and the role table: an agent corrects a caller's contact details during a call (after the
 * identity check), and the billing team gets the list of corrections.
 *
 * The input takes the fields as typed; main checks and normalises them with the shared rules
 * (shared/contact.ts) and refuses with `invalid_input` naming the field (`details.field`, and
 * every problem in `details.fields`), so the dialog puts each problem on its field.
 */

/** Coarse limit of what a field may carry over the wire; the field rules are stricter. */
const Typed = z.string().max(1_000);

export const ContactChange = z.object({
  id: Id,
  memberId: Id,
  memberNo: z.number().int(),
  /** The member's name as on file now (erased members are never listed). */
  memberName: z.string(),
  changedAt: IsoInstant,
  field: ContactField,
  /** Null: the field was empty before / was cleared. */
  before: z.string().nullable(),
  after: z.string().nullable(),
  changedBy: z.string(),
  channel: z.string(),
});
export type ContactChange = z.infer<typeof ContactChange>;

/** D3: the member page's correction (members.* area, handled beside the member page). */
export const contactChannels = {
  'members.updateContact': channel({
    summary:
      'D3: correct a caller’s address, postcode, place, email or phone after the identity check; validated, normalised (+47…), audited, kept for the billing export. A change that changes nothing stores nothing.',
    input: z
      .object({
        memberId: Id,
        /** The agent confirms the caller's identity was checked (role table: "verifies who is calling"). */
        identityChecked: z.literal(true),
        channel: z.enum(['phone', 'email']).default('phone'),
        address: Typed.optional(),
        postcode: Typed.optional(),
        city: Typed.optional(),
        /** Null or blank clears the email. */
        email: Typed.nullable().optional(),
        /** Null or blank clears the phone. */
        phone: Typed.nullable().optional(),
      })
      .strict(),
    output: z.object({
      /** The fields that changed, in the order of the form; empty when nothing changed (nothing stored). */
      changed: z.array(ContactField),
      /** The member's contact details as stored now. */
      contact: ContactDetails,
    }),
    // Role table: agents (and so supervisors) correct contact details; managers only read; admins keep users and settings.
    roles: deskStaff,
    writes: true,
  }),
};

/** D3: the corrections for the billing team (reports.* area). */
export const contactReportChannels = {
  'reports.contactChanges': channel({
    summary: 'D3: the contact details agents changed since a day (Oslo), oldest first, one page at a time with the exact count, for the billing team. Logged as an access (B14).',
    input: z
      .object({
        since: IsoDate,
        limit: z.number().int().min(1).max(10_000).default(1_000),
        /** Rows to skip (paging on screen); the list is append-only, oldest first. */
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    output: z.object({
      items: z.array(ContactChange),
      /** More rows follow this page. */
      truncated: z.boolean(),
      /** Every change since the day (the exact count, not just this page). */
      total: z.number().int().min(0),
    }),
    // Role table: exporting reports is the manager's.
    roles: managers,
    writes: false,
  }),
  'reports.exportContactChanges': channel({
    summary:
      'D3: the billing CSV of the contact changes since a day (Oslo), the same file as `npm run desk -- export contact-changes`, written whole into the export folder under a name made by main. Logged as an access (B14) and audited.',
    input: z.object({ since: IsoDate }).strict(),
    output: z.object({ path: z.string(), rows: z.number().int().min(0), bytes: z.number().int().min(0) }),
    // Role table: exporting reports is the manager's.
    roles: managers,
    writes: true,
  }),
};
