import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeskBridge } from './bridge.js';

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn((..._args: unknown[]) => Promise.resolve({ ok: true, value: 'from main' })),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: { invoke: electron.invoke },
}));

await import('./preload.js');
const desk = electron.exposed.get('desk') as DeskBridge;

describe('preload', () => {
  beforeEach(() => electron.invoke.mockClear());

  it('exposes window.desk with invoke and nothing else', () => {
    expect([...electron.exposed.keys()]).toEqual(['desk']);
    expect(Object.keys(desk)).toEqual(['invoke']);
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
});
