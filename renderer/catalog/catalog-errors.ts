import type { TFunction } from 'i18next';
import { asDeskError } from '../desk';
import { formatPoints } from '../i18n/format';
import { describeSupervisorError } from '../ui/supervisor-errors';

const text = (details: Record<string, unknown> | undefined, key: string): string | null => {
  const value = details?.[key];
  return typeof value === 'string' ? value : null;
};
const number = (details: Record<string, unknown> | undefined, key: string): number | null => {
  const value = details?.[key];
  return typeof value === 'number' ? value : null;
};

/**
 * A refused catalog write in words (B4): an article number already used, more taken out than is
 * in stock, a product with no stock made available; else the supervisor screens' texts.
 */
export function describeCatalogError(t: TFunction, error: unknown, language: string): string {
  const e = asDeskError(error);
  const d = e.details;
  if (e.code === 'conflict' && text(d, 'field') === 'sku') {
    return t('catalogDesk.error.skuTaken', { sku: text(d, 'sku') ?? '', name: text(d, 'name') ?? '' });
  }
  if (e.code === 'insufficient_stock') {
    const stock = number(d, 'stock');
    const delta = number(d, 'delta');
    if (stock !== null && delta !== null) return t('catalogDesk.error.notEnoughStock', { stock: formatPoints(stock), count: formatPoints(-delta) });
  }
  if (e.code === 'invalid_transition' && text(d, 'wanted') === 'available') {
    return t('catalogDesk.error.noStock', { name: text(d, 'name') ?? '' });
  }
  return describeSupervisorError(t, error, language);
}
