import { randomUUID } from 'node:crypto';
import { DeskError } from '../../shared/errors.js';
import { ownerIsGone, thisProcess } from '../db/process-owner.js';
import { audit } from './audit.js';
import type { ServiceContext } from './context.js';

/**
 * B6: one monthly run at a time, across processes (two desks, or the CLI beside a desk, on one
 * file). The lock is a row in the store, `run_claims` keyed by the kind of work, claimed in a
 * write transaction: SQLite serialises those, so of two processes starting at once exactly one
 * inserts the row and the other finds it and is told the run is in progress.
 *
 * A run cut off (SIGKILL) leaves its claim behind. The next start takes it over when the owner is
 * known to be gone (its pid no longer lives on this host) or its heartbeat is older than
 * STALE_AFTER_MS. The heartbeat is wall-clock time (not the desk's clock, which tests and the
 * CLI's --now may fix), written in every batch's transaction; that write also fences: a process
 * whose claim was taken over finds its token gone and stops before booking anything.
 */

export const MONTHLY_RUN = 'monthly-run';
/** A claim whose owner has not written a batch for this long is treated as abandoned. */
export const STALE_AFTER_MS = 5 * 60_000;

export interface RunClaim {
  readonly key: string;
  readonly token: string;
  readonly month: string;
}

const wallClock = (): string => new Date().toISOString();

/**
 * Claims the monthly run for `month`, or refuses with run_in_progress while another live owner
 * holds it. Passing the token of an existing claim adopts it (the desk claims before it starts
 * the worker thread, and the worker carries on under the same token).
 */
export async function claimMonthlyRun(ctx: ServiceContext, month: string, token: string = randomUUID()): Promise<RunClaim> {
  const db = ctx.store;
  const { kysely } = db;
  const me = thisProcess();
  return await db.transaction(async () => {
    const held = await db.first(kysely.selectFrom('run_claims').selectAll().where('key', '=', MONTHLY_RUN));
    const now = wallClock();
    const row = { key: MONTHLY_RUN, month, token, pid: me.pid, host: me.host, claimed_at: now, heartbeat_at: now };
    if (held === undefined) {
      await db.run(kysely.insertInto('run_claims').values(row));
      return { key: MONTHLY_RUN, token, month };
    }
    if (held.token === token) {
      await db.run(kysely.updateTable('run_claims').set({ pid: me.pid, host: me.host, heartbeat_at: now }).where('key', '=', MONTHLY_RUN).where('token', '=', token));
      return { key: MONTHLY_RUN, token, month: held.month };
    }
    const silentMs = Date.parse(now) - Date.parse(held.heartbeat_at);
    const gone = ownerIsGone({ pid: held.pid, host: held.host });
    if (!gone && !(silentMs > STALE_AFTER_MS)) {
      // B6: the other start is told the run is going on, and where.
      throw new DeskError('run_in_progress', `The run for ${held.month} is running now (process ${held.pid} on ${held.host}); wait for it to finish.`, {
        month: held.month,
        runningNow: true,
        host: held.host,
        pid: held.pid,
        since: held.claimed_at,
      });
    }
    await db.run(kysely.updateTable('run_claims').set(row).where('key', '=', MONTHLY_RUN).where('token', '=', held.token));
    await audit(ctx, {
      action: 'runs.takeOver',
      channel: 'system',
      details: { month, from: { month: held.month, pid: held.pid, host: held.host, heartbeatAt: held.heartbeat_at }, reason: gone ? 'owner gone' : 'heartbeat stale' },
    });
    return { key: MONTHLY_RUN, token, month };
  });
}

/**
 * Call inside each write transaction of the run: renews the heartbeat and proves the claim is
 * still ours. If another process took it over, the transaction is refused and books nothing.
 */
export async function holdClaim(ctx: ServiceContext, claim: RunClaim): Promise<void> {
  const db = ctx.store;
  const { kysely } = db;
  const { changes } = await db.run(kysely.updateTable('run_claims').set({ heartbeat_at: wallClock() }).where('key', '=', claim.key).where('token', '=', claim.token));
  if (changes === 0) {
    const now = await db.first(kysely.selectFrom('run_claims').select(['host', 'pid']).where('key', '=', claim.key));
    throw new DeskError('run_in_progress', `The run for ${claim.month} was taken over by another process; this one stopped without booking more.`, {
      month: claim.month,
      ...(now === undefined ? {} : { runningNow: true, host: now.host, pid: now.pid }),
    });
  }
}

/** Gives the claim up (no-op when it is no longer ours). */
export async function releaseClaim(ctx: ServiceContext, claim: Pick<RunClaim, 'key' | 'token'>): Promise<void> {
  const db = ctx.store;
  const { kysely } = db;
  await db.transaction(async () => {
    await db.run(kysely.deleteFrom('run_claims').where('key', '=', claim.key).where('token', '=', claim.token));
  });
}
