import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { clockFrom, systemClock } from '../../clock.js';
import { openDesk, type Desk } from '../../desk.js';
import type { ServiceContext } from '../../services/context.js';
import { PRODUCTION_N } from '../../services/passwords.js';
import { DeskError } from '../../../shared/errors.js';

/** What every command module exports; main/cli/index.ts lists them. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

/** A usage error: exit 1 with the message and the usage line, no stack trace. */
export class UsageError extends Error {}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = false) {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals, strict: true });
    // `--db FILE`, else DESK_DB (as for the app and the server).
    const fromEnv = process.env['DESK_DB']?.trim();
    if ('db' in options && (parsed.values as { db?: unknown }).db === undefined && fromEnv !== undefined && fromEnv !== '') {
      Object.assign(parsed.values, { db: fromEnv });
    }
    return parsed;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Opens the desk for a command, acting as the system (the ledger records the monthly run or
 * "system" as author). `--now` sets the clock (the benchmark and tests use it).
 */
export async function openForCommand(db: string | undefined, now: string | undefined): Promise<{ desk: Desk; ctx: ServiceContext }> {
  if (db === undefined) throw new UsageError('--db FILE is required');
  if (now !== undefined && Number.isNaN(new Date(now).getTime())) throw new UsageError(`--now ${now} is not an ISO instant`);
  const clock = now === undefined ? systemClock : clockFrom(now);
  const desk = await openDesk({ file: db, clock });
  return { desk, ctx: { store: desk.store, clock, user: null, passwords: { N: PRODUCTION_N } } };
}

/**
 * Peak resident memory of this process so far, in MB. Linux's VmHWM belongs to this program
 * alone; getrusage's maxRSS carries the parent's peak across fork/exec (a bench that seeded
 * a million members in-process would otherwise be charged to its child).
 */
export function peakMb(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm?.[1] !== undefined) return Math.round(Number(hwm[1]) / 1024);
  } catch {
    // not Linux
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function describeError(error: unknown): string {
  if (error instanceof DeskError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
