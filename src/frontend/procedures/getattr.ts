import type { NfsProcedure } from '../procedure.js';
import { NFS, nfs3 } from './common.js';

/** GETATTR (RFC 1813 3.3.1). */
export const getattr: NfsProcedure<nfs3.GETATTR3args, nfs3.GETATTR3res> = {
  proc: NFS.NFSPROC3_GETATTR,
  mutates: false,
  idempotent: true,
  async handle(args, { core, cred }) {
    const obj = core.resolve(args.object);
    const res = await core.call(NFS.NFSPROC3_GETATTR, { object: core.siteFh(obj) }, cred);
    if (res.status !== nfs3.NFS3_OK) {
      core.upstreamStatus(res.status, obj);
      return { status: res.status };
    }
    return {
      status: nfs3.NFS3_OK,
      resok: { obj_attributes: core.attrs(obj, res.resok.obj_attributes) },
    };
  },
  fail: (status) => ({ status }),
};
