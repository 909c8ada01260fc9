import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BridgeEvent } from '../../shared/events.js';
import { serveDesk, type ServedDesk } from '../testing/served-desk.js';
import { testDesk, testPassword, type TestDesk } from '../testing/test-desk.js';
import { createInvokeHandler, type InvokeEvent } from './ipc.js';
import { RemoteConnection } from './remote.js';
import { APP_URL } from './security.js';

/**
 * Server mode (issue 11): a window's RemoteConnection against a REAL desk server (Fastify over
 * a desk on a temp SQLite file, plain HTTP on 127.0.0.1). Nothing but Electron is played: the
 * IPC sender below is a stand-in for a WebContents.
 */

const GENEROUS = { loginPerClient: { max: 10_000, windowMs: 60_000 }, loginPerAccount: { max: 10_000, windowMs: 60_000 } };
const FAST_STREAM = { backoff: { firstMs: 30, maxMs: 200 }, connectTimeoutMs: 2_000 };

let t: TestDesk;
let served: ServedDesk;
/** Every Set-Cookie the server sent, seen on the way past (fetch itself is the real one). */
const setCookies: string[] = [];
const realFetch = globalThis.fetch;

beforeAll(async () => {
  t = await testDesk();
  served = await serveDesk(t.desk, { limits: GENEROUS });
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const response = await realFetch(input, init);
    setCookies.push(...response.headers.getSetCookie());
    return response;
  });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await served?.close();
  t?.close();
});

const opened: RemoteConnection[] = [];
afterEach(async () => {
  for (const c of opened.splice(0)) await c.end();
});
const remote = (url = served.url, extra: Partial<ConstructorParameters<typeof RemoteConnection>[0]> = {}): RemoteConnection => {
  const c = new RemoteConnection({ url, stream: FAST_STREAM, ...extra });
  opened.push(c);
  return c;
};

/** The session tokens the server handed out (the values of the session cookie). */
const tokens = (): string[] => setCookies.map((line) => /^desk_session=([^;]*)/.exec(line)?.[1] ?? '').filter((v) => v !== '');

/** Asks the server directly, with a cookie, who it is signed in as. */
async function whoIs(token: string): Promise<unknown> {
  const response = await realFetch(new URL('/api/invoke', served.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `desk_session=${token}` },
    body: JSON.stringify({ channel: 'auth.me', input: {} }),
  });
  return ((await response.json()) as { value: { user: unknown } }).value.user;
}

const until = async (check: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('RemoteConnection against a desk server', () => {
  it('signs in, calls, and signs out; the cookie stays in main and the token is in no result', async () => {
    const c = remote();
    await expect(c.invoke('auth.me', {})).resolves.toEqual({ ok: true, value: { user: null } });
    expect(c.signedIn()).toBe(false);

    const before = tokens().length;
    const login = await c.invoke('auth.login', { username: 'admin', password: testPassword('admin') });
    expect(login).toMatchObject({ ok: true, value: { user: { username: 'admin', role: 'admin' } } });
    expect(c.signedIn()).toBe(true);
    const token = tokens().at(-1) ?? '';
    expect(tokens().length).toBe(before + 1);
    expect(token.length).toBeGreaterThan(20);

    const list = await c.invoke('users.list', {});
    expect(list.ok).toBe(true);
    const names = list.ok ? (list.value as { users: { username: string }[] }).users.map((u) => u.username) : [];
    expect(names).toEqual(expect.arrayContaining(['agent', 'supervisor', 'manager', 'admin']));
    // The typed form, for Node callers.
    await expect(c.call('auth.me', {})).resolves.toMatchObject({ user: { username: 'admin' } });

    // What would cross to the page: the body's result only, no cookie, no token.
    for (const result of [login, list]) {
      const text = JSON.stringify(result);
      expect(text).not.toContain(token);
      expect(text.toLowerCase()).not.toContain('cookie');
      expect(text).not.toContain('desk_session');
    }

    await expect(c.invoke('auth.logout', {})).resolves.toEqual({ ok: true, value: { ok: true } });
    expect(c.signedIn()).toBe(false);
    await expect(c.invoke('auth.me', {})).resolves.toEqual({ ok: true, value: { user: null } });
    // The server ended that session: the token is worth nothing now.
    await expect(whoIs(token)).resolves.toBeNull();
  });

  it('refuses and translates like the embedded desk: bad password, wrong role, unknown channel', async () => {
    const c = remote();
    await expect(c.invoke('auth.login', { username: 'agent', password: 'wrong-password' })).resolves.toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    await expect(c.invoke('users.list', {})).resolves.toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    await c.call('auth.login', { username: 'agent', password: testPassword('agent') });
    await expect(c.invoke('users.list', {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await expect(c.invoke('nope.nothing', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    await expect(c.call('users.list', {})).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('end() signs out on the server, so a closed window leaves no usable session', async () => {
    const c = remote();
    await c.call('auth.login', { username: 'supervisor', password: testPassword('supervisor') });
    const token = tokens().at(-1) ?? '';
    await expect(whoIs(token)).resolves.toMatchObject({ username: 'supervisor' });
    await c.end();
    expect(c.signedIn()).toBe(false);
    await expect(whoIs(token)).resolves.toBeNull();
    await c.end();
  });

  it('answers unavailable, never throws, when nothing listens at the address', async () => {
    const gone = await serveDesk(t.desk);
    const url = gone.url;
    await gone.close();
    const c = remote(url);
    const events: BridgeEvent[] = [];
    c.onEvent((e) => events.push(e));
    await expect(c.invoke('setup.status', {})).resolves.toMatchObject({ ok: false, error: { code: 'unavailable', details: { reason: 'network' } } });
    expect(events).toEqual([{ kind: 'connection', state: 'lost' }]);
    await expect(c.call('setup.status', {})).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('answers unavailable when the server takes the connection and never answers (a deadline, not a hang)', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', () => done()));
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const c = remote(`http://127.0.0.1:${port}`, { timeoutMs: 300 });
      await expect(c.invoke('auth.me', {})).resolves.toMatchObject({ ok: false, error: { code: 'unavailable', details: { reason: 'timeout' } } });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => silent.close(() => done()));
    }
  });

  it('hears what other desks change, and that its own session ended', async () => {
    const agent = remote();
    const heard: BridgeEvent[] = [];
    agent.onEvent((e) => heard.push(e));
    await agent.call('auth.login', { username: 'agent', password: testPassword('agent') });
    await until(() => agent.streaming(), 'the event stream');

    const admin = remote();
    await admin.call('auth.login', { username: 'admin', password: testPassword('admin') });
    const created = await admin.call('users.create', { username: 'kari', displayName: 'Kari Nordmann', role: 'agent', password: 'kari-passord-1' });
    await until(() => heard.some((e) => e.kind === 'changed' && e.topics.includes('users')), 'the users event');

    // Kari signs in on a third desk and is deactivated: that desk hears signed_out and is signed out.
    const kari = remote();
    const kariHeard: BridgeEvent[] = [];
    kari.onEvent((e) => kariHeard.push(e));
    await kari.call('auth.login', { username: 'kari', password: 'kari-passord-1' });
    await until(() => kari.streaming(), 'kari’s stream');
    await admin.call('users.update', { userId: created.user.id, active: false });
    await until(() => kariHeard.some((e) => e.kind === 'signed_out'), 'signed_out');
    expect(kari.signedIn()).toBe(false);
    expect(agent.signedIn()).toBe(true);
  });

  it('says the connection was lost when the server stops, and restored when it is back', async () => {
    const own = await serveDesk(t.desk, { limits: GENEROUS });
    const port = Number(new URL(own.url).port);
    const c = remote(own.url);
    const heard: BridgeEvent[] = [];
    c.onEvent((e) => heard.push(e));
    await c.call('auth.login', { username: 'manager', password: testPassword('manager') });
    await until(() => c.streaming(), 'the event stream');

    await own.close();
    await until(() => heard.some((e) => e.kind === 'connection' && e.state === 'lost'), 'lost');
    await expect(c.invoke('auth.me', {})).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });

    const back = await serveDesk(t.desk, { port, limits: GENEROUS });
    try {
      await until(() => heard.some((e) => e.kind === 'connection' && e.state === 'restored'), 'restored');
      await until(() => c.streaming(), 'the stream again');
      // The session lives in the store, so the desk is still signed in after the restart.
      await expect(c.invoke('auth.me', {})).resolves.toMatchObject({ ok: true, value: { user: { username: 'manager' } } });
      expect(heard.filter((e) => e.kind === 'connection')).toEqual([
        { kind: 'connection', state: 'lost' },
        { kind: 'connection', state: 'restored' },
      ]);
    } finally {
      await c.end();
      await back.close();
    }
  });
});

class FakeSender extends EventEmitter {
  readonly sent: [string, unknown][] = [];
  url = APP_URL;
  destroyed = false;
  constructor(readonly id: number) {
    super();
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.url;
  }
}

describe('desk:invoke in server mode', () => {
  it('goes to the server; the page gets results without the session, and the events of its own session', async () => {
    const win = new FakeSender(7);
    const made: RemoteConnection[] = [];
    const handler = createInvokeHandler({
      connect: () => {
        const c = remote();
        made.push(c);
        return c;
      },
      isOurWebContents: (id) => id === 7,
    });
    const ours: InvokeEvent = { sender: win, senderFrame: { url: APP_URL, parent: null } };
    const before = tokens().length;
    const results = [
      await handler(ours, 'setup.status', {}),
      await handler(ours, 'auth.login', { username: 'agent', password: testPassword('agent') }),
      await handler(ours, 'auth.me', {}),
    ];
    expect(results[0]).toEqual({ ok: true, value: { needsSetup: false } });
    expect(results[2]).toMatchObject({ ok: true, value: { user: { username: 'agent' } } });
    const token = tokens().at(-1) ?? '';
    expect(tokens().length).toBe(before + 1);
    for (const result of results) expect(JSON.stringify(result)).not.toContain(token);
    expect(made).toHaveLength(1);

    await until(() => made[0]?.streaming() === true, 'the event stream');
    const admin = remote();
    await admin.call('auth.login', { username: 'admin', password: testPassword('admin') });
    await admin.call('users.create', { username: 'ola', displayName: 'Ola Hansen', role: 'agent', password: 'ola-passord-12' });
    await until(() => win.sent.length > 0, 'an event sent to the window');
    expect(win.sent[0]).toEqual(['desk:event', { kind: 'changed', topics: ['users'] }]);
    expect(JSON.stringify(win.sent)).not.toContain(token);

    // A window no longer showing our page hears nothing.
    win.url = 'https://evil.example/';
    const count = win.sent.length;
    const reached: BridgeEvent[] = [];
    const stop = made[0]?.onEvent((e) => reached.push(e));
    await admin.call('users.create', { username: 'per', displayName: 'Per Berg', role: 'agent', password: 'per-passord-12' });
    await until(() => reached.length > 0, 'the event to reach main');
    expect(win.sent.length).toBe(count);
    stop?.();

    // Closing the window signs its session out on the server.
    win.emit('destroyed');
    await until(() => made[0]?.signedIn() === false, 'sign-out');
    await until(() => made[0]?.streaming() === false, 'the stream to close');
  });
});
