import { useMemo } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { Launch, LaunchScope } from '../../shared/channels/launches';
import { launchScopes } from '../../shared/channels/launches';
import type { BonusProduct } from '../../shared/channels/redemptions';
import { call } from '../desk';
import { StockChip } from './StockChip';
import { describeSupervisorError } from '../ui/supervisor-errors';
import { useDeskQuery } from '../ui/useDeskQuery';
import { DialogActionsRow } from '../ui/DialogActionsRow';
import { useDeskAction } from '../ui/useDeskAction';
import { formatPoints } from '../i18n/format';
import { isoToNorwegianDay, norwegianDayToIso } from '../../shared/oslo-time';

type Option = Pick<BonusProduct, 'id' | 'name' | 'sku' | 'pointsPrice' | 'stock' | 'state'>;

interface Values {
  launchOn: string;
  name: string;
  scope: LaunchScope;
  products: Option[];
  reason: string;
}

interface Props {
  /** Null: a new launch. */
  launch: Launch | null;
  /** The desk's Oslo date, the first day a launch may be put on. */
  today: string;
  onClose(): void;
  onSaved(launch: Launch, created: boolean): void;
}

/** Supervisors keep the launch calendar: day (Oslo), name, products, and what the 10:00 lock covers (L3). */
export function LaunchDialog({ launch, today, onClose, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const creating = launch === null;
  const catalogQuery = useDeskQuery('catalog.list', { includeDiscontinued: false });
  const catalog: Option[] | null = catalogQuery.data?.products ?? null;
  const save = useDeskAction(
    (v: Values, launchOn: string): Promise<Launch> => {
      const productIds = v.products.map((p) => p.id);
      if (launch === null) return call('launches.create', { launchOn, name: v.name.trim(), productIds, scope: v.scope });
      const reason = v.reason.trim();
      return call('launches.update', { launchId: launch.id, launchOn, name: v.name.trim(), productIds, scope: v.scope, ...(reason === '' ? {} : { reason }) });
    },
    { onSuccess: (saved) => onSaved(saved, creating), onError: 'keep' },
  );
  // A failed save, else a catalog that could not be read.
  const failure = save.error ?? catalogQuery.error;
  const {
    register,
    control,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<Values>({
    defaultValues: {
      launchOn: isoToNorwegianDay(launch?.launchOn ?? today),
      name: launch?.name ?? '',
      scope: launch?.scope ?? 'launch_products',
      products: launch?.products ?? [],
      reason: '',
    },
  });

  // A product already in the launch stays choosable even if it left the catalog since.
  const options = useMemo(() => {
    const byId = new Map<number, Option>((catalog ?? []).map((p) => [p.id, p]));
    for (const p of launch?.products ?? []) if (!byId.has(p.id)) byId.set(p.id, p);
    return [...byId.values()];
  }, [catalog, launch]);

  const submit = handleSubmit(async (v) => {
    const launchOn = norwegianDayToIso(v.launchOn);
    if (launchOn === null) return;
    await save.run(v, launchOn);
  });

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="launch-dialog-title">
      <form noValidate onSubmit={submit}>
        <DialogTitle id="launch-dialog-title">{creating ? t('launches.createTitle') : t('launches.editTitle')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {failure === null ? null : (
              <Alert severity="error" data-testid="launch-dialog-error">
                {describeSupervisorError(t, failure, i18n.language)}
              </Alert>
            )}
            <Box sx={{ display: 'grid', gridTemplateColumns: '180px minmax(0, 1fr)', gap: 2 }}>
              <TextField
                label={t('launches.date')}
                autoFocus={creating}
                autoComplete="off"
                slotProps={{ htmlInput: { inputMode: 'numeric' } }}
                {...register('launchOn', { validate: (v) => norwegianDayToIso(v) !== null || t('held.dayInvalid') })}
                error={errors.launchOn !== undefined}
                helperText={errors.launchOn?.message ?? t('held.dayFormat')}
              />
              <TextField
                label={t('launches.name')}
                autoComplete="off"
                {...register('name', {
                  validate: (v) => (v.trim() === '' ? t('validation.required') : v.trim().length > 120 ? t('validation.nameLong') : true),
                })}
                error={errors.name !== undefined}
                helperText={errors.name?.message}
              />
            </Box>
            <Controller
              control={control}
              name="scope"
              render={({ field }) => (
                <FormControl>
                  <FormLabel id="launch-scope-label">{t('launches.scope')}</FormLabel>
                  <RadioGroup row aria-labelledby="launch-scope-label" {...field}>
                    {launchScopes.map((scope) => (
                      <FormControlLabel key={scope} value={scope} control={<Radio size="small" />} label={t(`launch.scopeValue.${scope}`)} />
                    ))}
                  </RadioGroup>
                  <FormHelperText sx={{ mx: 0 }}>{t('launches.scopeHelp')}</FormHelperText>
                </FormControl>
              )}
            />
            <Controller
              control={control}
              name="products"
              rules={{
                validate: (products, values) => values.scope === 'all_orders' || products.length > 0 || t('launches.productsNeeded'),
              }}
              render={({ field, fieldState }) => (
                <Autocomplete
                  multiple
                  options={options}
                  loading={catalog === null}
                  value={field.value}
                  onChange={(_event, value) => field.onChange(value)}
                  onBlur={field.onBlur}
                  getOptionLabel={(p) => p.name}
                  isOptionEqualToValue={(a, b) => a.id === b.id}
                  filterSelectedOptions
                  loadingText={t('common.loading')}
                  renderOption={(props, p) => {
                    const { key, ...rest } = props;
                    return (
                      <Box component="li" key={key} {...rest} sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                        <Box component="span" sx={{ flexGrow: 1 }}>
                          {p.name}
                          <Box component="span" sx={{ color: 'text.secondary', ml: 1, fontSize: '0.8125rem' }}>
                            {p.sku} · {t('common.pointsValue', { points: formatPoints(p.pointsPrice) })}
                          </Box>
                        </Box>
                        <StockChip product={p} />
                      </Box>
                    );
                  }}
                  renderInput={(params) => (
                    <TextField {...params} label={t('launches.products')} error={fieldState.error !== undefined} helperText={fieldState.error?.message ?? t('launches.productsHelp')} />
                  )}
                />
              )}
            />
            {creating ? null : <TextField label={t('launches.changeReason')} autoComplete="off" {...register('reason')} />}
          </Stack>
        </DialogContent>
        <DialogActionsRow onCancel={onClose} busy={isSubmitting} />
      </form>
    </Dialog>
  );
}
