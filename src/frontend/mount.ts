import { posix } from 'node:path';
import type { RpcCallContext, RpcHandlers } from '@nfs/rpc-xdr';
import * as mount3 from '../protocol/generated/mount3.js';
import * as nfs3 from '../protocol/generated/nfs3.js';
import { ROOT_ID, type CatalogObject } from '../catalog/catalog.js';
import type { ExportPolicy } from '../config/config.js';
import type { ProxyCore } from '../core/proxy-core.js';
import type { Logger } from '../log/logger.js';
import { SiteUnavailableError } from '../sites/nfs-site.js';
import { clientMatcher, squashCredential } from './interceptors/export-policy.js';

type MountVersion = typeof mount3.program_MOUNT_PROGRAM.versions.MOUNT_V3;
const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;

/** Most entries kept in the mount list (DUMP); older ones are dropped first. */
export const MAX_MOUNT_ENTRIES = 4096;

/**
 * The MOUNT v3 program (RFC 1813 section 5) for the proxy's one export: MNT of the export or
 * any directory below it (as knfsd allows), DUMP, UMNT, UMNTALL and EXPORT. The mount list is
 * informational (like knfsd's rmtab), kept in memory.
 */
export class MountService {
  private readonly mounts = new Map<string, { host: string; dir: string }>();
  private readonly allowed: (address: string) => boolean;

  constructor(
    private readonly core: ProxyCore,
    private readonly policy: ExportPolicy,
    private readonly log: Logger,
  ) {
    this.allowed = clientMatcher(policy);
  }

  handlers(): RpcHandlers<MountVersion> {
    return {
      MOUNTPROC3_NULL: () => undefined,
      MOUNTPROC3_MNT: (path, ctx) => this.mnt(path, ctx),
      MOUNTPROC3_DUMP: () =>
        [...this.mounts.values()].map((m) => ({
          ml_hostname: Buffer.from(m.host),
          ml_directory: Buffer.from(m.dir),
        })),
      MOUNTPROC3_UMNT: (path, ctx) => {
        this.mounts.delete(`${ctx.peer.remoteAddress}\0${path.toString()}`);
      },
      MOUNTPROC3_UMNTALL: (_args, ctx) => {
        for (const [k, m] of this.mounts)
          if (m.host === ctx.peer.remoteAddress) this.mounts.delete(k);
      },
      MOUNTPROC3_EXPORT: () => [
        {
          ex_dir: Buffer.from(this.policy.path),
          ex_groups: this.policy.clients.map((c) => ({ gr_name: Buffer.from(c.text) })),
        },
      ],
    };
  }

  private async mnt(raw: Buffer, ctx: RpcCallContext): Promise<mount3.mountres3> {
    const client = ctx.peer.remoteAddress;
    const path = raw.toString('utf8');
    const refuse = (status: Exclude<mount3.mountstat3, 0>, why: string): mount3.mountres3 => {
      this.log.warn(
        { client, path, status: mount3.names_mountstat3[status], reason: why },
        'mount refused',
      );
      return { fhs_status: status };
    };
    if (!this.allowed(client)) return refuse(mount3.MNT3ERR_ACCES, 'client not in export.clients');
    if (this.policy.secure && ctx.peer.remotePort >= 1024)
      return refuse(mount3.MNT3ERR_ACCES, 'source port not reserved (export.secure)');
    if (!path.startsWith('/') || raw.includes(0))
      return refuse(mount3.MNT3ERR_INVAL, 'not an absolute path');
    const wanted = posix.normalize(path);
    const root = this.policy.path;
    const rel =
      wanted === root
        ? ''
        : root === '/'
          ? wanted.slice(1)
          : wanted.startsWith(root + '/')
            ? wanted.slice(root.length + 1)
            : undefined;
    if (rel === undefined) return refuse(mount3.MNT3ERR_ACCES, `not below the export ${root}`);
    const cred = squashCredential(ctx.cred, this.policy);
    let obj: CatalogObject = this.core.catalog.get(ROOT_ID)!;
    try {
      for (const name of rel.split('/').filter((c) => c !== '')) {
        if (name === '..' || name === '.')
          return refuse(mount3.MNT3ERR_INVAL, 'path has . or .. components');
        const bname = Buffer.from(name);
        const res = await this.core.call(
          NFS.NFSPROC3_LOOKUP,
          { what: { dir: this.core.siteFh(obj), name: bname } },
          cred,
        );
        if (res.status !== nfs3.NFS3_OK) {
          const st =
            res.status === nfs3.NFS3ERR_NOENT
              ? mount3.MNT3ERR_NOENT
              : res.status === nfs3.NFS3ERR_ACCES
                ? mount3.MNT3ERR_ACCES
                : res.status === nfs3.NFS3ERR_NOTDIR
                  ? mount3.MNT3ERR_NOTDIR
                  : mount3.MNT3ERR_IO;
          return refuse(st, `LOOKUP ${name}: ${nfs3.names_nfsstat3[res.status]}`);
        }
        const child = this.core.learnChild(obj, bname, res.resok.object, res.resok.obj_attributes);
        obj = child.obj;
      }
      if (obj.type !== 0 && obj.type !== nfs3.NF3DIR)
        return refuse(mount3.MNT3ERR_NOTDIR, 'not a directory');
      await this.core.catalog.commit();
    } catch (e) {
      if (e instanceof SiteUnavailableError) return refuse(mount3.MNT3ERR_SERVERFAULT, e.message);
      throw e;
    }
    this.mounts.set(`${client}\0${wanted}`, { host: client, dir: wanted });
    while (this.mounts.size > MAX_MOUNT_ENTRIES)
      this.mounts.delete(this.mounts.keys().next().value as string);
    this.log.info({ client, path: wanted, object: obj.id }, 'mounted');
    return {
      fhs_status: mount3.MNT3_OK,
      mountinfo: { fhandle: this.core.handleFor(obj).data, auth_flavors: [1 /* AUTH_SYS */] },
    };
  }
}
