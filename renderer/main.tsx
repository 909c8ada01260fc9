import { StrictMode } from 'react';
import { z } from 'zod';
import { createRoot } from 'react-dom/client';
import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { App } from './App';
import { installHttpBridge } from './http-bridge';
import { initI18n } from './i18n';
import { theme } from './theme';

// zod probes `new Function` for a faster parser; the CSP forbids eval, so say no up front.
z.config({ jitless: true });

async function start(): Promise<void> {
  // Electron's preload (or the browser tests' bridge) gave the page its desk; a browser talks to its server.
  installHttpBridge();
  await initI18n();
  const root = document.getElementById('root');
  if (root === null) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        <App />
      </ThemeProvider>
    </StrictMode>,
  );
}

void start();
