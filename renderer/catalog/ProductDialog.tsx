import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { CATALOG_LIMITS, SKU_PATTERN } from '../../shared/channels/catalog';
import type { Launch } from '../../shared/channels/launches';
import { productStates, type BonusProduct } from '../../shared/channels/redemptions';
import { call } from '../desk';
import { formatDay } from '../i18n/format';
import { DialogActionsRow } from '../ui/DialogActionsRow';
import { useDeskAction } from '../ui/useDeskAction';
import { parseWholeNumber } from '../ui/whole-number';
import { describeCatalogError } from './catalog-errors';
import { launchesOf } from './launches-of';

interface Values {
  sku: string;
  name: string;
  description: string;
  pointsPrice: string;
  stock: string;
  state: BonusProduct['state'];
  /** A planned launch's id, or '' for none. */
  launchId: string;
  reason: string;
}

interface Props {
  /** Null: a new product. */
  product: BonusProduct | null;
  /** The launch calendar (launches.list), for "mark for a launch". */
  launches: readonly Launch[];
  today: string;
  onClose(): void;
  onSaved(product: BonusProduct, created: boolean): void;
}

/**
 * B4: add a bonus product or change one — name, description, points price, state — and mark it
 * for a planned launch (the launch's product list, through launches.update). A new price applies
 * to orders from now on; registered redemptions keep theirs.
 */
export function ProductDialog({ product, launches, today, onClose, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  // A product written already when a later step (the launch) failed: saving again goes on from it.
  const [written, setWritten] = useState<BonusProduct | null>(null);
  const base = written ?? product;
  const creating = product === null;
  const choosable = launches.filter((l) => l.editable && l.status === 'planned');
  // The launch the product is marked for now (the first, when a supervisor put it in more than one).
  const current = product === null ? undefined : launchesOf(product, choosable, today)[0];

  const save = useDeskAction(
    async (v: Values): Promise<{ product: BonusProduct; created: boolean }> => {
      const name = v.name.trim();
      const description = v.description.trim();
      const pointsPrice = parseWholeNumber(v.pointsPrice) ?? 0;
      const reason = v.reason.trim();
      const why = reason === '' ? {} : { reason };
      let saved: BonusProduct;
      if (base === null) {
        saved = (await call('catalog.create', { sku: v.sku.trim(), name, description, pointsPrice, stock: parseWholeNumber(v.stock) ?? 0 })).product;
        setWritten(saved);
      } else {
        saved = base;
        const changes = {
          ...(name === base.name ? {} : { name }),
          ...(description === base.description ? {} : { description }),
          ...(pointsPrice === base.pointsPrice ? {} : { pointsPrice }),
        };
        if (Object.keys(changes).length > 0) saved = (await call('catalog.update', { productId: base.id, ...changes, ...why })).product;
        if (v.state !== saved.state) saved = (await call('catalog.setState', { productId: base.id, state: v.state, ...why })).product;
        setWritten(saved);
      }
      // Mark for a launch: the launch's own list of products (launches.update), out of the old, into the new.
      const wanted = v.launchId === '' ? undefined : choosable.find((l) => String(l.id) === v.launchId);
      if (wanted?.id !== current?.id) {
        if (current !== undefined) {
          await call('launches.update', { launchId: current.id, productIds: current.products.map((p) => p.id).filter((id) => id !== saved.id), ...why });
        }
        if (wanted !== undefined) {
          await call('launches.update', { launchId: wanted.id, productIds: [...wanted.products.map((p) => p.id).filter((id) => id !== saved.id), saved.id], ...why });
        }
      }
      return { product: saved, created: creating };
    },
    { onSuccess: (r) => onSaved(r.product, r.created), onError: 'keep', describe: (error) => describeCatalogError(t, error, i18n.language) },
  );

  const {
    register,
    control,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<Values>({
    defaultValues: {
      sku: product?.sku ?? '',
      name: product?.name ?? '',
      description: product?.description ?? '',
      pointsPrice: product === null ? '' : String(product.pointsPrice),
      stock: '0',
      state: product?.state ?? 'available',
      launchId: current === undefined ? '' : String(current.id),
      reason: '',
    },
  });

  const submit = handleSubmit(async (v) => {
    await save.run(v);
  });

  const title = product === null ? t('catalogDesk.createTitle') : t('catalogDesk.editTitle', { name: product.name });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="product-dialog-title">
      <form noValidate onSubmit={submit}>
        <DialogTitle id="product-dialog-title">{title}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {save.errorText === null ? null : (
              <Alert severity="error" data-testid="product-dialog-error">
                {save.errorText}
              </Alert>
            )}
            <Box sx={{ display: 'grid', gridTemplateColumns: '200px minmax(0, 1fr)', gap: 2 }}>
              <TextField
                label={t('catalogDesk.sku')}
                autoFocus={creating}
                autoComplete="off"
                disabled={!creating}
                {...register('sku', {
                  validate: (v) => {
                    const sku = v.trim();
                    if (sku === '') return t('validation.required');
                    if (sku.length > CATALOG_LIMITS.skuMax) return t('catalogDesk.validation.skuLong');
                    return SKU_PATTERN.test(sku) || t('catalogDesk.validation.skuFormat');
                  },
                })}
                error={errors.sku !== undefined}
                helperText={errors.sku?.message ?? (creating ? t('catalogDesk.skuHelp') : undefined)}
              />
              <TextField
                label={t('catalogDesk.name')}
                autoFocus={!creating}
                autoComplete="off"
                {...register('name', {
                  validate: (v) => (v.trim() === '' ? t('validation.required') : v.trim().length > CATALOG_LIMITS.nameMax ? t('catalogDesk.validation.nameLong') : true),
                })}
                error={errors.name !== undefined}
                helperText={errors.name?.message}
              />
            </Box>
            <TextField
              label={t('catalogDesk.description')}
              multiline
              minRows={2}
              {...register('description', { validate: (v) => v.trim().length <= CATALOG_LIMITS.descriptionMax || t('catalogDesk.validation.descriptionLong') })}
              error={errors.description !== undefined}
              helperText={errors.description?.message}
            />
            <Box sx={{ display: 'grid', gridTemplateColumns: creating ? '1fr 1fr' : '1fr', gap: 2 }}>
              <TextField
                label={t('catalogDesk.price')}
                autoComplete="off"
                slotProps={{ htmlInput: { inputMode: 'numeric' } }}
                {...register('pointsPrice', {
                  validate: (v) => {
                    if (v.trim() === '') return t('validation.required');
                    const n = parseWholeNumber(v);
                    if (n === null) return t('catalogDesk.validation.wholeNumber');
                    return (n >= 1 && n <= CATALOG_LIMITS.priceMax) || t('catalogDesk.validation.pricePositive');
                  },
                })}
                error={errors.pointsPrice !== undefined}
                helperText={errors.pointsPrice?.message ?? (creating ? t('catalogDesk.priceHelp') : t('catalogDesk.priceNote'))}
              />
              {creating ? (
                <TextField
                  label={t('catalogDesk.startStock')}
                  autoComplete="off"
                  slotProps={{ htmlInput: { inputMode: 'numeric' } }}
                  {...register('stock', {
                    validate: (v) => {
                      const n = parseWholeNumber(v);
                      return (n !== null && n >= 0 && n <= CATALOG_LIMITS.stockMax) || t('catalogDesk.validation.stockRange');
                    },
                  })}
                  error={errors.stock !== undefined}
                  helperText={errors.stock?.message ?? t('catalogDesk.startStockHelp')}
                />
              ) : (
                <Controller
                  control={control}
                  name="state"
                  render={({ field }) => (
                    <FormControl>
                      <FormLabel id="product-state-label">{t('catalogDesk.state')}</FormLabel>
                      <RadioGroup row aria-labelledby="product-state-label" {...field}>
                        {productStates.map((state) => (
                          <FormControlLabel key={state} value={state} control={<Radio size="small" />} label={t(`catalogDesk.stateValue.${state}`)} />
                        ))}
                      </RadioGroup>
                      <FormHelperText sx={{ mx: 0 }}>{t('catalogDesk.stateHelp')}</FormHelperText>
                    </FormControl>
                  )}
                />
              )}
            </Box>
            <Controller
              control={control}
              name="launchId"
              render={({ field }) => (
                <TextField
                  select
                  label={t('catalogDesk.launchField')}
                  helperText={t('catalogDesk.launchHelp')}
                  slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
                  {...field}
                >
                  <MenuItem value="">{t('catalogDesk.noLaunch')}</MenuItem>
                  {choosable.map((l) => (
                    <MenuItem key={l.id} value={String(l.id)}>
                      {t('catalogDesk.launchOption', { name: l.name, date: formatDay(l.launchOn) })}
                    </MenuItem>
                  ))}
                </TextField>
              )}
            />
            {creating ? null : (
              <TextField
                label={t('catalogDesk.changeReason')}
                autoComplete="off"
                {...register('reason', { validate: (v) => v.trim() === '' || v.trim().length >= CATALOG_LIMITS.reasonMin || t('catalogDesk.reasonShort') })}
                error={errors.reason !== undefined}
                helperText={errors.reason?.message}
              />
            )}
          </Stack>
        </DialogContent>
        <DialogActionsRow onCancel={onClose} busy={isSubmitting} />
      </form>
    </Dialog>
  );
}
