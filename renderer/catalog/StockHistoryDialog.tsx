import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import type { StockAdjustment } from '../../shared/channels/catalog';
import type { BonusProduct } from '../../shared/channels/redemptions';
import { call } from '../desk';
import { describeError } from '../i18n/errors';
import { formatInstantDay, formatInstantTime, formatPoints, formatSignedPoints } from '../i18n/format';
import { DataTable, type Column } from '../ui/DataTable';
import { useNotifier } from '../ui/Notifier';
import { useDeskQuery } from '../ui/useDeskQuery';

const PAGE = 50;

/** B4: a product's stock history, newest first: every adjustment by hand with its reason, who and when. */
export function StockHistoryDialog({ product, onClose }: { product: BonusProduct; onClose(): void }) {
  const { t } = useTranslation();
  const notifier = useNotifier();
  const first = useDeskQuery('catalog.stockHistory', { productId: product.id, limit: PAGE });
  // Older pages, asked for with "Show older" (keyset: the last id shown).
  const [older, setOlder] = useState<{ entries: StockAdjustment[]; more: boolean } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const entries = first.data === null ? null : [...first.data.entries, ...(older?.entries ?? [])];
  const more = older?.more ?? first.data?.more ?? false;

  const loadMore = async (): Promise<void> => {
    const last = entries?.at(-1);
    if (last === undefined) return;
    setLoadingMore(true);
    try {
      const page = await call('catalog.stockHistory', { productId: product.id, limit: PAGE, beforeId: last.id });
      setOlder((prev) => ({ entries: [...(prev?.entries ?? []), ...page.entries], more: page.more }));
    } catch (error) {
      notifier.error(error);
    } finally {
      setLoadingMore(false);
    }
  };

  const columns: Column<StockAdjustment>[] = [
    {
      key: 'at',
      header: t('catalogDesk.at'),
      headerSx: { width: 150 },
      cellSx: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
      cell: (a) => t('catalogDesk.atValue', { date: formatInstantDay(a.at), time: formatInstantTime(a.at) }),
    },
    { key: 'change', header: t('catalogDesk.change'), align: 'right', headerSx: { width: 90 }, cellSx: { fontVariantNumeric: 'tabular-nums', fontWeight: 600 }, cell: (a) => formatSignedPoints(a.delta) },
    { key: 'after', header: t('catalogDesk.after'), align: 'right', headerSx: { width: 110 }, cellSx: { fontVariantNumeric: 'tabular-nums' }, cell: (a) => formatPoints(a.stockAfter) },
    { key: 'reason', header: t('catalogDesk.reason'), cellSx: { overflowWrap: 'anywhere' }, cell: (a) => (a.initial ? t('catalogDesk.initial') : a.reason) },
    { key: 'by', header: t('catalogDesk.by'), headerSx: { width: 150 }, cell: (a) => a.by ?? t('catalogDesk.unknownUser') },
  ];

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" aria-labelledby="history-dialog-title" aria-describedby="history-dialog-intro">
      <DialogTitle id="history-dialog-title">{t('catalogDesk.historyTitle', { name: product.name })}</DialogTitle>
      <DialogContent>
        <DialogContentText id="history-dialog-intro" sx={{ mb: 2 }}>
          {t('catalogDesk.historyIntro')}
        </DialogContentText>
        {first.error === null ? null : (
          <Alert severity="error" sx={{ mb: 2 }}>
            {describeError(t, first.error)}
          </Alert>
        )}
        <DataTable
          columns={columns}
          rows={entries}
          rowKey={(a) => a.id}
          empty={t('catalogDesk.historyEmpty')}
          label={t('catalogDesk.historyTitle', { name: product.name })}
          testId="stock-history"
          size="small"
          sx={{ tableLayout: 'fixed' }}
        />
        {more ? (
          <Box sx={{ mt: 1 }}>
            <Button onClick={() => void loadMore()} loading={loadingMore}>
              {t('catalogDesk.more')}
            </Button>
          </Box>
        ) : null}
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button variant="contained" onClick={onClose} autoFocus>
          {t('common.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
