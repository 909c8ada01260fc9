import { sql } from 'kysely';
import { appendAccess, appendAudit } from '../db/audit-chain.js';
import { preparedPerStore, type ParamMaker, type Store } from '../db/store.js';
import type { ServiceContext } from './context.js';
import { nowIso } from './context.js';

export interface AuditInput {
  action: string;
  channel: string;
  memberId?: number | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

/** Writes the audit row of a write, at the end of the hash chain; call inside the write's transaction. Returns the row's id. */
export async function audit(ctx: ServiceContext, input: AuditInput): Promise<number> {
  return await appendAudit(ctx.store, {
    at: nowIso(ctx),
    user_id: ctx.user?.id ?? null,
    action: input.action,
    channel: input.channel,
    member_id: input.memberId ?? null,
    reason: input.reason ?? null,
    details: input.details === undefined ? null : JSON.stringify(input.details),
  });
}

/** Why the router refused a call (recorded as a security event; the refused input is not stored). */
export type SecurityEventKind = 'forbidden' | 'unauthenticated' | 'session_expired';

/**
 * A refused call, as an audit row `security.<kind>`: who (the user, when known), which channel,
 * and why — never the input, which may be an attacker's payload or a member's personal data.
 */
export async function securityEvent(
  ctx: ServiceContext,
  input: { kind: SecurityEventKind; channel: string; userId: number | null; details?: Record<string, unknown> },
): Promise<void> {
  await appendAudit(ctx.store, {
    at: nowIso(ctx),
    user_id: input.userId,
    action: `security.${input.kind}`,
    channel: 'desk',
    member_id: null,
    reason: null,
    details: JSON.stringify({ channel: input.channel, ...input.details }),
  });
}

/** How long a repeat view of the same member by the same user folds into the row before it (B14). */
export const ACCESS_FOLD_MINUTES = 10;

/**
 * B14: one member's personal data went to a user. The folding rule: a repeat of the same action
 * on the same member by the same user up to ACCESS_FOLD_MINUTES (10) after the row that stands
 * adds no row — the first view stands for the run of views (a member page reloaded while the
 * caller is on the line is one access). The window does not slide: the first repeat more than
 * 10 minutes after the standing row writes a new row, which then stands for the next 10 minutes.
 * Another user, another member or another action (view, ledger, timeline, explain, redemptions)
 * is its own row. A call with details (an access copy and its file) is never folded.
 */
export async function recordAccess(ctx: ServiceContext, userId: number, memberId: number, action: string, details?: Record<string, unknown>): Promise<void> {
  const store = ctx.store;
  const at = nowIso(ctx);
  await store.transaction(async () => {
    if (details === undefined) {
      const since = new Date(ctx.clock.now().getTime() - ACCESS_FOLD_MINUTES * 60_000).toISOString();
      // The member's newest rows through the member index only, matched here: a condition on the
      // user in SQL lets the planner walk the user's index instead, which grows with every search
      // the user makes (measured: the member page at 7.5 ms instead of 0.4 ms at 1M members).
      const recent = await foldRead(store).all({ memberId });
      if (recent.some((r) => r.user_id === userId && r.action === action && r.at >= since)) return;
    }
    await appendAccess(store, { at, user_id: userId, member_id: memberId, action, details: details === undefined ? null : JSON.stringify(details) });
  });
}

/** How many of a member's newest access rows the fold looks at (more views than this in 10 minutes each get their row). */
const FOLD_LOOKBACK = 20;

/** The fold's read (every page view asks it). */
const foldRead = preparedPerStore((store, p: ParamMaker<{ memberId: number }>) =>
  store.kysely.selectFrom('member_access_log').select(['at', 'user_id', 'action']).where('member_id', '=', p('memberId')).orderBy('id', 'desc').limit(sql.lit(FOLD_LOOKBACK)),
);

/** B14: a search, with its query and the member ids it returned (no member of its own). */
export async function recordSearch(ctx: ServiceContext, userId: number, query: string, memberIds: readonly number[]): Promise<void> {
  // (ctx's clock is the read's own time when the row was queued behind a job's batch.)
  await appendAccess(ctx.store, { at: nowIso(ctx), user_id: userId, member_id: null, action: 'search', details: JSON.stringify({ query, memberIds }) });
}

/**
 * B14 from a service that may be called for a member who does not exist (it then returned
 * nothing, and nothing is logged) or without a user (the admin command line acts as the system,
 * and an access row needs a user: nothing is logged). Call after the data was read.
 */
export async function logMemberAccess(ctx: ServiceContext, memberId: number, action: string): Promise<void> {
  const user = ctx.user;
  if (user === null) return;
  await afterRead(ctx, async (frozen) => {
    const store = frozen.store;
    await store.transaction(async () => {
      const member = await store.first(store.kysely.selectFrom('members').select('id').where('id', '=', memberId));
      if (member !== undefined) await recordAccess(frozen, user.id, memberId, action);
    });
  });
}

/** B14 for a search by a signed-in user (the command line, acting as the system, logs none). */
export async function logSearch(ctx: ServiceContext, query: string, memberIds: readonly number[]): Promise<void> {
  const user = ctx.user;
  if (user !== null) await afterRead(ctx, (frozen) => recordSearch(frozen, user.id, query, memberIds));
}

/**
 * Issue 11: the B14 row of a read (a search, a member page) is written at once when the write lock
 * is free — as before, in the call — but when a job's batch holds it (the monthly run), the row
 * joins a queue instead, with the time of the read, and the read answers without waiting for the
 * lock: a search during the run no longer waits for a batch to commit. The queue is written in
 * one transaction, in order, as soon as the lock is free (usually the next turn of the gate, a
 * few ms), and before the desk stops (`flushAccessLog`, called by `Desk.shutdown`). A hard crash
 * can lose the rows of reads answered in those few ms; writes (bookings, notes) never wait in
 * this queue: they carry their audit row in their own transaction.
 */
async function afterRead(ctx: ServiceContext, write: (frozen: ServiceContext) => Promise<void>): Promise<void> {
  const at = ctx.clock.now();
  const frozen: ServiceContext = { ...ctx, clock: { now: () => new Date(at.getTime()) } };
  const queue = pending.get(ctx.store);
  if (queue === undefined && ctx.store.writeWouldWait?.() !== true) {
    await write(frozen);
    return;
  }
  if (queue === undefined) {
    const fresh = [() => write(frozen)];
    pending.set(ctx.store, fresh);
    void drain(ctx.store, fresh);
  } else queue.push(() => write(frozen));
}

const pending = new WeakMap<Store, (() => Promise<void>)[]>();

async function drain(store: Store, queue: (() => Promise<void>)[]): Promise<void> {
  try {
    while (queue.length > 0 && store.isOpen) {
      const batch = queue.splice(0);
      await store.transaction(async () => {
        for (const write of batch) {
          try {
            await store.transaction(write);
          } catch (error) {
            // One row that cannot be written (its member erased meanwhile) does not take the others with it.
            console.error('bonus-desk: an access-log row could not be written:', error instanceof Error ? error.message : error);
          }
        }
      });
    }
  } finally {
    pending.delete(store);
  }
}

/** Writes the queued B14 rows of reads now (a desk stopping; tests). */
export async function flushAccessLog(store: Store): Promise<void> {
  const queue = pending.get(store);
  if (queue === undefined || queue.length === 0) return;
  const rest = queue.splice(0);
  await store.transaction(async () => {
    for (const write of rest) await store.transaction(write);
  });
}

/**
 * B14: an export that carries many members' data (the member report): one access row with no
 * member of its own, its action (e.g. `export_members`) and what it held (filter, rows, file).
 * Never folded. Without a user (a test or the command line acting as the system) nothing is logged.
 */
export async function recordBulkAccess(ctx: ServiceContext, action: string, details: Record<string, unknown>): Promise<void> {
  if (ctx.user === null) return;
  await appendAccess(ctx.store, { at: nowIso(ctx), user_id: ctx.user.id, member_id: null, action, details: JSON.stringify(details) });
}
