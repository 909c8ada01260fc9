import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import AddIcon from '@mui/icons-material/Add';
import type { UserSummary } from '../../shared/channels/auth';
import type { TermsVersion } from '../../shared/channels/terms';
import type { ChannelInput, ChannelOutput } from '../../shared/contract';
import { isoToNorwegianDay, norwegianDayToIso } from '../../shared/oslo-time';
import { asDeskError, call } from '../desk';
import { describeError } from '../i18n/errors';
import { formatDay } from '../i18n/format';
import { canUse } from '../ui/access';
import { DataTable, type Column } from '../ui/DataTable';
import { DialogActionsRow } from '../ui/DialogActionsRow';
import { PageHeader } from '../ui/PageHeader';
import { useDeskAction } from '../ui/useDeskAction';
import { useDeskList } from '../ui/useDeskList';
import { forgetTermsInForce } from './useTermsInForce';

const day = (iso: string): string => formatDay(iso) ?? iso;

/**
 * B13, issue 13: the dated versions of the program's terms, newest first, with the one in force.
 * An admin adds a version: published today or later, in force one calendar month after that at
 * the earliest — a date too early is refused with the earliest day allowed — or at once when the
 * law or an authority requires it, with the reason. Everyone else reads the list and the texts.
 */
export function TermsPage({ user }: { user: UserSummary }) {
  const { t } = useTranslation();
  const list = useDeskList('terms.list', {});
  const editable = canUse(user.role, 'terms.publish');
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const addButton = useRef<HTMLButtonElement>(null);
  const today = list.data?.today ?? null;

  const toggle = (id: number): void =>
    setOpen((shown) => {
      const next = new Set(shown);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const columns: Column<TermsVersion>[] = [
    { key: 'title', header: t('terms.columns.title'), cell: (v) => v.title, cellSx: { fontWeight: 600 } },
    { key: 'publishedOn', header: t('terms.columns.publishedOn'), cellSx: { whiteSpace: 'nowrap' }, cell: (v) => day(v.publishedOn) },
    { key: 'effectiveOn', header: t('terms.columns.effectiveOn'), cellSx: { whiteSpace: 'nowrap' }, cell: (v) => day(v.effectiveOn) },
    { key: 'status', header: t('terms.columns.status'), cell: (v) => <StatusChip version={v} today={today} /> },
    { key: 'legal', header: t('terms.columns.legal'), cell: (v) => (v.legallyRequired ? (v.legalReason ?? '') : t('terms.legalNo')), cellSx: { maxWidth: 280, overflowWrap: 'anywhere' } },
    { key: 'createdBy', header: t('terms.columns.createdBy'), cell: (v) => v.createdBy ?? '' },
    {
      key: 'text',
      header: '',
      align: 'right',
      cellSx: { whiteSpace: 'nowrap' },
      cell: (v) => {
        const shown = open.has(v.id);
        return (
          <Button
            size="small"
            aria-expanded={shown}
            aria-controls={`terms-text-${v.id}`}
            aria-label={t(shown ? 'terms.hideTextLabel' : 'terms.showTextLabel', { title: v.title })}
            onClick={() => toggle(v.id)}
          >
            {shown ? t('terms.hideText') : t('terms.showText')}
          </Button>
        );
      },
    },
  ];

  return (
    <Box>
      <PageHeader
        title={t('terms.title')}
        subtitle={editable ? t('terms.intro') : `${t('terms.intro')} ${t('terms.readOnly')}`}
        actions={
          editable ? (
            <Button ref={addButton} variant="contained" startIcon={<AddIcon />} onClick={() => setAdding(true)}>
              {t('terms.add')}
            </Button>
          ) : undefined
        }
      />
      <Typography id="terms-list-title" variant="h2" sx={{ mb: 1 }}>
        {t('terms.listTitle')}
      </Typography>
      <DataTable
        columns={columns}
        rows={list.data?.versions ?? null}
        rowKey={(v) => v.id}
        rowProps={(v) => ({ 'data-terms': v.id, 'data-current': v.current ? 'true' : undefined })}
        detail={(v) =>
          open.has(v.id)
            ? {
                id: `terms-text-${v.id}`,
                sx: { bgcolor: 'action.hover' },
                content: (
                  <Typography component="div" sx={{ whiteSpace: 'pre-wrap', maxWidth: '80ch' }} data-testid="terms-text">
                    {v.body}
                  </Typography>
                ),
              }
            : null
        }
        labelledBy="terms-list-title"
        empty={t('terms.empty')}
        size="small"
        testId="terms-table"
      />
      {adding && list.data !== null ? (
        <AddTermsDialog
          today={list.data.today}
          earliestToday={list.data.earliestToday}
          onClose={() => {
            setAdding(false);
            window.setTimeout(() => addButton.current?.focus(), 0);
          }}
          onAdded={() => {
            setAdding(false);
            forgetTermsInForce();
            list.reload();
            window.setTimeout(() => addButton.current?.focus(), 0);
          }}
        />
      ) : null}
    </Box>
  );
}

function StatusChip({ version, today }: { version: TermsVersion; today: string | null }) {
  const { t } = useTranslation();
  if (version.current) return <Chip size="small" color="success" label={t('terms.status.current')} />;
  const coming = today !== null && version.effectiveOn > today;
  return <Chip size="small" variant="outlined" color={coming ? 'primary' : 'default'} label={coming ? t('terms.status.coming') : t('terms.status.earlier')} />;
}

type Field = 'title' | 'publishedOn' | 'effectiveOn' | 'legalReason' | 'body';

/** The refusal in the page's words, and the field it belongs to. */
function refusalOf(t: TFunction, error: unknown): { field: Field | null; text: string } {
  const e = asDeskError(error);
  const details = e.details ?? {};
  const field = typeof details['field'] === 'string' ? details['field'] : null;
  const earliest = typeof details['earliest'] === 'string' ? day(details['earliest']) : null;
  if (e.code === 'terms_notice' && earliest !== null) {
    const published = typeof details['publishedOn'] === 'string' ? day(details['publishedOn']) : '';
    // B13: the earliest day allowed, named.
    return { field: 'effectiveOn', text: published === earliest ? t('terms.tooEarlyByLaw', { earliest }) : t('terms.tooEarly', { published, earliest }) };
  }
  if (e.code === 'invalid_input' && field === 'publishedOn' && earliest !== null) return { field: 'publishedOn', text: t('terms.publishedBeforeToday', { earliest }) };
  if (e.code === 'invalid_input' && field === 'legalReason') return { field: 'legalReason', text: t('terms.needsReason') };
  return { field: null, text: describeError(t, error) };
}

function AddTermsDialog({ today, earliestToday, onClose, onAdded }: { today: string; earliestToday: string; onClose(): void; onAdded(): void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [published, setPublished] = useState(isoToNorwegianDay(today));
  const [effective, setEffective] = useState('');
  const [byLaw, setByLaw] = useState(false);
  const [reason, setReason] = useState('');
  const [body, setBody] = useState('');
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [refused, setRefused] = useState<string | null>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  const publishedRef = useRef<HTMLInputElement>(null);
  const effectiveRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const focus = (field: Field): void => {
    window.setTimeout(() => {
      const refs = { title: titleRef, publishedOn: publishedRef, effectiveOn: effectiveRef, legalReason: reasonRef, body: bodyRef };
      refs[field].current?.focus();
    }, 0);
  };

  const publish = useDeskAction<[ChannelInput<'terms.publish'>], ChannelOutput<'terms.publish'>>(
    (input) => call('terms.publish', input),
    {
      success: (r) => t('terms.saved', { title: r.version.title, date: day(r.version.effectiveOn) }),
      onSuccess: onAdded,
      onError: (error) => {
        // A refusal about one field is said on that field (which takes the focus); any other above the form.
        const refusal = refusalOf(t, error);
        if (refusal.field === null) {
          setRefused(refusal.text);
          return;
        }
        setProblems({ [refusal.field]: refusal.text });
        focus(refusal.field);
      },
    },
  );

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setRefused(null);
    const publishedOn = norwegianDayToIso(published);
    const effectiveOn = norwegianDayToIso(effective);
    const found: Partial<Record<Field, string>> = {};
    if (title.trim().length < 3) found.title = t('terms.tooShortTitle');
    if (publishedOn === null) found.publishedOn = t('terms.badDate');
    if (effectiveOn === null) found.effectiveOn = t('terms.badDate');
    if (byLaw && reason.trim().length < 3) found.legalReason = t('terms.needsReason');
    if (body.trim().length < 10) found.body = t('terms.tooShortBody');
    setProblems(found);
    const first = (['title', 'publishedOn', 'effectiveOn', 'legalReason', 'body'] as const).find((f) => found[f] !== undefined);
    if (first !== undefined || publishedOn === null || effectiveOn === null) {
      if (first !== undefined) focus(first);
      return;
    }
    void publish.run({ title: title.trim(), body: body.trim(), publishedOn, effectiveOn, legallyRequired: byLaw, ...(byLaw ? { legalReason: reason.trim() } : {}) });
  };

  const clear = (field: Field): void => setProblems((p) => ({ ...p, [field]: undefined }));

  return (
    <Dialog open onClose={publish.busy ? undefined : onClose} fullWidth maxWidth="md" aria-labelledby="terms-dialog-title">
      <Box component="form" noValidate onSubmit={submit}>
        <DialogTitle id="terms-dialog-title">{t('terms.addTitle')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {refused === null ? null : (
              <Alert severity="error" role="alert" data-testid="terms-refused">
                {refused}
              </Alert>
            )}
            <Typography variant="body2" color="text.secondary">
              {t('terms.noticeHint', { date: day(earliestToday) })}
            </Typography>
            <TextField
              label={t('terms.versionTitle')}
              value={title}
              onChange={(e) => {
                setTitle(e.target.value);
                clear('title');
              }}
              inputRef={titleRef}
              autoFocus
              required
              error={problems.title !== undefined}
              helperText={problems.title}
              slotProps={{ htmlInput: { maxLength: 200 } }}
            />
            <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
              <TextField
                label={t('terms.publishedOn')}
                value={published}
                onChange={(e) => {
                  setPublished(e.target.value);
                  clear('publishedOn');
                }}
                inputRef={publishedRef}
                required
                autoComplete="off"
                error={problems.publishedOn !== undefined}
                helperText={problems.publishedOn ?? t('terms.publishedOnHelp')}
                sx={{ flex: '1 1 260px' }}
                slotProps={{ htmlInput: { inputMode: 'numeric' } }}
              />
              <TextField
                label={t('terms.effectiveOn')}
                value={effective}
                onChange={(e) => {
                  setEffective(e.target.value);
                  clear('effectiveOn');
                }}
                inputRef={effectiveRef}
                required
                autoComplete="off"
                error={problems.effectiveOn !== undefined}
                helperText={problems.effectiveOn ?? t('terms.effectiveOnHelp')}
                sx={{ flex: '1 1 260px' }}
                slotProps={{ htmlInput: { inputMode: 'numeric' } }}
              />
            </Box>
            <FormControlLabel
              control={
                <Checkbox
                  checked={byLaw}
                  onChange={(e) => {
                    setByLaw(e.target.checked);
                    clear('legalReason');
                    clear('effectiveOn');
                  }}
                />
              }
              label={t('terms.legallyRequired')}
            />
            {byLaw ? (
              <TextField
                label={t('terms.legalReason')}
                value={reason}
                onChange={(e) => {
                  setReason(e.target.value);
                  clear('legalReason');
                }}
                inputRef={reasonRef}
                required
                error={problems.legalReason !== undefined}
                helperText={problems.legalReason ?? t('terms.legalReasonHelp')}
                slotProps={{ htmlInput: { maxLength: 500 } }}
              />
            ) : null}
            <TextField
              label={t('terms.body')}
              value={body}
              onChange={(e) => {
                setBody(e.target.value);
                clear('body');
              }}
              inputRef={bodyRef}
              required
              multiline
              minRows={6}
              maxRows={14}
              error={problems.body !== undefined}
              helperText={problems.body}
              slotProps={{ htmlInput: { maxLength: 100_000 } }}
            />
          </Stack>
        </DialogContent>
        <DialogActionsRow onCancel={onClose} busy={publish.busy} confirm={t('terms.save')} />
      </Box>
    </Dialog>
  );
}
