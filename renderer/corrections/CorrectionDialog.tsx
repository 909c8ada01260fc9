import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { correctionKinds, manualReasons, type CorrectionEffect, type CorrectionKind, type ManualReason, type MemberCorrections } from '../../shared/channels/corrections';
import type { MemberProfile } from '../../shared/channels/members';
import type { ChannelInput } from '../../shared/contract';
import { asDeskError, call } from '../desk';
import { describeError } from '../i18n/errors';
import { formatDay, formatPoints, formatSignedPoints } from '../i18n/format';
import { DialogActionsRow } from '../ui/DialogActionsRow';

const nok = new Intl.NumberFormat('nb-NO', { style: 'currency', currency: 'NOK' });
type Channel = 'desk' | 'phone' | 'email';

export interface CorrectionStart {
  kind: CorrectionKind;
  invoiceId?: number;
}

interface Props {
  member: MemberProfile;
  data: MemberCorrections;
  start?: CorrectionStart | undefined;
  onClose(): void;
  /** Booked or sent for approval; the message says which. */
  onDone(message: string): void;
}

const wholePoints = (text: string): number | null => (/^\s*\d{1,8}\s*$/.test(text.replace(/\s/g, '')) ? Number(text.replace(/\s/g, '')) : null);

/**
 * B11, issue 13: the supervisor's one "Correct points" action. The kind first, then what it
 * needs (the lot, the invoice, the reason from the list and the case reference), the points and
 * the explanation. The effect is worked out by main as the supervisor types (`corrections.preview`,
 * the booking's own calculation, writing nothing): balance now → after, the lots touched, the
 * largest amount allowed, and whether it waits for a second supervisor. Keyboard: arrows choose
 * the kind, Tab moves on, Enter confirms, Esc closes.
 */
export function CorrectionDialog({ member, data, start, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const unpaid = data.invoices.filter((i) => i.status === 'unpaid' && (i.reductionEntryId === null || i.givenBack) && !data.pending.some((p) => p.invoiceNo === i.invoiceNo));
  const [kind, setKind] = useState<CorrectionKind>(start?.kind ?? 'withhold');
  const [points, setPoints] = useState('');
  const [lotId, setLotId] = useState<number | 'oldest'>('oldest');
  const [invoiceId, setInvoiceId] = useState<number | ''>(start?.invoiceId ?? unpaid[0]?.id ?? '');
  const [category, setCategory] = useState<ManualReason>('goodwill');
  const [caseRef, setCaseRef] = useState('');
  const [reason, setReason] = useState('');
  const [channel, setChannel] = useState<Channel>('desk');
  const [settled, setSettled] = useState<{ effect: CorrectionEffect | null; error: unknown }>({ effect: null, error: null });
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sequence = useRef(0);

  const manual = kind === 'manual_credit' || kind === 'manual_debit';
  const named = kind === 'withhold' || kind === 'correction_delete';
  const amount = wholePoints(points);
  const previewInput =
    amount === null || amount < 1 || (kind === 'unpaid_reduction' && invoiceId === '')
      ? null
      : {
          memberId: member.id,
          kind,
          points: amount,
          channel,
          ...(named && lotId !== 'oldest' ? { lotId } : {}),
          ...(kind === 'unpaid_reduction' && invoiceId !== '' ? { invoiceId } : {}),
        };
  const previewKey = previewInput === null ? null : JSON.stringify(previewInput);

  // The effect follows the form; only the newest answer is shown.
  useEffect(() => {
    const mine = ++sequence.current;
    if (previewKey === null) return undefined;
    const timer = window.setTimeout(() => {
      call('corrections.preview', JSON.parse(previewKey) as ChannelInput<'corrections.preview'>).then(
        (answer) => {
          if (mine === sequence.current) setSettled({ effect: answer, error: null });
        },
        (e: unknown) => {
          if (mine === sequence.current) setSettled({ effect: null, error: e });
        },
      );
    }, 120);
    return () => window.clearTimeout(timer);
  }, [previewKey]);

  // The last answer stays while the next is on its way (no flashing); nothing to preview shows nothing.
  const effect = previewKey === null ? null : settled.effect;
  const effectError = previewKey === null ? null : settled.error;
  const tooMuch = effect !== null && effect.maxPoints !== null && amount !== null && amount > effect.maxPoints;
  const problems = {
    points: amount === null || amount < 1 ? t('correct.validation.points') : null,
    reason: reason.trim().length < 3 ? t('correct.validation.reason') : null,
    caseRef: manual && caseRef.trim() === '' ? t('correct.validation.caseRef') : null,
    invoice: kind === 'unpaid_reduction' && invoiceId === '' ? t('correct.validation.invoice') : null,
  };
  const shown = (problem: string | null): string | null => (submitted ? problem : null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setSubmitted(true);
    if (busy || Object.values(problems).some((p) => p !== null) || tooMuch || amount === null) return;
    setBusy(true);
    setError(null);
    try {
      const outcome = await call('corrections.create', {
        memberId: member.id,
        kind,
        points: amount,
        reason: reason.trim(),
        channel,
        ...(named && lotId !== 'oldest' ? { lotId } : {}),
        ...(kind === 'unpaid_reduction' && invoiceId !== '' ? { invoiceId } : {}),
        ...(manual ? { reasonCategory: category, caseRef: caseRef.trim() } : {}),
      });
      onDone(outcome.status === 'pending' ? t('correct.pending') : t('correct.booked', { points: formatPoints(outcome.balance) }));
    } catch (e: unknown) {
      setError(refusalText(e));
      setBusy(false);
    }
  };

  function refusalText(e: unknown): string {
    const d = asDeskError(e);
    const max = d.details?.['max'];
    if (d.code === 'negative_balance' && typeof max === 'number') return t('correct.tooMuch', { max: formatPoints(max) });
    return describeError(t, e);
  }

  const lots = data.lots.filter((l) => l.remaining > 0);
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" aria-labelledby="correct-title" aria-describedby="correct-intro">
      <form noValidate onSubmit={(e) => void submit(e)}>
        <DialogTitle id="correct-title">{t('correct.title', { name: `${member.firstName} ${member.lastName}` })}</DialogTitle>
        <DialogContent>
          <DialogContentText id="correct-intro" sx={{ mb: 2 }}>
            {t('correct.intro')}
          </DialogContentText>
          <Box sx={{ display: 'flex', flexDirection: { xs: 'column', md: 'row' }, gap: 3 }}>
            <Stack spacing={2} sx={{ flex: '1 1 0', minWidth: 0 }}>
              <FormControl>
                <FormLabel id="correct-kind">{t('correct.kind')}</FormLabel>
                <RadioGroup aria-labelledby="correct-kind" value={kind} onChange={(e) => setKind(e.target.value as CorrectionKind)}>
                  {correctionKinds.map((k, i) => (
                    <FormControlLabel key={k} value={k} control={<Radio autoFocus={i === correctionKinds.indexOf(start?.kind ?? 'withhold')} size="small" />} label={t(`correct.kinds.${k}`)} />
                  ))}
                </RadioGroup>
                <Typography variant="body2" color="text.secondary">
                  {t(`correct.kindHelp.${kind}`)}
                </Typography>
              </FormControl>
              {named ? (
                <TextField select label={t('correct.lot')} value={lotId} onChange={(e) => setLotId(e.target.value === 'oldest' ? 'oldest' : Number(e.target.value))}>
                  <MenuItem value="oldest">{t('correct.lotOldest')}</MenuItem>
                  {lots.map((l) => (
                    <MenuItem key={l.id} value={l.id}>
                      {t('correct.lotOption', { earned: formatDay(l.earnedOn), remaining: formatPoints(l.remaining), expires: formatDay(l.expiresOn) })}
                    </MenuItem>
                  ))}
                </TextField>
              ) : null}
              {kind === 'unpaid_reduction' ? (
                unpaid.length === 0 ? (
                  <Alert severity="info">{t('correct.noUnpaidInvoices')}</Alert>
                ) : (
                  <TextField
                    select
                    label={t('correct.invoice')}
                    value={invoiceId}
                    onChange={(e) => setInvoiceId(Number(e.target.value))}
                    error={shown(problems.invoice) !== null}
                    helperText={shown(problems.invoice)}
                  >
                    {unpaid.map((i) => (
                      <MenuItem key={i.id} value={i.id}>
                        {t('correct.invoiceOption', { no: i.invoiceNo, amount: nok.format(i.amountOre / 100), due: formatDay(i.dueOn) })}
                      </MenuItem>
                    ))}
                  </TextField>
                )
              ) : null}
              {manual ? (
                <Stack direction="row" spacing={2}>
                  <TextField select label={t('correct.category')} value={category} onChange={(e) => setCategory(e.target.value as ManualReason)} sx={{ flex: 1 }}>
                    {manualReasons.map((r) => (
                      <MenuItem key={r} value={r}>
                        {t(`correct.categories.${r}`)}
                      </MenuItem>
                    ))}
                  </TextField>
                  <TextField
                    label={t('correct.caseRef')}
                    value={caseRef}
                    onChange={(e) => setCaseRef(e.target.value)}
                    slotProps={{ htmlInput: { maxLength: 60 } }}
                    error={shown(problems.caseRef) !== null}
                    helperText={shown(problems.caseRef)}
                    sx={{ flex: 1 }}
                  />
                </Stack>
              ) : null}
              <Stack direction="row" spacing={2}>
                <TextField
                  label={t('correct.points')}
                  value={points}
                  onChange={(e) => setPoints(e.target.value)}
                  slotProps={{ htmlInput: { inputMode: 'numeric', 'aria-describedby': 'correct-effect' } }}
                  error={shown(problems.points) !== null || tooMuch}
                  helperText={shown(problems.points) ?? (effect?.maxPoints === null || effect === null ? ' ' : t('correct.pointsMax', { max: formatPoints(effect.maxPoints) }))}
                  sx={{ flex: 1 }}
                />
                <TextField select label={t('correct.channel')} value={channel} onChange={(e) => setChannel(e.target.value as Channel)} sx={{ flex: 1 }}>
                  {(['desk', 'phone', 'email'] as const).map((c) => (
                    <MenuItem key={c} value={c}>
                      {t(`correct.channels.${c}`)}
                    </MenuItem>
                  ))}
                </TextField>
              </Stack>
              <TextField
                label={t('correct.reason')}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                multiline
                minRows={2}
                slotProps={{ htmlInput: { maxLength: 500 } }}
                error={shown(problems.reason) !== null}
                helperText={shown(problems.reason) ?? t('correct.reasonHelp')}
              />
            </Stack>
            <Box id="correct-effect" role="status" aria-live="polite" sx={{ flex: '1 1 0', minWidth: 0 }} data-testid="correction-effect">
              <Typography variant="h3" sx={{ mb: 1 }}>
                {t('correct.effect')}
              </Typography>
              <EffectView effect={effect} error={effectError} amount={amount} tooMuch={tooMuch} />
            </Box>
          </Box>
          {error === null ? null : (
            <Alert severity="error" sx={{ mt: 2 }}>
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActionsRow onCancel={onClose} busy={busy} confirm={effect?.needsApproval === true ? t('correct.confirmApproval') : t('correct.confirm')} />
      </form>
    </Dialog>
  );
}

function EffectView({ effect, error, amount, tooMuch }: { effect: CorrectionEffect | null; error: unknown; amount: number | null; tooMuch: boolean }) {
  const { t } = useTranslation();
  if (error !== null) return <Alert severity="error">{describeError(t, error)}</Alert>;
  if (effect === null) return <Typography color="text.secondary">{amount === null ? t('correct.validation.points') : t('correct.effectLoading')}</Typography>;
  return (
    <Stack spacing={1.5}>
      <Typography sx={{ fontWeight: 600, fontVariantNumeric: 'tabular-nums' }} data-testid="correction-balance">
        {t('correct.balanceNowAfter', { before: formatPoints(effect.balanceBefore), after: formatPoints(effect.balanceAfter) })}
      </Typography>
      {tooMuch && effect.maxPoints !== null ? <Alert severity="error">{t('correct.tooMuch', { max: formatPoints(effect.maxPoints) })}</Alert> : null}
      {effect.lots.length > 0 ? (
        <Box>
          <Typography variant="body2" color="text.secondary">
            {t('correct.lotsTouched')}
          </Typography>
          <Box component="ul" sx={{ m: 0, pl: 2.5, fontVariantNumeric: 'tabular-nums' }}>
            {effect.lots.map((l) => (
              <li key={l.lotId ?? 'new'}>
                {l.lotId === null
                  ? t('correct.newLot', { earned: formatDay(l.earnedOn), expires: formatDay(l.expiresOn), points: formatSignedPoints(l.points) })
                  : t('correct.lotLine', {
                      earned: formatDay(l.earnedOn),
                      expires: formatDay(l.expiresOn),
                      points: formatSignedPoints(l.points),
                      before: formatPoints(l.remainingBefore),
                      after: formatPoints(l.remainingAfter),
                    })}
              </li>
            ))}
          </Box>
        </Box>
      ) : null}
      {effect.needsApproval && !tooMuch ? <Alert severity="warning">{t('correct.needsApproval', { threshold: formatPoints(effect.threshold) })}</Alert> : null}
    </Stack>
  );
}
