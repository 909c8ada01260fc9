import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { BalanceCard } from '../components/member/BalanceCard';
import { LedgerTable } from '../components/member/LedgerTable';
import { ProfileCard } from '../components/member/ProfileCard';
import { SubscriptionsTable } from '../components/member/SubscriptionsTable';
import { StateChip } from '../components/StateChip';
import { useMemberPage } from '../hooks/useMemberPage';
import { describeError } from '../i18n/errors';

/** One member: who they are, their balance, subscriptions and latest ledger entries. */
export function MemberPage({ memberId, onBack }: { memberId: number; onBack(): void }) {
  const { t } = useTranslation();
  const [attempt, setAttempt] = useState(0);
  const state = useMemberPage(memberId, attempt);

  const back = (
    <Button startIcon={<ArrowBackIcon />} onClick={onBack} aria-keyshortcuts="Escape" sx={{ ml: -1 }}>
      {t('member.back')}
      <Box component="kbd" aria-hidden sx={{ ml: 1, fontFamily: 'inherit', fontSize: '0.75rem', color: 'text.secondary', border: 1, borderColor: 'divider', borderRadius: 0.75, px: 0.5 }}>
        {t('member.backHint')}
      </Box>
    </Button>
  );

  if (state.status === 'loading') {
    return (
      <Box>
        {back}
        <Box role="status" sx={{ display: 'flex', alignItems: 'center', gap: 2, py: 6, justifyContent: 'center' }}>
          <CircularProgress size={24} aria-hidden />
          {t('member.loading')}
        </Box>
      </Box>
    );
  }
  if (state.status === 'failed') {
    return (
      <Box>
        {back}
        <Alert
          severity="error"
          sx={{ mt: 2 }}
          action={
            <Button color="inherit" size="small" onClick={() => setAttempt((n) => n + 1)}>
              {t('startup.retry')}
            </Button>
          }
        >
          {describeError(t, state.error)}
        </Alert>
      </Box>
    );
  }

  const { member, subscriptions, ledger, withheld, unpaidInvoices, nextExpiries } = state.page;
  return (
    <Box component="article" aria-labelledby="member-name">
      {back}
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mt: 0.5, mb: 2, flexWrap: 'wrap' }}>
        <Typography id="member-name" variant="h1">
          {member.firstName} {member.lastName}
        </Typography>
        <StateChip state={member.state} />
        <Typography color="text.secondary" sx={{ fontVariantNumeric: 'tabular-nums' }}>
          {t('member.memberNo')} {member.memberNo}
        </Typography>
      </Stack>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: 'minmax(0, 1fr) 320px' }, alignItems: 'start', mb: 2 }}>
        <ProfileCard member={member} />
        <BalanceCard balance={member.balance} withheld={withheld} unpaidInvoices={unpaidInvoices} nextExpiries={nextExpiries} />
      </Box>
      <Stack spacing={2}>
        <SubscriptionsTable subscriptions={subscriptions} />
        <LedgerTable entries={ledger} />
      </Stack>
    </Box>
  );
}
