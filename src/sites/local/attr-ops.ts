/** GETATTR, SETATTR, ACCESS, READLINK (RFC 1813 3.3.1, 3.3.2, 3.3.4, 3.3.5) on a local directory. */
import { promises as fsp } from 'node:fs';
import * as nfs3 from '../../protocol/generated/nfs3.js';
import { LocalStatus } from './errno.js';
import {
  fattr,
  MAY_EXEC,
  MAY_READ,
  MAY_WRITE,
  postOf,
  preOf,
  type Caller,
  type LocalFs,
  type Obj,
} from './local-fs.js';
import type { Trace } from './trace.js';

export async function getattr(fs: LocalFs, args: nfs3.GETATTR3args): Promise<nfs3.GETATTR3res> {
  const obj = await fs.resolve(args.object);
  return { status: nfs3.NFS3_OK, resok: { obj_attributes: fattr(obj.st) } };
}

function seconds(t: nfs3.nfstime3): number {
  return t.seconds + t.nseconds / 1e9;
}

/** Applies a sattr3 to `obj` as `c` may (the rules of chown(2), chmod(2), utimes(2), truncate(2)). */
export async function applySattr(
  fs: LocalFs,
  c: Caller,
  obj: Obj,
  a: nfs3.sattr3,
  checkPerm = true,
): Promise<void> {
  const st = obj.st;
  const owner = c.uid === 0 || c.uid === Number(st.uid);
  if (checkPerm) {
    if (a.mode.set_it && !owner) throw new LocalStatus(nfs3.NFS3ERR_PERM, 'chmod by non-owner');
    if (a.uid.set_it && c.uid !== 0 && a.uid.uid !== Number(st.uid))
      throw new LocalStatus(nfs3.NFS3ERR_PERM, 'chown by non-root');
    if (
      a.gid.set_it &&
      c.uid !== 0 &&
      a.gid.gid !== Number(st.gid) &&
      (!owner || (a.gid.gid !== c.gid && !c.gids.includes(a.gid.gid)))
    )
      throw new LocalStatus(nfs3.NFS3ERR_PERM, 'chgrp to a group the caller is not in');
    if (a.size.set_it && !owner && !fs.may(c, st, MAY_WRITE))
      throw new LocalStatus(nfs3.NFS3ERR_ACCES, 'truncate without write permission');
    if (
      (a.atime.set_it === nfs3.SET_TO_CLIENT_TIME || a.mtime.set_it === nfs3.SET_TO_CLIENT_TIME) &&
      !owner
    )
      throw new LocalStatus(nfs3.NFS3ERR_PERM, 'setting times by non-owner');
    if (
      (a.atime.set_it === nfs3.SET_TO_SERVER_TIME || a.mtime.set_it === nfs3.SET_TO_SERVER_TIME) &&
      !owner &&
      !fs.may(c, st, MAY_WRITE)
    )
      throw new LocalStatus(nfs3.NFS3ERR_ACCES, 'touching without write permission');
  }
  if (a.size.set_it) {
    // BADTYPE as nfs-ganesha answers (Linux's nfsd says ISDIR).
    if (st.isDirectory()) throw new LocalStatus(nfs3.NFS3ERR_BADTYPE, 'truncate of a directory');
    if (!st.isFile()) throw new LocalStatus(nfs3.NFS3ERR_INVAL, 'truncate of a special file');
    await fs.withFile(obj, true, (fh) => fh.truncate(Number(a.size.set_it ? a.size.size : 0n)));
  }
  if (a.uid.set_it || a.gid.set_it) {
    await fsp.lchown(
      obj.path,
      a.uid.set_it ? a.uid.uid : Number(st.uid),
      a.gid.set_it ? a.gid.gid : Number(st.gid),
    );
  }
  // chown clears set-id bits; a mode given in the same call is applied after it, as Linux does.
  if (a.mode.set_it && !st.isSymbolicLink()) await fsp.chmod(obj.path, a.mode.mode & 0o7777);
  if (a.atime.set_it !== nfs3.DONT_CHANGE || a.mtime.set_it !== nfs3.DONT_CHANGE) {
    const now = Date.now() / 1000;
    // Node's utimes takes seconds as a double: about 0.25 microsecond of precision today.
    const atime =
      a.atime.set_it === nfs3.SET_TO_CLIENT_TIME
        ? seconds(a.atime.atime)
        : a.atime.set_it === nfs3.SET_TO_SERVER_TIME
          ? now
          : Number(st.atimeNs) / 1e9;
    const mtime =
      a.mtime.set_it === nfs3.SET_TO_CLIENT_TIME
        ? seconds(a.mtime.mtime)
        : a.mtime.set_it === nfs3.SET_TO_SERVER_TIME
          ? now
          : Number(st.mtimeNs) / 1e9;
    await fsp.lutimes(obj.path, atime, mtime);
  }
}

export async function setattr(
  fs: LocalFs,
  args: nfs3.SETATTR3args,
  c: Caller,
  t: Trace,
): Promise<nfs3.SETATTR3res> {
  const obj = await fs.resolve(args.object);
  t.a = obj;
  t.aPre = obj.st;
  if (args.guard.check) {
    const want = args.guard.obj_ctime;
    const ns = obj.st.ctimeNs;
    if (
      BigInt(want.seconds) !== ns / 1_000_000_000n ||
      BigInt(want.nseconds) !== ns % 1_000_000_000n
    )
      throw new LocalStatus(nfs3.NFS3ERR_NOT_SYNC, 'SETATTR guard: ctime differs');
  }
  await applySattr(fs, c, obj, args.new_attributes);
  const after = await fs.tryLstat(obj.path);
  return {
    status: nfs3.NFS3_OK,
    resok: { obj_wcc: { before: preOf(obj.st), after: postOf(after) } },
  };
}

export async function access(
  fs: LocalFs,
  args: nfs3.ACCESS3args,
  c: Caller,
  t: Trace,
): Promise<nfs3.ACCESS3res> {
  const obj = await fs.resolve(args.object);
  t.a = obj;
  const st = obj.st;
  let granted = 0;
  if (fs.may(c, st, MAY_READ)) granted |= nfs3.ACCESS3_READ;
  if (st.isDirectory()) {
    if (fs.may(c, st, MAY_EXEC)) granted |= nfs3.ACCESS3_LOOKUP;
    if (fs.may(c, st, MAY_WRITE | MAY_EXEC))
      granted |= nfs3.ACCESS3_MODIFY | nfs3.ACCESS3_EXTEND | nfs3.ACCESS3_DELETE;
  } else {
    if (fs.may(c, st, MAY_WRITE)) granted |= nfs3.ACCESS3_MODIFY | nfs3.ACCESS3_EXTEND;
    if (fs.may(c, st, MAY_EXEC)) granted |= nfs3.ACCESS3_EXECUTE;
  }
  return {
    status: nfs3.NFS3_OK,
    resok: { obj_attributes: postOf(st), access: granted & args.access },
  };
}

export async function readlink(
  fs: LocalFs,
  args: nfs3.READLINK3args,
  _c: Caller,
  t: Trace,
): Promise<nfs3.READLINK3res> {
  const obj = await fs.resolve(args.symlink);
  t.a = obj;
  if (!obj.st.isSymbolicLink()) throw new LocalStatus(nfs3.NFS3ERR_INVAL, 'not a symlink');
  const data = await fsp.readlink(obj.path, { encoding: 'buffer' });
  return { status: nfs3.NFS3_OK, resok: { symlink_attributes: postOf(obj.st), data } };
}
