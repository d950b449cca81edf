/** FSSTAT, FSINFO, PATHCONF (RFC 1813 3.3.18-3.3.20) of a local directory's file system. */
import { promises as fsp } from 'node:fs';
import * as nfs3 from '../../protocol/generated/nfs3.js';
import { LOCAL_NAME_MAX, postOf, type Caller, type LocalFs } from './local-fs.js';
import { LOCAL_MAX_IO } from './read-write.js';
import type { Trace } from './trace.js';

/** Preferred READDIR size advertised (as Linux's nfsd). Unit: bytes. */
const LOCAL_DTPREF = 64 * 1024;
/** Links per file: ext4's EXT4_LINK_MAX. */
const LOCAL_LINK_MAX = 65000;

export async function fsstat(
  fs: LocalFs,
  args: nfs3.FSSTAT3args,
  _c: Caller,
  t: Trace,
): Promise<nfs3.FSSTAT3res> {
  const obj = await fs.resolve(args.fsroot);
  t.a = obj;
  const s = await fsp.statfs(obj.path, { bigint: true });
  return {
    status: nfs3.NFS3_OK,
    resok: {
      obj_attributes: postOf(obj.st),
      tbytes: s.blocks * s.bsize,
      fbytes: s.bfree * s.bsize,
      abytes: s.bavail * s.bsize,
      tfiles: s.files,
      ffiles: s.ffree,
      afiles: s.ffree,
      invarsec: 0,
    },
  };
}

export async function fsinfo(
  fs: LocalFs,
  args: nfs3.FSINFO3args,
  _c: Caller,
  t: Trace,
): Promise<nfs3.FSINFO3res> {
  const obj = await fs.resolve(args.fsroot);
  t.a = obj;
  return {
    status: nfs3.NFS3_OK,
    resok: {
      obj_attributes: postOf(obj.st),
      rtmax: LOCAL_MAX_IO,
      rtpref: LOCAL_MAX_IO,
      rtmult: 4096,
      wtmax: LOCAL_MAX_IO,
      wtpref: LOCAL_MAX_IO,
      wtmult: 4096,
      dtpref: LOCAL_DTPREF,
      maxfilesize: 0x7fffffffffffffffn,
      time_delta: { seconds: 0, nseconds: 1 },
      properties: nfs3.FSF3_LINK | nfs3.FSF3_SYMLINK | nfs3.FSF3_HOMOGENEOUS | nfs3.FSF3_CANSETTIME,
    },
  };
}

export async function pathconf(
  fs: LocalFs,
  args: nfs3.PATHCONF3args,
  _c: Caller,
  t: Trace,
): Promise<nfs3.PATHCONF3res> {
  const obj = await fs.resolve(args.object);
  t.a = obj;
  return {
    status: nfs3.NFS3_OK,
    resok: {
      obj_attributes: postOf(obj.st),
      linkmax: LOCAL_LINK_MAX,
      name_max: LOCAL_NAME_MAX,
      no_trunc: true,
      chown_restricted: true,
      case_insensitive: false,
      case_preserving: true,
    },
  };
}
