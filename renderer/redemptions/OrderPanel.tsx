import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { formatDay, formatPoints } from '../i18n/format';
import type { Quote } from './useRedemptionQuote';
import type { Delivery } from './DeliveryStep';
import { formatNok } from './format';

export interface PanelLine {
  productId: number;
  name: string;
  quantity: number;
  pointsEach: number;
}

interface Props {
  balance: number;
  lines: readonly PanelLine[];
  /** The server's latest answer (the balance, delivery date and postage it reports). */
  quote: Quote | null;
  checking: boolean;
  delivery: Delivery;
  showDelivery: boolean;
}

/**
 * The running total against the balance (B7), always in sight while the agent picks: what the
 * order costs, what is left after, and — when short — how many points the member lacks.
 */
export function OrderPanel({ balance, lines, quote, checking, delivery, showDelivery }: Props) {
  const { t } = useTranslation();
  const total = lines.reduce((s, l) => s + l.pointsEach * l.quantity, 0);
  const shownBalance = quote?.balance ?? balance;
  const shortfall = Math.max(0, total - shownBalance);
  return (
    <Paper component="aside" aria-labelledby="order-panel-title" sx={{ p: 2, position: { md: 'sticky' }, top: 0, bgcolor: 'grey.50' }}>
      <Typography id="order-panel-title" variant="h3" component="h3" sx={{ mb: 1 }}>
        {t('redemption.panel.title')}
      </Typography>
      {lines.length === 0 ? (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {t('redemption.panel.empty')}
        </Typography>
      ) : (
        <Box component="ul" sx={{ m: 0, p: 0, listStyle: 'none', mb: 1 }} data-testid="order-lines">
          {lines.map((l) => (
            <Box component="li" key={l.productId} sx={{ display: 'flex', gap: 1, justifyContent: 'space-between', py: 0.25, fontVariantNumeric: 'tabular-nums' }}>
              <Box sx={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                {l.quantity} × {l.name}
              </Box>
              <Box sx={{ whiteSpace: 'nowrap' }}>{formatPoints(l.pointsEach * l.quantity)}</Box>
            </Box>
          ))}
        </Box>
      )}
      <Box sx={{ borderTop: 1, borderColor: 'divider', pt: 1 }} aria-live="polite">
        <Row label={t('redemption.panel.balance')} value={t('common.pointsValue', { points: formatPoints(shownBalance) })} />
        <Row label={t('redemption.panel.total')} value={t('common.pointsValue', { points: formatPoints(total) })} strong testId="order-total" />
        {shortfall > 0 ? (
          <Box data-testid="order-shortfall" sx={{ mt: 1, p: 1, borderRadius: 1, bgcolor: 'error.main', color: 'error.contrastText', fontWeight: 700 }}>
            {t('redemption.panel.shortfall', { points: formatPoints(shortfall) })}
          </Box>
        ) : (
          <Row label={t('redemption.panel.after')} value={t('common.pointsValue', { points: formatPoints(shownBalance - total) })} testId="order-after" />
        )}
        {showDelivery ? (
          <Box sx={{ mt: 1, pt: 1, borderTop: 1, borderColor: 'divider' }}>
            {delivery === 'separate' ? (
              <Row label={t('redemption.panel.postage')} value={quote === null ? '…' : formatNok(quote.postageOre)} testId="order-postage" />
            ) : (
              <Row
                label={t('redemption.panel.delivery')}
                value={quote === null ? '…' : quote.deliveryOn === null ? t('redemption.delivery.noNextDateShort') : (formatDay(quote.deliveryOn) ?? '')}
              />
            )}
          </Box>
        ) : null}
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 1, minHeight: '1.5em' }}>
          {checking ? t('redemption.panel.checking') : ''}
        </Typography>
      </Box>
    </Paper>
  );
}

function Row({ label, value, strong = false, testId }: { label: string; value: ReactNode; strong?: boolean; testId?: string }) {
  return (
    <Box sx={{ display: 'flex', justifyContent: 'space-between', gap: 1, py: 0.25, fontVariantNumeric: 'tabular-nums', fontWeight: strong ? 700 : 400 }}>
      <span>{label}</span>
      <Box component="span" data-testid={testId} sx={{ whiteSpace: 'nowrap' }}>
        {value}
      </Box>
    </Box>
  );
}
