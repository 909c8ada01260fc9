import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { RunTotals } from '../../shared/channels/runs';
import { formatPoints } from '../i18n/format';

/** B6: what a run booked (or would book), per kind: earned, expired, capped, deleted; service emails due. */
export function RunTotalsView({ totals, testId }: { totals: RunTotals; testId: string }) {
  const { t } = useTranslation();
  const cards = [
    { key: 'earned', label: t('runs.earned'), points: totals.earned.points, lines: [t('runs.entries', { count: totals.earned.entries, n: formatPoints(totals.earned.entries) }), t('runs.rows', { count: totals.earned.rows, n: formatPoints(totals.earned.rows) })] },
    { key: 'expired', label: t('runs.expired'), points: totals.expired.points, lines: [t('runs.entries', { count: totals.expired.entries, n: formatPoints(totals.expired.entries) })] },
    { key: 'capped', label: t('runs.capped'), points: totals.capped.points, lines: [t('runs.entries', { count: totals.capped.entries, n: formatPoints(totals.capped.entries) })] },
    { key: 'deleted', label: t('runs.deleted'), points: totals.deleted.points, lines: [t('runs.entries', { count: totals.deleted.entries, n: formatPoints(totals.deleted.entries) }), t('runs.members', { count: totals.deleted.members, n: formatPoints(totals.deleted.members) })] },
  ] as const;
  return (
    <Box data-testid={testId} sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))' }}>
      {cards.map((card) => (
        <Paper key={card.key} data-testid={`${testId}-${card.key}`} sx={{ p: 1.5 }}>
          <Typography variant="subtitle2" component="p" color="text.secondary">
            {card.label}
          </Typography>
          <Typography component="p" sx={{ fontSize: '1.5rem', fontWeight: 700, fontVariantNumeric: 'tabular-nums', lineHeight: 1.25 }}>
            {formatPoints(card.points)}{' '}
            <Box component="span" sx={{ fontSize: '0.875rem', fontWeight: 400, color: 'text.secondary' }}>
              {t('common.points')}
            </Box>
          </Typography>
          {card.lines.map((line) => (
            <Typography key={line} variant="body2" color="text.secondary">
              {line}
            </Typography>
          ))}
        </Paper>
      ))}
      <Paper data-testid={`${testId}-emails`} sx={{ p: 1.5 }}>
        <Typography variant="subtitle2" component="p" color="text.secondary">
          {t('runs.emails')}
        </Typography>
        <Typography component="p" sx={{ fontSize: '1.5rem', fontWeight: 700, fontVariantNumeric: 'tabular-nums', lineHeight: 1.25 }}>
          {formatPoints(totals.serviceEmails)}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {t('runs.emailsDue', { count: totals.serviceEmails, n: formatPoints(totals.serviceEmails) })}
        </Typography>
      </Paper>
    </Box>
  );
}
