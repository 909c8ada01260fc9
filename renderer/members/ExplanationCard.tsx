import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import type { BalanceStory, Explanation } from '../../shared/channels/points';
import { CAP_POINTS } from '../../shared/rules';
import { describeError } from '../i18n/errors';
import { formatDay, formatPoints, formatSignedPoints } from '../i18n/format';

/** The parts of the balance, in the order the story is told; zero parts are left out. */
const storyParts = ['earned', 'spent', 'returned', 'expired', 'capped', 'deleted', 'forfeited', 'withheld', 'released', 'corrected'] as const satisfies readonly (keyof BalanceStory)[];

interface Props {
  explanation: Explanation | null;
  error: unknown;
}

/**
 * B12b: how today's balance came about, and what cancelling would mean — in lines an agent can
 * read out to a caller who asks "why do I have this many points?" or "what if I cancel?".
 */
export function ExplanationCard({ explanation, error }: Props) {
  const { t } = useTranslation();
  return (
    <Paper component="section" aria-labelledby="explain-title" sx={{ p: 2 }} data-testid="explanation">
      <Typography id="explain-title" variant="h2" sx={{ mb: 1 }}>
        {t('explain.title')}
      </Typography>
      {explanation === null ? (
        error === null ? (
          <Box role="status" aria-label={t('common.loading')}>
            <Skeleton height={24} />
            <Skeleton height={24} />
            <Skeleton height={24} width="60%" />
          </Box>
        ) : (
          <Alert severity="error">{describeError(t, error)}</Alert>
        )
      ) : (
        <ExplanationBody explanation={explanation} />
      )}
    </Paper>
  );
}

function ExplanationBody({ explanation: e }: { explanation: Explanation }) {
  const { t } = useTranslation();
  const parts = storyParts.filter((k) => e.story[k] !== 0);
  return (
    <Box>
      {parts.length === 0 ? <Typography color="text.secondary">{t('explain.nothingYet')}</Typography> : null}
      <Box component="dl" sx={{ m: 0, display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) max-content', rowGap: 0.25, columnGap: 2, fontVariantNumeric: 'tabular-nums' }} data-testid="balance-story">
        {parts.map((k) => (
          <Box key={k} sx={{ display: 'contents' }}>
            <Box component="dt">{t(`explain.story.${k}`)}</Box>
            <Box component="dd" sx={{ m: 0, textAlign: 'right', whiteSpace: 'nowrap', color: e.story[k] < 0 ? 'error.main' : 'success.main', fontWeight: 600 }}>
              {formatSignedPoints(e.story[k])}
            </Box>
          </Box>
        ))}
      </Box>
      <Box sx={{ display: 'flex', justifyContent: 'space-between', gap: 2, borderTop: 1, borderColor: 'divider', pt: 0.5, mt: 0.5, fontWeight: 700, fontVariantNumeric: 'tabular-nums' }}>
        <span>{t('explain.balanceToday')}</span>
        <Box component="span" sx={{ whiteSpace: 'nowrap' }} data-testid="story-balance">
          {t('common.pointsValue', { points: formatPoints(e.story.balance) })}
        </Box>
      </Box>
      {e.story.withheldNow > 0 ? (
        <Typography variant="body2" sx={{ mt: 1, color: 'warning.main', fontWeight: 600 }}>
          {t('explain.withheldNow', { points: formatPoints(e.story.withheldNow) })}
        </Typography>
      ) : null}
      {e.nextExpiries[0] === undefined ? null : (
        <Typography variant="body2" sx={{ mt: 1 }} data-testid="explain-next-expiry">
          {t('explain.nextExpiry', { points: formatPoints(e.nextExpiries[0].points), date: formatDay(e.nextExpiries[0].expiresOn) })}
        </Typography>
      )}
      {e.ifCancelledToday === null ? null : <IfCancelled preview={e.ifCancelledToday} />}
      {e.lifecycle === null ? null : <Lifecycle lifecycle={e.lifecycle} />}
    </Box>
  );
}

function Block({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <Box sx={{ mt: 1.5, pt: 1.5, borderTop: 1, borderColor: 'divider' }} data-testid={testId}>
      <Typography variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>
        {title}
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 2.25, '& li': { mb: 0.25 } }}>
        {children}
      </Box>
    </Box>
  );
}

/** B9/B12b for an active member: the cap date and amount kept, and the deletion date. */
function IfCancelled({ preview: p }: { preview: NonNullable<Explanation['ifCancelledToday']> }) {
  const { t } = useTranslation();
  const cap = formatPoints(CAP_POINTS);
  return (
    <Block title={t('explain.ifCancelled.title')} testId="if-cancelled">
      {p.expiringBeforeCap > 0 ? <li>{t('explain.ifCancelled.expiring', { points: formatPoints(p.expiringBeforeCap), date: formatDay(p.capOn) })}</li> : null}
      <li>
        {p.capTakes > 0
          ? t('explain.ifCancelled.cap', { date: formatDay(p.capOn), cap, takes: formatPoints(p.capTakes) })
          : t('explain.ifCancelled.noCap', { date: formatDay(p.capOn), cap })}
      </li>
      <li>{t('explain.ifCancelled.kept', { points: formatPoints(p.keptAfterCap) })}</li>
      <li>{t('explain.ifCancelled.ends', { date: formatDay(p.endsOn) })}</li>
    </Block>
  );
}

/** B9 for a cancelled member: the dates that apply now. */
function Lifecycle({ lifecycle: l }: { lifecycle: NonNullable<Explanation['lifecycle']> }) {
  const { t } = useTranslation();
  const cap = formatPoints(CAP_POINTS);
  return (
    <Block title={t('explain.lifecycle.title')} testId="lifecycle">
      <li>{t('explain.lifecycle.cancelled', { date: formatDay(l.cancelledOn) })}</li>
      <li>
        {l.capAppliedOn !== null
          ? t('explain.lifecycle.capApplied', { date: formatDay(l.capAppliedOn), cap })
          : t('explain.lifecycle.capOn', { date: formatDay(l.capOn), cap })}
      </li>
      <li>{l.keptUntilTheyEndIt || l.endsOn === null ? t('explain.lifecycle.kept') : t('explain.lifecycle.ends', { date: formatDay(l.endsOn) })}</li>
    </Block>
  );
}
