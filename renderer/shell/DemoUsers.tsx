import { useTranslation } from 'react-i18next';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { z } from 'zod';
import { Role, roles } from '../../shared/roles';

export interface DemoUser {
  username: string;
  role: Role;
  /** Shown when setup.demo tells it (demo data only: these are not secrets). */
  password?: string;
}

/** The demo desk's users, one per role; a click fills in the username. */
export function DemoUsers({ users, onPick }: { users: readonly DemoUser[]; onPick(username: string): void }) {
  const { t } = useTranslation();
  const withPasswords = users.some((u) => u.password !== undefined);
  return (
    <Paper component="section" aria-labelledby="demo-users-title" sx={{ p: 2 }}>
      <Typography id="demo-users-title" variant="h3" gutterBottom>
        {t('signIn.demoUsers')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {t('signIn.demoUsersHint')}
      </Typography>
      <Table aria-labelledby="demo-users-title">
        <TableHead>
          <TableRow>
            <TableCell>{t('signIn.username')}</TableCell>
            <TableCell>{t('users.role')}</TableCell>
            {withPasswords ? <TableCell>{t('signIn.password')}</TableCell> : null}
          </TableRow>
        </TableHead>
        <TableBody>
          {users.map((user) => (
            <TableRow key={user.username}>
              <TableCell>
                <Button size="small" onClick={() => onPick(user.username)} sx={{ fontFamily: 'monospace', minWidth: 0, px: 1 }}>
                  {user.username}
                </Button>
              </TableCell>
              <TableCell>{t(`role.${user.role}`)}</TableCell>
              {withPasswords ? <TableCell sx={{ fontFamily: 'monospace' }}>{user.password ?? t('common.none')}</TableCell> : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}

const Reported = z.object({
  users: z.array(z.object({ username: z.string(), role: Role, password: z.string().optional() })),
});

/**
 * The demo users from setup.demo's answer. Until main reports them (username, role, password),
 * the seeder's convention stands: one user per role, named after it.
 */
export function demoUsersFrom(output: unknown): DemoUser[] {
  const parsed = Reported.safeParse(output);
  if (!parsed.success) return roles.map((role) => ({ username: role, role }));
  return parsed.data.users.map(({ username, role, password }) => (password === undefined ? { username, role } : { username, role, password }));
}
