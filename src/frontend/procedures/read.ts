import { GATHER_MIN_BYTES, gathered } from '@nfs/rpc-xdr';
import type { NfsProcedure } from '../procedure.js';
import { NFS, NO_ATTR, nfs3 } from './common.js';

const EMPTY = Buffer.alloc(0);

/** READ (RFC 1813 3.3.6). The count is capped at the proxy's maximum I/O size (FSINFO rtmax). */
export const read: NfsProcedure<nfs3.READ3args, nfs3.READ3res> = {
  proc: NFS.NFSPROC3_READ,
  mutates: false,
  idempotent: true,
  async handle(args, { core, cred, rpc }) {
    const obj = core.resolve(args.file);
    const count = Math.min(args.count, core.ioLimit(rpc.peer.transport));
    const res = await core.call(
      NFS.NFSPROC3_READ,
      { file: core.siteFh(obj), offset: args.offset, count },
      cred,
    );
    if (res.status !== nfs3.NFS3_OK) {
      core.upstreamStatus(res.status, obj);
      return {
        status: res.status,
        resfail: { file_attributes: core.postOp(obj, res.resfail.file_attributes) },
      };
    }
    const r = res.resok;
    const big = r.data.length >= GATHER_MIN_BYTES;
    const result: nfs3.READ3res = {
      status: nfs3.NFS3_OK,
      resok: {
        file_attributes: core.postOp(obj, r.file_attributes),
        count: r.count,
        eof: r.eof,
        // READ3resok ends with its data: a large payload goes out as its own chunk, uncopied.
        data: big ? EMPTY : r.data,
      },
    };
    return big ? gathered(result, r.data) : result;
  },
  fail: (status) => ({ status, resfail: { file_attributes: NO_ATTR } }),
};
