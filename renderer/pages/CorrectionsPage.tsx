import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { UserSummary } from '../../shared/channels/auth';
import type { CorrectionRequest } from '../../shared/channels/corrections';
import { canUse } from '../access';
import { call } from '../desk';
import { useDeskQuery } from '../hooks/useDeskQuery';
import { useNotifier } from '../components/Notifier';
import { formatInstantDay, formatInstantTime, formatPoints } from '../i18n/format';

/** B11: corrections above the threshold wait here for a second supervisor, who approves (books) or rejects them. */
export function CorrectionsPage({ user }: { user: UserSummary }) {
  const { t } = useTranslation();
  const notifier = useNotifier();
  const canDecide = canUse(user.role, 'corrections.decide');
  const [deciding, setDeciding] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((n) => n + 1), []);

  const pending = useDeskQuery('corrections.pending', {}, version);
  useEffect(() => {
    if (pending.error !== null) notifier.error(pending.error);
  }, [pending.error, notifier]);
  const requests = pending.data?.requests ?? null;

  const decide = async (request: CorrectionRequest, approve: boolean): Promise<void> => {
    setDeciding(request.id);
    try {
      const outcome = await call('corrections.decide', { requestId: request.id, approve });
      notifier.success(approve ? t('corrections.approved', { points: formatPoints(outcome.balance) }) : t('corrections.rejected'));
      reload();
    } catch (error) {
      notifier.error(error);
    } finally {
      setDeciding(null);
    }
  };

  return (
    <Box>
      <Typography variant="h1" sx={{ mb: 1 }}>
        {t('corrections.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2, maxWidth: 900 }}>
        {t('corrections.intro')}
      </Typography>
      {requests === null ? <LinearProgress aria-label={t('common.loading')} /> : null}
      <Paper sx={{ overflowX: 'auto' }}>
        <Table aria-label={t('corrections.title')} data-testid="corrections-pending">
          <TableHead>
            <TableRow>
              <TableCell>{t('corrections.requested')}</TableCell>
              <TableCell>{t('corrections.member')}</TableCell>
              <TableCell>{t('corrections.kind')}</TableCell>
              <TableCell align="right">{t('corrections.points')}</TableCell>
              <TableCell>{t('corrections.reason')}</TableCell>
              <TableCell>{t('corrections.requestedBy')}</TableCell>
              {canDecide ? <TableCell align="right">{t('corrections.actions')}</TableCell> : null}
            </TableRow>
          </TableHead>
          <TableBody>
            {(requests ?? []).map((r) => {
              const own = r.requestedById === user.id;
              return (
                <TableRow key={r.id} sx={{ verticalAlign: 'top' }}>
                  <TableCell sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    {formatInstantDay(r.requestedAt)} {formatInstantTime(r.requestedAt)}
                  </TableCell>
                  <TableCell>
                    <Box sx={{ fontWeight: 600 }}>{r.memberName}</Box>
                    <Typography variant="body2" color="text.secondary">
                      {r.memberNo}
                    </Typography>
                  </TableCell>
                  <TableCell>{t(`corrections.kindValue.${r.kind}`)}</TableCell>
                  <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                    {formatPoints(r.points)}
                  </TableCell>
                  <TableCell sx={{ maxWidth: 280 }}>{r.reason}</TableCell>
                  <TableCell>{r.requestedBy}</TableCell>
                  {canDecide ? (
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      {own ? (
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
                            onClick={() => void decide(r, true)}
                          >
                            {t('corrections.approve')}
                          </Button>
                          <Button size="small" color="error" disabled={deciding !== null} aria-label={t('corrections.rejectFor', { name: r.memberName })} onClick={() => void decide(r, false)} sx={{ ml: 1 }}>
                            {t('corrections.reject')}
                          </Button>
                        </>
                      )}
                    </TableCell>
                  ) : null}
                </TableRow>
              );
            })}
            {requests !== null && requests.length === 0 ? (
              <TableRow>
                <TableCell colSpan={canDecide ? 7 : 6} sx={{ color: 'text.secondary' }}>
                  {t('corrections.none')}
                </TableCell>
              </TableRow>
            ) : null}
          </TableBody>
        </Table>
      </Paper>
    </Box>
  );
}
