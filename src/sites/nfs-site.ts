import type { rpcMsg } from '@nfs/rpc-xdr';
import { RpcClient, RpcClientPool, RpcError, authSys, type XdrProcedure } from '@nfs/rpc-xdr';
import * as nfs3 from '../protocol/generated/nfs3.js';
import * as mount3 from '../protocol/generated/mount3.js';
import * as portmap from '../protocol/generated/portmap.js';
import type { Logger } from '../log/logger.js';
import type { NfsSiteUrl } from './site-url.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
const MOUNT = mount3.program_MOUNT_PROGRAM.versions.MOUNT_V3.procedures;
const PMAP = portmap.program_PMAP_PROG.versions.PMAP_VERS.procedures;

/** The credential the proxy uses for its own calls to a site (MOUNT, probes): root. */
export const SITE_ROOT_CRED: rpcMsg.opaque_auth = authSys({
  uid: 0,
  gid: 0,
  machineName: 'nfs-proxy',
});

/** A site did not answer in time or cannot be reached; see docs/errors.md. */
export class SiteUnavailableError extends Error {
  readonly code = 'NFSP_ERR_SITE_UNAVAILABLE';
  constructor(
    readonly site: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SiteUnavailableError';
  }
}

/** A site answered MOUNT with an error, or its export is unusable. */
export class SiteMountError extends Error {
  readonly code = 'NFSP_ERR_SITE_MOUNT';
  constructor(
    readonly site: string,
    message: string,
  ) {
    super(message);
    this.name = 'SiteMountError';
  }
}

export interface NfsSiteOptions {
  readonly name: string;
  readonly url: NfsSiteUrl;
  readonly connections: number;
  readonly timeoutMs: number;
  readonly retransmissions: number;
  readonly log: Logger;
}

/**
 * A real NFSv3 server used as a site: resolves its ports (from the URL or its portmapper),
 * mounts the export to learn the root handle, and carries NFS calls over a pool of connections
 * from a reserved source port when the proxy may bind one.
 */
export class NfsSite {
  readonly name: string;
  readonly url: NfsSiteUrl;
  private readonly opts: NfsSiteOptions;
  private readonly log: Logger;
  private pool: RpcClientPool | undefined;
  /** The export root's handle on this site (after `connect`). */
  rootFh: Buffer | undefined;
  /** FSINFO of the export root (after `connect`). */
  fsinfo: nfs3.FSINFO3resok | undefined;
  private nfsPort: number | undefined;
  /** NFS calls made to this site, by procedure name (for status and tests). */
  readonly calls = new Map<string, number>();

  constructor(opts: NfsSiteOptions) {
    this.opts = opts;
    this.name = opts.name;
    this.url = opts.url;
    this.log = opts.log.child({ site: opts.name });
  }

  /** Mounts the export and reads FSINFO. Throws SiteUnavailableError or SiteMountError. */
  async connect(): Promise<void> {
    const { host } = this.url;
    const nfsPort = this.url.nfsPort ?? (await this.getPort(nfs3.NFS_PROGRAM, nfs3.NFS_V3));
    const mountPort =
      this.url.mountPort ?? (await this.getPort(mount3.MOUNT_PROGRAM, mount3.MOUNT_V3));
    // A refused connection at start is an answer: fail at once with the socket's error.
    const mnt = new RpcClient({ ...this.clientOptions(mountPort), failFastOnConnect: true });
    try {
      const res = await this.guard(
        mnt.call(
          mount3.MOUNT_PROGRAM,
          mount3.MOUNT_V3,
          MOUNT.MOUNTPROC3_MNT,
          Buffer.from(this.url.exportPath),
          {
            cred: SITE_ROOT_CRED,
          },
        ),
        'MOUNT',
      );
      if (res.fhs_status !== mount3.MNT3_OK) {
        throw new SiteMountError(
          this.name,
          `${this.name}: MOUNT of ${this.url.exportPath} on ${host}:${mountPort} failed: ${mount3.names_mountstat3[res.fhs_status] ?? res.fhs_status}`,
        );
      }
      this.rootFh = Buffer.from(res.mountinfo.fhandle);
    } finally {
      await mnt.close();
    }
    await this.pool?.close();
    this.nfsPort = nfsPort;
    this.pool = new RpcClientPool({ ...this.clientOptions(nfsPort), size: this.opts.connections });
    const fs = await this.call(
      NFS.NFSPROC3_FSINFO,
      { fsroot: { data: this.rootFh } },
      SITE_ROOT_CRED,
    );
    if (fs.status !== nfs3.NFS3_OK) {
      throw new SiteMountError(
        this.name,
        `${this.name}: FSINFO of the export root failed: ${nfs3.names_nfsstat3[fs.status] ?? fs.status}`,
      );
    }
    this.fsinfo = fs.resok;
    this.log.info(
      {
        host,
        nfsPort,
        mountPort,
        export: this.url.exportPath,
        rtmax: fs.resok.rtmax,
        wtmax: fs.resok.wtmax,
      },
      'site connected',
    );
  }

  /** True once `connect` succeeded. */
  get connected(): boolean {
    return this.pool !== undefined && this.rootFh !== undefined;
  }

  /**
   * One NFS NULL call on a fresh connection, answered within `timeoutMs` or not at all (a
   * heartbeat: noticing a site that came back). A site never connected is connected instead.
   * Never throws.
   */
  async ping(timeoutMs: number): Promise<boolean> {
    if (!this.connected || this.nfsPort === undefined) {
      try {
        await this.connect();
        return true;
      } catch {
        return false;
      }
    }
    const c = new RpcClient({
      ...this.clientOptions(this.nfsPort),
      timeoutMs,
      retransmissions: 0,
      failFastOnConnect: true,
    });
    try {
      await c.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, NFS.NFSPROC3_NULL, undefined, {
        cred: SITE_ROOT_CRED,
      });
      return true;
    } catch {
      return false;
    } finally {
      await c.close();
    }
  }

  /**
   * Calls an NFSv3 procedure on this site. `tail`: the payload of a gathered call (see
   * RpcClient's CallOptions.tail). Throws SiteUnavailableError when the site does not answer.
   */
  call<A, R>(
    proc: XdrProcedure<A, R>,
    args: A,
    cred: rpcMsg.opaque_auth,
    tail?: Uint8Array,
  ): Promise<R> {
    if (!this.pool) {
      return Promise.reject(new SiteUnavailableError(this.name, `${this.name} is not connected`));
    }
    const opts = tail ? { cred, tail } : { cred };
    this.calls.set(proc.name, (this.calls.get(proc.name) ?? 0) + 1);
    return this.guard(this.pool.call(nfs3.NFS_PROGRAM, nfs3.NFS_V3, proc, args, opts), proc.name);
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
  }

  private clientOptions(port: number) {
    return {
      host: this.url.host,
      port,
      timeoutMs: this.opts.timeoutMs,
      retransmissions: this.opts.retransmissions,
      reservedPort: 'auto' as const,
      logger: this.log,
    };
  }

  private async getPort(prog: number, vers: number): Promise<number> {
    const pm = new RpcClient({
      ...this.clientOptions(portmap.PMAP_PORT),
      retransmissions: 1,
      failFastOnConnect: true,
    });
    try {
      const port = await this.guard(
        pm.call(portmap.PMAP_PROG, portmap.PMAP_VERS, PMAP.PMAPPROC_GETPORT, {
          prog,
          vers,
          prot: portmap.IPPROTO_TCP,
          port: 0,
        }),
        'PMAPPROC_GETPORT',
      );
      if (port === 0)
        throw new SiteMountError(
          this.name,
          `${this.name}: program ${prog} v${vers} is not registered with the portmapper of ${this.url.host}`,
        );
      return port;
    } finally {
      await pm.close();
    }
  }

  /** Maps transport failures (timeout after retransmissions, connection loss) to SiteUnavailableError. */
  private async guard<T>(p: Promise<T>, what: string): Promise<T> {
    try {
      return await p;
    } catch (e) {
      if (
        e instanceof RpcError &&
        (e.code === 'NFSP_ERR_RPC_TIMEOUT' ||
          e.code === 'NFSP_ERR_RPC_CONNECTION' ||
          e.code === 'NFSP_ERR_RPC_CLOSED')
      ) {
        throw new SiteUnavailableError(
          this.name,
          `${this.name}: ${what} got no answer: ${e.message}`,
          { cause: e },
        );
      }
      throw e;
    }
  }
}
