import { useState, type KeyboardEvent, type RefObject } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import type { TimelineItem } from '../../../shared/channels/membership';
import { ledgerKinds, type LedgerKind } from '../../../shared/channels/members';
import { call } from '../../desk';
import { describeError } from '../../i18n/errors';
import { formatDay, formatInstantDay, formatInstantTime, formatSignedPoints } from '../../i18n/format';
import { authorText } from './LedgerTable';
import { reasonText } from '../../i18n/reasons';

const filters = ['all', 'ledger', 'redemption', 'note', 'membership'] as const;
type Filter = (typeof filters)[number];
const membershipEvents = ['enrolled', 'cancelled', 'reactivated', 'keep_membership', 'opted_out', 'rejoined', 'ended'] as const;
const redemptionStatuses = ['registered', 'shipped', 'cancelled'] as const;
const NOTE_MAX = 4000;

function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

/** What happened, in words: the ledger kind, the redemption's state, the membership event, or "note". */
function title(t: TFunction, item: TimelineItem): string {
  switch (item.kind) {
    case 'ledger':
      return isOneOf<LedgerKind>(ledgerKinds, item.type) ? t(`ledgerKind.${item.type}`) : item.type;
    case 'redemption':
      return isOneOf(redemptionStatuses, item.type) ? t(`timeline.redemption.${item.type}`) : item.type;
    case 'membership':
      return isOneOf(membershipEvents, item.type) ? t(`timeline.event.${item.type}`) : item.type;
    case 'note':
      return t('timeline.note');
  }
}

function body(t: TFunction, item: TimelineItem, language: string): string {
  if (item.kind === 'redemption') {
    const id = /^#(\d+)$/.exec(item.text)?.[1];
    return id === undefined ? item.text : t('timeline.redemptionNo', { id });
  }
  if (item.kind === 'note' || item.reasonCode === null) return item.text;
  return reasonText(t, { reasonCode: item.reasonCode, reasonParams: item.reasonParams ?? {}, note: item.note }, language);
}

/** The day it concerns; with the time when it was also recorded that day (a booking of an old earning is not). */
function when(item: TimelineItem): string {
  const day = formatDay(item.on) ?? item.on;
  return formatInstantDay(item.at) === day ? `${day} ${formatInstantTime(item.at)}` : day;
}

const channelNames = ['phone', 'email', 'file', 'system', 'desk'] as const;

interface Props {
  items: readonly TimelineItem[] | null;
  error: unknown;
  memberId: number;
  /** The signed-in user may write notes (agents and supervisors). */
  canNote: boolean;
  noteInput: RefObject<HTMLTextAreaElement | null>;
  onNoteSaved(): void;
}

/** One timeline of everything that happened to the member, newest first, with a note field on top. */
export function TimelineSection({ items, error, memberId, canNote, noteInput, onNoteSaved }: Props) {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<Filter>('all');
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [noteError, setNoteError] = useState<string | null>(null);
  const shown = (items ?? []).filter((i) => filter === 'all' || i.kind === filter);

  const save = async (): Promise<void> => {
    const text = note.trim();
    if (text === '') {
      setNoteError(t('notes.empty'));
      noteInput.current?.focus();
      return;
    }
    setSaving(true);
    setNoteError(null);
    try {
      await call('members.addNote', { memberId, body: text });
      setNote('');
      onNoteSaved();
    } catch (failure) {
      setNoteError(describeError(t, failure));
    } finally {
      setSaving(false);
      noteInput.current?.focus();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void save();
    }
  };

  return (
    <Paper component="section" aria-labelledby="timeline-title" sx={{ p: 2 }}>
      <Typography id="timeline-title" variant="h2" sx={{ mb: 1 }}>
        {t('timeline.title')}
      </Typography>
      {canNote ? (
        <Box
          component="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
          sx={{ mb: 1.5 }}
        >
          <TextField
            label={t('notes.label')}
            multiline
            minRows={2}
            maxRows={8}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            onKeyDown={onKeyDown}
            inputRef={noteInput}
            error={noteError !== null}
            helperText={noteError ?? t('notes.help')}
            slotProps={{ htmlInput: { maxLength: NOTE_MAX, 'aria-keyshortcuts': 'Control+Enter' } }}
          />
          <Box sx={{ display: 'flex', justifyContent: 'flex-end', mt: 0.5 }}>
            <Button type="submit" variant="outlined" size="small" loading={saving}>
              {t('notes.save')}
            </Button>
          </Box>
        </Box>
      ) : null}
      <ToggleButtonGroup
        exclusive
        size="small"
        value={filter}
        onChange={(_event, next: Filter | null) => next !== null && setFilter(next)}
        aria-label={t('timeline.filter')}
        sx={{ mb: 1, flexWrap: 'wrap' }}
      >
        {filters.map((f) => (
          <ToggleButton key={f} value={f} sx={{ color: 'text.secondary', '&.Mui-selected': { color: 'primary.dark' }, py: 0.25, px: 1, textTransform: 'none' }}>
            {t(`timeline.filters.${f}`)}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      {error !== null && items === null ? <Alert severity="error">{describeError(t, error)}</Alert> : null}
      {items !== null && shown.length === 0 ? <Typography color="text.secondary">{t('timeline.empty')}</Typography> : null}
      <Box component="ol" sx={{ listStyle: 'none', m: 0, p: 0 }} data-testid="timeline">
        {shown.map((item) => (
          <Box
            component="li"
            key={`${item.kind}-${item.refId}`}
            data-kind={item.kind}
            sx={{ py: 1, borderTop: 1, borderColor: 'divider', display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) max-content', columnGap: 1 }}
          >
            <Box sx={{ fontWeight: 600, minWidth: 0 }}>{title(t, item)}</Box>
            <Box
              sx={{
                textAlign: 'right',
                whiteSpace: 'nowrap',
                fontWeight: 600,
                fontVariantNumeric: 'tabular-nums',
                color: item.points === null || item.kind === 'redemption' ? 'text.secondary' : item.points > 0 ? 'success.main' : item.points < 0 ? 'error.main' : 'text.primary',
              }}
            >
              {item.points === null || item.points === 0 ? '' : formatSignedPoints(item.points)}
            </Box>
            {body(t, item, i18n.language) === '' ? null : (
              <Box sx={{ gridColumn: '1 / -1', whiteSpace: item.kind === 'note' ? 'pre-wrap' : 'normal', overflowWrap: 'anywhere', color: item.kind === 'note' ? 'text.primary' : 'text.secondary' }}>
                {body(t, item, i18n.language)}
              </Box>
            )}
            <Typography variant="caption" color="text.secondary" sx={{ gridColumn: '1 / -1', fontVariantNumeric: 'tabular-nums' }}>
              {when(item)} · {authorText(t, i18n.language, item.author)}
              {item.channel !== null && isOneOf(channelNames, item.channel) ? ` · ${t(`writeChannel.${item.channel}`)}` : ''}
            </Typography>
          </Box>
        ))}
      </Box>
    </Paper>
  );
}
