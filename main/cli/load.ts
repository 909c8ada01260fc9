/**
 * `npm run load`: the desk server under a centre's load (issue 11, "Load").
 *
 *   npm run load -- --prepare FILE [--members 1000000]      build the database (seed + fixtures)
 *   npm run load -- --db FILE --agents 100 --minutes 10     start `npm run serve` on it, then the load
 *   npm run load -- --server http://127.0.0.1:8080 --agents 100 --minutes 10 [--db FILE]
 *
 * N agents (each its own desk: cookie jar with `desk_session`, keep-alive sockets, source address
 * 127.0.x.y so each is its own client to the server's per-address sign-in limit) search as they
 * type, open member pages, book redemptions, write notes and book held launch orders, with think
 * time, and react to the server's events as the renderer does; one supervisor starts the monthly
 * run over every member in the background (runs.startInBackground, then jobs.status). Then 20
 * agents order the last unit of a launch product at once (L5). The report: p50/p95/p99 per
 * channel (the whole load; calls sent while the monthly run went; calls clear of it), refusals
 * by code, the bookings the desks were told of against what the store lists (redemptions.list)
 * and, with --db, against the file itself (read-only; B7: none lost, none doubled, spend entries
 * equal to each total), stock moved by exactly the units booked, the last-unit outcome, and the
 * outcome of `npm run desk -- check` (B12a) and `npm run desk -- audit verify` (B14) on --db.
 *
 * Users: before the load the tool signs in as the admin (LOAD_ADMIN_USER / LOAD_ADMIN_PASSWORD,
 * default the demo admin of a seeded desk) and creates, through users.create, the users it lacks:
 * `load-supervisor` and `load-agent-001` … `load-agent-NNN`, all with the password LOAD_PASSWORD
 * (default "lasttest-passord-2026"). They stay for later runs; `--setup` only does this.
 *
 * The database: `--prepare FILE` runs `npm run desk -- seed` with the clock at the end of last
 * month (so last month's run is due) and adds the fixtures (load/prepare.ts). A monthly run can
 * be made once per month and file, so keep the prepared file and load a copy each time.
 *
 * Traffic goes only to a loopback address (anything else is refused before a connection is
 * opened); every loop is bounded in count and time. Exit 0: correct answers (goals or not); 1:
 * internal errors, lost or doubled bookings, a failed check, or not exactly one last-unit booking;
 * 2: a --server that is not this machine; 3 (only with --strict): a goal missed.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loopbackServer, NotLoopbackError } from './load/http.js';
import { prepare } from './load/prepare.js';
import { CpuSampler, deskCommand, freePort, startServer, type CommandOutcome, type ServerChild } from './load/processes.js';
import { runLoad, type LoadOptions, type LoadReport } from './load/scenario.js';
import { FAILURE_CODES, ms, nb, summarise, textTable, type Sample } from './load/stats.js';
import { verifyDb, type DbCheck } from './load/verify-db.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const USAGE = `usage:
  npm run load -- --prepare FILE [--members 1000000] [--seed 1] [--now ISO]
  npm run load -- --db FILE [--port P] --agents N --minutes M [options]        (starts npm run serve on FILE)
  npm run load -- --server http://127.0.0.1:PORT --agents N --minutes M [--db FILE] [options]
  npm run load -- --server URL --setup --agents N                            (only create the load users)
options:
  --seconds S          the load's length in seconds instead of --minutes
  --think-scale X      multiply every think time (default 1; 0.25 = four times as busy)
  --warmup S           the first S seconds (every desk starts at once) are reported apart (default 30, at most a fifth)
  --run-at S           when the supervisor starts the monthly run (default: a fifth into the load)
  --run-timeout S      how long to wait for the run after the agents stop (default 900)
  --no-run             no monthly run;  --no-last-unit  no last-unit race;  --no-checks  no desk check/audit verify
  --no-held-orders     agents take no held launch orders (the rest of the mix stays)
  --last-unit-agents N agents racing for the last unit (default 20)
  --pool N             callers sampled from the members (default 2000)
  --json FILE          write the figures as JSON too
  --samples FILE       write every call (sent at, channel, ms, code) and every change event as CSV
  --strict             exit 3 when a goal is missed (p95 < 50 ms, p99 < 200 ms); exit 1 is for wrong answers
  --server-node-arg A  a Node flag for the server this tool starts (repeatable, e.g. --cpu-prof)
  --seed S             the choices' seed (default 1)
environment: LOAD_ADMIN_USER / LOAD_ADMIN_PASSWORD (default the demo admin), LOAD_PASSWORD (the load users' password)`;

class UsageError extends Error {}

function whole(text: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) throw new UsageError(`${name} must be a number from ${min} to ${max} (got "${text}")`);
  return value;
}

interface Cli {
  mode: 'prepare' | 'load' | 'setup';
  prepareFile?: string;
  members: number;
  now?: string | undefined;
  server?: URL;
  db?: string | undefined;
  port?: number | undefined;
  json?: string | undefined;
  /** Every call (and every change event) as CSV, for plotting. */
  samples?: string | undefined;
  checks: boolean;
  /** Exit 3 when the goals are missed (exit 1 is kept for wrong answers: internal errors, lost or doubled bookings, failed checks). */
  strict: boolean;
  nodeArgs: string[];
  load: Omit<LoadOptions, 'server' | 'log'>;
}

export function parseLoadArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, cwd: string): Cli {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        prepare: { type: 'string' },
        members: { type: 'string' },
        now: { type: 'string' },
        server: { type: 'string' },
        db: { type: 'string' },
        port: { type: 'string' },
        agents: { type: 'string' },
        minutes: { type: 'string' },
        seconds: { type: 'string' },
        'think-scale': { type: 'string' },
        'run-at': { type: 'string' },
        warmup: { type: 'string' },
        'run-timeout': { type: 'string' },
        'no-run': { type: 'boolean', default: false },
        'no-last-unit': { type: 'boolean', default: false },
        'no-checks': { type: 'boolean', default: false },
        'no-held-orders': { type: 'boolean', default: false },
        'last-unit-agents': { type: 'string' },
        pool: { type: 'string' },
        json: { type: 'string' },
        samples: { type: 'string' },
        'server-node-arg': { type: 'string', multiple: true },
        seed: { type: 'string' },
        setup: { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) throw new UsageError('');
  const seed = whole(values.seed, '--seed', 0, 2 ** 32 - 1, 1);
  const members = whole(values.members, '--members', 1, 10_000_000, 1_000_000);
  if (values.prepare !== undefined) {
    return { mode: 'prepare', prepareFile: resolve(cwd, values.prepare), members, now: values.now, checks: false, strict: false, nodeArgs: [], load: defaults(seed) };
  }
  // The loopback check comes first: a foreign --server is refused whatever else is wrong.
  const server = values.server === undefined ? undefined : loopbackServer(values.server);
  const db = values.db === undefined ? undefined : resolve(cwd, values.db);
  if (server === undefined && db === undefined) throw new UsageError('give --server URL (a running desk server on 127.0.0.1) or --db FILE (the load starts the server), or --prepare FILE');
  if (db !== undefined && !existsSync(db)) throw new UsageError(`there is no database at ${db}; make one with npm run load -- --prepare ${values.db ?? ''}`);
  const agents = whole(values.agents, '--agents', 1, 1_000, 100);
  const seconds = values.seconds !== undefined ? whole(values.seconds, '--seconds', 1, 7_200, 600) : whole(values.minutes, '--minutes', 0.05, 120, 10) * 60;
  const runAt = whole(values['run-at'], '--run-at', 0, 7_200, Math.max(2, Math.round(seconds / 5)));
  return {
    mode: values.setup ? 'setup' : 'load',
    members,
    ...(server === undefined ? {} : { server }),
    db,
    port: values.port === undefined ? undefined : whole(values.port, '--port', 1, 65_535, 0),
    json: values.json === undefined ? undefined : resolve(cwd, values.json),
    samples: values.samples === undefined ? undefined : resolve(cwd, values.samples),
    checks: !values['no-checks'],
    strict: values.strict,
    nodeArgs: values['server-node-arg'] ?? [],
    load: {
      ...defaults(seed),
      agents,
      seconds,
      thinkScale: whole(values['think-scale'], '--think-scale', 0.01, 100, 1),
      warmupSeconds: whole(values.warmup, '--warmup', 0, 3_600, Math.min(30, Math.round(seconds / 5))),
      monthlyRun: !values['no-run'],
      runAtSeconds: runAt,
      runTimeoutSeconds: whole(values['run-timeout'], '--run-timeout', 1, 7_200, 900),
      lastUnit: !values['no-last-unit'],
      lastUnitAgents: whole(values['last-unit-agents'], '--last-unit-agents', 1, 1_000, 20),
      heldOrders: !values['no-held-orders'],
      poolSize: whole(values.pool, '--pool', 10, 100_000, 2_000),
      admin: { username: env['LOAD_ADMIN_USER'] ?? 'admin', password: env['LOAD_ADMIN_PASSWORD'] ?? 'admin-demo' },
      agentPassword: env['LOAD_PASSWORD'] ?? 'lasttest-passord-2026',
    },
  };
}

function defaults(seed: number): Cli['load'] {
  return {
    agents: 100,
    seconds: 600,
    warmupSeconds: 30,
    thinkScale: 1,
    seed,
    monthlyRun: true,
    runAtSeconds: 120,
    runTimeoutSeconds: 900,
    lastUnit: true,
    lastUnitAgents: 20,
    heldOrders: true,
    poolSize: 2_000,
    admin: { username: 'admin', password: 'admin-demo' },
    agentPassword: 'lasttest-passord-2026',
  };
}

// ---------------------------------------------------------------- the report

const GOAL_P95 = 50;
const GOAL_P99 = 200;

interface Outcome {
  failures: string[];
  text: string[];
  /** Goals missed, or calls that failed for want of an answer (not a correctness failure). */
  slow: boolean;
}

/** Per channel: n, p50, p95, p99 and max for each group of samples, side by side. */
function figuresTable(report: LoadReport, groups: readonly { label: string; keep: (s: Sample) => boolean }[]): string {
  const tables = groups.map((g) => new Map(report.recorder.table(g.keep).map((r) => [r.channel, r.figures])));
  const channels = [...new Set(tables.flatMap((t) => [...t.keys()]))].sort((x, y) => (x.startsWith('interactive') ? 1 : y.startsWith('interactive') ? -1 : x.localeCompare(y)));
  const head = ['channel', ...groups.flatMap((g, i) => [`${i === 0 ? '' : '| '}${g.label} n`, 'p50', 'p95', 'p99', 'max'])];
  const rows = channels.map((channel) => [
    channel,
    ...tables.flatMap((t, i) => {
      const f = t.get(channel);
      return [`${i === 0 ? '' : '| '}${nb.format(f?.n ?? 0)}`, ms(f?.p50 ?? Number.NaN), ms(f?.p95 ?? Number.NaN), ms(f?.p99 ?? Number.NaN), ms(f?.max ?? Number.NaN)];
    }),
  ]);
  return textTable(head, rows);
}

function describe(report: LoadReport, server: ServerChild | null, cpu: CpuSampler | null, dbCheck: DbCheck | null, commands: CommandOutcome[]): Outcome {
  const text: string[] = [];
  const failures: string[] = [];
  const say = (line = ''): void => {
    text.push(line);
  };
  const { run, recorder, bookings: b, check, lastUnit, setup } = report;
  const runFrom = run.startedAt;
  const runTo = run.endedAt ?? report.loadEndedAt;
  const inRun = (s: Sample): boolean => runFrom !== null && s.at >= runFrom && s.at <= runTo;

  say('');
  say(`Setup: ${setup.seconds.toFixed(1)} s; ${setup.usersCreated} load users created; ${report.options.agents + 1} sign-ins, p50 ${ms(setup.signIn.p50)} ms, max ${ms(setup.signIn.max)} ms (scrypt on the server); today ${setup.today}`);
  say('');
  say('Monthly run');
  if (run.skipped !== null) say(`  not started: ${run.skipped}`);
  else if (run.startedAt !== null) {
    const seconds = ((run.endedAt ?? recorder.now()) - run.startedAt) / 1000;
    const underLoad = Math.max(0, Math.min(run.endedAt ?? report.loadEndedAt, report.loadEndedAt) - run.startedAt) / 1000;
    say(`  ${run.month ?? ''}: started at ${(run.startedAt / 1000).toFixed(1)} s, ${run.state ?? 'no end seen'} after ${seconds.toFixed(1)} s (${underLoad.toFixed(1)} s of it under the agents' load), ${run.polls} jobs.status polls`);
    for (const s of run.steps) say(`    step ${s.step || '(starting)'} from ${((s.at - run.startedAt) / 1000).toFixed(1)} s: ${nb.format(s.done)} done`);
    if (run.state !== 'done') failures.push(`the monthly run did not finish (${run.state ?? 'unknown'})`);
    if (run.error !== null && run.error !== undefined) say(`    error: ${JSON.stringify(run.error)}`);
  }

  say('');
  const clear = (s: Sample): boolean => runFrom === null || s.at + s.ms < runFrom || s.at > runTo;
  const groups = (keep: (s: Sample) => boolean) =>
    runFrom === null
      ? [{ label: 'all', keep }]
      : [
          { label: 'all', keep },
          { label: 'run', keep: (s: Sample) => keep(s) && inRun(s) },
          { label: 'clear', keep: (s: Sample) => keep(s) && clear(s) },
        ];
  const start = summarise(recorder.samples.filter((s) => s.who === 'agent' && s.phase === 'start').map((s) => s.ms));
  if (start.n > 0) say(`The start (first ${report.options.warmupSeconds} s: every desk signs in and starts typing at once), not in the figures below: ${nb.format(start.n)} calls, p50 ${ms(start.p50)}, p95 ${ms(start.p95)}, p99 ${ms(start.p99)}, max ${ms(start.max)} ms`);
  say(`Interactive calls, client round trip in ms (${report.options.agents} agents, ${report.options.warmupSeconds}–${Math.round(report.loadEndedAt / 1000)} s)`);
  if (runFrom !== null) say('  all: the whole load; run: calls sent while the monthly run went; clear: calls neither sent nor answered while it went');
  say(figuresTable(report, groups((s) => s.interactive)));
  say('');
  say('The supervisor and the server (not counted as interactive)');
  const end = Math.max(runTo, report.loadEndedAt);
  say(figuresTable(report, groups((s) => s.who === 'other' && s.at <= end)));

  // Goals: p95 < 50 ms and p99 < 200 ms for every interactive call while the run goes (or over the whole load without a run).
  const missing = (keep: (s: Sample) => boolean) => recorder.table(keep).filter((r) => r.figures.n > 0 && (r.figures.p95 >= GOAL_P95 || r.figures.p99 >= GOAL_P99));
  const missed = missing((s) => s.interactive && (runFrom === null || inRun(s)));
  say('');
  say(`Goals (p95 < ${GOAL_P95} ms, p99 < ${GOAL_P99} ms for every interactive call${runFrom === null ? '' : ' while the monthly run goes'}): ${missed.length === 0 ? 'MET' : 'MISSED'}`);
  for (const r of missed) say(`  ${r.channel}: p95 ${ms(r.figures.p95)} ms, p99 ${ms(r.figures.p99)} ms (n ${r.figures.n})`);
  if (runFrom !== null) {
    const missedClear = missing((s) => s.interactive && clear(s));
    say(`  clear of the monthly run: ${missedClear.length === 0 ? 'met' : `missed on ${missedClear.map((r) => `${r.channel} (p95 ${ms(r.figures.p95)}, p99 ${ms(r.figures.p99)})`).join(', ')}`}`);
  }

  say('');
  const errors = recorder.errors();
  say(errors.length === 0 ? 'Refusals and errors: none' : 'Refusals and errors, by code (whole run; * = a failure, not a business refusal)');
  if (errors.length > 0) say(textTable(['code', 'channel', 'count'], errors.map((e) => [`${FAILURE_CODES.has(e.code) ? '* ' : '  '}${e.code}`, e.channel, nb.format(e.count)])));
  const internal = errors.filter((e) => e.code === 'internal').reduce((n, e) => n + e.count, 0);
  const broken = errors.filter((e) => FAILURE_CODES.has(e.code)).reduce((n, e) => n + e.count, 0);
  if (internal > 0) failures.push(`${internal} calls answered internal`);
  if (broken > internal) say(`  ${broken - internal} further calls failed (busy, unavailable, timeouts or refused input): see * above`);
  if (server !== null) {
    const logged = server.log.filter((l) => l.includes('internal error'));
    say(`Server log: ${server.log.length} lines, ${logged.length} internal errors${logged.length > 0 ? `; first: ${logged[0]?.slice(0, 300) ?? ''}` : ''}`);
  }

  say('');
  say('Bookings');
  const byVia = new Map<string, number>();
  for (const t of b.told.values()) byVia.set(t.via, (byVia.get(t.via) ?? 0) + 1);
  say(`  desks were told of ${nb.format(b.told.size)} bookings (${[...byVia.entries()].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'})`);
  say(`  double-clicks: ${b.doubleClicks}, each one booking: ${b.doubleClicksOneBooking}; quotes with a problem (not booked): ${b.quotesWithProblems}; notes: ${b.notes}`);
  say(`  held email orders: ${b.heldRegistered} registered, ${b.heldBooked} booked, not booked: ${[...b.heldFailed.entries()].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  if (b.refusedCreates.size > 0) say(`  redemptions refused: ${[...b.refusedCreates.entries()].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  say(`  answers that never came: ${b.resolvedUnknown} settled by asking again with the same order form, ${b.unknownCreates.length + b.unknownHeld.length} still unknown`);
  say(`  the store (redemptions.list since #${check.watermark}): ${nb.format(check.inStore)} redemptions; lost ${check.lost.length}, not told ${check.unexpected.length}, different ${check.mismatched.length}`);
  for (const line of [...check.mismatched, ...check.stockMismatches, ...b.doubled].slice(0, 20)) say(`    ${line}`);
  if (check.lost.length > 0) failures.push(`${check.lost.length} bookings lost (told, not stored): ${check.lost.slice(0, 10).join(', ')}`);
  if (check.unexpected.length > 0) failures.push(`${check.unexpected.length} redemptions stored that no desk was told of: ${check.unexpected.slice(0, 10).join(', ')}`);
  if (check.mismatched.length > 0) failures.push(`${check.mismatched.length} bookings differ from what the desk was told`);
  if (b.doubled.length > 0) failures.push(`${b.doubled.length} doubled bookings`);
  if (check.stockMismatches.length > 0) failures.push(`${check.stockMismatches.length} products' stock does not match the bookings`);
  say(`  stock: ${check.stock.length} products moved, ${check.stockMismatches.length === 0 ? 'each by exactly the units booked' : `${check.stockMismatches.length} do not match`}`);
  if (dbCheck !== null) {
    say(`  the file (read-only): ${nb.format(dbCheck.redemptionsSince)} redemptions since #${check.watermark} (${dbCheck.heldBooked} from held orders); lost ${dbCheck.lost.length}, not told ${dbCheck.untold.length}, key/member/points differ ${dbCheck.keyMismatch.length}, spend entries ≠ total ${dbCheck.spendMismatch.length}`);
    for (const line of [...dbCheck.keyMismatch, ...dbCheck.spendMismatch].slice(0, 10)) say(`    ${line}`);
    if (dbCheck.lost.length + dbCheck.untold.length + dbCheck.keyMismatch.length + dbCheck.spendMismatch.length > 0) failures.push('the database file does not match what the desks were told');
  }

  say('');
  say('Last unit');
  if (lastUnit.skipped !== null) say(`  skipped: ${lastUnit.skipped}`);
  else {
    const p = lastUnit.product;
    say(`  ${lastUnit.racers} agents ordered the last unit of ${p?.sku ?? ''} "${p?.name ?? ''}" at once${lastUnit.drained > 0 ? ` (after ${lastUnit.drained} units were booked to leave one)` : ''}`);
    say(`  booked: ${lastUnit.booked} (redemption ${lastUnit.bookedIds.join(', ') || '—'}); refused: ${Object.entries(lastUnit.refusals).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}; stock after ${lastUnit.stockAfter ?? '?'} (${lastUnit.stateAfter ?? '?'})`);
    const lines = dbCheck?.lastUnitLines[0];
    if (lines !== undefined) say(`  the file: ${lines.lines} order lines for ${lines.sku} since the start${lastUnit.drained > 0 ? ' (drain included)' : ''}, stock ${lines.stock}`);
    say(`  ${lastUnit.ok ? 'OK: exactly one booking' : 'FAILED: not exactly one booking'}`);
    if (!lastUnit.ok) failures.push('the last unit was not booked exactly once');
    if (lines !== undefined && lastUnit.drained === 0 && lines.lines !== 1) failures.push(`the file has ${lines.lines} order lines for the last unit`);
  }

  say('');
  const loopNote = report.clientLoopDelay.p99 > 20 ? ' (the client itself was slow: its delay is in the figures)' : '';
  say(`Load client: event-loop delay p50 ${ms(report.clientLoopDelay.p50)} ms, p99 ${ms(report.clientLoopDelay.p99)} ms, max ${ms(report.clientLoopDelay.max)} ms${loopNote}`);
  const re = report.reactions;
  say(`Events: ${nb.format(report.events)} heard by the agents' desks; reads they caused: launch banner ${nb.format(re.banner)}, member page ${nb.format(re.memberPage)}, order dialog ${nb.format(re.orderDialog)}, held orders ${nb.format(re.heldList)}; the supervisor's run page ${nb.format(re.runPage)}`);
  const health = recorder.samples.filter((s) => s.channel === 'GET /api/health');
  const stalls = health.filter((s) => s.ms >= 100);
  say(`Server stalls (GET /api/health, every ${250} ms): ${stalls.length} of ${health.length} took 100 ms or more${stalls.length > 0 ? `, the longest ${ms(Math.max(...stalls.map((s) => s.ms)))} ms` : ''}`);
  if (cpu !== null) {
    const origin = recorder.origin;
    const show = (label: string, from: number, to: number): void => {
      const rows = cpu.between(origin + from, origin + to);
      if (rows.length > 0) say(`Server CPU ${label} (% of one core): ${rows.slice(0, 6).map((r) => `${r.thread} ${r.percent.toFixed(0)}%`).join(', ')}`);
    };
    if (runFrom !== null) {
      show('before the monthly run', 0, runFrom);
      show('during the monthly run', runFrom, runTo);
    } else show('during the load', 0, report.loadEndedAt);
  }

  for (const c of commands) {
    say('');
    say(`${c.command}: exit ${String(c.code)} in ${c.seconds.toFixed(1)} s`);
    for (const line of c.output.split('\n').slice(0, 12)) say(`  ${line}`);
    if (c.code !== 0) failures.push(`${c.command} exited ${String(c.code)}`);
  }
  say('');
  say(failures.length === 0 ? 'Result: no internal errors, no lost or doubled bookings, checks pass.' : `Result: FAILED\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  const slow = missed.length > 0 || broken > internal;
  say(`Performance: ${missed.length === 0 ? 'goals met' : `goals missed on ${missed.length} rows`}${broken > internal ? `; ${nb.format(broken - internal)} calls failed without an answer or with busy/refused input` : ''}.`);
  return { failures, text, slow };
}

function toJson(report: LoadReport, outcome: Outcome, dbCheck: DbCheck | null, commands: CommandOutcome[]): unknown {
  const runFrom = report.run.startedAt;
  const runTo = report.run.endedAt ?? report.loadEndedAt;
  return {
    options: report.options,
    setup: report.setup,
    run: report.run,
    interactive: report.recorder.table((s) => s.interactive),
    interactiveDuringRun: runFrom === null ? null : report.recorder.table((s) => s.interactive && s.at >= runFrom && s.at <= runTo),
    interactiveClearOfRun: runFrom === null ? null : report.recorder.table((s) => s.interactive && (s.at + s.ms < runFrom || s.at > runTo)),
    other: report.recorder.table((s) => !s.interactive),
    errors: report.recorder.errors(),
    bookings: {
      told: report.bookings.told.size,
      doubleClicks: report.bookings.doubleClicks,
      doubleClicksOneBooking: report.bookings.doubleClicksOneBooking,
      heldRegistered: report.bookings.heldRegistered,
      heldBooked: report.bookings.heldBooked,
      doubled: report.bookings.doubled,
      unknown: report.bookings.unknownCreates.length + report.bookings.unknownHeld.length,
    },
    check: report.check,
    db: dbCheck,
    lastUnit: report.lastUnit,
    clientLoopDelay: report.clientLoopDelay,
    commands,
    failures: outcome.failures,
  };
}

// ---------------------------------------------------------------- main

export async function main(argv: readonly string[], out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  let cli: Cli;
  try {
    cli = parseLoadArgs(argv, process.env, process.cwd());
  } catch (error) {
    if (error instanceof NotLoopbackError) {
      out(`error: ${error.message}`);
      return 2;
    }
    if (error instanceof UsageError) {
      if (error.message !== '') out(`error: ${error.message}`);
      out(USAGE);
      return error.message === '' ? 0 : 1;
    }
    out(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  if (cli.mode === 'prepare') return await prepare({ file: cli.prepareFile ?? '', members: cli.members, seed: cli.load.seed, now: cli.now, root: ROOT, log: out });

  let server: ServerChild | null = null;
  let url = cli.server;
  try {
    if (url === undefined) {
      const file = cli.db ?? '';
      server = await startServer(ROOT, file, cli.port ?? (await freePort()), cli.nodeArgs, out);
      url = loopbackServer(server.url);
    }
    const options: LoadOptions = { ...cli.load, server: url, log: out };
    if (cli.mode === 'setup') {
      const setupOnly = { ...options, seconds: 0, monthlyRun: false, lastUnit: false, poolSize: 10 };
      await runLoad(setupOnly);
      out('The load users are there and can sign in.');
      return 0;
    }
    let cpu: CpuSampler | null = null;
    if (server !== null) {
      cpu = new CpuSampler(server.pid);
      cpu.start();
    }
    const report = await runLoad(options);
    cpu?.stop();
    if (server !== null) {
      const code = await server.stop();
      out(`Stopped the desk server (exit ${String(code)}).`);
    }
    const lastUnitProduct = report.lastUnit.product?.id ?? null;
    const dbCheck = cli.db === undefined ? null : verifyDb(cli.db, report.check.watermark, report.bookings.told, lastUnitProduct);
    const commands: CommandOutcome[] = [];
    if (cli.db !== undefined && cli.checks) {
      out('Checking the database (npm run desk -- check, audit verify) …');
      commands.push(await deskCommand(ROOT, ['check', '--db', cli.db], 1_800_000));
      commands.push(await deskCommand(ROOT, ['audit', 'verify', '--db', cli.db], 1_800_000));
    }
    const outcome = describe(report, server, cpu, dbCheck, commands);
    for (const line of outcome.text) out(line);
    if (cli.json !== undefined) writeFileSync(cli.json, `${JSON.stringify(toJson(report, outcome, dbCheck, commands), null, 2)}\n`);
    if (cli.samples !== undefined) {
      const rows = report.recorder.samples.map((x) => `${x.at.toFixed(1)},${x.channel},${x.ms.toFixed(2)},${x.code ?? ''},${x.interactive ? 1 : 0},${x.who},${x.phase}`);
      for (const e of report.eventLog) rows.push(`${e.at.toFixed(1)},event:${e.topics},0,,0,,`);
      writeFileSync(cli.samples, `at_ms,channel,ms,code,interactive,who,phase\n${rows.join('\n')}\n`);
    }
    if (outcome.failures.length > 0) return 1;
    return cli.strict && outcome.slow ? 3 : 0;
  } catch (error) {
    out(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    if (server !== null) await server.stop();
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
