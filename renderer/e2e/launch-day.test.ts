/**
 * L3 on screen: the launch-day banner across the whole desk, with the lockout, a live countdown
 * to 10:00 Oslo time computed from the desk's clock (set by the test), the day's timeline, and
 * the agent script. Across daylight-saving changes the countdown stays right.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCatalogFixtures, addFixtures, addLaunchFixture, type CatalogFixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { countdownSeconds, openAs, oslo, runClock } from './launch-helpers.js';
import { expectNoProblems } from './steps.js';

const WINTER = '2027-01-22'; // Friday, CET (UTC+1)
const BEFORE_DST = '2027-03-26'; // the Friday before summer time (SPEC example 5)
const AFTER_DST = '2027-03-29'; // the Monday after (SPEC example 5), CEST (UTC+2)
const SUMMER = '2027-06-18'; // Friday, CEST
const ALL_ORDERS = '2027-02-05';

describeWithBrowser('launch day banner (L3)', () => {
  let harness: Harness;
  let catalog: CatalogFixtures;
  let stopClock: (() => void) | null = null;

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        await addFixtures(ctx);
        catalog = addCatalogFixtures(ctx);
        for (const day of [WINTER, BEFORE_DST, AFTER_DST, SUMMER]) {
          await addLaunchFixture(ctx, { launchOn: day, name: 'Vårnyheter', productIds: [catalog.launchProduct, catalog.soldOutProduct] });
        }
        await addLaunchFixture(ctx, { launchOn: ALL_ORDERS, name: 'Stor lansering', productIds: [], scope: 'all_orders' });
      },
    });
  });
  afterEach(() => {
    stopClock?.();
    stopClock = null;
  });
  afterAll(async () => {
    await harness?.close();
  });

  const banner = (page: Page) => page.getByTestId('launch-banner');
  const countdown = (page: Page) => page.getByTestId('launch-countdown');
  /** Issue 12: before 10:00 the banner is one line; the whole day (scope, timeline, products) is behind its toggle. */
  const expand = async (page: Page) => {
    await page.getByRole('button', { name: 'Vis hele lanseringsdagen' }).click();
    await page.getByRole('group', { name: 'Lanseringsdagen' }).waitFor();
  };
  /** Issue 12: from 10:00 the banner is a chip in the top bar; it opens the whole day. */
  const openDay = async (page: Page) => {
    await page.getByTestId('launch-chip').click();
    await page.getByRole('dialog', { name: /^Lanseringsdag:/ }).waitFor();
  };

  it('before 10:00: the lockout, a countdown from the desk clock (09:58:30 → 00:01:30), the timeline with the current phase', async () => {
    harness.clock.set(oslo(WINTER, '09:58:30', 1));
    const page = await openAs(harness, 'agent');
    // The first second after the answer shows exactly 90 s.
    await countdown(page).filter({ hasText: '00:01:30' }).waitFor({ timeout: 5_000 });
    expect(await banner(page).getAttribute('data-state')).toBe('locked');
    expect(await page.getByTestId('launch-message').textContent()).toBe('Kundesenteret tar ikke imot bestillinger på lanseringsvarer før kl.\u00a010:00');
    expect(await banner(page).textContent()).toContain('Lanseringsdag: Vårnyheter');
    // L5 in the one line: the products as a count that says the sold-out one; the panel lists them with stock.
    await page.getByRole('button', { name: '2 produkter · 1 utsolgt' }).click();
    const panel = page.getByRole('dialog', { name: 'Lanseringsvarer' });
    expect(await panel.getByTestId('launch-products').textContent()).toBe('Nyhet: Kollagen Pro1 på lagerNyhet: Rødbete-shotUtsolgt');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    await expand(page);
    expect(await page.getByTestId('launch-scope').textContent()).toContain('Sperren gjelder bare lanseringsvarene');

    // The day's timeline in Oslo time; 08:00–10:00 (web shop only, L2) is now.
    const steps = page.getByTestId('launch-timeline').getByRole('listitem');
    expect(await steps.allTextContents()).toEqual([
      '07:00Venterom i nettbutikken',
      '08:00Nettbutikken åpner med kønumre(nå)',
      '10:00Kundesenteret åpner',
      '12:00Butikkene tar imot bestillinger',
    ]);
    expect(await page.locator('[aria-current="step"]').textContent()).toContain('08:00');

    // L5: the launch products with live stock, "Utsolgt" for the one that is gone.
    const products = page.getByTestId('launch-products');
    expect(await products.textContent()).toContain('Nyhet: Kollagen Pro1 på lager');
    expect(await products.textContent()).toContain('Nyhet: Rødbete-shotUtsolgt');

    // Live: the countdown moves every second without asking main, and only the state is a live region.
    await countdown(page).filter({ hasText: '00:01:28' }).waitFor({ timeout: 4_000 });
    expect(await page.getByRole('status').filter({ hasText: 'Kundesenteret' }).count()).toBe(1);
    expect(await page.getByRole('timer').getAttribute('aria-label')).toBe('Tid til kundesenteret åpner kl. 10:00');
    await harness.screenshot(page, 'launch-banner-before-10');

    // The banner is across the whole desk: it stays on another screen.
    await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('button', { name: 'Lanseringer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lanseringer' }).waitFor();
    expect(await banner(page).isVisible()).toBe(true);
    expectNoProblems(harness.problems);
  });

  it('the banner turns to "orders are open" by itself at 10:00 (re-asked at the next change) in a calmer style', async () => {
    harness.clock.set(oslo(WINTER, '09:59:57', 1));
    stopClock = runClock(harness.clock);
    const page = await openAs(harness, 'agent');
    await banner(page).and(page.locator('[data-state="locked"]')).waitFor();
    expect(countdownSeconds((await countdown(page).textContent()) ?? '')).toBeLessThanOrEqual(3);
    // The live region that says it is the same node before and after 10:00, so the change is read out.
    const live = page.getByRole('region', { name: 'Lanseringsdag' }).getByRole('status');
    await live.evaluate((node) => node.setAttribute('data-before-ten', 'yes'));
    await banner(page).and(page.locator('[data-state="open"]')).waitFor({ timeout: 8_000 });
    expect(await live.getAttribute('data-before-ten')).toBe('yes');
    expect(await live.textContent()).toBe('Bestillinger er åpne. Kundesenteret tar imot bestillinger på lanseringsvarene fra kl. 10:00.');
    // Issue 12: the banner is now a chip in the top bar; it opens the whole day.
    expect(await page.getByRole('banner').getByTestId('launch-chip').textContent()).toBe('Lansering: åpent · 1 utsolgt');
    await openDay(page);
    expect(await page.getByTestId('launch-message').textContent()).toBe('Bestillinger er åpne. Kundesenteret tar imot bestillinger på lanseringsvarene fra kl. 10:00.');
    expect(await page.getByTestId('launch-scope').textContent()).toContain('Butikkene tar imot bestillinger fra kl. 12:00.');
    expect(await countdown(page).count()).toBe(0);
    expect(await page.locator('[aria-current="step"]').textContent()).toContain('10:00');
    await harness.screenshot(page, 'launch-banner-after-10');
    expectNoProblems(harness.problems);
  });

  describe('daylight saving: 10:00 is 09:00 UTC in winter and 08:00 UTC in summer', () => {
    it.each([
      ['winter', WINTER, 1],
      ['the Friday before summer time', BEFORE_DST, 1],
      ['the Monday after summer time', AFTER_DST, 2],
      ['summer', SUMMER, 2],
    ] as const)('%s (%s): 09:58:30 Oslo counts down 00:01:30 and the timeline reads 07:00–12:00', async (_label, day, offset) => {
      harness.clock.set(oslo(day, '09:58:30', offset));
      const page = await openAs(harness, 'agent');
      await countdown(page).filter({ hasText: '00:01:30' }).waitFor({ timeout: 5_000 });
      await expand(page);
      const times = await page.getByTestId('launch-timeline').getByRole('listitem').evaluateAll((items) => items.map((li) => li.querySelector('span')?.textContent));
      expect(times).toEqual(['07:00', '08:00', '10:00', '12:00']);
      expectNoProblems(harness.problems);
    });

    it('the day before a launch shows no banner; 06:30 on the day shows the lockout with 03:30:00 to go', async () => {
      harness.clock.set(oslo('2027-06-17', '23:00:00', 2));
      let page = await openAs(harness, 'agent');
      await page.getByRole('heading', { name: 'Medlemmer' }).waitFor();
      expect(await banner(page).count()).toBe(0);
      harness.clock.set(oslo(SUMMER, '06:30:00', 2));
      page = await openAs(harness, 'agent');
      await countdown(page).filter({ hasText: '03:30:00' }).waitFor({ timeout: 5_000 });
      await expand(page);
      expect(await page.getByTestId('launch-timeline').getByRole('listitem').count()).toBe(4);
      expect(await page.locator('[aria-current="step"]').count()).toBe(0);
      expectNoProblems(harness.problems);
    });
  });

  it('a launch that locks all orders says so', async () => {
    harness.clock.set(oslo(ALL_ORDERS, '09:00:00', 1));
    const page = await openAs(harness, 'agent');
    await countdown(page).filter({ hasText: '01:00:00' }).waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('launch-message').textContent()).toBe('Kundesenteret tar ikke imot noen bestillinger før kl.\u00a010:00 i dag');
    // No launch products of its own: no count to open.
    expect(await page.getByTestId('launch-products-button').count()).toBe(0);
    await expand(page);
    expect(await page.getByTestId('launch-scope').textContent()).toContain('Sperren gjelder alle bestillinger i dag');
    expectNoProblems(harness.problems);
  });

  it('the script panel: agents read it; a supervisor edits, saves and resets it to the default', async () => {
    harness.clock.set(oslo(WINTER, '08:15:00', 1));
    const agent = await openAs(harness, 'agent');
    await agent.getByRole('button', { name: 'Manus til kunden' }).click();
    const panel = agent.getByRole('dialog', { name: 'Manus for lanseringsdagen' });
    await panel.getByTestId('launch-script-text').waitFor();
    const text = (await panel.getByTestId('launch-script-text').textContent()) ?? '';
    expect(text).toContain('Et kønummer er gyldig i 15 minutter');
    expect(text).toContain('Butikkene tar ikke imot bestillinger før kl. 12.00');
    expect(await panel.getByRole('button', { name: 'Rediger' }).count()).toBe(0);
    await harness.screenshot(agent, 'launch-script-panel');
    await agent.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });

    const sara = await openAs(harness, 'sara');
    await sara.getByRole('button', { name: 'Manus til kunden' }).click();
    const edit = sara.getByRole('dialog', { name: 'Manus for lanseringsdagen' });
    expect(await edit.getByTestId('launch-script-meta').textContent()).toBe('Standardtekst');
    await edit.getByRole('button', { name: 'Rediger' }).click();
    await edit.getByLabel('Manus').fill('Henvis til nettbutikken før kl. 10.00.');
    await edit.getByRole('button', { name: 'Lagre manus' }).click();
    await edit.getByTestId('launch-script-text').filter({ hasText: 'Henvis til nettbutikken før kl. 10.00.' }).waitFor();
    expect(await edit.getByTestId('launch-script-meta').textContent()).toBe('Endret 22.01.2027 kl. 08:15 av Sara Svendsen');
    await edit.getByRole('button', { name: 'Tilbakestill til standard' }).click();
    await edit.getByTestId('launch-script-meta').filter({ hasText: 'Standardtekst' }).waitFor();
    expect(await edit.getByTestId('launch-script-text').textContent()).toContain('Et kønummer er gyldig i 15 minutter');
    expectNoProblems(harness.problems);
  });
});
