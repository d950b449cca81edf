/**
 * The one errno -> nfsstat3 table of the file:// driver (RFC 1813 section 2.6 lists each
 * status with the errno it comes from; Linux's nfsd `nfserrno()` is the model). An errno that
 * is not in the table is a server fault: NFS3ERR_IO, the catch-all RFC 1813 allows, and the
 * caller logs it.
 */
import * as nfs3 from '../../protocol/generated/nfs3.js';

export type NfsErr = Exclude<nfs3.nfsstat3, 0>;

export const ERRNO_TO_NFSSTAT: ReadonlyMap<string, NfsErr> = new Map<string, NfsErr>([
  ['EPERM', nfs3.NFS3ERR_PERM],
  ['ENOENT', nfs3.NFS3ERR_NOENT],
  ['EIO', nfs3.NFS3ERR_IO],
  ['ENXIO', nfs3.NFS3ERR_NXIO],
  ['EACCES', nfs3.NFS3ERR_ACCES],
  ['EEXIST', nfs3.NFS3ERR_EXIST],
  ['EXDEV', nfs3.NFS3ERR_XDEV],
  ['ENODEV', nfs3.NFS3ERR_NODEV],
  ['ENOTDIR', nfs3.NFS3ERR_NOTDIR],
  ['EISDIR', nfs3.NFS3ERR_ISDIR],
  ['EINVAL', nfs3.NFS3ERR_INVAL],
  ['EFBIG', nfs3.NFS3ERR_FBIG],
  ['ENOSPC', nfs3.NFS3ERR_NOSPC],
  ['EROFS', nfs3.NFS3ERR_ROFS],
  ['EMLINK', nfs3.NFS3ERR_MLINK],
  ['ENAMETOOLONG', nfs3.NFS3ERR_NAMETOOLONG],
  ['ENOTEMPTY', nfs3.NFS3ERR_NOTEMPTY],
  ['EDQUOT', nfs3.NFS3ERR_DQUOT],
  ['ESTALE', nfs3.NFS3ERR_STALE],
  // A symlink where a directory or file was expected: the object the handle named is gone.
  ['ELOOP', nfs3.NFS3ERR_STALE],
  ['ENOTSUP', nfs3.NFS3ERR_NOTSUPP],
  ['EOPNOTSUPP', nfs3.NFS3ERR_NOTSUPP],
  ['EBADF', nfs3.NFS3ERR_STALE],
  ['ETXTBSY', nfs3.NFS3ERR_ACCES],
  ['EAGAIN', nfs3.NFS3ERR_JUKEBOX],
  ['ENOMEM', nfs3.NFS3ERR_JUKEBOX],
  ['EMFILE', nfs3.NFS3ERR_JUKEBOX],
  ['ENFILE', nfs3.NFS3ERR_JUKEBOX],
  ['EOVERFLOW', nfs3.NFS3ERR_FBIG],
]);

/**
 * An NFS status decided by the file:// driver (a bad name, a failed permission check, an errno
 * from the local file system). Handlers throw it; the driver's dispatcher turns it into the
 * procedure's failure arm, so no handler builds a failure reply by hand.
 */
export class LocalStatus extends Error {
  readonly code = 'NFSP_ERR_LOCAL_STATUS';
  constructor(
    readonly status: NfsErr,
    message: string,
  ) {
    super(message);
    this.name = 'LocalStatus';
  }
}

/** The NFS status for an error thrown by `node:fs` (or a LocalStatus); undefined if unknown. */
export function nfsStatusOf(err: unknown): NfsErr | undefined {
  if (err instanceof LocalStatus) return err.status;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? ERRNO_TO_NFSSTAT.get(code) : undefined;
}
