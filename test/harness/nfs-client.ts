// A small NFSv3 client over the project's RpcClient, for tests that drive a proxy or a server:
// MOUNT for the root handle, then typed calls and a few conveniences (create, write, rename...).
import { RpcClient, authSys, type XdrProcedure, type rpcMsg } from '@nfs/rpc-xdr';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import * as mount3 from '../../src/protocol/generated/mount3.js';
import { NO_SATTR, ok } from './nfs.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
const MNT = mount3.program_MOUNT_PROGRAM.versions.MOUNT_V3.procedures;

export { NFS };

export interface NfsClient {
  readonly root: nfs3.nfs_fh3;
  call<A, R>(proc: XdrProcedure<A, R>, args: A, cred?: rpcMsg.opaque_auth): Promise<R>;
  lookup(dir: nfs3.nfs_fh3, name: string): Promise<nfs3.nfs_fh3>;
  create(dir: nfs3.nfs_fh3, name: string, mode?: number): Promise<nfs3.nfs_fh3>;
  mkdir(dir: nfs3.nfs_fh3, name: string): Promise<nfs3.nfs_fh3>;
  write(
    fh: nfs3.nfs_fh3,
    offset: number,
    data: Buffer,
    stable?: nfs3.stable_how,
  ): Promise<nfs3.WRITE3resok>;
  commit(fh: nfs3.nfs_fh3): Promise<void>;
  rename(from: nfs3.nfs_fh3, fromName: string, to: nfs3.nfs_fh3, toName: string): Promise<number>;
  remove(dir: nfs3.nfs_fh3, name: string): Promise<number>;
  close(): Promise<void>;
}

/** Reads a whole file through `c` (1 MiB READs), failing on an error status. */
export async function readAll(c: NfsClient, fh: nfs3.nfs_fh3): Promise<Buffer> {
  const parts: Buffer[] = [];
  let off = 0n;
  for (let i = 0; i < 100_000; i++) {
    const r = await c.call(NFS.NFSPROC3_READ, { file: fh, offset: off, count: 1 << 20 });
    if (r.status !== nfs3.NFS3_OK) throw new Error(`READ: ${nfs3.names_nfsstat3[r.status]}`);
    parts.push(Buffer.from(r.resok.data));
    off += BigInt(r.resok.data.length);
    if (r.resok.eof || r.resok.data.length === 0) break;
  }
  return Buffer.concat(parts);
}

/** The site URL of a ganesha instance, as a backup (`mode`). */
export function siteUrl(
  g: { host: string; exportPath: string; nfsPort: number; mountPort: number },
  mode: 'sync' | 'async',
): string {
  return `nfs://${g.host}${g.exportPath}?nfsport=${g.nfsPort}&mountport=${g.mountPort}&mode=${mode}`;
}

export const TEST_CRED = authSys({ uid: 0, gid: 0, machineName: 'nfs-proxy-test' });

/** Connects to an NFS server (or the proxy: one port for both) and mounts `exportPath`. */
export async function connectNfs(opts: {
  host: string;
  nfsPort: number;
  mountPort: number;
  exportPath: string;
  timeoutMs?: number;
  retransmissions?: number;
}): Promise<NfsClient> {
  const common = {
    host: opts.host,
    timeoutMs: opts.timeoutMs ?? 10_000,
    retransmissions: opts.retransmissions ?? 3,
  };
  const m = new RpcClient({ ...common, port: opts.mountPort });
  let root: nfs3.nfs_fh3;
  try {
    const r = await m.call(
      mount3.MOUNT_PROGRAM,
      mount3.MOUNT_V3,
      MNT.MOUNTPROC3_MNT,
      Buffer.from(opts.exportPath),
      { cred: TEST_CRED },
    );
    if (r.fhs_status !== mount3.MNT3_OK) throw new Error(`MOUNT failed: ${r.fhs_status}`);
    root = { data: Buffer.from(r.mountinfo.fhandle) };
  } finally {
    await m.close();
  }
  const c = new RpcClient({ ...common, port: opts.nfsPort });
  const call = <A, R>(proc: XdrProcedure<A, R>, args: A, cred = TEST_CRED): Promise<R> =>
    c.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, proc, args, { cred });
  const client: NfsClient = {
    root,
    call,
    async lookup(dir, name) {
      const r = ok(await call(NFS.NFSPROC3_LOOKUP, { what: { dir, name: Buffer.from(name) } }));
      return r.resok.object;
    },
    async create(dir, name, mode = 0o644) {
      const r = ok(
        await call(NFS.NFSPROC3_CREATE, {
          where: { dir, name: Buffer.from(name) },
          how: {
            mode: nfs3.UNCHECKED,
            obj_attributes: { ...NO_SATTR, mode: { set_it: true, mode } },
          },
        }),
        `CREATE ${name}`,
      );
      if (!r.resok.obj.handle_follows) return client.lookup(dir, name);
      return r.resok.obj.handle;
    },
    async mkdir(dir, name) {
      const r = ok(
        await call(NFS.NFSPROC3_MKDIR, {
          where: { dir, name: Buffer.from(name) },
          attributes: { ...NO_SATTR, mode: { set_it: true, mode: 0o755 } },
        }),
        `MKDIR ${name}`,
      );
      if (!r.resok.obj.handle_follows) return client.lookup(dir, name);
      return r.resok.obj.handle;
    },
    async write(fh, offset, data, stable = nfs3.FILE_SYNC) {
      const r = ok(
        await call(NFS.NFSPROC3_WRITE, {
          file: fh,
          offset: BigInt(offset),
          count: data.length,
          stable,
          data,
        }),
        'WRITE',
      );
      return r.resok;
    },
    async commit(fh) {
      ok(await call(NFS.NFSPROC3_COMMIT, { file: fh, offset: 0n, count: 0 }), 'COMMIT');
    },
    async rename(from, fromName, to, toName) {
      const r = await call(NFS.NFSPROC3_RENAME, {
        from: { dir: from, name: Buffer.from(fromName) },
        to: { dir: to, name: Buffer.from(toName) },
      });
      return r.status;
    },
    async remove(dir, name) {
      const r = await call(NFS.NFSPROC3_REMOVE, { object: { dir, name: Buffer.from(name) } });
      return r.status;
    },
    close: () => c.close(),
  };
  return client;
}
