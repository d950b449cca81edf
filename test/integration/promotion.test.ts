// Promoting a backup to primary against real nfs-ganesha (issue 6): planned, under a running
// workload, with handles and a long nfs-cp held across it; forced, with the primary dead and an
// async backup behind; the old primary fenced and rebuilt.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ganeshaAvailable, startGaneshaSet, type GaneshaInstance } from '../harness/ganesha.js';
import { connectNfs, NFS, readAll, siteUrl, type NfsClient } from '../harness/nfs-client.js';
import { statusName } from '../harness/nfs.js';
import { startProxy, type ProxyInstance } from '../harness/proxy.js';
import { waitSameTrees } from '../harness/trees.js';

if (!ganeshaAvailable()) {
  throw new Error('nfs-ganesha (VFS FSAL), rpcbind or root privileges are not available');
}

function client(p: ProxyInstance): Promise<NfsClient> {
  return connectNfs({ host: p.host, nfsPort: p.port, mountPort: p.port, exportPath: p.exportPath });
}

async function status(
  p: ProxyInstance,
): Promise<{ primary: string; sites: Array<{ name: string; state: string }> }> {
  const r = await p.ctl(['status']);
  assert.equal(r.code, 0, r.stderr);
  return r.json as { primary: string; sites: Array<{ name: string; state: string }> };
}

async function waitState(
  p: ProxyInstance,
  site: string,
  state: string,
  ms = 60_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (let i = 0; i < 2000 && Date.now() < deadline; i++) {
    const s = (await status(p)).sites.find((x) => x.name === site);
    last = s;
    if (s?.state === state) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`${site} did not reach ${state}: ${JSON.stringify(last)}`);
}

describe('planned promotion under load', () => {
  let g: GaneshaInstance[] = [];
  let proxy: ProxyInstance | undefined;

  before(async () => {
    g = await startGaneshaSet(2);
    proxy = await startProxy({
      primary: g[0]!,
      config: {
        backups: [siteUrl(g[1]!, 'sync')],
        replication: { timeoutMs: 1000, heartbeatMs: 300 },
        console: '127.0.0.1:0',
      },
    });
  });
  after(async () => {
    await proxy?.dispose();
    await Promise.allSettled(g.map((x) => x.stop()));
  });

  it('clients see no error and no stale handle; everything is on the new primary; the old one follows', async () => {
    const p = proxy!;
    const c = await client(p);
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'nfsp-promote-'));
    try {
      const dir = await c.mkdir(c.root, 'load');
      const held = await c.create(dir, 'held');
      const heldData = randomBytes(50_000);
      await c.write(held, 0, heldData);
      const written = new Map<string, Buffer>();
      const errors: string[] = [];
      let stop = false;
      const writer = (async () => {
        for (let i = 0; i < 100_000 && !stop; i++) {
          const name = `w${i}`;
          const data = randomBytes(2000 + (i % 50) * 100);
          try {
            await c.write(await c.create(dir, name), 0, data);
            written.set(name, data);
            const back = await readAll(c, await c.lookup(dir, name));
            if (!back.equals(data)) errors.push(`${name}: read back differs`);
          } catch (e) {
            errors.push(`${name}: ${(e as Error).message}`);
          }
        }
      })();
      // A long nfs-cp in flight across the promotion.
      const big = path.join(tmp, 'big.bin');
      writeFileSync(big, randomBytes(96 * 1024 * 1024));
      const copy = new Promise<void>((resolve, reject) =>
        execFile('nfs-cp', [big, p.url('/load/big.bin')], { timeout: 300_000 }, (err, _o, se) =>
          err ? reject(new Error(`nfs-cp: ${se || err.message}`)) : resolve(),
        ),
      );
      await new Promise((r) => setTimeout(r, 700));
      const pr = await p.ctl(['promote', 'site-1']);
      assert.equal(pr.code, 0, `promote: ${pr.stdout} ${pr.stderr}`);
      const report = pr.json as { primary: string; former: string; pauseMs: number };
      assert.equal(report.primary, 'site-1');
      assert.equal(report.former, 'site-0');
      await new Promise((r) => setTimeout(r, 700));
      stop = true;
      await writer;
      await copy;
      assert.deepEqual(errors, []);
      assert.ok(written.size > 20, `only ${written.size} files written`);
      // The handle taken before the promotion still works.
      assert.ok((await readAll(c, held)).equals(heldData));
      const st = await status(p);
      assert.equal(st.primary, 'site-1');
      // Everything is on the new primary's disk.
      for (const [name, data] of written)
        assert.ok(readFileSync(path.join(g[1]!.exportPath, 'load', name)).equals(data), name);
      assert.ok(
        readFileSync(path.join(g[1]!.exportPath, 'load', 'big.bin')).equals(readFileSync(big)),
      );
      // The old primary converges as a backup.
      await waitState(p, 'site-0', 'in-sync');
      assert.equal(await waitSameTrees(g[1]!.exportPath, g[0]!.exportPath, 20_000), undefined);
      // And it survives a restart: the promoted site stays primary.
      await c.close();
      await p.restart();
      assert.equal((await status(p)).primary, 'site-1');
      const c2 = await client(p);
      try {
        assert.ok((await readAll(c2, held)).equals(heldData), 'old handle after restart');
      } finally {
        await c2.close();
      }
    } finally {
      await c.close().catch(() => {});
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('forced promotion', () => {
  let g: GaneshaInstance[] = [];
  let proxy: ProxyInstance | undefined;

  before(async () => {
    g = await startGaneshaSet(2);
    proxy = await startProxy({
      primary: g[0]!,
      config: {
        backups: [siteUrl(g[1]!, 'async')],
        replication: { timeoutMs: 500, heartbeatMs: 300 },
        upstream: { timeoutMs: 1000, retransmissions: 1 },
        console: '127.0.0.1:0',
      },
    });
  });
  after(async () => {
    await proxy?.dispose();
    await Promise.allSettled(g.map((x) => x.stop()));
  });

  it('the primary dies with an async backup behind: the report lists the re-applied mutations; the old primary is fenced and rebuilt', async () => {
    const p = proxy!;
    const c = await client(p);
    const files = new Map<string, Buffer>();
    try {
      const d = await c.mkdir(c.root, 'forced');
      g[1]!.pause(); // the async backup falls behind
      for (let i = 0; i < 10; i++) {
        const data = randomBytes(3000);
        await c.write(await c.create(d, `f${i}`), 0, data);
        files.set(`f${i}`, data);
      }
    } finally {
      await c.close();
    }
    await g[0]!.kill9(); // the primary dies with the backup 10+ mutations behind
    g[1]!.resume();
    const pr = await p.ctl(['promote', 'site-1', '--force']);
    assert.equal(pr.code, 0, `promote --force: ${pr.stdout} ${pr.stderr}`);
    const report = pr.json as {
      forced: boolean;
      fenced: boolean;
      reapplied: Array<{ what: string; result: string }>;
      lost: unknown[];
    };
    assert.equal(report.forced, true);
    assert.equal(report.fenced, true);
    assert.deepEqual(report.lost, []);
    // Whatever the backup had not applied yet was re-applied from the spool.
    for (const [name, data] of files)
      assert.ok(readFileSync(path.join(g[1]!.exportPath, 'forced', name)).equals(data), name);
    // Clients keep working on the new primary.
    const c2 = await client(p);
    try {
      const d = await c2.lookup(c2.root, 'forced');
      await c2.write(await c2.create(d, 'after'), 0, Buffer.from('after the takeover'));
    } finally {
      await c2.close();
    }
    // The old primary comes back with stale data: fenced, rebuilt by a resync, identical.
    await g[0]!.restart();
    const st = await status(p);
    assert.equal(st.primary, 'site-1');
    assert.equal(st.sites.find((s) => s.name === 'site-0')?.state, 'needs-resync');
    const rs = await p.ctl(['resync', 'site-0']);
    assert.equal(rs.code, 0, `resync: ${rs.stdout} ${rs.stderr}`);
    await waitState(p, 'site-0', 'in-sync');
    assert.equal(await waitSameTrees(g[1]!.exportPath, g[0]!.exportPath, 20_000), undefined);
  });
});

describe('automatic takeover', () => {
  let g: GaneshaInstance[] = [];
  let proxy: ProxyInstance | undefined;

  before(async () => {
    g = await startGaneshaSet(2);
    proxy = await startProxy({
      primary: g[0]!,
      config: {
        backups: [siteUrl(g[1]!, 'sync')],
        replication: { timeoutMs: 500, heartbeatMs: 300 },
        upstream: { timeoutMs: 500, retransmissions: 1 },
        health: { intervalMs: 300, timeoutMs: 300 },
        takeover: { auto: true, afterFailures: 3 },
        console: '127.0.0.1:0',
      },
    });
  });
  after(async () => {
    await proxy?.dispose();
    await Promise.allSettled(g.map((x) => x.stop()));
  });

  it('primary kill -9: the sync backup takes over, no acknowledged write is lost', async () => {
    const p = proxy!;
    const c = await connectNfs({
      host: p.host,
      nfsPort: p.port,
      mountPort: p.port,
      exportPath: p.exportPath,
      timeoutMs: 1000,
      retransmissions: 30,
    });
    const acked = new Map<string, Buffer>();
    try {
      const d = await c.mkdir(c.root, 'takeover');
      let killedAt = 0;
      let firstAfter = 0;
      for (let i = 0; i < 400; i++) {
        if (i === 100) {
          await g[0]!.kill9();
          killedAt = Date.now();
        }
        const data = randomBytes(1000 + i);
        await c.write(await c.create(d, `f${i}`), 0, data);
        acked.set(`f${i}`, data);
        if (killedAt && !firstAfter) firstAfter = Date.now();
      }
      const st = await status(p);
      assert.equal(st.primary, 'site-1');
      assert.equal(st.sites.find((s) => s.name === 'site-0')?.state, 'needs-resync');
      for (const [name, data] of acked)
        assert.ok(
          readFileSync(path.join(g[1]!.exportPath, 'takeover', name)).equals(data),
          `${name} lost`,
        );
      const audit = p.logs().find((l) => l.msg === 'automatic takeover: promoting a backup');
      assert.ok(audit, 'the takeover is logged');
      assert.ok(firstAfter - killedAt < 30_000, `first write after ${firstAfter - killedAt} ms`);
    } finally {
      await c.close();
    }
  });
});

describe('degraded service while the primary is out (no takeover)', () => {
  let g: GaneshaInstance[] = [];
  let proxy: ProxyInstance | undefined;

  before(async () => {
    g = await startGaneshaSet(2);
    proxy = await startProxy({
      primary: g[0]!,
      config: {
        backups: [siteUrl(g[1]!, 'sync')],
        replication: { timeoutMs: 500, heartbeatMs: 300 },
        upstream: { timeoutMs: 500, retransmissions: 1 },
        health: { intervalMs: 200, timeoutMs: 200 },
        degraded: { writes: 'jukebox', reads: 'backup' },
        console: '127.0.0.1:0',
      },
    });
  });
  after(async () => {
    g[0]?.resume();
    await proxy?.dispose();
    await Promise.allSettled(g.map((x) => x.stop()));
  });

  it('reads are served from the in-sync backup, writes get NFS3ERR_JUKEBOX, until the primary answers', async () => {
    const p = proxy!;
    const c = await client(p);
    try {
      const d = await c.mkdir(c.root, 'deg');
      const fh = await c.create(d, 'f');
      const data = randomBytes(100_000);
      await c.write(fh, 0, data);
      g[0]!.pause(); // the primary hangs
      const deadline = Date.now() + 20_000;
      for (;;) {
        const h = (
          (await p.ctl(['status'])).json as { health: Array<{ name: string; reachable: boolean }> }
        ).health;
        if (h.find((x) => x.name === 'site-0')?.reachable === false) break;
        assert.ok(Date.now() < deadline, 'the primary was never seen out');
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok((await readAll(c, fh)).equals(data), 'READ from the backup');
      const lk = await c.call(NFS.NFSPROC3_LOOKUP, { what: { dir: d, name: Buffer.from('f') } });
      assert.equal(statusName(lk.status), 'NFS3_OK');
      const ga = await c.call(NFS.NFSPROC3_GETATTR, { object: fh });
      assert.equal(statusName(ga.status), 'NFS3_OK');
      const w = await c.call(NFS.NFSPROC3_WRITE, {
        file: fh,
        offset: 0n,
        count: 1,
        stable: 2,
        data: Buffer.from('x'),
      });
      assert.equal(statusName(w.status), 'NFS3ERR_JUKEBOX');
      g[0]!.resume();
      for (;;) {
        const h = (
          (await p.ctl(['status'])).json as { health: Array<{ name: string; reachable: boolean }> }
        ).health;
        if (h.find((x) => x.name === 'site-0')?.reachable === true) break;
        assert.ok(Date.now() < deadline + 20_000, 'the primary never came back');
        await new Promise((r) => setTimeout(r, 100));
      }
      await c.write(fh, 0, Buffer.from('y'));
    } finally {
      await c.close();
    }
  });
});
