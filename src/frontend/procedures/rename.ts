import type { NfsProcedure } from '../procedure.js';
import { NFS, NO_WCC, nfs3 } from './common.js';

/** RENAME (RFC 1813 3.3.14). Not idempotent: DRC-cached. The catalog follows the move. */
export const rename: NfsProcedure<nfs3.RENAME3args, nfs3.RENAME3res> = {
  proc: NFS.NFSPROC3_RENAME,
  mutates: true,
  idempotent: false,
  async handle(args, { core, cred }) {
    const from = core.resolve(args.from.dir);
    const to = core.resolve(args.to.dir);
    const res = await core.call(
      NFS.NFSPROC3_RENAME,
      { from: core.siteDir(from, args.from), to: core.siteDir(to, args.to) },
      cred,
    );
    if (res.status !== nfs3.NFS3_OK) {
      core.upstreamStatus(res.status, from);
      return {
        status: res.status,
        resfail: {
          fromdir_wcc: core.wcc(from, res.resfail.fromdir_wcc),
          todir_wcc: core.wcc(to, res.resfail.todir_wcc),
        },
      };
    }
    core.catalog.renamed(from.id, args.from.name, to.id, args.to.name);
    await core.catalog.commit();
    return {
      status: nfs3.NFS3_OK,
      resok: {
        fromdir_wcc: core.wcc(from, res.resok.fromdir_wcc),
        todir_wcc: core.wcc(to, res.resok.todir_wcc),
      },
    };
  },
  fail: (status) => ({ status, resfail: { fromdir_wcc: NO_WCC, todir_wcc: NO_WCC } }),
};
