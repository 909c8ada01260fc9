import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import FileUploadIcon from '@mui/icons-material/FileUpload';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import type { UserSummary } from '../../shared/channels/auth';
import {
  BILLING_CONTENT_MAX,
  billingKinds,
  BillingApplyResult,
  type BillingConflict,
  type BillingConflictPreview,
  type BillingCounts,
  type BillingFile,
  type BillingKind,
  type BillingPreview,
  type BillingRejection,
} from '../../shared/channels/billing';
import type { JobStatus } from '../../shared/channels/jobs';
import { canUse } from '../ui/access';
import { asDeskError, call } from '../desk';
import { useDeskEventVersion } from '../events';
import { DataTable, type Column } from '../ui/DataTable';
import { DialogActionsRow } from '../ui/DialogActionsRow';
import { PageHeader } from '../ui/PageHeader';
import { visuallyHidden } from '../ui/styles';
import { describeSupervisorError } from '../ui/supervisor-errors';
import { useDeskAction } from '../ui/useDeskAction';
import { useDeskList } from '../ui/useDeskList';
import { formatInstantDay, formatInstantTime, formatPoints } from '../i18n/format';

/** How often a running apply's progress is asked for. */
const POLL_MS = 300;
/** A job elsewhere reports several times a second; the lists are read again at most this often. */
const JOBS_COALESCE_MS = 500;

/** D2: the effects each kind of file can have, in the order the screen shows them. */
const countsOf: Record<BillingKind, readonly (keyof BillingCounts)[]> = {
  customers: ['waiting', 'waitingChanged', 'membersChanged', 'conflicts'],
  subscriptions: ['enrolled', 'reactivated', 'newMemberships', 'subscriptionsAdded', 'cancelled', 'lastCancelled', 'subscriptionsChanged'],
  invoices: ['invoicesNew', 'invoicesUpdated', 'invoicesPaid'],
};

/** A checked file waiting for the supervisor's confirmation. */
interface Pending {
  kind: BillingKind;
  fileName: string;
  content: string;
  preview: BillingPreview;
}

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsText(file, 'utf-8');
  });
}

/** A refusal in words: a file of another kind names what its header lacks (D1); the rest as the supervisors' screens say them. */
function describeFailure(t: TFunction, error: unknown, language: string): string {
  const e = asDeskError(error);
  const missing = e.details?.['missing'];
  const kind = e.details?.['kind'];
  if (e.code === 'bad_file' && Array.isArray(missing) && typeof kind === 'string' && (billingKinds as readonly string[]).includes(kind)) {
    return t('billing.badHeader', { kind: t(`billing.kinds.${kind as BillingKind}`), missing: missing.join(', ') });
  }
  return describeSupervisorError(t, error, language);
}

/**
 * D1–D3 (issue 14): billing's customers, subscriptions and invoices files. The supervisor chooses
 * the kind and the file and checks it (`billing.preview`, nothing stored): what it would create,
 * change, cancel and reactivate, and every bad line with its number and reason. Confirming starts
 * the apply as a job (`billing.apply`) with a progress bar and a stop button; a stopped apply goes
 * on when the same file is taken again. Below: the files taken, and the open conflicts (a contact
 * detail an agent changed later than billing knows) with a button for each way to resolve it.
 */
export function BillingImportPage({ user }: { user: UserSummary }) {
  const { t, i18n } = useTranslation();
  const mayApply = canUse(user.role, 'billing.apply');
  const [kind, setKind] = useState<BillingKind>('customers');
  const [file, setFile] = useState<File | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [job, setJob] = useState<{ fileName: string; status: JobStatus } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [ended, setEnded] = useState(0);
  const elsewhere = useDeskEventVersion(['jobs', 'members'], undefined, JOBS_COALESCE_MS);
  const files = useDeskList('billing.files', {}, undefined, ended + elsewhere);

  // Poll the worker's progress until the job ends.
  useEffect(() => {
    if (job === null || job.status.state !== 'running') return undefined;
    let live = true;
    const timer = window.setTimeout(() => {
      call('jobs.status', { jobId: job.status.jobId }).then(
        (status) => {
          if (!live) return;
          setJob({ fileName: job.fileName, status });
          if (status.state !== 'running') setEnded((n) => n + 1);
        },
        () => {
          if (live) setJob(null);
        },
      );
    }, POLL_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [job]);

  const check = useDeskAction(
    async (chosen: File, k: BillingKind): Promise<Pending | null> => {
      clear();
      if (chosen.size > BILLING_CONTENT_MAX) {
        setProblem(t('billing.tooLarge', { size: formatPoints(Math.ceil(chosen.size / 1024 / 1024)), max: formatPoints(BILLING_CONTENT_MAX / 1024 / 1024) }));
        return null;
      }
      let content: string;
      try {
        content = await readText(chosen);
      } catch {
        setProblem(t('billing.readFailed'));
        return null;
      }
      const preview = await call('billing.preview', { kind: k, fileName: chosen.name, content });
      return { kind: k, fileName: chosen.name, content, preview };
    },
    { onSuccess: (checked) => setPending(checked), onError: 'keep', describe: (error) => describeFailure(t, error, i18n.language) },
  );
  const apply = useDeskAction((p: Pending) => call('billing.apply', { kind: p.kind, fileName: p.fileName, content: p.content }), {
    onSuccess: (status, p) => {
      setPending(null);
      setJob({ fileName: p.fileName, status });
    },
    onError: 'keep',
    describe: (error) => describeFailure(t, error, i18n.language),
  });
  const stopping = useDeskAction((jobId: string) => call('jobs.cancel', { jobId }));
  const running = job?.status.state === 'running';
  const busy = check.busy || apply.busy || running;
  const failure = check.errorText ?? apply.errorText ?? problem;

  function clear(): void {
    // A finished apply's result gives way to the next file (a running one stays, with its stop button).
    if (job !== null && job.status.state !== 'running') setJob(null);
    setPending(null);
    setProblem(null);
    check.reset();
    apply.reset();
  }

  const choose = (event: ChangeEvent<HTMLInputElement>): void => {
    setFile(event.target.files?.[0] ?? null);
    clear();
  };

  const fileList = files.data?.files ?? null;

  return (
    <Box>
      <PageHeader title={t('billing.title')} subtitle={t('billing.intro')} subtitleSx={{ maxWidth: 900 }} />
      {mayApply ? (
        <Paper sx={{ p: 2, mb: 3 }}>
          <FormControl component="fieldset" disabled={busy} sx={{ mb: 1.5 }}>
            <FormLabel component="legend" sx={{ fontWeight: 600 }}>
              {t('billing.kind')}
            </FormLabel>
            <RadioGroup
              row
              name="billing-kind"
              value={kind}
              onChange={(_event, value) => {
                if ((billingKinds as readonly string[]).includes(value)) setKind(value as BillingKind);
                clear();
              }}
              aria-describedby="billing-kind-help"
            >
              {billingKinds.map((k) => (
                <FormControlLabel key={k} value={k} control={<Radio />} label={t(`billing.kinds.${k}`)} data-testid={`billing-kind-${k}`} />
              ))}
            </RadioGroup>
            <Typography id="billing-kind-help" variant="body2" color="text.secondary" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
              {t(`billing.kindHelp.${kind}`)}
            </Typography>
          </FormControl>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, flexWrap: 'wrap' }}>
            <Button variant="outlined" startIcon={<UploadFileIcon />} onClick={() => fileInput.current?.click()} aria-describedby="billing-chosen" disabled={busy}>
              {t('billing.choose')}
            </Button>
            <input ref={fileInput} type="file" accept=".csv,.txt,text/csv,text/plain" onChange={choose} style={visuallyHidden} tabIndex={-1} aria-hidden data-testid="billing-file" />
            <Typography id="billing-chosen" data-testid="billing-chosen" sx={{ flexGrow: 1, minWidth: 0, overflowWrap: 'anywhere', color: file === null ? 'text.secondary' : 'text.primary' }}>
              {file === null ? t('billing.noFile') : t('billing.chosen', { name: file.name })}
            </Typography>
            <Button variant={pending === null ? 'contained' : 'outlined'} startIcon={<FactCheckIcon />} disabled={file === null || busy} loading={check.busy} onClick={() => file !== null && void check.run(file, kind)}>
              {t('billing.check')}
            </Button>
          </Box>
          {check.busy ? <LinearProgress aria-label={t('billing.checking')} sx={{ mt: 2 }} /> : null}
        </Paper>
      ) : (
        <Typography color="text.secondary" sx={{ mb: 3 }} data-testid="billing-read-only">
          {t('billing.readOnly')}
        </Typography>
      )}
      <Box role="status" aria-live="polite">
        {failure !== null ? (
          <Alert severity={asDeskError(check.error ?? apply.error).code === 'duplicate_file' ? 'warning' : 'error'} sx={{ mb: 3, fontWeight: 600 }} data-testid="billing-error">
            {failure}
          </Alert>
        ) : null}
        {job !== null ? <JobView fileName={job.fileName} status={job.status} onStop={() => void stopping.run(job.status.jobId)} /> : null}
      </Box>
      {pending !== null ? (
        <Box component="section" aria-labelledby="billing-preview-title" sx={{ mb: 3 }} data-testid="billing-preview">
          <Typography id="billing-preview-title" variant="h2" sx={{ mb: 0.5 }}>
            {t('billing.previewTitle', { name: pending.fileName })}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 1.5 }}>
            {t('billing.previewHint')}
          </Typography>
          {pending.preview.alreadyApplied > 0 ? (
            <Alert severity="info" sx={{ mb: 1.5 }} data-testid="billing-resume">
              {t('billing.resumeHint', { count: pending.preview.alreadyApplied })}
            </Alert>
          ) : null}
          <Figures kind={pending.kind} total={pending.preview.total} applied={pending.preview.applied} skipped={pending.preview.skipped} rejected={pending.preview.rejected} counts={pending.preview.counts} appliedLabel={t('billing.applied')} />
          <Rejections rejections={pending.preview.rejections} count={pending.preview.rejected} />
          {pending.preview.conflicts.length > 0 ? <PreviewConflicts conflicts={pending.preview.conflicts} /> : null}
          <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', flexWrap: 'wrap', mt: 2 }}>
            <Button variant="contained" startIcon={<FileUploadIcon />} disabled={busy || pending.preview.applied === 0} loading={apply.busy} onClick={() => setConfirming(true)}>
              {t('billing.apply')}
            </Button>
            <Button onClick={clear} disabled={apply.busy}>
              {t('billing.cancel')}
            </Button>
          </Stack>
        </Box>
      ) : null}
      {mayApply ? <OpenConflicts version={ended + elsewhere} /> : null}
      <Box component="section" aria-labelledby="billing-files-title">
        <Typography id="billing-files-title" variant="h2" sx={{ mb: 1 }}>
          {t('billing.files')}
        </Typography>
        <FilesTable files={fileList} />
      </Box>
      <Dialog open={confirming && pending !== null} onClose={() => setConfirming(false)} aria-labelledby="billing-confirm-title" aria-describedby="billing-confirm-body">
        <DialogTitle id="billing-confirm-title">{t('billing.confirmTitle', { name: pending?.fileName ?? '' })}</DialogTitle>
        <DialogContent>
          <DialogContentText id="billing-confirm-body">{t('billing.confirmBody')}</DialogContentText>
        </DialogContent>
        <DialogActionsRow
          onCancel={() => setConfirming(false)}
          busy={false}
          confirm={t('billing.confirm')}
          confirmAutoFocus
          onConfirm={() => {
            setConfirming(false);
            if (pending !== null) void apply.run(pending);
          }}
        />
      </Dialog>
    </Box>
  );
}

const tabular = { fontVariantNumeric: 'tabular-nums' } as const;
const lineText = { fontFamily: 'monospace', overflowWrap: 'anywhere' } as const;

function Figures({ kind, total, applied, skipped, rejected, counts, appliedLabel }: { kind: BillingKind; total: number; applied: number; skipped: number; rejected: number; counts: BillingCounts; appliedLabel: string }) {
  const { t } = useTranslation();
  const figures: { key: string; label: string; value: number; alert?: 'error' | 'warning' }[] = [
    { key: 'total', label: t('billing.total'), value: total },
    { key: 'applied', label: appliedLabel, value: applied },
    { key: 'skipped', label: t('billing.skipped'), value: skipped },
    { key: 'rejected', label: t('billing.rejected'), value: rejected, alert: 'error' },
    ...countsOf[kind].map((key) => ({ key, label: t(`billing.count.${key}`), value: counts[key], ...(key === 'conflicts' ? { alert: 'warning' as const } : {}) })),
  ];
  return (
    <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: 'repeat(auto-fill, minmax(160px, 1fr))', mb: 2 }}>
      {figures.map((f) => (
        <Paper key={f.key} sx={{ p: 1.5 }} data-testid={`billing-${f.key}`}>
          <Typography variant="subtitle2" component="p" color="text.secondary">
            {f.label}
          </Typography>
          <Typography component="p" sx={{ fontSize: '1.5rem', fontWeight: 700, ...tabular, color: f.alert === undefined || f.value === 0 ? undefined : f.alert === 'error' ? 'error.main' : 'warning.dark' }}>
            {formatPoints(f.value)}
          </Typography>
        </Paper>
      ))}
    </Box>
  );
}

function Rejections({ rejections, count }: { rejections: readonly BillingRejection[]; count: number }) {
  const { t } = useTranslation();
  const columns: Column<BillingRejection>[] = [
    { key: 'lineNo', header: t('billing.lineNo'), headerSx: { width: 80 }, cellSx: { ...tabular, fontWeight: 600 }, cell: (r) => r.lineNo },
    { key: 'reason', header: t('billing.reason'), cell: (r) => t(`billing.reasonValue.${r.reason}`) },
    { key: 'field', header: t('billing.column'), cellSx: { fontFamily: 'monospace' }, cell: (r) => r.field ?? '' },
    { key: 'text', header: t('billing.text'), cellSx: lineText, cell: (r) => r.text },
  ];
  return (
    <>
      <Typography id="billing-rejections-title" variant="h3" component="h3" sx={{ mb: 1 }}>
        {t('billing.rejections')}
      </Typography>
      {count > rejections.length ? <Typography sx={{ mb: 1 }}>{t('billing.rejectionsMore', { shown: formatPoints(rejections.length), count: formatPoints(count) })}</Typography> : null}
      {rejections.length === 0 ? (
        <Alert severity="success">{t('billing.noRejections')}</Alert>
      ) : (
        <DataTable columns={columns} rows={rejections} rowKey={(r) => `${r.lineNo}-${r.reason}`} rowProps={(r) => ({ 'data-testid': `billing-rejection-${r.lineNo}` })} labelledBy="billing-rejections-title" testId="billing-rejections" />
      )}
    </>
  );
}

const value = (t: TFunction, v: string | null): string => (v === null || v === '' ? t('billing.empty') : v);

function PreviewConflicts({ conflicts }: { conflicts: readonly BillingConflictPreview[] }) {
  const { t } = useTranslation();
  const columns: Column<BillingConflictPreview>[] = [
    { key: 'lineNo', header: t('billing.lineNo'), headerSx: { width: 80 }, cellSx: { ...tabular, fontWeight: 600 }, cell: (c) => c.lineNo },
    { key: 'memberNo', header: t('billing.memberNo'), cellSx: tabular, cell: (c) => c.memberNo },
    { key: 'field', header: t('billing.field'), cell: (c) => t(`billing.fields.${c.field}`) },
    { key: 'billing', header: t('billing.billingValue'), cell: (c) => value(t, c.billingValue) },
    { key: 'desk', header: t('billing.deskValue'), cell: (c) => value(t, c.deskValue) },
  ];
  return (
    <Box sx={{ mt: 2 }}>
      <Typography id="billing-preview-conflicts-title" variant="h3" component="h3" sx={{ mb: 0.5 }}>
        {t('billing.previewConflicts')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1, maxWidth: 900 }}>
        {t('billing.previewConflictsIntro')}
      </Typography>
      <DataTable columns={columns} rows={conflicts} rowKey={(c) => `${c.lineNo}-${c.field}`} labelledBy="billing-preview-conflicts-title" testId="billing-preview-conflicts" />
    </Box>
  );
}

function JobView({ fileName, status, onStop }: { fileName: string; status: JobStatus; onStop(): void }) {
  const { t } = useTranslation();
  if (status.state === 'running') {
    const total = status.total ?? 0;
    return (
      <Paper sx={{ p: 2, mb: 3 }} data-testid="billing-progress">
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 1 }}>
          <Typography sx={{ fontWeight: 600, flexGrow: 1 }}>{t('billing.applying', { name: fileName })}</Typography>
          <Button size="small" color="inherit" variant="outlined" onClick={onStop}>
            {t('billing.stop')}
          </Button>
        </Box>
        <LinearProgress variant={total > 0 ? 'determinate' : 'indeterminate'} value={total > 0 ? Math.min(100, (status.done / total) * 100) : undefined} aria-label={t('billing.applying', { name: fileName })} sx={{ height: 8, borderRadius: 1 }} />
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.75, ...tabular }}>
          {total > 0 ? t('billing.progress', { done: formatPoints(status.done), total: formatPoints(total) }) : ' '}
        </Typography>
      </Paper>
    );
  }
  const result = BillingApplyResult.safeParse(status.result);
  if (status.state === 'done' && result.success) {
    return (
      <Box component="section" aria-labelledby="billing-result-title" sx={{ mb: 3 }} data-testid="billing-result">
        <Alert severity="success" sx={{ mb: 1.5 }}>
          <span id="billing-result-title">{t('billing.done', { name: result.data.fileName })}</span>
        </Alert>
        <Figures kind={result.data.kind} total={result.data.total} applied={result.data.applied} skipped={result.data.skipped} rejected={result.data.rejected} counts={result.data.counts} appliedLabel={t('billing.appliedDone')} />
        <Rejections rejections={result.data.rejections} count={result.data.rejected} />
      </Box>
    );
  }
  if (status.state === 'cancelled' && result.success) {
    return (
      <Alert severity="info" sx={{ mb: 3 }} data-testid="billing-stopped">
        {t('billing.stopped', { name: result.data.fileName, line: formatPoints(result.data.appliedThrough) })}
      </Alert>
    );
  }
  return (
    <Alert severity="error" sx={{ mb: 3 }} data-testid="billing-failed">
      {t('billing.failed')}
    </Alert>
  );
}

function effects(t: TFunction, f: BillingFile): string {
  return countsOf[f.kind]
    .filter((key) => f.counts[key] > 0)
    .map((key) => `${t(`billing.count.${key}`)}: ${formatPoints(f.counts[key])}`)
    .join(' · ');
}

function FilesTable({ files }: { files: readonly BillingFile[] | null }) {
  const { t } = useTranslation();
  const count = (key: 'total' | 'applied' | 'skipped' | 'rejected', header: string): Column<BillingFile> => ({ key, header, align: 'right', cellSx: tabular, cell: (f) => formatPoints(f[key]) });
  const columns: Column<BillingFile>[] = [
    { key: 'fileName', header: t('billing.fileName'), headerSx: { minWidth: 200 }, cellSx: { overflowWrap: 'anywhere' }, cell: (f) => f.fileName },
    { key: 'kind', header: t('billing.kind'), cell: (f) => t(`billing.kinds.${f.kind}`) },
    { key: 'startedAt', header: t('billing.startedAt'), cellSx: { whiteSpace: 'nowrap', ...tabular }, cell: (f) => `${formatInstantDay(f.startedAt)} ${formatInstantTime(f.startedAt)}` },
    { key: 'status', header: t('billing.status'), cell: (f) => t(`billing.statusValue.${f.status}`) },
    count('total', t('billing.total')),
    count('applied', t('billing.appliedDone')),
    count('skipped', t('billing.skippedShort')),
    count('rejected', t('billing.rejected')),
    { key: 'effects', header: t('billing.effects'), cell: (f) => effects(t, f) },
    { key: 'by', header: t('billing.by'), cell: (f) => f.importedBy ?? t('billing.system') },
  ];
  return <DataTable columns={columns} rows={files} rowKey={(f) => f.fileId} empty={t('billing.noFiles')} labelledBy="billing-files-title" testId="billing-files" />;
}

/** D3: the open conflicts (supervisors), each with its two ways out. */
function OpenConflicts({ version }: { version: number }) {
  const { t } = useTranslation();
  const list = useDeskList('billing.conflicts', { limit: 100 }, undefined, version);
  const resolving = useDeskAction((conflictId: number, resolution: 'kept_desk' | 'took_billing') => call('billing.resolveConflict', { conflictId, resolution }), {
    success: () => t('billing.resolved'),
    reload: list.reload,
  });
  const busy = resolving.busy;
  const onResolve = (id: number, resolution: 'kept_desk' | 'took_billing'): void => void resolving.run(id, resolution);
  const conflicts = list.data?.conflicts ?? [];
  const total = list.data?.total ?? 0;
  const columns: Column<BillingConflict>[] = [
    { key: 'member', header: t('billing.member'), cell: (c) => `${c.memberNo} ${c.memberName}` },
    { key: 'field', header: t('billing.field'), cell: (c) => t(`billing.fields.${c.field}`) },
    { key: 'desk', header: t('billing.deskValue'), cell: (c) => value(t, c.deskValue) },
    { key: 'billing', header: t('billing.billingValue'), cell: (c) => value(t, c.billingValue) },
    { key: 'changedBy', header: t('billing.changedBy'), cell: (c) => t('billing.changedByValue', { name: c.changedBy, date: formatInstantDay(c.changedAt), time: formatInstantTime(c.changedAt) }) },
    { key: 'file', header: t('billing.fromFile'), cell: (c) => t('billing.fromFileValue', { name: c.fileName, line: c.lineNo }) },
    {
      key: 'resolve',
      header: t('billing.resolve'),
      headerSx: { minWidth: 320 },
      cell: (c) => {
        const field = t(`billing.fields.${c.field}`);
        return (
          <Stack direction="row" spacing={1}>
            <Button size="small" variant="outlined" sx={{ whiteSpace: 'nowrap' }} disabled={busy} onClick={() => onResolve(c.id, 'kept_desk')} aria-label={t('billing.keepDeskFor', { field, memberNo: c.memberNo })}>
              {t('billing.keepDesk')}
            </Button>
            <Button size="small" variant="outlined" sx={{ whiteSpace: 'nowrap' }} disabled={busy} onClick={() => onResolve(c.id, 'took_billing')} aria-label={t('billing.takeBillingFor', { field, memberNo: c.memberNo })}>
              {t('billing.takeBilling')}
            </Button>
          </Stack>
        );
      },
    },
  ];
  return (
    <Box component="section" aria-labelledby="billing-conflicts-title" sx={{ mb: 3 }} data-testid="billing-open-conflicts">
      <Typography id="billing-conflicts-title" variant="h2" sx={{ mb: 0.5 }}>
        {t('billing.conflicts')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1, maxWidth: 900 }}>
        {total > 0 ? `${t('billing.conflictsCount', { count: total })}. ${t('billing.conflictsIntro')}` : t('billing.noConflicts')}
      </Typography>
      {conflicts.length > 0 ? <DataTable columns={columns} rows={conflicts} rowKey={(c) => c.id} labelledBy="billing-conflicts-title" testId="billing-conflicts-table" /> : null}
    </Box>
  );
}
