import type { NfsProcedure } from '../procedure.js';
import { NfsStatusError } from '../../core/errors.js';
import { NFS, NO_ATTR, nfs3 } from './common.js';

/**
 * READDIRPLUS (RFC 1813 3.3.17). Every entry's handle is learned and replaced by the proxy's.
 * Proxy handles may be longer than the primary's, so the reply is trimmed from the end (with
 * eof cleared) if it would exceed the client's maxcount; the client continues from the last
 * cookie it got. If not even one entry fits, the answer is NFS3ERR_TOOSMALL.
 */
export const readdirplus: NfsProcedure<nfs3.READDIRPLUS3args, nfs3.READDIRPLUS3res> = {
  proc: NFS.NFSPROC3_READDIRPLUS,
  mutates: false,
  idempotent: true,
  async handle(args, { core, cred, rpc }) {
    const dir = core.resolve(args.dir);
    const res = await core.call(
      NFS.NFSPROC3_READDIRPLUS,
      {
        dir: core.siteFh(dir),
        cookie: args.cookie,
        cookieverf: args.cookieverf,
        dircount: args.dircount,
        maxcount: Math.min(args.maxcount, core.ioLimit(rpc.peer.transport)),
      },
      cred,
    );
    if (res.status !== nfs3.NFS3_OK) {
      core.upstreamStatus(res.status, dir);
      return {
        status: res.status,
        resfail: { dir_attributes: core.postOp(dir, res.resfail.dir_attributes) },
      };
    }
    const entries: nfs3.entryplus3[] = [];
    for (const e of res.resok.reply.entries) {
      if (e.name_handle.handle_follows) {
        const child = core.learnChild(dir, e.name, e.name_handle.handle, e.name_attributes);
        entries.push({
          fileid: BigInt(child.obj.id),
          name: e.name,
          cookie: e.cookie,
          name_attributes: child.attributes,
          name_handle: { handle_follows: true, handle: child.handle },
        });
      } else {
        const obj = core.catalog.learnEntry(dir.id, e.name, e.fileid);
        entries.push({
          fileid: BigInt(obj.id),
          name: e.name,
          cookie: e.cookie,
          name_attributes: core.postOp(obj, e.name_attributes),
          name_handle: { handle_follows: false },
        });
      }
    }
    const result: nfs3.READDIRPLUS3res = {
      status: nfs3.NFS3_OK,
      resok: {
        dir_attributes: core.postOp(dir, res.resok.dir_attributes),
        cookieverf: res.resok.cookieverf,
        reply: { entries, eof: res.resok.reply.eof },
      },
    };
    let size = nfs3.sizeof_READDIRPLUS3res(result);
    while (size > args.maxcount && entries.length > 0) {
      const last = entries.pop()!;
      size -= 4 + nfs3.sizeof_entryplus3(last);
      result.resok.reply.eof = false;
    }
    if (entries.length === 0 && res.resok.reply.entries.length > 0) {
      // Not even one entry fits in the client's maxcount (RFC 1813 3.3.17).
      throw new NfsStatusError(nfs3.NFS3ERR_TOOSMALL, `maxcount ${args.maxcount} holds no entry`);
    }
    await core.catalog.commit();
    return result;
  },
  fail: (status) => ({ status, resfail: { dir_attributes: NO_ATTR } }),
};
