import type { NfsProcedure } from '../procedure.js';
import { ROOT_ID } from '../../catalog/catalog.js';
import { NFS, NO_ATTR, nfs3 } from './common.js';

/**
 * READDIR (RFC 1813 3.3.16). Entries carry fileids; each is mapped to the catalog object (created
 * without a handle if new) so it matches the fileid GETATTR reports for that object later.
 * Cookies and the cookie verifier are the primary's, passed through.
 */
export const readdir: NfsProcedure<nfs3.READDIR3args, nfs3.READDIR3res> = {
  proc: NFS.NFSPROC3_READDIR,
  mutates: false,
  idempotent: true,
  async handle(args, { core, cred, rpc }) {
    const dir = core.resolve(args.dir);
    const res = await core.call(
      NFS.NFSPROC3_READDIR,
      {
        dir: core.siteFh(dir),
        cookie: args.cookie,
        cookieverf: args.cookieverf,
        count: Math.min(args.count, core.ioLimit(rpc.peer.transport)),
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
    const entries = res.resok.reply.entries.map((e) => {
      const name = e.name;
      let id: number;
      if (name.length === 1 && name[0] === 0x2e) id = dir.id;
      else if (name.length === 2 && name[0] === 0x2e && name[1] === 0x2e) {
        // The root's parent is outside the export: clients see the root itself, as for '.'.
        id =
          dir.id === ROOT_ID
            ? ROOT_ID
            : (dir.parent ?? core.catalog.getByFileid(e.fileid)?.id ?? ROOT_ID);
      } else id = core.catalog.learnEntry(dir.id, name, e.fileid).id;
      return { fileid: BigInt(id), name, cookie: e.cookie };
    });
    await core.catalog.commit();
    return {
      status: nfs3.NFS3_OK,
      resok: {
        dir_attributes: core.postOp(dir, res.resok.dir_attributes),
        cookieverf: res.resok.cookieverf,
        reply: { entries, eof: res.resok.reply.eof },
      },
    };
  },
  fail: (status) => ({ status, resfail: { dir_attributes: NO_ATTR } }),
};
