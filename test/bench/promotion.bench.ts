/**
 * `npm run bench -- promotion` (issue 6), on real nfs-ganesha (a primary and a sync backup):
 *   (1) the pause of a planned promotion under a running write workload: the proxy's reported
 *       hold time and the longest client write latency around it, median of 5 promotions
 *       (back and forth between the two sites);
 *   (2) automatic takeover: time from the primary's kill -9 to the first successful client
 *       write;
 *   (3) the paper's experiment: continuous reads of a large tree (a restore) while the primary
 *       is switched off; the read rate per 250 ms before, during and after, and the dip.
 * Options: --quick (3 promotions, a smaller tree).
 */
import { randomBytes } from 'node:crypto';
import { consoleRequest } from '../../src/cli/ctl.js';
import type * as nfs3 from '../../src/protocol/generated/nfs3.js';
import { ganeshaAvailable, startGaneshaSet, type GaneshaInstance } from '../harness/ganesha.js';
import { connectNfs, NFS } from '../harness/nfs-client.js';
import { runCli, startProxy, type ProxyInstance } from '../harness/proxy.js';
import { BENCH_ASSESSMENT, type BenchContext, type BenchReport, type Goal } from './harness.js';

export const description =
  'promotion: planned-promotion pause under load, takeover time after primary kill -9, read-rate dip';

function siteUrl(g: GaneshaInstance): string {
  return `nfs://${g.host}${g.exportPath}?nfsport=${g.nfsPort}&mountport=${g.mountPort}&mode=sync`;
}

const med = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function run(ctx: BenchContext): Promise<BenchReport> {
  if (!ganeshaAvailable()) throw new Error('promotion benchmark: needs root and nfs-ganesha');
  const quick = ctx.quick;
  const log = (t?: string): void => ctx.log(t);
  const extra: Record<string, unknown> = {};
  const goals: Goal[] = [];

  const setup = async (
    auto: boolean,
  ): Promise<{ g: GaneshaInstance[]; p: ProxyInstance; token: string }> => {
    const g = await startGaneshaSet(2);
    const p = await startProxy({
      primary: g[0]!,
      config: {
        log: { level: 'info' },
        assessment: BENCH_ASSESSMENT,
        backups: [siteUrl(g[1]!)],
        console: '127.0.0.1:0',
        replication: { timeoutMs: 500, heartbeatMs: 300 },
        upstream: { timeoutMs: 500, retransmissions: 1 },
        health: { intervalMs: 250, timeoutMs: 250 },
        takeover: { auto, afterFailures: 3 },
      },
    });
    const r = await runCli(['token', 'create', '--role', 'admin', '--state', p.stateDir]);
    return { g, p, token: r.stdout.trim().split('\n').pop()! };
  };

  // (1) planned promotion pause under load.
  {
    const { g, p, token } = await setup(false);
    try {
      const c = await connectNfs({
        host: p.host,
        nfsPort: p.port,
        mountPort: p.port,
        exportPath: p.exportPath,
        retransmissions: 10,
      });
      const d = await c.mkdir(c.root, 'load');
      let stop = false;
      const lat: Array<[number, number]> = [];
      const writer = (async () => {
        for (let i = 0; !stop && i < 1_000_000; i++) {
          const t = performance.now();
          await c.write(await c.create(d, `w${i}`), 0, randomBytes(4096));
          lat.push([t, performance.now() - t]);
        }
      })();
      const pauses: number[] = [];
      const clientMax: number[] = [];
      const n = quick ? 3 : 5;
      let target = 'site-1';
      for (let i = 0; i < n; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        const t0 = performance.now();
        const rep = (await consoleRequest(p.consoleAddress!, token, 'promote', {
          site: target,
        })) as { pauseMs: number };
        const t1 = performance.now();
        pauses.push(rep.pauseMs);
        const around = lat.filter(([t]) => t >= t0 - 500 && t <= t1 + 500).map(([, l]) => l);
        clientMax.push(Math.max(0, ...around));
        log(
          `  (1) promote ${target}: held ${rep.pauseMs} ms; slowest client write around it ${Math.max(0, ...around).toFixed(1)} ms`,
        );
        target = target === 'site-1' ? 'site-0' : 'site-1';
        // The old primary must be in sync before it can be promoted back.
        for (let k = 0; k < 200; k++) {
          const st = (await consoleRequest(p.consoleAddress!, token, 'status', {})) as {
            sites: Array<{ name: string; state: string }>;
          };
          if (st.sites.find((s) => s.name === target)?.state === 'in-sync') break;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      stop = true;
      await writer;
      await c.close();
      const normal = med(lat.map(([, l]) => l));
      log(
        `  (1) median hold ${med(pauses)} ms; median slowest client write ${med(clientMax).toFixed(1)} ms (a normal write: ${normal.toFixed(1)} ms)`,
      );
      extra['plannedPauseMs'] = pauses;
      extra['plannedClientMaxMs'] = clientMax;
      goals.push({
        label: '(1) planned promotion: clients held',
        target: 'reported',
        actual: `${med(pauses)} ms (median of ${n})`,
        met: true,
      });
    } finally {
      await p.dispose();
      await Promise.allSettled(g.map((x) => x.stop()));
    }
  }

  // (2) automatic takeover and (3) the read-rate dip, one run.
  {
    const { g, p } = await setup(true);
    try {
      const c = await connectNfs({
        host: p.host,
        nfsPort: p.port,
        mountPort: p.port,
        exportPath: p.exportPath,
        timeoutMs: 500,
        retransmissions: 100,
      });
      const d = await c.mkdir(c.root, 'tree');
      const nFiles = quick ? 40 : 100;
      const files: nfs3.nfs_fh3[] = [];
      for (let i = 0; i < nFiles; i++) {
        const fh = await c.create(d, `r${i}`);
        await c.write(fh, 0, randomBytes(256 * 1024));
        files.push(fh);
      }
      // Readers: a restore reading the tree round-robin; bytes per 250 ms window.
      const windows = new Map<number, number>();
      let stop = false;
      const t0 = performance.now();
      const readers = [0, 1].map(async (k) => {
        for (let i = k; !stop && i < 10_000_000; i += 2) {
          const r = await c.call(NFS.NFSPROC3_READ, {
            file: files[i % nFiles]!,
            offset: 0n,
            count: 256 * 1024,
          });
          if (r.status === 0) {
            const w = Math.floor((performance.now() - t0) / 250);
            windows.set(w, (windows.get(w) ?? 0) + r.resok.data.length);
          }
        }
      });
      await new Promise((r) => setTimeout(r, 3000));
      const killAt = performance.now();
      await g[0]!.kill9();
      // (2) the first successful write after the kill.
      const w = await c.create(d, 'after-kill');
      await c.write(w, 0, Buffer.from('x'));
      const takeoverMs = performance.now() - killAt;
      log(`  (2) primary kill -9 -> first successful write: ${takeoverMs.toFixed(0)} ms`);
      await new Promise((r) => setTimeout(r, 3000));
      stop = true;
      await Promise.all(readers);
      await c.close();
      const killW = Math.floor((killAt - t0) / 250);
      const rate = (from: number, to: number): number => {
        let b = 0;
        let n = 0;
        for (let x = from; x < to; x++) {
          b += windows.get(x) ?? 0;
          n++;
        }
        return n ? b / n / 0.25 / 1e6 : 0;
      };
      const before = rate(2, killW);
      let minWindow = Infinity;
      for (let x = killW; x < killW + Math.ceil(takeoverMs / 250) + 1; x++)
        minWindow = Math.min(minWindow, (windows.get(x) ?? 0) / 0.25 / 1e6);
      const lastW = Math.max(...windows.keys());
      const afterRate = rate(killW + Math.ceil(takeoverMs / 250) + 2, lastW);
      const stalledMs =
        [...Array(lastW + 1).keys()].filter((x) => x >= killW && !windows.get(x)).length * 250;
      log(
        `  (3) reads: ${before.toFixed(1)} MB/s before, ${afterRate.toFixed(1)} MB/s after the takeover; no reads for about ${stalledMs} ms`,
      );
      extra['takeoverMs'] = takeoverMs;
      extra['readRate'] = {
        beforeMBps: before,
        afterMBps: afterRate,
        minWindowMBps: minWindow,
        stalledMs,
      };
      goals.push({
        label: '(2) primary death -> first write',
        target: 'reported',
        actual: `${takeoverMs.toFixed(0)} ms`,
        met: true,
      });
      goals.push({
        label: '(3) reads continue after the takeover',
        target: 'after >= 0.5× before',
        actual: `${(afterRate / before).toFixed(2)}×`,
        met: afterRate >= 0.5 * before,
      });
    } finally {
      await p.dispose();
      await Promise.allSettled(g.map((x) => x.stop()));
    }
  }
  return { measurements: [], goals, extra };
}
