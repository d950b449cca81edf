import type { NfsProcedure } from '../procedure.js';
import { NFS, NO_WCC, nfs3 } from './common.js';

/** RMDIR (RFC 1813 3.3.13). Not idempotent: DRC-cached. The catalog forgets the name; the object keeps its id. */
export const rmdir: NfsProcedure<nfs3.RMDIR3args, nfs3.RMDIR3res> = {
  proc: NFS.NFSPROC3_RMDIR,
  mutates: true,
  idempotent: false,
  async handle(args, { core, cred }) {
    const dir = core.resolve(args.object.dir);
    const res = await core.call(
      NFS.NFSPROC3_RMDIR,
      { object: core.siteDir(dir, args.object) },
      cred,
    );
    if (res.status !== nfs3.NFS3_OK) {
      core.upstreamStatus(res.status, dir);
      return { status: res.status, resfail: { dir_wcc: core.wcc(dir, res.resfail.dir_wcc) } };
    }
    core.catalog.removed(dir.id, args.object.name);
    return { status: nfs3.NFS3_OK, resok: { dir_wcc: core.wcc(dir, res.resok.dir_wcc) } };
  },
  fail: (status) => ({ status, resfail: { dir_wcc: NO_WCC } }),
};
