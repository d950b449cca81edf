import type { NfsProcedure } from '../procedure.js';
import type { nfs3 } from './common.js';
import { NFS, NO_WCC, createLikeResult } from './common.js';

/** MKDIR (RFC 1813 3.3.9). Not idempotent: DRC-cached. */
export const mkdir: NfsProcedure<nfs3.MKDIR3args, nfs3.MKDIR3res> = {
  proc: NFS.NFSPROC3_MKDIR,
  mutates: true,
  idempotent: false,
  async handle(args, { core, cred }) {
    const dir = core.resolve(args.where.dir);
    const res = await core.call(
      NFS.NFSPROC3_MKDIR,
      { where: core.siteDir(dir, args.where), attributes: args.attributes },
      cred,
    );
    return createLikeResult(core, dir, args.where.name, res);
  },
  fail: (status) => ({ status, resfail: { dir_wcc: NO_WCC } }),
};
