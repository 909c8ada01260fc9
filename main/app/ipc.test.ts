import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { Connection } from '../desk.js';
import type { BridgeEvent } from '../../shared/events.js';
import { createInvokeHandler, registerDeskIpc, type InvokeEvent } from './ipc.js';
import { APP_URL } from './security.js';

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

const fakeConnection = (answer: (channel: unknown) => unknown = (channel) => ({ ok: true, value: channel })): Connection & { calls: unknown[]; ended: number } => {
  const calls: unknown[] = [];
  const self: Connection & { calls: unknown[]; ended: number } = {
    calls,
    ended: 0,
    invoke: (channel, input) => {
      calls.push([channel, input]);
      return Promise.resolve(answer(channel) as never);
    },
    call: () => Promise.reject(new Error('not used')),
    signedIn: () => false,
    end: () => {
      self.ended += 1;
      return Promise.resolve();
    },
  };
  return self;
};

const eventFrom = (sender: FakeSender, url = APP_URL, parent: unknown = null): InvokeEvent => ({ sender, senderFrame: { url, parent } });

describe('desk:invoke handler', () => {
  it('refuses a foreign sender with a forbidden result, before any connection', async () => {
    const connect = vi.fn(() => fakeConnection());
    const onForbidden = vi.fn();
    const handler = createInvokeHandler({ connect, isOurWebContents: (id) => id === 1, onForbidden });
    const ours = new FakeSender(1);
    const cases: InvokeEvent[] = [
      eventFrom(ours, 'https://evil.example/'),
      eventFrom(ours, APP_URL, { url: APP_URL }),
      eventFrom(new FakeSender(2)),
      { sender: ours, senderFrame: null },
    ];
    for (const event of cases) {
      await expect(handler(event, 'auth.me', {})).resolves.toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    }
    expect(connect).not.toHaveBeenCalled();
    expect(onForbidden).toHaveBeenCalledWith('https://evil.example/');
  });

  it('keeps one connection per window, dropped when the window is destroyed or reloaded', async () => {
    const made: ReturnType<typeof fakeConnection>[] = [];
    const handler = createInvokeHandler({
      connect: () => {
        const c = fakeConnection();
        made.push(c);
        return c;
      },
      isOurWebContents: () => true,
    });
    const a = new FakeSender(1);
    const b = new FakeSender(2);
    await handler(eventFrom(a), 'auth.me', {});
    await handler(eventFrom(a), 'members.search', { query: 'x' });
    await handler(eventFrom(b), 'auth.me', {});
    expect(made).toHaveLength(2);
    expect(made[0]?.calls).toEqual([
      ['auth.me', {}],
      ['members.search', { query: 'x' }],
    ]);
    expect(handler.connections()).toBe(2);
    a.emit('destroyed');
    expect(handler.connections()).toBe(1);
    // The closed window's session ends in the store, not only in memory (issue 10).
    expect(made[0]?.ended).toBe(1);
    b.emit('did-navigate');
    expect(handler.connections()).toBe(0);
    expect(made[1]?.ended).toBe(1);
    await handler(eventFrom(b), 'auth.me', {});
    expect(made).toHaveLength(3);
    // Reloads do not pile up listeners on the window.
    for (let i = 0; i < 20; i++) {
      b.emit('did-navigate');
      await handler(eventFrom(b), 'auth.me', {});
    }
    expect(b.listenerCount('did-navigate')).toBe(1);
    expect(b.listenerCount('destroyed')).toBe(1);
    expect(b.listenerCount('render-process-gone')).toBe(1);
    // A crashed renderer ends its session as well.
    const crashed = made.at(-1);
    b.emit('render-process-gone');
    expect(crashed?.ended).toBe(1);
    expect(handler.connections()).toBe(0);
  });

  it('answers plain results, and internal when something throws', async () => {
    const onError = vi.fn();
    const handler = createInvokeHandler({
      connect: () => fakeConnection((channel) => (channel === 'boom' ? Promise.reject(new Error('boom')) : { ok: true, value: 1 })),
      isOurWebContents: () => true,
      onError,
    });
    await expect(handler(eventFrom(new FakeSender(1)), 'auth.me', {})).resolves.toEqual({ ok: true, value: 1 });
    const failed = await handler(eventFrom(new FakeSender(1)), 'boom', {});
    expect(failed).toEqual({ ok: false, error: { code: 'internal', message: expect.any(String) } });
    expect(Object.getPrototypeOf(failed)).toBe(Object.prototype);
    expect(onError).toHaveBeenCalled();
  });

  it('registers two handlers, desk:invoke and desk:connect-server, and removes both', async () => {
    const handlers = new Map<string, (...args: never[]) => unknown>();
    const ipcMain = {
      handle: (channel: string, listener: (...args: never[]) => unknown) => void handlers.set(channel, listener),
      removeHandler: (channel: string) => void handlers.delete(channel),
    };
    const registered = registerDeskIpc(ipcMain, { connect: () => fakeConnection(), isOurWebContents: () => false });
    expect([...handlers.keys()]).toEqual(['desk:invoke', 'desk:connect-server']);
    registered.remove();
    expect(handlers.size).toBe(0);
  });

  it('sends a connection’s events to its own window only, while it shows our page, and stops when it goes', async () => {
    const listeners = new Set<(event: BridgeEvent) => void>();
    const handler = createInvokeHandler({
      connect: () => ({
        ...fakeConnection(),
        onEvent: (listener: (event: BridgeEvent) => void) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      }),
      isOurWebContents: (id) => id === 1,
    });
    const ours = new FakeSender(1);
    await handler(eventFrom(ours), 'auth.me', {});
    expect(listeners.size).toBe(1);
    const tell = (event: BridgeEvent): void => {
      for (const listener of listeners) listener(event);
    };
    tell({ kind: 'changed', topics: ['stock'] });
    tell({ kind: 'connection', state: 'lost' });
    expect(ours.sent).toEqual([
      ['desk:event', { kind: 'changed', topics: ['stock'] }],
      ['desk:event', { kind: 'connection', state: 'lost' }],
    ]);
    ours.url = 'https://evil.example/';
    tell({ kind: 'changed', topics: ['users'] });
    ours.url = APP_URL;
    ours.destroyed = true;
    tell({ kind: 'changed', topics: ['users'] });
    expect(ours.sent).toHaveLength(2);
    ours.emit('destroyed');
    expect(listeners.size).toBe(0);
  });

  it('answers desk:connect-server only for our window, with a bounded string address', async () => {
    const connectServer = vi.fn((address: string) => Promise.resolve({ ok: true as const, value: { url: address } }));
    const handler = createInvokeHandler({ connect: () => fakeConnection(), isOurWebContents: (id) => id === 1, connectServer });
    const ours = new FakeSender(1);
    await expect(handler.connectServer(eventFrom(ours, 'https://evil.example/'), 'https://desk.example')).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await expect(handler.connectServer(eventFrom(new FakeSender(2)), 'https://desk.example')).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const bad of [42, null, { url: 'x' }, 'x'.repeat(2_001)]) {
      await expect(handler.connectServer(eventFrom(ours), bad)).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(connectServer).not.toHaveBeenCalled();
    await expect(handler.connectServer(eventFrom(ours), 'https://desk.example')).resolves.toEqual({ ok: true, value: { url: 'https://desk.example' } });
    const without = createInvokeHandler({ connect: () => fakeConnection(), isOurWebContents: () => true });
    await expect(without.connectServer(eventFrom(ours), 'https://desk.example')).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('endAll ends every window’s connection; the next call makes a new one', async () => {
    const made: ReturnType<typeof fakeConnection>[] = [];
    const handler = createInvokeHandler({
      connect: () => {
        const c = fakeConnection();
        made.push(c);
        return c;
      },
      isOurWebContents: () => true,
    });
    const a = new FakeSender(1);
    await handler(eventFrom(a), 'auth.me', {});
    await handler(eventFrom(new FakeSender(2)), 'auth.me', {});
    await handler.endAll();
    expect(made.map((c) => c.ended)).toEqual([1, 1]);
    expect(a.listenerCount('did-navigate')).toBe(0);
    expect(handler.connections()).toBe(0);
    expect(a.listenerCount('destroyed')).toBe(0);
    await handler(eventFrom(a), 'auth.me', {});
    expect(made).toHaveLength(3);
  });

  it('endAll also waits for a closed window’s sign-out that is still on its way', async () => {
    let finish = (): void => undefined;
    const slow: Connection = { ...fakeConnection(), end: () => new Promise<void>((done) => (finish = done)) };
    const handler = createInvokeHandler({ connect: () => slow, isOurWebContents: () => true });
    const a = new FakeSender(1);
    await handler(eventFrom(a), 'auth.me', {});
    a.emit('destroyed');
    let waited = false;
    const all = handler.endAll().then(() => void (waited = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(waited).toBe(false);
    finish();
    await all;
    expect(waited).toBe(true);
  });
});
