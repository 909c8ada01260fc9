import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../../main/services/auth.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { expectNoProblems, signIn, waitForShell } from './steps.js';

const PASSWORD = 'riktig-passord';

/** Issue 10 in the browser: a session that ends says why, and the admin's security page. */
describeWithBrowser('sessions that end, and the security page', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      now: '2026-11-21T09:30:00.000Z',
      sessions: 'real',
      setup: async ({ ctx }) => {
        await createUser(ctx, { username: 'admin', displayName: 'Ada Admin', role: 'admin', password: PASSWORD });
        await createUser(ctx, { username: 'agent', displayName: 'Anne Agent', role: 'agent', password: PASSWORD });
      },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('an idle session ends: the next action returns to sign-in and says why', async () => {
    const page = await harness.openApp();
    await signIn(page, 'agent', PASSWORD);
    await waitForShell(page);
    const search = page.getByRole('combobox', { name: 'Søk etter medlem' });
    await search.waitFor();
    harness.clock.advance(61 * 60_000);
    await search.fill('Hansen');
    await page.getByRole('heading', { name: 'Logg inn' }).waitFor();
    await expect.poll(() => page.getByText('Økten ble avsluttet fordi skrivebordet ikke var i bruk på en stund.', { exact: false }).count()).toBeGreaterThan(0);
    await harness.screenshot(page, 'session-ended-idle');
    // Signing in again works at once.
    await signIn(page, 'agent', PASSWORD);
    await waitForShell(page);
    expectNoProblems(harness.problems.filter((p) => !p.includes('unauthenticated')));
  });

  it('the admin sets session times, sees a throttle and lifts it, and reads the sign-in record (keyboard only)', async () => {
    // A stranger tries the agent's account four times.
    for (let i = 0; i < 4; i++) await harness.desk.connect().invoke('auth.login', { username: 'agent', password: `gjett-${i}` });
    const page = await harness.openApp();
    await signIn(page, 'admin', PASSWORD);
    await waitForShell(page);
    await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('button', { name: 'Sikkerhet', exact: true }).click();
    await page.getByRole('heading', { name: 'Sikkerhet', level: 1 }).waitFor();

    const idle = page.getByLabel('Minutter uten bruk');
    await expect.poll(() => idle.inputValue()).toBe('60');
    expect(await page.getByLabel('Timer etter innlogging').inputValue()).toBe('10');
    await idle.focus();
    await idle.fill('45');
    await page.keyboard.press('Enter');
    await page.getByText('Øktinnstillingene er lagret.', { exact: false }).waitFor();
    expect(harness.desk.store.sqlite.prepare("SELECT value FROM settings WHERE key = 'session_idle_minutes'").pluck().get()).toBe('45');

    const throttles = page.getByRole('table', { name: 'Innloggingsbremser' });
    await throttles.getByRole('cell', { name: 'agent', exact: true }).waitFor();
    expect(await throttles.getByText('Venter').count()).toBe(1);
    const signIns = page.getByRole('table', { name: 'Innloggingsforsøk' });
    await expect.poll(() => signIns.getByRole('cell', { name: 'Feil brukernavn eller passord' }).count()).toBeGreaterThanOrEqual(4);
    await harness.screenshot(page, 'security-page');

    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    const lift = page.getByRole('button', { name: 'Opphev bremsen for agent' });
    await lift.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Bremsen for agent er opphevet.').waitFor();
    await throttles.getByText('Ingen bremser nå.').waitFor();
    // The agent gets straight in now.
    expect(await harness.desk.connect().invoke('auth.login', { username: 'agent', password: PASSWORD })).toMatchObject({ ok: true });
    expectNoProblems(harness.problems.filter((p) => !p.includes('unauthenticated')));
  });
});
