import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import MarkEmailReadIcon from '@mui/icons-material/MarkEmailRead';
import PostAddIcon from '@mui/icons-material/PostAdd';
import VisibilityIcon from '@mui/icons-material/VisibilityOutlined';
import type { UserSummary } from '../../shared/channels/auth';
import type { HeldOrder } from '../../shared/channels/held-orders';
import type { ErrorCode } from '../../shared/errors';
import { canUse } from '../ui/access';
import { asDeskError, call, DeskClientError } from '../desk';
import { useNotifier } from '../ui/Notifier';
import { describeSupervisorError } from '../ui/supervisor-errors';
import { describeHeldCheck } from './checks';
import { HeldOrderDialog } from './HeldOrderDialog';
import { ReasonDialog } from '../ui/ReasonDialog';
import { useDeskClock } from '../launches/useDeskClock';
import { announceStockChange, deskNowFrom, useLaunchesToday } from '../launches/useLaunchesToday';
import { formatInstantDay, formatInstantTime, formatPoints } from '../i18n/format';
import { DataTable, type Column, type RowProps } from '../ui/DataTable';
import { PageHeader } from '../ui/PageHeader';
import { useDeskAction } from '../ui/useDeskAction';
import { useDeskList } from '../ui/useDeskList';
import { useDeskEvents } from '../events';

/** Other desks register and book too: ask again this often. */
const REFRESH_MS = 10_000;
/** Resolved orders shown below the queue, newest first. */
const RESOLVED_SHOWN = 50;

type Open = { kind: 'none' } | { kind: 'register'; deskNow: number } | { kind: 'withdraw'; order: HeldOrder };
/** What the last booking or registration came to; `items`: the warnings to tell the customer (issue 12). */
type Outcome = { severity: 'success' | 'warning' | 'error'; text: string; items?: readonly string[] } | null;

/** L3: email orders that arrived before 10:00 wait here and are booked from 10:00, oldest first; L5: sold out meanwhile is said plainly. */
export function HeldOrdersPage({ user }: { user: UserSummary }) {
  const { t, i18n } = useTranslation();
  const notifier = useNotifier();
  const canBook = canUse(user.role, 'heldOrders.book');
  const canRegister = canUse(user.role, 'heldOrders.register');
  const [open, setOpen] = useState<Open>({ kind: 'none' });
  const [outcome, setOutcome] = useState<Outcome>(null);
  const list = useDeskList('heldOrders.list', { includeResolved: true }, REFRESH_MS);
  const { reload } = list;
  // L3/L4, issue 11: an order registered, booked or withdrawn on another desk shows here at once.
  useDeskEvents(['held_orders'], reload);
  const orders = list.data?.heldOrders ?? null;
  const { data: launchDay, anchor } = useLaunchesToday(notifier.error);
  // L3: 10:00 today when today is a launch day (a received time from then on is not held).
  const opensAt = launchDay?.launches[0]?.day.timeline.customerServiceOpensAt ?? null;

  const held = (orders ?? []).filter((o) => o.status === 'held');
  const resolved = (orders ?? []).filter((o) => o.status !== 'held').reverse().slice(0, RESOLVED_SHOWN);
  // Tick only while an order waits for its opening time (10:00 Oslo), so the button opens on the second.
  const waiting = anchor !== null && held.some((o) => o.opensAt !== null && Date.parse(o.opensAt) > anchor.serverMs);
  const now = useDeskClock(anchor, waiting);

  const book = useDeskAction((order: HeldOrder) => call('heldOrders.book', { heldOrderId: order.id }), {
    onSuccess: (result, order) => {
      if (result.redemption !== null) {
        setOutcome({ severity: 'success', text: t('held.booked', { name: order.memberName, id: result.redemption.id, points: formatPoints(result.redemption.totalPoints) }) });
      } else if (result.problem !== null && (result.problem.code === 'sold_out' || result.problem.code === 'insufficient_stock')) {
        setOutcome({ severity: 'warning', text: t('held.soldOut', { name: order.memberName }) });
      } else {
        setOutcome({ severity: 'error', text: t('held.failed', { name: order.memberName, reason: result.problem === null ? t('error.internal') : describeSupervisorError(t, new DeskClientError(result.problem), i18n.language) }) });
      }
    },
    onError: (error) => {
      // L3: oldest first; another desk may have registered an older order meanwhile.
      const text = asDeskError(error).code === 'conflict' ? t('held.olderFirst') : describeSupervisorError(t, error, i18n.language);
      setOutcome({ severity: 'error', text });
    },
    onSettled: () => {
      reload();
      announceStockChange();
    },
  });
  const booking = book.pending?.[0].id ?? null;

  const actions: Column<HeldOrder> = {
    key: 'actions',
    header: t('held.actions'),
    align: 'right',
    hidden: !canBook,
    cellSx: { width: 220 },
    cell: (order) => {
      const opensAt = order.opensAt === null ? null : Date.parse(order.opensAt);
      const locked = opensAt !== null && now !== null && now < opensAt;
      return (
        <>
          <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end', alignItems: 'center', flexWrap: 'wrap' }}>
            {order.next ? (
              <Button
                variant="contained"
                size="small"
                disabled={locked || now === null || booking !== null}
                loading={booking === order.id}
                onClick={() => {
                  setOutcome(null);
                  void book.run(order);
                }}
                aria-describedby={locked ? `held-opens-${order.id}` : undefined}
              >
                {t('held.book')}
              </Button>
            ) : (
              <Typography variant="body2" color="text.secondary">
                {t('held.queued')}
              </Typography>
            )}
            <Button size="small" color="inherit" onClick={() => setOpen({ kind: 'withdraw', order })} aria-label={t('held.withdrawFor', { name: order.memberName })}>
              {t('held.withdraw')}
            </Button>
          </Box>
          {order.next && locked && order.opensAt !== null ? (
            <Typography id={`held-opens-${order.id}`} variant="caption" component="p" sx={{ color: 'warning.main', fontWeight: 600, mt: 0.5 }} data-testid="held-opens">
              {t('held.bookFrom', { time: formatInstantTime(order.opensAt) })}
            </Typography>
          ) : null}
        </>
      );
    },
  };

  return (
    <Box>
      <PageHeader
        title={t('held.title')}
        subtitle={t('held.intro')}
        actions={
          canRegister ? (
            <Button variant="contained" startIcon={<PostAddIcon />} disabled={anchor === null} onClick={() => anchor !== null && setOpen({ kind: 'register', deskNow: deskNowFrom(anchor) })}>
              {t('held.register')}
            </Button>
          ) : null
        }
      />
      {/* Issue 12: a manager reads the list (heldOrders.list) but books nothing; said plainly. */}
      {canBook || canRegister ? null : (
        <Alert severity="info" icon={<VisibilityIcon fontSize="inherit" />} data-testid="held-read-only" sx={{ mb: 2 }}>
          {t('readOnly.heldOrders')}
        </Alert>
      )}
      <Box role="status" aria-live="polite" data-testid="held-outcome">
        {outcome === null ? null : (
          <Alert severity={outcome.severity} onClose={() => setOutcome(null)} slotProps={{ closeButton: { 'aria-label': t('common.close'), title: t('common.close') } }} sx={{ mb: 2, fontWeight: 600 }}>
            {outcome.text}
            {outcome.items === undefined ? null : (
              <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2.5, fontWeight: 400 }}>
                {outcome.items.map((text) => (
                  <li key={text}>{text}</li>
                ))}
              </Box>
            )}
          </Alert>
        )}
      </Box>
      {orders === null ? <LinearProgress aria-label={t('common.loading')} /> : null}
      <Box component="section" aria-labelledby="held-waiting-title" sx={{ mb: 3 }}>
        <Typography id="held-waiting-title" variant="h2" sx={{ mb: 1 }}>
          {t('held.waiting')}
        </Typography>
        <DataTable columns={[...orderColumns(t), actions]} rows={orders === null ? null : held} loading={false} rowKey={(o) => o.id} rowProps={orderRow} empty={t('held.none')} labelledBy="held-waiting-title" testId="held-waiting" />
      </Box>
      <Box component="section" aria-labelledby="held-resolved-title">
        <Typography id="held-resolved-title" variant="h2" sx={{ mb: 1 }}>
          {t('held.resolved')}
        </Typography>
        <DataTable columns={[...orderColumns(t), statusColumn(t)]} rows={orders === null ? null : resolved} loading={false} rowKey={(o) => o.id} rowProps={orderRow} empty={t('held.noneResolved')} labelledBy="held-resolved-title" testId="held-resolved" />
      </Box>
      {open.kind === 'register' ? (
        <HeldOrderDialog
          deskNow={open.deskNow}
          opensAt={opensAt}
          onClose={() => setOpen({ kind: 'none' })}
          onSaved={(order, warnings) => {
            setOpen({ kind: 'none' });
            reload();
            // L5: the queue grew; the banner's "kan loves" follows at once.
            announceStockChange();
            notifier.success(t('held.registered', { time: order.opensAt === null ? '' : formatInstantTime(order.opensAt) }));
            // Issue 12: what the checks found stays on the page, to tell the customer.
            setOutcome(
              warnings.length === 0
                ? null
                : { severity: 'warning', text: t('heldCheck.registeredWithWarnings'), items: warnings.map((w) => describeHeldCheck(t, w, order.opensAt)) },
            );
          }}
        />
      ) : null}
      {open.kind === 'withdraw' ? (
        <ReasonDialog
          title={t('held.withdrawTitle')}
          intro={t('held.withdrawIntro', { time: `${formatInstantDay(open.order.receivedAt)} ${formatInstantTime(open.order.receivedAt)}` })}
          label={t('held.withdrawReason')}
          confirm={t('held.withdrawConfirm')}
          minLength={3}
          onClose={() => setOpen({ kind: 'none' })}
          onConfirm={async (reason) => {
            await call('heldOrders.withdraw', { heldOrderId: open.order.id, reason });
            setOpen({ kind: 'none' });
            reload();
            announceStockChange();
            notifier.success(t('held.withdrawn'));
          }}
        />
      ) : null}
    </Box>
  );
}

const orderRow = (order: HeldOrder): RowProps => ({ 'data-testid': `held-row-${order.id}`, selected: order.next, sx: { verticalAlign: 'top' } });

/** Received, member and sender, lines: the columns both lists show. */
function orderColumns(t: TFunction): Column<HeldOrder>[] {
  return [
    {
      key: 'received',
      header: t('held.received'),
      cellSx: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
      cell: (order) => (
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          <span>
            {formatInstantDay(order.receivedAt)} <strong>{formatInstantTime(order.receivedAt)}</strong>
          </span>
          {order.next ? <Chip label={t('held.next')} color="primary" data-testid="held-next" /> : null}
        </Box>
      ),
    },
    {
      key: 'member',
      header: t('held.memberAndSender'),
      cell: (order) => (
        <>
          <Box>
            <Box component="span" sx={{ fontWeight: 600 }}>
              {order.memberName}
            </Box>{' '}
            <Box component="span" sx={{ color: 'text.secondary', fontVariantNumeric: 'tabular-nums' }}>
              {order.memberNo}
            </Box>
          </Box>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, overflowWrap: 'anywhere', fontSize: '0.875rem' }}>
            <MarkEmailReadIcon fontSize="small" aria-hidden sx={{ color: 'text.secondary' }} />
            <span>
              {order.emailFrom}
              {order.emailSubject === '' ? null : (
                <Box component="span" sx={{ color: 'text.secondary' }}>
                  {' '}
                  – {order.emailSubject}
                </Box>
              )}
            </span>
          </Box>
        </>
      ),
    },
    {
      key: 'lines',
      header: t('held.lines'),
      cell: (order) => (
        <>
          <Box component="ul" sx={{ m: 0, p: 0, listStyle: 'none' }}>
            {order.lines.map((line) => (
              <li key={line.productId}>{t('held.line', { quantity: line.quantity, name: line.name })}</li>
            ))}
          </Box>
          <Typography variant="body2" color="text.secondary">
            {t(`held.deliveryValue.${order.delivery}`)}
          </Typography>
        </>
      ),
    },
  ];
}

/** A resolved order: booked, withdrawn or failed, with why. */
function statusColumn(t: TFunction): Column<HeldOrder> {
  return {
    key: 'status',
    header: t('held.status'),
    cell: (order) => (
      <>
        <Chip label={t(`held.statusValue.${order.status}`)} color={order.status === 'booked' ? 'success' : order.status === 'failed' ? 'error' : 'default'} variant="outlined" />
        {order.outcome !== null && order.status !== 'booked' ? (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5, maxWidth: 280 }}>
            {order.status === 'failed' ? outcomeText(t, order.outcomeCode, order.outcome) : order.outcome}
          </Typography>
        ) : null}
      </>
    ),
  };
}

/** A failed order shows the translation of the refusal it met when booked. */
function outcomeText(t: TFunction, code: ErrorCode | null, outcome: string): string {
  if (code === 'sold_out' || code === 'insufficient_stock') return t('launch.stock.soldOut');
  return code === null ? outcome : t(`error.${code}`);
}
