import { copyFileSync, existsSync, truncateSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { backupDatabase } from '../../main/db/backup.js';
import { pendingRestorePath } from '../../main/db/restore.js';
import { createUser } from '../../main/services/auth.js';
import { enrolMember } from '../../main/services/lifecycle.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { expectNoProblems, signIn, waitForShell } from './steps.js';

const PASSWORD = 'riktig-passord';
const GOOD = 'bonus-desk-2026-11-20T03-00-00-000Z-daily.db';
const CUT = 'bonus-desk-2026-11-19T03-00-00-000Z-daily.db';

/** Issue 10 in the browser: the admin's Backups page — check a backup, schedule its restore, cancel it (keyboard only). */
describeWithBrowser('the Backups page', () => {
  let harness: Harness;
  let folder: string;
  beforeAll(async () => {
    harness = await startHarness({
      now: '2026-11-21T09:30:00.000Z',
      setup: async ({ desk, ctx }) => {
        await createUser(ctx, { username: 'admin', displayName: 'Ada Admin', role: 'admin', password: PASSWORD });
        await enrolMember(ctx, {
          memberNo: 100_001,
          firstName: 'Kari',
          lastName: 'Nordmann',
          email: 'kari@example.no',
          phone: '91234567',
          postcode: '8400',
          city: 'Sortland',
          plan: 'Kosttilskudd månedlig',
          startedOn: '2024-01-01',
          nextDeliveryOn: '2026-12-01',
        });
        folder = join(dirname(desk.store.file), 'backups');
        const taken = await backupDatabase(desk.store, folder, 'daily', new Date('2026-11-20T03:00:00.000Z'));
        // A copy that was cut off (as one taken before issue 10 could be).
        copyFileSync(taken, join(folder, CUT));
        truncateSync(join(folder, CUT), 8192);
      },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('lists the backups, checks one, schedules its restore for the next start and cancels it', async () => {
    const page = await harness.openApp();
    await signIn(page, 'admin', PASSWORD);
    await waitForShell(page);
    const nav = page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('button', { name: 'Sikkerhetskopier' });
    await nav.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sikkerhetskopier', level: 1 }).waitFor();

    const table = page.getByRole('table', { name: 'Kopier i mappen' });
    const good = table.locator(`tr[data-backup="${GOOD}"]`);
    const cut = table.locator(`tr[data-backup="${CUT}"]`);
    await good.waitFor();
    expect(await cut.getByText('Avkuttet').count()).toBe(1);
    expect(await cut.getByRole('button', { name: /Gjenopprett/ }).isDisabled()).toBe(true);
    expect(await good.getByText('Ikke kontrollert').count()).toBe(1);

    const check = page.getByRole('button', { name: 'Kontroller sikkerhetskopien fra 20.11.2026 04:00' });
    await check.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Sikkerhetskopien fra 20.11.2026 04:00 er hel og kan gjenopprettes.').waitFor();
    await good.getByText('Kontrollert: OK').waitFor();
    const result = page.getByTestId('backup-check');
    expect(await result.getByText('Medlemmer: 1').count()).toBe(1);
    expect(await result.getByText('Brukere: 1').count()).toBe(1);
    await harness.screenshot(page, 'backups-checked');

    const restore = page.getByRole('button', { name: 'Gjenopprett sikkerhetskopien fra 20.11.2026 04:00' });
    await restore.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Gjenopprette sikkerhetskopien?' });
    await dialog.waitFor();
    expect(await dialog.getByText(GOOD, { exact: false }).count()).toBe(1);
    expect(await dialog.getByText('skrivebordet starter opp i den', { exact: false }).count()).toBe(1);
    expect(await dialog.getByText('lukker du Bonus desk og starter det igjen', { exact: false }).count()).toBe(1);
    await harness.screenshot(page, 'backups-restore-dialog');
    const confirm = dialog.getByRole('button', { name: 'Gjenopprett ved neste start' });
    await confirm.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Gjenopprettingen er klar. Lukk Bonus desk og start det igjen.').waitFor();
    const pending = page.getByTestId('restore-pending');
    await pending.getByText('Gjenopprettes ved neste start').waitFor();
    expect(await pending.getByText(GOOD, { exact: false }).count()).toBe(1);
    expect(existsSync(pendingRestorePath(harness.desk.store.file))).toBe(true);
    await harness.screenshot(page, 'backups-restore-pending');

    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    const cancel = pending.getByRole('button', { name: 'Avbryt gjenopprettingen' });
    await cancel.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Gjenopprettingen er avbrutt.').waitFor();
    await expect.poll(() => pending.count()).toBe(0);
    expect(existsSync(pendingRestorePath(harness.desk.store.file))).toBe(false);
    expectNoProblems(harness.problems);
  });
});
