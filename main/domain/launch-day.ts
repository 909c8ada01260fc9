import {
  CUSTOMER_SERVICE_OPENS,
  QUEUE_NUMBER_MINUTES,
  STORES_ORDERS_FROM,
  WEB_OPENS,
  WEB_WAITING_ROOM_FROM,
} from '../../shared/rules.js';
import { addDays, osloDate, osloInstant, type IsoDate } from './time.js';

/**
 * Launch day (SPEC L1–L4): what each sales channel does at a given instant. Pure: the launch
 * day and the instant come in as arguments. Every time is Oslo wall-clock time, turned into an
 * instant for that very day by osloInstant, so 10:00 is 09:00 UTC in winter and 08:00 UTC in
 * summer, also on the days the clocks change.
 */

export type LaunchScope = 'launch_products' | 'all_orders';
export type LaunchStatus = 'planned' | 'cancelled';

/** L1: 'open' as usual, 'waiting_room' (closed) from 07:00, 'queue' (random queue numbers, batches) from 08:00. */
export type WebShopState = 'open' | 'waiting_room' | 'queue';
/** L3: customer service takes no launch orders before 10:00 on launch day. */
export type CustomerServiceState = 'locked' | 'open';
/** L4: stores take no orders before 12:00 on launch day (in-stock launch products sell from opening). */
export type StoreState = 'no_orders' | 'orders';

/**
 * The parts of an instant relative to one launch day:
 * before (an earlier day) · early (the day, before 07:00) · waiting_room (07–08) ·
 * web_only (08–10, L2) · stores_pending (10–12) · open (from 12) · after (a later day).
 */
export const launchPhases = ['before', 'early', 'waiting_room', 'web_only', 'stores_pending', 'open', 'after'] as const;
export type LaunchPhase = (typeof launchPhases)[number];

/** The day's fixed changes, as instants. */
export interface LaunchTimeline {
  /** Start of the launch day (00:00 Oslo): the customer-service lock and the store order stop begin. */
  readonly dayStartsAt: Date;
  /** L1: the web shop closes into a waiting room. */
  readonly waitingRoomAt: Date;
  /** L1/L2: the web shop opens with queue numbers; web only for launch products until 10:00. */
  readonly webOpensAt: Date;
  /** L3: customer service takes orders again. */
  readonly customerServiceOpensAt: Date;
  /** L4: stores take orders. */
  readonly storesOrdersAt: Date;
  /** Start of the next day (00:00 Oslo): the launch day is over. */
  readonly dayEndsAt: Date;
}

export interface ChannelStatus<S extends string> {
  readonly state: S;
  /** When this channel's state changes next, for a countdown; null when it does not change again. */
  readonly nextChangeAt: Date | null;
}

export interface LaunchDayStatus {
  readonly day: IsoDate;
  readonly at: Date;
  readonly phase: LaunchPhase;
  /** L2: between 08:00 and 10:00 launch products can only be ordered in the web shop. */
  readonly webOnly: boolean;
  readonly webShop: ChannelStatus<WebShopState>;
  readonly customerService: ChannelStatus<CustomerServiceState>;
  readonly stores: ChannelStatus<StoreState> & {
    /** L4: launch products in stock can be bought over the counter from opening, even before 12:00. */
    readonly inStockSales: boolean;
  };
  /** The next change of any channel (the earliest of the three). */
  readonly nextChangeAt: Date | null;
  readonly timeline: LaunchTimeline;
}

/** The day's timeline: 07:00, 08:00, 10:00 and 12:00 Oslo on `day`, as instants (DST-correct). */
export function launchTimeline(day: IsoDate): LaunchTimeline {
  return {
    dayStartsAt: osloInstant(day, '00:00'),
    waitingRoomAt: osloInstant(day, WEB_WAITING_ROOM_FROM),
    webOpensAt: osloInstant(day, WEB_OPENS),
    customerServiceOpensAt: osloInstant(day, CUSTOMER_SERVICE_OPENS),
    storesOrdersAt: osloInstant(day, STORES_ORDERS_FROM),
    dayEndsAt: osloInstant(addDays(day, 1), '00:00'),
  };
}

/** What the web shop, customer service and the stores do at `at`, for a launch on `day`. */
export function launchDayStatus(day: IsoDate, at: Date): LaunchDayStatus {
  const tl = launchTimeline(day);
  const t = at.getTime();
  const before = (instant: Date): boolean => t < instant.getTime();
  const phase: LaunchPhase = before(tl.dayStartsAt)
    ? 'before'
    : before(tl.waitingRoomAt)
      ? 'early'
      : before(tl.webOpensAt)
        ? 'waiting_room'
        : before(tl.customerServiceOpensAt)
          ? 'web_only'
          : before(tl.storesOrdersAt)
            ? 'stores_pending'
            : before(tl.dayEndsAt)
              ? 'open'
              : 'after';

  // L1: the web shop is open as usual until 07:00, a waiting room until 08:00, then a queue for
  // the rest of the launch day (the routine names no end; the next day it is open as usual).
  const webShop: ChannelStatus<WebShopState> =
    phase === 'before' || phase === 'early'
      ? { state: 'open', nextChangeAt: tl.waitingRoomAt }
      : phase === 'waiting_room'
        ? { state: 'waiting_room', nextChangeAt: tl.webOpensAt }
        : phase === 'after'
          ? { state: 'open', nextChangeAt: null }
          : { state: 'queue', nextChangeAt: tl.dayEndsAt };

  // L3: locked from the start of the launch day until 10:00.
  const customerService: ChannelStatus<CustomerServiceState> =
    phase === 'before'
      ? { state: 'open', nextChangeAt: tl.dayStartsAt }
      : before(tl.customerServiceOpensAt)
        ? { state: 'locked', nextChangeAt: tl.customerServiceOpensAt }
        : { state: 'open', nextChangeAt: null };

  // L4: no store orders on launch day before 12:00.
  const storeOrders: ChannelStatus<StoreState> =
    phase === 'before'
      ? { state: 'orders', nextChangeAt: tl.dayStartsAt }
      : before(tl.storesOrdersAt)
        ? { state: 'no_orders', nextChangeAt: tl.storesOrdersAt }
        : { state: 'orders', nextChangeAt: null };

  const changes = [webShop.nextChangeAt, customerService.nextChangeAt, storeOrders.nextChangeAt].filter((d): d is Date => d !== null);
  const nextChangeAt = changes.length === 0 ? null : new Date(Math.min(...changes.map((d) => d.getTime())));

  return {
    day,
    at,
    phase,
    webOnly: phase === 'web_only',
    webShop,
    customerService,
    stores: { ...storeOrders, inStockSales: true },
    nextChangeAt,
    timeline: tl,
  };
}

/** A launch as the lockout check needs it. */
export interface LaunchForLockout {
  readonly id: number;
  readonly name: string;
  readonly launchOn: IsoDate;
  readonly scope: LaunchScope;
  readonly status: LaunchStatus;
  readonly productIds: readonly number[];
}

export interface Lockout {
  readonly launchId: number;
  readonly launchName: string;
  /** When customer service may take the order (10:00 Oslo on the launch day), ISO-8601 UTC. */
  readonly opensAt: string;
  /** What the naming launch locks: 'all_orders' when any of the day's locking launches locks every order. */
  readonly scope: LaunchScope;
  /** The ordered products that are locked (all of them when the launch locks all orders). */
  readonly products: number[];
}

/**
 * L3: is an order of `productIds` by customer service at `at` locked by a launch? Null when not.
 * Only planned launches on the Oslo date of `at` count (others are ignored, so the caller may
 * pass more). A launch with scope 'all_orders' locks every order that morning; otherwise only
 * orders that include one of its products. When several launches lock, one names the lockout
 * (an 'all_orders' launch first, then the lowest id) and `products` lists every locked product
 * of the order.
 */
export function customerServiceLockout(launches: readonly LaunchForLockout[], productIds: readonly number[], at: Date): Lockout | null {
  const day = osloDate(at);
  const opensAt = osloInstant(day, CUSTOMER_SERVICE_OPENS);
  if (at.getTime() >= opensAt.getTime()) return null;
  const ordered = [...new Set(productIds)];
  let first: LaunchForLockout | null = null;
  const locked = new Set<number>();
  const order = (l: LaunchForLockout): number => (l.scope === 'all_orders' ? 0 : 1);
  for (const launch of [...launches].sort((a, b) => order(a) - order(b) || a.id - b.id)) {
    if (launch.launchOn !== day || launch.status !== 'planned') continue;
    const hits = launch.scope === 'all_orders' ? ordered : ordered.filter((id) => launch.productIds.includes(id));
    if (launch.scope !== 'all_orders' && hits.length === 0) continue;
    first ??= launch;
    for (const id of hits) locked.add(id);
  }
  if (first === null) return null;
  return {
    launchId: first.id,
    launchName: first.name,
    opensAt: opensAt.toISOString(),
    scope: first.scope,
    products: ordered.filter((id) => locked.has(id)),
  };
}

/** "10:00" → "10.00", the Norwegian way of writing a time of day. */
const kl = (time: string): string => time.replace(':', '.');

/**
 * The agent's script for a launch day (Norwegian, read to the caller). The default of the
 * 'launch_script' setting; the times come from the rule constants (L1–L4).
 */
export function defaultLaunchScript(): string {
  return [
    `I dag er det nyhetslansering. Kundeservice tar ikke imot bestillinger på lanseringsvarene før kl. ${kl(CUSTOMER_SERVICE_OPENS)}.`,
    '',
    `• Nettbutikken og appen: Du kan bestille nyhetene selv i nettbutikken fra kl. ${kl(WEB_OPENS)}. Mellom kl. ${kl(WEB_OPENS)} og kl. ${kl(CUSTOMER_SERVICE_OPENS)} kan nyhetene bare bestilles der.`,
    `• Venterom og kø: Nettbutikken stenger kl. ${kl(WEB_WAITING_ROOM_FROM)} og åpner et venterom. Kl. ${kl(WEB_OPENS)} får alle som venter et tilfeldig kønummer, og kundene slippes inn puljevis. Et kønummer er gyldig i ${QUEUE_NUMBER_MINUTES} minutter.`,
    '• Varene blir ikke reservert før kjøpet er gjennomført, og de kan bli raskt utsolgt.',
    `• Butikkene tar ikke imot bestillinger før kl. ${kl(STORES_ORDERS_FROM)}, men nyheter som er på lager, kan kjøpes i butikken fra den åpner.`,
    `• Kundeservice tar imot bestillinger fra kl. ${kl(CUSTOMER_SERVICE_OPENS)}. E-postbestillinger som kommer før kl. ${kl(CUSTOMER_SERVICE_OPENS)}, blir behandlet fra kl. ${kl(CUSTOMER_SERVICE_OPENS)} i den rekkefølgen de kom.`,
  ].join('\n');
}
