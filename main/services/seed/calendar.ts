import { expiryDate } from '../../domain/points.js';
import { addMonths, firstDayOf, lastDayOf, monthOf, osloDate, osloInstant, type IsoDate, type YearMonth } from '../../domain/time.js';

/**
 * Fast calendar for the seeder. Days are whole numbers (days since 1970-01-01 of the Oslo
 * calendar date); their ISO text and Oslo UTC offsets are looked up in tables built once, so
 * the hot loop never calls Temporal. Rule arithmetic (expiry, cap date, 3 years) still comes from
 * the domain functions, memoised per day.
 */

const MS_PER_DAY = 86_400_000;

/** 'HH:MM' for each minute of a day. */
const CLOCK: readonly string[] = Array.from({ length: 1_440 }, (_, m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);

export function dayOf(iso: IsoDate): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY;
}

export interface MonthInfo {
  readonly index: number;
  readonly month: YearMonth;
  readonly firstIso: IsoDate;
  readonly firstDay: number;
  readonly lastIso: IsoDate;
  readonly lastDay: number;
  /** The monthly_runs id of this month's run, or 0 for the current month (not run yet). */
  runId: number;
  /** When the run for this month ran (the first night after the month ended). */
  readonly runAt: string;
}

export class Calendar {
  readonly now: Date;
  readonly today: number;
  readonly todayIso: IsoDate;
  /** Months from the first run month up to and including the current month (not run yet). */
  readonly months: MonthInfo[];
  /** Index of the current month in `months`; the last run is `currentMonth - 1`. */
  readonly currentMonth: number;
  private readonly base: number;
  private readonly isoTable: string[];
  private readonly offsets: Int16Array;
  private readonly monthByDay: Int16Array;
  private readonly monthBase: number;
  private readonly expiryMemo = new Map<number, string>();

  constructor(now: Date, runMonths: number) {
    this.now = now;
    this.todayIso = osloDate(now);
    this.today = dayOf(this.todayIso);
    // Birth dates go 95 years back; launches and deliveries a year ahead.
    this.base = this.today - 95 * 366;
    const end = this.today + 400;
    this.isoTable = [];
    for (let d = this.base; d <= end; d++) this.isoTable.push(new Date(d * MS_PER_DAY).toISOString().slice(0, 10));
    this.offsets = new Int16Array(end - this.base + 1).fill(-32768);

    const currentYm = monthOf(this.todayIso);
    this.months = [];
    for (let i = runMonths; i >= 0; i--) {
      const month = addMonths(currentYm, -i);
      const firstIso = firstDayOf(month);
      const lastIso = lastDayOf(month);
      // The run for a month can be made once it has ended: the first night of the next month.
      const runAtDate = osloInstant(firstDayOf(addMonths(month, 1)), '02:00');
      const runAt = runAtDate.getTime() < now.getTime() ? runAtDate : new Date(now.getTime() - 60_000);
      this.months.push({
        index: this.months.length,
        month,
        firstIso,
        firstDay: dayOf(firstIso),
        lastIso,
        lastDay: dayOf(lastIso),
        runId: 0,
        runAt: runAt.toISOString(),
      });
    }
    this.currentMonth = this.months.length - 1;
    this.monthBase = (this.months[0] as MonthInfo).firstDay;
    this.monthByDay = new Int16Array(end - this.monthBase + 1);
    let m = 0;
    for (let d = this.monthBase; d <= end; d++) {
      while (m < this.currentMonth && d > (this.months[m] as MonthInfo).lastDay) m++;
      this.monthByDay[d - this.monthBase] = m;
    }
  }

  get firstDay(): number {
    return this.monthBase;
  }

  iso(day: number): IsoDate {
    return this.isoTable[day - this.base] as string;
  }

  /**
   * The ISO instant of an Oslo wall-clock time (minutes after midnight, 03:00–22:59) on a day.
   * Built from tables: UTC is one or two hours behind Oslo, so it is the same calendar day.
   */
  instant(day: number, minuteOfDay: number): string {
    const i = day - this.base;
    let offset = this.offsets[i] as number;
    if (offset === -32768) {
      // The offset at noon; every time the seeder uses is after the 02:00–03:00 DST switch.
      offset = Math.round((day * MS_PER_DAY + 12 * 3_600_000 - osloInstant(this.iso(day), '12:00').getTime()) / 60_000);
      this.offsets[i] = offset;
    }
    const utc = minuteOfDay - offset;
    if (utc < 0 || utc >= 1_440) return new Date(day * MS_PER_DAY + utc * 60_000).toISOString();
    return `${this.isoTable[i] as string}T${CLOCK[utc] as string}:00.000Z`;
  }

  /** Index in `months` of the month holding `day` (days before the first month give 0). */
  monthIndex(day: number): number {
    if (day < this.monthBase) return 0;
    return this.monthByDay[day - this.monthBase] as number;
  }

  month(index: number): MonthInfo {
    return this.months[index] as MonthInfo;
  }

  /** B5 expiry date of a lot earned on `day` (domain rule, memoised). */
  expiresOn(day: number): IsoDate {
    let e = this.expiryMemo.get(day);
    if (e === undefined) {
      e = expiryDate(this.iso(day));
      this.expiryMemo.set(day, e);
    }
    return e;
  }
}
