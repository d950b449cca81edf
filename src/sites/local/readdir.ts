/**
 * READDIR and READDIRPLUS (RFC 1813 3.3.16, 3.3.17) on a local directory. Cookies are hashes of
 * the names (see nameCookie), so a cookie stays valid while other entries come and go, and the
 * cookie verifier is constant (zero): the server never needs to answer BAD_COOKIE.
 */
import * as nfs3 from '../../protocol/generated/nfs3.js';
import { LocalStatus } from './errno.js';
import {
  COOKIE_DOT,
  COOKIE_DOTDOT,
  MAY_READ,
  postOf,
  type Caller,
  type Listed,
  type LocalFs,
  type Obj,
} from './local-fs.js';
import type { Trace } from './trace.js';

const VERF = Buffer.alloc(8);
const DOT = Buffer.from('.');
const DOTDOT = Buffer.from('..');
/** READDIR3resok without entries: status, dir attributes, verifier, list end, eof. Unit: bytes. */
const READDIR_OVERHEAD = 4 + 4 + 84 + 8 + 4 + 4;

function pad(n: number): number {
  return (n + 3) & ~3;
}

async function open(
  fs: LocalFs,
  fh: nfs3.nfs_fh3,
  c: Caller,
  t: Trace,
): Promise<{ dir: Obj; all: Listed[] }> {
  const dir = await fs.resolve(fh);
  t.a = dir;
  if (!dir.st.isDirectory()) throw new LocalStatus(nfs3.NFS3ERR_NOTDIR, 'not a directory');
  if (!fs.may(c, dir.st, MAY_READ)) throw new LocalStatus(nfs3.NFS3ERR_ACCES, 'no read permission');
  const parent = dir.ino === fs.rootIno ? dir.ino : (fs.map.link(dir.ino)?.parent ?? dir.ino);
  const all = [
    { name: DOT, ino: dir.ino, cookie: COOKIE_DOT },
    { name: DOTDOT, ino: parent, cookie: COOKIE_DOTDOT },
    ...(await fs.listing(dir)),
  ];
  return { dir, all };
}

/** Index of the first entry after `cookie` (0: from the start). */
function startAt(all: Listed[], cookie: bigint): number {
  if (cookie === 0n) return 0;
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid]!.cookie <= cookie) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export async function readdir(
  fs: LocalFs,
  args: nfs3.READDIR3args,
  c: Caller,
  t: Trace,
): Promise<nfs3.READDIR3res> {
  const { dir, all } = await open(fs, args.dir, c, t);
  let i = startAt(all, args.cookie);
  let size = READDIR_OVERHEAD;
  const entries: nfs3.entry3[] = [];
  for (; i < all.length; i++) {
    const e = all[i]!;
    const need = 4 + 8 + 4 + pad(e.name.length) + 8;
    if (size + need > args.count) break;
    size += need;
    entries.push({ fileid: e.ino, name: e.name, cookie: e.cookie });
  }
  if (entries.length === 0 && i < all.length)
    throw new LocalStatus(nfs3.NFS3ERR_TOOSMALL, 'count too small for one entry');
  return {
    status: nfs3.NFS3_OK,
    resok: {
      dir_attributes: postOf(dir.st),
      cookieverf: VERF,
      reply: { entries, eof: i >= all.length },
    },
  };
}

export async function readdirplus(
  fs: LocalFs,
  args: nfs3.READDIRPLUS3args,
  c: Caller,
  t: Trace,
): Promise<nfs3.READDIRPLUS3res> {
  const { dir, all } = await open(fs, args.dir, c, t);
  let i = startAt(all, args.cookie);
  let size = READDIR_OVERHEAD;
  let dirSize = 0;
  const page: Listed[] = [];
  for (; i < all.length; i++) {
    const e = all[i]!;
    const names = 8 + 4 + pad(e.name.length) + 8;
    // entry: follows, fileid, name, cookie, post_op_attr, post_op_fh3 (16-byte handle).
    const need = 4 + names + 4 + 84 + 4 + 4 + 16;
    if (size + need > args.maxcount || dirSize + names > args.dircount) break;
    size += need;
    dirSize += names;
    page.push(e);
  }
  if (page.length === 0 && i < all.length)
    throw new LocalStatus(nfs3.NFS3ERR_TOOSMALL, 'maxcount too small for one entry');
  const entries = await Promise.all(
    page.map(async (e): Promise<nfs3.entryplus3> => {
      const dotty = e.cookie === COOKIE_DOT || e.cookie === COOKIE_DOTDOT;
      const p = dotty ? fs.pathOf(e.ino) : fs.join(dir.path, e.name);
      const st = p ? await fs.tryLstat(p) : undefined;
      if (!st || (st.ino !== e.ino && dotty)) {
        return {
          fileid: e.ino,
          name: e.name,
          cookie: e.cookie,
          name_attributes: postOf(undefined),
          name_handle: { handle_follows: false },
        };
      }
      const handle = dotty ? fs.map.handleOf(st.ino) : await fs.learn(dir.ino, e.name, st);
      return {
        fileid: st.ino,
        name: e.name,
        cookie: e.cookie,
        name_attributes: postOf(st),
        name_handle: { handle_follows: true, handle: { data: handle } },
      };
    }),
  );
  return {
    status: nfs3.NFS3_OK,
    resok: {
      dir_attributes: postOf(dir.st),
      cookieverf: VERF,
      reply: { entries, eof: i >= all.length },
    },
  };
}
