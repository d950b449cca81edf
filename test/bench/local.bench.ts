/**
 * `npm run bench -- local` (issue 8): the proxy serving a directory itself (a `file://`
 * primary) against nfs-ganesha's VFS export of the same directory, in one run, rounds
 * interleaved: a 256 MiB sequential write and read (nfs-cp, a client we did not write) and
 * 2,000 small files (CREATE + 4 KiB UNSTABLE WRITE, our RpcClient, 16 in flight).
 * Figures are ratios of the proxy to ganesha. Goal: >= 0.8× on each.
 *
 * Options: --quick (64 MiB, 500 files, 1 round), --rounds=N (default 3), --mib=N, --files=N,
 * --profile[=DIR] (CPU-profile the proxy during its timed write, read and small-file phases,
 * V8 sampler loaded with NODE_OPTIONS=--import, profiles in DIR, default .tmp/bench-profiles;
 * prints the top costs per phase; profiled figures are slower than the reference ones),
 * --profile-us=N (sampling interval, default 250).
 */
import { execFile } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import { ganeshaAvailable, startGanesha } from '../harness/ganesha.js';
import { connectNfs, type NfsClient } from '../harness/nfs-client.js';
import { startProxy } from '../harness/proxy.js';
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

export const description =
  'local: file:// primary vs ganesha VFS on the same disk: 256 MiB nfs-cp write/read, 2,000 small files';

const GOAL = 0.8;
const SMALL_BYTES = 4096;
const IN_FLIGHT = 16;
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type Path = 'ganesha' | 'file';
interface Target {
  url(name: string): string;
  client: NfsClient;
}

function sh(cmd: string, args: string[], timeoutMs = 600_000): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { timeout: timeoutMs }, (err, _o, stderr) =>
      err ? reject(new Error(`${cmd}: ${stderr || err.message}`)) : resolve(),
    ),
  );
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

function check(cond: boolean, what: string): asserts cond {
  if (!cond) throw new Error(`FIXTURE MISMATCH: ${what}`);
}

export async function run(ctx: BenchContext): Promise<BenchReport> {
  if (!ganeshaAvailable()) throw new Error('local benchmark: needs root and nfs-ganesha');
  const quick = ctx.quick;
  const mib = Number(ctx.args.get('mib') ?? (quick ? 64 : 256));
  const files = Number(ctx.args.get('files') ?? (quick ? 500 : 2000));
  const rounds = Number(ctx.args.get('rounds') ?? (quick ? 1 : 3));
  const log = (t?: string): void => ctx.log(t);
  const shm = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const local = mkdtempSync(path.join(shm, 'nfsp-local-bench-'));
  const src = Buffer.allocUnsafe(mib * 1024 * 1024);
  randomFillSync(src);
  const srcPath = path.join(local, 'src.bin');
  const outPath = path.join(local, 'out.bin');
  writeFileSync(srcPath, src);
  const small = Buffer.alloc(SMALL_BYTES, 0x61);
  const results: Record<Path, { write: number[]; read: number[]; small: number[] }> = {
    ganesha: { write: [], read: [], small: [] },
    file: { write: [], read: [], small: [] },
  };
  const profArg = ctx.args.get('profile');
  const profDir =
    profArg === undefined
      ? undefined
      : path.resolve(REPO, profArg === true ? '.tmp/bench-profiles' : profArg);
  const profUs = Number(ctx.args.get('profile-us') ?? 250);
  const profFiles = new Map<string, string[]>();
  if (profDir !== undefined) {
    mkdirSync(profDir, { recursive: true });
    for (const f of readdirSync(profDir))
      if (/^(started-\d+|profile-\d+\.cpuprofile(\.tmp)?)$/.test(f))
        rmSync(path.join(profDir, f), { force: true });
  }
  const g = await startGanesha({ name: 'local-bench' });
  // The fixture spawns the proxy with this process's environment; profiling adds a preload.
  const saved = new Map<string, string | undefined>();
  if (profDir !== undefined) {
    for (const [k, v] of Object.entries(profileEnv(profDir, profUs))) {
      saved.set(k, process.env[k]);
      process.env[k] = v;
    }
  }
  // The proxy's file:// primary is ganesha's export directory: the same disk, the same files.
  const proxy = await startProxy({
    primary: g,
    config: {
      log: { level: 'info' },
      primary: `file://${g.exportPath}`,
      assessment: BENCH_ASSESSMENT,
    },
  }).finally(() => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  const profiler = profDir !== undefined ? new ProfileControl(proxy.pid()!, profDir) : undefined;
  /** Runs `fn`, CPU-profiling the proxy under `phase` when it serves and --profile is on. */
  const phase = async <T>(p: Path, name: string, fn: () => Promise<T>): Promise<T> => {
    if (!profiler || p !== 'file') return fn();
    await profiler.start();
    try {
      return await fn();
    } finally {
      const file = await profiler.stop();
      profFiles.set(name, [...(profFiles.get(name) ?? []), file]);
    }
  };
  const clients: NfsClient[] = [];
  try {
    const gc = await connectNfs({
      host: g.host,
      nfsPort: g.nfsPort,
      mountPort: g.mountPort,
      exportPath: g.exportPath,
    });
    clients.push(gc);
    const pc = await connectNfs({
      host: proxy.host,
      nfsPort: proxy.port,
      mountPort: proxy.port,
      exportPath: proxy.exportPath,
    });
    clients.push(pc);
    const targets: Record<Path, Target> = {
      ganesha: { url: (n) => g.fileUrl(n), client: gc },
      file: { url: (n) => proxy.url(`/${n}`), client: pc },
    };
    const workload = async (p: Path, r: number): Promise<void> => {
      const t = targets[p];
      const name = `big-${p}-${r}.bin`;
      const t0 = performance.now();
      await phase(p, 'write', () => sh('nfs-cp', [srcPath, t.url(name)]));
      const writeS = (performance.now() - t0) / 1000;
      check(readFileSync(path.join(g.exportPath, name)).equals(src), `${name} on disk`);
      rmSync(outPath, { force: true });
      const t1 = performance.now();
      await phase(p, 'read', () => sh('nfs-cp', [t.url(name), outPath]));
      const readS = (performance.now() - t1) / 1000;
      check(readFileSync(outPath).equals(src), `${name} read back`);
      const dir = await t.client.mkdir(t.client.root, `small-${p}-${r}`);
      const t2 = performance.now();
      await phase(p, 'small', () =>
        pool(files, IN_FLIGHT, async (i) => {
          const fh = await t.client.create(dir, `f${i}`);
          await t.client.write(fh, 0, small, nfs3.UNSTABLE);
        }),
      );
      const smallS = (performance.now() - t2) / 1000;
      check(
        readFileSync(path.join(g.exportPath, `small-${p}-${r}`, `f${files - 1}`)).equals(small),
        'a small file on disk',
      );
      results[p].write.push(src.length / 1e6 / writeS);
      results[p].read.push(src.length / 1e6 / readS);
      results[p].small.push(files / smallS);
      log(
        `  ${p} round ${r}: write ${(src.length / 1e6 / writeS).toFixed(1)} MB/s, read ` +
          `${(src.length / 1e6 / readS).toFixed(1)} MB/s, small files ${(files / smallS).toFixed(0)} files/s`,
      );
      rmSync(path.join(g.exportPath, name));
    };
    for (let r = 0; r < rounds; r++) {
      // Alternate which path goes first so disk and page-cache state favour neither.
      const order: Path[] = r % 2 === 0 ? ['ganesha', 'file'] : ['file', 'ganesha'];
      for (const p of order) await workload(p, r);
    }
  } finally {
    await Promise.allSettled(clients.map((c) => c.close()));
    await proxy.dispose();
    await g.stop();
    rmSync(local, { recursive: true, force: true });
  }
  const m = (p: Path, k: 'write' | 'read' | 'small'): number => median(results[p][k]);
  for (const [name, list] of profFiles) {
    log();
    log(`== proxy CPU profile: ${name} ==`);
    log(formatProfileSummary(summarizeProfile(list, 20)));
  }
  log();
  log(
    formatTable(
      [
        { header: 'path' },
        { header: `${mib} MiB write`, align: 'right' },
        { header: `${mib} MiB read`, align: 'right' },
        { header: `${files} small files`, align: 'right' },
      ],
      (['ganesha', 'file'] as Path[]).map((p) => [
        p === 'ganesha' ? 'ganesha VFS (direct)' : 'proxy, file:// primary',
        `${m(p, 'write').toFixed(1)} MB/s`,
        `${m(p, 'read').toFixed(1)} MB/s`,
        `${m(p, 'small').toFixed(0)} files/s`,
      ]),
    ),
  );
  const goal = (label: string, r: number): Goal => ({
    label,
    target: `>= ${GOAL.toFixed(2)}×`,
    actual: fmtRatio(r),
    met: r >= GOAL,
  });
  const goals = [
    goal('file:// / ganesha, sequential write', m('file', 'write') / m('ganesha', 'write')),
    goal('file:// / ganesha, sequential read', m('file', 'read') / m('ganesha', 'read')),
    goal('file:// / ganesha, small files', m('file', 'small') / m('ganesha', 'small')),
  ];
  return {
    measurements: [],
    goals,
    notes: [`medians of ${rounds} interleaved rounds; ganesha and the proxy serve one directory`],
    extra: { results, mib, files, rounds },
  };
}
