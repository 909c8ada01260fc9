import type { Result } from '../../shared/errors.js';
import type { Connection } from '../desk.js';
import { checkServer, parseServerAddress, type ServerHealth } from './server-address.js';

/**
 * The first-start screen's third choice, "connect to the centre's desk server" (issue 11), as
 * main answers it. No Electron here, so it is tested as it is; main.ts gives it the window.
 *
 * It is refused unless the desk this window is on is new (`setup.status` says `needsSetup`) or
 * cannot be reached: a page that has signed in to a working desk cannot be talked into moving
 * its agents to another server (a script in the page, a mistaken click). Then the address must
 * be https:// (or http:// on this machine), a desk server must answer its health check there,
 * and the choice is saved before the window moves, so the next start goes to the same server.
 */
export interface ServerChoiceDeps {
  /** A fresh connection to the desk this window is on now, to ask `setup.status`. */
  current(): Connection;
  /** GET /api/health (server-address.ts's checkServer; tests may shorten its deadline). */
  check?(url: string): Promise<Result<ServerHealth>>;
  /** Stores the address (settings.json, whole or not at all). */
  save(url: string): void;
  /** Moves this window to the server: its connections end, the page reloads to sign-in. */
  switchTo(url: string): void | Promise<void>;
  log?(message: string): void;
}

export async function chooseServer(address: string, deps: ServerChoiceDeps): Promise<Result<ServerHealth>> {
  const parsed = parseServerAddress(address);
  if (!parsed.ok) {
    return {
      ok: false,
      error: {
        code: 'invalid_input',
        message: parsed.reason === 'insecure' ? 'A desk server on another machine must use https://.' : 'The server address is not valid.',
        details: { reason: parsed.reason },
      },
    };
  }
  const here = deps.current();
  let status: Result<unknown>;
  try {
    status = await here.invoke('setup.status', {});
  } finally {
    await here.end().catch(() => undefined);
  }
  const isNew = status.ok && typeof status.value === 'object' && status.value !== null && 'needsSetup' in status.value && status.value.needsSetup === true;
  const isGone = !status.ok && status.error.code === 'unavailable';
  if (!isNew && !isGone) {
    return { ok: false, error: { code: 'conflict', message: 'This desk is already set up; it stays where it is.', details: { reason: 'set_up' } } };
  }
  const health = await (deps.check ?? checkServer)(parsed.url);
  if (!health.ok) return health;
  deps.save(parsed.url);
  deps.log?.(`connecting to the desk server at ${parsed.url} (schema ${health.value.schemaVersion}, ${health.value.engine})`);
  await deps.switchTo(parsed.url);
  return health;
}
