import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { ReasonCodeSchema, reasonFromColumns, reasonParamSchemas } from '../../shared/reasons.js';
import { openDatabase } from './open.js';

/** Migration 0004 over a file written before it: the old English sentences become codes and parameters. */
describe('migration 0004: reason codes', () => {
  const ledger: [kind: string, amount: number, effectiveOn: string, sentence: string][] = [
    ['earn', 300, '2026-09-03', '2 × Omega-3 (file 4, line 17)'],
    ['earn', 100, '2026-09-03', 'Opptjening: 1 × Termokopp'],
    ['spend', -200, '2026-10-01', 'Bonus order 12: 2 × Termokopp, 1 × Pledd'],
    ['spend_reversal', 200, '2026-10-02', 'Bonus order 12 cancelled: Kunden angret: feil farge'],
    ['forfeit', -50, '2026-10-03', 'Opt-out: Flytter utenlands'],
    ['expire', -10, '2026-10-01', 'Points older than 3 years (earned before 2023-10-01)'],
    ['expire', -10, '2026-10-05', 'Points older than 3 years (B5): 2 lot(s) past their expiry date'],
    ['cap', -100, '2026-04-01', 'Balance capped at 10 000 points 60 days after cancellation on 2026-01-31 (B9)'],
    ['delete_after_cancel', -100, '2026-01-31', 'Membership ended 3 years after cancellation on 2023-01-31 (B9)'],
    ['release', 5, '2026-10-01', 'Withheld points expired with their lot (B11): withholding 41 closed'],
    ['release', 5, '2026-10-03', 'Withheld points forfeited with the opt-out (B10): withholding 42 closed'],
    ['withhold', -5, '2026-10-01', 'Still withheld from withholding 41; its points in lots past expiry expired (B11)'],
    ['forfeit', -5, '2026-10-06', 'Returned points forfeited: member opted_out (B10)'],
    ['forfeit', -5, '2026-10-06', 'Returned points forfeited: member ended (B10)'],
    ['forfeit', -5, '2026-10-07', 'Returned points from before the opt-out forfeited (B10)'],
    ['forfeit', -5, '2026-10-08', 'Re-join starts from zero: points from before the opt-out forfeited (B10)'],
    ['delete_after_cancel', -5, '2026-10-09', 'Membership ended on request: Vil ikke være med lenger'],
    ['release', 5, '2026-10-09', 'Withheld points deleted with the kept membership (B9): withholding 43 closed'],
    ['correction_delete', -5, '2026-10-10', 'Feilregistrert kjøp (sak 2026-118)'],
  ];
  const events: [kind: string, sentence: string][] = [
    ['enrolled', 'First subscription started (B1)'],
    ['reactivated', 'Customer again before deletion: balance unchanged (B9)'],
    ['enrolled', 'New membership after the old one ended (B1)'],
    ['cancelled', 'Last subscription cancelled; balance 12345 (B9)'],
    ['ended', 'Monthly run 2026-01: 3 years after cancellation (B9)'],
    ['opted_out', 'Flytter utenlands'],
  ];

  it('B12a: gives every old row its code and parameters, keeps what a user typed as the note, and the ledger stays append-only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reasons-0004-'));
    const db = openDatabase({ file: join(dir, 'old.db') });
    try {
      const migrate = async (record: typeof migrations): Promise<void> => {
        const { error } = await new Migrator({ db: db.kysely, provider: { getMigrations: () => Promise.resolve(record) } }).migrateToLatest();
        if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
      };
      const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0004'));
      expect(Object.keys(before)).toEqual(['0001_init', '0002_earnings_row_keys', '0003_run_claims_and_event_keys']);
      await migrate(before);
      db.sqlite.exec("INSERT INTO members (member_no, first_name, last_name, enrolled_on, created_at) VALUES (910001, 'A', 'B', '2026-01-01', '2026-01-01')");
      const entry = db.sqlite.prepare("INSERT INTO ledger_entries (member_id, kind, amount, occurred_at, effective_on, channel, reason) VALUES (1, ?, ?, '2026-10-10T08:00:00.000Z', ?, 'system', ?)");
      for (const [kind, amount, on, sentence] of ledger) entry.run(kind, amount, on, sentence);
      const event = db.sqlite.prepare("INSERT INTO membership_events (member_id, kind, on_date, at, channel, reason) VALUES (1, ?, '2026-10-10', '2026-10-10T08:00:00.000Z', 'file', ?)");
      for (const [kind, sentence] of events) event.run(kind, sentence);

      await migrate(migrations);

      type Row = { reason: string; reason_code: string | null; reason_params: string | null };
      const read = (table: string): { code: string | null; params: unknown; stored: string; note: string | null }[] =>
        (db.sqlite.prepare(`SELECT reason, reason_code, reason_params FROM ${table} ORDER BY id`).all() as Row[]).map((row) => ({
          code: row.reason_code,
          params: row.reason_params === null ? null : JSON.parse(row.reason_params),
          stored: row.reason,
          note: reasonFromColumns(row).note,
        }));
      expect(read('ledger_entries')).toEqual([
        { code: 'earning', params: { quantity: 2, product: 'Omega-3', fileId: 4, lineNo: 17 }, stored: 'earning', note: null },
        { code: 'earning', params: { quantity: 1, product: 'Termokopp' }, stored: 'earning', note: null },
        { code: 'order', params: { redemptionId: 12, items: '2 × Termokopp, 1 × Pledd' }, stored: 'order', note: null },
        { code: 'order_cancelled', params: { redemptionId: 12 }, stored: 'Kunden angret: feil farge', note: 'Kunden angret: feil farge' },
        { code: 'opt_out', params: {}, stored: 'Flytter utenlands', note: 'Flytter utenlands' },
        { code: 'expired', params: { before: '2023-10-01' }, stored: 'expired', note: null },
        { code: 'expired_due', params: { lots: 2 }, stored: 'expired_due', note: null },
        { code: 'capped', params: { cancelledOn: '2026-01-31', capOn: '2026-04-01' }, stored: 'capped', note: null },
        { code: 'deleted_after_cancel', params: { cancelledOn: '2023-01-31', endsOn: '2026-01-31' }, stored: 'deleted_after_cancel', note: null },
        { code: 'withhold_closed_expiry', params: { withholdingId: 41 }, stored: 'withhold_closed_expiry', note: null },
        { code: 'withhold_closed_opt_out', params: { withholdingId: 42 }, stored: 'withhold_closed_opt_out', note: null },
        { code: 'still_withheld', params: { withholdingId: 41 }, stored: 'still_withheld', note: null },
        { code: 'returned_forfeited', params: { state: 'opted_out' }, stored: 'returned_forfeited', note: null },
        { code: 'returned_forfeited', params: { state: 'ended' }, stored: 'returned_forfeited', note: null },
        { code: 'returned_before_opt_out', params: {}, stored: 'returned_before_opt_out', note: null },
        { code: 'rejoin_forfeit', params: {}, stored: 'rejoin_forfeit', note: null },
        { code: 'ended_on_request', params: {}, stored: 'Vil ikke være med lenger', note: 'Vil ikke være med lenger' },
        { code: 'withheld_ended_on_request', params: { withholdingId: 43 }, stored: 'withheld_ended_on_request', note: null },
        { code: 'note', params: {}, stored: 'Feilregistrert kjøp (sak 2026-118)', note: 'Feilregistrert kjøp (sak 2026-118)' },
      ]);
      expect(read('membership_events')).toEqual([
        { code: 'first_subscription', params: {}, stored: 'first_subscription', note: null },
        { code: 'reactivated', params: {}, stored: 'reactivated', note: null },
        { code: 'new_membership', params: {}, stored: 'new_membership', note: null },
        { code: 'last_cancelled', params: { balance: 12345 }, stored: 'last_cancelled', note: null },
        { code: 'run_ended', params: { month: '2026-01' }, stored: 'run_ended', note: null },
        { code: 'note', params: {}, stored: 'Flytter utenlands', note: 'Flytter utenlands' },
      ]);
      // Every migrated row passes its code's parameter schema, the one the services write with.
      for (const row of [...read('ledger_entries'), ...read('membership_events')]) {
        const code = ReasonCodeSchema.parse(row.code);
        expect(reasonParamSchemas[code].safeParse(row.params).success, `${code} ${JSON.stringify(row.params)}`).toBe(true);
      }
      // B12a: the append-only trigger is back.
      expect(() => db.sqlite.prepare("UPDATE ledger_entries SET reason = 'x'").run()).toThrow(/append-only/);
      expect(() => db.sqlite.prepare('DELETE FROM ledger_entries').run()).toThrow(/append-only/);
    } finally {
      db.sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
