import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import AddIcon from '@mui/icons-material/Add';
import EditIcon from '@mui/icons-material/Edit';
import VisibilityIcon from '@mui/icons-material/Visibility';
import type { UserSummary } from '../../shared/channels/auth';
import { EARNING_CODE_PATTERN, EARNING_LIMITS, type EarningProduct } from '../../shared/channels/earning-table';
import { isoToNorwegianDay, norwegianDayToIso } from '../../shared/oslo-time';
import { asDeskError, call } from '../desk';
import { formatDay, formatPoints } from '../i18n/format';
import { canUse } from '../ui/access';
import { DataTable, type Column } from '../ui/DataTable';
import { DialogActionsRow } from '../ui/DialogActionsRow';
import { PageHeader } from '../ui/PageHeader';
import { useNotifier } from '../ui/Notifier';
import { describeSupervisorError } from '../ui/supervisor-errors';
import { useDeskAction } from '../ui/useDeskAction';
import { useDeskList } from '../ui/useDeskList';
import { parseWholeNumber } from '../ui/whole-number';

type Open = { kind: 'none' } | { kind: 'create' } | { kind: 'edit'; product: EarningProduct };

/**
 * B2 "the earning table" (issue 13): which product codes of billing's earnings file earn points,
 * how many per unit, and on which delivery days. Supervisors keep it; managers read it. A code is
 * never deleted: one that stops earning (an end day, or switched off) keeps its rows and history.
 */
export function EarningTablePage({ user }: { user: UserSummary }) {
  const { t } = useTranslation();
  const notifier = useNotifier();
  const canEdit = canUse(user.role, 'earningTable.create');
  const list = useDeskList('earningTable.list', {});
  const [open, setOpen] = useState<Open>({ kind: 'none' });
  const close = (): void => setOpen({ kind: 'none' });
  const today = list.data?.today ?? '';

  const columns: Column<EarningProduct>[] = [
    { key: 'code', header: t('earningTable.code'), headerSx: { width: 140 }, cellSx: { fontWeight: 600, whiteSpace: 'nowrap' }, cell: (p) => p.code },
    { key: 'name', header: t('earningTable.name'), cell: (p) => p.name },
    {
      key: 'points',
      header: t('earningTable.pointsPerUnit'),
      align: 'right',
      headerSx: { width: 130 },
      cellSx: { fontVariantNumeric: 'tabular-nums' },
      cell: (p) => formatPoints(p.pointsPerUnit),
    },
    { key: 'from', header: t('earningTable.activeFrom'), headerSx: { width: 130 }, cellSx: { fontVariantNumeric: 'tabular-nums' }, cell: (p) => formatDay(p.activeFrom) },
    {
      key: 'to',
      header: t('earningTable.activeTo'),
      headerSx: { width: 150, whiteSpace: 'normal' },
      cellSx: { fontVariantNumeric: 'tabular-nums' },
      cell: (p) =>
        p.activeTo === null ? (
          <Typography variant="body2" color="text.secondary">
            {t('earningTable.noEnd')}
          </Typography>
        ) : (
          formatDay(p.activeTo)
        ),
    },
    { key: 'status', header: t('earningTable.status'), headerSx: { width: 170 }, cell: (p) => <EarningStatusChip product={p} /> },
    {
      key: 'actions',
      header: t('earningTable.actions'),
      align: 'right',
      hidden: !canEdit,
      headerSx: { width: 100 },
      cell: (p) => (
        <Tooltip title={t('earningTable.edit', { code: p.code })}>
          <IconButton size="small" aria-label={t('earningTable.edit', { code: p.code })} onClick={() => setOpen({ kind: 'edit', product: p })}>
            <EditIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      ),
    },
  ];

  return (
    <Box>
      <PageHeader
        title={t('earningTable.title')}
        subtitle={t('earningTable.intro')}
        actions={
          canEdit ? (
            <Button variant="contained" startIcon={<AddIcon />} onClick={() => setOpen({ kind: 'create' })} disabled={list.data === null}>
              {t('earningTable.add')}
            </Button>
          ) : null
        }
      />
      {canEdit ? null : (
        <Alert severity="info" icon={<VisibilityIcon fontSize="inherit" />} data-testid="earning-table-read-only" sx={{ mb: 2 }}>
          {t('earningTable.readOnly')}
        </Alert>
      )}
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2, maxWidth: 900 }}>
        {t('earningTable.historyNote')}
      </Typography>
      <Typography id="earning-table-title" variant="h2" sx={{ mb: 1 }}>
        {t('earningTable.tableTitle')}
      </Typography>
      <DataTable
        columns={columns}
        rows={list.data?.products ?? null}
        rowKey={(p) => p.code}
        rowProps={(p) => ({ 'data-testid': `earning-row-${p.code}` })}
        empty={t('earningTable.empty')}
        labelledBy="earning-table-title"
        testId="earning-table"
        size="small"
        sx={{ tableLayout: 'fixed', minWidth: 760 }}
      />
      {open.kind === 'none' ? null : (
        <EarningCodeDialog
          product={open.kind === 'edit' ? open.product : null}
          today={today}
          onClose={close}
          onSaved={(product, created) => {
            close();
            list.reload();
            notifier.success(created ? t('earningTable.created', { code: product.code }) : t('earningTable.saved', { code: product.code }));
          }}
        />
      )}
    </Box>
  );
}

/** B2: where a code stands today: earning, from a later day, ended on a day, switched off. */
function EarningStatusChip({ product }: { product: EarningProduct }) {
  const { t } = useTranslation();
  const label = t(`earningTable.statusValue.${product.status}`, { date: formatDay(product.status === 'not_yet' ? product.activeFrom : product.activeTo) ?? '' });
  const color = product.status === 'earning' ? 'success' : product.status === 'not_yet' ? 'primary' : 'default';
  return <Chip size="small" variant="outlined" color={color} label={label} />;
}

/** The earning table's refusals in words: a code already there, an end day before the first. */
function describeEarningError(t: TFunction, error: unknown, language: string): string {
  const e = asDeskError(error);
  const field = e.details?.['field'];
  if (e.code === 'conflict' && field === 'code') {
    const code = e.details?.['code'];
    const name = e.details?.['name'];
    return t('earningTable.error.codeTaken', { code: typeof code === 'string' ? code : '', name: typeof name === 'string' ? name : '' });
  }
  if (e.code === 'invalid_input' && field === 'activeTo' && e.details?.['activeFrom'] !== undefined) return t('earningTable.error.toBeforeFrom');
  return describeSupervisorError(t, error, language);
}

interface Values {
  code: string;
  name: string;
  pointsPerUnit: string;
  activeFrom: string;
  activeTo: string;
  active: boolean;
  reason: string;
}

interface DialogProps {
  /** Null: a new code. */
  product: EarningProduct | null;
  today: string;
  onClose(): void;
  onSaved(product: EarningProduct, created: boolean): void;
}

/** B2: add a product code or change one; only what changed is sent (a change of nothing stores nothing). */
function EarningCodeDialog({ product, today, onClose, onSaved }: DialogProps) {
  const { t, i18n } = useTranslation();
  const creating = product === null;
  const save = useDeskAction(
    async (v: Values): Promise<EarningProduct> => {
      const name = v.name.trim();
      const pointsPerUnit = parseWholeNumber(v.pointsPerUnit) ?? 0;
      const activeFrom = norwegianDayToIso(v.activeFrom) ?? today;
      const activeTo = v.activeTo.trim() === '' ? null : norwegianDayToIso(v.activeTo);
      if (product === null) return await call('earningTable.create', { code: v.code.trim(), name, pointsPerUnit, activeFrom, activeTo });
      const reason = v.reason.trim();
      return await call('earningTable.update', {
        code: product.code,
        ...(name === product.name ? {} : { name }),
        ...(pointsPerUnit === product.pointsPerUnit ? {} : { pointsPerUnit }),
        ...(activeFrom === product.activeFrom ? {} : { activeFrom }),
        ...(activeTo === product.activeTo ? {} : { activeTo }),
        ...(v.active === product.active ? {} : { active: v.active }),
        ...(reason === '' ? {} : { reason }),
      });
    },
    { onSuccess: (saved) => onSaved(saved, creating), onError: 'keep', describe: (error) => describeEarningError(t, error, i18n.language) },
  );
  const {
    register,
    control,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<Values>({
    defaultValues: {
      code: product?.code ?? '',
      name: product?.name ?? '',
      pointsPerUnit: product === null ? '' : String(product.pointsPerUnit),
      activeFrom: isoToNorwegianDay(product?.activeFrom ?? today),
      activeTo: product?.activeTo === null || product === null ? '' : isoToNorwegianDay(product.activeTo),
      active: product?.active ?? true,
      reason: '',
    },
  });
  const day = (optional: boolean) => (v: string) => (optional && v.trim() === '') || norwegianDayToIso(v) !== null || t('earningTable.validation.dayInvalid');

  const submit = handleSubmit(async (v) => {
    await save.run(v);
  });

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="earning-dialog-title">
      <form noValidate onSubmit={submit}>
        <DialogTitle id="earning-dialog-title">{product === null ? t('earningTable.createTitle') : t('earningTable.editTitle', { code: product.code })}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {save.errorText === null ? null : (
              <Alert severity="error" data-testid="earning-dialog-error">
                {save.errorText}
              </Alert>
            )}
            <Box sx={{ display: 'grid', gridTemplateColumns: '190px minmax(0, 1fr) 150px', gap: 2 }}>
              <TextField
                label={t('earningTable.code')}
                autoFocus={creating}
                autoComplete="off"
                disabled={!creating}
                {...register('code', {
                  validate: (v) => {
                    const code = v.trim();
                    if (code === '') return t('validation.required');
                    if (code.length > EARNING_LIMITS.codeMax) return t('earningTable.validation.codeLong');
                    return EARNING_CODE_PATTERN.test(code) || t('earningTable.validation.codeFormat');
                  },
                })}
                error={errors.code !== undefined}
                helperText={errors.code?.message ?? (creating ? t('earningTable.codeHelp') : undefined)}
              />
              <TextField
                label={t('earningTable.name')}
                autoFocus={!creating}
                autoComplete="off"
                {...register('name', {
                  validate: (v) => (v.trim() === '' ? t('validation.required') : v.trim().length > EARNING_LIMITS.nameMax ? t('earningTable.validation.nameLong') : true),
                })}
                error={errors.name !== undefined}
                helperText={errors.name?.message}
              />
              <TextField
                label={t('earningTable.pointsPerUnit')}
                autoComplete="off"
                slotProps={{ htmlInput: { inputMode: 'numeric' } }}
                {...register('pointsPerUnit', {
                  validate: (v) => {
                    const n = parseWholeNumber(v);
                    return (n !== null && n >= 1 && n <= EARNING_LIMITS.pointsMax) || t('earningTable.validation.pointsRange');
                  },
                })}
                error={errors.pointsPerUnit !== undefined}
                helperText={errors.pointsPerUnit?.message}
              />
            </Box>
            <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 2 }}>
              <TextField
                label={t('earningTable.activeFrom')}
                autoComplete="off"
                slotProps={{ htmlInput: { inputMode: 'numeric' } }}
                {...register('activeFrom', { validate: day(false) })}
                error={errors.activeFrom !== undefined}
                helperText={errors.activeFrom?.message ?? t('earningTable.dayHelp')}
              />
              <TextField
                label={t('earningTable.activeTo')}
                autoComplete="off"
                slotProps={{ htmlInput: { inputMode: 'numeric' } }}
                {...register('activeTo', { validate: day(true) })}
                error={errors.activeTo !== undefined}
                helperText={errors.activeTo?.message ?? t('earningTable.toHelp')}
              />
            </Box>
            {creating ? null : (
              <>
                <Controller
                  control={control}
                  name="active"
                  render={({ field }) => (
                    <Box>
                      <FormControlLabel
                        control={<Switch checked={field.value} onChange={(_event, checked) => field.onChange(checked)} onBlur={field.onBlur} slotProps={{ input: { ref: field.ref } }} />}
                        label={t('earningTable.active')}
                      />
                      <FormHelperText sx={{ mx: 0 }}>{t('earningTable.activeHelp')}</FormHelperText>
                    </Box>
                  )}
                />
                <TextField label={t('earningTable.changeReason')} autoComplete="off" {...register('reason', { validate: (v) => v.trim() === '' || v.trim().length >= 3 || t('catalogDesk.reasonShort') })} error={errors.reason !== undefined} helperText={errors.reason?.message} />
              </>
            )}
          </Stack>
        </DialogContent>
        <DialogActionsRow onCancel={onClose} busy={isSubmitting} />
      </form>
    </Dialog>
  );
}
