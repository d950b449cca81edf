import type { NfsProcedure } from '../procedure.js';
import { NFS, NO_ATTR, nfs3 } from './common.js';

/** Access bits that change the file system; a read-only export never grants them. */
const WRITE_BITS = nfs3.ACCESS3_MODIFY | nfs3.ACCESS3_EXTEND | nfs3.ACCESS3_DELETE;

/** ACCESS (RFC 1813 3.3.4). On a read-only export the write bits are withheld, as knfsd does. */
export const access: NfsProcedure<nfs3.ACCESS3args, nfs3.ACCESS3res> = {
  proc: NFS.NFSPROC3_ACCESS,
  mutates: false,
  idempotent: true,
  async handle(args, { core, cred, readOnly }) {
    const obj = core.resolve(args.object);
    const res = await core.call(
      NFS.NFSPROC3_ACCESS,
      { object: core.siteFh(obj), access: args.access },
      cred,
    );
    if (res.status !== nfs3.NFS3_OK) {
      core.upstreamStatus(res.status, obj);
      return {
        status: res.status,
        resfail: { obj_attributes: core.postOp(obj, res.resfail.obj_attributes) },
      };
    }
    const granted = readOnly ? res.resok.access & ~WRITE_BITS : res.resok.access;
    return {
      status: nfs3.NFS3_OK,
      resok: { obj_attributes: core.postOp(obj, res.resok.obj_attributes), access: granted >>> 0 },
    };
  },
  fail: (status) => ({ status, resfail: { obj_attributes: NO_ATTR } }),
};
