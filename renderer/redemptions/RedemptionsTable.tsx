import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import LocalShippingOutlinedIcon from '@mui/icons-material/LocalShippingOutlined';
import UndoIcon from '@mui/icons-material/Undo';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import type { Redemption } from '../../shared/channels/redemptions';
import { formatDay, formatInstantDay, formatInstantTime, formatPoints } from '../i18n/format';
import { DataTable, type Column } from '../ui/DataTable';
import { formatNok } from './format';
import { RedemptionStatusChip } from './RedemptionStatusChip';

interface Props {
  redemptions: readonly Redemption[];
  /** Named by this heading. */
  labelledBy: string;
  /** The desk-wide list names the member; the member page does not. */
  showMember: boolean;
  /** The user may ship and cancel (agents and supervisors). */
  canWrite: boolean;
  onOpenMember?: ((memberId: number) => void) | undefined;
  onShip(redemption: Redemption): void;
  onCancel(redemption: Redemption): void;
}

/** Redemptions with their state (B7a) and, while registered, "mark shipped" and "cancel". */
export function RedemptionsTable({ redemptions, labelledBy, showMember, canWrite, onOpenMember, onShip, onCancel }: Props) {
  const { t } = useTranslation();
  const columns: Column<Redemption>[] = [
    { key: 'number', header: t('redemptions.number'), cellSx: { fontVariantNumeric: 'tabular-nums' }, cell: (r) => r.id },
    {
      key: 'registered',
      header: t('redemptions.registered'),
      cellSx: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
      cell: (r) => (
        <>
          {formatInstantDay(r.createdAt)} {formatInstantTime(r.createdAt)}
          <Typography variant="caption" component="div" color="text.secondary">
            {t(`redemption.channel.${r.channel}`)}
            {r.createdBy === null ? '' : ` · ${r.createdBy}`}
            {r.senderMismatch ? (
              <Tooltip title={t('redemptions.senderMismatch', { from: r.emailFrom ?? '' })}>
                <WarningAmberIcon aria-label={t('redemptions.senderMismatch', { from: r.emailFrom ?? '' })} sx={{ fontSize: 16, verticalAlign: 'text-bottom', ml: 0.5, color: 'warning.main' }} />
              </Tooltip>
            ) : null}
          </Typography>
        </>
      ),
    },
    {
      key: 'member',
      header: t('redemptions.member'),
      hidden: !showMember,
      cellSx: { minWidth: 120 },
      cell: (r) => (
        <>
          {onOpenMember === undefined ? (
            r.memberName
          ) : (
            <Link component="button" type="button" onClick={() => onOpenMember(r.memberId)} sx={{ fontWeight: 600, textAlign: 'left' }}>
              {r.memberName}
            </Link>
          )}
          <Typography variant="caption" component="div" color="text.secondary" sx={{ fontVariantNumeric: 'tabular-nums' }}>
            {t('member.memberNo')} {r.memberNo}
          </Typography>
        </>
      ),
    },
    {
      key: 'products',
      header: t('redemptions.products'),
      cellSx: { minWidth: 140 },
      cell: (r) => (
        <>
          {r.lines.map((l) => (
            <Box key={l.productId}>
              {l.quantity} × {l.name}
            </Box>
          ))}
          <Typography variant="caption" component="div" color="text.secondary">
            {r.delivery === 'separate'
              ? t('redemptions.separate', { amount: formatNok(r.postageOre) })
              : t('redemptions.withNext', { date: formatDay(r.deliveryOn) ?? t('common.none') })}
          </Typography>
        </>
      ),
    },
    {
      key: 'points',
      header: t('redemptions.points'),
      align: 'right',
      cellSx: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums', fontWeight: 600 },
      cell: (r) => formatPoints(r.totalPoints),
    },
    {
      key: 'state',
      header: t('redemptions.state'),
      cell: (r) => (
        <>
          <RedemptionStatusChip status={r.status} />
          {r.status === 'cancelled' && r.cancelReason !== null ? (
            <Typography variant="caption" component="div" color="text.secondary" sx={{ maxWidth: 220, overflowWrap: 'anywhere' }}>
              {r.cancelReason}
            </Typography>
          ) : null}
          {r.status === 'shipped' && r.shippedAt !== null ? (
            <Typography variant="caption" component="div" color="text.secondary">
              {formatInstantDay(r.shippedAt)}
            </Typography>
          ) : null}
        </>
      ),
    },
    {
      key: 'actions',
      header: t('redemptions.actions'),
      hidden: !canWrite,
      cellSx: { whiteSpace: 'nowrap', width: 0 },
      cell: (r) =>
        r.status === 'registered' ? (
          <Box sx={{ display: 'flex', gap: 0.5, flexDirection: { xs: 'column', xl: 'row' }, alignItems: 'flex-start' }}>
            <Button size="small" variant="outlined" startIcon={<LocalShippingOutlinedIcon />} onClick={() => onShip(r)} aria-label={t('redemptions.shipNo', { id: r.id })}>
              {t('redemptions.ship')}
            </Button>
            <Button size="small" color="error" startIcon={<UndoIcon />} onClick={() => onCancel(r)} aria-label={t('redemptions.cancelNo', { id: r.id })}>
              {t('redemptions.cancel')}
            </Button>
          </Box>
        ) : null,
    },
  ];
  return (
    <DataTable
      columns={columns}
      rows={redemptions}
      rowKey={(r) => r.id}
      rowProps={(r) => ({ 'data-redemption-id': r.id, hover: true })}
      labelledBy={labelledBy}
      size="small"
      paper={false}
      sx={{ '& td, & th': { px: 1 }, '& td:first-of-type, & th:first-of-type': { pl: 2 }, '& td:last-of-type, & th:last-of-type': { pr: 2 } }}
    />
  );
}
