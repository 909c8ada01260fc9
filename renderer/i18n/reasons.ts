import type { TFunction } from 'i18next';
import { reasonParamSchemas, type ReasonCode, type ReasonParams } from '../../shared/reasons';
import { formatDay, formatMonth, formatPoints } from './format';

/** What carries a reason in the contract: a ledger entry, a timeline item, a run booking. */
export interface ReasonLike {
  reasonCode: ReasonCode;
  reasonParams: ReasonParams;
  note?: string | null;
}

const day = (value: string): string => formatDay(value) ?? value;

/**
 * Why an entry or event happened, in the UI language: the code's `reason.*` text with its
 * parameters (dates as 21.11.2026, points with thousands separators) and the user's note as
 * written. Parameters that do not fit the code's schema (there should be none) show the note.
 */
export function reasonText(t: TFunction, reason: ReasonLike, language: string): string {
  const note = reason.note ?? '';
  const text = (code: ReasonCode): string => {
    switch (code) {
      case 'note':
        return note;
      case 'earning': {
        const p = reasonParamSchemas.earning.parse(reason.reasonParams);
        return p.fileId === undefined || p.lineNo === undefined
          ? t('reason.earning', { quantity: p.quantity, product: p.product })
          : t('reason.earningFromFile', { quantity: p.quantity, product: p.product, file: p.fileId, line: p.lineNo });
      }
      case 'order': {
        const p = reasonParamSchemas.order.parse(reason.reasonParams);
        return t('reason.order', { id: p.redemptionId, items: p.items });
      }
      case 'order_cancelled':
        return t('reason.order_cancelled', { id: reasonParamSchemas.order_cancelled.parse(reason.reasonParams).redemptionId, note });
      case 'opt_out':
        return t('reason.opt_out', { note });
      case 'ended_on_request':
        return t('reason.ended_on_request', { note });
      case 'rejoin_forfeit':
        return t('reason.rejoin_forfeit');
      case 'returned_forfeited':
        return reasonParamSchemas.returned_forfeited.parse(reason.reasonParams).state === 'ended'
          ? t('reason.returned_forfeited_ended')
          : t('reason.returned_forfeited_opted_out');
      case 'returned_before_opt_out':
        return t('reason.returned_before_opt_out');
      case 'expired':
        return t('reason.expired', { date: day(reasonParamSchemas.expired.parse(reason.reasonParams).before) });
      case 'expired_due':
        return t('reason.expired_due', { lots: formatPoints(reasonParamSchemas.expired_due.parse(reason.reasonParams).lots) });
      case 'capped':
        return t('reason.capped', { date: day(reasonParamSchemas.capped.parse(reason.reasonParams).cancelledOn) });
      case 'deleted_after_cancel':
        return t('reason.deleted_after_cancel', { date: day(reasonParamSchemas.deleted_after_cancel.parse(reason.reasonParams).cancelledOn) });
      case 'withheld_ended_on_request':
        return t('reason.withheld_ended_on_request');
      case 'withhold_closed_expiry':
        return t('reason.withhold_closed_expiry', { id: reasonParamSchemas.withhold_closed_expiry.parse(reason.reasonParams).withholdingId });
      case 'withhold_closed_opt_out':
        return t('reason.withhold_closed_opt_out', { id: reasonParamSchemas.withhold_closed_opt_out.parse(reason.reasonParams).withholdingId });
      case 'manual_credit':
      case 'manual_debit': {
        const p = reasonParamSchemas[code].parse(reason.reasonParams);
        return t(`reason.${code}`, { category: t(`reason.manualCategory.${p.category}`), caseRef: p.caseRef, note });
      }
      case 'unpaid_invoice':
        return t('reason.unpaid_invoice', { invoice: reasonParamSchemas.unpaid_invoice.parse(reason.reasonParams).invoiceNo, note });
      case 'invoice_paid':
        return t('reason.invoice_paid', { invoice: reasonParamSchemas.invoice_paid.parse(reason.reasonParams).invoiceNo });
      case 'still_withheld':
        return t('reason.still_withheld', { id: reasonParamSchemas.still_withheld.parse(reason.reasonParams).withholdingId });
      case 'first_subscription':
        return t('reason.first_subscription');
      case 'reactivated':
        return t('reason.reactivated');
      case 'new_membership':
        return t('reason.new_membership');
      case 'last_cancelled':
        return t('reason.last_cancelled', { points: formatPoints(reasonParamSchemas.last_cancelled.parse(reason.reasonParams).balance) });
      case 'run_ended':
        return t('reason.run_ended', { month: formatMonth(reasonParamSchemas.run_ended.parse(reason.reasonParams).month, language) });
    }
  };
  try {
    return text(reason.reasonCode);
  } catch {
    return note;
  }
}
