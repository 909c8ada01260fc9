/**
 * D1–D3 at the desk (issue 14): a supervisor checks billing's customers file and then its
 * subscriptions file — each preview with its figures and the bad lines with their numbers —
 * confirms, watches the apply, and the new member is found at once with the enrolment on the
 * timeline (B1). The same file again is refused.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { updateContact } from '../../main/services/contact.js';
import { addCatalog, addFixtures, dbValue, earnPoints, type Fixtures } from './fixtures.js';
import { atStep, dialog } from './redemption-steps.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openAs, openSection, seriousViolations } from './launch-helpers.js';
import { expectNoProblems } from './steps.js';

const CUSTOMERS = [
  'member_no;first_name;last_name;address;postcode;city;email;phone;birth_date',
  '400101;Solveig;Fjellheim;Fjellveien 7;8400;Sortland;solveig@example.no;915 55 123;1984-05-17',
  '400102;Trond;Lie;Lieveien 2;150;Oslo;;;',
  '400103;Per;Feil;Gata 1;0150;Oslo;per@example.no;;1990-13-40',
  '',
].join('\r\n');

const SUBSCRIPTIONS = [
  'member_no;subscription_id;product;start_date;cancellation_date;next_delivery_date',
  '400101;ABO-9001;Månedskasse;2026-11-01;;2026-12-03',
  '400102;ABO-9002;Månedskasse;2026-11-01;;',
  '',
].join('\n');

async function choose(page: Page, kind: string, name: string, content: string): Promise<void> {
  await page.getByRole('radio', { name: kind }).check();
  await page.getByTestId('billing-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${content}`, 'utf8') });
  await page.getByRole('button', { name: 'Kontroller fil' }).click();
  await page.getByTestId('billing-preview').waitFor();
}

async function rejections(page: Page): Promise<(string | null)[][]> {
  return await page
    .getByTestId('billing-rejections')
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)));
}

async function confirmAndWait(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Bekreft og ta inn' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Ta inn' }).click();
  await page.getByTestId('billing-result').waitFor({ timeout: 30_000 });
}

describeWithBrowser('billing files (D1–D3)', () => {
  let harness: Harness;
  let fx: Fixtures;

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        addCatalog(ctx);
      },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('D2/D3: the supervisor previews customers and subscriptions with the bad line and its number, confirms, and the new member is findable with the enrolment on the timeline (B1)', async () => {
    const page = await openAs(harness, 'sara');
    await openSection(page, 'Kundefiler fra fakturering');
    expect(await page.getByTestId('billing-files').textContent()).toContain('Ingen kundefiler er tatt inn ennå.');

    // The customers file: one good line, one with a postcode that does not parse (line 3), one with a day that does not exist (line 4).
    await choose(page, 'Kunder', 'kunder-2026-11.csv', CUSTOMERS);
    expect(await page.getByTestId('billing-total').textContent()).toContain('3');
    expect(await page.getByTestId('billing-waiting').textContent()).toContain('1');
    expect(await page.getByTestId('billing-rejected').textContent()).toContain('2');
    const bad = await rejections(page);
    expect(bad.map((r) => r[0])).toEqual(['3', '4']);
    expect(bad[0]).toEqual(['3', 'Postnummeret er ikke fire sifre', 'postcode']);
    expect(bad[1]?.[2]).toBe('birth_date');
    // Nothing is applied before the supervisor confirms.
    expect(await page.getByTestId('billing-files').textContent()).toContain('Ingen kundefiler er tatt inn ennå.');
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1366, height: 768 });
    await harness.screenshot(page, 'billing-import-preview');
    await confirmAndWait(page);
    await page.getByTestId('billing-files').getByRole('cell', { name: 'kunder-2026-11.csv' }).waitFor();

    // The subscriptions file: Solveig's first subscription enrols her; Trond is not in the customers file (his line was bad).
    await choose(page, 'Abonnementer', 'abonnement-2026-11.csv', SUBSCRIPTIONS);
    expect(await page.getByTestId('billing-enrolled').textContent()).toContain('1');
    expect(await rejections(page)).toEqual([['3', 'Medlemmet er ikke i kundefilen', 'member_no']]);
    await confirmAndWait(page);
    expect(await page.getByTestId('billing-result').textContent()).toContain('abonnement-2026-11.csv er tatt inn.');
    await page.getByTestId('billing-files').getByRole('cell', { name: 'abonnement-2026-11.csv' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await harness.screenshot(page, 'billing-import-applied');

    // The same file again: refused, with when and as what it came in.
    await page.getByTestId('billing-file').setInputFiles({ name: 'kopi.csv', mimeType: 'text/csv', buffer: Buffer.from(SUBSCRIPTIONS, 'utf8') });
    await page.getByRole('button', { name: 'Kontroller fil' }).click();
    const error = page.getByTestId('billing-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('«abonnement-2026-11.csv»');

    // B1: the new member is found at once, and the timeline shows the enrolment on the start date.
    const search = page.getByRole('combobox', { name: 'Søk etter medlem' });
    await search.fill('400101');
    await page.locator('[role=option][data-member-id]').first().waitFor();
    await search.press('Enter');
    await page.getByRole('heading', { name: 'Solveig Fjellheim' }).waitFor();
    const timeline = page.getByTestId('timeline');
    await timeline.getByText('Ble medlem').waitFor();
    expect(await timeline.textContent()).toContain('01.11.2026');

    // B3/B7: the new member can be redeemed for once points are earned (the billing side's earnings file, B2).
    const memberId = dbValue<number>(harness.ctx, 'SELECT id FROM members WHERE member_no = 400101');
    await earnPoints(harness.ctx, memberId, 5_000, '2026-11-15');
    await page.keyboard.press('Escape');
    await search.fill('400101');
    await page.locator('[role=option][data-member-id]').first().waitFor();
    await search.press('Enter');
    await page.getByRole('heading', { name: 'Solveig Fjellheim' }).waitFor();
    await page.getByRole('button', { name: /Registrer innløsning/ }).click();
    await atStep(page, 1, 'Identitet');
    const d = dialog(page);
    await d.getByLabel('Medlemsnummer').check();
    await d.getByLabel('Telefon').check();
    await d.getByRole('button', { name: 'Neste' }).click();
    await atStep(page, 2, 'Kanal');
    await d.getByRole('button', { name: 'Neste' }).click();
    await atStep(page, 3, 'Produkter');
    await page.keyboard.type('omega');
    await page.keyboard.press('Enter');
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    await atStep(page, 4, 'Levering');
    await page.keyboard.press('Enter');
    await atStep(page, 5, 'Oppsummering');
    await d.getByRole('button', { name: 'Bekreft bestillingen' }).click();
    await d.getByTestId('redemption-booked').waitFor();
    expect(dbValue<number>(harness.ctx, 'SELECT count(*) FROM redemptions WHERE member_id = ?', memberId)).toBe(1);
    await d.getByRole('button', { name: 'Lukk' }).click();
    expectNoProblems(harness.problems);
  });

  it('D3: a phone an agent changed later is kept and listed as a conflict; the supervisor takes billing’s value with one button', async () => {
    const db = harness.desk.store;
    const kari = await db.first(db.kysely.selectFrom('members').select(['id', 'member_no', 'first_name', 'last_name', 'address', 'postcode', 'city', 'email', 'phone']).where('member_no', '=', fx.kari.memberNo));
    const anne = await db.first(db.kysely.selectFrom('users').select(['id', 'username', 'display_name', 'role']).where('username', '=', 'agent'));
    if (kari === undefined || anne === undefined) throw new Error('fixtures missing');
    // On a call, the agent corrects Kari's phone; billing's next file still has the old one.
    await updateContact({ ...harness.ctx, user: { id: anne.id, username: anne.username, displayName: anne.display_name, role: anne.role } }, { memberId: kari.id, channel: 'phone', phone: '948 76 543' });
    const old = kari.phone ?? '';
    const file = `member_no;first_name;last_name;address;postcode;city;email;phone;birth_date\n${kari.member_no};${kari.first_name};${kari.last_name};${kari.address ?? 'Storgata 1'};${kari.postcode ?? '0150'};${kari.city ?? 'Oslo'};${kari.email ?? ''};${old};\n`;

    const page = await openAs(harness, 'sara');
    await openSection(page, 'Kundefiler fra fakturering');
    await choose(page, 'Kunder', 'kunder-2026-11-b.csv', file);
    expect(await page.getByTestId('billing-open-conflicts').textContent()).toContain('Ingen åpne konflikter.');
    const planned = await page.getByTestId('billing-preview-conflicts').locator('tbody tr').allTextContents();
    expect(planned).toHaveLength(1);
    expect(planned[0]).toContain('Telefon');
    expect(planned[0]).toContain('+4794876543');
    await confirmAndWait(page);
    const open = page.getByTestId('billing-conflicts-table');
    await open.waitFor();
    expect(await open.textContent()).toContain('Anne Agent');
    await page.setViewportSize({ width: 1366, height: 768 });
    await harness.screenshot(page, 'billing-import-conflict');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: `Bruk faktureringens verdi for Telefon hos medlem ${kari.member_no}` }).click();
    await page.getByTestId('billing-open-conflicts').getByText('Ingen åpne konflikter.').waitFor();
    expect((await db.first(db.kysely.selectFrom('members').select('phone').where('id', '=', kari.id)))?.phone).toBe(old);
    expectNoProblems(harness.problems);
  });

  it('agents do not see the screen', async () => {
    const page = await openAs(harness, 'agent');
    expect(await page.locator('nav').getByRole('button', { name: 'Kundefiler fra fakturering' }).count()).toBe(0);
    expectNoProblems(harness.problems);
  });
});
