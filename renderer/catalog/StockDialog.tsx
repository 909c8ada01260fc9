import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { CATALOG_LIMITS } from '../../shared/channels/catalog';
import type { BonusProduct } from '../../shared/channels/redemptions';
import { call } from '../desk';
import { formatPoints } from '../i18n/format';
import { DialogActionsRow } from '../ui/DialogActionsRow';
import { useDeskAction } from '../ui/useDeskAction';
import { parseWholeNumber } from '../ui/whole-number';
import { describeCatalogError } from './catalog-errors';

interface Values {
  delta: string;
  reason: string;
}

/**
 * B4: add to or take from a product's stock, with a reason (a row of its stock history). The
 * change is relative, so a sale on another desk meanwhile is not undone; the stock never goes
 * below zero (main refuses, and the dialog says so before).
 */
export function StockDialog({ product, onClose, onSaved }: { product: BonusProduct; onClose(): void; onSaved(product: BonusProduct): void }) {
  const { t, i18n } = useTranslation();
  const adjust = useDeskAction(
    async (delta: number, reason: string): Promise<BonusProduct> => (await call('catalog.adjustStock', { productId: product.id, delta, reason })).product,
    { onSuccess: onSaved, onError: 'keep', describe: (error) => describeCatalogError(t, error, i18n.language) },
  );
  const {
    register,
    handleSubmit,
    control,
    formState: { errors, isSubmitting },
  } = useForm<Values>({ defaultValues: { delta: '', reason: '' } });
  const delta = parseWholeNumber(useWatch({ control, name: 'delta' }), { signed: true });
  const after = delta === null ? null : product.stock + delta;

  const submit = handleSubmit(async (v) => {
    const value = parseWholeNumber(v.delta, { signed: true });
    if (value === null) return;
    await adjust.run(value, v.reason.trim());
  });

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs" aria-labelledby="stock-dialog-title" aria-describedby="stock-dialog-intro">
      <form noValidate onSubmit={submit}>
        <DialogTitle id="stock-dialog-title">{t('catalogDesk.adjustTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText id="stock-dialog-intro" sx={{ mb: 2 }}>
            {t('catalogDesk.adjustIntro', { name: product.name, sku: product.sku, stock: formatPoints(product.stock) })}
          </DialogContentText>
          <Stack spacing={2}>
            {adjust.errorText === null ? null : (
              <Alert severity="error" data-testid="stock-dialog-error">
                {adjust.errorText}
              </Alert>
            )}
            <TextField
              label={t('catalogDesk.delta')}
              autoFocus
              autoComplete="off"
              slotProps={{ htmlInput: { inputMode: 'numeric' } }}
              {...register('delta', {
                validate: (v) => {
                  const n = parseWholeNumber(v, { signed: true });
                  if (v.trim() === '') return t('validation.required');
                  if (n === null || Math.abs(n) > CATALOG_LIMITS.stockMax) return t('catalogDesk.deltaInvalid');
                  if (n === 0) return t('catalogDesk.deltaZero');
                  return product.stock + n >= 0 || t('catalogDesk.stockAfterNegative', { stock: formatPoints(product.stock) });
                },
              })}
              error={errors.delta !== undefined}
              helperText={errors.delta?.message ?? t('catalogDesk.deltaHelp')}
            />
            <Typography role="status" aria-live="polite" data-testid="stock-after" sx={{ fontWeight: 600, minHeight: '1.5em', fontVariantNumeric: 'tabular-nums' }}>
              {after === null || after < 0 || delta === 0 ? '' : t('catalogDesk.stockAfter', { stock: formatPoints(after) })}
            </Typography>
            <TextField
              label={t('catalogDesk.reason')}
              multiline
              minRows={2}
              {...register('reason', {
                validate: (v) => {
                  const length = v.trim().length;
                  if (length === 0) return t('validation.required');
                  if (length < CATALOG_LIMITS.reasonMin) return t('catalogDesk.reasonShort');
                  return length <= CATALOG_LIMITS.reasonMax || t('catalogDesk.reasonLong');
                },
              })}
              error={errors.reason !== undefined}
              helperText={errors.reason?.message ?? t('catalogDesk.reasonHelp')}
            />
          </Stack>
        </DialogContent>
        <DialogActionsRow onCancel={onClose} busy={isSubmitting} confirm={t('catalogDesk.adjustConfirm')} />
      </form>
    </Dialog>
  );
}
