/**
 * The launch calendar (issue 5, L5): today's, upcoming and recent launches with live stock;
 * supervisors put launches in, change and cancel them with a reason; a day in the past is
 * refused by the service and the refusal is shown translated; agents only read.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCatalogFixtures, addFixtures, addLaunchFixture, type CatalogFixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openAs, openSection, oslo } from './launch-helpers.js';
import { expectNoProblems } from './steps.js';

describeWithBrowser('launch calendar', () => {
  let harness: Harness;
  let catalog: CatalogFixtures;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        await addFixtures(ctx);
        catalog = addCatalogFixtures(ctx);
        ids['advent'] = await addLaunchFixture(ctx, { launchOn: '2026-12-01', name: 'Adventsnyheter', productIds: [catalog.soldOutProduct] });
        ids['jul'] = await addLaunchFixture(ctx, { launchOn: '2026-12-10', name: 'Julenyheter', productIds: [catalog.launchProduct] });
        ids['vinter'] = await addLaunchFixture(ctx, { launchOn: '2027-01-22', name: 'Vinternyheter', productIds: [catalog.launchProduct] });
        ids['stor'] = await addLaunchFixture(ctx, { launchOn: '2027-02-05', name: 'Stor lansering', productIds: [], scope: 'all_orders' });
      },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  const section = (page: Page, id: 'today' | 'upcoming' | 'recent') => page.getByTestId(`launches-${id}`);

  it('shows today, upcoming and recent launches with live stock; a supervisor adds one, is refused a past day, and cancels one with a reason', async () => {
    harness.clock.set(oslo('2026-12-10', '11:00:00', 1));
    const page = await openAs(harness, 'sara');
    await openSection(page, 'Lanseringer');

    expect(await section(page, 'today').textContent()).toContain('torsdag 10.12.2026');
    expect(await section(page, 'today').textContent()).toContain('Julenyheter');
    expect(await section(page, 'today').textContent()).toContain('Nyhet: Kollagen Pro1 på lager');
    expect(await section(page, 'upcoming').locator('tbody tr').count()).toBe(2);
    expect(await page.getByTestId(`launch-row-${ids['stor']}`).textContent()).toContain('Alle bestillinger');
    // The past launch is read-only and says so; its sold-out product says "Utsolgt" (L5).
    const advent = page.getByTestId(`launch-row-${ids['advent']}`);
    expect(await advent.textContent()).toContain('Gjennomført');
    expect(await advent.textContent()).toContain('Utsolgt');
    expect(await advent.textContent()).toContain('Kan ikke endres');
    expect(await advent.getByRole('button').count()).toBe(0);

    // A new launch with two products from the catalog.
    await page.getByRole('button', { name: 'Ny lansering' }).click();
    let dialog = page.getByRole('dialog', { name: 'Ny lansering' });
    expect(await dialog.getByLabel('Dato').inputValue()).toBe('10.12.2026');
    await dialog.getByLabel('Dato').fill('15.01.2027');
    await dialog.getByLabel('Navn').fill('Nyttårsnyheter');
    // Locking only launch products needs at least one.
    await dialog.getByRole('button', { name: 'Lagre' }).click();
    await dialog.getByText('Velg minst én vare når sperren bare gjelder lanseringsvarene.').waitFor();
    await dialog.getByRole('combobox', { name: 'Varer' }).click();
    await page.getByRole('option', { name: /^Nyhet: Kollagen Pro/ }).click();
    await dialog.getByRole('combobox', { name: 'Varer' }).click();
    await page.getByRole('option', { name: /^Vitamin D3/ }).click();
    await harness.screenshot(page, 'launch-calendar-new');
    await dialog.getByRole('button', { name: 'Lagre' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const created = section(page, 'upcoming').getByRole('row', { name: /Nyttårsnyheter/ });
    await created.waitFor();
    expect(await created.textContent()).toContain('fredag 15.01.2027');
    expect(await created.textContent()).toContain('Vitamin D350 på lager');
    expect(await section(page, 'upcoming').locator('tbody tr').count()).toBe(3);

    // A day that has passed: the service refuses (launch_in_past) and the dialog says why.
    await page.getByRole('button', { name: 'Ny lansering' }).click();
    dialog = page.getByRole('dialog', { name: 'Ny lansering' });
    await dialog.getByLabel('Dato').fill('01.12.2026');
    await dialog.getByLabel('Navn').fill('For sent');
    await dialog.getByRole('radio', { name: 'Alle bestillinger' }).check();
    await dialog.getByRole('button', { name: 'Lagre' }).click();
    expect(await dialog.getByTestId('launch-dialog-error').textContent()).toBe(
      'Lanseringsdagen 01.12.2026 har allerede vært (i dag er 10.12.2026). En lansering i fortiden kan ikke legges inn eller endres.',
    );
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Change one: the scope of the big launch.
    await page.getByRole('button', { name: 'Endre Stor lansering' }).click();
    dialog = page.getByRole('dialog', { name: 'Endre lansering' });
    await dialog.getByLabel('Navn').fill('Stor vårlansering');
    await dialog.getByLabel('Begrunnelse for endringen (valgfri)').fill('Nytt navn fra innkjøp');
    await dialog.getByRole('button', { name: 'Lagre' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId(`launch-row-${ids['stor']}`).getByText('Stor vårlansering').waitFor();

    // Cancel one with a reason: it stays in the calendar, cancelled, with the reason.
    await page.getByRole('button', { name: 'Avlys Vinternyheter' }).click();
    const cancel = page.getByRole('dialog', { name: 'Avlys lansering' });
    expect(await cancel.textContent()).toContain('Lanseringen «Vinternyheter» 22.01.2027 blir stående i kalenderen som avlyst');
    await cancel.getByRole('button', { name: 'Avlys lanseringen' }).click();
    await cancel.getByText('Må fylles ut.').waitFor();
    await cancel.getByLabel('Begrunnelse').fill('Leverandøren er forsinket');
    await cancel.getByRole('button', { name: 'Avlys lanseringen' }).click();
    await cancel.waitFor({ state: 'hidden' });
    const vinter = page.getByTestId(`launch-row-${ids['vinter']}`);
    await vinter.getByText('Leverandøren er forsinket').waitFor();
    expect(await vinter.textContent()).toContain('Avlyst');
    expect(await vinter.textContent()).toContain('Kan ikke endres');
    await harness.screenshot(page, 'launch-calendar');
    expectNoProblems(harness.problems);
  });

  it('agents read the calendar but cannot change it', async () => {
    harness.clock.set(oslo('2026-12-10', '11:00:00', 1));
    const page = await openAs(harness, 'agent');
    await openSection(page, 'Lanseringer');
    await section(page, 'today').getByText('Julenyheter').waitFor();
    expect(await page.getByRole('button', { name: 'Ny lansering' }).count()).toBe(0);
    expect(await page.getByRole('columnheader', { name: 'Handlinger' }).count()).toBe(0);
    expectNoProblems(harness.problems);
  });
});
