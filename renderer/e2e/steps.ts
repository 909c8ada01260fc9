/** Small steps the browser tests share: signing in, waiting for screens. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Fills the sign-in form and presses Enter (the keyboard way an agent does it). */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByRole('heading', { name: 'Logg inn' }).waitFor();
  await page.getByLabel('Brukernavn').fill(username);
  await page.getByLabel('Passord').fill(password);
  await page.getByLabel('Passord').press('Enter');
}

/** Waits for the signed-in shell (its sign-out button). */
export async function waitForShell(page: Page, signOut = 'Logg ut'): Promise<void> {
  await page.getByRole('button', { name: signOut }).waitFor();
}

/** The text of the page's first element matching the test id, trimmed. */
export async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
}

/** nb-NO thousands: groups of three joined by U+00A0 (built by hand, not with Intl, to check Intl's output). */
export function norwegianPoints(points: number): string {
  const digits = String(Math.abs(points));
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 3) groups.unshift(digits.slice(Math.max(0, end - 3), end));
  return (points < 0 ? '\u2212' : '') + groups.join('\u00a0');
}

export function expectNoProblems(problems: readonly string[]): void {
  expect(problems, problems.join('\n')).toEqual([]);
}
