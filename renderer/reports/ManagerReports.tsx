import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Tab from '@mui/material/Tab';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import FileDownloadIcon from '@mui/icons-material/FileDownload';
import { BarChart } from '@mui/x-charts/BarChart';
import type { UserSummary } from '../../shared/channels/auth';
import { activityColumns, type CorrectionRow, type MemberReportRow } from '../../shared/channels/manager-reports';
import { membershipStates, type MembershipState } from '../../shared/channels/members';
import { isoToNorwegianDay, norwegianDayToIso } from '../../shared/oslo-time';
import type { ChannelInput, ChannelOutput } from '../../shared/contract';
import { call } from '../desk';
import { formatDay, formatPoints, formatSignedPoints } from '../i18n/format';
import { reasonText } from '../i18n/reasons';
import { canUse } from '../ui/access';
import { DataTable, type Column, type TableQuery, type TableSort } from '../ui/DataTable';
import { useNotifier } from '../ui/Notifier';
import { useDeskQuery } from '../ui/useDeskQuery';

/**
 * Issue 15: the managers' reports on Rapporter, one tab each — the points liability on a day,
 * monthly activity, redemptions, corrections and the member report — each a table, the first
 * three with a chart, and each exported as CSV or XLSX (reports.export, managers). Numbers and
 * dates nb-NO whatever the language (i18n/format.ts).
 */

const tabs = ['liability', 'activity', 'redemptions', 'corrections', 'members'] as const;
type TabName = (typeof tabs)[number];

/** "2026-11" ⇄ "11.2026". */
const monthText = (month: string): string => `${month.slice(5, 7)}.${month.slice(0, 4)}`;
function monthFromText(text: string): string | null {
  const m = /^\s*(\d{1,2})\.(\d{4})\s*$/.exec(text);
  if (m === null) return null;
  const month = Number(m[1]);
  return month >= 1 && month <= 12 ? `${m[2]}-${String(month).padStart(2, '0')}` : null;
}
function addMonths(month: string, n: number): string {
  const i = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** What a report's export asks for, without the format (each button adds its own). */
type ExportRequest = ChannelInput<'reports.export'> extends infer U ? (U extends unknown ? Omit<U, 'format'> : never) : never;

const pointsFormatter = (v: number | null): string => (v === null ? '' : formatPoints(v));

export function ManagerReports({ user, today }: { user: UserSummary; today: string }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<TabName>('liability');
  const mayExport = canUse(user.role, 'reports.export');
  const id = useId();
  return (
    <Paper sx={{ p: 2, mb: 3 }} component="section" aria-label={t('mreports.tabsLabel')} data-testid="manager-reports">
      <Tabs value={tab} onChange={(_, v: TabName) => setTab(v)} aria-label={t('mreports.tabsLabel')} variant="scrollable" sx={{ mb: 2, borderBottom: 1, borderColor: 'divider' }}>
        {tabs.map((name) => (
          <Tab key={name} value={name} label={t(`mreports.tab.${name}`)} id={`${id}-tab-${name}`} aria-controls={`${id}-panel-${name}`} />
        ))}
      </Tabs>
      <Box role="tabpanel" id={`${id}-panel-${tab}`} aria-labelledby={`${id}-tab-${tab}`}>
        {tab === 'liability' ? <LiabilityTab today={today} mayExport={mayExport} /> : null}
        {tab === 'activity' ? <ActivityTab today={today} mayExport={mayExport} /> : null}
        {tab === 'redemptions' ? <RedemptionsTab today={today} mayExport={mayExport} /> : null}
        {tab === 'corrections' ? <CorrectionsTab today={today} mayExport={mayExport} /> : null}
        {tab === 'members' ? <MembersTab mayExport={mayExport} /> : null}
      </Box>
    </Paper>
  );
}

/** The two export buttons of a report and what became of the last export. */
function ExportButtons({ input, show }: { input: ExportRequest | null; show: boolean }) {
  const { t } = useTranslation();
  const notifier = useNotifier();
  const [busy, setBusy] = useState(false);
  const [written, setWritten] = useState<{ path: string; rows: number } | null>(null);
  if (!show) return null;
  const start = (format: 'csv' | 'xlsx'): void => {
    if (busy || input === null) return;
    setBusy(true);
    setWritten(null);
    call('reports.export', { ...input, format } as ChannelInput<'reports.export'>)
      .then((r) => setWritten({ path: r.path, rows: r.rows }), (error: unknown) => notifier.error(error))
      .finally(() => setBusy(false));
  };
  return (
    <Box sx={{ mt: 2 }}>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        {(['csv', 'xlsx'] as const).map((format) => (
          <Button key={format} variant="outlined" startIcon={<FileDownloadIcon />} aria-disabled={busy || input === null} onClick={() => start(format)}>
            {t(`mreports.export.${format}`)}
          </Button>
        ))}
      </Box>
      <Box role="status" aria-live="polite" sx={{ mt: 1 }} data-testid="report-export-status">
        {busy ? <LinearProgress aria-label={t('mreports.exporting')} /> : null}
        {written !== null ? (
          <Alert severity="success" sx={{ overflowWrap: 'anywhere' }}>
            {t('mreports.exported', { count: written.rows, formatted: formatPoints(written.rows), path: written.path })}
          </Alert>
        ) : null}
      </Box>
    </Box>
  );
}

type MemberExportInput = Omit<ChannelInput<'reports.exportJob'>, 'format'>;
type ExportJob = ChannelOutput<'reports.exportJob'>;

/**
 * Issue 15: the member report's export runs as a job in the worker (reports.exportJob): a
 * progress bar with "N of M rows" and a Cancel button (reports.cancelExport) while it runs; when
 * done, the file's name in the export folder (never a path); a cancelled export leaves no file.
 */
function MemberExportButtons({ input, show }: { input: MemberExportInput; show: boolean }) {
  const { t } = useTranslation();
  const notifier = useNotifier();
  const [job, setJob] = useState<ExportJob | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const running = job?.state === 'running';

  // The job runs in main's worker: poll its progress until it ends.
  useEffect(() => {
    if (job === null || job.state !== 'running') return;
    const timer = window.setTimeout(() => {
      call('jobs.status', { jobId: job.jobId }).then(setJob, (error: unknown) => notifier.error(error));
    }, 300);
    return () => window.clearTimeout(timer);
  }, [job, notifier]);

  if (!show) return null;
  const start = (format: 'csv' | 'xlsx'): void => {
    if (running) return;
    setCancelling(false);
    call('reports.exportJob', { ...input, format }).then(setJob, (error: unknown) => notifier.error(error));
  };
  const cancel = (): void => {
    if (job === null || !running || cancelling) return;
    setCancelling(true);
    call('reports.cancelExport', { jobId: job.jobId }).then(setJob, (error: unknown) => notifier.error(error));
  };
  const total = job?.total;
  const result = job?.state === 'done' ? (job.result as { fileName?: string; rows?: number } | undefined) : undefined;
  return (
    <Box sx={{ mt: 2 }}>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        {(['csv', 'xlsx'] as const).map((format) => (
          <Button key={format} variant="outlined" startIcon={<FileDownloadIcon />} aria-disabled={running} onClick={() => start(format)}>
            {t(`mreports.export.${format}`)}
          </Button>
        ))}
        {running ? (
          <Button variant="text" color="inherit" onClick={cancel} aria-disabled={cancelling} data-testid="report-export-cancel">
            {cancelling ? t('mreports.job.cancelling') : t('mreports.job.cancel')}
          </Button>
        ) : null}
      </Box>
      <Box role="status" aria-live="polite" sx={{ mt: 1 }} data-testid="report-export-status">
        {running ? (
          <Box sx={{ maxWidth: 480 }}>
            <LinearProgress
              variant={total === undefined || total === 0 ? 'indeterminate' : 'determinate'}
              value={total === undefined || total === 0 ? 0 : Math.min(100, (job.done / total) * 100)}
              aria-label={t('mreports.job.progressLabel')}
            />
            <Typography variant="body2" sx={{ mt: 0.5 }} data-testid="report-export-progress">
              {t('mreports.job.progress', { done: formatPoints(job.done), total: total === undefined ? '…' : formatPoints(total) })}
            </Typography>
          </Box>
        ) : null}
        {result !== undefined ? (
          <Alert severity="success" sx={{ overflowWrap: 'anywhere' }}>
            {t('mreports.job.ready', { file: result.fileName ?? '', formatted: formatPoints(result.rows ?? 0) })}
          </Alert>
        ) : null}
        {job?.state === 'cancelled' ? <Alert severity="info">{t('mreports.job.cancelled')}</Alert> : null}
        {job?.state === 'failed' ? <Alert severity="error">{t('mreports.job.failed')}</Alert> : null}
      </Box>
    </Box>
  );
}

function Chart({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box role="img" aria-label={t('mreports.chartOf', { title })} sx={{ maxWidth: 900, my: 1 }} data-testid="report-chart">
      {children}
    </Box>
  );
}

/** A small table of figures: the first column a label, the rest points (right-aligned). */
function FigureTable({ label, head, rows, testId }: { label: string; head: readonly string[]; rows: readonly (readonly ReactNode[])[]; testId?: string }) {
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label={label} data-testid={testId} sx={{ maxWidth: 1100 }}>
        <TableHead>
          <TableRow>
            {head.map((h, i) => (
              <TableCell key={h} align={i === 0 ? 'left' : 'right'} sx={{ whiteSpace: 'nowrap' }}>
                {h}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r, j) => (
            <TableRow key={j}>
              {r.map((c, i) => (
                <TableCell key={i} align={i === 0 ? 'left' : 'right'} sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: i === 0 ? 'normal' : 'nowrap' }}>
                  {c}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

function useReportError(error: unknown): void {
  const notifier = useNotifier();
  useEffect(() => {
    if (error !== null) notifier.error(error);
  }, [error, notifier]);
}

/** A dd.mm.åååå field. */
function DayField({ label, value, onChange, invalid }: { label: string; value: string; onChange: (v: string) => void; invalid: boolean }) {
  const { t } = useTranslation();
  return (
    <TextField
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      size="small"
      autoComplete="off"
      sx={{ width: 170 }}
      slotProps={{ htmlInput: { inputMode: 'numeric' } }}
      error={invalid}
      helperText={invalid ? t('mreports.dayInvalid') : t('mreports.dayFormat')}
    />
  );
}

function MonthField({ label, value, onChange, invalid }: { label: string; value: string; onChange: (v: string) => void; invalid: boolean }) {
  const { t } = useTranslation();
  return (
    <TextField
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      size="small"
      autoComplete="off"
      sx={{ width: 150 }}
      slotProps={{ htmlInput: { inputMode: 'numeric' } }}
      error={invalid}
      helperText={invalid ? t('mreports.monthInvalid') : t('mreports.monthFormat')}
    />
  );
}

function LiabilityTab({ today, mayExport }: { today: string; mayExport: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState(isoToNorwegianDay(today));
  const [invalid, setInvalid] = useState(false);
  const [asOf, setAsOf] = useState(today);
  const q = useDeskQuery('reports.pointsLiability', asOf === today ? {} : { asOf });
  useReportError(q.error);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const day = norwegianDayToIso(text);
    const bad = day === null || day > today;
    setInvalid(bad);
    if (!bad) setAsOf(day);
  };
  const r = q.data;
  return (
    <Box>
      <Box component="form" noValidate onSubmit={submit} sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'flex-start', mb: 1 }}>
        <DayField label={t('mreports.asOf')} value={text} onChange={setText} invalid={invalid} />
        <Button type="submit" variant="contained" sx={{ mt: '2px' }}>
          {t('mreports.show')}
        </Button>
      </Box>
      {r === null ? (
        <LinearProgress aria-label={t('mreports.loading')} />
      ) : (
        <>
          <Typography variant="h2" sx={{ mb: 0.5 }}>
            {t('mreports.liability.title', { date: formatDay(r.asOf) })}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 1 }}>
            {t('mreports.liability.help')}
          </Typography>
          <FigureTable
            label={t('mreports.liability.title', { date: formatDay(r.asOf) })}
            testId="liability-summary"
            head={['', t('mreports.liability.points')]}
            rows={[
              [t('mreports.liability.outstanding'), formatPoints(r.outstanding)],
              [t('mreports.liability.withheld'), formatPoints(r.withheld)],
              [t('mreports.liability.awaiting'), formatPoints(r.awaitingExpiry)],
              [t('mreports.liability.members'), formatPoints(r.members)],
            ]}
          />
          <Typography variant="h3" sx={{ mt: 2, fontSize: '1rem', fontWeight: 600 }}>
            {t('mreports.liability.byYear')}
          </Typography>
          <Chart title={t('mreports.liability.byYear')}>
            <BarChart
              height={240}
              xAxis={[{ scaleType: 'band', data: r.byYear.map((y) => String(y.year)) }]}
              yAxis={[{ valueFormatter: pointsFormatter, width: 80 }]}
              series={[
                { data: r.byYear.map((y) => y.outstanding), label: t('mreports.liability.outstanding'), stack: 'p', valueFormatter: pointsFormatter },
                { data: r.byYear.map((y) => y.withheld), label: t('mreports.liability.withheld'), stack: 'p', valueFormatter: pointsFormatter },
              ]}
            />
          </Chart>
          <FigureTable
            label={t('mreports.liability.byYear')}
            head={[t('mreports.liability.year'), t('mreports.liability.outstanding'), t('mreports.liability.withheld')]}
            rows={r.byYear.map((y) => [String(y.year), formatPoints(y.outstanding), formatPoints(y.withheld)])}
          />
          <Typography variant="h3" sx={{ mt: 2, fontSize: '1rem', fontWeight: 600 }}>
            {t('mreports.liability.expiring')}
          </Typography>
          <Chart title={t('mreports.liability.expiring')}>
            <BarChart
              height={240}
              xAxis={[{ scaleType: 'band', data: r.expiring.map((e) => monthText(e.expiresIn)) }]}
              yAxis={[{ valueFormatter: pointsFormatter, width: 80 }]}
              series={[{ data: r.expiring.map((e) => e.outstanding), label: t('mreports.liability.outstanding'), valueFormatter: pointsFormatter }]}
            />
          </Chart>
          <FigureTable
            label={t('mreports.liability.expiring')}
            head={[t('mreports.liability.expiresIn'), t('mreports.liability.runMonth'), t('mreports.liability.outstanding'), t('mreports.liability.withheld')]}
            rows={r.expiring.map((e) => [monthText(e.expiresIn), monthText(e.runMonth), formatPoints(e.outstanding), formatPoints(e.withheld)])}
          />
        </>
      )}
      <ExportButtons show={mayExport} input={{ report: 'liability', ...(asOf === today ? {} : { asOf }) }} />
    </Box>
  );
}

/** A month range form: from and to as mm.åååå, a year back from the desk's month by default. */
function useMonthRange(today: string) {
  const current = today.slice(0, 7);
  const [from, setFrom] = useState(monthText(addMonths(current, -11)));
  const [to, setTo] = useState(monthText(current));
  const [bad, setBad] = useState({ from: false, to: false });
  const [range, setRange] = useState({ from: addMonths(current, -11), to: current });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const f = monthFromText(from);
    const tt = monthFromText(to);
    const next = { from: f === null, to: tt === null || (f !== null && tt < f) };
    setBad(next);
    if (f !== null && tt !== null && !next.to) setRange({ from: f, to: tt });
  };
  return { from, setFrom, to, setTo, bad, range, submit };
}

function RangeForm({ r }: { r: ReturnType<typeof useMonthRange> }) {
  const { t } = useTranslation();
  return (
    <Box component="form" noValidate onSubmit={r.submit} sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'flex-start', mb: 1 }}>
      <MonthField label={t('mreports.from')} value={r.from} onChange={r.setFrom} invalid={r.bad.from} />
      <MonthField label={t('mreports.to')} value={r.to} onChange={r.setTo} invalid={r.bad.to} />
      <Button type="submit" variant="contained" sx={{ mt: '2px' }}>
        {t('mreports.show')}
      </Button>
    </Box>
  );
}

function ActivityTab({ today, mayExport }: { today: string; mayExport: boolean }) {
  const { t } = useTranslation();
  const range = useMonthRange(today);
  const q = useDeskQuery('reports.activity', range.range);
  useReportError(q.error);
  const r = q.data;
  const charted = ['earned', 'redeemed', 'expired', 'capped', 'deleted', 'forfeited', 'corrected'] as const;
  return (
    <Box>
      <Typography variant="h2" sx={{ mb: 0.5 }}>
        {t('mreports.activity.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {t('mreports.activity.help')}
      </Typography>
      <RangeForm r={range} />
      {r === null ? (
        <LinearProgress aria-label={t('mreports.loading')} />
      ) : (
        <>
          <Chart title={t('mreports.activity.title')}>
            <BarChart
              height={280}
              xAxis={[{ scaleType: 'band', data: r.months.map((m) => monthText(m.month)) }]}
              yAxis={[{ valueFormatter: pointsFormatter, width: 80 }]}
              series={charted.map((c) => ({ data: r.months.map((m) => m[c]), label: t(`mreports.activity.${c}`), stack: 'a', valueFormatter: pointsFormatter }))}
            />
          </Chart>
          <FigureTable
            label={t('mreports.activity.title')}
            testId="activity-table"
            head={[t('mreports.activity.month'), ...activityColumns.map((c) => t(`mreports.activity.${c}`)), t('mreports.activity.net')]}
            rows={r.months.map((m) => [monthText(m.month), ...activityColumns.map((c) => formatSignedPoints(m[c])), formatSignedPoints(m.net)])}
          />
        </>
      )}
      <ExportButtons show={mayExport} input={{ report: 'activity', ...range.range }} />
    </Box>
  );
}

function RedemptionsTab({ today, mayExport }: { today: string; mayExport: boolean }) {
  const { t } = useTranslation();
  const range = useMonthRange(today);
  const q = useDeskQuery('reports.redemptions', range.range);
  useReportError(q.error);
  const r = q.data;
  return (
    <Box>
      <Typography variant="h2" sx={{ mb: 0.5 }}>
        {t('mreports.redemptions.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {t('mreports.redemptions.help')}
      </Typography>
      <RangeForm r={range} />
      {r === null ? (
        <LinearProgress aria-label={t('mreports.loading')} />
      ) : (
        <>
          <Chart title={t('mreports.redemptions.title')}>
            <BarChart
              height={240}
              xAxis={[{ scaleType: 'band', data: r.months.map((m) => monthText(m.month)) }]}
              yAxis={[{ valueFormatter: pointsFormatter, width: 60 }]}
              series={[
                { data: r.months.map((m) => m.phone), label: t('mreports.redemptions.phone'), stack: 'c', valueFormatter: pointsFormatter },
                { data: r.months.map((m) => m.email), label: t('mreports.redemptions.email'), stack: 'c', valueFormatter: pointsFormatter },
              ]}
            />
          </Chart>
          <FigureTable
            label={t('mreports.redemptions.title')}
            testId="redemptions-table"
            head={['month', 'orders', 'points', 'phone', 'email', 'nextDelivery', 'separate', 'cancelled'].map((k) => t(`mreports.redemptions.${k as 'month'}`))}
            rows={r.months.map((m) => [monthText(m.month), ...[m.orders, m.points, m.phone, m.email, m.nextDelivery, m.separate, m.cancelled].map(formatPoints)])}
          />
          <Typography variant="h3" sx={{ mt: 2, fontSize: '1rem', fontWeight: 600 }}>
            {t('mreports.redemptions.products')}
          </Typography>
          {r.products.length === 0 ? (
            <Typography color="text.secondary">{t('mreports.redemptions.none')}</Typography>
          ) : (
            <FigureTable
              label={t('mreports.redemptions.products')}
              head={[t('mreports.redemptions.product'), t('mreports.redemptions.orders'), t('mreports.redemptions.units'), t('mreports.redemptions.points')]}
              rows={r.products.map((p) => [`${p.name} (${p.sku})`, formatPoints(p.orders), formatPoints(p.units), formatPoints(p.points)])}
            />
          )}
          <Typography variant="h3" sx={{ mt: 2, fontSize: '1rem', fontWeight: 600 }}>
            {t('mreports.redemptions.cancellations')}
          </Typography>
          {r.cancellations.length === 0 ? (
            <Typography color="text.secondary">{t('mreports.redemptions.none')}</Typography>
          ) : (
            <FigureTable
              label={t('mreports.redemptions.cancellations')}
              head={[t('mreports.redemptions.reason'), t('mreports.redemptions.count'), t('mreports.redemptions.points')]}
              rows={r.cancellations.map((c) => [c.reason === '' ? t('mreports.redemptions.noReason') : c.reason, formatPoints(c.count), formatPoints(c.points)])}
            />
          )}
        </>
      )}
      <ExportButtons show={mayExport} input={{ report: 'redemptions', ...range.range }} />
    </Box>
  );
}

const PAGE_SIZES = [25, 50, 100] as const;

function CorrectionsTab({ today, mayExport }: { today: string; mayExport: boolean }) {
  const { t, i18n } = useTranslation();
  const start = `${today.slice(0, 4)}-01-01`;
  const [fromText, setFromText] = useState(isoToNorwegianDay(start));
  const [toText, setToText] = useState(isoToNorwegianDay(today));
  const [bad, setBad] = useState({ from: false, to: false });
  const [shown, setShown] = useState({ from: start, to: today, page: 0, pageSize: 25 as number });
  const q = useDeskQuery('reports.corrections', { from: shown.from, to: shown.to, limit: shown.pageSize, offset: shown.page * shown.pageSize });
  useReportError(q.error);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const f = norwegianDayToIso(fromText);
    const tt = norwegianDayToIso(toText);
    const next = { from: f === null, to: tt === null || (f !== null && tt < f) };
    setBad(next);
    if (f !== null && tt !== null && !next.to) setShown((s) => ({ ...s, from: f, to: tt, page: 0 }));
  };
  const columns: readonly Column<CorrectionRow>[] = [
    { key: 'at', header: t('mreports.corrections.at'), cell: (c) => formatDay(c.effectiveOn), cellSx: { whiteSpace: 'nowrap' } },
    { key: 'member', header: t('mreports.corrections.member'), cell: (c) => c.memberNo },
    { key: 'kind', header: t('mreports.corrections.kind'), cell: (c) => t(`ledgerKind.${c.kind}`) },
    { key: 'amount', header: t('mreports.corrections.amount'), align: 'right', cell: (c) => formatSignedPoints(c.amount), cellSx: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' } },
    { key: 'asked', header: t('mreports.corrections.requestedBy'), cell: (c) => c.requestedBy },
    { key: 'approved', header: t('mreports.corrections.approvedBy'), cell: (c) => c.approvedBy ?? t('mreports.corrections.notApproved') },
    {
      key: 'reason',
      header: t('mreports.corrections.reason'),
      cell: (c) => reasonText(t, c, i18n.language),
      cellSx: { overflowWrap: 'anywhere' },
    },
  ];
  const data = q.data;
  return (
    <Box>
      <Typography variant="h2" sx={{ mb: 0.5 }}>
        {t('mreports.corrections.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {t('mreports.corrections.help')}
      </Typography>
      <Box component="form" noValidate onSubmit={submit} sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'flex-start', mb: 1 }}>
        <DayField label={t('mreports.fromDay')} value={fromText} onChange={setFromText} invalid={bad.from} />
        <DayField label={t('mreports.toDay')} value={toText} onChange={setToText} invalid={bad.to} />
        <Button type="submit" variant="contained" sx={{ mt: '2px' }}>
          {t('mreports.show')}
        </Button>
      </Box>
      <Typography role="status" sx={{ mb: 1, fontWeight: 600 }}>
        {data === null ? t('mreports.loading') : t('mreports.corrections.count', { count: data.total, formatted: formatPoints(data.total) })}
      </Typography>
      <Box sx={{ overflowX: 'auto' }}>
        <DataTable
          columns={columns}
          rows={data?.items ?? null}
          rowKey={(c) => c.entryId}
          loading={q.loading}
          label={t('mreports.corrections.listLabel')}
          testId="corrections-report"
          size="small"
          paper={false}
          empty={t('mreports.corrections.none')}
          page={shown.page}
          pageSize={shown.pageSize}
          pageSizes={PAGE_SIZES}
          total={data?.total ?? 0}
          onChange={(query: TableQuery) => setShown((s) => ({ ...s, page: query.page, pageSize: query.pageSize }))}
        />
      </Box>
      <ExportButtons show={mayExport} input={{ report: 'corrections', from: shown.from, to: shown.to }} />
    </Box>
  );
}

type MemberSort = 'memberNo' | 'name' | 'balance' | 'enrolledOn' | 'cancelledOn' | 'postcode';
type Filter = NonNullable<ChannelInput<'reports.members'>['filter']>;

interface FilterText {
  state: MembershipState | '';
  balanceMin: string;
  balanceMax: string;
  expiringDays: string;
  cancelledFrom: string;
  cancelledTo: string;
  postcode: string;
  place: string;
  enrolledFrom: string;
  enrolledTo: string;
}

const emptyFilter: FilterText = { state: '', balanceMin: '', balanceMax: '', expiringDays: '', cancelledFrom: '', cancelledTo: '', postcode: '', place: '', enrolledFrom: '', enrolledTo: '' };

/** The typed filter as the channel takes it, and the fields that do not parse. */
function parseFilter(f: FilterText): { filter: Filter; bad: Set<keyof FilterText> } {
  const bad = new Set<keyof FilterText>();
  const filter: Filter = {};
  const int = (key: keyof FilterText): number | undefined => {
    const v = f[key].replace(/[\s\u00a0]/g, '');
    if (v === '') return undefined;
    if (!/^-?\d+$/.test(v)) bad.add(key);
    return Number(v);
  };
  const day = (key: keyof FilterText): string | undefined => {
    if (f[key].trim() === '') return undefined;
    const iso = norwegianDayToIso(f[key]);
    if (iso === null) bad.add(key);
    return iso ?? undefined;
  };
  if (f.state !== '') filter.states = [f.state];
  const min = int('balanceMin');
  const max = int('balanceMax');
  const days = int('expiringDays');
  if (min !== undefined) filter.balanceMin = min;
  if (max !== undefined) filter.balanceMax = max;
  if (days !== undefined) {
    if (days < 0 || days > 3650) bad.add('expiringDays');
    filter.expiringWithinDays = days;
  }
  const cf = day('cancelledFrom');
  const ct = day('cancelledTo');
  const ef = day('enrolledFrom');
  const et = day('enrolledTo');
  if (cf !== undefined) filter.cancelledFrom = cf;
  if (ct !== undefined) filter.cancelledTo = ct;
  if (ef !== undefined) filter.enrolledFrom = ef;
  if (et !== undefined) filter.enrolledTo = et;
  if (f.postcode.trim() !== '') {
    if (!/^\d{1,4}$/.test(f.postcode.trim())) bad.add('postcode');
    filter.postcode = f.postcode.trim();
  }
  if (f.place.trim() !== '') filter.place = f.place.trim();
  return { filter, bad };
}

function MembersTab({ mayExport }: { mayExport: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState<FilterText>(emptyFilter);
  const [bad, setBad] = useState<Set<keyof FilterText>>(new Set());
  const [query, setQuery] = useState<{ filter: Filter; sort: TableSort; page: number; pageSize: number }>({ filter: {}, sort: { key: 'memberNo', direction: 'asc' }, page: 0, pageSize: 25 });
  const q = useDeskQuery('reports.members', {
    filter: query.filter,
    sort: query.sort.key as MemberSort,
    direction: query.sort.direction,
    limit: query.pageSize,
    offset: query.page * query.pageSize,
  });
  useReportError(q.error);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const parsed = parseFilter(text);
    setBad(parsed.bad);
    if (parsed.bad.size === 0) setQuery((s) => ({ ...s, filter: parsed.filter, page: 0 }));
  };
  const field = (key: Exclude<keyof FilterText, 'state'>, label: string, width = 170, help?: string) => (
    <TextField
      key={key}
      label={label}
      value={text[key]}
      onChange={(e) => setText((s) => ({ ...s, [key]: e.target.value }))}
      size="small"
      autoComplete="off"
      sx={{ width }}
      error={bad.has(key)}
      helperText={help ?? ' '}
    />
  );
  const withExpiring = query.filter.expiringWithinDays !== undefined;
  const columns: readonly Column<MemberReportRow>[] = [
    { key: 'memberNo', header: t('mreports.members.memberNo'), sortable: true, cell: (m) => m.memberNo },
    { key: 'name', header: t('mreports.members.name'), sortable: true, cell: (m) => m.name },
    { key: 'state', header: t('mreports.members.state'), cell: (m) => t(`state.${m.state}`) },
    { key: 'balance', header: t('mreports.members.balance'), sortable: true, align: 'right', cell: (m) => formatPoints(m.balance), cellSx: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' } },
    { key: 'expiring', header: t('mreports.members.expiring'), hidden: !withExpiring, align: 'right', cell: (m) => formatPoints(m.expiring ?? 0), cellSx: { whiteSpace: 'nowrap' } },
    { key: 'postcode', header: t('mreports.members.postcodeCol'), sortable: true, cell: (m) => m.postcode ?? '' },
    { key: 'place', header: t('mreports.members.placeCol'), cell: (m) => m.place ?? '' },
    { key: 'enrolledOn', header: t('mreports.members.enrolledOn'), sortable: true, cell: (m) => formatDay(m.enrolledOn), cellSx: { whiteSpace: 'nowrap' } },
    { key: 'cancelledOn', header: t('mreports.members.cancelledOn'), sortable: true, cell: (m) => formatDay(m.cancelledOn) ?? '', cellSx: { whiteSpace: 'nowrap' } },
  ];
  const data = q.data;
  const dayHelp = t('mreports.dayFormat');
  return (
    <Box>
      <Typography variant="h2" sx={{ mb: 0.5 }}>
        {t('mreports.members.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {t('mreports.members.help')}
      </Typography>
      <Box component="form" noValidate onSubmit={submit} sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'flex-start', mb: 1 }}>
        <TextField select label={t('mreports.members.states')} value={text.state} onChange={(e) => setText((s) => ({ ...s, state: e.target.value as MembershipState | '' }))} size="small" sx={{ width: 170 }} helperText=" ">
          <MenuItem value="">{t('mreports.members.anyState')}</MenuItem>
          {membershipStates.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`state.${s}`)}
            </MenuItem>
          ))}
        </TextField>
        {field('balanceMin', t('mreports.members.balanceMin'), 130)}
        {field('balanceMax', t('mreports.members.balanceMax'), 130)}
        {field('expiringDays', t('mreports.members.expiringDays'), 290)}
        {field('postcode', t('mreports.members.postcode'), 240)}
        {field('place', t('mreports.members.place'), 160)}
        {field('cancelledFrom', t('mreports.members.cancelledFrom'), 150, dayHelp)}
        {field('cancelledTo', t('mreports.members.cancelledTo'), 150, dayHelp)}
        {field('enrolledFrom', t('mreports.members.enrolledFrom'), 170, dayHelp)}
        {field('enrolledTo', t('mreports.members.enrolledTo'), 170, dayHelp)}
        <Button type="submit" variant="contained" sx={{ mt: '2px' }}>
          {t('mreports.show')}
        </Button>
      </Box>
      {bad.size > 0 ? (
        <Alert severity="error" sx={{ mb: 1 }}>
          {t('mreports.members.invalid')}
        </Alert>
      ) : null}
      <Typography role="status" sx={{ mb: 1, fontWeight: 600 }} data-testid="member-report-count">
        {data === null ? t('mreports.loading') : t('mreports.members.count', { count: data.total, formatted: formatPoints(data.total) })}
      </Typography>
      <Box sx={{ overflowX: 'auto' }}>
        <DataTable
          columns={columns}
          rows={data?.items ?? null}
          rowKey={(m) => m.memberId}
          loading={q.loading}
          label={t('mreports.members.listLabel')}
          testId="member-report"
          size="small"
          paper={false}
          empty={t('mreports.members.none')}
          page={query.page}
          pageSize={query.pageSize}
          pageSizes={PAGE_SIZES}
          total={data?.total ?? 0}
          sort={query.sort}
          onChange={(next: TableQuery) => setQuery((s) => ({ ...s, page: next.page, pageSize: next.pageSize, sort: next.sort ?? s.sort }))}
        />
      </Box>
      <MemberExportButtons show={mayExport} input={{ report: 'members', filter: query.filter, sort: query.sort.key as MemberSort, direction: query.sort.direction }} />
    </Box>
  );
}
