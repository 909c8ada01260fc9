import { createTheme } from '@mui/material/styles';

/**
 * A compact back-office look: small controls, dense tables, calm colours with strong
 * contrast (every text colour here passes WCAG AA on its background).
 */
const reducedMotion = typeof window !== 'undefined' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

export const theme = createTheme({
  // Agents who ask the system for less motion get none (fades, ripples, slides).
  ...(reducedMotion ? { transitions: { create: () => 'none' } } : {}),
  palette: {
    mode: 'light',
    primary: { main: '#1f4e8c', dark: '#163a69', light: '#4a74ad', contrastText: '#ffffff' },
    secondary: { main: '#5b4a8a' },
    success: { main: '#1e6b38', contrastText: '#ffffff' },
    warning: { main: '#8a5300', contrastText: '#ffffff' },
    error: { main: '#b3261e', contrastText: '#ffffff' },
    background: { default: '#f3f5f8', paper: '#ffffff' },
    text: { primary: '#1b2330', secondary: '#4d5869' },
    divider: '#dde2e9',
  },
  shape: { borderRadius: 6 },
  typography: {
    fontFamily: '"Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", system-ui, sans-serif',
    fontSize: 14,
    h1: { fontSize: '1.5rem', fontWeight: 600 },
    h2: { fontSize: '1.25rem', fontWeight: 600 },
    h3: { fontSize: '1.0625rem', fontWeight: 600 },
    h4: { fontSize: '1rem', fontWeight: 600 },
    subtitle2: { fontWeight: 600 },
    button: { textTransform: 'none', fontWeight: 600 },
  },
  components: {
    MuiTextField: { defaultProps: { size: 'small', fullWidth: true } },
    MuiButton: { defaultProps: { disableElevation: true } },
    MuiButtonBase: { defaultProps: { disableRipple: reducedMotion } },
    MuiTable: { defaultProps: { size: 'small' } },
    MuiList: { defaultProps: { dense: true } },
    MuiPaper: { defaultProps: { variant: 'outlined' } },
    MuiAppBar: { defaultProps: { elevation: 0 } },
    MuiChip: { defaultProps: { size: 'small' } },
    MuiDialogTitle: { styleOverrides: { root: { fontSize: '1.125rem', fontWeight: 600 } } },
    MuiTableCell: {
      styleOverrides: {
        head: ({ theme }) => ({ fontWeight: 600, color: theme.palette.text.secondary, whiteSpace: 'nowrap' }),
      },
    },
  },
});
