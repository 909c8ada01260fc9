import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import PauseCircleOutlinedIcon from '@mui/icons-material/PauseCircleOutlined';
import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import { formatDay, formatPoints } from '../i18n/format';

interface Props {
  balance: number;
  withheld: number;
  unpaidInvoices: number;
  /** B5: the soonest expiries within the window (members.get: at most three dates). */
  nextExpiries: readonly { expiresOn: string; points: number }[];
  /** Issue 12: the window (the setting `expiring_soon_months`) and all the points that expire in it. */
  expiringSoon: { months: number; until: string; points: number };
}

/** The number the caller asks for, big; withheld points and unpaid invoices only when there are any. */
export function BalanceCard({ balance, withheld, unpaidInvoices, nextExpiries, expiringSoon }: Props) {
  const { t } = useTranslation();
  const listed = nextExpiries.reduce((sum, e) => sum + e.points, 0);
  return (
    <Paper component="section" aria-labelledby="balance-title" sx={{ p: 2, borderTop: 4, borderTopColor: 'primary.main' }}>
      <Typography id="balance-title" variant="h2" sx={{ mb: 0.5 }}>
        {t('member.balance')}
      </Typography>
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1 }}>
        <Typography data-testid="member-balance" component="p" sx={{ fontSize: '2.5rem', fontWeight: 700, lineHeight: 1.15, fontVariantNumeric: 'tabular-nums', color: 'primary.dark' }}>
          {formatPoints(balance)}
        </Typography>
        <Typography component="span" color="text.secondary" sx={{ fontSize: '1.125rem' }}>
          {t('common.points')}
        </Typography>
      </Box>
      <Typography variant="body2" color="text.secondary">
        {t('member.balanceCaption')}
      </Typography>
      {balance > 0 || nextExpiries.length > 0 ? (
        // B5: points expire 3 years after they were earned; the caller often asks "when?". Issue 12:
        // "soon" is the next `expiring_soon_months` months, not years away.
        <Box sx={{ mt: 1.5, pt: 1.5, borderTop: 1, borderColor: 'divider' }} data-testid="expiring-soon">
          <Box sx={{ display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', gap: 1, mb: 0.5 }}>
            <Typography variant="subtitle2" component="h3">
              {t('member.nextExpiries')}
            </Typography>
            <Typography variant="caption" color="text.secondary">
              {t('memberPage.expiring.within', { count: expiringSoon.months })}
            </Typography>
          </Box>
          {nextExpiries.length === 0 ? (
            <Typography variant="body2" color="text.secondary" data-testid="next-expiries-none">
              {t('memberPage.expiring.none', { count: expiringSoon.months })}
            </Typography>
          ) : (
            <Box component="ul" sx={{ m: 0, p: 0, listStyle: 'none' }} data-testid="next-expiries">
              {nextExpiries.map((e) => (
                <Box component="li" key={e.expiresOn} sx={{ display: 'flex', justifyContent: 'space-between', gap: 2, fontVariantNumeric: 'tabular-nums' }}>
                  <span>{formatDay(e.expiresOn)}</span>
                  <span>{t('common.pointsValue', { points: formatPoints(e.points) })}</span>
                </Box>
              ))}
            </Box>
          )}
          {expiringSoon.points > listed ? (
            <Typography variant="body2" color="text.secondary" sx={{ fontVariantNumeric: 'tabular-nums' }} data-testid="next-expiries-more">
              {t('memberPage.expiring.more', { points: formatPoints(expiringSoon.points - listed), date: formatDay(expiringSoon.until) })}
            </Typography>
          ) : null}
        </Box>
      ) : null}
      {withheld > 0 || unpaidInvoices > 0 ? (
        <Stack spacing={0.75} sx={{ mt: 1.5, pt: 1.5, borderTop: 1, borderColor: 'divider' }}>
          {withheld > 0 ? (
            <Note icon={<PauseCircleOutlinedIcon fontSize="small" />} text={t('member.withheld', { points: formatPoints(withheld) })} />
          ) : null}
          {unpaidInvoices > 0 ? <Note icon={<ReceiptLongIcon fontSize="small" />} text={t('member.unpaid', { count: unpaidInvoices })} /> : null}
        </Stack>
      ) : null}
    </Paper>
  );
}

function Note({ icon, text }: { icon: ReactElement; text: string }) {
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', color: 'warning.main', fontWeight: 600 }}>
      <Box aria-hidden sx={{ display: 'flex' }}>
        {icon}
      </Box>
      <Typography variant="body2" sx={{ fontWeight: 600 }}>
        {text}
      </Typography>
    </Stack>
  );
}
