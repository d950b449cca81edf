/**
 * The dashboard's static files (issue 7 item 5): a single page served by the console's HTTP
 * server at `/`, talking to `/ws` like any other console client (docs/console.md, "Dashboard").
 *
 * Only the files named in {@link ASSETS} are served: the request path is looked up in that
 * table, never joined to a directory, so no path (`/../`, `%2e%2e`, a symlink) can reach any
 * other file. Every response carries a strict Content-Security-Policy: scripts and styles from
 * this origin only (no inline code, no eval), WebSocket/fetch to this origin only, no frames.
 * The page holds a console token, so it must not run anyone else's script.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the files are: `dashboard/` beside this module, in `src/console/` when run from the
 * sources (tsx) and in `dist/console/` after `npm run build` (the build script copies them,
 * since tsc copies only what it compiles).
 */
export const DASHBOARD_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dashboard');

/** URL path → file in {@link DASHBOARD_DIR} and its content type. */
const ASSETS: ReadonlyMap<string, { file: string; type: string }> = new Map([
  ['/', { file: 'index.html', type: 'text/html; charset=utf-8' }],
  ['/index.html', { file: 'index.html', type: 'text/html; charset=utf-8' }],
  ['/app.js', { file: 'app.js', type: 'text/javascript; charset=utf-8' }],
  ['/style.css', { file: 'style.css', type: 'text/css; charset=utf-8' }],
  ['/favicon.svg', { file: 'favicon.svg', type: 'image/svg+xml' }],
]);

/**
 * `connect-src 'self'` covers ws:// and wss:// to the page's own host and port (CSP Level 3).
 * `form-action 'none'`: forms are handled by the script and never submitted.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  // Small files and a page that must match the running proxy: revalidate every time.
  'cache-control': 'no-cache',
} as const;

/**
 * Serves a dashboard file when `req` asks for one (GET or HEAD of a known path) and returns
 * true; returns false, having written nothing, for any other request.
 */
export function serveDashboard(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  let pathname: string;
  try {
    pathname = new URL(req.url ?? '/', 'http://console').pathname;
  } catch {
    return false;
  }
  const asset = ASSETS.get(pathname);
  if (!asset) return false;
  readFile(path.join(DASHBOARD_DIR, asset.file)).then(
    (body) => {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': asset.type,
        'content-length': body.length,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
    () => {
      res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
      res.end('dashboard files are missing (run `npm run build`)\n');
    },
  );
  return true;
}
