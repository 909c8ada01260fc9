import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import type { MemberHit } from '../../shared/channels/members';
import { formatPoints } from '../i18n/format';
import { visuallyHidden } from '../ui/styles';
import { optionId, RESULTS_ID } from './search-ids';
import { StateChip } from './StateChip';

/**
 * Every row has the same height (a name wraps to two lines within it), so a new answer never
 * makes the list jump; only a name longer than two lines makes its row taller, never cut (issue 12).
 */
export const ROW_HEIGHT = 44;
const wideColumns = '96px minmax(170px, 1.5fr) 76px minmax(150px, 1.4fr) minmax(130px, 1fr) 104px 100px';
/** Below `lg` phone and email share one two-line column, so nothing is cut at 960 px. */
const compactColumns = '72px minmax(130px, 1.3fr) minmax(140px, 1.3fr) minmax(100px, 1fr) 96px 80px';

/**
 * Issue 12: the last 5 digits of the normalised phone, grouped the Norwegian way (+4791234567 →
 * "34 567"), enough to tell two namesakes apart on the call without showing the whole number.
 */
export function phoneEnding(phone: string | null): string | null {
  const digits = phone?.replace(/\D/g, '') ?? '';
  if (digits.length < 5) return null;
  const tail = digits.slice(-5);
  return `${tail.slice(0, 2)} ${tail.slice(2)}`;
}

interface Props {
  items: readonly MemberHit[];
  selectedIndex: number;
  /** The list shows an older answer while a newer one is on its way. */
  stale: boolean;
  onSelect(hit: MemberHit): void;
  onOpen(hit: MemberHit): void;
}

/** The search results: the listbox the search field controls (the focus stays in the field). */
export function MemberResults({ items, selectedIndex, stale, onSelect, onOpen }: Props) {
  const { t } = useTranslation();
  const list = useRef<HTMLDivElement>(null);
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down('lg'));
  const columns = compact ? compactColumns : wideColumns;
  const phoneCell = (hit: MemberHit) => {
    const digits = phoneEnding(hit.phone);
    if (digits === null) return t('common.none');
    return (
      <>
        <span aria-hidden>{t('search.phoneEnding', { digits })}</span>
        <Box component="span" sx={visuallyHidden}>
          {t('search.phoneEndingLabel', { digits })}
        </Box>
      </>
    );
  };

  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selectedIndex, items]);

  return (
    <Paper sx={{ overflow: 'hidden' }}>
      <Box
        aria-hidden
        sx={{ display: 'grid', gridTemplateColumns: columns, gap: 2, px: 2, py: 1, bgcolor: 'grey.50', borderBottom: 1, borderColor: 'divider', color: 'text.secondary', fontSize: '0.8125rem', fontWeight: 600 }}
      >
        <span>{t('search.memberNo')}</span>
        <span>{t('search.name')}</span>
        {compact ? (
          <span>
            {t('search.phone')} / {t('search.email')}
          </span>
        ) : (
          <>
            <span>{t('search.phone')}</span>
            <span>{t('search.email')}</span>
          </>
        )}
        <span>{t('search.place')}</span>
        <span>{t('search.state')}</span>
        <Box component="span" sx={{ textAlign: 'right' }}>
          {t('search.balance')}
        </Box>
      </Box>
      {/*
        Issue 12: an older answer shown while a newer one is on its way is marked aria-busy, and the
        search screen shows a thin progress bar above it; the rows keep their full colour, because
        dimmed text fails WCAG contrast (axe color-contrast).
      */}
      <Box id={RESULTS_ID} ref={list} role="listbox" aria-label={t('search.results')} aria-busy={stale} data-stale={stale ? 'true' : undefined}>
        {items.map((hit, index) => {
          const selected = index === selectedIndex;
          return (
            <Box
              key={hit.id}
              id={optionId(hit)}
              role="option"
              aria-selected={selected}
              data-member-id={hit.id}
              // Keep the focus in the search field: a click selects and opens without stealing it.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => {
                onSelect(hit);
                onOpen(hit);
              }}
              sx={{
                display: 'grid',
                gridTemplateColumns: columns,
                gap: 2,
                alignItems: 'center',
                minHeight: ROW_HEIGHT,
                py: 0.25,
                px: 2,
                cursor: 'pointer',
                borderBottom: 1,
                borderColor: 'divider',
                borderLeft: 3,
                borderLeftColor: selected ? 'primary.main' : 'transparent',
                bgcolor: selected ? 'rgba(31, 78, 140, 0.09)' : 'transparent',
                scrollMarginTop: 120,
                '&:hover': { bgcolor: selected ? 'rgba(31, 78, 140, 0.12)' : 'action.hover' },
                '&:last-of-type': { borderBottom: 0 },
                // Issue 12: the name is never cut with an ellipsis; it wraps (to two lines within ROW_HEIGHT).
                '& > :not([data-cell=name])': { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
              }}
            >
              <Box component="span" sx={{ fontVariantNumeric: 'tabular-nums', color: 'text.secondary' }}>
                {hit.memberNo}
              </Box>
              <Box component="span" data-cell="name" sx={{ fontWeight: 600, lineHeight: 1.25, overflowWrap: 'anywhere' }}>
                {hit.firstName} {hit.lastName}
              </Box>
              {compact ? (
                <Box component="span" sx={{ lineHeight: 1.25, fontSize: '0.8125rem' }}>
                  <Box component="span" data-testid="hit-phone" sx={{ display: 'block', fontVariantNumeric: 'tabular-nums', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                    {phoneCell(hit)}
                  </Box>
                  <Box component="span" sx={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                    {hit.email ?? t('common.none')}
                  </Box>
                </Box>
              ) : (
                <>
                  <Box component="span" data-testid="hit-phone" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                    {phoneCell(hit)}
                  </Box>
                  <span>{hit.email ?? t('common.none')}</span>
                </>
              )}
              <span data-testid="hit-place">{[hit.postcode, hit.city].filter((p) => p !== null).join(' ') || t('common.none')}</span>
              <span data-testid="hit-state">
                <StateChip state={hit.state} />
              </span>
              <Box component="span" data-testid="hit-balance" sx={{ textAlign: 'right', fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}>
                {formatPoints(hit.balance)}
              </Box>
            </Box>
          );
        })}
      </Box>
    </Paper>
  );
}
