import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import type { UserSummary } from '../../shared/channels/auth';
import type { Redemption } from '../../shared/channels/redemptions';
import { canUse } from '../ui/access';
import { RedemptionsTable } from './RedemptionsTable';
import { call } from '../desk';
import { useRedemptionActions } from './useRedemptionActions';
import { describeError } from '../i18n/errors';
import { PageHeader } from '../ui/PageHeader';

export const statusFilters = ['registered', 'shipped', 'cancelled', 'all'] as const;
export type StatusFilter = (typeof statusFilters)[number];
/** Rows per page; "show more" asks for the next page before the last id shown. */
export const PAGE_SIZE = 50;

interface Request {
  filter: StatusFilter;
  /** Undefined: the first page; else the page before this id. */
  beforeId: number | undefined;
  /** Counts requests, so asking the same again (retry) is a new request. */
  n: number;
}

interface Listing {
  filter: StatusFilter;
  items: Redemption[];
  /** The last page was full, so there may be more. */
  more: boolean;
  /** The request this listing answers. */
  n: number;
  failure: unknown;
}

/** Desk-wide redemptions, newest first, by state (B7a): ship and cancel from here, open the member. */
export function RedemptionsPage({ user, onOpenMember }: { user: UserSummary; onOpenMember(memberId: number): void }) {
  const { t } = useTranslation();
  const [request, setRequest] = useState<Request>({ filter: 'registered', beforeId: undefined, n: 0 });
  const [listing, setListing] = useState<Listing | null>(null);
  const sequence = useRef(0);
  const filter = request.filter;

  useEffect(() => {
    const mine = ++sequence.current;
    const { filter: wanted, beforeId, n } = request;
    call('redemptions.list', {
      limit: PAGE_SIZE,
      ...(wanted === 'all' ? {} : { status: wanted }),
      ...(beforeId === undefined ? {} : { beforeId }),
    }).then(
      ({ redemptions }) => {
        if (mine !== sequence.current) return;
        setListing((prev) => ({
          filter: wanted,
          items: beforeId === undefined || prev === null || prev.filter !== wanted ? redemptions : [...prev.items, ...redemptions],
          more: redemptions.length === PAGE_SIZE,
          n,
          failure: null,
        }));
      },
      (failure: unknown) => {
        if (mine === sequence.current) setListing((prev) => ({ filter: wanted, items: prev?.filter === wanted ? prev.items : [], more: false, n, failure }));
      },
    );
  }, [request]);

  const ask = useCallback((wanted: StatusFilter, beforeId: number | undefined) => setRequest((prev) => ({ filter: wanted, beforeId, n: prev.n + 1 })), []);
  const loading = listing?.n !== request.n;
  const failure = listing?.n === request.n ? listing.failure : null;

  // A shipped or cancelled row changes in place, so the agent sees what happened.
  const actions = useRedemptionActions((updated) =>
    setListing((prev) => (prev === null ? prev : { ...prev, items: prev.items.map((r) => (r.id === updated.id ? updated : r)) })),
  );

  const items = listing?.filter === filter ? listing.items : [];
  const last = items[items.length - 1];

  return (
    <Box>
      <PageHeader
        title={t('redemptions.title')}
        titleId="redemptions-title"
        subtitle={t('redemptions.intro')}
        subtitleSx={{ mb: 1.5 }}
        actions={
          <ToggleButtonGroup
            exclusive
            size="small"
            value={filter}
            onChange={(_event, next: StatusFilter | null) => next !== null && ask(next, undefined)}
            aria-label={t('redemptions.filter')}
          >
            {statusFilters.map((f) => (
              <ToggleButton key={f} value={f} sx={{ color: 'text.secondary', '&.Mui-selected': { color: 'primary.dark' }, px: 1.5 }}>
                {t(`redemptions.filters.${f}`)}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
        }
      />
      <Box sx={{ height: 3, mb: 1 }}>{loading ? <LinearProgress aria-label={t('common.loading')} sx={{ height: 3 }} /> : null}</Box>
      {failure === null ? null : (
        <Alert
          severity="error"
          sx={{ mb: 2 }}
          action={
            <Button color="inherit" size="small" onClick={() => ask(filter, undefined)}>
              {t('startup.retry')}
            </Button>
          }
        >
          {describeError(t, failure)}
        </Alert>
      )}
      <Paper sx={{ overflowX: 'auto' }}>
        {listing?.filter === filter && items.length === 0 ? (
          <Typography color="text.secondary" sx={{ p: 2 }}>
            {t(`redemptions.empty.${filter}`)}
          </Typography>
        ) : (
          <RedemptionsTable
            redemptions={items}
            labelledBy="redemptions-title"
            showMember
            canWrite={canUse(user.role, 'redemptions.cancel')}
            onOpenMember={onOpenMember}
            onShip={actions.ship}
            onCancel={actions.cancel}
          />
        )}
      </Paper>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mt: 1.5 }}>
        <Typography variant="body2" color="text.secondary" role="status" data-testid="redemptions-count">
          {listing?.filter === filter ? t('redemptions.count', { count: items.length }) : ''}
        </Typography>
        {listing?.filter === filter && listing.more && last !== undefined ? (
          <Button variant="outlined" onClick={() => ask(filter, last.id)} disabled={loading}>
            {t('redemptions.more')}
          </Button>
        ) : null}
      </Box>
      {actions.dialogs}
    </Box>
  );
}
