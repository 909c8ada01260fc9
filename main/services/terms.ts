import { DeskError } from '../../shared/errors.js';
import type { TermsInForce, TermsVersion } from '../../shared/channels/terms.js';
import { earliestEffectiveDate } from '../domain/terms.js';
import { isIsoDate, osloDate } from '../domain/time.js';
import { preparedPerStore } from '../db/store.js';
import { audit } from './audit.js';
import { actor, nowIso, type ServiceContext } from './context.js';

/** B13: dated versions of the terms; a change needs a month's notice unless legally required. */
export async function listTerms(ctx: ServiceContext): Promise<TermsVersion[]> {
  const db = ctx.store;
  const { kysely } = db;
  const today = osloDate(ctx.clock.now());
  const rows = await db.all(
    kysely
      .selectFrom('terms_versions as t')
      .leftJoin('users as u', 'u.id', 't.created_by')
      .select(['t.id', 't.title', 't.body', 't.published_on', 't.effective_on', 't.legally_required', 't.legal_reason', 't.created_at', 'u.display_name'])
      .orderBy('t.effective_on', 'desc')
      .orderBy('t.id', 'desc'),
  );
  const current = rows.find((r) => r.effective_on <= today)?.id ?? null;
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    body: r.body,
    publishedOn: r.published_on,
    effectiveOn: r.effective_on,
    legallyRequired: r.legally_required === 1,
    legalReason: r.legal_reason,
    createdAt: r.created_at,
    createdBy: r.display_name,
    current: r.id === current,
  }));
}

/** B13: the desk's Oslo day and the earliest day a version published today may take effect (the page's hint). */
export function noticeToday(ctx: ServiceContext): { today: string; earliestToday: string } {
  const today = osloDate(ctx.clock.now());
  return { today, earliestToday: earliestEffectiveDate(today, false) };
}

/** The version in force on a day: the latest effective by then (of two on one day, the later added). */
const inForceRead = preparedPerStore<{ today: string }, { id: number; title: string; published_on: string; effective_on: string; legally_required: number }>((store, p) =>
  store.kysely
    .selectFrom('terms_versions')
    .select(['id', 'title', 'published_on', 'effective_on', 'legally_required'])
    .where('effective_on', '<=', p('today'))
    .orderBy('effective_on', 'desc')
    .orderBy('id', 'desc')
    .limit(1),
);

/** B13: the version in force today, without its text (the member page names it; one small indexed read). */
export async function termsInForce(ctx: ServiceContext): Promise<TermsInForce | null> {
  const row = await inForceRead(ctx.store).first({ today: osloDate(ctx.clock.now()) });
  return row === undefined
    ? null
    : { id: row.id, title: row.title, publishedOn: row.published_on, effectiveOn: row.effective_on, legallyRequired: row.legally_required === 1 };
}

export interface NewTermsVersion {
  title: string;
  body: string;
  /** Today when left out. */
  publishedOn?: string | undefined;
  effectiveOn: string;
  legallyRequired: boolean;
  legalReason?: string | undefined;
}

/**
 * B13: adds a version of the terms (an admin, issue 13). It is published today or on a later day,
 * never before today (the members would have had less notice than the dates say), and takes effect
 * one calendar month after its publication at the earliest — refused as `terms_notice` with that
 * earliest day in the details — unless it is required by law or an authority, which needs a
 * reason (kept in `legal_reason`). Every refusal comes before anything is written.
 */
export async function publishTerms(ctx: ServiceContext, input: NewTermsVersion): Promise<TermsVersion> {
  const db = ctx.store;
  const { kysely } = db;
  const user = actor(ctx);
  const today = osloDate(ctx.clock.now());
  const publishedOn = input.publishedOn ?? today;
  if (!isIsoDate(publishedOn)) throw new DeskError('invalid_input', 'The publication date is not a calendar date.', { field: 'publishedOn' });
  if (!isIsoDate(input.effectiveOn)) throw new DeskError('invalid_input', 'The effective date is not a calendar date.', { field: 'effectiveOn' });
  if (publishedOn < today) {
    throw new DeskError('invalid_input', `Terms cannot be published before today (${today}).`, { field: 'publishedOn', earliest: today });
  }
  const legalReason = input.legalReason?.trim() ?? '';
  // B13: "at once if the law or an authority demands it" — and the desk keeps why.
  if (input.legallyRequired && legalReason.length < 3) {
    throw new DeskError('invalid_input', 'A version required by law must say why (the law or the authority and its demand).', { field: 'legalReason' });
  }
  if (!input.legallyRequired && legalReason !== '') {
    throw new DeskError('invalid_input', 'Only a version required by law carries a legal reason.', { field: 'legalReason' });
  }
  // B13: one calendar month's notice, held inside the month (31 January → the end of February).
  const earliest = earliestEffectiveDate(publishedOn, input.legallyRequired);
  if (input.effectiveOn < earliest) {
    throw new DeskError(
      'terms_notice',
      input.legallyRequired
        ? `Terms required by law take effect on their publication day (${publishedOn}) at the earliest.`
        : `Terms published ${publishedOn} can take effect from ${earliest} at the earliest (one month's notice), unless legally required.`,
      { field: 'effectiveOn', earliest, publishedOn },
    );
  }
  return await db.transaction(async () => {
    const { lastId } = await db.run(
      kysely.insertInto('terms_versions').values({
        title: input.title,
        body: input.body,
        published_on: publishedOn,
        effective_on: input.effectiveOn,
        legally_required: input.legallyRequired ? 1 : 0,
        legal_reason: input.legallyRequired ? legalReason : null,
        created_at: nowIso(ctx),
        created_by: user.id,
      }),
    );
    await audit(ctx, {
      action: 'terms.publish',
      channel: 'desk',
      reason: input.legallyRequired ? legalReason : null,
      details: { id: lastId, title: input.title, publishedOn, effectiveOn: input.effectiveOn, legallyRequired: input.legallyRequired },
    });
    const version = (await listTerms(ctx)).find((v) => v.id === lastId);
    if (version === undefined) throw new DeskError('internal', 'terms version vanished');
    return version;
  });
}
