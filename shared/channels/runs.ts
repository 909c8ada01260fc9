import { z } from 'zod';
import { channel, Id, IsoDate, IsoInstant, Month } from '../contract-kit.js';
import { overseers, readers, supervisors } from '../roles.js';
import { ReasonCodeSchema, ReasonParams } from '../reasons.js';
import { JobStatus } from './jobs.js';

/** What one monthly run booked (or would book), per kind of booking (B6). */
export const RunTotals = z.object({
  earned: z.object({ entries: z.number().int(), points: z.number().int(), rows: z.number().int() }),
  expired: z.object({ entries: z.number().int(), points: z.number().int() }),
  capped: z.object({ entries: z.number().int(), points: z.number().int() }),
  deleted: z.object({ entries: z.number().int(), points: z.number().int(), members: z.number().int() }),
  serviceEmails: z.number().int(),
});
export type RunTotals = z.infer<typeof RunTotals>;

export const RunBooking = z.object({
  memberId: Id,
  memberNo: z.number().int(),
  name: z.string(),
  kind: z.enum(['earn', 'expire', 'cap', 'delete_after_cancel']),
  points: z.number().int(),
  /** The code and parameters of the entry it books (or would book), shared/reasons.ts. */
  reasonCode: ReasonCodeSchema,
  reasonParams: ReasonParams,
});
export type RunBooking = z.infer<typeof RunBooking>;

export const RunSummary = z.object({
  month: Month,
  status: z.enum(['running', 'done']),
  startedAt: IsoInstant,
  finishedAt: IsoInstant.nullable(),
  startedBy: z.string().nullable(),
  totals: RunTotals,
});
export type RunSummary = z.infer<typeof RunSummary>;

export const RunPreview = z.object({
  month: Month,
  asOf: IsoDate,
  totals: RunTotals,
  /** The first bookings per member (the preview is capped so a million-member month stays readable). */
  bookings: z.array(RunBooking),
  truncated: z.boolean(),
});
export type RunPreview = z.infer<typeof RunPreview>;

export const ServiceEmailTemplate = z.object({ from: z.string().max(200), subject: z.string().max(200), body: z.string().max(5000) }).strict();

export const ServiceEmail = z.object({
  id: Id,
  memberId: Id,
  memberNo: z.number().int(),
  name: z.string(),
  email: z.string().nullable(),
  dueOn: IsoDate,
  endsOn: IsoDate,
  subject: z.string(),
  body: z.string(),
  sentAt: IsoInstant.nullable(),
  /** What the template's placeholders stand for (the template editor's live preview). */
  facts: z.object({ firstName: z.string(), lastName: z.string(), memberNo: z.number().int(), endsOn: IsoDate, balance: z.number().int() }),
});
export type ServiceEmail = z.infer<typeof ServiceEmail>;

export const runChannels = {
  'runs.list': channel({
    summary: 'Monthly runs, newest first, and the next month that may be run.',
    input: z.object({}).strict(),
    output: z.object({ runs: z.array(RunSummary), nextMonth: Month.nullable(), nextAllowedFrom: IsoDate.nullable() }),
    roles: readers,
    writes: false,
  }),
  'runs.preview': channel({
    summary: 'B6 dry run: what the run for a month would book, per member. Books nothing.',
    input: z.object({ month: Month, limit: z.number().int().min(1).max(2000).default(200) }).strict(),
    output: RunPreview,
    roles: overseers,
    writes: false,
  }),
  'runs.start': channel({
    summary: 'B6: book the month (earnings, expiry, caps, deletions, service emails). Idempotent and resumable.',
    input: z.object({ month: Month }).strict(),
    output: RunSummary,
    roles: supervisors,
    writes: true,
  }),
  'runs.serviceEmails': channel({
    summary: 'B12: service emails due, with the rendered message.',
    input: z.object({ onlyUnsent: z.boolean().default(true) }).strict(),
    output: z.object({ emails: z.array(ServiceEmail) }),
    roles: overseers,
    writes: false,
  }),
  'runs.markEmailSent': channel({
    summary: 'B12: record that a service email was sent.',
    input: z.object({ emailId: Id }).strict(),
    output: z.object({ ok: z.literal(true) }),
    roles: supervisors,
    writes: true,
  }),
  'runs.emailTemplate': channel({
    summary: 'B12: the service email template (sender, subject, body with {{placeholders}}) and who changed it last.',
    input: z.object({}).strict(),
    output: z.object({ template: ServiceEmailTemplate, updatedAt: IsoInstant.nullable(), updatedBy: z.string().nullable() }),
    roles: overseers,
    writes: false,
  }),
  'runs.setEmailTemplate': channel({
    summary: 'B12: store the service email template; an unknown placeholder is refused.',
    input: z.object({ template: ServiceEmailTemplate }).strict(),
    output: z.object({ changed: z.boolean() }),
    roles: supervisors,
    writes: true,
  }),
  'runs.exportServiceEmails': channel({
    summary: 'B12: the unsent service emails due as .eml files in a new folder of the export folder; optionally recorded as sent.',
    input: z.object({ markSent: z.boolean().default(false) }).strict(),
    output: z.object({ folder: z.string(), path: z.string(), files: z.number().int(), skipped: z.number().int(), emailIds: z.array(Id) }),
    roles: supervisors,
    writes: true,
  }),
  'runs.startInBackground': channel({
    summary: 'B6: start the monthly run in a worker thread; poll jobs.status for progress and the result.',
    input: z.object({ month: Month }).strict(),
    output: JobStatus,
    roles: supervisors,
    writes: true,
  }),
};
