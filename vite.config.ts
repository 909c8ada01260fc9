import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CSP_META_DIRECTIVES } from './shared/csp.js';

/**
 * The renderer: built from renderer/ to dist/renderer. `base: './'` so the page finds its assets
 * however it is served: from app://desk/ in Electron (main/app/protocol.ts) and from a local
 * server in the browser tests.
 */
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * The Content-Security-Policy goes into the built page only: the dev server injects an inline
 * script for React refresh that this policy would (rightly) block. The list is shared with the
 * Electron app, which sends it as a header (shared/csp.ts).
 */
const csp = CSP_META_DIRECTIVES.join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'desk-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${csp}" />`),
  };
}

export default defineConfig({
  root: here('./renderer'),
  base: './',
  publicDir: false,
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    // Loaded from disk by Electron: one bundle is fine; no network makes size matter.
    chunkSizeWarningLimit: 2_000,
  },
});
