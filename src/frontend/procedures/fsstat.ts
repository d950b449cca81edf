import type { NfsProcedure } from '../procedure.js';
import { NFS, NO_ATTR, nfs3 } from './common.js';

/** FSSTAT (RFC 1813 3.3.18). */
export const fsstat: NfsProcedure<nfs3.FSSTAT3args, nfs3.FSSTAT3res> = {
  proc: NFS.NFSPROC3_FSSTAT,
  mutates: false,
  idempotent: true,
  async handle(args, { core, cred }) {
    const obj = core.resolve(args.fsroot);
    const res = await core.call(NFS.NFSPROC3_FSSTAT, { fsroot: core.siteFh(obj) }, cred);
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
