// Proxy-owned file handles against a real primary (nfs-ganesha): handles survive kill -9 of the
// proxy and a restart (including a handle handed out just before the kill); forged, altered and
// foreign handles get NFS3ERR_BADHANDLE; a well-signed handle for an object the catalog never had
// gets NFS3ERR_STALE; a removed file's handle is STALE (as the primary says) and stays STALE even
// when the primary reuses the inode number; and the proxy keeps serving through all of it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { RpcClient, authSys, type XdrProcedure } from '@nfs/rpc-xdr';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import * as mount3 from '../../src/protocol/generated/mount3.js';
import { HANDLE_KEY_FILE, HandleCodec, PROXY_HANDLE_SIZE } from '../../src/core/handles.js';
import { startGanesha, type GaneshaInstance } from '../harness/ganesha.js';
import { startProxy, type ProxyInstance } from '../harness/proxy.js';
import { MODE_644, NO_SATTR, ok, statusName } from '../harness/nfs.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
const MNT = mount3.program_MOUNT_PROGRAM.versions.MOUNT_V3.procedures;
const cred = authSys({ uid: 0, gid: 0, machineName: 'handles-test' });
const T = { timeout: 120_000 };
/** Files created while waiting for the primary's file system to reuse a freed inode number. */
const MAX_REUSE_TRIES = 200;

function expectStatus(res: { status: number }, status: number, what: string): void {
  assert.equal(
    res.status,
    status,
    `${what}: expected ${statusName(status)}, got ${statusName(res.status)}`,
  );
}

function handleOf(obj: nfs3.post_op_fh3, what: string): nfs3.nfs_fh3 {
  assert.equal(obj.handle_follows, true, `${what}: reply has a handle`);
  return (obj as Extract<nfs3.post_op_fh3, { handle_follows: true }>).handle;
}

/** An NFS + MOUNT client of one server (both on one port for the proxy). */
class Client {
  readonly nfs: RpcClient;
  readonly mnt: RpcClient;
  constructor(host: string, nfsPort: number, mountPort: number) {
    const o = { host, timeoutMs: 10_000, retransmissions: 1, reservedPort: false } as const;
    this.nfs = new RpcClient({ ...o, port: nfsPort });
    this.mnt = new RpcClient({ ...o, port: mountPort });
  }
  call<A, R>(proc: XdrProcedure<A, R>, args: A): Promise<R> {
    return this.nfs.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, proc, args, { cred });
  }
  async mount(dir: string): Promise<nfs3.nfs_fh3> {
    const res = await this.mnt.call(
      mount3.MOUNT_PROGRAM,
      mount3.MOUNT_V3,
      MNT.MOUNTPROC3_MNT,
      Buffer.from(dir),
      { cred },
    );
    assert.equal(res.fhs_status, mount3.MNT3_OK, `MNT ${dir}: status ${res.fhs_status}`);
    return {
      data: Buffer.from((res as Extract<mount3.mountres3, { fhs_status: 0 }>).mountinfo.fhandle),
    };
  }
  getattr(fh: nfs3.nfs_fh3): Promise<nfs3.GETATTR3res> {
    return this.call(NFS.NFSPROC3_GETATTR, { object: fh });
  }
  lookup(dir: nfs3.nfs_fh3, name: string): Promise<nfs3.LOOKUP3res> {
    return this.call(NFS.NFSPROC3_LOOKUP, { what: { dir, name: Buffer.from(name) } });
  }
  async create(dir: nfs3.nfs_fh3, name: string): Promise<nfs3.nfs_fh3> {
    const r = ok(
      await this.call(NFS.NFSPROC3_CREATE, {
        where: { dir, name: Buffer.from(name) },
        how: { mode: nfs3.GUARDED, obj_attributes: MODE_644 },
      }),
      `CREATE ${name}`,
    );
    return handleOf(r.resok.obj, `CREATE ${name}`);
  }
  async mkdir(dir: nfs3.nfs_fh3, name: string): Promise<nfs3.nfs_fh3> {
    const r = ok(
      await this.call(NFS.NFSPROC3_MKDIR, {
        where: { dir, name: Buffer.from(name) },
        attributes: { ...NO_SATTR, mode: { set_it: true, mode: 0o755 } },
      }),
      `MKDIR ${name}`,
    );
    return handleOf(r.resok.obj, `MKDIR ${name}`);
  }
  async write(fh: nfs3.nfs_fh3, data: Buffer): Promise<void> {
    const w = ok(
      await this.call(NFS.NFSPROC3_WRITE, {
        file: fh,
        offset: 0n,
        count: data.length,
        stable: nfs3.FILE_SYNC,
        data,
      }),
      'WRITE',
    );
    assert.equal(w.resok.count, data.length);
  }
  async read(fh: nfs3.nfs_fh3, count: number): Promise<Buffer> {
    const r = ok(await this.call(NFS.NFSPROC3_READ, { file: fh, offset: 0n, count }), 'READ');
    return Buffer.from(r.resok.data);
  }
  remove(dir: nfs3.nfs_fh3, name: string): Promise<nfs3.REMOVE3res> {
    return this.call(NFS.NFSPROC3_REMOVE, { object: { dir, name: Buffer.from(name) } });
  }
  async close(): Promise<void> {
    await this.nfs.close();
    await this.mnt.close();
  }
}

function proxyClient(p: ProxyInstance): Client {
  return new Client(p.host, p.port, p.port);
}

/** Every handle-taking call the proxy answers for `fh`, checked for `status`. */
async function expectEverywhere(c: Client, fh: nfs3.nfs_fh3, status: number, what: string) {
  expectStatus(await c.getattr(fh), status, `${what} GETATTR`);
  expectStatus(await c.lookup(fh, 'x'), status, `${what} LOOKUP`);
  expectStatus(
    await c.call(NFS.NFSPROC3_ACCESS, { object: fh, access: nfs3.ACCESS3_READ }),
    status,
    `${what} ACCESS`,
  );
  expectStatus(
    await c.call(NFS.NFSPROC3_READ, { file: fh, offset: 0n, count: 16 }),
    status,
    `${what} READ`,
  );
  expectStatus(
    await c.call(NFS.NFSPROC3_CREATE, {
      where: { dir: fh, name: Buffer.from('forged-create') },
      how: { mode: nfs3.GUARDED, obj_attributes: MODE_644 },
    }),
    status,
    `${what} CREATE`,
  );
  expectStatus(
    await c.call(NFS.NFSPROC3_SETATTR, {
      object: fh,
      new_attributes: MODE_644,
      guard: { check: false },
    }),
    status,
    `${what} SETATTR`,
  );
  expectStatus(await c.remove(fh, 'x'), status, `${what} REMOVE`);
  expectStatus(
    await c.call(NFS.NFSPROC3_READDIRPLUS, {
      dir: fh,
      cookie: 0n,
      cookieverf: Buffer.alloc(8),
      dircount: 4096,
      maxcount: 8192,
    }),
    status,
    `${what} READDIRPLUS`,
  );
  expectStatus(await c.call(NFS.NFSPROC3_FSSTAT, { fsroot: fh }), status, `${what} FSSTAT`);
}

/** The export id the proxy stored in its catalog (meta 'export-id', 4 bytes big-endian). */
function exportIdOf(stateDir: string): number {
  const db = new Database(path.join(stateDir, 'catalog.sqlite'), {
    readonly: true,
    fileMustExist: true,
  });
  try {
    const row = db.prepare('SELECT value FROM meta WHERE key = ?').get('export-id') as
      { value: Buffer } | undefined;
    assert.ok(row, 'catalog has an export-id');
    assert.equal(row.value.length, 4);
    return row.value.readUInt32BE(0);
  } finally {
    db.close();
  }
}

function maxObjectId(stateDir: string): number {
  const db = new Database(path.join(stateDir, 'catalog.sqlite'), {
    readonly: true,
    fileMustExist: true,
  });
  try {
    return (db.prepare('SELECT max(id) AS m FROM objects').get() as { m: number }).m;
  } finally {
    db.close();
  }
}

function noHandlerFailures(p: ProxyInstance): void {
  const bad = p.logs().filter((l) => l.level >= 50 || l.msg === 'handler failed');
  assert.deepEqual(
    bad.map((l) => `${l.msg} ${JSON.stringify(l)}`),
    [],
    'the proxy logged errors',
  );
}

describe('proxy handles', () => {
  let g: GaneshaInstance;
  let proxy: ProxyInstance;
  let other: ProxyInstance;
  let c: Client;
  let direct: Client;
  let root: nfs3.nfs_fh3;
  let directRoot: nfs3.nfs_fh3;

  before(async () => {
    g = await startGanesha({ name: 'proxy-handles' });
    proxy = await startProxy({ primary: g });
    // A second proxy with its own state dir (its own key and export id) and another export path,
    // in front of the same primary.
    other = await startProxy({ primary: g, config: { export: { path: '/other' } } });
    c = proxyClient(proxy);
    direct = new Client(g.host, g.nfsPort, g.mountPort);
    root = await c.mount('/export');
    directRoot = await direct.mount(g.exportPath);
  });

  after(async () => {
    await c?.close();
    await direct?.close();
    await proxy?.dispose();
    await other?.dispose();
    await g?.stop();
  });

  it('handles are 34 bytes', T, () => {
    assert.equal(root.data.length, PROXY_HANDLE_SIZE);
  });

  it('handles obtained before kill -9 work after a restart', T, async () => {
    // Objects made through the proxy.
    const data = randomBytes(100_000);
    const dir = await c.mkdir(root, 'keep-dir');
    const inner = await c.create(dir, 'inner.txt');
    await c.write(inner, Buffer.from('inner data'));
    const file = await c.create(root, 'keep.bin');
    await c.write(file, data);
    // A file made on the primary behind the proxy's back, first seen by LOOKUP.
    writeFileSync(path.join(g.exportPath, 'behind.txt'), 'made on the primary');
    const behind = ok(await c.lookup(root, 'behind.txt'), 'LOOKUP behind.txt').resok.object;
    // A subdirectory mounted directly.
    const mountedDir = await c.mount('/export/keep-dir');
    assert.ok(mountedDir.data.equals(dir.data), 'MNT of a subdirectory = its MKDIR handle');
    // Entries learned by READDIRPLUS only.
    writeFileSync(path.join(g.exportPath, 'keep-dir', 'rdp-only.txt'), 'seen by readdirplus');
    const rdp = ok(
      await c.call(NFS.NFSPROC3_READDIRPLUS, {
        dir,
        cookie: 0n,
        cookieverf: Buffer.alloc(8),
        dircount: 8192,
        maxcount: 65536,
      }),
      'READDIRPLUS',
    );
    const rdpEntry = rdp.resok.reply.entries.find((e) => e.name.toString() === 'rdp-only.txt');
    assert.ok(rdpEntry, 'READDIRPLUS lists rdp-only.txt');
    const rdpHandle = handleOf(rdpEntry.name_handle, 'READDIRPLUS rdp-only.txt');

    const before = new Map<string, { fh: nfs3.nfs_fh3; fileid: bigint }>();
    for (const [n, fh] of [
      ['root', root],
      ['dir', dir],
      ['inner', inner],
      ['file', file],
      ['behind', behind],
      ['rdp', rdpHandle],
    ] as const) {
      const a = ok(await c.getattr(fh), `GETATTR ${n}`);
      before.set(n, { fh, fileid: a.resok.obj_attributes.fileid });
    }

    // A file created just before the kill: nothing else happens between the reply and SIGKILL.
    const last = await c.create(root, 'created-just-before-kill.txt');
    await proxy.kill9();
    await c.close();
    await proxy.restart();
    c = proxyClient(proxy);

    for (const [n, { fh, fileid }] of before) {
      const a = ok(await c.getattr(fh), `GETATTR ${n} after restart`);
      assert.equal(a.resok.obj_attributes.fileid, fileid, `fileid of ${n} unchanged`);
    }
    ok(await c.getattr(last), 'GETATTR of the file created just before kill -9');
    await c.write(last, Buffer.from('written after the restart'));
    assert.equal(
      readFileSync(path.join(g.exportPath, 'created-just-before-kill.txt'), 'utf8'),
      'written after the restart',
    );
    assert.ok((await c.read(file, 200_000)).equals(data), 'READ of keep.bin after restart');
    assert.equal((await c.read(inner, 100)).toString(), 'inner data');
    assert.equal((await c.read(behind, 100)).toString(), 'made on the primary');
    const again = ok(await c.lookup(dir, 'inner.txt'), 'LOOKUP in a pre-kill directory handle');
    assert.ok(again.resok.object.data.equals(inner.data), 'LOOKUP returns the same handle');
    const again2 = ok(await c.lookup(root, 'keep.bin'), 'LOOKUP keep.bin');
    assert.ok(again2.resok.object.data.equals(file.data));
    // MNT after the restart returns the same root handle.
    assert.ok((await c.mount('/export')).data.equals(root.data), 'same root handle');
    assert.ok((await c.mount('/export/keep-dir')).data.equals(dir.data), 'same subdir handle');
  });

  it('a second kill -9 right after CREATE, then restart, still knows the file', T, async () => {
    const h = await c.create(root, 'second-kill.txt');
    await proxy.kill9();
    await c.close();
    await proxy.restart();
    c = proxyClient(proxy);
    ok(await c.getattr(h), 'GETATTR after the second kill');
    const l = ok(await c.lookup(root, 'second-kill.txt'), 'LOOKUP after the second kill');
    assert.ok(l.resok.object.data.equals(h.data));
  });

  it('forged and altered handles get NFS3ERR_BADHANDLE', T, async () => {
    const file = await c.create(root, 'forge-target.txt');
    const good = file.data;
    ok(await c.getattr(file), 'the unaltered handle works');
    // A flipped byte at every position (low bit, and all bits).
    for (let i = 0; i < good.length; i++) {
      for (const mask of [0x01, 0xff]) {
        const h = Buffer.from(good);
        h[i] = h[i]! ^ mask;
        expectStatus(
          await c.getattr({ data: h }),
          nfs3.NFS3ERR_BADHANDLE,
          `byte ${i} ^ 0x${mask.toString(16)}`,
        );
      }
    }
    const forged: [string, Buffer][] = [
      ['empty', Buffer.alloc(0)],
      ['truncated by 1', good.subarray(0, good.length - 1)],
      ['truncated to 18', good.subarray(0, 18)],
      ['first byte dropped', good.subarray(1)],
      ['extended by 1', Buffer.concat([good, Buffer.alloc(1)])],
      ['extended to 64', Buffer.concat([good, randomBytes(64 - good.length)])],
      ['random 64 bytes', randomBytes(64)],
      ['random 34 bytes', randomBytes(34)],
      ['zeros 34', Buffer.alloc(34)],
      ["the primary's raw root handle", directRoot.data],
    ];
    const raw = ok(await direct.lookup(directRoot, 'forge-target.txt'), 'direct LOOKUP');
    forged.push(["the primary's raw file handle", raw.resok.object.data]);
    // The other proxy's valid handles (its own key and export id).
    const otherClient = proxyClient(other);
    try {
      const otherRoot = await otherClient.mount('/other');
      ok(await otherClient.getattr(otherRoot), 'the other proxy accepts its own root handle');
      forged.push(["another proxy's root handle", otherRoot.data]);
      const otherFile = ok(
        await otherClient.lookup(otherRoot, 'forge-target.txt'),
        'LOOKUP on the other proxy',
      ).resok.object;
      forged.push(["another proxy's handle of the same file", otherFile.data]);
      // And the other way round: our handles are nothing to the other proxy.
      expectStatus(
        await otherClient.getattr(file),
        nfs3.NFS3ERR_BADHANDLE,
        'our handle at the other proxy',
      );
    } finally {
      await otherClient.close();
    }
    for (const [what, data] of forged) {
      await expectEverywhere(c, { data }, nfs3.NFS3ERR_BADHANDLE, what);
    }
    // The proxy still serves the real handle.
    ok(await c.getattr(file), 'the real handle still works');
  });

  it('well-signed handles of objects the catalog never had get NFS3ERR_STALE', T, async () => {
    const key = readFileSync(path.join(proxy.stateDir, HANDLE_KEY_FILE));
    const exportId = exportIdOf(proxy.stateDir);
    const codec = new HandleCodec(key, exportId);
    // Sanity: the crafted codec reproduces the proxy's own root handle (object 1).
    assert.ok(
      codec.encode({ objectId: 1, view: 0 }).equals(root.data),
      'crafted codec matches the proxy (key + export id)',
    );
    const max = maxObjectId(proxy.stateDir);
    for (const objectId of [max + 1, max + 1000, 2 ** 40, Number.MAX_SAFE_INTEGER]) {
      await expectEverywhere(
        c,
        { data: codec.encode({ objectId, view: 0 }) },
        nfs3.NFS3ERR_STALE,
        `object ${objectId}`,
      );
    }
    // A version view the proxy does not serve: STALE too.
    expectStatus(
      await c.getattr({ data: codec.encode({ objectId: 1, view: 3 }) }),
      nfs3.NFS3ERR_STALE,
      'root in view 3',
    );
    // Object id 0 is malformed: BADHANDLE.
    expectStatus(
      await c.getattr({ data: codec.encode({ objectId: 0, view: 0 }) }),
      nfs3.NFS3ERR_BADHANDLE,
      'object 0',
    );
    // The right key but another export id: BADHANDLE.
    const wrongExport = new HandleCodec(key, (exportId + 1) >>> 0);
    expectStatus(
      await c.getattr({ data: wrongExport.encode({ objectId: 1, view: 0 }) }),
      nfs3.NFS3ERR_BADHANDLE,
      'another export id',
    );
    // The right export id with another key: BADHANDLE.
    const wrongKey = new HandleCodec(randomBytes(32), exportId);
    expectStatus(
      await c.getattr({ data: wrongKey.encode({ objectId: 1, view: 0 }) }),
      nfs3.NFS3ERR_BADHANDLE,
      'another key',
    );
  });

  it("a removed file's handle gets NFS3ERR_STALE, as from the primary", T, async () => {
    const fh = await c.create(root, 'to-remove.txt');
    await c.write(fh, Buffer.from('bye'));
    const raw = ok(await direct.lookup(directRoot, 'to-remove.txt'), 'direct LOOKUP').resok.object;
    ok(await c.remove(root, 'to-remove.txt'), 'REMOVE');
    // What the primary itself says about its own handle now.
    const primarySays = (await direct.getattr(raw)).status;
    assert.notEqual(primarySays, nfs3.NFS3_OK, 'the primary no longer knows the file');
    expectStatus(await c.getattr(fh), primarySays, 'GETATTR after REMOVE (first)');
    expectStatus(await c.getattr(fh), nfs3.NFS3ERR_STALE, 'GETATTR after REMOVE (again)');
    expectStatus(
      await c.call(NFS.NFSPROC3_READ, { file: fh, offset: 0n, count: 10 }),
      nfs3.NFS3ERR_STALE,
      'READ after REMOVE',
    );
    expectStatus(await c.lookup(root, 'to-remove.txt'), nfs3.NFS3ERR_NOENT, 'LOOKUP after REMOVE');
    // Still STALE after a restart.
    await c.close();
    await proxy.restart();
    c = proxyClient(proxy);
    expectStatus(await c.getattr(fh), nfs3.NFS3ERR_STALE, 'GETATTR after REMOVE and restart');
  });

  it("a removed file's handle stays STALE when the primary reuses its inode", T, async (t) => {
    // ext4 gives a new file the lowest free inode number, so the one just freed comes back soon;
    // ganesha's fileid is the inode number. The new file must get a new proxy handle; the old
    // one must not come back to life.
    const name = 'reuse-a.txt';
    const old = await c.create(root, name);
    const oldIno = statSync(path.join(g.exportPath, name)).ino;
    ok(await c.remove(root, name), 'REMOVE');
    expectStatus(await c.getattr(old), nfs3.NFS3ERR_STALE, 'GETATTR of the removed file');
    // Files that did not get the inode are kept, so each new file takes the next free inode.
    let reused: { name: string; fh: nfs3.nfs_fh3 } | undefined;
    for (let i = 0; i < MAX_REUSE_TRIES && reused === undefined; i++) {
      const n = `reuse-b-${i}.txt`;
      const fh = await c.create(root, n);
      if (statSync(path.join(g.exportPath, n)).ino === oldIno) reused = { name: n, fh };
    }
    if (reused === undefined) {
      t.diagnostic(`the primary's file system did not reuse inode ${oldIno}; nothing to compare`);
    } else {
      await c.write(reused.fh, Buffer.from('the new file'));
      assert.ok(
        !reused.fh.data.equals(old.data),
        `the new file ${reused.name} (same inode ${oldIno}) got the removed file's proxy handle`,
      );
    }
    expectStatus(
      await c.getattr(old),
      nfs3.NFS3ERR_STALE,
      "the removed file's handle after its inode was reused",
    );
    expectStatus(
      await c.call(NFS.NFSPROC3_READ, { file: old, offset: 0n, count: 100 }),
      nfs3.NFS3ERR_STALE,
      "READ through the removed file's handle",
    );
  });

  it("'..' never leads above the export; '.' is the directory itself", T, async () => {
    const up = ok(await c.lookup(root, '..'), "LOOKUP '..' in the export root");
    assert.ok(up.resok.object.data.equals(root.data), "'..' of the root is the root");
    const dot = ok(await c.lookup(root, '.'), "LOOKUP '.' in the export root");
    assert.ok(dot.resok.object.data.equals(root.data));
    mkdirSync(path.join(g.exportPath, 'updir', 'sub'), { recursive: true });
    const updir = ok(await c.lookup(root, 'updir'), 'LOOKUP updir').resok.object;
    const sub = ok(await c.lookup(updir, 'sub'), 'LOOKUP sub').resok.object;
    const parent = ok(await c.lookup(sub, '..'), "LOOKUP '..' in sub");
    assert.ok(parent.resok.object.data.equals(updir.data), "'..' of sub is updir");
    const grand = ok(await c.lookup(updir, '..'), "LOOKUP '..' in updir");
    assert.ok(grand.resok.object.data.equals(root.data), "'..' of updir is the root");
  });

  it('READDIR and GETATTR agree on fileids when the primary reuses an inode', T, async (t) => {
    // Behind the proxy's back: a file the proxy knows is deleted on the primary and a new file
    // takes its inode number (ext4 reuses it at once). READDIR entries carry fileids only; the
    // fileid READDIR shows for the new file must be the one GETATTR of its handle reports.
    const dirPath = path.join(g.exportPath, 'reuse-dir');
    mkdirSync(dirPath);
    const dir = ok(await c.lookup(root, 'reuse-dir'), 'LOOKUP reuse-dir').resok.object;
    writeFileSync(path.join(dirPath, 'old.txt'), 'old');
    const oldIno = statSync(path.join(dirPath, 'old.txt')).ino;
    const old = ok(await c.lookup(dir, 'old.txt'), 'LOOKUP old.txt').resok.object;
    const directDir = ok(await direct.lookup(directRoot, 'reuse-dir'), 'direct LOOKUP').resok
      .object;
    const oldRaw = ok(await direct.lookup(directDir, 'old.txt'), 'direct LOOKUP old.txt').resok
      .object;
    ok(await c.getattr(old), 'GETATTR old.txt');
    unlinkSync(path.join(dirPath, 'old.txt'));
    let newName: string | undefined;
    for (let i = 0; i < MAX_REUSE_TRIES && newName === undefined; i++) {
      const name = `new-${i}.txt`;
      writeFileSync(path.join(dirPath, name), 'new');
      if (statSync(path.join(dirPath, name)).ino === oldIno) newName = name;
    }
    if (newName === undefined) {
      t.diagnostic(`the primary's file system did not reuse inode ${oldIno}; nothing to compare`);
      return;
    }
    const rd = ok(
      await c.call(NFS.NFSPROC3_READDIR, {
        dir,
        cookie: 0n,
        cookieverf: Buffer.alloc(8),
        count: 8192,
      }),
      'READDIR',
    );
    const entry = rd.resok.reply.entries.find((e) => e.name.toString() === newName);
    assert.ok(entry, `READDIR lists ${newName}`);
    const fresh = ok(await c.lookup(dir, newName), `LOOKUP ${newName}`).resok.object;
    const attrs = ok(await c.getattr(fresh), `GETATTR ${newName}`).resok.obj_attributes;
    assert.equal(
      entry.fileid,
      attrs.fileid,
      `READDIR says ${newName} is fileid ${entry.fileid}, GETATTR of its handle says ${attrs.fileid}`,
    );
    assert.ok(!fresh.data.equals(old.data), 'the new file has a new handle');
    // The deleted file's handle: whatever the primary says about its own handle (ganesha may
    // still answer from its cache, as the deletion happened behind its back), never the new file.
    const primarySays = (await direct.getattr(oldRaw)).status;
    const proxySays = await c.getattr(old);
    expectStatus(proxySays, primarySays, 'the deleted file, as the primary answers');
    if (proxySays.status === nfs3.NFS3_OK)
      assert.notEqual(proxySays.resok.obj_attributes.fileid, attrs.fileid, 'not the new file');
  });

  it('keeps serving after all of this', T, async () => {
    assert.ok(proxy.isRunning(), 'proxy is running');
    assert.equal(await c.call(NFS.NFSPROC3_NULL, undefined), undefined);
    ok(await c.getattr(root), 'GETATTR root');
    const fh = await c.create(root, 'after-all.txt');
    await c.write(fh, Buffer.from('still here'));
    assert.equal((await c.read(fh, 100)).toString(), 'still here');
    noHandlerFailures(proxy);
  });
});
