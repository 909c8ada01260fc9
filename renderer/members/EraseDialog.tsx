import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { MemberProfile } from '../../shared/channels/members';
import { call } from '../desk';
import { describeError } from '../i18n/errors';
import { DialogActionsRow } from '../ui/DialogActionsRow';
import { useDeskQuery } from '../ui/useDeskQuery';

/**
 * B14 (issue 15): a manager erases a member's personal data. The dialog says, from
 * `members.erasure` (the same list the erasure itself follows, shared/gdpr.ts), what will be
 * anonymised and what is kept and why, and why it is refused now (an active subscription, an
 * open redemption, a held order). The manager gives a reason and types the member number or
 * SLETT to confirm; nothing is erased before that.
 */
export function EraseDialog({ member, onClose, onDone }: { member: MemberProfile; onClose(): void; onDone(message: string): void }) {
  const { t } = useTranslation();
  const plan = useDeskQuery('members.erasure', { memberId: member.id });
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmed = typed.trim() === String(member.memberNo) || typed.trim().toUpperCase() === 'SLETT';
  const reasonOk = reason.trim().length >= 3;
  const blocker = plan.data?.blocker ?? null;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setSubmitted(true);
    if (busy || !confirmed || !reasonOk || blocker !== null || plan.data === null) return;
    setBusy(true);
    setError(null);
    try {
      await call('members.erase', { memberId: member.id, reason: reason.trim() });
      onDone(t('gdpr.erased', { memberNo: member.memberNo }));
    } catch (e: unknown) {
      setError(describeError(t, e));
      setBusy(false);
    }
  };

  const section = (name: string): string => t(`gdpr.section.${name}`, { defaultValue: name });
  const field = (name: string): string => t(`gdpr.field.${name}`, { defaultValue: name });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" aria-labelledby="erase-title" aria-describedby="erase-intro">
      <form noValidate onSubmit={(e) => void submit(e)}>
        <DialogTitle id="erase-title">{t('gdpr.eraseTitle', { name: `${member.firstName} ${member.lastName}` })}</DialogTitle>
        <DialogContent>
          <DialogContentText id="erase-intro" sx={{ mb: 2 }}>
            {t('gdpr.eraseIntro')}
          </DialogContentText>
          {plan.error !== null ? <Alert severity="error">{describeError(t, plan.error)}</Alert> : null}
          {blocker === null ? null : (
            <Alert severity="warning" sx={{ mb: 2 }} data-testid="erase-blocker">
              <strong>{t('gdpr.blocked')}.</strong> {t(`gdpr.blocker.${blocker}`)}
            </Alert>
          )}
          {plan.data === null ? null : (
            <Box sx={{ display: 'flex', flexDirection: { xs: 'column', md: 'row' }, gap: 3, mb: 2 }}>
              <Box sx={{ flex: '1 1 0' }} data-testid="erase-anonymised">
                <Typography variant="h3" sx={{ mb: 0.5 }}>
                  {t('gdpr.anonymisedTitle')}
                </Typography>
                <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
                  {plan.data.anonymised.map((a) => (
                    <li key={`${a.section}.${a.field}`}>
                      {section(a.section)}: {field(a.field)}
                    </li>
                  ))}
                </Box>
              </Box>
              <Box sx={{ flex: '1 1 0' }} data-testid="erase-kept">
                <Typography variant="h3" sx={{ mb: 0.5 }}>
                  {t('gdpr.keptTitle')}
                </Typography>
                <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
                  {plan.data.kept.map((k) => (
                    <li key={`${k.section}.${k.field}`}>
                      {section(k.section)}: {field(k.field)} — {t(`gdpr.keptReason.${k.reason}`)}
                    </li>
                  ))}
                </Box>
              </Box>
            </Box>
          )}
          <TextField
            label={t('gdpr.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            fullWidth
            multiline
            minRows={2}
            disabled={blocker !== null}
            error={submitted && !reasonOk}
            helperText={submitted && !reasonOk ? t('validation.required') : t('gdpr.reasonHelp')}
            sx={{ mb: 2 }}
            autoFocus
          />
          <TextField
            label={t('gdpr.confirm', { memberNo: member.memberNo })}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            fullWidth
            disabled={blocker !== null}
            error={submitted && !confirmed}
            helperText={submitted && !confirmed ? t('gdpr.confirmWrong', { memberNo: member.memberNo }) : ' '}
          />
          {error === null ? null : (
            <Alert severity="error" sx={{ mt: 1 }}>
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActionsRow onCancel={onClose} busy={busy} confirm={t('gdpr.submit')} confirmColor="error" confirmDisabled={blocker !== null || plan.data === null} />
      </form>
    </Dialog>
  );
}
