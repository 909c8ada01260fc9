import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sqliteConnection } from '../../main/db/sqlite-store.js';
import { createUser } from '../../main/services/auth.js';
import { addFixtures, dbValue, FIXTURE_PASSWORD, type Fixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openMember, squeezed, windowShot } from './redemption-steps.js';
import { expectNoProblems, norwegianPoints, signIn, waitForShell } from './steps.js';

/**
 * B11 and the role table (issue 13): a supervisor corrects points from the member page — withholds
 * and releases, deletes misregistered points, reduces for an unpaid invoice and gives it back after
 * the payment — each with its effect shown before confirming; a large goodwill credit waits for a
 * second supervisor, who approves it on the approvals page; an agent's member page has no
 * correction controls.
 */
describeWithBrowser('corrections on the member page (B11)', () => {
  let harness: Harness;
  let fx: Fixtures;
  let page: Page;

  const balance = (): number => dbValue<number>(harness.ctx, 'SELECT balance FROM members WHERE id = ?', fx.bjorn.id);
  const correctDialog = () => page.getByRole('dialog', { name: 'Korriger poeng for Bjørn Hansen' });
  const card = () => page.getByTestId('member-corrections');
  const pts = norwegianPoints;

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        await createUser(ctx, { username: 'per', displayName: 'Per Persen', role: 'supervisor', password: FIXTURE_PASSWORD });
      },
    });
    page = await harness.openApp();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, 'sara', FIXTURE_PASSWORD);
    await waitForShell(page);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('B11: the member page shows the invoices and the withheld points; Alt+P opens "Korriger poeng"; too much is refused with the largest amount, 200 withheld shows its effect first', async () => {
    await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
    await card().getByRole('heading', { name: 'Fakturaer', exact: true }).waitFor();
    expect(await squeezed(card())).toContain('F-2026-0917');
    expect(await squeezed(card())).toContain('Ubetalt');
    expect(await squeezed(card())).toContain(`${pts(300)} poeng holdt tilbake 02.11.2026: Dobbeltregistrert kjøp`);
    await windowShot(page, 'corrections-member-card');

    await page.keyboard.press('Alt+p');
    const d = correctDialog();
    await d.waitFor();
    expect(await d.getByRole('radio', { name: 'Holde tilbake feilregistrerte poeng' }).isChecked()).toBe(true);
    await d.getByRole('textbox', { name: 'Poeng' }).fill('20000');
    await d.getByText(`Du kan korrigere høyst ${pts(12_045)} poeng`).first().waitFor();
    await d.getByRole('textbox', { name: 'Poeng' }).fill('200');
    await expect.poll(() => squeezed(d.getByTestId('correction-balance'))).toBe(`Saldo nå ${pts(12_045)} → etter ${pts(11_845)} poeng`);
    // Oldest first: the 2024 earning gives the 200.
    expect(await squeezed(d.getByTestId('correction-effect'))).toContain('Opptjent 01.02.2024');
    await d.getByRole('textbox', { name: 'Begrunnelse' }).fill('Kjøp registrert på feil medlem');
    await windowShot(page, 'corrections-dialog-withhold');
    const axe = await new AxeBuilder({ page }).include('[role=dialog]').analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await d.getByRole('button', { name: 'Bokfør korrigeringen' }).click();
    await page.getByText(`Korrigeringen er bokført. Ny saldo: ${pts(11_845)} poeng.`).waitFor();
    expect(balance()).toBe(11_845);
    await card().getByText(`${pts(200)} poeng holdt tilbake`).waitFor();
  });

  it('B11: releasing the withheld 200 gives them back (with a reason)', async () => {
    await card().getByRole('button', { name: /Frigi 200 poeng/ }).click();
    const r = page.getByRole('dialog', { name: 'Frigi tilbakeholdte poeng' });
    await r.getByRole('textbox', { name: 'Hvorfor frigis poengene?' }).fill('Kjøpet var riktig likevel');
    await r.getByRole('button', { name: 'Frigi' }).click();
    await page.getByText(`Poengene er frigitt. Ny saldo: ${pts(12_045)} poeng.`).waitFor();
    expect(balance()).toBe(12_045);
  });

  it('B11: deletes 45 misregistered points, keyboard only', async () => {
    await page.keyboard.press('Alt+p');
    const d = correctDialog();
    await d.waitFor();
    await d.getByRole('radio', { name: 'Slette feilregistrerte poeng' }).check();
    await d.getByRole('textbox', { name: 'Poeng' }).fill('45');
    await d.getByRole('textbox', { name: 'Begrunnelse' }).fill('Dobbeltregistrert linje i fila');
    await expect.poll(() => squeezed(d.getByTestId('correction-balance'))).toBe(`Saldo nå ${pts(12_045)} → etter ${pts(12_000)} poeng`);
    await d.getByRole('textbox', { name: 'Poeng' }).press('Enter');
    await page.getByText(`Korrigeringen er bokført. Ny saldo: ${pts(12_000)} poeng.`).waitFor();
    expect(dbValue<string>(harness.ctx, "SELECT reason FROM ledger_entries WHERE kind = 'correction_delete' AND member_id = ?", fx.bjorn.id)).toBe('Dobbeltregistrert linje i fila');
  });

  it('B11: reduces for the unpaid invoice (named), and after the payment the desk offers the give-back, which restores the balance', async () => {
    await card().getByRole('button', { name: 'Trekk poeng for faktura F-2026-0917' }).click();
    const d = correctDialog();
    await d.waitFor();
    expect(await d.getByRole('radio', { name: 'Trekke for ubetalt faktura' }).isChecked()).toBe(true);
    expect(await squeezed(d.getByRole('combobox', { name: 'Faktura' }))).toContain('F-2026-0917');
    await d.getByRole('textbox', { name: 'Poeng' }).fill('1000');
    await d.getByRole('textbox', { name: 'Begrunnelse' }).fill('Purret to ganger uten svar');
    await expect.poll(() => squeezed(d.getByTestId('correction-balance'))).toBe(`Saldo nå ${pts(12_000)} → etter ${pts(11_000)} poeng`);
    await d.getByRole('button', { name: 'Bokfør korrigeringen' }).click();
    await page.getByText(`Korrigeringen er bokført. Ny saldo: ${pts(11_000)} poeng.`).waitFor();
    await card().getByText(`Trukket ${pts(1_000)} poeng`).waitFor();
    expect(await card().getByRole('button', { name: 'Trekk poeng for faktura F-2026-0917' }).count()).toBe(0);

    // The billing side reports the payment (D2); the supervisor opens the member again.
    sqliteConnection(harness.ctx.store).prepare("UPDATE invoices SET status = 'paid', paid_on = '2026-11-20' WHERE invoice_no = 'F-2026-0917'").run();
    await page.keyboard.press('Escape');
    await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
    await card().getByText(`Faktura F-2026-0917 er betalt. Trekket på ${pts(1_000)} poeng kan gis tilbake.`).waitFor();
    await windowShot(page, 'corrections-give-back-offer');
    await card().getByRole('button', { name: 'Gi tilbake trekket for faktura F-2026-0917' }).click();
    await page.getByText(`Trekket er gitt tilbake. Ny saldo: ${pts(12_000)} poeng.`).waitFor();
    expect(balance()).toBe(12_000);
    await card().getByText('Gitt tilbake').waitFor();
  });

  it('B11: a goodwill credit of 6 000 (above the threshold) waits for a second supervisor; Sara cannot approve her own; Per approves it and it is booked', async () => {
    await page.keyboard.press('Alt+p');
    const d = correctDialog();
    await d.waitFor();
    await d.getByRole('radio', { name: 'Godskrive poeng for hånd' }).check();
    await d.getByRole('textbox', { name: 'Poeng' }).fill('6000');
    await d.getByRole('textbox', { name: 'Saksnummer' }).fill('K-2026-118');
    await d.getByRole('textbox', { name: 'Begrunnelse' }).fill('Pakken kom aldri fram');
    await d.getByText(`Over grensen på ${pts(5_000)} poeng: korrigeringen venter på en annen teamleder før den bokføres.`).waitFor();
    await expect.poll(() => squeezed(d.getByTestId('correction-balance'))).toBe(`Saldo nå ${pts(12_000)} → etter ${pts(18_000)} poeng`);
    await windowShot(page, 'corrections-dialog-needs-approval');
    await d.getByRole('button', { name: 'Send til godkjenning' }).click();
    await page.getByText('Korrigeringen venter på godkjenning av en annen teamleder.').waitFor();
    expect(balance()).toBe(12_000);
    await card().getByText(/Godskriving for hånd: 6\u00a0000 poeng, bedt om av Sara Svendsen/).waitFor();

    await page.getByRole('button', { name: /^Godkjenninger/ }).first().click();
    const table = page.getByTestId('corrections-pending');
    await table.getByText('Bjørn Hansen').waitFor();
    expect(await squeezed(table)).toContain(`${pts(12_000)} → ${pts(18_000)} poeng`);
    expect(await squeezed(table)).toContain('Goodwill, sak K-2026-118');
    await table.getByText('Din egen').waitFor();

    const other = await harness.openApp();
    await other.setViewportSize({ width: 1366, height: 768 });
    await signIn(other, 'per', FIXTURE_PASSWORD);
    await waitForShell(other);
    await other.getByRole('button', { name: /^Godkjenninger/ }).first().click();
    const perTable = other.getByTestId('corrections-pending');
    await perTable.getByText('Bjørn Hansen').waitFor();
    await windowShot(other, 'corrections-approvals-second-supervisor');
    await perTable.getByRole('button', { name: 'Godkjenn korrigeringen for Bjørn Hansen' }).click();
    await other.getByText(/Korrigeringen er godkjent og bokført/).waitFor();
    expect(balance()).toBe(18_000);
    expect(dbValue<string>(harness.ctx, "SELECT reason_params FROM ledger_entries WHERE kind = 'correction_add' AND member_id = ?", fx.bjorn.id)).toBe('{"category":"goodwill","caseRef":"K-2026-118"}');
    await other.close();
    // Decided: Sara's approvals page, opened again, has nothing waiting.
    await page.getByRole('button', { name: /^Medlemmer/ }).first().click();
    await page.getByRole('button', { name: /^Godkjenninger/ }).first().click();
    await page.getByText('Ingen korrigeringer venter på godkjenning.').waitFor();
  });

  it('the member page at 1024×700 keeps the balance above the fold with the corrections card', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
    await card().getByRole('heading', { name: 'Fakturaer', exact: true }).waitFor();
    const box = await page.getByTestId('member-balance').boundingBox();
    expect((box?.y ?? 9_999) + (box?.height ?? 0)).toBeLessThanOrEqual(700);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await windowShot(page, 'corrections-member-1024');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('the role table: an agent\'s member page has no correction controls, and Alt+P does nothing', async () => {
    const agent = await harness.openApp();
    await agent.setViewportSize({ width: 1366, height: 768 });
    await signIn(agent, 'agent', FIXTURE_PASSWORD);
    await waitForShell(agent);
    await openMember(agent, fx.bjorn.memberNo, 'Bjørn Hansen');
    expect(await agent.getByRole('button', { name: /Korriger poeng/ }).count()).toBe(0);
    expect(await agent.getByTestId('member-corrections').count()).toBe(0);
    await agent.keyboard.press('Alt+p');
    await agent.waitForTimeout(300);
    expect(await agent.getByRole('dialog').count()).toBe(0);
    await agent.close();
    expectNoProblems(harness.problems);
  });
});
