/**
 * The NFSv3 proxy against its primary (issue 3, "Benchmark"): one real nfs-ganesha, measured
 * directly and through the proxy in the same run with the same clients, rounds alternating
 * between the two (direct first in even rounds, proxy first in odd ones); every ratio is the
 * median of per-round proxy/direct ratios.
 *
 *   (a) sequential write and read of a 256 MiB random file with libnfs-utils `nfs-cp` (local
 *       file on tmpfs /dev/shm -> NFS, NFS -> local file): MB/s;
 *   (b) 2,000 small files (4 KiB): CREATE (GUARDED) + WRITE, then GETATTR, then REMOVE, driven by
 *       our RpcClient with a bounded number of calls in flight (nfs-cp would spawn a process and
 *       mount once per file, i.e. measure process start-up): files/s per phase;
 *   (c) listing a 50,000-entry directory (created on disk in the export first) with
 *       READDIRPLUS, with `nfs-ls` (libnfs) and with our RpcClient paging by cookie (dircount =
 *       maxcount = 64 KiB): entries/s. The first listing through the proxy (the catalog learns
 *       every entry) is reported on its own; the rounds then measure warm listings.
 * The proxy's RSS (VmRSS/VmHWM) is read after each phase (VmRSS also after every round), and
 * around every timed run the CPU time the proxy and ganesha spend (all threads, from
 * /proc/<pid>/task/<tid>/schedstat) and the proxy's read/write system calls (/proc/<pid>/io).
 *
 * Fixture checks (any failure aborts with FIXTURE MISMATCH): before the timed rounds, a warm-up
 * pass through both paths whose results are checked completely; in the timed rounds, every file
 * written is compared with the source on the export's disk, every file read back with the source,
 * every small file's contents on disk after the create phase, every GETATTR's type and size, the
 * export directory empty after the remove phase, and every listing's count (50,000, plus . and
 * .. from READDIRPLUS) with attributes and a handle for every entry.
 *
 * Options:
 *   --file-mib=N     size of the (a) file (default 256; --quick 32)
 *   --files=N        small files in (b) (default 2000; --quick 500)
 *   --entries=N      directory size in (c) (default 50000; --quick 5000)
 *   --in-flight=N    calls in flight in (b) (default 16)
 *   --stable=MODE    (b) WRITE stability: file_sync (default; what Linux sends for a file that
 *                    fits one WRITE) or unstable (no COMMIT is sent)
 *   --rounds=N       timed rounds per phase (default a 3, b 5, c 5; --quick 2, 3, 3)
 *   --only=a,b,c     run only these phases
 *   --ganesha-tmp=DIR  parent of ganesha's instance directory, i.e. where the export lives
 *                    (default: the OS temp dir, as the fixture does; /dev/shm puts the export on
 *                    tmpfs, taking the disk out of the comparison)
 *   --profile[=DIR]  CPU-profile the proxy during each of its timed runs (V8 sampler loaded
 *                    with NODE_OPTIONS=--import; profiles in DIR, default .tmp/bench-profiles)
 *                    and print the top costs per measure; the profiler slows the proxy, so the
 *                    figures of a profiled run are not the reference ones
 *   --profile-us=N   sampling interval of --profile in microseconds (default 250)
 */
import { execFile } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import Database from 'better-sqlite3';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RpcClient, authSys, type XdrProcedure } from '@nfs/rpc-xdr';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import * as mount3 from '../../src/protocol/generated/mount3.js';
import { ganeshaAvailable, startGanesha, type GaneshaInstance } from '../harness/ganesha.js';
import { startProxy, type ProxyInstance } from '../harness/proxy.js';
import {
  fmtBytes,
  fmtOps,
  fmtRatio,
  formatTable,
  type BenchContext,
  type BenchReport,
  type Goal,
  type Measurement,
  BENCH_ASSESSMENT,
} from './harness.js';
import {
  ProfileControl,
  formatProfileSummary,
  profileEnv,
  summarizeProfile,
  type ProfileSummary,
} from './cpuprofile.js';

export const description =
  'NFSv3 proxy vs ganesha direct: 256 MiB nfs-cp, 2,000 small files (RpcClient), 50,000-entry READDIRPLUS listing, proxy RSS';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
const MNT = mount3.program_MOUNT_PROGRAM.versions.MOUNT_V3.procedures;
const CRED = authSys({ uid: 0, gid: 0, machineName: 'nfs-proxy-bench' });

const GOAL_A = 0.9;
const GOAL_B = 0.8;
const GOAL_C = 0.9;
const SMALL_FILE_BYTES = 4096;
const LIST_MAXCOUNT = 64 * 1024;
const LIST_DIRCOUNT = 64 * 1024;
const WARM_FILE_BYTES = 16 * 1024 * 1024;
const WARM_FILES = 100;
/** Per-process limits for the libnfs utilities. Unit: ms. */
const NFS_CP_TIMEOUT_MS = 180_000;
const NFS_LS_TIMEOUT_MS = 120_000;
/** Per-try timeout and resends of our RPC client. */
const RPC_TIMEOUT_MS = 30_000;
const RPC_RETRANSMISSIONS = 1;
/** No more rounds are started after this much time (the run stays under 10 minutes). Unit: ms. */
const BUDGET_MS = 8 * 60_000;
const QUICK_BUDGET_MS = 3 * 60_000;

type Phase = 'a' | 'b' | 'c';
type Kind = 'direct' | 'proxy';

interface Settings {
  readonly fileBytes: number;
  readonly files: number;
  readonly entries: number;
  readonly inFlight: number;
  readonly stable: nfs3.stable_how;
  readonly rounds: Readonly<Record<Phase, number>>;
  readonly only: ReadonlySet<Phase>;
  readonly profileDir: string | undefined;
  readonly profileUs: number;
  readonly budgetMs: number;
  readonly ganeshaTmp: string | undefined;
}

class FixtureMismatch extends Error {
  constructor(message: string) {
    super(`FIXTURE MISMATCH: ${message}`);
    this.name = 'FixtureMismatch';
  }
}

function check(cond: boolean, message: () => string): asserts cond {
  if (!cond) throw new FixtureMismatch(message());
}

function positiveInt(ctx: BenchContext, key: string, dflt: number): number {
  const v = ctx.args.get(key);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (v === true || !Number.isInteger(n) || n <= 0)
    throw new Error(`--${key} needs a positive integer, got ${String(v)}`);
  return n;
}

function settings(ctx: BenchContext): Settings {
  const q = ctx.quick;
  const rounds = ctx.args.has('rounds') ? Math.max(1, Math.floor(ctx.measureDefaults.rounds)) : 0;
  const onlyArg = ctx.args.get('only');
  const only = new Set<Phase>(['a', 'b', 'c']);
  if (typeof onlyArg === 'string') {
    only.clear();
    for (const p of onlyArg.split(',')) {
      if (p !== 'a' && p !== 'b' && p !== 'c') throw new Error(`--only: unknown phase '${p}'`);
      only.add(p);
    }
  }
  const stableArg = ctx.args.get('stable') ?? 'file_sync';
  if (stableArg !== 'file_sync' && stableArg !== 'unstable')
    throw new Error(`--stable must be file_sync or unstable, got ${String(stableArg)}`);
  const profileArg = ctx.args.get('profile');
  return {
    fileBytes: positiveInt(ctx, 'file-mib', q ? 32 : 256) * 1024 * 1024,
    files: positiveInt(ctx, 'files', q ? 500 : 2000),
    entries: positiveInt(ctx, 'entries', q ? 5000 : 50_000),
    inFlight: positiveInt(ctx, 'in-flight', 16),
    stable: stableArg === 'file_sync' ? nfs3.FILE_SYNC : nfs3.UNSTABLE,
    rounds: {
      a: rounds || (q ? 2 : 3),
      b: rounds || (q ? 3 : 5),
      c: rounds || (q ? 3 : 5),
    },
    only,
    profileDir:
      profileArg === undefined
        ? undefined
        : path.resolve(REPO, profileArg === true ? '.tmp/bench-profiles' : profileArg),
    profileUs: positiveInt(ctx, 'profile-us', 250),
    budgetMs: q ? QUICK_BUDGET_MS : BUDGET_MS,
    ganeshaTmp:
      typeof ctx.args.get('ganesha-tmp') === 'string'
        ? String(ctx.args.get('ganesha-tmp'))
        : undefined,
  };
}

// =============================================================================================
// Processes: CPU time, memory, external commands

/** CPU time of every live thread of `pid` (run time from schedstat, ns resolution). Unit: ns. */
function cpuNs(pid: number | undefined): number {
  if (pid === undefined || pid <= 0) return 0;
  let total = 0;
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return 0;
  }
  for (const tid of tids.slice(0, 4096)) {
    try {
      const s = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8');
      total += Number(s.slice(0, s.indexOf(' ')));
    } catch {
      // the thread exited meanwhile
    }
  }
  return total;
}

/** Read and write system calls of `pid` so far (all threads, from /proc/<pid>/io). */
function syscalls(pid: number | undefined): number {
  if (pid === undefined || pid <= 0) return 0;
  try {
    const io = readFileSync(`/proc/${pid}/io`, 'utf8');
    const field = (f: string): number =>
      Number(new RegExp(`^${f}: (\\d+)`, 'm').exec(io)?.[1] ?? 0);
    return field('syscr') + field('syscw');
  } catch {
    return 0;
  }
}

interface CatalogSize {
  readonly objects: number;
  /** Objects without parent/name other than the root: removed (or never named). */
  readonly unlinked: number;
  readonly dbKiB: number;
  readonly walKiB: number;
}

/** Rows of the proxy's catalog, read-only from its state directory while it runs (WAL). */
function catalogSize(stateDir: string): CatalogSize | undefined {
  const file = path.join(stateDir, 'catalog.sqlite');
  const kib = (f: string): number => {
    try {
      return statSync(f).size / 1024;
    } catch {
      return 0;
    }
  };
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
      return {
        objects: count('SELECT count(*) AS n FROM objects'),
        unlinked: count('SELECT count(*) AS n FROM objects WHERE parent IS NULL AND id != 1'),
        dbKiB: kib(file),
        walKiB: kib(`${file}-wal`),
      };
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}

interface Memory {
  readonly rssKiB: number;
  readonly hwmKiB: number;
}

function memoryOf(pid: number | undefined): Memory | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string): number => {
      const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Number(m[1]) : NaN;
    };
    return { rssKiB: kib('VmRSS'), hwmKiB: kib('VmHWM') };
  } catch {
    return undefined;
  }
}

const fmtMiB = (kib: number): string => `${(kib / 1024).toFixed(1)} MiB`;

function runCommand(cmd: string, args: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      { timeout: timeoutMs, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${stderr}`));
          return;
        }
        resolve(stdout);
      },
    );
  });
}

// =============================================================================================
// NFS sessions with our RPC client

/** One mounted export over one TCP connection of our RpcClient. */
class NfsSession {
  private constructor(
    private readonly client: RpcClient,
    readonly root: nfs3.nfs_fh3,
  ) {}

  static async mount(
    host: string,
    nfsPort: number,
    mountPort: number,
    exportPath: string,
  ): Promise<NfsSession> {
    const opts = { host, timeoutMs: RPC_TIMEOUT_MS, retransmissions: RPC_RETRANSMISSIONS };
    const mnt = new RpcClient({ ...opts, port: mountPort });
    let fh: Buffer;
    try {
      const res = await mnt.call(
        mount3.MOUNT_PROGRAM,
        mount3.MOUNT_V3,
        MNT.MOUNTPROC3_MNT,
        Buffer.from(exportPath),
        { cred: CRED },
      );
      if (res.fhs_status !== mount3.MNT3_OK)
        throw new Error(`MOUNT ${host}:${mountPort}${exportPath}: status ${res.fhs_status}`);
      fh = Buffer.from(res.mountinfo.fhandle);
    } finally {
      await mnt.close();
    }
    return new NfsSession(new RpcClient({ ...opts, port: nfsPort, cred: CRED }), { data: fh });
  }

  call<A, R>(proc: XdrProcedure<A, R>, args: A): Promise<R> {
    return this.client.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, proc, args);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

function statusName(s: number): string {
  return nfs3.names_nfsstat3[s as nfs3.nfsstat3] ?? String(s);
}

function ok<T extends { status: number }>(res: T, what: string): Extract<T, { status: 0 }> {
  check(res.status === nfs3.NFS3_OK, () => `${what}: ${statusName(res.status)}`);
  return res as Extract<T, { status: 0 }>;
}

const NO_SATTR: nfs3.sattr3 = {
  mode: { set_it: false },
  uid: { set_it: false },
  gid: { set_it: false },
  size: { set_it: false },
  atime: { set_it: nfs3.DONT_CHANGE },
  mtime: { set_it: nfs3.DONT_CHANGE },
};
const MODE_644: nfs3.sattr3 = { ...NO_SATTR, mode: { set_it: true, mode: 0o644 } };
const MODE_755: nfs3.sattr3 = { ...NO_SATTR, mode: { set_it: true, mode: 0o755 } };

async function lookup(s: NfsSession, dir: nfs3.nfs_fh3, name: string): Promise<nfs3.nfs_fh3> {
  const res = ok(
    await s.call(NFS.NFSPROC3_LOOKUP, { what: { dir, name: Buffer.from(name) } }),
    `LOOKUP ${name}`,
  );
  return { data: Buffer.from(res.resok.object.data) };
}

async function mkdir(s: NfsSession, dir: nfs3.nfs_fh3, name: string): Promise<nfs3.nfs_fh3> {
  const res = ok(
    await s.call(NFS.NFSPROC3_MKDIR, {
      where: { dir, name: Buffer.from(name) },
      attributes: MODE_755,
    }),
    `MKDIR ${name}`,
  );
  if (res.resok.obj.handle_follows) return { data: Buffer.from(res.resok.obj.handle.data) };
  return lookup(s, dir, name);
}

async function removeName(s: NfsSession, dir: nfs3.nfs_fh3, name: string): Promise<void> {
  ok(
    await s.call(NFS.NFSPROC3_REMOVE, { object: { dir, name: Buffer.from(name) } }),
    `REMOVE ${name}`,
  );
}

/** Runs `fn(0..n-1)` with at most `inFlight` running at once; stops at the first failure. */
async function boundedPool(
  n: number,
  inFlight: number,
  fn: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < n) {
      const i = next++;
      try {
        await fn(i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, n) }, worker));
}

// =============================================================================================
// Targets and timed runs

interface Target {
  readonly kind: Kind;
  /** libnfs URL of `sub` (a path below the export, '' for its root). */
  url(sub: string): string;
  readonly session: NfsSession;
}

/** One timed run: wall time and the CPU time the servers used meanwhile. */
interface Run {
  readonly seconds: number;
  readonly units: number;
  readonly proxyCpuMs: number;
  readonly ganeshaCpuMs: number;
  /** read + write system calls of the proxy during the run. */
  readonly proxySyscalls: number;
}

interface Env {
  readonly g: GaneshaInstance;
  readonly proxy: ProxyInstance;
  readonly direct: Target;
  readonly viaProxy: Target;
  readonly s: Settings;
  readonly log: (text?: string) => void;
  readonly deadline: number;
  readonly notes: string[];
  readonly profiler: ProfileControl | undefined;
  /** Profile files per measure name (with --profile). */
  readonly profileFiles: Map<string, string[]>;
  /** The proxy's VmRSS after each timed round, per phase. Unit: KiB. */
  readonly roundRssKiB: Record<Phase, number[]>;
}

async function timed(env: Env, units: number, fn: () => Promise<void>): Promise<Run> {
  const proxyPid = env.proxy.pid();
  const p0 = cpuNs(proxyPid);
  const g0 = cpuNs(env.g.pid);
  const sc0 = syscalls(proxyPid);
  const t0 = process.hrtime.bigint();
  await fn();
  const t1 = process.hrtime.bigint();
  return {
    seconds: Number(t1 - t0) / 1e9,
    units,
    proxyCpuMs: (cpuNs(proxyPid) - p0) / 1e6,
    ganeshaCpuMs: (cpuNs(env.g.pid) - g0) / 1e6,
    proxySyscalls: syscalls(proxyPid) - sc0,
  };
}

/** Direct first in even rounds, proxy first in odd ones. */
function order(env: Env, round: number): Target[] {
  return round % 2 === 0 ? [env.direct, env.viaProxy] : [env.viaProxy, env.direct];
}

/** Rounds to run, fewer if the time budget is used up (noted). */
function* rounds(env: Env, phase: Phase): Generator<number> {
  const n = env.s.rounds[phase];
  for (let r = 0; r < n; r++) {
    if (r > 0 && Date.now() > env.deadline) {
      env.notes.push(`(${phase}) stopped after ${r} of ${n} rounds: time budget used up`);
      return;
    }
    yield r;
    const m = memoryOf(env.proxy.pid());
    if (m) env.roundRssKiB[phase].push(m.rssKiB);
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? s[n >> 1]! : (s[(n >> 1) - 1]! + s[n >> 1]!) / 2;
}

function measurementOf(name: string, runs: readonly Run[], scale = 1): Measurement {
  const rates = runs.map((r) => r.units / r.seconds / scale);
  const med = median(rates);
  const min = Math.min(...rates);
  const max = Math.max(...rates);
  return {
    name,
    opsPerSec: med,
    nsPerOp: 1e9 / med,
    minOpsPerSec: min,
    maxOpsPerSec: max,
    spreadPct: ((max - min) / med) * 100,
    roundsOpsPerSec: rates,
    batch: 1,
    iterations: runs.reduce((a, r) => a + r.units, 0),
  };
}

/** Median of per-round proxy/direct rate ratios. */
function ratioOf(proxy: readonly Run[], direct: readonly Run[]): number {
  const n = Math.min(proxy.length, direct.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = proxy[i]!;
    const d = direct[i]!;
    ratios.push(p.units / p.seconds / (d.units / d.seconds));
  }
  return median(ratios);
}

/** CPU time per unit (median over runs). Unit: µs. */
function cpuPerUnitUs(runs: readonly Run[], which: 'proxyCpuMs' | 'ganeshaCpuMs'): number {
  return median(runs.map((r) => (r[which] * 1000) / r.units));
}

interface Comparison {
  readonly label: string;
  readonly unit: string;
  readonly scale: number;
  readonly direct: Run[];
  readonly proxy: Run[];
  readonly goal: number;
  /** CPU per this many units, for the CPU columns (e.g. per file, per 1,000 entries). */
  readonly cpuPer: { readonly units: number; readonly label: string };
}

interface PhaseResult {
  readonly measurements: Measurement[];
  readonly goals: Goal[];
  readonly extra: Record<string, unknown>;
}

function report(env: Env, title: string, comps: readonly Comparison[]): PhaseResult {
  const measurements: Measurement[] = [];
  const goals: Goal[] = [];
  const rows: string[][] = [];
  const extra: Record<string, unknown> = {};
  for (const c of comps) {
    const md = measurementOf(`${c.label}, direct [${c.unit}]`, c.direct, c.scale);
    const mp = measurementOf(`${c.label}, proxy [${c.unit}]`, c.proxy, c.scale);
    const ratio = ratioOf(c.proxy, c.direct);
    measurements.push(md, mp);
    const cpu = (runs: Run[], w: 'proxyCpuMs' | 'ganeshaCpuMs'): string =>
      `${((cpuPerUnitUs(runs, w) * c.cpuPer.units) / 1000).toFixed(3)} ms`;
    rows.push(
      [
        c.label,
        'direct',
        fmtOps(md.opsPerSec),
        `${fmtOps(md.minOpsPerSec)}..${fmtOps(md.maxOpsPerSec)}`,
        '',
        cpu(c.direct, 'ganeshaCpuMs'),
        '',
        '',
        '',
      ],
      [
        '',
        'proxy',
        fmtOps(mp.opsPerSec),
        `${fmtOps(mp.minOpsPerSec)}..${fmtOps(mp.maxOpsPerSec)}`,
        fmtRatio(ratio),
        cpu(c.proxy, 'ganeshaCpuMs'),
        cpu(c.proxy, 'proxyCpuMs'),
        (median(c.proxy.map((r) => r.proxySyscalls / r.units)) * c.cpuPer.units).toFixed(1),
        `≥ ${c.goal.toFixed(2)} ${ratio >= c.goal ? 'MET' : 'MISSED'}`,
      ],
    );
    goals.push({
      label: c.label,
      target: `proxy/direct ≥ ${c.goal.toFixed(2)}`,
      actual: `${fmtRatio(ratio)} (${fmtOps(mp.opsPerSec)} vs ${fmtOps(md.opsPerSec)} ${c.unit})`,
      met: ratio >= c.goal,
    });
    extra[c.label] = {
      unit: c.unit,
      ratio,
      direct: { median: md.opsPerSec, rounds: md.roundsOpsPerSec, runs: c.direct },
      proxy: { median: mp.opsPerSec, rounds: mp.roundsOpsPerSec, runs: c.proxy },
      ganeshaCpuUsPerUnit: {
        direct: cpuPerUnitUs(c.direct, 'ganeshaCpuMs'),
        proxy: cpuPerUnitUs(c.proxy, 'ganeshaCpuMs'),
      },
      proxyCpuUsPerUnit: cpuPerUnitUs(c.proxy, 'proxyCpuMs'),
      proxySyscallsPerUnit: median(c.proxy.map((r) => r.proxySyscalls / r.units)),
    };
  }
  const per = comps[0]?.cpuPer.label ?? '';
  env.log(`== ${title} ==`);
  env.log(
    formatTable(
      [
        { header: 'measure' },
        { header: 'path' },
        { header: `median ${comps[0]?.unit ?? ''}`, align: 'right' },
        { header: 'min..max', align: 'right' },
        { header: 'proxy/direct', align: 'right' },
        { header: `ganesha CPU ${per}`, align: 'right' },
        { header: `proxy CPU ${per}`, align: 'right' },
        { header: `proxy syscalls ${per}`, align: 'right' },
        { header: 'goal' },
      ],
      rows,
    ),
  );
  return { measurements, goals, extra };
}

function logMemory(env: Env, label: string, mem: Map<string, Memory>): void {
  const m = memoryOf(env.proxy.pid());
  if (!m) return;
  mem.set(label, m);
  env.log(`proxy memory ${label}: VmRSS ${fmtMiB(m.rssKiB)}, VmHWM ${fmtMiB(m.hwmKiB)}`);
}

/**
 * A timed run of `t`. With --profile, runs through the proxy that have a `profile` name (the
 * timed rounds, not the warm-ups) are CPU-profiled under that name; the profiler starts before
 * and stops after the timed window.
 */
async function measureRun(
  env: Env,
  t: Target,
  profile: string | undefined,
  units: number,
  fn: () => Promise<void>,
): Promise<Run> {
  const p = env.profiler;
  if (!p || t.kind !== 'proxy' || profile === undefined) return timed(env, units, fn);
  await p.start();
  try {
    return await timed(env, units, fn);
  } finally {
    const file = await p.stop();
    const files = env.profileFiles.get(profile) ?? [];
    files.push(file);
    env.profileFiles.set(profile, files);
  }
}

// =============================================================================================
// (a) Sequential write and read of a large file with nfs-cp

async function copyRound(
  env: Env,
  t: Target,
  src: Buffer,
  srcPath: string,
  localDir: string,
  name: string,
  runs?: { write: Run[]; read: Run[] },
): Promise<void> {
  const onDisk = path.join(env.g.exportPath, name);
  const write = await measureRun(env, t, runs && '(a) write', src.length, () =>
    runCommand('nfs-cp', [srcPath, t.url(name)], NFS_CP_TIMEOUT_MS).then(() => undefined),
  );
  check(readFileSync(onDisk).equals(src), () => `(a) ${t.kind}: ${name} on disk != source`);
  const out = path.join(localDir, `out-${name}`);
  const read = await measureRun(env, t, runs && '(a) read', src.length, () =>
    runCommand('nfs-cp', [t.url(name), out], NFS_CP_TIMEOUT_MS).then(() => undefined),
  );
  check(readFileSync(out).equals(src), () => `(a) ${t.kind}: ${name} read back != source`);
  rmSync(out, { force: true });
  await removeName(env.direct.session, env.direct.session.root, name);
  runs?.write.push(write);
  runs?.read.push(read);
}

async function phaseA(env: Env): Promise<PhaseResult> {
  const { s } = env;
  const shm = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const localDir = mkdtempSync(path.join(shm, 'nfs-proxy-bench-'));
  try {
    const src = Buffer.allocUnsafe(s.fileBytes);
    randomFillSync(src);
    const srcPath = path.join(localDir, 'src.bin');
    writeFileSync(srcPath, src);
    const warm = src.subarray(0, Math.min(WARM_FILE_BYTES, src.length));
    const warmPath = path.join(localDir, 'warm.bin');
    writeFileSync(warmPath, warm);
    env.log(
      `(a) nfs-cp ${fmtBytes(s.fileBytes)} (local file on ${shm}); warm-up ${fmtBytes(warm.length)} both paths, checked`,
    );
    for (const t of [env.direct, env.viaProxy])
      await copyRound(env, t, warm, warmPath, localDir, `warm-${t.kind}.bin`);

    const runs = {
      direct: { write: [] as Run[], read: [] as Run[] },
      proxy: { write: [] as Run[], read: [] as Run[] },
    };
    for (const r of rounds(env, 'a')) {
      for (const t of order(env, r))
        await copyRound(env, t, src, srcPath, localDir, `big-${t.kind}-${r}.bin`, runs[t.kind]);
    }
    const mb = { units: 1e6, label: 'per MB' };
    return report(env, `(a) sequential ${fmtBytes(s.fileBytes)} file with nfs-cp, MB/s`, [
      {
        label: `(a) write ${fmtBytes(s.fileBytes)}`,
        unit: 'MB/s',
        scale: 1e6,
        direct: runs.direct.write,
        proxy: runs.proxy.write,
        goal: GOAL_A,
        cpuPer: mb,
      },
      {
        label: `(a) read ${fmtBytes(s.fileBytes)}`,
        unit: 'MB/s',
        scale: 1e6,
        direct: runs.direct.read,
        proxy: runs.proxy.read,
        goal: GOAL_A,
        cpuPer: mb,
      },
    ]);
  } finally {
    rmSync(localDir, { recursive: true, force: true });
  }
}

// =============================================================================================
// (b) Small files with our RPC client

function smallContent(i: number): Buffer {
  const b = Buffer.alloc(SMALL_FILE_BYTES);
  for (let j = 0; j < b.length; j++) b[j] = (i * 131 + j * 7 + (j >>> 8)) & 0xff;
  b.write(`small file ${i}\n`, 0, 'latin1');
  return b;
}

const smallName = (i: number): string => `f-${String(i).padStart(6, '0')}`;

interface SmallRuns {
  create: Run[];
  stat: Run[];
  remove: Run[];
}

async function smallFilesCycle(
  env: Env,
  t: Target,
  dir: nfs3.nfs_fh3,
  dirOnDisk: string,
  contents: readonly Buffer[],
  runs?: SmallRuns,
): Promise<void> {
  const n = contents.length;
  const s = t.session;
  const handles: nfs3.nfs_fh3[] = new Array<nfs3.nfs_fh3>(n);
  const create = await measureRun(env, t, runs && '(b) create+write', n, () =>
    boundedPool(n, env.s.inFlight, async (i) => {
      const name = smallName(i);
      const res = ok(
        await s.call(NFS.NFSPROC3_CREATE, {
          where: { dir, name: Buffer.from(name) },
          how: { mode: nfs3.GUARDED, obj_attributes: MODE_644 },
        }),
        `(b) ${t.kind} CREATE ${name}`,
      );
      check(res.resok.obj.handle_follows, () => `(b) ${t.kind} CREATE ${name}: no handle`);
      const fh = res.resok.obj.handle;
      const data = contents[i]!;
      const w = ok(
        await s.call(NFS.NFSPROC3_WRITE, {
          file: fh,
          offset: 0n,
          count: data.length,
          stable: env.s.stable,
          data,
        }),
        `(b) ${t.kind} WRITE ${name}`,
      );
      check(w.resok.count === data.length, () => `(b) ${t.kind} WRITE ${name}: short write`);
      handles[i] = fh;
    }),
  );
  for (let i = 0; i < n; i++) {
    const f = path.join(dirOnDisk, smallName(i));
    check(readFileSync(f).equals(contents[i]!), () => `(b) ${t.kind}: ${f} has wrong contents`);
  }
  const stat = await measureRun(env, t, runs && '(b) getattr', n, () =>
    boundedPool(n, env.s.inFlight, async (i) => {
      const res = ok(
        await s.call(NFS.NFSPROC3_GETATTR, { object: handles[i]! }),
        `(b) ${t.kind} GETATTR ${smallName(i)}`,
      );
      const a = res.resok.obj_attributes;
      check(
        a.type === nfs3.NF3REG && a.size === BigInt(SMALL_FILE_BYTES),
        () => `(b) ${t.kind} GETATTR ${smallName(i)}: type ${a.type}, size ${a.size}`,
      );
    }),
  );
  const remove = await measureRun(env, t, runs && '(b) remove', n, () =>
    boundedPool(n, env.s.inFlight, async (i) => {
      ok(
        await s.call(NFS.NFSPROC3_REMOVE, { object: { dir, name: Buffer.from(smallName(i)) } }),
        `(b) ${t.kind} REMOVE ${smallName(i)}`,
      );
    }),
  );
  const left = readdirSync(dirOnDisk).length;
  check(left === 0, () => `(b) ${t.kind}: ${left} files left in ${dirOnDisk} after REMOVE`);
  if (runs) {
    runs.create.push(create);
    runs.stat.push(stat);
    runs.remove.push(remove);
  }
}

async function phaseB(env: Env): Promise<PhaseResult> {
  const { s } = env;
  const contents = Array.from({ length: s.files }, (_, i) => smallContent(i));
  const dirs = new Map<Kind, nfs3.nfs_fh3>();
  for (const t of [env.direct, env.viaProxy])
    dirs.set(t.kind, await mkdir(t.session, t.session.root, `small-${t.kind}`));
  const onDisk = (t: Target): string => path.join(env.g.exportPath, `small-${t.kind}`);
  env.log(
    `(b) ${s.files} files of ${fmtBytes(SMALL_FILE_BYTES)}: CREATE+WRITE (${s.stable === nfs3.FILE_SYNC ? 'FILE_SYNC' : 'UNSTABLE'}), GETATTR, REMOVE ` +
      `with our RpcClient, ${s.inFlight} calls in flight; warm-up ${WARM_FILES} files both paths, checked`,
  );
  for (const t of [env.direct, env.viaProxy])
    await smallFilesCycle(env, t, dirs.get(t.kind)!, onDisk(t), contents.slice(0, WARM_FILES));

  const runs: Record<Kind, SmallRuns> = {
    direct: { create: [], stat: [], remove: [] },
    proxy: { create: [], stat: [], remove: [] },
  };
  for (const r of rounds(env, 'b')) {
    for (const t of order(env, r))
      await smallFilesCycle(env, t, dirs.get(t.kind)!, onDisk(t), contents, runs[t.kind]);
  }
  const perFile = { units: 1, label: 'per file' };
  const comps: Comparison[] = [
    ['create+write', 'create'],
    ['getattr', 'stat'],
    ['remove', 'remove'],
  ].map(([label, k]) => ({
    label: `(b) ${label}`,
    unit: 'files/s',
    scale: 1,
    direct: runs.direct[k as keyof SmallRuns],
    proxy: runs.proxy[k as keyof SmallRuns],
    goal: GOAL_B,
    cpuPer: perFile,
  }));
  return report(
    env,
    `(b) ${s.files} small files, RpcClient, ${s.inFlight} in flight, files/s`,
    comps,
  );
}

// =============================================================================================
// (c) Listing a large directory with READDIRPLUS

const ENTRY_PREFIX = 'e-';
const entryName = (i: number): string => `${ENTRY_PREFIX}${String(i).padStart(6, '0')}`;

function entryIndex(name: string, n: number): number {
  if (!name.startsWith(ENTRY_PREFIX)) return -1;
  const i = Number(name.slice(ENTRY_PREFIX.length));
  return Number.isInteger(i) && i >= 0 && i < n && entryName(i) === name ? i : -1;
}

interface Listing {
  readonly entries: number;
  readonly dots: number;
  readonly pages: number;
}

/** Pages through a directory with READDIRPLUS; with `verify`, checks every name exactly once. */
async function listRpc(
  t: Target,
  dir: nfs3.nfs_fh3,
  expected: number,
  verify: boolean,
): Promise<Listing> {
  const seen = verify ? new Uint8Array(expected) : undefined;
  let cookie = 0n;
  let cookieverf: Buffer = Buffer.alloc(nfs3.NFS3_COOKIEVERFSIZE);
  let entries = 0;
  let dots = 0;
  let pages = 0;
  const maxPages = expected + 16;
  for (;;) {
    check(pages < maxPages, () => `(c) ${t.kind}: no eof after ${pages} READDIRPLUS pages`);
    const res = ok(
      await t.session.call(NFS.NFSPROC3_READDIRPLUS, {
        dir,
        cookie,
        cookieverf,
        dircount: LIST_DIRCOUNT,
        maxcount: LIST_MAXCOUNT,
      }),
      `(c) ${t.kind} READDIRPLUS`,
    );
    pages++;
    cookieverf = Buffer.from(res.resok.cookieverf);
    const list = res.resok.reply.entries;
    for (const e of list) {
      cookie = e.cookie;
      const n = e.name;
      if ((n.length === 1 && n[0] === 0x2e) || (n.length === 2 && n[0] === 0x2e && n[1] === 0x2e)) {
        dots++;
        continue;
      }
      entries++;
      check(
        e.name_attributes.attributes_follow && e.name_handle.handle_follows,
        () => `(c) ${t.kind}: entry ${n.toString()} without attributes or handle`,
      );
      if (seen) {
        const i = entryIndex(n.toString(), expected);
        check(
          i >= 0 && seen[i] === 0,
          () => `(c) ${t.kind}: unexpected or repeated ${n.toString()}`,
        );
        seen[i] = 1;
      }
    }
    if (res.resok.reply.eof) break;
    check(list.length > 0, () => `(c) ${t.kind}: empty READDIRPLUS page without eof`);
  }
  check(
    entries === expected && dots <= 2,
    () => `(c) ${t.kind}: listed ${entries} entries (+${dots} dots), expected ${expected}`,
  );
  return { entries, dots, pages };
}

/** Lists with libnfs `nfs-ls` (which leaves out . and ..); with `verify`, checks every name. */
async function listNfsLs(
  t: Target,
  sub: string,
  expected: number,
  verify: boolean,
): Promise<number> {
  const out = await runCommand('nfs-ls', [t.url(sub)], NFS_LS_TIMEOUT_MS);
  const lines = out.split('\n').filter((l) => l !== '');
  check(
    lines.length === expected,
    () => `(c) ${t.kind}: nfs-ls printed ${lines.length} entries, expected ${expected}`,
  );
  if (verify) {
    const seen = new Uint8Array(expected);
    for (const l of lines) {
      const name = l.slice(l.lastIndexOf(' ') + 1);
      const i = entryIndex(name, expected);
      check(i >= 0 && seen[i] === 0, () => `(c) ${t.kind}: nfs-ls: unexpected or repeated '${l}'`);
      seen[i] = 1;
    }
  }
  return lines.length;
}

async function phaseC(env: Env, mem: Map<string, Memory>): Promise<PhaseResult> {
  const { s } = env;
  const sub = 'big-dir';
  const dirPath = path.join(env.g.exportPath, sub);
  const t0 = Date.now();
  mkdirSync(dirPath);
  for (let i = 0; i < s.entries; i++) closeSync(openSync(path.join(dirPath, entryName(i)), 'w'));
  env.log(
    `(c) ${s.entries.toLocaleString('en-US')} entries created on disk in ${Date.now() - t0} ms; ` +
      `READDIRPLUS with nfs-ls and with RpcClient (dircount ${fmtBytes(LIST_DIRCOUNT)}, maxcount ${fmtBytes(LIST_MAXCOUNT)})`,
  );
  const dirs = new Map<Kind, nfs3.nfs_fh3>();
  for (const t of [env.direct, env.viaProxy])
    dirs.set(t.kind, await lookup(t.session, t.session.root, sub));
  const d = env.direct;
  const p = env.viaProxy;
  // Untimed, fully checked listings; they also fill ganesha's directory cache.
  const directListing = await listRpc(d, dirs.get('direct')!, s.entries, true);
  await listNfsLs(d, sub, s.entries, true);
  // The first listing through the proxy: the catalog learns every entry (timed on its own).
  let coldListing: Listing | undefined;
  const cold = await measureRun(env, p, '(c) first listing, RpcClient', s.entries, async () => {
    coldListing = await listRpc(p, dirs.get('proxy')!, s.entries, true);
  });
  logMemory(env, 'after the first listing (c)', mem);
  await listNfsLs(p, sub, s.entries, true);

  const runs = {
    rpc: { direct: [] as Run[], proxy: [] as Run[] },
    ls: { direct: [] as Run[], proxy: [] as Run[] },
  };
  let proxyPages = 0;
  for (const r of rounds(env, 'c')) {
    for (const t of order(env, r)) {
      runs.ls[t.kind].push(
        await measureRun(env, t, '(c) nfs-ls', s.entries, async () => {
          await listNfsLs(t, sub, s.entries, false);
        }),
      );
    }
    for (const t of order(env, r)) {
      runs.rpc[t.kind].push(
        await measureRun(env, t, '(c) RpcClient READDIRPLUS', s.entries, async () => {
          const l = await listRpc(t, dirs.get(t.kind)!, s.entries, false);
          if (t.kind === 'proxy') proxyPages = l.pages;
        }),
      );
    }
  }
  const per1k = { units: 1000, label: 'per 1k entries' };
  const res = report(
    env,
    `(c) listing ${s.entries.toLocaleString('en-US')} entries with READDIRPLUS, entries/s`,
    [
      {
        label: '(c) nfs-ls',
        unit: 'entries/s',
        scale: 1,
        direct: runs.ls.direct,
        proxy: runs.ls.proxy,
        goal: GOAL_C,
        cpuPer: per1k,
      },
      {
        label: '(c) RpcClient READDIRPLUS',
        unit: 'entries/s',
        scale: 1,
        direct: runs.rpc.direct,
        proxy: runs.rpc.proxy,
        goal: GOAL_C,
        cpuPer: per1k,
      },
    ],
  );
  const coldRate = cold.units / cold.seconds;
  const warmDirect = median(runs.rpc.direct.map((r) => r.units / r.seconds));
  env.log(
    `first listing through the proxy (catalog learns ${s.entries.toLocaleString('en-US')} objects): ` +
      `${fmtOps(coldRate)} entries/s = ${fmtRatio(coldRate / warmDirect)} of a warm direct listing; ` +
      `proxy CPU ${((cold.proxyCpuMs / cold.units) * 1000).toFixed(3)} ms per 1k entries`,
  );
  env.log(
    `READDIRPLUS pages per listing: direct ${directListing.pages}, proxy ${coldListing?.pages ?? '?'} (cold), ${proxyPages} (warm); ` +
      `. and .. returned: ${directListing.dots}`,
  );
  res.measurements.push(
    measurementOf('(c) RpcClient READDIRPLUS, proxy first listing [entries/s]', [cold]),
  );
  res.extra['(c) first listing through the proxy'] = {
    entriesPerSec: coldRate,
    ratioToWarmDirect: coldRate / warmDirect,
    run: cold,
    pages: { direct: directListing.pages, proxyCold: coldListing?.pages, proxyWarm: proxyPages },
  };
  return res;
}

// =============================================================================================
// The run

export async function run(ctx: BenchContext): Promise<BenchReport> {
  const s = settings(ctx);
  const log = (text?: string): void => ctx.log(text);
  if (!ganeshaAvailable()) {
    throw new Error(
      'proxy benchmark: needs root, nfs-ganesha with the VFS FSAL and rpcbind (see test/harness/ganesha.ts)',
    );
  }
  const notes: string[] = [];
  const measurements: Measurement[] = [];
  const goals: Goal[] = [];
  const extra: Record<string, unknown> = {};
  const mem = new Map<string, Memory>();
  const profileFiles = new Map<string, string[]>();
  const roundRss: Record<Phase, number[]> = { a: [], b: [], c: [] };
  const profiles = new Map<string, ProfileSummary>();
  const started = Date.now();

  let g: GaneshaInstance | undefined;
  let proxy: ProxyInstance | undefined;
  const sessions: NfsSession[] = [];
  try {
    // The fixture puts the instance (and so the export) under os.tmpdir(), which follows TMPDIR.
    const savedTmp = process.env['TMPDIR'];
    if (s.ganeshaTmp !== undefined) process.env['TMPDIR'] = s.ganeshaTmp;
    try {
      g = await startGanesha({ name: 'bench-primary' });
    } finally {
      if (savedTmp === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = savedTmp;
    }
    if (s.profileDir !== undefined) {
      mkdirSync(s.profileDir, { recursive: true });
      for (const f of readdirSync(s.profileDir))
        if (/^(started-\d+|profile-\d+\.cpuprofile(\.tmp)?)$/.test(f))
          rmSync(path.join(s.profileDir, f), { force: true });
    }
    // The fixture spawns the proxy with this process's environment; profiling adds a preload.
    const saved = new Map<string, string | undefined>();
    if (s.profileDir !== undefined) {
      for (const [k, v] of Object.entries(profileEnv(s.profileDir, s.profileUs))) {
        saved.set(k, process.env[k]);
        process.env[k] = v;
      }
    }
    try {
      // log.level 'info', not 'warn': the fixture learns the port from the info-level
      // "nfs-proxy serving" line. No per-request logging happens at info.
      proxy = await startProxy({
        primary: g,
        config: { log: { level: 'info' }, assessment: BENCH_ASSESSMENT },
      });
    } finally {
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    const pr = proxy;
    const gi = g;
    const directSession = await NfsSession.mount(g.host, g.nfsPort, g.mountPort, g.exportPath);
    sessions.push(directSession);
    const proxySession = await NfsSession.mount(pr.host, pr.port, pr.port, pr.exportPath);
    sessions.push(proxySession);
    const base = `nfs://${g.host}${g.exportPath}`;
    const query = `?nfsport=${g.nfsPort}&mountport=${g.mountPort}&version=3`;
    const env: Env = {
      g,
      proxy,
      direct: {
        kind: 'direct',
        url: (sub) => `${base}${sub === '' ? '' : `/${sub}`}${query}`,
        session: directSession,
      },
      viaProxy: {
        kind: 'proxy',
        url: (sub) => pr.url(sub === '' ? '' : `/${sub}`),
        session: proxySession,
      },
      s,
      log,
      deadline: started + s.budgetMs,
      notes,
      profiler:
        s.profileDir === undefined ? undefined : new ProfileControl(pr.pid()!, s.profileDir),
      profileFiles,
      roundRssKiB: roundRss,
    };
    log(
      `ganesha ${gi.host}:${gi.nfsPort} (pid ${gi.pid}, started in ${gi.startupMs} ms); proxy ${pr.host}:${pr.port} ` +
        `(pid ${pr.pid() ?? '?'}, default config, log level info)` +
        (s.profileDir !== undefined ? `; PROFILING into ${path.relative(REPO, s.profileDir)}` : ''),
    );
    const site = pr.logs().find((l) => l.msg === 'site connected');
    const serving = pr.logs().find((l) => l.msg === 'nfs-proxy serving');
    const io = {
      rtmax: site?.['rtmax'],
      wtmax: site?.['wtmax'],
      proxyMaxIoSize: serving?.['maxIoSize'],
    };
    extra['transferSizes'] = io;
    log(
      `ganesha FSINFO rtmax ${String(io.rtmax)}, wtmax ${String(io.wtmax)}; proxy maxIoSize ${String(io.proxyMaxIoSize)}`,
    );
    logMemory(env, 'after start', mem);
    log();

    const phases: [Phase, () => Promise<PhaseResult>][] = [
      ['a', () => phaseA(env)],
      ['b', () => phaseB(env)],
      ['c', () => phaseC(env, mem)],
    ];
    for (const [phase, fn] of phases) {
      if (!s.only.has(phase)) continue;
      const t0 = Date.now();
      const r = await fn();
      measurements.push(...r.measurements);
      goals.push(...r.goals);
      Object.assign(extra, r.extra);
      logMemory(env, `after (${phase})`, mem);
      log(
        `proxy VmRSS after each round of (${phase}): ${env.roundRssKiB[phase].map((k) => (k / 1024).toFixed(0)).join(', ')} MiB`,
      );
      log(`(${phase}) took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      for (const [name, files] of profileFiles) {
        if (!name.startsWith(`(${phase})`) || profiles.has(name)) continue;
        const summary = summarizeProfile(files);
        profiles.set(name, summary);
        log();
        log(`-- proxy CPU profile: ${name}, the proxy's timed runs --`);
        log(formatProfileSummary(summary));
      }
      log();
    }
    if (!pr.isRunning()) throw new Error('the proxy exited during the benchmark');
    const cat = catalogSize(pr.stateDir);
    if (cat) {
      extra['catalog'] = cat;
      log(
        `proxy catalog at the end: ${cat.objects.toLocaleString('en-US')} objects ` +
          `(${cat.unlinked.toLocaleString('en-US')} without a name, i.e. removed), ` +
          `database ${fmtMiB(cat.dbKiB)} + WAL ${fmtMiB(cat.walKiB)}`,
      );
      log();
    }
  } catch (e) {
    // What the proxy said about it (warnings and errors), before its log goes away.
    const said = (proxy?.logs() ?? []).filter((l) => l.level >= 40).slice(-20);
    if (said.length > 0) {
      log('proxy warnings/errors (last 20):');
      for (const l of said) log(`  ${JSON.stringify(l).slice(0, 2000)}`);
    }
    throw e;
  } finally {
    for (const ses of sessions) await ses.close().catch(() => undefined);
    await proxy?.dispose().catch(() => undefined);
    await g?.stop().catch(() => undefined);
  }

  extra['proxyMemoryKiB'] = Object.fromEntries(mem);
  extra['proxyRssKiBAfterEachRound'] = roundRss;
  extra['settings'] = {
    ...s,
    only: [...s.only],
    stable: s.stable === nfs3.FILE_SYNC ? 'file_sync' : 'unstable',
  };
  if (profiles.size > 0) extra['profiles'] = Object.fromEntries(profiles);
  log('== proxy memory (VmRSS / VmHWM from /proc/<pid>/status) ==');
  log(
    formatTable(
      [
        { header: 'after' },
        { header: 'VmRSS', align: 'right' },
        { header: 'VmHWM', align: 'right' },
      ],
      [...mem].map(([k, m]) => [k, fmtMiB(m.rssKiB), fmtMiB(m.hwmKiB)]),
    ),
  );
  log();
  notes.push(
    `One ganesha (VFS FSAL, export in ${g ? path.dirname(path.dirname(g.exportPath)) : os.tmpdir()}) and one proxy (its default config, log level info) on loopback; ${os.cpus().length} CPUs shared by the client, the proxy and ganesha, so proxy CPU time competes with ganesha's.`,
    'Rounds alternate direct/proxy (direct first in even rounds); each ratio is the median of per-round proxy/direct ratios. Rates are medians over the rounds.',
    '(a) times one nfs-cp process per transfer (spawn + MOUNT + transfer + exit; start-up is a few ms against seconds of transfer). The file is removed (directly on ganesha) after it has been read back.',
    `(b) is driven by our RpcClient (one TCP connection, ${s.inFlight} calls in flight, AUTH_SYS root), not libnfs-utils: nfs-cp would spawn a process and mount once per file and so measure process start-up. One "file" = CREATE + WRITE ${fmtBytes(SMALL_FILE_BYTES)} (${s.stable === nfs3.FILE_SYNC ? 'FILE_SYNC' : 'UNSTABLE, no COMMIT'}), or one GETATTR, or one REMOVE.`,
    '(c) nfs-ls timings include its process start-up and MOUNT; nfs-ls does not print . and .. (RpcClient listings check them separately). Warm rounds: ganesha has the directory cached and the proxy catalog knows every entry.',
    'CPU columns: CPU time of all threads of the process (from /proc/<pid>/task/*/schedstat) during the timed runs, median per unit.',
  );
  return { measurements, goals, notes, extra };
}
