import { useCallback, useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import PreviewIcon from '@mui/icons-material/Preview';
import type { UserSummary } from '../../shared/channels/auth';
import type { JobStatus } from '../../shared/channels/jobs';
import { RunSummary, type RunBooking, type RunPreview } from '../../shared/channels/runs';
import { canUse } from '../access';
import { call, DeskClientError } from '../desk';
import { useNotifier } from '../components/Notifier';
import { describeSupervisorError } from '../components/supervisor/errors';
import { RunTotalsView } from '../components/supervisor/RunTotalsView';
import { ServiceEmails } from '../components/supervisor/ServiceEmails';
import { useLaunchesToday } from '../hooks/useLaunchesToday';
import { formatDay, formatInstantDay, formatInstantTime, formatMonth, formatPoints, formatSignedPoints } from '../i18n/format';

/** How often the run's progress is asked for. */
const POLL_MS = 300;
/** The run's steps in the order it takes them (main/services/monthly-run.ts). */
const steps = ['earnings', 'expiry', 'lifecycle', 'service-emails'] as const;
type Step = (typeof steps)[number];
const isStep = (s: string | null): s is Step => s !== null && (steps as readonly string[]).includes(s);

interface RunList {
  runs: RunSummary[];
  nextMonth: string | null;
  nextAllowedFrom: string | null;
}

/** The month before the one `today` (YYYY-MM-DD) is in: the first a desk without runs would run. */
function monthBefore(today: string): string {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** The months a supervisor may pick, newest first: the current month (to be told it has not ended) and two years back. */
function monthOptions(today: string, extra: string | null): string[] {
  const months: string[] = [];
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7));
  for (let i = 0; i < 25; i += 1) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  if (extra !== null && !months.includes(extra)) months.unshift(extra);
  return months;
}

/**
 * B6: the monthly run. Agents see the history; managers also preview a month and read the service
 * emails (read-only); supervisors preview, run (in a worker, with progress) and send the service emails (B12).
 */
export function MonthlyRunPage({ user }: { user: UserSummary }) {
  const { t, i18n } = useTranslation();
  const notifier = useNotifier();
  const canRun = canUse(user.role, 'runs.start');
  const canPreview = canUse(user.role, 'runs.preview');
  const [list, setList] = useState<RunList | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [preview, setPreview] = useState<RunPreview | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<'preview' | 'start' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [job, setJob] = useState<{ month: string; status: JobStatus } | null>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((n) => n + 1), []);
  const { data: today } = useLaunchesToday(notifier.error);

  useEffect(() => {
    let live = true;
    call('runs.list', {}).then(
      (result) => live && setList(result),
      (error: unknown) => live && notifier.error(error),
    );
    return () => {
      live = false;
    };
  }, [version, notifier]);

  // Poll the worker's progress until the job ends.
  useEffect(() => {
    if (job === null || job.status.state !== 'running') return undefined;
    let live = true;
    const timer = window.setTimeout(() => {
      call('jobs.status', { jobId: job.status.jobId }).then(
        (status) => {
          if (!live) return;
          setJob({ month: job.month, status });
          if (status.state !== 'running') {
            // The next month to run is offered again.
            if (status.state === 'done') setChosen(null);
            reload();
          }
        },
        (error: unknown) => {
          if (!live) return;
          setJob(null);
          setFailure(error);
        },
      );
    }, POLL_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [job, reload]);

  const suggested = list?.nextMonth ?? (today === null ? '' : monthBefore(today.today));
  const month = chosen ?? suggested;
  const running = job?.status.state === 'running';

  const runPreview = async (): Promise<void> => {
    setBusy('preview');
    setFailure(null);
    setPreview(null);
    try {
      setPreview(await call('runs.preview', { month }));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(null);
    }
  };

  const start = async (): Promise<void> => {
    setConfirming(false);
    setBusy('start');
    setFailure(null);
    try {
      const status = await call('runs.startInBackground', { month });
      setJob({ month, status });
      setPreview(null);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(null);
    }
  };

  const monthName = /^\d{4}-\d{2}$/.test(month) ? formatMonth(month, i18n.language) : month;

  return (
    <Box>
      <Typography variant="h1" sx={{ mb: 1 }}>
        {t('runs.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2, maxWidth: 900 }}>
        {t('runs.intro')}
      </Typography>
      {list === null ? <LinearProgress aria-label={t('common.loading')} /> : null}
      {list !== null ? (
        <Paper component="section" aria-labelledby="run-next-title" sx={{ p: 2, mb: 3 }}>
          <Typography id="run-next-title" variant="h2" sx={{ mb: 1 }} data-testid="run-next">
            {list.nextMonth !== null && list.nextAllowedFrom !== null
              ? t('runs.next', { month: formatMonth(list.nextMonth, i18n.language), date: formatDay(list.nextAllowedFrom) })
              : t('runs.noRuns')}
          </Typography>
          {canPreview ? (
            <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'flex-start', flexWrap: 'wrap' }}>
              <TextField
                select
                label={t('runs.month')}
                value={month}
                onChange={(event) => {
                  setChosen(event.target.value);
                  setPreview(null);
                  setFailure(null);
                }}
                sx={{ width: 220 }}
                fullWidth={false}
                disabled={running || month === ''}
              >
                {(today === null ? (month === '' ? [] : [month]) : monthOptions(today.today, month === '' ? null : month)).map((m) => (
                  <MenuItem key={m} value={m}>
                    {formatMonth(m, i18n.language)}
                  </MenuItem>
                ))}
              </TextField>
              <Button variant="outlined" startIcon={<PreviewIcon />} onClick={() => void runPreview()} loading={busy === 'preview'} disabled={month === '' || running || busy !== null} sx={{ mt: 0.25 }}>
                {t('runs.preview')}
              </Button>
              {canRun ? (
                <Button variant="contained" startIcon={<PlayArrowIcon />} onClick={() => setConfirming(true)} loading={busy === 'start'} disabled={month === '' || running || busy !== null} sx={{ mt: 0.25 }}>
                  {t('runs.run')}
                </Button>
              ) : (
                <Typography color="text.secondary" sx={{ alignSelf: 'center' }} data-testid="run-preview-only">
                  {t('runs.previewOnly')}
                </Typography>
              )}
            </Box>
          ) : (
            <Typography color="text.secondary">{t('runs.readOnly')}</Typography>
          )}
          <Box sx={{ mt: failure !== null || job !== null ? 2 : 0 }}>
            {failure === null ? null : (
              <Alert severity="error" data-testid="run-error">
                {describeSupervisorError(t, failure, i18n.language)}
              </Alert>
            )}
            {job === null ? null : <JobView month={job.month} status={job.status} onStop={() => void call('jobs.cancel', { jobId: job.status.jobId }).catch(notifier.error)} />}
          </Box>
        </Paper>
      ) : null}
      {preview !== null ? <PreviewView preview={preview} /> : null}
      {list !== null ? <History runs={list.runs} /> : null}
      {canUse(user.role, 'runs.serviceEmails') ? <ServiceEmails version={version} canMarkSent={canUse(user.role, 'runs.markEmailSent')} /> : null}
      <Dialog open={confirming} onClose={() => setConfirming(false)} aria-labelledby="run-confirm-title" aria-describedby="run-confirm-body">
        <DialogTitle id="run-confirm-title">{t('runs.confirmTitle', { month: monthName })}</DialogTitle>
        <DialogContent>
          <DialogContentText id="run-confirm-body">{t('runs.confirmBody', { month: monthName })}</DialogContentText>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={() => setConfirming(false)}>{t('common.cancel')}</Button>
          <Button variant="contained" onClick={() => void start()} autoFocus>
            {t('runs.confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}

function JobView({ month, status, onStop }: { month: string; status: JobStatus; onStop(): void }) {
  const { t, i18n } = useTranslation();
  const name = formatMonth(month, i18n.language);
  if (status.state === 'running') {
    const index = isStep(status.step) ? steps.indexOf(status.step) : -1;
    return (
      <Box data-testid="run-progress">
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 1 }}>
          <Typography sx={{ fontWeight: 600, flexGrow: 1 }}>{t('runs.progress', { month: name })}</Typography>
          <Button size="small" color="inherit" onClick={onStop}>
            {t('runs.cancelRun')}
          </Button>
        </Box>
        <LinearProgress
          variant={index < 0 ? 'indeterminate' : 'determinate'}
          value={index < 0 ? undefined : ((index + 0.5) / steps.length) * 100}
          aria-label={t('runs.progress', { month: name })}
          sx={{ height: 8, borderRadius: 1 }}
        />
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.75 }} data-testid="run-step">
          {isStep(status.step) ? t('runs.stepDone', { step: t(`runs.step.${status.step}`), count: status.done, n: formatPoints(status.done) }) : t('runs.starting')}
        </Typography>
      </Box>
    );
  }
  if (status.state === 'done') {
    const summary = RunSummary.safeParse(status.result);
    return (
      <Box data-testid="run-result">
        <Alert severity="success" role="status" sx={{ mb: 1.5 }}>
          {t('runs.result', { month: name })}
        </Alert>
        {summary.success ? <RunTotalsView totals={summary.data.totals} testId="run-totals" /> : null}
      </Box>
    );
  }
  if (status.state === 'cancelled') {
    return (
      <Alert severity="info" role="status">
        {t('runs.stopped')}
      </Alert>
    );
  }
  return (
    <Alert severity="error" data-testid="run-error">
      <AlertTitle>{t('runs.failedTitle')}</AlertTitle>
      {status.error === undefined ? t('error.internal') : describeSupervisorError(t, new DeskClientError(status.error), i18n.language)}
    </Alert>
  );
}

function PreviewView({ preview }: { preview: RunPreview }) {
  const { t, i18n } = useTranslation();
  return (
    <Box component="section" aria-labelledby="run-preview-title" sx={{ mb: 3 }} data-testid="run-preview">
      <Typography id="run-preview-title" variant="h2" sx={{ mb: 0.5 }}>
        {t('runs.previewTitle', { month: formatMonth(preview.month, i18n.language) })}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1.5 }}>
        {t('runs.previewAsOf', { date: formatDay(preview.asOf) })}
      </Typography>
      <RunTotalsView totals={preview.totals} testId="preview-totals" />
      <Paper sx={{ overflowX: 'auto', mt: 2 }}>
        <Table aria-labelledby="run-preview-title">
          <TableHead>
            <TableRow>
              <TableCell>{t('runs.memberNo')}</TableCell>
              <TableCell>{t('runs.name')}</TableCell>
              <TableCell>{t('runs.kind')}</TableCell>
              <TableCell align="right">{t('runs.points')}</TableCell>
              <TableCell>{t('runs.detail')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {preview.bookings.map((b, index) => (
              <TableRow key={`${b.memberId}-${b.kind}-${index}`}>
                <TableCell sx={{ fontVariantNumeric: 'tabular-nums' }}>{b.memberNo}</TableCell>
                <TableCell>{b.name}</TableCell>
                <TableCell>{t(`runs.kindValue.${b.kind}`)}</TableCell>
                <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                  {formatSignedPoints(b.points)}
                </TableCell>
                <TableCell sx={{ color: 'text.secondary' }}>{bookingDetail(t, b)}</TableCell>
              </TableRow>
            ))}
            {preview.bookings.length === 0 ? (
              <TableRow>
                <TableCell colSpan={5} sx={{ color: 'text.secondary' }}>
                  {t('runs.previewEmpty')}
                </TableCell>
              </TableRow>
            ) : null}
          </TableBody>
        </Table>
      </Paper>
      {preview.truncated ? (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {t('runs.previewTruncated', { count: preview.bookings.length })}
        </Typography>
      ) : null}
    </Box>
  );
}

/**
 * The preview's detail, in the UI language, from the booking's reason code and parameters: an
 * earning names its product line (data); the others are said from the kind, with the day it
 * takes effect (the cap day, the end day).
 */
function bookingDetail(t: TFunction, booking: RunBooking): string {
  const param = (key: string): string | null => {
    const value = booking.reasonParams[key];
    return typeof value === 'string' ? value : null;
  };
  switch (booking.kind) {
    case 'earn': {
      const quantity = booking.reasonParams.quantity;
      const product = param('product');
      return typeof quantity === 'number' && product !== null ? `${quantity} × ${product}` : '';
    }
    case 'expire':
      return t('runs.detailExpire');
    case 'cap': {
      const date = param('capOn');
      return date === null ? t('runs.detailCapNoDate') : t('runs.detailCap', { date: formatDay(date) });
    }
    case 'delete_after_cancel': {
      const date = param('endsOn');
      return date === null ? t('runs.detailDeleteNoDate') : t('runs.detailDelete', { date: formatDay(date) });
    }
  }
}

function History({ runs }: { runs: RunSummary[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Box component="section" aria-labelledby="run-history-title" sx={{ mb: 3 }}>
      <Typography id="run-history-title" variant="h2" sx={{ mb: 1 }}>
        {t('runs.history')}
      </Typography>
      <Paper sx={{ overflowX: 'auto' }}>
        <Table aria-labelledby="run-history-title" data-testid="run-history">
          <TableHead>
            <TableRow>
              <TableCell>{t('runs.month')}</TableCell>
              <TableCell>{t('runs.status')}</TableCell>
              <TableCell>{t('runs.finished')}</TableCell>
              <TableCell>{t('runs.startedBy')}</TableCell>
              <TableCell align="right">{t('runs.earned')}</TableCell>
              <TableCell align="right">{t('runs.expired')}</TableCell>
              <TableCell align="right">{t('runs.capped')}</TableCell>
              <TableCell align="right">{t('runs.deleted')}</TableCell>
              <TableCell align="right">{t('runs.emailsShort')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {runs.map((run) => {
              const at = run.finishedAt ?? run.startedAt;
              return (
                <TableRow key={run.month}>
                  <TableCell sx={{ whiteSpace: 'nowrap', fontWeight: 600 }}>{formatMonth(run.month, i18n.language)}</TableCell>
                  <TableCell>
                    <Chip label={t(`runs.statusValue.${run.status}`)} color={run.status === 'done' ? 'success' : 'warning'} variant="outlined" />
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    {formatInstantDay(at)} {formatInstantTime(at)}
                  </TableCell>
                  <TableCell>{run.startedBy ?? t('author.system')}</TableCell>
                  {[run.totals.earned.points, run.totals.expired.points, run.totals.capped.points, run.totals.deleted.points, run.totals.serviceEmails].map((n, index) => (
                    <TableCell key={index} align="right" sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                      {formatPoints(n)}
                    </TableCell>
                  ))}
                </TableRow>
              );
            })}
            {runs.length === 0 ? (
              <TableRow>
                <TableCell colSpan={9} sx={{ color: 'text.secondary' }}>
                  {t('runs.noRuns')}
                </TableCell>
              </TableRow>
            ) : null}
          </TableBody>
        </Table>
      </Paper>
    </Box>
  );
}
