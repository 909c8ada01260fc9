import type { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';

const fake = vi.hoisted(() => ({ windows: [] as unknown[] }));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class WebContents extends Emitter {
    reloads = 0;
    reload(): void {
      this.reloads++;
    }
  }
  class BrowserWindow extends Emitter {
    readonly webContents = new WebContents();
    url: string | undefined;
    shown = 0;
    constructor(readonly options: BrowserWindowConstructorOptions) {
      super();
      fake.windows.push(this);
    }
    loadURL(url: string): Promise<void> {
      this.url = url;
      return Promise.resolve();
    }
    show(): void {
      this.shown++;
    }
    focus(): void {}
    restore(): void {}
    isMinimized(): boolean {
      return false;
    }
    isDestroyed(): boolean {
      return false;
    }
  }
  return { BrowserWindow };
});

const { createMainWindow } = await import('./window.js');

interface FakeWindow extends EventEmitter {
  options: BrowserWindowConstructorOptions;
  url: string | undefined;
  shown: number;
  webContents: EventEmitter & { reloads: number };
}

describe('createMainWindow', () => {
  it('opens one hardened window on app://desk, shown when ready', () => {
    const win = createMainWindow({ preload: '/app/dist/main/preload.cjs', dev: false }) as unknown as FakeWindow;
    expect(fake.windows).toContain(win);
    const prefs = win.options.webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, devTools: false, preload: '/app/dist/main/preload.cjs' });
    expect(prefs).toMatchObject({
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      spellcheck: false,
      webviewTag: false,
      safeDialogs: true,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(win.options).toMatchObject({ width: 1280, height: 860, minWidth: 960, minHeight: 640, title: 'Bonus desk' });
    expect(win.options).not.toHaveProperty('icon');
    expect(win.url).toBe('app://desk/index.html');
    expect(win.options.show).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(1);
  });

  it('offers developer tools unpackaged, and takes the icon it is given', () => {
    const win = createMainWindow({ preload: 'p', dev: true, icon: '/app/build/icon.png' }) as unknown as FakeWindow;
    expect(win.options.webPreferences?.devTools).toBe(true);
    expect(win.options.icon).toBe('/app/build/icon.png');
  });

  it('reloads a crashed page a few times, not forever', () => {
    const win = createMainWindow({ preload: 'p', dev: false }) as unknown as FakeWindow;
    for (let i = 0; i < 5; i++) win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(win.webContents.reloads).toBe(3);
    win.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(win.webContents.reloads).toBe(3);
  });
});
