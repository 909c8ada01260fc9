import { useEffect, useState } from 'react';
import { Controller, useFieldArray, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import AddIcon from '@mui/icons-material/Add';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import type { HeldCheckItem, HeldOrder, HeldOrderCheck, HeldOrderDraft } from '../../shared/channels/held-orders';
import type { ChannelInput } from '../../shared/contract';
import type { MemberHit } from '../../shared/channels/members';
import type { BonusProduct } from '../../shared/channels/redemptions';
import { asDeskError, call } from '../desk';
import { useDeskEventVersion } from '../events';
import { describeSupervisorError } from '../ui/supervisor-errors';
import { useDeskQuery } from '../ui/useDeskQuery';
import { DialogActionsRow } from '../ui/DialogActionsRow';
import { useDeskAction } from '../ui/useDeskAction';
import { promisable } from '../ui/PromiseChip';
import { ReceivedAtField, receivedAtFrom, receivedInstant, receivedProblem, type ReceivedAt, type ReceivedError } from '../ui/ReceivedAtField';
import { formatPoints } from '../i18n/format';
import { isEmailAddress } from '../../shared/fields';
import { osloWallTime } from '../../shared/oslo-time';
import { describeHeldCheck, isReceivedProblem, opensAtText } from './checks';

const identityKeys = ['memberNo', 'address', 'email', 'phone'] as const;
type IdentityKey = (typeof identityKeys)[number];
const identityLabel = {
  memberNo: 'held.identityMemberNo',
  address: 'held.identityAddress',
  email: 'held.identityEmail',
  phone: 'held.identityPhone',
} as const satisfies Record<IdentityKey, string>;

/** Ask for the checks this long after the agent stops typing. */
const CHECK_AFTER_MS = 250;

interface Values {
  member: MemberHit | null;
  from: string;
  received: ReceivedAt;
  subject: string;
  lines: { productId: number | ''; quantity: number }[];
  delivery: 'next_delivery' | 'separate';
  identity: Record<IdentityKey, boolean>;
}

interface Props {
  /** The desk's "now" (ms) when the dialog opened: the default received time. */
  deskNow: number;
  /** 10:00 (Oslo) today when today is a launch day, else null: a received time from then on is not held (L3). */
  opensAt: string | null;
  onClose(): void;
  onSaved(order: HeldOrder, warnings: readonly HeldCheckItem[]): void;
}

/** The value, once it has stayed the same for `ms` (compared as JSON). */
function useSettled<T>(value: T, ms: number): T {
  const key = JSON.stringify(value);
  const [settled, setSettled] = useState<string>(key);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(key), ms);
    return () => window.clearTimeout(timer);
  }, [key, ms]);
  return JSON.parse(settled) as T;
}

/** The same Oslo calendar day. */
const sameOsloDay = (a: string, b: string): boolean => osloWallTime(Date.parse(a)).slice(0, 10) === osloWallTime(Date.parse(b)).slice(0, 10);

/**
 * L3: an email order for launch products that arrived before 10:00 is registered as held, with
 * its received time. Issue 12: while the agent fills it in, the same checks as a quote (B3, B4,
 * B7) and the queue's (L5) show at once — what stops it being held, and what to tell the
 * customer before 10:00 instead of the order failing at 10:00.
 */
export function HeldOrderDialog({ deskNow, opensAt, onClose, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const catalogQuery = useDeskQuery('catalog.list', { includeDiscontinued: false });
  const catalog: readonly BonusProduct[] = catalogQuery.data?.products ?? [];
  const names = new Map(catalog.map((p) => [p.id, p.name]));
  const save = useDeskAction(async (order: ChannelInput<'heldOrders.register'>) => call('heldOrders.register', order), {
    onSuccess: (result) => onSaved(result.heldOrder, result.warnings),
    onError: 'keep',
  });
  const [memberQuery, setMemberQuery] = useState('');
  const [hits, setHits] = useState<{ query: string; items: MemberHit[] }>({ query: '', items: [] });
  const {
    register,
    control,
    handleSubmit,
    getValues,
    setValue,
    formState: { errors, isSubmitting },
  } = useForm<Values>({
    defaultValues: {
      member: null,
      from: '',
      received: receivedAtFrom(deskNow),
      subject: '',
      lines: [{ productId: '', quantity: 1 }],
      delivery: 'next_delivery',
      identity: { memberNo: false, address: false, email: false, phone: false },
    },
  });
  const lines = useFieldArray({ control, name: 'lines' });

  // Search as you type, the newest query only.
  useEffect(() => {
    const query = memberQuery.trim();
    if (query === '') return undefined;
    let live = true;
    const timer = window.setTimeout(() => {
      call('members.search', { query, limit: 10 }).then(
        ({ items }) => live && setHits({ query, items }),
        () => live && setHits({ query, items: [] }),
      );
    }, 150);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [memberQuery]);

  // The order as far as it is filled in: checked as soon as it names a member, a time and a product.
  const [member, typedFrom, received, watchedLines, delivery] = useWatch({ control, name: ['member', 'from', 'received', 'lines', 'delivery'] });
  const from = typedFrom.trim();
  const receivedAt = receivedInstant(received);
  const chosen = watchedLines.flatMap((l) => {
    const quantity = Number(l.quantity);
    return l.productId === '' ? [] : [{ productId: l.productId, quantity: Number.isInteger(quantity) && quantity >= 1 && quantity <= 99 ? quantity : 1 }];
  });
  const draft: HeldOrderDraft | null =
    member === null || receivedAt === null || chosen.length === 0
      ? null
      : { memberId: member.id, email: { ...(isEmailAddress(from) ? { from } : {}), receivedAt }, lines: chosen, delivery };
  const settledDraft = useSettled(draft, CHECK_AFTER_MS);
  // Another desk registers, books or withdraws a held order, or sells the stock: check again.
  const changes = useDeskEventVersion(['held_orders', 'stock']);
  const checkQuery = useDeskQuery('heldOrders.check', settledDraft, changes);
  const current = draft !== null && JSON.stringify(draft) === JSON.stringify(settledDraft);
  const check: HeldOrderCheck | null = draft === null ? null : checkQuery.data;
  const checking = draft !== null && (!current || checkQuery.loading);

  // L3: at or after 10:00 on the launch day the order is not held; said on the field at once.
  const afterOpening = opensAt !== null && receivedAt !== null && sameOsloDay(receivedAt, opensAt) && Date.parse(receivedAt) >= Date.parse(opensAt);
  const saveError = save.error === null ? null : asDeskError(save.error);
  // Main's refusal of the received time holds for the time it was sent with, not for a corrected one.
  const [sentAt, setSentAt] = useState<string | null>(null);
  const fieldRefusal: Pick<HeldCheckItem, 'code' | 'details'> | null =
    (saveError !== null && isReceivedProblem(saveError) && sentAt === receivedAt ? saveError : null) ?? (current ? (check?.refusals.find(isReceivedProblem) ?? null) : null);
  const receivedError = (parseShown: boolean): ReceivedError | null => {
    const part = receivedProblem(received);
    if (part !== null) return parseShown ? { message: t(part === 'day' ? 'receivedAt.dayInvalid' : 'receivedAt.timeInvalid'), parts: [part] } : null;
    if (afterOpening) return { message: t('receivedAt.afterLockout', { time: opensAtText(opensAt) }), parts: ['time'] };
    if (fieldRefusal !== null) {
      const message = describeHeldCheck(t, { code: fieldRefusal.code, message: '', details: fieldRefusal.details }, opensAt);
      return { message, parts: fieldRefusal.code === 'received_after_lockout' ? ['time'] : ['day', 'time'] };
    }
    return null;
  };

  const submit = handleSubmit(async (v) => {
    const at = receivedInstant(v.received);
    if (v.member === null || at === null) return;
    setSentAt(at);
    await save.run({
      memberId: v.member.id,
      email: { from: v.from.trim(), receivedAt: at, subject: v.subject.trim() },
      lines: v.lines.flatMap((l) => (l.productId === '' ? [] : [{ productId: l.productId, quantity: Number(l.quantity) }])),
      delivery: v.delivery,
      identity: v.identity,
    });
  });

  // A refusal about the received time is said on the field; anything else above the form.
  const failure = (saveError !== null && isReceivedProblem(saveError) ? null : save.error) ?? catalogQuery.error;
  const failureText =
    failure === null ? null : asDeskError(failure).code === 'conflict' ? t('held.notLocked') : describeSupervisorError(t, failure, i18n.language);
  const shownHits = memberQuery.trim() === '' ? [] : hits.items;
  const lineCheck = (productId: number | ''): HeldOrderCheck['lines'][number] | undefined => (productId === '' || !current ? undefined : check?.lines.find((l) => l.productId === productId));
  const refusals = (check?.refusals ?? []).filter((r) => !isReceivedProblem(r));
  // Warnings are about a held order: while it cannot be registered at all, the refusal is what to say.
  const blocked = afterOpening || (check?.refusals.length ?? 0) > 0;
  const warnings = blocked ? [] : (check?.warnings ?? []);
  const opens = check?.opensAt ?? opensAt;
  // L5: what the queue ahead of this order leaves of each product.
  const lineText = (l: HeldOrderCheck['lines'][number] | undefined): string | undefined =>
    l === undefined || (!l.inLaunch && l.queuedAhead === 0) ? undefined : t('heldCheck.line', { stock: formatPoints(l.stock), queued: formatPoints(l.queuedAhead), promisable: formatPoints(l.promisable) });
  const stockText = (p: BonusProduct): string => {
    if (p.state === 'sold_out' || p.stock <= 0) return t('launch.stock.soldOut');
    if (p.queued === 0) return t('launch.stock.inStock', { stock: formatPoints(p.stock) });
    const values = { stock: formatPoints(p.stock), queued: formatPoints(p.queued), promisable: formatPoints(promisable(p.stock, p.queued)) };
    return promisable(p.stock, p.queued) === 0 ? t('promise.none', values) : t('promise.label', values);
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" aria-labelledby="held-dialog-title" aria-describedby="held-dialog-intro">
      {/* display: contents, so the content scrolls between a title and buttons that stay in view. */}
      <form noValidate onSubmit={submit} style={{ display: 'contents' }}>
        <DialogTitle id="held-dialog-title">{t('held.registerTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText id="held-dialog-intro" sx={{ mb: 2 }}>
            {t('held.registerIntro')}
          </DialogContentText>
          <Stack spacing={2}>
            {failureText === null ? null : (
              <Alert severity="error" data-testid="held-dialog-error">
                {failureText}
              </Alert>
            )}
            <Controller
              control={control}
              name="member"
              rules={{ validate: (m) => m !== null || t('held.memberNeeded') }}
              render={({ field, fieldState }) => (
                <Autocomplete
                  options={shownHits}
                  value={field.value}
                  onChange={(_event, member) => {
                    field.onChange(member);
                    if (member !== null && member.email !== null && getValues('from').trim() === '') setValue('from', member.email, { shouldDirty: true });
                  }}
                  onInputChange={(_event, value, reason) => {
                    // Choosing a member fills the field with its label: that is not a new search.
                    if (reason !== 'reset') setMemberQuery(value);
                  }}
                  filterOptions={(options) => options}
                  getOptionLabel={(m) => t('held.memberOption', { memberNo: m.memberNo, name: `${m.firstName} ${m.lastName}` })}
                  isOptionEqualToValue={(a, b) => a.id === b.id}
                  noOptionsText={memberQuery.trim() === '' ? t('held.typeToSearch') : t('held.noMembers')}
                  renderInput={(params) => (
                    <TextField
                      {...params}
                      label={t('held.memberSearch')}
                      autoFocus
                      error={fieldState.error !== undefined}
                      helperText={fieldState.error?.message ?? t('held.memberSearchHelp')}
                    />
                  )}
                />
              )}
            />
            <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: 'minmax(0, 1fr) minmax(0, 1fr)' }, gap: 2, alignItems: 'start' }}>
              {/* Controlled, so a sender filled in from the chosen member keeps its label above the value (issue 12). */}
              <Controller
                control={control}
                name="from"
                rules={{ validate: (v) => isEmailAddress(v) || t('held.emailInvalid') }}
                render={({ field, fieldState }) => (
                  <TextField
                    label={t('held.sender')}
                    type="email"
                    autoComplete="off"
                    value={field.value}
                    onChange={field.onChange}
                    onBlur={field.onBlur}
                    name={field.name}
                    inputRef={field.ref}
                    error={fieldState.error !== undefined}
                    helperText={fieldState.error?.message ?? (member?.email === null || member === null ? undefined : t('redemption.channel.fromHelp', { email: member.email }))}
                    slotProps={{ inputLabel: { shrink: field.value !== '' ? true : undefined }, htmlInput: { spellCheck: false, maxLength: 254, 'data-testid': 'held-sender' } }}
                  />
                )}
              />
              <Controller
                control={control}
                name="received"
                rules={{
                  validate: (v) => {
                    const part = receivedProblem(v);
                    if (part !== null) return t(part === 'day' ? 'receivedAt.dayInvalid' : 'receivedAt.timeInvalid');
                    const at = receivedInstant(v);
                    // L3: refused here too; main refuses it whatever the form says (received_after_lockout).
                    if (opensAt !== null && at !== null && sameOsloDay(at, opensAt) && Date.parse(at) >= Date.parse(opensAt)) return t('receivedAt.afterLockout', { time: opensAtText(opensAt) });
                    return true;
                  },
                }}
                render={({ field, fieldState }) => (
                  <ReceivedAtField id="held-received" value={field.value} onChange={field.onChange} onBlur={field.onBlur} dayRef={field.ref} error={receivedError(fieldState.error !== undefined)} />
                )}
              />
            </Box>
            <TextField label={t('held.emailSubject')} autoComplete="off" error={errors.subject !== undefined} helperText={errors.subject?.message} {...register('subject', { maxLength: { value: 300, message: t('held.subjectLong') } })} />
            <Stack spacing={1}>
              {lines.fields.map((line, index) => (
                <Box key={line.id} sx={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 96px 40px', gap: 1, alignItems: 'start' }}>
                  <Controller
                    control={control}
                    name={`lines.${index}.productId`}
                    rules={{ validate: (v) => v !== '' || t('held.productNeeded') }}
                    render={({ field, fieldState }) => (
                      <TextField
                        select
                        label={t('held.product')}
                        {...field}
                        error={fieldState.error !== undefined}
                        helperText={fieldState.error?.message ?? lineText(lineCheck(field.value))}
                        slotProps={{ formHelperText: { 'data-testid': `held-line-${index}-queue` } as object }}
                      >
                        {catalog.map((p) => (
                          <MenuItem key={p.id} value={p.id}>
                            {p.name} · {t('common.pointsValue', { points: formatPoints(p.pointsPrice) })} · {stockText(p)}
                          </MenuItem>
                        ))}
                      </TextField>
                    )}
                  />
                  <TextField
                    label={t('held.quantity')}
                    type="number"
                    slotProps={{ htmlInput: { min: 1, max: 99 } }}
                    {...register(`lines.${index}.quantity`, { valueAsNumber: true, min: 1, max: 99 })}
                    error={errors.lines?.[index]?.quantity !== undefined}
                  />
                  <IconButton
                    aria-label={t('held.removeLine', { n: index + 1 })}
                    title={t('held.removeLine', { n: index + 1 })}
                    onClick={() => lines.remove(index)}
                    disabled={lines.fields.length === 1}
                    sx={{ mt: 0.25 }}
                  >
                    <DeleteOutlineIcon />
                  </IconButton>
                </Box>
              ))}
              <Box>
                <Button size="small" startIcon={<AddIcon />} onClick={() => lines.append({ productId: '', quantity: 1 })} disabled={lines.fields.length >= 20}>
                  {t('held.addLine')}
                </Button>
              </Box>
            </Stack>
            {/* Issue 12: the checks, at once and again as the order changes (politely read out). */}
            <Box role="status" aria-live="polite" aria-label={t('heldCheck.region')} data-testid="held-checks" data-state={draft === null ? 'empty' : checking ? 'checking' : 'done'}>
              <Box sx={{ height: 3, mb: 0.5 }}>{checking ? <LinearProgress aria-label={t('heldCheck.checking')} sx={{ height: 3 }} /> : null}</Box>
              {check === null ? null : (
                <Stack spacing={1}>
                  {refusals.length > 0 ? (
                    <Alert severity="error" role="none" data-testid="held-refusals">
                      <AlertTitle>{t('heldCheck.refusedTitle')}</AlertTitle>
                      <CheckList items={refusals.map((r) => describeHeldCheck(t, r, opens, names))} />
                    </Alert>
                  ) : null}
                  {warnings.length > 0 ? (
                    <Alert severity="warning" role="none" data-testid="held-warnings">
                      <AlertTitle>{t('heldCheck.warningsTitle')}</AlertTitle>
                      {opens === null ? t('heldCheck.warningsIntroNoTime') : t('heldCheck.warningsIntro', { time: opensAtText(opens) })}
                      <CheckList items={warnings.map((w) => describeHeldCheck(t, w, opens, names))} />
                    </Alert>
                  ) : null}
                  {!blocked && warnings.length === 0 ? (
                    <Alert severity="success" role="none" data-testid="held-clear">
                      {opens === null ? t('heldCheck.clearNoTime') : t('heldCheck.clear', { time: opensAtText(opens) })}
                    </Alert>
                  ) : null}
                </Stack>
              )}
            </Box>
            <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, gap: 2 }}>
              <Controller
                control={control}
                name="delivery"
                render={({ field }) => (
                  <FormControl>
                    <FormLabel id="held-delivery-label">{t('held.delivery')}</FormLabel>
                    <RadioGroup aria-labelledby="held-delivery-label" {...field}>
                      <FormControlLabel value="next_delivery" control={<Radio size="small" />} label={t('held.deliveryNext')} />
                      <FormControlLabel value="separate" control={<Radio size="small" />} label={t('held.deliverySeparate')} />
                    </RadioGroup>
                  </FormControl>
                )}
              />
              <Controller
                control={control}
                name="identity"
                rules={{ validate: (v) => identityKeys.filter((k) => v[k]).length >= 2 || t('held.identityNeeded') }}
                render={({ field, fieldState }) => (
                  <FormControl error={fieldState.error !== undefined} component="fieldset">
                    <FormLabel component="legend">{t('held.identity')}</FormLabel>
                    <FormGroup row>
                      {identityKeys.map((k) => (
                        <FormControlLabel
                          key={k}
                          control={<Checkbox size="small" checked={field.value[k]} onChange={(event) => field.onChange({ ...field.value, [k]: event.target.checked })} />}
                          label={t(identityLabel[k])}
                        />
                      ))}
                    </FormGroup>
                    {fieldState.error === undefined ? null : <FormHelperText>{fieldState.error.message}</FormHelperText>}
                  </FormControl>
                )}
              />
            </Box>
          </Stack>
        </DialogContent>
        <DialogActionsRow onCancel={onClose} busy={isSubmitting} confirm={t('held.submit')} />
      </form>
    </Dialog>
  );
}

/** The reasons of a check, one a line. */
function CheckList({ items }: { items: readonly string[] }) {
  return (
    <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2.5 }}>
      {items.map((text) => (
        <li key={text}>{text}</li>
      ))}
    </Box>
  );
}
