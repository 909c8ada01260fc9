import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import GroupIcon from '@mui/icons-material/Group';
import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';
import RedeemIcon from '@mui/icons-material/Redeem';
import ShieldIcon from '@mui/icons-material/Shield';
import SettingsBackupRestoreIcon from '@mui/icons-material/SettingsBackupRestore';
import type { Role } from '../../shared/roles';
import { canOpen, type ScreenAccess } from '../ui/access';
import { supervisorNavRows, type SupervisorSection } from './sections';

export type Section = 'members' | 'redemptions' | 'users' | 'security' | 'backups' | SupervisorSection;

/**
 * Each menu entry and the channel that decides who sees it (issue 12: a role sees only the screens
 * it can use; `roles` narrows a channel that a role reads for another screen). Later screens add a row here.
 */
const sections: readonly (ScreenAccess & { id: Section; icon: ReactElement })[] = [
  { id: 'members', channel: 'members.search', icon: <GroupIcon fontSize="small" /> },
  { id: 'redemptions', channel: 'redemptions.list', icon: <RedeemIcon fontSize="small" /> },
  ...supervisorNavRows,
  { id: 'users', channel: 'users.list', icon: <ManageAccountsIcon fontSize="small" /> },
  { id: 'security', channel: 'security.throttles', icon: <ShieldIcon fontSize="small" /> },
  { id: 'backups', channel: 'backups.list', icon: <SettingsBackupRestoreIcon fontSize="small" /> },
];

/** Narrower below the `lg` breakpoint, so the 960 px minimum window keeps room for the content. */
export const NAV_WIDTH = { xs: 168, lg: 208 } as const;

export function NavMenu({ role, current, onSelect }: { role: Role; current: Section; onSelect(section: Section): void }) {
  const { t } = useTranslation();
  return (
    <Box
      component="nav"
      aria-label={t('shell.navigation')}
      sx={{ width: NAV_WIDTH, flexShrink: 0, borderRight: 1, borderColor: 'divider', bgcolor: 'background.paper' }}
    >
      <List sx={{ position: 'sticky', top: 48, px: 1 }}>
        {sections
          .filter((s) => canOpen(role, s))
          .map((s) => (
            <ListItem key={s.id} disablePadding sx={{ mb: 0.5 }}>
              <ListItemButton selected={current === s.id} aria-current={current === s.id ? 'page' : undefined} onClick={() => onSelect(s.id)} sx={{ borderRadius: 1 }}>
                <ListItemIcon sx={{ minWidth: 34 }}>{s.icon}</ListItemIcon>
                <ListItemText primary={t(`nav.${s.id}`)} />
              </ListItemButton>
            </ListItem>
          ))}
      </List>
    </Box>
  );
}
