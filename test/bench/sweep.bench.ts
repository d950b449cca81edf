/**
 * `npm run bench -- sweep` (issue 9): the first paper's transfer-rate experiment. Files of
 * 1K … 4M are written (CREATE + WRITE UNSTABLE + COMMIT, as a real client does) and read back
 * (LOOKUP + READ) by several clients in parallel, on five paths measured in one run:
 *   direct    nfs-ganesha itself;
 *   proxy     the proxy, no backups;
 *   sync      the proxy + 1 sync backup;
 *   async     the proxy + 2 async backups (caught up, untimed, after every measurement);
 *   versions  the proxy taking a version every 10 s (versions.intervalSeconds = 10).
 * Every path has its own nfs-ganesha primary (and backups) on loopback, all started up front, so
 * that the paths are measured side by side: each (round, size) runs every path in turn (the order
 * rotates by round) and a ratio is the median over rounds of path / direct of the same round.
 *
 * The client is the project's RpcClient in this process (no process spawn per file, which would
 * dominate small sizes as it does with libnfs' nfs-cp): CLIENTS connections, each with
 * FILES_PER_CLIENT files in progress, each file with up to CHUNKS_IN_FLIGHT 1 MiB calls in
 * flight; WRITE payloads go out as their own chunk (no copy). The proxy runs as its own process
 * (through its CLI), so it never shares this thread.
 *
 * Fixtures are checked: after each write phase a sample of files is compared on the primary's
 * disk, and every READ is checked for length (content for a sample); after the run the backups
 * are compared with their primaries (diff -r).
 *
 * Output: a table per phase (MB/s, files/s, ratio to direct, proxy CPU per file), a Markdown
 * file, a JSON file and SVG plots in --out (default docs/bench; .tmp/bench-sweep with --quick).
 *
 * Options: --quick (1 round, fewer files), --rounds=N (default 3), --sizes=1K,4K,... ,
 * --paths=direct,proxy,sync,async,versions, --max-files=N, --out=DIR,
 * --profile[=DIR] (CPU profiles of every proxy during the first round's phases; summaries printed
 * for the smallest and largest sizes; the profiler slows the proxy: not reference figures).
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomFillSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { RpcClient } from '@nfs/rpc-xdr';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import { consoleRequest } from '../../src/cli/ctl.js';
import { ganeshaAvailable, startGanesha, type GaneshaInstance } from '../harness/ganesha.js';
import { connectNfs, siteUrl, TEST_CRED } from '../harness/nfs-client.js';
import { NO_SATTR } from '../harness/nfs.js';
import { startProxy, type ProxyInstance } from '../harness/proxy.js';
import { diffTrees } from '../harness/trees.js';
import {
  formatProfileSummary,
  profileEnv,
  ProfileControl,
  summarizeProfile,
} from './cpuprofile.js';
import {
  fmtRatio,
  formatTable,
  type BenchContext,
  type BenchReport,
  type Goal,
  BENCH_ASSESSMENT,
} from './harness.js';
import { lineChart, type Series } from './plot.js';

export const description =
  'sweep: 1K..4M files written and read by parallel clients: direct / proxy / +1 sync / +2 async / versions every 10 s; tables, JSON, SVG plots';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;

const KIB = 1024;
const MIB = 1024 * 1024;
const ALL_SIZES = [1, 2, 4, 8, 16, 32, 64, 128, 512, 1024, 4096].map((k) => k * KIB);
const PATHS = ['direct', 'proxy', 'sync', 'async', 'versions'] as const;
type PathName = (typeof PATHS)[number];
type Phase = 'write' | 'read';
const PATH_LABEL: Record<PathName, string> = {
  direct: 'direct (ganesha)',
  proxy: 'proxy',
  sync: 'proxy + 1 sync',
  async: 'proxy + 2 async',
  versions: 'proxy + versions/10 s',
};

/** Client connections (each mounts the export once). */
const CLIENTS = 4;
/** Files in progress per connection: CLIENTS × this files in flight. */
const FILES_PER_CLIENT = 4;
/** READ/WRITE calls in flight per file (large files). */
const CHUNKS_IN_FLIGHT = 2;
/** READ/WRITE size: the proxy's and ganesha's rtmax/wtmax. */
const IO = MIB;
/** Bytes written per (size, path) before the file count is capped; at least MIN_FILES files. */
const BUDGET_BYTES = 128 * MIB;
const MIN_FILES = 48;
const MAX_FILES = 1000;
/** Every SAMPLE-th file's content is compared (on disk after writing, and as read back). */
const SAMPLE = 16;

/** Goals (issue 9): ratio to direct per path; versions is compared with proxy only. */
function goalFor(p: PathName, size: number): number | undefined {
  switch (p) {
    case 'proxy':
      return size >= 64 * KIB ? 0.9 : 0.8;
    case 'sync':
      return 0.7;
    case 'async':
      return 0.85;
    case 'versions':
      return 0.85;
    default:
      return undefined;
  }
}

const sizeLabel = (n: number): string => (n >= MIB ? `${n / MIB}M` : `${n / KIB}K`);

function parseSize(s: string): number {
  const m = /^(\d+)([KM])$/i.exec(s.trim());
  if (!m) throw new Error(`--sizes: bad size '${s}' (e.g. 4K, 1M)`);
  return Number(m[1]) * (m[2]!.toUpperCase() === 'M' ? MIB : KIB);
}

interface PathRig {
  readonly name: PathName;
  readonly primary: GaneshaInstance;
  readonly backups: GaneshaInstance[];
  proxy: ProxyInstance | undefined;
  profiler: ProfileControl | undefined;
  token: string | undefined;
  /** NFS host/port and export path as a client mounts them. */
  target(): { host: string; nfsPort: number; mountPort: number; exportPath: string };
}

/** One mounted connection. */
interface Conn {
  readonly rpc: RpcClient;
  readonly root: nfs3.nfs_fh3;
}

interface PhaseResult {
  readonly seconds: number;
  readonly files: number;
  readonly bytes: number;
  /** Proxy CPU (user + system) during the phase, in seconds; undefined for direct. */
  readonly proxyCpuS: number | undefined;
  /** CPU of the path's nfs-ganesha servers (primary and backups) during the phase, in seconds. */
  readonly serverCpuS: number;
  /** CPU of this process (the clients) during the phase, in seconds. */
  readonly clientCpuS: number;
}

function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 (utime, stime) are at 11 and 12 after the state field; clock ticks.
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return undefined;
  }
}

function rssOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function check(cond: boolean, what: string): asserts cond {
  if (!cond) throw new Error(`FIXTURE MISMATCH: ${what}`);
}

function median(xs: readonly number[]): number {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Runs fn(0..n-1) with at most `width` running at once. */
async function pool(n: number, width: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

async function mountConn(t: ReturnType<PathRig['target']>): Promise<Conn> {
  // connectNfs does the MOUNT; the calls here need RpcClient's `tail` (zero-copy payloads).
  const m = await connectNfs({ ...t, timeoutMs: 60_000 });
  const root = m.root;
  await m.close();
  const rpc = new RpcClient({
    host: t.host,
    port: t.nfsPort,
    timeoutMs: 60_000,
    retransmissions: 2,
    cred: TEST_CRED,
    maxInFlight: 256,
  });
  return { rpc, root };
}

function okStatus(status: number, what: string): void {
  if (status !== nfs3.NFS3_OK)
    throw new Error(`${what}: ${nfs3.names_nfsstat3[status] ?? String(status)}`);
}

async function mkdir(c: Conn, dir: nfs3.nfs_fh3, name: string): Promise<nfs3.nfs_fh3> {
  const r = await c.rpc.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, NFS.NFSPROC3_MKDIR, {
    where: { dir, name: Buffer.from(name) },
    attributes: { ...NO_SATTR, mode: { set_it: true, mode: 0o755 } },
  });
  okStatus(r.status, `MKDIR ${name}`);
  if (r.status !== nfs3.NFS3_OK || !r.resok.obj.handle_follows)
    throw new Error(`MKDIR ${name}: no handle`);
  return r.resok.obj.handle;
}

async function lookup(c: Conn, dir: nfs3.nfs_fh3, name: string): Promise<nfs3.nfs_fh3> {
  const r = await c.rpc.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, NFS.NFSPROC3_LOOKUP, {
    what: { dir, name: Buffer.from(name) },
  });
  okStatus(r.status, `LOOKUP ${name}`);
  if (r.status !== nfs3.NFS3_OK) throw new Error('unreachable');
  return r.resok.object;
}

/** CREATE + WRITE (UNSTABLE, 1 MiB calls, CHUNKS_IN_FLIGHT at once) + COMMIT. */
async function writeFile(c: Conn, dir: nfs3.nfs_fh3, name: string, data: Buffer): Promise<void> {
  const cr = await c.rpc.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, NFS.NFSPROC3_CREATE, {
    where: { dir, name: Buffer.from(name) },
    how: {
      mode: nfs3.UNCHECKED,
      obj_attributes: { ...NO_SATTR, mode: { set_it: true, mode: 0o644 } },
    },
  });
  okStatus(cr.status, `CREATE ${name}`);
  if (cr.status !== nfs3.NFS3_OK) return;
  const fh = cr.resok.obj.handle_follows ? cr.resok.obj.handle : await lookup(c, dir, name);
  const chunks = Math.max(1, Math.ceil(data.length / IO));
  await pool(chunks, CHUNKS_IN_FLIGHT, async (k) => {
    const part = data.subarray(k * IO, Math.min(data.length, (k + 1) * IO));
    const r = await c.rpc.call(
      nfs3.NFS_PROGRAM,
      nfs3.NFS_V3,
      NFS.NFSPROC3_WRITE,
      {
        file: fh,
        offset: BigInt(k * IO),
        count: part.length,
        stable: nfs3.UNSTABLE,
        data: Buffer.alloc(0),
      },
      { tail: part },
    );
    okStatus(r.status, `WRITE ${name}`);
    if (r.status === nfs3.NFS3_OK && r.resok.count !== part.length)
      throw new Error(`WRITE ${name}: short write ${r.resok.count}/${part.length}`);
  });
  const cm = await c.rpc.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, NFS.NFSPROC3_COMMIT, {
    file: fh,
    offset: 0n,
    count: 0,
  });
  okStatus(cm.status, `COMMIT ${name}`);
}

/** LOOKUP + READ (1 MiB calls, CHUNKS_IN_FLIGHT at once); returns the bytes read. */
async function readFile(
  c: Conn,
  dir: nfs3.nfs_fh3,
  name: string,
  size: number,
  expect: Buffer | undefined,
): Promise<number> {
  const fh = await lookup(c, dir, name);
  const chunks = Math.max(1, Math.ceil(size / IO));
  let got = 0;
  await pool(chunks, CHUNKS_IN_FLIGHT, async (k) => {
    const want = Math.min(IO, size - k * IO);
    const r = await c.rpc.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, NFS.NFSPROC3_READ, {
      file: fh,
      offset: BigInt(k * IO),
      count: want,
    });
    okStatus(r.status, `READ ${name}`);
    if (r.status !== nfs3.NFS3_OK) return;
    check(r.resok.data.length === want, `READ ${name}@${k}: ${r.resok.data.length}/${want} bytes`);
    if (expect !== undefined)
      check(
        Buffer.from(r.resok.data.buffer, r.resok.data.byteOffset, r.resok.data.length).equals(
          expect.subarray(k * IO, k * IO + want),
        ),
        `READ ${name}@${k}: content differs`,
      );
    got += want;
  });
  return got;
}

async function removeAll(conns: Conn[], dirs: nfs3.nfs_fh3[], files: number): Promise<void> {
  await pool(files, conns.length * FILES_PER_CLIENT, async (i) => {
    const c = conns[i % conns.length]!;
    const r = await c.rpc.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, NFS.NFSPROC3_REMOVE, {
      object: { dir: dirs[i % conns.length]!, name: Buffer.from(`f${i}`) },
    });
    okStatus(r.status, `REMOVE f${i}`);
  });
}

async function rmdir(c: Conn, name: string): Promise<void> {
  const r = await c.rpc.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, NFS.NFSPROC3_RMDIR, {
    object: { dir: c.root, name: Buffer.from(name) },
  });
  okStatus(r.status, `RMDIR ${name}`);
}

/** Waits (bounded) until every backup of the rig's proxy is in-sync with nothing left to apply. */
async function waitCaughtUp(rig: PathRig, ms: number): Promise<void> {
  const p = rig.proxy;
  if (!p || rig.backups.length === 0) return;
  rig.token ??= await p.token('viewer');
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const st = (await consoleRequest(p.consoleAddress!, rig.token, 'status', {})) as {
      sites: Array<{ name: string; role?: string; state: string; lagMutations: number }>;
    };
    const backups = st.sites.filter((s) => s.name !== 'site-0');
    if (backups.every((s) => s.state === 'in-sync' && s.lagMutations === 0)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${rig.name}: backups not caught up within ${ms} ms`);
}

export async function run(ctx: BenchContext): Promise<BenchReport> {
  if (!ganeshaAvailable()) throw new Error('sweep benchmark: needs root and nfs-ganesha');
  const quick = ctx.quick;
  const log = (t?: string): void => ctx.log(t);
  const rounds = Number(ctx.args.get('rounds') ?? (quick ? 1 : 3));
  const maxFiles = Number(ctx.args.get('max-files') ?? (quick ? 200 : MAX_FILES));
  const budget = quick ? BUDGET_BYTES / 4 : BUDGET_BYTES;
  const minFiles = quick ? 16 : MIN_FILES;
  const sizesArg = ctx.args.get('sizes');
  const sizes = typeof sizesArg === 'string' ? sizesArg.split(',').map(parseSize) : ALL_SIZES;
  const pathsArg = ctx.args.get('paths');
  const paths: PathName[] =
    typeof pathsArg === 'string'
      ? pathsArg.split(',').map((p) => {
          if (!(PATHS as readonly string[]).includes(p)) throw new Error(`--paths: unknown '${p}'`);
          return p as PathName;
        })
      : [...PATHS];
  if (!paths.includes('direct')) paths.unshift('direct');
  const outArg = ctx.args.get('out');
  const outDir = path.resolve(
    REPO,
    typeof outArg === 'string' ? outArg : quick ? '.tmp/bench-sweep' : 'docs/bench',
  );
  const profileArg = ctx.args.get('profile');
  const profileDir =
    profileArg === undefined
      ? undefined
      : path.resolve(REPO, profileArg === true ? '.tmp/sweep-profiles' : profileArg);
  const filesFor = (size: number): number =>
    Math.max(minFiles, Math.min(maxFiles, Math.round(budget / size)));

  const maxSize = Math.max(...sizes);
  // The warm-up writes 64 KiB files whatever the sizes measured.
  const WARM_SIZE = 64 * KIB;
  const data = Buffer.allocUnsafe(Math.max(maxSize, WARM_SIZE) + SAMPLE * 4099);
  randomFillSync(data);
  /** File i's content: a window of `data` that differs per file (so content checks mean something). */
  const contentOf = (i: number, size: number): Buffer => {
    const off = (i % SAMPLE) * 4099;
    return data.subarray(off, off + size);
  };

  log(
    `sizes ${sizes.map(sizeLabel).join(' ')}; paths ${paths.join(', ')}; ${rounds} round(s); ` +
      `${CLIENTS} clients × ${FILES_PER_CLIENT} files in flight, ${CHUNKS_IN_FLIGHT} × 1 MiB calls per file; ` +
      `files per size: ${sizes.map((s) => `${sizeLabel(s)}=${filesFor(s)}`).join(' ')}`,
  );

  // Rigs: one primary per path (+ backups), all started up front.
  const rigs: PathRig[] = [];
  const ganeshas: GaneshaInstance[] = [];
  let hostN = 2;
  const ganesha = async (name: string): Promise<GaneshaInstance> => {
    const g = await startGanesha({ host: `127.0.0.${hostN++}`, name });
    ganeshas.push(g);
    return g;
  };
  const savedEnv = new Map<string, string | undefined>();
  if (profileDir !== undefined) {
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
  }
  const results = new Map<string, PhaseResult[]>();
  const key = (p: PathName, size: number, phase: Phase): string => `${p}|${size}|${phase}`;
  const profileFiles = new Map<string, string[]>();
  const rssAfter: Record<string, number> = {};
  const t0 = performance.now();
  try {
    for (const name of paths) {
      const primary = await ganesha(`sweep-${name}`);
      const backups: GaneshaInstance[] = [];
      if (name === 'sync') backups.push(await ganesha('sweep-sync-b1'));
      if (name === 'async')
        backups.push(await ganesha('sweep-async-b1'), await ganesha('sweep-async-b2'));
      const rig: PathRig = {
        name,
        primary,
        backups,
        proxy: undefined,
        profiler: undefined,
        token: undefined,
        target() {
          const p = this.proxy;
          return p
            ? { host: p.host, nfsPort: p.port, mountPort: p.port, exportPath: p.exportPath }
            : {
                host: primary.host,
                nfsPort: primary.nfsPort,
                mountPort: primary.mountPort,
                exportPath: primary.exportPath,
              };
        },
      };
      if (name !== 'direct') {
        const config: Record<string, unknown> = {
          log: { level: 'info' },
          console: '127.0.0.1:0',
          assessment: BENCH_ASSESSMENT,
        };
        if (name === 'sync') config['backups'] = [siteUrl(backups[0]!, 'sync')];
        if (name === 'async') config['backups'] = backups.map((b) => siteUrl(b, 'async'));
        if (name === 'versions')
          config['versions'] = { intervalSeconds: 10, retention: { last: 3 } };
        const dir = profileDir ? path.join(profileDir, name) : undefined;
        if (dir) {
          mkdirSync(dir, { recursive: true });
          for (const [k, v] of Object.entries(profileEnv(dir, 250))) {
            if (!savedEnv.has(k)) savedEnv.set(k, process.env[k]);
            process.env[k] = v;
          }
        }
        try {
          rig.proxy = await startProxy({ primary, config });
        } finally {
          for (const [k, v] of savedEnv) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
          }
        }
        if (dir) rig.profiler = new ProfileControl(rig.proxy.pid()!, dir);
      }
      rigs.push(rig);
    }
    log(`started ${ganeshas.length} nfs-ganesha and ${rigs.length - 1} proxies`);

    const connsOf = new Map<PathName, Conn[]>();
    for (const rig of rigs)
      connsOf.set(
        rig.name,
        await Promise.all(Array.from({ length: CLIENTS }, () => mountConn(rig.target()))),
      );

    // Warm-up (untimed): one small round trip of each kind per path, so connections, the
    // proxies' JIT and the catalogs are past their first-call costs.
    for (const rig of rigs) {
      const conns = connsOf.get(rig.name)!;
      const dirs = await Promise.all(conns.map((c, k) => mkdir(c, c.root, `warm-${k}`)));
      await pool(64, 16, async (i) => {
        const c = conns[i % CLIENTS]!;
        await writeFile(c, dirs[i % CLIENTS]!, `f${i}`, contentOf(i, WARM_SIZE));
        await readFile(c, dirs[i % CLIENTS]!, `f${i}`, WARM_SIZE, undefined);
      });
      await removeAll(conns, dirs, 64);
      await Promise.all(conns.map((c, k) => rmdir(c, `warm-${k}`)));
      await waitCaughtUp(rig, 120_000);
    }

    for (let r = 0; r < rounds; r++) {
      for (const size of sizes) {
        const files = filesFor(size);
        const order = rigs.map((_, i) => rigs[(i + r) % rigs.length]!);
        const line: string[] = [];
        for (const rig of order) {
          const conns = connsOf.get(rig.name)!;
          const pid = rig.proxy?.pid();
          const dirName = (k: number): string => `s${r}-${sizeLabel(size)}-c${k}`;
          const dirs = await Promise.all(conns.map((c, k) => mkdir(c, c.root, dirName(k))));
          const profiling = rig.profiler !== undefined && r === 0;
          for (const phase of ['write', 'read'] as Phase[]) {
            if (profiling) await rig.profiler!.start();
            const cpu0 = cpuSecondsOf(pid);
            const servers = [rig.primary, ...rig.backups];
            const srv0 = servers.reduce((a, g) => a + (cpuSecondsOf(g.pid) ?? 0), 0);
            const cli0 = process.cpuUsage();
            const s0 = performance.now();
            let bytes = 0;
            await pool(files, CLIENTS * FILES_PER_CLIENT, async (i) => {
              const c = conns[i % CLIENTS]!;
              const dir = dirs[i % CLIENTS]!;
              if (phase === 'write') {
                await writeFile(c, dir, `f${i}`, contentOf(i, size));
                bytes += size;
              } else {
                const n = await readFile(
                  c,
                  dir,
                  `f${i}`,
                  size,
                  i % SAMPLE === 0 ? contentOf(i, size) : undefined,
                );
                bytes += n;
              }
            });
            const seconds = (performance.now() - s0) / 1000;
            const cpu1 = cpuSecondsOf(pid);
            const srv1 = servers.reduce((a, g) => a + (cpuSecondsOf(g.pid) ?? 0), 0);
            const cli = process.cpuUsage(cli0);
            if (profiling) {
              const f = await rig.profiler!.stop();
              const k = `${rig.name}|${sizeLabel(size)}|${phase}`;
              profileFiles.set(k, [f]);
            }
            const res: PhaseResult = {
              seconds,
              files,
              bytes,
              proxyCpuS: cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined,
              serverCpuS: srv1 - srv0,
              clientCpuS: (cli.user + cli.system) / 1e6,
            };
            const list = results.get(key(rig.name, size, phase)) ?? [];
            list.push(res);
            results.set(key(rig.name, size, phase), list);
            line.push(`${rig.name} ${phase[0]} ${(bytes / 1e6 / seconds).toFixed(1)}MB/s`);
            if (phase === 'write') {
              // Content on the primary's disk, for a sample of files.
              for (let i = 0; i < files; i += SAMPLE) {
                const onDisk = readFileSync(
                  path.join(rig.primary.exportPath, dirName(i % CLIENTS), `f${i}`),
                );
                check(onDisk.equals(contentOf(i, size)), `${rig.name} f${i} on disk`);
              }
            }
          }
          // Clean up through the same path (backups follow), then let async backups catch up.
          await removeAll(conns, dirs, files);
          await Promise.all(conns.map((c, k) => rmdir(c, dirName(k))));
          await waitCaughtUp(rig, 600_000);
          rssAfter[rig.name] = rssOf(pid);
        }
        log(
          `round ${r + 1}/${rounds} ${sizeLabel(size).padStart(3)} (${files} files): ${line.join(', ')}`,
        );
      }
    }

    for (const conns of connsOf.values()) await Promise.all(conns.map((c) => c.rpc.close()));
    for (const rig of rigs)
      for (const b of rig.backups) {
        await waitCaughtUp(rig, 600_000);
        const d = await diffTrees(rig.primary.exportPath, b.exportPath);
        // The versions' hidden area only exists on the versions path (no backups there).
        check(d === undefined, `${rig.name}: backup ${b.name} differs from its primary: ${d}`);
      }
  } finally {
    for (const rig of rigs) await rig.proxy?.dispose();
    await Promise.allSettled(ganeshas.map((g) => g.stop()));
  }
  const totalS = (performance.now() - t0) / 1000;

  // ---- Figures
  const mbps = (p: PathName, size: number, phase: Phase): number[] =>
    (results.get(key(p, size, phase)) ?? []).map((x) => x.bytes / 1e6 / x.seconds);
  const fps = (p: PathName, size: number, phase: Phase): number[] =>
    (results.get(key(p, size, phase)) ?? []).map((x) => x.files / x.seconds);
  /** Median over rounds of a / b measured in the same round. */
  const ratio = (a: PathName, b: PathName, size: number, phase: Phase): number => {
    const x = mbps(a, size, phase);
    const y = mbps(b, size, phase);
    return median(x.map((v, i) => v / (y[i] ?? NaN)));
  };
  const cpuPerFileUs = (p: PathName, size: number, phase: Phase): number =>
    median(
      (results.get(key(p, size, phase)) ?? []).map((x) =>
        x.proxyCpuS === undefined ? NaN : (x.proxyCpuS / x.files) * 1e6,
      ),
    );
  const perFileUs = (
    p: PathName,
    size: number,
    phase: Phase,
    f: (x: PhaseResult) => number,
  ): number => median((results.get(key(p, size, phase)) ?? []).map((x) => (f(x) / x.files) * 1e6));
  const goals: Goal[] = [];
  const table: Array<Record<string, unknown>> = [];
  const md: string[] = [];
  const text: string[] = [];
  for (const phase of ['write', 'read'] as Phase[]) {
    const headers = [
      'size',
      'files',
      ...paths.map((p) => `${p} MB/s`),
      ...paths.filter((p) => p !== 'direct').map((p) => `${p}/direct`),
      'versions/proxy',
    ].filter(
      (h) => h !== 'versions/proxy' || (paths.includes('versions') && paths.includes('proxy')),
    );
    const rows: string[][] = [];
    for (const size of sizes) {
      const row: string[] = [sizeLabel(size), String(filesFor(size))];
      for (const p of paths) {
        const m = median(mbps(p, size, phase));
        const f = median(fps(p, size, phase));
        row.push(`${m.toFixed(1)} (${f.toFixed(0)}/s)`);
        table.push({
          phase,
          size,
          path: p,
          files: filesFor(size),
          mbps: m,
          filesPerSec: f,
          ratioToDirect: ratio(p, 'direct', size, phase),
          proxyCpuUsPerFile: cpuPerFileUs(p, size, phase),
          serverCpuUsPerFile: perFileUs(p, size, phase, (x) => x.serverCpuS),
          clientCpuUsPerFile: perFileUs(p, size, phase, (x) => x.clientCpuS),
          rounds: mbps(p, size, phase),
        });
      }
      for (const p of paths.filter((q) => q !== 'direct')) {
        const rr = ratio(p, 'direct', size, phase);
        const g = p === 'versions' ? undefined : goalFor(p, size);
        row.push(`${fmtRatio(rr)}${g !== undefined && rr < g ? ' ✗' : ''}`);
        if (g !== undefined)
          goals.push({
            label: `${phase} ${sizeLabel(size)} ${p}/direct`,
            target: `>= ${g.toFixed(2)}×`,
            actual: fmtRatio(rr),
            met: rr >= g,
          });
      }
      if (paths.includes('versions') && paths.includes('proxy')) {
        const rv = ratio('versions', 'proxy', size, phase);
        row.push(`${fmtRatio(rv)}${rv < 0.85 ? ' ✗' : ''}`);
        goals.push({
          label: `${phase} ${sizeLabel(size)} versions/proxy`,
          target: '>= 0.85×',
          actual: fmtRatio(rv),
          met: rv >= 0.85,
        });
      }
      rows.push(row);
    }
    text.push(
      `== ${phase} (MB/s (files/s), median of ${rounds}; ratios: median of per-round ratios) ==`,
    );
    text.push(
      formatTable(
        headers.map((h, i) => ({ header: h, align: i === 0 ? 'left' : 'right' }) as const),
        rows,
      ),
    );
    text.push('');
    md.push(`| ${phase} | ${headers.slice(1).join(' | ')} |`);
    md.push(
      `| --- | ${headers
        .slice(1)
        .map(() => '---:')
        .join(' | ')} |`,
    );
    for (const r of rows) md.push(`| ${r.join(' | ')} |`);
    md.push('');
  }
  // Where the CPU goes, per file: the clients (this process), the path's ganesha servers and
  // the proxy. On a 2-core machine the sum bounds the rate; it shows what each path adds.
  for (const phase of ['write', 'read'] as Phase[]) {
    const rows = sizes.map((size) => [
      sizeLabel(size),
      ...paths.map((p) => {
        const c = perFileUs(p, size, phase, (x) => x.clientCpuS);
        const g = perFileUs(p, size, phase, (x) => x.serverCpuS);
        const px = cpuPerFileUs(p, size, phase);
        return `${c.toFixed(0)} / ${g.toFixed(0)}${p === 'direct' ? '' : ` / ${px.toFixed(0)}`}`;
      }),
    ]);
    const hs = [
      'size',
      ...paths.map((p) => (p === 'direct' ? 'direct cli / srv' : `${p} cli / srv / proxy`)),
    ];
    text.push(
      `== CPU per file ${phase === 'write' ? 'written' : 'read'} (µs): clients / ganesha servers / proxy ==`,
    );
    text.push(
      formatTable(
        hs.map((h, i) => ({ header: h, align: i === 0 ? 'left' : 'right' }) as const),
        rows,
      ),
    );
    text.push('');
    md.push(
      `| CPU µs per file ${phase === 'write' ? 'written' : 'read'} | ${hs.slice(1).join(' | ')} |`,
    );
    md.push(
      `| --- | ${hs
        .slice(1)
        .map(() => '---:')
        .join(' | ')} |`,
    );
    for (const r of rows) md.push(`| ${r.join(' | ')} |`);
    md.push('');
  }
  for (const t of text) log(t);
  log(
    `proxy RSS at the end: ${Object.entries(rssAfter)
      .map(([k, v]) => `${k} ${(v / MIB).toFixed(0)} MiB`)
      .join(', ')}`,
  );

  // ---- Plots
  mkdirSync(outDir, { recursive: true });
  const xTicks = sizes;
  const plots: string[] = [];
  for (const phase of ['write', 'read'] as Phase[]) {
    const rate: Series[] = paths.map((p) => ({
      name: PATH_LABEL[p],
      points: sizes.map((s) => [s, median(mbps(p, s, phase))] as const),
    }));
    const f1 = `sweep-${phase}-mbps.svg`;
    writeFileSync(
      path.join(outDir, f1),
      lineChart({
        title: `${phase === 'write' ? 'Write' : 'Read'} throughput by file size (${CLIENTS * FILES_PER_CLIENT} files in flight)`,
        xLabel: 'file size',
        yLabel: 'MB/s',
        series: rate,
        xScale: 'log2',
        yScale: 'log10',
        xTicks,
        xTickFormat: sizeLabel,
      }),
    );
    const rel: Series[] = paths
      .filter((p) => p !== 'direct')
      .map((p, i) => ({
        name: `${PATH_LABEL[p]}`,
        color: ['#0072B2', '#D55E00', '#009E73', '#CC79A7'][i] ?? '#000000',
        points: sizes.map((s) => [s, ratio(p, 'direct', s, phase)] as const),
      }));
    const f2 = `sweep-${phase}-ratio.svg`;
    writeFileSync(
      path.join(outDir, f2),
      lineChart({
        title: `${phase === 'write' ? 'Write' : 'Read'}: throughput relative to direct`,
        xLabel: 'file size',
        yLabel: 'ratio to direct (same run)',
        series: rel,
        xScale: 'log2',
        xTicks,
        xTickFormat: sizeLabel,
        yMin: 0,
        yMax: 1.2,
        references: [
          { y: 0.9, label: 'proxy goal ≥ 64K (0.90)' },
          { y: 0.85, label: 'async goal (0.85)' },
          { y: 0.7, label: 'sync goal (0.70)' },
        ],
      }),
    );
    plots.push(f1, f2);
  }
  const stamp = new Date().toISOString();
  const json = {
    date: stamp,
    rounds,
    sizes,
    paths,
    clients: CLIENTS,
    filesInFlight: CLIENTS * FILES_PER_CLIENT,
    chunksInFlightPerFile: CHUNKS_IN_FLIGHT,
    ioSize: IO,
    seconds: totalS,
    rssAfterBytes: rssAfter,
    table,
  };
  const base = quick ? 'sweep-quick' : 'sweep';
  writeFileSync(path.join(outDir, `${base}.json`), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(
    path.join(outDir, `${base}.md`),
    `<!-- generated by npm run bench -- sweep (${stamp}); do not edit -->\n\n${md.join('\n')}`,
  );
  log(`wrote ${path.relative(REPO, outDir)}/{${base}.json,${base}.md,${plots.join(',')}}`);

  if (profileFiles.size > 0) {
    const smallest = sizeLabel(Math.min(...sizes));
    const largest = sizeLabel(maxSize);
    for (const [k, files] of profileFiles) {
      const [, sz] = k.split('|');
      if (sz !== smallest && sz !== largest) continue;
      log(`\n== profile ${k} ==`);
      log(formatProfileSummary(summarizeProfile(files, 12)));
    }
    log(`profiles in ${path.relative(REPO, profileDir!)}: ${readdirSync(profileDir!).join(', ')}`);
  }
  return {
    measurements: [],
    goals,
    notes: [
      `${CLIENTS} RpcClient connections in this process, ${CLIENTS * FILES_PER_CLIENT} files in flight; every path has its own ganesha primary (and backups); ratios are medians of per-round ratios`,
    ],
    extra: { sweep: json },
  };
}
