/**
 * `npm run bench -- soak --minutes=30` (issue 9 item 3): memory under a long mixed load.
 *
 * One proxy (as its own process) in front of nfs-ganesha, with one sync and one async backup
 * and a version every 60 s (the last 3 kept). Workers (our RpcClient, one directory each, a
 * ring of file slots so the tree stays bounded) run a mix at a steady rate: create + write +
 * commit of 1 KiB … 256 KiB files (now and then 4 MiB), reads, GETATTR, READDIRPLUS, renames,
 * removes. Every cycle (5 minutes; 40 s with --quick) one backup goes out and comes back:
 * the sync one is hung (SIGSTOP) for 45 s, then, next cycle, the async one is killed (kill -9)
 * and restarted 45 s later; the proxy spools for them and replays when they return.
 *
 * The proxy's RSS (/proc) and V8 heap (the console's /metrics) are sampled every 10 s. After a
 * warm-up (the first 10% of the run, at least 2 minutes; 30 s with --quick) the level is the
 * median of the first three samples; the verdict: every later sample within ±10% of it, plus
 * the least-squares slope of RSS (MiB per hour) for the record. At the end every backup must
 * equal the primary (diff -r) once caught up.
 *
 * Output: docs/bench/soak.{json,md,svg} (.tmp/bench-soak with --quick or --out=DIR).
 * Options: --minutes=N (default 30; 3 with --quick), --rate=N operations/s over all workers
 * (default 150), --workers=N (default 6), --out=DIR, --replot=FILE (redraw soak.svg from the
 * soak.json FILE of an earlier run, without running).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomFillSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { RpcClient } from '@nfs/rpc-xdr';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import { consoleRequest } from '../../src/cli/ctl.js';
import { ganeshaAvailable, startGaneshaSet, type GaneshaInstance } from '../harness/ganesha.js';
import { connectNfs, siteUrl, TEST_CRED } from '../harness/nfs-client.js';
import { NO_SATTR } from '../harness/nfs.js';
import { startProxy, type ProxyInstance } from '../harness/proxy.js';
import { diffTrees } from '../harness/trees.js';
import type { BenchContext, BenchReport, Goal } from './harness.js';
import { lineChart, type ShadedRange } from './plot.js';

export const description =
  'soak: 30 min of mixed load with backups going out and back; proxy RSS and heap every 10 s, plotted; RSS within ±10% after warm-up';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
const MIB = 1024 * 1024;
const SAMPLE_MS = 10_000;
/** File slots per worker directory: bounds the tree (and the catalog). */
const SLOTS = 400;
const OUTAGE_MS = 45_000;
const TOLERANCE = 0.1;

interface Sample {
  /** Seconds since the load started. */
  t: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  ops: number;
}

interface Outage {
  site: string;
  how: 'SIGSTOP' | 'kill -9';
  from: number;
  to: number;
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

async function heapOf(p: ProxyInstance, token: string): Promise<{ used: number; total: number }> {
  const res = await fetch(`http://${p.consoleAddress}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(5_000),
  });
  const text = await res.text();
  const metric = (name: string): number => {
    const m = new RegExp(`^${name} (\\d+(?:\\.\\d+)?)$`, 'm').exec(text);
    return m ? Number(m[1]) : NaN;
  };
  return {
    used: metric('nfsproxy_process_heap_used_bytes'),
    total: metric('nfsproxy_process_heap_total_bytes'),
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Least-squares slope of y over x. */
function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

function nfsOk(status: number, what: string): void {
  if (status !== nfs3.NFS3_OK)
    throw new Error(`${what}: ${nfs3.names_nfsstat3[status] ?? String(status)}`);
}

/** One worker: a directory with a ring of file slots, a weighted mix of operations. */
class Worker {
  private readonly exists = new Set<number>();
  private readonly fh = new Map<number, nfs3.nfs_fh3>();
  private n = 0;
  ops = 0;
  errors = 0;
  lastError: string | undefined;
  /** Distinct error messages (bounded) and how often each was seen. */
  readonly errorKinds = new Map<string, number>();

  constructor(
    private readonly rpc: RpcClient,
    private readonly dir: nfs3.nfs_fh3,
    private readonly data: Buffer,
  ) {}

  private pickExisting(): number | undefined {
    if (this.exists.size === 0) return undefined;
    // A bounded probe from a random slot.
    const start = Math.floor(Math.random() * SLOTS);
    for (let k = 0; k < SLOTS; k++)
      if (this.exists.has((start + k) % SLOTS)) return (start + k) % SLOTS;
    return undefined;
  }

  private size(): number {
    const r = Math.random();
    if (r < 0.02) return 4 * MIB;
    return 1024 << Math.floor(Math.random() * 9); // 1 KiB .. 256 KiB
  }

  async step(): Promise<void> {
    const r = Math.random();
    const name = (slot: number): Buffer => Buffer.from(`f${slot}`);
    if (r < 0.4 || this.exists.size < 10) {
      const slot = this.n++ % SLOTS;
      const size = this.size();
      const cr = await this.rpc.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, NFS.NFSPROC3_CREATE, {
        where: { dir: this.dir, name: name(slot) },
        how: {
          mode: nfs3.UNCHECKED,
          obj_attributes: {
            ...NO_SATTR,
            size: { set_it: true, size: 0n },
            mode: { set_it: true, mode: 0o644 },
          },
        },
      });
      nfsOk(cr.status, 'CREATE');
      if (cr.status !== nfs3.NFS3_OK || !cr.resok.obj.handle_follows)
        throw new Error('CREATE: no handle');
      const fh = cr.resok.obj.handle;
      const off = Math.floor(Math.random() * 4096);
      for (let o = 0; o < size; o += MIB) {
        const part = this.data.subarray(off + o, off + Math.min(size, o + MIB));
        const w = await this.rpc.call(
          nfs3.NFS_PROGRAM,
          nfs3.NFS_V3,
          NFS.NFSPROC3_WRITE,
          {
            file: fh,
            offset: BigInt(o),
            count: part.length,
            stable: nfs3.UNSTABLE,
            data: Buffer.alloc(0),
          },
          { tail: part },
        );
        nfsOk(w.status, 'WRITE');
      }
      const c = await this.rpc.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, NFS.NFSPROC3_COMMIT, {
        file: fh,
        offset: 0n,
        count: 0,
      });
      nfsOk(c.status, 'COMMIT');
      this.exists.add(slot);
      this.fh.set(slot, fh);
    } else if (r < 0.7) {
      const slot = this.pickExisting();
      if (slot === undefined) return;
      const l = await this.rpc.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, NFS.NFSPROC3_LOOKUP, {
        what: { dir: this.dir, name: name(slot) },
      });
      nfsOk(l.status, 'LOOKUP');
      if (l.status !== nfs3.NFS3_OK) return;
      for (let o = 0n, i = 0; i < 8; i++) {
        const rd = await this.rpc.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, NFS.NFSPROC3_READ, {
          file: l.resok.object,
          offset: o,
          count: MIB,
        });
        nfsOk(rd.status, 'READ');
        if (rd.status !== nfs3.NFS3_OK || rd.resok.eof) break;
        o += BigInt(rd.resok.data.length);
      }
    } else if (r < 0.8) {
      if (Math.random() < 0.1) {
        const rd = await this.rpc.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, NFS.NFSPROC3_READDIRPLUS, {
          dir: this.dir,
          cookie: 0n,
          cookieverf: Buffer.alloc(8),
          dircount: 65536,
          maxcount: 65536,
        });
        nfsOk(rd.status, 'READDIRPLUS');
      } else {
        const slot = this.pickExisting();
        const fh = slot === undefined ? this.dir : (this.fh.get(slot) ?? this.dir);
        const g = await this.rpc.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, NFS.NFSPROC3_GETATTR, {
          object: fh,
        });
        nfsOk(g.status, 'GETATTR');
      }
    } else if (r < 0.9) {
      const slot = this.pickExisting();
      if (slot === undefined) return;
      const rm = await this.rpc.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, NFS.NFSPROC3_REMOVE, {
        object: { dir: this.dir, name: name(slot) },
      });
      nfsOk(rm.status, 'REMOVE');
      this.exists.delete(slot);
      this.fh.delete(slot);
    } else {
      const from = this.pickExisting();
      if (from === undefined) return;
      const to = (from + 1 + Math.floor(Math.random() * (SLOTS - 1))) % SLOTS;
      const rn = await this.rpc.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, NFS.NFSPROC3_RENAME, {
        from: { dir: this.dir, name: name(from) },
        to: { dir: this.dir, name: name(to) },
      });
      nfsOk(rn.status, 'RENAME');
      this.exists.delete(from);
      this.exists.add(to);
      const fh = this.fh.get(from);
      this.fh.delete(from);
      if (fh) this.fh.set(to, fh);
    }
  }
}

/** The soak's plot: RSS and V8 heap over time, warm-up and outages shaded, the ±10% band. */
function soakChart(r: {
  minutes: number;
  warmupSeconds: number;
  levelBytes: number;
  outages: readonly Outage[];
  samples: readonly Sample[];
}): string {
  const shaded: ShadedRange[] = r.outages.map((o) => ({
    x0: o.from / 60,
    x1: o.to / 60,
    label: `${o.site} ${o.how}`,
  }));
  shaded.unshift({ x0: 0, x1: r.warmupSeconds / 60, label: 'warm-up', color: '#e0e0e0' });
  const at = (f: (s: Sample) => number): Array<readonly [number, number]> =>
    r.samples.map((s) => [s.t / 60, f(s) / MIB] as const);
  return lineChart({
    title: `Proxy memory over a ${r.minutes}-minute mixed-load soak (backups out and back)`,
    xLabel: 'minutes',
    yLabel: 'MiB',
    series: [
      { name: 'RSS', points: at((s) => s.rss) },
      { name: 'V8 heap used', points: at((s) => s.heapUsed) },
      { name: 'V8 heap total', dashed: true, points: at((s) => s.heapTotal) },
    ],
    yMin: 0,
    references: [
      { y: (r.levelBytes * (1 + TOLERANCE)) / MIB, label: '+10% of level', color: '#D55E00' },
      { y: (r.levelBytes * (1 - TOLERANCE)) / MIB, label: '−10% of level', color: '#D55E00' },
    ],
    shaded,
    width: 900,
  });
}

export async function run(ctx: BenchContext): Promise<BenchReport> {
  // --replot=FILE: only redraw soak.svg (beside FILE) from a run's soak.json.
  const replot = ctx.args.get('replot');
  if (typeof replot === 'string') {
    const file = path.resolve(REPO, replot);
    const j = JSON.parse(readFileSync(file, 'utf8')) as Parameters<typeof soakChart>[0];
    writeFileSync(path.join(path.dirname(file), 'soak.svg'), soakChart(j));
    ctx.log(`redrew ${path.relative(REPO, path.join(path.dirname(file), 'soak.svg'))}`);
    return { measurements: [], goals: [] };
  }
  if (!ganeshaAvailable()) throw new Error('soak benchmark: needs root and nfs-ganesha');
  const quick = ctx.quick;
  const log = (t?: string): void => ctx.log(t);
  const minutes = Number(ctx.args.get('minutes') ?? (quick ? 3 : 30));
  const rate = Number(ctx.args.get('rate') ?? 150);
  const workersN = Number(ctx.args.get('workers') ?? 6);
  if (!(minutes > 0) || !(rate > 0) || !(workersN >= 1)) throw new Error('soak: bad options');
  const outArg = ctx.args.get('out');
  const outDir = path.resolve(
    REPO,
    typeof outArg === 'string' ? outArg : quick ? '.tmp/bench-soak' : 'docs/bench',
  );
  const durationMs = minutes * 60_000;
  const warmupMs = quick ? 30_000 : Math.max(120_000, durationMs / 10);
  const cycleMs = quick ? 40_000 : 300_000;
  const data = Buffer.allocUnsafe(4 * MIB + 8192);
  randomFillSync(data);

  const g = await startGaneshaSet(3);
  const [primary, bSync, bAsync] = g as [GaneshaInstance, GaneshaInstance, GaneshaInstance];
  let proxy: ProxyInstance | undefined;
  const samples: Sample[] = [];
  const outages: Outage[] = [];
  const workers: Worker[] = [];
  const rpcs: RpcClient[] = [];
  let stopping = false;
  const divergences: string[] = [];
  let warnings: string[] = [];
  let t0 = 0;
  try {
    proxy = await startProxy({
      primary,
      config: {
        log: { level: 'info' },
        console: '127.0.0.1:0',
        backups: [siteUrl(bSync, 'sync'), siteUrl(bAsync, 'async')],
        replication: { timeoutMs: 1000, heartbeatMs: 500 },
        versions: { intervalSeconds: 60, retention: { last: 3 } },
      },
    });
    const p = proxy;
    const token = await p.token('viewer');
    const target = { host: p.host, nfsPort: p.port, mountPort: p.port, exportPath: p.exportPath };
    const m = await connectNfs(target);
    const root = m.root;
    await m.close();
    for (let i = 0; i < Math.min(2, workersN); i++)
      rpcs.push(
        new RpcClient({
          host: p.host,
          port: p.port,
          timeoutMs: 60_000,
          retransmissions: 3,
          cred: TEST_CRED,
        }),
      );
    for (let i = 0; i < workersN; i++) {
      const rpc = rpcs[i % rpcs.length]!;
      const mk = await rpc.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, NFS.NFSPROC3_MKDIR, {
        where: { dir: root, name: Buffer.from(`w${i}`) },
        attributes: { ...NO_SATTR, mode: { set_it: true, mode: 0o755 } },
      });
      nfsOk(mk.status, 'MKDIR');
      if (mk.status !== nfs3.NFS3_OK || !mk.resok.obj.handle_follows)
        throw new Error('MKDIR: no handle');
      workers.push(new Worker(rpc, mk.resok.obj.handle, data));
    }
    log(
      `soak: ${minutes} min, ${workersN} workers at ${rate} ops/s in all, outage cycle ${cycleMs / 1000} s, warm-up ${warmupMs / 1000} s; proxy pid ${p.pid()}`,
    );

    t0 = performance.now();
    const elapsed = (): number => performance.now() - t0;
    // Workers: each paced to rate/workers operations per second.
    const perWorkerMs = (1000 * workersN) / rate;
    const loops = workers.map(async (w) => {
      let next = performance.now();
      for (let i = 0; i < 10_000_000 && !stopping && elapsed() < durationMs; i++) {
        try {
          await w.step();
          w.ops++;
        } catch (e) {
          w.errors++;
          w.lastError = (e as Error).message;
          if (w.errorKinds.size < 20 || w.errorKinds.has(w.lastError))
            w.errorKinds.set(w.lastError, (w.errorKinds.get(w.lastError) ?? 0) + 1);
        }
        next += perWorkerMs;
        const wait = next - performance.now();
        if (wait > 0) await sleep(wait);
        else if (wait < -5_000) next = performance.now(); // fell behind (an outage): no burst
      }
    });
    // Outages: each cycle, at 1/5 of it, one backup goes out for OUTAGE_MS (alternating).
    const chaos = (async () => {
      for (let c = 0; c < 1000 && !stopping; c++) {
        const at = c * cycleMs + cycleMs / 5;
        if (at + OUTAGE_MS + 10_000 > durationMs) break;
        while (!stopping && elapsed() < at) await sleep(250);
        if (stopping) break;
        const useSync = c % 2 === 0;
        const from = elapsed() / 1000;
        if (useSync) bSync.pause();
        else await bAsync.kill9();
        log(
          `  ${from.toFixed(0)} s: ${useSync ? 'site-1 (sync) SIGSTOP' : 'site-2 (async) kill -9'}`,
        );
        const outageMs = quick ? Math.min(OUTAGE_MS, cycleMs / 2) : OUTAGE_MS;
        while (!stopping && elapsed() < at + outageMs) await sleep(250);
        if (useSync) bSync.resume();
        else await bAsync.restart();
        const to = elapsed() / 1000;
        outages.push({
          site: useSync ? 'site-1' : 'site-2',
          how: useSync ? 'SIGSTOP' : 'kill -9',
          from,
          to,
        });
        log(`  ${to.toFixed(0)} s: ${useSync ? 'site-1 resumed' : 'site-2 restarted'}`);
      }
    })();
    const sampler = (async () => {
      for (let i = 0; i < 100_000 && !stopping; i++) {
        const at = i * SAMPLE_MS;
        if (at > durationMs) break;
        while (!stopping && elapsed() < at) await sleep(100);
        const h = await heapOf(p, token).catch(() => ({ used: NaN, total: NaN }));
        const s: Sample = {
          t: elapsed() / 1000,
          rss: rssOf(p.pid()),
          heapUsed: h.used,
          heapTotal: h.total,
          ops: workers.reduce((a, w) => a + w.ops, 0),
        };
        samples.push(s);
        if (i % 6 === 0)
          log(
            `  ${s.t.toFixed(0).padStart(5)} s: RSS ${(s.rss / MIB).toFixed(1)} MiB, heap ${(s.heapUsed / MIB).toFixed(1)} / ${(s.heapTotal / MIB).toFixed(1)} MiB, ${s.ops} ops, ${workers.reduce((a, w) => a + w.errors, 0)} errors`,
          );
      }
    })();
    await Promise.all(loops);
    stopping = true;
    await Promise.all([chaos, sampler]);
    if (bSync.isRunning()) bSync.resume();
    if (!bAsync.isRunning()) await bAsync.restart();

    // Both backups caught up and equal to the primary. Failures here are recorded, not thrown:
    // the memory figures of a long run stay usable; the goal fails.
    try {
      const deadline = Date.now() + 600_000;
      for (;;) {
        const st = (await consoleRequest(p.consoleAddress!, token, 'status', {})) as {
          sites: Array<{ name: string; state: string; lagMutations: number }>;
        };
        const b = st.sites.filter((s) => s.name !== 'site-0');
        if (b.every((s) => s.state === 'in-sync' && s.lagMutations === 0)) break;
        if (Date.now() > deadline) throw new Error(`backups not caught up: ${JSON.stringify(b)}`);
        await sleep(250);
      }
      warnings = p
        .logs()
        .filter((l) => l.level >= 40)
        .slice(-40)
        .map((l) => JSON.stringify(l));
      // Stopped first: its version schedule (and pruning) would change the trees under diff.
      await p.stop();
      for (const b of [bSync, bAsync]) {
        const d = await diffTrees(primary.exportPath, b.exportPath);
        if (d !== undefined) divergences.push(`backup ${b.name} differs from the primary: ${d}`);
      }
    } catch (e) {
      divergences.push(`check failed: ${(e as Error).message}`);
    }
  } finally {
    stopping = true;
    await Promise.allSettled(rpcs.map((r) => r.close()));
    await proxy?.dispose();
    await Promise.allSettled(g.map((x) => x.stop()));
  }

  // ---- Verdict
  const warm = samples.filter((s) => s.t * 1000 >= warmupMs);
  const level = median(warm.slice(0, 3).map((s) => s.rss));
  const after = warm.map((s) => s.rss / level);
  const lo = Math.min(...after);
  const hi = Math.max(...after);
  const within = after.every((r) => r >= 1 - TOLERANCE && r <= 1 + TOLERANCE);
  const slopeMiBh = slope(
    warm.map((s) => s.t / 3600),
    warm.map((s) => s.rss / MIB),
  );
  const heapSlope = slope(
    warm.map((s) => s.t / 3600),
    warm.map((s) => s.heapUsed / MIB),
  );
  const ops = workers.reduce((a, w) => a + w.ops, 0);
  const errors = workers.reduce((a, w) => a + w.errors, 0);
  const verdict = within ? 'PASS' : 'FAIL';
  const errorKinds: Record<string, number> = {};
  for (const w of workers)
    for (const [k, v] of w.errorKinds) errorKinds[k] = (errorKinds[k] ?? 0) + v;
  const summary = [
    `soak ${minutes} min: ${ops} operations (${(ops / (minutes * 60)).toFixed(0)}/s), ${errors} client errors${errors ? ` (last: ${workers.find((w) => w.lastError)?.lastError})` : ''}, ${outages.length} outages`,
    `RSS level after warm-up ${(level / MIB).toFixed(1)} MiB; later samples ${((lo - 1) * 100).toFixed(1)}% .. +${((hi - 1) * 100).toFixed(1)}% of it (limit ±${TOLERANCE * 100}%); slope ${slopeMiBh.toFixed(1)} MiB/h; heap used slope ${heapSlope.toFixed(1)} MiB/h`,
    `RSS min ${(Math.min(...samples.map((s) => s.rss)) / MIB).toFixed(1)} MiB, max ${(Math.max(...samples.map((s) => s.rss)) / MIB).toFixed(1)} MiB, end ${((samples[samples.length - 1]?.rss ?? 0) / MIB).toFixed(1)} MiB; verdict: ${verdict}`,
  ];
  for (const [k, v] of Object.entries(errorKinds)) summary.push(`client error ×${v}: ${k}`);
  for (const d of divergences) summary.push(`FIXTURE MISMATCH after catch-up: ${d.slice(0, 2000)}`);
  for (const l of summary) log(l);

  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    path.join(outDir, 'soak.svg'),
    soakChart({ minutes, warmupSeconds: warmupMs / 1000, levelBytes: level, outages, samples }),
  );
  const json = {
    date: new Date().toISOString(),
    minutes,
    rate,
    workers: workersN,
    warmupSeconds: warmupMs / 1000,
    levelBytes: level,
    withinPct: [(lo - 1) * 100, (hi - 1) * 100],
    slopeMiBPerHour: slopeMiBh,
    heapSlopeMiBPerHour: heapSlope,
    ops,
    errors,
    outages,
    samples,
    verdict,
    divergences,
    errorKinds,
    proxyWarnings: warnings,
  };
  const base = 'soak';
  writeFileSync(path.join(outDir, `${base}.json`), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(path.join(outDir, `${base}.md`), `${summary.map((l) => `- ${l}`).join('\n')}\n`);
  log(`wrote ${path.relative(REPO, outDir)}/{soak.json,soak.md,soak.svg}`);
  const goals: Goal[] = [
    {
      label: 'RSS within ±10% of its level after warm-up',
      target: '±10%',
      actual: `${((lo - 1) * 100).toFixed(1)}% .. +${((hi - 1) * 100).toFixed(1)}%`,
      met: within,
    },
    {
      label: 'backups equal the primary after catch-up (diff -r)',
      target: 'identical',
      actual: divergences.length === 0 ? 'identical' : `${divergences.length} differ`,
      met: divergences.length === 0,
    },
  ];
  return { measurements: [], goals, extra: { soak: { ...json, samples: samples.length } } };
}
