/**
 * The proxy's configuration: the JSON config file, the `serve` flags over it, and validation.
 *
 * Everything is checked once, at start, before the proxy listens (style.md, "Limits are
 * named"): every value's type and range, and every key's name, so that a typo (`"squahs"`) is
 * an error naming the key rather than a silently ignored setting. Errors are ConfigError with
 * the key in dotted form (`export.squash`, `backups[1]`). docs/configuration.md lists each key.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { posix, resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import { parseSiteUrl, siteNames, type SiteUrl } from '../sites/site-url.js';
import { isHostName, parseCidr, type Cidr } from './cidr.js';
import { ConfigError, describeValue } from './errors.js';

export { ConfigError } from './errors.js';
export type { Cidr } from './cidr.js';

// ---------------------------------------------------------------------------------------------
// The validated configuration
// ---------------------------------------------------------------------------------------------

/** Who may mount the export and what they may do (the proxy's equivalent of /etc/exports). */
export interface ExportPolicy {
  /** The path clients mount: absolute, normalised, without `..`. Default `/export`. */
  path: string;
  /** Allowed client networks. Default: loopback only (127.0.0.0/8 and ::1/128). */
  clients: Cidr[];
  /** `ro` refuses every mutating call with NFS3ERR_ROFS. Default `rw`. */
  access: 'rw' | 'ro';
  /** Whose uid/gid is replaced by anonuid/anongid: nobody, root's, everyone's. Default `root`. */
  squash: 'none' | 'root' | 'all';
  /** Default 65534 (nobody). Range 0..2^32-1. */
  anonuid: number;
  /** Default 65534 (nogroup). Range 0..2^32-1. */
  anongid: number;
  /** Refuse clients whose source port is 1024 or above. Default false. */
  secure: boolean;
}

/** `console`: `"HOST:PORT"`, or `{listen: "HOST:PORT", tls: {cert, key}}`. */
export interface ConsoleConfig {
  host: string;
  port: number;
  /**
   * Serve HTTPS/WSS: PEM files of the certificate (chain) and its private key, absolute paths.
   * Checked at start: readable, parseable, the key matches the certificate.
   */
  tls?: { cert: string; key: string };
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ProxyConfig {
  /** Where NFS and MOUNT are served (one port). Default 127.0.0.1:2049; port 0 = ephemeral. */
  listen: { host: string; port: number };
  /** Serve UDP on the same port as well as TCP. Default false. */
  udp: boolean;
  /** State directory (HMAC key, catalog, journal), absolute. Default /var/lib/nfs-proxy. */
  state: string;
  export: ExportPolicy;
  /** The primary site. Required. */
  primary: SiteUrl;
  /** Backup sites, in order (site-1, site-2, ... unless named). Default none. */
  backups: SiteUrl[];
  /** Where the console (HTTP, WebSocket, /metrics) listens; undefined = no console. */
  console: ConsoleConfig | undefined;
  log: { level: LogLevel };
  upstream: {
    /** Connections to each site. 1..64, default 4. */
    connections: number;
    /** Time a call to a site waits for its reply before it is resent. Unit: ms. */
    timeoutMs: number;
    /** Resends of a call to a site before the call fails. 0..10, default 2. */
    retransmissions: number;
  };
  limits: {
    /** Largest READ/WRITE payload, advertised in FSINFO rtmax/wtmax. Unit: bytes. */
    maxIoSize: number;
    /** Client calls handled at once over all connections. */
    maxInFlight: number;
    /** Client calls handled at once on one connection. */
    maxInFlightPerConnection: number;
    /** Simultaneous client TCP connections. */
    maxConnections: number;
  };
  drc: {
    /** Replies kept in the duplicate request cache; 0 disables it. */
    entries: number;
    /** How long a cached reply is kept. Unit: seconds. */
    ttlSeconds: number;
  };
  /** On SIGTERM, how long in-flight calls may take to finish. Unit: ms. */
  shutdownGraceMs: number;
  health: {
    /** Interval of the probe of every site (NFS NULL + GETATTR of the root). Unit: ms. */
    intervalMs: number;
    /** How long one probe waits for its answers. Unit: ms. */
    timeoutMs: number;
  };
  degraded: {
    /** While the primary is out: mutations wait (no reply) or get NFS3ERR_JUKEBOX at once. */
    writes: 'wait' | 'jukebox';
    /** While the primary is out: reads wait, or are served from an in-sync sync backup. */
    reads: 'wait' | 'backup';
  };
  takeover: {
    /** Promote an in-sync sync backup automatically when the primary stops answering. */
    auto: boolean;
    /** Consecutive failed probes of the primary before an automatic takeover. */
    afterFailures: number;
  };
  levels: {
    /** An automatically raised level falls back after this long with no signal. Unit: s. */
    calmSeconds: number;
  };
  /** The automatic assessment that raises the disaster level (docs/console.md). */
  assessment: {
    enabled: boolean;
    windowSeconds: number;
    factor: number;
    minDestructive: number;
    minEntropyFiles: number;
    minExtensionRenames: number;
  };
  versions: {
    /** Name of the read-only view directory in the export root. */
    viewName: string;
    /** Name of the hidden area in the export root (preserved copies). */
    hiddenName: string;
    /** Globs (relative to the export root) of regenerable files never preserved. */
    regenerable: string[];
    /** Take a version every this many seconds; 0 = only on request. Unit: s. */
    intervalSeconds: number;
    /** Which versions to keep; undefined = all. */
    retention: { last: number; hourly: number; daily: number; weekly: number } | undefined;
  };
  replication: {
    /**
     * Time a call to a backup site waits for its reply before it is resent; after
     * REPLICATION_RETRANSMISSIONS unanswered resends the site is declared out. Unit: ms.
     */
    timeoutMs: number;
    /** Interval of the NFS NULL probe that notices an out site coming back. Unit: ms. */
    heartbeatMs: number;
    journal: {
      /** When journal writes reach the disk; see docs/replication.md for each loss window. */
      fsync: 'always' | 'interval' | 'never';
      /** fsync period of the `interval` policy. Unit: ms. */
      fsyncIntervalMs: number;
      /** Most bytes the journal (the spool) may use on disk. Unit: bytes. */
      quotaBytes: number;
      /** Size at which a journal segment file is closed. Unit: bytes. */
      segmentBytes: number;
    };
  };
}

// ---------------------------------------------------------------------------------------------
// Named limits and defaults
// ---------------------------------------------------------------------------------------------

/** Largest console TLS certificate or key file read. Unit: bytes. */
export const MAX_TLS_FILE_BYTES = 1024 * 1024;

/** Largest config file read. Unit: bytes. 1 MiB: far above any real config, bounds memory. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;
/** Longest string value in the config or on the command line. Unit: characters. */
export const MAX_CONFIG_STRING_LENGTH = 4096;
/** Most backup sites. */
export const MAX_BACKUPS = 64;
/** Most entries in export.clients. */
export const MAX_EXPORT_CLIENTS = 1024;

/** Default listen address: loopback only, the standard NFS port. */
export const DEFAULT_LISTEN = { host: '127.0.0.1', port: 2049 } as const;
export const DEFAULT_STATE_DIR = '/var/lib/nfs-proxy';
export const DEFAULT_EXPORT_PATH = '/export';
/** Default client networks: loopback only, so a fresh proxy is not open to the network. */
export const DEFAULT_EXPORT_CLIENTS: readonly string[] = ['127.0.0.0/8', '::1/128'];
/** The overflow uid/gid of Linux (`nobody`/`nogroup`), knfsd's anonuid/anongid default. */
export const DEFAULT_ANON_ID = 65534;

/** Connections per site. Range 1..64, default 4. */
export const UPSTREAM_CONNECTIONS = { min: 1, max: 64, default: 4 } as const;
/** Per-try timeout of a call to a site. Unit: ms. Range 100..600,000, default 10 s. */
export const UPSTREAM_TIMEOUT_MS = { min: 100, max: 600_000, default: 10_000 } as const;
/** Resends of a call to a site. Range 0..10, default 2. */
export const UPSTREAM_RETRANSMISSIONS = { min: 0, max: 10, default: 2 } as const;
/**
 * READ/WRITE size. Unit: bytes. Range 4 KiB..1 MiB in 4 KiB steps, default 1 MiB (what Linux
 * clients and ganesha use); the RPC record limit is sized for it.
 */
export const MAX_IO_SIZE = {
  min: 4096,
  max: 1024 * 1024,
  step: 4096,
  default: 1024 * 1024,
} as const;
/** Client calls in flight over all connections. Range 1..65,536, default 1024. */
export const MAX_IN_FLIGHT = { min: 1, max: 65_536, default: 1024 } as const;
/** Client calls in flight on one connection. Range 1..65,536 and ≤ maxInFlight, default 64. */
export const MAX_IN_FLIGHT_PER_CONNECTION = { min: 1, max: 65_536, default: 64 } as const;
/** Client TCP connections. Range 1..65,536, default 1024. */
export const MAX_CONNECTIONS = { min: 1, max: 65_536, default: 1024 } as const;
/** Duplicate request cache entries. Range 0..1,000,000 (0 disables), default 8192. */
export const DRC_ENTRIES = { min: 0, max: 1_000_000, default: 8192 } as const;
/** Lifetime of a DRC entry. Unit: seconds. Range 1..3600, default 120. */
export const DRC_TTL_SECONDS = { min: 1, max: 3600, default: 120 } as const;
/** Drain time on SIGTERM. Unit: ms. Range 0..600,000, default 10 s. */
/** Health probe interval. Unit: ms. Range 100..600,000, default 2 s. */
export const HEALTH_INTERVAL_MS = { min: 100, max: 600_000, default: 2_000 } as const;
/** Health probe timeout. Unit: ms. Range 50..60,000, default 1 s. */
export const HEALTH_TIMEOUT_MS = { min: 50, max: 60_000, default: 1_000 } as const;
/** Failed probes before an automatic takeover. Range 1..100, default 3. */
export const TAKEOVER_AFTER_FAILURES = { min: 1, max: 100, default: 3 } as const;
/** Version interval. Unit: s. Range 0 (off)..31,536,000 (a year), default 0. */
export const VERSION_INTERVAL_S = { min: 0, max: 31_536_000, default: 0 } as const;
/** Most regenerable globs. */
export const MAX_REGENERABLE_GLOBS = 256;
/** Calm period before an automatically raised level falls back. Unit: s. Default 1 hour. */
export const LEVEL_CALM_S = { min: 1, max: 604_800, default: 3_600 } as const;
/** Assessment window. Unit: s. Range 1..3600, default 10. */
export const ASSESS_WINDOW_S = { min: 1, max: 3_600, default: 10 } as const;
/** Assessment factor over the baseline. Range 1..1000, default 10. */
export const ASSESS_FACTOR = { min: 1, max: 1_000, default: 10 } as const;
/** Removes/renames per window before the destructive signal. Default 200. */
export const ASSESS_MIN_DESTRUCTIVE = { min: 1, max: 10_000_000, default: 200 } as const;
/** Files rewritten with high-entropy data per window before that signal. Default 20. */
export const ASSESS_MIN_ENTROPY_FILES = { min: 1, max: 10_000_000, default: 20 } as const;
/** Renames to one new extension per window before that signal. Default 20. */
export const ASSESS_MIN_EXTENSION_RENAMES = { min: 1, max: 10_000_000, default: 20 } as const;

/**
 * Resends of a call to a backup site before it is declared out: 3, the papers' rule (design
 * promise 4). Not configurable; the per-try timeout is.
 */
export const REPLICATION_RETRANSMISSIONS = 3;
/** Per-try timeout of a call to a backup site. Unit: ms. Range 100..600,000, default 5 s. */
export const REPLICATION_TIMEOUT_MS = { min: 100, max: 600_000, default: 5_000 } as const;
/** Heartbeat of an out site. Unit: ms. Range 100..600,000, default 2 s. */
export const HEARTBEAT_MS = { min: 100, max: 600_000, default: 2_000 } as const;
/** fsync period of the journal's `interval` policy. Unit: ms. Range 10..60,000, default 1 s. */
export const JOURNAL_FSYNC_INTERVAL_MS = { min: 10, max: 60_000, default: 1_000 } as const;
/** Spool quota. Unit: bytes. Range 1 MiB..16 TiB, default 10 GiB. */
export const JOURNAL_QUOTA_BYTES = {
  min: 1024 * 1024,
  max: 16 * 1024 ** 4,
  default: 10 * 1024 ** 3,
} as const;
/** Journal segment size. Unit: bytes. Range 1 MiB..1 GiB, default 64 MiB. */
export const JOURNAL_SEGMENT_BYTES = {
  min: 1024 * 1024,
  max: 1024 ** 3,
  default: 64 * 1024 * 1024,
} as const;
export const SHUTDOWN_GRACE_MS = { min: 0, max: 600_000, default: 10_000 } as const;

const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];
const MAX_UINT32 = 0xffff_ffff;

/** Longest MOUNT path (RFC 1813 section 5.1: MNTPATHLEN). Unit: bytes. */
const MAX_MOUNT_PATH_BYTES = 1024;
/** Longest path component (RFC 1813 section 5.1: MNTNAMLEN). Unit: bytes. */
const MAX_MOUNT_NAME_BYTES = 255;

// ---------------------------------------------------------------------------------------------
// Value checks
// ---------------------------------------------------------------------------------------------

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

/** Edit distance, for "did you mean" on unknown keys. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** Longest unknown key quoted in an error. Unit: characters. */
const MAX_KEY_SHOWN = 64;

/** Checks `value` is an object with only `allowed` keys; returns it. */
function object(value: unknown, key: string, allowed: readonly string[]): JsonObject {
  if (!isObject(value)) {
    throw new ConfigError(key, `must be an object (got ${describeValue(value)})`);
  }
  for (const k of Object.keys(value)) {
    if (allowed.includes(k)) continue;
    const within = k.length <= 4 ? 1 : 2;
    const near = allowed.find((a) => distance(a.toLowerCase(), k.toLowerCase()) <= within);
    const hint =
      near === undefined ? `known keys: ${allowed.join(', ')}` : `did you mean "${near}"?`;
    const shown = k.length > MAX_KEY_SHOWN ? `${k.slice(0, MAX_KEY_SHOWN)}...` : k;
    throw new ConfigError(join(key, shown), `unknown key; ${hint}`);
  }
  return value;
}

function string(value: unknown, key: string): string {
  if (typeof value !== 'string') {
    throw new ConfigError(key, `must be a string (got ${describeValue(value)})`);
  }
  if (value.length > MAX_CONFIG_STRING_LENGTH) {
    throw new ConfigError(
      key,
      `must be at most ${MAX_CONFIG_STRING_LENGTH} characters (got ${value.length})`,
    );
  }
  if (value.includes('\0')) throw new ConfigError(key, 'must not contain NUL');
  return value;
}

function boolean(value: unknown, key: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new ConfigError(key, `must be true or false (got ${describeValue(value)})`);
  }
  return value;
}

function integer(
  value: unknown,
  key: string,
  range: { min: number; max: number; default: number; step?: number },
): number {
  if (value === undefined) return range.default;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new ConfigError(key, `must be an integer (got ${describeValue(value)})`);
  }
  if (value < range.min || value > range.max) {
    throw new ConfigError(key, `must be ${range.min}..${range.max} (got ${value})`);
  }
  if (range.step !== undefined && value % range.step !== 0) {
    throw new ConfigError(key, `must be a multiple of ${range.step} (got ${value})`);
  }
  return value;
}

function oneOf<T extends string>(
  value: unknown,
  key: string,
  options: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw new ConfigError(
      key,
      `must be one of ${options.join(', ')} (got ${describeValue(value)})`,
    );
  }
  return value as T;
}

function array(value: unknown, key: string, max: number): unknown[] {
  if (!Array.isArray(value)) {
    throw new ConfigError(key, `must be an array (got ${describeValue(value)})`);
  }
  if (value.length > max) {
    throw new ConfigError(key, `must have at most ${max} entries (got ${value.length})`);
  }
  return value;
}

/** `HOST:PORT` or `[IPv6]:PORT`; HOST an IPv4 address or DNS name; PORT 0..65535. */
function hostPort(value: unknown, key: string): { host: string; port: number } {
  const text = string(value, key);
  const bad = (why: string): ConfigError =>
    new ConfigError(
      key,
      `${why}; expected HOST:PORT or [IPv6]:PORT, e.g. 127.0.0.1:2049 or [::1]:2049 (got ${describeValue(text)})`,
    );
  let host: string;
  let portText: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close === -1 || text[close + 1] !== ':') throw bad('missing "]:PORT"');
    host = text.slice(1, close);
    portText = text.slice(close + 2);
    if (!isIPv6(host)) throw bad(`"${host}" is not an IPv6 address`);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon === -1) throw bad('missing ":PORT"');
    host = text.slice(0, colon);
    portText = text.slice(colon + 1);
    if (host.includes(':')) throw bad('an IPv6 host must be in brackets');
    const ok = /^[0-9.]+$/.test(host) ? isIPv4(host) : isHostName(host);
    if (!ok) throw bad(`"${host}" is not an IPv4 address or host name`);
  }
  const port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) throw bad('port must be 0..65535');
  return { host, port };
}

/** An absolute, normalised MOUNT path without `..` (RFC 1813 MNTPATHLEN/MNTNAMLEN bounds). */
function exportPath(value: unknown, key: string): string {
  const text = string(value, key);
  if (!text.startsWith('/')) {
    throw new ConfigError(key, `must be an absolute path (got ${describeValue(text)})`);
  }
  const parts = text.split('/');
  if (parts.includes('..')) {
    throw new ConfigError(key, `must not contain ".." (got ${describeValue(text)})`);
  }
  if (parts.some((p) => Buffer.byteLength(p) > MAX_MOUNT_NAME_BYTES)) {
    throw new ConfigError(key, `has a component longer than ${MAX_MOUNT_NAME_BYTES} bytes`);
  }
  let normalised = posix.normalize(text);
  if (normalised.length > 1 && normalised.endsWith('/')) normalised = normalised.slice(0, -1);
  if (Buffer.byteLength(normalised) > MAX_MOUNT_PATH_BYTES) {
    throw new ConfigError(key, `must be at most ${MAX_MOUNT_PATH_BYTES} bytes`);
  }
  return normalised;
}

function siteUrl(value: unknown, key: string): SiteUrl {
  return parseSiteUrl(string(value, key), key);
}

/** A key identifying the place a site stores data, to refuse the same site configured twice. */
function siteIdentity(site: SiteUrl): string {
  return site.kind === 'file'
    ? `file:${site.dir}`
    : `nfs:${site.host.toLowerCase()}:${site.nfsPort ?? ''}:${site.exportPath}`;
}

/** Reads a PEM file named by `key`, at most MAX_TLS_FILE_BYTES. */
function readTlsFile(path: string, key: string): Buffer {
  try {
    if (statSync(path).size > MAX_TLS_FILE_BYTES)
      throw new ConfigError(key, `${path} is larger than ${MAX_TLS_FILE_BYTES} bytes`);
    return readFileSync(path);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const why = code === 'ENOENT' ? 'no such file' : `cannot read (${code})`;
    throw new ConfigError(key, `${path}: ${why}`, { cause: err });
  }
}

/**
 * `console`: a `HOST:PORT` string, or `{listen, tls}`. With `tls`, both files are read now, so a
 * missing or unreadable file, a file that is not PEM, or a key that does not belong to the
 * certificate stops the start with the key named (not the first HTTPS client).
 */
function parseConsole(value: unknown): ConsoleConfig | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) return hostPort(value, 'console');
  const raw = object(value, 'console', ['listen', 'tls']);
  if (raw.listen === undefined) throw new ConfigError('console.listen', 'is required (HOST:PORT)');
  const addr: ConsoleConfig = hostPort(raw.listen, 'console.listen');
  if (raw.tls === undefined || raw.tls === null) return addr;
  const tls = object(raw.tls, 'console.tls', ['cert', 'key']);
  if (tls.cert === undefined)
    throw new ConfigError('console.tls.cert', 'is required (PEM certificate file)');
  if (tls.key === undefined)
    throw new ConfigError('console.tls.key', 'is required (PEM private key file)');
  const certPath = resolvePath(string(tls.cert, 'console.tls.cert'));
  const keyPath = resolvePath(string(tls.key, 'console.tls.key'));
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(readTlsFile(certPath, 'console.tls.cert'));
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError('console.tls.cert', `${certPath} is not a PEM certificate`, {
      cause: err,
    });
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(readTlsFile(keyPath, 'console.tls.key'));
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(
      'console.tls.key',
      `${keyPath} is not a PEM private key (or it is encrypted)`,
      { cause: err },
    );
  }
  if (!cert.checkPrivateKey(key))
    throw new ConfigError(
      'console.tls.key',
      `${keyPath} does not belong to the certificate in console.tls.cert`,
    );
  return { ...addr, tls: { cert: certPath, key: keyPath } };
}

// ---------------------------------------------------------------------------------------------
// parseConfig
// ---------------------------------------------------------------------------------------------

const TOP_KEYS = [
  'listen',
  'udp',
  'state',
  'export',
  'primary',
  'backups',
  'console',
  'log',
  'upstream',
  'limits',
  'drc',
  'shutdownGraceMs',
  'replication',
  'versions',
  'health',
  'takeover',
  'degraded',
  'levels',
  'assessment',
] as const;
const EXPORT_KEYS = [
  'path',
  'clients',
  'access',
  'squash',
  'anonuid',
  'anongid',
  'secure',
] as const;

function parseExport(value: unknown): ExportPolicy {
  const raw = object(value === undefined ? {} : value, 'export', EXPORT_KEYS);
  const clientTexts =
    raw.clients === undefined
      ? DEFAULT_EXPORT_CLIENTS
      : array(raw.clients, 'export.clients', MAX_EXPORT_CLIENTS);
  if (clientTexts.length === 0) {
    throw new ConfigError(
      'export.clients',
      'must list at least one client network (an empty list would refuse every client)',
    );
  }
  const clients = clientTexts.map((c, i) => {
    const key = `export.clients[${i}]`;
    return parseCidr(string(c, key), key);
  });
  const idRange = { min: 0, max: MAX_UINT32, default: DEFAULT_ANON_ID };
  return {
    path: raw.path === undefined ? DEFAULT_EXPORT_PATH : exportPath(raw.path, 'export.path'),
    clients,
    access: oneOf(raw.access, 'export.access', ['rw', 'ro'], 'rw'),
    squash: oneOf(raw.squash, 'export.squash', ['none', 'root', 'all'], 'root'),
    anonuid: integer(raw.anonuid, 'export.anonuid', idRange),
    anongid: integer(raw.anongid, 'export.anongid', idRange),
    secure: boolean(raw.secure, 'export.secure', false),
  };
}

/**
 * Validates a config value (the parsed JSON of a config file, possibly with flags applied) and
 * fills in defaults. `source` names where it came from (a file path, or `command line`) and is
 * used only for the error of a wrong top-level type. Relative paths (`state`) resolve against
 * the working directory. Throws ConfigError naming the first bad key.
 */
export function parseConfig(raw: unknown, source: string): ProxyConfig {
  if (!isObject(raw)) {
    throw new ConfigError(
      '',
      `${source}: the configuration must be a JSON object (got ${describeValue(raw)})`,
    );
  }
  const top = object(raw, '', TOP_KEYS);

  if (top.primary === undefined) {
    throw new ConfigError('primary', 'is required: the URL of the NFS server to proxy');
  }
  const primary = siteUrl(top.primary, 'primary');
  const backups =
    top.backups === undefined
      ? []
      : array(top.backups, 'backups', MAX_BACKUPS).map((b, i) => siteUrl(b, `backups[${i}]`));
  siteNames(primary, backups);
  const seen = new Map([[siteIdentity(primary), 'primary']]);
  backups.forEach((b, i) => {
    const other = seen.get(siteIdentity(b));
    if (other !== undefined) {
      throw new ConfigError(`backups[${i}]`, `is the same site as ${other} (${b.url})`);
    }
    seen.set(siteIdentity(b), `backups[${i}]`);
  });

  const listen = top.listen === undefined ? { ...DEFAULT_LISTEN } : hostPort(top.listen, 'listen');
  const consoleAddr = parseConsole(top.console);
  if (
    consoleAddr !== undefined &&
    consoleAddr.port !== 0 &&
    consoleAddr.port === listen.port &&
    consoleAddr.host === listen.host
  ) {
    throw new ConfigError(
      isObject(top.console) ? 'console.listen' : 'console',
      `must not be the listen address (${consoleAddr.host}:${consoleAddr.port})`,
    );
  }

  const state = top.state === undefined ? DEFAULT_STATE_DIR : string(top.state, 'state');
  if (state === '') throw new ConfigError('state', 'must not be empty');

  const log = object(top.log === undefined ? {} : top.log, 'log', ['level']);
  const upstream = object(top.upstream === undefined ? {} : top.upstream, 'upstream', [
    'connections',
    'timeoutMs',
    'retransmissions',
  ]);
  const limits = object(top.limits === undefined ? {} : top.limits, 'limits', [
    'maxIoSize',
    'maxInFlight',
    'maxInFlightPerConnection',
    'maxConnections',
  ]);
  const drc = object(top.drc === undefined ? {} : top.drc, 'drc', ['entries', 'ttlSeconds']);
  const health = object(top.health === undefined ? {} : top.health, 'health', [
    'intervalMs',
    'timeoutMs',
  ]);
  const degraded = object(top.degraded === undefined ? {} : top.degraded, 'degraded', [
    'writes',
    'reads',
  ]);
  const takeover = object(top.takeover === undefined ? {} : top.takeover, 'takeover', [
    'auto',
    'afterFailures',
  ]);
  const ver = object(top.versions === undefined ? {} : top.versions, 'versions', [
    'viewName',
    'hiddenName',
    'regenerable',
    'intervalSeconds',
    'retention',
  ]);
  const levels = object(top.levels === undefined ? {} : top.levels, 'levels', ['calmSeconds']);
  const assessment = object(top.assessment === undefined ? {} : top.assessment, 'assessment', [
    'enabled',
    'windowSeconds',
    'factor',
    'minDestructive',
    'minEntropyFiles',
    'minExtensionRenames',
  ]);
  const keepCount = { min: 0, max: 100_000, default: 0 };
  let retention: ProxyConfig['versions']['retention'];
  if (ver.retention !== undefined && ver.retention !== null) {
    const r = object(ver.retention, 'versions.retention', ['last', 'hourly', 'daily', 'weekly']);
    retention = {
      last: integer(r.last, 'versions.retention.last', keepCount),
      hourly: integer(r.hourly, 'versions.retention.hourly', keepCount),
      daily: integer(r.daily, 'versions.retention.daily', keepCount),
      weekly: integer(r.weekly, 'versions.retention.weekly', keepCount),
    };
    if (retention.last + retention.hourly + retention.daily + retention.weekly === 0)
      throw new ConfigError('versions.retention', 'keeps no version at all; omit it to keep all');
  }
  const rootName = (v: unknown, key: string, dflt: string): string => {
    if (v === undefined) return dflt;
    const n = string(v, key);
    if (n === '' || n === '.' || n === '..' || n.includes('/') || Buffer.byteLength(n) > 255)
      throw new ConfigError(key, 'must be a single file name (no "/", not "." or "..")');
    return n;
  };
  const viewName = rootName(ver.viewName, 'versions.viewName', '.versions');
  const hiddenName = rootName(ver.hiddenName, 'versions.hiddenName', '.nfs-proxy');
  if (viewName === hiddenName)
    throw new ConfigError('versions.hiddenName', 'must differ from versions.viewName');
  const regenerable =
    ver.regenerable === undefined
      ? []
      : array(ver.regenerable, 'versions.regenerable', MAX_REGENERABLE_GLOBS).map((g, i) =>
          string(g, `versions.regenerable[${i}]`),
        );
  const repl = object(top.replication === undefined ? {} : top.replication, 'replication', [
    'timeoutMs',
    'heartbeatMs',
    'journal',
  ]);
  const journal = object(repl.journal === undefined ? {} : repl.journal, 'replication.journal', [
    'fsync',
    'fsyncIntervalMs',
    'quotaBytes',
    'segmentBytes',
  ]);

  const maxInFlight = integer(limits.maxInFlight, 'limits.maxInFlight', MAX_IN_FLIGHT);
  const maxInFlightPerConnection = integer(
    limits.maxInFlightPerConnection,
    'limits.maxInFlightPerConnection',
    MAX_IN_FLIGHT_PER_CONNECTION,
  );
  if (maxInFlightPerConnection > maxInFlight) {
    throw new ConfigError(
      'limits.maxInFlightPerConnection',
      `must not exceed limits.maxInFlight (${maxInFlight}) (got ${maxInFlightPerConnection})`,
    );
  }

  return {
    listen,
    udp: boolean(top.udp, 'udp', false),
    state: resolvePath(state),
    export: parseExport(top.export),
    primary,
    backups,
    console: consoleAddr,
    log: { level: oneOf(log.level, 'log.level', LOG_LEVELS, 'info') },
    upstream: {
      connections: integer(upstream.connections, 'upstream.connections', UPSTREAM_CONNECTIONS),
      timeoutMs: integer(upstream.timeoutMs, 'upstream.timeoutMs', UPSTREAM_TIMEOUT_MS),
      retransmissions: integer(
        upstream.retransmissions,
        'upstream.retransmissions',
        UPSTREAM_RETRANSMISSIONS,
      ),
    },
    limits: {
      maxIoSize: integer(limits.maxIoSize, 'limits.maxIoSize', MAX_IO_SIZE),
      maxInFlight,
      maxInFlightPerConnection,
      maxConnections: integer(limits.maxConnections, 'limits.maxConnections', MAX_CONNECTIONS),
    },
    drc: {
      entries: integer(drc.entries, 'drc.entries', DRC_ENTRIES),
      ttlSeconds: integer(drc.ttlSeconds, 'drc.ttlSeconds', DRC_TTL_SECONDS),
    },
    shutdownGraceMs: integer(top.shutdownGraceMs, 'shutdownGraceMs', SHUTDOWN_GRACE_MS),
    health: {
      intervalMs: integer(health.intervalMs, 'health.intervalMs', HEALTH_INTERVAL_MS),
      timeoutMs: integer(health.timeoutMs, 'health.timeoutMs', HEALTH_TIMEOUT_MS),
    },
    degraded: {
      writes: oneOf(degraded.writes, 'degraded.writes', ['wait', 'jukebox'], 'wait'),
      reads: oneOf(degraded.reads, 'degraded.reads', ['wait', 'backup'], 'wait'),
    },
    takeover: {
      auto: boolean(takeover.auto, 'takeover.auto', false),
      afterFailures: integer(
        takeover.afterFailures,
        'takeover.afterFailures',
        TAKEOVER_AFTER_FAILURES,
      ),
    },
    levels: {
      calmSeconds: integer(levels.calmSeconds, 'levels.calmSeconds', LEVEL_CALM_S),
    },
    assessment: {
      enabled: boolean(assessment.enabled, 'assessment.enabled', true),
      windowSeconds: integer(assessment.windowSeconds, 'assessment.windowSeconds', ASSESS_WINDOW_S),
      factor: integer(assessment.factor, 'assessment.factor', ASSESS_FACTOR),
      minDestructive: integer(
        assessment.minDestructive,
        'assessment.minDestructive',
        ASSESS_MIN_DESTRUCTIVE,
      ),
      minEntropyFiles: integer(
        assessment.minEntropyFiles,
        'assessment.minEntropyFiles',
        ASSESS_MIN_ENTROPY_FILES,
      ),
      minExtensionRenames: integer(
        assessment.minExtensionRenames,
        'assessment.minExtensionRenames',
        ASSESS_MIN_EXTENSION_RENAMES,
      ),
    },
    versions: {
      viewName,
      hiddenName,
      regenerable,
      intervalSeconds: integer(ver.intervalSeconds, 'versions.intervalSeconds', VERSION_INTERVAL_S),
      retention,
    },
    replication: {
      timeoutMs: integer(repl.timeoutMs, 'replication.timeoutMs', REPLICATION_TIMEOUT_MS),
      heartbeatMs: integer(repl.heartbeatMs, 'replication.heartbeatMs', HEARTBEAT_MS),
      journal: {
        fsync: oneOf(
          journal.fsync,
          'replication.journal.fsync',
          ['always', 'interval', 'never'],
          'always',
        ),
        fsyncIntervalMs: integer(
          journal.fsyncIntervalMs,
          'replication.journal.fsyncIntervalMs',
          JOURNAL_FSYNC_INTERVAL_MS,
        ),
        quotaBytes: integer(
          journal.quotaBytes,
          'replication.journal.quotaBytes',
          JOURNAL_QUOTA_BYTES,
        ),
        segmentBytes: integer(
          journal.segmentBytes,
          'replication.journal.segmentBytes',
          JOURNAL_SEGMENT_BYTES,
        ),
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The config file
// ---------------------------------------------------------------------------------------------

/** Line and column (1-based) of a character offset, for JSON syntax errors. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Reads and parses a JSON config file. The file is read in chunks and refused once it passes
 * MAX_CONFIG_FILE_BYTES, so a wrong path (a device, a huge log) cannot exhaust memory. Errors
 * (missing, unreadable, too large, not UTF-8, bad JSON with line and column) are ConfigError
 * whose key is the path.
 */
export function loadConfigFile(path: string): unknown {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const why = code === 'ENOENT' ? 'no such file' : `cannot open (${code})`;
    throw new ConfigError(path, why, { cause: err });
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'error';
        throw new ConfigError(path, `cannot read (${code})`, { cause: err });
      }
      if (n === 0) break;
      total += n;
      if (total > MAX_CONFIG_FILE_BYTES) {
        throw new ConfigError(path, `is larger than ${MAX_CONFIG_FILE_BYTES} bytes`);
      }
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
  } finally {
    closeSync(fd);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(
      Buffer.concat(chunks, total),
    );
  } catch (err) {
    throw new ConfigError(path, 'is not valid UTF-8', { cause: err });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /at position (\d+)/.exec(message);
    const where =
      at?.[1] !== undefined && !/\(line \d+ column \d+\)/.test(message)
        ? (({ line, column }) => ` (line ${line}, column ${column})`)(
            lineColumn(text, Number(at[1])),
          )
        : '';
    throw new ConfigError(path, `is not valid JSON: ${message}${where}`, { cause: err });
  }
}

// ---------------------------------------------------------------------------------------------
// Flags
// ---------------------------------------------------------------------------------------------

/** The `serve` command's flags, as given; validated by resolveConfig through parseConfig. */
export interface ServeFlags {
  config?: string;
  listen?: string;
  udp?: boolean;
  export?: string;
  primary?: string;
  backup?: string[];
  state?: string;
  console?: string;
  logLevel?: string;
}

const SERVE_OPTIONS = {
  config: { type: 'string' },
  listen: { type: 'string' },
  udp: { type: 'boolean' },
  export: { type: 'string' },
  primary: { type: 'string' },
  backup: { type: 'string', multiple: true },
  state: { type: 'string' },
  console: { type: 'string' },
  'log-level': { type: 'string' },
} as const;

type ServeOption = keyof typeof SERVE_OPTIONS;

function isServeOption(name: string): name is ServeOption {
  return Object.hasOwn(SERVE_OPTIONS, name);
}

/**
 * Parses the `serve` command's arguments (after `serve`). Unknown flags, flags without their
 * value, values for `--udp`, a non-repeatable flag given twice and stray arguments are
 * ConfigError whose key is the flag (or the stray argument).
 */
export function parseServeArgs(argv: string[]): ServeFlags {
  // Non-strict with tokens: node's own strict errors are strings; walking the tokens gives the
  // exact flag for the error's key.
  const { tokens } = parseArgs({
    args: argv,
    options: SERVE_OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const known = Object.keys(SERVE_OPTIONS)
    .map((o) => `--${o}`)
    .join(', ');
  const flags: ServeFlags = {};
  const given = new Set<string>();
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      throw new ConfigError(token.value, 'unexpected argument; serve takes only flags');
    }
    const flag = token.rawName;
    if (!isServeOption(token.name) || !flag.startsWith('--')) {
      throw new ConfigError(flag, `unknown flag; known flags: ${known}`);
    }
    const name = token.name;
    if (name !== 'backup' && given.has(name)) {
      throw new ConfigError(flag, 'is given more than once');
    }
    given.add(name);
    if (name === 'udp') {
      if (token.value !== undefined) throw new ConfigError(flag, 'takes no value');
      flags.udp = true;
      continue;
    }
    const value = token.value;
    // parseArgs takes the next argument as the value even if it is another flag
    // (`--listen --udp`); treat that as a missing value. `--listen=-x` stays possible.
    if (value === undefined || (!token.inlineValue && value.startsWith('-'))) {
      throw new ConfigError(flag, 'needs a value');
    }
    if (value.length > MAX_CONFIG_STRING_LENGTH) {
      throw new ConfigError(flag, `must be at most ${MAX_CONFIG_STRING_LENGTH} characters`);
    }
    switch (name) {
      case 'backup':
        (flags.backup ??= []).push(value);
        if (flags.backup.length > MAX_BACKUPS) {
          throw new ConfigError(flag, `may be given at most ${MAX_BACKUPS} times`);
        }
        break;
      case 'log-level':
        flags.logLevel = value;
        break;
      default:
        flags[name] = value;
    }
  }
  return flags;
}

/**
 * The configuration `serve` runs with: the file named by `--config` (if any), each flag given
 * replacing the file's value (`--backup`, if given, replaces the file's whole `backups` list;
 * `--export` sets `export.path`, `--log-level` sets `log.level`), then parseConfig over the
 * result.
 */
export function resolveConfig(flags: ServeFlags): ProxyConfig {
  const source = flags.config ?? 'command line';
  const file = flags.config === undefined ? {} : loadConfigFile(flags.config);
  if (!isObject(file)) return parseConfig(file, source);
  const raw: JsonObject = { ...file };
  const nested = (key: string, field: string, value: string): void => {
    const current = raw[key];
    // A non-object stays as it is so that parseConfig reports it.
    if (current === undefined) raw[key] = { [field]: value };
    else if (isObject(current)) raw[key] = { ...current, [field]: value };
  };
  if (flags.listen !== undefined) raw.listen = flags.listen;
  if (flags.udp !== undefined) raw.udp = flags.udp;
  if (flags.export !== undefined) nested('export', 'path', flags.export);
  if (flags.primary !== undefined) raw.primary = flags.primary;
  if (flags.backup !== undefined) raw.backups = [...flags.backup];
  if (flags.state !== undefined) raw.state = flags.state;
  // --console replaces the address only: a file's `console.tls` stays.
  if (flags.console !== undefined) {
    if (isObject(raw.console)) nested('console', 'listen', flags.console);
    else raw.console = flags.console;
  }
  if (flags.logLevel !== undefined) nested('log', 'level', flags.logLevel);
  return parseConfig(raw, source);
}
