import { useTranslation } from 'react-i18next';
import Chip from '@mui/material/Chip';
import type { LaunchProduct } from '../../shared/channels/launches';
import { formatPoints } from '../i18n/format';
import { PromiseChip } from '../ui/PromiseChip';

/** L5: nothing left to order (the state the stock chip shows as "Utsolgt"). */
export function isSoldOut(product: Pick<LaunchProduct, 'stock' | 'state'>): boolean {
  return product.state !== 'discontinued' && (product.state === 'sold_out' || product.stock <= 0);
}

/**
 * L5: live stock, and "Utsolgt" before anyone promises anything. With held orders waiting for
 * the product (L3, `queued`), what they leave to promise: "3 på lager · 2 i kø · 1 kan loves".
 */
export function StockChip({ product }: { product: Pick<LaunchProduct, 'stock' | 'state'> & { queued?: number } }) {
  const { t } = useTranslation();
  if (product.state === 'discontinued') return <Chip label={t('launch.stock.discontinued')} variant="outlined" />;
  if (isSoldOut(product)) {
    return <Chip label={t('launch.stock.soldOut')} color="error" sx={{ fontWeight: 700 }} data-testid="sold-out" />;
  }
  const queued = product.queued ?? 0;
  if (queued > 0) return <PromiseChip stock={product.stock} queued={queued} />;
  return <Chip label={t('launch.stock.inStock', { stock: formatPoints(product.stock) })} color="success" variant="outlined" />;
}

/** A launch product: its name and its stock chip. */
export function LaunchProductLabel({ product }: { product: LaunchProduct }) {
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', flexWrap: 'wrap', gap: 6 }} data-testid={`launch-product-${product.sku}`}>
      <span>{product.name}</span>
      <StockChip product={product} />
    </span>
  );
}
