/**
 * axe-core over the launch-day and supervisor screens (banner, script panel, launch calendar,
 * held orders, monthly run, earnings files, approvals): no serious or critical WCAG 2.1 A/AA
 * findings. The same screens are photographed at the 960×640 minimum window, where Norwegian
 * text must still fit.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser } from '../../main/services/auth.js';
import { createCorrection } from '../../main/services/corrections.js';
import { importEarnings } from '../../main/services/earnings.js';
import { registerHeldOrder } from '../../main/services/held-orders.js';
import { addCatalogFixtures, addEarningTable, addFixtures, addLaunchFixture, addMemberEndingSoon, FIXTURE_PASSWORD, type Fixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openAs, openSection, oslo, seriousViolations } from './launch-helpers.js';
import { expectNoProblems } from './steps.js';

const DAY = '2027-01-22';

describeWithBrowser('accessibility of the launch-day and supervisor screens (axe-core)', () => {
  let harness: Harness;
  let fx: Fixtures;

  beforeAll(async () => {
    let launchProduct = 0;
    harness = await startHarness({
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        const catalog = addCatalogFixtures(ctx);
        launchProduct = catalog.launchProduct;
        await addLaunchFixture(ctx, { launchOn: DAY, name: 'Vinternyheter', productIds: [catalog.launchProduct, catalog.soldOutProduct] });
        await addLaunchFixture(ctx, { launchOn: '2027-03-26', name: 'Vårnyheter', productIds: [catalog.launchProduct] });
        addEarningTable(ctx);
        await addMemberEndingSoon(ctx);
        await importEarnings(ctx, { fileName: 'oktober.csv', content: '100001;KASSE-M;2;2026-10-05\n100002;TILLEGG;5;15.10.2026\n' });
        // B11: a withholding above the approval threshold (5 000), asked for by another supervisor.
        const sverre = await createUser(ctx, { username: 'sverre', displayName: 'Sverre Sand', role: 'supervisor', password: FIXTURE_PASSWORD });
        await createCorrection(
          { ...ctx, user: { id: sverre.id, username: sverre.username, displayName: sverre.displayName, role: sverre.role } },
          { memberId: fx.oyvind.id, kind: 'withhold', points: 6_000, reason: 'Dobbeltregistrert fil fra fakturering', channel: 'desk' },
        );
      },
    });
    // Two email orders that came in before 10:00 on launch day.
    harness.clock.set(oslo(DAY, '09:40:00', 1));
    const identity = { memberNo: true, address: true, email: false, phone: false };
    for (const [memberId, at] of [
      [fx.bjorn.id, '08:05:00'],
      [fx.kari.id, '09:12:00'],
    ] as const) {
      await registerHeldOrder(harness.ctx, {
        memberId,
        email: { from: 'kunde@example.no', receivedAt: oslo(DAY, at, 1), subject: 'Bestilling' },
        lines: [{ productId: launchProduct, quantity: 1 }],
        delivery: 'next_delivery',
        identity,
      });
    }
  });
  afterAll(async () => {
    await harness?.close();
  });

  async function scan(page: Page, what: string): Promise<void> {
    const found = await seriousViolations(page);
    expect(found, `${what}:\n${found.join('\n')}`).toEqual([]);
  }

  it('the banner, the script panel, held orders and the launch calendar, as an agent before 10:00', async () => {
    harness.clock.set(oslo(DAY, '09:58:30', 1));
    const page = await openAs(harness, 'agent');
    await page.getByTestId('launch-countdown').waitFor();
    await scan(page, 'banner');

    await page.getByRole('button', { name: 'Manus til kunden' }).click();
    await page.getByRole('dialog', { name: 'Manus for lanseringsdagen' }).getByTestId('launch-script-text').waitFor();
    await scan(page, 'script panel');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    await openSection(page, 'Holdte ordre');
    await page.getByTestId('held-next').waitFor();
    await scan(page, 'held orders');
    await page.getByRole('button', { name: 'Registrer holdt ordre' }).click();
    const dialog = page.getByRole('dialog', { name: 'Registrer holdt e-postbestilling' });
    await dialog.getByRole('button', { name: 'Registrer', exact: true }).click();
    await dialog.getByText('Velg et medlem.').waitFor();
    await scan(page, 'held order form with errors');
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await openSection(page, 'Lanseringer');
    await page.getByTestId('launches-today').getByText('Vinternyheter').waitFor();
    await scan(page, 'launch calendar (agent)');
    expectNoProblems(harness.problems);
  });

  it('the supervisor screens: launch dialog, monthly run preview and service emails, earnings result, approvals', async () => {
    harness.clock.set(oslo(DAY, '11:00:00', 1));
    const page = await openAs(harness, 'sara');
    await openSection(page, 'Lanseringer');
    await page.getByRole('button', { name: 'Ny lansering' }).click();
    await page.getByRole('dialog', { name: 'Ny lansering' }).getByLabel('Navn').waitFor();
    await scan(page, 'launch dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Avlys Vårnyheter' }).click();
    await page.getByRole('dialog', { name: 'Avlys lansering' }).waitFor();
    await scan(page, 'cancel dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    await openSection(page, 'Månedskjøring');
    await page.getByRole('button', { name: 'Forhåndsvis' }).click();
    await page.getByTestId('run-preview').waitFor();
    await page.getByTestId('service-emails').waitFor();
    await scan(page, 'monthly run preview');

    await openSection(page, 'Opptjeningsfiler');
    await page.getByTestId('earnings-file').setInputFiles({ name: 'des.csv', mimeType: 'text/csv', buffer: Buffer.from('100001;KASSE-M;1;2026-12-01\n999;KASSE-M;1;2026-12-01\n', 'utf8') });
    // B2: the file is checked first, then imported.
    await page.getByRole('button', { name: 'Kontroller fil' }).click();
    await page.getByTestId('earnings-preview').waitFor();
    await scan(page, 'earnings check');
    await page.getByRole('button', { name: 'Importer' }).click();
    await page.getByTestId('earnings-result').waitFor();
    await page.getByTestId('earnings-rejections').waitFor();
    await scan(page, 'earnings result');

    // B11: a second supervisor approves the large correction; it is booked and leaves the list.
    await openSection(page, 'Godkjenninger');
    const pending = page.getByTestId('corrections-pending');
    await pending.getByText('Dobbeltregistrert fil fra fakturering').waitFor();
    expect(await pending.textContent()).toContain('Øyvind Åsheim');
    expect(await pending.textContent()).toContain('Holde tilbake');
    expect(await pending.textContent()).toContain('Sverre Sand');
    await scan(page, 'approvals');
    await harness.screenshot(page, 'corrections-pending');
    await pending.getByRole('button', { name: 'Godkjenn korrigeringen for Øyvind Åsheim' }).click();
    await page.getByText('Korrigeringen er godkjent og bokført. Ny saldo: 19\u00a0000 poeng.').waitFor();
    await pending.getByText('Ingen korrigeringer venter på godkjenning.').waitFor();
    expectNoProblems(harness.problems);
  });

  it('fits the 960×640 minimum window: banner, held orders, launch calendar, monthly run, earnings (screenshots)', async () => {
    harness.clock.set(oslo(DAY, '09:58:30', 1));
    const page = await openAs(harness, 'sara');
    await page.setViewportSize({ width: 960, height: 640 });
    await page.getByTestId('launch-countdown').waitFor();
    await harness.screenshot(page, 'narrow-launch-banner');
    for (const [label, shot, ready] of [
      ['Holdte ordre', 'narrow-held-orders', 'held-next'],
      ['Lanseringer', 'narrow-launch-calendar', 'launches-today'],
      ['Månedskjøring', 'narrow-monthly-run', 'run-history'],
      ['Opptjeningsfiler', 'narrow-earnings', 'earnings-files'],
    ] as const) {
      await openSection(page, label);
      await page.getByTestId(ready).first().waitFor();
      await harness.screenshot(page, shot);
      // Nothing sticks out sideways: the page is no wider than the window.
      expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(960);
    }
    // The English banner fits too.
    await page.getByRole('button', { name: 'Språk: Norsk' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByTestId('launch-message').filter({ hasText: 'Customer service takes no orders for launch products before 10:00' }).waitFor();
    await openSection(page, 'Launches');
    await harness.screenshot(page, 'narrow-launch-calendar-en');
    expectNoProblems(harness.problems);
  });
});
