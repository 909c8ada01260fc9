import { useEffect, useState } from 'react';
import { Controller, useFieldArray, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
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
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import AddIcon from '@mui/icons-material/Add';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import type { HeldOrder } from '../../shared/channels/held-orders';
import type { ChannelInput } from '../../shared/contract';
import type { MemberHit } from '../../shared/channels/members';
import type { BonusProduct } from '../../shared/channels/redemptions';
import { asDeskError, call } from '../desk';
import { describeSupervisorError } from '../ui/supervisor-errors';
import { useDeskQuery } from '../ui/useDeskQuery';
import { DialogActionsRow } from '../ui/DialogActionsRow';
import { useDeskAction } from '../ui/useDeskAction';
import { formatPoints } from '../i18n/format';
import { isEmailAddress } from '../../shared/fields';
import { isoToNorwegianDay, normaliseTime, norwegianDayToIso, osloWallTime, osloWallToInstant } from '../../shared/oslo-time';

const identityKeys = ['memberNo', 'address', 'email', 'phone'] as const;
type IdentityKey = (typeof identityKeys)[number];
const identityLabel = {
  memberNo: 'held.identityMemberNo',
  address: 'held.identityAddress',
  email: 'held.identityEmail',
  phone: 'held.identityPhone',
} as const satisfies Record<IdentityKey, string>;

interface Values {
  member: MemberHit | null;
  from: string;
  receivedDay: string;
  receivedTime: string;
  subject: string;
  lines: { productId: number | ''; quantity: number }[];
  delivery: 'next_delivery' | 'separate';
  identity: Record<IdentityKey, boolean>;
}

interface Props {
  /** The desk's "now" (ms) when the dialog opened: the default received time. */
  deskNow: number;
  onClose(): void;
  onSaved(order: HeldOrder): void;
}


/** The received day and time, typed as Oslo wall time, as an instant. */
function receivedInstant(day: string, time: string): string | null {
  const iso = norwegianDayToIso(day);
  const hhmm = normaliseTime(time);
  return iso === null || hhmm === null ? null : osloWallToInstant(`${iso}T${hhmm}`);
}

/** L3: an email order for launch products that arrived before 10:00 is registered as held, with its received time. */
export function HeldOrderDialog({ deskNow, onClose, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const catalogQuery = useDeskQuery('catalog.list', { includeDiscontinued: false });
  const catalog: readonly BonusProduct[] = catalogQuery.data?.products ?? [];
  const save = useDeskAction(async (order: ChannelInput<'heldOrders.register'>) => (await call('heldOrders.register', order)).heldOrder, { onSuccess: onSaved, onError: 'keep' });
  // A failed registration, else a catalog that could not be read.
  const failure = save.error ?? catalogQuery.error;
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
      receivedDay: isoToNorwegianDay(osloWallTime(deskNow).slice(0, 10)),
      receivedTime: osloWallTime(deskNow).slice(11, 16),
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

  const submit = handleSubmit(async (v) => {
    const receivedAt = receivedInstant(v.receivedDay, v.receivedTime);
    if (v.member === null || receivedAt === null) return;
    await save.run({
      memberId: v.member.id,
      email: { from: v.from.trim(), receivedAt, subject: v.subject.trim() },
      lines: v.lines.flatMap((l) => (l.productId === '' ? [] : [{ productId: l.productId, quantity: Number(l.quantity) }])),
      delivery: v.delivery,
      identity: v.identity,
    });
  });

  const failureText =
    failure === null ? null : asDeskError(failure).code === 'conflict' ? t('held.notLocked') : describeSupervisorError(t, failure, i18n.language);
  const shownHits = memberQuery.trim() === '' ? [] : hits.items;

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" aria-labelledby="held-dialog-title" aria-describedby="held-dialog-intro">
      <form noValidate onSubmit={submit}>
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
                    if (member !== null && member.email !== null && getValues('from').trim() === '') setValue('from', member.email);
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
            <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: 'minmax(0, 1fr) 260px' }, gap: 2 }}>
              <TextField
                label={t('held.sender')}
                type="email"
                autoComplete="off"
                {...register('from', { validate: (v) => isEmailAddress(v) || t('held.emailInvalid') })}
                error={errors.from !== undefined}
                helperText={errors.from?.message}
              />
              <Box sx={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 96px', gap: 1 }}>
                <TextField
                  label={t('held.receivedDay')}
                  autoComplete="off"
                  slotProps={{ htmlInput: { inputMode: 'numeric' } }}
                  {...register('receivedDay', { validate: (v) => norwegianDayToIso(v) !== null || t('held.dayInvalid') })}
                  error={errors.receivedDay !== undefined}
                  helperText={errors.receivedDay?.message ?? t('held.dayFormat')}
                />
                <TextField
                  label={t('held.receivedTime')}
                  autoComplete="off"
                  slotProps={{ htmlInput: { inputMode: 'numeric' } }}
                  {...register('receivedTime', { validate: (v) => normaliseTime(v) !== null || t('held.timeInvalid') })}
                  error={errors.receivedTime !== undefined}
                  helperText={errors.receivedTime?.message ?? t('held.timeFormat')}
                />
              </Box>
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
                      <TextField select label={t('held.product')} {...field} error={fieldState.error !== undefined} helperText={fieldState.error?.message}>
                        {catalog.map((p) => (
                          <MenuItem key={p.id} value={p.id}>
                            {p.name} · {t('common.pointsValue', { points: formatPoints(p.pointsPrice) })} ·{' '}
                            {p.state === 'sold_out' || p.stock <= 0 ? t('launch.stock.soldOut') : t('launch.stock.inStock', { stock: formatPoints(p.stock) })}
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
