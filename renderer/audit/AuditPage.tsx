import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import FileDownloadIcon from '@mui/icons-material/FileDownload';
import NavigateBeforeIcon from '@mui/icons-material/NavigateBefore';
import NavigateNextIcon from '@mui/icons-material/NavigateNext';
import SearchIcon from '@mui/icons-material/Search';
import type { AuditChange, AuditFilter, AuditRow, ChainCheck } from '../../shared/channels/audit';
import { norwegianDayToIso } from '../../shared/oslo-time';
import { call, DeskClientError } from '../desk';
import { formatDay, formatInstantDay, formatInstantTime, formatPoints } from '../i18n/format';
import { DataTable, type Column } from '../ui/DataTable';
import { PageHeader } from '../ui/PageHeader';
import { useNotifier } from '../ui/Notifier';
import { useDeskQuery } from '../ui/useDeskQuery';

const PAGE_SIZE = 50;

/** What the filter's fields hold as typed. */
interface Typed {
  user: string;
  memberNo: string;
  action: string;
  channel: string;
  from: string;
  to: string;
}

const EMPTY: Typed = { user: '', memberNo: '', action: '', channel: '', from: '', to: '' };

type FieldProblem = 'memberNoInvalid' | 'memberUnknown' | 'dayInvalid' | 'rangeBackwards';

/** The list asked for: the filter, the cursors of the pages before (keyset), and a counter to ask again. */
interface Shown {
  filter: AuditFilter;
  /** `before` of each page opened after the first; the last is the page shown. */
  cursors: number[];
  version: number;
}

type Verified = { ok: boolean; chains: ChainCheck[] };
type Written = { path: string; rows: number; truncated: boolean };

/** The typed fields as a filter, or the problems per field. */
function filterOf(typed: Typed): { filter: AuditFilter } | { problems: Partial<Record<keyof Typed, FieldProblem>> } {
  const problems: Partial<Record<keyof Typed, FieldProblem>> = {};
  const filter: AuditFilter = {};
  if (typed.user === 'system') filter.userId = null;
  else if (typed.user !== '') filter.userId = Number(typed.user);
  const no = typed.memberNo.replace(/\s/g, '');
  if (no !== '') {
    if (/^[1-9][0-9]{0,8}$/.test(no)) filter.memberNo = Number(no);
    else problems.memberNo = 'memberNoInvalid';
  }
  if (typed.action !== '') filter.action = typed.action;
  if (typed.channel !== '') filter.channel = typed.channel;
  for (const key of ['from', 'to'] as const) {
    if (typed[key].trim() === '') continue;
    const day = norwegianDayToIso(typed[key]);
    if (day === null) problems[key] = 'dayInvalid';
    else filter[key] = day;
  }
  if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to) problems.to = 'rangeBackwards';
  return Object.keys(problems).length > 0 ? { problems } : { filter };
}

/**
 * Issue 13, "The audit (supervisors and admins)": the audit log, newest first, filtered by user,
 * member number, action, channel and Oslo days; paged by keyset ("Eldre" asks for the rows older
 * than the last one shown, so a page deep in 10 million rows answers as fast as the first); each
 * row's before → after where its details keep them; the filtered rows as CSV or XLSX; and the
 * check of both hash chains (B14). Keyboard: the fields in order, Enter shows, then the pager.
 */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const notifier = useNotifier();
  const titleId = useId();
  const memberField = useRef<HTMLInputElement>(null);
  const olderButton = useRef<HTMLButtonElement>(null);
  const newerButton = useRef<HTMLButtonElement>(null);
  const [typed, setTyped] = useState<Typed>(EMPTY);
  const [problems, setProblems] = useState<Partial<Record<keyof Typed, FieldProblem>>>({});
  const [shown, setShown] = useState<Shown>({ filter: {}, cursors: [], version: 0 });
  const [verified, setVerified] = useState<Verified | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [written, setWritten] = useState<Written | null>(null);
  const [exporting, setExporting] = useState(false);

  const facets = useDeskQuery('audit.facets', {});
  const before = shown.cursors.at(-1);
  const list = useDeskQuery('audit.list', { ...shown.filter, limit: PAGE_SIZE, ...(before === undefined ? {} : { before }) }, shown.version);

  // A member number nobody has is said on its field; other failures in the snackbar.
  const unknownMember = list.error instanceof DeskClientError && list.error.code === 'not_found' && list.error.details?.['field'] === 'memberNo';
  useEffect(() => {
    if (list.error !== null && !unknownMember) notifier.error(list.error);
  }, [list.error, unknownMember, notifier]);
  useEffect(() => {
    if (facets.error !== null) notifier.error(facets.error);
  }, [facets.error, notifier]);
  useEffect(() => {
    if (unknownMember) memberField.current?.focus();
  }, [unknownMember]);

  const set = (key: keyof Typed) => (event: { target: { value: string } }) => {
    setTyped((prev) => ({ ...prev, [key]: event.target.value }));
    if (problems[key] !== undefined) setProblems((prev) => ({ ...prev, [key]: undefined }));
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const result = filterOf(typed);
    if ('problems' in result) {
      setProblems(result.problems);
      return;
    }
    setProblems({});
    setWritten(null);
    setShown((prev) => ({ filter: result.filter, cursors: [], version: prev.version + 1 }));
  };

  const clear = (): void => {
    setTyped(EMPTY);
    setProblems({});
    setWritten(null);
    setShown((prev) => ({ filter: {}, cursors: [], version: prev.version + 1 }));
  };

  const data = unknownMember ? null : list.data;
  const next = data?.next ?? null;
  /** The pager button pressed last: when it goes away (the last or the first page), the focus moves to the other. */
  const pressed = useRef<'older' | 'newer' | null>(null);
  const older = (): void => {
    if (next === null || list.loading) return;
    pressed.current = 'older';
    setShown((prev) => ({ ...prev, cursors: [...prev.cursors, next] }));
  };
  const newer = (): void => {
    if (shown.cursors.length === 0 || list.loading) return;
    pressed.current = 'newer';
    setShown((prev) => ({ ...prev, cursors: prev.cursors.slice(0, -1) }));
  };
  const newest = (): void => {
    if (shown.cursors.length === 0 || list.loading) return;
    pressed.current = 'newer';
    setShown((prev) => ({ ...prev, cursors: [] }));
  };
  const onFirstPage = shown.cursors.length === 0;
  useEffect(() => {
    if (pressed.current === 'older' && next === null && !list.loading) newerButton.current?.focus();
    if (pressed.current === 'newer' && onFirstPage) olderButton.current?.focus();
  }, [next, onFirstPage, list.loading]);

  const verify = (): void => {
    if (verifying) return;
    setVerifying(true);
    setVerified(null);
    call('audit.verify', {}).then(
      (result) => setVerified(result),
      (error: unknown) => notifier.error(error),
    ).finally(() => setVerifying(false));
  };

  const download = (format: 'csv' | 'xlsx'): void => {
    if (exporting) return;
    setExporting(true);
    setWritten(null);
    call('audit.export', { ...shown.filter, format }).then(
      (result) => setWritten({ path: result.path, rows: result.rows, truncated: result.truncated }),
      (error: unknown) => notifier.error(error),
    ).finally(() => setExporting(false));
  };

  /** A translation found by a key made from data (an action code, a field name), or null. */
  const lookup = (key: string): string | null => {
    const found: unknown = i18n.getResource(i18n.language, 'translation', key) ?? i18n.getResource('nb', 'translation', key);
    return typeof found === 'string' ? found : null;
  };
  const actionLabel = (action: string): string => lookup(`auditAction.${action}`) ?? action;
  const channelLabel = (channel: string): string => lookup(`auditChannel.${channel}`) ?? channel;
  const fieldLabel = (field: string): string => lookup(`auditField.${field}`) ?? field;
  const detailLabel = (key: string): string => lookup(`auditDetail.${key}`) ?? key;

  const valueText = (value: unknown): string => {
    if (value === null || value === undefined || value === '') return t('audit.blank');
    if (typeof value === 'number') return formatPoints(value);
    if (typeof value === 'boolean') return value ? t('audit.yes') : t('audit.no');
    if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? (formatDay(value) ?? value) : value;
    return JSON.stringify(value);
  };
  const changeText = (c: AuditChange): string => {
    const name = c.field === null ? '' : `${fieldLabel(c.field)}: `;
    return c.kept ? `${name}${valueText(c.before)} → ${valueText(c.after)}` : `${name}${t('audit.noValues')}`;
  };
  const detailText = (details: Record<string, unknown>): string =>
    // A detail with no value (an optional field left out) says nothing.
    Object.entries(details)
      .filter(([, value]) => value !== null && value !== '')
      .map(([key, value]) => `${detailLabel(key)} ${typeof value === 'number' && Number.isInteger(value) && key.endsWith('Id') ? String(value) : valueText(value)}`)
      .join(' · ');

  const columns: readonly Column<AuditRow>[] = [
    {
      key: 'at',
      header: t('audit.at'),
      cellSx: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
      cell: (r) => (
        <>
          <Box>{formatInstantDay(r.at)}</Box>
          <Box sx={{ color: 'text.secondary' }}>{formatInstantTime(r.at)}</Box>
        </>
      ),
    },
    { key: 'who', header: t('audit.who'), cellSx: { minWidth: 110 }, cell: (r) => (r.user === null ? <Box sx={{ fontStyle: 'italic' }}>{t('audit.system')}</Box> : r.user.name) },
    {
      key: 'what',
      header: t('audit.what'),
      cellSx: { minWidth: 150 },
      cell: (r) => (
        <>
          <Box sx={{ fontWeight: 600 }}>{actionLabel(r.action)}</Box>
          <Box component="code" sx={{ fontSize: '0.75rem', color: 'text.secondary', overflowWrap: 'anywhere' }}>
            {r.action}
          </Box>
        </>
      ),
    },
    {
      key: 'member',
      header: t('audit.member'),
      cellSx: { minWidth: 120 },
      cell: (r) =>
        r.member === null ? (
          t('common.none')
        ) : (
          <>
            <Box sx={{ fontVariantNumeric: 'tabular-nums' }}>{r.member.memberNo}</Box>
            <Box>{r.member.name}</Box>
          </>
        ),
    },
    { key: 'via', header: t('audit.via'), cell: (r) => channelLabel(r.channel) },
    {
      key: 'change',
      header: t('audit.change'),
      cellSx: { minWidth: 170, overflowWrap: 'anywhere' },
      cell: (r) =>
        r.changes.length === 0 ? (
          t('common.none')
        ) : (
          <Box component="ul" sx={{ m: 0, pl: 2 }}>
            {r.changes.map((c, i) => (
              <li key={`${c.field ?? ''}-${i}`}>{changeText(c)}</li>
            ))}
          </Box>
        ),
    },
    {
      key: 'reason',
      header: t('audit.reason'),
      cellSx: { minWidth: 180, maxWidth: 320, overflowWrap: 'anywhere' },
      cell: (r) => (
        <>
          {r.reason === null ? null : <Box>{r.reason}</Box>}
          {r.details === null ? null : (
            <Box sx={{ color: 'text.secondary', fontSize: '0.8125rem' }} data-testid="audit-details">
              {detailText(r.details)}
            </Box>
          )}
          {r.reason === null && r.details === null ? t('common.none') : null}
        </>
      ),
    },
  ];

  /** A field's problem under it (nothing when there is none: the filter stays on one line). */
  const field = (key: keyof Typed): { error: boolean; helperText: ReactNode } => {
    const problem = key === 'memberNo' && unknownMember ? 'memberUnknown' : problems[key];
    return problem === undefined ? { error: false, helperText: undefined } : { error: true, helperText: t(`audit.${problem}`, { memberNo: shown.filter.memberNo ?? '' }) };
  };
  /** A day field: typed as dd.mm.åååå (the placeholder says so). */
  const dayField = (key: 'from' | 'to') => (
    <TextField
      size="small"
      label={t(`audit.${key}`)}
      value={typed[key]}
      onChange={set(key)}
      autoComplete="off"
      placeholder={t('audit.dayHelp')}
      sx={{ width: 124 }}
      slotProps={{ htmlInput: { inputMode: 'numeric' }, inputLabel: { shrink: true } }}
      {...field(key)}
    />
  );

  const users = facets.data?.users ?? [];
  const actions = facets.data?.actions ?? [];
  const channels = facets.data?.channels ?? [];
  const page = shown.cursors.length + 1;
  const rows = data?.items ?? null;
  const what = data?.member === null || data?.member === undefined ? t('audit.everything') : t('audit.forMember', { memberNo: data.member.memberNo, name: data.member.name });
  const brokenText = (c: ChainCheck): string | null => {
    if (c.broken === null) return null;
    const table = c.table === 'audit_log' ? t('audit.tableAudit') : t('audit.tableAccess');
    const at = `${formatInstantDay(c.broken.at)} ${formatInstantTime(c.broken.at)}`;
    const expected = (c.broken.previousId ?? 0) + 1;
    return expected === c.broken.id
      ? t('audit.verifiedBroken', { table, id: c.broken.id, at })
      : t('audit.verifiedBrokenGap', { table, id: c.broken.id, at, from: expected, to: c.broken.id - 1 });
  };

  return (
    <Box component="section" aria-labelledby={titleId}>
      <PageHeader
        title={t('audit.title')}
        titleId={titleId}
        subtitle={t('audit.subtitle')}
        actions={
          <Button variant="outlined" startIcon={<FactCheckIcon />} onClick={verify} aria-disabled={verifying} data-testid="audit-verify">
            {t('audit.verify')}
          </Button>
        }
      />
      <Box role="status" aria-live="polite" sx={{ mb: verified !== null || verifying ? 2 : 0 }} data-testid="audit-verify-status">
        {verifying ? <LinearProgress aria-label={t('audit.verifying')} /> : null}
        {verified === null ? null : verified.ok ? (
          <Alert severity="success">
            {t('audit.verifiedOk', {
              audit: formatPoints(verified.chains.find((c) => c.table === 'audit_log')?.rows ?? 0),
              access: formatPoints(verified.chains.find((c) => c.table === 'member_access_log')?.rows ?? 0),
            })}
          </Alert>
        ) : (
          verified.chains.map((c) => {
            const text = brokenText(c);
            return text === null ? null : (
              <Alert key={c.table} severity="error" sx={{ mb: 1 }}>
                {text}
              </Alert>
            );
          })
        )}
      </Box>

      <Paper component="form" noValidate onSubmit={submit} aria-label={t('audit.filterTitle')} sx={{ p: 2, mb: 2, display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'flex-start' }} data-testid="audit-filter">
        <TextField select size="small" label={t('audit.user')} value={typed.user} onChange={set('user')} sx={{ width: 165 }} slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}>
          <MenuItem value="">{t('audit.anyUser')}</MenuItem>
          <MenuItem value="system">{t('audit.system')}</MenuItem>
          {users.map((u) => (
            <MenuItem key={u.id} value={String(u.id)}>
              {u.active ? u.name : t('audit.inactive', { name: u.name })}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          size="small"
          label={t('audit.memberNo')}
          value={typed.memberNo}
          onChange={set('memberNo')}
          inputRef={memberField}
          autoComplete="off"
          sx={{ width: 116 }}
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
          {...field('memberNo')}
        />
        <TextField select size="small" label={t('audit.action')} value={typed.action} onChange={set('action')} sx={{ width: 190 }} slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}>
          <MenuItem value="">{t('audit.anyAction')}</MenuItem>
          {actions.map((a) => (
            <MenuItem key={a} value={a}>
              {actionLabel(a)}
            </MenuItem>
          ))}
        </TextField>
        <TextField select size="small" label={t('audit.channel')} value={typed.channel} onChange={set('channel')} sx={{ width: 142 }} slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}>
          <MenuItem value="">{t('audit.anyChannel')}</MenuItem>
          {channels.map((c) => (
            <MenuItem key={c} value={c}>
              {channelLabel(c)}
            </MenuItem>
          ))}
        </TextField>
        {dayField('from')}
        {dayField('to')}
        <Box sx={{ display: 'flex', gap: 1, mt: '2px' }}>
          <Button type="submit" variant="contained" startIcon={<SearchIcon />}>
            {t('audit.show')}
          </Button>
          <Button type="button" onClick={clear}>
            {t('audit.clear')}
          </Button>
        </Box>
      </Paper>

      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap', mb: 1 }}>
        <Typography role="status" aria-live="polite" sx={{ fontWeight: 600, flexGrow: 1 }} data-testid="audit-count">
          {rows === null ? (unknownMember ? t('audit.none') : t('common.loading')) : `${t('audit.filteredTo', { what })} · ${t('audit.page', { page })} · ${t('audit.rows', { count: rows.length })}`}
        </Typography>
        <Button size="small" variant="outlined" startIcon={<FileDownloadIcon />} onClick={() => download('csv')} aria-disabled={exporting}>
          {t('audit.export')}
        </Button>
        <Button size="small" variant="outlined" startIcon={<FileDownloadIcon />} onClick={() => download('xlsx')} aria-disabled={exporting}>
          {t('audit.exportXlsx')}
        </Button>
      </Box>
      <Box role="status" aria-live="polite" data-testid="audit-export-status">
        {exporting ? <LinearProgress aria-label={t('audit.exporting')} /> : null}
        {written === null ? null : (
          <Alert severity={written.truncated ? 'warning' : 'success'} sx={{ mb: 1, overflowWrap: 'anywhere' }}>
            {t('audit.exported', { count: written.rows, path: written.path })}
            {written.truncated ? ` ${t('audit.exportedTruncated', { count: formatPoints(written.rows) })}` : null}
          </Alert>
        )}
      </Box>

      <Paper sx={{ overflowX: 'auto' }}>
        <DataTable columns={columns} rows={rows} rowKey={(r) => r.id} loading={list.loading} label={t('audit.listLabel')} testId="audit-list" size="small" paper={false} empty={t('audit.none')} sx={{ '& td': { verticalAlign: 'top' } }} />
        <Box role="group" aria-label={t('audit.pager')} sx={{ display: 'flex', justifyContent: 'flex-end', gap: 1, p: 1, borderTop: 1, borderColor: 'divider' }}>
          <Button size="small" onClick={newest} disabled={shown.cursors.length === 0}>
            {t('audit.firstPage')}
          </Button>
          <Button size="small" ref={newerButton} startIcon={<NavigateBeforeIcon />} onClick={newer} disabled={shown.cursors.length === 0}>
            {t('audit.newer')}
          </Button>
          <Button size="small" ref={olderButton} endIcon={<NavigateNextIcon />} onClick={older} disabled={next === null}>
            {t('audit.older')}
          </Button>
        </Box>
      </Paper>
    </Box>
  );
}
