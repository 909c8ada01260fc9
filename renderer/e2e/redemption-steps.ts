/** Steps the redemption and membership browser tests share (issue 4). */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshotDir } from './harness.js';

/** Ctrl+K, the member number, Enter: the way an agent opens the caller's member page. */
export async function openMember(page: Page, memberNo: number, name: string): Promise<void> {
  await page.keyboard.press('Control+k');
  const field = page.getByRole('combobox', { name: 'Søk etter medlem' });
  await field.fill(String(memberNo));
  // Wait for the answer to this query (an older list stays on screen while it loads).
  await page.getByRole('option', { name: new RegExp(name) }).waitFor();
  await expect.poll(() => page.getByRole('listbox').getAttribute('aria-busy')).toBe('false');
  await expect.poll(() => page.locator('[role=option][data-member-id]').count()).toBe(1);
  await field.press('Enter');
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  // The explanation loads beside the page; wait for it so screenshots show the page at rest.
  await page.getByTestId('balance-story').waitFor();
}

/** The redemption dialog. */
export function dialog(page: Page): Locator {
  return page.getByRole('dialog', { name: /Registrer innløsning|Innløsningen er registrert/ });
}

/** Waits for the dialog's step heading ("Steg 3 av 5: Produkter"). */
export async function atStep(page: Page, n: number, title: string): Promise<void> {
  await dialog(page).getByRole('heading', { name: `Steg ${n} av 5: ${title}` }).waitFor();
}

/** The text of an element as shown (innerText), with runs of whitespace (but not U+00A0) made one space. */
export async function squeezed(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/[ \t\n\r]+/g, ' ').trim();
}

/** The element that has the focus, described for assertions (a string script: this file has no DOM types). */
export async function focused(page: Page): Promise<{ tag: string; type: string | null; label: string | null; text: string }> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    const labels = el && 'labels' in el ? el.labels : null;
    const label = (el && el.getAttribute('aria-label')) || (labels && labels[0] ? labels[0].textContent : null);
    return { tag: el ? el.tagName.toLowerCase() : '', type: el ? el.getAttribute('type') : null, label: label || null, text: el ? (el.textContent || '').trim() : '' };
  })()`);
}

/** No sideways scrolling at this window size. */
export async function fitsWidth(page: Page): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
}

/** A screenshot of the window as the agent sees it (a dialog over the page), not the whole scrolled page. */
export async function windowShot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.waitForTimeout(250);
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}
