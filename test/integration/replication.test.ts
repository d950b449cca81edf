// Replication to backup sites against real nfs-ganesha (issue 4): one primary, a sync and an
// async backup; concurrent clients; sites going out (kill -9, SIGSTOP) and coming back; the
// proxy killed mid-write; the spool quota; a site changed behind the proxy's back.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
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
    assert.equal(await waitSameTrees(g[0]!.exportPath, g[1]!.exportPath, 20_000), undefined);
    assert.equal(await waitSameTrees(g[0]!.exportPath, g[2]!.exportPath, 20_000), undefined);
  });
});
