import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutlined';
import LockClockIcon from '@mui/icons-material/LockClock';
import RecordVoiceOverIcon from '@mui/icons-material/RecordVoiceOver';
import type { LaunchProduct, LaunchWithStatus } from '../../shared/channels/launches';
import type { Role } from '../../shared/roles';
import { canUse } from '../ui/access';
import { useDeskClock } from './useDeskClock';
import { useLaunchesToday } from './useLaunchesToday';
import { formatInstantTime } from '../i18n/format';
import { useNotifier } from '../ui/Notifier';
import { formatCountdown } from './countdown';
import { LaunchScriptDrawer } from './LaunchScriptDrawer';
import { LaunchTimeline } from './LaunchTimeline';
import { LaunchProductLabel } from './StockChip';

/** Warm for the lockout, calm once orders are open; both keep dark text (WCAG AA). */
const tone = {
  locked: { bg: '#fff3e0', border: '#8a5300', icon: '#8a5300' },
  open: { bg: '#eef6f0', border: '#1e6b38', icon: '#1e6b38' },
} as const;

/**
 * L3 across the whole desk on a launch day (Oslo): before 10:00 the customer-service lockout
 * with a live countdown to 10:00 and the day's timeline; after 10:00 that orders are open.
 * Nothing on other days. Every signed-in user sees it; supervisors may edit the script.
 */
export function LaunchBanner({ role }: { role: Role }) {
  // Admins do not read launches (the contract's readers do); they get no banner.
  if (!canUse(role, 'launches.today')) return null;
  return <LiveBanner canEditScript={canUse(role, 'launches.setScript')} />;
}

function LiveBanner({ canEditScript }: { canEditScript: boolean }) {
  const notifier = useNotifier();
  const { data, anchor } = useLaunchesToday(notifier.error);
  const launches = data?.launches ?? [];
  const first = launches[0];
  const locked = first?.day.customerService.state === 'locked';
  const now = useDeskClock(anchor, locked);
  if (first === undefined || now === null) return null;
  return <Banner launches={launches} first={first} now={now} canEditScript={canEditScript} />;
}

function Banner({ launches, first, now, canEditScript }: { launches: LaunchWithStatus[]; first: LaunchWithStatus; now: number; canEditScript: boolean }) {
  const { t } = useTranslation();
  const [scriptOpen, setScriptOpen] = useState(false);
  // Several launches on one day share the day's timeline; the widest scope decides.
  const { day } = first;
  const allOrders = launches.some((l) => l.scope === 'all_orders');
  const locked = day.customerService.state === 'locked';
  const opensAt = day.timeline.customerServiceOpensAt;
  const time = formatInstantTime(opensAt);
  const names = launches.map((l) => l.name).join(', ');
  const products = uniqueProducts(launches);
  const colours = locked ? tone.locked : tone.open;
  const storesPending = day.stores.state === 'no_orders';

  return (
    <Box
      component="section"
      aria-label={t('launch.region')}
      data-testid="launch-banner"
      data-state={locked ? 'locked' : 'open'}
      sx={{ bgcolor: colours.bg, borderBottom: locked ? 3 : 1, borderColor: colours.border, px: 2, py: 1.25 }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
        <Box aria-hidden sx={{ display: 'flex', color: colours.icon }}>
          {locked ? <LockClockIcon sx={{ fontSize: 32 }} /> : <CheckCircleOutlineIcon sx={{ fontSize: 28 }} />}
        </Box>
        {/* The live region holds what changes at 10:00, not the seconds: announced once, politely. */}
        <Box role="status" aria-live="polite" aria-atomic="true" sx={{ flex: '1 1 360px', minWidth: 0 }}>
          <Typography variant="body2" component="p" sx={{ fontWeight: 600, color: 'text.secondary' }}>
            {t('launch.title', { names })}
          </Typography>
          <Typography component="p" data-testid="launch-message" sx={{ fontWeight: 700, fontSize: locked ? '1.0625rem' : '1rem', lineHeight: 1.35 }}>
            {locked ? (allOrders ? t('launch.lockedAll', { time }) : t('launch.lockedProducts', { time })) : allOrders ? t('launch.openAll', { time }) : t('launch.open', { time })}
          </Typography>
          <Typography variant="body2" component="p" data-testid="launch-scope" sx={{ color: 'text.primary' }}>
            {locked
              ? `${allOrders ? t('launch.scopeAll') : t('launch.scopeProducts')} ${day.webOnly ? t('launch.webOnly') : t('launch.heldHint', { time })}`
              : `${storesPending ? t('launch.storesPending', { time: formatInstantTime(day.timeline.storesOrdersAt) }) : ''} ${t('launch.heldWaiting')}`.trim()}
          </Typography>
        </Box>
        {/* Side by side on a wide window; stacked below lg, so the message keeps its line. */}
        <Box sx={{ display: 'flex', flexDirection: { xs: 'column', lg: 'row' }, alignItems: { xs: 'flex-end', lg: 'center' }, gap: { xs: 0.75, lg: 2 }, flexShrink: 0 }}>
          {locked ? (
            <Box sx={{ textAlign: 'center', flexShrink: 0 }}>
              <Typography variant="caption" component="p" sx={{ fontWeight: 600, color: 'text.secondary' }} aria-hidden>
                {t('launch.countdownLabel')}
              </Typography>
              <Box
                role="timer"
                aria-label={t('launch.countdownAria', { time })}
                data-testid="launch-countdown"
                sx={{ fontSize: '1.75rem', fontWeight: 700, lineHeight: 1.1, fontVariantNumeric: 'tabular-nums', color: '#5c3700', letterSpacing: '0.02em' }}
              >
                {formatCountdown(Date.parse(opensAt) - now)}
              </Box>
            </Box>
          ) : null}
          <Button variant="outlined" color="inherit" startIcon={<RecordVoiceOverIcon />} onClick={() => setScriptOpen(true)} sx={{ flexShrink: 0, bgcolor: 'background.paper' }}>
            {t('launch.openScript')}
          </Button>
        </Box>
      </Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, flexWrap: 'wrap', mt: 1 }}>
        <LaunchTimeline timeline={day.timeline} phase={day.phase} />
        {products.length > 0 ? (
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap', fontSize: '0.8125rem' }}>
            <Box component="span" id="launch-products-label" sx={{ fontWeight: 600, color: 'text.secondary' }}>
              {t('launch.products')}:
            </Box>
            <Box component="ul" aria-labelledby="launch-products-label" data-testid="launch-products" sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, m: 0, p: 0, listStyle: 'none' }}>
              {products.map((p) => (
                <li key={p.id}>
                  <LaunchProductLabel product={p} />
                </li>
              ))}
            </Box>
          </Box>
        ) : null}
      </Box>
      <LaunchScriptDrawer open={scriptOpen} onClose={() => setScriptOpen(false)} canEdit={canEditScript} opensAt={time} />
    </Box>
  );
}

function uniqueProducts(launches: readonly LaunchWithStatus[]): LaunchProduct[] {
  const byId = new Map<number, LaunchProduct>();
  for (const launch of launches) for (const p of launch.products) byId.set(p.id, p);
  return [...byId.values()];
}
