import type { NfsProcedure } from '../procedure.js';
import { NFS, NO_WCC, nfs3 } from './common.js';

/** SETATTR (RFC 1813 3.3.2). Not idempotent with a guard or a relative change: DRC-cached. */
export const setattr: NfsProcedure<nfs3.SETATTR3args, nfs3.SETATTR3res> = {
  proc: NFS.NFSPROC3_SETATTR,
  mutates: true,
  idempotent: false,
  async handle(args, { core, cred }) {
    const obj = core.resolve(args.object);
    const res = await core.call(
      NFS.NFSPROC3_SETATTR,
      { object: core.siteFh(obj), new_attributes: args.new_attributes, guard: args.guard },
      cred,
    );
    if (res.status !== nfs3.NFS3_OK) {
      core.upstreamStatus(res.status, obj);
      return { status: res.status, resfail: { obj_wcc: core.wcc(obj, res.resfail.obj_wcc) } };
    }
    return { status: nfs3.NFS3_OK, resok: { obj_wcc: core.wcc(obj, res.resok.obj_wcc) } };
  },
  fail: (status) => ({ status, resfail: { obj_wcc: NO_WCC } }),
};
