import {
  applyDraws,
  capDate,
  capTakes,
  drawAll,
  drawFifo,
  expiringInRun,
  fifoOrder,
  giveBack,
  lifecycleDue,
  membershipEndDate,
  type CancelledMember,
  type Draw,
  type LifecycleDue,
  type Lot,
} from '../../domain/points.js';
import { addMonths, addYears } from '../../domain/time.js';
import { SERVICE_EMAIL_DAYS_BEFORE } from '../../../shared/rules.js';
import { renderServiceEmail } from '../../domain/service-email.js';
import type { Calendar, MonthInfo } from './calendar.js';
import { dayOf } from './calendar.js';
import { AEOA_FIRST_FEMALE, AEOA_FIRST_MALE, AEOA_LAST, CANCEL_REASONS, EMAIL_DOMAINS, KEEP_REASONS, NOTE_TEXTS, OPT_OUT_REASONS, PLANS, POSTCODES } from './data.js';
import { WeightedPicker, type Rng } from './random.js';
import type { RowBuffers } from './writer.js';
import { noteReason, reasonColumns, type Reason } from '../../../shared/reasons.js';

const FIRST_SUBSCRIPTION: Reason = { code: 'first_subscription', params: {} };

/**
 * A ledger row's columns from `reason` on (reason, user_id, run_id, reverses_entry_id,
 * redemption_id, reason_code, reason_params), for the entries booked by the desk or a user.
 */
function reasonRow(reason: Reason, userId: number | null = null, runId: number | null = null): unknown[] {
  const columns = reasonColumns(reason);
  return [columns.reason, userId, runId, null, null, columns.reason_code, columns.reason_params];
}

/**
 * One member's whole history, simulated day by day in memory with the domain rules (FIFO draws,
 * expiry per monthly run, the 60-day cap and the 3-year deletion), then written as rows. The
 * monthly run for a month books, as the desk's run does: the month's earnings, expiry of lots
 * older than 3 years when the month began, the cap and deletion due by the month's end, and the
 * service emails due by the end of the next month.
 */

export interface Pools {
  femaleFirst: readonly string[];
  maleFirst: readonly string[];
  last: readonly string[];
  streets: readonly string[];
}

export interface SeedUsers {
  agent: number;
  supervisor: number;
  manager: number;
  admin: number;
}

export interface CatalogProduct {
  id: number;
  name: string;
  pointsPrice: number;
  availableFrom: number;
  /** First day it can no longer be ordered (sold out or discontinued), or Infinity. */
  availableTo: number;
}

export interface EarningChoice {
  code: string;
  name: string;
  pointsPerUnit: number;
  weight: number;
}

/** Per run month: what the run booked (the monthly_runs summary, B6). */
export interface RunTally {
  earnedEntries: number;
  earnedPoints: number;
  expiredEntries: number;
  expiredPoints: number;
  cappedEntries: number;
  cappedPoints: number;
  deletedEntries: number;
  deletedPoints: number;
  deletedMembers: number;
  serviceEmails: number;
}

export interface IdCounters {
  member: number;
  memberNo: number;
  subscription: number;
  invoice: number;
  redemption: number;
  redemptionLine: number;
  ledger: number;
  lot: number;
  event: number;
  note: number;
  serviceEmail: number;
}

type Kind = 'active' | 'opted_out' | 'cancelled_recent' | 'cancelled_capped' | 'cancelled_near_end' | 'cancelled_keep' | 'ended';

/** Share of each lifecycle among members (cumulative picks below). */
const KINDS: readonly (readonly [Kind, number])[] = [
  ['active', 0.78],
  ['opted_out', 0.03],
  ['cancelled_recent', 0.025],
  ['cancelled_capped', 0.1],
  ['cancelled_near_end', 0.012],
  ['cancelled_keep', 0.015],
  ['ended', 0.038],
];

const IDENTITY_PHONE = [
  JSON.stringify({ memberNo: true, address: true, email: false, phone: false }),
  JSON.stringify({ memberNo: false, address: true, email: false, phone: true }),
  JSON.stringify({ memberNo: true, address: false, email: true, phone: false }),
  JSON.stringify({ memberNo: true, address: true, email: false, phone: true }),
];
const IDENTITY_EMAIL = JSON.stringify({ memberNo: true, address: false, email: true, phone: false });

const EARN_CHANNEL = 'file';

/** ø→o, æ→ae, å→aa and nothing but a–z, 0–9 and dots: the local part of an email address. */
const slugs = new Map<string, string>();
function emailSlug(name: string): string {
  let slug = slugs.get(name);
  if (slug === undefined) {
    slug = slugOf(name);
    slugs.set(name, slug);
  }
  return slug;
}
function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replaceAll('æ', 'ae')
    .replaceAll('ø', 'o')
    .replaceAll('å', 'aa')
    .replaceAll('é', 'e')
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.+|\.+$/g, '');
}

interface Event {
  day: number;
  /** Order within a day: redemptions, corrections, keep, opt-out, cancellation. */
  order: number;
  kind: 'redeem' | 'withhold' | 'unpaid' | 'keep' | 'opt_out' | 'cancel';
}

interface LotMeta {
  id: number;
  earnedOn: string;
  expiresOn: string;
  amount: number;
  entryId: number;
}

export class MemberGenerator {
  private readonly kindPicks: { kind: Kind; upTo: number }[] = [];
  private readonly earning: WeightedPicker<EarningChoice>;
  /** Catalog open on each day from the first run month to today, cheapest first. */
  private readonly catalogByDay: CatalogProduct[][] = [];
  private readonly capMemo = new Map<number, string>();
  private readonly dueMemo = new Map<string, LifecycleDue>();
  private readonly earnReasons = new Map<EarningChoice, string[]>();
  private readonly expireReasons: string[];
  private readonly endMemo = new Map<number, string>();
  /** Latest cancellation day whose 3 years end by the last run month's end. */
  private readonly lastEndedCancel: number;
  private readonly lastRun: MonthInfo;
  readonly tallies: RunTally[];
  private readonly postageOre: number;

  constructor(
    private readonly rng: Rng,
    private readonly cal: Calendar,
    private readonly pools: Pools,
    private readonly w: RowBuffers,
    private readonly ids: IdCounters,
    private readonly users: SeedUsers,
    catalog: readonly CatalogProduct[],
    earning: readonly EarningChoice[],
    options: { postageOre: number },
  ) {
    let upTo = 0;
    for (const [kind, share] of KINDS) {
      upTo += share;
      this.kindPicks.push({ kind, upTo });
    }
    this.earning = new WeightedPicker(earning, (p) => p.weight);
    const sorted = [...catalog].sort((a, b) => a.pointsPrice - b.pointsPrice || a.id - b.id);
    for (let d = cal.firstDay; d <= cal.today; d++) {
      this.catalogByDay.push(sorted.filter((p) => p.availableFrom <= d && d < p.availableTo));
    }
    this.lastRun = cal.month(cal.currentMonth - 1);
    this.lastEndedCancel = dayOf(addYears(this.lastRun.lastIso, -3)) - 1;
    this.tallies = cal.months.map(() => ({
      earnedEntries: 0,
      earnedPoints: 0,
      expiredEntries: 0,
      expiredPoints: 0,
      cappedEntries: 0,
      cappedPoints: 0,
      deletedEntries: 0,
      deletedPoints: 0,
      deletedMembers: 0,
      serviceEmails: 0,
    }));
    this.postageOre = options.postageOre;
    // Reason codes and their parameters (shared/reasons.ts), as the columns store them; the
    // parameters of the frequent ones are made once.
    this.expireReasons = cal.months.map((m) => reasonColumns({ code: 'expired', params: { before: `${addMonths(m.month, -36)}-01` } }).reason_params);
    for (const p of earning) this.earnReasons.set(p, Array.from({ length: 7 }, (_, q) => reasonColumns({ code: 'earning', params: { quantity: q, product: p.name } }).reason_params));
  }

  /** B9 lifecycleDue, memoised: it depends only on these dates and the month (Temporal is slow per call). */
  private lifecycle(member: CancelledMember, month: MonthInfo): LifecycleDue {
    const key = `${member.cancelledOn}|${member.capAppliedOn ?? ''}|${member.keepMembershipOn ?? ''}|${month.month}`;
    let due = this.dueMemo.get(key);
    if (due === undefined) {
      due = lifecycleDue(member, month.month);
      this.dueMemo.set(key, due);
    }
    return due;
  }

  private capDay(c: number): string {
    let v = this.capMemo.get(c);
    if (v === undefined) {
      v = capDate(this.cal.iso(c));
      this.capMemo.set(c, v);
    }
    return v;
  }

  private endDay(c: number): string {
    let v = this.endMemo.get(c);
    if (v === undefined) {
      v = membershipEndDate(this.cal.iso(c));
      this.endMemo.set(c, v);
    }
    return v;
  }

  /** Members generated so far: the first ones show every lifecycle, so even a tiny demo has each. */
  private count = 0;

  private pickKind(): Kind {
    const forced = KINDS[this.count];
    if (forced !== undefined) return forced[0];
    const x = this.rng.next();
    for (const k of this.kindPicks) if (x < k.upTo) return k.kind;
    return 'active';
  }

  /** Generates one member with everything that hangs off them. */
  generate(): void {
    const r = this.rng;
    const cal = this.cal;
    const w = this.w;
    const ids = this.ids;
    const users = this.users;
    const T = cal.today;
    const W = cal.firstDay;
    const lastRunIdx = cal.currentMonth - 1;

    const memberId = ids.member++;
    const memberNo = ids.memberNo++;

    // ---- who they are
    const female = r.chance(0.52);
    const firstName = r.chance(0.16) ? r.pick(female ? AEOA_FIRST_FEMALE : AEOA_FIRST_MALE) : r.pick(female ? this.pools.femaleFirst : this.pools.maleFirst);
    const lastName = r.chance(0.14) ? r.pick(AEOA_LAST) : r.pick(this.pools.last);
    const birthDay = T - r.int(18 * 365 + 5, 90 * 365);
    let email: string | null = null;
    if (r.chance(0.95)) {
      const suffix = r.chance(0.5) ? '' : r.chance(0.5) ? String(r.int(1, 99)) : cal.iso(birthDay).slice(0, 4);
      email = `${emailSlug(firstName)}${r.chance(0.8) ? '.' : ''}${emailSlug(lastName)}${suffix}@${r.pick(EMAIL_DOMAINS)}`;
    }
    const phone = r.chance(0.97) ? `+47${r.chance(0.55) ? '9' : '4'}${String(r.int(0, 9_999_999)).padStart(7, '0')}` : null;
    const street = `${r.pick(this.pools.streets)} ${r.int(1, 140)}${r.chance(0.12) ? r.pick(['A', 'B', 'C']) : ''}`;
    const [postcode, city] = r.pick(POSTCODES);

    // ---- their lifecycle: key days
    const kind = this.pickKind();
    this.count++;
    // Some cancelled members saved far more than 10 000 points, so the 60-day cap takes something (B9).
    const saver = kind === 'cancelled_capped' && (this.count <= KINDS.length || r.chance(0.25));
    let enrol = T - 30;
    let cancelDay = -1;
    let optOutDay = -1;
    let keepDay = -1;
    switch (kind) {
      case 'active':
        enrol = T - r.int(10, 8 * 365);
        break;
      case 'opted_out':
        optOutDay = T - r.int(1, 4 * 365);
        enrol = optOutDay - r.int(60, 5 * 365);
        break;
      case 'cancelled_recent':
        // The 60 days have not passed: no cap yet.
        cancelDay = T - r.int(1, 59);
        break;
      case 'cancelled_capped':
        cancelDay = T - r.int(61, 1_030);
        break;
      case 'cancelled_near_end': {
        // Membership ends within the next weeks: the service email is due (B12).
        const ends = T + r.int(3, 45);
        cancelDay = dayOf(addYears(cal.iso(ends), -3));
        break;
      }
      case 'cancelled_keep':
        cancelDay = Math.max(W + 30, T - r.int(400, 1_600));
        keepDay = Math.min(T - 1, cancelDay + r.int(366, 730));
        break;
      case 'ended':
        cancelDay = r.int(W + 200, this.lastEndedCancel);
        break;
    }
    if (cancelDay >= 0) enrol = cancelDay - r.int(90, 6 * 365);
    const stopDay = cancelDay >= 0 ? cancelDay : optOutDay >= 0 ? optOutDay : T;

    // ---- subscriptions (written at the end, statuses known now)
    const [plan, price] = r.pick(PLANS);
    const subs: { plan: string; start: number; cancel: number; next: number }[] = [
      { plan, start: enrol, cancel: cancelDay, next: cancelDay >= 0 ? -1 : T + r.int(1, 28) },
    ];
    if (r.chance(0.15)) {
      const start2 = enrol + r.int(30, 1_500);
      const [plan2] = r.pick(PLANS);
      if (cancelDay >= 0 && start2 <= cancelDay) subs.push({ plan: plan2, start: start2, cancel: r.int(start2, cancelDay), next: -1 });
      else if (cancelDay < 0 && start2 < T - 31) {
        if (r.chance(0.5)) subs.push({ plan: plan2, start: start2, cancel: -1, next: T + r.int(1, 28) });
        else subs.push({ plan: plan2, start: start2, cancel: r.int(start2 + 30, T - 1), next: -1 });
      }
    }

    // ---- earnings: k deliveries between the later of enrolment and the first run month, and
    // the end of the month before the member stopped (or the last run month).
    const earnFrom = Math.max(enrol, W);
    const stopMonth = cal.monthIndex(stopDay);
    const earnTo = Math.min(this.lastRun.lastDay, stopDay === T ? this.lastRun.lastDay : stopMonth > 0 ? cal.month(stopMonth - 1).lastDay : W - 1);
    let earnDays: Int32Array = new Int32Array(0);
    const heavy = r.chance(0.00015);
    if (earnTo >= earnFrom) {
      const months = (earnTo - earnFrom + 1) / 30.44;
      const u = r.next();
      const perMonth = heavy ? r.int(10, 40) : saver ? 0.6 + r.next() * 0.5 : u < 0.05 ? 0.55 + r.next() * 0.65 : u < 0.3 ? 0.18 + r.next() * 0.3 : 0.045 + r.next() * 0.13;
      const k = Math.floor(perMonth * months + r.next());
      earnDays = new Int32Array(k);
      for (let i = 0; i < k; i++) earnDays[i] = r.int(earnFrom, earnTo);
      earnDays.sort();
    }

    // ---- day events
    const events: Event[] = [];
    const redeemFrom = earnFrom + 35;
    const redeemTo = Math.min(T - 1, stopDay - 1);
    if (redeemTo >= redeemFrom && earnDays.length > 0) {
      const ratio = heavy ? 0.03 + r.next() * 0.05 : saver ? r.next() * 0.2 : r.next() * 1.0;
      const n = Math.floor(earnDays.length * ratio + r.next());
      for (let i = 0; i < n; i++) events.push({ day: r.int(redeemFrom, redeemTo), order: 0, kind: 'redeem' });
    }
    const current = cal.month(cal.currentMonth);
    const correctionFrom = Math.max(current.firstDay, T - 20);
    let unpaidInvoice = -1;
    if (kind === 'active' || kind === 'cancelled_capped' || kind === 'cancelled_recent') {
      if (r.chance(0.025)) {
        unpaidInvoice = ids.invoice++;
        if (kind === 'active' && correctionFrom <= T - 1 && r.chance(0.3)) events.push({ day: r.int(correctionFrom, T - 1), order: 2, kind: 'unpaid' });
      }
      if (kind === 'active' && correctionFrom <= T - 1 && r.chance(0.004)) events.push({ day: r.int(correctionFrom, T - 1), order: 1, kind: 'withhold' });
    }
    if (keepDay >= 0) events.push({ day: keepDay, order: 3, kind: 'keep' });
    if (optOutDay >= 0) events.push({ day: optOutDay, order: 4, kind: 'opt_out' });
    if (cancelDay >= 0) events.push({ day: cancelDay, order: 5, kind: 'cancel' });
    events.sort((a, b) => a.day - b.day || a.order - b.order);

    // ---- simulation state
    let state: 'active' | 'cancelled' | 'opted_out' | 'ended' = 'active';
    let balance = 0;
    let work: Lot[] = [];
    const lotMeta: LotMeta[] = [];
    const firstLotId = ids.lot;
    let nextExpiry = '9999-12-31';
    let earnAt = 0;
    let bac = -1;
    let capAppliedOn: string | null = null;
    let keepOn: string | null = null;
    let optedOutOn: string | null = null;
    let endedOn: string | null = null;
    let capMonth = -1;
    let endMonth = -1;
    let emailMonth = -1;
    let endsOnIso = '';

    const ledger = w.ledger_entries.values;
    const alloc = w.lot_allocations.values;

    const refreshExpiry = (): void => {
      nextExpiry = '9999-12-31';
      for (const lot of work) {
        if (lot.remaining > 0) {
          nextExpiry = lot.expiresOn;
          break;
        }
      }
    };
    /** Takes points out of lots for entry `entryId`: its allocations and the lots' new state. */
    const take = (entryId: number, draws: readonly Draw[], mode: 'take' | 'withhold'): number => {
      let total = 0;
      for (const d of draws) {
        total += d.amount;
        alloc.push(entryId, d.lotId, d.amount);
      }
      work = applyDraws(work, draws, mode).filter((l) => l.remaining > 0 || l.withheld > 0);
      balance -= total;
      refreshExpiry();
      return total;
    };
    const events_ = w.membership_events.values;
    const event = (kindName: string, day: number, at: string, channel: string, userId: number | null, reason: Reason): void => {
      const columns = reasonColumns(reason);
      events_.push(ids.event++, memberId, kindName, cal.iso(day), at, channel, userId, columns.reason, columns.reason_code, columns.reason_params);
    };

    const runMonth = (mi: number): void => {
      const m = cal.month(mi);
      const tally = this.tallies[mi] as RunTally;
      // B2: the month's deliveries become lots earned on their delivery day.
      while (earnAt < earnDays.length && (earnDays[earnAt] as number) <= m.lastDay) {
        const day = earnDays[earnAt++] as number;
        const product = this.earning.pick(r);
        const quantity = heavy ? r.int(1, 6) : r.chance(0.7) ? 1 : r.int(2, 3);
        const points = product.pointsPerUnit * quantity;
        const entryId = ids.ledger++;
        const lotId = ids.lot++;
        const earnedOn = cal.iso(day);
        const expiresOn = cal.expiresOn(day);
        ledger.push(entryId, memberId, 'earn', points, m.runAt, earnedOn, EARN_CHANNEL, 'earning', null, m.runId, null, null, 'earning', (this.earnReasons.get(product) as string[])[quantity] as string);
        lotMeta.push({ id: lotId, earnedOn, expiresOn, amount: points, entryId });
        const lot: Lot = { id: lotId, earnedOn, expiresOn, amount: points, remaining: points, withheld: 0 };
        work.push(lot);
        if (work.length > 1 && fifoOrder(work[work.length - 2] as Lot, lot) > 0) work.sort(fifoOrder);
        balance += points;
        if (expiresOn < nextExpiry) refreshExpiry();
        tally.earnedEntries++;
        tally.earnedPoints += points;
      }
      // B5: lots older than 3 years when the month began lose what is left.
      if (nextExpiry < m.firstIso) {
        const draws = expiringInRun(work, m.month);
        if (draws.length > 0) {
          const entryId = ids.ledger++;
          const total = take(entryId, draws, 'take');
          ledger.push(entryId, memberId, 'expire', -total, m.runAt, m.firstIso, 'system', 'expired', null, m.runId, null, null, 'expired', this.expireReasons[mi] as string);
          tally.expiredEntries++;
          tally.expiredPoints += total;
        }
      }
      // B9: the cap 60 days after cancellation, the deletion after 3 years.
      if (state === 'cancelled' && (mi === capMonth || mi === endMonth)) {
        const due = this.lifecycle({ cancelledOn: cal.iso(cancelDay), balanceAtCancellation: bac, capAppliedOn, keepMembershipOn: keepOn }, m);
        if (due.deletion !== null) {
          const draws = drawAll(work);
          if (draws.length > 0) {
            const entryId = ids.ledger++;
            const total = take(entryId, draws, 'take');
            ledger.push(entryId, memberId, 'delete_after_cancel', -total, m.runAt, due.deletion.on, 'system', ...reasonRow({ code: 'deleted_after_cancel', params: { cancelledOn: cal.iso(cancelDay), endsOn: due.deletion.on } }, null, m.runId));
            tally.deletedEntries++;
            tally.deletedPoints += total;
          }
          state = 'ended';
          endedOn = due.deletion.on;
          tally.deletedMembers++;
          event('ended', dayOf(due.deletion.on), m.runAt, 'system', null, { code: 'run_ended', params: { month: m.month } });
        } else if (due.cap !== null) {
          const takes = capTakes(bac, balance);
          if (takes > 0) {
            const entryId = ids.ledger++;
            const total = take(entryId, drawFifo(work, takes), 'take');
            ledger.push(entryId, memberId, 'cap', -total, m.runAt, due.cap.on, 'system', ...reasonRow({ code: 'capped', params: { cancelledOn: cal.iso(cancelDay), capOn: due.cap.on } }, null, m.runId));
            tally.cappedEntries++;
            tally.cappedPoints += total;
          }
          capAppliedOn = due.cap.on;
        }
      }
      // B12: the run lists the service emails due by the end of the next month.
      if (mi === emailMonth && state === 'cancelled' && keepOn === null) {
        const message = renderServiceEmail({ firstName, endsOn: endsOnIso, balance });
        const dueOn = cal.iso(dayOf(endsOnIso) - SERVICE_EMAIL_DAYS_BEFORE);
        // Emails of earlier runs went out the day they fell due; the last run's wait on the desk.
        const sent = mi < lastRunIdx;
        w.service_emails.values.push(
          ids.serviceEmail++,
          memberId,
          'membership_ending',
          dueOn,
          endsOnIso,
          m.runId,
          message.subject,
          message.body,
          sent ? cal.instant(Math.min(T - 1, dayOf(dueOn)), 600 + r.int(0, 300)) : null,
          sent ? users.agent : null,
        );
        tally.serviceEmails++;
      }
    };

    let nextRun = cal.monthIndex(Math.max(enrol, W));
    const runUntil = (mi: number): void => {
      // Runs for every month before `mi` (they ran at the turn of each month).
      const until = Math.min(mi, lastRunIdx + 1);
      while (nextRun < until) runMonth(nextRun++);
    };

    for (const ev of events) {
      runUntil(cal.monthIndex(ev.day));
      if (state !== 'active' && ev.kind !== 'keep') continue;
      const day = ev.day;
      switch (ev.kind) {
        case 'redeem':
          this.redeem(memberId, email, day, balance, () => work, (entryId, draws) => take(entryId, draws, 'take'), (entryId, draws) => {
            // B7a: the points go back to the very lots they came from.
            const present = new Set(work.map((l) => l.id));
            const restored = [...work];
            for (const d of draws) {
              if (!present.has(d.lotId)) {
                const meta = lotMeta[d.lotId - firstLotId] as LotMeta;
                restored.push({ id: meta.id, earnedOn: meta.earnedOn, expiresOn: meta.expiresOn, amount: meta.amount, remaining: 0, withheld: 0 });
                present.add(d.lotId);
              }
            }
            restored.sort(fifoOrder);
            work = giveBack(restored, draws);
            let total = 0;
            for (const d of draws) {
              total += d.amount;
              alloc.push(entryId, d.lotId, d.amount);
            }
            balance += total;
            refreshExpiry();
            return total;
          });
          break;
        case 'withhold': {
          // B11: misregistered points are withheld from the newest lot until the case is settled.
          let newest: Lot | undefined;
          for (const lot of work) if (lot.remaining > 0) newest = lot;
          if (newest === undefined) break;
          const points = Math.min(newest.remaining, Math.max(1, Math.round(newest.amount / 2)), 5_000);
          const entryId = ids.ledger++;
          take(entryId, [{ lotId: newest.id, amount: points }], 'withhold');
          ledger.push(entryId, memberId, 'withhold', -points, cal.instant(day, 600 + r.int(0, 360)), cal.iso(day), 'desk', ...reasonRow(noteReason('Feilregistrert opptjening holdes tilbake til saken er avklart'), users.supervisor));
          break;
        }
        case 'unpaid': {
          // B11: the balance is reduced for an unpaid invoice (never below zero).
          const points = Math.min(balance, r.int(10, 50) * 100);
          if (points <= 0) break;
          const entryId = ids.ledger++;
          take(entryId, drawFifo(work, points), 'take');
          ledger.push(entryId, memberId, 'unpaid_reduction', -points, cal.instant(day, 600 + r.int(0, 360)), cal.iso(day), 'desk', ...reasonRow(noteReason(`Trekk for ubetalt faktura ${invoiceNo(unpaidInvoice)}`), users.supervisor));
          break;
        }
        case 'keep': {
          keepOn = cal.iso(day);
          const channel = r.chance(0.7) ? 'phone' : 'email';
          event('keep_membership', day, cal.instant(day, 540 + r.int(0, 480)), channel, users.agent, noteReason(r.pick(KEEP_REASONS)));
          break;
        }
        case 'opt_out': {
          // B10: every point left is forfeited; the member was told.
          const channel = r.chance(0.7) ? 'phone' : 'email';
          const at = cal.instant(day, 540 + r.int(0, 480));
          const reason = r.pick(OPT_OUT_REASONS);
          const draws = drawAll(work);
          if (draws.length > 0) {
            const entryId = ids.ledger++;
            const total = take(entryId, draws, 'take');
            ledger.push(entryId, memberId, 'forfeit', -total, at, cal.iso(day), channel, ...reasonRow({ code: 'opt_out', params: {}, note: reason }, users.agent));
          }
          state = 'opted_out';
          optedOutOn = cal.iso(day);
          event('opted_out', day, at, channel, users.agent, noteReason(reason));
          break;
        }
        case 'cancel': {
          // B9: the last subscription ends; the balance now decides the cap.
          bac = balance;
          state = 'cancelled';
          event('cancelled', day, cal.instant(day, 360 + r.int(0, 600)), 'file', null, { code: 'last_cancelled', params: { balance } });
          const capOn = this.capDay(day);
          endsOnIso = this.endDay(day);
          const capD = dayOf(capOn);
          const endD = dayOf(endsOnIso);
          capMonth = capD <= this.lastRun.lastDay ? cal.monthIndex(capD) : -1;
          endMonth = endD <= this.lastRun.lastDay ? cal.monthIndex(endD) : -1;
          // The run for the month before the email falls due lists it.
          const dueD = endD - SERVICE_EMAIL_DAYS_BEFORE;
          const dueMonth = cal.monthIndex(dueD) - 1;
          emailMonth = dueD >= W && dueD <= current.lastDay && dueMonth >= 0 ? dueMonth : -1;
          break;
        }
      }
    }
    runUntil(lastRunIdx + 1);

    // ---- rows that describe the member as they are now
    const enrolAt = cal.instant(enrol, 360);
    w.members.values.push(
      memberId,
      memberNo,
      firstName,
      lastName,
      email,
      phone,
      street,
      postcode,
      city,
      cal.iso(birthDay),
      state,
      balance,
      cal.iso(enrol),
      cancelDay >= 0 ? cal.iso(cancelDay) : null,
      cancelDay >= 0 ? bac : null,
      capAppliedOn,
      keepOn,
      optedOutOn,
      endedOn,
      enrolAt,
    );
    for (const s of subs) {
      w.subscriptions.values.push(
        ids.subscription++,
        memberId,
        s.plan,
        s.cancel >= 0 ? 'cancelled' : 'active',
        cal.iso(s.start),
        s.cancel >= 0 ? cal.iso(s.cancel) : null,
        s.next >= 0 ? cal.iso(s.next) : null,
      );
    }
    event('enrolled', enrol, enrolAt, 'file', null, FIRST_SUBSCRIPTION);

    // Lots with what is left in them now (the work list holds every lot that still has points).
    const live = new Map<number, Lot>();
    for (const lot of work) live.set(lot.id, lot);
    const lots = w.point_lots.values;
    for (const meta of lotMeta) {
      const lot = live.get(meta.id);
      lots.push(meta.id, memberId, meta.earnedOn, meta.expiresOn, meta.amount, lot?.remaining ?? 0, lot?.withheld ?? 0, meta.entryId);
    }

    // Invoices: the latest one (paid, or open if not yet due), and an unpaid one for a few.
    const lastBilled = cancelDay >= 0 ? cal.monthIndex(cancelDay) : cal.currentMonth;
    const issued = Math.max(enrol, cal.month(lastBilled).firstDay);
    if (issued <= T) {
      const due = issued + 14;
      const paid = due < T || r.chance(0.6);
      const id = ids.invoice++;
      w.invoices.values.push(id, memberId, invoiceNo(id), price, cal.iso(issued), cal.iso(due), paid ? 'paid' : 'open', paid ? cal.iso(Math.min(T, issued + r.int(1, 13))) : null);
    }
    if (unpaidInvoice >= 0) {
      const issuedU = Math.max(enrol, cal.month(Math.max(0, cal.currentMonth - r.int(2, 5))).firstDay);
      w.invoices.values.push(unpaidInvoice, memberId, invoiceNo(unpaidInvoice), price, cal.iso(issuedU), cal.iso(issuedU + 14), 'unpaid', null);
    }

    if (r.chance(0.006)) {
      const notes = r.int(1, 2);
      for (let i = 0; i < notes; i++) {
        const day = r.int(Math.max(enrol, T - 700), T - 1);
        w.member_notes.values.push(ids.note++, memberId, r.pick(NOTE_TEXTS), cal.instant(day, 540 + r.int(0, 480)), r.chance(0.8) ? users.agent : users.supervisor);
      }
    }
  }

  /**
   * B7: a bonus order on `day` (10:00–17:00, after any launch lockout), paid from the lots FIFO.
   * A few are cancelled before the next run (B7a); older ones have shipped.
   */
  private redeem(
    memberId: number,
    email: string | null,
    day: number,
    balance: number,
    lots: () => Lot[],
    spend: (entryId: number, draws: readonly Draw[]) => number,
    giveBackDraws: (entryId: number, draws: readonly Draw[]) => number,
  ): void {
    const r = this.rng;
    const cal = this.cal;
    const ids = this.ids;
    const w = this.w;
    const open = this.catalogByDay[day - cal.firstDay];
    if (open === undefined || open.length === 0) return;
    let affordable = 0;
    while (affordable < open.length && (open[affordable] as CatalogProduct).pointsPrice <= balance) affordable++;
    if (affordable === 0) return;
    const first = open[r.int(0, affordable - 1)] as CatalogProduct;
    const lines: { product: CatalogProduct; quantity: number }[] = [{ product: first, quantity: first.pointsPrice * 2 <= balance && r.chance(0.1) ? 2 : 1 }];
    let total = first.pointsPrice * (lines[0] as { quantity: number }).quantity;
    if (r.chance(0.2)) {
      let n = 0;
      while (n < open.length && (open[n] as CatalogProduct).pointsPrice <= balance - total) n++;
      if (n > 0) {
        const second = open[r.int(0, n - 1)] as CatalogProduct;
        if (second.id !== first.id) {
          lines.push({ product: second, quantity: 1 });
          total += second.pointsPrice;
        }
      }
    }
    const draws = drawFifo(lots(), total);
    const redemptionId = ids.redemption++;
    const minute = 600 + r.int(0, 420);
    const createdAt = cal.instant(day, minute);
    const channel = r.chance(0.7) ? 'phone' : 'email';
    const userId = r.chance(0.85) ? this.users.agent : this.users.supervisor;
    const separate = r.chance(0.08);
    const month = cal.month(cal.monthIndex(day));
    let status: 'registered' | 'shipped' | 'cancelled' = 'registered';
    let shippedAt: string | null = null;
    let cancelledAt: string | null = null;
    let cancelReason: string | null = null;
    let cancelDay = -1;
    if (r.chance(0.04)) {
      status = 'cancelled';
      // Cancelled within a few days, before the month's run and before today.
      cancelDay = Math.min(day + r.int(0, 2), month.lastDay, cal.today - 1);
      cancelledAt = cal.instant(cancelDay, cancelDay === day ? Math.min(minute + r.int(10, 120), 1_380) : 540 + r.int(0, 480));
      cancelReason = r.pick(CANCEL_REASONS);
    } else if (day <= cal.today - 8) {
      status = 'shipped';
      shippedAt = cal.instant(Math.min(cal.today - 1, day + r.int(1, 6)), 420 + r.int(0, 480));
    }
    const deliveryOn = separate ? null : cal.iso(day + r.int(2, 27));
    w.redemptions.values.push(
      redemptionId,
      memberId,
      `seed-${String(redemptionId).padStart(10, '0')}`,
      status,
      channel,
      total,
      separate ? 'separate' : 'next_delivery',
      deliveryOn,
      separate ? this.postageOre : 0,
      channel === 'phone' ? r.pick(IDENTITY_PHONE) : IDENTITY_EMAIL,
      channel === 'email' ? (email ?? `medlem${memberId}@example.no`) : null,
      channel === 'email' ? cal.instant(day, minute - r.int(5, 300)) : null,
      channel === 'email' ? 'Bestilling av bonusprodukt' : null,
      createdAt,
      userId,
      shippedAt,
      cancelledAt,
      cancelReason,
    );
    let description = '';
    for (const line of lines) {
      w.redemption_lines.values.push(ids.redemptionLine++, redemptionId, line.product.id, line.quantity, line.product.pointsPrice);
      description += `${description === '' ? '' : ', '}${line.quantity} × ${line.product.name}`;
    }
    const spendId = ids.ledger++;
    spend(spendId, draws);
    w.ledger_entries.values.push(spendId, memberId, 'spend', -total, createdAt, cal.iso(day), channel, 'order', userId, null, null, redemptionId, 'order', reasonColumns({ code: 'order', params: { redemptionId, items: description } }).reason_params);
    if (cancelledAt !== null && cancelReason !== null) {
      const reversalId = ids.ledger++;
      giveBackDraws(reversalId, draws);
      w.ledger_entries.values.push(reversalId, memberId, 'spend_reversal', total, cancelledAt, cal.iso(cancelDay), channel, cancelReason, userId, null, spendId, redemptionId, 'order_cancelled', reasonColumns({ code: 'order_cancelled', params: { redemptionId } }).reason_params);
    }
  }
}

export function invoiceNo(id: number): string {
  return `F${String(id).padStart(9, '0')}`;
}
