import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import FileDownloadIcon from '@mui/icons-material/FileDownload';
import type { UserSummary } from '../../shared/channels/auth';
import type { JobStatus } from '../../shared/channels/jobs';
import { membershipStates } from '../../shared/channels/members';
import { canUse } from '../ui/access';
import { call } from '../desk';
import { useDeskQuery } from '../ui/useDeskQuery';
import { useNotifier } from '../ui/Notifier';
import { formatDay, formatMonth, formatPoints } from '../i18n/format';
import { ContactChangesReport } from './ContactChangesReport';
import { ManagerReports } from './ManagerReports';

type Export = { format: 'csv' | 'xlsx'; job: JobStatus } | null;

/** Managers and supervisors: the points the program owes; managers export the member report. */
export function ReportsPage({ user }: { user: UserSummary }) {
  const { t, i18n } = useTranslation();
  const notifier = useNotifier();
  const [exporting, setExporting] = useState<Export>(null);
  const mayExport = canUse(user.role, 'reports.exportMembers');
  // D3: billing's list of contact changes, for the roles the contract lets read it (managers).
  const mayReadContactChanges = canUse(user.role, 'reports.contactChanges');

  const liability = useDeskQuery('reports.liability', {});
  useEffect(() => {
    if (liability.error !== null) notifier.error(liability.error);
  }, [liability.error, notifier]);
  const report = liability.data;

  // The export runs in a worker in main; poll its progress until it ends.
  useEffect(() => {
    if (exporting === null || exporting.job.state !== 'running') return;
    const timer = window.setTimeout(() => {
      call('jobs.status', { jobId: exporting.job.jobId }).then(
        (job) => setExporting({ format: exporting.format, job }),
        (error: unknown) => notifier.error(error),
      );
    }, 300);
    return () => window.clearTimeout(timer);
  }, [exporting, notifier]);

  const start = (format: 'csv' | 'xlsx'): void => {
    call('reports.exportMembers', { format }).then(
      (job) => setExporting({ format, job }),
      (error: unknown) => notifier.error(error),
    );
  };
  const result = exporting?.job.state === 'done' ? (exporting.job.result as { path?: string; rows?: number } | undefined) : undefined;

  return (
    <Box>
      <Typography variant="h1" sx={{ mb: 2 }}>
        {t('reports.title')}
      </Typography>
      {/* Issue 15: the managers' reports, one tab each, with their charts and exports. */}
      {report === null ? null : <ManagerReports user={user} today={report.asOf} />}
      <Paper sx={{ p: 2, mb: 3 }} component="section" aria-labelledby="liability-title">
        <Typography id="liability-title" variant="h2" sx={{ mb: 1 }}>
          {t('reports.liabilityTitle')}
        </Typography>
        {report === null ? (
          <LinearProgress aria-label={t('reports.loading')} />
        ) : (
          <>
            <Typography sx={{ mb: 1 }} data-testid="liability-total">
              {t('reports.total', { points: formatPoints(report.points.total), date: formatDay(report.asOf) })}
            </Typography>
            {report.points.withheld > 0 ? <Typography color="text.secondary">{t('reports.withheld', { points: formatPoints(report.points.withheld) })}</Typography> : null}
            <Table size="small" sx={{ mt: 1, maxWidth: 640 }} aria-label={t('reports.byStateTitle')}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('reports.state')}</TableCell>
                  <TableCell align="right">{t('reports.members')}</TableCell>
                  <TableCell align="right">{t('reports.points')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {membershipStates.map((s) => (
                  <TableRow key={s}>
                    <TableCell>{t(`state.${s}`)}</TableCell>
                    <TableCell align="right">{formatPoints(report.members[s] ?? 0)}</TableCell>
                    <TableCell align="right">{formatPoints(report.points.byState[s] ?? 0)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Typography variant="h3" sx={{ mt: 2, mb: 0.5, fontSize: '1rem', fontWeight: 600 }}>
              {t('reports.expiringTitle')}
            </Typography>
            {report.expiring.length === 0 ? (
              <Typography color="text.secondary">{t('reports.noneExpiring')}</Typography>
            ) : (
              <Table size="small" sx={{ maxWidth: 640 }} aria-label={t('reports.expiringTitle')}>
                <TableBody>
                  {report.expiring.map((e) => (
                    <TableRow key={e.runMonth}>
                      <TableCell>{t('reports.runOf', { month: formatMonth(e.runMonth, i18n.language) })}</TableCell>
                      <TableCell align="right">{formatPoints(e.points)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </>
        )}
      </Paper>
      {mayExport ? (
        <Paper sx={{ p: 2 }} component="section" aria-labelledby="export-title">
          <Typography id="export-title" variant="h2" sx={{ mb: 1 }}>
            {t('reports.exportTitle')}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {t('reports.exportHelp')}
          </Typography>
          <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
            {(['csv', 'xlsx'] as const).map((format) => (
              <Button key={format} variant="outlined" startIcon={<FileDownloadIcon />} disabled={exporting?.job.state === 'running'} onClick={() => start(format)}>
                {t(`reports.export.${format}`)}
              </Button>
            ))}
          </Box>
          <Box role="status" aria-live="polite" sx={{ mt: 2 }} data-testid="export-status">
            {exporting?.job.state === 'running' ? (
              <>
                <LinearProgress aria-label={t('reports.exporting')} />
                <Typography sx={{ mt: 0.5 }}>{t('reports.exportingRows', { rows: formatPoints(exporting.job.done) })}</Typography>
              </>
            ) : null}
            {result !== undefined ? (
              <Alert severity="success" sx={{ overflowWrap: 'anywhere' }}>
                {t('reports.exported', { rows: formatPoints(result.rows ?? 0), path: result.path ?? '' })}
              </Alert>
            ) : null}
            {exporting?.job.state === 'failed' ? <Alert severity="error">{t(`error.${exporting.job.error?.code ?? 'internal'}`)}</Alert> : null}
          </Box>
        </Paper>
      ) : null}
      {mayReadContactChanges ? <ContactChangesReport today={report?.asOf ?? null} /> : null}
    </Box>
  );
}
