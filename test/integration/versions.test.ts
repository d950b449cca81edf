// Lazy copy-on-write versions against real nfs-ganesha (issue 5): versions copy directory
// structure only, a file is preserved on its first change after a version, `.versions` shows
// each version exactly as it was (through libnfs and the project's client), and is read-only.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import {
  ganeshaAvailable,
  startGanesha,
  startGaneshaSet,
  type GaneshaInstance,
} from '../harness/ganesha.js';
import { waitSameTrees } from '../harness/trees.js';
import { existsSync } from 'node:fs';
import { connectNfs, NFS, readAll, type NfsClient } from '../harness/nfs-client.js';
import { NO_SATTR, statusName } from '../harness/nfs.js';
import { startProxy, type ProxyInstance } from '../harness/proxy.js';

if (!ganeshaAvailable()) {
  throw new Error('nfs-ganesha (VFS FSAL), rpcbind or root privileges are not available');
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function nfsCat(url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      'nfs-cat',
      [url],
      { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
      (err, stdout, stderr) =>
        err
          ? reject(new Error(`nfs-cat ${url}: ${stderr.toString() || err.message}`))
          : resolve(stdout),
    );
  });
}

async function walk(c: NfsClient, names: string[]): Promise<nfs3.nfs_fh3> {
  let fh = c.root;
  for (const n of names) fh = await c.lookup(fh, n);
  return fh;
}

describe('versions', () => {
  let g: GaneshaInstance | undefined;
  let proxy: ProxyInstance | undefined;
  let c: NfsClient;

  before(async () => {
    g = await startGanesha({ name: 'versions-primary' });
    proxy = await startProxy({ primary: g, config: { console: '127.0.0.1:0' } });
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
    await g?.stop();
  });

  /** v1's contents of docs/, recorded by the first test. */
  const v1Docs: Record<string, Buffer> = {};

  const version = async (name: string): Promise<void> => {
    const r = await proxy!.ctl(['version', 'create', '--name', name]);
    assert.equal(r.code, 0, `version create ${name}: ${r.stdout} ${r.stderr}`);
  };

  it('every file under each version reads as it was; live files read as now', async () => {
    const d = await c.mkdir(c.root, 'docs');
    const content: Record<string, Buffer> = {};
    for (const n of ['a', 'b', 'c', 'd', 'e', 'f']) {
      content[n] = randomBytes(3000 + n.charCodeAt(0));
      await c.write(await c.create(d, n), 0, content[n]);
    }
    await version('v1');
    for (const [k, b] of Object.entries(content)) v1Docs[k] = b;
    // Overwrite, append, truncate, remove, rename-over.
    const a2 = randomBytes(content['a']!.length);
    await c.write(await c.lookup(d, 'a'), 0, a2);
    const bAppend = randomBytes(500);
    await c.write(await c.lookup(d, 'b'), content['b']!.length, bAppend);
    const cFh = await c.lookup(d, 'c');
    const tr = await c.call(NFS.NFSPROC3_SETATTR, {
      object: cFh,
      new_attributes: { ...NO_SATTR, size: { set_it: true, size: 10n } },
      guard: { check: false },
    });
    assert.equal(statusName(tr.status), 'NFS3_OK');
    assert.equal(statusName(await c.remove(d, 'd')), 'NFS3_OK');
    assert.equal(statusName(await c.rename(d, 'f', d, 'e')), 'NFS3_OK');
    await version('v2');
    const a3 = randomBytes(100);
    await c.write(await c.lookup(d, 'a'), 0, a3);
    assert.equal(statusName(await c.remove(d, 'b')), 'NFS3_OK');

    const expect: Record<string, Record<string, Buffer | undefined>> = {
      v1: {
        a: content['a'],
        b: content['b'],
        c: content['c'],
        d: content['d'],
        e: content['e'],
        f: content['f'],
      },
      v2: {
        a: a2,
        b: Buffer.concat([content['b']!, bAppend]),
        c: content['c']!.subarray(0, 10),
        d: undefined,
        e: content['f'],
        f: undefined,
      },
    };
    for (const [v, files] of Object.entries(expect)) {
      for (const [n, want] of Object.entries(files)) {
        if (want === undefined) {
          const r = await c.call(NFS.NFSPROC3_LOOKUP, {
            what: { dir: await walk(c, ['.versions', v, 'docs']), name: Buffer.from(n) },
          });
          assert.equal(statusName(r.status), 'NFS3ERR_NOENT', `${v}/docs/${n} should not exist`);
          continue;
        }
        const got = await readAll(c, await walk(c, ['.versions', v, 'docs', n]));
        assert.equal(sha(got), sha(want), `${v}/docs/${n} via RpcClient`);
        const viaLibnfs = await nfsCat(proxy!.url(`/.versions/${v}/docs/${n}`));
        assert.equal(sha(viaLibnfs), sha(want), `${v}/docs/${n} via nfs-cat`);
      }
    }
    // Live files read as now.
    const liveA = await readAll(c, await c.lookup(d, 'a'));
    assert.equal(sha(liveA), sha(Buffer.concat([a3, a2.subarray(a3.length)])));
    // The view is not listed in the root, and neither is the hidden area.
    const root = await c.call(NFS.NFSPROC3_READDIRPLUS, {
      dir: c.root,
      cookie: 0n,
      cookieverf: Buffer.alloc(8),
      dircount: 65536,
      maxcount: 65536,
    });
    assert.equal(root.status, 0);
    const names = root.status === 0 ? root.resok.reply.entries.map((e) => e.name.toString()) : [];
    assert.ok(!names.includes('.versions') && !names.includes('.nfs-proxy'), names.join(','));
    // ... but `.versions` lists the versions, and a version its tree.
    const list = await c.call(NFS.NFSPROC3_READDIRPLUS, {
      dir: await c.lookup(c.root, '.versions'),
      cookie: 0n,
      cookieverf: Buffer.alloc(8),
      dircount: 65536,
      maxcount: 65536,
    });
    assert.deepEqual(
      list.status === 0 ? list.resok.reply.entries.map((e) => e.name.toString()) : [],
      ['v1', 'v2'],
    );
  });

  it('mutations under .versions get NFS3ERR_ROFS', async () => {
    const vdir = await walk(c, ['.versions', 'v1', 'docs']);
    const vfile = await c.lookup(vdir, 'a');
    const results = [
      await c.call(NFS.NFSPROC3_WRITE, {
        file: vfile,
        offset: 0n,
        count: 1,
        stable: nfs3.FILE_SYNC,
        data: Buffer.from('x'),
      }),
      await c.call(NFS.NFSPROC3_SETATTR, {
        object: vfile,
        new_attributes: { ...NO_SATTR, mode: { set_it: true, mode: 0o600 } },
        guard: { check: false },
      }),
      await c.call(NFS.NFSPROC3_CREATE, {
        where: { dir: vdir, name: Buffer.from('new') },
        how: { mode: nfs3.UNCHECKED, obj_attributes: NO_SATTR },
      }),
      await c.call(NFS.NFSPROC3_REMOVE, { object: { dir: vdir, name: Buffer.from('a') } }),
      await c.call(NFS.NFSPROC3_MKDIR, {
        where: { dir: vdir, name: Buffer.from('nd') },
        attributes: NO_SATTR,
      }),
      await c.call(NFS.NFSPROC3_RENAME, {
        from: { dir: vdir, name: Buffer.from('a') },
        to: { dir: c.root, name: Buffer.from('stolen') },
      }),
    ];
    for (const r of results) assert.equal(statusName(r.status), 'NFS3ERR_ROFS');
    // Names in the root reserved for the view and the hidden area.
    const r = await c.call(NFS.NFSPROC3_CREATE, {
      where: { dir: c.root, name: Buffer.from('.nfs-proxy') },
      how: { mode: nfs3.UNCHECKED, obj_attributes: NO_SATTR },
    });
    assert.equal(statusName(r.status), 'NFS3ERR_ACCES');
    const lk = await c.call(NFS.NFSPROC3_LOOKUP, {
      what: { dir: c.root, name: Buffer.from('.nfs-proxy') },
    });
    assert.equal(statusName(lk.status), 'NFS3ERR_NOENT');
  });

  it('the export root keeps its fileid in replies about .versions (the kernel logged "fileid changed")', async () => {
    const root = await c.call(NFS.NFSPROC3_GETATTR, { object: c.root });
    assert.equal(statusName(root.status), 'NFS3_OK');
    const rootId = (root as Extract<typeof root, { status: 0 }>).resok.obj_attributes.fileid;
    const view = await c.lookup(c.root, '.versions');
    const lk = await c.call(NFS.NFSPROC3_LOOKUP, {
      what: { dir: c.root, name: Buffer.from('.versions') },
    });
    assert.equal(statusName(lk.status), 'NFS3_OK');
    const lkOk = lk as Extract<typeof lk, { status: 0 }>;
    assert.ok(lkOk.resok.dir_attributes.attributes_follow);
    assert.equal(lkOk.resok.dir_attributes.attributes.fileid, rootId, 'LOOKUP .versions: dir');
    assert.notEqual(
      lkOk.resok.obj_attributes.attributes_follow && lkOk.resok.obj_attributes.attributes.fileid,
      rootId,
    );
    const up = await c.call(NFS.NFSPROC3_LOOKUP, { what: { dir: view, name: Buffer.from('..') } });
    assert.equal(statusName(up.status), 'NFS3_OK');
    const ok = up as Extract<typeof up, { status: 0 }>;
    assert.ok(ok.resok.obj_attributes.attributes_follow);
    assert.equal(ok.resok.obj_attributes.attributes.fileid, rootId, 'LOOKUP ..');
  });

  it('a file written 1,000 times between two versions is copied exactly once', async () => {
    const fh = await c.create(c.root, 'hot.bin');
    await c.write(fh, 0, randomBytes(64 * 1024));
    await version('before-hot');
    const preservedBefore = readdirSync(path.join(g!.exportPath, '.nfs-proxy', 'p')).length;
    for (let i = 0; i < 1000; i++)
      await c.write(fh, (i % 64) * 1024, randomBytes(1024), nfs3.UNSTABLE);
    const preservedAfter = readdirSync(path.join(g!.exportPath, '.nfs-proxy', 'p')).length;
    assert.equal(preservedAfter - preservedBefore, 1);
  });

  it('taking a version of a 50,000-file tree reads no file data', async () => {
    // The tree appears on the primary behind the proxy (as when the proxy is put in front of an
    // existing export): the catalog must scan it before the version, and neither may READ.
    const root = path.join(g!.exportPath, 'many');
    const data = randomBytes(256);
    for (let d = 0; d < 5000; d++) {
      const dir = path.join(root, `d${Math.floor(d / 100)}`, `d${d}`);
      mkdirSync(dir, { recursive: true });
      for (let f = 0; f < 10; f++) writeFileSync(path.join(dir, `f${f}`), data);
    }
    const rescan = await proxy!.ctl(['versions', 'rescan']);
    assert.equal(rescan.code, 0, `${rescan.stdout} ${rescan.stderr}`);
    const before = ((await proxy!.ctl(['status'])).json as { primaryCalls: Record<string, number> })
      .primaryCalls;
    await version('many');
    const afterCalls = (
      (await proxy!.ctl(['status'])).json as { primaryCalls: Record<string, number> }
    ).primaryCalls;
    // (WRITEs may happen: the catalog backup of the previous version goes to the hidden area.)
    assert.equal(afterCalls['NFSPROC3_READ'] ?? 0, before['NFSPROC3_READ'] ?? 0, 'no READ');
    const list = (await proxy!.ctl(['versions'])).json as Array<{ name: string; entries: number }>;
    assert.ok((list.find((v) => v.name === 'many')?.entries ?? 0) >= 50_000 + 5_050);
    const f = await readAll(c, await walk(c, ['.versions', 'many', 'many', 'd49', 'd4999', 'f9']));
    assert.ok(f.equals(data));
  });

  it('restore a file in place, a subtree elsewhere, and the whole export', async () => {
    const r1 = await proxy!.ctl(['restore', 'v1', 'docs/a']);
    assert.equal(r1.code, 0, `${r1.stdout} ${r1.stderr}`);
    const d = await c.lookup(c.root, 'docs');
    assert.equal(sha(await readAll(c, await c.lookup(d, 'a'))), sha(v1Docs['a']!));
    const r2 = await proxy!.ctl(['restore', 'v1', 'docs', '--to', 'docs-v1']);
    assert.equal(r2.code, 0, `${r2.stdout} ${r2.stderr}`);
    const copy = await c.lookup(c.root, 'docs-v1');
    for (const [n, want] of Object.entries(v1Docs))
      assert.equal(sha(await readAll(c, await c.lookup(copy, n))), sha(want), `docs-v1/${n}`);
    // The files on the primary's disk agree.
    assert.ok(readFileSync(path.join(g!.exportPath, 'docs-v1', 'd')).equals(v1Docs['d']!));
    const r3 = await proxy!.ctl(['restore', 'v1', '/']);
    assert.equal(r3.code, 0, `${r3.stdout} ${r3.stderr}`);
    for (const [n, want] of Object.entries(v1Docs))
      assert.equal(sha(await readAll(c, await c.lookup(d, n))), sha(want), `docs/${n}`);
    const bad = await proxy!.ctl(['restore', 'nope', 'docs']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /no version named nope/);
  });

  it('export a version to a directory and to a tar file', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'nfsp-export-'));
    try {
      const out = path.join(tmp, 'out');
      const r = await proxy!.ctl(['export', 'v1', 'docs', '--out', out]);
      assert.equal(r.code, 0, `${r.stdout} ${r.stderr}`);
      for (const [n, want] of Object.entries(v1Docs))
        assert.ok(readFileSync(path.join(out, n)).equals(want), `exported ${n}`);
      const tar = path.join(tmp, 'v1.tar');
      const t = await proxy!.ctl(['export', 'v1', 'docs', '--out', tar]);
      assert.equal(t.code, 0, `${t.stdout} ${t.stderr}`);
      const x = path.join(tmp, 'x');
      await new Promise<void>((resolve, reject) =>
        execFile('sh', ['-c', `mkdir -p ${x} && tar -xf ${tar} -C ${x}`], (err, _o, se) =>
          err ? reject(new Error(`tar: ${se}`)) : resolve(),
        ),
      );
      for (const [n, want] of Object.entries(v1Docs))
        assert.ok(readFileSync(path.join(x, 'docs', n)).equals(want), `tar ${n}`);
      const rel = await proxy!.ctl(['export', 'v1', 'docs', '--out', 'relative/dir']);
      assert.equal(rel.code, 1);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('versions: retention, regenerable files, kill -9, a backup holds them', () => {
  let g: GaneshaInstance[] = [];
  let proxy: ProxyInstance | undefined;

  before(async () => {
    g = await startGaneshaSet(2);
    const b = g[1]!;
    proxy = await startProxy({
      primary: g[0]!,
      config: {
        console: '127.0.0.1:0',
        backups: [
          `nfs://${b.host}${b.exportPath}?nfsport=${b.nfsPort}&mountport=${b.mountPort}&mode=sync`,
        ],
        versions: { retention: { last: 2 }, regenerable: ['*.o'] },
      },
    });
  });
  after(async () => {
    await proxy?.dispose();
    await Promise.allSettled(g.map((x) => x.stop()));
  });

  it('prunes to the policy, frees unneeded copies, skips regenerable files, survives kill -9', async () => {
    const p = proxy!;
    let c = await connectNfs({
      host: p.host,
      nfsPort: p.port,
      mountPort: p.port,
      exportPath: p.exportPath,
    });
    const ver = async (name: string): Promise<void> => {
      const r = await p.ctl(['version', 'create', '--name', name]);
      assert.equal(r.code, 0, `${r.stdout} ${r.stderr}`);
    };
    const pdir = (gi: number): string[] => {
      const d = path.join(g[gi]!.exportPath, '.nfs-proxy', 'p');
      return existsSync(d) ? readdirSync(d).sort() : [];
    };
    const t1 = randomBytes(5000);
    const t2 = randomBytes(5000);
    const t3 = randomBytes(5000);
    const a = await c.create(c.root, 'a.txt');
    await c.write(a, 0, t1);
    const o = await c.create(c.root, 'b.o');
    await c.write(o, 0, randomBytes(4000));
    await ver('r1');
    await c.write(a, 0, t2);
    await c.write(o, 0, randomBytes(4000)); // regenerable: never preserved
    assert.equal(pdir(0).length, 1, 'one copy (a.txt), none for b.o');
    await ver('r2');
    await c.write(a, 0, t3);
    assert.equal(pdir(0).length, 2);
    await ver('r3'); // keeps the last 2: r1 goes, and the copy only it needed
    const list = (await p.ctl(['versions'])).json as Array<{ name: string }>;
    assert.deepEqual(
      list.map((v) => v.name),
      ['r2', 'r3'],
    );
    assert.equal(pdir(0).length, 1, `copies left: ${pdir(0).join(',')}`);
    // The backup holds the same preserved copies and, soon, the catalog backup.
    assert.deepEqual(pdir(1), pdir(0));
    const deadline = Date.now() + 20_000;
    while (
      !existsSync(path.join(g[1]!.exportPath, '.nfs-proxy', 'catalog.sqlite')) &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 100));
    assert.ok(existsSync(path.join(g[1]!.exportPath, '.nfs-proxy', 'catalog.sqlite')));
    await c.close();
    await p.kill9();
    await p.restart();
    c = await connectNfs({
      host: p.host,
      nfsPort: p.port,
      mountPort: p.port,
      exportPath: p.exportPath,
    });
    try {
      const got = await readAll(c, await walk(c, ['.versions', 'r2', 'a.txt']));
      assert.equal(sha(got), sha(t2), 'r2/a.txt after kill -9');
      const now = await readAll(c, await walk(c, ['.versions', 'r3', 'a.txt']));
      assert.equal(sha(now), sha(t3), 'r3/a.txt is the live file');
    } finally {
      await c.close();
    }
    assert.equal(await waitSameTrees(g[0]!.exportPath, g[1]!.exportPath, 20_000), undefined);
  });
});
