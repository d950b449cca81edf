// Interop of @nfs/rpc-xdr and the generated NFSv3/MOUNTv3 codecs with a real NFS server:
// nfs-ganesha (VFS backend) on 127.0.0.x, driven by our own RPC client.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { RpcClient, authSys, type XdrProcedure } from '@nfs/rpc-xdr';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import * as mount3 from '../../src/protocol/generated/mount3.js';
import { startGanesha, type GaneshaInstance } from '../harness/ganesha.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
const MNT = mount3.program_MOUNT_PROGRAM.versions.MOUNT_V3.procedures;
const root = authSys({ uid: 0, gid: 0, machineName: 'interop-test' });

/** Narrows an NFS result union to its NFS3_OK arm, failing with the status otherwise. */
function ok<T extends { status: number }>(res: T): Extract<T, { status: 0 }> {
  assert.equal(
    res.status,
    nfs3.NFS3_OK,
    `expected NFS3_OK, got ${nfs3.names_nfsstat3[res.status] ?? res.status}`,
  );
  return res as Extract<T, { status: 0 }>;
}

describe('RPC interop with nfs-ganesha', () => {
  let g: GaneshaInstance;
  let nfs: RpcClient;
  let mnt: RpcClient;
  let rootFh: nfs3.nfs_fh3;

  const call = <A, R>(proc: XdrProcedure<A, R>, args: A): Promise<R> =>
    nfs.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, proc, args, { cred: root });

  before(async () => {
    g = await startGanesha({ name: 'interop' });
    nfs = new RpcClient({ host: g.host, port: g.nfsPort, timeoutMs: 15_000, retransmissions: 2 });
    mnt = new RpcClient({ host: g.host, port: g.mountPort, timeoutMs: 15_000, retransmissions: 2 });
  });

  after(async () => {
    await nfs?.close();
    await mnt?.close();
    await g?.stop();
  });

  it('answers NULL on NFS and MOUNT', async () => {
    assert.equal(await call(NFS.NFSPROC3_NULL, undefined), undefined);
    assert.equal(
      await mnt.call(mount3.MOUNT_PROGRAM, mount3.MOUNT_V3, MNT.MOUNTPROC3_NULL, undefined),
      undefined,
    );
  });

  it('lists the export with MOUNT EXPORT', async () => {
    const exports = await mnt.call(
      mount3.MOUNT_PROGRAM,
      mount3.MOUNT_V3,
      MNT.MOUNTPROC3_EXPORT,
      undefined,
      { cred: root },
    );
    const dirs = exports.map((e) => e.ex_dir.toString());
    assert.ok(dirs.includes(g.exportPath), `EXPORT lists ${dirs.join(', ')}, not ${g.exportPath}`);
  });

  it('mounts the export with MNT and gets a handle accepted by GETATTR', async () => {
    const res = await mnt.call(
      mount3.MOUNT_PROGRAM,
      mount3.MOUNT_V3,
      MNT.MOUNTPROC3_MNT,
      Buffer.from(g.exportPath),
      {
        cred: root,
      },
    );
    assert.equal(res.fhs_status, mount3.MNT3_OK);
    const info = (res as Extract<mount3.mountres3, { fhs_status: 0 }>).mountinfo;
    assert.ok(info.fhandle.length > 0 && info.fhandle.length <= nfs3.NFS3_FHSIZE);
    assert.ok(info.auth_flavors.includes(1), 'AUTH_SYS offered');
    rootFh = { data: Buffer.from(info.fhandle) };
    const attr = ok(await call(NFS.NFSPROC3_GETATTR, { object: rootFh }));
    assert.equal(attr.resok.obj_attributes.type, nfs3.NF3DIR);
  });

  it('rejects MNT of a path that is not exported', async () => {
    const res = await mnt.call(
      mount3.MOUNT_PROGRAM,
      mount3.MOUNT_V3,
      MNT.MOUNTPROC3_MNT,
      Buffer.from('/no/such/export'),
      {
        cred: root,
      },
    );
    assert.notEqual(res.fhs_status, mount3.MNT3_OK);
  });

  it('FSINFO reports transfer sizes', async () => {
    const res = ok(await call(NFS.NFSPROC3_FSINFO, { fsroot: rootFh }));
    assert.ok(res.resok.rtmax >= 65536, `rtmax ${res.resok.rtmax}`);
    assert.ok(res.resok.wtmax >= 65536, `wtmax ${res.resok.wtmax}`);
    assert.ok(res.resok.maxfilesize > 0n);
  });

  it('CREATE, WRITE 1 MiB, READ it back, LOOKUP, REMOVE', async () => {
    const name = Buffer.from('interop-1mib.bin');
    const created = ok(
      await call(NFS.NFSPROC3_CREATE, {
        where: { dir: rootFh, name },
        how: {
          mode: nfs3.GUARDED,
          obj_attributes: {
            mode: { set_it: true, mode: 0o644 },
            uid: { set_it: false },
            gid: { set_it: false },
            size: { set_it: false },
            atime: { set_it: nfs3.DONT_CHANGE },
            mtime: { set_it: nfs3.DONT_CHANGE },
          },
        },
      }),
    );
    assert.equal(created.resok.obj.handle_follows, true);
    const fh = (created.resok.obj as Extract<nfs3.post_op_fh3, { handle_follows: true }>).handle;

    // A second GUARDED create of the same name must fail with EXIST.
    const again = await call(NFS.NFSPROC3_CREATE, {
      where: { dir: rootFh, name },
      how: {
        mode: nfs3.GUARDED,
        obj_attributes: {
          mode: { set_it: false },
          uid: { set_it: false },
          gid: { set_it: false },
          size: { set_it: false },
          atime: { set_it: nfs3.DONT_CHANGE },
          mtime: { set_it: nfs3.DONT_CHANGE },
        },
      },
    });
    assert.equal(again.status, nfs3.NFS3ERR_EXIST);

    const fsinfo = ok(await call(NFS.NFSPROC3_FSINFO, { fsroot: rootFh }));
    const data = randomBytes(1024 * 1024);
    const wsize = Math.min(fsinfo.resok.wtmax, data.length);
    for (let off = 0; off < data.length; off += wsize) {
      const chunk = data.subarray(off, off + wsize);
      const w = ok(
        await call(NFS.NFSPROC3_WRITE, {
          file: fh,
          offset: BigInt(off),
          count: chunk.length,
          stable: nfs3.FILE_SYNC,
          data: chunk,
        }),
      );
      assert.equal(w.resok.count, chunk.length);
      assert.equal(w.resok.committed, nfs3.FILE_SYNC);
    }
    // The bytes are on the server's disk.
    const onDisk = readFileSync(path.join(g.exportPath, name.toString()));
    assert.ok(onDisk.equals(data), 'file on disk equals what was written');

    const rsize = Math.min(fsinfo.resok.rtmax, data.length);
    const parts: Buffer[] = [];
    for (let off = 0; ;) {
      const r = ok(await call(NFS.NFSPROC3_READ, { file: fh, offset: BigInt(off), count: rsize }));
      parts.push(Buffer.from(r.resok.data));
      off += r.resok.count;
      if (r.resok.eof || r.resok.count === 0) break;
    }
    assert.ok(Buffer.concat(parts).equals(data), 'READ returns the written bytes');

    const looked = ok(await call(NFS.NFSPROC3_LOOKUP, { what: { dir: rootFh, name } }));
    assert.ok(looked.resok.object.data.equals(fh.data), 'LOOKUP returns the CREATE handle');
    const attrs = looked.resok.obj_attributes;
    assert.equal(attrs.attributes_follow, true);
    assert.equal(
      (attrs as Extract<nfs3.post_op_attr, { attributes_follow: true }>).attributes.size,
      BigInt(data.length),
    );

    ok(await call(NFS.NFSPROC3_REMOVE, { object: { dir: rootFh, name } }));
    assert.equal(existsSync(path.join(g.exportPath, name.toString())), false);
    const gone = await call(NFS.NFSPROC3_LOOKUP, { what: { dir: rootFh, name } });
    assert.equal(gone.status, nfs3.NFS3ERR_NOENT);
  });

  it('READDIRPLUS pages through a 10,000-entry directory by cookie', async () => {
    const dirName = 'big-dir';
    const dirPath = path.join(g.exportPath, dirName);
    mkdirSync(dirPath);
    const expected = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const n = `entry-${String(i).padStart(5, '0')}`;
      writeFileSync(path.join(dirPath, n), '');
      expected.add(n);
    }
    const dir = ok(
      await call(NFS.NFSPROC3_LOOKUP, { what: { dir: rootFh, name: Buffer.from(dirName) } }),
    ).resok.object;

    const seen = new Set<string>();
    let cookie = 0n;
    let cookieverf = Buffer.alloc(nfs3.NFS3_COOKIEVERFSIZE);
    let pages = 0;
    for (let guard = 0; guard < 5000; guard++) {
      const res = ok(
        await call(NFS.NFSPROC3_READDIRPLUS, {
          dir,
          cookie,
          cookieverf,
          dircount: 8192,
          maxcount: 65536,
        }),
      );
      pages++;
      cookieverf = Buffer.from(res.resok.cookieverf);
      for (const e of res.resok.reply.entries) {
        const n = e.name.toString();
        assert.ok(!seen.has(n), `duplicate entry ${n}`);
        seen.add(n);
        cookie = e.cookie;
        if (n !== '.' && n !== '..') {
          assert.equal(e.name_attributes.attributes_follow, true, `attributes for ${n}`);
          assert.equal(e.name_handle.handle_follows, true, `handle for ${n}`);
        }
      }
      if (res.resok.reply.eof) break;
      assert.ok(res.resok.reply.entries.length > 0, 'a page that is not the last has entries');
    }
    seen.delete('.');
    seen.delete('..');
    assert.equal(seen.size, expected.size);
    for (const n of expected) assert.ok(seen.has(n), `missing ${n}`);
    assert.ok(pages > 1, 'the listing took several pages');
  });

  it('UMNT is accepted', async () => {
    const res = await mnt.call(
      mount3.MOUNT_PROGRAM,
      mount3.MOUNT_V3,
      MNT.MOUNTPROC3_UMNT,
      Buffer.from(g.exportPath),
      {
        cred: root,
      },
    );
    assert.equal(res, undefined);
  });
});
