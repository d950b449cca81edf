import type { NfsProcedure } from '../procedure.js';
import type { nfs3 } from './common.js';
import { NFS, NO_WCC, createLikeResult } from './common.js';

/** CREATE (RFC 1813 3.3.8) incl. GUARDED and EXCLUSIVE (the verifier is passed through). Not idempotent: DRC-cached. */
export const create: NfsProcedure<nfs3.CREATE3args, nfs3.CREATE3res> = {
  proc: NFS.NFSPROC3_CREATE,
  mutates: true,
  idempotent: false,
  async handle(args, { core, cred }) {
    const dir = core.resolve(args.where.dir);
    const res = await core.call(
      NFS.NFSPROC3_CREATE,
      { where: core.siteDir(dir, args.where), how: args.how },
      cred,
    );
    return createLikeResult(core, dir, args.where.name, res);
  },
  fail: (status) => ({ status, resfail: { dir_wcc: NO_WCC } }),
};
