/**
 * `npm run bench:ui -- --db FILE` (issue 12): the agent's search and member page, timed in
 * Chromium over a real desk server on the benchmark's database. It types realistic queries key
 * by key at an agent's pace and prints, per run: p50/p95 of last key → settled results (the
 * list shows the answer to the whole query, nothing pending), the longest main-thread task
 * while typing, p50/p95 of Enter → member page shown (its balance), and (issue 12) p50/p95 of
 * Enter → member page complete: every read it makes on open answered and on screen.
 *
 * Figures, not assertions: the README's performance section carries them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { clockFrom, systemClock } from '../../main/clock.js';
import { openDesk } from '../../main/desk.js';
import { createUser } from '../../main/services/auth.js';
import { startDeskServer } from '../../main/server/server.js';
import { CHROMIUM } from './harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const USER = 'bench-ui';
const PASSWORD = 'bench-ui-password';

/** What agents type: surnames, first + last, member numbers, phones, an email, a place-like word. */
const DEFAULT_QUERIES = ['hansen', 'kari hansen', 'olsen', 'berg', 'nilsen ole', 'johansen', 'larsen', 'pedersen anne', 'bakken', 'haugen'];

interface Figures {
  settle: number[];
  longest: number;
  open: number[];
  complete: number[];
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;

/** In the page: long tasks, and the time of each keydown in the search field. */
const PROBE = `(() => {
  window.__bench = { keys: [], tasks: [] };
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__bench.tasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('keydown', (e) => { window.__bench.keys.push(performance.now()); }, true);
  window.__bench.calls = [];
  const realFetch = window.fetch.bind(window);
  window.__bench.pending = 0;
  window.fetch = async (url, init) => { const t0 = performance.now(); window.__bench.pending += 1; try { const r = await realFetch(url, init); const body = typeof init?.body === 'string' ? init.body.slice(0, 60) : ''; window.__bench.calls.push({ body, t0, t1: performance.now() }); return r; } finally { window.__bench.pending -= 1; } };
})()`;

/**
 * Watches (in the page, each frame, installed before the first key) for the first frame in which
 * the field holds the whole query and the list shows its answer (nothing pending, not marked
 * busy). Watching from the page matters: the driver's `type` returns only after its delay past
 * the last key, so a watcher started then could never see a settle sooner than that delay.
 */
const watchSettle = (query: string): string => `(() => {
  const wanted = ${JSON.stringify(query)};
  window.__bench.settle = new Promise((done, fail) => {
    const until = performance.now() + 30000;
    const check = () => {
      if (performance.now() > until) { fail(new Error('the search did not settle within 30 s')); return; }
      const field = document.querySelector('input[role=combobox]');
      const list = document.querySelector('[role=listbox]');
      const progress = document.querySelector('[role=progressbar]');
      const none = document.querySelector('[data-testid=search-empty]') ?? [...document.querySelectorAll('p')].find((p) => /Ingen medlemmer passer|No members match/.test(p.textContent ?? ''));
      const whole = field !== null && field.value === wanted;
      const settled = whole && progress === null && ((list !== null && list.getAttribute('aria-busy') === 'false') || none !== undefined && none !== null);
      if (settled) done(performance.now()); else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
})()`;

async function typeAndSettle(page: Page, query: string, delay: number): Promise<{ settle: number; longest: number }> {
  await page.keyboard.press('Control+k');
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
  await page.evaluate('window.__bench.keys = []; window.__bench.tasks = []');
  const startedAt = (await page.evaluate('performance.now()')) as number;
  await page.evaluate(watchSettle(query));
  await page.keyboard.type(query, { delay });
  const settledAt = (await page.evaluate('window.__bench.settle')) as number;
  const lastKey = (await page.evaluate('window.__bench.keys.at(-1)')) as number;
  const tasks = (await page.evaluate('window.__bench.tasks')) as { start: number; duration: number }[];
  const longest = Math.max(0, ...tasks.filter((t) => t.start >= startedAt).map((t) => t.duration));
  if (process.env['BENCH_UI_TRACE'] === '1') {
    const calls = (await page.evaluate('window.__bench.calls.splice(0)')) as { body: string; t0: number; t1: number }[];
    console.error(query, 'lastKey', lastKey.toFixed(0), 'settled', settledAt.toFixed(0), calls.filter((c) => c.t0 >= startedAt).map((c) => `${c.body.replace('{"channel":"members.search","input":{"query":', '')} ${(c.t0 - lastKey).toFixed(0)}..${(c.t1 - lastKey).toFixed(0)}`).join(' | '));
  }
  return { settle: settledAt - lastKey, longest };
}

/**
 * Watches (in the page, each frame from the Enter key on) for the member page: `shown` is the
 * first frame with its balance on screen; `complete` (issue 12) the first frame with everything it
 * reads on open answered and on screen (no desk call pending; the balance, the explanation and the
 * timeline there; nothing "Henter …" left). Timed in the page, so the test driver's own round trips
 * are not in the figures.
 */
const WATCH_OPEN = `(() => {
  window.__bench.keys = [];
  window.__bench.open = new Promise((done, fail) => {
    const until = performance.now() + 20000;
    let shown = null;
    const check = () => {
      const now = performance.now();
      if (now > until) { fail(new Error('the member page did not complete within 20 s')); return; }
      const article = document.querySelector('article');
      if (shown === null && article !== null && article.querySelector('[data-testid=member-balance]') !== null) shown = now;
      const complete = shown !== null && window.__bench.pending === 0 && article.querySelector('[data-testid=balance-story]') !== null && article.querySelector('[data-testid=timeline] li') !== null && !(article.textContent ?? '').includes('Henter');
      if (complete) done({ shown, complete: now }); else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
})()`;

async function openFirst(page: Page): Promise<{ shown: number; complete: number }> {
  await page.evaluate(WATCH_OPEN);
  await page.keyboard.press('Enter');
  const { shown, complete } = (await page.evaluate('window.__bench.open')) as { shown: number; complete: number };
  const enter = (await page.evaluate('window.__bench.keys.at(-1)')) as number;
  await page.keyboard.press('Escape');
  return { shown: shown - enter, complete: complete - enter };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      now: { type: 'string' },
      rounds: { type: 'string', default: '3' },
      delay: { type: 'string', default: '110' },
      queries: { type: 'string' },
    },
  });
  if (values.db === undefined) throw new Error('usage: npm run bench:ui -- --db FILE [--rounds 3] [--delay 110] [--queries "a,b"] [--now ISO]');
  const rounds = Number(values.rounds);
  const delay = Number(values.delay);
  const queries = values.queries?.split(',').map((q) => q.trim()).filter((q) => q !== '') ?? DEFAULT_QUERIES;
  const clock = values.now === undefined ? systemClock : clockFrom(values.now);
  const scratch = mkdtempSync(join(tmpdir(), 'bench-ui-'));
  const desk = await openDesk({ file: values.db, clock, backupDir: join(scratch, 'backups'), exportDir: join(scratch, 'exports'), idleCheckpointMs: 0 });
  const ctx = { store: desk.store, clock, user: null, passwords: { N: 1024 } };
  const exists = await desk.store.first(desk.store.kysely.selectFrom('users').select('id').where('username', '=', USER));
  if (exists === undefined) await createUser(ctx, { username: USER, displayName: 'Bench UI', role: 'agent', password: PASSWORD });
  const members = await desk.store.first(desk.store.kysely.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')));
  const server = await startDeskServer({ backend: desk, host: '127.0.0.1', port: 0, rendererRoot: join(root, 'dist', 'renderer') });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'], headless: true });
  try {
    const context = await browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo', viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByLabel('Brukernavn').fill(USER);
    await page.getByLabel('Passord', { exact: true }).fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('combobox', { name: 'Søk etter medlem' }).waitFor();
    await page.evaluate(PROBE);
    // One warm-up query: the first search pays for compiling the page's code paths.
    await typeAndSettle(page, 'warm', delay);
    const figures: Figures = { settle: [], longest: 0, open: [], complete: [] };
    for (let round = 0; round < rounds; round += 1) {
      for (const query of queries) {
        const { settle, longest } = await typeAndSettle(page, query, delay);
        figures.settle.push(settle);
        figures.longest = Math.max(figures.longest, longest);
        if ((await page.locator('[role=option][data-member-id]').count()) > 0) {
          const { shown, complete } = await openFirst(page);
          figures.open.push(shown);
          figures.complete.push(complete);
        }
      }
    }
    console.log(`bench:ui — ${members?.n ?? '?'} members, ${queries.length} queries × ${rounds} rounds, ${delay} ms between keys, Chromium ${browser.version()} over the desk server`);
    console.log(`  last key → settled   p50 ${ms(percentile(figures.settle, 50))}   p95 ${ms(percentile(figures.settle, 95))}   max ${ms(Math.max(...figures.settle))}`);
    console.log(`  longest task while typing   ${ms(figures.longest)}`);
    console.log(`  Enter → member page shown   p50 ${ms(percentile(figures.open, 50))}   p95 ${ms(percentile(figures.open, 95))}   (n=${figures.open.length})`);
    console.log(`  Enter → member page complete (every read answered and shown)   p50 ${ms(percentile(figures.complete, 50))}   p95 ${ms(percentile(figures.complete, 95))}`);
  } finally {
    await browser.close();
    await server.close();
    desk.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
