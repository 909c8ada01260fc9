import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser } from '../../main/services/auth.js';
import { addFixtures, FIXTURE_PASSWORD, type Fixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { expectNoProblems, signIn, waitForShell } from './steps.js';

/** WCAG 2.1 A and AA, as axe-core checks them; serious and critical findings fail the test. */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact}: ${v.id} — ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
}

describeWithBrowser('accessibility (axe-core)', () => {
  let harness: Harness;
  let fx: Fixtures;
  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        await createUser(ctx, { username: 'admin', displayName: 'Ada Admin', role: 'admin', password: FIXTURE_PASSWORD });
      },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('sign-in, search, member page and users have no serious or critical violations', async () => {
    const page = await harness.openApp();
    await page.getByRole('heading', { name: 'Logg inn' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // A failed sign-in shows its error; that state is scanned too.
    await signIn(page, 'agent', 'feil-passord');
    await page.getByTestId('sign-in-error').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await signIn(page, 'agent', FIXTURE_PASSWORD);
    await waitForShell(page);
    expect(await seriousViolations(page)).toEqual([]);

    await page.keyboard.press('Control+k');
    await page.keyboard.type('hansen');
    await page.locator(`#member-option-${fx.bjorn.id}`).waitFor();
    // Check the list at rest: while a newer query is on its way the older list is dimmed (aria-busy).
    await expect.poll(() => page.getByRole('listbox').getAttribute('aria-busy')).toBe('false');
    expect(await seriousViolations(page)).toEqual([]);

    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Bjørn Hansen' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Logg ut' }).click();
    await signIn(page, 'admin', FIXTURE_PASSWORD);
    await page.getByRole('heading', { name: 'Brukere' }).waitFor();
    await page.getByRole('cell', { name: 'Sara Svendsen', exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Ny bruker' }).click();
    await page.getByRole('dialog').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expectNoProblems(harness.problems);
  });

  it('works from the keyboard alone: the skip link is the first Tab stop, before the search field that has the focus after sign-in (Shift+Tab), and it skips to the content', async () => {
    const page = await harness.openApp();
    await signIn(page, 'agent', FIXTURE_PASSWORD);
    await waitForShell(page);
    // Issue 12: the focus is in the search box after sign-in, so the caller's name can be typed at once.
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Søk etter medlem');
    // The skip link is still the first stop of the Tab order: the one just before the field.
    const firstStop = await page.evaluate(`(() => {
      const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')];
      const first = all.find((el) => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0);
      return first ? first.textContent : null;
    })()`);
    expect(firstStop).toBe('Hopp til innholdet');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Hopp til innholdet');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.id')).toBe('main');
    expectNoProblems(harness.problems);
  });

  it('issue 12: the older list shown while a newer search is on its way is marked busy with a progress bar, keeps full colour (no opacity), and passes axe', async () => {
    const page = await harness.openApp();
    await signIn(page, 'agent', FIXTURE_PASSWORD);
    await waitForShell(page);
    await page.keyboard.type('hansen');
    await page.locator(`#member-option-${fx.bjorn.id}`).waitFor();
    await expect.poll(() => page.getByRole('listbox').getAttribute('aria-busy')).toBe('false');
    // The next answer is slow: the list on screen is the older one meanwhile.
    harness.setLatency((channel) => (channel === 'members.search' ? 8_000 : 0));
    try {
      await page.keyboard.type(' b');
      await expect.poll(() => page.getByRole('listbox').getAttribute('aria-busy')).toBe('true');
      await harness.screenshot(page, 'search-results-stale');
      expect(await page.getByRole('progressbar', { name: 'Henter …' }).isVisible()).toBe(true);
      const dimmed = await page.evaluate(`(() => {
        const list = document.querySelector('[role=listbox]');
        const parts = [list, ...list.querySelectorAll('*')];
        return parts.filter((el) => Number(getComputedStyle(el).opacity) < 1).length;
      })()`);
      expect(dimmed).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      // axe looked at the older list: the newer answer is still on its way.
      expect(await page.getByRole('listbox').getAttribute('aria-busy')).toBe('true');
    } finally {
      harness.setLatency(null);
    }
    await expect.poll(() => page.getByRole('listbox').getAttribute('aria-busy'), { timeout: 15_000 }).toBe('false');
    expectNoProblems(harness.problems);
  });
});
