import type { NfsProcedure } from '../procedure.js';
import type { nfs3 } from './common.js';
import { NFS, NO_WCC, createLikeResult } from './common.js';

/** MKNOD (RFC 1813 3.3.11). Not idempotent: DRC-cached. */
export const mknod: NfsProcedure<nfs3.MKNOD3args, nfs3.MKNOD3res> = {
  proc: NFS.NFSPROC3_MKNOD,
  mutates: true,
  idempotent: false,
  async handle(args, { core, cred }) {
    const dir = core.resolve(args.where.dir);
    const res = await core.call(
      NFS.NFSPROC3_MKNOD,
      { where: core.siteDir(dir, args.where), what: args.what },
      cred,
    );
    return createLikeResult(core, dir, args.where.name, res);
  },
  fail: (status) => ({ status, resfail: { dir_wcc: NO_WCC } }),
};
