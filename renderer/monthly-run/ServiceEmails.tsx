import { Fragment, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import MarkEmailReadIcon from '@mui/icons-material/MarkEmailRead';
import type { ServiceEmail } from '../../shared/channels/runs';
import { call } from '../desk';
import { formatDay } from '../i18n/format';
import { useNotifier } from '../ui/Notifier';

/** B12: the service emails the runs listed, with the rendered message; the supervisor records when each was sent (managers only read them). */
export function ServiceEmails({ version, canMarkSent }: { version: number; canMarkSent: boolean }) {
  const { t } = useTranslation();
  const notifier = useNotifier();
  const [emails, setEmails] = useState<ServiceEmail[] | null>(null);
  const [shown, setShown] = useState<number | null>(null);
  const [marking, setMarking] = useState<number | null>(null);
  const [own, setOwn] = useState(0);
  const reload = useCallback(() => setOwn((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    call('runs.serviceEmails', { onlyUnsent: true }).then(
      (result) => live && setEmails(result.emails),
      (error: unknown) => live && notifier.error(error),
    );
    return () => {
      live = false;
    };
  }, [version, own, notifier]);

  const markSent = async (email: ServiceEmail): Promise<void> => {
    setMarking(email.id);
    try {
      await call('runs.markEmailSent', { emailId: email.id });
      notifier.success(t('runs.marked', { name: email.name }));
      reload();
    } catch (error) {
      notifier.error(error);
    } finally {
      setMarking(null);
    }
  };

  return (
    <Box component="section" aria-labelledby="service-emails-title" sx={{ mb: 3 }}>
      <Typography id="service-emails-title" variant="h2" sx={{ mb: 0.5 }}>
        {t('runs.serviceEmails')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1.5, maxWidth: 900 }}>
        {t('runs.serviceEmailsIntro')}
      </Typography>
      <Paper sx={{ overflowX: 'auto' }}>
        <Table aria-labelledby="service-emails-title" data-testid="service-emails">
          <TableHead>
            <TableRow>
              <TableCell>{t('runs.memberNo')}</TableCell>
              <TableCell>{t('runs.name')}</TableCell>
              <TableCell>{t('runs.email')}</TableCell>
              <TableCell>{t('runs.dueOn')}</TableCell>
              <TableCell>{t('runs.endsOn')}</TableCell>
              <TableCell align="right">{t('held.actions')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(emails ?? []).map((email) => (
              <Fragment key={email.id}>
                <TableRow>
                  <TableCell sx={{ fontVariantNumeric: 'tabular-nums' }}>{email.memberNo}</TableCell>
                  <TableCell>{email.name}</TableCell>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>{email.email ?? <Box component="span" sx={{ color: 'text.secondary' }}>{t('runs.noEmail')}</Box>}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDay(email.dueOn)}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDay(email.endsOn)}</TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                    <Button
                      size="small"
                      aria-expanded={shown === email.id}
                      aria-controls={shown === email.id ? `service-email-${email.id}` : undefined}
                      aria-label={shown === email.id ? t('runs.hideMessage', { name: email.name }) : t('runs.showMessage', { name: email.name })}
                      onClick={() => setShown(shown === email.id ? null : email.id)}
                    >
                      {shown === email.id ? t('runs.hide') : t('runs.show')}
                    </Button>
                    {canMarkSent ? (
                      <Button
                        size="small"
                        variant="outlined"
                        startIcon={<MarkEmailReadIcon />}
                        loading={marking === email.id}
                        disabled={marking !== null}
                        onClick={() => void markSent(email)}
                        aria-label={t('runs.markSentFor', { name: email.name })}
                        sx={{ ml: 1 }}
                      >
                        {t('runs.markSent')}
                      </Button>
                    ) : null}
                  </TableCell>
                </TableRow>
                {shown === email.id ? (
                  <TableRow>
                    <TableCell colSpan={6} id={`service-email-${email.id}`} sx={{ bgcolor: 'background.default' }}>
                      <Typography sx={{ fontWeight: 600, mb: 1 }}>{email.subject}</Typography>
                      <Typography component="div" lang="nb" sx={{ whiteSpace: 'pre-wrap', maxWidth: 760 }}>
                        {email.body}
                      </Typography>
                    </TableCell>
                  </TableRow>
                ) : null}
              </Fragment>
            ))}
            {emails !== null && emails.length === 0 ? (
              <TableRow>
                <TableCell colSpan={6} sx={{ color: 'text.secondary' }}>
                  {t('runs.noEmails')}
                </TableCell>
              </TableRow>
            ) : null}
          </TableBody>
        </Table>
      </Paper>
    </Box>
  );
}
