import { describe, expect, it } from 'vitest';
import {
  customerServiceLockout,
  defaultLaunchScript,
  launchDayStatus,
  launchTimeline,
  type CustomerServiceState,
  type LaunchForLockout,
  type LaunchPhase,
  type StoreState,
  type WebShopState,
} from './launch-day.js';

/**
 * L1–L4 at the minute (and second) boundaries, in winter time, summer time, and around both DST
 * changes. Instants are written with an explicit UTC offset here, not through osloInstant, so the
 * test checks the zone arithmetic instead of repeating it.
 */

interface Day {
  label: string;
  day: string;
  /** Oslo's UTC offset during the launch morning (from 07:00 on). */
  offset: '+01:00' | '+02:00';
}

const days: Day[] = [
  { label: 'winter time (Friday 2027-01-15)', day: '2027-01-15', offset: '+01:00' },
  { label: 'summer time (Friday 2026-06-12)', day: '2026-06-12', offset: '+02:00' },
  { label: 'the Friday before spring DST (2027-03-26)', day: '2027-03-26', offset: '+01:00' },
  { label: 'the spring DST change day (Sunday 2027-03-28)', day: '2027-03-28', offset: '+02:00' },
  { label: 'the Monday after spring DST (2027-03-29)', day: '2027-03-29', offset: '+02:00' },
  { label: 'the Friday before autumn DST (2026-10-23)', day: '2026-10-23', offset: '+02:00' },
  { label: 'the autumn DST change day (Sunday 2026-10-25)', day: '2026-10-25', offset: '+01:00' },
  { label: 'the Monday after autumn DST (2026-10-26)', day: '2026-10-26', offset: '+01:00' },
];

type Row = [time: string, phase: LaunchPhase, web: WebShopState, cs: CustomerServiceState, stores: StoreState];

const rows: Row[] = [
  ['06:59:00', 'early', 'open', 'locked', 'no_orders'],
  ['06:59:59', 'early', 'open', 'locked', 'no_orders'],
  ['07:00:00', 'waiting_room', 'waiting_room', 'locked', 'no_orders'],
  ['07:59:00', 'waiting_room', 'waiting_room', 'locked', 'no_orders'],
  ['08:00:00', 'web_only', 'queue', 'locked', 'no_orders'],
  ['08:30:00', 'web_only', 'queue', 'locked', 'no_orders'],
  ['09:59:00', 'web_only', 'queue', 'locked', 'no_orders'],
  ['09:59:59', 'web_only', 'queue', 'locked', 'no_orders'],
  ['10:00:00', 'stores_pending', 'queue', 'open', 'no_orders'],
  ['11:59:00', 'stores_pending', 'queue', 'open', 'no_orders'],
  ['12:00:00', 'open', 'queue', 'open', 'orders'],
  ['23:59:59', 'open', 'queue', 'open', 'orders'],
];

const at = (day: string, time: string, offset: string): Date => new Date(`${day}T${time}${offset}`);

describe.each(days)('launch day in $label (L1–L4)', ({ day, offset }) => {
  it.each(rows)(`at %s Oslo: phase %s, web shop %s, customer service %s, stores %s`, (time, phase, web, cs, stores) => {
    const s = launchDayStatus(day, at(day, time, offset));
    expect(s.phase).toBe(phase);
    expect(s.webShop.state).toBe(web);
    expect(s.customerService.state).toBe(cs);
    expect(s.stores.state).toBe(stores);
    expect(s.webOnly).toBe(phase === 'web_only'); // L2
    expect(s.stores.inStockSales).toBe(true); // L4
  });

  it('the timeline is 07:00, 08:00, 10:00 and 12:00 Oslo time as instants', () => {
    const tl = launchTimeline(day);
    expect(tl.waitingRoomAt).toEqual(at(day, '07:00:00', offset));
    expect(tl.webOpensAt).toEqual(at(day, '08:00:00', offset));
    expect(tl.customerServiceOpensAt).toEqual(at(day, '10:00:00', offset));
    expect(tl.storesOrdersAt).toEqual(at(day, '12:00:00', offset));
  });

  it('each channel counts down to its own next change', () => {
    const tl = launchTimeline(day);
    const early = launchDayStatus(day, at(day, '06:59:00', offset));
    expect(early.webShop.nextChangeAt).toEqual(tl.waitingRoomAt);
    expect(early.customerService.nextChangeAt).toEqual(tl.customerServiceOpensAt);
    expect(early.stores.nextChangeAt).toEqual(tl.storesOrdersAt);
    expect(early.nextChangeAt).toEqual(tl.waitingRoomAt);

    const waiting = launchDayStatus(day, at(day, '07:30:00', offset));
    expect(waiting.webShop.nextChangeAt).toEqual(tl.webOpensAt);
    expect(waiting.nextChangeAt).toEqual(tl.webOpensAt);

    const webOnly = launchDayStatus(day, at(day, '09:59:59', offset));
    expect(webOnly.customerService.nextChangeAt).toEqual(tl.customerServiceOpensAt);
    expect(webOnly.nextChangeAt).toEqual(tl.customerServiceOpensAt);

    const storesPending = launchDayStatus(day, at(day, '10:00:00', offset));
    expect(storesPending.customerService.nextChangeAt).toBeNull();
    expect(storesPending.stores.nextChangeAt).toEqual(tl.storesOrdersAt);
    expect(storesPending.nextChangeAt).toEqual(tl.storesOrdersAt);

    const open = launchDayStatus(day, at(day, '12:00:00', offset));
    expect(open.customerService.nextChangeAt).toBeNull();
    expect(open.stores.nextChangeAt).toBeNull();
    expect(open.webShop.nextChangeAt).toEqual(tl.dayEndsAt);
  });
});

describe('launch day edges: the day before, midnight, the day after', () => {
  it('the evening before, nothing is locked; customer service and stores stop at midnight, the web shop at 07:00', () => {
    const s = launchDayStatus('2027-03-26', new Date('2027-03-25T23:59:59+01:00'));
    expect([s.phase, s.webShop.state, s.customerService.state, s.stores.state]).toEqual(['before', 'open', 'open', 'orders']);
    expect(s.customerService.nextChangeAt).toEqual(new Date('2027-03-26T00:00:00+01:00'));
    expect(s.stores.nextChangeAt).toEqual(new Date('2027-03-26T00:00:00+01:00'));
    expect(s.webShop.nextChangeAt).toEqual(new Date('2027-03-26T07:00:00+01:00'));
  });

  it('from midnight on launch day customer service is locked (L3: an email at 00:30 waits for 10:00)', () => {
    const s = launchDayStatus('2027-03-26', new Date('2027-03-26T00:00:00+01:00'));
    expect([s.phase, s.customerService.state, s.stores.state]).toEqual(['early', 'locked', 'no_orders']);
  });

  it('the next day everything is as usual and nothing changes again', () => {
    const s = launchDayStatus('2027-03-26', new Date('2027-03-27T00:00:00+01:00'));
    expect([s.phase, s.webShop.state, s.customerService.state, s.stores.state]).toEqual(['after', 'open', 'open', 'orders']);
    expect(s.nextChangeAt).toBeNull();
  });

  it('on the spring change day the night is 23 hours long: 02:30 does not exist, 03:00 CEST is 01:00 UTC', () => {
    const tl = launchTimeline('2027-03-28');
    expect(tl.dayStartsAt.toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(tl.customerServiceOpensAt.toISOString()).toBe('2027-03-28T08:00:00.000Z');
    expect(tl.dayEndsAt.getTime() - tl.dayStartsAt.getTime()).toBe(23 * 3_600_000);
    expect(launchDayStatus('2027-03-28', new Date('2027-03-28T01:30:00Z')).customerService.state).toBe('locked'); // 03:30 CEST
  });

  it('on the autumn change day 02:30 happens twice and is locked both times; 10:00 is 09:00 UTC', () => {
    const tl = launchTimeline('2026-10-25');
    expect(tl.dayStartsAt.toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(tl.customerServiceOpensAt.toISOString()).toBe('2026-10-25T09:00:00.000Z');
    expect(tl.dayEndsAt.getTime() - tl.dayStartsAt.getTime()).toBe(25 * 3_600_000);
    expect(launchDayStatus('2026-10-25', new Date('2026-10-25T00:30:00Z')).customerService.state).toBe('locked'); // 02:30 CEST
    expect(launchDayStatus('2026-10-25', new Date('2026-10-25T01:30:00Z')).customerService.state).toBe('locked'); // 02:30 CET
  });
});

const launch = (over: Partial<LaunchForLockout> & Pick<LaunchForLockout, 'launchOn'>): LaunchForLockout => ({
  id: 1,
  name: 'Vårlansering',
  scope: 'launch_products',
  status: 'planned',
  productIds: [10, 11],
  ...over,
});

describe('customer-service lockout (L3)', () => {
  it('SPEC worked example 5: launches on 2027-03-26 and 2027-03-29; a launch product at 09:59 is refused and at 10:00 accepted on both days; a product not in the launch is accepted at 08:30', () => {
    const launches = [launch({ id: 1, launchOn: '2027-03-26' }), launch({ id: 2, launchOn: '2027-03-29', name: 'Etter sommertid' })];
    // Friday before the change: CET, UTC+1.
    expect(customerServiceLockout(launches, [10], new Date('2027-03-26T09:59:00+01:00'))).toEqual({
      launchId: 1,
      launchName: 'Vårlansering',
      opensAt: '2027-03-26T09:00:00.000Z',
      scope: 'launch_products',
      products: [10],
    });
    expect(customerServiceLockout(launches, [10], new Date('2027-03-26T10:00:00+01:00'))).toBeNull();
    expect(customerServiceLockout(launches, [99], new Date('2027-03-26T08:30:00+01:00'))).toBeNull();
    // Monday after the change: CEST, UTC+2.
    expect(customerServiceLockout(launches, [10], new Date('2027-03-29T09:59:00+02:00'))).toEqual({
      launchId: 2,
      launchName: 'Etter sommertid',
      opensAt: '2027-03-29T08:00:00.000Z',
      scope: 'launch_products',
      products: [10],
    });
    expect(customerServiceLockout(launches, [10], new Date('2027-03-29T10:00:00+02:00'))).toBeNull();
    expect(customerServiceLockout(launches, [99], new Date('2027-03-29T08:30:00+02:00'))).toBeNull();
  });

  it.each(days)('$label: locked at 09:59:59, open at 10:00:00', ({ day, offset }) => {
    const launches = [launch({ launchOn: day })];
    expect(customerServiceLockout(launches, [11], at(day, '09:59:59', offset))?.opensAt).toBe(at(day, '10:00:00', offset).toISOString());
    expect(customerServiceLockout(launches, [11], new Date(at(day, '10:00:00', offset).getTime() - 1))).not.toBeNull();
    expect(customerServiceLockout(launches, [11], at(day, '10:00:00', offset))).toBeNull();
  });

  it('a mixed order lists only its launch products as locked', () => {
    const lock = customerServiceLockout([launch({ launchOn: '2027-01-15' })], [99, 11, 10, 11], new Date('2027-01-15T09:00:00+01:00'));
    expect(lock?.products).toEqual([11, 10]);
  });

  it("scope 'all_orders' locks every order that morning, launch product or not", () => {
    const launches = [launch({ launchOn: '2027-01-15', scope: 'all_orders' })];
    expect(customerServiceLockout(launches, [99], new Date('2027-01-15T08:30:00+01:00'))?.products).toEqual([99]);
    expect(customerServiceLockout(launches, [99], new Date('2027-01-15T10:00:00+01:00'))).toBeNull();
  });

  it('a cancelled launch locks nothing; a launch on another day locks nothing', () => {
    expect(customerServiceLockout([launch({ launchOn: '2027-01-15', status: 'cancelled' })], [10], new Date('2027-01-15T09:00:00+01:00'))).toBeNull();
    expect(customerServiceLockout([launch({ launchOn: '2027-01-16' })], [10], new Date('2027-01-15T09:00:00+01:00'))).toBeNull();
    // 23:30 UTC on the 14th is 00:30 Oslo on the 15th: the Oslo date decides.
    expect(customerServiceLockout([launch({ launchOn: '2027-01-15' })], [10], new Date('2027-01-14T23:30:00Z'))).not.toBeNull();
    expect(customerServiceLockout([launch({ launchOn: '2027-01-14' })], [10], new Date('2027-01-14T23:30:00Z'))).toBeNull();
  });

  it('with two launches the lowest id names the lockout and all locked products are listed', () => {
    const launches = [launch({ id: 7, launchOn: '2027-01-15', productIds: [20], name: 'B' }), launch({ id: 3, launchOn: '2027-01-15', productIds: [10], name: 'A' })];
    expect(customerServiceLockout(launches, [20, 10, 99], new Date('2027-01-15T09:00:00+01:00'))).toMatchObject({ launchId: 3, launchName: 'A', products: [20, 10] });
  });

  it("an 'all_orders' launch names the lockout when it shares the day with a narrower one", () => {
    const launches = [launch({ id: 3, launchOn: '2027-01-15', productIds: [10] }), launch({ id: 7, launchOn: '2027-01-15', scope: 'all_orders', productIds: [], name: 'Alt' })];
    expect(customerServiceLockout(launches, [10, 99], new Date('2027-01-15T09:00:00+01:00'))).toMatchObject({ launchId: 7, scope: 'all_orders', products: [10, 99] });
  });
});

describe('the agent script', () => {
  it('names the waiting room at 07.00, random queue numbers valid 15 minutes, no reservation, web from 08.00, customer service from 10.00, stores from 12.00', () => {
    const text = defaultLaunchScript();
    for (const part of ['kl. 07.00', 'venterom', 'tilfeldig kønummer', '15 minutter', 'ikke reservert', 'kl. 08.00', 'kl. 10.00', 'kl. 12.00']) {
      expect(text).toContain(part);
    }
  });
});
