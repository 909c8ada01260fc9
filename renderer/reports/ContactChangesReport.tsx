import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import FileDownloadIcon from '@mui/icons-material/FileDownload';
import SearchIcon from '@mui/icons-material/Search';
import type { ContactChange } from '../../shared/channels/contact';
import type { ContactField } from '../../shared/contact';
import { isoToNorwegianDay, norwegianDayToIso } from '../../shared/oslo-time';
import { call } from '../desk';
import { formatDay, formatInstantDay, formatInstantTime, formatPhone } from '../i18n/format';
import { DataTable, type Column, type TableQuery } from '../ui/DataTable';
import { useNotifier } from '../ui/Notifier';
import { useDeskQuery } from '../ui/useDeskQuery';

const PAGE_SIZES = [25, 50, 100] as const;

/** The list asked for: the day and the page. */
interface Shown {
  since: string;
  page: number;
  pageSize: number;
  /** Goes up when "Vis endringer" asks again for the same day (agents add changes meanwhile). */
  version: number;
}

type Written = { since: string; path: string; rows: number };

/** "2026-11-21" → "01.11.2026": the first day of that month, the billing team's usual start. */
function firstOfMonth(today: string): string {
  return isoToNorwegianDay(`${today.slice(0, 8)}01`);
}

/**
 * D3 for managers (reports.contactChanges, reports.exportContactChanges): the contact details
 * agents corrected since a day, page by page with the exact count, each with its time, member,
 * field, before and after and who changed it; and billing's CSV of the same day, the file the
 * command line writes. The list is read when asked for (each read is an access, B14), not when
 * the page opens.
 */
export function ContactChangesReport({ today }: { today: string | null }) {
  const { t } = useTranslation();
  const notifier = useNotifier();
  const titleId = useId();
  const field = useRef<HTMLInputElement>(null);
  const [typed, setTyped] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);
  const [written, setWritten] = useState<Written | null>(null);
  const [exporting, setExporting] = useState(false);

  // Until the manager types, the field offers the first of the desk's month (its clock, not the machine's).
  const text = typed ?? (today === null ? '' : firstOfMonth(today));

  const list = useDeskQuery(
    'reports.contactChanges',
    shown === null ? null : { since: shown.since, limit: shown.pageSize, offset: shown.page * shown.pageSize },
    shown?.version ?? 0,
  );
  useEffect(() => {
    if (list.error !== null) notifier.error(list.error);
  }, [list.error, notifier]);

  /** The day typed, or null (the field says why and takes the focus). */
  const chosenDay = (): string | null => {
    const since = norwegianDayToIso(text);
    setInvalid(since === null);
    if (since === null) field.current?.focus();
    return since;
  };

  const show = (since: string): void => {
    setShown((prev) => ({ since, page: 0, pageSize: prev?.pageSize ?? PAGE_SIZES[0], version: (prev?.version ?? 0) + 1 }));
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const since = chosenDay();
    if (since !== null) show(since);
  };

  const download = (): void => {
    if (exporting) return;
    const since = chosenDay();
    if (since === null) return;
    // The list shows what the file holds.
    if (shown?.since !== since) show(since);
    setExporting(true);
    setWritten(null);
    call('reports.exportContactChanges', { since }).then(
      (result) => setWritten({ since, path: result.path, rows: result.rows }),
      (error: unknown) => notifier.error(error),
    ).finally(() => setExporting(false));
  };

  const page = (query: TableQuery): void => {
    setShown((prev) => (prev === null ? prev : { ...prev, page: query.page, pageSize: query.pageSize }));
  };

  const value = (f: ContactField, v: string | null) =>
    v === null || v === '' ? (
      <Typography component="span" variant="body2" color="text.secondary" sx={{ fontStyle: 'italic' }}>
        {t('contactReport.blank')}
      </Typography>
    ) : f === 'phone' ? (
      // A number is read as one: never broken over two lines.
      <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
        {formatPhone(v)}
      </Box>
    ) : (
      v
    );

  const columns: readonly Column<ContactChange>[] = [
    {
      key: 'at',
      header: t('contactReport.at'),
      cell: (c) => `${formatInstantDay(c.changedAt)} ${formatInstantTime(c.changedAt)}`,
      cellSx: { whiteSpace: 'nowrap' },
    },
    {
      key: 'member',
      header: t('contactReport.member'),
      cell: (c) => (
        <>
          <Box component="span" sx={{ fontVariantNumeric: 'tabular-nums' }}>
            {c.memberNo}
          </Box>{' '}
          {c.memberName}
        </>
      ),
    },
    { key: 'field', header: t('contactReport.field'), cell: (c) => t(`contact.${c.field}`) },
    { key: 'before', header: t('contactReport.before'), cell: (c) => value(c.field, c.before), cellSx: { overflowWrap: 'anywhere' } },
    { key: 'after', header: t('contactReport.after'), cell: (c) => value(c.field, c.after), cellSx: { overflowWrap: 'anywhere' } },
    { key: 'by', header: t('contactReport.changedBy'), cell: (c) => c.changedBy },
  ];

  const data = list.data;
  const day = shown === null ? '' : (formatDay(shown.since) ?? shown.since);

  return (
    // The top bar is sticky: a section scrolled to keeps its heading below it.
    <Paper sx={{ p: 2, mt: 3, scrollMarginTop: 64 }} component="section" aria-labelledby={titleId} data-testid="contact-changes">
      <Typography id={titleId} variant="h2" sx={{ mb: 1 }}>
        {t('contactReport.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('contactReport.help')}
      </Typography>
      <Box component="form" noValidate onSubmit={submit} sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <TextField
          label={t('contactReport.since')}
          value={text}
          onChange={(event) => {
            setTyped(event.target.value);
            if (invalid) setInvalid(norwegianDayToIso(event.target.value) === null);
          }}
          inputRef={field}
          autoComplete="off"
          size="small"
          sx={{ width: 200 }}
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
          error={invalid}
          helperText={invalid ? t('held.dayInvalid') : t('held.dayFormat')}
        />
        <Button type="submit" variant="contained" startIcon={<SearchIcon />} sx={{ mt: '2px' }}>
          {t('contactReport.show')}
        </Button>
        <Button type="button" variant="outlined" startIcon={<FileDownloadIcon />} onClick={download} aria-disabled={exporting} sx={{ mt: '2px' }}>
          {t('contactReport.export')}
        </Button>
      </Box>
      <Box role="status" aria-live="polite" sx={{ mt: 1 }} data-testid="contact-changes-export-status">
        {exporting ? <LinearProgress aria-label={t('contactReport.exporting')} /> : null}
        {written !== null ? (
          <Alert severity="success" sx={{ overflowWrap: 'anywhere' }}>
            {t('contactReport.exported', { count: written.rows, date: formatDay(written.since) ?? written.since, path: written.path })}
          </Alert>
        ) : null}
      </Box>
      <Typography role="status" aria-live="polite" sx={{ mt: 2, mb: 1, fontWeight: 600 }} data-testid="contact-changes-count">
        {shown === null ? t('contactReport.hint') : data === null || list.loading ? t('common.loading') : t('contactReport.count', { count: data.total, date: day })}
      </Typography>
      {shown === null ? null : (
        <Box sx={{ overflowX: 'auto' }}>
          <DataTable
            columns={columns}
            rows={data?.items ?? null}
            rowKey={(c) => c.id}
            loading={list.loading}
            label={t('contactReport.listLabel', { date: day })}
            testId="contact-changes-list"
            size="small"
            paper={false}
            empty={t('contactReport.none', { date: day })}
            page={shown.page}
            pageSize={shown.pageSize}
            pageSizes={PAGE_SIZES}
            total={data?.total ?? 0}
            onChange={page}
          />
        </Box>
      )}
    </Paper>
  );
}
