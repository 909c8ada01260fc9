import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TimelineItem } from '../../shared/channels/membership.js';
import { refusal } from '../testing/refusal.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { createCorrection } from './corrections.js';
import { checkLedger } from './invariants.js';
import { memberPage } from './members.js';
import { cancelRedemption, createRedemption, shipRedemption, type CreateInput } from './redemptions.js';
import { getSetting, setSetting } from './settings.js';
import { addNote, memberTimeline } from './timeline.js';

/** Issue 12: the member page's one timeline (B7a, B12b) and its "expiring soon" window (B5). */

let t: TestDesk;
let member: number;
let kopp: number;
let key = 0;

beforeEach(async () => {
  t = await testDesk('2026-11-02T09:00:00Z');
  kopp = await t.aProduct({ sku: 'B-KOPP', name: 'Termokopp 750 ml', pointsPrice: 1_200, stock: 10 });
  member = await t.aMember({ email: 'kari@example.no', nextDeliveryOn: '2026-12-03' });
  await t.earn(member, 4_000, '2025-03-01');
});
afterEach(() => t.close());

const order = (quantity: number): CreateInput => ({
  memberId: member,
  channel: 'phone',
  lines: [{ productId: kopp, quantity }],
  delivery: 'next_delivery',
  identity: { memberNo: true, address: true, email: false, phone: false },
  idempotencyKey: `timeline-${(key += 1)}`,
  postageOre: 0,
});

const timeline = async (limit = 100) => memberTimeline(t.ctx('agent'), member, limit);
const redemptionItems = (items: readonly TimelineItem[], id: number) => items.filter((i) => i.kind === 'redemption' && i.refId === id);
/** The items that carry a redemption's points: its own item, or ledger items of the spend or give-back kinds. */
const pointItems = (items: readonly TimelineItem[]) => items.filter((i) => i.kind === 'redemption' || i.type === 'spend' || i.type === 'spend_reversal');
const ok = async (): Promise<void> => expect((await checkLedger(t.ctx(null))).failures).toEqual([]);

describe('the timeline: each redemption once, with its life (B7a)', () => {
  it('B7a: a shipped redemption appears once, registered and shipped on their real days; its spend is not a second item', async () => {
    const { redemption } = await createRedemption(t.ctx('agent'), order(2));
    t.clock.set('2026-11-05T13:15:00Z');
    await shipRedemption(t.ctx('supervisor'), redemption.id);

    const { items } = await timeline();
    expect(pointItems(items)).toHaveLength(1);
    const [item] = redemptionItems(items, redemption.id);
    expect(item).toMatchObject({ on: '2026-11-02', type: 'shipped', points: -2_400, author: 'Test agent', channel: 'phone' });
    expect(item?.redemption).toMatchObject({
      id: redemption.id,
      status: 'shipped',
      totalPoints: 2_400,
      lines: [{ productId: kopp, name: 'Termokopp 750 ml', quantity: 2, pointsEach: 1_200 }],
      delivery: 'next_delivery',
      deliveryOn: '2026-12-03',
      senderMismatch: false,
    });
    expect(item?.redemption?.steps).toEqual([
      { step: 'registered', at: '2026-11-02T09:00:00.000Z', on: '2026-11-02', author: 'Test agent', points: -2_400, note: null },
      { step: 'shipped', at: '2026-11-05T13:15:00.000Z', on: '2026-11-05', author: null, points: null, note: null },
    ]);
    await ok();
  });

  it('B7a: a cancelled redemption appears once, registered then cancelled with the points given back; nothing reads as a second debit', async () => {
    const { redemption } = await createRedemption(t.ctx('agent'), order(1));
    expect(await t.balanceOf(member)).toBe(2_800);
    t.clock.set('2026-11-09T08:40:00Z');
    await cancelRedemption(t.ctx('supervisor'), redemption.id, 'Medlemmet ombestemte seg');
    expect(await t.balanceOf(member)).toBe(4_000);

    const { items } = await timeline();
    expect(pointItems(items)).toHaveLength(1);
    const [item] = redemptionItems(items, redemption.id);
    // What it took less what the cancellation gave back: nothing.
    expect(item).toMatchObject({ on: '2026-11-02', type: 'cancelled', points: 0 });
    expect(item?.redemption?.steps).toEqual([
      { step: 'registered', at: '2026-11-02T09:00:00.000Z', on: '2026-11-02', author: 'Test agent', points: -1_200, note: null },
      { step: 'cancelled', at: '2026-11-09T08:40:00.000Z', on: '2026-11-09', author: 'Test supervisor', points: 1_200, note: 'Medlemmet ombestemte seg' },
    ]);
    // The ledger still has both entries (B12a); the timeline tells them once.
    const ledger = t.desk.store.sqlite.prepare("SELECT kind FROM ledger_entries WHERE redemption_id = ? ORDER BY id").pluck().all(redemption.id);
    expect(ledger).toEqual(['spend', 'spend_reversal']);
    await ok();
  });

  it('B7a: shipped, then a cancellation is refused (forward only): the redemption stays one item with its registered and shipped steps', async () => {
    // The brief asked for "shipped, then cancelled" with three steps; B7a allows registered → shipped
    // or registered → cancelled only, so the third step can never exist. This proves the refusal and
    // that the timeline shows what did happen, once.
    const { redemption } = await createRedemption(t.ctx('agent'), order(1));
    t.clock.set('2026-11-04T10:00:00Z');
    await shipRedemption(t.ctx('agent'), redemption.id);
    t.clock.set('2026-11-06T10:00:00Z');
    expect((await refusal(() => cancelRedemption(t.ctx('supervisor'), redemption.id, 'For sent'))).code).toBe('invalid_transition');

    const { items } = await timeline();
    expect(pointItems(items)).toHaveLength(1);
    expect(redemptionItems(items, redemption.id)[0]?.redemption?.steps.map((s) => [s.step, s.on])).toEqual([
      ['registered', '2026-11-02'],
      ['shipped', '2026-11-04'],
    ]);
    await ok();
  });

  it('B12b: one list in date order, newest first: earnings, corrections, redemptions, notes and membership events', async () => {
    await t.earn(member, 500, '2026-10-15');
    t.clock.set('2026-11-03T09:00:00Z');
    const { redemption } = await createRedemption(t.ctx('agent'), order(1));
    t.clock.set('2026-11-04T09:00:00Z');
    await createCorrection(t.ctx('supervisor'), { memberId: member, kind: 'withhold', points: 100, reason: 'Dobbeltregistrert kjøp', channel: 'desk' });
    t.clock.set('2026-11-05T09:00:00Z');
    await addNote(t.ctx('agent'), member, 'Ringte om termokoppen');
    t.clock.set('2026-11-06T09:00:00Z');
    await cancelRedemption(t.ctx('agent'), redemption.id, 'Ombestemte seg');

    const { items, more } = await timeline();
    expect(more).toBe(false);
    expect(items.map((i) => [i.on, i.kind, i.type])).toEqual([
      ['2026-11-05', 'note', 'note'],
      ['2026-11-04', 'ledger', 'withhold'],
      ['2026-11-03', 'redemption', 'cancelled'],
      ['2026-10-15', 'ledger', 'earn'],
      ['2025-03-01', 'ledger', 'earn'],
      // enrolMember's event is dated the subscription's start.
      ['2022-01-01', 'membership', 'enrolled'],
    ]);
    expect(items.filter((i) => i.kind !== 'redemption').every((i) => i.redemption === undefined)).toBe(true);
    await ok();
  });

  it('B5/B7a: points given back into a lot past its expiry expire at once, and that expiry stays an item of its own', async () => {
    const old = await t.aMember();
    await t.earn(old, 1_200, '2023-11-20'); // expires 2026-11-20
    const { redemption } = await createRedemption(t.ctx('agent'), { ...order(1), memberId: old });
    t.clock.set('2026-11-25T09:00:00Z');
    await cancelRedemption(t.ctx('agent'), redemption.id, 'Ombestemte seg');
    const { items } = await memberTimeline(t.ctx('agent'), old, 100);
    expect(items.map((i) => [i.kind, i.type, i.points])).toEqual([
      ['ledger', 'expire', -1_200],
      ['redemption', 'cancelled', 0],
      ['ledger', 'earn', 1_200],
      ['membership', 'enrolled', null],
    ]);
    await ok();
  });

  it('says when there is more than the limit', async () => {
    for (let i = 0; i < 4; i += 1) await addNote(t.ctx('agent'), member, `Notat ${i}`);
    // 4 notes, 1 earning, 1 enrolment: 6 items.
    expect((await timeline(6)).more).toBe(false);
    const five = await timeline(5);
    expect(five.items).toHaveLength(5);
    expect(five.more).toBe(true);
  });
});

describe('"expiring soon" on the member page (B5, issue 12)', () => {
  beforeEach(async () => {
    // Today 2026-11-02. Lots expire 2027-01-10 (2 months), 2027-10-01 (11 months), 2028-01-01 (14 months), 2029-06-01 (31 months).
    await t.earn(member, 100, '2024-01-10');
    await t.earn(member, 200, '2024-10-01');
    await t.earn(member, 300, '2025-01-01');
    await t.earn(member, 400, '2026-06-01');
  });

  it('B5: by default lists only the expiries within the next 12 months, with their total, not the ones years away', async () => {
    const page = await memberPage(t.ctx('agent'), member);
    expect(page.nextExpiries.map((e) => [e.expiresOn, e.points])).toEqual([
      ['2027-01-10', 100],
      ['2027-10-01', 200],
    ]);
    expect(page.expiringSoon).toEqual({ months: 12, until: '2027-11-02', points: 300 });
  });

  it('B5: the window is the setting expiring_soon_months; at most three dates are listed, the total counts them all', async () => {
    await setSetting(t.ctx('admin'), 'expiring_soon_months', 36);
    const page = await memberPage(t.ctx('agent'), member);
    expect(page.nextExpiries.map((e) => e.expiresOn)).toEqual(['2027-01-10', '2027-10-01', '2028-01-01']);
    // The 4 000 earned 2025-03-01 expire 2028-03-01, inside 36 months too.
    expect(page.expiringSoon).toEqual({ months: 36, until: '2029-11-02', points: 100 + 200 + 300 + 4_000 + 400 });
    await setSetting(t.ctx('admin'), 'expiring_soon_months', 1);
    expect((await memberPage(t.ctx('agent'), member)).nextExpiries).toEqual([]);
  });

  it('the setting is validated: a whole number of months from 1 to 36, refused otherwise with nothing stored; a stored value out of range counts as the default', async () => {
    for (const bad of [0, 37, 1.5, -3]) {
      expect((await refusal(() => setSetting(t.ctx('admin'), 'expiring_soon_months', bad))).code).toBe('invalid_input');
    }
    expect(await getSetting(t.desk.store, 'expiring_soon_months')).toBe(12);
    expect(t.desk.store.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'settings.set'").pluck().get()).toBe(0);
    await setSetting(t.ctx('admin'), 'expiring_soon_months', 24);
    expect(await getSetting(t.desk.store, 'expiring_soon_months')).toBe(24);
    expect(t.desk.store.sqlite.prepare("SELECT details FROM audit_log WHERE action = 'settings.set'").pluck().get()).toBe('{"key":"expiring_soon_months","before":12,"after":24}');
    await t.withSetting('expiring_soon_months', 99);
    expect(await getSetting(t.desk.store, 'expiring_soon_months')).toBe(12);
  });
});
