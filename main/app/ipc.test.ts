import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { Connection } from '../desk.js';
import { createInvokeHandler, registerDeskIpc, type InvokeEvent } from './ipc.js';
import { APP_URL } from './security.js';

class FakeSender extends EventEmitter {
  constructor(readonly id: number) {
    super();
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

  it('registers exactly one handler, on desk:invoke', async () => {
    const handlers = new Map<string, (...args: never[]) => unknown>();
    const ipcMain = {
      handle: (channel: string, listener: (...args: never[]) => unknown) => void handlers.set(channel, listener),
      removeHandler: (channel: string) => void handlers.delete(channel),
    };
    const remove = registerDeskIpc(ipcMain, { connect: () => fakeConnection(), isOurWebContents: () => false });
    expect([...handlers.keys()]).toEqual(['desk:invoke']);
    remove();
    expect(handlers.size).toBe(0);
  });
});
