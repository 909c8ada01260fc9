/** Steps the launch-day, monthly-run and earnings browser tests share. */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { TestClock } from '../../main/clock.js';
import type { Harness } from './harness.js';
import { FIXTURE_PASSWORD } from './fixtures.js';
import { signIn, waitForShell } from './steps.js';

/**
 * Lets the desk's clock run with real time from where the test set it (the harness clock
 * stands still), so the desk crosses 10:00 by itself. Returns the function that stops it.
 */
export function runClock(clock: TestClock): () => void {
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    clock.advance(now - last);
    last = now;
  }, 20);
  return () => clearInterval(timer);
}

/** A fresh window, signed in (sign-in waits for the heading, so the clock may be set before). */
export async function openAs(harness: Harness, username: string): Promise<Page> {
  const page = await harness.openApp();
  await signIn(page, username, FIXTURE_PASSWORD);
  await waitForShell(page);
  return page;
}

/** Opens a screen from the main menu by its label. */
export async function openSection(page: Page, label: string): Promise<void> {
  // The main menu is the page's only <nav> (its name changes with the language).
  await page.locator('nav').getByRole('button', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

/** The Oslo instant as UTC ISO: winter is UTC+1, summer UTC+2 (asserted by the tests that use it). */
export function oslo(date: string, time: string, offsetHours: 1 | 2): string {
  const [h = 0, m = 0, s = 0] = time.split(':').map(Number);
  const utc = new Date(`${date}T00:00:00.000Z`);
  utc.setUTCHours(h - offsetHours, m, s);
  return utc.toISOString();
}

/** WCAG 2.1 A and AA (as the accessibility suite checks them); serious and critical findings only. */
export async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  if (include !== undefined) builder = builder.include(include);
  const result = await builder.analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact}: ${v.id} — ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
}

/** The countdown's seconds left (hh:mm:ss). */
export function countdownSeconds(text: string): number {
  const match = /(\d{2}):(\d{2}):(\d{2})/.exec(text);
  if (match === null) throw new Error(`no countdown in "${text}"`);
  return Number(match[1]) * 3_600 + Number(match[2]) * 60 + Number(match[3]);
}
