import { useTranslation } from 'react-i18next';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import LogoutIcon from '@mui/icons-material/Logout';
import type { UserSummary } from '../../shared/channels/auth';
import { BrandMark } from './BrandMark';
import { LanguageSwitch } from './LanguageSwitch';
import { NAV_WIDTH } from './NavMenu';
import { SearchField, type SearchFieldProps } from '../members/SearchField';

interface Props {
  user: UserSummary;
  /** Null for roles that may not search members (admin). */
  search: SearchFieldProps | null;
  onSignOut(): void;
  /** Issue 12: a slot for small status (the launch-day chip after 10:00), beside the signed-in user. */
  statusRef?: (element: HTMLElement | null) => void;
}

export function TopBar({ user, search, onSignOut, statusRef }: Props) {
  const { t } = useTranslation();
  return (
    <AppBar position="sticky" component="header" color="primary">
      <Toolbar variant="dense" disableGutters sx={{ gap: 2, pr: 1.5, minHeight: 56 }}>
        <Box sx={{ width: NAV_WIDTH, flexShrink: 0, display: 'flex', alignItems: 'center', gap: 1.25, pl: 2 }}>
          <BrandMark />
          <Typography component="span" variant="h3" noWrap>
            {t('app.name')}
          </Typography>
        </Box>
        {search === null ? (
          <Box sx={{ flexGrow: 1 }} />
        ) : (
          <Box role="search" sx={{ flexGrow: 1, minWidth: 200 }}>
            <SearchField {...search} />
          </Box>
        )}
        <Box ref={statusRef} sx={{ display: 'flex', alignItems: 'center', flexShrink: 0, '&:empty': { display: 'none' } }} />
        <Box sx={{ textAlign: 'right', minWidth: 0, maxWidth: 220 }} data-testid="signed-in-user" title={t('shell.signedInAs', { name: user.displayName, role: t(`role.${user.role}`) })}>
          <Typography variant="body2" noWrap sx={{ fontWeight: 600, lineHeight: 1.25 }}>
            {user.displayName}
          </Typography>
          <Typography variant="caption" noWrap sx={{ display: 'block', lineHeight: 1.25 }}>
            {t(`role.${user.role}`)}
          </Typography>
        </Box>
        <LanguageSwitch tone="light" />
        <Button color="inherit" size="small" startIcon={<LogoutIcon fontSize="small" />} onClick={onSignOut} sx={{ flexShrink: 0 }}>
          {t('shell.signOut')}
        </Button>
      </Toolbar>
    </AppBar>
  );
}
