import { useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
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
import type { EarningsImport, EarningsPreview, EarningsRejection, EarningsRepeat } from '../../shared/channels/earnings';
import { canUse } from '../ui/access';
import { asDeskError, call } from '../desk';
import { DataTable, type Column } from '../ui/DataTable';
import { PageHeader } from '../ui/PageHeader';
import { visuallyHidden } from '../ui/styles';
import { describeSupervisorError } from '../ui/supervisor-errors';
import { useDeskAction } from '../ui/useDeskAction';
import { useDeskList } from '../ui/useDeskList';
import { formatInstantDay, formatInstantTime, formatPoints } from '../i18n/format';

/** A file booked before, as the list of earlier files gives it. */
type EarningsFile = Omit<EarningsImport, 'rejections' | 'keptRepeats'>;

/** B2: a checked file waiting for the supervisor: its text, what it would book, a decision per repeated line. */
interface Pending {
  fileName: string;
  content: string;
  preview: EarningsPreview;
  decisions: Record<number, boolean>;
}

/** The file as text (UTF-8; a BOM is dropped by main's parser). */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsText(file, 'utf-8');
  });
}

/**
 * B2: take an earnings file from billing in two steps. "Check file" reads it and stores nothing:
 * bad lines with their line number and reason, and lines that repeat a row (in the file or
 * imported before), each with a keep/drop choice. "Import" books it with those decisions. The
 * same rows are never taken twice.
 */
export function EarningsImportPage({ user }: { user: UserSummary }) {
  const { t, i18n } = useTranslation();
  // Managers read the files booked so far; only supervisors check and import (SPEC "Who uses it").
  const mayImport = canUse(user.role, 'earnings.import');
  const [file, setFile] = useState<File | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [result, setResult] = useState<EarningsImport | null>(null);
  const [unreadable, setUnreadable] = useState(false);
  const earlier = useDeskList('earnings.files', {});
  const files = earlier.data?.files ?? null;

  // A refusal (a file taken before, a bad header) stays on the page until the next file or check.
  const check = useDeskAction(
    async (chosen: File): Promise<Pending | null> => {
      clear();
      let content: string;
      try {
        content = await readText(chosen);
      } catch {
        setUnreadable(true);
        return null;
      }
      const preview = await call('earnings.preview', { fileName: chosen.name, content });
      return { fileName: chosen.name, content, preview, decisions: {} };
    },
    { onSuccess: (checked) => setPending(checked), onError: 'keep' },
  );
  const book = useDeskAction(
    (p: Pending) => {
      const repeats = p.preview.repeats.map((r) => ({ lineNo: r.lineNo, keep: p.decisions[r.lineNo] === true }));
      return call('earnings.import', { fileName: p.fileName, content: p.content, repeats });
    },
    {
      onSuccess: (booked) => {
        setPending(null);
        setResult(booked);
      },
      reload: earlier.reload,
      onError: 'keep',
    },
  );
  const busy = check.busy || book.busy;
  const error = check.error ?? book.error;

  function clear(): void {
    setPending(null);
    setResult(null);
    check.reset();
    book.reset();
    setUnreadable(false);
  }

  const choose = (event: ChangeEvent<HTMLInputElement>): void => {
    setFile(event.target.files?.[0] ?? null);
    clear();
  };

  const decide = (lineNos: readonly number[], keep: boolean): void => {
    setPending((p) => (p === null ? p : { ...p, decisions: { ...p.decisions, ...Object.fromEntries(lineNos.map((n) => [n, keep])) } }));
  };

  const undecided = pending === null ? 0 : pending.preview.repeats.filter((r) => pending.decisions[r.lineNo] === undefined).length;

  const count = (key: 'total' | 'accepted' | 'rejected' | 'dropped' | 'points'): Column<EarningsFile> => ({
    key,
    header: t(`earnings.${key}`),
    align: 'right',
    cellSx: tabular,
    cell: (f) => formatPoints(f[key]),
  });
  const columns: Column<EarningsFile>[] = [
    { key: 'fileName', header: t('earnings.fileName'), cellSx: { overflowWrap: 'anywhere' }, cell: (f) => f.fileName },
    { key: 'importedAt', header: t('earnings.importedAt'), cellSx: { whiteSpace: 'nowrap', ...tabular }, cell: (f) => `${formatInstantDay(f.importedAt)} ${formatInstantTime(f.importedAt)}` },
    count('total'),
    count('accepted'),
    count('rejected'),
    count('dropped'),
    count('points'),
  ];

  return (
    <Box>
      <PageHeader title={t('earnings.title')} subtitle={t('earnings.intro')} subtitleSx={{ maxWidth: 900 }} />
      {mayImport ? (
        <Paper sx={{ p: 2, mb: 3 }}>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, flexWrap: 'wrap' }}>
            {/* The button is the control; the file input behind it only opens the system's file picker. */}
            <Button variant="outlined" startIcon={<UploadFileIcon />} onClick={() => fileInput.current?.click()} aria-describedby="earnings-chosen">
              {t('earnings.choose')}
            </Button>
            <input ref={fileInput} type="file" accept=".csv,.txt,text/csv,text/plain" onChange={choose} style={visuallyHidden} tabIndex={-1} aria-hidden data-testid="earnings-file" />
            <Typography id="earnings-chosen" data-testid="earnings-chosen" sx={{ flexGrow: 1, minWidth: 0, overflowWrap: 'anywhere', color: file === null ? 'text.secondary' : 'text.primary' }}>
              {file === null ? t('earnings.noFile') : t('earnings.chosen', { name: file.name })}
            </Typography>
            <Button
              variant={pending === null ? 'contained' : 'outlined'}
              startIcon={<FactCheckIcon />}
              disabled={file === null || busy}
              loading={check.busy}
              onClick={() => file !== null && void check.run(file)}
            >
              {t('earnings.check')}
            </Button>
          </Box>
          {busy ? <LinearProgress aria-label={t(check.busy ? 'earnings.checking' : 'earnings.importing')} sx={{ mt: 2 }} /> : null}
        </Paper>
      ) : (
        <Typography color="text.secondary" sx={{ mb: 3 }} data-testid="earnings-read-only">
          {t('earnings.readOnly')}
        </Typography>
      )}
      <Box role="status" aria-live="polite">
        {error !== null ? (
          <Alert severity={asDeskError(error).code === 'duplicate_file' ? 'warning' : 'error'} sx={{ mb: 3, fontWeight: 600 }} data-testid="earnings-error">
            {describeSupervisorError(t, error, i18n.language)}
          </Alert>
        ) : null}
        {unreadable ? (
          <Alert severity="error" sx={{ mb: 3 }} data-testid="earnings-error">
            {t('earnings.readFailed')}
          </Alert>
        ) : null}
        {result !== null ? <ImportResult result={result} /> : null}
      </Box>
      {pending !== null ? (
        <Box component="section" aria-labelledby="earnings-preview-title" sx={{ mb: 3 }} data-testid="earnings-preview">
          <Typography id="earnings-preview-title" variant="h2" sx={{ mb: 0.5 }}>
            {t('earnings.previewTitle', { name: pending.fileName })}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 1.5 }}>
            {t('earnings.previewHint')}
          </Typography>
          <Figures
            figures={[
              { key: 'total', label: t('earnings.total'), value: pending.preview.total },
              { key: 'accepted', label: t('earnings.accepted'), value: pending.preview.accepted },
              { key: 'rejected', label: t('earnings.rejected'), value: pending.preview.rejected, alert: 'error' },
              { key: 'repeated', label: t('earnings.repeated'), value: pending.preview.repeats.length, alert: 'warning' },
              { key: 'points', label: t('earnings.points'), value: pending.preview.points },
            ]}
          />
          <Rejections rejections={pending.preview.rejections} />
          {pending.preview.repeats.length > 0 ? <Repeats pending={pending} onDecide={decide} /> : null}
          <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', flexWrap: 'wrap', mt: 2 }}>
            <Button variant="contained" startIcon={<FileUploadIcon />} disabled={undecided > 0 || busy} loading={book.busy} onClick={() => void book.run(pending)} aria-describedby={undecided > 0 ? 'earnings-undecided' : undefined}>
              {t('earnings.import')}
            </Button>
            <Button onClick={clear} disabled={busy}>
              {t('earnings.cancel')}
            </Button>
            {undecided > 0 ? (
              <Typography id="earnings-undecided" data-testid="earnings-undecided" color="warning.dark" sx={{ fontWeight: 600 }}>
                {t('earnings.undecided', { count: undecided })}
              </Typography>
            ) : null}
          </Stack>
        </Box>
      ) : null}
      <Box component="section" aria-labelledby="earnings-files-title">
        <Typography id="earnings-files-title" variant="h2" sx={{ mb: 1 }}>
          {t('earnings.earlier')}
        </Typography>
        <DataTable columns={columns} rows={files} rowKey={(f) => f.fileId} empty={t('earnings.noFiles')} loading={false} labelledBy="earnings-files-title" testId="earnings-files" />
      </Box>
    </Box>
  );
}

/** Numbers line up in their column. */
const tabular = { fontVariantNumeric: 'tabular-nums' } as const;
/** A line of the file as it stands in it. */
const lineText = { fontFamily: 'monospace', overflowWrap: 'anywhere' } as const;
/** The line-number column: narrow, the number in bold. */
const lineNoColumn = { key: 'lineNo', headerSx: { width: 80 }, cellSx: { ...tabular, fontWeight: 600 } } as const;

interface Figure {
  key: string;
  label: string;
  value: number;
  /** Shown in this colour when above zero: bad lines in red, repeats waiting for a decision in amber. */
  alert?: 'error' | 'warning';
}

function Figures({ figures }: { figures: readonly Figure[] }) {
  return (
    <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', mb: 2 }}>
      {figures.map((f) => (
        <Paper key={f.key} sx={{ p: 1.5 }} data-testid={`earnings-${f.key}`}>
          <Typography variant="subtitle2" component="p" color="text.secondary">
            {f.label}
          </Typography>
          <Typography component="p" sx={{ fontSize: '1.5rem', fontWeight: 700, fontVariantNumeric: 'tabular-nums', color: f.alert === undefined || f.value === 0 ? undefined : f.alert === 'error' ? 'error.main' : 'warning.dark' }}>
            {formatPoints(f.value)}
          </Typography>
        </Paper>
      ))}
    </Box>
  );
}

function Rejections({ rejections }: { rejections: readonly EarningsRejection[] }) {
  const { t } = useTranslation();
  const columns: Column<EarningsRejection>[] = [
    { ...lineNoColumn, header: t('earnings.lineNo'), cell: (r) => r.lineNo },
    { key: 'reason', header: t('earnings.reason'), cell: (r) => t(`earnings.reasonValue.${r.reason}`) },
    { key: 'text', header: t('earnings.text'), cellSx: lineText, cell: (r) => r.text },
  ];
  return (
    <>
      <Typography id="earnings-rejections-title" variant="h3" component="h3" sx={{ mb: 1 }}>
        {t('earnings.rejections')}
      </Typography>
      {rejections.length === 0 ? (
        <Alert severity="success">{t('earnings.noRejections')}</Alert>
      ) : (
        <DataTable columns={columns} rows={rejections} rowKey={(r) => `${r.lineNo}-${r.reason}`} labelledBy="earnings-rejections-title" testId="earnings-rejections" />
      )}
    </>
  );
}

/** B2: what a repeated line repeats, in words. */
function repeatOf(t: TFunction, r: EarningsRepeat): string {
  const parts: string[] = [];
  if (r.sameAsLine !== null) parts.push(t('earnings.repeatSameLine', { line: r.sameAsLine }));
  if (r.booked !== null) {
    parts.push(t('earnings.repeatBooked', { line: r.booked.lineNo, name: r.booked.fileName, date: formatInstantDay(r.booked.importedAt), time: formatInstantTime(r.booked.importedAt) }));
  }
  return parts.join('; ');
}

/** B2: the repeated lines, each with its own keep/drop choice (radio buttons: Tab to the row, arrows to choose). */
function Repeats({ pending, onDecide }: { pending: Pending; onDecide: (lineNos: readonly number[], keep: boolean) => void }) {
  const { t } = useTranslation();
  const all = pending.preview.repeats.map((r) => r.lineNo);
  const columns: Column<EarningsRepeat>[] = [
    { ...lineNoColumn, header: t('earnings.lineNo'), cell: (r) => r.lineNo },
    { key: 'text', header: t('earnings.text'), cellSx: lineText, cell: (r) => r.text },
    { key: 'repeatOf', header: t('earnings.repeatOf'), cell: (r) => repeatOf(t, r) },
    { key: 'points', header: t('earnings.points'), align: 'right', cellSx: tabular, cell: (r) => formatPoints(r.points) },
    {
      key: 'decision',
      header: t('earnings.decision'),
      headerSx: { width: 220 },
      cell: (r) => {
        const decision = pending.decisions[r.lineNo];
        return (
          <RadioGroup
            row
            aria-label={t('earnings.decisionFor', { line: r.lineNo })}
            value={decision === undefined ? '' : decision ? 'keep' : 'drop'}
            onChange={(_event, value) => onDecide([r.lineNo], value === 'keep')}
          >
            <FormControlLabel value="keep" control={<Radio size="small" />} label={t('earnings.keep')} slotProps={{ typography: { variant: 'body2' } }} />
            <FormControlLabel value="drop" control={<Radio size="small" />} label={t('earnings.drop')} slotProps={{ typography: { variant: 'body2' } }} />
          </RadioGroup>
        );
      },
    },
  ];
  return (
    <Box sx={{ mt: 2 }}>
      <Typography id="earnings-repeats-title" variant="h3" component="h3" sx={{ mb: 0.5 }}>
        {t('earnings.repeats')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1, maxWidth: 900 }}>
        {t('earnings.repeatsIntro')}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ mb: 1 }}>
        <Button size="small" variant="outlined" onClick={() => onDecide(all, true)}>
          {t('earnings.keepAll')}
        </Button>
        <Button size="small" variant="outlined" onClick={() => onDecide(all, false)}>
          {t('earnings.dropAll')}
        </Button>
      </Stack>
      <DataTable
        columns={columns}
        rows={pending.preview.repeats}
        rowKey={(r) => r.lineNo}
        rowProps={(r) => ({ 'data-testid': `earnings-repeat-${r.lineNo}` })}
        labelledBy="earnings-repeats-title"
        testId="earnings-repeats"
      />
    </Box>
  );
}

function ImportResult({ result }: { result: EarningsImport }) {
  const { t } = useTranslation();
  return (
    <Box component="section" aria-labelledby="earnings-result-title" sx={{ mb: 3 }} data-testid="earnings-result">
      <Typography id="earnings-result-title" variant="h2" sx={{ mb: 1 }}>
        {t('earnings.resultTitle', { name: result.fileName })}
      </Typography>
      <Figures
        figures={[
          { key: 'total', label: t('earnings.total'), value: result.total },
          { key: 'accepted', label: t('earnings.accepted'), value: result.accepted },
          { key: 'rejected', label: t('earnings.rejected'), value: result.rejected, alert: 'error' },
          ...(result.dropped > 0 ? [{ key: 'dropped', label: t('earnings.dropped'), value: result.dropped }] : []),
          { key: 'points', label: t('earnings.points'), value: result.points },
        ]}
      />
      {result.dropped + result.keptRepeats > 0 ? (
        <Typography sx={{ mb: 2 }} data-testid="earnings-result-repeats">
          {t('earnings.resultRepeats', { kept: result.keptRepeats, dropped: result.dropped })}
        </Typography>
      ) : null}
      <Rejections rejections={result.rejections} />
    </Box>
  );
}
