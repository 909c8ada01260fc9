import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import LocalShippingOutlinedIcon from '@mui/icons-material/LocalShippingOutlined';
import UndoIcon from '@mui/icons-material/Undo';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import type { Redemption } from '../../../shared/channels/redemptions';
import { formatDay, formatInstantDay, formatInstantTime, formatPoints } from '../../i18n/format';
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
  return (
    <Table aria-labelledby={labelledBy} size="small" sx={{ '& td, & th': { px: 1 }, '& td:first-of-type, & th:first-of-type': { pl: 2 }, '& td:last-of-type, & th:last-of-type': { pr: 2 } }}>
      <TableHead>
        <TableRow>
          <TableCell>{t('redemptions.number')}</TableCell>
          <TableCell>{t('redemptions.registered')}</TableCell>
          {showMember ? <TableCell>{t('redemptions.member')}</TableCell> : null}
          <TableCell>{t('redemptions.products')}</TableCell>
          <TableCell align="right">{t('redemptions.points')}</TableCell>
          <TableCell>{t('redemptions.state')}</TableCell>
          {canWrite ? <TableCell>{t('redemptions.actions')}</TableCell> : null}
        </TableRow>
      </TableHead>
      <TableBody>
        {redemptions.map((r) => (
          <TableRow key={r.id} data-redemption-id={r.id} hover>
            <TableCell sx={{ fontVariantNumeric: 'tabular-nums' }}>{r.id}</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
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
            </TableCell>
            {showMember ? (
              <TableCell sx={{ minWidth: 120 }}>
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
              </TableCell>
            ) : null}
            <TableCell sx={{ minWidth: 140 }}>
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
            </TableCell>
            <TableCell align="right" sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums', fontWeight: 600 }}>
              {formatPoints(r.totalPoints)}
            </TableCell>
            <TableCell>
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
            </TableCell>
            {canWrite ? (
              <TableCell sx={{ whiteSpace: 'nowrap', width: 0 }}>
                {r.status === 'registered' ? (
                  <Box sx={{ display: 'flex', gap: 0.5, flexDirection: { xs: 'column', xl: 'row' }, alignItems: 'flex-start' }}>
                    <Button size="small" variant="outlined" startIcon={<LocalShippingOutlinedIcon />} onClick={() => onShip(r)} aria-label={t('redemptions.shipNo', { id: r.id })}>
                      {t('redemptions.ship')}
                    </Button>
                    <Button size="small" color="error" startIcon={<UndoIcon />} onClick={() => onCancel(r)} aria-label={t('redemptions.cancelNo', { id: r.id })}>
                      {t('redemptions.cancel')}
                    </Button>
                  </Box>
                ) : null}
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
