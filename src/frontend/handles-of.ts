import * as nfs3 from '../protocol/generated/nfs3.js';
import { ADAPTERS } from '../replication/record.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;

/** Handles named by a procedure's arguments (for every procedure, not just mutations). */
export function handlesOf(proc: number, args: unknown): nfs3.nfs_fh3[] {
  const a = args as Record<string, unknown>;
  switch (proc) {
    case NFS.NFSPROC3_GETATTR.number:
    case NFS.NFSPROC3_ACCESS.number:
    case NFS.NFSPROC3_PATHCONF.number:
      return [a['object'] as nfs3.nfs_fh3];
    case NFS.NFSPROC3_LOOKUP.number:
      return [(a['what'] as nfs3.diropargs3).dir];
    case NFS.NFSPROC3_READLINK.number:
      return [a['symlink'] as nfs3.nfs_fh3];
    case NFS.NFSPROC3_READ.number:
      return [a['file'] as nfs3.nfs_fh3];
    case NFS.NFSPROC3_READDIR.number:
    case NFS.NFSPROC3_READDIRPLUS.number:
      return [a['dir'] as nfs3.nfs_fh3];
    case NFS.NFSPROC3_FSSTAT.number:
    case NFS.NFSPROC3_FSINFO.number:
      return [a['fsroot'] as nfs3.nfs_fh3];
    default:
      return ADAPTERS.get(proc)?.handles(args) ?? [];
  }
}
