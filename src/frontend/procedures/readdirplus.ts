import type { NfsProcedure } from '../procedure.js';
import { NfsStatusError } from '../../core/errors.js';
import { PROXY_HANDLE_SIZE } from '../../core/handles.js';
import { NFS, NO_ATTR, nfs3 } from './common.js';

/**
 * READDIRPLUS (RFC 1813 3.3.17). Every entry's handle is learned and replaced by the proxy's.
 * Proxy handles may be longer than the primary's, so the reply is trimmed from the end (with
 * eof cleared) if it would exceed the client's maxcount; the client continues from the last
 * cookie it got. If not even one entry fits, the answer is NFS3ERR_TOOSMALL.
 */
/**
 * Bytes of a typical READDIRPLUS entry besides its handle: value_follows, fileid, a ~16-byte
 * name, cookie, post_op_attr with fattr3, handle_follows and the handle's length.
 */
const ENTRY_BASE_BYTES = 4 + 8 + 4 + 16 + 8 + 4 + 84 + 4 + 4;
const PROXY_FH_BYTES = (PROXY_HANDLE_SIZE + 3) & ~3;

/**
 * The maxcount to ask the primary for, so that its entries, re-encoded with the proxy's handles,
 * still fit the client's maxcount: scaled by the size of an entry with the primary's handle over
 * one with the proxy's (the directory's own handle stands for the entries'). Without it most
 * replies overflow, get trimmed, and the client needs more round trips for a listing.
 */
function primaryMaxcount(maxcount: number, sampleFh: Buffer | undefined): number {
  const siteFhBytes = ((sampleFh?.length ?? PROXY_HANDLE_SIZE) + 3) & ~3;
  if (siteFhBytes >= PROXY_FH_BYTES) return maxcount;
  const scaled = Math.floor(
    (maxcount * (ENTRY_BASE_BYTES + siteFhBytes)) / (ENTRY_BASE_BYTES + PROXY_FH_BYTES),
  );
  return Math.max(Math.min(maxcount, 1024), scaled);
}

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
        maxcount: primaryMaxcount(
          Math.min(args.maxcount, core.ioLimit(rpc.peer.transport)),
          dir.fh,
        ),
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
