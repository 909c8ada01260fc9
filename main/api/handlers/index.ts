import type { Handlers } from '../types.js';
import { authHandlers } from './auth.js';
import { membersHandlers } from './members.js';
import { pointsHandlers } from './points.js';
import { runsHandlers } from './runs.js';
import { earningsHandlers } from './earnings.js';
import { jobsHandlers } from './jobs.js';
import { redemptionHandlers } from './redemptions.js';
import { correctionHandlers } from './corrections.js';
import { launchHandlers } from './launches.js';
import { heldOrderHandlers } from './held-orders.js';
import { reportHandlers } from './reports.js';
import { managerReportHandlers } from './manager-reports.js';
import { termsHandlers } from './terms.js';
import { backupHandlers } from './backups.js';
import { auditHandlers } from './audit.js';
import { catalogHandlers } from './catalog.js';
import { earningTableHandlers } from './earning-table.js';
import { settingsHandlers } from './settings.js';
import { billingHandlers } from './billing.js';

/**
 * Merges the area handler tables and refuses a channel handled twice (a spread would let the
 * later table win silently). Each area's table is typed from its channel table (`HandlersFor`),
 * so a missing or extra handler in an area fails to compile.
 */
export function mergeHandlers<T extends object[]>(...areas: T): UnionToIntersection<T[number]> {
  const merged: Record<string, unknown> = {};
  for (const area of areas) {
    for (const [name, handler] of Object.entries(area)) {
      if (Object.hasOwn(merged, name)) throw new Error(`channel ${name} has two handlers`);
      merged[name] = handler;
    }
  }
  return merged as UnionToIntersection<T[number]>;
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Every channel of the contract has exactly one handler; the type checks completeness. */
export const handlers = mergeHandlers(
  authHandlers,
  membersHandlers,
  pointsHandlers,
  runsHandlers,
  earningsHandlers,
  jobsHandlers,
  redemptionHandlers,
  correctionHandlers,
  launchHandlers,
  heldOrderHandlers,
  reportHandlers,
  managerReportHandlers,
  termsHandlers,
  backupHandlers,
  auditHandlers,
  catalogHandlers,
  earningTableHandlers,
  settingsHandlers,
  billingHandlers,
) satisfies Handlers;
