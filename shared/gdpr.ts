/**
 * B14: what erasure does with each personal field of the access copy (main/services/reports.ts).
 * `anonymised` fields are overwritten with the value given; `kept` fields stay, each with the
 * reason it must. The access copy's sections are named as in the copy; main/services/gdpr.test.ts
 * proves that the personal values in the copy are exactly these fields, and that none is left
 * after erasure but the kept ones.
 */
export type CopySection = 'member' | 'notes' | 'redemptions' | 'heldOrders' | 'serviceEmails' | 'contactChanges';

export interface AnonymisedField {
  section: CopySection;
  field: string;
  /** What the field holds after erasure. */
  blank: string | null;
}

/** Why a field is kept: the i18n key `gdpr.keptReason.<reason>`. */
export type KeptReason = 'ledger_key' | 'ledger_amounts' | 'dates' | 'state';

export interface KeptField {
  section: CopySection | 'ledger' | 'pointLots' | 'subscriptions' | 'invoices';
  field: string;
  reason: KeptReason;
}

export const ANONYMISED_FIELDS: readonly AnonymisedField[] = [
  { section: 'member', field: 'first_name', blank: 'Anonymisert' },
  { section: 'member', field: 'last_name', blank: 'medlem' },
  { section: 'member', field: 'email', blank: null },
  { section: 'member', field: 'phone', blank: null },
  { section: 'member', field: 'address', blank: null },
  { section: 'member', field: 'postcode', blank: null },
  { section: 'member', field: 'city', blank: null },
  { section: 'member', field: 'birth_date', blank: null },
  { section: 'notes', field: 'body', blank: '[slettet ved anonymisering]' },
  { section: 'redemptions', field: 'email_from', blank: null },
  { section: 'redemptions', field: 'email_subject', blank: null },
  { section: 'heldOrders', field: 'email_from', blank: 'anonymisert' },
  { section: 'heldOrders', field: 'email_subject', blank: '' },
  { section: 'serviceEmails', field: 'subject', blank: '[anonymisert]' },
  { section: 'serviceEmails', field: 'body', blank: '[anonymisert]' },
  // D3: the contact corrections keep field, who and when; their values are blanked (migration 0009 allows only this).
  { section: 'contactChanges', field: 'before', blank: null },
  { section: 'contactChanges', field: 'after', blank: null },
];

/** Kept by design: the personal key the ledger hangs on, and what makes every amount and report true (B12a). */
export const KEPT_FIELDS: readonly KeptField[] = [
  { section: 'member', field: 'member_no', reason: 'ledger_key' },
  { section: 'member', field: 'balance', reason: 'ledger_amounts' },
  { section: 'ledger', field: 'amount', reason: 'ledger_amounts' },
  { section: 'pointLots', field: 'remaining', reason: 'ledger_amounts' },
  { section: 'invoices', field: 'amount_ore', reason: 'ledger_amounts' },
  { section: 'member', field: 'enrolled_on', reason: 'dates' },
  { section: 'member', field: 'cancelled_on', reason: 'dates' },
  { section: 'subscriptions', field: 'started_on', reason: 'dates' },
  { section: 'member', field: 'state', reason: 'state' },
];

/** Why erasure is refused now (the `blocker` of a `conflict`, and of members.erasure). */
export const erasureBlockers = ['already_erased', 'active_subscription', 'open_redemption', 'held_order'] as const;
export type ErasureBlocker = (typeof erasureBlockers)[number];
