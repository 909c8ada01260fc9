import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCatalog, addFixtures, FIXTURE_PASSWORD, type Fixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { atStep, dialog, openMember } from './redemption-steps.js';
import { expectNoProblems, signIn, textOf, waitForShell } from './steps.js';

/** WCAG 2.1 A and AA and best practice, as axe-core checks them; serious and critical findings fail the test. */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact}: ${v.id} — ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
}

/** Issue 4: the member page with its explanation and actions, every step of the redemption dialog, the membership dialogs and the redemptions page. */
describeWithBrowser('accessibility of the agent screens (axe-core)', () => {
  let harness: Harness;
  let fx: Fixtures;
  let page: Page;

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        addCatalog(ctx);
      },
    });
    page = await harness.openApp();
    await signIn(page, 'agent', FIXTURE_PASSWORD);
    await waitForShell(page);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('(i) member page, each step of the redemption dialog, the refusal and the booking have no serious or critical violations', async () => {
    await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
    await page.getByTestId('if-cancelled').waitFor();
    expect(await seriousViolations(page), 'member page').toEqual([]);

    await page.keyboard.press('Alt+n');
    const d = dialog(page);
    await atStep(page, 1, 'Identitet');
    // The error state of step 1 too.
    await d.getByRole('button', { name: 'Neste' }).click();
    await d.getByText('Innringeren må bekrefte minst 2 opplysninger', { exact: false }).waitFor();
    expect(await seriousViolations(page), 'step 1').toEqual([]);
    await page.keyboard.press('1');
    await page.keyboard.press('4');
    await page.keyboard.press('Enter');

    await atStep(page, 2, 'Kanal');
    await d.getByRole('radio', { name: 'E-post' }).check();
    await d.getByLabel('Avsender (e-postadresse)').fill('noen.andre@example.com');
    await d.getByTestId('sender-mismatch').waitFor();
    expect(await seriousViolations(page), 'step 2').toEqual([]);
    await d.getByLabel('Mottatt dato').fill('21.11.2026');
    await d.getByLabel('Kl. (norsk tid)').fill('08:40');
    await d.getByRole('button', { name: 'Neste' }).click();

    await atStep(page, 3, 'Produkter');
    await d.getByLabel('Antall Kaffemaskin Barista').fill('1');
    await d.getByTestId('order-problems').waitFor();
    await d.getByTestId('order-shortfall').waitFor();
    expect(await seriousViolations(page), 'step 3 with a shortfall').toEqual([]);
    await d.getByLabel('Antall Kaffemaskin Barista').fill('0');
    await d.getByLabel('Antall Shakerflaske').fill('2');
    await expect.poll(() => textOf(page, 'order-after')).toBe('11\u00a0245 poeng');
    await d.getByRole('button', { name: 'Neste' }).click();

    await atStep(page, 4, 'Levering');
    await d.getByRole('radio', { name: /Sendes separat/ }).check();
    await d.getByTestId('postage-notice').waitFor();
    expect(await seriousViolations(page), 'step 4').toEqual([]);
    await d.getByRole('button', { name: 'Neste' }).click();

    await atStep(page, 5, 'Oppsummering');
    await d.getByTestId('summary-sender-mismatch').waitFor();
    expect(await seriousViolations(page), 'step 5').toEqual([]);
    // A refusal shown in the dialog.
    harness.setFault((channel) => (channel === 'redemptions.create' ? { code: 'sold_out', message: 'sold out', details: { name: 'Shakerflaske' } } : null));
    try {
      await d.getByRole('button', { name: 'Bekreft bestillingen' }).click();
      await d.getByTestId('redemption-failure').waitFor();
    } finally {
      harness.setFault(null);
    }
    expect(await textOf(page, 'redemption-failure')).toContain('Shakerflaske er utsolgt.');
    expect(await seriousViolations(page), 'refusal').toEqual([]);
    await d.getByRole('button', { name: 'Bekreft bestillingen' }).click();
    await d.getByTestId('redemption-booked').waitFor();
    expect(await seriousViolations(page), 'booked').toEqual([]);
    await d.getByRole('button', { name: 'Lukk' }).click();
    await d.waitFor({ state: 'detached' });
    expectNoProblems(harness.problems);
  });

  it('(i) the membership dialogs, the cancel dialog and the redemptions page have no serious or critical violations', async () => {
    await page.getByRole('button', { name: 'Meld ut av bonusprogrammet' }).click();
    const optOut = page.getByRole('dialog', { name: /ut av bonusprogrammet/ });
    await optOut.getByRole('button', { name: 'Meld ut' }).click();
    await optOut.getByText('Kryss av når du har fortalt medlemmet dette.').waitFor();
    expect(await seriousViolations(page), 'opt-out dialog').toEqual([]);
    await optOut.getByRole('button', { name: 'Avbryt' }).click();
    await optOut.waitFor({ state: 'detached' });

    const cancelButton = page.getByTestId('timeline').getByRole('button', { name: /^Kanseller bestilling/ });
    await cancelButton.click();
    const cancel = page.getByRole('dialog', { name: /^Kanseller bestilling/ });
    await cancel.getByRole('button', { name: 'Kanseller bestillingen' }).click();
    await cancel.getByText('Skriv en begrunnelse.').waitFor();
    expect(await seriousViolations(page), 'cancel dialog').toEqual([]);
    await cancel.getByRole('button', { name: 'Behold bestillingen' }).click();
    await cancel.waitFor({ state: 'detached' });

    await openMember(page, fx.oyvind.memberNo, 'Øyvind Åsheim');
    await page.getByTestId('lifecycle').waitFor();
    expect(await seriousViolations(page), 'cancelled member').toEqual([]);
    await page.getByRole('button', { name: 'Behold medlemskapet' }).click();
    await page.getByRole('dialog', { name: /vil beholde medlemskapet/ }).waitFor();
    expect(await seriousViolations(page), 'keep-membership dialog').toEqual([]);
    await page.keyboard.press('Escape');

    await openMember(page, fx.hans.memberNo, 'Hans Hansen');
    await page.getByRole('button', { name: 'Meld inn igjen' }).click();
    await page.getByRole('dialog', { name: /inn igjen/ }).waitFor();
    expect(await seriousViolations(page), 'rejoin dialog').toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('button', { name: 'Innløsninger' }).click();
    await page.getByRole('table', { name: 'Innløsninger' }).locator('tbody tr').first().waitFor();
    expect(await seriousViolations(page), 'redemptions page').toEqual([]);
    await page.getByRole('button', { name: 'Alle', exact: true }).click();
    await page.getByRole('table', { name: 'Innløsninger' }).locator('tbody tr').first().waitFor();
    await page.getByRole('button', { name: /^Merk sendt: bestilling/ }).first().click();
    await page.getByRole('dialog', { name: /som sendt\?/ }).waitFor();
    expect(await seriousViolations(page), 'ship dialog').toEqual([]);
    await page.keyboard.press('Escape');
    expectNoProblems(harness.problems);
  });
});
