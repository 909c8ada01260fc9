import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { DeskError } from '../../shared/errors.js';
import { contactFields, type ContactField } from '../../shared/contact.js';
import { reasonColumns, type Reason } from '../../shared/reasons.js';
import type {
  BillingApplyResult,
  BillingConflict,
  BillingConflictPreview,
  BillingCounts,
  BillingFile,
  BillingKind,
  BillingPreview,
  BillingRejection,
  BillingRejectReason,
} from '../../shared/channels/billing.js';
import type { JobStatus } from '../../shared/channels/jobs.js';
import {
  parseBillingLine,
  readHeader,
  stripBom,
  textLines,
  type BillingHeader,
  type BillingRow,
  type CustomerRow,
  type InvoiceRow,
  type SubscriptionRow,
} from '../domain/billing-file.js';
import { osloDate, type IsoDate } from '../domain/time.js';
import { preparedPerStore, type ParamMaker, type Store } from '../db/store.js';
import { audit } from './audit.js';
import { nowIso, type ServiceContext } from './context.js';
import { startJob } from './jobs.js';
import { spendableBalance } from './ledger.js';

/**
 * D1–D3 (issue 14): the billing feed. Billing delivers three files — customers, subscriptions,
 * invoices (formats: main/domain/billing-file.ts, docs/billing-feed.md) — and each good row does
 * what D2 says, with B1, B9, B10 and B11 as the lifecycle services (main/services/lifecycle.ts)
 * do them:
 *
 * - **customers**: a member's name, address, postcode, place, email, phone and birth date are
 *   updated where they differ — except a contact field an agent changed later (D3: its newest
 *   `contact_changes` row has the member's current value as `after`): then both values are kept
 *   and a `billing_conflicts` row lists it for a supervisor. A customer who is not a member yet
 *   is kept in `billing_customers` until their first subscription starts (B1).
 * - **subscriptions**, by billing's subscription id (`subscriptions.external_id`): a new id for a
 *   customer who is not a member yet enrols them (B1: `enrolled` on the start date, with the
 *   timeline event), for a member starts a subscription (B9: a cancelled member is reactivated
 *   with the balance as it is; an ended membership starts again from zero; B10: an opted-out
 *   member stays out). A cancellation date cancels the subscription; the member's last active one
 *   starts B9 on that date (the balance at cancellation decides the cap).
 * - **invoices**, by invoice number: inserted or updated; paid when a paid date is given, else
 *   unpaid once the due date has passed (Oslo), else open. A paid invoice is what makes the member
 *   page offer the give-back of a B11 reduction (corrections.ts reads `invoices.status`).
 *
 * D3, never twice: a file (kind + SHA-256 of its text, without a BOM) whose rows were all applied
 * is refused (`duplicate_file`); a row that changes nothing is skipped and counted. Applying is
 * done in batches, each one transaction that applies its rows, moves the file's resume marker
 * (`billing_files.applied_through`) and its counters, and writes one audit row for the batch: a
 * row is never half applied, and an apply that was stopped (cancelled, killed) resumes after the
 * marker. Membership events are written per member (the B1/B9 timeline); audit rows per batch.
 * Bad rows never stop the file: each is counted and the first 1,000 are kept with the file (line
 * number, reason, column — not the line's text, which may hold personal data).
 *
 * The per-row rules run on statements compiled once per store (a million rows in a couple of
 * minutes); they are the lifecycle services' rules, cited where they apply.
 */

/** Rows per batch transaction when not sized by time. */
export const DEFAULT_BILLING_BATCH = 5_000;
const MIN_BATCH = 100;
/** Bad lines and conflicts kept with a file or shown in a preview (all are counted). */
export const LIST_CAP = 1_000;

export type BillingSource = { content: string } | { path: string };

export function emptyCounts(): BillingCounts {
  return {
    waiting: 0,
    waitingChanged: 0,
    membersChanged: 0,
    conflicts: 0,
    enrolled: 0,
    newMemberships: 0,
    reactivated: 0,
    subscriptionsAdded: 0,
    cancelled: 0,
    lastCancelled: 0,
    subscriptionsChanged: 0,
    invoicesNew: 0,
    invoicesUpdated: 0,
    invoicesPaid: 0,
  };
}

// ---------------------------------------------------------------------------------------------
// The file as lines

/** The source's lines with their numbers (1-based), whatever the line ending. */
async function* linesOf(source: BillingSource): AsyncGenerator<[number, string]> {
  if ('content' in source) {
    yield* textLines(source.content);
    return;
  }
  let stream;
  try {
    stream = createReadStream(source.path, { encoding: 'utf8' });
  } catch {
    throw new DeskError('bad_file', `Cannot read ${source.path}.`, { path: source.path });
  }
  // readline ends a line at LF, CRLF or a lone CR, as textLines does.
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const line of rl) {
      lineNo += 1;
      yield [lineNo, line];
    }
  } finally {
    rl.close();
    stream.destroy();
  }
}

/**
 * D3: the file's fingerprint (SHA-256 of its text without a BOM, so the screen — whose browser
 * drops the BOM when it reads the file — and the command line name one file alike) and its data
 * lines (not blank, not the header).
 */
async function scan(source: BillingSource): Promise<{ hash: string; dataLines: number }> {
  const hash = createHash('sha256');
  let nonBlank = 0;
  if ('content' in source) {
    hash.update(stripBom(source.content), 'utf8');
    for (const [, raw] of textLines(source.content)) if (stripBom(raw).trim() !== '') nonBlank += 1;
    return { hash: hash.digest('hex'), dataLines: Math.max(0, nonBlank - 1) };
  }
  let first = true;
  let lineHasText = false;
  try {
    for await (const chunk of createReadStream(source.path)) {
      let bytes = chunk as Buffer;
      if (first) {
        first = false;
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      }
      hash.update(bytes);
      for (let i = 0; i < bytes.length; i += 1) {
        const b = bytes[i];
        if (b === 10 || b === 13) {
          if (lineHasText) nonBlank += 1;
          lineHasText = false;
        } else if (b !== 32 && b !== 9) lineHasText = true;
      }
    }
  } catch {
    throw new DeskError('bad_file', `Cannot read ${source.path}.`, { path: source.path });
  }
  if (lineHasText) nonBlank += 1;
  return { hash: hash.digest('hex'), dataLines: Math.max(0, nonBlank - 1) };
}

/** The header line (the first that is not blank) of a `kind` file; a file of another kind is refused naming what it lacks. */
async function headerOf(kind: BillingKind, fileName: string, source: BillingSource): Promise<{ header: BillingHeader; lineNo: number }> {
  for await (const [lineNo, raw] of linesOf(source)) {
    if (stripBom(raw).trim() === '') continue;
    const read = readHeader(kind, raw);
    if (!read.ok) {
      throw new DeskError('bad_file', `${fileName} is not a billing file of kind ${kind}: its header line lacks ${read.missing.join(', ')} (D1).`, { fileName, kind, missing: read.missing, found: read.found });
    }
    return { header: read.header, lineNo };
  }
  throw new DeskError('bad_file', `${fileName} is empty: a billing file starts with its header line (D1).`, { fileName, kind });
}

// ---------------------------------------------------------------------------------------------
// What the rows read and write

interface MemberRec {
  id: number;
  memberNo: number;
  firstName: string;
  lastName: string;
  address: string | null;
  postcode: string | null;
  city: string | null;
  email: string | null;
  phone: string | null;
  birthDate: string | null;
  state: 'active' | 'cancelled' | 'opted_out' | 'ended';
  balance: number;
  cancelledOn: string | null;
  anonymised: boolean;
}

interface StagedRec {
  memberNo: number;
  firstName: string;
  lastName: string;
  address: string | null;
  postcode: string | null;
  city: string | null;
  email: string | null;
  phone: string | null;
  birthDate: string | null;
}

interface SubRec {
  id: number;
  externalId: string;
  memberId: number;
  memberNo: number;
  plan: string;
  status: 'active' | 'cancelled';
  startedOn: string;
  cancelledOn: string | null;
  nextDeliveryOn: string | null;
}

interface InvoiceRec {
  id: number;
  memberId: number;
  amountOre: number;
  issuedOn: string;
  dueOn: string;
  status: 'open' | 'paid' | 'unpaid';
  paidOn: string | null;
}

type EventKind = 'enrolled' | 'cancelled' | 'reactivated';

/**
 * Everything a row reads and writes. `DbOps` writes to the store (the apply, inside a batch's
 * transaction); `PlanOps` reads the store and keeps its writes in memory (the preview), so the
 * preview is the apply's own code path and stores nothing.
 */
interface FeedOps {
  memberByNo(memberNo: number): Promise<MemberRec | undefined>;
  memberById(id: number): Promise<MemberRec | undefined>;
  staged(memberNo: number): Promise<StagedRec | undefined>;
  subscription(externalId: string): Promise<SubRec | undefined>;
  hasOtherActive(memberId: number, exceptId: number): Promise<boolean>;
  latestChange(memberId: number, field: ContactField): Promise<{ id: number; after: string | null } | undefined>;
  conflictKnown(memberId: number, changeId: number, field: ContactField, billingValue: string | null): Promise<boolean>;
  invoice(invoiceNo: string): Promise<InvoiceRec | undefined>;
  spendable(member: MemberRec, day: IsoDate): Promise<number>;
  putStaged(s: StagedRec, lineNo: number): Promise<void>;
  enrol(s: StagedRec, startedOn: IsoDate): Promise<MemberRec>;
  updateMember(before: MemberRec, after: MemberRec): Promise<void>;
  reactivate(member: MemberRec): Promise<void>;
  markCancelled(member: MemberRec, cancelledOn: IsoDate, balanceAtCancellation: number): Promise<void>;
  insertSub(sub: Omit<SubRec, 'id'>): Promise<SubRec>;
  updateSub(sub: SubRec): Promise<void>;
  event(memberId: number, kind: EventKind, onDate: IsoDate, reason: Reason): Promise<void>;
  conflict(c: { memberId: number; field: ContactField; billingValue: string | null; deskValue: string | null; changeId: number; lineNo: number }): Promise<void>;
  putInvoice(row: InvoiceRow, memberId: number, status: InvoiceRec['status'], existing: InvoiceRec | undefined): Promise<void>;
}

type MemberDb = {
  id: number;
  member_no: number;
  first_name: string;
  last_name: string;
  address: string | null;
  postcode: string | null;
  city: string | null;
  email: string | null;
  phone: string | null;
  birth_date: string | null;
  state: MemberRec['state'];
  balance: number;
  cancelled_on: string | null;
  anonymised_at: string | null;
};

const memberColumns = ['id', 'member_no', 'first_name', 'last_name', 'address', 'postcode', 'city', 'email', 'phone', 'birth_date', 'state', 'balance', 'cancelled_on', 'anonymised_at'] as const;

function memberRec(r: MemberDb): MemberRec {
  return {
    id: r.id,
    memberNo: r.member_no,
    firstName: r.first_name,
    lastName: r.last_name,
    address: r.address,
    postcode: r.postcode,
    city: r.city,
    email: r.email,
    phone: r.phone,
    birthDate: r.birth_date,
    state: r.state,
    balance: r.balance,
    cancelledOn: r.cancelled_on,
    anonymised: r.anonymised_at !== null,
  };
}

// Statements compiled once per store (a Kysely compile per row would be most of a row's cost).
const qMemberByNo = preparedPerStore((s, p: ParamMaker<{ no: number }>) => s.kysely.selectFrom('members').select(memberColumns).where('member_no', '=', p('no')));
const qMemberById = preparedPerStore((s, p: ParamMaker<{ id: number }>) => s.kysely.selectFrom('members').select(memberColumns).where('id', '=', p('id')));
const qStaged = preparedPerStore((s, p: ParamMaker<{ no: number }>) =>
  s.kysely.selectFrom('billing_customers').select(['member_no', 'first_name', 'last_name', 'address', 'postcode', 'city', 'email', 'phone', 'birth_date']).where('member_no', '=', p('no')),
);
const qSub = preparedPerStore((s, p: ParamMaker<{ ext: string }>) =>
  s.kysely
    .selectFrom('subscriptions as s')
    .innerJoin('members as m', 'm.id', 's.member_id')
    .select(['s.id', 's.external_id', 's.member_id', 'm.member_no', 's.plan', 's.status', 's.started_on', 's.cancelled_on', 's.next_delivery_on'])
    .where('s.external_id', '=', p('ext')),
);
const qActiveSubs = preparedPerStore((s, p: ParamMaker<{ memberId: number }>) =>
  s.kysely.selectFrom('subscriptions').select('id').where('member_id', '=', p('memberId')).where('status', '=', 'active'),
);
const qLatestChange = preparedPerStore((s, p: ParamMaker<{ memberId: number; field: ContactField }>) =>
  s.kysely.selectFrom('contact_changes').select(['id', 'after']).where('member_id', '=', p('memberId')).where('field', '=', p('field')).orderBy('id', 'desc').limit(1),
);
const qConflictKnown = preparedPerStore((s, p: ParamMaker<{ memberId: number; changeId: number; field: ContactField; value: string | null }>) =>
  s.kysely
    .selectFrom('billing_conflicts')
    .select('id')
    .where('member_id', '=', p('memberId'))
    .where('contact_change_id', '=', p('changeId'))
    .where('field', '=', p('field'))
    .where('billing_value', 'is', p('value'))
    .limit(1),
);
const qInvoice = preparedPerStore((s, p: ParamMaker<{ no: string }>) =>
  s.kysely.selectFrom('invoices').select(['id', 'member_id', 'amount_ore', 'issued_on', 'due_on', 'status', 'paid_on']).where('invoice_no', '=', p('no')),
);

type StagedParams = { no: number; first: string; last: string; address: string | null; postcode: string | null; city: string | null; email: string | null; phone: string | null; birth: string | null; fileId: number; lineNo: number };
const qPutStaged = preparedPerStore((s, p: ParamMaker<StagedParams>) =>
  s.kysely
    .insertInto('billing_customers')
    .values({
      member_no: p('no'),
      first_name: p('first'),
      last_name: p('last'),
      address: p('address'),
      postcode: p('postcode'),
      city: p('city'),
      email: p('email'),
      phone: p('phone'),
      birth_date: p('birth'),
      file_id: p('fileId'),
      line_no: p('lineNo'),
    })
    .onConflict((oc) =>
      oc.column('member_no').doUpdateSet((eb) => ({
        first_name: eb.ref('excluded.first_name'),
        last_name: eb.ref('excluded.last_name'),
        address: eb.ref('excluded.address'),
        postcode: eb.ref('excluded.postcode'),
        city: eb.ref('excluded.city'),
        email: eb.ref('excluded.email'),
        phone: eb.ref('excluded.phone'),
        birth_date: eb.ref('excluded.birth_date'),
        file_id: eb.ref('excluded.file_id'),
        line_no: eb.ref('excluded.line_no'),
      })),
    ),
);
type NewMemberParams = { no: number; first: string; last: string; address: string | null; postcode: string | null; city: string | null; email: string | null; phone: string | null; birth: string | null; on: string; at: string };
const qInsertMember = preparedPerStore((s, p: ParamMaker<NewMemberParams>) =>
  s.kysely.insertInto('members').values({
    member_no: p('no'),
    first_name: p('first'),
    last_name: p('last'),
    email: p('email'),
    phone: p('phone'),
    address: p('address'),
    postcode: p('postcode'),
    city: p('city'),
    birth_date: p('birth'),
    enrolled_on: p('on'),
    cancelled_on: null,
    balance_at_cancellation: null,
    cap_applied_on: null,
    keep_membership_on: null,
    opted_out_on: null,
    ended_on: null,
    anonymised_at: null,
    created_at: p('at'),
  }),
);
type ContactParams = { id: number; address: string | null; postcode: string | null; city: string | null; email: string | null; phone: string | null; birth: string | null };
const qUpdateContact = preparedPerStore((s, p: ParamMaker<ContactParams>) =>
  s.kysely
    .updateTable('members')
    .set({ address: p('address'), postcode: p('postcode'), city: p('city'), email: p('email'), phone: p('phone'), birth_date: p('birth') })
    .where('id', '=', p('id')),
);
// Names apart: the name index (FTS5) is rewritten by a trigger whenever a name column is set.
const qUpdateNames = preparedPerStore((s, p: ParamMaker<{ id: number; first: string; last: string }>) =>
  s.kysely.updateTable('members').set({ first_name: p('first'), last_name: p('last') }).where('id', '=', p('id')),
);
const qReactivate = preparedPerStore((s, p: ParamMaker<{ id: number }>) =>
  s.kysely.updateTable('members').set({ state: 'active', cancelled_on: null, balance_at_cancellation: null, ended_on: null }).where('id', '=', p('id')),
);
const qMarkCancelled = preparedPerStore((s, p: ParamMaker<{ id: number; on: string; balance: number }>) =>
  s.kysely.updateTable('members').set({ state: 'cancelled', cancelled_on: p('on'), balance_at_cancellation: p('balance'), cap_applied_on: null }).where('id', '=', p('id')),
);
type SubParams = { memberId: number; plan: string; status: 'active' | 'cancelled'; started: string; cancelled: string | null; next: string | null; ext: string };
const qInsertSub = preparedPerStore((s, p: ParamMaker<SubParams>) =>
  s.kysely.insertInto('subscriptions').values({
    member_id: p('memberId'),
    plan: p('plan'),
    status: p('status'),
    started_on: p('started'),
    cancelled_on: p('cancelled'),
    next_delivery_on: p('next'),
    external_id: p('ext'),
  }),
);
const qUpdateSub = preparedPerStore((s, p: ParamMaker<{ id: number; plan: string; status: 'active' | 'cancelled'; cancelled: string | null; next: string | null }>) =>
  s.kysely.updateTable('subscriptions').set({ plan: p('plan'), status: p('status'), cancelled_on: p('cancelled'), next_delivery_on: p('next') }).where('id', '=', p('id')),
);
type EventParams = { memberId: number; kind: EventKind; on: string; at: string; userId: number | null; reason: string; code: string; params: string };
const qEvent = preparedPerStore((s, p: ParamMaker<EventParams>) =>
  s.kysely.insertInto('membership_events').values({
    member_id: p('memberId'),
    kind: p('kind'),
    on_date: p('on'),
    at: p('at'),
    channel: 'file',
    user_id: p('userId'),
    reason: p('reason'),
    reason_code: p('code'),
    reason_params: p('params'),
  }),
);
type ConflictParams = { memberId: number; field: ContactField; billing: string | null; desk: string | null; changeId: number; fileId: number; lineNo: number; at: string };
const qConflict = preparedPerStore((s, p: ParamMaker<ConflictParams>) =>
  s.kysely.insertInto('billing_conflicts').values({
    member_id: p('memberId'),
    field: p('field'),
    billing_value: p('billing'),
    desk_value: p('desk'),
    contact_change_id: p('changeId'),
    file_id: p('fileId'),
    line_no: p('lineNo'),
    found_at: p('at'),
  }),
);
type InvoiceParams = { memberId: number; no: string; amount: number; issued: string; due: string; status: InvoiceRec['status']; paid: string | null };
const qInsertInvoice = preparedPerStore((s, p: ParamMaker<InvoiceParams>) =>
  s.kysely.insertInto('invoices').values({ member_id: p('memberId'), invoice_no: p('no'), amount_ore: p('amount'), issued_on: p('issued'), due_on: p('due'), status: p('status'), paid_on: p('paid') }),
);
const qUpdateInvoice = preparedPerStore((s, p: ParamMaker<Omit<InvoiceParams, 'memberId' | 'no'> & { id: number }>) =>
  s.kysely.updateTable('invoices').set({ amount_ore: p('amount'), issued_on: p('issued'), due_on: p('due'), status: p('status'), paid_on: p('paid') }).where('id', '=', p('id')),
);

function stagedRec(r: { member_no: number; first_name: string; last_name: string; address: string | null; postcode: string | null; city: string | null; email: string | null; phone: string | null; birth_date: string | null }): StagedRec {
  return { memberNo: r.member_no, firstName: r.first_name, lastName: r.last_name, address: r.address, postcode: r.postcode, city: r.city, email: r.email, phone: r.phone, birthDate: r.birth_date };
}

/** The store's reads (both modes). */
class StoreReads {
  constructor(
    protected readonly ctx: ServiceContext,
    protected readonly fileId: number,
  ) {}
  protected get store(): Store {
    return this.ctx.store;
  }
  async memberByNo(memberNo: number): Promise<MemberRec | undefined> {
    const r = await qMemberByNo(this.store).first({ no: memberNo });
    return r === undefined ? undefined : memberRec(r);
  }
  async memberById(id: number): Promise<MemberRec | undefined> {
    const r = await qMemberById(this.store).first({ id });
    return r === undefined ? undefined : memberRec(r);
  }
  async staged(memberNo: number): Promise<StagedRec | undefined> {
    const r = await qStaged(this.store).first({ no: memberNo });
    return r === undefined ? undefined : stagedRec(r);
  }
  async subscription(externalId: string): Promise<SubRec | undefined> {
    const r = await qSub(this.store).first({ ext: externalId });
    return r === undefined
      ? undefined
      : { id: r.id, externalId: r.external_id ?? externalId, memberId: r.member_id, memberNo: r.member_no, plan: r.plan, status: r.status, startedOn: r.started_on, cancelledOn: r.cancelled_on, nextDeliveryOn: r.next_delivery_on };
  }
  protected async activeSubIds(memberId: number): Promise<number[]> {
    return (await qActiveSubs(this.store).all({ memberId })).map((r) => r.id);
  }
  async hasOtherActive(memberId: number, exceptId: number): Promise<boolean> {
    return (await this.activeSubIds(memberId)).some((id) => id !== exceptId);
  }
  async latestChange(memberId: number, field: ContactField): Promise<{ id: number; after: string | null } | undefined> {
    return await qLatestChange(this.store).first({ memberId, field });
  }
  async conflictKnown(memberId: number, changeId: number, field: ContactField, billingValue: string | null): Promise<boolean> {
    return (await qConflictKnown(this.store).first({ memberId, changeId, field, value: billingValue })) !== undefined;
  }
  async invoice(invoiceNo: string): Promise<InvoiceRec | undefined> {
    const r = await qInvoice(this.store).first({ no: invoiceNo });
    return r === undefined ? undefined : { id: r.id, memberId: r.member_id, amountOre: r.amount_ore, issuedOn: r.issued_on, dueOn: r.due_on, status: r.status, paidOn: r.paid_on };
  }
  async spendable(member: MemberRec, day: IsoDate): Promise<number> {
    // B5/B9: the balance at cancellation leaves out points of lots already past their expiry on that day.
    return member.id < 0 ? 0 : await spendableBalance(this.store, member.id, member.balance, day);
  }
}

/** The apply: every write goes to the store, inside the batch's transaction. */
class DbOps extends StoreReads implements FeedOps {
  private readonly at: string;
  constructor(ctx: ServiceContext, fileId: number) {
    super(ctx, fileId);
    this.at = nowIso(ctx);
  }
  async putStaged(s: StagedRec, lineNo: number): Promise<void> {
    await qPutStaged(this.store).run({ no: s.memberNo, first: s.firstName, last: s.lastName, address: s.address, postcode: s.postcode, city: s.city, email: s.email, phone: s.phone, birth: s.birthDate, fileId: this.fileId, lineNo });
  }
  async enrol(s: StagedRec, startedOn: IsoDate): Promise<MemberRec> {
    const { lastId } = await qInsertMember(this.store).run({ no: s.memberNo, first: s.firstName, last: s.lastName, address: s.address, postcode: s.postcode, city: s.city, email: s.email, phone: s.phone, birth: s.birthDate, on: startedOn, at: this.at });
    return { ...s, id: lastId, state: 'active', balance: 0, cancelledOn: null, anonymised: false };
  }
  async updateMember(before: MemberRec, after: MemberRec): Promise<void> {
    if (before.firstName !== after.firstName || before.lastName !== after.lastName) await qUpdateNames(this.store).run({ id: after.id, first: after.firstName, last: after.lastName });
    if (contactFields.some((f) => before[f] !== after[f]) || before.birthDate !== after.birthDate) {
      await qUpdateContact(this.store).run({ id: after.id, address: after.address, postcode: after.postcode, city: after.city, email: after.email, phone: after.phone, birth: after.birthDate });
    }
  }
  async reactivate(member: MemberRec): Promise<void> {
    await qReactivate(this.store).run({ id: member.id });
  }
  async markCancelled(member: MemberRec, cancelledOn: IsoDate, balanceAtCancellation: number): Promise<void> {
    await qMarkCancelled(this.store).run({ id: member.id, on: cancelledOn, balance: balanceAtCancellation });
  }
  async insertSub(sub: Omit<SubRec, 'id'>): Promise<SubRec> {
    const { lastId } = await qInsertSub(this.store).run({ memberId: sub.memberId, plan: sub.plan, status: sub.status, started: sub.startedOn, cancelled: sub.cancelledOn, next: sub.nextDeliveryOn, ext: sub.externalId });
    return { ...sub, id: lastId };
  }
  async updateSub(sub: SubRec): Promise<void> {
    await qUpdateSub(this.store).run({ id: sub.id, plan: sub.plan, status: sub.status, cancelled: sub.cancelledOn, next: sub.nextDeliveryOn });
  }
  async event(memberId: number, kind: EventKind, onDate: IsoDate, reason: Reason): Promise<void> {
    const r = reasonColumns(reason);
    await qEvent(this.store).run({ memberId, kind, on: onDate, at: this.at, userId: this.ctx.user?.id ?? null, reason: r.reason, code: r.reason_code, params: r.reason_params });
  }
  async conflict(c: { memberId: number; field: ContactField; billingValue: string | null; deskValue: string | null; changeId: number; lineNo: number }): Promise<void> {
    await qConflict(this.store).run({ memberId: c.memberId, field: c.field, billing: c.billingValue, desk: c.deskValue, changeId: c.changeId, fileId: this.fileId, lineNo: c.lineNo, at: this.at });
  }
  async putInvoice(row: InvoiceRow, memberId: number, status: InvoiceRec['status'], existing: InvoiceRec | undefined): Promise<void> {
    const values = { amount: row.amountOre, issued: row.invoiceDate, due: row.dueDate, status, paid: row.paidDate };
    if (existing === undefined) await qInsertInvoice(this.store).run({ ...values, memberId, no: row.invoiceNo });
    else await qUpdateInvoice(this.store).run({ ...values, id: existing.id });
  }
}

/**
 * The preview: the store is read, the writes are kept here so that later rows of the file see
 * what earlier rows did (a second subscription of a customer the file enrols is "another
 * subscription", not a second enrolment). Members it would enrol get negative ids.
 */
class PlanOps extends StoreReads implements FeedOps {
  private readonly members = new Map<number, MemberRec>();
  private readonly membersById = new Map<number, MemberRec>();
  private readonly stagedRows = new Map<number, StagedRec>();
  private readonly subs = new Map<string, SubRec>();
  private readonly subsById = new Map<number, SubRec>();
  private readonly newSubsOf = new Map<number, SubRec[]>();
  private readonly conflicts = new Set<string>();
  private readonly invoices = new Map<string, InvoiceRec>();
  private nextId = -1;

  override async memberByNo(memberNo: number): Promise<MemberRec | undefined> {
    return this.members.get(memberNo) ?? await super.memberByNo(memberNo);
  }
  override async memberById(id: number): Promise<MemberRec | undefined> {
    return this.membersById.get(id) ?? (id < 0 ? undefined : await super.memberById(id));
  }
  override async staged(memberNo: number): Promise<StagedRec | undefined> {
    return this.stagedRows.get(memberNo) ?? await super.staged(memberNo);
  }
  override async subscription(externalId: string): Promise<SubRec | undefined> {
    return this.subs.get(externalId) ?? await super.subscription(externalId);
  }
  override async hasOtherActive(memberId: number, exceptId: number): Promise<boolean> {
    const stored = memberId < 0 ? [] : await this.activeSubIds(memberId);
    if (stored.some((id) => id !== exceptId && this.subsById.get(id)?.status !== 'cancelled')) return true;
    return (this.newSubsOf.get(memberId) ?? []).some((s) => s.id !== exceptId && s.status === 'active');
  }
  override async conflictKnown(memberId: number, changeId: number, field: ContactField, billingValue: string | null): Promise<boolean> {
    return this.conflicts.has(`${changeId}|${field}|${billingValue ?? ''}`) || await super.conflictKnown(memberId, changeId, field, billingValue);
  }
  override async invoice(invoiceNo: string): Promise<InvoiceRec | undefined> {
    return this.invoices.get(invoiceNo) ?? await super.invoice(invoiceNo);
  }
  private keep(m: MemberRec): void {
    this.members.set(m.memberNo, m);
    this.membersById.set(m.id, m);
  }
  putStaged(s: StagedRec): Promise<void> {
    this.stagedRows.set(s.memberNo, s);
    return Promise.resolve();
  }
  enrol(s: StagedRec): Promise<MemberRec> {
    const m: MemberRec = { ...s, id: this.nextId--, state: 'active', balance: 0, cancelledOn: null, anonymised: false };
    this.keep(m);
    return Promise.resolve(m);
  }
  updateMember(_before: MemberRec, after: MemberRec): Promise<void> {
    this.keep(after);
    return Promise.resolve();
  }
  reactivate(member: MemberRec): Promise<void> {
    this.keep({ ...member, state: 'active', cancelledOn: null });
    return Promise.resolve();
  }
  markCancelled(member: MemberRec, cancelledOn: IsoDate): Promise<void> {
    this.keep({ ...member, state: 'cancelled', cancelledOn });
    return Promise.resolve();
  }
  insertSub(sub: Omit<SubRec, 'id'>): Promise<SubRec> {
    const s: SubRec = { ...sub, id: this.nextId-- };
    this.subs.set(s.externalId, s);
    this.subsById.set(s.id, s);
    this.newSubsOf.set(s.memberId, [...(this.newSubsOf.get(s.memberId) ?? []), s]);
    return Promise.resolve(s);
  }
  updateSub(sub: SubRec): Promise<void> {
    this.subs.set(sub.externalId, sub);
    this.subsById.set(sub.id, sub);
    const mine = this.newSubsOf.get(sub.memberId);
    if (mine !== undefined) this.newSubsOf.set(sub.memberId, mine.map((s) => (s.id === sub.id ? sub : s)));
    return Promise.resolve();
  }
  event(): Promise<void> {
    return Promise.resolve();
  }
  conflict(c: { field: ContactField; billingValue: string | null; changeId: number }): Promise<void> {
    this.conflicts.add(`${c.changeId}|${c.field}|${c.billingValue ?? ''}`);
    return Promise.resolve();
  }
  putInvoice(row: InvoiceRow, memberId: number, status: InvoiceRec['status'], existing: InvoiceRec | undefined): Promise<void> {
    this.invoices.set(row.invoiceNo, { id: existing?.id ?? this.nextId--, memberId, amountOre: row.amountOre, issuedOn: row.invoiceDate, dueOn: row.dueDate, status, paidOn: row.paidDate });
    return Promise.resolve();
  }
}

// ---------------------------------------------------------------------------------------------
// What each row does (D2)

type Outcome = { skip: true } | { reject: BillingRejectReason; field?: string } | { did: (keyof BillingCounts)[] };
const SKIP: Outcome = { skip: true };
const reject = (reason: BillingRejectReason, field?: string): Outcome => ({ reject: reason, ...(field === undefined ? {} : { field }) });

type ConflictSink = (c: BillingConflictPreview) => void;

function stagedOf(row: CustomerRow): StagedRec {
  return { memberNo: row.memberNo, firstName: row.firstName, lastName: row.lastName, address: row.address, postcode: row.postcode, city: row.city, email: row.email, phone: row.phone, birthDate: row.birthDate };
}

function sameStaged(a: StagedRec, b: StagedRec): boolean {
  return a.firstName === b.firstName && a.lastName === b.lastName && a.birthDate === b.birthDate && contactFields.every((f) => a[f] === b[f]);
}

/** D2/D3: a customers row. */
async function customerRow(ops: FeedOps, row: CustomerRow, onConflict: ConflictSink): Promise<Outcome> {
  const incoming = stagedOf(row);
  const member = await ops.memberByNo(row.memberNo);
  const staged = await ops.staged(row.memberNo);
  if (member === undefined) {
    // B1: not a member until the first subscription starts; kept for the subscriptions file.
    if (staged !== undefined && sameStaged(staged, incoming)) return SKIP;
    await ops.putStaged(incoming, row.lineNo);
    return { did: [staged === undefined ? 'waiting' : 'waitingChanged'] };
  }
  // B14: an erased member's personal data is not written back.
  if (member.anonymised) return reject('member_erased', 'member_no');
  if (staged === undefined || !sameStaged(staged, incoming)) await ops.putStaged(incoming, row.lineNo);
  const after: MemberRec = { ...member, firstName: row.firstName, lastName: row.lastName, birthDate: row.birthDate };
  let conflicts = 0;
  for (const field of contactFields) {
    const billing = incoming[field];
    if (billing === member[field]) continue;
    // D3: a contact detail an agent changed later than billing knows is kept — both values are
    // kept and the conflict listed. "Later": the newest change of the field on the desk still stands.
    const change = await ops.latestChange(member.id, field);
    if (change !== undefined && change.after === member[field]) {
      after[field] = member[field];
      if (!(await ops.conflictKnown(member.id, change.id, field, billing))) {
        await ops.conflict({ memberId: member.id, field, billingValue: billing, deskValue: member[field], changeId: change.id, lineNo: row.lineNo });
        onConflict({ lineNo: row.lineNo, memberNo: member.memberNo, field, billingValue: billing, deskValue: member[field] });
        conflicts += 1;
      }
    } else after[field] = billing;
  }
  const changed = after.firstName !== member.firstName || after.lastName !== member.lastName || after.birthDate !== member.birthDate || contactFields.some((f) => after[f] !== member[f]);
  if (changed) await ops.updateMember(member, after);
  if (!changed && conflicts === 0) return SKIP;
  const did: (keyof BillingCounts)[] = [];
  if (changed) did.push('membersChanged');
  for (let i = 0; i < conflicts; i += 1) did.push('conflicts');
  return { did };
}

/**
 * B9: cancelling a subscription; the member's last active one makes the member cancelled on that
 * date, the balance then (expired lots left out) deciding the cap — as lifecycle.cancelSubscription.
 */
async function cancel(ops: FeedOps, sub: SubRec, cancelledOn: IsoDate, did: (keyof BillingCounts)[]): Promise<void> {
  await ops.updateSub({ ...sub, status: 'cancelled', cancelledOn, nextDeliveryOn: null });
  did.push('cancelled');
  if (await ops.hasOtherActive(sub.memberId, sub.id)) return;
  const member = await ops.memberById(sub.memberId);
  if (member?.state !== 'active') return;
  const atCancel = await ops.spendable(member, cancelledOn);
  await ops.markCancelled(member, cancelledOn, atCancel);
  await ops.event(member.id, 'cancelled', cancelledOn, { code: 'last_cancelled', params: { balance: atCancel } });
  did.push('lastCancelled');
}

/** D2: a subscriptions row, by billing's subscription id. */
async function subscriptionRow(ops: FeedOps, row: SubscriptionRow): Promise<Outcome> {
  const known = await ops.subscription(row.subscriptionId);
  const did: (keyof BillingCounts)[] = [];
  if (known === undefined) {
    let member = await ops.memberByNo(row.memberNo);
    let sub: SubRec;
    const fresh = { externalId: row.subscriptionId, plan: row.product, startedOn: row.startDate, nextDeliveryOn: row.nextDeliveryDate };
    if (member === undefined) {
      // B1: a customer becomes a member on the day their first subscription starts, from the
      // details the customers file gave (as lifecycle.enrolMember, with its timeline event).
      const staged = await ops.staged(row.memberNo);
      if (staged === undefined) return reject('not_in_customers', 'member_no');
      member = await ops.enrol(staged, row.startDate);
      sub = await ops.insertSub({ ...fresh, memberId: member.id, memberNo: member.memberNo, status: 'active', cancelledOn: null });
      await ops.event(member.id, 'enrolled', row.startDate, { code: 'first_subscription', params: {} });
      did.push('enrolled');
    } else {
      if (member.anonymised) return reject('member_erased', 'member_no');
      if (row.cancellationDate !== null && member.state === 'cancelled' && member.cancelledOn !== null && row.startDate < member.cancelledOn) {
        // A subscription that started and ended before the member's cancellation is history: it
        // reactivates nothing and moves no B9 date.
        await ops.insertSub({ ...fresh, nextDeliveryOn: null, memberId: member.id, memberNo: member.memberNo, status: 'cancelled', cancelledOn: row.cancellationDate });
        return { did: ['subscriptionsAdded', 'cancelled'] };
      }
      // As lifecycle.startSubscription: B9 reactivates a cancelled member with the balance as it
      // is; an ended membership starts again from zero; B10: an opted-out member stays out.
      sub = await ops.insertSub({ ...fresh, memberId: member.id, memberNo: member.memberNo, status: 'active', cancelledOn: null });
      if (member.state === 'cancelled') {
        await ops.reactivate(member);
        await ops.event(member.id, 'reactivated', row.startDate, { code: 'reactivated', params: {} });
        did.push('reactivated');
      } else if (member.state === 'ended') {
        await ops.reactivate(member);
        await ops.event(member.id, 'enrolled', row.startDate, { code: 'new_membership', params: {} });
        did.push('newMemberships');
      } else did.push('subscriptionsAdded');
    }
    // D2: a new id whose row is cancelled already: created, then cancelled, in the same transaction.
    if (row.cancellationDate !== null) await cancel(ops, sub, row.cancellationDate, did);
    return { did };
  }
  if (known.memberNo !== row.memberNo) return reject('subscription_other_member', 'member_no');
  if (known.status === 'active') {
    const planned = { ...known, plan: row.product };
    if (row.cancellationDate !== null) {
      if (row.cancellationDate < known.startedOn) return reject('cancelled_before_start', 'cancellation_date');
      await cancel(ops, planned, row.cancellationDate, did);
      return { did };
    }
    if (known.plan === row.product && known.nextDeliveryOn === row.nextDeliveryDate) return SKIP;
    await ops.updateSub({ ...planned, nextDeliveryOn: row.nextDeliveryDate });
    return { did: ['subscriptionsChanged'] };
  }
  // Cancelled already: the same cancellation is nothing new; another one, or none, is not billing's to change here.
  if (row.cancellationDate === null) return reject('cancellation_withdrawn', 'cancellation_date');
  if (row.cancellationDate !== known.cancelledOn) return reject('cancellation_changed', 'cancellation_date');
  if (known.plan === row.product) return SKIP;
  await ops.updateSub({ ...known, plan: row.product });
  return { did: ['subscriptionsChanged'] };
}

/** D2/B11: an invoices row, by invoice number. */
async function invoiceRow(ops: FeedOps, row: InvoiceRow, today: IsoDate): Promise<Outcome> {
  const member = await ops.memberByNo(row.memberNo);
  if (member === undefined) return reject('unknown_member', 'member_no');
  // Paid when billing says so; unpaid from the day after the due date (Oslo); open until then.
  const status: InvoiceRec['status'] = row.paidDate !== null ? 'paid' : row.dueDate < today ? 'unpaid' : 'open';
  const existing = await ops.invoice(row.invoiceNo);
  if (existing === undefined) {
    await ops.putInvoice(row, member.id, status, undefined);
    return { did: status === 'paid' ? ['invoicesNew', 'invoicesPaid'] : ['invoicesNew'] };
  }
  if (existing.memberId !== member.id) return reject('invoice_other_member', 'member_no');
  // B11: a payment is never taken back by a file (a reduction's give-back may stand on it).
  if (existing.status === 'paid' && status !== 'paid') return reject('payment_withdrawn', 'paid_date');
  if (existing.amountOre === row.amountOre && existing.issuedOn === row.invoiceDate && existing.dueOn === row.dueDate && existing.status === status && existing.paidOn === row.paidDate) return SKIP;
  await ops.putInvoice(row, member.id, status, existing);
  return { did: status === 'paid' && existing.status !== 'paid' ? ['invoicesUpdated', 'invoicesPaid'] : ['invoicesUpdated'] };
}

function applyRow(ops: FeedOps, row: BillingRow, today: IsoDate, onConflict: ConflictSink): Promise<Outcome> {
  switch (row.kind) {
    case 'customers':
      return customerRow(ops, row, onConflict);
    case 'subscriptions':
      return subscriptionRow(ops, row);
    case 'invoices':
      return invoiceRow(ops, row, today);
  }
}

/** The running totals of a preview or of one batch. */
class Tally {
  applied = 0;
  skipped = 0;
  rejected = 0;
  readonly counts = emptyCounts();
  readonly rejections: BillingRejection[] = [];
  readonly conflicts: BillingConflictPreview[] = [];
  constructor(private readonly cap: number = LIST_CAP) {}
  rejectLine(r: BillingRejection): void {
    this.rejected += 1;
    if (this.rejections.length < this.cap) this.rejections.push(r);
  }
  conflict = (c: BillingConflictPreview): void => {
    if (this.conflicts.length < this.cap) this.conflicts.push(c);
  };
  add(outcome: Outcome, lineNo: number, text: string): void {
    if ('skip' in outcome) this.skipped += 1;
    else if ('reject' in outcome) this.rejectLine({ lineNo, reason: outcome.reject, ...(outcome.field === undefined ? {} : { field: outcome.field }), text: text.slice(0, 200) });
    else {
      this.applied += 1;
      for (const key of outcome.did) this.counts[key] += 1;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The file's record

type FileRow = {
  id: number;
  kind: BillingKind;
  file_name: string;
  content_hash: string;
  started_at: string;
  finished_at: string | null;
  status: 'applying' | 'done' | 'cancelled';
  rows_total: number;
  applied_through: number;
  rows_applied: number;
  rows_skipped: number;
  rows_rejected: number;
  counts: string;
  rejections: string;
};

async function fileByHash(store: Store, kind: BillingKind, hash: string): Promise<FileRow | undefined> {
  return await store.first(
    store.kysely
      .selectFrom('billing_files')
      .select(['id', 'kind', 'file_name', 'content_hash', 'started_at', 'finished_at', 'status', 'rows_total', 'applied_through', 'rows_applied', 'rows_skipped', 'rows_rejected', 'counts', 'rejections'])
      .where('kind', '=', kind)
      .where('content_hash', '=', hash)
      // A done record first (it refuses the file), else the newest record to resume.
      .orderBy((eb) => eb.case().when('status', '=', 'done').then(0).else(1).end())
      .orderBy('id', 'desc'),
  );
}

function refuseDone(f: FileRow): never {
  // D3: never twice — a file whose rows were all applied is refused whole.
  throw new DeskError('duplicate_file', `This ${f.kind} file was applied already as ${f.file_name} (finished ${f.finished_at ?? f.started_at}); nothing was applied again.`, {
    fileId: f.id,
    fileName: f.file_name,
    importedAt: f.finished_at ?? f.started_at,
  });
}

function parseCounts(text: string): BillingCounts {
  const parsed = JSON.parse(text) as Partial<BillingCounts>;
  return { ...emptyCounts(), ...parsed };
}

function storedRejections(text: string): BillingRejection[] {
  return (JSON.parse(text) as Omit<BillingRejection, 'text'>[]).map((r) => ({ ...r, text: '' }));
}

// ---------------------------------------------------------------------------------------------
// The preview

export interface BillingInput {
  kind: BillingKind;
  fileName: string;
  source: BillingSource;
}

/** Let the thread answer other calls between chunks of a long preview (the desk server's thread). */
const PREVIEW_CHUNK = 2_000;
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * D2/D3: what the file would do, by the apply's own row rules, writing nothing: counts, the
 * first 1,000 bad lines with their numbers and reasons, and the conflicts. A file applied already
 * is refused (`duplicate_file`); one whose apply was stopped previews what is left after its marker.
 * Reads are not one transaction: a long file is read in chunks while the desk answers other calls
 * (the apply judges every row again in its own transaction).
 */
export async function previewBillingFile(ctx: ServiceContext, input: BillingInput): Promise<BillingPreview> {
  const { header } = await headerOf(input.kind, input.fileName, input.source);
  const { hash } = await scan(input.source);
  const existing = await fileByHash(ctx.store, input.kind, hash);
  if (existing?.status === 'done') refuseDone(existing);
  const marker = existing?.applied_through ?? 0;
  const today = osloDate(ctx.clock.now());
  const ops = new PlanOps(ctx, 0);
  const tally = new Tally();
  let total = 0;
  let alreadyApplied = 0;
  let seenHeader = false;
  for await (const [lineNo, raw] of linesOf(input.source)) {
    if (stripBom(raw).trim() === '') continue;
    if (!seenHeader) {
      seenHeader = true;
      continue;
    }
    total += 1;
    if (lineNo <= marker) {
      alreadyApplied += 1;
      continue;
    }
    const parsed = parseBillingLine(header, raw, lineNo, today);
    if ('rejection' in parsed) tally.rejectLine(parsed.rejection);
    else tally.add(await applyRow(ops, parsed.row, today, tally.conflict), lineNo, raw);
    if (total % PREVIEW_CHUNK === 0) await breathe();
  }
  if (total === 0) throw new DeskError('bad_file', `${input.fileName} has a header line and no rows.`, { fileName: input.fileName });
  return {
    kind: input.kind,
    fileName: input.fileName,
    total,
    alreadyApplied,
    applied: tally.applied,
    skipped: tally.skipped,
    rejected: tally.rejected,
    counts: tally.counts,
    rejections: tally.rejections,
    conflicts: tally.conflicts,
  };
}

// ---------------------------------------------------------------------------------------------
// The apply

export interface BillingHooks {
  /** After each committed batch: the data lines done so far (with those applied before a resume) of all. */
  onProgress?: (done: number, total: number) => void;
  /** Checked between batches: true stops the apply (status 'cancelled'; it resumes on the next apply of the file). */
  shouldStop?: () => boolean;
  /** Test hook, after each committed batch (throwing here is a crash after that batch). */
  afterBatch?: (batch: number) => void;
  /** Rows per batch (default 5,000). */
  batchSize?: number;
  /** Size each batch to hold the write lock about this long (the job worker: the desk's writes take turns with it). */
  targetBatchMs?: number;
}

interface Pending {
  lineNo: number;
  raw: string;
  parsed: ReturnType<typeof parseBillingLine>;
}

/**
 * D2/D3: apply a billing file — in batches, each one transaction that applies its rows, moves the
 * resume marker and the counters and writes its audit row; resumes a file whose apply was stopped.
 */
export async function applyBillingFile(ctx: ServiceContext, input: BillingInput, hooks: BillingHooks = {}): Promise<BillingApplyResult> {
  const db = ctx.store;
  const { kysely } = db;
  const { header } = await headerOf(input.kind, input.fileName, input.source);
  const { hash, dataLines } = await scan(input.source);
  if (dataLines === 0) throw new DeskError('bad_file', `${input.fileName} has a header line and no rows.`, { fileName: input.fileName });
  const today = osloDate(ctx.clock.now());
  const file = await db.transaction(async () => {
    const existing = await fileByHash(db, input.kind, hash);
    if (existing?.status === 'done') refuseDone(existing);
    if (existing !== undefined) {
      // D3: a stopped apply resumes after its marker.
      await db.run(kysely.updateTable('billing_files').set({ status: 'applying' }).where('id', '=', existing.id));
      await audit(ctx, { action: 'billing.resume', channel: 'file', details: { fileId: existing.id, kind: input.kind, fileName: input.fileName, appliedThrough: existing.applied_through } });
      return { id: existing.id, marker: existing.applied_through };
    }
    const { lastId } = await db.run(
      kysely.insertInto('billing_files').values({
        kind: input.kind,
        file_name: input.fileName,
        content_hash: hash,
        started_at: nowIso(ctx),
        finished_at: null,
        imported_by: ctx.user?.id ?? null,
        status: 'applying',
        rows_total: dataLines,
      }),
    );
    await audit(ctx, { action: 'billing.start', channel: 'file', details: { fileId: lastId, kind: input.kind, fileName: input.fileName, hash, rows: dataLines } });
    return { id: lastId, marker: 0 };
  });
  const ops = new DbOps(ctx, file.id);
  /** This apply's bad lines with their text (the stored list has none). */
  const seen = new Map<number, string>();
  let size = hooks.targetBatchMs === undefined ? hooks.batchSize ?? DEFAULT_BILLING_BATCH : Math.min(MIN_BATCH * 2, hooks.batchSize ?? DEFAULT_BILLING_BATCH);
  const maxSize = hooks.batchSize ?? DEFAULT_BILLING_BATCH;
  let done = 0;
  let batches = 0;
  let stopped = false;
  let finishedElsewhere = false;
  let batch: Pending[] = [];

  const commit = async (): Promise<void> => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    const began = performance.now();
    const result = await db.transaction(async () => {
      const f = await db.first(kysely.selectFrom('billing_files').select(['status', 'applied_through', 'counts', 'rejections']).where('id', '=', file.id));
      if (f === undefined || f.status === 'done') return 'finished' as const;
      // Rows a concurrent apply of the same file committed already are not applied again.
      const todo = rows.filter((r) => r.lineNo > f.applied_through);
      const last = rows[rows.length - 1];
      if (todo.length === 0 || last === undefined) return 'nothing' as const;
      const tally = new Tally(Number.POSITIVE_INFINITY);
      for (const r of todo) {
        if ('rejection' in r.parsed) tally.rejectLine(r.parsed.rejection);
        else tally.add(await applyRow(ops, r.parsed.row, today, tally.conflict), r.lineNo, r.raw);
      }
      const counts = parseCounts(f.counts);
      for (const key of Object.keys(counts) as (keyof BillingCounts)[]) counts[key] += tally.counts[key];
      const kept = JSON.parse(f.rejections) as unknown[];
      for (const r of tally.rejections) {
        if (kept.length >= LIST_CAP) break;
        kept.push({ lineNo: r.lineNo, reason: r.reason, ...(r.field === undefined ? {} : { field: r.field }) });
        seen.set(r.lineNo, r.text);
      }
      await db.run(
        kysely
          .updateTable('billing_files')
          .set((eb) => ({
            applied_through: last.lineNo,
            rows_applied: eb('rows_applied', '+', tally.applied),
            rows_skipped: eb('rows_skipped', '+', tally.skipped),
            rows_rejected: eb('rows_rejected', '+', tally.rejected),
            counts: JSON.stringify(counts),
            rejections: JSON.stringify(kept),
          }))
          .where('id', '=', file.id),
      );
      // One audit row per batch (the members' own events are on their timelines, B1/B9).
      await audit(ctx, {
        action: 'billing.batch',
        channel: 'file',
        details: { fileId: file.id, kind: input.kind, fromLine: todo[0]?.lineNo ?? last.lineNo, throughLine: last.lineNo, applied: tally.applied, skipped: tally.skipped, rejected: tally.rejected, counts: nonZero(tally.counts) },
      });
      return 'applied' as const;
    });
    done += rows.length;
    batches += 1;
    if (result === 'finished') finishedElsewhere = true;
    if (hooks.targetBatchMs !== undefined) {
      const ms = Math.max(1, performance.now() - began);
      size = Math.max(MIN_BATCH, Math.min(maxSize, Math.round((size * hooks.targetBatchMs) / ms)));
    }
    hooks.onProgress?.(done, dataLines);
    hooks.afterBatch?.(batches);
  };

  let seenHeader = false;
  for await (const [lineNo, raw] of linesOf(input.source)) {
    if (stripBom(raw).trim() === '') continue;
    if (!seenHeader) {
      seenHeader = true;
      continue;
    }
    if (lineNo <= file.marker) {
      done += 1;
      continue;
    }
    batch.push({ lineNo, raw, parsed: parseBillingLine(header, raw, lineNo, today) });
    if (batch.length >= size) {
      if (hooks.shouldStop?.() === true) {
        stopped = true;
        break;
      }
      await commit();
      if (finishedElsewhere) break;
    }
  }
  if (!stopped && !finishedElsewhere) {
    if (batch.length > 0 && hooks.shouldStop?.() === true) stopped = true;
    else await commit();
  }
  await db.transaction(async () => {
    const f = await db.first(kysely.selectFrom('billing_files').select(['status', 'applied_through', 'rows_applied', 'rows_skipped', 'rows_rejected', 'counts']).where('id', '=', file.id));
    if (f === undefined || f.status === 'done') return;
    if (stopped) {
      await db.run(kysely.updateTable('billing_files').set({ status: 'cancelled' }).where('id', '=', file.id));
      await audit(ctx, { action: 'billing.stop', channel: 'file', details: { fileId: file.id, kind: input.kind, appliedThrough: f.applied_through } });
      return;
    }
    await db.run(kysely.updateTable('billing_files').set({ status: 'done', finished_at: nowIso(ctx), rows_total: f.rows_applied + f.rows_skipped + f.rows_rejected }).where('id', '=', file.id));
    await audit(ctx, {
      action: 'billing.apply',
      channel: 'file',
      details: { fileId: file.id, kind: input.kind, fileName: input.fileName, hash, applied: f.rows_applied, skipped: f.rows_skipped, rejected: f.rows_rejected, counts: nonZero(parseCounts(f.counts)) },
    });
  });
  const result = await billingFileById(ctx, file.id);
  const rows = await db.first(kysely.selectFrom('billing_files').select('rejections').where('id', '=', file.id));
  return { ...result, rejections: storedRejections(rows?.rejections ?? '[]').map((r) => ({ ...r, text: seen.get(r.lineNo) ?? '' })) };
}

function nonZero(counts: BillingCounts): Partial<BillingCounts> {
  return Object.fromEntries(Object.entries(counts).filter(([, v]) => v !== 0));
}

// ---------------------------------------------------------------------------------------------
// The job, the files, the conflicts

/**
 * D2: the screen's apply — checked at once (a file of another kind, one applied already), then
 * applied in a worker thread (its own connection; the desk's writes take turns with its batches).
 * Progress and cancel through jobs.status / jobs.cancel; one billing job at a time per desk.
 */
export async function startBillingJob(ctx: ServiceContext, input: { kind: BillingKind; fileName: string; content: string }): Promise<JobStatus> {
  const source = { content: input.content };
  await headerOf(input.kind, input.fileName, source);
  const { hash, dataLines } = await scan(source);
  if (dataLines === 0) throw new DeskError('bad_file', `${input.fileName} has a header line and no rows.`, { fileName: input.fileName });
  const existing = await fileByHash(ctx.store, input.kind, hash);
  if (existing?.status === 'done') refuseDone(existing);
  return startJob(ctx, { kind: 'billing-import', billingKind: input.kind, fileName: input.fileName, content: input.content });
}

const fileColumns = ['f.id', 'f.kind', 'f.file_name', 'f.status', 'f.started_at', 'f.finished_at', 'f.rows_total', 'f.applied_through', 'f.rows_applied', 'f.rows_skipped', 'f.rows_rejected', 'f.counts', 'u.display_name'] as const;

function fileOf(f: {
  id: number;
  kind: BillingKind;
  file_name: string;
  status: 'applying' | 'done' | 'cancelled';
  started_at: string;
  finished_at: string | null;
  rows_total: number;
  applied_through: number;
  rows_applied: number;
  rows_skipped: number;
  rows_rejected: number;
  counts: string;
  display_name: string | null;
}): BillingFile {
  return {
    fileId: f.id,
    kind: f.kind,
    fileName: f.file_name,
    status: f.status,
    startedAt: f.started_at,
    finishedAt: f.finished_at,
    importedBy: f.display_name,
    total: f.rows_total,
    appliedThrough: f.applied_through,
    applied: f.rows_applied,
    skipped: f.rows_skipped,
    rejected: f.rows_rejected,
    counts: parseCounts(f.counts),
  };
}

async function billingFileById(ctx: ServiceContext, fileId: number): Promise<BillingFile> {
  const { kysely } = ctx.store;
  const f = await ctx.store.first(kysely.selectFrom('billing_files as f').leftJoin('users as u', 'u.id', 'f.imported_by').select(fileColumns).where('f.id', '=', fileId));
  if (f === undefined) throw new DeskError('not_found', `No billing file ${fileId}.`);
  return fileOf(f);
}

/** The billing files, newest first (the 100 newest). */
export async function listBillingFiles(ctx: ServiceContext): Promise<BillingFile[]> {
  const { kysely } = ctx.store;
  return (await ctx.store.all(kysely.selectFrom('billing_files as f').leftJoin('users as u', 'u.id', 'f.imported_by').select(fileColumns).orderBy('f.id', 'desc').limit(100))).map(fileOf);
}

/** D3: the open conflicts, oldest first, and how many there are. */
export async function listBillingConflicts(ctx: ServiceContext, limit: number): Promise<{ conflicts: BillingConflict[]; total: number }> {
  const db = ctx.store;
  const { kysely } = db;
  const rows = await db.all(
    kysely
      .selectFrom('billing_conflicts as c')
      .innerJoin('members as m', 'm.id', 'c.member_id')
      .innerJoin('contact_changes as cc', 'cc.id', 'c.contact_change_id')
      .innerJoin('users as u', 'u.id', 'cc.user_id')
      .innerJoin('billing_files as f', 'f.id', 'c.file_id')
      .select(['c.id', 'c.member_id', 'm.member_no', 'm.first_name', 'm.last_name', 'c.field', 'c.billing_value', 'c.desk_value', 'u.display_name', 'cc.changed_at', 'f.file_name', 'c.line_no', 'c.found_at'])
      .where('c.resolved_at', 'is', null)
      .orderBy('c.id')
      .limit(limit),
  );
  const count = await db.first(kysely.selectFrom('billing_conflicts').select((eb) => eb.fn.countAll<number>().as('n')).where('resolved_at', 'is', null));
  return {
    total: Number(count?.n ?? 0),
    conflicts: rows.map((r) => ({
      id: r.id,
      memberId: r.member_id,
      memberNo: r.member_no,
      memberName: `${r.first_name} ${r.last_name}`,
      field: r.field,
      billingValue: r.billing_value,
      deskValue: r.desk_value,
      changedBy: r.display_name,
      changedAt: r.changed_at,
      fileName: r.file_name,
      lineNo: r.line_no,
      foundAt: r.found_at,
    })),
  };
}

/**
 * D3: a supervisor resolves a conflict — keeps the desk's value (nothing else changes), or takes
 * billing's: the member's field is written (the value was checked by the desk's contact rules when
 * the file was read) unless the member's value moved on since, or the member was erased. One
 * transaction with its audit row, which names the field and the resolution, never the values
 * (the audit chain keeps no contact details, docs/security.md).
 */
export async function resolveBillingConflict(ctx: ServiceContext, input: { conflictId: number; resolution: 'kept_desk' | 'took_billing' }): Promise<{ ok: true; memberId: number }> {
  const db = ctx.store;
  const { kysely } = db;
  return await db.transaction(async () => {
    const c = await db.first(kysely.selectFrom('billing_conflicts').select(['id', 'member_id', 'field', 'billing_value', 'desk_value', 'resolved_at']).where('id', '=', input.conflictId));
    if (c === undefined) throw new DeskError('not_found', `No billing conflict ${input.conflictId}.`);
    if (c.resolved_at !== null) throw new DeskError('invalid_transition', 'This conflict was resolved already.', { conflictId: c.id });
    if (input.resolution === 'took_billing') {
      const m = await db.first(kysely.selectFrom('members').select(['id', 'anonymised_at', ...contactFields]).where('id', '=', c.member_id));
      if (m === undefined) throw new DeskError('not_found', `No member with id ${c.member_id}.`);
      if (m.anonymised_at !== null) throw new DeskError('conflict', 'This member’s personal data has been erased; there is nothing to take.', { anonymised: true });
      if (m[c.field] !== c.desk_value) {
        throw new DeskError('conflict', 'The member’s value changed since the file was read; check the member page and resolve again.', { field: c.field });
      }
      // D3: the postal address may be corrected, never cleared (billing's file cannot clear it either).
      await db.run(kysely.updateTable('members').set({ [c.field]: c.billing_value }).where('id', '=', c.member_id));
    }
    await db.run(kysely.updateTable('billing_conflicts').set({ resolved_at: nowIso(ctx), resolved_by: ctx.user?.id ?? null, resolution: input.resolution }).where('id', '=', c.id));
    await audit(ctx, { action: 'billing.resolveConflict', channel: 'desk', memberId: c.member_id, details: { conflictId: c.id, field: c.field, resolution: input.resolution, changed: input.resolution === 'took_billing' ? [c.field] : [] } });
    return { ok: true as const, memberId: c.member_id };
  });
}
