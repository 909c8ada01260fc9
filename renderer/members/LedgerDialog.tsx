import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Skeleton from '@mui/material/Skeleton';
import type { LedgerEntry } from '../../shared/channels/members';
import { call } from '../desk';
import { describeError } from '../i18n/errors';
import { LedgerTable } from './LedgerTable';

const PAGE = 50;

/**
 * Issue 12: the ledger entry by entry (B12a), one click away from the timeline for supervisors
 * and managers: read only when opened (members.ledger, paged by id), never on the member page itself.
 */
export function LedgerDialog({ memberId, memberName, onClose }: { memberId: number; memberName: string; onClose(): void }) {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<readonly LedgerEntry[] | null>(null);
  const [more, setMore] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  // Read once when the dialog opens; "show more" reads on from the oldest entry shown.
  useEffect(() => {
    let live = true;
    call('members.ledger', { memberId, limit: PAGE }).then(
      (page) => {
        if (!live) return;
        setEntries(page.entries);
        setMore(page.entries.length === PAGE);
      },
      (error: unknown) => live && setFailure(error),
    );
    return () => {
      live = false;
    };
  }, [memberId]);

  const loadOlder = async (beforeId: number): Promise<void> => {
    setBusy(true);
    setFailure(null);
    try {
      const page = await call('members.ledger', { memberId, beforeId, limit: PAGE });
      setEntries((prev) => [...(prev ?? []), ...page.entries]);
      setMore(page.entries.length === PAGE);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const last = entries?.at(-1);
  return (
    <Dialog open fullWidth maxWidth="lg" onClose={onClose} aria-labelledby="ledger-dialog-title" aria-describedby="ledger-dialog-intro">
      <DialogTitle id="ledger-dialog-title">{t('memberPage.ledger.title', { name: memberName })}</DialogTitle>
      <DialogContent>
        <DialogContentText id="ledger-dialog-intro" sx={{ mb: 1.5 }}>
          {t('memberPage.ledger.intro')}
        </DialogContentText>
        {failure === null ? null : (
          <Alert severity="error" sx={{ mb: 1.5 }}>
            {describeError(t, failure)}
          </Alert>
        )}
        {entries === null ? (
          failure === null ? (
            <Box role="status" aria-label={t('common.loading')}>
              <Skeleton height={32} />
              <Skeleton height={32} />
              <Skeleton height={32} />
            </Box>
          ) : null
        ) : (
          <LedgerTable entries={entries} title={t('memberPage.ledger.tableTitle')} />
        )}
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        {more && last !== undefined ? (
          <Button onClick={() => void loadOlder(last.id)} loading={busy}>
            {t('memberPage.ledger.more')}
          </Button>
        ) : null}
        <Button variant="contained" onClick={onClose} autoFocus>
          {t('memberPage.ledger.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
