import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import EditIcon from '@mui/icons-material/Edit';
import KeyIcon from '@mui/icons-material/Key';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import type { UserSummary } from '../../shared/channels/auth';
import { call } from '../desk';
import { useNotifier } from '../components/Notifier';
import { PasswordDialog } from '../forms/PasswordDialog';
import { UserDialog } from '../forms/UserDialog';

type Open = { kind: 'none' } | { kind: 'create' } | { kind: 'edit'; user: UserSummary } | { kind: 'password'; user: UserSummary };

/** Admin: the desk's users. Users are never deleted (the audit keeps its authors), only deactivated. */
export function UsersPage({ me }: { me: UserSummary }) {
  const { t } = useTranslation();
  const notifier = useNotifier();
  const [users, setUsers] = useState<UserSummary[] | null>(null);
  const [open, setOpen] = useState<Open>({ kind: 'none' });
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    call('users.list', {}).then(
      (result) => live && setUsers(result.users),
      (error: unknown) => live && notifier.error(error),
    );
    return () => {
      live = false;
    };
  }, [version, notifier]);

  const close = (): void => setOpen({ kind: 'none' });

  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 1 }}>
        <Typography variant="h1" sx={{ flexGrow: 1 }}>
          {t('users.title')}
        </Typography>
        <Button variant="contained" startIcon={<PersonAddIcon />} onClick={() => setOpen({ kind: 'create' })}>
          {t('users.add')}
        </Button>
      </Box>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('users.intro')}
      </Typography>
      <Paper sx={{ overflowX: 'auto' }}>
        {users === null ? <LinearProgress aria-label={t('common.loading')} /> : null}
        <Table aria-label={t('users.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('users.username')}</TableCell>
              <TableCell>{t('users.displayName')}</TableCell>
              <TableCell>{t('users.role')}</TableCell>
              <TableCell>{t('users.status')}</TableCell>
              <TableCell align="right">{t('users.actions')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(users ?? []).map((u) => (
              <TableRow key={u.id} hover>
                <TableCell sx={{ fontFamily: 'monospace' }}>{u.username}</TableCell>
                <TableCell sx={{ fontWeight: u.id === me.id ? 600 : undefined }}>{u.displayName}</TableCell>
                <TableCell>{t(`role.${u.role}`)}</TableCell>
                <TableCell>
                  <Chip label={u.active ? t('users.active') : t('users.inactive')} color={u.active ? 'success' : 'default'} variant="outlined" />
                </TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
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
                </TableCell>
              </TableRow>
            ))}
            {users !== null && users.length === 0 ? (
              <TableRow>
                <TableCell colSpan={5}>{t('users.empty')}</TableCell>
              </TableRow>
            ) : null}
          </TableBody>
        </Table>
      </Paper>
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
