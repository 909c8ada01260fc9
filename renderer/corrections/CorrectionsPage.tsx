import { useState } from 'react';
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
import { ReasonDialog } from '../ui/ReasonDialog';
import { useDeskEvents } from '../events';
import { formatInstantDay, formatInstantTime, formatPoints } from '../i18n/format';

/** B11: corrections above the threshold wait here for a second supervisor, who approves (books) or rejects them. */
export function CorrectionsPage({ user }: { user: UserSummary }) {
  const { t } = useTranslation();
  const canDecide = canUse(user.role, 'corrections.decide');
  const pending = useDeskList('corrections.pending', {});
  const requests = pending.data?.requests ?? null;
  const [rejecting, setRejecting] = useState<CorrectionRequest | null>(null);
  // A request made or decided on another desk shows here at once (issue 11's events).
  useDeskEvents(['members'], pending.reload);

  const decide = useDeskAction((request: CorrectionRequest, approve: boolean, note: string | undefined) => call('corrections.decide', { requestId: request.id, approve, ...(note === undefined ? {} : { note }) }), {
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
    // B11: the effect as it would be now (the member's balance may have changed since the request).
    {
      key: 'effect',
      header: t('corrections.effect'),
      cellSx: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
      cell: (r) => t('corrections.effectLine', { before: formatPoints(r.balanceNow), after: formatPoints(r.balanceAfter) }),
    },
    {
      key: 'reason',
      header: t('corrections.reason'),
      cellSx: { maxWidth: 280 },
      cell: (r) => (
        <>
          <Box>{r.reason}</Box>
          {r.invoiceNo === null ? null : (
            <Typography variant="body2" color="text.secondary">
              {t('corrections.invoiceLine', { no: r.invoiceNo })}
            </Typography>
          )}
          {r.reasonCategory === null ? null : (
            <Typography variant="body2" color="text.secondary">
              {t('corrections.caseLine', { category: t(`correct.categories.${r.reasonCategory}`), caseRef: r.caseRef ?? '' })}
            </Typography>
          )}
        </>
      ),
    },
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
              onClick={() => void decide.run(r, true, undefined)}
            >
              {t('corrections.approve')}
            </Button>
            <Button size="small" color="error" disabled={deciding !== null} aria-label={t('corrections.rejectFor', { name: r.memberName })} onClick={() => setRejecting(r)} sx={{ ml: 1 }}>
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
      {rejecting === null ? null : (
        <ReasonDialog
          title={t('corrections.decideTitle')}
          intro={t('corrections.decideIntro', { kind: t(`corrections.kindValue.${rejecting.kind}`), points: formatPoints(rejecting.points), name: rejecting.memberName })}
          label={t('corrections.decideReason')}
          confirm={t('corrections.reject')}
          minLength={3}
          onClose={() => setRejecting(null)}
          onConfirm={async (note) => {
            const request = rejecting;
            const done = await decide.run(request, false, note);
            if (done !== undefined) setRejecting(null);
          }}
        />
      )}
    </Box>
  );
}
