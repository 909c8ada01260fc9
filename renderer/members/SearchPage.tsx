import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import PersonSearchIcon from '@mui/icons-material/PersonSearch';
import type { MemberHit } from '../../shared/channels/members';
import { formatPoints } from '../i18n/format';
import { MemberResults } from './MemberResults';
import type { MemberSearch } from './useMemberSearch';

interface Props {
  search: MemberSearch;
  query: string;
  selectedIndex: number;
  onSelect(hit: MemberHit): void;
  onOpen(hit: MemberHit): void;
}

/** The member search screen: the list under the top bar's search field. */
export function SearchPage({ search, query, selectedIndex, onSelect, onOpen }: Props) {
  const { t } = useTranslation();
  const { items, loading, settledQuery, failed, total, totalIsLowerBound } = search;
  const typed = query.trim() !== '';
  const nothingFound = typed && !loading && !failed && settledQuery !== '' && items.length === 0;

  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 2, mb: 1, minHeight: 32 }}>
        <Typography variant="h1">{t('search.title')}</Typography>
        <Typography variant="body2" color="text.secondary" role="status" aria-live="polite" sx={{ flexGrow: 1 }}>
          {/* Issue 12: how many match in all (or "more than 1 000"), not how many are shown. */}
          {typed && items.length > 0 ? t(totalIsLowerBound ? 'search.countMore' : 'search.count', { count: total, shown: formatPoints(total) }) : ''}
          {typed && items.length > 0 && (totalIsLowerBound || total > items.length) ? ` · ${t('search.moreHint', { count: items.length })}` : ''}
        </Typography>
        {items.length > 0 ? (
          <Typography variant="body2" color="text.secondary">
            {t('search.keyboardHint')}
          </Typography>
        ) : null}
      </Box>
      {/* A fixed slot for the progress bar, so showing it never moves the list. */}
      <Box sx={{ height: 3, mb: 1 }}>{typed && loading ? <LinearProgress aria-label={t('common.loading')} sx={{ height: 3, borderRadius: 1 }} /> : null}</Box>
      {!typed ? <Hint title={t('search.start')} body={t('search.startHint')} /> : null}
      {typed && !loading && failed ? <Alert severity="error">{t('search.failed')}</Alert> : null}
      {nothingFound ? <Hint title={t('search.noResults', { query: settledQuery })} body={t('search.startHint')} /> : null}
      {typed && items.length > 0 ? <MemberResults items={items} selectedIndex={selectedIndex} stale={loading} onSelect={onSelect} onOpen={onOpen} /> : null}
    </Box>
  );
}

function Hint({ title, body }: { title: string; body: string }) {
  return (
    <Paper sx={{ p: 4, display: 'flex', gap: 2, alignItems: 'flex-start' }}>
      <PersonSearchIcon color="primary" sx={{ fontSize: 36 }} aria-hidden />
      <Box>
        <Typography variant="h2" component="p" gutterBottom>
          {title}
        </Typography>
        <Typography color="text.secondary">{body}</Typography>
      </Box>
    </Paper>
  );
}
