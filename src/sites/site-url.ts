/**
 * Site URLs: where a primary or backup site lives.
 *
 * - `nfs://HOST[:PORT]/EXPORT/PATH?nfsport=N&mountport=M&mode=sync|async&name=NAME&version=3`
 *   is libnfs's URL form (libnfs README, "URL format"), so the URL an operator tests with
 *   `nfs-ls` is the URL the proxy takes. HOST is an IPv4 address, a DNS name or `[IPv6]`; a port
 *   in the authority is the NFS port, as in libnfs. The URL path is the path given to MOUNT.
 * - `file:///ABS/DIR?mode=...&name=...` is the proxy's own: a local directory.
 *
 * `mode` (default `sync`) says whether clients wait for the site (design.md); `name` names the
 * site for the console and `ctl`, otherwise it is `site-N` by position (siteNames).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { isHostName } from '../config/cidr.js';
import { ConfigError, describeValue } from '../config/errors.js';

/** How a backup is replicated: `sync` holds every acknowledged mutation, `async` a prefix. */
export type SiteMode = 'sync' | 'async';

/** An NFSv3 server. */
export interface NfsSiteUrl {
  kind: 'nfs';
  /** The URL as given, for display. It holds no secrets: user info is refused. */
  url: string;
  /** IPv4 address, DNS name or IPv6 address (without brackets). */
  host: string;
  /** The path given to MOUNT (the URL's path, percent-decoded and normalised), e.g. `/srv/nfs`. */
  exportPath: string;
  /** NFS port; `undefined` asks the site's portmapper. */
  nfsPort: number | undefined;
  /** MOUNT port; `undefined` asks the site's portmapper. */
  mountPort: number | undefined;
  mode: SiteMode;
  name: string | undefined;
}

/** A directory on the proxy's own machine. */
export interface FileSiteUrl {
  kind: 'file';
  url: string;
  /** Absolute, normalised directory path. */
  dir: string;
  mode: SiteMode;
  name: string | undefined;
}

export type SiteUrl = NfsSiteUrl | FileSiteUrl;

/**
 * Site names: lower-case letters, digits, `_` and `-`, starting with a letter or digit, at most
 * 63 characters, so that they are safe in file names, metric labels and the `ctl` command line.
 */
export const SITE_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Longest site URL accepted. Unit: characters. */
export const MAX_SITE_URL_LENGTH = 4096;

/** Longest MOUNT path (RFC 1813 section 5.1: MNTPATHLEN). Unit: bytes. */
export const MAX_EXPORT_PATH_BYTES = 1024;

/** Longest path component (RFC 1813 section 5.1: MNTNAMLEN). Unit: bytes. */
export const MAX_PATH_COMPONENT_BYTES = 255;

/**
 * Query parameters each scheme accepts, and libnfs parameters that mean nothing behind the
 * proxy, with the reason they are refused (a clearer error than "unknown").
 */
const QUERY_PARAMS = {
  nfs: {
    accepted: ['nfsport', 'mountport', 'mode', 'name', 'version'],
    refused: new Map([
      ['uid', "the proxy forwards each client's own AUTH_SYS credential"],
      ['gid', "the proxy forwards each client's own AUTH_SYS credential"],
    ]),
  },
  file: { accepted: ['mode', 'name'], refused: new Map<string, string>() },
} as const;

/** Parses one site URL. Errors are ConfigError naming `key` (e.g. `primary`, `backups[1]`). */
export function parseSiteUrl(text: string, key: string): SiteUrl {
  const fail = (detail: string): never => {
    throw new ConfigError(key, detail);
  };
  if (typeof text !== 'string') fail(`must be a site URL string (got ${describeValue(text)})`);
  if (text.length > MAX_SITE_URL_LENGTH) {
    fail(`must be at most ${MAX_SITE_URL_LENGTH} characters (got ${text.length})`);
  }
  // Messages quote the URL; user information (`user:password@`) is refused, and masked in the
  // quote so that a password never reaches a log line.
  const quoted = describeValue(text.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/?#]*@/, '$1***@'));
  const schemeEnd = text.indexOf(':');
  const scheme = schemeEnd === -1 ? '' : text.slice(0, schemeEnd).toLowerCase();
  if (scheme !== 'nfs' && scheme !== 'file') {
    return fail(`must be an nfs://HOST/EXPORT or file:///DIR URL (got ${quoted})`);
  }
  if (/[\s#]/.test(text)) {
    fail(`must not contain white space or a #fragment (got ${quoted})`);
  }
  const rest = text.slice(schemeEnd + 1);
  if (!rest.startsWith('//')) {
    fail(
      scheme === 'file'
        ? `must be file:///ABSOLUTE/DIR (got ${quoted})`
        : `must be nfs://HOST/EXPORT (got ${quoted})`,
    );
  }
  const queryStart = rest.indexOf('?');
  const hierarchy = queryStart === -1 ? rest.slice(2) : rest.slice(2, queryStart);
  const query = queryStart === -1 ? '' : rest.slice(queryStart + 1);
  const pathStart = hierarchy.indexOf('/');
  const authority = pathStart === -1 ? hierarchy : hierarchy.slice(0, pathStart);
  const rawPath = pathStart === -1 ? '' : hierarchy.slice(pathStart);
  const params = parseQuery(query, scheme, quoted, fail);
  const mode = parseMode(params.get('mode'), quoted, fail);
  const name = params.get('name');
  if (name !== undefined && !SITE_NAME_PATTERN.test(name)) {
    fail(
      `name must be 1-63 of a-z, 0-9, _ and -, starting with a letter or digit (got ${describeValue(name)} in ${quoted})`,
    );
  }

  if (scheme === 'file') {
    if (authority !== '' && authority !== 'localhost') {
      fail(
        `must be file:///ABSOLUTE/DIR: a relative path or a host is not allowed (got ${quoted})`,
      );
    }
    const dir = normalisePath(rawPath, 'directory', quoted, fail);
    return { kind: 'file', url: text, dir, mode, name };
  }

  if (authority.includes('@')) {
    fail(`must not contain user information (user@ or user:password@) (got ${quoted})`);
  }
  const { host, port } = parseAuthority(authority, quoted, fail);
  const nfsportParam = params.get('nfsport');
  if (port !== undefined && nfsportParam !== undefined) {
    fail(`gives the NFS port twice (HOST:PORT and nfsport=) (got ${quoted})`);
  }
  const nfsPort =
    port !== undefined
      ? parsePort(port, 'port', quoted, fail)
      : nfsportParam !== undefined
        ? parsePort(nfsportParam, 'nfsport', quoted, fail)
        : undefined;
  const mountportParam = params.get('mountport');
  const mountPort =
    mountportParam !== undefined ? parsePort(mountportParam, 'mountport', quoted, fail) : undefined;
  const version = params.get('version');
  if (version !== undefined && version !== '3') {
    fail(`version must be 3: the proxy speaks NFSv3 to its sites (got ${quoted})`);
  }
  if (rawPath === '') fail(`is missing the export path, as in nfs://HOST/EXPORT (got ${quoted})`);
  const exportPath = normalisePath(rawPath, 'export path', quoted, fail);
  return { kind: 'nfs', url: text, host, exportPath, nfsPort, mountPort, mode, name };
}

type Fail = (detail: string) => never;

function parseQuery(
  query: string,
  scheme: keyof typeof QUERY_PARAMS,
  quoted: string,
  fail: Fail,
): Map<string, string> {
  const { accepted, refused: refusedParams } = QUERY_PARAMS[scheme];
  const params = new Map<string, string>();
  if (query === '') return params;
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) fail(`query parameter ${describeValue(pair)} is not KEY=VALUE (in ${quoted})`);
    const key = pair.slice(0, eq);
    const value = decode(pair.slice(eq + 1), quoted, fail);
    const refused = refusedParams.get(key);
    if (refused !== undefined) {
      fail(`query parameter "${key}" is not supported: ${refused} (in ${quoted})`);
    }
    if (!(accepted as readonly string[]).includes(key)) {
      fail(
        `unknown query parameter ${describeValue(key)} (in ${quoted}); accepted: ${accepted.join(', ')}`,
      );
    }
    if (params.has(key)) fail(`query parameter "${key}" is given twice (in ${quoted})`);
    if (value === '') fail(`query parameter "${key}" has an empty value (in ${quoted})`);
    params.set(key, value);
  }
  return params;
}

function parseMode(value: string | undefined, quoted: string, fail: Fail): SiteMode {
  if (value === undefined || value === 'sync') return 'sync';
  if (value === 'async') return 'async';
  return fail(`mode must be one of sync, async (got ${describeValue(value)} in ${quoted})`);
}

function parsePort(value: string, what: string, quoted: string, fail: Fail): number {
  const port = /^[0-9]{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    fail(`${what} must be an integer 1..65535 (got ${describeValue(value)} in ${quoted})`);
  }
  return port;
}

function parseAuthority(
  authority: string,
  quoted: string,
  fail: Fail,
): { host: string; port: string | undefined } {
  if (authority === '') fail(`is missing the host, as in nfs://HOST/EXPORT (got ${quoted})`);
  let host: string;
  let port: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close === -1) fail(`has an unclosed [IPv6] host (got ${quoted})`);
    host = authority.slice(1, close);
    const after = authority.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) fail(`has text after the [IPv6] host (got ${quoted})`);
      port = after.slice(1);
    }
    if (!isIPv6(host) || host.includes('%')) {
      fail(`host ${describeValue(host)} is not an IPv6 address (in ${quoted})`);
    }
    return { host, port };
  }
  const colon = authority.indexOf(':');
  if (colon !== -1 && authority.indexOf(':', colon + 1) !== -1) {
    fail(`an IPv6 host must be in brackets, as in nfs://[::1]/EXPORT (got ${quoted})`);
  }
  host = colon === -1 ? authority : authority.slice(0, colon);
  port = colon === -1 ? undefined : authority.slice(colon + 1);
  const ok = /^[0-9.]+$/.test(host) ? isIPv4(host) : isHostName(host);
  if (!ok) fail(`host ${describeValue(host)} is not an IPv4 address or DNS name (in ${quoted})`);
  return { host, port };
}

function decode(text: string, quoted: string, fail: Fail): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return fail(`has a bad %-escape (got ${quoted})`);
  }
}

/**
 * Percent-decodes and normalises an absolute path: repeated and trailing slashes and `.`
 * components go; `..` is refused rather than resolved, because a site path that climbs out of
 * where it seems to point is more likely a mistake than intended.
 */
function normalisePath(rawPath: string, what: string, quoted: string, fail: Fail): string {
  const path = decode(rawPath, quoted, fail);
  if (!path.startsWith('/')) fail(`${what} must be absolute (got ${quoted})`);
  if (path.includes('\0')) fail(`${what} must not contain NUL (got ${quoted})`);
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') fail(`${what} must not contain ".." (got ${quoted})`);
    if (Buffer.byteLength(part) > MAX_PATH_COMPONENT_BYTES) {
      fail(`${what} has a component longer than ${MAX_PATH_COMPONENT_BYTES} bytes (in ${quoted})`);
    }
    parts.push(part);
  }
  const normalised = `/${parts.join('/')}`;
  if (Buffer.byteLength(normalised) > MAX_EXPORT_PATH_BYTES) {
    fail(`${what} must be at most ${MAX_EXPORT_PATH_BYTES} bytes (in ${quoted})`);
  }
  return normalised;
}

/**
 * The name of each site: `name=` if given, otherwise `site-0` for the primary and `site-1`,
 * `site-2`, ... for the backups in the order given. Names identify a site for its whole life
 * (they do not change when a backup is promoted), so two sites with one name are refused.
 * Returns [primary, ...backups].
 */
export function siteNames(primary: SiteUrl, backups: readonly SiteUrl[]): string[] {
  const names: string[] = [];
  const owner = new Map<string, string>();
  [primary, ...backups].forEach((site, i) => {
    const key = i === 0 ? 'primary' : `backups[${i - 1}]`;
    const name = site.name ?? `site-${i}`;
    if (!SITE_NAME_PATTERN.test(name)) {
      throw new ConfigError(key, `site name ${describeValue(name)} is not a valid site name`);
    }
    const other = owner.get(name);
    if (other !== undefined) {
      const how = site.name === undefined ? `its default name "${name}"` : `name "${name}"`;
      throw new ConfigError(key, `${how} is already the name of ${other}; give it another name=`);
    }
    owner.set(name, key);
    names.push(name);
  });
  return names;
}
