import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskEvent } from '../../shared/events.js';
import { testDesk, testPassword, type TestDesk } from '../testing/test-desk.js';
import { PlainHttpRefused, SECURE_SESSION_COOKIE, SESSION_COOKIE, startDeskServer, type DeskServer, type DeskServerOptions } from './server.js';

/**
 * The desk server over real HTTP on 127.0.0.1 (issue 11): the same router and store as the
 * embedded desk, a cookie session, and the protections a network brings.
 */

let t: TestDesk;
let server: DeskServer;

async function start(extra: Partial<DeskServerOptions> = {}): Promise<DeskServer> {
  server = await startDeskServer({ backend: t.desk, host: '127.0.0.1', port: 0, rendererRoot: null, ...extra });
  return server;
}

beforeEach(async () => {
  t = await testDesk();
});
afterEach(async () => {
  await server?.close();
  t.close();
});

/** A non-browser client: one cookie jar, as the Electron main process and the CLI keep. */
class Client {
  cookie: string | null = null;
  lastSetCookie: string | null = null;
  constructor(private readonly base: string) {}
  async raw(channel: string, input: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(`${this.base}/api/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.cookie === null ? {} : { cookie: this.cookie }), ...headers },
      body: JSON.stringify({ channel, input }),
    });
    const set = response.headers.get('set-cookie');
    if (set !== null) {
      this.lastSetCookie = set;
      const [pair] = set.split(';');
      const value = pair?.split('=')[1] ?? '';
      this.cookie = value === '' ? null : (pair ?? null);
    }
    return response;
  }
  async invoke(channel: string, input: unknown = {}): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
    const response = await this.raw(channel, input);
    expect(response.status).toBe(200);
    return (await response.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  }
  async login(username: string, password: string = testPassword(username as 'agent')): Promise<void> {
    const result = await this.invoke('auth.login', { username, password });
    expect(result.ok, JSON.stringify(result)).toBe(true);
  }
}

/** Reads an event stream until `until` says stop or the stream ends (bounded by count and time). */
async function readEvents(response: Response, until: (events: DeskEvent[]) => boolean, maxMs = 15_000): Promise<{ events: DeskEvent[]; ended: boolean }> {
  const body = response.body;
  if (body === null) throw new Error('no body');
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: DeskEvent[] = [];
  let buffer = '';
  const deadline = setTimeout(() => void reader.cancel(), maxMs);
  try {
    for (let i = 0; i < 1_000; i += 1) {
      const { value, done } = await reader.read();
      if (done) return { events, ended: true };
      buffer += decoder.decode(value, { stream: true });
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        for (const line of block.split('\n')) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as DeskEvent);
        cut = buffer.indexOf('\n\n');
      }
      if (until(events)) return { events, ended: false };
    }
    return { events, ended: false };
  } finally {
    clearTimeout(deadline);
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (check()) return;
    await new Promise((done) => setTimeout(done, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the desk server over HTTP', () => {
  it('answers health with the schema version while the store is open', async () => {
    await start();
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, schemaVersion: '0012_billing_feed', engine: 'sqlite' });
  });

  it('signs in with an HttpOnly SameSite=Strict cookie the reply body never carries, calls with it, and signs out', async () => {
    await start();
    const agent = new Client(server.url);
    expect(await agent.invoke('members.search', { query: 'Nordmann' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });

    const response = await agent.raw('auth.login', { username: 'agent', password: testPassword('agent') });
    expect(response.status).toBe(200);
    const text = await response.text();
    const cookie = agent.lastSetCookie ?? '';
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{16,}`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    const token = /=([^;]+)/.exec(cookie)?.[1] ?? 'missing';
    expect(text).not.toContain(token);
    expect(JSON.parse(text)).toMatchObject({ ok: true, value: { user: { username: 'agent', role: 'agent' } } });

    await t.aMember({ lastName: 'Serverstad' });
    const found = await agent.invoke('members.search', { query: 'Serverstad' });
    expect(found.ok).toBe(true);
    expect(JSON.stringify(found.value)).toContain('Serverstad');

    const out = await agent.raw('auth.logout', {});
    expect(out.status).toBe(200);
    expect(agent.lastSetCookie ?? '').toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
    // The old token is worth nothing even if a client kept it.
    const replay = await fetch(`${server.url}/api/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `${SESSION_COOKIE}=${token}` },
      body: JSON.stringify({ channel: 'members.search', input: { query: 'Serverstad' } }),
    });
    expect(await replay.json()).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('a refusal is a result (HTTP 200 with the contract error), and a call from a foreign origin is refused before it reaches the desk', async () => {
    await start();
    const agent = new Client(server.url);
    await agent.login('agent');
    const forbidden = await agent.invoke('users.list', {});
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const signInsBefore = t.desk.store.sqlite.prepare('SELECT count(*) FROM sign_ins').pluck().get();
    const foreign = await agent.raw('auth.login', { username: 'admin', password: testPassword('admin') }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(t.desk.store.sqlite.prepare('SELECT count(*) FROM sign_ins').pluck().get()).toBe(signInsBefore);
    // The server's own origin is fine (a browser page it served).
    const own = await agent.raw('auth.me', {}, { origin: server.url });
    expect(own.status).toBe(200);
    // A browser's cross-site fetch says so even without an Origin.
    const crossSite = await agent.raw('auth.me', {}, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
  });

  it('refuses a request for another host name (DNS rebinding) on the loopback address', async () => {
    await start();
    // fetch may not set Host; node:http may, as a rebound browser page effectively does.
    const { request } = await import('node:http');
    const reply = await new Promise<{ status: number; text: string }>((done, fail) => {
      const req = request(`${server.url}/api/health`, { headers: { host: `rebind.evil.example:${new URL(server.url).port}` } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', fail);
      req.end();
    });
    expect(reply.status).toBe(421);
    expect(JSON.parse(reply.text)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // localhost by name is the same machine and is answered.
    expect((await fetch(server.url.replace('127.0.0.1', 'localhost') + '/api/health')).status).toBe(200);
  });

  it('takes only application/json, refuses an oversized body before sign-in, and never shows a stack', async () => {
    await start({ limits: { smallBody: 4_096, largeBody: 1_000_000 } });
    const plain = await fetch(`${server.url}/api/invoke`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"channel":"auth.me","input":{}}' });
    expect(plain.status).toBe(415);
    expect(await plain.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const big = JSON.stringify({ channel: 'auth.login', input: { username: 'x'.repeat(10_000), password: 'y' } });
    const oversized = await fetch(`${server.url}/api/invoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(oversized.status).toBe(413);
    expect(await oversized.json()).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'The request is too large.' } });

    // Signed in, a bigger body (an earnings file) is read; past the large limit it is refused too.
    const supervisor = new Client(server.url);
    await supervisor.login('supervisor');
    const medium = await supervisor.raw('members.search', { query: 'x'.repeat(9_000) });
    expect(medium.status).toBe(200);
    const huge = await supervisor.raw('members.search', { query: 'x'.repeat(1_100_000) });
    expect(huge.status).toBe(413);

    const broken = await fetch(`${server.url}/api/invoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"channel": "auth.me", "input": {' });
    expect(broken.status).toBe(400);
    const text = await broken.text();
    expect(JSON.parse(text)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
    expect(text).not.toContain('node_modules');
  });

  it('rate-limits auth.login per account and per client address, on top of the store’s throttling', async () => {
    await start({ limits: { loginPerAccount: { max: 3, windowMs: 60_000 }, loginPerClient: { max: 5, windowMs: 60_000 } } });
    const guesser = new Client(server.url);
    for (let i = 0; i < 3; i += 1) {
      const r = await guesser.raw('auth.login', { username: 'supervisor', password: `wrong-${i}` });
      expect(r.status).toBe(200);
    }
    const limited = await guesser.raw('auth.login', { username: 'supervisor', password: 'wrong-4' });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ ok: false, error: { code: 'sign_in_throttled' } });
    // Another account from the same address is not limited by the first one's count ...
    expect((await guesser.raw('auth.login', { username: 'manager', password: testPassword('manager') })).status).toBe(200);
    // ... until the address has used up its own allowance.
    expect((await guesser.raw('auth.login', { username: 'agent', password: testPassword('agent') })).status).toBe(429);
    // Other channels are never limited by sign-in counts.
    expect((await guesser.raw('auth.me', {})).status).toBe(200);
  });

  it('two agents on two cookie jars see each other’s booking, and the other desk hears that stock changed', async () => {
    await start();
    const product = await t.aProduct({ name: 'Siste termokopp', stock: 1, pointsPrice: 1_000 });
    const member = await t.aMember();
    await t.earn(member, 5_000, '2026-06-01');
    const anna = new Client(server.url);
    const bo = new Client(server.url);
    await anna.login('agent');
    await bo.login('supervisor');
    expect(anna.cookie).not.toBe(bo.cookie);

    const stream = await fetch(`${server.url}/api/events`, { headers: { cookie: bo.cookie ?? '' } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    await until(() => server.streams() === 1, 'the stream to open');

    const booked = await anna.invoke('redemptions.create', {
      memberId: member,
      channel: 'phone',
      lines: [{ productId: product, quantity: 1 }],
      delivery: 'next_delivery',
      identity: { memberNo: true, address: true, email: false, phone: false },
      idempotencyKey: 'server-test-1',
      postageOre: 0,
    });
    expect(booked.ok, JSON.stringify(booked)).toBe(true);
    const heard = await readEvents(stream, (events) => events.some((e) => e.kind === 'changed' && e.topics.includes('stock')));
    expect(heard.events).toContainEqual({ kind: 'changed', topics: ['stock', 'members'], memberId: member, productIds: [product] });

    const catalog = await bo.invoke('catalog.list', {});
    const seen = (catalog.value as { products: { id: number; stock: number }[] }).products.find((p) => p.id === product);
    expect(seen?.stock).toBe(0);
    const list = await bo.invoke('redemptions.list', { memberId: member });
    expect(JSON.stringify(list.value)).toContain('Siste termokopp');
  });

  it('a deactivated user’s stream hears signed_out and closes, and their next call is refused', async () => {
    await start();
    const agent = new Client(server.url);
    const admin = new Client(server.url);
    await agent.login('agent');
    await admin.login('admin');
    const stream = await fetch(`${server.url}/api/events`, { headers: { cookie: agent.cookie ?? '' } });
    await until(() => server.streams() === 1, 'the stream to open');
    const deactivated = await admin.invoke('users.update', { userId: t.users.agent.id, active: false });
    expect(deactivated.ok, JSON.stringify(deactivated)).toBe(true);
    const heard = await readEvents(stream, (events) => events.some((e) => e.kind === 'signed_out'));
    expect(heard.events.some((e) => e.kind === 'signed_out')).toBe(true);
    await until(() => server.streams() === 0, 'the stream to close');
    expect(await agent.invoke('members.search', { query: 'x' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    // Without a session there is no stream.
    expect((await fetch(`${server.url}/api/events`, { headers: { cookie: agent.cookie ?? '' } })).status).toBe(401);
  });

  it('stops gracefully: the call under way finishes, then new calls are not taken', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((done) => {
      release = done;
    });
    // The real desk, with one call held at the door until the test lets it through.
    const backend: DeskServerOptions['backend'] = {
      handle: async (token, channel, input, meta) => {
        if (channel === 'members.search') await gate;
        return t.desk.handle(token, channel, input, meta);
      },
      onEvent: (listener) => t.desk.onEvent(listener),
      health: () => t.desk.health(),
    };
    await start({ backend });
    const agent = new Client(server.url);
    await agent.login('agent');
    const underWay = agent.invoke('members.search', { query: 'Nordmann' });
    await new Promise((done) => setTimeout(done, 100));
    const closing = server.close();
    release();
    expect((await underWay).ok).toBe(true);
    await closing;
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
  });
});

describe('plain HTTP and HTTPS', () => {
  it('refuses plain HTTP on an address that is not loopback, saying how to give a certificate', async () => {
    await expect(startDeskServer({ backend: t.desk, host: '0.0.0.0', port: 0, rendererRoot: null })).rejects.toThrow(PlainHttpRefused);
    await expect(startDeskServer({ backend: t.desk, host: '0.0.0.0', port: 0, rendererRoot: null })).rejects.toThrow(/--tls-cert FILE --tls-key FILE/);
  });

  it('npm run serve on a non-loopback address without a certificate exits 1 with that message', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'serve.ts'), '--db', t.file.replace('desk.db', 'other.db'), '--host', '0.0.0.0', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code).toBe(1);
    expect(stderr).toContain('Plain HTTP is only allowed on a loopback address');
    expect(stderr).toContain('--tls-cert');
  }, 60_000);

  it('serves HTTPS with the given certificate: a __Host- Secure cookie and HSTS', async () => {
    const cert = join(t.dir, 'cert.pem');
    const key = join(t.dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    await start({ tls: { cert, key } });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(cert);
    const body = JSON.stringify({ channel: 'auth.login', input: { username: 'agent', password: testPassword('agent') } });
    const reply = await new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>((done, fail) => {
      const req = httpsRequest(`${server.url}/api/invoke`, { method: 'POST', ca, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, text }));
      });
      req.on('error', fail);
      req.end(body);
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text)).toMatchObject({ ok: true });
    const setCookie = String(reply.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^${SECURE_SESSION_COOKIE.replace('_', '_')}=`));
    expect(setCookie).toMatch(/Secure/);
    expect(String(reply.headers['strict-transport-security'])).toContain('max-age=31536000');
  });
});
