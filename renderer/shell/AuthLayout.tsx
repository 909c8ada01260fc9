import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { BrandMark } from './BrandMark';
import { LanguageSwitch } from './LanguageSwitch';

/** The frame before sign-in: the app's name, the language switch, and one centred task. */
export function AuthLayout({ children, width = 420 }: { children: ReactNode; width?: number }) {
  const { t } = useTranslation();
  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}>
      <AppBar position="static" color="primary" component="header">
        <Toolbar variant="dense" disableGutters sx={{ gap: 1.25, pl: 2, pr: 1.5, minHeight: 56 }}>
          <BrandMark />
          <Typography component="span" variant="h3" sx={{ flexGrow: 1 }}>
            {t('app.name')}
          </Typography>
          <LanguageSwitch tone="light" />
        </Toolbar>
      </AppBar>
      <Box component="main" sx={{ flexGrow: 1, display: 'flex', alignItems: 'flex-start', justifyContent: 'center', px: 2, py: { xs: 4, md: 8 } }}>
        <Box sx={{ width: '100%', maxWidth: width }}>{children}</Box>
      </Box>
    </Box>
  );
}
