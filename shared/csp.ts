/**
 * The page's Content-Security-Policy, one list for both places that apply it: the Electron app
 * sends it as a header (main/app/security.ts) and the renderer build writes it into a <meta> tag
 * (vite.config.ts), which also guards the page in the browser tests.
 *
 * Scripts only from our own files: no inline script, no eval. Styles allow 'unsafe-inline'
 * because MUI's styling engine (emotion) writes <style> elements at run time; with img, font and
 * connect limited to our files an injected style has nowhere to send anything.
 * connect-src 'self': in the app the page talks to main only through window.desk ('self' is the
 * app's own app:// files); in a browser the page calls the desk server it was loaded from
 * (same origin: POST /api/invoke and the event stream), and nothing else (issue 11).
 */
export const CSP_META_DIRECTIVES: readonly string[] = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
];

/** As a header it may also say who may frame the page (a <meta> policy ignores this). */
export const CSP_DIRECTIVES: readonly string[] = [...CSP_META_DIRECTIVES, "frame-ancestors 'none'"];
