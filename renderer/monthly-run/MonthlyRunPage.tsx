import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import PreviewIcon from '@mui/icons-material/Preview';
import type { UserSummary } from '../../shared/channels/auth';
import type { JobStatus } from '../../shared/channels/jobs';
import { RunSummary, type RunBooking, type RunPreview } from '../../shared/channels/runs';
import { canUse } from '../ui/access';
import { call, DeskClientError } from '../desk';
import { DataTable, type Column } from '../ui/DataTable';
import { DialogActionsRow } from '../ui/DialogActionsRow';
import { useNotifier } from '../ui/Notifier';
import { PageHeader } from '../ui/PageHeader';
import { describeSupervisorError } from '../ui/supervisor-errors';
import { useDeskAction } from '../ui/useDeskAction';
import { useDeskList } from '../ui/useDeskList';
import { useDeskEventVersion } from '../events';
import { RunTotalsView } from './RunTotalsView';
import { ServiceEmails } from './ServiceEmails';
import { useLaunchesToday } from '../launches/useLaunchesToday';
import { formatDay, formatInstantDay, formatInstantTime, formatMonth, formatPoints, formatSignedPoints } from '../i18n/format';

/** How often the run's progress is asked for. */
const POLL_MS = 300;
/** A run elsewhere reports progress several times a second; the history is read again at most this often. */
const JOBS_COALESCE_MS = 500;
/** The run's steps in the order it takes them (main/services/monthly-run.ts). */
const steps = ['earnings', 'expiry', 'lifecycle', 'service-emails'] as const;
type Step = (typeof steps)[number];
const isStep = (s: string | null): s is Step => s !== null && (steps as readonly string[]).includes(s);

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
  const [chosen, setChosen] = useState<string | null>(null);
  const [preview, setPreview] = useState<RunPreview | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const [job, setJob] = useState<{ month: string; status: JobStatus } | null>(null);
  // Runs that ended on this page: the history and the service emails are read again after each.
  const [ended, setEnded] = useState(0);
  // Issue 11: a run started, moving on or ended on another desk: the history and the service emails follow.
  const elsewhere = useDeskEventVersion(['jobs'], undefined, JOBS_COALESCE_MS);
  const list = useDeskList('runs.list', {}, undefined, ended + elsewhere).data;
  const { data: today } = useLaunchesToday(notifier.error);

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
            setEnded((n) => n + 1);
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
  }, [job]);

  const suggested = list?.nextMonth ?? (today === null ? '' : monthBefore(today.today));
  const month = chosen ?? suggested;
  const running = job?.status.state === 'running';

  // The refusals (a month not over, a skipped month) stay on the page, with their details.
  const previewing = useDeskAction<[month: string], RunPreview>((m) => call('runs.preview', { month: m }), { onSuccess: (result) => setPreview(result), onError: (error) => setFailure(error) });
  const starting = useDeskAction((m: string) => call('runs.startInBackground', { month: m }), {
    onError: (error) => setFailure(error),
    onSuccess: (status, m) => {
      setJob({ month: m, status });
      setPreview(null);
    },
  });
  const stopping = useDeskAction((jobId: string) => call('jobs.cancel', { jobId }));
  const busy = previewing.busy || starting.busy;

  const runPreview = (): void => {
    setFailure(null);
    setPreview(null);
    void previewing.run(month);
  };

  const start = (): void => {
    setConfirming(false);
    setFailure(null);
    void starting.run(month);
  };

  const monthName = /^\d{4}-\d{2}$/.test(month) ? formatMonth(month, i18n.language) : month;

  return (
    <Box>
      <PageHeader title={t('runs.title')} subtitle={t('runs.intro')} subtitleSx={{ maxWidth: 900 }} />
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
              <Button variant="outlined" startIcon={<PreviewIcon />} onClick={runPreview} loading={previewing.busy} disabled={month === '' || running || busy} sx={{ mt: 0.25 }}>
                {t('runs.preview')}
              </Button>
              {canRun ? (
                <Button variant="contained" startIcon={<PlayArrowIcon />} onClick={() => setConfirming(true)} loading={starting.busy} disabled={month === '' || running || busy} sx={{ mt: 0.25 }}>
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
            {job === null ? null : <JobView month={job.month} status={job.status} onStop={() => void stopping.run(job.status.jobId)} />}
          </Box>
        </Paper>
      ) : null}
      {preview !== null ? <PreviewView preview={preview} /> : null}
      {list !== null ? <History runs={list.runs} /> : null}
      {canUse(user.role, 'runs.serviceEmails') ? <ServiceEmails version={ended + elsewhere} canMarkSent={canUse(user.role, 'runs.markEmailSent')} role={user.role} /> : null}
      <Dialog open={confirming} onClose={() => setConfirming(false)} aria-labelledby="run-confirm-title" aria-describedby="run-confirm-body">
        <DialogTitle id="run-confirm-title">{t('runs.confirmTitle', { month: monthName })}</DialogTitle>
        <DialogContent>
          <DialogContentText id="run-confirm-body">{t('runs.confirmBody', { month: monthName })}</DialogContentText>
        </DialogContent>
        <DialogActionsRow onCancel={() => setConfirming(false)} busy={false} confirm={t('runs.confirm')} onConfirm={start} confirmAutoFocus />
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

/** Numbers line up in their column and do not wrap. */
const numeric = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

function PreviewView({ preview }: { preview: RunPreview }) {
  const { t, i18n } = useTranslation();
  const columns: Column<RunBooking>[] = [
    { key: 'memberNo', header: t('runs.memberNo'), cellSx: { fontVariantNumeric: 'tabular-nums' }, cell: (b) => b.memberNo },
    { key: 'name', header: t('runs.name'), cell: (b) => b.name },
    { key: 'kind', header: t('runs.kind'), cell: (b) => t(`runs.kindValue.${b.kind}`) },
    { key: 'points', header: t('runs.points'), align: 'right', cellSx: numeric, cell: (b) => formatSignedPoints(b.points) },
    { key: 'detail', header: t('runs.detail'), cellSx: { color: 'text.secondary' }, cell: (b) => bookingDetail(t, b) },
  ];
  return (
    <Box component="section" aria-labelledby="run-preview-title" sx={{ mb: 3 }} data-testid="run-preview">
      <Typography id="run-preview-title" variant="h2" sx={{ mb: 0.5 }}>
        {t('runs.previewTitle', { month: formatMonth(preview.month, i18n.language) })}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1.5 }}>
        {t('runs.previewAsOf', { date: formatDay(preview.asOf) })}
      </Typography>
      <RunTotalsView totals={preview.totals} testId="preview-totals" />
      <Box sx={{ mt: 2 }}>
        {/* A member may have more than one booking of a kind: the place in the list tells them apart. */}
        <DataTable columns={columns} rows={preview.bookings} rowKey={(b, index) => `${b.memberId}-${b.kind}-${index}`} empty={t('runs.previewEmpty')} labelledBy="run-preview-title" />
      </Box>
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
  const count = (key: 'earned' | 'expired' | 'capped' | 'deleted' | 'emailsShort', value: (run: RunSummary) => number): Column<RunSummary> => ({
    key,
    header: t(`runs.${key}`),
    align: 'right',
    cellSx: numeric,
    cell: (run) => formatPoints(value(run)),
  });
  const columns: Column<RunSummary>[] = [
    { key: 'month', header: t('runs.month'), cellSx: { whiteSpace: 'nowrap', fontWeight: 600 }, cell: (run) => formatMonth(run.month, i18n.language) },
    {
      key: 'status',
      header: t('runs.status'),
      cell: (run) => <Chip label={t(`runs.statusValue.${run.status}`)} color={run.status === 'done' ? 'success' : 'warning'} variant="outlined" />,
    },
    {
      key: 'finished',
      header: t('runs.finished'),
      cellSx: numeric,
      cell: (run) => {
        const at = run.finishedAt ?? run.startedAt;
        return `${formatInstantDay(at)} ${formatInstantTime(at)}`;
      },
    },
    { key: 'startedBy', header: t('runs.startedBy'), cell: (run) => run.startedBy ?? t('author.system') },
    count('earned', (run) => run.totals.earned.points),
    count('expired', (run) => run.totals.expired.points),
    count('capped', (run) => run.totals.capped.points),
    count('deleted', (run) => run.totals.deleted.points),
    count('emailsShort', (run) => run.totals.serviceEmails),
  ];
  return (
    <Box component="section" aria-labelledby="run-history-title" sx={{ mb: 3 }}>
      <Typography id="run-history-title" variant="h2" sx={{ mb: 1 }}>
        {t('runs.history')}
      </Typography>
      <DataTable columns={columns} rows={runs} rowKey={(run) => run.month} empty={t('runs.noRuns')} labelledBy="run-history-title" testId="run-history" />
    </Box>
  );
}
