import type * as nfs3 from '../protocol/generated/nfs3.js';

/**
 * An NFS-level outcome decided by the proxy itself (a forged handle, a stale object, a write to
 * a read-only export). The procedure table turns it into the procedure's failure arm with this
 * status: the one place where proxy errors become wire replies.
 */
export class NfsStatusError extends Error {
  readonly code = 'NFSP_ERR_NFS_STATUS';
  constructor(
    readonly status: Exclude<nfs3.nfsstat3, 0>,
    message: string,
  ) {
    super(message);
    this.name = 'NfsStatusError';
  }
}
