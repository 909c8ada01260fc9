/**
 * A handful of hand-made members for the browser tests, one for each case the member page
 * must show well: an active member with withheld points and an unpaid invoice, a cancelled
 * member, an opted-out member. Built through the real services, so the ledger holds (B12a).
 */
import { sqliteConnection } from '../../main/db/sqlite-store.js';
import { drawFifo } from '../../main/domain/points.js';
import type { UserSummary } from '../../shared/channels/auth.js';
import { noteReason } from '../../shared/reasons.js';
import { createUser } from '../../main/services/auth.js';
import type { ServiceContext } from '../../main/services/context.js';
import { bookDraw, bookEarning, memberLots } from '../../main/services/ledger.js';
import { cancelSubscription, enrolMember, optOut, type NewMemberInput } from '../../main/services/lifecycle.js';
import { createLaunch, type CreateLaunchInput } from '../../main/services/launches.js';

export const FIXTURE_PASSWORD = 'fixture-passord';

export interface Fixtures {
  /** Bjørn Hansen: active, 12 045 points, 300 withheld, one unpaid invoice. */
  bjorn: { id: number; memberNo: number; balance: number };
  kari: { id: number; memberNo: number };
  oyvind: { id: number; memberNo: number };
  hans: { id: number; memberNo: number };
}

/** Adds an agent `agent` and a supervisor `sara` (password FIXTURE_PASSWORD) and four members. */
export async function addFixtures(base: ServiceContext): Promise<Fixtures> {
  const as = (user: UserSummary): ServiceContext => ({ ...base, user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role } });
  // Writes by phone or at the desk need an author (B12a); the billing file's do not.
  const asAnne = as(await createUser(base, { username: 'agent', displayName: 'Anne Agent', role: 'agent', password: FIXTURE_PASSWORD }));
  const asSara = as(await createUser(base, { username: 'sara', displayName: 'Sara Svendsen', role: 'supervisor', password: FIXTURE_PASSWORD }));

  const member = (input: Partial<NewMemberInput> & Pick<NewMemberInput, 'memberNo' | 'firstName' | 'lastName'>): Promise<{ memberId: number; subscriptionId: number }> =>
    enrolMember(base, { plan: 'Månedskasse', startedOn: '2023-01-15', nextDeliveryOn: '2026-12-03', ...input });
  const earn = async (memberId: number, points: number, on: string): Promise<void> => {
    await bookEarning(base, memberId, points, on, { channel: 'file', reason: noteReason('Kjøp av utvalgte produkter'), effectiveOn: on });
  };

  const bjorn = await member({
    memberNo: 100_001,
    firstName: 'Bjørn',
    lastName: 'Hansen',
    email: 'bjorn.hansen@example.no',
    phone: '91234567',
    address: 'Storgata 1',
    postcode: '0155',
    city: 'Oslo',
    birthDate: '1980-05-17',
  });
  await earn(bjorn.memberId, 8_000, '2024-02-01');
  await earn(bjorn.memberId, 6_500, '2025-06-15');
  let lots = await memberLots(base.store, bjorn.memberId);
  await bookDraw(asAnne, bjorn.memberId, 'spend', lots, drawFifo(lots, 2_155), { channel: 'phone', reason: noteReason('Innløsning: termokopp'), effectiveOn: '2026-01-10' });
  lots = await memberLots(base.store, bjorn.memberId);
  await bookDraw(asSara, bjorn.memberId, 'withhold', lots, drawFifo(lots, 300), { channel: 'desk', reason: noteReason('Dobbeltregistrert kjøp'), effectiveOn: '2026-11-02' });
  await base.store.run(
    base.store.kysely.insertInto('invoices').values({
      member_id: bjorn.memberId,
      invoice_no: 'F-2026-0917',
      amount_ore: 49_900,
      issued_on: '2026-09-01',
      due_on: '2026-09-15',
      status: 'unpaid',
      paid_on: null,
    }),
  );

  const kari = await member({ memberNo: 100_002, firstName: 'Kari', lastName: 'Hansen', email: 'kari.h@example.no', phone: '+4798765432', postcode: '5003', city: 'Bergen' });
  await earn(kari.memberId, 4_500, '2025-03-01');

  const oyvind = await member({ memberNo: 100_003, firstName: 'Øyvind', lastName: 'Åsheim', postcode: '7010', city: 'Trondheim', startedOn: '2022-04-01' });
  await earn(oyvind.memberId, 25_000, '2024-08-01');
  await cancelSubscription(base, oyvind.subscriptionId, '2026-09-30');

  const hans = await member({ memberNo: 100_004, firstName: 'Hans', lastName: 'Hansen', email: 'hans@example.no', postcode: '9008', city: 'Tromsø' });
  await earn(hans.memberId, 1_200, '2025-01-20');
  await optOut(asAnne, hans.memberId, { channel: 'phone', reason: 'Ønsket ikke å være med lenger', memberInformed: true });

  return {
    bjorn: { id: bjorn.memberId, memberNo: 100_001, balance: 8_000 + 6_500 - 2_155 - 300 },
    kari: { id: kari.memberId, memberNo: 100_002 },
    oyvind: { id: oyvind.memberId, memberNo: 100_003 },
    hans: { id: hans.memberId, memberNo: 100_004 },
  };
}

/* ---------------------------------------------------------------- launch days, the monthly run, earnings files */

export interface CatalogFixtures {
  /** "Nyhet: Kollagen Pro", 1 000 points, a single unit left (the second order finds it sold out, L5). */
  launchProduct: number;
  /** "Nyhet: Rødbete-shot", 800 points, sold out before the day started. */
  soldOutProduct: number;
  /** "Vitamin D3", 500 points, 50 in stock, in no launch. */
  plainProduct: number;
}

/** Three bonus products for launch-day tests (B4, L5). */
export function addCatalogFixtures(base: ServiceContext): CatalogFixtures {
  const add = sqliteConnection(base.store).prepare(
    "INSERT INTO bonus_products (sku, name, description, points_price, stock, state, created_at, updated_at) VALUES (?, ?, '', ?, ?, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
  );
  return {
    launchProduct: Number(add.run('NY-KOLL', 'Nyhet: Kollagen Pro', 1_000, 1, 'available').lastInsertRowid),
    soldOutProduct: Number(add.run('NY-SHOT', 'Nyhet: Rødbete-shot', 800, 0, 'sold_out').lastInsertRowid),
    plainProduct: Number(add.run('VIT-D3', 'Vitamin D3', 500, 50, 'available').lastInsertRowid),
  };
}

/** A launch put in the calendar by the supervisor `sara` (addFixtures adds her); the clock must not be past its day. */
export async function addLaunchFixture(base: ServiceContext, input: CreateLaunchInput): Promise<number> {
  const sara = await base.store.first(base.store.kysely.selectFrom('users').select(['id', 'username', 'display_name', 'role']).where('username', '=', 'sara'));
  const user = sara === undefined ? null : { id: sara.id, username: sara.username, displayName: sara.display_name, role: sara.role };
  return (await createLaunch({ ...base, user }, input)).id;
}

/** B2: the earning table: product code → points per unit. */
export function addEarningTable(base: ServiceContext): void {
  const add = sqliteConnection(base.store).prepare('INSERT INTO earning_products (code, name, points_per_unit, active) VALUES (?, ?, ?, 1)');
  add.run('KASSE-M', 'Månedskasse', 250);
  add.run('TILLEGG', 'Tilleggsvare', 40);
}

/** Astrid Ødegård: cancelled 2023-12-15, so membership ends 2026-12-15 and her service email falls due 2026-11-15 (B12). */
export async function addMemberEndingSoon(base: ServiceContext): Promise<{ id: number; memberNo: number }> {
  const { memberId, subscriptionId } = await enrolMember(base, {
    memberNo: 100_005,
    firstName: 'Astrid',
    lastName: 'Ødegård',
    email: 'astrid@example.no',
    postcode: '4006',
    city: 'Stavanger',
    plan: 'Månedskasse',
    startedOn: '2021-03-01',
  });
  await bookEarning(base, memberId, 5_000, '2023-06-01', { channel: 'file', reason: noteReason('Kjøp av utvalgte produkter'), effectiveOn: '2023-06-01' });
  await cancelSubscription(base, subscriptionId, '2023-12-15');
  return { id: memberId, memberNo: 100_005 };
}

/* ------------------------------------------------------------------ redemptions (issue 4) */

export interface CatalogFixture {
  omega: number;
  kopp: number;
  shaker: number;
  barista: number;
  tursekk: number;
  boks: number;
  vinter: number;
  merke: number;
}

/**
 * The bonus catalog the redemption tests pick from: available products (one with a low stock),
 * an expensive one for the shortfall, one sold out, one discontinued, one for a launch, and a
 * cheap one for many small orders. Inserted as the supervisor's catalog upkeep would leave it.
 */
export function addCatalog(base: ServiceContext): CatalogFixture {
  const add = sqliteConnection(base.store).prepare(
    "INSERT INTO bonus_products (sku, name, description, points_price, stock, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.000Z')",
  );
  const product = (sku: string, name: string, description: string, price: number, stock: number, state: 'available' | 'sold_out' | 'discontinued'): number =>
    Number(add.run(sku, name, description, price, stock, state).lastInsertRowid);
  return {
    omega: product('B-OMEGA', 'Omega-3 Forte 120 kapsler', 'Fiskeolje i store kapsler', 1_500, 40, 'available'),
    kopp: product('B-KOPP', 'Termokopp 750 ml', 'Holder kaffen varm i fire timer', 2_400, 12, 'available'),
    shaker: product('B-SHAKER', 'Shakerflaske', 'Med målestreker og sil', 400, 3, 'available'),
    barista: product('B-BARISTA', 'Kaffemaskin Barista', 'Espressomaskin med melkeskummer', 18_000, 4, 'available'),
    tursekk: product('B-TURSEKK', 'Tursekk 25 l', 'Vanntett dagstursekk', 900, 0, 'sold_out'),
    boks: product('B-BOKS', 'Oppbevaringsboks', 'Utgått modell', 100, 5, 'discontinued'),
    vinter: product('B-VINTER', 'Vitaminpakke Vinter', 'Nyhet på lanseringsdagen', 1_200, 50, 'available'),
    merke: product('B-MERKE', 'Klistremerkeark', 'Ark med bonusmerker', 10, 500, 'available'),
  };
}

/** A service context acting as one of the fixture users (`agent` or `sara`). */
export function actingAs(base: ServiceContext, username: string): ServiceContext {
  const row = sqliteConnection(base.store).prepare('SELECT id, username, display_name AS displayName, role FROM users WHERE username = ?').get(username) as
    | { id: number; username: string; displayName: string; role: UserSummary['role'] }
    | undefined;
  if (row === undefined) throw new Error(`no fixture user ${username}`);
  return { ...base, user: row };
}

/** Reads the test database directly, to assert what the browser booked. */
export function dbValue<T>(base: ServiceContext, sql: string, ...args: unknown[]): T {
  return sqliteConnection(base.store).prepare(sql).pluck().get(...args) as T;
}

/** Gives a member more points (an earning from the billing file). */
export async function earnPoints(base: ServiceContext, memberId: number, points: number, on: string): Promise<void> {
  await bookEarning(base, memberId, points, on, { channel: 'file', reason: noteReason('Kjøp av utvalgte produkter'), effectiveOn: on });
}
