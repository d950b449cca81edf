/**
 * `npm run bench -- versions` (issue 5), on real nfs-ganesha:
 *   (a) version creation time for trees of 10k and 100k files (10 files per directory), and the
 *       10k tree holding 10 MiB vs 1 GiB of data: creation must not grow with data size (goal:
 *       ≤ 1 s for 100k files). Trees are made on the primary's disk, then scanned once by the
 *       proxy (scan time reported apart); the figure is the creation of a version after that.
 *   (b) latency of the first WRITE after a version to a 1 MiB file (it pays the copy) vs the
 *       second (goal: within 10% of an unversioned write).
 *   (c) sequential write throughput (nfs-cp of new 256 MiB files, back to back) with a version
 *       every 10 s vs none (goal ≥ 0.85).
 * Options: --quick (smaller trees and file), --files=N (largest tree, default 100000).
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomFillSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import { consoleRequest } from '../../src/cli/ctl.js';
import { ganeshaAvailable, startGanesha, type GaneshaInstance } from '../harness/ganesha.js';
import { connectNfs } from '../harness/nfs-client.js';
import { runCli, startProxy, type ProxyInstance } from '../harness/proxy.js';
import {
  fmtRatio,
  formatTable,
  type BenchContext,
  type BenchReport,
  type Goal,
  BENCH_ASSESSMENT,
} from './harness.js';

export const description =
  'versions: creation time vs tree size and data size, first-write copy cost, throughput with a version every 10 s';

function sh(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { timeout: 600_000 }, (err, _o, se) =>
      err ? reject(new Error(`${cmd}: ${se || err.message}`)) : resolve(),
    ),
  );
}

/** Makes `files` files (10 per directory) of `bytesEach` under `root` on local disk. */
function makeTree(root: string, files: number, bytesEach: number): void {
  const buf = Buffer.alloc(bytesEach);
  randomFillSync(buf);
  for (let d = 0; d < Math.ceil(files / 10); d++) {
    const dir = path.join(root, `d${Math.floor(d / 100)}`, `d${d}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < 10 && d * 10 + f < files; f++) writeFileSync(path.join(dir, `f${f}`), buf);
  }
}

async function tokenFor(p: ProxyInstance): Promise<string> {
  const r = await runCli(['token', 'create', '--role', 'admin', '--state', p.stateDir]);
  return r.stdout.trim().split('\n').pop()!;
}

export async function run(ctx: BenchContext): Promise<BenchReport> {
  if (!ganeshaAvailable()) throw new Error('versions benchmark: needs root and nfs-ganesha');
  const quick = ctx.quick;
  const big = Number(ctx.args.get('files') ?? (quick ? 20_000 : 100_000));
  const small = Math.min(10_000, big);
  const log = (t?: string): void => ctx.log(t);
  const goals: Goal[] = [];
  const extra: Record<string, unknown> = {};
  const rows: string[][] = [];

  // (a) creation time vs tree size and data size: one fresh primary + proxy per tree.
  const creation = async (label: string, files: number, bytesEach: number): Promise<number> => {
    const g = await startGanesha({ name: `vb-${label}` });
    let p: ProxyInstance | undefined;
    try {
      makeTree(path.join(g.exportPath, 'tree'), files, bytesEach);
      p = await startProxy({
        primary: g,
        config: { console: '127.0.0.1:0', log: { level: 'info' }, assessment: BENCH_ASSESSMENT },
      });
      const token = await tokenFor(p);
      const t0 = performance.now();
      await consoleRequest(p.consoleAddress!, token, 'versions.create', { name: 'first' });
      const firstMs = performance.now() - t0;
      const before = (
        (await consoleRequest(p.consoleAddress!, token, 'status', {})) as {
          primaryCalls: Record<string, number>;
        }
      ).primaryCalls;
      const t1 = performance.now();
      await consoleRequest(p.consoleAddress!, token, 'versions.create', { name: 'second' });
      const ms = performance.now() - t1;
      const after = (
        (await consoleRequest(p.consoleAddress!, token, 'status', {})) as {
          primaryCalls: Record<string, number>;
        }
      ).primaryCalls;
      const reads = (after['NFSPROC3_READ'] ?? 0) - (before['NFSPROC3_READ'] ?? 0);
      const calls =
        Object.values(after).reduce((a, b) => a + b, 0) -
        Object.values(before).reduce((a, b) => a + b, 0);
      rows.push([
        label,
        String(files),
        `${((files * bytesEach) / 1048576).toFixed(0)} MiB`,
        `${(firstMs / 1000).toFixed(2)} s`,
        `${ms.toFixed(0)} ms`,
        String(calls),
      ]);
      log(
        `  (a) ${label}: scan + first version ${(firstMs / 1000).toFixed(2)} s; version ${ms.toFixed(0)} ms; ${calls} calls to the primary (${reads} READ)`,
      );
      if (reads !== 0)
        throw new Error(`FIXTURE MISMATCH: version creation READ file data (${reads})`);
      return ms;
    } finally {
      await p?.dispose();
      await g.stop();
    }
  };
  const aSmall = await creation('10k, small data', small, 1024);
  const aBig = await creation('10k, big data', small, quick ? 10 * 1024 : 100 * 1024);
  const aLarge = await creation(`${big / 1000}k files`, big, 64);
  goals.push({
    label: `(a) version of ${big} files`,
    target: '<= 1000 ms',
    actual: `${aLarge.toFixed(0)} ms`,
    met: aLarge <= 1000,
  });
  goals.push({
    label: '(a) creation time independent of data size (10k tree)',
    target: 'big within 1.5× or 50 ms of small',
    actual: `${aBig.toFixed(0)} vs ${aSmall.toFixed(0)} ms`,
    met: aBig <= aSmall * 1.5 || aBig - aSmall <= 50,
  });
  log(
    formatTable(
      [
        { header: 'tree' },
        { header: 'files', align: 'right' },
        { header: 'data', align: 'right' },
        { header: 'scan + 1st', align: 'right' },
        { header: 'version', align: 'right' },
        { header: 'primary calls', align: 'right' },
      ],
      rows,
    ),
  );

  // (b) and (c) on one primary + proxy.
  const g: GaneshaInstance = await startGanesha({ name: 'vb-io' });
  let p: ProxyInstance | undefined;
  const shm = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const local = mkdtempSync(path.join(shm, 'nfsp-vbench-'));
  try {
    p = await startProxy({
      primary: g,
      config: { console: '127.0.0.1:0', log: { level: 'info' }, assessment: BENCH_ASSESSMENT },
    });
    const token = await tokenFor(p);
    const c = await connectNfs({
      host: p.host,
      nfsPort: p.port,
      mountPort: p.port,
      exportPath: p.exportPath,
    });
    const rounds = quick ? 5 : 20;
    const firsts: number[] = [];
    const seconds: number[] = [];
    const plain: number[] = [];
    const chunk = randomBytes(64 * 1024);
    for (let r = 0; r < rounds; r++) {
      const fh = await c.create(c.root, `lat-${r}`);
      await c.write(fh, 0, randomBytes(1024 * 1024));
      let t = performance.now();
      await c.write(fh, 0, chunk, nfs3.UNSTABLE);
      plain.push(performance.now() - t);
      await consoleRequest(p.consoleAddress!, token, 'versions.create', {});
      t = performance.now();
      await c.write(fh, 0, chunk, nfs3.UNSTABLE);
      firsts.push(performance.now() - t);
      t = performance.now();
      await c.write(fh, 65536, chunk, nfs3.UNSTABLE);
      seconds.push(performance.now() - t);
    }
    const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    log(
      `  (b) 64 KiB WRITE to a 1 MiB file: unversioned ${med(plain).toFixed(2)} ms, first after a version ${med(firsts).toFixed(2)} ms, second ${med(seconds).toFixed(2)} ms`,
    );
    goals.push({
      label: '(b) second write after a version vs unversioned',
      target: '<= 1.10×',
      actual: fmtRatio(med(seconds) / med(plain)),
      met: med(seconds) / med(plain) <= 1.1,
    });
    extra['firstWriteMs'] = med(firsts);
    extra['secondWriteMs'] = med(seconds);
    extra['plainWriteMs'] = med(plain);

    // (c) sequential write with and without a version every 10 s.
    const mib = quick ? 64 : 256;
    const src = path.join(local, 'src.bin');
    const data = Buffer.allocUnsafe(mib * 1024 * 1024);
    randomFillSync(data);
    writeFileSync(src, data);
    const copy = async (name: string): Promise<number> => {
      const t = performance.now();
      await sh('nfs-cp', [src, p!.url(`/${name}`)]);
      return data.length / 1e6 / ((performance.now() - t) / 1000);
    };
    const without: number[] = [];
    const withV: number[] = [];
    // Long enough for several versions to land during writes (at least 30 s, 10 s quick).
    const minMs = quick ? 10_000 : 30_000;
    const t0 = performance.now();
    for (let r = 0; r < 100 && (r < 2 || performance.now() - t0 < minMs); r++)
      without.push(await copy(`nv-${r}.bin`));
    const n = without.length;
    // New files written back to back while a version is taken every 10 s (as a scheduler
    // would): a file being written when a version is taken is copied on its next write.
    await consoleRequest(p.consoleAddress!, token, 'versions.create', {});
    const timer = setInterval(
      () => void consoleRequest(p!.consoleAddress!, token, 'versions.create', {}),
      10_000,
    );
    try {
      for (let r = 0; r < n; r++) withV.push(await copy(`wv-${r}.bin`));
    } finally {
      clearInterval(timer);
    }
    const ratio = med(withV) / med(without);
    log(
      `  (c) nfs-cp ${mib} MiB: ${med(without).toFixed(1)} MB/s without versions, ${med(withV).toFixed(1)} MB/s with a version every 10 s (${fmtRatio(ratio)})`,
    );
    goals.push({
      label: '(c) write with a version every 10 s',
      target: '>= 0.85×',
      actual: fmtRatio(ratio),
      met: ratio >= 0.85,
    });
    extra['throughput'] = { without, withVersions: withV };
    await c.close();
  } finally {
    await p?.dispose();
    await g.stop();
    rmSync(local, { recursive: true, force: true });
  }
  return { measurements: [], goals, extra: { ...extra, creationRows: rows } };
}
