/**
 * `nfs-proxy demo` (also `npm start`): the whole product on one machine, with no NFS server
 * installed and without root (issue 8 item 2).
 *
 *   DIR/primary     the primary site      file:///ABS/DIR/primary   (site-0)
 *   DIR/backup-1    a sync backup         file:///ABS/DIR/backup-1  (site-1)
 *   DIR/backup-2    an async backup       file:///ABS/DIR/backup-2  (site-2)
 *   DIR/state       the state directory (catalog, handle key, journal)
 *   DIR/proxy.log   the pino log (stdout carries only the banner)
 *   DIR/config.json the same setup as a config file for `nfs-proxy serve --config`
 *
 * NFS and MOUNT listen on 127.0.0.1:20490 and the console on 127.0.0.1:8049 (unprivileged
 * ports, loopback only); every client user is mapped to the user running the demo
 * (`export.squash: "all"` with that uid and gid); a version is taken every 60 s. Everything under DIR is kept between
 * runs, so a second start continues where the first stopped.
 *
 * Console token: every start revokes the tokens earlier demo runs created (label `demo`) and
 * creates one new admin token, printed once in the dashboard URL. A token copied from an old
 * banner therefore stops working at the next start; tokens made with `nfs-proxy token create`
 * are left alone.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { openCatalogDb } from '../catalog/db.js';
import { ConfigError } from '../config/errors.js';
import { DEFAULT_ANON_ID, parseConfig } from '../config/config.js';
import { TokenStore } from '../console/tokens.js';
import { createLogger } from '../log/logger.js';
import type { Proxy } from '../proxy.js';
import { runProxy } from './run-proxy.js';

/** Defaults of the demo's flags. */
export const DEMO_DEFAULTS = {
  /** Relative to the working directory. */
  dir: 'var/demo',
  nfsPort: 20490,
  consolePort: 8049,
  /** Unit: seconds. */
  versionInterval: 60,
  logLevel: 'info',
} as const;

/** The label of the tokens demo runs create, so that the next run can revoke them. */
export const DEMO_TOKEN_LABEL = 'demo';
/** The export path clients mount. */
export const DEMO_EXPORT_PATH = '/export';
/** The directories of the three sites under DIR, primary first. */
export const DEMO_SITE_DIRS = ['primary', 'backup-1', 'backup-2'] as const;

export const DEMO_USAGE = `usage: nfs-proxy demo [--dir DIR] [--nfs-port N] [--console-port N]
                      [--version-interval SECONDS] [--log-level LEVEL]

Runs the proxy on this machine with a local primary directory and two local backups
(one sync, one async), versions and the console, all on 127.0.0.1. Needs no NFS server and no
root. Ctrl-C stops it; everything under DIR is kept for the next start.

  --dir DIR                 where the sites, state and log live (default ./${DEMO_DEFAULTS.dir})
  --nfs-port N              NFS and MOUNT port on 127.0.0.1 (default ${DEMO_DEFAULTS.nfsPort}; 0 = any free port)
  --console-port N          console and dashboard port on 127.0.0.1 (default ${DEMO_DEFAULTS.consolePort}; 0 = any)
  --version-interval S      take a version every S seconds (default ${DEMO_DEFAULTS.versionInterval}; 0 = only on request)
  --log-level LEVEL         level of DIR/proxy.log (default ${DEMO_DEFAULTS.logLevel})`;

export interface DemoOptions {
  /** Absolute. */
  readonly dir: string;
  readonly nfsPort: number;
  readonly consolePort: number;
  readonly versionInterval: number;
  readonly logLevel: string;
  /** The ids every client user is mapped to: the demo process's own. */
  readonly uid: number;
  readonly gid: number;
}

function parsePort(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new ConfigError(flag, `must be a port number 0..65535 (got ${JSON.stringify(value)})`);
  }
  return Number(value);
}

/** Parses the demo's flags (after `demo`); bad ones are ConfigError naming the flag. */
export function parseDemoArgs(argv: string[], cwd = process.cwd()): DemoOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        dir: { type: 'string' },
        'nfs-port': { type: 'string' },
        'console-port': { type: 'string' },
        'version-interval': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new ConfigError('demo', `${(e as Error).message}\n\n${DEMO_USAGE}`);
  }
  if (values.help) return 'help';
  const interval = values['version-interval'];
  if (interval !== undefined && !/^\d{1,8}$/.test(interval)) {
    throw new ConfigError(
      '--version-interval',
      `must be a number of seconds (got ${JSON.stringify(interval)})`,
    );
  }
  const dir = values.dir ?? DEMO_DEFAULTS.dir;
  if (dir === '') throw new ConfigError('--dir', 'must not be empty');
  return {
    dir: path.resolve(cwd, dir),
    nfsPort: parsePort('--nfs-port', values['nfs-port'], DEMO_DEFAULTS.nfsPort),
    consolePort: parsePort('--console-port', values['console-port'], DEMO_DEFAULTS.consolePort),
    versionInterval: interval === undefined ? DEMO_DEFAULTS.versionInterval : Number(interval),
    logLevel: values['log-level'] ?? DEMO_DEFAULTS.logLevel,
    uid: process.getuid?.() ?? DEFAULT_ANON_ID,
    gid: process.getgid?.() ?? DEFAULT_ANON_ID,
  };
}

/**
 * The demo's configuration in the config file's shape (docs/configuration.md), so that it gets
 * the same validation as a user's file and can be written out as an example.
 */
export function demoConfig(o: DemoOptions): Record<string, unknown> {
  const site = (d: string, query: string): string =>
    `${pathToFileURL(path.join(o.dir, d)).href}${query}`;
  return {
    listen: `127.0.0.1:${o.nfsPort}`,
    state: path.join(o.dir, 'state'),
    // Every client user is mapped to the user running the demo: whoever writes through the
    // mount (root included), the files on disk belong to you and the driver never needs root.
    export: { path: DEMO_EXPORT_PATH, squash: 'all', anonuid: o.uid, anongid: o.gid },
    primary: site(DEMO_SITE_DIRS[0], ''),
    backups: [site(DEMO_SITE_DIRS[1], '?mode=sync'), site(DEMO_SITE_DIRS[2], '?mode=async')],
    console: `127.0.0.1:${o.consolePort}`,
    versions: {
      intervalSeconds: o.versionInterval,
      // Bounded, so a demo left running for days does not pile up versions.
      retention: { last: 30, hourly: 24, daily: 7 },
    },
    log: { level: o.logLevel },
    // A quick Ctrl-C: the demo has no clients worth waiting long for.
    shutdownGraceMs: 3000,
  };
}

/**
 * Revokes the tokens earlier demo runs created and creates a new admin token (shown once).
 * Runs before the proxy opens the catalog; the catalog creates its tables on first open.
 */
function freshDemoToken(stateDir: string): string {
  const db = openCatalogDb({ stateDir, log: createLogger({ level: 'silent' }) });
  try {
    db.prepare('UPDATE tokens SET revoked_ms = ? WHERE label = ? AND revoked_ms IS NULL').run(
      Date.now(),
      DEMO_TOKEN_LABEL,
    );
    return new TokenStore(db).create('admin', DEMO_TOKEN_LABEL).token;
  } finally {
    db.close();
  }
}

/** How the user runs this same command again (for the `ctl` hint in the banner). */
function selfCommand(): string {
  const script = process.argv[1] ?? '';
  if (script.endsWith('.ts')) return 'npm run cli --';
  if (path.basename(script) === 'nfs-proxy') return 'nfs-proxy';
  return `node ${path.relative(process.cwd(), script) || script}`;
}

function banner(
  o: DemoOptions,
  proxy: Proxy,
  token: string,
  reused: boolean,
  version: string,
): string {
  const nfsPort = proxy.address?.port ?? o.nfsPort;
  const consoleAddr = proxy.consoleAddress ?? { host: '127.0.0.1', port: o.consolePort };
  const consoleHostPort = `${consoleAddr.host}:${consoleAddr.port}`;
  const [p, b1, b2] = DEMO_SITE_DIRS.map((d) => path.join(o.dir, d));
  const libnfs = (file: string): string =>
    `'nfs://127.0.0.1${DEMO_EXPORT_PATH}${file}?nfsport=${nfsPort}&mountport=${nfsPort}&version=3'`;
  const self = selfCommand();
  const versions =
    o.versionInterval > 0 ? `a version every ${o.versionInterval} s` : 'versions on request';
  return `
nfs-proxy ${version} demo is running${reused ? ' (state reused from the last run)' : ''}.

  primary  site-0  ${p}
  backup   site-1  ${b1}  (sync: holds every acknowledged write)
  backup   site-2  ${b2}  (async: catches up in the background)
  versions ${versions}, browsable in the export under /.versions
  clients  127.0.0.1 only; every client user acts as uid ${o.uid} (you)
  state    ${path.join(o.dir, 'state')}
  log      ${path.join(o.dir, 'proxy.log')}

Dashboard (admin token, valid until the next demo start):
  http://${consoleHostPort}/#token=${token}

Mount it (NFS and MOUNT share port ${nfsPort} on 127.0.0.1; export ${DEMO_EXPORT_PATH}):
  Linux kernel client:
    sudo mkdir -p /mnt/nfs-demo
    sudo mount -t nfs -o vers=3,proto=tcp,port=${nfsPort},mountport=${nfsPort},mountproto=tcp,nolock 127.0.0.1:${DEMO_EXPORT_PATH} /mnt/nfs-demo
  libnfs (apt install libnfs-utils):
    nfs-ls ${libnfs('')}
    nfs-cp README.md ${libnfs('/README.md')}

Operate it from another terminal:
  export NFS_PROXY_CONSOLE=${consoleHostPort} NFS_PROXY_TOKEN=${token}
  ${self} ctl status
  curl -H "Authorization: Bearer $NFS_PROXY_TOKEN" http://${consoleHostPort}/metrics

Ctrl-C stops it; the next start keeps the files, versions and state under ${o.dir}.
`;
}

/** `nfs-proxy demo [flags]`. Resolves to the exit code. */
export async function demo(argv: string[], version: string): Promise<number> {
  const opts = parseDemoArgs(argv);
  if (opts === 'help') {
    console.log(DEMO_USAGE);
    return 0;
  }
  const raw = demoConfig(opts);
  const config = parseConfig(raw, 'demo');
  for (const d of DEMO_SITE_DIRS) {
    try {
      mkdirSync(path.join(opts.dir, d), { recursive: true });
    } catch (e) {
      throw new ConfigError(
        '--dir',
        `cannot create ${path.join(opts.dir, d)}: ${(e as Error).message}`,
      );
    }
  }
  const reused = existsSync(path.join(config.state, 'catalog.sqlite'));
  writeFileSync(path.join(opts.dir, 'config.json'), `${JSON.stringify(raw, null, 2)}\n`);
  const logFile = path.join(opts.dir, 'proxy.log');
  const log = createLogger({
    level: config.log.level,
    destination: pino.destination({ dest: logFile, sync: true, append: true }),
  });
  const token = freshDemoToken(config.state);
  return runProxy(config, log, {
    onStarted: (proxy) => process.stdout.write(banner(opts, proxy, token, reused, version)),
    onStartFailed: (e) => {
      const busy = (e as NodeJS.ErrnoException).code === 'EADDRINUSE';
      console.error(
        `nfs-proxy demo: failed to start: ${e.message} (log: ${logFile})` +
          (busy
            ? '\n  another program uses the port: pick others with --nfs-port N --console-port N'
            : ''),
      );
    },
    onStopping: (signal) =>
      console.log(`\n${signal}: stopping (letting requests in flight finish)...`),
  }).then((code) => {
    if (code === 0) console.log(`stopped; everything is kept under ${opts.dir} for the next start`);
    return code;
  });
}
