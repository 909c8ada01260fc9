import { TERMS_NOTICE_MONTHS } from '../../shared/rules.js';
import { addMonthsToDate, type IsoDate } from './time.js';

/**
 * B13: the terms may change — also for points already earned — or the program end, with one
 * month's notice; at once only when the law or an authority requires it. Returns the first day
 * a change published on `publishedOn` may take effect.
 */
export function earliestEffectiveDate(publishedOn: IsoDate, legallyRequired: boolean): IsoDate {
  return legallyRequired ? publishedOn : addMonthsToDate(publishedOn, TERMS_NOTICE_MONTHS);
}
