import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser } from '../../main/services/auth.js';
import { runMonth } from '../../main/services/monthly-run.js';
import { actingAs, addFixtures, addMemberEndingSoon, dbValue, FIXTURE_PASSWORD, type Fixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openSection, seriousViolations } from './launch-helpers.js';
import { openMember, squeezed, windowShot } from './redemption-steps.js';
import { expectNoProblems, signIn, waitForShell } from './steps.js';

/**
 * Issue 15 in the app. B14: a manager sees what erasing a member would anonymise and keep, is told
 * why a member with an active subscription cannot be erased, types the confirmation and erases a
 * member whose subscription ended. B12: a supervisor edits the service email's template with its
 * live preview, exports the due email as .eml and records it sent; the member's timeline shows it.
 */
describeWithBrowser('GDPR erasure and service emails in the app (B14, B12)', () => {
  let harness: Harness;
  let fx: Fixtures;
  let astrid: { id: number; memberNo: number };

  beforeAll(async () => {
    harness = await startHarness({
      now: '2026-12-02T09:00:00.000Z',
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        astrid = await addMemberEndingSoon(ctx);
        await createUser(ctx, { username: 'maja', displayName: 'Maja Manager', role: 'manager', password: FIXTURE_PASSWORD });
        // B12: the November run lists Astrid's service email (her membership ends 15.12.2026).
        await runMonth(actingAs(ctx, 'sara'), '2026-11');
      },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  async function signedIn(username: string): Promise<Page> {
    const page = await harness.openApp();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, username, FIXTURE_PASSWORD);
    await waitForShell(page);
    return page;
  }

  it('B14: a manager is told why an active member cannot be erased, then erases a member whose subscription ended, after typing the confirmation', async () => {
    const page = await signedIn('maja');
    await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
    await page.getByRole('button', { name: 'Slett personopplysninger' }).click();
    let d = page.getByRole('dialog', { name: 'Slett personopplysningene til Bjørn Hansen' });
    await d.getByTestId('erase-blocker').waitFor();
    expect(await squeezed(d.getByTestId('erase-blocker'))).toContain('Medlemmet har et aktivt abonnement.');
    await d.getByRole('button', { name: 'Avbryt' }).click();

    await page.keyboard.press('Escape');
    await openMember(page, fx.oyvind.memberNo, 'Øyvind Åsheim');
    await page.getByRole('button', { name: 'Slett personopplysninger' }).click();
    d = page.getByRole('dialog', { name: 'Slett personopplysningene til Øyvind Åsheim' });
    await d.getByTestId('erase-anonymised').waitFor();
    expect(await squeezed(d.getByTestId('erase-anonymised'))).toContain('Medlem: fornavn');
    expect(await squeezed(d.getByTestId('erase-kept'))).toContain('Medlem: medlemsnummer');
    await d.getByRole('textbox', { name: 'Begrunnelse' }).fill('Krav om sletting fra medlemmet, mottatt på e-post');
    // The wrong confirmation erases nothing.
    await d.getByRole('textbox', { name: /Skriv medlemsnummeret/ }).fill('123');
    await d.getByRole('button', { name: 'Slett personopplysninger' }).click();
    await d.getByText(`Skriv ${fx.oyvind.memberNo} eller SLETT`).waitFor();
    expect(dbValue<string | null>(harness.ctx, 'SELECT anonymised_at FROM members WHERE id = ?', fx.oyvind.id)).toBeNull();
    expect(await seriousViolations(page, '[role=dialog]')).toEqual([]);
    await windowShot(page, 'gdpr-erase-dialog');
    await d.getByRole('textbox', { name: /Skriv medlemsnummeret/ }).fill(String(fx.oyvind.memberNo));
    await d.getByRole('button', { name: 'Slett personopplysninger' }).click();
    await page.getByText(`Personopplysningene til medlem ${fx.oyvind.memberNo} er slettet.`).waitFor();
    expect(dbValue<string | null>(harness.ctx, 'SELECT anonymised_at FROM members WHERE id = ?', fx.oyvind.id)).not.toBeNull();
    expect(dbValue<string>(harness.ctx, 'SELECT first_name FROM members WHERE id = ?', fx.oyvind.id)).toBe('Anonymisert');
    // The ledger keeps its amounts (B14): the balance is unchanged.
    expect(dbValue<number>(harness.ctx, 'SELECT balance FROM members WHERE id = ?', fx.oyvind.id)).toBeGreaterThan(0);
    await page.close();
  });

  it('the role table: an agent has no erasure and no reports', async () => {
    const page = await signedIn('agent');
    await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
    expect(await page.getByRole('button', { name: 'Slett personopplysninger' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Rapporter/ }).count()).toBe(0);
    await page.close();
  });

  it('B12: a supervisor edits the template with its live preview, exports the due email as .eml and records it sent; the timeline shows it', async () => {
    const page = await signedIn('sara');
    await openSection(page, 'Månedskjøring');
    const preview = page.getByTestId('service-email-preview');
    await preview.getByText('Forhåndsvisning for Astrid Ødegård').waitFor();
    const subject = page.getByRole('textbox', { name: 'Emne' });
    await subject.fill('Medlemskapet ditt avsluttes {{sluttdato}}, {{fornavn}}');
    // The preview follows as the supervisor types, with the member's facts.
    await preview.getByText('Medlemskapet ditt avsluttes 15.12.2026, Astrid').waitFor();
    await page.getByRole('button', { name: 'Lagre malen' }).click();
    await page.getByText('Malen er lagret.').waitFor();
    // The list's message is the saved template's.
    const emails = page.getByTestId('service-emails');
    await emails.getByRole('button', { name: 'Vis e-post til Astrid Ødegård' }).click();
    await emails.getByText('Medlemskapet ditt avsluttes 15.12.2026, Astrid').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await windowShot(page, 'service-email-template');
    await page.getByRole('button', { name: 'Eksporter og marker som sendt' }).click();
    await page.getByText(/1 epost lagret i mappen/).waitFor();
    await emails.getByText('Ingen serviceeposter venter.').waitFor();
    expect(dbValue<string | null>(harness.ctx, 'SELECT sent_at FROM service_emails WHERE member_id = ?', astrid.id)).not.toBeNull();

    await openMember(page, astrid.memberNo, 'Astrid Ødegård');
    await page.getByTestId('timeline').getByText('Serviceepost sendt').waitFor();
    expectNoProblems(harness.problems);
  });
});
