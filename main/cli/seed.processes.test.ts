import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { TestClock } from '../clock.js';
import { isTempName } from '../db/db-files.js';
import { openDesk } from '../desk.js';
import { createUser } from '../services/auth.js';

/**
 * Issue 10, "Files are whole or absent", for the seed: `npm run desk -- seed` killed (SIGKILL) in
 * the middle builds nothing under the target's name. It seeds into a hidden temporary file beside
 * the target and renames it into place only when complete, so the target stays absent (or the
 * empty desk it was), and a fresh seed afterwards succeeds and removes the leftover. Before issue
 * 10 the killed seed left users and runs but no members, and seeding again was refused.
 */

const root = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'seed-kill-'));
const NOW = '2026-11-21T09:00:00.000Z';
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
}

function cli(args: string[]): { exited: Promise<Exit>; kill: () => boolean; alive: () => boolean; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let alive = true;
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<Exit>((done) =>
    child.on('exit', (code, signal) => {
      alive = false;
      done({ code, signal, out });
    }),
  );
  return { exited, kill: () => child.kill('SIGKILL'), alive: () => alive, output: () => out };
}

const temps = (): string[] => readdirSync(dir).filter(isTempName);

/** Seeds in a child and kills it once its temporary file holds some megabytes of members (bounded in count and time). */
async function killMidSeed(target: string): Promise<void> {
  const child = cli(['seed', '--db', target, '--members', '60000', '--batch-size', '500', '--serial', '--now', NOW]);
  const deadline = Date.now() + 180_000;
  let grown = false;
  for (let i = 0; i < 3_600 && Date.now() < deadline && !grown; i += 1) {
    if (!child.alive()) throw new Error(`the seed ended before the kill: ${child.output()}`);
    grown = temps().some((name) => !/-(wal|shm|journal)$/.test(name) && statSync(join(dir, name)).size > 4 * 1024 * 1024);
    if (!grown) await new Promise((r) => setTimeout(r, 50));
  }
  if (!grown) throw new Error(`the seed's temporary file never grew: ${child.output()}`);
  expect(child.kill()).toBe(true);
  expect((await child.exited).signal).toBe('SIGKILL');
  expect(temps().length).toBeGreaterThan(0);
}

function facts(file: string): { users: string[]; members: number } {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return {
      users: db.prepare('SELECT username FROM users ORDER BY username').pluck().all() as string[],
      members: Number(db.prepare('SELECT count(*) FROM members').pluck().get()),
    };
  } finally {
    db.close();
  }
}

describe('issue 10: a seed killed half-way', () => {
  it('leaves no target where there was none; a fresh seed then succeeds and removes the leftover', async () => {
    const target = join(dir, 'new.db');
    await killMidSeed(target);
    expect(existsSync(target)).toBe(false);

    const again = await cli(['seed', '--db', target, '--members', '40', '--now', NOW]).exited;
    expect(again.code, again.out).toBe(0);
    expect(facts(target)).toEqual({ users: ['admin', 'agent', 'manager', 'supervisor'], members: 40 });
    expect(temps()).toEqual([]);
  }, 400_000);

  it('leaves an existing empty desk as it was; a fresh seed then adds to it', async () => {
    const target = join(dir, 'empty.db');
    const clock = new TestClock(NOW);
    const desk = await openDesk({ file: target, clock, passwordN: 1024, idleCheckpointMs: 0 });
    await createUser({ store: desk.store, clock, user: null, passwords: { N: 1024 } }, { username: 'kari', displayName: 'Kari Admin', role: 'admin', password: 'et-langt-passord' });
    desk.close();

    await killMidSeed(target);
    expect(facts(target)).toEqual({ users: ['kari'], members: 0 });

    const again = await cli(['seed', '--db', target, '--members', '40', '--now', NOW]).exited;
    expect(again.code, again.out).toBe(0);
    expect(facts(target)).toEqual({ users: ['admin', 'agent', 'kari', 'manager', 'supervisor'], members: 40 });
    expect(temps()).toEqual([]);
  }, 400_000);
});
