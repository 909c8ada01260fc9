import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createLaunch } from '../../main/services/launches.js';
import { actingAs, addCatalog, addFixtures, dbValue, FIXTURE_PASSWORD, type CatalogFixture, type Fixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { atStep, dialog, openMember, squeezed, windowShot } from './redemption-steps.js';
import { expectNoProblems, signIn, textOf, waitForShell } from './steps.js';

/** L3/L5 through the redemption dialog: a launch product cannot be ordered by customer service before 10:00 Oslo time. */
describeWithBrowser('launch-day lockout in the redemption dialog (L3)', () => {
  let harness: Harness;
  let fx: Fixtures;
  let catalog: CatalogFixture;
  let page: Page;

  beforeAll(async () => {
    harness = await startHarness({
      // 09:30 in Oslo on Saturday 21 November 2026 (CET, UTC+1): launch day, before customer service opens.
      now: '2026-11-21T08:30:00.000Z',
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        catalog = addCatalog(ctx);
        await createLaunch(actingAs(ctx, 'sara'), { launchOn: '2026-11-21', name: 'Vinterlansering', productIds: [catalog.vinter] });
      },
    });
    page = await harness.openApp();
    await signIn(page, 'agent', FIXTURE_PASSWORD);
    await waitForShell(page);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('(g) at 09:30 the launch product is refused with the time it opens (10:00); other products book; at 10:00 it books', async () => {
    await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
    await page.keyboard.press('Alt+n');
    const d = dialog(page);
    await atStep(page, 1, 'Identitet');
    await page.keyboard.press('1');
    await page.keyboard.press('2');
    await page.keyboard.press('Enter');
    await atStep(page, 2, 'Kanal');
    await page.keyboard.press('Enter');
    await atStep(page, 3, 'Produkter');

    // L5: the launch product is marked before the agent promises anything.
    expect(await squeezed(d.getByTestId('product-B-VINTER'))).toContain('Lansering i dag – kundeservice fra kl. 10:00');

    // SPEC example 5: a product outside the launch can be ordered before 10:00.
    await d.getByLabel('Antall Omega-3 Forte 120 kapsler').fill('1');
    await expect.poll(() => textOf(page, 'order-after')).toBe('10\u00a0545 poeng');
    await page.waitForTimeout(400);
    expect(await d.getByTestId('order-problems').count()).toBe(0);

    await d.getByLabel('Antall Vitaminpakke Vinter').fill('1');
    const problems = d.getByTestId('order-problems');
    await problems.waitFor();
    expect(await squeezed(problems)).toContain(
      'I dag er det lansering (Vinterlansering). Kundeservice tar ikke imot bestillinger på lanseringsproduktene før kl. 10:00. Bestillingen kan registreres fra kl. 10:00. Gjelder: Vitaminpakke Vinter.',
    );
    await windowShot(page, 'redemption-launch-lockout');
    // Going on is refused, nothing is booked.
    await d.getByRole('button', { name: 'Neste' }).click();
    await page.waitForTimeout(300);
    await atStep(page, 3, 'Produkter');
    expect(dbValue<number>(harness.ctx, 'SELECT count(*) FROM redemptions')).toBe(0);

    // 10:00 Oslo: customer service opens; checking again clears the refusal and the order books.
    harness.clock.set('2026-11-21T09:00:00.000Z');
    await problems.getByRole('button', { name: 'Sjekk på nytt' }).click();
    await problems.waitFor({ state: 'detached' });
    await d.getByRole('button', { name: 'Neste' }).click();
    await atStep(page, 4, 'Levering');
    await d.getByRole('button', { name: 'Neste' }).click();
    await atStep(page, 5, 'Oppsummering');
    await d.getByRole('button', { name: 'Bekreft bestillingen' }).click();
    await d.getByTestId('redemption-booked').waitFor();
    expect(await textOf(page, 'booked-balance')).toBe('9\u00a0345 poeng');
    await windowShot(page, 'redemption-launch-booked');
    expect(dbValue<number>(harness.ctx, 'SELECT stock FROM bonus_products WHERE id = ?', catalog.vinter)).toBe(49);
    await d.getByRole('button', { name: 'Lukk' }).click();
    expectNoProblems(harness.problems);
  });
});
