// WRITE and COMMIT sent to live sync backups in parallel with the primary (issue 9), against
// real nfs-ganesha: concurrent overlapping writes converge, and a WRITE the primary refuses
// (a file made read-only on the primary's disk) is undone on the backup by the repair record
// that follows it, without marking the backup needs-resync.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { authSys } from '@nfs/rpc-xdr';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import { ganeshaAvailable, startGaneshaSet, type GaneshaInstance } from '../harness/ganesha.js';
import { connectNfs, siteUrl, NFS, type NfsClient } from '../harness/nfs-client.js';
import { startProxy, type ProxyInstance } from '../harness/proxy.js';
import { waitSameTrees } from '../harness/trees.js';

if (!ganeshaAvailable()) {
  throw new Error('nfs-ganesha (VFS FSAL), rpcbind or root privileges are not available');
}

/** Not the file's owner: only the mode's bits for others decide. */
const USER = authSys({ uid: 1001, gid: 1001, machineName: 'parallel-test' });

async function siteStates(p: ProxyInstance): Promise<Array<{ name: string; state: string }>> {
  const r = await p.ctl(['status']);
  assert.equal(r.code, 0, `ctl status failed: ${r.stderr}`);
  return (r.json as { sites: Array<{ name: string; state: string }> }).sites;
}

describe('replication: WRITE and COMMIT to sync backups in parallel with the primary', () => {
  let g: GaneshaInstance[] = [];
  let proxy: ProxyInstance;
  let c: NfsClient;

  before(async () => {
    g = await startGaneshaSet(3);
    proxy = await startProxy({
      primary: g[0]!,
      config: {
        console: '127.0.0.1:0',
        backups: [siteUrl(g[1]!, 'sync'), siteUrl(g[2]!, 'sync')],
        replication: { timeoutMs: 1000, heartbeatMs: 300 },
      },
    });
    c = await connectNfs({
      host: proxy.host,
      nfsPort: proxy.port,
      mountPort: proxy.port,
      exportPath: proxy.exportPath,
    });
  });

  after(async () => {
    await c?.close();
    await proxy?.dispose();
    await Promise.allSettled(g.map((x) => x.stop()));
  });

  it('concurrent overlapping UNSTABLE writes and COMMITs converge on every site', async () => {
    const files = await Promise.all(Array.from({ length: 8 }, (_, i) => c.create(c.root, `p${i}`)));
    const writes: Promise<unknown>[] = [];
    for (let round = 0; round < 20; round++) {
      for (const [i, fh] of files.entries()) {
        const off = ((round * 7 + i * 3) % 16) * 4096;
        writes.push(c.write(fh, off, randomBytes(8192), nfs3.UNSTABLE));
      }
    }
    await Promise.all(writes);
    await Promise.all(files.map((fh) => c.commit(fh)));
    // Sync sites: the replies waited for them (held UNSTABLE writes are committed by COMMIT).
    assert.equal(await waitSameTrees(g[0]!.exportPath, g[1]!.exportPath, 1_000), undefined);
    assert.equal(await waitSameTrees(g[0]!.exportPath, g[2]!.exportPath, 1_000), undefined);
    assert.ok((await siteStates(proxy)).every((s) => s.state === 'in-sync'));
  });

  it('a sync backup hung (SIGSTOP) under parallel writes goes out, spools, and catches up', async () => {
    const fh = await c.create(c.root, 'hung');
    for (let i = 0; i < 8; i++) await c.write(fh, i * 65536, randomBytes(65536));
    // Hung before the next writes (not after a delay: on an idle machine all the writes could
    // finish before it, and with nothing owed the site is never declared out).
    g[2]!.pause();
    let wentOut = false;
    try {
      for (let i = 0; i < 60; i++) await c.write(fh, (i % 16) * 65536, randomBytes(65536));
      const deadline = Date.now() + 30_000;
      while (!wentOut && Date.now() < deadline) {
        wentOut = (await siteStates(proxy)).find((s) => s.name === 'site-2')?.state === 'out';
        if (!wentOut) await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      g[2]!.resume();
    }
    assert.ok(wentOut, 'site-2 was declared out');
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if ((await siteStates(proxy)).every((s) => s.state === 'in-sync')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok((await siteStates(proxy)).every((s) => s.state === 'in-sync'));
    assert.equal(await waitSameTrees(g[0]!.exportPath, g[1]!.exportPath, 1_000), undefined);
    assert.equal(await waitSameTrees(g[0]!.exportPath, g[2]!.exportPath, 20_000), undefined);
  });

  it('a WRITE the primary refuses is undone on the backups (repair), which stay in sync', async () => {
    const fh = await c.create(c.root, 'refused');
    // Writable by others on every site (through the proxy), written by another user.
    const set = await c.call(NFS.NFSPROC3_SETATTR, {
      object: fh,
      new_attributes: {
        mode: { set_it: true, mode: 0o666 },
        uid: { set_it: true, uid: 1000 },
        gid: { set_it: true, gid: 1000 },
        size: { set_it: false },
        atime: { set_it: nfs3.DONT_CHANGE },
        mtime: { set_it: nfs3.DONT_CHANGE },
      },
      guard: { check: false },
    });
    assert.equal(set.status, nfs3.NFS3_OK);
    const first = Buffer.alloc(4096, 0x61);
    const w1 = await c.call(
      NFS.NFSPROC3_WRITE,
      { file: fh, offset: 0n, count: first.length, stable: nfs3.FILE_SYNC, data: first },
      USER,
    );
    assert.equal(w1.status, nfs3.NFS3_OK);
    // Not writable by others on the primary only (behind the proxy): the primary refuses, the
    // backups would not.
    chmodSync(path.join(g[0]!.exportPath, 'refused'), 0o644);
    const second = Buffer.alloc(4096, 0x62);
    const w2 = await c.call(
      NFS.NFSPROC3_WRITE,
      { file: fh, offset: 0n, count: second.length, stable: nfs3.FILE_SYNC, data: second },
      USER,
    );
    assert.equal(w2.status, nfs3.NFS3ERR_ACCES);
    for (const b of [g[1]!, g[2]!]) {
      // The reply waited for the sites, the repair included: the content is the primary's.
      assert.deepEqual(readFileSync(path.join(b.exportPath, 'refused')), first, b.name);
    }
    assert.ok(
      (await siteStates(proxy)).every((s) => s.state === 'in-sync'),
      'no backup was marked needs-resync',
    );
  });
});
