import type { NfsProcedure } from '../procedure.js';
import { NFS, NO_ATTR, nfs3 } from './common.js';

/** PATHCONF (RFC 1813 3.3.20). */
export const pathconf: NfsProcedure<nfs3.PATHCONF3args, nfs3.PATHCONF3res> = {
  proc: NFS.NFSPROC3_PATHCONF,
  mutates: false,
  idempotent: true,
  async handle(args, { core, cred }) {
    const obj = core.resolve(args.object);
    const res = await core.call(NFS.NFSPROC3_PATHCONF, { object: core.siteFh(obj) }, cred);
    if (res.status !== nfs3.NFS3_OK) {
      core.upstreamStatus(res.status, obj);
      return {
        status: res.status,
        resfail: { obj_attributes: core.postOp(obj, res.resfail.obj_attributes) },
      };
    }
    return {
      status: nfs3.NFS3_OK,
      resok: { ...res.resok, obj_attributes: core.postOp(obj, res.resok.obj_attributes) },
    };
  },
  fail: (status) => ({ status, resfail: { obj_attributes: NO_ATTR } }),
};
