import { sqliteConnection } from '../../main/db/sqlite-store.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { drawFifo } from '../../main/domain/points.js';
import { bookDraw, memberLots } from '../../main/services/ledger.js';
import { noteReason } from '../../shared/reasons.js';
import { actingAs, addCatalog, addFixtures, dbValue, FIXTURE_PASSWORD, type CatalogFixture, type Fixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { atStep, dialog, fitsWidth, focused, openMember, squeezed, windowShot } from './redemption-steps.js';
import { expectNoProblems, signIn, textOf, waitForShell } from './steps.js';

/**
 * Issue 4 in a real browser over the real desk: bonus redemptions by phone and by email
 * (B3, B4, B7, B7a, B8), refusals in Norwegian, cancellation, double-click, keyboard only.
 */
describeWithBrowser('bonus redemptions (B7)', () => {
  let harness: Harness;
  let fx: Fixtures;
  let catalog: CatalogFixture;
  let page: Page;

  const balanceOf = (memberId: number): number => dbValue<number>(harness.ctx, 'SELECT balance FROM members WHERE id = ?', memberId);
  const stockOf = (productId: number): number => dbValue<number>(harness.ctx, 'SELECT stock FROM bonus_products WHERE id = ?', productId);
  const redemptionsOf = (memberId: number): number => dbValue<number>(harness.ctx, 'SELECT count(*) FROM redemptions WHERE member_id = ?', memberId);

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        catalog = addCatalog(ctx);
      },
    });
    page = await harness.openApp();
    await signIn(page, 'agent', FIXTURE_PASSWORD);
    await waitForShell(page);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('(a) a phone redemption with the next delivery: identity, products with a running total, summary, confirm; the member page shows the new balance', async () => {
    await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
    // B12b: the explanation sits beside the balance, with "if cancelled today" for an active member.
    expect(await squeezed(page.getByTestId('balance-story'))).toContain('Opptjent +14\u00a0500');
    expect(await squeezed(page.getByTestId('if-cancelled'))).toContain('Hvis medlemmet sier opp i dag');
    await harness.screenshot(page, 'member-page-actions');

    const register = page.getByRole('button', { name: /Registrer innløsning/ });
    expect(await register.getAttribute('aria-keyshortcuts')).toBe('Alt+N');
    await register.click();
    await atStep(page, 1, 'Identitet');
    const d = dialog(page);
    // The member's details are shown for comparing, each with a checkbox.
    expect(await squeezed(d)).toContain('Storgata 1, 0155 Oslo');
    expect(await squeezed(d)).toContain('+47 912 34 567');
    // Fewer than two: refused with a clear message, and the dialog stays on step 1.
    await d.getByLabel('Medlemsnummer').check();
    await d.getByRole('button', { name: 'Neste' }).click();
    await d.getByText('Innringeren må bekrefte minst 2 opplysninger').waitFor();
    await d.getByLabel('Telefon').check();
    expect(await textOf(page, 'identity-count')).toBe('2 av 4 bekreftet (minst 2 kreves)');
    await windowShot(page, 'redemption-1-identity');
    await d.getByRole('button', { name: 'Neste' }).click();

    await atStep(page, 2, 'Kanal');
    expect(await d.getByRole('radio', { name: 'Telefon' }).isChecked()).toBe(true);
    await windowShot(page, 'redemption-2-channel');
    await d.getByRole('button', { name: 'Neste' }).click();

    await atStep(page, 3, 'Produkter');
    // B4/L5: sold out and discontinued are visibly disabled before anything is promised.
    const soldOut = d.getByTestId('product-B-TURSEKK');
    expect(await squeezed(soldOut)).toContain('Utsolgt');
    expect(await soldOut.getByRole('spinbutton').isDisabled()).toBe(true);
    const gone = d.getByTestId('product-B-BOKS');
    expect(await squeezed(gone)).toContain('Utgått');
    expect(await gone.getByRole('spinbutton').isDisabled()).toBe(true);
    expect(await squeezed(d.getByTestId('product-B-SHAKER'))).toContain('Bare 3 igjen');
    // The filter field has the focus: type, Enter picks the first match with quantity 1.
    expect((await focused(page)).label).toBe('Finn produkt');
    await page.keyboard.type('omega');
    await page.keyboard.press('Enter');
    expect((await focused(page)).label).toBe('Antall Omega-3 Forte 120 kapsler');
    await page.keyboard.type('2');
    await expect.poll(() => textOf(page, 'order-total')).toBe('3\u00a0000 poeng');
    await expect.poll(() => textOf(page, 'order-after')).toBe('9\u00a0045 poeng');
    expect(await squeezed(d.getByTestId('order-lines'))).toBe('2 × Omega-3 Forte 120 kapsler 3\u00a0000');
    await windowShot(page, 'redemption-3-products');
    await page.keyboard.press('Enter');

    await atStep(page, 4, 'Levering');
    expect(await d.getByRole('radio', { name: /Med neste ordinære levering/ }).isChecked()).toBe(true);
    expect(await textOf(page, 'delivery-next-date')).toBe('Neste levering er 03.12.2026. Ingen ekstra kostnad.');
    await windowShot(page, 'redemption-4-delivery');
    await page.keyboard.press('Enter');

    await atStep(page, 5, 'Oppsummering');
    const readBack = await squeezed(d.getByTestId('read-back'));
    expect(readBack).toContain('Du bestiller 2 × Omega-3 Forte 120 kapsler, til sammen 3\u00a0000 poeng.');
    expect(readBack).toContain('Etterpå har du 9\u00a0045 poeng igjen.');
    expect(readBack).toContain('Varene sendes med din neste ordinære levering 03.12.2026.');
    expect(await squeezed(d)).toContain('medlemsnummer og telefon');
    expect((await focused(page)).text).toBe('Bekreft bestillingen');
    await windowShot(page, 'redemption-5-summary');
    await d.getByRole('button', { name: 'Bekreft bestillingen' }).click();

    await d.getByTestId('redemption-booked').waitFor();
    expect(await textOf(page, 'booked-balance')).toBe('9\u00a0045 poeng');
    await windowShot(page, 'redemption-6-booked');
    await d.getByRole('button', { name: 'Lukk' }).click();
    await d.waitFor({ state: 'detached' });

    await expect.poll(() => textOf(page, 'member-balance')).toBe('9\u00a0045');
    // Issue 12: the redemption shows once, in the timeline, with its products, debit and first step.
    const booked = page.getByTestId('timeline').locator('li[data-kind=redemption]');
    expect(await booked.count()).toBe(1);
    expect(await squeezed(booked)).toMatch(/Innløsning nr\. \d+ · registrert \u22123\u00a0000 2 × Omega-3 Forte 120 kapsler · Med neste levering 03\.12\.2026 Registrert 21\.11\.2026 \d\d:\d\d · Anne Agent · Telefon/);
    expect(await page.getByRole('table', { name: 'Innløsninger' }).count()).toBe(0);
    expect(balanceOf(fx.bjorn.id)).toBe(9_045);
    expect(stockOf(catalog.omega)).toBe(38);
    expect(dbValue<string>(harness.ctx, 'SELECT identity_checks FROM redemptions WHERE member_id = ?', fx.bjorn.id)).toBe('{"memberNo":true,"address":false,"email":false,"phone":true}');
    await harness.screenshot(page, 'member-page-after-redemption');
    expectNoProblems(harness.problems);
  });

  it('(b) an email redemption shipped separately: a sender mismatch warning, and the postage shown before confirming', async () => {
    await openMember(page, fx.kari.memberNo, 'Kari Hansen');
    await page.keyboard.press('Alt+n');
    await atStep(page, 1, 'Identitet');
    const d = dialog(page);
    await d.getByLabel('Medlemsnummer').check();
    await d.getByLabel('E-post').check();
    await d.getByRole('button', { name: 'Neste' }).click();

    await atStep(page, 2, 'Kanal');
    await d.getByRole('radio', { name: 'E-post' }).check();
    await d.getByLabel('Avsender (e-postadresse)').fill('Kari.Privat@Example.com');
    await d.getByLabel('Mottatt dato').fill('21.11.2026');
    await d.getByLabel('Kl. (norsk tid)').fill('08:12');
    await d.getByLabel('Emne').fill('Bestilling av shakerflaske');
    const warning = d.getByTestId('sender-mismatch');
    await warning.waitFor();
    expect(await squeezed(warning)).toContain('E-posten kom fra kari.privat@example.com, men medlemmet har registrert kari.h@example.no.');
    await windowShot(page, 'redemption-email-mismatch');
    await d.getByRole('button', { name: 'Neste' }).click();

    await atStep(page, 3, 'Produkter');
    await d.getByLabel('Antall Shakerflaske').fill('1');
    await expect.poll(() => textOf(page, 'order-after')).toBe('4\u00a0100 poeng');
    await d.getByRole('button', { name: 'Neste' }).click();

    await atStep(page, 4, 'Levering');
    await d.getByRole('radio', { name: /Sendes separat/ }).check();
    // B8: the postage (a setting, in NOK) is shown before confirming.
    expect(await squeezed(d.getByTestId('postage-notice'))).toBe('Si til innringeren at separat forsendelse koster 79,00\u00a0kr i porto før du bekrefter.');
    await expect.poll(() => textOf(page, 'order-postage')).toBe('79,00\u00a0kr');
    await windowShot(page, 'redemption-email-postage');
    await d.getByRole('button', { name: 'Neste' }).click();

    await atStep(page, 5, 'Oppsummering');
    expect(await squeezed(d.getByTestId('read-back'))).toContain('Varene sendes separat. Det koster 79,00\u00a0kr i porto.');
    expect(await squeezed(d)).toContain('E-post fra kari.privat@example.com, mottatt 21.11.2026 kl. 08:12');
    await d.getByTestId('summary-sender-mismatch').waitFor();
    await windowShot(page, 'redemption-email-summary');
    await d.getByRole('button', { name: 'Bekreft bestillingen' }).click();
    await d.getByTestId('redemption-booked').waitFor();
    expect(await squeezed(d.getByTestId('redemption-booked'))).toContain('Separat, porto 79,00\u00a0kr');
    await d.getByRole('button', { name: 'Lukk' }).click();

    await expect.poll(() => textOf(page, 'member-balance')).toBe('4\u00a0100');
    const row = page.getByTestId('timeline').locator('li[data-kind=redemption]').first();
    expect(await squeezed(row)).toContain('Separat, porto 79,00\u00a0kr');
    expect(await squeezed(row.locator('[data-step=registered]'))).toContain('· Anne Agent · E-post');
    await row.getByText('Avsenderen kari.privat@example.com var ikke medlemmets registrerte e-post').waitFor();
    const stored = sqliteConnection(harness.ctx.store)
      .prepare('SELECT channel, delivery, postage_ore AS postage, email_from AS sender, email_received_at AS received, email_subject AS subject FROM redemptions WHERE member_id = ?')
      .get(fx.kari.id);
    expect(stored).toEqual({ channel: 'email', delivery: 'separate', postage: 7_900, sender: 'kari.privat@example.com', received: '2026-11-21T07:12:00.000Z', subject: 'Bestilling av shakerflaske' });
    expectNoProblems(harness.problems);
  });

  it('(c) too few points: the shortfall in Norwegian before anything is booked, and the refusal when the balance drops before confirming', async () => {
    await page.keyboard.press('Alt+n');
    await atStep(page, 1, 'Identitet');
    const d = dialog(page);
    await expect.poll(async () => (await focused(page)).type).toBe('checkbox');
    await page.keyboard.press('1');
    await page.keyboard.press('3');
    await page.keyboard.press('Enter');
    await atStep(page, 2, 'Kanal');
    await page.keyboard.press('Enter');
    await atStep(page, 3, 'Produkter');
    await page.keyboard.type('barista');
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'order-shortfall')).toBe('Medlemmet mangler 13\u00a0900 poeng');
    const problems = d.getByTestId('order-problems');
    await problems.waitFor();
    expect(await squeezed(problems)).toContain('Medlemmet har 4\u00a0100 poeng, og bestillingen koster 18\u00a0000 poeng. Medlemmet mangler 13\u00a0900 poeng.');
    await windowShot(page, 'redemption-shortfall');
    // Going on is refused: the step stays, nothing is booked.
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    await atStep(page, 3, 'Produkter');
    expect(redemptionsOf(fx.kari.id)).toBe(1);

    // Pick what the balance allows, and go to the summary.
    await d.getByLabel('Finn produkt').fill('');
    await d.getByLabel('Antall Kaffemaskin Barista').fill('0');
    await d.getByLabel('Antall Omega-3 Forte 120 kapsler').fill('2');
    await expect.poll(() => textOf(page, 'order-after')).toBe('1\u00a0100 poeng');
    await d.getByTestId('order-problems').waitFor({ state: 'detached' });
    await d.getByRole('button', { name: 'Neste' }).click();
    await atStep(page, 4, 'Levering');
    await d.getByRole('button', { name: 'Neste' }).click();
    await atStep(page, 5, 'Oppsummering');

    // Meanwhile another agent books 2 000 of Kari's points: the booking is checked again and refused.
    const lots = await memberLots(harness.ctx.store, fx.kari.id);
    await bookDraw(actingAs(harness.ctx, 'sara'), fx.kari.id, 'spend', lots, drawFifo(lots, 2_000), { channel: 'phone', reason: noteReason('Innløsning i et annet vindu'), effectiveOn: '2026-11-21' });
    await d.getByRole('button', { name: 'Bekreft bestillingen' }).click();
    const failure = d.getByTestId('redemption-failure');
    await failure.waitFor();
    expect(await squeezed(failure)).toBe('Bestillingen ble ikke registrert Medlemmet har 2\u00a0100 poeng, og bestillingen koster 3\u00a0000 poeng. Medlemmet mangler 900 poeng.');
    await windowShot(page, 'redemption-refused');
    expect(redemptionsOf(fx.kari.id)).toBe(1);
    await page.keyboard.press('Escape');
    await d.waitFor({ state: 'detached' });
    // Escape closed the dialog only: the member page stays.
    await page.getByRole('heading', { name: 'Kari Hansen', level: 1 }).waitFor();
    expectNoProblems(harness.problems);
  });

  it('(d) cancelling a registered redemption with a reason gives the points and the stock back', async () => {
    await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
    expect(await textOf(page, 'member-balance')).toBe('9\u00a0045');
    const id = dbValue<number>(harness.ctx, 'SELECT id FROM redemptions WHERE member_id = ?', fx.bjorn.id);
    const item = page.locator(`[data-testid=timeline] li[data-redemption-id="${id}"]`);
    await item.getByRole('button', { name: `Kanseller bestilling ${id}` }).click();
    const cancel = page.getByRole('dialog', { name: `Kanseller bestilling ${id}` });
    expect(await squeezed(cancel)).toContain('3\u00a0000 poeng går tilbake til medlemmet');
    // A reason is required.
    await cancel.getByRole('button', { name: 'Kanseller bestillingen' }).click();
    await cancel.getByText('Skriv en begrunnelse.').waitFor();
    await cancel.getByLabel('Hvorfor kanselleres bestillingen?').fill('Medlemmet ombestemte seg');
    await windowShot(page, 'redemption-cancel-dialog');
    await cancel.getByRole('button', { name: 'Kanseller bestillingen' }).click();
    await cancel.waitFor({ state: 'detached' });

    await expect.poll(() => textOf(page, 'member-balance')).toBe('12\u00a0045');
    // Issue 12: still one item: registered, then cancelled with the points given back (B7a).
    await expect.poll(() => item.getAttribute('data-status')).toBe('cancelled');
    expect(await squeezed(item.locator('[data-step=cancelled]'))).toMatch(/^Kansellert 21\.11\.2026 \d\d:\d\d · Anne Agent · «Medlemmet ombestemte seg» \+3\u00a0000 poeng gitt tilbake$/);
    expect(await item.getByRole('button').count()).toBe(0);
    await page.getByText('Bestilling ' + id + ' er kansellert. 3\u00a0000 poeng er gitt tilbake.').waitFor();
    expect(balanceOf(fx.bjorn.id)).toBe(12_045);
    expect(stockOf(catalog.omega)).toBe(40);
    expect(await squeezed(page.getByTestId('balance-story'))).toContain('Gitt tilbake ved kansellering +3\u00a0000');
    await harness.screenshot(page, 'member-page-cancelled-redemption');
    expectNoProblems(harness.problems);
  });

  it('(h) a double-click on Confirm books once', async () => {
    const before = redemptionsOf(fx.bjorn.id);
    await page.keyboard.press('Alt+n');
    const d = dialog(page);
    await atStep(page, 1, 'Identitet');
    // The digits tick the details even before the focus has settled on the first checkbox.
    await page.keyboard.press('1');
    await page.keyboard.press('2');
    await expect.poll(() => textOf(page, 'identity-count')).toBe('2 av 4 bekreftet (minst 2 kreves)');
    await expect.poll(async () => (await focused(page)).type).toBe('checkbox');
    await page.keyboard.press('Enter');
    await atStep(page, 2, 'Kanal');
    await page.keyboard.press('Enter');
    await atStep(page, 3, 'Produkter');
    await d.getByLabel('Antall Termokopp 750 ml').fill('1');
    await expect.poll(() => textOf(page, 'order-after')).toBe('9\u00a0645 poeng');
    await page.keyboard.press('Enter');
    await atStep(page, 4, 'Levering');
    await page.keyboard.press('Enter');
    await atStep(page, 5, 'Oppsummering');
    // Slow answers, so the second click lands while the first is still on its way.
    harness.setLatency((channel) => (channel === 'redemptions.create' ? 400 : 0));
    try {
      await d.getByTestId('confirm-redemption').dblclick();
      await d.getByTestId('redemption-booked').waitFor();
    } finally {
      harness.setLatency(null);
    }
    expect(redemptionsOf(fx.bjorn.id)).toBe(before + 1);
    expect(balanceOf(fx.bjorn.id)).toBe(9_645);
    // The fixture's spend, the one cancelled in (d), and this one: one spend per booking.
    expect(dbValue<number>(harness.ctx, "SELECT count(*) FROM ledger_entries WHERE member_id = ? AND kind = 'spend'", fx.bjorn.id)).toBe(3);
    await d.getByRole('button', { name: 'Lukk' }).click();
    await d.waitFor({ state: 'detached' });
    expectNoProblems(harness.problems);
  });

  it('(j) the whole redemption with the keyboard only: search, Alt+N, every step, confirm, close', async () => {
    // From the search field, where the agent's focus is after Ctrl+K.
    await page.keyboard.press('Control+k');
    await page.keyboard.type(String(fx.bjorn.memberNo));
    await page.getByRole('option', { name: /Bjørn Hansen/ }).waitFor();
    await expect.poll(() => page.getByRole('listbox').getAttribute('aria-busy')).toBe('false');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Bjørn Hansen', level: 1 }).waitFor();
    await expect.poll(() => textOf(page, 'member-balance')).toBe('9\u00a0645');
    await page.keyboard.press('Alt+n');
    await atStep(page, 1, 'Identitet');
    expect((await focused(page)).type).toBe('checkbox');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await textOf(page, 'identity-count')).toBe('2 av 4 bekreftet (minst 2 kreves)');
    await page.keyboard.press('Enter');
    await atStep(page, 2, 'Kanal');
    expect((await focused(page)).type).toBe('radio');
    await page.keyboard.press('Enter');
    await atStep(page, 3, 'Produkter');
    await page.keyboard.type('kopp');
    await page.keyboard.press('Enter');
    await page.keyboard.type('2');
    await expect.poll(() => textOf(page, 'order-total')).toBe('4\u00a0800 poeng');
    await page.keyboard.press('Enter');
    await atStep(page, 4, 'Levering');
    expect((await focused(page)).type).toBe('radio');
    await page.keyboard.press('Enter');
    await atStep(page, 5, 'Oppsummering');
    expect((await focused(page)).text).toBe('Bekreft bestillingen');
    await page.keyboard.press('Enter');
    await dialog(page).getByTestId('redemption-booked').waitFor();
    expect(await textOf(page, 'booked-balance')).toBe('4\u00a0845 poeng');
    expect((await focused(page)).text).toBe('Lukk');
    await page.keyboard.press('Enter');
    await dialog(page).waitFor({ state: 'detached' });
    await expect.poll(() => textOf(page, 'member-balance')).toBe('4\u00a0845');
    expect(balanceOf(fx.bjorn.id)).toBe(4_845);
    expectNoProblems(harness.problems);
  });

  it('fits the smallest window (960 × 640): member page and every step of the dialog', async () => {
    await page.setViewportSize({ width: 960, height: 640 });
    try {
      await openMember(page, fx.kari.memberNo, 'Kari Hansen');
      await fitsWidth(page);
      await harness.screenshot(page, 'member-page-actions-narrow');
      await page.keyboard.press('Alt+n');
      const d = dialog(page);
      await atStep(page, 1, 'Identitet');
      await page.keyboard.press('1');
      await page.keyboard.press('3');
      await windowShot(page, 'redemption-1-identity-narrow');
      await page.keyboard.press('Enter');
      await atStep(page, 2, 'Kanal');
      await d.getByRole('radio', { name: 'E-post' }).check();
      await d.getByLabel('Avsender (e-postadresse)').fill('noen.andre@example.com');
      await d.getByTestId('sender-mismatch').waitFor();
      await windowShot(page, 'redemption-2-channel-narrow');
      await d.getByLabel('Mottatt dato').fill('21.11.2026');
      await d.getByLabel('Kl. (norsk tid)').fill('09:05');
      await d.getByRole('button', { name: 'Neste' }).click();
      await atStep(page, 3, 'Produkter');
      await d.getByLabel('Antall Kaffemaskin Barista').fill('1');
      await d.getByTestId('order-problems').waitFor();
      await fitsWidth(page);
      await windowShot(page, 'redemption-3-products-narrow');
      await d.getByLabel('Antall Kaffemaskin Barista').fill('0');
      await d.getByLabel('Antall Shakerflaske').fill('1');
      await expect.poll(() => textOf(page, 'order-after')).toBe('1\u00a0700 poeng');
      await d.getByRole('button', { name: 'Neste' }).click();
      await atStep(page, 4, 'Levering');
      await d.getByRole('radio', { name: /Sendes separat/ }).check();
      await windowShot(page, 'redemption-4-delivery-narrow');
      await d.getByRole('button', { name: 'Neste' }).click();
      await atStep(page, 5, 'Oppsummering');
      await fitsWidth(page);
      await windowShot(page, 'redemption-5-summary-narrow');
      await d.getByRole('button', { name: 'Avbryt' }).click();
      await d.waitFor({ state: 'detached' });
      expect(redemptionsOf(fx.kari.id)).toBe(1);
    } finally {
      await page.setViewportSize({ width: 1366, height: 860 });
    }
    expectNoProblems(harness.problems);
  });

  it('the postage changes between showing it and confirming: the booking is refused with both amounts, and the new amount books', async () => {
    await page.setViewportSize({ width: 1366, height: 860 });
    await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
    await page.keyboard.press('Alt+n');
    const d = dialog(page);
    await atStep(page, 1, 'Identitet');
    await expect.poll(async () => (await focused(page)).type).toBe('checkbox');
    await page.keyboard.press('1');
    await page.keyboard.press('4');
    await page.keyboard.press('Enter');
    await atStep(page, 2, 'Kanal');
    await page.keyboard.press('Enter');
    await atStep(page, 3, 'Produkter');
    await d.getByLabel('Antall Shakerflaske').fill('1');
    await expect.poll(() => textOf(page, 'order-after')).toBe('4\u00a0445 poeng');
    await d.getByRole('button', { name: 'Neste' }).click();
    await atStep(page, 4, 'Levering');
    await d.getByRole('radio', { name: /Sendes separat/ }).check();
    await d.getByRole('button', { name: 'Neste' }).click();
    await atStep(page, 5, 'Oppsummering');
    expect(await squeezed(d.getByTestId('read-back'))).toContain('Det koster 79,00\u00a0kr i porto.');
    // Meanwhile an administrator raises the postage (B8: a setting).
    sqliteConnection(harness.ctx.store)
      .prepare("INSERT INTO settings (key, value, updated_at) VALUES ('postage_ore', '9900', '2026-11-21T09:30:00.000Z') ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .run();
    await d.getByRole('button', { name: 'Bekreft bestillingen' }).click();
    const failure = d.getByTestId('redemption-failure');
    await failure.waitFor();
    expect(await squeezed(failure)).toContain('Portoen er endret fra 79,00\u00a0kr til 99,00\u00a0kr. Si det nye beløpet til innringeren og bekreft på nytt.');
    // The read-back and the panel show the new amount before the agent confirms again.
    await expect.poll(() => squeezed(d.getByTestId('read-back'))).toContain('Det koster 99,00\u00a0kr i porto.');
    await expect.poll(() => textOf(page, 'order-postage')).toBe('99,00\u00a0kr');
    await windowShot(page, 'redemption-postage-changed');
    expect(redemptionsOf(fx.bjorn.id)).toBe(3);
    await d.getByRole('button', { name: 'Bekreft bestillingen' }).click();
    await d.getByTestId('redemption-booked').waitFor();
    expect(dbValue<number>(harness.ctx, 'SELECT postage_ore FROM redemptions WHERE member_id = ? ORDER BY id DESC LIMIT 1', fx.bjorn.id)).toBe(9_900);
    await d.getByRole('button', { name: 'Lukk' }).click();
    expectNoProblems(harness.problems);
  });
});
