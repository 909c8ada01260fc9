import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import AddIcon from '@mui/icons-material/Add';
import EditIcon from '@mui/icons-material/Edit';
import HistoryIcon from '@mui/icons-material/History';
import InventoryIcon from '@mui/icons-material/Inventory';
import VisibilityIcon from '@mui/icons-material/Visibility';
import type { UserSummary } from '../../shared/channels/auth';
import type { BonusProduct } from '../../shared/channels/redemptions';
import { useDeskEvents } from '../events';
import { formatDay, formatPoints } from '../i18n/format';
import { canUse } from '../ui/access';
import { DataTable, type Column } from '../ui/DataTable';
import { PageHeader } from '../ui/PageHeader';
import { useNotifier } from '../ui/Notifier';
import { useDeskList } from '../ui/useDeskList';
import { launchesOf } from './launches-of';
import { ProductDialog } from './ProductDialog';
import { StockDialog } from './StockDialog';
import { StockHistoryDialog } from './StockHistoryDialog';

/** Stock moves on other desks (L5); the list is read again this often besides the events. */
const REFRESH_MS = 30_000;

type Open =
  | { kind: 'none' }
  | { kind: 'create' }
  | { kind: 'edit'; product: BonusProduct }
  | { kind: 'stock'; product: BonusProduct }
  | { kind: 'history'; product: BonusProduct };

/**
 * B4 "Catalog upkeep" (issue 13): the supervisor's bonus catalog — every product with its points
 * price, stock and state, and the launch it waits for; add a product, change it, adjust its stock
 * with a reason and read its stock history. Managers read it (and the history); the writes are the
 * supervisor's. Other desks' sales and changes come in as `stock` events (L5).
 */
export function CatalogPage({ user }: { user: UserSummary }) {
  const { t } = useTranslation();
  const notifier = useNotifier();
  const canEdit = canUse(user.role, 'catalog.create');
  const catalog = useDeskList('catalog.list', { includeDiscontinued: true }, REFRESH_MS);
  const calendar = useDeskList('launches.list', { includeCancelled: false });
  const reloadCatalog = catalog.reload;
  const reloadCalendar = calendar.reload;
  useDeskEvents(['stock', 'held_orders'], reloadCatalog);
  useDeskEvents(['launches'], () => {
    reloadCatalog();
    reloadCalendar();
  });
  const [open, setOpen] = useState<Open>({ kind: 'none' });
  const [filter, setFilter] = useState('');
  const [showDiscontinued, setShowDiscontinued] = useState(false);

  const today = calendar.data?.today ?? '';
  const launches = useMemo(() => calendar.data?.launches ?? [], [calendar.data]);
  const products = catalog.data?.products ?? null;
  const needle = filter.trim().toLowerCase();
  const shown = useMemo(
    () =>
      products?.filter(
        (p) => (showDiscontinued || p.state !== 'discontinued') && (needle === '' || p.name.toLowerCase().includes(needle) || p.sku.toLowerCase().includes(needle)),
      ) ?? null,
    [products, showDiscontinued, needle],
  );
  const close = (): void => setOpen({ kind: 'none' });
  const saved = (): void => {
    close();
    reloadCatalog();
    reloadCalendar();
  };

  const columns: Column<BonusProduct>[] = [
    { key: 'sku', header: t('catalogDesk.sku'), headerSx: { width: 110 }, cellSx: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }, cell: (p) => p.sku },
    {
      key: 'name',
      header: t('catalogDesk.name'),
      cell: (p) => (
        <>
          <Typography component="span" sx={{ fontWeight: 600, display: 'block' }}>
            {p.name}
          </Typography>
          {p.description === '' ? null : (
            <Typography component="span" variant="body2" color="text.secondary" sx={{ display: 'block' }}>
              {p.description}
            </Typography>
          )}
        </>
      ),
    },
    {
      key: 'price',
      header: t('catalogDesk.price'),
      align: 'right',
      headerSx: { width: 110 },
      cellSx: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
      cell: (p) => formatPoints(p.pointsPrice),
    },
    {
      key: 'stock',
      header: t('catalogDesk.stock'),
      align: 'right',
      headerSx: { width: 100 },
      cellSx: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
      cell: (p) => (
        <>
          <span data-testid={`catalog-stock-${p.sku}`}>{formatPoints(p.stock)}</span>
          {p.queued > 0 ? (
            <Typography component="span" variant="body2" color="text.secondary" sx={{ display: 'block' }}>
              {t('catalogDesk.queued', { count: p.queued })}
            </Typography>
          ) : null}
        </>
      ),
    },
    { key: 'state', header: t('catalogDesk.state'), headerSx: { width: 130 }, cell: (p) => <StateChip state={p.state} /> },
    {
      key: 'launch',
      header: t('catalogDesk.launch'),
      headerSx: { width: '18%' },
      cell: (p) => {
        const first = launchesOf(p, launches, today)[0];
        if (first === undefined) {
          return (
            <Typography variant="body2" color="text.secondary">
              {t('catalogDesk.noLaunch')}
            </Typography>
          );
        }
        return (
          <>
            <span>{first.name}</span>
            <Typography component="span" variant="body2" color="text.secondary" sx={{ display: 'block', fontVariantNumeric: 'tabular-nums' }}>
              {formatDay(first.launchOn)}
            </Typography>
          </>
        );
      },
    },
    {
      key: 'actions',
      header: t('catalogDesk.actions'),
      align: 'right',
      headerSx: { width: canEdit ? 132 : 72 },
      cellSx: { whiteSpace: 'nowrap' },
      cell: (p) => (
        <>
          {canEdit ? (
            <>
              <Tooltip title={t('catalogDesk.edit', { name: p.name })}>
                <IconButton size="small" aria-label={t('catalogDesk.edit', { name: p.name })} onClick={() => setOpen({ kind: 'edit', product: p })}>
                  <EditIcon fontSize="small" />
                </IconButton>
              </Tooltip>
              <Tooltip title={t('catalogDesk.adjust', { name: p.name })}>
                <IconButton size="small" aria-label={t('catalogDesk.adjust', { name: p.name })} onClick={() => setOpen({ kind: 'stock', product: p })}>
                  <InventoryIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            </>
          ) : null}
          <Tooltip title={t('catalogDesk.history', { name: p.name })}>
            <IconButton size="small" aria-label={t('catalogDesk.history', { name: p.name })} onClick={() => setOpen({ kind: 'history', product: p })}>
              <HistoryIcon fontSize="small" />
            </IconButton>
          </Tooltip>
        </>
      ),
    },
  ];

  return (
    <Box>
      <PageHeader
        title={t('catalogDesk.title')}
        subtitle={t('catalogDesk.intro')}
        actions={
          canEdit ? (
            <Button variant="contained" startIcon={<AddIcon />} onClick={() => setOpen({ kind: 'create' })} disabled={products === null}>
              {t('catalogDesk.add')}
            </Button>
          ) : null
        }
      />
      {canEdit ? null : (
        <Alert severity="info" icon={<VisibilityIcon fontSize="inherit" />} data-testid="catalog-read-only" sx={{ mb: 2 }}>
          {t('catalogDesk.readOnly')}
        </Alert>
      )}
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <TextField
          label={t('catalogDesk.filter')}
          helperText={t('catalogDesk.filterHelp')}
          size="small"
          type="search"
          autoComplete="off"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          sx={{ width: 280 }}
        />
        <FormControlLabel control={<Switch checked={showDiscontinued} onChange={(_event, checked) => setShowDiscontinued(checked)} />} label={t('catalogDesk.showDiscontinued')} sx={{ mb: 2.5 }} />
      </Box>
      <Typography id="catalog-table-title" variant="h2" sx={{ mb: 1 }}>
        {t('catalogDesk.tableTitle')}
      </Typography>
      <DataTable
        columns={columns}
        rows={shown}
        rowKey={(p) => p.id}
        rowProps={(p) => ({ 'data-testid': `catalog-row-${p.sku}`, sx: { verticalAlign: 'top' } })}
        empty={needle === '' ? t('catalogDesk.empty') : t('catalogDesk.noMatch', { filter: filter.trim() })}
        labelledBy="catalog-table-title"
        testId="catalog-table"
        size="small"
        sx={{ tableLayout: 'fixed', minWidth: 760 }}
      />
      {open.kind === 'create' || open.kind === 'edit' ? (
        <ProductDialog
          product={open.kind === 'edit' ? open.product : null}
          launches={launches}
          today={today}
          onClose={close}
          onSaved={(product, created) => {
            saved();
            notifier.success(created ? t('catalogDesk.created', { name: product.name }) : t('catalogDesk.saved', { name: product.name }));
          }}
        />
      ) : null}
      {open.kind === 'stock' ? (
        <StockDialog
          product={open.product}
          onClose={close}
          onSaved={(product) => {
            saved();
            notifier.success(t('catalogDesk.adjusted', { name: product.name, stock: formatPoints(product.stock) }));
          }}
        />
      ) : null}
      {open.kind === 'history' ? <StockHistoryDialog product={open.product} onClose={close} /> : null}
    </Box>
  );
}

/** B4: available, sold out or discontinued, as the agents' product list says it. */
export function StateChip({ state }: { state: BonusProduct['state'] }) {
  const { t } = useTranslation();
  const color = state === 'available' ? 'success' : state === 'sold_out' ? 'error' : 'default';
  return <Chip size="small" variant="outlined" color={color} label={t(`catalogDesk.stateValue.${state}`)} />;
}
