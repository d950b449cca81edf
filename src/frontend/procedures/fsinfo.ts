import type { NfsProcedure } from '../procedure.js';
import { NFS, NO_ATTR, nfs3 } from './common.js';

/**
 * FSINFO (RFC 1813 3.3.19). Transfer sizes never advertise more than both the proxy (its
 * maximum I/O size, which its record limit accommodates) and the primary accept.
 */
export const fsinfo: NfsProcedure<nfs3.FSINFO3args, nfs3.FSINFO3res> = {
  proc: NFS.NFSPROC3_FSINFO,
  mutates: false,
  idempotent: true,
  async handle(args, { core, cred, rpc }) {
    const obj = core.resolve(args.fsroot);
    const res = await core.call(NFS.NFSPROC3_FSINFO, { fsroot: core.siteFh(obj) }, cred);
    if (res.status !== nfs3.NFS3_OK) {
      core.upstreamStatus(res.status, obj);
      return {
        status: res.status,
        resfail: { obj_attributes: core.postOp(obj, res.resfail.obj_attributes) },
      };
    }
    const r = res.resok;
    const limit = core.ioLimit(rpc.peer.transport);
    const cap = (n: number): number => Math.min(n, limit);
    return {
      status: nfs3.NFS3_OK,
      resok: {
        ...r,
        obj_attributes: core.postOp(obj, r.obj_attributes),
        rtmax: cap(r.rtmax),
        rtpref: cap(r.rtpref),
        wtmax: cap(r.wtmax),
        wtpref: cap(r.wtpref),
        dtpref: cap(r.dtpref),
      },
    };
  },
  fail: (status) => ({ status, resfail: { obj_attributes: NO_ATTR } }),
};
