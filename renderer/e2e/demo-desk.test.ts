import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoPassword } from './demo.js';
import { focused } from './redemption-steps.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { expectNoProblems, waitForShell } from './steps.js';

describeWithBrowser('first start with the demo desk', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('fills the desk with demo data, shows the demo users, and an agent signs in', async () => {
    const page = await harness.openApp();
    await page.getByRole('button', { name: 'Åpne demoskrivebordet' }).click();
    await page.getByRole('heading', { name: 'Logg inn' }).waitFor({ timeout: 90_000 });
    await page.getByText('Demoskrivebordet er klart med 2\u00a0000 medlemmer.').waitFor();
    const users = page.getByRole('table', { name: 'Demobrukere' });
    for (const username of ['agent', 'supervisor', 'manager', 'admin']) await users.getByRole('button', { name: username, exact: true }).waitFor();
    await harness.screenshot(page, 'sign-in-demo');

    // A click on a demo user fills in the username and moves on to the password.
    await users.getByRole('button', { name: 'agent', exact: true }).click();
    expect(await page.getByLabel('Brukernavn').inputValue()).toBe('agent');
    // Focus moves to the password field; wait for it before typing (a loaded machine is slow).
    await expect.poll(async () => (await focused(page)).type).toBe('password');
    await page.keyboard.type(demoPassword('agent'));
    await page.keyboard.press('Enter');
    // Either the shell or a sign-in error: say which, so a failure explains itself.
    const outcome = await Promise.race([
      waitForShell(page).then(() => 'shell'),
      page.getByTestId('sign-in-error').waitFor({ timeout: 30_000 }).then(async () => `sign-in error: ${await page.getByTestId('sign-in-error').textContent()}`),
    ]);
    if (outcome !== 'shell') await harness.screenshot(page, 'demo-sign-in-failed');
    expect(outcome).toBe('shell');
    expect(await page.getByTestId('signed-in-user').textContent()).toContain('Kundebehandler');
    expectNoProblems(harness.problems);
  });
});
