import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../shared/roles.js';
import { noteReason } from '../../shared/reasons.js';
import { TestClock } from '../clock.js';
import { openDesk, type Connection, type Desk } from '../desk.js';
import { createUser } from '../services/auth.js';
import type { ServiceContext, SessionUser } from '../services/context.js';
import { bookEarning } from '../services/ledger.js';
import { createLaunch } from '../services/launches.js';
import { enrolMember, type NewMemberInput } from '../services/lifecycle.js';
import type { SettingKey } from '../services/settings.js';

/** Low scrypt cost for tests only (the production cost is in services/passwords.ts). */
export const TEST_PASSWORD_N = 1024;
export const testPassword = (role: Role): string => `pw-${role}-123`;

export interface TestDesk {
  desk: Desk;
  clock: TestClock;
  file: string;
  dir: string;
  users: Record<Role, SessionUser>;
  /** A service context acting as a user of that role (or as the system when null). */
  ctx(role: Role | null): ServiceContext;
  /** A connection signed in as that role, through the router, as the window would be. */
  as(role: Role): Promise<Connection>;
  aMember(overrides?: Partial<NewMemberInput>): Promise<number>;
  earn(memberId: number, points: number, earnedOn: string): Promise<number>;
  /** A bonus product in the catalog (B4); returns its id. */
  aProduct(overrides?: Partial<ProductSpec>): Promise<number>;
  /** A launch day (L1-L5) listing the given products, booked through the launches service. */
  aLaunch(launchOn: string, productIds: readonly number[], name?: string): Promise<number>;
  /** Stores a setting as the admin screen would (JSON text). */
  withSetting(key: SettingKey, value: number): Promise<void>;
  /** The member's stored balance (members.balance). */
  balanceOf(memberId: number): Promise<number>;
  close(): void;
}

let memberNo = 500_000;
let sku = 0;

export interface ProductSpec {
  sku: string;
  name: string;
  pointsPrice: number;
  stock: number;
  state: 'available' | 'sold_out' | 'discontinued';
}

/** A desk over a real SQLite file in a temp folder, migrated, with one user per role and a fixed clock. */
export async function testDesk(start = '2026-11-21T09:00:00Z'): Promise<TestDesk> {
  const dir = mkdtempSync(join(tmpdir(), 'bonus-desk-test-'));
  const file = join(dir, 'desk.db');
  const clock = new TestClock(start);
  const desk = await openDesk({ file, clock, passwordN: TEST_PASSWORD_N, validateOutput: true });
  const system: ServiceContext = { store: desk.store, clock, user: null, passwords: { N: TEST_PASSWORD_N } };
  const roles: Role[] = ['agent', 'supervisor', 'manager', 'admin'];
  const users = {} as Record<Role, SessionUser>;
  for (const role of roles) {
    const u = await createUser(system, { username: role, displayName: `Test ${role}`, role, password: testPassword(role) });
    users[role] = { id: u.id, username: u.username, displayName: u.displayName, role };
  }
  const ctx = (role: Role | null): ServiceContext => ({ ...system, user: role === null ? null : users[role] });
  return {
    desk,
    clock,
    file,
    dir,
    users,
    ctx,
    async as(role) {
      const c = desk.connect();
      await c.call('auth.login', { username: role, password: testPassword(role) });
      return c;
    },
    async aMember(overrides = {}) {
      memberNo += 1;
      return (await enrolMember(system, {
        memberNo,
        firstName: 'Kari',
        lastName: 'Nordmann',
        email: `kari${memberNo}@example.no`,
        phone: `9${String(memberNo).padStart(7, '0')}`,
        postcode: '8400',
        city: 'Sortland',
        plan: 'Kosttilskudd månedlig',
        startedOn: '2022-01-01',
        nextDeliveryOn: '2026-12-01',
        ...overrides,
      })).memberId;
    },
    async earn(memberId, points, earnedOn) {
      return await system.store.transaction(
        async () => (await bookEarning(system, memberId, points, earnedOn, { channel: 'file', reason: noteReason('test earning'), effectiveOn: earnedOn })).lotId,
      );
    },
    async aProduct(overrides = {}) {
      sku += 1;
      const spec: ProductSpec = { sku: `T-${sku}`, name: `Testprodukt ${sku}`, pointsPrice: 1_000, stock: 10, state: 'available', ...overrides };
      return (await system.store.run(
        system.store.kysely.insertInto('bonus_products').values({
          sku: spec.sku,
          name: spec.name,
          points_price: spec.pointsPrice,
          stock: spec.stock,
          state: spec.state,
          created_at: '2026-01-01T00:00:00Z',
          updated_at: '2026-01-01T00:00:00Z',
        }),
      )).lastId;
    },
    async aLaunch(launchOn, productIds, name = `Lansering ${launchOn}`) {
      return (await createLaunch({ ...system, user: users.supervisor }, { launchOn, name, productIds })).id;
    },
    async withSetting(key, value) {
      await system.store.run(
        system.store.kysely
          .insertInto('settings')
          .values({ key, value: JSON.stringify(value), updated_at: clock.now().toISOString(), updated_by: null })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) })),
      );
    },
    async balanceOf(memberId) {
      const row = await system.store.first(system.store.kysely.selectFrom('members').select('balance').where('id', '=', memberId));
      if (row === undefined) throw new Error(`no member ${memberId}`);
      return row.balance;
    },
    close() {
      desk.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
