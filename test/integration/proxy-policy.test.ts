// The export policy against a real primary (nfs-ganesha): allowed client networks (MOUNT and NFS
// from a refused address), read-only exports (every mutating procedure gets NFS3ERR_ROFS, reads
// work, ACCESS withholds the write bits), root/all/no squashing (owners checked on the primary's
// disk) and `secure` (unprivileged source ports get AUTH_ERROR / AUTH_TOOWEAK).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import {
  NULL_AUTH,
  RpcAcceptedError,
  RpcClient,
  RpcDeniedError,
  authSys,
  rpcMsg,
  type XdrProcedure,
} from '@nfs/rpc-xdr';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import * as mount3 from '../../src/protocol/generated/mount3.js';
import { startGanesha, type GaneshaInstance } from '../harness/ganesha.js';
import { startProxy, type ProxyInstance } from '../harness/proxy.js';
import { MODE_644, NO_SATTR, ok, statusName } from '../harness/nfs.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
const MNT = mount3.program_MOUNT_PROGRAM.versions.MOUNT_V3.procedures;
const T = { timeout: 120_000 };
const NOBODY = 65534;

type Cred = rpcMsg.opaque_auth;
const asUser = (uid: number, gid = uid): Cred =>
  authSys({ uid, gid, gids: [gid], machineName: 'policy-test' });
const ROOT = asUser(0);

/** Runs an NFS call that must be answered with an NFS status (not an RPC-level error). */
async function nfsStatus(p: Promise<{ status: number }>, what: string): Promise<number> {
  try {
    return (await p).status;
  } catch (e) {
    if (e instanceof RpcAcceptedError)
      assert.fail(`${what}: RPC-level error accept_stat ${e.acceptStat} (${e.message})`);
    throw e;
  }
}

interface ClientOptions {
  localAddress?: string;
  reservedPort?: boolean;
}

/** NFS + MOUNT client of a proxy (one port). */
class Client {
  readonly rpc: RpcClient;
  constructor(p: ProxyInstance, opts: ClientOptions = {}) {
    this.rpc = new RpcClient({
      host: p.host,
      port: p.port,
      timeoutMs: 10_000,
      retransmissions: 1,
      reservedPort: opts.reservedPort ?? false,
      ...(opts.localAddress === undefined ? {} : { localAddress: opts.localAddress }),
    });
  }
  call<A, R>(proc: XdrProcedure<A, R>, args: A, cred: Cred = ROOT): Promise<R> {
    return this.rpc.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, proc, args, { cred });
  }
  mnt(dir: string, cred: Cred = ROOT): Promise<mount3.mountres3> {
    return this.rpc.call(
      mount3.MOUNT_PROGRAM,
      mount3.MOUNT_V3,
      MNT.MOUNTPROC3_MNT,
      Buffer.from(dir),
      {
        cred,
      },
    );
  }
  async mount(dir: string): Promise<nfs3.nfs_fh3> {
    const res = await this.mnt(dir);
    assert.equal(res.fhs_status, mount3.MNT3_OK, `MNT ${dir}: status ${res.fhs_status}`);
    return {
      data: Buffer.from((res as Extract<mount3.mountres3, { fhs_status: 0 }>).mountinfo.fhandle),
    };
  }
  async lookup(dir: nfs3.nfs_fh3, name: string): Promise<nfs3.nfs_fh3> {
    const r = ok(
      await this.call(NFS.NFSPROC3_LOOKUP, { what: { dir, name: Buffer.from(name) } }),
      `LOOKUP ${name}`,
    );
    return r.resok.object;
  }
  create(dir: nfs3.nfs_fh3, name: string, cred: Cred = ROOT): Promise<nfs3.CREATE3res> {
    return this.call(
      NFS.NFSPROC3_CREATE,
      {
        where: { dir, name: Buffer.from(name) },
        how: { mode: nfs3.GUARDED, obj_attributes: MODE_644 },
      },
      cred,
    );
  }
  close(): Promise<void> {
    return this.rpc.close();
  }
}

/** A directory in the primary's export that anybody may create files in. */
function openDir(g: GaneshaInstance, name: string): string {
  const dir = path.join(g.exportPath, name);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o777);
  return dir;
}

describe('export policy', () => {
  let g: GaneshaInstance;

  before(async () => {
    g = await startGanesha({ name: 'proxy-policy' });
    chmodSync(g.exportPath, 0o777);
  });

  after(async () => {
    await g?.stop();
  });

  describe('export.clients', () => {
    let proxy: ProxyInstance;
    let allowed: Client;
    let refused: Client;
    let root: nfs3.nfs_fh3;
    let file: nfs3.nfs_fh3;

    before(async () => {
      proxy = await startProxy({ primary: g, config: { export: { clients: ['127.0.0.1/32'] } } });
      allowed = new Client(proxy, { localAddress: '127.0.0.1' });
      refused = new Client(proxy, { localAddress: '127.0.0.9' });
      writeFileSync(path.join(g.exportPath, 'clients.txt'), 'for allowed clients only');
      root = await allowed.mount('/export');
      file = await allowed.lookup(root, 'clients.txt');
    });

    after(async () => {
      await allowed?.close();
      await refused?.close();
      await proxy?.dispose();
    });

    it('an allowed client mounts and works', T, async () => {
      ok(await allowed.call(NFS.NFSPROC3_GETATTR, { object: root }), 'GETATTR root');
      const r = ok(await allowed.call(NFS.NFSPROC3_READ, { file, offset: 0n, count: 100 }), 'READ');
      assert.equal(Buffer.from(r.resok.data).toString(), 'for allowed clients only');
      ok(await allowed.create(root, 'allowed-created.txt'), 'CREATE');
      assert.ok(existsSync(path.join(g.exportPath, 'allowed-created.txt')));
    });

    it('MOUNT EXPORT lists the allowed networks', T, async () => {
      const list = await allowed.rpc.call(
        mount3.MOUNT_PROGRAM,
        mount3.MOUNT_V3,
        MNT.MOUNTPROC3_EXPORT,
        undefined,
      );
      assert.equal(list.length, 1);
      assert.equal(list[0]!.ex_dir.toString(), '/export');
      assert.deepEqual(
        list[0]!.ex_groups.map((gr) => gr.gr_name.toString()),
        ['127.0.0.1/32'],
      );
    });

    it('a client outside the networks gets MNT3ERR_ACCES from MNT', T, async () => {
      const res = await refused.mnt('/export');
      assert.equal(res.fhs_status, mount3.MNT3ERR_ACCES);
      const sub = await refused.mnt('/export/anything');
      assert.equal(sub.fhs_status, mount3.MNT3ERR_ACCES);
    });

    it(
      'a client outside the networks gets NFS3ERR_ACCES on NFS calls with a valid handle',
      T,
      async () => {
        const calls: [string, () => Promise<{ status: number }>][] = [
          ['GETATTR', () => refused.call(NFS.NFSPROC3_GETATTR, { object: file })],
          [
            'LOOKUP',
            () =>
              refused.call(NFS.NFSPROC3_LOOKUP, {
                what: { dir: root, name: Buffer.from('clients.txt') },
              }),
          ],
          ['READ', () => refused.call(NFS.NFSPROC3_READ, { file, offset: 0n, count: 100 })],
          [
            'ACCESS',
            () => refused.call(NFS.NFSPROC3_ACCESS, { object: file, access: nfs3.ACCESS3_READ }),
          ],
          [
            'READDIRPLUS',
            () =>
              refused.call(NFS.NFSPROC3_READDIRPLUS, {
                dir: root,
                cookie: 0n,
                cookieverf: Buffer.alloc(8),
                dircount: 4096,
                maxcount: 8192,
              }),
          ],
          ['FSINFO', () => refused.call(NFS.NFSPROC3_FSINFO, { fsroot: root })],
          ['CREATE', () => refused.create(root, 'refused-created.txt')],
          [
            'WRITE',
            () =>
              refused.call(NFS.NFSPROC3_WRITE, {
                file,
                offset: 0n,
                count: 5,
                stable: nfs3.FILE_SYNC,
                data: Buffer.from('HACK!'),
              }),
          ],
          [
            'REMOVE',
            () =>
              refused.call(NFS.NFSPROC3_REMOVE, {
                object: { dir: root, name: Buffer.from('clients.txt') },
              }),
          ],
        ];
        const failures: string[] = [];
        for (const [what, run] of calls) {
          try {
            const st = await nfsStatus(run(), what);
            if (st !== nfs3.NFS3ERR_ACCES) failures.push(`${what}: ${statusName(st)}`);
          } catch (e) {
            failures.push((e as Error).message);
          }
        }
        assert.deepEqual(failures, [], 'every call from a refused client gets NFS3ERR_ACCES');
        // Nothing reached the primary.
        assert.equal(existsSync(path.join(g.exportPath, 'refused-created.txt')), false);
        assert.equal(
          readFileSync(path.join(g.exportPath, 'clients.txt'), 'utf8'),
          'for allowed clients only',
        );
      },
    );

    it(
      'NULL is answered for a refused client; the proxy keeps serving the allowed one',
      T,
      async () => {
        assert.equal(await refused.call(NFS.NFSPROC3_NULL, undefined), undefined);
        ok(await allowed.call(NFS.NFSPROC3_GETATTR, { object: file }), 'GETATTR');
        assert.ok(proxy.isRunning());
      },
    );
  });

  describe("export.access: 'ro'", () => {
    let proxy: ProxyInstance;
    let c: Client;
    let root: nfs3.nfs_fh3;
    let dirFh: nfs3.nfs_fh3;
    let fileFh: nfs3.nfs_fh3;
    let linkFh: nfs3.nfs_fh3;
    let snapshot: string;

    const listing = (): string => {
      const out: string[] = [];
      const walk = (d: string): void => {
        for (const n of readdirSync(d).sort()) {
          const p = path.join(d, n);
          const st = statSync(p, { throwIfNoEntry: false });
          out.push(`${path.relative(g.exportPath, p)} ${st?.mode.toString(8)} ${st?.size}`);
          if (st?.isDirectory()) walk(p);
        }
      };
      walk(path.join(g.exportPath, 'ro'));
      return out.join('\n');
    };

    before(async () => {
      const dir = openDir(g, 'ro');
      writeFileSync(path.join(dir, 'file.txt'), 'read-only data');
      mkdirSync(path.join(dir, 'sub'));
      writeFileSync(path.join(dir, 'sub', 'inner.txt'), 'inner');
      symlinkSync('file.txt', path.join(dir, 'link'));
      proxy = await startProxy({ primary: g, config: { export: { access: 'ro' } } });
      c = new Client(proxy);
      root = await c.mount('/export');
      dirFh = await c.lookup(root, 'ro');
      fileFh = await c.lookup(dirFh, 'file.txt');
      linkFh = await c.lookup(dirFh, 'link');
      snapshot = listing();
    });

    after(async () => {
      await c?.close();
      await proxy?.dispose();
    });

    it('reads work', T, async () => {
      ok(await c.call(NFS.NFSPROC3_GETATTR, { object: fileFh }), 'GETATTR');
      const r = ok(
        await c.call(NFS.NFSPROC3_READ, { file: fileFh, offset: 0n, count: 100 }),
        'READ',
      );
      assert.equal(Buffer.from(r.resok.data).toString(), 'read-only data');
      const rl = ok(await c.call(NFS.NFSPROC3_READLINK, { symlink: linkFh }), 'READLINK');
      assert.equal(rl.resok.data.toString(), 'file.txt');
      ok(
        await c.call(NFS.NFSPROC3_READDIR, {
          dir: dirFh,
          cookie: 0n,
          cookieverf: Buffer.alloc(8),
          count: 4096,
        }),
        'READDIR',
      );
      const rdp = ok(
        await c.call(NFS.NFSPROC3_READDIRPLUS, {
          dir: dirFh,
          cookie: 0n,
          cookieverf: Buffer.alloc(8),
          dircount: 4096,
          maxcount: 16384,
        }),
        'READDIRPLUS',
      );
      const names = rdp.resok.reply.entries.map((e) => e.name.toString()).sort();
      assert.deepEqual(
        names.filter((n) => n !== '.' && n !== '..'),
        ['file.txt', 'link', 'sub'],
      );
      ok(await c.call(NFS.NFSPROC3_FSSTAT, { fsroot: root }), 'FSSTAT');
      ok(await c.call(NFS.NFSPROC3_FSINFO, { fsroot: root }), 'FSINFO');
      ok(await c.call(NFS.NFSPROC3_PATHCONF, { object: root }), 'PATHCONF');
    });

    it('ACCESS grants READ but never MODIFY, EXTEND or DELETE', T, async () => {
      const all =
        nfs3.ACCESS3_READ |
        nfs3.ACCESS3_LOOKUP |
        nfs3.ACCESS3_MODIFY |
        nfs3.ACCESS3_EXTEND |
        nfs3.ACCESS3_DELETE |
        nfs3.ACCESS3_EXECUTE;
      for (const [what, fh] of [
        ['file', fileFh],
        ['dir', dirFh],
        ['root', root],
      ] as const) {
        const a = ok(
          await c.call(NFS.NFSPROC3_ACCESS, { object: fh, access: all }),
          `ACCESS ${what}`,
        );
        const granted = a.resok.access;
        assert.equal(granted & nfs3.ACCESS3_MODIFY, 0, `${what}: MODIFY granted`);
        assert.equal(granted & nfs3.ACCESS3_EXTEND, 0, `${what}: EXTEND granted`);
        assert.equal(granted & nfs3.ACCESS3_DELETE, 0, `${what}: DELETE granted`);
        assert.notEqual(granted & nfs3.ACCESS3_READ, 0, `${what}: READ not granted`);
      }
    });

    it('every mutating procedure gets NFS3ERR_ROFS and the primary is untouched', T, async () => {
      const name = (s: string): Buffer => Buffer.from(s);
      const calls: [string, () => Promise<{ status: number }>][] = [
        [
          'SETATTR',
          () =>
            c.call(NFS.NFSPROC3_SETATTR, {
              object: fileFh,
              new_attributes: { ...NO_SATTR, mode: { set_it: true, mode: 0o600 } },
              guard: { check: false },
            }),
        ],
        [
          'SETATTR size',
          () =>
            c.call(NFS.NFSPROC3_SETATTR, {
              object: fileFh,
              new_attributes: { ...NO_SATTR, size: { set_it: true, size: 0n } },
              guard: { check: false },
            }),
        ],
        [
          'WRITE',
          () =>
            c.call(NFS.NFSPROC3_WRITE, {
              file: fileFh,
              offset: 0n,
              count: 4,
              stable: nfs3.FILE_SYNC,
              data: Buffer.from('XXXX'),
            }),
        ],
        [
          'WRITE unstable',
          () =>
            c.call(NFS.NFSPROC3_WRITE, {
              file: fileFh,
              offset: 100n,
              count: 4,
              stable: nfs3.UNSTABLE,
              data: Buffer.from('XXXX'),
            }),
        ],
        ['CREATE', () => c.create(dirFh, 'new.txt')],
        [
          'CREATE exclusive',
          () =>
            c.call(NFS.NFSPROC3_CREATE, {
              where: { dir: dirFh, name: name('excl.txt') },
              how: { mode: nfs3.EXCLUSIVE, verf: Buffer.alloc(8, 1) },
            }),
        ],
        [
          'MKDIR',
          () =>
            c.call(NFS.NFSPROC3_MKDIR, {
              where: { dir: dirFh, name: name('newdir') },
              attributes: NO_SATTR,
            }),
        ],
        [
          'SYMLINK',
          () =>
            c.call(NFS.NFSPROC3_SYMLINK, {
              where: { dir: dirFh, name: name('newlink') },
              symlink: { symlink_attributes: NO_SATTR, symlink_data: name('file.txt') },
            }),
        ],
        [
          'MKNOD',
          () =>
            c.call(NFS.NFSPROC3_MKNOD, {
              where: { dir: dirFh, name: name('fifo') },
              what: { type: nfs3.NF3FIFO, pipe_attributes: NO_SATTR },
            }),
        ],
        [
          'REMOVE',
          () => c.call(NFS.NFSPROC3_REMOVE, { object: { dir: dirFh, name: name('file.txt') } }),
        ],
        ['RMDIR', () => c.call(NFS.NFSPROC3_RMDIR, { object: { dir: dirFh, name: name('sub') } })],
        [
          'RENAME',
          () =>
            c.call(NFS.NFSPROC3_RENAME, {
              from: { dir: dirFh, name: name('file.txt') },
              to: { dir: dirFh, name: name('renamed.txt') },
            }),
        ],
        [
          'LINK',
          () =>
            c.call(NFS.NFSPROC3_LINK, { file: fileFh, link: { dir: dirFh, name: name('hard') } }),
        ],
      ];
      const failures: string[] = [];
      for (const [what, run] of calls) {
        try {
          const st = await nfsStatus(run(), what);
          if (st !== nfs3.NFS3ERR_ROFS) failures.push(`${what}: ${statusName(st)}`);
        } catch (e) {
          failures.push((e as Error).message);
        }
      }
      assert.deepEqual(failures, [], 'every mutating call gets NFS3ERR_ROFS');
      assert.equal(listing(), snapshot, 'the primary export is unchanged');
      assert.equal(
        readFileSync(path.join(g.exportPath, 'ro', 'file.txt'), 'utf8'),
        'read-only data',
      );
    });

    it('keeps serving reads after the refusals', T, async () => {
      ok(await c.call(NFS.NFSPROC3_GETATTR, { object: fileFh }), 'GETATTR');
      assert.ok(proxy.isRunning());
    });
  });

  describe('export.squash', () => {
    const cases: {
      squash: 'root' | 'all' | 'none';
      expect: { uid: number; owner: number; group: number }[];
    }[] = [
      {
        squash: 'root',
        expect: [
          { uid: 0, owner: NOBODY, group: NOBODY },
          { uid: 1000, owner: 1000, group: 1000 },
        ],
      },
      {
        squash: 'all',
        expect: [
          { uid: 0, owner: NOBODY, group: NOBODY },
          { uid: 1000, owner: NOBODY, group: NOBODY },
        ],
      },
      {
        squash: 'none',
        expect: [
          { uid: 0, owner: 0, group: 0 },
          { uid: 1000, owner: 1000, group: 1000 },
        ],
      },
    ];
    for (const { squash, expect } of cases) {
      it(`squash '${squash}'`, T, async () => {
        const proxy = await startProxy({ primary: g, config: { export: { squash } } });
        const c = new Client(proxy);
        try {
          const dirName = `squash-${squash}`;
          const dir = openDir(g, dirName);
          const root = await c.mount('/export');
          const dirFh = await c.lookup(root, dirName);
          for (const { uid, owner, group } of expect) {
            const name = `created-by-${uid}.txt`;
            const res = ok(await c.create(dirFh, name, asUser(uid)), `CREATE as uid ${uid}`);
            const st = statSync(path.join(dir, name));
            assert.equal(st.uid, owner, `squash ${squash}: file created as uid ${uid} owned by`);
            assert.equal(st.gid, group, `squash ${squash}: file created as gid ${uid} group`);
            // The attributes the client sees say the same.
            const a = res.resok.obj_attributes;
            if (a.attributes_follow) assert.equal(a.attributes.uid, owner);
          }
          // AUTH_NONE calls always go out as anonuid/anongid.
          ok(await c.create(dirFh, 'auth-none.txt', NULL_AUTH), 'CREATE AUTH_NONE');
          const st = statSync(path.join(dir, 'auth-none.txt'));
          assert.equal(st.uid, NOBODY, `squash ${squash}: AUTH_NONE create owned by`);
        } finally {
          await c.close();
          await proxy.dispose();
        }
      });
    }
  });

  describe('export.secure', () => {
    let proxy: ProxyInstance;
    let privileged: Client;
    let unprivileged: Client;

    before(async () => {
      writeFileSync(path.join(g.exportPath, 'secure.txt'), 'secure');
      proxy = await startProxy({ primary: g, config: { export: { secure: true } } });
      privileged = new Client(proxy, { reservedPort: true });
      unprivileged = new Client(proxy, { reservedPort: false });
    });

    after(async () => {
      await privileged?.close();
      await unprivileged?.close();
      await proxy?.dispose();
    });

    it('a client on a reserved port mounts and works', T, async () => {
      const root = await privileged.mount('/export');
      const fh = await privileged.lookup(root, 'secure.txt');
      ok(await privileged.call(NFS.NFSPROC3_GETATTR, { object: fh }), 'GETATTR');
    });

    it('MNT from an unprivileged port gets MNT3ERR_ACCES', T, async () => {
      const res = await unprivileged.mnt('/export');
      assert.equal(res.fhs_status, mount3.MNT3ERR_ACCES);
    });

    it('NFS calls from an unprivileged port get AUTH_ERROR / AUTH_TOOWEAK', T, async () => {
      const root = await privileged.mount('/export');
      const fh = await privileged.lookup(root, 'secure.txt');
      for (const [what, run] of [
        ['GETATTR', () => unprivileged.call(NFS.NFSPROC3_GETATTR, { object: fh })],
        ['READ', () => unprivileged.call(NFS.NFSPROC3_READ, { file: fh, offset: 0n, count: 10 })],
        ['CREATE', () => unprivileged.create(root, 'insecure.txt')],
      ] as const) {
        await assert.rejects(run(), (e: unknown) => {
          assert.ok(
            e instanceof RpcDeniedError,
            `${what}: expected RpcDeniedError, got ${String(e)}`,
          );
          assert.equal(e.rejectStat, 1, `${what}: AUTH_ERROR`);
          assert.equal(e.authStat, rpcMsg.AUTH_TOOWEAK, `${what}: AUTH_TOOWEAK`);
          return true;
        });
      }
      assert.equal(existsSync(path.join(g.exportPath, 'insecure.txt')), false);
      // The privileged client still works on the same proxy.
      ok(await privileged.call(NFS.NFSPROC3_GETATTR, { object: fh }), 'GETATTR privileged');
      assert.ok(proxy.isRunning());
    });
  });
});
