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
  nextExpiries: readonly { expiresOn: string; points: number }[];
}

/** The number the caller asks for, big; withheld points and unpaid invoices only when there are any. */
export function BalanceCard({ balance, withheld, unpaidInvoices, nextExpiries }: Props) {
  const { t } = useTranslation();
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
      {nextExpiries.length > 0 ? (
        // B5: points expire 3 years after they were earned; the caller often asks "when?".
        <Box sx={{ mt: 1.5, pt: 1.5, borderTop: 1, borderColor: 'divider' }}>
          <Typography variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>
            {t('member.nextExpiries')}
          </Typography>
          <Box component="ul" sx={{ m: 0, p: 0, listStyle: 'none' }} data-testid="next-expiries">
            {nextExpiries.map((e) => (
              <Box component="li" key={e.expiresOn} sx={{ display: 'flex', justifyContent: 'space-between', gap: 2, fontVariantNumeric: 'tabular-nums' }}>
                <span>{formatDay(e.expiresOn)}</span>
                <span>{t('common.pointsValue', { points: formatPoints(e.points) })}</span>
              </Box>
            ))}
          </Box>
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
