import { memo, useState, type KeyboardEvent, type RefObject } from 'react';
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
import LocalShippingOutlinedIcon from '@mui/icons-material/LocalShippingOutlined';
import UndoIcon from '@mui/icons-material/Undo';
import type { RedemptionStep, TimelineItem, TimelineRedemption } from '../../shared/channels/membership';
import { ledgerKinds, type LedgerKind } from '../../shared/channels/members';
import { contactFields, type ContactField } from '../../shared/contact';
import { call } from '../desk';
import { describeError } from '../i18n/errors';
import { formatDay, formatInstantDay, formatInstantTime, formatPoints, formatSignedPoints } from '../i18n/format';
import { reasonText } from '../i18n/reasons';
import type { RedemptionRef } from '../redemptions/RedemptionStatusDialogs';
import { formatNok } from '../redemptions/format';
import { authorText } from './LedgerTable';

const filters = ['all', 'ledger', 'redemption', 'note', 'membership', 'contact'] as const;
type Filter = (typeof filters)[number];
const membershipEvents = ['enrolled', 'cancelled', 'reactivated', 'keep_membership', 'opted_out', 'rejoined', 'ended'] as const;
const channelNames = ['phone', 'email', 'file', 'system', 'desk'] as const;
const NOTE_MAX = 4000;
/** Issue 12: rows rendered at first and added by each "show more" (the rest waits; a long history costs nothing on open). */
export const TIMELINE_ROWS = 30;

function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

/** What happened, in words: the ledger kind, the membership event, "note", the contact change (a redemption has its own row). */
function title(t: TFunction, item: TimelineItem): string {
  switch (item.kind) {
    case 'ledger':
      return isOneOf<LedgerKind>(ledgerKinds, item.type) ? t(`ledgerKind.${item.type}`) : item.type;
    case 'redemption':
      return t('memberPage.timeline.redemption', { id: item.refId });
    case 'membership':
      return isOneOf(membershipEvents, item.type) ? t(`timeline.event.${item.type}`) : item.type;
    case 'note':
      return t('timeline.note');
    case 'contact':
      return t('contact.timeline.title');
    case 'service_email':
      return t('serviceEmail.timeline');
  }
}

function body(t: TFunction, item: TimelineItem, language: string): string {
  if (item.kind === 'contact') {
    // D3: which fields the agent changed (the values are on the profile), in the form's order.
    const fields = item.text.split(',').filter((f): f is ContactField => isOneOf(contactFields, f));
    return t('contact.timeline.fields', { fields: fields.map((f) => t(`contact.fieldNames.${f}`)).join(', ') });
  }
  if (item.kind === 'note' || item.reasonCode === null) return item.text;
  return reasonText(t, { reasonCode: item.reasonCode, reasonParams: item.reasonParams ?? {}, note: item.note }, language);
}

/** The day it concerns; with the time when it was also recorded that day (a booking of an old earning is not). */
function when(item: TimelineItem): string {
  const day = formatDay(item.on) ?? item.on;
  return formatInstantDay(item.at) === day ? `${day} ${formatInstantTime(item.at)}` : day;
}

const pointsClass = (points: number): string => (points > 0 ? 'tl-points tl-plus' : points < 0 ? 'tl-points tl-minus' : 'tl-points');

/**
 * One style for the whole list, by class: each row is plain elements, no MUI component per row
 * (issue 12: the member page's own cost), so a long history renders in a blink.
 */
const listSx = {
  listStyle: 'none',
  m: 0,
  p: 0,
  '& > li': { py: 1, borderTop: 1, borderColor: 'divider', display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) max-content', columnGap: 1 },
  '& .tl-title': { fontWeight: 600, minWidth: 0 },
  '& .tl-points': { textAlign: 'right', whiteSpace: 'nowrap', fontWeight: 600, fontVariantNumeric: 'tabular-nums' },
  '& .tl-plus': { color: 'success.main' },
  '& .tl-minus': { color: 'error.main' },
  '& .tl-muted': { color: 'text.secondary', fontWeight: 400 },
  '& .tl-body': { gridColumn: '1 / -1', overflowWrap: 'anywhere', color: 'text.secondary' },
  '& .tl-note': { whiteSpace: 'pre-wrap', color: 'text.primary' },
  '& .tl-warn': { color: 'warning.dark', fontWeight: 600 },
  '& .tl-meta': { gridColumn: '1 / -1', typography: 'caption', color: 'text.secondary', fontVariantNumeric: 'tabular-nums' },
  '& .tl-steps': { gridColumn: '1 / -1', listStyle: 'none', m: 0, mt: 0.5, p: 0, pl: 1, borderLeft: 2, borderColor: 'divider' },
  '& .tl-steps > li': { display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', columnGap: 1, typography: 'body2', fontVariantNumeric: 'tabular-nums' },
  '& .tl-step': { fontWeight: 600 },
  '& .tl-actions': { gridColumn: '1 / -1', display: 'flex', flexWrap: 'wrap', gap: 0.5, mt: 0.5 },
} as const;

interface Props {
  items: readonly TimelineItem[] | null;
  /** There are older items than those read (members.timeline's `more`). */
  more: boolean;
  loadingMore: boolean;
  onLoadMore(): void;
  error: unknown;
  memberId: number;
  memberName: string;
  /** The signed-in user may write notes (agents and supervisors). */
  canNote: boolean;
  noteInput: RefObject<HTMLTextAreaElement | null>;
  onNoteSaved(): void;
  /** The signed-in user may ship and cancel redemptions (B7a). */
  canWriteRedemptions: boolean;
  onShip(redemption: RedemptionRef): void;
  onCancel(redemption: RedemptionRef): void;
  /** Opens the ledger entries one by one (the detailed view), or null where it is not offered. */
  onOpenLedger: (() => void) | null;
}

/**
 * Issue 12: the member page's one list of what happened to the member, newest first: earnings,
 * expiries, corrections, each redemption once with its life (B7a), membership events, notes and
 * contact changes. A note field on top; the first rows at once, more on request.
 */
export function TimelineSection(props: Props) {
  const { items, more, loadingMore, onLoadMore, error, memberId, memberName, canNote, noteInput, onNoteSaved, canWriteRedemptions, onShip, onCancel, onOpenLedger } = props;
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<Filter>('all');
  const [rows, setRows] = useState(TIMELINE_ROWS);
  const matching = (items ?? []).filter((i) => filter === 'all' || i.kind === filter);
  const shown = matching.slice(0, rows);
  const hidden = matching.length > shown.length;
  const showMore = (): void => {
    if (!hidden) onLoadMore();
    setRows((r) => r + TIMELINE_ROWS);
  };

  return (
    <Paper component="section" aria-labelledby="timeline-title" sx={{ p: 2 }}>
      <Box sx={{ display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', gap: 1, mb: 1 }}>
        <Typography id="timeline-title" variant="h2">
          {t('timeline.title')}
        </Typography>
        {onOpenLedger === null ? null : (
          <Button size="small" onClick={onOpenLedger} title={t('memberPage.ledger.openHint')} sx={{ textTransform: 'none' }}>
            {t('memberPage.ledger.open')}
          </Button>
        )}
      </Box>
      {canNote ? <NoteForm memberId={memberId} noteInput={noteInput} onNoteSaved={onNoteSaved} /> : null}
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
            {f === 'contact' ? t('contact.timeline.filter') : t(`timeline.filters.${f}`)}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      {error !== null && items === null ? <Alert severity="error">{describeError(t, error)}</Alert> : null}
      {items !== null && shown.length === 0 ? <Typography color="text.secondary">{t('timeline.empty')}</Typography> : null}
      <Box component="ol" sx={listSx} data-testid="timeline">
        {shown.map((item) => (
          <Row
            key={`${item.kind}-${item.refId}`}
            item={item}
            language={i18n.language}
            memberName={memberName}
            canWrite={canWriteRedemptions}
            onShip={onShip}
            onCancel={onCancel}
          />
        ))}
      </Box>
      {items !== null && (hidden || more) ? (
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, mt: 1, flexWrap: 'wrap' }}>
          <Button variant="outlined" size="small" onClick={showMore} loading={loadingMore} data-testid="timeline-more">
            {t('memberPage.timeline.showMore')}
          </Button>
          <Typography variant="body2" color="text.secondary" role="status" data-testid="timeline-count">
            {loadingMore
              ? t('memberPage.timeline.loadingMore')
              : t(more && filter === 'all' ? 'memberPage.timeline.shownMore' : 'memberPage.timeline.shown', { shown: shown.length, total: matching.length })}
          </Typography>
        </Box>
      ) : null}
      {error !== null && items !== null ? (
        <Alert severity="error" sx={{ mt: 1 }}>
          {describeError(t, error)}
        </Alert>
      ) : null}
    </Paper>
  );
}

interface RowProps {
  item: TimelineItem;
  language: string;
  memberName: string;
  canWrite: boolean;
  onShip(redemption: RedemptionRef): void;
  onCancel(redemption: RedemptionRef): void;
}

/** One row; memoised, so a refresh or "show more" renders only the rows that are new or changed. */
const Row = memo(function Row({ item, language, memberName, canWrite, onShip, onCancel }: RowProps) {
  const { t } = useTranslation();
  if (item.redemption !== undefined) {
    return <RedemptionRow item={item} redemption={item.redemption} memberName={memberName} canWrite={canWrite} onShip={onShip} onCancel={onCancel} />;
  }
  const text = body(t, item, language);
  const channel = item.channel !== null && isOneOf(channelNames, item.channel) ? ` · ${t(`writeChannel.${item.channel}`)}` : '';
  return (
    <li data-kind={item.kind}>
      <span className="tl-title">{title(t, item)}</span>
      <span className={item.points === null ? 'tl-points' : pointsClass(item.points)}>{item.points === null || item.points === 0 ? '' : formatSignedPoints(item.points)}</span>
      {text === '' ? null : <span className={item.kind === 'note' ? 'tl-body tl-note' : 'tl-body'}>{text}</span>}
      <span className="tl-meta">
        {when(item)} · {authorText(t, language, item.author)}
        {channel}
      </span>
    </li>
  );
});

function stepWhen(step: RedemptionStep): string {
  return `${formatInstantDay(step.at)} ${formatInstantTime(step.at)}`;
}

/**
 * B7/B7a: a redemption, once: what it took (the debit) on the right, its products and delivery,
 * then its steps on their own days — registered, shipped, or cancelled with the points given back.
 */
function RedemptionRow({ item, redemption: r, memberName, canWrite, onShip, onCancel }: { item: TimelineItem; redemption: TimelineRedemption; memberName: string; canWrite: boolean; onShip(redemption: RedemptionRef): void; onCancel(redemption: RedemptionRef): void }) {
  const { t, i18n } = useTranslation();
  const ref: RedemptionRef = { id: r.id, memberName, lines: r.lines, totalPoints: r.totalPoints };
  const delivery = r.delivery === 'separate' ? t('redemptions.separate', { amount: formatNok(r.postageOre) }) : t('redemptions.withNext', { date: formatDay(r.deliveryOn) ?? t('common.none') });
  return (
    <li data-kind="redemption" data-redemption-id={r.id} data-status={r.status}>
      <span className="tl-title">
        {t('memberPage.timeline.redemption', { id: r.id })} <span className="tl-muted">· {t(`memberPage.timeline.status.${r.status}`)}</span>
      </span>
      {/* What it took; a cancelled one's give-back is its last step, so the debit is shown once and muted. */}
      <span className={r.status === 'cancelled' ? 'tl-points tl-muted' : 'tl-points tl-minus'}>{formatSignedPoints(-r.totalPoints)}</span>
      <span className="tl-body">
        {r.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ')} · {delivery}
      </span>
      {r.senderMismatch ? <span className="tl-body tl-warn">{t('redemptions.senderMismatch', { from: r.emailFrom ?? '' })}</span> : null}
      <ol className="tl-steps" aria-label={t('memberPage.timeline.steps')}>
        {r.steps.map((step) => (
          <li key={step.step} data-step={step.step}>
            <span>
              <span className="tl-step">{t(`memberPage.timeline.step.${step.step}`)}</span> {stepWhen(step)}
              {step.author === null ? '' : ` · ${authorText(t, i18n.language, step.author)}`}
              {step.step === 'registered' && item.channel !== null && isOneOf(channelNames, item.channel) ? ` · ${t(`writeChannel.${item.channel}`)}` : ''}
              {step.note === null ? '' : ` · «${step.note}»`}
            </span>
            {step.step === 'cancelled' && step.points !== null && step.points > 0 ? (
              <span className="tl-points tl-plus">{t('memberPage.timeline.givenBack', { points: `+${formatPoints(step.points)}` })}</span>
            ) : null}
          </li>
        ))}
      </ol>
      {canWrite && r.status === 'registered' ? (
        <span className="tl-actions">
          <Button size="small" variant="outlined" startIcon={<LocalShippingOutlinedIcon />} onClick={() => onShip(ref)} aria-label={t('redemptions.shipNo', { id: r.id })}>
            {t('redemptions.ship')}
          </Button>
          <Button size="small" color="error" startIcon={<UndoIcon />} onClick={() => onCancel(ref)} aria-label={t('redemptions.cancelNo', { id: r.id })}>
            {t('redemptions.cancel')}
          </Button>
        </span>
      ) : null}
    </li>
  );
}

/** The note field: its own state, so typing re-renders the field only, not the list. */
function NoteForm({ memberId, noteInput, onNoteSaved }: { memberId: number; noteInput: RefObject<HTMLTextAreaElement | null>; onNoteSaved(): void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [noteError, setNoteError] = useState<string | null>(null);

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
  );
}
