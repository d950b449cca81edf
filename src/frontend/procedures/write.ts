import { GATHER_MIN_BYTES } from '@nfs/rpc-xdr';
import type { NfsProcedure } from '../procedure.js';

const EMPTY = Buffer.alloc(0);
import { NfsStatusError } from '../../core/errors.js';
import { NFS, NO_WCC, nfs3 } from './common.js';

/**
 * WRITE (RFC 1813 3.3.7). The verifier clients see is the proxy's (ProxyCore.writeVerifier): it
 * changes when the primary's does, so clients resend UNSTABLE data the primary may have lost.
 */
export const write: NfsProcedure<nfs3.WRITE3args, nfs3.WRITE3res> = {
  proc: NFS.NFSPROC3_WRITE,
  mutates: true,
  idempotent: true,
  async handle(args, { core, cred, rpc }) {
    const obj = core.resolve(args.file);
    const limit = core.ioLimit(rpc.peer.transport);
    if (args.data.length > limit || args.count > limit) {
      throw new NfsStatusError(
        nfs3.NFS3ERR_INVAL,
        `WRITE of ${args.count} bytes exceeds wtmax ${limit}`,
      );
    }
    const big = args.data.length >= GATHER_MIN_BYTES;
    const res = await core.call(
      NFS.NFSPROC3_WRITE,
      {
        file: core.siteFh(obj),
        offset: args.offset,
        count: args.count,
        stable: args.stable,
        // WRITE3args ends with its data: a large payload is sent as its own chunk, uncopied.
        data: big ? EMPTY : args.data,
      },
      cred,
      big ? args.data : undefined,
    );
    if (res.status !== nfs3.NFS3_OK) {
      core.upstreamStatus(res.status, obj);
      return { status: res.status, resfail: { file_wcc: core.wcc(obj, res.resfail.file_wcc) } };
    }
    const r = res.resok;
    return {
      status: nfs3.NFS3_OK,
      resok: {
        file_wcc: core.wcc(obj, r.file_wcc),
        count: r.count,
        committed: r.committed,
        verf: core.writeVerifier(r.verf),
      },
    };
  },
  fail: (status) => ({ status, resfail: { file_wcc: NO_WCC } }),
};
