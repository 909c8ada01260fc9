/**
 * Issue 12, "the launch banner gives the screen back" (L3, L5): before 10:00 the banner is one
 * line — the lockout, the countdown and the launch's products as a count, which opens a panel
 * with their live stock (by keyboard; Esc closes) — and can be expanded to the whole day (kept
 * for the window's session); from 10:00 it is a small chip in the top bar. On launch day the
 * member page's balance card stays fully in the window at 1366×768 and 1024×700.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { sqliteConnection } from '../../main/db/sqlite-store.js';
import { addCatalogFixtures, addFixtures, addLaunchFixture, type CatalogFixtures, type Fixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openAs, oslo, seriousViolations } from './launch-helpers.js';
import { openMember, windowShot } from './redemption-steps.js';
import { expectNoProblems } from './steps.js';

const DAY = '2027-01-22'; // Friday, CET (UTC+1)
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1024, height: 700 },
] as const;

describeWithBrowser('the compact launch banner (issue 12, L3, L5)', () => {
  let harness: Harness;
  let fx: Fixtures;
  let catalog: CatalogFixtures;

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        catalog = addCatalogFixtures(ctx);
        await addLaunchFixture(ctx, { launchOn: DAY, name: 'Vårnyheter', productIds: [catalog.launchProduct, catalog.soldOutProduct] });
      },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  const bar = (page: Page): Locator => page.getByTestId('launch-banner');

  async function scan(page: Page, what: string): Promise<void> {
    const found = await seriousViolations(page);
    expect(found, `${what}:\n${found.join('\n')}`).toEqual([]);
  }

  /** Tab from where the focus is until `target` has it (at most 15 steps); false if it never does. */
  async function tabTo(page: Page, target: Locator): Promise<boolean> {
    for (let i = 0; i < 15; i += 1) {
      if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return true;
      await page.keyboard.press('Tab');
    }
    return target.evaluate((el) => el === el.ownerDocument.activeElement);
  }

  /** Where the focus is: inside an open dialog (true) or not. */
  const focusInDialog = (page: Page): Promise<boolean> => page.evaluate('document.activeElement?.closest("[role=dialog]") !== null');

  /** The balance card is wholly inside the window (nothing of it below the fold or off to the side). */
  async function expectBalanceInWindow(page: Page, size: { width: number; height: number }, what: string): Promise<void> {
    const card = page.locator('section[aria-labelledby="balance-title"]');
    await card.waitFor();
    const box = await card.boundingBox();
    expect(box, what).not.toBeNull();
    if (box === null) return;
    expect(box.y, `${what}: top`).toBeGreaterThanOrEqual(0);
    expect(box.x, `${what}: left`).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height, `${what}: bottom ${box.y + box.height} of ${size.height}`).toBeLessThanOrEqual(size.height);
    expect(box.x + box.width, `${what}: right`).toBeLessThanOrEqual(size.width);
  }

  it('L3 before 10:00: one line with the countdown, the lockout and "2 produkter · 1 utsolgt"; the panel lists them with live stock, by keyboard, and Esc closes it', async () => {
    harness.clock.set(oslo(DAY, '09:30:00', 1));
    const page = await openAs(harness, 'agent');
    await bar(page).and(page.locator('[data-state="locked"]')).waitFor();
    await page.getByTestId('launch-countdown').filter({ hasText: '00:30:00' }).waitFor({ timeout: 5_000 });

    for (const size of SIZES) {
      await page.setViewportSize(size);
      // One line: every part of it shares one row, and the banner is no taller than that row.
      const rows = await page.getByTestId('launch-line').evaluate((line) => {
        const tops = [...line.children].map((child) => Math.round(child.getBoundingClientRect().top + child.getBoundingClientRect().height / 2));
        return { spread: Math.max(...tops) - Math.min(...tops), height: line.getBoundingClientRect().height };
      });
      expect(rows.spread, `${size.width}: the parts are on one row`).toBeLessThanOrEqual(8);
      expect(rows.height, `${size.width}: one row high`).toBeLessThanOrEqual(44);
      expect((await bar(page).boundingBox())?.height ?? 0, `${size.width}: banner height`).toBeLessThanOrEqual(52);
      expect(await page.getByTestId('launch-message').isVisible()).toBe(true);
      expect(await page.getByTestId('launch-countdown').isVisible()).toBe(true);
      await windowShot(page, `launch-compact-${size.width}`);
    }
    expect(await page.getByTestId('launch-message').textContent()).toBe('Kundesenteret tar ikke imot bestillinger på lanseringsvarer før kl.\u00a010:00');
    // The whole day waits behind the toggle: no timeline, no product list in the one line.
    expect(await page.getByTestId('launch-timeline').count()).toBe(0);
    expect(await page.getByTestId('launch-products').count()).toBe(0);
    // By test id: while its panel is open, the page behind it is hidden from the accessibility tree (a modal panel).
    const products = page.getByTestId('launch-products-button');
    expect(await page.getByRole('button', { name: '2 produkter · 1 utsolgt' }).count()).toBe(1);
    // L5: the sold-out one is said on the button itself.
    expect(((await products.textContent()) ?? '').trim()).toBe('2 produkter · 1 utsolgt');
    expect(await products.getAttribute('aria-haspopup')).toBe('dialog');
    expect(await products.getAttribute('aria-expanded')).toBe('false');

    // Keyboard: from the search field (where the focus is after sign-in), Tab reaches the button; Enter opens.
    expect(await page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Søk etter medlem');
    expect(await tabTo(page, products)).toBe(true);
    await page.keyboard.press('Enter');
    const panel = page.getByRole('dialog', { name: 'Lanseringsvarer' });
    await panel.waitFor();
    expect(await focusInDialog(page)).toBe(true);
    expect(await products.getAttribute('aria-expanded')).toBe('true');
    const list = panel.getByTestId('launch-products');
    expect(await list.getByRole('listitem').allTextContents()).toEqual(['Nyhet: Kollagen Pro1 på lager', 'Nyhet: Rødbete-shotUtsolgt']);
    await scan(page, 'products panel');
    await windowShot(page, 'launch-compact-products-panel');

    // L5, live: the last unit is sold (a booking on this desk announces it); the open panel and the count follow.
    sqliteConnection(harness.ctx.store).prepare("UPDATE bonus_products SET stock = 0, state = 'sold_out' WHERE id = ?").run(catalog.launchProduct);
    await page.evaluate(`window.dispatchEvent(new Event('desk:stock-changed'))`);
    await expect.poll(() => list.getByRole('listitem').allTextContents(), { timeout: 5_000 }).toEqual(['Nyhet: Kollagen ProUtsolgt', 'Nyhet: Rødbete-shotUtsolgt']);

    // Esc closes the panel and gives the focus back to the button, whose count followed too.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await products.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(((await products.textContent()) ?? '').trim()).toBe('2 produkter · 2 utsolgt');
    // Stock back (a cancelled order), for the tests below.
    sqliteConnection(harness.ctx.store).prepare("UPDATE bonus_products SET stock = 1, state = 'available' WHERE id = ?").run(catalog.launchProduct);
    await page.evaluate(`window.dispatchEvent(new Event('desk:stock-changed'))`);
    await expect.poll(async () => ((await products.textContent()) ?? '').trim(), { timeout: 5_000 }).toBe('2 produkter · 1 utsolgt');
    await scan(page, 'compact banner');
    expectNoProblems(harness.problems);
  });

  it('L3: expanded to the whole day (what the lock covers, the timeline, the products), kept after a reload in the same window, and folded again', async () => {
    harness.clock.set(oslo(DAY, '09:30:00', 1));
    const page = await openAs(harness, 'agent');
    await bar(page).and(page.locator('[data-state="locked"]')).waitFor();
    const expand = page.getByRole('button', { name: 'Vis hele lanseringsdagen' });
    expect(await expand.getAttribute('aria-expanded')).toBe('false');
    await expand.click();
    const details = page.getByRole('group', { name: 'Lanseringsdagen' });
    await details.waitFor();
    expect(await page.getByTestId('launch-scope').textContent()).toBe('Sperren gjelder bare lanseringsvarene. Andre varer kan bestilles som vanlig. Nå kan lanseringsvarene bare bestilles i nettbutikken.');
    expect(await details.getByTestId('launch-timeline').getByRole('listitem').allTextContents()).toEqual([
      '07:00Venterom i nettbutikken',
      '08:00Nettbutikken åpner med kønumre(nå)',
      '10:00Kundesenteret åpner',
      '12:00Butikkene tar imot bestillinger',
    ]);
    expect(await details.getByTestId('launch-products').textContent()).toBe('Nyhet: Kollagen Pro1 på lagerNyhet: Rødbete-shotUtsolgt');
    // Listed in full, the count's button is not needed.
    expect(await page.getByRole('button', { name: /^2 produkter/ }).count()).toBe(0);
    await scan(page, 'expanded banner');
    await page.setViewportSize(SIZES[0]);
    await windowShot(page, 'launch-expanded-1366');

    // The choice lasts the window's session: a reload shows the whole day again.
    await page.reload();
    await bar(page).and(page.locator('[data-expanded="true"]')).waitFor();
    await page.getByRole('group', { name: 'Lanseringsdagen' }).waitFor();
    const collapse = page.getByRole('button', { name: 'Vis mindre av lanseringsdagen' });
    expect(await collapse.getAttribute('aria-expanded')).toBe('true');
    await collapse.click();
    await page.getByRole('group', { name: 'Lanseringsdagen' }).waitFor({ state: 'detached' });
    await page.reload();
    await bar(page).and(page.locator('[data-expanded="false"]')).waitFor();
    expect(await page.getByTestId('launch-timeline').count()).toBe(0);
    expectNoProblems(harness.problems);
  });

  it('on launch day the balance card stays fully in the window at 1366×768 and 1024×700: compact, expanded, and with the chip after 10:00 (screenshots)', async () => {
    harness.clock.set(oslo(DAY, '09:30:00', 1));
    const page = await openAs(harness, 'agent');
    await bar(page).and(page.locator('[data-state="locked"]')).waitFor();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
      expect(await bar(page).isVisible()).toBe(true);
      await expectBalanceInWindow(page, size, `compact ${size.width}×${size.height}`);
      await windowShot(page, `launch-member-compact-${size.width}`);
      await page.getByRole('button', { name: 'Vis hele lanseringsdagen' }).click();
      await page.getByRole('group', { name: 'Lanseringsdagen' }).waitFor();
      await expectBalanceInWindow(page, size, `expanded ${size.width}×${size.height}`);
      await windowShot(page, `launch-member-expanded-${size.width}`);
      await page.getByRole('button', { name: 'Vis mindre av lanseringsdagen' }).click();
      // Esc: back to the search, for the next size.
      await page.keyboard.press('Escape');
      await page.getByRole('heading', { level: 1, name: 'Medlemmer' }).waitFor();
    }
    await scan(page, 'member page with the compact banner');

    harness.clock.set(oslo(DAY, '10:30:00', 1));
    const after = await openAs(harness, 'agent');
    await after.getByTestId('launch-chip').waitFor();
    for (const size of SIZES) {
      await after.setViewportSize(size);
      await openMember(after, fx.bjorn.memberNo, 'Bjørn Hansen');
      await expectBalanceInWindow(after, size, `chip ${size.width}×${size.height}`);
      await windowShot(after, `launch-member-chip-${size.width}`);
      await after.keyboard.press('Escape');
      await after.getByRole('heading', { level: 1, name: 'Medlemmer' }).waitFor();
    }
    expectNoProblems(harness.problems);
  });

  it('L3 from 10:00: a small chip in the top bar ("1 utsolgt", L5) opens the whole day — the message, the timeline at 10:00, the products, the script — by keyboard; Esc closes', async () => {
    harness.clock.set(oslo(DAY, '10:30:00', 1));
    const page = await openAs(harness, 'agent');
    const chip = page.getByRole('banner').getByTestId('launch-chip');
    await chip.waitFor();
    expect(await bar(page).getAttribute('data-state')).toBe('open');
    expect(await chip.textContent()).toBe('Lansering: åpent · 1 utsolgt');
    // Nothing of the banner is left between the top bar and the page.
    expect(await page.getByTestId('launch-line').count()).toBe(0);
    expect(await page.getByTestId('launch-countdown').count()).toBe(0);
    const shell = await page.getByRole('navigation', { name: 'Hovedmeny' }).boundingBox();
    expect(shell?.y ?? 0).toBeLessThanOrEqual(60);
    // The state is still said to screen readers, in the banner's live region.
    expect(await page.getByRole('region', { name: 'Lanseringsdag' }).getByRole('status').textContent()).toBe('Bestillinger er åpne. Kundesenteret tar imot bestillinger på lanseringsvarene fra kl. 10:00.');
    await scan(page, 'chip');
    await windowShot(page, 'launch-chip');

    expect(await tabTo(page, chip)).toBe(true);
    await page.keyboard.press('Enter');
    const panel = page.getByRole('dialog', { name: 'Lanseringsdag: Vårnyheter' });
    await panel.waitFor();
    expect(await focusInDialog(page)).toBe(true);
    expect(await panel.getByTestId('launch-message').textContent()).toBe('Bestillinger er åpne. Kundesenteret tar imot bestillinger på lanseringsvarene fra kl. 10:00.');
    expect(await panel.getByTestId('launch-scope').textContent()).toContain('Butikkene tar imot bestillinger fra kl. 12:00.');
    expect(await panel.locator('[aria-current="step"]').textContent()).toContain('10:00');
    expect(await panel.getByTestId('launch-products').textContent()).toBe('Nyhet: Kollagen Pro1 på lagerNyhet: Rødbete-shotUtsolgt');
    await scan(page, 'chip panel');
    await windowShot(page, 'launch-chip-panel');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await chip.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);

    // The script is in the panel too.
    await chip.click();
    await panel.getByRole('button', { name: 'Manus til kunden' }).click();
    await page.getByRole('dialog', { name: 'Manus for lanseringsdagen' }).getByTestId('launch-script-text').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Manus for lanseringsdagen' }).waitFor({ state: 'hidden' });
    expectNoProblems(harness.problems);
  });
});
