import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { MemberCorrections, MemberInvoice, MemberWithholding } from '../../shared/channels/corrections';
import { call } from '../desk';
import { formatDay, formatInstantDay, formatPoints } from '../i18n/format';
import { ReasonDialog } from '../ui/ReasonDialog';
import { visuallyHidden } from '../ui/styles';
import { useDeskAction } from '../ui/useDeskAction';
import type { CorrectionStart } from './CorrectionDialog';

const nok = new Intl.NumberFormat('nb-NO', { style: 'currency', currency: 'NOK' });
const denseSx = { '& td, & th': { px: 1 }, '& td:first-of-type, & th:first-of-type': { pl: 2 }, '& td:last-of-type, & th:last-of-type': { pr: 2 } } as const;

interface Props {
  data: MemberCorrections | null;
  /** Supervisors correct; a manager reads (no buttons). */
  canCorrect: boolean;
  onCorrect(start: CorrectionStart): void;
  /** After a release or a give-back: the page reads again (and says `message`, when there is one). */
  onChanged(message?: string): void;
}

/**
 * B11, D2 (issue 13): what a supervisor needs beside the balance to correct it — the member's
 * invoices (paid, unpaid, due) with the reductions booked for them and the give-back the desk
 * offers once such an invoice is paid, the withheld points with what can still be released, and
 * the corrections waiting for a second supervisor.
 */
export function MemberCorrectionsCard({ data, canCorrect, onCorrect, onChanged }: Props) {
  const { t } = useTranslation();
  const [releasing, setReleasing] = useState<MemberWithholding | null>(null);
  const giveBack = useDeskAction((invoice: MemberInvoice) => call('corrections.giveBack', { reductionEntryId: invoice.reductionEntryId ?? 0 }), {
    success: (outcome) => t('memberCorrections.givenBack', { points: formatPoints(outcome.balance) }),
    onSuccess: () => onChanged(),
  });

  if (data === null) {
    return (
      <Paper component="section" aria-labelledby="member-corrections-title" sx={{ p: 2 }}>
        <Typography id="member-corrections-title" variant="h2">
          {t('memberCorrections.title')}
        </Typography>
        <Typography color="text.secondary">{t('memberCorrections.loading')}</Typography>
      </Paper>
    );
  }
  const offers = data.invoices.filter((i) => i.offerGiveBack);
  return (
    <Paper component="section" aria-labelledby="member-corrections-title" data-testid="member-corrections">
      <Typography id="member-corrections-title" variant="h2" sx={{ px: 2, pt: 1.5, pb: 1 }}>
        {t('memberCorrections.title')}
      </Typography>
      <Stack spacing={1} sx={{ px: 2, pb: offers.length > 0 ? 1 : 0 }}>
        {offers.map((i) => (
          <Alert
            key={i.id}
            severity="info"
            action={
              canCorrect ? (
                <Button color="inherit" size="small" loading={giveBack.pending?.[0].id === i.id} disabled={giveBack.busy} onClick={() => void giveBack.run(i)} aria-label={t('memberCorrections.giveBackFor', { no: i.invoiceNo })}>
                  {t('memberCorrections.giveBack', { points: formatPoints(i.reducedPoints ?? 0) })}
                </Button>
              ) : undefined
            }
          >
            {t('memberCorrections.giveBackOffer', { no: i.invoiceNo, points: formatPoints(i.reducedPoints ?? 0) })}
          </Alert>
        ))}
      </Stack>

      <Typography id="member-invoices-title" variant="h3" sx={{ px: 2, pt: 1 }}>
        {t('memberCorrections.invoices')}
      </Typography>
      {data.invoices.length === 0 ? (
        <Typography color="text.secondary" sx={{ px: 2, pb: 1 }}>
          {t('memberCorrections.noInvoices')}
        </Typography>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-labelledby="member-invoices-title" sx={denseSx}>
            <TableHead>
              <TableRow>
                <TableCell>{t('memberCorrections.invoiceNo')}</TableCell>
                <TableCell>{t('memberCorrections.issuedOn')}</TableCell>
                <TableCell>{t('memberCorrections.dueOn')}</TableCell>
                <TableCell align="right">{t('memberCorrections.amount')}</TableCell>
                <TableCell>{t('memberCorrections.status')}</TableCell>
                {canCorrect ? (
                  <TableCell>
                    <Box component="span" sx={visuallyHidden}>
                      {t('corrections.actions')}
                    </Box>
                  </TableCell>
                ) : null}
              </TableRow>
            </TableHead>
            <TableBody>
              {data.invoices.slice(0, 12).map((i) => (
                <TableRow key={i.id}>
                  <TableCell sx={{ fontVariantNumeric: 'tabular-nums' }}>{i.invoiceNo}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDay(i.issuedOn)}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDay(i.dueOn)}</TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    {nok.format(i.amountOre / 100)}
                  </TableCell>
                  <TableCell>
                    <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', gap: 0.5 }}>
                      <Chip size="small" variant="outlined" color={i.status === 'unpaid' ? 'error' : i.status === 'paid' ? 'success' : 'default'} label={t(`memberCorrections.invoiceStatus.${i.status}`)} />
                      {i.reducedPoints !== null ? <Chip size="small" variant="outlined" label={i.givenBack ? t('memberCorrections.givenBackChip') : t('memberCorrections.reduced', { points: formatPoints(i.reducedPoints) })} /> : null}
                    </Stack>
                  </TableCell>
                  {canCorrect ? (
                    <TableCell align="right">
                      {i.status === 'unpaid' && (i.reductionEntryId === null || i.givenBack) ? (
                        <Button size="small" onClick={() => onCorrect({ kind: 'unpaid_reduction', invoiceId: i.id })} aria-label={t('memberCorrections.reduceFor', { no: i.invoiceNo })}>
                          {t('memberCorrections.reduce')}
                        </Button>
                      ) : null}
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}

      <Typography id="member-withholdings-title" variant="h3" sx={{ px: 2, pt: 1.5 }}>
        {t('memberCorrections.withholdings')}
      </Typography>
      {data.withholdings.length === 0 ? (
        <Typography color="text.secondary" sx={{ px: 2, pb: 1 }}>
          {t('memberCorrections.noWithholdings')}
        </Typography>
      ) : (
        <Box component="ul" aria-labelledby="member-withholdings-title" sx={{ listStyle: 'none', m: 0, px: 2, py: 0.5 }}>
          {data.withholdings.map((w) => (
            <Box component="li" key={w.entryId} sx={{ display: 'flex', alignItems: 'center', gap: 1, py: 0.5, borderBottom: 1, borderColor: 'divider' }}>
              <Box sx={{ flex: 1, minWidth: 0 }}>
                <Typography sx={{ fontVariantNumeric: 'tabular-nums' }}>{t('memberCorrections.withheldLine', { points: formatPoints(w.points), date: formatDay(w.withheldOn), reason: w.reason })}</Typography>
                <Typography variant="body2" color="text.secondary">
                  {w.releasable > 0 ? t('memberCorrections.releasable', { points: formatPoints(w.releasable), expires: formatDay(w.expiresOn) }) : t('memberCorrections.notReleasable')}
                </Typography>
              </Box>
              {canCorrect && w.releasable > 0 ? (
                <Button size="small" variant="outlined" onClick={() => setReleasing(w)} aria-label={t('memberCorrections.releaseFor', { points: formatPoints(w.points), date: formatDay(w.withheldOn) })}>
                  {t('memberCorrections.release')}
                </Button>
              ) : null}
            </Box>
          ))}
        </Box>
      )}

      {data.pending.length > 0 ? (
        <>
          <Typography id="member-pending-title" variant="h3" sx={{ px: 2, pt: 1.5 }}>
            {t('memberCorrections.pending')}
          </Typography>
          <Box component="ul" aria-labelledby="member-pending-title" sx={{ m: 0, px: 4, py: 0.5 }}>
            {data.pending.map((p) => (
              <li key={p.id}>
                {t('memberCorrections.pendingLine', { kind: t(`corrections.kindValue.${p.kind}`), points: formatPoints(p.points), by: p.requestedBy, date: formatInstantDay(p.requestedAt) })}
              </li>
            ))}
          </Box>
        </>
      ) : null}
      <Box sx={{ pb: 1.5 }} />
      {releasing === null ? null : (
        <ReasonDialog
          title={t('memberCorrections.releaseTitle')}
          intro={t('memberCorrections.releaseIntro', { points: formatPoints(releasing.releasable) })}
          label={t('memberCorrections.releaseReason')}
          confirm={t('memberCorrections.release')}
          minLength={3}
          onClose={() => setReleasing(null)}
          onConfirm={async (reason) => {
            const outcome = await call('corrections.release', { withholdEntryId: releasing.entryId, reason });
            setReleasing(null);
            onChanged(t('memberCorrections.released', { points: formatPoints(outcome.balance) }));
          }}
        />
      )}
    </Paper>
  );
}
