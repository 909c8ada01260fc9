import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import type { UserSummary } from '../../shared/channels/auth';
import type { CorrectionRequest } from '../../shared/channels/corrections';
import { canUse } from '../ui/access';
import { call } from '../desk';
import { DataTable, type Column } from '../ui/DataTable';
import { PageHeader } from '../ui/PageHeader';
import { useDeskAction } from '../ui/useDeskAction';
import { useDeskList } from '../ui/useDeskList';
import { formatInstantDay, formatInstantTime, formatPoints } from '../i18n/format';

/** B11: corrections above the threshold wait here for a second supervisor, who approves (books) or rejects them. */
export function CorrectionsPage({ user }: { user: UserSummary }) {
  const { t } = useTranslation();
  const canDecide = canUse(user.role, 'corrections.decide');
  const pending = useDeskList('corrections.pending', {});
  const requests = pending.data?.requests ?? null;

  const decide = useDeskAction((request: CorrectionRequest, approve: boolean) => call('corrections.decide', { requestId: request.id, approve }), {
    success: (outcome, _request, approve) => (approve ? t('corrections.approved', { points: formatPoints(outcome.balance) }) : t('corrections.rejected')),
    reload: pending.reload,
  });
  const deciding = decide.pending?.[0].id ?? null;

  const columns: Column<CorrectionRequest>[] = [
    {
      key: 'requested',
      header: t('corrections.requested'),
      cellSx: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
      cell: (r) => `${formatInstantDay(r.requestedAt)} ${formatInstantTime(r.requestedAt)}`,
    },
    {
      key: 'member',
      header: t('corrections.member'),
      cell: (r) => (
        <>
          <Box sx={{ fontWeight: 600 }}>{r.memberName}</Box>
          <Typography variant="body2" color="text.secondary">
            {r.memberNo}
          </Typography>
        </>
      ),
    },
    { key: 'kind', header: t('corrections.kind'), cell: (r) => t(`corrections.kindValue.${r.kind}`) },
    { key: 'points', header: t('corrections.points'), align: 'right', cellSx: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }, cell: (r) => formatPoints(r.points) },
    { key: 'reason', header: t('corrections.reason'), cellSx: { maxWidth: 280 }, cell: (r) => r.reason },
    { key: 'requestedBy', header: t('corrections.requestedBy'), cell: (r) => r.requestedBy },
    {
      key: 'actions',
      header: t('corrections.actions'),
      align: 'right',
      hidden: !canDecide,
      cellSx: { whiteSpace: 'nowrap' },
      cell: (r) =>
        r.requestedById === user.id ? (
          <Chip label={t('corrections.own')} variant="outlined" />
        ) : (
          <>
            <Button
              size="small"
              variant="contained"
              color="success"
              disabled={deciding !== null}
              loading={deciding === r.id}
              aria-label={t('corrections.approveFor', { name: r.memberName })}
              onClick={() => void decide.run(r, true)}
            >
              {t('corrections.approve')}
            </Button>
            <Button size="small" color="error" disabled={deciding !== null} aria-label={t('corrections.rejectFor', { name: r.memberName })} onClick={() => void decide.run(r, false)} sx={{ ml: 1 }}>
              {t('corrections.reject')}
            </Button>
          </>
        ),
    },
  ];

  return (
    <Box>
      <PageHeader title={t('corrections.title')} subtitle={t('corrections.intro')} subtitleSx={{ maxWidth: 900 }} />
      <DataTable
        columns={columns}
        rows={requests}
        rowKey={(r) => r.id}
        rowProps={() => ({ sx: { verticalAlign: 'top' } })}
        empty={t('corrections.none')}
        label={t('corrections.title')}
        testId="corrections-pending"
      />
    </Box>
  );
}
