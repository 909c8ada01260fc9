import { useTranslation } from 'react-i18next';
import Chip from '@mui/material/Chip';
import { formatPoints } from '../i18n/format';

/** L5: what can safely be promised a caller: the stock less what the held orders' queue will take first (L3), never below 0. */
export function promisable(stock: number, queued: number): number {
  return Math.max(0, stock - queued);
}

/**
 * L3/L5, "safe to promise": the live stock, the units queued in held email orders (booked first,
 * from 10:00, oldest first) and what is left to promise — "3 på lager · 2 i kø · 1 kan loves".
 * Shown where a launch product's stock is shown while held orders wait for it (the launch
 * banner's products, the redemption's product list); with nothing queued the stock alone says it.
 */
export function PromiseChip({ stock, queued, testId }: { stock: number; queued: number; testId?: string }) {
  const { t } = useTranslation();
  const left = promisable(stock, queued);
  const values = { stock: formatPoints(Math.max(0, stock)), queued: formatPoints(queued), promisable: formatPoints(left) };
  const text = left === 0 ? t('promise.none', values) : t('promise.label', values);
  // In a narrow cell it wraps before what can be promised ("3 på lager · 2 i kø ·" / "1 kan loves"), nowhere else.
  const parts = text.split(' · ');
  const last = parts.pop() ?? '';
  return (
    <Chip
      label={
        <>
          {parts.length === 0 ? null : (
            <>
              <span style={{ whiteSpace: 'nowrap' }}>{`${parts.join(' · ')} ·`}</span>{' '}
            </>
          )}
          <span style={{ whiteSpace: 'nowrap' }}>{last}</span>
        </>
      }
      color={left === 0 ? 'error' : 'warning'}
      variant="outlined"
      title={t('promise.hint')}
      data-testid={testId ?? 'promise-chip'}
      data-promisable={left}
      sx={{ fontWeight: 600, maxWidth: '100%', height: 'auto', minHeight: 24, '& .MuiChip-label': { whiteSpace: 'normal', py: 0.25 } }}
    />
  );
}
