import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import MarkEmailReadIcon from '@mui/icons-material/MarkEmailRead';
import type { ServiceEmail } from '../../shared/channels/runs';
import { call } from '../desk';
import { formatDay } from '../i18n/format';
import { DataTable, type Column } from '../ui/DataTable';
import { useDeskAction } from '../ui/useDeskAction';
import { useDeskList } from '../ui/useDeskList';
import { canUse } from '../ui/access';
import type { Role } from '../../shared/roles';
import { ServiceEmailTemplateEditor } from './ServiceEmailTemplate';

const nowrap = { whiteSpace: 'nowrap' } as const;

/** B12: the service emails the runs listed, with the rendered message; the supervisor records when each was sent (managers only read them). */
export function ServiceEmails({ version, canMarkSent, role }: { version: number; canMarkSent: boolean; role: Role }) {
  const { t } = useTranslation();
  const list = useDeskList('runs.serviceEmails', { onlyUnsent: true }, undefined, version);
  const emails = list.data?.emails ?? null;
  const [shown, setShown] = useState<number | null>(null);

  const mark = useDeskAction((email: ServiceEmail) => call('runs.markEmailSent', { emailId: email.id }), {
    success: (_result, email) => t('runs.marked', { name: email.name }),
    reload: list.reload,
  });
  const marking = mark.pending?.[0].id ?? null;

  const columns: Column<ServiceEmail>[] = [
    { key: 'memberNo', header: t('runs.memberNo'), cellSx: { fontVariantNumeric: 'tabular-nums' }, cell: (email) => email.memberNo },
    { key: 'name', header: t('runs.name'), cell: (email) => email.name },
    {
      key: 'email',
      header: t('runs.email'),
      cellSx: { overflowWrap: 'anywhere' },
      cell: (email) =>
        email.email ?? (
          <Box component="span" sx={{ color: 'text.secondary' }}>
            {t('runs.noEmail')}
          </Box>
        ),
    },
    { key: 'dueOn', header: t('runs.dueOn'), cellSx: nowrap, cell: (email) => formatDay(email.dueOn) },
    { key: 'endsOn', header: t('runs.endsOn'), cellSx: nowrap, cell: (email) => formatDay(email.endsOn) },
    {
      key: 'actions',
      header: t('held.actions'),
      align: 'right',
      cellSx: nowrap,
      cell: (email) => (
        <>
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
              onClick={() => void mark.run(email)}
              aria-label={t('runs.markSentFor', { name: email.name })}
              sx={{ ml: 1 }}
            >
              {t('runs.markSent')}
            </Button>
          ) : null}
        </>
      ),
    },
  ];

  return (
    <Box component="section" aria-labelledby="service-emails-title" sx={{ mb: 3 }}>
      <Typography id="service-emails-title" variant="h2" sx={{ mb: 0.5 }}>
        {t('runs.serviceEmails')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1.5, maxWidth: 900 }}>
        {t('runs.serviceEmailsIntro')}
      </Typography>
      {canUse(role, 'runs.emailTemplate') ? (
        <ServiceEmailTemplateEditor canEdit={canUse(role, 'runs.setEmailTemplate')} first={emails?.[0] ?? null} onChanged={list.reload} />
      ) : null}
      <DataTable
        columns={columns}
        rows={emails}
        rowKey={(email) => email.id}
        // The opened message, in a row of its own under its email.
        detail={(email) =>
          shown === email.id
            ? {
                id: `service-email-${email.id}`,
                sx: { bgcolor: 'background.default' },
                content: (
                  <>
                    <Typography sx={{ fontWeight: 600, mb: 1 }}>{email.subject}</Typography>
                    <Typography component="div" lang="nb" sx={{ whiteSpace: 'pre-wrap', maxWidth: 760 }}>
                      {email.body}
                    </Typography>
                  </>
                ),
              }
            : null
        }
        empty={t('runs.noEmails')}
        loading={false}
        labelledBy="service-emails-title"
        testId="service-emails"
      />
    </Box>
  );
}
