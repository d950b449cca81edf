/**
 * LOOKUP, CREATE, MKDIR, SYMLINK, MKNOD, REMOVE, RMDIR, RENAME, LINK (RFC 1813 3.3.3,
 * 3.3.8-3.3.15) on a local directory. New objects belong to the caller (uid, and gid or the
 * set-gid directory's group), with the mode asked for: what a root-run NFS server does.
 */
import { execFile } from 'node:child_process';
import { constants as C, promises as fsp, type BigIntStats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import * as nfs3 from '../../protocol/generated/nfs3.js';
import { applySattr } from './attr-ops.js';
import { LocalStatus } from './errno.js';
import {
  isDot,
  isDotDot,
  LOCAL_NAME_MAX,
  MAY_EXEC,
  postOf,
  preOf,
  type Caller,
  type LocalFs,
  type Obj,
} from './local-fs.js';
import type { Trace } from './trace.js';

/** Mode of a new object whose sattr3 gives none (0600, as nfs-ganesha). */
const DEFAULT_MODE = 0o600;

export async function lookup(
  fs: LocalFs,
  args: nfs3.LOOKUP3args,
  c: Caller,
  t: Trace,
): Promise<nfs3.LOOKUP3res> {
  const dir = await fs.resolve(args.what.dir);
  t.a = dir;
  if (!dir.st.isDirectory()) throw new LocalStatus(nfs3.NFS3ERR_NOTDIR, 'not a directory');
  if (!fs.may(c, dir.st, MAY_EXEC))
    throw new LocalStatus(nfs3.NFS3ERR_ACCES, 'no search permission');
  const name = args.what.name;
  let found: Obj;
  let handle: Buffer;
  if (isDot(name) || (isDotDot(name) && dir.ino === fs.rootIno)) {
    // `..` of the root is the root: nothing above the directory is ever reachable.
    found = dir;
    handle = fs.map.handleOf(dir.ino);
  } else if (isDotDot(name)) {
    const parent = fs.map.link(dir.ino)?.parent;
    const p = parent === undefined ? undefined : fs.pathOf(parent);
    const st = p ? await fs.tryLstat(p) : undefined;
    if (!p || !st || st.ino !== parent) throw new LocalStatus(nfs3.NFS3ERR_STALE, 'parent unknown');
    found = { ino: st.ino, path: p, st };
    handle = fs.map.handleOf(st.ino);
  } else {
    if (name.length > LOCAL_NAME_MAX) throw new LocalStatus(nfs3.NFS3ERR_NAMETOOLONG, 'long name');
    if (name.length === 0) throw new LocalStatus(nfs3.NFS3ERR_NOENT, 'empty name');
    // A `/` would walk further: refused as nfs-ganesha does (NOTDIR), NUL likewise.
    if (name.includes(0x2f) || name.includes(0))
      throw new LocalStatus(nfs3.NFS3ERR_NOTDIR, 'a name with / or NUL');
    found = await fs.child(dir, Buffer.from(name));
    if (found.st.dev !== fs.dev) throw new LocalStatus(nfs3.NFS3ERR_ACCES, 'another file system');
    handle = await fs.learn(dir.ino, Buffer.from(name), found.st);
  }
  return {
    status: nfs3.NFS3_OK,
    resok: {
      object: { data: handle },
      obj_attributes: postOf(found.st),
      dir_attributes: postOf(dir.st),
    },
  };
}

interface Made {
  obj: nfs3.post_op_fh3;
  obj_attributes: nfs3.post_op_attr;
  dir_wcc: nfs3.wcc_data;
}

/**
 * The common part of every creating procedure: checks, `make` (which creates the object at the
 * path and throws EEXIST when the name is taken), ownership and mode, the new handle. A `make`
 * that returns the new file's open descriptor (CREATE) gets ownership and mode set through it,
 * only where the kernel's choice differs (root creating as root under its umask sets neither),
 * and the descriptor is kept in the open-file cache for the WRITEs that follow.
 */
async function create(
  fs: LocalFs,
  c: Caller,
  t: Trace,
  where: nfs3.diropargs3,
  attrs: nfs3.sattr3 | undefined,
  make: (p: Buffer, dir: Obj, mode: number) => Promise<FileHandle | void>,
  opts: { isDir?: boolean; symlink?: boolean; existing?: (o: Obj) => Promise<boolean> } = {},
): Promise<Made> {
  const dir = await fs.resolve(where.dir);
  t.a = dir;
  t.aPre = dir.st;
  const name = fs.checkName(where.name, true);
  fs.mustModifyDir(c, dir);
  const p = fs.join(dir.path, name);
  const setgid = (dir.st.mode & 0o2000n) !== 0n;
  const uid = attrs?.uid.set_it && c.uid === 0 ? attrs.uid.uid : c.uid;
  const gid =
    attrs?.gid.set_it && (c.uid === 0 || attrs.gid.gid === c.gid || c.gids.includes(attrs.gid.gid))
      ? attrs.gid.gid
      : setgid
        ? Number(dir.st.gid)
        : c.gid;
  let mode = attrs?.mode.set_it ? attrs.mode.mode & 0o7777 : DEFAULT_MODE;
  if (opts.isDir && setgid) mode |= 0o2000;
  // A file made with a descriptor starts with the mode asked for (less the umask) when the
  // kernel gives it the owner asked for, else with the owner's bits only until it is chowned.
  const ours = uid === fs.euid && gid === (setgid ? Number(dir.st.gid) : fs.egid);
  let reuse = false;
  let fh: FileHandle | void = undefined;
  try {
    fh = await make(p, dir, mode & (ours ? 0o777 : 0o700));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !opts.existing) throw e;
    reuse = await opts.existing(await fs.child(dir, name));
    if (!reuse) throw e;
  }
  let st: BigIntStats;
  try {
    if (!reuse) {
      fs.changed(dir.ino);
      if (fh) {
        const st0 = await fs.fstat(fh);
        st = st0;
        let chowned = false;
        if (Number(st0.uid) !== uid || Number(st0.gid) !== gid) {
          await fh.chown(uid, gid);
          chowned = true;
        }
        // chown clears set-id bits: the mode is set after it, when it differs or has them.
        const needMode = Number(st0.mode & 0o7777n) !== mode || (chowned && (mode & 0o6000) !== 0);
        if (needMode) await fh.chmod(mode);
        if (attrs && hasRest(attrs)) {
          await applySattr(fs, c, { ino: st0.ino, path: p, st: st0 }, rest(attrs), false);
        }
        if (chowned || needMode || (attrs && hasRest(attrs))) st = await fs.fstat(fh);
      } else {
        await fsp.lchown(p, uid, gid);
        if (!opts.symlink) await fsp.chmod(p, mode);
        if (attrs) {
          const st1 = await fs.lstat(p);
          await applySattr(fs, c, { ino: st1.ino, path: p, st: st1 }, rest(attrs), false);
        }
        st = await fs.lstat(p);
      }
    } else {
      st = await fs.lstat(p);
    }
  } catch (e) {
    if (fh) await fh.close().catch(() => undefined);
    throw e;
  }
  const handle = await fs.learn(dir.ino, name, st);
  if (fh) fs.adopt(st.ino, fh, true);
  const after = await fs.hotLstat(dir.path);
  return {
    obj: { handle_follows: true, handle: { data: handle } },
    obj_attributes: postOf(st),
    dir_wcc: { before: preOf(dir.st), after: postOf(after) },
  };
}

/** A sattr3's size and times (what `create` applies after ownership and mode). */
function rest(attrs: nfs3.sattr3): nfs3.sattr3 {
  return { ...attrs, mode: { set_it: false }, uid: { set_it: false }, gid: { set_it: false } };
}

function hasRest(attrs: nfs3.sattr3): boolean {
  return (
    attrs.size.set_it ||
    attrs.atime.set_it !== nfs3.DONT_CHANGE ||
    attrs.mtime.set_it !== nfs3.DONT_CHANGE
  );
}

/** EXCLUSIVE create: the verifier is kept in mtime and atime seconds, as Linux's nfsd does. */
function verfTimes(verf: Buffer): { mtime: number; atime: number } {
  return { mtime: verf.readUInt32BE(0), atime: verf.readUInt32BE(4) };
}

export async function createFile(
  fs: LocalFs,
  args: nfs3.CREATE3args,
  c: Caller,
  t: Trace,
): Promise<nfs3.CREATE3res> {
  const how = args.how;
  // A file named `.` or `..` would be a directory: ISDIR, as nfs-ganesha answers.
  if (isDot(args.where.name) || isDotDot(args.where.name))
    throw new LocalStatus(nfs3.NFS3ERR_ISDIR, 'CREATE of . or ..');
  // Created open for reading and writing (`create` chooses the initial mode and sets the rest
  // through the descriptor): the descriptor serves the WRITEs that follow.
  const newFile = (p: Buffer, _dir: Obj, mode: number): Promise<FileHandle> =>
    fsp.open(p, C.O_CREAT | C.O_EXCL | C.O_RDWR | C.O_NOFOLLOW, mode);
  if (how.mode === nfs3.EXCLUSIVE) {
    const v = verfTimes(Buffer.from(how.verf));
    const made = await create(
      fs,
      c,
      t,
      args.where,
      undefined,
      async (p, _dir, mode) => {
        const fh = await newFile(p, _dir, mode);
        try {
          await fh.utimes(v.atime, v.mtime);
        } catch (e) {
          await fh.close().catch(() => undefined);
          throw e;
        }
        return fh;
      },
      {
        // A retransmitted EXCLUSIVE CREATE finds its own file: success (RFC 1813 3.3.8).
        existing: async (o) =>
          o.st.isFile() &&
          o.st.mtimeNs / 1_000_000_000n === BigInt(v.mtime) &&
          o.st.atimeNs / 1_000_000_000n === BigInt(v.atime),
      },
    );
    return { status: nfs3.NFS3_OK, resok: made };
  }
  const attrs = how.obj_attributes;
  const made = await create(fs, c, t, args.where, attrs, newFile, {
    // UNCHECKED over an existing regular file: it is kept, only its size is applied.
    existing:
      how.mode === nfs3.UNCHECKED
        ? async (o) => {
            if (!o.st.isFile()) return false;
            if (attrs.size.set_it) {
              const only: nfs3.sattr3 = {
                mode: { set_it: false },
                uid: { set_it: false },
                gid: { set_it: false },
                size: attrs.size,
                atime: { set_it: nfs3.DONT_CHANGE },
                mtime: { set_it: nfs3.DONT_CHANGE },
              };
              await applySattr(fs, c, o, only);
            }
            return true;
          }
        : undefined,
  } as { existing?: (o: Obj) => Promise<boolean> });
  return { status: nfs3.NFS3_OK, resok: made };
}

export async function mkdir(
  fs: LocalFs,
  args: nfs3.MKDIR3args,
  c: Caller,
  t: Trace,
): Promise<nfs3.MKDIR3res> {
  const made = await create(fs, c, t, args.where, args.attributes, (p) => fsp.mkdir(p, 0o700), {
    isDir: true,
  });
  return { status: nfs3.NFS3_OK, resok: made };
}

export async function symlink(
  fs: LocalFs,
  args: nfs3.SYMLINK3args,
  c: Caller,
  t: Trace,
): Promise<nfs3.SYMLINK3res> {
  const target = Buffer.from(args.symlink.symlink_data);
  if (target.includes(0)) throw new LocalStatus(nfs3.NFS3ERR_INVAL, 'NUL in a symlink target');
  const attrs = { ...args.symlink.symlink_attributes, mode: { set_it: false as const } };
  const made = await create(fs, c, t, args.where, attrs, (p) => fsp.symlink(target, p), {
    symlink: true,
  });
  return { status: nfs3.NFS3_OK, resok: made };
}

function run(cmd: string, argv: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(cmd, argv, { timeout: 10_000 }, (err, _out, stderr) => {
      if (!err) return resolve();
      const e = new Error(`${cmd}: ${stderr.trim() || err.message}`) as NodeJS.ErrnoException;
      e.code = /exists/i.test(stderr) ? 'EEXIST' : 'EIO';
      reject(e);
    }),
  );
}

/**
 * Makes a FIFO or device node (Node has no mknod(2): the `mknod` program does it) or a socket
 * (bound through the directory's /proc/self/fd entry, which keeps the path under the 108-byte
 * sun_path limit), under a temporary name that is then linked to the real name, so that EEXIST
 * and byte-exact names behave as with a direct mknod(2).
 */
async function makeSpecial(dir: Obj, p: Buffer, what: nfs3.mknoddata3): Promise<void> {
  const tmp = `.nfs-proxy-mknod-${randomBytes(6).toString('hex')}`;
  const tmpPath = Buffer.concat([dir.path, Buffer.from(`/${tmp}`)]);
  const d = await fsp.open(dir.path, C.O_RDONLY | C.O_DIRECTORY | C.O_NOFOLLOW);
  // The directory by its descriptor: a short, byte-exact path whatever the directory's name.
  const viaFd = `/proc/${process.pid}/fd/${d.fd}/${tmp}`;
  try {
    if (what.type === nfs3.NF3SOCK) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(viaFd, () => resolve());
      });
      try {
        await fsp.link(tmpPath, p);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      return;
    }
    const argv =
      what.type === nfs3.NF3FIFO
        ? ['p']
        : 'device' in what
          ? [
              what.type === nfs3.NF3CHR ? 'c' : 'b',
              String(what.device.spec.specdata1),
              String(what.device.spec.specdata2),
            ]
          : ['p'];
    await run('mknod', ['-m', '0', '--', viaFd, ...argv]);
    await fsp.link(tmpPath, p);
  } finally {
    await fsp.unlink(tmpPath).catch(() => undefined);
    await d.close();
  }
}

export async function mknod(
  fs: LocalFs,
  args: nfs3.MKNOD3args,
  c: Caller,
  t: Trace,
): Promise<nfs3.MKNOD3res> {
  const what = args.what;
  if (
    what.type !== nfs3.NF3CHR &&
    what.type !== nfs3.NF3BLK &&
    what.type !== nfs3.NF3SOCK &&
    what.type !== nfs3.NF3FIFO
  )
    throw new LocalStatus(nfs3.NFS3ERR_BADTYPE, 'MKNOD of a regular file, directory or symlink');
  if ((what.type === nfs3.NF3CHR || what.type === nfs3.NF3BLK) && c.uid !== 0)
    throw new LocalStatus(nfs3.NFS3ERR_PERM, 'device nodes are made by root only');
  const attrs = 'device' in what ? what.device.dev_attributes : what.pipe_attributes;
  const made = await create(fs, c, t, args.where, attrs, (p, dir) => makeSpecial(dir, p, what));
  return { status: nfs3.NFS3_OK, resok: made };
}

async function removeEntry(
  fs: LocalFs,
  c: Caller,
  t: Trace,
  where: nfs3.diropargs3,
  dirOnly: boolean,
): Promise<nfs3.wcc_data> {
  const dir = await fs.resolve(where.dir);
  t.a = dir;
  t.aPre = dir.st;
  if (!dir.st.isDirectory()) throw new LocalStatus(nfs3.NFS3ERR_NOTDIR, 'not a directory');
  if (dirOnly && isDot(where.name)) throw new LocalStatus(nfs3.NFS3ERR_INVAL, 'RMDIR of .');
  if (dirOnly && isDotDot(where.name)) throw new LocalStatus(nfs3.NFS3ERR_NOTEMPTY, 'RMDIR of ..');
  const name = fs.checkName(where.name, false);
  fs.mustModifyDir(c, dir);
  const victim = await fs.child(dir, name);
  fs.mustDeleteFrom(c, dir, victim.st);
  if (dirOnly) await fsp.rmdir(victim.path);
  else await fsp.unlink(victim.path);
  fs.changed(dir.ino);
  fs.unlinked(victim.ino, victim.st, dir.ino, name);
  const after = await fs.hotLstat(dir.path);
  return { before: preOf(dir.st), after: postOf(after) };
}

export async function remove(
  fs: LocalFs,
  args: nfs3.REMOVE3args,
  c: Caller,
  t: Trace,
): Promise<nfs3.REMOVE3res> {
  return {
    status: nfs3.NFS3_OK,
    resok: { dir_wcc: await removeEntry(fs, c, t, args.object, false) },
  };
}

export async function rmdir(
  fs: LocalFs,
  args: nfs3.RMDIR3args,
  c: Caller,
  t: Trace,
): Promise<nfs3.RMDIR3res> {
  return {
    status: nfs3.NFS3_OK,
    resok: { dir_wcc: await removeEntry(fs, c, t, args.object, true) },
  };
}

export async function rename(
  fs: LocalFs,
  args: nfs3.RENAME3args,
  c: Caller,
  t: Trace,
): Promise<nfs3.RENAME3res> {
  const from = await fs.resolve(args.from.dir);
  t.a = from;
  t.aPre = from.st;
  const to = await fs.resolve(args.to.dir);
  t.b = to;
  t.bPre = to.st;
  if (!from.st.isDirectory() || !to.st.isDirectory())
    throw new LocalStatus(nfs3.NFS3ERR_NOTDIR, 'not a directory');
  const fname = fs.checkName(args.from.name, false);
  const tname = fs.checkName(args.to.name, false);
  fs.mustModifyDir(c, from);
  fs.mustModifyDir(c, to);
  const src = await fs.child(from, fname);
  fs.mustDeleteFrom(c, from, src.st);
  const dst = await fs.tryLstat(fs.join(to.path, tname));
  if (dst && dst.ino !== src.ino) fs.mustDeleteFrom(c, to, dst);
  if (src.st.isDirectory() && to.ino !== from.ino) {
    // A directory moved into itself or below itself: EINVAL from rename(2) too; checked
    // here because the map would otherwise grow a loop before the kernel says no.
    for (let at: bigint | undefined = to.ino; at !== undefined && at !== fs.rootIno;) {
      if (at === src.ino) throw new LocalStatus(nfs3.NFS3ERR_INVAL, 'a directory into itself');
      at = fs.map.link(at)?.parent;
    }
  }
  await fsp.rename(src.path, fs.join(to.path, tname));
  fs.changed(from.ino);
  fs.changed(to.ino);
  if (dst && dst.ino !== src.ino) fs.unlinked(dst.ino, dst, to.ino, tname);
  if (!dst || dst.ino !== src.ino) {
    const l = fs.map.link(src.ino);
    if (!l || (l.parent === from.ino && l.name.equals(fname))) {
      fs.map.forget(src.ino);
      fs.map.learn(src.ino, to.ino, tname);
    }
  }
  const [fa, ta] = await Promise.all([fs.hotLstat(from.path), fs.hotLstat(to.path)]);
  return {
    status: nfs3.NFS3_OK,
    resok: {
      fromdir_wcc: { before: preOf(from.st), after: postOf(fa) },
      todir_wcc: { before: preOf(to.st), after: postOf(ta) },
    },
  };
}

export async function link(
  fs: LocalFs,
  args: nfs3.LINK3args,
  c: Caller,
  t: Trace,
): Promise<nfs3.LINK3res> {
  const file = await fs.resolve(args.file);
  t.a = file;
  const dir = await fs.resolve(args.link.dir);
  t.b = dir;
  t.bPre = dir.st;
  if (!dir.st.isDirectory()) throw new LocalStatus(nfs3.NFS3ERR_NOTDIR, 'not a directory');
  const name = fs.checkName(args.link.name, true);
  fs.mustModifyDir(c, dir);
  // BADTYPE as nfs-ganesha answers (Linux's nfsd says ISDIR; RFC 1813 lists neither).
  if (file.st.isDirectory()) throw new LocalStatus(nfs3.NFS3ERR_BADTYPE, 'LINK of a directory');
  await fsp.link(file.path, fs.join(dir.path, name));
  fs.changed(dir.ino);
  const [fa, da] = await Promise.all([fs.hotLstat(file.path), fs.hotLstat(dir.path)]);
  return {
    status: nfs3.NFS3_OK,
    resok: {
      file_attributes: postOf(fa),
      linkdir_wcc: { before: preOf(dir.st), after: postOf(da) },
    },
  };
}
