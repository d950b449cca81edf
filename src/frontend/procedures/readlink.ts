import type { NfsProcedure } from '../procedure.js';
import { NFS, NO_ATTR, nfs3 } from './common.js';

/** READLINK (RFC 1813 3.3.5). */
export const readlink: NfsProcedure<nfs3.READLINK3args, nfs3.READLINK3res> = {
  proc: NFS.NFSPROC3_READLINK,
  mutates: false,
  idempotent: true,
  async handle(args, { core, cred }) {
    const obj = core.resolve(args.symlink);
    const res = await core.call(NFS.NFSPROC3_READLINK, { symlink: core.siteFh(obj) }, cred);
    if (res.status !== nfs3.NFS3_OK) {
      core.upstreamStatus(res.status, obj);
      return {
        status: res.status,
        resfail: { symlink_attributes: core.postOp(obj, res.resfail.symlink_attributes) },
      };
    }
    return {
      status: nfs3.NFS3_OK,
      resok: {
        symlink_attributes: core.postOp(obj, res.resok.symlink_attributes),
        data: res.resok.data,
      },
    };
  },
  fail: (status) => ({ status, resfail: { symlink_attributes: NO_ATTR } }),
};
