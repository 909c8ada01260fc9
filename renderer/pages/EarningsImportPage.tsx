import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
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
import FileUploadIcon from '@mui/icons-material/FileUpload';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import type { EarningsImport } from '../../shared/channels/earnings';
import { asDeskError, call } from '../desk';
import { useDeskQuery } from '../hooks/useDeskQuery';
import { useNotifier } from '../components/Notifier';
import { visuallyHidden } from '../components/launch/LaunchTimeline';
import { describeSupervisorError } from '../components/supervisor/errors';
import { formatInstantDay, formatInstantTime, formatPoints } from '../i18n/format';

type Outcome = { kind: 'imported'; result: EarningsImport } | { kind: 'failed'; error: unknown } | { kind: 'unreadable' } | null;

/** The file as text (UTF-8; a BOM is dropped by main's parser). */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsText(file, 'utf-8');
  });
}

/** B2: take an earnings file from billing; bad lines are shown with their line number; a file is never taken twice. */
export function EarningsImportPage() {
  const { t, i18n } = useTranslation();
  const notifier = useNotifier();
  const [file, setFile] = useState<File | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((n) => n + 1), []);

  const earlier = useDeskQuery('earnings.files', {}, version);
  useEffect(() => {
    if (earlier.error !== null) notifier.error(earlier.error);
  }, [earlier.error, notifier]);
  const files = earlier.data?.files ?? null;

  const choose = (event: ChangeEvent<HTMLInputElement>): void => {
    setFile(event.target.files?.[0] ?? null);
    setOutcome(null);
  };

  const importFile = async (): Promise<void> => {
    if (file === null) return;
    setBusy(true);
    setOutcome(null);
    try {
      let content: string;
      try {
        content = await readText(file);
      } catch {
        setOutcome({ kind: 'unreadable' });
        return;
      }
      const result = await call('earnings.import', { fileName: file.name, content });
      setOutcome({ kind: 'imported', result });
      reload();
    } catch (error) {
      setOutcome({ kind: 'failed', error });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box>
      <Typography variant="h1" sx={{ mb: 1 }}>
        {t('earnings.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2, maxWidth: 900 }}>
        {t('earnings.intro')}
      </Typography>
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
          <Button variant="contained" startIcon={<FileUploadIcon />} disabled={file === null || busy} loading={busy} onClick={() => void importFile()}>
            {t('earnings.import')}
          </Button>
        </Box>
        {busy ? <LinearProgress aria-label={t('earnings.importing')} sx={{ mt: 2 }} /> : null}
      </Paper>
      <Box role="status" aria-live="polite">
        {outcome?.kind === 'failed' ? (
          <Alert severity={asDeskError(outcome.error).code === 'duplicate_file' ? 'warning' : 'error'} sx={{ mb: 3, fontWeight: 600 }} data-testid="earnings-error">
            {describeSupervisorError(t, outcome.error, i18n.language)}
          </Alert>
        ) : null}
        {outcome?.kind === 'unreadable' ? (
          <Alert severity="error" sx={{ mb: 3 }} data-testid="earnings-error">
            {t('earnings.readFailed')}
          </Alert>
        ) : null}
        {outcome?.kind === 'imported' ? <ImportResult result={outcome.result} /> : null}
      </Box>
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
                  {[f.total, f.accepted, f.rejected, f.points].map((n, index) => (
                    <TableCell key={index} align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                      {formatPoints(n)}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
              {files !== null && files.length === 0 ? (
                <TableRow>
                  <TableCell colSpan={6} sx={{ color: 'text.secondary' }}>
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

function ImportResult({ result }: { result: EarningsImport }) {
  const { t } = useTranslation();
  const figures = [
    { key: 'total', label: t('earnings.total'), value: result.total },
    { key: 'accepted', label: t('earnings.accepted'), value: result.accepted },
    { key: 'rejected', label: t('earnings.rejected'), value: result.rejected },
    { key: 'points', label: t('earnings.points'), value: result.points },
  ] as const;
  return (
    <Box component="section" aria-labelledby="earnings-result-title" sx={{ mb: 3 }} data-testid="earnings-result">
      <Typography id="earnings-result-title" variant="h2" sx={{ mb: 1 }}>
        {t('earnings.resultTitle', { name: result.fileName })}
      </Typography>
      <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', mb: 2 }}>
        {figures.map((f) => (
          <Paper key={f.key} sx={{ p: 1.5 }} data-testid={`earnings-${f.key}`}>
            <Typography variant="subtitle2" component="p" color="text.secondary">
              {f.label}
            </Typography>
            <Typography component="p" sx={{ fontSize: '1.5rem', fontWeight: 700, fontVariantNumeric: 'tabular-nums', color: f.key === 'rejected' && f.value > 0 ? 'error.main' : undefined }}>
              {formatPoints(f.value)}
            </Typography>
          </Paper>
        ))}
      </Box>
      <Typography id="earnings-rejections-title" variant="h3" component="h3" sx={{ mb: 1 }}>
        {t('earnings.rejections')}
      </Typography>
      {result.rejections.length === 0 ? (
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
              {result.rejections.map((r) => (
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
    </Box>
  );
}
