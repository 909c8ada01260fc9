import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser, updateUser } from '../../main/services/auth.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { expectNoProblems, signIn, waitForShell } from './steps.js';

const PASSWORD = 'riktig-passord';

describeWithBrowser('sign-in and language', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      // 09:30 UTC is 10:30 in Oslo (CET): a lock of 15 minutes lasts until 10:45 Oslo time.
      now: '2026-11-21T09:30:00.000Z',
      setup: async ({ ctx }) => {
        const admin = await createUser(ctx, { username: 'admin', displayName: 'Ada Admin', role: 'admin', password: PASSWORD });
        await createUser(ctx, { username: 'agent', displayName: 'Anne Agent', role: 'agent', password: PASSWORD });
        await createUser(ctx, { username: 'tries', displayName: 'Tor Prøver', role: 'agent', password: PASSWORD });
        await createUser(ctx, { username: 'locky', displayName: 'Lars Låst', role: 'agent', password: PASSWORD });
        const gone = await createUser(ctx, { username: 'gone', displayName: 'Gunn Gått', role: 'agent', password: PASSWORD });
        await updateUser({ ...ctx, user: { id: admin.id, username: admin.username, displayName: admin.displayName, role: 'admin' } }, { userId: gone.id, active: false });
      },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('focuses the username; a wrong password shows the Norwegian error and keeps the agent on sign-in', async () => {
    const page = await harness.openApp();
    await page.getByRole('heading', { name: 'Logg inn' }).waitFor();
    expect(await page.evaluate('document.activeElement?.getAttribute("name")')).toBe('username');
    expect(await page.evaluate('document.documentElement.lang')).toBe('nb');

    await signIn(page, 'agent', 'feil-passord');
    const error = page.getByTestId('sign-in-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('Feil brukernavn eller passord.');
    // The password is cleared and focused for the next try.
    expect(await page.getByLabel('Passord').inputValue()).toBe('');
    expect(await page.evaluate('document.activeElement?.getAttribute("name")')).toBe('password');
    await harness.screenshot(page, 'sign-in-wrong-password');
    expectNoProblems(harness.problems);
  });

  it('says until when an account is locked, in Oslo time, and when it is deactivated', async () => {
    // 10:45 Oslo time (CET, UTC+1) on the test day.
    harness.desk.store.sqlite.prepare("UPDATE users SET locked_until = '2026-11-21T09:45:00.000Z' WHERE username = 'locky'").run();
    const page = await harness.openApp();
    await signIn(page, 'locky', PASSWORD);
    const error = page.getByTestId('sign-in-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('Kontoen er midlertidig låst etter for mange mislykkede innlogginger. Du kan prøve igjen etter kl. 10:45 (21.11.2026).');
    await harness.screenshot(page, 'sign-in-locked');

    await signIn(page, 'gone', PASSWORD);
    await expect.poll(() => error.textContent()).toBe('Kontoen er deaktivert. Ta kontakt med en administrator.');
    expectNoProblems(harness.problems);
  });

  // Known bug in main/services/auth.ts login(): the wrong-password branch throws inside
  // store.transaction(), which rolls back the failure count and the sign_ins row, so no account is
  // ever locked. Drop `.fails` when login() records the failure before it throws.
  it('locks the account after five wrong passwords in a row', async () => {
    const page = await harness.openApp();
    const error = page.getByTestId('sign-in-error');
    for (let attempt = 1; attempt <= 5; attempt++) {
      await signIn(page, 'tries', `feil-${attempt}`);
      // The form clears the password once the answer is in; wait for that before the next try.
      await error.waitFor();
      await page.waitForFunction('document.querySelector("[name=password]").value === ""');
      await page.waitForFunction('!document.querySelector("button[type=submit]").disabled');
    }
    await expect.poll(() => error.textContent()).toContain('Kontoen er midlertidig låst');
    expectNoProblems(harness.problems);
  });

  it('switches to English and back, remembers the choice, and signs in and out', async () => {
    const page = await harness.openApp();
    await page.getByRole('heading', { name: 'Logg inn' }).waitFor();
    await page.getByRole('button', { name: 'Språk: Norsk' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByLabel('Username').isVisible()).toBe(true);
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');

    // The choice survives a reload (it is kept in localStorage).
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    await page.getByLabel('Username').fill('agent');
    await page.getByLabel('Password').fill('wrong-password');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('sign-in-error').textContent()).toBe('Wrong username or password.');

    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await waitForShell(page, 'Sign out');
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('button', { name: 'Members' }).waitFor();
    await page.getByRole('combobox', { name: 'Search members' }).waitFor();
    await harness.screenshot(page, 'search-empty-english');

    await page.getByRole('button', { name: 'Language: English' }).click();
    await page.getByRole('menuitem', { name: 'Norsk' }).click();
    await page.getByRole('button', { name: 'Logg ut' }).click();
    await page.getByRole('heading', { name: 'Logg inn' }).waitFor();
    expectNoProblems(harness.problems);
  });
});
