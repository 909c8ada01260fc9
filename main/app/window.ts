import { BrowserWindow } from 'electron';
import { APP_URL, windowOptions } from './security.js';

export interface MainWindowOptions {
  preload: string;
  dev: boolean;
  icon?: string;
  log?(message: string): void;
}

/** A renderer that crashes this often is left as it is rather than reloaded forever. */
const MAX_RELOADS_AFTER_CRASH = 3;

/**
 * The desk's one window. Its web contents are hardened by `app.on('web-contents-created')`
 * (main.ts, security.ts) before it loads anything; it loads our page from app://desk/.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow(
    windowOptions({ preload: options.preload, dev: options.dev, ...(options.icon === undefined ? {} : { icon: options.icon }) }),
  );
  win.once('ready-to-show', () => win.show());

  let reloads = 0;
  win.webContents.on('render-process-gone', (_event, details) => {
    options.log?.(`renderer gone: ${details.reason} (exit code ${details.exitCode})`);
    // A crashed page is blank: start it again (at sign-in) instead of leaving the agent stuck.
    if (details.reason !== 'clean-exit' && reloads < MAX_RELOADS_AFTER_CRASH && !win.isDestroyed()) {
      reloads++;
      win.webContents.reload();
    }
  });

  void win.loadURL(APP_URL);
  return win;
}

/** A second start of the app brings the first window forward instead of opening another desk. */
export function focusWindow(win: BrowserWindow | null): void {
  if (win === null || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
