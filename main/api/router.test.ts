import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames, contract } from '../../shared/contract.js';
import { roles, type Role } from '../../shared/roles.js';
import type { Connection } from '../desk.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';

/** The contract as the router enforces it: every channel, every role (DESIGN "The contract"). */

let t: TestDesk;
const connections = {} as Record<Role, Connection>;

/** Everything stored except the sign-in bookkeeping, the member-access log and the security events of refused calls. */
function fingerprint(): string {
  const sqlite = t.desk.store.sqlite;
  const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'member_names%' ORDER BY name").all() as { name: string }[])
    .map((r) => r.name)
    .filter((n) => !['sessions', 'sign_ins', 'sign_in_throttles', 'member_access_log'].includes(n));
  const hash = createHash('sha256');
  for (const table of tables) {
    const rows = table === 'audit_log' ? sqlite.prepare("SELECT * FROM audit_log WHERE action NOT LIKE 'security.%'").all() : sqlite.prepare(`SELECT * FROM "${table}"`).all();
    hash.update(table + JSON.stringify(rows));
  }
  return hash.digest('hex');
}

beforeAll(async () => {
  t = await testDesk();
  const m = await t.aMember({ firstName: 'Bjørn', lastName: 'Ødegård' });
  await t.earn(m, 1_500, '2026-01-10');
  for (const role of roles) connections[role] = await t.as(role);
});
afterAll(() => t.close());

describe('router', () => {
  it('answers unknown_channel for a channel that is not in the contract', async () => {
    const result = await connections.agent.invoke('members.drop', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(await connections.agent.invoke({ toString: 1 }, {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it.each(channelNames)('%s answers invalid_input to malformed input from a role that may call it', async (name) => {
    const def = contract[name];
    const role: Role = def.roles === 'public' ? 'agent' : (def.roles[0] as Role);
    const c = def.roles === 'public' ? t.desk.connect() : connections[role];
    for (const bad of [42, 'text', [1, 2], { __unexpected: true }]) {
      const result = await c.invoke(name, bad);
      expect(result, `${name} with ${JSON.stringify(bad)}`).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });

  it.each(channelNames.filter((n) => contract[n].roles !== 'public'))('%s answers forbidden to every other role and changes nothing', async (name) => {
    const allowed = contract[name].roles as readonly Role[];
    const before = fingerprint();
    for (const role of roles.filter((r) => !allowed.includes(r))) {
      const result = await connections[role].invoke(name, {});
      expect(result, `${role} calling ${name}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(fingerprint()).toBe(before);
  });

  it('answers unauthenticated before sign-in and after sign-out', async () => {
    const c = t.desk.connect();
    expect(await c.invoke('members.search', { query: 'x' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    await c.call('auth.login', { username: 'agent', password: 'pw-agent-123' });
    expect(await c.invoke('members.search', { query: 'x' })).toMatchObject({ ok: true });
    await c.call('auth.logout', {});
    expect(await c.invoke('members.search', { query: 'x' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });
});
