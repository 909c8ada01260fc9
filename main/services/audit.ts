import type { ServiceContext } from './context.js';
import { nowIso } from './context.js';

export interface AuditInput {
  action: string;
  channel: string;
  memberId?: number | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

/** Writes the audit row of a write; call inside the write's transaction. */
export async function audit(ctx: ServiceContext, input: AuditInput): Promise<void> {
  await ctx.store.run(
    ctx.store.kysely.insertInto('audit_log').values({
      at: nowIso(ctx),
      user_id: ctx.user?.id ?? null,
      action: input.action,
      channel: input.channel,
      member_id: input.memberId ?? null,
      reason: input.reason ?? null,
      details: input.details === undefined ? null : JSON.stringify(input.details),
    }),
  );
}
