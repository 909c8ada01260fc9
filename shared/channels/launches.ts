import { z } from 'zod';
import { channel, Empty, Id, IsoDate, IsoInstant } from '../contract-kit.js';
import { readers, supervisors } from '../roles.js';

/**
 * SPEC L1–L5: the launch calendar, the launch-day state of each sales channel, the agent script.
 * Outputs are strict objects: with output checking on (tests), a field the contract does not name fails.
 */

export const launchScopes = ['launch_products', 'all_orders'] as const;
/** What the customer-service lock covers before 10:00: orders with a launch product, or every order. */
export const LaunchScope = z.enum(launchScopes);
export type LaunchScope = z.infer<typeof LaunchScope>;

export const LaunchStatus = z.enum(['planned', 'cancelled']);
export type LaunchStatus = z.infer<typeof LaunchStatus>;

/** L5: live stock and state, so the desk says "sold out" before anyone promises anything. */
export const LaunchProduct = z.strictObject({
  id: Id,
  sku: z.string(),
  name: z.string(),
  pointsPrice: z.number().int(),
  stock: z.number().int(),
  state: z.enum(['available', 'sold_out', 'discontinued']),
  /** L3/L5: units in held email orders waiting to be booked from 10:00: stock − queued is what can safely be promised. */
  queued: z.number().int().min(0),
});
export type LaunchProduct = z.infer<typeof LaunchProduct>;

export const Launch = z.strictObject({
  id: Id,
  launchOn: IsoDate,
  name: z.string(),
  scope: LaunchScope,
  status: LaunchStatus,
  cancelReason: z.string().nullable(),
  createdAt: IsoInstant,
  createdBy: z.string().nullable(),
  products: z.array(LaunchProduct),
  /** Planned and not in the past (Oslo): a supervisor may still change or cancel it. */
  editable: z.boolean(),
});
export type Launch = z.infer<typeof Launch>;

export const LaunchPhase = z.enum(['before', 'early', 'waiting_room', 'web_only', 'stores_pending', 'open', 'after']);
export type LaunchPhase = z.infer<typeof LaunchPhase>;

/** The launch day's fixed changes as instants (Oslo 00:00, 07:00, 08:00, 10:00, 12:00, next 00:00). */
export const LaunchTimeline = z.strictObject({
  dayStartsAt: IsoInstant,
  waitingRoomAt: IsoInstant,
  webOpensAt: IsoInstant,
  customerServiceOpensAt: IsoInstant,
  storesOrdersAt: IsoInstant,
  dayEndsAt: IsoInstant,
});
export type LaunchTimeline = z.infer<typeof LaunchTimeline>;

/** What each sales channel does at `at` for this launch, and when it changes next (for countdowns). */
export const LaunchDayStatus = z.strictObject({
  at: IsoInstant,
  phase: LaunchPhase,
  /** L2: 08:00–10:00 launch products are sold only in the web shop. */
  webOnly: z.boolean(),
  /** L1 */
  webShop: z.strictObject({ state: z.enum(['open', 'waiting_room', 'queue']), nextChangeAt: IsoInstant.nullable() }),
  /** L3 */
  customerService: z.strictObject({ state: z.enum(['locked', 'open']), nextChangeAt: IsoInstant.nullable() }),
  /** L4 */
  stores: z.strictObject({ state: z.enum(['no_orders', 'orders']), nextChangeAt: IsoInstant.nullable(), inStockSales: z.boolean() }),
  nextChangeAt: IsoInstant.nullable(),
  timeline: LaunchTimeline,
});
export type LaunchDayStatus = z.infer<typeof LaunchDayStatus>;

export const LaunchWithStatus = Launch.extend({ day: LaunchDayStatus });
export type LaunchWithStatus = z.infer<typeof LaunchWithStatus>;

export const LaunchScript = z.strictObject({
  script: z.string(),
  /** True while no supervisor has changed the text. */
  isDefault: z.boolean(),
  updatedAt: IsoInstant.nullable(),
  updatedBy: z.string().nullable(),
});
export type LaunchScript = z.infer<typeof LaunchScript>;

export const LaunchesToday = z.strictObject({
  now: IsoInstant,
  /** The clock's Oslo date. */
  today: IsoDate,
  /** Planned launches on today's Oslo date. */
  launches: z.array(LaunchWithStatus),
  /** The next planned launches after today, soonest first. */
  upcoming: z.array(LaunchWithStatus),
  /** The agent script (the 'launch_script' setting or its default). */
  script: z.string(),
});
export type LaunchesToday = z.infer<typeof LaunchesToday>;

const LaunchName = z.string().trim().min(1).max(120);
const ProductIds = z.array(Id).max(500);
const Reason = z.string().trim().min(1).max(500);

export const launchChannels = {
  'launches.list': channel({
    summary: 'The launch calendar from a day on (default: 30 days ago), with products, status and scope, by day.',
    input: z
      .object({
        from: IsoDate.optional(),
        includeCancelled: z.boolean().default(true),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.strictObject({ today: IsoDate, launches: z.array(Launch) }),
    roles: readers,
    writes: false,
  }),
  'launches.today': channel({
    summary: "L1–L4: today's launches and the next ones, each with the state of web shop, customer service and stores now, the next changes, and the agent script.",
    input: Empty,
    output: LaunchesToday,
    roles: readers,
    writes: false,
  }),
  'launches.create': channel({
    summary: 'Put a launch in the calendar: its day (Oslo), name, products and what the 10:00 lock covers.',
    input: z
      .object({
        launchOn: IsoDate,
        name: LaunchName,
        productIds: ProductIds,
        scope: LaunchScope.default('launch_products'),
      })
      .strict(),
    output: Launch,
    roles: supervisors,
    writes: true,
  }),
  'launches.update': channel({
    summary: 'Change a planned launch that has not passed; only the fields given change.',
    input: z
      .object({
        launchId: Id,
        launchOn: IsoDate.optional(),
        name: LaunchName.optional(),
        productIds: ProductIds.optional(),
        scope: LaunchScope.optional(),
        reason: Reason.optional(),
      })
      .strict(),
    output: Launch,
    roles: supervisors,
    writes: true,
  }),
  'launches.cancel': channel({
    summary: 'Cancel a planned launch with a reason; it stays in the calendar as cancelled and locks nothing.',
    input: z.object({ launchId: Id, reason: Reason }).strict(),
    output: Launch,
    roles: supervisors,
    writes: true,
  }),
  'launches.script': channel({
    summary: 'The script agents read to callers on launch day (Norwegian).',
    input: Empty,
    output: LaunchScript,
    roles: readers,
    writes: false,
  }),
  'launches.setScript': channel({
    summary: 'Change the launch-day script; null restores the default text.',
    input: z.object({ script: z.string().trim().min(1).max(5_000).nullable() }).strict(),
    output: LaunchScript,
    roles: supervisors,
    writes: true,
  }),
};
