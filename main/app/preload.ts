import { contextBridge, ipcRenderer } from 'electron';
import type { Result } from '../../shared/errors.js';
import { createDeskBridge } from './bridge.js';

/**
 * The sandboxed preload: exposes `window.desk.invoke` and nothing else. Never hand the page
 * `ipcRenderer` itself (Electron security checklist). Bundled to CJS by scripts/build-main.ts,
 * which swaps the contract for a frozen list of channel names.
 */
contextBridge.exposeInMainWorld(
  'desk',
  createDeskBridge((ipcChannel, channel, input) => ipcRenderer.invoke(ipcChannel, channel, input) as Promise<Result<unknown>>),
);
