import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createLaunch } from '../../main/services/launches.js';
import { keepMembership } from '../../main/services/lifecycle.js';
import { actingAs, addCatalog, addFixtures, dbValue, FIXTURE_PASSWORD, type CatalogFixture, type Fixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { atStep, dialog, focused, openMember, squeezed, windowShot } from './redemption-steps.js';
import { expectNoProblems, signIn, textOf, waitForShell } from './steps.js';

/** Issue 8: ending a kept membership on the member's request (B9), and a launch product before its launch day (B4). */
describeWithBrowser('ending a kept membership and products not yet launched', () => {
  let harness: Harness;
  let fx: Fixtures;
  let catalog: CatalogFixture;
  let page: Page;

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        catalog = addCatalog(ctx);
        // Øyvind cancelled on 30.09.2026 and asked to keep membership on 01.10.2026 (B9).
        await keepMembership({ ...actingAs(ctx, 'agent'), clock: { now: () => new Date('2026-10-01T08:00:00.000Z') } }, fx.oyvind.id, { channel: 'phone', reason: 'Vil beholde medlemskapet' });
        // B4: the winter vitamins are released on 10.12.2026, after today (21.11.2026).
        await createLaunch(actingAs(ctx, 'sara'), { launchOn: '2026-12-10', name: 'Julenyheter', productIds: [catalog.vinter] });
      },
    });
    page = await harness.openApp();
    await signIn(page, 'agent', FIXTURE_PASSWORD);
    await waitForShell(page);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('B9: the agent ends a kept membership from the member page; the warning names the points, the member must be told, the deletion is booked', async () => {
    await openMember(page, fx.oyvind.memberNo, 'Øyvind Åsheim');
    expect(await page.getByRole('button', { name: 'Behold medlemskapet' }).count()).toBe(0);
    const end = page.getByRole('button', { name: 'Avslutt medlemskapet' });
    // Keyboard: the action is a focusable button, opened with Enter.
    await end.focus();
    await page.keyboard.press('Enter');
    const d = page.getByRole('dialog', { name: 'Avslutt medlemskapet til Øyvind Åsheim' });
    await d.waitFor();
    expect(await squeezed(d.getByTestId('end-kept-warning'))).toBe(
      'Alle 25\u00a0000 poeng slettes Når medlemskapet avsluttes, slettes alle 25\u00a0000 poengene, og de kan ikke gis tilbake. Blir medlemmet kunde igjen senere, starter et nytt medlemskap fra null.',
    );
    expect(await squeezed(d)).toContain('registrert 01.10.2026');
    expect((await focused(page)).type).toBe('radio');
    // Without the tick nothing is booked.
    await d.getByRole('button', { name: 'Avslutt medlemskapet' }).click();
    await d.getByText('Kryss av når du har fortalt medlemmet dette.').waitFor();
    expect(dbValue<string>(harness.ctx, 'SELECT state FROM members WHERE id = ?', fx.oyvind.id)).toBe('cancelled');
    await d.getByRole('radio', { name: 'E-post' }).check();
    await d.getByLabel('Jeg har fortalt medlemmet at 25\u00a0000 poeng slettes').check();
    await windowShot(page, 'end-kept-membership-dialog');
    await d.getByRole('button', { name: 'Avslutt medlemskapet' }).click();
    await d.waitFor({ state: 'detached' });

    await page.getByText('Medlemskapet til Øyvind Åsheim er avsluttet. 25\u00a0000 poeng er slettet.').waitFor();
    // The confirmation toast is closed before the screenshot, so it hides nothing.
    await page.getByRole('alert').getByRole('button', { name: 'Lukk' }).click();
    await expect.poll(() => textOf(page, 'member-balance')).toBe('0');
    await page.getByRole('article').getByText('Avsluttet', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Avslutt medlemskapet' }).count()).toBe(0);
    await page.getByTestId('timeline').getByText('Medlemskapet ble avsluttet').first().waitFor();
    expect(await page.getByTestId('timeline').locator('li[data-kind=ledger]', { hasText: 'etter ønske fra medlemmet' }).textContent()).toContain('\u221225\u00a0000');
    expect(dbValue<string>(harness.ctx, 'SELECT state || \' \' || ended_on FROM members WHERE id = ?', fx.oyvind.id)).toBe('ended 2026-11-21');
    expect(dbValue<number>(harness.ctx, "SELECT sum(amount) FROM ledger_entries WHERE member_id = ? AND kind = 'delete_after_cancel'", fx.oyvind.id)).toBe(-25_000);
    await page.evaluate('window.scrollTo(0, 0)');
    await harness.screenshot(page, 'member-page-kept-ended');
    expectNoProblems(harness.problems);
  });

  it('B4: the redemption dialog shows a product not yet launched with its launch date, disabled', async () => {
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
    const row = d.getByTestId('product-B-VINTER');
    expect(await squeezed(row)).toContain('Lanseres 10.12.2026');
    expect(await d.getByLabel('Antall Vitaminpakke Vinter').isDisabled()).toBe(true);
    expect(await d.getByLabel('Antall Omega-3 Forte 120 kapsler').isDisabled()).toBe(false);
    // Enter in the filter skips it: the first product that can be ordered gets the cursor.
    await d.getByLabel('Finn produkt').fill('vitamin');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(200);
    expect(dbValue<number>(harness.ctx, 'SELECT count(*) FROM redemptions')).toBe(0);
    await d.getByLabel('Finn produkt').fill('');
    await windowShot(page, 'redemption-not-yet-launched');
    await page.keyboard.press('Escape');
    expectNoProblems(harness.problems);
  });
});
