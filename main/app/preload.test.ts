import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeskBridge } from './bridge.js';

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn((..._args: unknown[]) => Promise.resolve({ ok: true, value: 'from main' })),
  listeners: new Map<string, ((event: unknown, ...args: unknown[]) => void)[]>(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    invoke: electron.invoke,
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      electron.listeners.set(channel, [...(electron.listeners.get(channel) ?? []), listener]);
    },
    removeListener: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      electron.listeners.set(channel, (electron.listeners.get(channel) ?? []).filter((l) => l !== listener));
    },
  },
}));

/** What main's webContents.send does: every ipcRenderer listener hears (Electron's event object, payload). */
const fromMain = (channel: string, payload: unknown): void => {
  const ipcEvent = { sender: { secret: 'ipcRenderer' }, ports: [] };
  for (const listener of electron.listeners.get(channel) ?? []) listener(ipcEvent, payload);
};

await import('./preload.js');
const desk = electron.exposed.get('desk') as DeskBridge;

describe('preload', () => {
  beforeEach(() => electron.invoke.mockClear());

  it('exposes window.desk with invoke, subscribe and connectServer, and nothing else', () => {
    expect([...electron.exposed.keys()]).toEqual(['desk']);
    expect(Object.keys(desk)).toEqual(['invoke', 'subscribe', 'connectServer']);
    // Nothing is listened to before the page subscribes.
    expect(electron.listeners.get('desk:event') ?? []).toHaveLength(0);
  });

  it('rejects a channel the contract does not declare, without a message to main', async () => {
    for (const channel of ['nope.nothing', 'desk:invoke', '__proto__', 'constructor', 42, null, { toString: () => 'auth.me' }]) {
      const result = await desk.invoke(channel, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
    expect(electron.invoke).not.toHaveBeenCalled();
  });

  it('sends a declared channel over the one IPC message', async () => {
    await expect(desk.invoke('auth.me', {})).resolves.toEqual({ ok: true, value: 'from main' });
    expect(electron.invoke).toHaveBeenCalledWith('desk:invoke', 'auth.me', {});
  });

  it('hands the page only the events main sends, never Electron’s event object, with one IPC listener for all', () => {
    const a: unknown[][] = [];
    const b: unknown[][] = [];
    const stopA = desk.subscribe((...args: unknown[]) => void a.push(args));
    const stopB = desk.subscribe((...args: unknown[]) => void b.push(args));
    expect(electron.listeners.get('desk:event')).toHaveLength(1);
    fromMain('desk:event', { kind: 'changed', topics: ['stock'] });
    fromMain('desk:event', 'junk');
    fromMain('desk:event', null);
    fromMain('other:channel', { kind: 'changed', topics: ['users'] });
    expect(a).toEqual([[{ kind: 'changed', topics: ['stock'] }]]);
    expect(b).toEqual(a);
    expect(JSON.stringify(a)).not.toContain('ipcRenderer');
    stopA();
    stopA();
    fromMain('desk:event', { kind: 'connection', state: 'lost' });
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(2);
    stopB();
    expect(electron.listeners.get('desk:event')).toHaveLength(0);
  });

  it('a page listener that throws does not keep the event from the others', () => {
    const heard: unknown[] = [];
    const stopBad = desk.subscribe(() => {
      throw new Error('page bug');
    });
    const stopGood = desk.subscribe((event) => void heard.push(event));
    fromMain('desk:event', { kind: 'changed', topics: ['jobs'] });
    expect(heard).toEqual([{ kind: 'changed', topics: ['jobs'] }]);
    stopBad();
    stopGood();
  });

  it('sends a server address on desk:connect-server, and refuses what is not a bounded string without asking main', async () => {
    for (const bad of [42, null, undefined, { toString: () => 'https://x' }, 'x'.repeat(2_001)]) {
      await expect(desk.connectServer(bad)).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(electron.invoke).not.toHaveBeenCalled();
    await expect(desk.connectServer('https://desk.example')).resolves.toEqual({ ok: true, value: 'from main' });
    expect(electron.invoke).toHaveBeenCalledWith('desk:connect-server', 'https://desk.example');
  });
});
