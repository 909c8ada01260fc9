import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
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
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import FileUploadIcon from '@mui/icons-material/FileUpload';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import type { UserSummary } from '../../shared/channels/auth';
import type { EarningsImport, EarningsPreview, EarningsRejection, EarningsRepeat } from '../../shared/channels/earnings';
import { canUse } from '../ui/access';
import { asDeskError, call } from '../desk';
import { useDeskQuery } from '../ui/useDeskQuery';
import { useNotifier } from '../ui/Notifier';
import { visuallyHidden } from '../ui/styles';
import { describeSupervisorError } from '../ui/supervisor-errors';
import { formatInstantDay, formatInstantTime, formatPoints } from '../i18n/format';

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
  const notifier = useNotifier();
  // Managers read the files booked so far; only supervisors check and import (SPEC "Who uses it").
  const mayImport = canUse(user.role, 'earnings.import');
  const [file, setFile] = useState<File | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<'checking' | 'importing' | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [result, setResult] = useState<EarningsImport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [unreadable, setUnreadable] = useState(false);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((n) => n + 1), []);

  const earlier = useDeskQuery('earnings.files', {}, version);
  useEffect(() => {
    if (earlier.error !== null) notifier.error(earlier.error);
  }, [earlier.error, notifier]);
  const files = earlier.data?.files ?? null;

  const clear = (): void => {
    setPending(null);
    setResult(null);
    setError(null);
    setUnreadable(false);
  };

  const choose = (event: ChangeEvent<HTMLInputElement>): void => {
    setFile(event.target.files?.[0] ?? null);
    clear();
  };

  const checkFile = async (): Promise<void> => {
    if (file === null) return;
    setBusy('checking');
    clear();
    try {
      let content: string;
      try {
        content = await readText(file);
      } catch {
        setUnreadable(true);
        return;
      }
      const preview = await call('earnings.preview', { fileName: file.name, content });
      setPending({ fileName: file.name, content, preview, decisions: {} });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const decide = (lineNos: readonly number[], keep: boolean): void => {
    setPending((p) => (p === null ? p : { ...p, decisions: { ...p.decisions, ...Object.fromEntries(lineNos.map((n) => [n, keep])) } }));
  };

  const importFile = async (): Promise<void> => {
    if (pending === null) return;
    setBusy('importing');
    setError(null);
    try {
      const repeats = pending.preview.repeats.map((r) => ({ lineNo: r.lineNo, keep: pending.decisions[r.lineNo] === true }));
      const booked = await call('earnings.import', { fileName: pending.fileName, content: pending.content, repeats });
      setPending(null);
      setResult(booked);
      reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const undecided = pending === null ? 0 : pending.preview.repeats.filter((r) => pending.decisions[r.lineNo] === undefined).length;

  return (
    <Box>
      <Typography variant="h1" sx={{ mb: 1 }}>
        {t('earnings.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2, maxWidth: 900 }}>
        {t('earnings.intro')}
      </Typography>
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
              disabled={file === null || busy !== null}
              loading={busy === 'checking'}
              onClick={() => void checkFile()}
            >
              {t('earnings.check')}
            </Button>
          </Box>
          {busy !== null ? <LinearProgress aria-label={t(busy === 'checking' ? 'earnings.checking' : 'earnings.importing')} sx={{ mt: 2 }} /> : null}
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
            <Button variant="contained" startIcon={<FileUploadIcon />} disabled={undecided > 0 || busy !== null} loading={busy === 'importing'} onClick={() => void importFile()} aria-describedby={undecided > 0 ? 'earnings-undecided' : undefined}>
              {t('earnings.import')}
            </Button>
            <Button onClick={clear} disabled={busy !== null}>
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
        <Paper sx={{ overflowX: 'auto' }}>
          <Table aria-labelledby="earnings-files-title" data-testid="earnings-files">
            <TableHead>
              <TableRow>
                <TableCell>{t('earnings.fileName')}</TableCell>
                <TableCell>{t('earnings.importedAt')}</TableCell>
                <TableCell align="right">{t('earnings.total')}</TableCell>
                <TableCell align="right">{t('earnings.accepted')}</TableCell>
                <TableCell align="right">{t('earnings.rejected')}</TableCell>
                <TableCell align="right">{t('earnings.dropped')}</TableCell>
                <TableCell align="right">{t('earnings.points')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {(files ?? []).map((f) => (
                <TableRow key={f.fileId}>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>{f.fileName}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    {formatInstantDay(f.importedAt)} {formatInstantTime(f.importedAt)}
                  </TableCell>
                  {[f.total, f.accepted, f.rejected, f.dropped, f.points].map((n, index) => (
                    <TableCell key={index} align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                      {formatPoints(n)}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
              {files !== null && files.length === 0 ? (
                <TableRow>
                  <TableCell colSpan={7} sx={{ color: 'text.secondary' }}>
                    {t('earnings.noFiles')}
                  </TableCell>
                </TableRow>
              ) : null}
            </TableBody>
          </Table>
        </Paper>
      </Box>
    </Box>
  );
}

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
  return (
    <>
      <Typography id="earnings-rejections-title" variant="h3" component="h3" sx={{ mb: 1 }}>
        {t('earnings.rejections')}
      </Typography>
      {rejections.length === 0 ? (
        <Alert severity="success">{t('earnings.noRejections')}</Alert>
      ) : (
        <Paper sx={{ overflowX: 'auto' }}>
          <Table aria-labelledby="earnings-rejections-title" data-testid="earnings-rejections">
            <TableHead>
              <TableRow>
                <TableCell sx={{ width: 80 }}>{t('earnings.lineNo')}</TableCell>
                <TableCell>{t('earnings.reason')}</TableCell>
                <TableCell>{t('earnings.text')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rejections.map((r) => (
                <TableRow key={`${r.lineNo}-${r.reason}`}>
                  <TableCell sx={{ fontVariantNumeric: 'tabular-nums', fontWeight: 600 }}>{r.lineNo}</TableCell>
                  <TableCell>{t(`earnings.reasonValue.${r.reason}`)}</TableCell>
                  <TableCell sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>{r.text}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
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
      <Paper sx={{ overflowX: 'auto' }}>
        <Table aria-labelledby="earnings-repeats-title" data-testid="earnings-repeats">
          <TableHead>
            <TableRow>
              <TableCell sx={{ width: 80 }}>{t('earnings.lineNo')}</TableCell>
              <TableCell>{t('earnings.text')}</TableCell>
              <TableCell>{t('earnings.repeatOf')}</TableCell>
              <TableCell align="right">{t('earnings.points')}</TableCell>
              <TableCell sx={{ width: 220 }}>{t('earnings.decision')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {pending.preview.repeats.map((r) => {
              const decision = pending.decisions[r.lineNo];
              return (
                <TableRow key={r.lineNo} data-testid={`earnings-repeat-${r.lineNo}`}>
                  <TableCell sx={{ fontVariantNumeric: 'tabular-nums', fontWeight: 600 }}>{r.lineNo}</TableCell>
                  <TableCell sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>{r.text}</TableCell>
                  <TableCell>{repeatOf(t, r)}</TableCell>
                  <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                    {formatPoints(r.points)}
                  </TableCell>
                  <TableCell>
                    <RadioGroup
                      row
                      aria-label={t('earnings.decisionFor', { line: r.lineNo })}
                      value={decision === undefined ? '' : decision ? 'keep' : 'drop'}
                      onChange={(_event, value) => onDecide([r.lineNo], value === 'keep')}
                    >
                      <FormControlLabel value="keep" control={<Radio size="small" />} label={t('earnings.keep')} slotProps={{ typography: { variant: 'body2' } }} />
                      <FormControlLabel value="drop" control={<Radio size="small" />} label={t('earnings.drop')} slotProps={{ typography: { variant: 'body2' } }} />
                    </RadioGroup>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Paper>
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
