import { afterAll, beforeAll, expect, it } from 'vitest';
import { focused } from './redemption-steps.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { expectNoProblems, waitForShell } from './steps.js';

describeWithBrowser('first start of an empty desk', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('offers demo or empty; creating an empty desk with its first admin, then signing in, works', async () => {
    const page = await harness.openApp();
    await page.getByRole('heading', { name: 'Velkommen til Bonusdesk' }).waitFor();
    expect(await page.getByRole('button', { name: 'Åpne demoskrivebordet' }).isVisible()).toBe(true);
    await harness.screenshot(page, 'welcome');

    await page.getByRole('button', { name: 'Opprett tomt skrivebord' }).click();
    await page.getByRole('heading', { name: 'Første administrator' }).waitFor();
    // The form checks before it asks main: mismatched passwords are caught here, in Norwegian.
    await page.getByLabel('Brukernavn').fill('kari');
    await page.getByLabel('Fullt navn').fill('Kari Nordmann');
    await page.getByLabel('Passord', { exact: true }).fill('hemmelig-passord');
    await page.getByLabel('Gjenta passordet').fill('hemmelig-passorD');
    await page.getByRole('button', { name: 'Opprett skrivebordet' }).click();
    await page.getByText('Passordene er ikke like.').waitFor();
    await harness.screenshot(page, 'setup-empty-form');

    await page.getByLabel('Gjenta passordet').fill('hemmelig-passord');
    await page.getByRole('button', { name: 'Opprett skrivebordet' }).click();

    // Sign-in comes next, with the new username filled in and the password field focused.
    await page.getByRole('heading', { name: 'Logg inn' }).waitFor();
    await page.getByText('Skrivebordet er klart.', { exact: false }).waitFor();
    expect(await page.getByLabel('Brukernavn').inputValue()).toBe('kari');
    await expect.poll(async () => (await focused(page)).type).toBe('password');
    await page.keyboard.type('hemmelig-passord');
    await harness.screenshot(page, 'sign-in-after-setup');
    await page.keyboard.press('Enter');

    await waitForShell(page);
    expect(await page.getByTestId('signed-in-user').textContent()).toContain('Kari Nordmann');
    expect(await page.getByTestId('signed-in-user').textContent()).toContain('Administrator');
    // An admin manages users and does not search members (members.search is for readers).
    await page.getByRole('heading', { name: 'Brukere' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Søk etter medlem' }).count()).toBe(0);
    await page.getByRole('cell', { name: 'kari', exact: true }).waitFor();

    // Add an agent through the dialog.
    await page.getByRole('button', { name: 'Ny bruker' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ny bruker' });
    await dialog.getByLabel('Brukernavn', { exact: true }).fill('ola');
    await dialog.getByLabel('Navn', { exact: true }).fill('Ola Hansen');
    await dialog.getByLabel('Passord', { exact: true }).fill('passord-til-ola');
    await dialog.getByLabel('Gjenta passordet').fill('passord-til-ola');
    await harness.screenshot(page, 'users-new-dialog');
    await dialog.getByRole('button', { name: 'Lagre' }).click();
    await page.getByRole('cell', { name: 'Ola Hansen', exact: true }).waitFor();
    await page.getByText('Brukeren ola er opprettet.').waitFor();
    expect(await page.getByRole('row', { name: /Ola Hansen/ }).textContent()).toContain('Kundebehandler');
    await harness.screenshot(page, 'users');

    // Deactivate Ola, then give Ola a new password.
    await page.getByRole('button', { name: 'Endre Ola Hansen' }).click();
    const edit = page.getByRole('dialog', { name: 'Endre bruker' });
    await edit.getByRole('switch', { name: 'Brukeren kan logge inn' }).uncheck();
    await harness.screenshot(page, 'users-edit-dialog');
    await edit.getByRole('button', { name: 'Lagre' }).click();
    await page.getByText('Endringene er lagret.').waitFor();
    expect(await page.getByRole('row', { name: /Ola Hansen/ }).textContent()).toContain('Deaktivert');

    await page.getByRole('button', { name: 'Nytt passord for Ola Hansen' }).click();
    const reset = page.getByRole('dialog', { name: 'Nytt passord' });
    await reset.getByLabel('Passord', { exact: true }).fill('nytt-passord-ola');
    await reset.getByLabel('Gjenta passordet').fill('nytt-passord-ola');
    await harness.screenshot(page, 'users-password-dialog');
    await reset.getByRole('button', { name: 'Lagre' }).click();
    await page.getByText('Passordet er endret.').waitFor();

    // An admin cannot lock themself out: role and the active switch are disabled for oneself.
    await page.getByRole('button', { name: 'Endre Kari Nordmann' }).click();
    const self = page.getByRole('dialog', { name: 'Endre bruker' });
    expect(await self.getByRole('switch', { name: 'Brukeren kan logge inn' }).isDisabled()).toBe(true);
    await self.getByText('Du kan ikke endre din egen rolle', { exact: false }).waitFor();
    await self.getByRole('button', { name: 'Avbryt' }).click();

    expectNoProblems(harness.problems);
  });
});
