import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createRedemption } from '../../main/services/redemptions.js';
import { actingAs, addCatalog, addFixtures, dbValue, earnPoints, FIXTURE_PASSWORD, type CatalogFixture, type Fixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { fitsWidth, squeezed, windowShot } from './redemption-steps.js';
import { expectNoProblems, signIn, textOf, waitForShell } from './steps.js';

/** The desk-wide redemptions list (B7a): status filter, paging, ship and cancel, member links. */
describeWithBrowser('the desk-wide redemptions page', () => {
  let harness: Harness;
  let fx: Fixtures;
  let catalog: CatalogFixture;
  let page: Page;
  let kariOrder: number;

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        catalog = addCatalog(ctx);
        const agent = actingAs(ctx, 'agent');
        const order = async (memberId: number, n: number, productId: number, quantity: number, delivery: 'next_delivery' | 'separate' = 'next_delivery') =>
          (await createRedemption(agent, {
            memberId,
            channel: 'phone',
            lines: [{ productId, quantity }],
            delivery,
            identity: { memberNo: true, address: false, email: false, phone: true },
            idempotencyKey: `fixture-${memberId}-${n}`,
            postageOre: delivery === 'separate' ? 7_900 : 0,
          })).redemption.id;
        // More than a page (50) of small orders for Bjørn, then one for Kari (the newest).
        for (let n = 0; n < 55; n++) await order(fx.bjorn.id, n, catalog.merke, 1 + (n % 3));
        await earnPoints(ctx, fx.kari.id, 2_000, '2026-10-01');
        kariOrder = await order(fx.kari.id, 0, catalog.kopp, 1, 'separate');
      },
    });
    page = await harness.openApp();
    await signIn(page, 'agent', FIXTURE_PASSWORD);
    await waitForShell(page);
  });
  afterAll(async () => {
    await harness?.close();
  });

  const rows = (p: Page) => p.getByRole('table', { name: 'Innløsninger' }).locator('tbody tr');

  it('lists registered orders newest first, pages on, ships and cancels in place, filters by state, and opens the member', async () => {
    await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('button', { name: 'Innløsninger' }).click();
    await page.getByRole('heading', { name: 'Innløsninger', level: 1 }).waitFor();
    await expect.poll(() => rows(page).count()).toBe(50);
    expect(await squeezed(rows(page).first())).toMatch(/Kari Hansen.*1 × Termokopp 750 ml.*Separat, porto 79,00\u00a0kr.*2\u00a0400.*Registrert/);
    expect(await page.getByRole('button', { name: 'Registrerte', pressed: true }).count()).toBe(1);
    await harness.screenshot(page, 'redemptions-page');

    // Paging with beforeId: the next page joins the list.
    await page.getByRole('button', { name: 'Vis flere' }).click();
    await expect.poll(() => rows(page).count()).toBe(56);
    expect(await textOf(page, 'redemptions-count')).toBe('Viser 56 bestillinger');
    expect(await page.getByRole('button', { name: 'Vis flere' }).count()).toBe(0);

    // Ship Kari's order.
    await rows(page).first().getByRole('button', { name: `Merk sendt: bestilling ${kariOrder}` }).click();
    const ship = page.getByRole('dialog', { name: `Merk bestilling ${kariOrder} som sendt?` });
    await windowShot(page, 'redemptions-ship-dialog');
    await ship.getByRole('button', { name: 'Merk som sendt' }).click();
    await ship.waitFor({ state: 'detached' });
    await expect.poll(() => squeezed(rows(page).first())).toContain('Sendt');
    expect(await rows(page).first().getByRole('button', { name: /Kanseller/ }).count()).toBe(0);
    expect(dbValue<string>(harness.ctx, 'SELECT status FROM redemptions WHERE id = ?', kariOrder)).toBe('shipped');

    // Cancel one of Bjørn's with a reason.
    const second = rows(page).nth(1);
    const secondId = Number(await second.getAttribute('data-redemption-id'));
    const before = dbValue<number>(harness.ctx, 'SELECT balance FROM members WHERE id = ?', fx.bjorn.id);
    const points = dbValue<number>(harness.ctx, 'SELECT total_points FROM redemptions WHERE id = ?', secondId);
    await second.getByRole('button', { name: `Kanseller bestilling ${secondId}` }).click();
    const cancel = page.getByRole('dialog', { name: `Kanseller bestilling ${secondId}` });
    await cancel.getByLabel('Hvorfor kanselleres bestillingen?').fill('Registrert to ganger');
    await cancel.getByRole('button', { name: 'Kanseller bestillingen' }).click();
    await cancel.waitFor({ state: 'detached' });
    await expect.poll(() => squeezed(second)).toMatch(/Kansellert.*Registrert to ganger/);
    expect(dbValue<number>(harness.ctx, 'SELECT balance FROM members WHERE id = ?', fx.bjorn.id)).toBe(before + points);

    // The filter asks again for one state.
    await page.getByRole('button', { name: 'Sendte', exact: true }).click();
    await expect.poll(() => rows(page).count()).toBe(1);
    await page.getByRole('button', { name: 'Kansellerte', exact: true }).click();
    await expect.poll(() => rows(page).count()).toBe(1);
    expect(await squeezed(rows(page).first())).toContain('Registrert to ganger');
    await page.getByRole('button', { name: 'Alle', exact: true }).click();
    await expect.poll(() => rows(page).count()).toBe(50);
    await harness.screenshot(page, 'redemptions-page-all');

    // The member's name opens the member page.
    await rows(page).first().getByRole('button', { name: 'Kari Hansen' }).click();
    await page.getByRole('heading', { name: 'Kari Hansen', level: 1 }).waitFor();
    // Issue 12: the member page's one timeline shows each redemption once, with its lifecycle.
    await expect.poll(() => squeezed(page.getByTestId('timeline'))).toMatch(/Innløsning nr\. \d+ · sendt/);
    expectNoProblems(harness.problems);
  });

  it('fits the smallest window (960 × 640)', async () => {
    await page.setViewportSize({ width: 960, height: 640 });
    try {
      await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('button', { name: 'Innløsninger' }).click();
      await expect.poll(() => rows(page).count()).toBe(50);
      await fitsWidth(page);
      // The table itself fits too: the actions column is not cut off.
      const table = page.getByRole('table', { name: 'Innløsninger' });
      expect(await table.evaluate((el) => el.scrollWidth <= (el.parentElement?.clientWidth ?? 0))).toBe(true);
      await windowShot(page, 'redemptions-page-narrow');
    } finally {
      await page.setViewportSize({ width: 1366, height: 860 });
    }
    expectNoProblems(harness.problems);
  });
});
