import { z } from 'zod';
import type { ChannelName } from './contract.js';

/**
 * What one desk does that every other desk must not be late to know (issue 11, "Seen by all at
 * once"). An event names topics, never data: a desk that hears one re-fetches what it shows of
 * that topic, and a booking re-checks everything in its own transaction whatever a screen said.
 *
 * - `stock`: a product's stock or availability changed (L5: "sold out" on every desk at once).
 * - `held_orders`: a held email order was added, booked or withdrawn (L4).
 * - `launches`: a launch was planned, changed or cancelled, or its script changed (L1–L3).
 * - `jobs`: a long job started, moved on, or ended (the monthly run, an import).
 * - `members`: a member's points, state or notes changed (`memberId` says which, when one).
 * - `users`: a user was created or changed; every stream re-checks its session, and a desk whose
 *   user was deactivated or given another role hears `signed_out` and leaves at once.
 */
export const eventTopics = ['stock', 'held_orders', 'launches', 'jobs', 'members', 'users'] as const;
export const EventTopic = z.enum(eventTopics);
export type EventTopic = z.infer<typeof EventTopic>;

export const DeskEvent = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('changed'),
    topics: z.array(EventTopic).min(1),
    memberId: z.number().int().positive().optional(),
    /** For `stock`: the products whose stock moved (absent: any product may have). */
    productIds: z.array(z.number().int().positive()).optional(),
  }),
  /** This stream's session ended (deactivated, role changed, signed out elsewhere, expired). */
  z.object({ kind: z.literal('signed_out'), reason: z.string() }),
]);
export type DeskEvent = z.infer<typeof DeskEvent>;

/**
 * What a client bridge tells the page besides the server's events: the server could not be
 * reached (a banner with a retry), or it answers again (the page re-fetches what it shows).
 */
export type ConnectionEvent = { kind: 'connection'; state: 'lost' | 'restored' };
export type BridgeEvent = DeskEvent | ConnectionEvent;

/**
 * The topics a successful call of each writing channel announces. Every writing channel is
 * either here or in `silentChannels` (a test holds the contract to that), so a new channel
 * decides what the other desks hear.
 */
export const channelTopics: Partial<Record<ChannelName, readonly EventTopic[]>> = {
  'users.create': ['users'],
  'users.update': ['users'],
  'users.setPassword': ['users'],
  'runs.start': ['jobs', 'members'],
  'runs.startInBackground': ['jobs'],
  'jobs.cancel': ['jobs'],
  'earnings.import': ['members'],
  // D2 (issue 14): a billing file enrols, cancels and reactivates members and changes their details (its job reports on `jobs`).
  'billing.apply': ['jobs', 'members'],
  // D3: a conflict resolved by taking billing's value changes the member's contact details.
  'billing.resolveConflict': ['members'],
  'redemptions.create': ['stock', 'members'],
  'redemptions.ship': ['members'],
  'redemptions.cancel': ['stock', 'members'],
  'members.optOut': ['members'],
  'members.rejoin': ['members'],
  'members.keepMembership': ['members'],
  'members.endKeptMembership': ['members'],
  'members.addNote': ['members'],
  // D3: other desks showing the member re-read its contact details and timeline.
  'members.updateContact': ['members'],
  'members.erase': ['members'],
  // B12: the sent date shows on the member's timeline.
  'runs.markEmailSent': ['members'],
  'runs.exportServiceEmails': ['members'],
  'corrections.create': ['members'],
  'corrections.release': ['members'],
  'corrections.decide': ['members'],
  'corrections.giveBack': ['members'],
  'launches.create': ['launches', 'stock'],
  'launches.update': ['launches', 'stock'],
  'launches.cancel': ['launches', 'stock'],
  'launches.setScript': ['launches'],
  // B4/L5 (issue 13): a product added, repriced, restocked or marked: every product list and banner showing it reads again.
  'catalog.create': ['stock'],
  'catalog.update': ['stock'],
  'catalog.adjustStock': ['stock'],
  'catalog.setState': ['stock'],
  'heldOrders.register': ['held_orders'],
  'heldOrders.book': ['held_orders', 'stock', 'members'],
  'heldOrders.withdraw': ['held_orders'],
  'setup.demo': ['members', 'stock', 'launches', 'held_orders', 'users'],
  'setup.empty': ['users'],
};

/** Writing channels the other desks need not hear about: each says why. */
export const silentChannels: Partial<Record<ChannelName, string>> = {
  'auth.login': 'a sign-in changes nothing another desk shows',
  'auth.logout': 'ends only the caller’s own session',
  'security.liftThrottle': 'the admin’s Security page is the only screen that shows throttles',
  'security.setSessionPolicy': 'applies on every session check without telling anyone',
  'runs.setEmailTemplate': 'only the monthly run page shows the template, on the desk that saves it',
  'reports.exportMembers': 'writes a file and an access row; nothing on screen changes',
  'members.accessExport': 'writes a file and an access row; nothing on screen changes',
  'reports.exportContactChanges': 'writes a file, an access row and an audit row (D3); nothing on screen changes',
  // Issue 15: an export reads the ledger and writes only a file and its audit (and access) row; no figure another desk shows changes.
  'reports.export': 'writes a file, an audit row and, for members and corrections, an access row; nothing on screen changes',
  // Issue 15: the member export job's progress is heard as the `jobs` topic from the job itself (services/jobs.ts watchJobs), not from the call.
  'reports.exportJob': 'starts a job that writes a file, an audit row and an access row; its progress reaches the desks as the jobs topic from the job itself',
  'reports.cancelExport': 'stops the caller’s own export; the job’s end reaches the desks as the jobs topic from the job itself',
  'terms.publish': 'the terms are read when a page opens',
  'backups.restore': 'takes effect on the next start',
  'backups.take': 'only the admin’s Backups page lists backups, on the desk that took it',
  // B8: a redemption dialog reads the postage when it opens, and a booking with a stale postage figure is refused with both amounts.
  'settings.set': 'the settings are read when a screen or dialog opens; a booking re-checks the postage (B8)',
  'backups.cancelRestore': 'takes effect on the next start',
  'audit.export': 'writes a file, an access row and an audit row (issue 13); nothing on screen changes',
  // B2 (issue 13): the import reads the earning table inside its own transaction.
  'earningTable.create': 'only the earning table page shows it; an earnings file is judged against the table when it is read',
  'earningTable.update': 'only the earning table page shows it; an earnings file is judged against the table when it is read',
};

/**
 * Whether a server event concerns a screen that shows `topics` — for `members`, of `memberId`
 * only; for `stock`, of `productIds` only (an event naming no member or products concerns every
 * such screen). Another topic the screen shows in the same event still counts.
 */
export function changeConcerns(
  event: DeskEvent,
  topics: readonly EventTopic[],
  shown: { memberId?: number | undefined; productIds?: readonly number[] | undefined },
): boolean {
  if (event.kind !== 'changed') return false;
  const aboutOther = shown.memberId !== undefined && event.memberId !== undefined && event.memberId !== shown.memberId;
  const { productIds } = shown;
  const otherStock = productIds !== undefined && event.productIds !== undefined && !event.productIds.some((id) => productIds.includes(id));
  return event.topics.some((topic) => topics.includes(topic) && (topic === 'members' ? !aboutOther : topic === 'stock' ? !otherStock : true));
}

/**
 * The member a call concerns, so other desks showing that member re-fetch it and no other desk
 * does: the input's `memberId`, else the member of the redemption or held order it answered
 * with (redemptions.ship and .cancel name only the redemption; heldOrders.book only the order).
 */
export function memberOfCall(input: unknown, output?: unknown): number | undefined {
  return idOf(input, 'memberId') ?? idOf(field(output, 'redemption'), 'memberId') ?? idOf(field(output, 'heldOrder'), 'memberId');
}

/**
 * The products whose stock a call moved, so a launch banner re-reads only when one of today's
 * launch products sold (issue 11: every booking made all 100 desks of the load test ask
 * launches.today at once): the order lines of the input or of the redemption it answered with,
 * or the one product a catalog write names. Undefined when the call names none (a launch
 * change: every screen reads again).
 */
export function productsOfCall(input: unknown, output?: unknown): number[] | undefined {
  const ids = new Set<number>();
  for (const lines of [field(input, 'lines'), field(field(output, 'redemption'), 'lines')]) {
    if (!Array.isArray(lines)) continue;
    for (const line of lines as unknown[]) {
      const id = idOf(line, 'productId');
      if (id !== undefined) ids.add(id);
    }
  }
  // Catalog upkeep (issue 13) names its one product: in the input, or the product it answered with (a new one).
  for (const id of [idOf(input, 'productId'), idOf(field(output, 'product'), 'id')]) if (id !== undefined) ids.add(id);
  return ids.size === 0 ? undefined : [...ids].sort((a, b) => a - b);
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && name in value ? (value as Record<string, unknown>)[name] : undefined;
}

function idOf(value: unknown, name: string): number | undefined {
  const id = field(value, name);
  return typeof id === 'number' && Number.isInteger(id) && id > 0 ? id : undefined;
}
