import { DeskError } from '../../shared/errors.js';
import type { TermsVersion } from '../../shared/channels/terms.js';
import { earliestEffectiveDate } from '../domain/terms.js';
import { isIsoDate, osloDate } from '../domain/time.js';
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
      .select(['t.id', 't.title', 't.body', 't.published_on', 't.effective_on', 't.legally_required', 't.created_at', 'u.display_name'])
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
    createdAt: r.created_at,
    createdBy: r.display_name,
    current: r.id === current,
  }));
}

export async function publishTerms(ctx: ServiceContext, input: { title: string; body: string; effectiveOn: string; legallyRequired: boolean }): Promise<TermsVersion> {
  const db = ctx.store;
  const { kysely } = db;
  const user = actor(ctx);
  if (!isIsoDate(input.effectiveOn)) throw new DeskError('invalid_input', 'The effective date is not a calendar date.', { field: 'effectiveOn' });
  const publishedOn = osloDate(ctx.clock.now());
  const earliest = earliestEffectiveDate(publishedOn, input.legallyRequired);
  if (input.effectiveOn < earliest) {
    throw new DeskError('terms_notice', `Terms published today can take effect from ${earliest} at the earliest (one month's notice), unless legally required.`, {
      earliest,
      publishedOn,
    });
  }
  return await db.transaction(async () => {
    const { lastId } = await db.run(
      kysely.insertInto('terms_versions').values({
        title: input.title,
        body: input.body,
        published_on: publishedOn,
        effective_on: input.effectiveOn,
        legally_required: input.legallyRequired ? 1 : 0,
        created_at: nowIso(ctx),
        created_by: user.id,
      }),
    );
    await audit(ctx, { action: 'terms.publish', channel: 'desk', details: { id: lastId, effectiveOn: input.effectiveOn, legallyRequired: input.legallyRequired } });
    const version = (await listTerms(ctx)).find((v) => v.id === lastId);
    if (version === undefined) throw new DeskError('internal', 'terms version vanished');
    return version;
  });
}
