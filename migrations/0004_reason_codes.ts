import { sql, type Kysely } from 'kysely';

/**
 * Reason codes, not sentences. Ledger entries and membership events said why they happened in
 * an English sentence with a rule id inside ("Opt-out: moved abroad", "Balance capped at 10 000
 * points 60 days after cancellation on 2026-01-31 (B9)"), which the renderer translated back by
 * regular expression. From here they store a code from the closed list in shared/reasons.ts and
 * its parameters as a JSON object:
 *
 * - `reason_code`: the code; `reason_params`: the JSON object of its parameters.
 * - `reason` (NOT NULL, kept): the user's free text for the codes that carry a note (`note`,
 *   `opt_out`, `order_cancelled`, `ended_on_request`), the code itself for the others.
 *
 * Existing rows are given codes here: each sentence the desk (and the demo seeder) wrote is
 * matched and its parameters are cut out of it; anything else is text a user typed and becomes
 * code `note` with the text kept as written. The codes are spelled out here rather than imported,
 * so this migration stays what it was when it landed.
 *
 * The ledger is append-only (B12a): its update trigger is dropped for this one UPDATE and
 * created again, word for word as 0001_init has it. Audit rows are not changed: they already have
 * a code (`action`), and their `reason` is what the user typed.
 */

interface Rule {
  when: string;
  code: string;
  params: string;
  /** The user's note (for codes that carry one); the stored `reason` becomes the code otherwise. */
  note?: string;
}

const q = (text: string): string => `'${text.replaceAll("'", "''")}'`;
/** What follows `prefix` in `reason`. */
const after = (prefix: string): string => `substr(reason, length(${q(prefix)}) + 1)`;
/** What follows the first `marker` in `reason`. */
const afterMarker = (marker: string): string => `substr(reason, instr(reason, ${q(marker)}) + length(${q(marker)}))`;
/** The part of `reason` between the first `from` and the first `to`. */
const between = (from: string, to: string): string =>
  `substr(reason, instr(reason, ${q(from)}) + length(${q(from)}), instr(reason, ${q(to)}) - instr(reason, ${q(from)}) - length(${q(from)}))`;
const int = (expression: string): string => `CAST(${expression} AS INTEGER)`;
const day = (prefix: string): string => `substr(reason, length(${q(prefix)}) + 1, 10)`;

const withholdingClosed = (prefix: string, code: string): Rule => ({
  when: `reason LIKE ${q(`${prefix}: withholding % closed`)}`,
  code,
  params: `json_object('withholdingId', ${int(afterMarker(': withholding '))})`,
});

const ledgerRules: Rule[] = [
  { when: `reason LIKE 'Bonus order % cancelled: _%'`, code: 'order_cancelled', params: `json_object('redemptionId', ${int(after('Bonus order '))})`, note: afterMarker(' cancelled: ') },
  { when: `reason LIKE 'Bonus order %: %'`, code: 'order', params: `json_object('redemptionId', ${int(after('Bonus order '))}, 'items', ${afterMarker(': ')})` },
  { when: `reason LIKE 'Opt-out: _%'`, code: 'opt_out', params: `json_object()`, note: after('Opt-out: ') },
  { when: `reason LIKE 'Membership ended on request: _%'`, code: 'ended_on_request', params: `json_object()`, note: after('Membership ended on request: ') },
  withholdingClosed('Withheld points deleted with the kept membership (B9)', 'withheld_ended_on_request'),
  withholdingClosed('Withheld points expired with their lot (B11)', 'withhold_closed_expiry'),
  withholdingClosed('Withheld points forfeited with the opt-out (B10)', 'withhold_closed_opt_out'),
  { when: `reason LIKE 'Still withheld from withholding %'`, code: 'still_withheld', params: `json_object('withholdingId', ${int(after('Still withheld from withholding '))})` },
  { when: `reason LIKE 'Returned points forfeited: member opted_out%'`, code: 'returned_forfeited', params: `json_object('state', 'opted_out')` },
  { when: `reason LIKE 'Returned points forfeited: member ended%'`, code: 'returned_forfeited', params: `json_object('state', 'ended')` },
  { when: `reason = 'Returned points from before the opt-out forfeited (B10)'`, code: 'returned_before_opt_out', params: `json_object()` },
  { when: `reason = 'Re-join starts from zero: points from before the opt-out forfeited (B10)'`, code: 'rejoin_forfeit', params: `json_object()` },
  {
    when: `reason LIKE 'Points older than 3 years (earned before ____-__-__)'`,
    code: 'expired',
    params: `json_object('before', ${day('Points older than 3 years (earned before ')})`,
  },
  { when: `reason LIKE 'Points older than 3 years (B5): % lot(s) past their expiry date'`, code: 'expired_due', params: `json_object('lots', ${int(after('Points older than 3 years (B5): '))})` },
  {
    when: `reason LIKE 'Balance capped at 10 000 points 60 days after cancellation on ____-__-__ (B9)'`,
    code: 'capped',
    params: `json_object('cancelledOn', ${day('Balance capped at 10 000 points 60 days after cancellation on ')}, 'capOn', effective_on)`,
  },
  {
    when: `reason LIKE 'Membership ended 3 years after cancellation on ____-__-__ (B9)'`,
    code: 'deleted_after_cancel',
    params: `json_object('cancelledOn', ${day('Membership ended 3 years after cancellation on ')}, 'endsOn', effective_on)`,
  },
  {
    // B2: an imported earnings line, "2 × Omega-3 (file 4, line 17)".
    when: `kind = 'earn' AND reason GLOB '[0-9]* × * (file [0-9]*, line [0-9]*)'`,
    code: 'earning',
    params: `json_object('quantity', ${int('reason')}, 'product', ${between(' × ', ' (file ')}, 'fileId', ${int(afterMarker(' (file '))}, 'lineNo', ${int(afterMarker(', line '))})`,
  },
  {
    // The demo seeder's earnings: "Opptjening: 2 × Omega-3".
    when: `kind = 'earn' AND reason GLOB 'Opptjening: [0-9]* × *'`,
    code: 'earning',
    params: `json_object('quantity', ${int(after('Opptjening: '))}, 'product', ${afterMarker(' × ')})`,
  },
];

const eventRules: Rule[] = [
  { when: `reason = 'First subscription started (B1)'`, code: 'first_subscription', params: `json_object()` },
  { when: `reason = 'Customer again before deletion: balance unchanged (B9)'`, code: 'reactivated', params: `json_object()` },
  { when: `reason = 'New membership after the old one ended (B1)'`, code: 'new_membership', params: `json_object()` },
  { when: `reason GLOB 'Last subscription cancelled; balance [0-9]* (B9)'`, code: 'last_cancelled', params: `json_object('balance', ${int(after('Last subscription cancelled; balance '))})` },
  { when: `reason GLOB 'Monthly run [0-9][0-9][0-9][0-9]-[0-9][0-9]: 3 years after cancellation (B9)'`, code: 'run_ended', params: `json_object('month', substr(reason, 13, 7))` },
];

/** One UPDATE giving every row of `table` its code, parameters and stored reason. */
function codeRows(table: string, rules: readonly Rule[]): string {
  const cases = (pick: (rule: Rule) => string, otherwise: string): string =>
    `CASE ${rules.map((rule) => `WHEN ${rule.when} THEN ${pick(rule)}`).join(' ')} ELSE ${otherwise} END`;
  return `UPDATE ${table} SET
    reason_code = ${cases((rule) => q(rule.code), `'note'`)},
    reason_params = ${cases((rule) => rule.params, `'{}'`)},
    reason = ${cases((rule) => rule.note ?? q(rule.code), 'reason')}`;
}

const statements: string[] = [
  `ALTER TABLE ledger_entries ADD COLUMN reason_code TEXT`,
  `ALTER TABLE ledger_entries ADD COLUMN reason_params TEXT CHECK (reason_params IS NULL OR json_valid(reason_params))`,
  `ALTER TABLE membership_events ADD COLUMN reason_code TEXT`,
  `ALTER TABLE membership_events ADD COLUMN reason_params TEXT CHECK (reason_params IS NULL OR json_valid(reason_params))`,
  `DROP TRIGGER ledger_no_update`,
  codeRows('ledger_entries', ledgerRules),
  `CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger_entries BEGIN
    SELECT RAISE(ABORT, 'ledger entries are append-only (B12a)');
  END`,
  codeRows('membership_events', eventRules),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('0004_reason_codes cannot be undone; restore the backup taken before migrating');
}
