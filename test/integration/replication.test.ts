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
import { connectNfs, siteUrl, type NfsClient } from '../harness/nfs-client.js';
import { startProxy, type ProxyInstance } from '../harness/proxy.js';
import { waitSameTrees } from '../harness/trees.js';

if (!ganeshaAvailable()) {
  throw new Error('nfs-ganesha (VFS FSAL), rpcbind or root privileges are not available');
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

async function status(
  p: ProxyInstance,
): Promise<{ sites: SiteStatusJson[]; journal: { bytes: number } }> {
  const r = await p.ctl(['status']);
  assert.equal(r.code, 0, `ctl status failed: ${r.stderr}`);
  return r.json as { sites: SiteStatusJson[]; journal: { bytes: number } };
}

/** Polls ctl status until `site` is in `state` (bounded). */
async function waitState(
  p: ProxyInstance,
  site: string,
  state: string,
  timeoutMs = 60_000,
): Promise<void> {
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

  it('kill -9 of the proxy during writes: after a restart all sites converge, nothing acknowledged is lost', async () => {
    const acked = new Map<string, Buffer>();
    const c = await client(proxy!);
    let d: Awaited<ReturnType<NfsClient['mkdir']>>;
    try {
      d = await c.mkdir(c.root, 'crash');
    } finally {
      await c.close();
    }
    const writers = [0, 1, 2].map(async (w) => {
      const cw = await connectNfs({
        host: proxy!.host,
        nfsPort: proxy!.port,
        mountPort: proxy!.port,
        exportPath: proxy!.exportPath,
        timeoutMs: 1000,
        retransmissions: 0,
      });
      try {
        for (let i = 0; i < 10_000; i++) {
          const name = `w${w}-${i}`;
          const data = randomBytes(1000 + ((i * 997) % 60_000));
          try {
            const fh = await cw.create(d, name);
            await cw.write(fh, 0, data, nfs3.FILE_SYNC);
            acked.set(name, data);
          } catch {
            return; // the proxy died
          }
        }
      } finally {
        await cw.close().catch(() => {});
      }
    });
    await sleep(1500);
    await proxy!.kill9();
    await Promise.all(writers);
    assert.ok(acked.size > 10, `only ${acked.size} writes were acknowledged before the kill`);
    await proxy!.restart();
    await waitState(proxy!, 'site-1', 'in-sync', 60_000);
    await waitState(proxy!, 'site-2', 'in-sync', 60_000);
    for (const gi of [0, 1, 2]) {
      for (const [name, data] of acked) {
        const onDisk = readFileSync(path.join(g[gi]!.exportPath, 'crash', name));
        assert.ok(onDisk.equals(data), `${g[gi]!.name}: crash/${name} lost acknowledged data`);
      }
    }
    assert.equal(await waitSameTrees(g[0]!.exportPath, g[1]!.exportPath, 10_000), undefined);
    assert.equal(await waitSameTrees(g[0]!.exportPath, g[2]!.exportPath, 30_000), undefined);
  });

  it('a site changed behind the proxy: verify reports exactly those files, resync repairs them', async () => {
    const c = await client(proxy!);
    try {
      const d = await c.mkdir(c.root, 'behind');
      for (const n of ['keep', 'edit', 'gone', 'chmod'])
        await c.write(await c.create(d, n), 0, Buffer.from(`content of ${n}\n`));
    } finally {
      await c.close();
    }
    assert.equal(await waitSameTrees(g[0]!.exportPath, g[2]!.exportPath, 20_000), undefined);
    const b = path.join(g[1]!.exportPath, 'behind');
    writeFileSync(path.join(b, 'edit'), 'CONTENT OF EDIT\n'); // same size, other bytes
    rmSync(path.join(b, 'gone'));
    writeFileSync(path.join(b, 'extra'), 'not on the primary\n');
    const { chmodSync } = await import('node:fs');
    chmodSync(path.join(b, 'chmod'), 0o600);
    const v = await proxy!.ctl(['verify', 'site-1']);
    assert.equal(v.code, 3, `verify should report differences: ${v.stdout} ${v.stderr}`);
    const r = (v.json as Record<string, { differences: Array<{ path: string; kind: string }> }>)[
      'site-1'
    ]!;
    const found = r.differences.map((x) => `${x.kind} ${x.path}`).sort();
    assert.deepEqual(found, [
      'content behind/edit',
      'extra behind/extra',
      'missing behind/gone',
      'mode behind/chmod',
    ]);
    const rs = await proxy!.ctl(['resync', 'site-1']);
    assert.equal(rs.code, 0, `resync: ${rs.stdout} ${rs.stderr}`);
    await waitState(proxy!, 'site-1', 'in-sync', 60_000);
    const again = await proxy!.ctl(['verify', 'site-1']);
    assert.equal(again.code, 0, `verify after resync: ${again.stdout}`);
    assert.equal(await waitSameTrees(g[0]!.exportPath, g[1]!.exportPath, 5_000), undefined);
  });
});

describe('replication: spool quota', () => {
  let g: GaneshaInstance[] = [];
  let proxy: ProxyInstance | undefined;

  before(async () => {
    g = await startGaneshaSet(2);
    proxy = await startProxy({
      primary: g[0]!,
      config: {
        backups: [siteUrl(g[1]!, 'async')],
        replication: {
          timeoutMs: 500,
          heartbeatMs: 300,
          journal: { quotaBytes: 2 * 1024 * 1024, segmentBytes: 1024 * 1024 },
        },
        console: '127.0.0.1:0',
      },
    });
  });
  after(async () => {
    await proxy?.dispose();
    await Promise.allSettled(g.map((x) => x.stop()));
  });

  it('a backlog over the quota marks the site needs-resync; clients keep working; resync fixes it', async () => {
    const c = await client(proxy!);
    try {
      g[1]!.pause();
      const d = await c.mkdir(c.root, 'q');
      // 4 MiB through a 2 MiB spool: the hung site cannot be kept by replay.
      for (let i = 0; i < 64; i++) {
        const fh = await c.create(d, `f${i}`);
        await c.write(fh, 0, randomBytes(64 * 1024));
      }
      await waitState(proxy!, 'site-1', 'needs-resync', 30_000);
      const st = await status(proxy!);
      assert.match(st.sites[0]!.reason ?? '', /quota/);
      assert.ok(st.journal.bytes <= 2 * 1024 * 1024, `journal ${st.journal.bytes} over quota`);
      // Clients are unaffected.
      await c.write(await c.create(d, 'after'), 0, Buffer.from('still works'));
    } finally {
      await c.close();
      g[1]!.resume();
    }
    const rs = await proxy!.ctl(['resync', 'site-1']);
    assert.equal(rs.code, 0, `resync: ${rs.stdout} ${rs.stderr}`);
    await waitState(proxy!, 'site-1', 'in-sync', 60_000);
    assert.equal(await waitSameTrees(g[0]!.exportPath, g[1]!.exportPath, 10_000), undefined);
  });

  it('resync --from SITE rebuilds a damaged primary from the backup', async () => {
    const c = await client(proxy!);
    try {
      const d = await c.mkdir(c.root, 'rebuild');
      for (const n of ['a', 'b', 'c'])
        await c.write(await c.create(d, n), 0, Buffer.from(`good ${n}\n`));
    } finally {
      await c.close();
    }
    await waitState(proxy!, 'site-1', 'in-sync', 30_000);
    assert.equal(await waitSameTrees(g[0]!.exportPath, g[1]!.exportPath, 20_000), undefined);
    // The primary is damaged behind the proxy's back.
    const p0 = path.join(g[0]!.exportPath, 'rebuild');
    writeFileSync(path.join(p0, 'a'), 'ENCRYPTED GARBAGE');
    rmSync(path.join(p0, 'b'));
    writeFileSync(path.join(p0, 'ransom-note.txt'), 'pay up\n');
    const r = await proxy!.ctl(['resync', '--from', 'site-1']);
    assert.equal(r.code, 0, `resync --from: ${r.stdout} ${r.stderr}`);
    assert.equal((r.json as { rebuilt: string }).rebuilt, 'primary');
    assert.equal(await waitSameTrees(g[0]!.exportPath, g[1]!.exportPath, 5_000), undefined);
    assert.equal(readFileSync(path.join(p0, 'a'), 'utf8'), 'good a\n');
    // Clients keep working, and what they write still reaches the backup.
    const c2 = await client(proxy!);
    try {
      const d = await c2.lookup(c2.root, 'rebuild');
      await c2.write(await c2.create(d, 'after'), 0, Buffer.from('after the rebuild\n'));
    } finally {
      await c2.close();
    }
    assert.equal(await waitSameTrees(g[0]!.exportPath, g[1]!.exportPath, 20_000), undefined);
    const bad = await proxy!.ctl(['resync', '--from', 'site-9']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /bad-params: no backup site named 'site-9'/);
  });
});
