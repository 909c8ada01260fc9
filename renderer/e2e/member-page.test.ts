import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addFixtures, FIXTURE_PASSWORD, type Fixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { expectNoProblems, norwegianPoints, signIn, textOf, waitForShell } from './steps.js';

const SEARCH = { name: 'Søk etter medlem' } as const;

/** The member rows now on screen, in order, as their data-member-id. */
async function resultIds(page: Page): Promise<number[]> {
  return page.$$eval('[role=option][data-member-id]', (rows) => rows.map((r) => Number(r.getAttribute('data-member-id'))));
}

async function typeSearch(page: Page, query: string): Promise<void> {
  const field = page.getByRole('combobox', SEARCH);
  await field.fill('');
  await field.pressSequentially(query, { delay: 15 });
}

describeWithBrowser('member search and member page', () => {
  let harness: Harness;
  let fx: Fixtures;
  let page: Page;
  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
      },
    });
    page = await harness.openApp();
    await signIn(page, 'agent', FIXTURE_PASSWORD);
    await waitForShell(page);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('"/" focuses the search; names find members; arrows move the selection; Enter opens', async () => {
    await page.locator('body').press('/');
    expect(await page.evaluate('document.activeElement?.getAttribute("role")')).toBe('combobox');
    await page.keyboard.type('hansen');
    await expect.poll(() => resultIds(page)).toEqual([fx.bjorn.id, fx.kari.id, fx.hans.id]);
    const field = page.getByRole('combobox', SEARCH);
    expect(await field.getAttribute('aria-activedescendant')).toBe(`member-option-${fx.bjorn.id}`);
    await field.press('ArrowDown');
    await field.press('ArrowDown');
    expect(await field.getAttribute('aria-activedescendant')).toBe(`member-option-${fx.hans.id}`);
    await field.press('ArrowUp');
    await field.press('ArrowUp');
    await harness.screenshot(page, 'search-results');
    await field.press('Enter');

    await page.getByRole('heading', { name: 'Bjørn Hansen' }).waitFor();
    expect(await textOf(page, 'member-balance')).toBe(norwegianPoints(fx.bjorn.balance));
    expect(await textOf(page, 'member-balance')).toBe('12\u00a0045');
    await page.getByText('300 poeng er holdt tilbake').waitFor();
    await page.getByText('1 ubetalt faktura').waitFor();
    // Issue 12: one list of what happened to the points, the timeline; no second list of ledger entries.
    const timeline = page.getByTestId('timeline');
    expect(await page.getByRole('table', { name: 'Siste bevegelser' }).count()).toBe(0);
    expect(await timeline.locator('li', { hasText: 'Holdt tilbake' }).textContent()).toContain('\u2212300');
    expect(await timeline.locator('li', { hasText: 'Holdt tilbake' }).textContent()).toContain('Sara Svendsen');
    expect(await timeline.locator('li', { hasText: 'Innløst' }).textContent()).toContain('\u22122\u00a0155');
    expect(await timeline.locator('li', { hasText: '01.02.2024' }).textContent()).toContain('+8\u00a0000');
    expect(await page.getByRole('article').textContent()).toContain('+47 912 34 567');
    expect(await page.getByRole('article').textContent()).toContain('17.05.1980');
    await harness.screenshot(page, 'member-page');

    // Escape goes back to the list, with the query and the selection kept.
    await page.keyboard.press('Escape');
    await expect.poll(() => resultIds(page)).toEqual([fx.bjorn.id, fx.kari.id, fx.hans.id]);
    expect(await field.inputValue()).toBe('hansen');
    expect(await field.getAttribute('aria-activedescendant')).toBe(`member-option-${fx.bjorn.id}`);
    expectNoProblems(harness.problems);
  });

  it('finds by phone (8 digits or +47), member number and email, and folds æøå ("oyvind")', async () => {
    await page.keyboard.press('Control+k');
    for (const [query, id] of [
      ['91234567', fx.bjorn.id],
      ['+47 987 65 432', fx.kari.id],
      ['100003', fx.oyvind.id],
      ['hans@example.no', fx.hans.id],
      ['oyvind', fx.oyvind.id],
      ['bjorn han', fx.bjorn.id],
    ] as const) {
      await typeSearch(page, query);
      await expect.poll(() => resultIds(page), { message: query }).toEqual([id]);
    }
    await typeSearch(page, 'zzqx');
    await page.getByText('Ingen medlemmer passer søket «zzqx».').waitFor();
    expectNoProblems(harness.problems);
  });

  it('a click opens a member; a cancelled membership says how long it lasts', async () => {
    await typeSearch(page, 'åsheim');
    await page.getByRole('option', { name: /Øyvind Åsheim/ }).click();
    await page.getByRole('heading', { name: 'Øyvind Åsheim' }).waitFor();
    // B9: membership lasts 3 years after the cancellation.
    expect(await textOf(page, 'membership-text')).toBe('Abonnementet ble sagt opp 30.09.2026. Medlemskapet varer til 30.09.2029.');
    expect(await textOf(page, 'member-balance')).toBe('25\u00a0000');
    await harness.screenshot(page, 'member-page-cancelled');
    await page.getByRole('button', { name: /Tilbake til søket/ }).click();
    expect(await page.getByRole('combobox', SEARCH).inputValue()).toBe('åsheim');

    await typeSearch(page, '100004');
    await expect.poll(() => resultIds(page)).toEqual([fx.hans.id]);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Hans Hansen' }).waitFor();
    expect(await textOf(page, 'member-balance')).toBe('0');
    expect(await textOf(page, 'membership-text')).toBe('Meldte seg ut av bonusprogrammet 21.11.2026.');
    await page.getByTestId('timeline').locator('li', { hasText: 'Tapt ved utmelding' }).waitFor();
    expectNoProblems(harness.problems);
  });

  it('a slow answer to an older query never overwrites a newer one, and the list stays put while loading', async () => {
    await page.keyboard.press('Control+k');
    await typeSearch(page, 'bjorn');
    await expect.poll(() => resultIds(page)).toEqual([fx.bjorn.id]);

    // Every prefix of "hansen" (three members) answers after 700 ms, "hansen kari" (one) at once:
    // the older answers arrive last. (Search asks at once per keystroke, issue 12.)
    harness.setLatency((channel, input) => {
      const query = (input as { query: string }).query;
      return channel === 'members.search' && query.startsWith('h') && query !== 'hansen kari' ? 700 : 0;
    });
    try {
      await typeSearch(page, 'hansen');
      // While "hansen" is on its way the previous list stays on screen (no flash, no jump).
      await page.waitForTimeout(300);
      expect(await resultIds(page)).toEqual([fx.bjorn.id]);
      expect(await page.getByRole('listbox').getAttribute('aria-busy')).toBe('true');
      await page.keyboard.type(' kari');
      await expect.poll(() => resultIds(page)).toEqual([fx.kari.id]);
      await page.waitForTimeout(900);
      expect(await resultIds(page)).toEqual([fx.kari.id]);
      expect(await page.getByRole('listbox').getAttribute('aria-busy')).toBe('false');
    } finally {
      harness.setLatency(null);
    }
    expectNoProblems(harness.problems);
  });

  it('shows failed calls as translated errors: a snackbar for the search, an alert with retry on the member page', async () => {
    harness.setFault((channel) => (channel === 'members.search' ? { code: 'forbidden', message: 'no' } : null));
    try {
      await page.keyboard.press('Control+k');
      await typeSearch(page, 'kari');
      const alert = page.getByRole('alert').filter({ hasText: 'Rollen din gir ikke tilgang til dette.' });
      await alert.waitFor();
      expect(await alert.textContent()).toContain('Det gikk ikke');
      // The older list is gone: it would pass for the answer to "kari".
      expect(await resultIds(page)).toEqual([]);
      await page.getByText('Søket kunne ikke fullføres.', { exact: false }).waitFor();
      await harness.screenshot(page, 'error-snackbar');
      await alert.getByRole('button', { name: 'Lukk' }).click();
    } finally {
      harness.setFault(null);
    }

    await typeSearch(page, '100002');
    await expect.poll(() => resultIds(page)).toEqual([fx.kari.id]);
    harness.setFault((channel) => (channel === 'members.get' ? { code: 'internal', message: 'boom' } : null));
    await page.keyboard.press('Enter');
    await page.getByText('Noe gikk galt, og ingenting ble lagret. Feilen er logget.').waitFor();
    await harness.screenshot(page, 'member-page-error');
    harness.setFault(null);
    await page.getByRole('button', { name: 'Prøv igjen' }).click();
    await page.getByRole('heading', { name: 'Kari Hansen' }).waitFor();
    expectNoProblems(harness.problems);
  });

  it('fits the smallest window (960 × 640) without sideways scrolling', async () => {
    await page.setViewportSize({ width: 960, height: 640 });
    await page.keyboard.press('Control+k');
    await typeSearch(page, 'hansen');
    await expect.poll(() => resultIds(page)).toEqual([fx.bjorn.id, fx.kari.id, fx.hans.id]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(960);
    await harness.screenshot(page, 'search-results-narrow');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Bjørn Hansen' }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(960);
    await harness.screenshot(page, 'member-page-narrow');
    expectNoProblems(harness.problems);
  });
});
