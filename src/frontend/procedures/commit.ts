import type { NfsProcedure } from '../procedure.js';
import { NFS, NO_WCC, nfs3 } from './common.js';

/** COMMIT (RFC 1813 3.3.21), with the proxy's write verifier. */
export const commit: NfsProcedure<nfs3.COMMIT3args, nfs3.COMMIT3res> = {
  proc: NFS.NFSPROC3_COMMIT,
  mutates: false,
  idempotent: true,
  async handle(args, { core, cred }) {
    const obj = core.resolve(args.file);
    const res = await core.call(
      NFS.NFSPROC3_COMMIT,
      { file: core.siteFh(obj), offset: args.offset, count: args.count },
      cred,
    );
    if (res.status !== nfs3.NFS3_OK) {
      core.upstreamStatus(res.status, obj);
      return { status: res.status, resfail: { file_wcc: core.wcc(obj, res.resfail.file_wcc) } };
    }
    return {
      status: nfs3.NFS3_OK,
      resok: {
        file_wcc: core.wcc(obj, res.resok.file_wcc),
        verf: core.writeVerifier(res.resok.verf),
      },
    };
  },
  fail: (status) => ({ status, resfail: { file_wcc: NO_WCC } }),
};
