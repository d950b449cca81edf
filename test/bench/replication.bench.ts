/**
 * `npm run bench -- replication` (issue 4): in one run, on real nfs-ganesha,
 *   (a) direct to ganesha, (b) the proxy without backups, (c) the proxy + 1 sync backup,
 *   (d) the proxy + 2 async backups: a 256 MiB sequential write (nfs-cp) and 2,000 small files
 *   (CREATE + 4 KiB WRITE, our RpcClient, 16 in flight);
 *   (e) catch-up: a sync site out (kill -9) for 256 MiB of writes, time from its restart to
 *   in-sync.
 * Figures are ratios to (a) measured in the same run. The proxy's RSS is sampled throughout.
 *
 * Options: --quick (64 MiB, 500 files, 1 round), --rounds=N (default 3), --mib=N, --files=N,
 * --fsync=always|interval|never (the journal's policy; default always, the proxy's default).
 */
import { execFile } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import { consoleRequest } from '../../src/cli/ctl.js';
import { startGaneshaSet, ganeshaAvailable, type GaneshaInstance } from '../harness/ganesha.js';
import { connectNfs, type NfsClient } from '../harness/nfs-client.js';
import { runCli, startProxy, type ProxyInstance } from '../harness/proxy.js';
import { diffTrees } from '../harness/trees.js';
import {
  fmtRatio,
  formatTable,
  type BenchContext,
  type BenchReport,
  type Goal,
  BENCH_ASSESSMENT,
} from './harness.js';

export const description =
  'replication: 256 MiB write and 2,000 small files direct / proxy / +1 sync / +2 async; catch-up time; RSS';

const GOAL_SYNC = 0.7;
const GOAL_ASYNC = 0.85;
const GOAL_CATCHUP = 0.8;
const RSS_LIMIT = 256 * 1024 * 1024;
const SMALL_BYTES = 4096;
const IN_FLIGHT = 16;

type Config = 'direct' | 'proxy' | 'sync' | 'async';

interface Target {
  url(name: string): string;
  client: NfsClient;
}

function sh(cmd: string, args: string[], timeoutMs = 300_000): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { timeout: timeoutMs }, (err, _o, stderr) =>
      err ? reject(new Error(`${cmd}: ${stderr || err.message}`)) : resolve(),
    ),
  );
}

function siteUrl(g: GaneshaInstance, mode: 'sync' | 'async'): string {
  return `nfs://${g.host}${g.exportPath}?nfsport=${g.nfsPort}&mountport=${g.mountPort}&mode=${mode}`;
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

async function pool(n: number, width: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

export async function run(ctx: BenchContext): Promise<BenchReport> {
  if (!ganeshaAvailable()) throw new Error('replication benchmark: needs root and nfs-ganesha');
  const quick = ctx.quick;
  const mib = Number(ctx.args.get('mib') ?? (quick ? 64 : 256));
  const files = Number(ctx.args.get('files') ?? (quick ? 500 : 2000));
  const rounds = Number(ctx.args.get('rounds') ?? (quick ? 1 : 3));
  const fsync = String(ctx.args.get('fsync') ?? 'always');
  const log = (t?: string): void => ctx.log(t);
  const shm = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const local = mkdtempSync(path.join(shm, 'nfsp-repl-bench-'));
  const src = Buffer.allocUnsafe(mib * 1024 * 1024);
  randomFillSync(src);
  const srcPath = path.join(local, 'src.bin');
  writeFileSync(srcPath, src);
  const small = Buffer.alloc(SMALL_BYTES, 0x61);

  const g = await startGaneshaSet(3);
  const [primary, b1, b2] = g as [GaneshaInstance, GaneshaInstance, GaneshaInstance];
  let proxy: ProxyInstance | undefined;
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(rssOf(proxy?.pid())), 250);
  const results: Record<Config, { write: number[]; small: number[] }> = {
    direct: { write: [], small: [] },
    proxy: { write: [], small: [] },
    sync: { write: [], small: [] },
    async: { write: [], small: [] },
  };
  const notes: string[] = [];
  let catchUp: { seconds: number; mbps: number } | undefined;
  try {
    const directClient = await connectNfs({
      host: primary.host,
      nfsPort: primary.nfsPort,
      mountPort: primary.mountPort,
      exportPath: primary.exportPath,
    });
    const direct: Target = { url: (n) => primary.fileUrl(n), client: directClient };

    const workload = async (cfg: Config, t: Target, r: number): Promise<void> => {
      const name = `big-${cfg}-${r}.bin`;
      const t0 = performance.now();
      await sh('nfs-cp', [srcPath, t.url(name)]);
      const writeS = (performance.now() - t0) / 1000;
      results[cfg].write.push(src.length / 1e6 / writeS);
      const dir = await t.client.mkdir(t.client.root, `small-${cfg}-${r}`);
      const t1 = performance.now();
      await pool(files, IN_FLIGHT, async (i) => {
        const fh = await t.client.create(dir, `f${i}`);
        await t.client.write(fh, 0, small, nfs3.UNSTABLE);
      });
      const smallS = (performance.now() - t1) / 1000;
      results[cfg].small.push(files / smallS);
      log(
        `  ${cfg} round ${r}: write ${(src.length / 1e6 / writeS).toFixed(1)} MB/s, ` +
          `small files ${(files / smallS).toFixed(0)} files/s`,
      );
      check(readFileSync(path.join(primary.exportPath, name)).equals(src), `${name} on disk`);
      // Clean up through the same path so backups follow.
      await t.client.remove(t.client.root, name);
      for (let i = 0; i < files; i++) await t.client.remove(dir, `f${i}`);
      await t.client.call(nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures.NFSPROC3_RMDIR, {
        object: { dir: t.client.root, name: Buffer.from(`small-${cfg}-${r}`) },
      });
    };

    const withProxy = async (
      cfg: Config,
      backups: string[],
      fn: (t: Target, p: ProxyInstance) => Promise<void>,
    ): Promise<void> => {
      proxy = await startProxy({
        primary,
        config: {
          log: { level: 'info' },
          assessment: BENCH_ASSESSMENT,
          backups,
          console: '127.0.0.1:0',
          replication: { timeoutMs: 1000, heartbeatMs: 500, journal: { fsync } },
        },
      });
      const p = proxy;
      const c = await connectNfs({
        host: p.host,
        nfsPort: p.port,
        mountPort: p.port,
        exportPath: p.exportPath,
      });
      try {
        await fn({ url: (n) => p.url(`/${n}`), client: c }, p);
      } finally {
        await c.close();
        await p.dispose();
        proxy = undefined;
      }
    };

    for (let r = 0; r < rounds; r++) {
      log(`round ${r + 1}/${rounds}`);
      await workload('direct', direct, r);
      await withProxy('proxy', [], (t) => workload('proxy', t, r));
      await withProxy('sync', [siteUrl(b1, 'sync')], (t) => workload('sync', t, r));
      await withProxy('async', [siteUrl(b1, 'async'), siteUrl(b2, 'async')], async (t, p) => {
        await workload('async', t, r);
        await waitInSync(p, ['site-1', 'site-2'], 300_000);
      });
    }
    for (const b of [b1, b2]) {
      const d = await diffTrees(primary.exportPath, b.exportPath);
      check(d === undefined, `backup ${b.name} differs from the primary after the runs: ${d}`);
    }

    // (e) catch-up: a sync site out for the whole write, then restarted.
    await withProxy('sync', [siteUrl(b1, 'sync')], async (t, p) => {
      await b1.kill9();
      await sh('nfs-cp', [srcPath, t.url('catchup.bin')]);
      await waitState(p, 'site-1', 'out', 60_000);
      const t0 = performance.now();
      await b1.restart();
      await waitInSync(p, ['site-1'], 600_000);
      const seconds = (performance.now() - t0) / 1000;
      catchUp = { seconds, mbps: src.length / 1e6 / seconds };
      log(`  catch-up of ${mib} MiB: ${seconds.toFixed(1)} s (${catchUp.mbps.toFixed(1)} MB/s)`);
      const d = await diffTrees(primary.exportPath, b1.exportPath);
      check(d === undefined, `after catch-up the backup differs: ${d}`);
      await t.client.remove(t.client.root, 'catchup.bin');
    });
    await directClient.close();
  } finally {
    clearInterval(sampler);
    await proxy?.dispose();
    await Promise.allSettled(g.map((x) => x.stop()));
    rmSync(local, { recursive: true, force: true });
  }

  const w = (c: Config): number => median(results[c].write);
  const s = (c: Config): number => median(results[c].small);
  const rows = (['direct', 'proxy', 'sync', 'async'] as Config[]).map((c) => [
    c,
    `${w(c).toFixed(1)} MB/s`,
    fmtRatio(w(c) / w('direct')),
    `${s(c).toFixed(0)} files/s`,
    fmtRatio(s(c) / s('direct')),
  ]);
  log();
  log(
    formatTable(
      [
        { header: 'path' },
        { header: `${mib} MiB write`, align: 'right' },
        { header: 'vs direct', align: 'right' },
        { header: `${files} small files`, align: 'right' },
        { header: 'vs direct', align: 'right' },
      ],
      rows,
    ),
  );
  const peak = Math.max(...rss);
  log(`proxy RSS peak ${(peak / 1048576).toFixed(0)} MiB`);
  const goals: Goal[] = [
    ratioGoal('(c) +1 sync, write', w('sync') / w('direct'), GOAL_SYNC),
    ratioGoal('(c) +1 sync, small files', s('sync') / s('direct'), GOAL_SYNC),
    ratioGoal('(d) +2 async, write', w('async') / w('direct'), GOAL_ASYNC),
    ratioGoal('(d) +2 async, small files', s('async') / s('direct'), GOAL_ASYNC),
    ratioGoal('(e) catch-up vs direct write', (catchUp?.mbps ?? 0) / w('direct'), GOAL_CATCHUP),
    {
      label: 'proxy RSS peak',
      target: '< 256 MiB',
      actual: `${(peak / 1048576).toFixed(0)} MiB`,
      met: peak < RSS_LIMIT,
    },
  ];
  return {
    measurements: [],
    goals,
    notes,
    extra: { results, catchUp, rssPeakBytes: peak, mib, files, rounds },
  };
}

function ratioGoal(label: string, r: number, goal: number): Goal {
  return { label, target: `>= ${goal.toFixed(2)}×`, actual: fmtRatio(r), met: r >= goal };
}

function check(cond: boolean, what: string): asserts cond {
  if (!cond) throw new Error(`FIXTURE MISMATCH: ${what}`);
}

const tokens = new Map<string, string>();
async function statusOf(p: ProxyInstance): Promise<Array<{ name: string; state: string }>> {
  let token = tokens.get(p.stateDir);
  if (!token) {
    const r = await runCli(['token', 'create', '--role', 'viewer', '--state', p.stateDir]);
    token = r.stdout.trim().split('\n').pop()!;
    tokens.set(p.stateDir, token);
  }
  const st = (await consoleRequest(p.consoleAddress!, token, 'status', {})) as {
    sites: Array<{ name: string; state: string }>;
  };
  return st.sites;
}

async function waitState(p: ProxyInstance, site: string, state: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if ((await statusOf(p)).find((s) => s.name === site)?.state === state) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${site} did not reach ${state}`);
}

async function waitInSync(p: ProxyInstance, sites: string[], ms: number): Promise<void> {
  for (const s of sites) await waitState(p, s, 'in-sync', ms);
  // An async site is in-sync when nothing is left to apply.
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const st = (await consoleRequest(p.consoleAddress!, tokens.get(p.stateDir)!, 'status', {})) as {
      sites: Array<{ lagMutations: number }>;
    };
    if (st.sites.every((x) => x.lagMutations === 0)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
