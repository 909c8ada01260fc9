import { DeskError } from '../../shared/errors.js';
import type { ServiceEmail } from '../../shared/channels/runs.js';
import { audit } from './audit.js';
import { actor, nowIso, type ServiceContext } from './context.js';

/** B12: the service emails the monthly runs listed, soonest due first. */
export async function listServiceEmails(ctx: ServiceContext, onlyUnsent: boolean): Promise<ServiceEmail[]> {
  const db = ctx.store;
  const { kysely } = db;
  let query = kysely
    .selectFrom('service_emails as e')
    .innerJoin('members as m', 'm.id', 'e.member_id')
    .select(['e.id', 'e.member_id', 'm.member_no', 'm.first_name', 'm.last_name', 'm.email', 'e.due_on', 'e.ends_on', 'e.subject', 'e.body', 'e.sent_at'])
    .orderBy('e.due_on')
    .orderBy('e.id')
    .limit(500);
  if (onlyUnsent) query = query.where('e.sent_at', 'is', null);
  return (await db.all(query)).map((e) => ({
    id: e.id,
    memberId: e.member_id,
    memberNo: e.member_no,
    name: `${e.first_name} ${e.last_name}`,
    email: e.email,
    dueOn: e.due_on,
    endsOn: e.ends_on,
    subject: e.subject,
    body: e.body,
    sentAt: e.sent_at,
  }));
}

/** B12: records when the email went out, once. */
export async function markServiceEmailSent(ctx: ServiceContext, emailId: number): Promise<void> {
  const db = ctx.store;
  const { kysely } = db;
  await db.transaction(async () => {
    const row = await db.first(kysely.selectFrom('service_emails').select(['id', 'member_id', 'sent_at']).where('id', '=', emailId));
    if (row === undefined) throw new DeskError('not_found', 'No such service email.');
    if (row.sent_at !== null) throw new DeskError('conflict', `Already recorded as sent ${row.sent_at}.`);
    await db.run(kysely.updateTable('service_emails').set({ sent_at: nowIso(ctx), sent_by: actor(ctx).id }).where('id', '=', row.id));
    await audit(ctx, { action: 'runs.markEmailSent', channel: 'email', memberId: row.member_id, details: { emailId: row.id } });
  });
}
