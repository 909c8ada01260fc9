import { useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Popover from '@mui/material/Popover';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import ArrowDropDownIcon from '@mui/icons-material/ArrowDropDown';
import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutlined';
import ExpandLessIcon from '@mui/icons-material/ExpandLess';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import LockClockIcon from '@mui/icons-material/LockClock';
import RecordVoiceOverIcon from '@mui/icons-material/RecordVoiceOver';
import type { LaunchDayStatus, LaunchProduct, LaunchWithStatus } from '../../shared/channels/launches';
import type { Role } from '../../shared/roles';
import { canUse } from '../ui/access';
import { visuallyHidden } from '../ui/styles';
import { useDeskClock } from './useDeskClock';
import { useLaunchesToday } from './useLaunchesToday';
import { formatInstantTime } from '../i18n/format';
import { useNotifier } from '../ui/Notifier';
import { formatCountdown } from './countdown';
import { LaunchScriptDrawer } from './LaunchScriptDrawer';
import { LaunchTimeline } from './LaunchTimeline';
import { isSoldOut, LaunchProductLabel } from './StockChip';

/** Warm for the lockout, calm once orders are open; both keep dark text (WCAG AA). */
const tone = {
  locked: { bg: '#fff3e0', border: '#8a5300', icon: '#8a5300' },
  open: { bg: '#eef6f0', hover: '#dcefe2', border: '#1e6b38', icon: '#1e6b38' },
} as const;

/** Issue 12: the full day below the one-line bar is the agent's choice, kept for this window's session. */
const EXPANDED_KEY = 'desk.launchBar.expanded';

function readExpanded(): boolean {
  try {
    return window.sessionStorage.getItem(EXPANDED_KEY) === '1';
  } catch {
    return false;
  }
}

function storeExpanded(expanded: boolean): void {
  try {
    window.sessionStorage.setItem(EXPANDED_KEY, expanded ? '1' : '0');
  } catch {
    // Storage can be unavailable (private mode); the choice then lasts while the banner is shown.
  }
}

interface Props {
  role: Role;
  /** Where the status chip goes after 10:00 (a slot in the top bar); null: on its own row here. */
  chipSlot?: HTMLElement | null;
}

/**
 * L3 across the whole desk on a launch day (Oslo). Issue 12, "the screen back": before 10:00 one
 * line — the lockout, a live countdown to 10:00 and the day's products as a count that opens
 * their live stock (L5) — expandable to the whole day (what the lock covers, the timeline, the
 * products); from 10:00 a small status chip in the top bar that opens the same. Nothing on other
 * days. Every reader of launches sees it; supervisors may edit the script.
 */
export function LaunchBanner({ role, chipSlot = null }: Props) {
  // Admins do not read launches (the contract's readers do); they get no banner.
  if (!canUse(role, 'launches.today')) return null;
  return <LiveBanner canEditScript={canUse(role, 'launches.setScript')} chipSlot={chipSlot} />;
}

function LiveBanner({ canEditScript, chipSlot }: { canEditScript: boolean; chipSlot: HTMLElement | null }) {
  const notifier = useNotifier();
  const { data, anchor } = useLaunchesToday(notifier.error);
  const launches = data?.launches ?? [];
  const first = launches[0];
  const locked = first?.day.customerService.state === 'locked';
  const now = useDeskClock(anchor, locked);
  if (first === undefined || now === null) return null;
  return <Banner launches={launches} day={first.day} now={now} canEditScript={canEditScript} chipSlot={chipSlot} />;
}

/** What the banner says, in one place for the bar, the chip's panel and the live region. */
interface DayTexts {
  title: string;
  message: string;
  scope: string;
  /** "10:00" (Oslo). */
  opensAt: string;
}

function useDayTexts(launches: readonly LaunchWithStatus[], day: LaunchDayStatus): DayTexts {
  const { t } = useTranslation();
  // Several launches on one day share the day's timeline; the widest scope decides.
  const allOrders = launches.some((l) => l.scope === 'all_orders');
  const locked = day.customerService.state === 'locked';
  const time = formatInstantTime(day.timeline.customerServiceOpensAt);
  const storesPending = day.stores.state === 'no_orders';
  return {
    title: t('launch.title', { names: launches.map((l) => l.name).join(', ') }),
    message: locked ? (allOrders ? t('launch.lockedAll', { time }) : t('launch.lockedProducts', { time })) : allOrders ? t('launch.openAll', { time }) : t('launch.open', { time }),
    scope: locked
      ? `${allOrders ? t('launch.scopeAll') : t('launch.scopeProducts')} ${day.webOnly ? t('launch.webOnly') : t('launch.heldHint', { time })}`
      : `${storesPending ? t('launch.storesPending', { time: formatInstantTime(day.timeline.storesOrdersAt) }) : ''} ${t('launch.heldWaiting')}`.trim(),
    opensAt: time,
  };
}

function Banner({ launches, day, now, canEditScript, chipSlot }: { launches: LaunchWithStatus[]; day: LaunchDayStatus; now: number; canEditScript: boolean; chipSlot: HTMLElement | null }) {
  const { t } = useTranslation();
  const [scriptOpen, setScriptOpen] = useState(false);
  const texts = useDayTexts(launches, day);
  const products = uniqueProducts(launches);
  const locked = day.customerService.state === 'locked';
  const openScript = (): void => setScriptOpen(true);

  return (
    <Box component="section" aria-label={t('launch.region')}>
      {/*
        The live region holds what changes at 10:00, not the seconds: announced once, politely. It
        is the same node before and after 10:00 (the bar gives way to the chip), so the change is
        read out; the visible message beside it is hidden from screen readers to be read once.
      */}
      <Box role="status" aria-live="polite" aria-atomic="true" sx={visuallyHidden}>
        {texts.message}
      </Box>
      {locked ? (
        <LockedBar day={day} texts={texts} products={products} now={now} onScript={openScript} />
      ) : (
        <OpenChip day={day} texts={texts} products={products} onScript={openScript} slot={chipSlot} />
      )}
      <LaunchScriptDrawer open={scriptOpen} onClose={() => setScriptOpen(false)} canEdit={canEditScript} opensAt={texts.opensAt} />
    </Box>
  );
}

/** Before 10:00: one line (lockout, countdown, products, script), and the whole day when expanded. */
function LockedBar({ day, texts, products, now, onScript }: { day: LaunchDayStatus; texts: DayTexts; products: readonly LaunchProduct[]; now: number; onScript(): void }) {
  const { t } = useTranslation();
  const wide = useMediaQuery((theme: Theme) => theme.breakpoints.up('lg'));
  const [expanded, setExpanded] = useState(readExpanded);
  const colours = tone.locked;
  const toggle = (): void => {
    setExpanded(!expanded);
    storeExpanded(!expanded);
  };

  return (
    <Box data-testid="launch-banner" data-state="locked" data-expanded={expanded ? 'true' : 'false'} sx={{ bgcolor: colours.bg, borderBottom: 3, borderColor: colours.border, px: 2, py: 0.5 }}>
      <Box data-testid="launch-line" sx={{ display: 'flex', alignItems: 'center', columnGap: 1.5, rowGap: 0.5, flexWrap: 'wrap', minHeight: 40 }}>
        <LockClockIcon aria-hidden sx={{ fontSize: 26, color: colours.icon, flexShrink: 0 }} />
        {/* The message takes the room left and wraps inside it on a narrow window, so the buttons keep the one row. */}
        <Box sx={{ flex: '1 1 0', minWidth: 220, display: 'flex', alignItems: 'baseline', columnGap: 1.25, flexWrap: 'wrap' }}>
          {/* The launch's name: beside the message on a wide window; below `lg` in the expanded view (and read out here). */}
          <Typography component="span" variant="body2" sx={wide ? { fontWeight: 600, color: 'text.secondary', whiteSpace: 'nowrap' } : visuallyHidden}>
            {texts.title}
          </Typography>
          <Typography component="span" data-testid="launch-message" aria-hidden sx={{ fontWeight: 700, fontSize: '0.9375rem', lineHeight: 1.35 }}>
            {texts.message}
          </Typography>
        </Box>
        <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 0.75, flexShrink: 0 }}>
          <Typography variant="caption" component="span" sx={{ fontWeight: 600, color: 'text.secondary' }} aria-hidden>
            {t('launch.countdownLabel')}
          </Typography>
          <Box
            role="timer"
            aria-label={t('launch.countdownAria', { time: texts.opensAt })}
            data-testid="launch-countdown"
            sx={{ fontSize: '1.25rem', fontWeight: 700, lineHeight: 1.2, fontVariantNumeric: 'tabular-nums', color: '#5c3700', letterSpacing: '0.02em' }}
          >
            {formatCountdown(Date.parse(day.timeline.customerServiceOpensAt) - now)}
          </Box>
        </Box>
        {/* Expanded, the products are listed below; folded, their count opens them. */}
        {!expanded && products.length > 0 ? <ProductsButton products={products} /> : null}
        {wide ? (
          <Button size="small" variant="outlined" color="inherit" startIcon={<RecordVoiceOverIcon />} onClick={onScript} sx={{ flexShrink: 0, bgcolor: 'background.paper' }}>
            {t('launch.openScript')}
          </Button>
        ) : (
          <IconButton size="small" onClick={onScript} aria-label={t('launch.openScript')} title={t('launch.openScript')} sx={{ flexShrink: 0, border: 1, borderColor: 'currentColor', borderRadius: 1, bgcolor: 'background.paper', color: 'text.primary' }}>
            <RecordVoiceOverIcon fontSize="small" />
          </IconButton>
        )}
        <IconButton
          size="small"
          onClick={toggle}
          aria-expanded={expanded}
          aria-controls={expanded ? 'launch-day-details' : undefined}
          aria-label={expanded ? t('launchBar.collapse') : t('launchBar.expand')}
          title={expanded ? t('launchBar.collapse') : t('launchBar.expand')}
          sx={{ flexShrink: 0, color: 'text.primary' }}
        >
          {expanded ? <ExpandLessIcon /> : <ExpandMoreIcon />}
        </IconButton>
      </Box>
      {expanded ? (
        <Box id="launch-day-details" role="group" aria-label={t('launchBar.details')} sx={{ pt: 0.25, pb: 0.75, pl: { xs: 0, sm: 5.25 } }}>
          {/* Below `lg` the launch's name leads the scope line (the bar reads it out already). */}
          <DayDetails day={day} scope={texts.scope} products={products} lead={wide ? null : texts.title} />
        </Box>
      ) : null}
    </Box>
  );
}

/** From 10:00: a small chip (in the top bar) that opens the whole day in a panel. */
function OpenChip({ day, texts, products, onScript, slot }: { day: LaunchDayStatus; texts: DayTexts; products: readonly LaunchProduct[]; onScript(): void; slot: HTMLElement | null }) {
  const { t } = useTranslation();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const soldOut = products.filter(isSoldOut).length;
  const colours = tone.open;
  const chip = (
    <Box data-testid="launch-banner" data-state="open" sx={{ display: 'flex', alignItems: 'center', flexShrink: 0 }}>
      <Chip
        icon={<CheckCircleOutlineIcon aria-hidden />}
        // L5: a sold-out launch product is said on the chip itself, before anyone promises it.
        label={soldOut > 0 ? `${t('launchBar.chip')} · ${t('launchBar.soldOut', { count: soldOut })}` : t('launchBar.chip')}
        onClick={(event) => setAnchor(event.currentTarget)}
        aria-haspopup="dialog"
        aria-expanded={anchor !== null}
        aria-controls={anchor !== null ? 'launch-day-panel' : undefined}
        title={t('launchBar.chipHint')}
        data-testid="launch-chip"
        sx={{
          bgcolor: colours.bg,
          color: colours.border,
          fontWeight: 600,
          border: 1,
          borderColor: colours.border,
          '& .MuiChip-icon': { color: colours.icon },
          '&:hover, &.Mui-focusVisible': { bgcolor: colours.hover },
        }}
      />
      <LaunchPopover id="launch-day-panel" labelledBy="launch-day-title" anchor={anchor} onClose={() => setAnchor(null)} width={680}>
        <Typography id="launch-day-title" variant="body2" component="h2" sx={{ fontWeight: 600, color: 'text.secondary' }}>
          {texts.title}
        </Typography>
        <Typography component="p" data-testid="launch-message" sx={{ fontWeight: 700, lineHeight: 1.35, mb: 0.5 }}>
          {texts.message}
        </Typography>
        <DayDetails day={day} scope={texts.scope} products={products} />
        <Box sx={{ mt: 1.5 }}>
          <Button
            size="small"
            variant="outlined"
            startIcon={<RecordVoiceOverIcon />}
            onClick={() => {
              setAnchor(null);
              onScript();
            }}
          >
            {t('launch.openScript')}
          </Button>
        </Box>
      </LaunchPopover>
    </Box>
  );
  if (slot !== null) return createPortal(chip, slot);
  return <Box sx={{ display: 'flex', justifyContent: 'flex-end', px: 2, py: 0.5 }}>{chip}</Box>;
}

/** L5: the products as a count ("2 produkter · 1 utsolgt") that opens them with their live stock. */
function ProductsButton({ products }: { products: readonly LaunchProduct[] }) {
  const { t } = useTranslation();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const soldOut = products.filter(isSoldOut).length;
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        color="inherit"
        endIcon={<ArrowDropDownIcon />}
        onClick={(event) => setAnchor(event.currentTarget)}
        aria-haspopup="dialog"
        aria-expanded={anchor !== null}
        aria-controls={anchor !== null ? 'launch-products-panel' : undefined}
        title={t('launchBar.productsHint')}
        data-testid="launch-products-button"
        sx={{ flexShrink: 0, bgcolor: 'background.paper', whiteSpace: 'nowrap' }}
      >
        {/* One inline run, so the spaces around "·" survive the button's flex layout. */}
        <span>
          {t('launchBar.products', { count: products.length })}
          {soldOut > 0 ? (
            <>
              {' · '}
              <Box component="span" sx={{ color: 'error.main' }}>
                {t('launchBar.soldOut', { count: soldOut })}
              </Box>
            </>
          ) : null}
        </span>
      </Button>
      <LaunchPopover id="launch-products-panel" labelledBy="launch-products-title" anchor={anchor} onClose={() => setAnchor(null)} width={420}>
        <Typography id="launch-products-title" variant="h3" component="h2" sx={{ mb: 1 }}>
          {t('launchBar.productsTitle')}
        </Typography>
        <Box component="ul" aria-labelledby="launch-products-title" data-testid="launch-products" sx={{ display: 'flex', flexDirection: 'column', gap: 1, m: 0, p: 0, listStyle: 'none' }}>
          {products.map((p) => (
            <li key={p.id}>
              <LaunchProductLabel product={p} />
            </li>
          ))}
        </Box>
        <Typography variant="caption" component="p" sx={{ color: 'text.secondary', mt: 1.5 }}>
          {t('launchBar.liveStock')}
        </Typography>
      </LaunchPopover>
    </>
  );
}

/**
 * A panel under its button: a dialog named by its heading, reached and left by keyboard (the
 * focus moves in; Esc or a click outside closes it and the focus goes back to the button).
 */
function LaunchPopover({ id, labelledBy, anchor, onClose, width, children }: { id: string; labelledBy: string; anchor: HTMLElement | null; onClose(): void; width: number; children: ReactNode }) {
  return (
    <Popover
      open={anchor !== null}
      anchorEl={anchor}
      onClose={onClose}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
      transformOrigin={{ vertical: 'top', horizontal: 'left' }}
      slotProps={{ paper: { id, role: 'dialog', 'aria-labelledby': labelledBy, sx: { p: 2, mt: 0.5, width, maxWidth: 'calc(100vw - 32px)' } } }}
    >
      {children}
    </Popover>
  );
}

/** The whole day: what the lock covers, the timeline (L1–L4) and the products with live stock (L5). */
function DayDetails({ day, scope, products, lead = null }: { day: LaunchDayStatus; scope: string; products: readonly LaunchProduct[]; lead?: string | null }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography variant="body2" component="p" sx={{ color: 'text.primary' }}>
        {lead === null ? null : (
          <Box component="span" aria-hidden sx={{ fontWeight: 600, color: 'text.secondary', mr: 1 }}>
            {lead}
          </Box>
        )}
        <span data-testid="launch-scope">{scope}</span>
      </Typography>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, flexWrap: 'wrap', mt: 0.5 }}>
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
    </>
  );
}

function uniqueProducts(launches: readonly LaunchWithStatus[]): LaunchProduct[] {
  const byId = new Map<number, LaunchProduct>();
  for (const launch of launches) for (const p of launch.products) byId.set(p.id, p);
  return [...byId.values()];
}
