import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { LedgerEntry } from '../../shared/channels/members';
import { formatDay, formatInstantDay, formatInstantTime, formatMonth, formatSignedPoints } from '../i18n/format';
import { reasonText } from '../i18n/reasons';
import { SectionTable } from './SectionTable';

/** The ledger names its author as a user's name, `monthly-run:YYYY-MM` or `system`. */
export function authorText(t: TFunction, language: string, author: string): string {
  if (author === 'system') return t('author.system');
  const run = /^monthly-run:(\d{4}-\d{2})$/.exec(author);
  return run?.[1] === undefined ? author : t('author.monthlyRun', { month: formatMonth(run[1], language) });
}

/** Ledger entries (B12a): each with its kind, signed amount, reason, channel and author. Issue 12: shown in the ledger view (LedgerDialog). */
export function LedgerTable({ entries, title }: { entries: readonly LedgerEntry[]; title: string }) {
  const { t, i18n } = useTranslation();
  return (
    <SectionTable id="ledger-title" title={title} empty={entries.length === 0 ? t('member.noLedger') : null}>
      <TableHead>
        <TableRow>
          <TableCell>{t('member.date')}</TableCell>
          <TableCell>{t('member.kind')}</TableCell>
          <TableCell align="right">{t('member.amount')}</TableCell>
          <TableCell>{t('member.reason')}</TableCell>
          <TableCell>{t('member.channel')}</TableCell>
          <TableCell>{t('member.author')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {entries.map((e) => (
          <TableRow key={e.id} hover>
            <TableCell
              sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
              title={`${formatInstantDay(e.occurredAt)} ${formatInstantTime(e.occurredAt)}`}
            >
              {formatDay(e.effectiveOn)}
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{t(`ledgerKind.${e.kind}`)}</TableCell>
            <TableCell
              align="right"
              sx={{
                whiteSpace: 'nowrap',
                fontWeight: 600,
                fontVariantNumeric: 'tabular-nums',
                color: e.amount > 0 ? 'success.main' : e.amount < 0 ? 'error.main' : 'text.primary',
              }}
            >
              {formatSignedPoints(e.amount)}
            </TableCell>
            <TableCell sx={{ minWidth: 160, maxWidth: 360, overflowWrap: 'anywhere' }}>{reasonText(t, e, i18n.language)}</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{t(`writeChannel.${e.channel}`)}</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{authorText(t, i18n.language, e.author)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </SectionTable>
  );
}
