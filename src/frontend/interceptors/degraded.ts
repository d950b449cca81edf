/**
 * Serving while the primary is out and no takeover happened (issue 6 item 5). When the status
 * detector has seen the primary fail its last probe:
 * - mutations get NFS3ERR_JUKEBOX at once (`degraded.writes: "jukebox"`: the client retries
 *   later, RFC 1813 2.6) or wait as usual (`"wait"`: no reply until the primary answers, the
 *   client retransmits);
 * - with `degraded.reads: "backup"`, GETATTR, LOOKUP, ACCESS, READLINK and READ are answered
 *   from an in-sync sync backup, using that site's handles (found by path when not yet known).
 *   Anything the backup cannot answer for (an object it has no path for, a name the catalog
 *   does not know) gets NFS3ERR_JUKEBOX, never a made-up answer.
 */
import type { CatalogObject } from '../../catalog/catalog.js';
import { NfsStatusError } from '../../core/errors.js';
import type { ProxyCore } from '../../core/proxy-core.js';
import * as nfs3 from '../../protocol/generated/nfs3.js';
import type { Site } from '../../sites/site.js';
import type { SiteHandles } from '../../replication/site-handles.js';
import type { Interceptor, NfsContext } from '../procedure.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;

export interface DegradedOptions {
  readonly writes: 'wait' | 'jukebox';
  readonly reads: 'wait' | 'backup';
  /** True while the primary is considered out (its last probe failed). */
  readonly primaryOut: () => boolean;
  /** An in-sync sync backup to read from, if any. */
  readonly readSite: () => { site: Site; handles: SiteHandles } | undefined;
}

const jukebox = (): NfsStatusError =>
  new NfsStatusError(nfs3.NFS3ERR_JUKEBOX, 'the primary is out');

export function degradedService(o: DegradedOptions): Interceptor {
  return (def, next) => {
    const proc = def.proc.number;
    return async (args, ctx) => {
      if (!o.primaryOut()) return next(args, ctx);
      if (def.mutates || proc === NFS.NFSPROC3_COMMIT.number) {
        if (o.writes === 'jukebox') throw jukebox();
        return next(args, ctx);
      }
      if (o.reads !== 'backup') return next(args, ctx);
      const site = o.readSite();
      if (!site) return next(args, ctx);
      const r = await fromBackup(ctx, proc, args, site);
      return r === undefined ? next(args, ctx) : (r as never);
    };
  };
}

async function backupFh(
  core: ProxyCore,
  s: { handles: SiteHandles },
  obj: CatalogObject,
): Promise<nfs3.nfs_fh3> {
  const fh = await s.handles.resolve({ id: obj.id, path: core.catalog.pathOf(obj.id) });
  if (!fh) throw jukebox();
  return { data: fh };
}

function post(core: ProxyCore, obj: CatalogObject, p: nfs3.post_op_attr): nfs3.post_op_attr {
  return p.attributes_follow
    ? {
        attributes_follow: true,
        attributes: { ...p.attributes, fileid: BigInt(obj.id), fsid: core.fsid },
      }
    : { attributes_follow: false };
}

/** The answer from the backup, or undefined for procedures not served this way. */
async function fromBackup(
  ctx: NfsContext,
  proc: number,
  args: unknown,
  s: { site: Site; handles: SiteHandles },
): Promise<unknown> {
  const core = ctx.core;
  switch (proc) {
    case NFS.NFSPROC3_GETATTR.number: {
      const obj = core.resolve((args as nfs3.GETATTR3args).object);
      const r = await s.site.call(
        NFS.NFSPROC3_GETATTR,
        { object: await backupFh(core, s, obj) },
        ctx.cred,
      );
      if (r.status !== nfs3.NFS3_OK) throw jukebox();
      return {
        status: nfs3.NFS3_OK,
        resok: {
          obj_attributes: { ...r.resok.obj_attributes, fileid: BigInt(obj.id), fsid: core.fsid },
        },
      };
    }
    case NFS.NFSPROC3_LOOKUP.number: {
      const a = args as nfs3.LOOKUP3args;
      const dir = core.resolve(a.what.dir);
      const child = core.catalog.child(dir.id, a.what.name);
      const r = await s.site.call(
        NFS.NFSPROC3_LOOKUP,
        { what: { dir: await backupFh(core, s, dir), name: a.what.name } },
        ctx.cred,
      );
      if (r.status === nfs3.NFS3ERR_NOENT)
        return {
          status: nfs3.NFS3ERR_NOENT,
          resfail: { dir_attributes: { attributes_follow: false } },
        };
      // Only names the catalog knows can be answered with a proxy handle.
      if (r.status !== nfs3.NFS3_OK || !child || child.dead) throw jukebox();
      s.handles.set(child.id, r.resok.object.data);
      return {
        status: nfs3.NFS3_OK,
        resok: {
          object: core.handleFor(child),
          obj_attributes: post(core, child, r.resok.obj_attributes),
          dir_attributes: post(core, dir, r.resok.dir_attributes),
        },
      };
    }
    case NFS.NFSPROC3_ACCESS.number: {
      const a = args as nfs3.ACCESS3args;
      const obj = core.resolve(a.object);
      const r = await s.site.call(
        NFS.NFSPROC3_ACCESS,
        { object: await backupFh(core, s, obj), access: a.access },
        ctx.cred,
      );
      if (r.status !== nfs3.NFS3_OK) throw jukebox();
      return {
        status: nfs3.NFS3_OK,
        resok: { obj_attributes: post(core, obj, r.resok.obj_attributes), access: r.resok.access },
      };
    }
    case NFS.NFSPROC3_READLINK.number: {
      const obj = core.resolve((args as nfs3.READLINK3args).symlink);
      const r = await s.site.call(
        NFS.NFSPROC3_READLINK,
        { symlink: await backupFh(core, s, obj) },
        ctx.cred,
      );
      if (r.status !== nfs3.NFS3_OK) throw jukebox();
      return {
        status: nfs3.NFS3_OK,
        resok: {
          symlink_attributes: post(core, obj, r.resok.symlink_attributes),
          data: r.resok.data,
        },
      };
    }
    case NFS.NFSPROC3_READ.number: {
      const a = args as nfs3.READ3args;
      const obj = core.resolve(a.file);
      const r = await s.site.call(
        NFS.NFSPROC3_READ,
        {
          file: await backupFh(core, s, obj),
          offset: a.offset,
          count: Math.min(a.count, core.ioLimit(ctx.rpc.peer.transport)),
        },
        ctx.cred,
      );
      if (r.status !== nfs3.NFS3_OK) throw jukebox();
      return {
        status: nfs3.NFS3_OK,
        resok: {
          file_attributes: post(core, obj, r.resok.file_attributes),
          count: r.resok.count,
          eof: r.resok.eof,
          data: r.resok.data,
        },
      };
    }
    default:
      return undefined;
  }
}
