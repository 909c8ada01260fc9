import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM, describeWithBrowser, screenshotDir } from './harness.js';

/**
 * Issue 11: where Electron cannot be fetched (these machines), `npm start` says so in one line
 * and opens the same desk in the browser: the desk server on 127.0.0.1 over the app's database,
 * the demo desk one click away on first start. This runs scripts/start.ts as `npm start` does
 * after its build, opens the printed address in Chromium, and fills the demo desk.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));

describeWithBrowser('npm start without Electron', () => {
  let dir: string;
  let child: ChildProcess;
  let browser: Browser;
  let stdout = '';
  let stderr = '';
  let exited: Promise<number | null>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'desk-npm-start-'));
    child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'start.ts'), '--browser', '--db', join(dir, 'desk.db'), '--port', '0'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    exited = new Promise((done) => child.on('exit', done));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'], headless: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the address, serves the desk there, fills the demo desk, and stops on Ctrl+C', async () => {
    let address: string | null = null;
    for (let i = 0; i < 600 && address === null; i += 1) {
      address = /open (http:\/\/127\.0\.0\.1:\d+\/) in a browser/.exec(stdout)?.[1] ?? null;
      if (child.exitCode !== null) throw new Error(`npm start ended early: ${stderr}`);
      if (address === null) await new Promise((done) => setTimeout(done, 100));
    }
    expect(address, stderr).not.toBeNull();
    const url = address ?? '';
    const health = await fetch(`${url}api/health`);
    expect(await health.json()).toMatchObject({ ok: true, engine: 'sqlite' });

    const context = await browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo', viewport: { width: 1366, height: 860 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(url);
    await page.getByRole('heading', { name: 'Velkommen til Bonusdesk' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Åpne demoskrivebordet' }).click();
    await page.getByRole('heading', { name: 'Logg inn' }).waitFor({ timeout: 120_000 });
    await page.screenshot({ path: join(screenshotDir, 'npm-start-browser-sign-in.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toContain('stopped');
  }, 240_000);
});
