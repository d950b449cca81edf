/**
 * READ, WRITE, COMMIT (RFC 1813 3.3.6, 3.3.7, 3.3.21) on a local directory.
 *
 * The hot path: a file with a cached open descriptor is reached through it, checked with one
 * fstat (the same inode, still linked: LocalFs.stillHere), whose attributes are the call's
 * (READ's post-op, WRITE's and COMMIT's pre-op): no path is rebuilt or lstat'ed. READ runs that
 * fstat alongside the read itself (data read from a file found gone is not returned). Otherwise
 * the handle is resolved by path and the file opened and cached (LocalFs.openFile).
 */
import type { BigIntStats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as nfs3 from '../../protocol/generated/nfs3.js';
import { LocalStatus } from './errno.js';
import {
  MAY_READ,
  MAY_WRITE,
  postOf,
  preOf,
  type Caller,
  type LocalFs,
  type OpenFile,
} from './local-fs.js';
import type { Trace } from './trace.js';

/** Largest READ/WRITE the driver advertises in FSINFO (as Linux's nfsd). Unit: bytes. */
export const LOCAL_MAX_IO = 1024 * 1024;

function mustBeFile(st: BigIntStats): void {
  if (st.isDirectory()) throw new LocalStatus(nfs3.NFS3ERR_ISDIR, 'a directory');
  if (!st.isFile()) throw new LocalStatus(nfs3.NFS3ERR_INVAL, 'not a regular file');
}

/** Reads up to `count` bytes at `offset` into `buf` (short only at end of file). */
async function readAt(fh: FileHandle, buf: Buffer, count: number, offset: number): Promise<number> {
  let n = 0;
  while (n < count) {
    const r = await fh.read(buf, n, count - n, offset + n);
    if (r.bytesRead === 0) break;
    n += r.bytesRead;
  }
  return n;
}

/**
 * The open file of `fh` for a call, pinned (the caller releases it), and its attributes now:
 * the cached descriptor checked with fstat, or the object resolved by path and opened.
 * `t.a` and `t.aPre` note the object for the failure arm.
 */
async function acquire(
  fs: LocalFs,
  fh: nfs3.nfs_fh3,
  write: boolean,
  t: Trace,
): Promise<{ f: OpenFile; st: BigIntStats }> {
  const ino = fs.inoOf(fh);
  const hit = fs.cachedFile(ino, write);
  if (hit) {
    let st: BigIntStats | undefined;
    try {
      st = await fs.fstat(hit);
    } catch {
      // A descriptor that fails fstat is not used again: resolved by path below.
    }
    if (st && fs.stillHere(hit, st)) {
      t.a = fs.objOf(ino, st);
      t.aPre = st;
      return { f: hit, st };
    }
    fs.dropFile(ino);
    fs.release(hit);
  }
  const obj = await fs.resolve(fh);
  t.a = obj;
  t.aPre = obj.st;
  mustBeFile(obj.st);
  const r = await fs.openFile(obj, write);
  t.aPre = r.st;
  return r;
}

export async function read(
  fs: LocalFs,
  args: nfs3.READ3args,
  c: Caller,
  t: Trace,
): Promise<nfs3.READ3res> {
  const count = Math.min(args.count, LOCAL_MAX_IO);
  const offset = Number(args.offset);
  const buf = Buffer.allocUnsafe(count);
  const ino = fs.inoOf(args.file);
  let f = fs.cachedFile(ino, false);
  let st: BigIntStats | undefined;
  let n = 0;
  let opened = false;
  try {
    if (f) {
      // The read and the check at once; the data is returned only if the check passes.
      const reading = readAt(f.fh, buf, count, offset);
      void reading.catch(() => undefined); // handled now; awaited below
      let s: BigIntStats | undefined;
      try {
        s = await fs.fstat(f);
      } catch {
        s = undefined;
      }
      if (s && fs.stillHere(f, s)) {
        st = s;
        t.a = fs.objOf(ino, s);
        n = await reading;
      } else {
        await reading.catch(() => undefined);
        fs.dropFile(ino);
        fs.release(f);
        f = undefined;
      }
    }
    if (!f) {
      const r = await acquire(fs, args.file, false, t);
      f = r.f;
      st = r.st;
      opened = true;
    }
    // The owner may read its own file whatever the mode (Linux nfsd's owner override: a file
    // created 0444 is still written and read back by its creator).
    if (c.uid !== Number(st!.uid) && !fs.may(c, st!, MAY_READ))
      throw new LocalStatus(nfs3.NFS3ERR_ACCES, 'no read permission');
    if (opened) n = await readAt(f.fh, buf, count, offset);
  } finally {
    if (f) fs.release(f);
  }
  return {
    status: nfs3.NFS3_OK,
    resok: {
      file_attributes: postOf(st),
      count: n,
      eof: args.offset + BigInt(n) >= st!.size,
      data: buf.subarray(0, n),
    },
  };
}

export async function write(
  fs: LocalFs,
  args: nfs3.WRITE3args,
  c: Caller,
  t: Trace,
  tail: Uint8Array | undefined,
): Promise<nfs3.WRITE3res> {
  const data = tail && tail.length > 0 ? tail : args.data;
  const count = Math.min(args.count, data.length);
  const offset = Number(args.offset);
  const { f, st: pre } = await acquire(fs, args.file, true, t);
  let n = 0;
  let st: BigIntStats;
  try {
    if (c.uid !== Number(pre.uid) && !fs.may(c, pre, MAY_WRITE))
      throw new LocalStatus(nfs3.NFS3ERR_ACCES, 'no write permission');
    while (n < count) {
      const r = await f.fh.write(data, n, count - n, offset + n);
      n += r.bytesWritten;
    }
    if (args.stable === nfs3.DATA_SYNC) await f.fh.datasync();
    else if (args.stable === nfs3.FILE_SYNC) await f.fh.sync();
    st = await fs.fstat(f);
  } finally {
    fs.release(f);
  }
  return {
    status: nfs3.NFS3_OK,
    resok: {
      file_wcc: { before: preOf(pre), after: postOf(st) },
      count: n,
      committed: args.stable === nfs3.UNSTABLE ? nfs3.UNSTABLE : nfs3.FILE_SYNC,
      verf: fs.verf,
    },
  };
}

export async function commit(
  fs: LocalFs,
  args: nfs3.COMMIT3args,
  _c: Caller,
  t: Trace,
): Promise<nfs3.COMMIT3res> {
  const { f, st: pre } = await acquire(fs, args.file, false, t);
  let st: BigIntStats;
  try {
    await f.fh.sync();
    st = await fs.fstat(f);
  } finally {
    fs.release(f);
  }
  return {
    status: nfs3.NFS3_OK,
    resok: { file_wcc: { before: preOf(pre), after: postOf(st) }, verf: fs.verf },
  };
}
