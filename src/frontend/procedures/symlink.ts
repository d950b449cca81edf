import type { NfsProcedure } from '../procedure.js';
import type { nfs3 } from './common.js';
import { NFS, NO_WCC, createLikeResult } from './common.js';

/** SYMLINK (RFC 1813 3.3.10). Not idempotent: DRC-cached. */
export const symlink: NfsProcedure<nfs3.SYMLINK3args, nfs3.SYMLINK3res> = {
  proc: NFS.NFSPROC3_SYMLINK,
  mutates: true,
  idempotent: false,
  async handle(args, { core, cred }) {
    const dir = core.resolve(args.where.dir);
    const res = await core.call(
      NFS.NFSPROC3_SYMLINK,
      { where: core.siteDir(dir, args.where), symlink: args.symlink },
      cred,
    );
    return createLikeResult(core, dir, args.where.name, res);
  },
  fail: (status) => ({ status, resfail: { dir_wcc: NO_WCC } }),
};
