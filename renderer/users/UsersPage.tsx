import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import EditIcon from '@mui/icons-material/Edit';
import KeyIcon from '@mui/icons-material/Key';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import type { UserSummary } from '../../shared/channels/auth';
import { useNotifier } from '../ui/Notifier';
import { PasswordDialog } from './PasswordDialog';
import { UserDialog } from './UserDialog';
import { DataTable, type Column } from '../ui/DataTable';
import { PageHeader } from '../ui/PageHeader';
import { useDeskList } from '../ui/useDeskList';

type Open = { kind: 'none' } | { kind: 'create' } | { kind: 'edit'; user: UserSummary } | { kind: 'password'; user: UserSummary };

/** Admin: the desk's users. Users are never deleted (the audit keeps its authors), only deactivated. */
export function UsersPage({ me }: { me: UserSummary }) {
  const { t } = useTranslation();
  const notifier = useNotifier();
  const list = useDeskList('users.list', {});
  const { reload } = list;
  const users = list.data?.users ?? null;
  const [open, setOpen] = useState<Open>({ kind: 'none' });
  const close = (): void => setOpen({ kind: 'none' });

  const columns: Column<UserSummary>[] = [
    { key: 'username', header: t('users.username'), cellSx: { fontFamily: 'monospace' }, cell: (u) => u.username },
    // The signed-in admin's own name stands out.
    { key: 'displayName', header: t('users.displayName'), cellSxOf: (u) => ({ fontWeight: u.id === me.id ? 600 : undefined }), cell: (u) => u.displayName },
    { key: 'role', header: t('users.role'), cell: (u) => t(`role.${u.role}`) },
    {
      key: 'status',
      header: t('users.status'),
      cell: (u) => <Chip label={u.active ? t('users.active') : t('users.inactive')} color={u.active ? 'success' : 'default'} variant="outlined" />,
    },
    {
      key: 'actions',
      header: t('users.actions'),
      align: 'right',
      cellSx: { whiteSpace: 'nowrap' },
      cell: (u) => (
        <>
          <Tooltip title={t('users.edit', { name: u.displayName })}>
            <IconButton size="small" aria-label={t('users.edit', { name: u.displayName })} onClick={() => setOpen({ kind: 'edit', user: u })}>
              <EditIcon fontSize="small" />
            </IconButton>
          </Tooltip>
          <Tooltip title={t('users.setPassword', { name: u.displayName })}>
            <IconButton size="small" aria-label={t('users.setPassword', { name: u.displayName })} onClick={() => setOpen({ kind: 'password', user: u })}>
              <KeyIcon fontSize="small" />
            </IconButton>
          </Tooltip>
        </>
      ),
    },
  ];

  return (
    <Box>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.intro')}
        actions={
          <Button variant="contained" startIcon={<PersonAddIcon />} onClick={() => setOpen({ kind: 'create' })}>
            {t('users.add')}
          </Button>
        }
      />
      <DataTable columns={columns} rows={users} rowKey={(u) => u.id} rowProps={() => ({ hover: true })} empty={t('users.empty')} label={t('users.title')} />
      {open.kind === 'create' || open.kind === 'edit' ? (
        <UserDialog
          user={open.kind === 'edit' ? open.user : null}
          self={open.kind === 'edit' && open.user.id === me.id}
          onClose={close}
          onSaved={(saved, created) => {
            close();
            reload();
            notifier.success(created ? t('users.created', { username: saved.username }) : t('users.saved'));
          }}
        />
      ) : null}
      {open.kind === 'password' ? (
        <PasswordDialog
          user={open.user}
          onClose={close}
          onSaved={() => {
            close();
            notifier.success(t('users.passwordSaved'));
          }}
        />
      ) : null}
    </Box>
  );
}
