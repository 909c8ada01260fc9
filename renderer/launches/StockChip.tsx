import { useTranslation } from 'react-i18next';
import Chip from '@mui/material/Chip';
import type { LaunchProduct } from '../../shared/channels/launches';
import { formatPoints } from '../i18n/format';

/** L5: nothing left to order (the state the stock chip shows as "Utsolgt"). */
export function isSoldOut(product: Pick<LaunchProduct, 'stock' | 'state'>): boolean {
  return product.state !== 'discontinued' && (product.state === 'sold_out' || product.stock <= 0);
}

/** L5: live stock, and "Utsolgt" before anyone promises anything. */
export function StockChip({ product }: { product: Pick<LaunchProduct, 'stock' | 'state'> }) {
  const { t } = useTranslation();
  if (product.state === 'discontinued') return <Chip label={t('launch.stock.discontinued')} variant="outlined" />;
  if (isSoldOut(product)) {
    return <Chip label={t('launch.stock.soldOut')} color="error" sx={{ fontWeight: 700 }} data-testid="sold-out" />;
  }
  return <Chip label={t('launch.stock.inStock', { stock: formatPoints(product.stock) })} color="success" variant="outlined" />;
}

/** A launch product: its name and its stock chip. */
export function LaunchProductLabel({ product }: { product: LaunchProduct }) {
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', flexWrap: 'wrap', gap: 6 }}>
      <span>{product.name}</span>
      <StockChip product={product} />
    </span>
  );
}
