import { posix } from 'node:path';
import type { RpcCallContext, RpcHandlers } from '@nfs/rpc-xdr';
import * as mount3 from '../protocol/generated/mount3.js';
import * as nfs3 from '../protocol/generated/nfs3.js';
import { ROOT_ID } from '../catalog/catalog.js';
import type { ExportPolicy } from '../config/config.js';
import type { ProxyCore } from '../core/proxy-core.js';
import type { Logger } from '../log/logger.js';
import { clientMatcher } from './interceptors/export-policy.js';

type MountVersion = typeof mount3.program_MOUNT_PROGRAM.versions.MOUNT_V3;

/**
 * The NFS LOOKUP the mount path is resolved with: the proxy's own NFS handler, so a path below
 * the export follows exactly what clients see (export policy, squashing, the `.versions` view).
 * `undefined`: no answer (the primary did not answer).
 */
export type MountLookup = (
  args: nfs3.LOOKUP3args,
  ctx: RpcCallContext,
) => Promise<nfs3.LOOKUP3res | undefined>;

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
    private readonly lookup: MountLookup,
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
    let fh = this.core.handleFor(this.core.catalog.get(ROOT_ID)!);
    let type: number = nfs3.NF3DIR;
    for (const name of rel.split('/').filter((c) => c !== '')) {
      if (name === '..' || name === '.')
        return refuse(mount3.MNT3ERR_INVAL, 'path has . or .. components');
      const res = await this.lookup({ what: { dir: fh, name: Buffer.from(name) } }, ctx);
      if (!res) return refuse(mount3.MNT3ERR_SERVERFAULT, 'the primary did not answer');
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
      fh = res.resok.object;
      type = res.resok.obj_attributes.attributes_follow
        ? res.resok.obj_attributes.attributes.type
        : 0;
    }
    if (type !== 0 && type !== nfs3.NF3DIR) return refuse(mount3.MNT3ERR_NOTDIR, 'not a directory');
    this.mounts.set(`${client}\0${wanted}`, { host: client, dir: wanted });
    while (this.mounts.size > MAX_MOUNT_ENTRIES)
      this.mounts.delete(this.mounts.keys().next().value as string);
    this.log.info({ client, path: wanted }, 'mounted');
    return {
      fhs_status: mount3.MNT3_OK,
      mountinfo: { fhandle: fh.data, auth_flavors: [1 /* AUTH_SYS */] },
    };
  }
}
