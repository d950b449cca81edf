// Test fixture: real nfs-ganesha (VFS FSAL, NFSv3 only) servers on 127.0.0.0/8.
//
// Each instance owns a private temp dir (config, logs, pid file, recovery dirs, export dir) and is
// started in the foreground as a child process of the test process. Readiness is an RPC NULL call
// answered on both its NFS and MOUNT ports. All live instances are tracked so that they are killed
// and their directories removed even if a test crashes (process 'exit', SIGINT, SIGTERM; and the
// kernel's parent-death signal via `setpriv --pdeathsig` where available).
//
// rpcbind: ganesha refuses to start if it cannot register with rpcbind ("Cannot register NFS V3 on
// TCP" is fatal). libtirpc registers through the unix socket /run/rpcbind.sock, so when no rpcbind is
// running we start one in a private mount namespace whose /etc/netconfig only lists the local
// transports: that rpcbind listens on /run/rpcbind.sock only, never on a TCP/UDP port (plain rpcbind
// always binds TCP on 0.0.0.0/[::], even with -h). It is left running and shared.
//
// Several instances may run side by side: they register the same (program, version, netid) keys, and
// ganesha unsets them before setting them, so the last one started "owns" the rpcbind entries. That is
// harmless because clients are given explicit ports (nfsport/mountport) and never query rpcbind. Only
// concurrent starts race (unset A, unset B, set A, set B fails -> B exits), so starts are serialized
// within this process and retried (bounded) across processes.

import { spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  accessSync,
  constants as fsConstants,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RpcClient, voidCodec, type XdrProcedure } from '@nfs/rpc-xdr';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import * as mount3 from '../../src/protocol/generated/mount3.js';

export interface GaneshaInstance {
  readonly name: string;
  /** 127.0.0.x */
  readonly host: string;
  readonly nfsPort: number;
  readonly mountPort: number;
  /** The export's real directory on disk; also the NFSv3 MOUNT path (ganesha mounts v3 by real Path). */
  readonly exportPath: string;
  /** libnfs URL of the export root: nfs://HOST/EXPORTPATH?nfsport=N&mountport=M&version=3 */
  readonly url: string;
  /** The instance's private temp dir (config, logs, export dir); removed by stop(). */
  readonly dir: string;
  /** Path of ganesha's own log file (inside dir). */
  readonly logFile: string;
  /** Process id of ganesha.nfsd. */
  readonly pid: number;
  /** Milliseconds from spawn until both NFS and MOUNT answered an RPC NULL. */
  readonly startupMs: number;
  /**
   * libnfs URL of a file directly in the export root. (Appending '/name' to `url` does not work:
   * libnfs needs the query string at the very end.)
   */
  fileUrl(name: string): string;
  /** True while the ganesha process has not exited. */
  isRunning(): boolean;
  /** Last `maxLines` lines of ganesha's log (empty string once the instance has been stopped). */
  logTail(maxLines?: number): string;
  /** SIGTERM, then SIGKILL after a bounded wait; removes the temp dir. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL; the temp dir stays (restart() brings it back). */
  kill9(): Promise<void>;
  /** Starts it again (after kill9, or stops it first) on the same ports and export. */
  restart(): Promise<void>;
  /** SIGSTOP: a hung server (connections stay open, nothing answers). */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
}

export interface GaneshaOptions {
  /** Any 127.0.0.0/8 address; default 127.0.0.1. */
  host?: string;
  /** Default: a free port on `host`. */
  nfsPort?: number;
  /** Default: a free port on `host`. */
  mountPort?: number;
  /** Used in logs and the temp dir name. */
  name?: string;
}

const NFS_PROGRAM = nfs3.NFS_PROGRAM;
const MOUNT_PROGRAM = mount3.MOUNT_PROGRAM;
const MOUNT = mount3.program_MOUNT_PROGRAM.versions.MOUNT_V3.procedures;
/** Procedure 0 (NULL) of any program: no arguments, no results. */
const voidProcedure: XdrProcedure<void, void> = {
  name: 'NULL',
  number: 0,
  args: voidCodec,
  result: voidCodec,
};
const NFS_V3 = 3;
const MOUNT_V3 = 3;

const START_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 100;
const START_ATTEMPTS = 5;
const STOP_TERM_WAIT_MS = 5_000;
const STOP_KILL_WAIT_MS = 2_000;
const DIR_PREFIX = 'nfs-proxy-ganesha-';
const RPCBIND_SOCKET = '/run/rpcbind.sock';
const RPCBIND_START_TIMEOUT_MS = 5_000;

const SBIN_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/local/bin', '/usr/bin', '/bin'];

function findBinary(name: string): string | undefined {
  const dirs = [
    ...(process.env['PATH'] ?? '').split(path.delimiter).filter((d) => d !== ''),
    ...SBIN_DIRS,
  ];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

function vfsFsalPresent(): boolean {
  const dirs = [
    '/usr/lib/ganesha',
    '/usr/lib64/ganesha',
    '/usr/local/lib/ganesha',
    '/usr/local/lib64/ganesha',
  ];
  try {
    const arch = execFileSync('dpkg-architecture', ['-qDEB_HOST_MULTIARCH'], {
      encoding: 'utf8',
      timeout: 5_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (arch !== '') dirs.unshift(`/usr/lib/${arch}/ganesha`);
  } catch {
    // no dpkg-architecture: fall back to the common multiarch names below
  }
  dirs.push('/usr/lib/x86_64-linux-gnu/ganesha', '/usr/lib/aarch64-linux-gnu/ganesha');
  return dirs.some((d) => existsSync(path.join(d, 'libfsalvfs.so')));
}

let availableCache: boolean | undefined;

/**
 * True when ganesha.nfsd, its VFS FSAL and rpcbind are installed and we are root (the VFS FSAL needs
 * open_by_handle_at). When NFS_PROXY_REQUIRE_GANESHA=1 (set by CI) this returns true regardless, so
 * tests that would otherwise skip run and fail loudly instead.
 */
export function ganeshaAvailable(): boolean {
  if (process.env['NFS_PROXY_REQUIRE_GANESHA'] === '1') return true;
  availableCache ??=
    process.platform === 'linux' &&
    process.getuid?.() === 0 &&
    findBinary('ganesha.nfsd') !== undefined &&
    findBinary('rpcbind') !== undefined &&
    vfsFsalPresent();
  return availableCache;
}

// ---------------------------------------------------------------------------------------------
// Live-instance tracking and emergency cleanup

interface Tracked {
  child: ChildProcess;
  dir: string;
}

const live = new Set<Tracked>();
let exitHooksInstalled = false;

function cleanupAllSync(): void {
  for (const t of live) {
    if (t.child.exitCode === null && t.child.signalCode === null) {
      try {
        t.child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
    try {
      rmSync(t.dir, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // best effort
    }
  }
  live.clear();
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', cleanupAllSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      cleanupAllSync();
      // If nobody else handles the signal, restore the default behaviour (terminate by that signal).
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    });
  }
}

/**
 * Removes instance dirs left behind by test processes that were SIGKILLed (their ganesha died with
 * them through the parent-death signal, but nobody removed the dir). A dir is stale when the node
 * process recorded in its owner.pid no longer exists.
 */
let swept = false;
function sweepStaleDirs(): void {
  if (swept) return;
  swept = true;
  let entries: string[];
  try {
    entries = readdirSync(os.tmpdir()).filter((e) => e.startsWith(DIR_PREFIX));
  } catch {
    return;
  }
  for (const entry of entries.slice(0, 1000)) {
    const dir = path.join(os.tmpdir(), entry);
    try {
      const owner = Number(readFileSync(path.join(dir, 'owner.pid'), 'utf8').trim());
      if (!Number.isInteger(owner) || owner <= 0 || owner === process.pid || pidAlive(owner))
        continue;
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // no owner.pid (being created right now, or not ours): leave it alone
    }
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // A zombie (dead, not yet reaped; e.g. under an init that does not reap) is not alive.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function assertLoopback(host: string): void {
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (m === null || m.slice(1).some((o) => Number(o) > 255)) {
    throw new Error(
      `ganesha fixture: host must be an IPv4 address in 127.0.0.0/8, got ${JSON.stringify(host)}`,
    );
  }
}

function listenOnce(host: string, port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen({ host, port, exclusive: true }, () => resolve(srv));
  });
}

function closeServer(srv: net.Server): Promise<void> {
  return new Promise((resolve) => srv.close(() => resolve()));
}

/** Picks `count` distinct free TCP ports on `host` by binding port 0 (all held until all are chosen). */
async function freePorts(host: string, count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await listenOnce(host, 0));
    return servers.map((s) => {
      const addr = s.address();
      if (addr === null || typeof addr === 'string') throw new Error('unexpected server address');
      return addr.port;
    });
  } finally {
    await Promise.all(servers.map(closeServer));
  }
}

/** Throws if `port` cannot be bound on `host` right now. */
async function checkPortFree(host: string, port: number): Promise<void> {
  let srv: net.Server;
  try {
    srv = await listenOnce(host, port);
  } catch (err) {
    throw new Error(`ganesha fixture: ${host}:${port} is not free: ${(err as Error).message}`);
  }
  await closeServer(srv);
}

function tailFile(file: string, maxLines: number): string {
  try {
    const lines = readFileSync(file, 'utf8').split('\n');
    return lines.slice(Math.max(0, lines.length - maxLines - 1)).join('\n');
  } catch {
    return '';
  }
}

/** Runs `fn` with a short-lived RPC client (no retransmissions) and always closes it. */
async function withClient<T>(
  host: string,
  port: number,
  timeoutMs: number,
  fn: (c: RpcClient) => Promise<T>,
): Promise<T | undefined> {
  const c = new RpcClient({
    host,
    port,
    timeoutMs,
    retransmissions: 0,
    connectTimeoutMs: timeoutMs,
    reservedPort: false,
  });
  try {
    return await fn(c);
  } catch {
    return undefined;
  } finally {
    await c.close();
  }
}

/** RPC NULL call with the project's client: true iff the server accepted it for (prog, vers). */
export async function rpcNullPing(
  host: string,
  port: number,
  prog: number,
  vers: number,
  timeoutMs = 1_000,
): Promise<boolean> {
  const ok = await withClient(host, port, timeoutMs, async (c) => {
    await c.call(prog, vers, voidProcedure, undefined);
    return true;
  });
  return ok === true;
}

/** MOUNTPROC3_EXPORT: the exported directory names, or undefined if the call failed. */
export async function mountExports(
  host: string,
  mountPort: number,
  timeoutMs = 1_000,
): Promise<string[] | undefined> {
  return withClient(host, mountPort, timeoutMs, async (c) => {
    const exports = await c.call(
      mount3.MOUNT_PROGRAM,
      mount3.MOUNT_V3,
      MOUNT.MOUNTPROC3_EXPORT,
      undefined,
    );
    return exports.map((e) => e.ex_dir.toString());
  });
}

function canConnectUnix(socketPath: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ path: socketPath });
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.once('connect', () => finish(true));
    sock.once('error', () => finish(false));
  });
}

// ---------------------------------------------------------------------------------------------
// rpcbind

let rpcbindReady: Promise<void> | undefined;

/**
 * Makes sure an rpcbind answers on /run/rpcbind.sock. If none does, starts one that listens on that
 * unix socket only (private mount namespace with a local-only /etc/netconfig). Left running.
 */
export function ensureRpcbind(): Promise<void> {
  rpcbindReady ??= startRpcbindIfNeeded().catch((err: unknown) => {
    rpcbindReady = undefined;
    throw err;
  });
  return rpcbindReady;
}

async function startRpcbindIfNeeded(): Promise<void> {
  if (await canConnectUnix(RPCBIND_SOCKET)) return;
  const rpcbind = findBinary('rpcbind');
  const unshare = findBinary('unshare');
  if (rpcbind === undefined)
    throw new Error('ganesha fixture: rpcbind is not installed (apt-get install rpcbind)');
  if (unshare === undefined)
    throw new Error('ganesha fixture: unshare (util-linux) is not installed');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'nfs-proxy-rpcbind-'));
  try {
    const netconfig = path.join(tmp, 'netconfig');
    writeFileSync(
      netconfig,
      'local      tpi_cots_ord  -     loopback  -      -       -\n' +
        'unix       tpi_cots_ord  -     loopback  -      -       -\n',
    );
    try {
      // rpcbind daemonizes; the daemon keeps the private namespace (and the bind mount) alive.
      execFileSync(
        unshare,
        [
          '--mount',
          '--propagation',
          'private',
          'sh',
          '-c',
          'mount --bind "$1" /etc/netconfig && exec "$2"',
          'sh',
          netconfig,
          rpcbind,
        ],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
          timeout: 10_000,
        },
      );
    } catch (err) {
      const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
      // Another process may have won the race to start rpcbind; accept it if it answers.
      if (!(await canConnectUnix(RPCBIND_SOCKET))) {
        throw new Error(
          'ganesha fixture: could not start a unix-socket-only rpcbind (needs root and mount namespaces); ' +
            `refusing to start rpcbind on a wildcard address. Start rpcbind yourself. ${(err as Error).message} ${stderr}`,
        );
      }
    }
    const deadline = Date.now() + RPCBIND_START_TIMEOUT_MS;
    for (let i = 0; i < RPCBIND_START_TIMEOUT_MS / POLL_INTERVAL_MS + 1; i++) {
      if (await canConnectUnix(RPCBIND_SOCKET)) return;
      if (Date.now() > deadline) break;
      await sleep(POLL_INTERVAL_MS);
    }
    throw new Error(
      `ganesha fixture: rpcbind did not come up on ${RPCBIND_SOCKET} within ${RPCBIND_START_TIMEOUT_MS} ms`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// ganesha

function q(s: string): string {
  if (/["\n\\]/.test(s))
    throw new Error(`ganesha fixture: unsupported character in config value ${JSON.stringify(s)}`);
  return `"${s}"`;
}

function ganeshaConfig(p: {
  host: string;
  nfsPort: number;
  mountPort: number;
  exportPath: string;
  dir: string;
}): string {
  return `# generated by test/harness/ganesha.ts
NFS_CORE_PARAM {
  Bind_addr = ${p.host};
  NFS_Port = ${p.nfsPort};
  MNT_Port = ${p.mountPort};
  # NFSv3 only (MOUNT is served as well); no NLM/NSM (would need rpc.statd), no RQUOTA (extra port).
  Protocols = 3;
  Enable_NLM = false;
  Enable_RQUOTA = false;
  # TCP only: libnfs uses TCP, and fewer sockets means fewer port collisions and registrations.
  Enable_UDP = false;
}
NFSV4 {
  # No grace period at startup (it exists for NFSv4/NLM state reclaim; we serve neither).
  Graceless = true;
  # Keep the recovery db out of /var/lib/nfs/ganesha.
  RecoveryBackend = fs;
  RecoveryRoot = ${q(path.join(p.dir, 'recovery'))};
}
# Harmless noise in the log: DBUS CRIT (no system bus; only the admin interface needs it) and a
# krb5 keytab CRIT from NFSv4 callback setup, which runs even with Active_krb5 = false.
NFS_KRB5 {
  Active_krb5 = false;
  # Default /var/run/ganesha; keep everything inside the instance dir.
  CCacheDir = ${q(path.join(p.dir, 'krb5cc'))};
}
EXPORT {
  Export_Id = 1;
  # For NFSv3 the MOUNT path is this real Path (mount_path_pseudo defaults to false).
  Path = ${q(p.exportPath)};
  Pseudo = "/export";
  Access_Type = RW;
  Squash = No_Root_Squash;
  # Tests change export directories behind ganesha's back (to make a site diverge): do not
  # serve cached attributes.
  Attr_Expiration_Time = 0;
  Protocols = 3;
  Transports = TCP;
  SecType = sys;
  FSAL {
    Name = VFS;
  }
}
LOG {
  Default_Log_Level = EVENT;
}
`;
}

let instanceCounter = 0;
let startChain: Promise<unknown> = Promise.resolve();

/** Starts one ganesha instance and waits until NFS and MOUNT answer an RPC NULL (at most 30 s). */
export function startGanesha(opts: GaneshaOptions = {}): Promise<GaneshaInstance> {
  // Serialize starts within this process: concurrent ganesha starts race on rpcbind registration.
  const run = startChain.then(() => startGaneshaWithRetries(opts));
  startChain = run.catch(() => undefined);
  return run;
}

async function startGaneshaWithRetries(opts: GaneshaOptions): Promise<GaneshaInstance> {
  const host = opts.host ?? '127.0.0.1';
  assertLoopback(host);
  if (findBinary('ganesha.nfsd') === undefined) {
    throw new Error(
      'ganesha fixture: ganesha.nfsd not found (apt-get install nfs-ganesha nfs-ganesha-vfs)',
    );
  }
  await ensureRpcbind();
  const name = opts.name ?? `ganesha${++instanceCounter}`;
  const errors: string[] = [];
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    try {
      return await startGaneshaOnce(host, name, opts);
    } catch (err) {
      errors.push(`attempt ${attempt}: ${(err as Error).message}`);
      if (!(err instanceof RetryableStartError)) break;
      await sleep(100 * attempt + Math.floor(Math.random() * 200));
    }
  }
  throw new Error(`ganesha fixture: could not start ${name} on ${host}\n${errors.join('\n')}`);
}

/** Ganesha exited during startup (e.g. lost an rpcbind registration race or a port was taken). */
class RetryableStartError extends Error {}

async function startGaneshaOnce(
  host: string,
  name: string,
  opts: GaneshaOptions,
): Promise<GaneshaInstance> {
  const candidates =
    opts.nfsPort !== undefined && opts.mountPort !== undefined
      ? []
      : (await freePorts(host, 2)).filter((p) => p !== opts.nfsPort && p !== opts.mountPort);
  const nfsPort = opts.nfsPort ?? candidates.shift();
  const mountPort = opts.mountPort ?? candidates.shift();
  if (nfsPort === undefined || mountPort === undefined)
    throw new Error('ganesha fixture: no free ports');
  if (nfsPort === mountPort)
    throw new Error(`ganesha fixture: nfsPort and mountPort must differ (${nfsPort})`);
  await checkPortFree(host, nfsPort);
  await checkPortFree(host, mountPort);

  const ganesha = findBinary('ganesha.nfsd');
  if (ganesha === undefined) throw new Error('ganesha fixture: ganesha.nfsd not found');
  const safeName = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  sweepStaleDirs();
  const dir = mkdtempSync(path.join(os.tmpdir(), `${DIR_PREFIX}${safeName}-`));
  writeFileSync(path.join(dir, 'owner.pid'), `${process.pid}\n`);
  const exportPath = path.join(dir, 'export');
  const confFile = path.join(dir, 'ganesha.conf');
  const logFile = path.join(dir, 'ganesha.log');
  const pidFile = path.join(dir, 'ganesha.pid');
  const stdioFile = path.join(dir, 'stdio.log');
  await mkdir(exportPath, { mode: 0o777 });
  await mkdir(path.join(dir, 'recovery'));
  await mkdir(path.join(dir, 'krb5cc'), { mode: 0o700 });
  writeFileSync(confFile, ganeshaConfig({ host, nfsPort, mountPort, exportPath, dir }));

  const ganeshaArgs = ['-F', '-f', confFile, '-L', logFile, '-p', pidFile, '-N', 'NIV_EVENT'];
  // Parent-death signal: ganesha is SIGKILLed by the kernel even if this process is SIGKILLed.
  const setpriv = findBinary('setpriv');
  const [cmd, args] =
    setpriv !== undefined
      ? [setpriv, ['--pdeathsig', 'KILL', ganesha, ...ganeshaArgs]]
      : [ganesha, ganeshaArgs];

  installExitHooks();
  const t0 = performance.now();
  let child!: ChildProcess;
  let spawnError: Error | undefined;
  let exited!: Promise<void>;
  const tracked: Tracked = { child: undefined as unknown as ChildProcess, dir };
  live.add(tracked);
  const spawnChild = (): void => {
    const stdioFd = openSync(stdioFile, 'a');
    try {
      child = spawn(cmd, args, { cwd: dir, stdio: ['ignore', stdioFd, stdioFd], detached: false });
    } finally {
      closeSync(stdioFd);
    }
    tracked.child = child;
    spawnError = undefined;
    const c = child;
    c.once('error', (err) => {
      spawnError = err;
    });
    exited = new Promise<void>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) resolve();
      else c.once('exit', () => resolve());
    });
  };
  spawnChild();
  /** Resolves when the process has exited or after `ms`, whichever comes first (timer cleared). */
  const waitExit = async (ms: number): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  };
  const isRunning = (): boolean =>
    child.exitCode === null && child.signalCode === null && spawnError === undefined;

  let stopPromise: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopPromise ??= (async () => {
      if (isRunning()) {
        child.kill('SIGCONT');
        child.kill('SIGTERM');
        await waitExit(STOP_TERM_WAIT_MS);
      }
      if (isRunning()) {
        child.kill('SIGKILL');
        await waitExit(STOP_KILL_WAIT_MS);
      }
      live.delete(tracked);
      rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
      if (isRunning())
        throw new Error(
          `ganesha fixture: ${name} (pid ${child.pid ?? '?'}) did not exit after SIGKILL`,
        );
    })();
    return stopPromise;
  };

  /** Waits until both programs answer NULL and the export is there; a reason string if not. */
  const waitReady = async (): Promise<string | undefined> => {
    const deadline = Date.now() + START_TIMEOUT_MS;
    let ready = false;
    for (let i = 0; i < START_TIMEOUT_MS / POLL_INTERVAL_MS + 1 && Date.now() < deadline; i++) {
      if (!isRunning()) break;
      if (
        (await rpcNullPing(host, nfsPort, NFS_PROGRAM, NFS_V3, 500)) &&
        (await rpcNullPing(host, mountPort, MOUNT_PROGRAM, MOUNT_V3, 500))
      ) {
        ready = true;
        break;
      }
      await sleep(POLL_INTERVAL_MS);
    }
    // ganesha starts even when an EXPORT block is rejected; make sure ours is really exported.
    if (ready) {
      const exported = await mountExports(host, mountPort, 2_000);
      if (exported === undefined || !exported.includes(exportPath))
        return `serves NFS but does not export ${exportPath} (MOUNT EXPORT: ${JSON.stringify(exported)})`;
      return undefined;
    }
    return spawnError !== undefined
      ? `spawn error: ${spawnError.message}`
      : !isRunning()
        ? `exited (code ${child.exitCode}, signal ${child.signalCode})`
        : `still not answering after ${Math.round(performance.now() - t0)} ms`;
  };

  const notReady = await waitReady();
  const startupMs = Math.round(performance.now() - t0);
  if (notReady !== undefined) {
    const died = !isRunning();
    const badConfig = notReady.startsWith('serves NFS');
    const log = tailFile(logFile, 40);
    const stdio = tailFile(stdioFile, 20);
    await stop().catch(() => undefined);
    const msg = `ganesha ${name} on ${host} (nfs ${nfsPort}, mount ${mountPort}) ${notReady}\n--- ganesha.log (tail) ---\n${log}\n--- stdout/stderr ---\n${stdio}`;
    if (died && spawnError === undefined && !badConfig) throw new RetryableStartError(msg);
    throw new Error(msg);
  }

  const kill9 = async (): Promise<void> => {
    if (!isRunning()) return;
    child.kill('SIGKILL');
    await waitExit(STOP_KILL_WAIT_MS);
  };
  const restart = async (): Promise<void> => {
    if (stopPromise) throw new Error(`ganesha fixture: ${name} was stopped`);
    if (isRunning()) {
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      await waitExit(STOP_TERM_WAIT_MS);
      if (isRunning()) await kill9();
    }
    // The same config, ports and export directory: handles stay valid (VFS handles are the
    // kernel's), like a server rebooted by its operator.
    for (let attempt = 1; ; attempt++) {
      spawnChild();
      const why = await waitReady();
      if (why === undefined) return;
      if (isRunning()) await kill9();
      if (attempt >= START_ATTEMPTS)
        throw new Error(
          `ganesha fixture: ${name} did not restart: ${why}\n${tailFile(logFile, 40)}`,
        );
      await sleep(200 * attempt);
    }
  };

  const base = `nfs://${host}${exportPath}`;
  const query = `?nfsport=${nfsPort}&mountport=${mountPort}&version=3`;
  return {
    name,
    host,
    nfsPort,
    mountPort,
    exportPath,
    url: base + query,
    dir,
    logFile,
    get pid() {
      return child.pid ?? -1;
    },
    startupMs,
    fileUrl: (file: string) => `${base}/${file.replace(/^\/+/, '')}${query}`,
    isRunning,
    logTail: (maxLines = 40) => tailFile(logFile, maxLines),
    stop,
    kill9,
    restart,
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
  };
}

/**
 * Starts `n` instances one after another on 127.0.0.2, 127.0.0.3, ... (distinct addresses, free
 * ports), named primary, backup1, backup2, ... If one fails, the ones already started are stopped.
 */
export async function startGaneshaSet(n: number): Promise<GaneshaInstance[]> {
  if (!Number.isInteger(n) || n < 1 || n > 250)
    throw new Error(`ganesha fixture: bad instance count ${n}`);
  const started: GaneshaInstance[] = [];
  try {
    for (let i = 0; i < n; i++) {
      started.push(
        await startGanesha({ host: `127.0.0.${2 + i}`, name: i === 0 ? 'primary' : `backup${i}` }),
      );
    }
    return started;
  } catch (err) {
    await Promise.allSettled(started.map((g) => g.stop()));
    throw err;
  }
}
