import { startDeskServer, type DeskBackend, type DeskServer, type DeskServerOptions } from '../server/server.js';

/**
 * A real desk server (main/server/server.ts) over a test's desk, on 127.0.0.1 and a free port,
 * plain HTTP (loopback): what the Electron app's server mode (main/app/remote.ts) talks to in
 * the tests. API only (no renderer). The caller closes the desk after `close()`.
 */
export interface ServedDesk {
  readonly url: string;
  readonly server: DeskServer;
  /** Server log lines (refused origins, internal errors), for assertions and failures. */
  readonly log: string[];
  close(): Promise<void>;
}

export async function serveDesk(backend: DeskBackend, options: { port?: number; limits?: DeskServerOptions['limits'] } = {}): Promise<ServedDesk> {
  const log: string[] = [];
  const server = await startDeskServer({ backend, host: '127.0.0.1', port: options.port ?? 0, rendererRoot: null, ...(options.limits === undefined ? {} : { limits: options.limits }), log: (line) => log.push(line) });
  return { url: server.url, server, log, close: () => server.close() };
}
