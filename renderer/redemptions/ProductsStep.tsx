import { useRef, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import InputAdornment from '@mui/material/InputAdornment';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import FilterListIcon from '@mui/icons-material/FilterList';
import type { BonusProduct } from '../../shared/channels/redemptions';
import { CUSTOMER_SERVICE_OPENS } from '../../shared/rules';
import { formatDay, formatPoints } from '../i18n/format';
import { PromiseChip } from '../ui/PromiseChip';

export const MAX_QUANTITY = 99;

/** Why a product cannot be ordered at all (B4), or null when it can. */
export function unavailable(p: Pick<BonusProduct, 'state' | 'stock'>): 'sold_out' | 'discontinued' | null {
  if (p.state === 'discontinued') return 'discontinued';
  if (p.state === 'sold_out' || p.stock <= 0) return 'sold_out';
  return null;
}

/**
 * B4: a launch product is not released before its launch day (Oslo): until then it cannot be
 * ordered at all. The catalog's `launchOn` is the next planned launch that lists the product.
 */
export function notYetLaunched(p: Pick<BonusProduct, 'launchOn'>, today: string | null): boolean {
  return p.launchOn !== null && today !== null && p.launchOn > today;
}

/** Folds case and æøå, so "oml" finds "Omløp" and "kaffe" finds "Kaffe". */
function fold(text: string): string {
  return text.toLowerCase().replace(/æ/g, 'ae').replace(/ø/g, 'o').replace(/å/g, 'a');
}

export function matches(p: BonusProduct, filter: string): boolean {
  const words = fold(filter).split(/\s+/).filter((w) => w !== '');
  const haystack = fold(`${p.name} ${p.sku} ${p.description}`);
  return words.every((w) => haystack.includes(w));
}

interface Props {
  products: readonly BonusProduct[] | null;
  loading: boolean;
  failed: boolean;
  quantities: Readonly<Record<number, number>>;
  onQuantity(productId: number, quantity: number): void;
  filter: string;
  onFilter(filter: string): void;
  /** The desk's today (Oslo), to mark today's launch products. */
  today: string | null;
  showNoLines: boolean;
}

/**
 * B4/L5, step 3: the catalog with live price, stock and state. Sold-out and discontinued
 * products are visibly disabled before the agent promises anything; launch products are marked.
 */
export function ProductsStep({ products, loading, failed, quantities, onQuantity, filter, onFilter, today, showNoLines }: Props) {
  const { t } = useTranslation();
  const table = useRef<HTMLTableElement>(null);
  const shown = (products ?? []).filter((p) => matches(p, filter) || (quantities[p.id] ?? 0) > 0);

  const quantityField = (productId: number): HTMLInputElement | null => table.current?.querySelector<HTMLInputElement>(`input[data-product-id="${productId}"]`) ?? null;

  // Enter in the filter picks the first product that can be ordered and puts the cursor in its quantity.
  const onFilterKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key !== 'Enter' && event.key !== 'ArrowDown') return;
    // Enter in an empty filter goes on to the next step, like Enter anywhere else.
    if (event.key === 'Enter' && filter.trim() === '') return;
    const first = shown.find((p) => unavailable(p) === null && !notYetLaunched(p, today) && matches(p, filter));
    if (first === undefined) {
      if (event.key === 'Enter') event.preventDefault();
      return;
    }
    event.preventDefault();
    // Synchronously, so the very next key the agent types lands in the quantity, selected.
    if (event.key === 'Enter' && (quantities[first.id] ?? 0) === 0) flushSync(() => onQuantity(first.id, 1));
    const field = quantityField(first.id);
    field?.focus();
    field?.select();
  };

  return (
    <Box>
      <TextField
        label={t('catalog.filter')}
        value={filter}
        onChange={(event) => onFilter(event.target.value)}
        onKeyDown={onFilterKey}
        autoComplete="off"
        helperText={t('catalog.filterHelp')}
        slotProps={{
          htmlInput: { 'data-step-focus': true, spellCheck: false, 'aria-controls': 'catalog-table' },
          input: {
            startAdornment: (
              <InputAdornment position="start">
                <FilterListIcon fontSize="small" />
              </InputAdornment>
            ),
          },
        }}
        sx={{ mb: 1 }}
      />
      <Box sx={{ height: 3, mb: 0.5 }}>{loading ? <LinearProgress aria-label={t('common.loading')} sx={{ height: 3 }} /> : null}</Box>
      {failed ? <Alert severity="error">{t('catalog.failed')}</Alert> : null}
      {showNoLines ? (
        <Alert severity="error" sx={{ mb: 1 }}>
          {t('catalog.noLines')}
        </Alert>
      ) : null}
      <Box sx={{ border: 1, borderColor: 'divider', borderRadius: 1, overflowX: 'auto' }}>
        <Table id="catalog-table" ref={table} aria-label={t('catalog.title')} size="small">
          <TableHead>
            <TableRow>
              <TableCell>{t('catalog.product')}</TableCell>
              <TableCell align="right">{t('catalog.price')}</TableCell>
              <TableCell>{t('catalog.stock')}</TableCell>
              <TableCell align="right" sx={{ width: 88 }}>
                {t('catalog.quantity')}
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((p) => {
              // B4: held back until its launch day, shown with the date and disabled like a sold-out product.
              const blocked = unavailable(p) ?? (notYetLaunched(p, today) ? 'not_yet_launched' : null);
              const quantity = quantities[p.id] ?? 0;
              const max = Math.max(0, Math.min(MAX_QUANTITY, p.stock));
              const launchToday = p.launchOn !== null && p.launchOn === today;
              return (
                <TableRow
                  key={p.id}
                  data-testid={`product-${p.sku}`}
                  selected={quantity > 0}
                  sx={blocked === null ? undefined : { bgcolor: 'grey.100', '& td': { color: 'text.secondary' } }}
                >
                  <TableCell sx={{ minWidth: 150 }}>
                    <Box id={`product-name-${p.id}`} sx={{ fontWeight: 600, color: blocked === null ? 'text.primary' : 'text.secondary', textDecoration: blocked === 'discontinued' ? 'line-through' : 'none' }}>
                      {p.name}
                    </Box>
                    {p.description === '' ? null : (
                      <Typography variant="body2" color="text.secondary" sx={{ lineHeight: 1.3 }}>
                        {p.description}
                      </Typography>
                    )}
                    {p.launchOn === null ? null : (
                      <Chip
                        id={`product-launch-${p.id}`}
                        size="small"
                        color={launchToday ? 'warning' : 'default'}
                        variant={launchToday ? 'filled' : 'outlined'}
                        label={launchToday ? t('catalog.launchToday', { time: CUSTOMER_SERVICE_OPENS }) : t('catalog.launchOn', { date: formatDay(p.launchOn) })}
                        // In a narrow window it wraps, leaving room beside it for the stock and the queue (L5).
                        sx={{ mt: 0.5, fontWeight: 600, maxWidth: '100%', height: 'auto', minHeight: 24, '& .MuiChip-label': { whiteSpace: 'normal', py: 0.25 } }}
                      />
                    )}
                  </TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums', fontWeight: 600 }}>
                    {formatPoints(p.pointsPrice)}
                  </TableCell>
                  <TableCell sx={{ whiteSpace: p.queued > 0 ? 'normal' : 'nowrap', fontVariantNumeric: 'tabular-nums', maxWidth: 220 }}>
                    <ProductStateChip product={p} />
                  </TableCell>
                  <TableCell align="right">
                    <TextField
                      type="number"
                      value={quantity === 0 ? '' : String(quantity)}
                      placeholder="0"
                      disabled={blocked !== null}
                      onChange={(event) => {
                        const n = Number.parseInt(event.target.value, 10);
                        onQuantity(p.id, Number.isNaN(n) ? 0 : Math.min(Math.max(n, 0), MAX_QUANTITY));
                      }}
                      onFocus={(event) => event.target.select()}
                      sx={{ width: 72 }}
                      slotProps={{
                        htmlInput: {
                          min: 0,
                          max,
                          inputMode: 'numeric',
                          'data-product-id': p.id,
                          'aria-label': t('catalog.quantityFor', { name: p.name }),
                          'aria-describedby': p.launchOn === null ? `product-name-${p.id}` : `product-name-${p.id} product-launch-${p.id}`,
                          style: { textAlign: 'right' },
                        },
                      }}
                    />
                  </TableCell>
                </TableRow>
              );
            })}
            {products !== null && shown.length === 0 ? (
              <TableRow>
                <TableCell colSpan={4} sx={{ color: 'text.secondary' }}>
                  {t('catalog.noMatch', { filter })}
                </TableCell>
              </TableRow>
            ) : null}
          </TableBody>
        </Table>
      </Box>
    </Box>
  );
}

/**
 * The live stock (L5), with the state in words when it matters: sold out, discontinued, only a
 * few left — and, while held orders wait for the product (L3), what their queue leaves to
 * promise ("3 på lager · 2 i kø · 1 kan loves"), so the agent never promises a queued unit.
 */
export function ProductStateChip({ product }: { product: Pick<BonusProduct, 'state' | 'stock' | 'queued' | 'sku'> }) {
  const { t } = useTranslation();
  const blocked = unavailable(product);
  if (blocked === 'discontinued') return <Chip label={t('catalog.discontinued')} variant="outlined" sx={{ fontWeight: 600 }} />;
  if (blocked === 'sold_out') return <Chip label={t('catalog.soldOut')} color="error" sx={{ fontWeight: 600 }} />;
  if (product.queued > 0) return <PromiseChip stock={product.stock} queued={product.queued} testId={`promise-${product.sku}`} />;
  if (product.stock <= LOW_STOCK) return <Chip label={t('catalog.fewLeft', { count: product.stock })} color="warning" variant="outlined" sx={{ fontWeight: 600 }} />;
  return <span>{formatPoints(product.stock)}</span>;
}

const LOW_STOCK = 5;
