import { BrowserWindow } from 'electron';
import { APP_URL } from './security.js';

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
 *
 * The webPreferences are written out here, at the constructor, on purpose: a reader, a reviewer
 * and a scanner (electronegativity) see every setting where the window is made. Each line is an
 * item of Electron's security checklist (numbers as in docs/security.md, "Electron checklist");
 * security.test.ts and window.test.ts assert them on what the constructor receives.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    title: 'Bonus desk',
    show: false,
    backgroundColor: '#ffffff',
    ...(options.icon === undefined ? {} : { icon: options.icon }),
    webPreferences: {
      // The bundled, sandboxed preload (dist/main/preload.cjs): it exposes window.desk.invoke only.
      preload: options.preload,
      // #3: the preload's world and the page's world are separate; only contextBridge crosses.
      contextIsolation: true,
      // #4: the renderer runs in Chromium's OS sandbox; the preload gets no Node.
      sandbox: true,
      // #2: no Node in the page, its workers or its frames.
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      // #6: the same-origin policy stays on.
      webSecurity: true,
      // #8: no http content in our secure app:// page.
      allowRunningInsecureContent: false,
      // #9: no experimental web platform features (and #10: no enableBlinkFeatures at all).
      experimentalFeatures: false,
      // #13: a middle click (auxclick) on a link must not open or navigate anything.
      disableBlinkFeatures: 'Auxclick',
      // #11, #12: no <webview>.
      webviewTag: false,
      // #13: a file or link dropped on the window must not replace the desk.
      navigateOnDragDrop: false,
      // Chromium's spellchecker downloads dictionaries; the desk makes no network calls.
      spellcheck: false,
      // Chromium's consecutive-dialog protection: a page looping alert() can be stopped.
      safeDialogs: true,
      // Developer tools only unpackaged (`npm start`), never in the installed app.
      devTools: options.dev,
    },
  });
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
