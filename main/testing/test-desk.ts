import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../shared/roles.js';
import { TestClock } from '../clock.js';
import { openDesk, type Connection, type Desk } from '../desk.js';
import { createUser } from '../services/auth.js';
import type { ServiceContext, SessionUser } from '../services/context.js';
import { bookEarning } from '../services/ledger.js';
import { enrolMember, type NewMemberInput } from '../services/lifecycle.js';

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
  aMember(overrides?: Partial<NewMemberInput>): number;
  earn(memberId: number, points: number, earnedOn: string): number;
  close(): void;
}

let memberNo = 500_000;

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
    const u = createUser(system, { username: role, displayName: `Test ${role}`, role, password: testPassword(role) });
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
    aMember(overrides = {}) {
      memberNo += 1;
      return enrolMember(system, {
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
      }).memberId;
    },
    earn(memberId, points, earnedOn) {
      return system.store.q.transaction(
        () => bookEarning(system, memberId, points, earnedOn, { channel: 'file', reason: 'test earning', effectiveOn: earnedOn }).lotId,
      );
    },
    close() {
      desk.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
