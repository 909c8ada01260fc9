import { contextBridge, ipcRenderer } from 'electron';
import type { Result } from '../../shared/errors.js';
import { createDeskBridge } from './bridge.js';

/**
 * The sandboxed preload: exposes `window.desk` with `invoke`, `subscribe` and `connectServer`
 * (bridge.ts) and nothing else. Never hand the page `ipcRenderer` itself, nor the event objects
 * it passes (Electron security checklist). Bundled to CJS by scripts/build-main.ts, which swaps
 * the contract for a frozen list of channel names.
 */
contextBridge.exposeInMainWorld(
  'desk',
  createDeskBridge(
    (ipcChannel, ...args) => ipcRenderer.invoke(ipcChannel, ...args) as Promise<Result<unknown>>,
    (ipcChannel, listener) => {
      const heard = (_event: unknown, payload: unknown): void => listener(payload);
      ipcRenderer.on(ipcChannel, heard);
      return () => {
        ipcRenderer.removeListener(ipcChannel, heard);
      };
    },
  ),
);
