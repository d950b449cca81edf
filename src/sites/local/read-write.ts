/** READ, WRITE, COMMIT (RFC 1813 3.3.6, 3.3.7, 3.3.21) on a local directory. */
import * as nfs3 from '../../protocol/generated/nfs3.js';
import { LocalStatus } from './errno.js';
import { MAY_READ, MAY_WRITE, postOf, preOf, type Caller, type LocalFs } from './local-fs.js';
import type { Trace } from './trace.js';

/** Largest READ/WRITE the driver advertises in FSINFO (as Linux's nfsd). Unit: bytes. */
export const LOCAL_MAX_IO = 1024 * 1024;

function mustBeFile(isFile: boolean, isDir: boolean): void {
  if (isDir) throw new LocalStatus(nfs3.NFS3ERR_ISDIR, 'a directory');
  if (!isFile) throw new LocalStatus(nfs3.NFS3ERR_INVAL, 'not a regular file');
}

export async function read(
  fs: LocalFs,
  args: nfs3.READ3args,
  c: Caller,
  t: Trace,
): Promise<nfs3.READ3res> {
  const obj = await fs.resolve(args.file);
  t.a = obj;
  mustBeFile(obj.st.isFile(), obj.st.isDirectory());
  // The owner may read its own file whatever the mode (Linux nfsd's owner override: a file
  // created 0444 is still written and read back by its creator).
  if (c.uid !== Number(obj.st.uid) && !fs.may(c, obj.st, MAY_READ))
    throw new LocalStatus(nfs3.NFS3ERR_ACCES, 'no read permission');
  const count = Math.min(args.count, LOCAL_MAX_IO);
  return fs.withFile(obj, false, async (fh) => {
    const buf = Buffer.allocUnsafe(count);
    let n = 0;
    while (n < count) {
      const r = await fh.read(buf, n, count - n, Number(args.offset) + n);
      if (r.bytesRead === 0) break;
      n += r.bytesRead;
    }
    const st = await fh.stat({ bigint: true });
    return {
      status: nfs3.NFS3_OK,
      resok: {
        file_attributes: postOf(st),
        count: n,
        eof: args.offset + BigInt(n) >= st.size,
        data: buf.subarray(0, n),
      },
    };
  });
}

export async function write(
  fs: LocalFs,
  args: nfs3.WRITE3args,
  c: Caller,
  t: Trace,
  tail: Uint8Array | undefined,
): Promise<nfs3.WRITE3res> {
  const obj = await fs.resolve(args.file);
  t.a = obj;
  t.aPre = obj.st;
  mustBeFile(obj.st.isFile(), obj.st.isDirectory());
  if (c.uid !== Number(obj.st.uid) && !fs.may(c, obj.st, MAY_WRITE))
    throw new LocalStatus(nfs3.NFS3ERR_ACCES, 'no write permission');
  const data = tail && tail.length > 0 ? tail : args.data;
  const count = Math.min(args.count, data.length);
  return fs.withFile(obj, true, async (fh) => {
    let n = 0;
    while (n < count) {
      const r = await fh.write(data, n, count - n, Number(args.offset) + n);
      n += r.bytesWritten;
    }
    if (args.stable === nfs3.DATA_SYNC) await fh.datasync();
    else if (args.stable === nfs3.FILE_SYNC) await fh.sync();
    const st = await fh.stat({ bigint: true });
    return {
      status: nfs3.NFS3_OK,
      resok: {
        file_wcc: { before: preOf(obj.st), after: postOf(st) },
        count: n,
        committed: args.stable === nfs3.UNSTABLE ? nfs3.UNSTABLE : nfs3.FILE_SYNC,
        verf: fs.verf,
      },
    };
  });
}

export async function commit(
  fs: LocalFs,
  args: nfs3.COMMIT3args,
  _c: Caller,
  t: Trace,
): Promise<nfs3.COMMIT3res> {
  const obj = await fs.resolve(args.file);
  t.a = obj;
  t.aPre = obj.st;
  mustBeFile(obj.st.isFile(), obj.st.isDirectory());
  return fs.withFile(obj, false, async (fh) => {
    await fh.sync();
    const st = await fh.stat({ bigint: true });
    return {
      status: nfs3.NFS3_OK,
      resok: { file_wcc: { before: preOf(obj.st), after: postOf(st) }, verf: fs.verf },
    };
  });
}
