/**
 * Issue 13, "The audit (supervisors and admins)": a supervisor withholds points of a member
 * (B11, corrections.create from the supervisor's own window), opens Revisjonslogg, filters to that
 * member with the keyboard and sees the correction just made — who, what, the balance before →
 * after, the reason — pages older and newer by keyset, downloads the filtered rows as CSV, and runs
 * "Kontroller kjeden", which says the hash chains hold (B14). Agents and managers have no
 * Revisjonslogg in their menu; an admin has.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser } from '../../main/services/auth.js';
import { addNote } from '../../main/services/timeline.js';
import { actingAs, addFixtures, dbValue, FIXTURE_PASSWORD, type Fixtures } from './fixtures.js';
import { DEFAULT_NOW, describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openAs, openSection, seriousViolations } from './launch-helpers.js';
import { fitsWidth, focused, squeezed, windowShot } from './redemption-steps.js';
import { expectNoProblems, norwegianPoints } from './steps.js';

/** Notes on Kari written earlier in the month, so her rows fill more than one page of 50. */
const NOTES = 60;

async function menuEntries(page: Page): Promise<string[]> {
  const buttons = page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('button');
  await buttons.first().waitFor();
  return (await buttons.allTextContents()).map((text) => text.trim());
}

/** The cells of a table row as shown, whitespace squeezed. */
async function cells(page: Page, index: number): Promise<string[]> {
  const texts = await page.getByTestId('audit-list').locator('tbody tr').nth(index).locator('td').allInnerTexts();
  return texts.map((c) => c.replace(/[ \t\n\r]+/g, ' ').trim());
}

describeWithBrowser('the audit screen (issue 13)', () => {
  let harness: Harness;
  let fx: Fixtures;

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        await createUser(ctx, { username: 'maja', displayName: 'Maja Leder', role: 'manager', password: FIXTURE_PASSWORD });
        await createUser(ctx, { username: 'ada', displayName: 'Ada Admin', role: 'admin', password: FIXTURE_PASSWORD });
      },
    });
    const anne = actingAs(harness.ctx, 'agent');
    for (let i = 0; i < NOTES; i += 1) {
      harness.clock.set(new Date(Date.UTC(2026, 10, 10, 8, i)).toISOString());
      await addNote(anne, fx.kari.id, `Ringte om saldoen (${i + 1})`);
    }
    // Other members' rows in between, so the member filter has something to leave out.
    harness.clock.set('2026-11-20T12:00:00.000Z');
    await addNote(anne, fx.bjorn.id, 'Spurte om termokoppen');
    harness.clock.set(DEFAULT_NOW); // 21.11.2026 10:30 Oslo
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('agents and managers have no Revisjonslogg; supervisors and admins have', async () => {
    for (const [user, has] of [
      ['agent', false],
      ['maja', false],
      ['sara', true],
      ['ada', true],
    ] as const) {
      const page = await openAs(harness, user);
      expect((await menuEntries(page)).includes('Revisjonslogg'), user).toBe(has);
      await page.context().close();
    }
    expectNoProblems(harness.problems);
  });

  it('B11/B14: a supervisor withholds points, filters the audit log to the member with the keyboard and sees the correction with its balance before → after; the chain holds', async () => {
    const page = await openAs(harness, 'sara');
    await page.setViewportSize({ width: 1366, height: 768 });

    // The correction, through the supervisor's own window (corrections.create, as the member page's dialog calls it).
    // (A string script: this file has no DOM types.)
    const input = { memberId: fx.kari.id, kind: 'withhold', points: 120, reason: 'Dobbeltregistrert kjøp' };
    const booked = await page.evaluate(`window.desk.invoke('corrections.create', ${JSON.stringify(input)})`);
    expect(booked).toMatchObject({ ok: true, value: { status: 'booked', balance: 4_380 } });

    await openSection(page, 'Revisjonslogg');
    // Unfiltered, newest first: the correction is on top.
    await expect.poll(() => squeezed(page.getByTestId('audit-count'))).toBe('Viser alle hendelser · Side 1 · 50 hendelser på denne siden');
    expect((await cells(page, 0))[2]).toBe('Holdt tilbake poeng corrections.withhold');

    // Keyboard: to the member number, type it, Enter.
    const memberNo = page.getByRole('textbox', { name: 'Medlemsnr.' });
    await memberNo.focus();
    await page.keyboard.type(String(fx.kari.memberNo));
    await page.keyboard.press('Enter');
    const kariRows = dbValue<number>(harness.ctx, 'SELECT count(*) FROM audit_log WHERE member_id = ?', fx.kari.id);
    expect(kariRows).toBeGreaterThan(50);
    await expect.poll(() => squeezed(page.getByTestId('audit-count'))).toBe(`Viser hendelser for medlem ${fx.kari.memberNo} Kari Hansen · Side 1 · 50 hendelser på denne siden`);
    const list = page.getByTestId('audit-list');
    expect(await squeezed(list.locator('thead tr'))).toBe('Tidspunkt Bruker Handling Medlem Kanal Før → etter Begrunnelse og detaljer');
    const first = await cells(page, 0);
    expect(first.slice(0, 6)).toEqual([
      '21.11.2026 10:30',
      'Sara Svendsen',
      'Holdt tilbake poeng corrections.withhold',
      `${fx.kari.memberNo} Kari Hansen`,
      'Skrivebord',
      `Saldo: ${norwegianPoints(4_500)} → ${norwegianPoints(4_380)}`,
    ]);
    expect(first[6]).toMatch(/^Dobbeltregistrert kjøp postering \d+ · (.+ · )?poeng 120( · |$)/);
    // Every row is Kari's.
    const members = await list.locator('tbody tr td:nth-child(4)').allInnerTexts();
    expect(new Set(members.map((m) => m.replace(/\s+/g, ' ').trim()))).toEqual(new Set([`${fx.kari.memberNo} Kari Hansen`]));
    expect((await cells(page, 1)).slice(1, 3)).toEqual(['Anne Agent', `Skrev notat members.addNote`]);

    await windowShot(page, 'audit-1366');
    await fitsWidth(page);
    const found = await seriousViolations(page);
    expect(found, found.join('\n')).toEqual([]);

    // Older and newer by keyset, with the keyboard: the second page continues where the first ended.
    const idsShown = async (): Promise<string[]> => (await list.locator('tbody tr td:nth-child(3)').allInnerTexts()).map((s) => s.trim());
    const pageOne = await idsShown();
    const older = page.getByRole('button', { name: 'Eldre' });
    await older.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => squeezed(page.getByTestId('audit-count'))).toBe(`Viser hendelser for medlem ${fx.kari.memberNo} Kari Hansen · Side 2 · ${kariRows - 50} hendelser på denne siden`);
    // The last page: "Eldre" is gone, the focus is on "Nyere".
    expect(await older.isDisabled()).toBe(true);
    expect((await focused(page)).text).toBe('Nyere');
    expect((await cells(page, kariRows - 51))[2]).toBe('Meldt inn members.enrol');
    await page.keyboard.press('Enter');
    await expect.poll(() => squeezed(page.getByTestId('audit-count'))).toBe(`Viser hendelser for medlem ${fx.kari.memberNo} Kari Hansen · Side 1 · 50 hendelser på denne siden`);
    expect(await idsShown()).toEqual(pageOne);
    expect((await focused(page)).text).toBe('Eldre');

    // The filtered rows as CSV, into the export folder.
    await page.getByRole('button', { name: 'Last ned som CSV' }).click();
    const done = page.getByTestId('audit-export-status').getByText(/^Ferdig:/);
    await done.waitFor();
    const path = /lagret i (.+\.csv)$/.exec((await done.textContent()) ?? '')?.[1] ?? '';
    expect(dirname(path)).toBe(join(dirname(harness.desk.store.sqlite.name), 'exports'));
    const lines = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    expect(lines.length).toBe(kariRows + 2);
    expect(lines[1]).toMatch(/^\d+;2026-11-21T09:30:00\.000Z;2026-11-21 10:30;Sara Svendsen \(sara\);corrections\.withhold;desk;100002;Kari Hansen;Dobbeltregistrert kjøp;balance: 4500 → 4380;/);

    // "Kontroller kjeden": both chains hold, with their row counts.
    await page.getByTestId('audit-verify').focus();
    await page.keyboard.press('Enter');
    const verified = page.getByTestId('audit-verify-status').getByText(/^Kjeden er hel/);
    await verified.waitFor();
    const auditRows = dbValue<number>(harness.ctx, 'SELECT count(*) FROM audit_log');
    const accessRows = dbValue<number>(harness.ctx, 'SELECT count(*) FROM member_access_log');
    expect(await squeezed(verified)).toBe(
      `Kjeden er hel: ${norwegianPoints(auditRows)} hendelser i revisjonsloggen og ${norwegianPoints(accessRows)} i tilgangsloggen er kontrollert, ingen er endret, satt inn eller fjernet.`,
    );
    await page.evaluate('window.scrollTo(0, 0)');
    await windowShot(page, 'audit-verified-1366');
    expectNoProblems(harness.problems);
  });

  it('a member number nobody has is said on its field; a day that does not exist too', async () => {
    const page = await openAs(harness, 'ada');
    await openSection(page, 'Revisjonslogg');
    const memberNo = page.getByRole('textbox', { name: 'Medlemsnr.' });
    await memberNo.fill('999999');
    await memberNo.press('Enter');
    await page.getByText('Ingen medlemmer har nummer 999999.').waitFor();
    expect(await memberNo.getAttribute('aria-invalid')).toBe('true');
    await memberNo.fill('');
    const from = page.getByRole('textbox', { name: 'Fra og med' });
    await from.fill('31.11.2026');
    await from.press('Enter');
    await page.getByText('Skriv datoen som dd.mm.åååå.').waitFor();
    expect(await from.getAttribute('aria-invalid')).toBe('true');
    await from.fill('21.11.2026');
    await from.press('Enter');
    await expect.poll(() => squeezed(page.getByTestId('audit-count'))).toMatch(/^Viser alle hendelser · Side 1 · \d+ hendelser på denne siden$/);
    // Today's rows, newest first: the supervisor's download of the log (audited), then the correction.
    expect((await cells(page, 0))[2]).toBe('Lastet ned revisjonsloggen audit.export');
    expect((await cells(page, 1))[2]).toBe('Holdt tilbake poeng corrections.withhold');
    expectNoProblems(harness.problems);
  });
});
