/**
 * `npm run serve -- --db FILE [--host H] [--port P] [--tls-cert C --tls-key K] [--origin URL]`:
 * the desk server (issue 11) over the same router, services and store as the embedded desk.
 * On SQLite it is the only process that opens the file. SIGTERM or SIGINT stops it gracefully:
 * no new calls, the calls under way finish, the event streams close, running jobs stop between
 * batches (the monthly run resumes on the next start), and the store closes.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { systemClock } from '../clock.js';
import { openDesk, type Desk } from '../desk.js';
import { PlainHttpRefused, startDeskServer, type DeskServer } from './server.js';

const USAGE =
  'usage: npm run serve -- --db FILE [--host 127.0.0.1] [--port 8080] [--tls-cert CERT.pem --tls-key KEY.pem] [--origin https://desk.example:8443]\n' +
  '  --db FILE        the desk database (or DESK_DB); created with the first-start screen when new\n' +
  '  --host H         the address to listen on (default 127.0.0.1); plain HTTP only on a loopback address\n' +
  '  --port P         the port (default 8080)\n' +
  '  --tls-cert/-key  PEM files for HTTPS (docs/operations.md shows how to make them)\n' +
  '  --origin URL     the address browsers use when it is not the one listened on (repeatable)';

export interface ServeOptions {
  db: string;
  host: string;
  port: number;
  tls?: { cert: string; key: string } | undefined;
  origins: string[];
  rendererRoot: string | null;
}

export class ServeUsageError extends Error {}

/** The built renderer beside the sources (npm run build:renderer writes dist/renderer). */
export function defaultRendererRoot(): string | null {
  const root = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
  return existsSync(join(root, 'index.html')) ? root : null;
}

export function parseServeArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, cwd: string): ServeOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        db: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        origin: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new ServeUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) throw new ServeUsageError('');
  const db = values.db ?? (env['DESK_DB']?.trim() === '' ? undefined : env['DESK_DB']);
  if (db === undefined) throw new ServeUsageError('--db FILE (or DESK_DB) is required');
  const port = Number(values.port ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ServeUsageError(`--port ${values.port ?? ''} is not a port number`);
  const cert = values['tls-cert'];
  const key = values['tls-key'];
  if ((cert === undefined) !== (key === undefined)) throw new ServeUsageError('--tls-cert and --tls-key go together');
  for (const file of [cert, key]) if (file !== undefined && !existsSync(file)) throw new ServeUsageError(`${file} does not exist`);
  const origins = values.origin ?? [];
  for (const origin of origins) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) throw new ServeUsageError(`--origin ${origin} must look like https://host:port (no path)`);
  }
  return {
    db: resolve(cwd, db),
    host: values.host ?? '127.0.0.1',
    port,
    tls: cert !== undefined && key !== undefined ? { cert, key } : undefined,
    origins,
    rendererRoot: defaultRendererRoot(),
  };
}

/** Opens the desk and starts the server; what `npm run serve` and `npm start`'s browser fallback run. */
export async function serve(options: ServeOptions, log: (line: string) => void): Promise<{ desk: Desk; server: DeskServer; stop(): Promise<void> }> {
  const desk = await openDesk({
    file: options.db,
    clock: systemClock,
    backupDir: join(dirname(options.db), 'backups'),
    onInternalError: (error, channel) => log(`internal error in ${channel}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });
  let server: DeskServer;
  try {
    server = await startDeskServer({ backend: desk, host: options.host, port: options.port, tls: options.tls, origins: options.origins, rendererRoot: options.rendererRoot, log });
  } catch (error) {
    desk.close();
    throw error;
  }
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      log('stopping: no new calls; waiting for the calls under way and for running jobs to park');
      await server.close();
      await desk.shutdown();
      log('stopped');
    })();
    return stopping;
  };
  return { desk, server, stop };
}

async function main(): Promise<number> {
  const log = (line: string): void => {
    process.stderr.write(`[desk-server] ${line}\n`);
  };
  let options: ServeOptions;
  try {
    options = parseServeArgs(process.argv.slice(2), process.env, process.cwd());
  } catch (error) {
    if (error instanceof ServeUsageError) {
      if (error.message !== '') process.stderr.write(`error: ${error.message}\n`);
      process.stderr.write(`${USAGE}\n`);
      return error.message === '' ? 0 : 1;
    }
    throw error;
  }
  if (options.rendererRoot === null) log('dist/renderer is missing: serving the API only (run `npm run build:renderer` for the browser desk)');
  let running;
  try {
    running = await serve(options, log);
  } catch (error) {
    process.stderr.write(`error: ${error instanceof PlainHttpRefused || error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  process.stdout.write(`Bonus desk server: ${running.server.url}/ (database ${options.db})\n`);
  await new Promise<void>((done) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      log(`${signal}`);
      running.stop().then(done, (error: unknown) => {
        log(`stop failed: ${error instanceof Error ? error.message : String(error)}`);
        done();
      });
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
