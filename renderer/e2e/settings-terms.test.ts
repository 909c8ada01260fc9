/**
 * Issue 13 in the browser: the admin's settings, terms versions and backups.
 * - B8: an admin changes the postage (typed in NOK); a new redemption with separate delivery
 *   quotes it to the caller, and books it; a supervisor reads the settings without editing them.
 * - B13: an admin adds a terms version that takes effect too early and is told the earliest day
 *   allowed, then adds it with that day and it is listed; the member page names the version in force.
 * - A backup taken now appears in the list with its time and size; its restore confirmation names
 *   what is replaced.
 * Screenshots at 1366×768, keyboard first.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sqliteConnection } from '../../main/db/sqlite-store.js';
import { createUser } from '../../main/services/auth.js';
import { addCatalog, addFixtures, dbValue, FIXTURE_PASSWORD, type CatalogFixture, type Fixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openAs, openSection, seriousViolations } from './launch-helpers.js';
import { atStep, dialog, openMember, squeezed, windowShot } from './redemption-steps.js';
import { expectNoProblems, textOf } from './steps.js';

const SMALL = { width: 1366, height: 768 };

describeWithBrowser('settings, terms and backups (issue 13)', () => {
  let harness: Harness;
  let fx: Fixtures;
  let catalog: CatalogFixture;

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        catalog = addCatalog(ctx);
        const ada = await createUser(ctx, { username: 'ada', displayName: 'Ada Admin', role: 'admin', password: FIXTURE_PASSWORD });
        // The terms in force since February (B13), published with a month's notice.
        sqliteConnection(ctx.store)
          .prepare(
            "INSERT INTO terms_versions (title, body, published_on, effective_on, legally_required, created_at, created_by) VALUES ('Vilkår for bonusprogrammet', 'Bonuspoeng tjenes ved kjøp av utvalgte produkter og kan brukes på bonusvarer.', '2026-01-02', '2026-02-02', 0, '2026-01-02T09:00:00.000Z', ?)",
          )
          .run(ada.id);
      },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  async function open(username: string): Promise<Page> {
    const page = await openAs(harness, username);
    await page.setViewportSize(SMALL);
    return page;
  }

  it('B8: an admin changes the postage in NOK; a new redemption with separate delivery quotes and books it; a supervisor reads it', async () => {
    const admin = await open('ada');
    await openSection(admin, 'Innstillinger');
    const postage = admin.getByRole('textbox', { name: 'Porto for separat forsendelse' });
    expect(await postage.inputValue()).toBe('79,00');
    await postage.focus();
    // Out of its limits: said on the field, and nothing can be saved.
    await postage.fill('2000');
    await admin.getByText('Skriv et beløp i kroner fra 0,00\u00a0kr til 1\u00a0000,00\u00a0kr, for eksempel 79 eller 79,50.').waitFor();
    expect(await admin.getByRole('button', { name: 'Lagre Porto for separat forsendelse' }).isDisabled()).toBe(true);
    await postage.fill('99,50');
    await postage.press('Enter');
    await admin.getByText('Porto for separat forsendelse er endret fra 79,00\u00a0kr til 99,50\u00a0kr.').waitFor();
    await expect.poll(() => textOf(admin, 'setting-postage_ore-changed')).toBe('Sist endret: 21.11.2026 10:30 av Ada Admin');
    expect(dbValue<string>(harness.ctx, "SELECT value FROM settings WHERE key = 'postage_ore'")).toBe('9950');
    expect(JSON.parse(dbValue<string>(harness.ctx, "SELECT details FROM audit_log WHERE action = 'settings.set'"))).toEqual({ key: 'postage_ore', before: 7_900, after: 9_950 });
    const found = await seriousViolations(admin);
    expect(found, found.join('\n')).toEqual([]);
    await windowShot(admin, 'settings-admin-postage');

    // The agent's next redemption, shipped separately, quotes the new postage before confirming.
    const agent = await open('agent');
    await openMember(agent, fx.bjorn.memberNo, 'Bjørn Hansen');
    // B13: the member page names the terms in force.
    expect(await textOf(agent, 'terms-in-force')).toBe('Vilkår for bonusprogrammet, gjelder fra 02.02.2026');
    await windowShot(agent, 'settings-member-terms-in-force');
    await agent.keyboard.press('Alt+n');
    await atStep(agent, 1, 'Identitet');
    const d = dialog(agent);
    await d.getByLabel('Medlemsnummer').check();
    await d.getByLabel('Telefon').check();
    await d.getByRole('button', { name: 'Neste' }).click();
    await atStep(agent, 2, 'Kanal');
    await d.getByRole('button', { name: 'Neste' }).click();
    await atStep(agent, 3, 'Produkter');
    await d.getByLabel('Antall Omega-3 Forte 120 kapsler').fill('1');
    await expect.poll(() => textOf(agent, 'order-total')).toBe('1\u00a0500 poeng');
    await d.getByRole('button', { name: 'Neste' }).click();
    await atStep(agent, 4, 'Levering');
    await d.getByRole('radio', { name: /Sendes separat/ }).check();
    expect(await squeezed(d.getByTestId('postage-notice'))).toBe('Si til innringeren at separat forsendelse koster 99,50\u00a0kr i porto før du bekrefter.');
    await windowShot(agent, 'settings-redemption-new-postage');
    await d.getByRole('button', { name: 'Neste' }).click();
    await atStep(agent, 5, 'Oppsummering');
    expect(await squeezed(d.getByTestId('read-back'))).toContain('Det koster 99,50\u00a0kr i porto.');
    await d.getByRole('button', { name: 'Bekreft bestillingen' }).click();
    await d.getByTestId('redemption-booked').waitFor();
    expect(await squeezed(d.getByTestId('redemption-booked'))).toContain('Separat, porto 99,50\u00a0kr');
    expect(dbValue<number>(harness.ctx, 'SELECT postage_ore FROM redemptions WHERE member_id = ? ORDER BY id DESC LIMIT 1', fx.bjorn.id)).toBe(9_950);
    expect(dbValue<number>(harness.ctx, 'SELECT stock FROM bonus_products WHERE id = ?', catalog.omega)).toBe(39);

    // A supervisor reads the settings, and changes none.
    const supervisor = await open('sara');
    await openSection(supervisor, 'Innstillinger');
    await supervisor.getByText('Bare lesing. Administratorene endrer innstillingene; her ser du hva som gjelder nå.').waitFor();
    expect(await textOf(supervisor, 'setting-postage_ore-value')).toBe('99,50\u00a0kr');
    expect(await textOf(supervisor, 'setting-correction_approval_threshold-value')).toBe('5\u00a0000 poeng');
    expect(await supervisor.getByRole('main').getByRole('textbox').count()).toBe(0);
    expect(await supervisor.getByRole('main').getByRole('button', { name: /^Lagre/ }).count()).toBe(0);
    await windowShot(supervisor, 'settings-supervisor-read-only');
    expectNoProblems(harness.problems);
  });

  it('B13: an admin adds a terms version too early and is told the earliest day; with that day it is listed as coming', async () => {
    const admin = await open('ada');
    await openSection(admin, 'Vilkår');
    const table = admin.getByRole('table', { name: 'Versjoner' });
    await table.locator('tr[data-current=true]').getByText('Vilkår for bonusprogrammet').waitFor();
    const add = admin.getByRole('button', { name: 'Ny versjon' });
    await add.focus();
    await admin.keyboard.press('Enter');
    const form = admin.getByRole('dialog', { name: 'Ny versjon av vilkårene' });
    await form.waitFor();
    await form.getByText('Publiseres den i dag, kan den tidligst gjelde fra 21.12.2026.').waitFor();
    // The title field has the focus; the publication day is today.
    await admin.keyboard.type('Vilkår 2027');
    expect(await form.getByLabel('Publiseres (dd.mm.åååå)').inputValue()).toBe('21.11.2026');
    await form.getByLabel('Gjelder fra (dd.mm.åååå)').fill('01.12.2026');
    await form.getByLabel('Tekst').fill('Fra 2027 kan bonuspoeng også brukes på frakt. Poeng utløper etter tre år.');
    await form.getByRole('button', { name: 'Legg inn versjonen' }).click();
    const tooEarly = 'For tidlig. Vilkår som publiseres 21.11.2026, kan tidligst gjelde fra 21.12.2026 (én måneds varsel).';
    await form.getByText(tooEarly).waitFor();
    // The refused field has the focus, and nothing was stored.
    await expect.poll(() => admin.evaluate('document.activeElement && document.activeElement.getAttribute("aria-invalid")')).toBe('true');
    expect(dbValue<number>(harness.ctx, 'SELECT count(*) FROM terms_versions')).toBe(1);
    await windowShot(admin, 'terms-too-early');

    await admin.keyboard.press('Control+a');
    await admin.keyboard.type('21.12.2026');
    await form.getByRole('button', { name: 'Legg inn versjonen' }).click();
    await admin.getByText('Versjonen «Vilkår 2027» er lagt inn. Den gjelder fra 21.12.2026.').waitFor();
    await form.waitFor({ state: 'detached' });
    const added = table.locator('tr', { hasText: 'Vilkår 2027' }).first();
    await added.waitFor();
    expect(await squeezed(added)).toContain('21.11.2026 21.12.2026 Kommer Nei Ada Admin');
    expect(dbValue<number>(harness.ctx, 'SELECT count(*) FROM terms_versions')).toBe(2);
    // The text opens under its row.
    await admin.getByRole('button', { name: 'Vis teksten til «Vilkår 2027»' }).click();
    await admin.getByTestId('terms-text').getByText('Fra 2027 kan bonuspoeng også brukes på frakt.', { exact: false }).waitFor();
    const found = await seriousViolations(admin);
    expect(found, found.join('\n')).toEqual([]);
    await windowShot(admin, 'terms-listed');
    expectNoProblems(harness.problems);
  });

  it('a backup taken now is listed with its time and size; the restore confirmation names what it replaces', async () => {
    const admin = await open('ada');
    await openSection(admin, 'Sikkerhetskopier');
    const take = admin.getByRole('button', { name: 'Ta sikkerhetskopi nå' });
    await take.focus();
    await admin.keyboard.press('Enter');
    await admin.getByText(/^Sikkerhetskopien er tatt 21\.11\.2026 10:30 \(\d[\d\u00a0,]* (kB|MB)\)\.$/).waitFor();
    const name = 'bonus-desk-2026-11-21T09-30-00-000Z-manual.db';
    const row = admin.getByRole('table', { name: 'Kopier i mappen' }).locator(`tr[data-backup="${name}"]`);
    await row.waitFor();
    expect(await squeezed(row)).toMatch(/^21\.11\.2026 10:30 Manuell \d[\d\u00a0,]* (kB|MB) Ikke kontrollert/);
    const bytes = dbValue<number>(harness.ctx, "SELECT json_extract(details, '$.bytes') FROM audit_log WHERE action = 'backups.take'");
    expect(bytes).toBeGreaterThan(4_096);
    await windowShot(admin, 'backups-taken-now');

    await admin.getByRole('button', { name: 'Gjenopprett sikkerhetskopien fra 21.11.2026 10:30' }).click();
    const confirm = admin.getByRole('dialog', { name: 'Gjenopprette sikkerhetskopien?' });
    const replaces = confirm.getByTestId('restore-replaces');
    await replaces.waitFor();
    expect(await squeezed(replaces)).toContain('Databasen desk.db slik den er nå, sist endret 21.11.2026 10:30, byttes ut med innholdet i sikkerhetskopien:');
    const members = dbValue<number>(harness.ctx, 'SELECT count(*) FROM members');
    expect(await squeezed(replaces.locator('tr[data-count=members]'))).toBe(`Medlemmer ${members} ${members}`);
    expect(await confirm.getByRole('button', { name: 'Gjenopprett ved neste start' }).isEnabled()).toBe(true);
    const found = await seriousViolations(admin, '[role=dialog]');
    expect(found, found.join('\n')).toEqual([]);
    await windowShot(admin, 'backups-restore-replaces');
    await admin.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    expectNoProblems(harness.problems);
  });
});
