/**
 * The state the file:// driver's procedures share: the directory, the handle map, open files,
 * directory listings, the write verifier, and the checks every procedure makes (names,
 * permissions, never leaving the directory).
 *
 * Confinement: every object is reached by a path rebuilt from the handle map, made only of
 * names the driver checked (no `/`, no NUL, never `.` or `..`) and of directories it saw with
 * lstat; the object found there must have the handle's device and inode number, so a directory
 * swapped for a symlink behind the driver's back leads nowhere (STALE). Final components are
 * never followed (lstat, O_NOFOLLOW, lchown, and symlinks are never opened).
 */
import { randomBytes } from 'node:crypto';
import { constants as C, fstatSync, lstatSync, promises as fsp, type BigIntStats } from 'node:fs';
import { parseCredential, type rpcMsg } from '@nfs/rpc-xdr';
import * as nfs3 from '../../protocol/generated/nfs3.js';
import { decodeHandle, HandleMap } from './handle-map.js';
import { LocalStatus } from './errno.js';

/** Longest name in a directory (Linux NAME_MAX; RFC 1813 PATHCONF name_max). Unit: bytes. */
export const LOCAL_NAME_MAX = 255;
/** Files kept open for READ/WRITE/COMMIT, least recently used closed first. */
export const LOCAL_OPEN_FILES = 128;
/** A path found by lstat this recently is taken as cached by the kernel (see isHot). Unit: ms. */
const LOCAL_HOT_MS = 1000;
/** Paths remembered as recently found (see isHot). */
const LOCAL_HOT_PATHS = 1024;
/** A cached open file unused this long is closed (a removed file's space is freed then). Unit: ms. */
export const LOCAL_OPEN_IDLE_MS = 10_000;
/** Directory listings kept for READDIR paging (by directory, checked against its mtime). */
export const LOCAL_LISTINGS = 64;
/**
 * statfs(2) f_type of the file systems whose fstat of an open file reads the in-memory inode
 * and never waits for a device or a network: ext2/3/4, XFS, Btrfs, tmpfs, ramfs, F2FS, ZFS,
 * overlayfs. On these the driver fstats its open files synchronously (about a microsecond),
 * sparing two thread-pool round trips per WRITE; elsewhere (NFS, FUSE, CIFS, ...) it does not.
 */
export const LOCAL_FS_TYPES: ReadonlySet<bigint> = new Set([
  0xef53n,
  0x58465342n,
  0x9123683en,
  0x01021994n,
  0x858458f6n,
  0xf2f52010n,
  0x2fc12fc1n,
  0x794c7630n,
]);
/** The uid/gid a call without AUTH_SYS acts as (the proxy squashes before; a safe default). */
const NOBODY = 65534;

export const MAY_READ = 4;
export const MAY_WRITE = 2;
export const MAY_EXEC = 1;

/** Who a call acts for: the AUTH_SYS credential the proxy forwarded. */
export interface Caller {
  readonly uid: number;
  readonly gid: number;
  readonly gids: readonly number[];
}

export function callerOf(cred: rpcMsg.opaque_auth): Caller {
  const c = parseCredential(cred);
  if (c && 'uid' in c) return { uid: c.uid, gid: c.gid, gids: c.gids };
  return { uid: NOBODY, gid: NOBODY, gids: [] };
}

/** An object found from a handle or a name: its inode, path and attributes now. */
export interface Obj {
  readonly ino: bigint;
  readonly path: Buffer;
  readonly st: BigIntStats;
}

/**
 * A cached open file. `busy` counts the calls using it (an evicted file is closed when the last
 * one is done); `used` is when it was last released (performance.now(), for the idle sweep).
 */
export interface OpenFile {
  readonly fh: fsp.FileHandle;
  readonly ino: bigint;
  readonly writable: boolean;
  busy: number;
  evicted: boolean;
  used: number;
}

/** One entry of a directory listing, in cookie order. */
export interface Listed {
  readonly name: Buffer;
  readonly ino: bigint;
  readonly cookie: bigint;
}

const SLASH = Buffer.from('/');
const EMPTY = Buffer.alloc(0);
/** fstat/lstat options: bigint, for 64-bit inode numbers and nanosecond times. */
export const BIG = { bigint: true } as const;
const DOT = Buffer.from('.');
const DOTDOT = Buffer.from('..');
/** Cookies 1 and 2 are `.` and `..`; names hash above them. */
export const COOKIE_DOT = 1n;
export const COOKIE_DOTDOT = 2n;

/**
 * A name's READDIR cookie: FNV-1a 64 of its bytes, top bit clear, above the `.`/`..` cookies.
 * A hash rather than a position keeps a client's cookie valid when other entries come and go
 * (RFC 1813 3.3.16 lets the server choose; Linux's ext4 htree cookies are hashes too).
 */
export function nameCookie(name: Uint8Array): bigint {
  let h = 0xcbf29ce484222325n;
  for (const b of name) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  h &= 0x7fffffffffffffffn;
  return h < 3n ? h + 3n : h;
}

export function ftypeOf(st: BigIntStats): nfs3.ftype3 {
  if (st.isFile()) return nfs3.NF3REG;
  if (st.isDirectory()) return nfs3.NF3DIR;
  if (st.isSymbolicLink()) return nfs3.NF3LNK;
  if (st.isCharacterDevice()) return nfs3.NF3CHR;
  if (st.isBlockDevice()) return nfs3.NF3BLK;
  if (st.isSocket()) return nfs3.NF3SOCK;
  return nfs3.NF3FIFO;
}

function time(ns: bigint): nfs3.nfstime3 {
  return {
    seconds: Number((ns / 1_000_000_000n) & 0xffffffffn),
    nseconds: Number(ns % 1_000_000_000n),
  };
}

/** Linux's dev_t encoding (glibc's gnu_dev_major / gnu_dev_minor). */
export function devParts(rdev: bigint): nfs3.specdata3 {
  const major = ((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn);
  const minor = (rdev & 0xffn) | ((rdev >> 12n) & ~0xffn);
  return { specdata1: Number(major & 0xffffffffn), specdata2: Number(minor & 0xffffffffn) };
}

export function fattr(st: BigIntStats): nfs3.fattr3 {
  return {
    type: ftypeOf(st),
    mode: Number(st.mode & 0o7777n),
    nlink: Number(st.nlink),
    uid: Number(st.uid),
    gid: Number(st.gid),
    size: st.size,
    used: st.blocks * 512n,
    rdev: devParts(st.rdev),
    fsid: st.dev,
    fileid: st.ino,
    atime: time(st.atimeNs),
    mtime: time(st.mtimeNs),
    ctime: time(st.ctimeNs),
  };
}

export function wccAttr(st: BigIntStats): nfs3.wcc_attr {
  return { size: st.size, mtime: time(st.mtimeNs), ctime: time(st.ctimeNs) };
}

export const NO_POST: nfs3.post_op_attr = { attributes_follow: false };
export const NO_PRE: nfs3.pre_op_attr = { attributes_follow: false };

export function postOf(st: BigIntStats | undefined): nfs3.post_op_attr {
  return st ? { attributes_follow: true, attributes: fattr(st) } : NO_POST;
}

export function preOf(st: BigIntStats | undefined): nfs3.pre_op_attr {
  return st ? { attributes_follow: true, attributes: wccAttr(st) } : NO_PRE;
}

export function isDot(name: Uint8Array): boolean {
  return Buffer.compare(name, DOT) === 0;
}
export function isDotDot(name: Uint8Array): boolean {
  return Buffer.compare(name, DOTDOT) === 0;
}

export class LocalFs {
  /** The directory, as bytes (names are bytes on the wire and on disk). */
  readonly root: Buffer;
  readonly dev: bigint;
  readonly rootIno: bigint;
  readonly map: HandleMap;
  /** WRITE/COMMIT verifier: new at each start, so clients resend what was UNSTABLE. */
  readonly verf: Buffer = randomBytes(8);
  private needScan = true;
  private scanning: Promise<void> | undefined;
  /** When objects' paths were last found by lstat (see isHot), oldest first. */
  private readonly hot = new Map<bigint, number>();
  /** Open files by inode, least recently used first. */
  private readonly files = new Map<bigint, OpenFile>();
  private sweeper: NodeJS.Timeout | undefined;
  private readonly listings = new Map<bigint, { key: string; entries: Listed[] }>();

  /** Whether open files are fstat'ed synchronously (the directory is on a LOCAL_FS_TYPES). */
  readonly syncFstat: boolean;
  /** The proxy's effective uid and gid (what a new file gets unless chowned). */
  readonly euid = process.geteuid?.() ?? -1;
  readonly egid = process.getegid?.() ?? -1;

  /** `fsType`: the directory's statfs f_type (undefined: unknown, fstat asynchronously). */
  constructor(root: string, st: BigIntStats, genFile: string | undefined, fsType?: bigint) {
    this.root = Buffer.from(root);
    this.dev = st.dev;
    this.rootIno = st.ino;
    this.map = new HandleMap(st.ino, genFile);
    this.syncFstat = fsType !== undefined && LOCAL_FS_TYPES.has(fsType);
  }

  /**
   * Whether `ino`'s path was found by lstat within LOCAL_HOT_MS: its dentries are then in the
   * kernel's cache, and on a local disk file system the next lstat of it is synchronous (a
   * microsecond, no thread-pool round trip; a cold path, which may read the disk, never is).
   */
  private isHot(ino: bigint): boolean {
    if (!this.syncFstat) return false;
    const at = this.hot.get(ino);
    return at !== undefined && performance.now() - at < LOCAL_HOT_MS;
  }

  private markHot(ino: bigint): void {
    if (!this.syncFstat) return;
    this.hot.delete(ino);
    this.hot.set(ino, performance.now());
    if (this.hot.size > LOCAL_HOT_PATHS) this.hot.delete(this.hot.keys().next().value!);
  }

  /**
   * Post-op attributes of a directory the call has just changed by a path through it, so every
   * component is in the kernel's dentry cache: lstat, synchronous on a local disk file system
   * (see syncFstat; no thread-pool round trip), undefined when it is not there.
   */
  hotLstat(p: Buffer): BigIntStats | undefined | Promise<BigIntStats | undefined> {
    if (!this.syncFstat) return this.tryLstat(p);
    try {
      return lstatSync(p, BIG);
    } catch {
      return undefined;
    }
  }

  /** fstat of an open file (bigint): synchronous on a local disk file system, see syncFstat. */
  fstat(f: OpenFile | fsp.FileHandle): BigIntStats | Promise<BigIntStats> {
    const fh = 'fh' in f ? f.fh : f;
    return this.syncFstat ? fstatSync(fh.fd, BIG) : fh.stat(BIG);
  }

  lstat(p: Buffer): Promise<BigIntStats> {
    return fsp.lstat(p, { bigint: true });
  }

  /** lstat, or undefined when the object is not there (for post-op attributes). */
  async tryLstat(p: Buffer): Promise<BigIntStats | undefined> {
    try {
      return await this.lstat(p);
    } catch {
      return undefined;
    }
  }

  pathOf(ino: bigint): Buffer | undefined {
    if (ino === this.rootIno) return this.root;
    const names = this.map.components(ino);
    if (!names) return undefined;
    const parts: Buffer[] = [this.root];
    for (const n of names) parts.push(SLASH, n);
    return Buffer.concat(parts);
  }

  join(dir: Buffer, name: Uint8Array): Buffer {
    return Buffer.concat([dir, SLASH, name]);
  }

  /**
   * The inode number a site handle names, without looking at the disk. BADHANDLE when it is not
   * ours, STALE when its object was removed through the driver.
   */
  inoOf(fh: nfs3.nfs_fh3): bigint {
    const h = decodeHandle(fh.data);
    if (!h) throw new LocalStatus(nfs3.NFS3ERR_BADHANDLE, 'not a file:// site handle');
    if (h.gen !== this.map.genOf(h.ino))
      throw new LocalStatus(nfs3.NFS3ERR_STALE, `inode ${h.ino}: the object was removed`);
    return h.ino;
  }

  /**
   * An object known by its inode and attributes from its open file (no path was checked):
   * the path is rebuilt for the failure arm's post-op attributes (empty when unknown: none).
   */
  objOf(ino: bigint, st: BigIntStats): Obj {
    return { ino, path: this.pathOf(ino) ?? EMPTY, st };
  }

  /** The object a site handle names. BADHANDLE when it is not ours, STALE when it is gone. */
  async resolve(fh: nfs3.nfs_fh3): Promise<Obj> {
    const h = { ino: this.inoOf(fh) };
    for (let attempt = 0; attempt < 2; attempt++) {
      const p = this.pathOf(h.ino);
      if (p) {
        const st = await (this.isHot(h.ino) ? this.hotLstat(p) : this.tryLstat(p));
        if (st && st.ino === h.ino && st.dev === this.dev) {
          this.markHot(h.ino);
          return { ino: h.ino, path: p, st };
        }
        // Moved or removed behind the driver's back: find it again (below) or answer STALE.
        this.map.forget(h.ino);
        this.needScan = true;
      }
      if (!this.needScan) break;
      await this.scan();
    }
    throw new LocalStatus(nfs3.NFS3ERR_STALE, `inode ${h.ino} is not in the directory`);
  }

  /**
   * Walks the whole tree (without following symlinks or crossing devices) to learn where every
   * object lives: after a restart, and after changes behind the driver's back. Concurrent
   * callers share one walk.
   */
  scan(): Promise<void> {
    this.scanning ??= (async () => {
      try {
        this.needScan = false;
        const queue: Array<{ ino: bigint; path: Buffer }> = [
          { ino: this.rootIno, path: this.root },
        ];
        while (queue.length > 0) {
          const d = queue.pop()!;
          let names: Buffer[];
          try {
            names = await fsp.readdir(d.path, { encoding: 'buffer' });
          } catch {
            continue;
          }
          for (const name of names) {
            const p = this.join(d.path, name);
            const st = await this.tryLstat(p);
            if (!st || st.dev !== this.dev) continue;
            if (!this.map.link(st.ino)) this.map.learn(st.ino, d.ino, name);
            if (st.isDirectory()) queue.push({ ino: st.ino, path: p });
          }
        }
      } finally {
        this.scanning = undefined;
      }
    })();
    return this.scanning;
  }

  /**
   * Records that the object `st` is `name` in `dir`, and returns its handle. An inode number
   * seen at another place than recorded, where the recorded place no longer holds it, is a new
   * object reusing a freed inode number: the old object's handles go stale.
   */
  async learn(dir: bigint, name: Buffer, st: BigIntStats): Promise<Buffer> {
    const l = this.map.link(st.ino);
    if (l && !(l.parent === dir && l.name.equals(name))) {
      const old = this.pathOf(st.ino);
      const still = old && !st.isDirectory() ? await this.tryLstat(old) : undefined;
      if (!still || still.ino !== st.ino) {
        this.dropFile(st.ino);
        this.map.retire(st.ino);
      }
    }
    if (!this.map.link(st.ino)) this.map.learn(st.ino, dir, name);
    return this.map.handleOf(st.ino);
  }

  /** The object `name` in `dir` (lstat: never follows a symlink). */
  async child(dir: Obj, name: Buffer): Promise<Obj> {
    const p = this.join(dir.path, name);
    const st = await this.lstat(p);
    return { ino: st.ino, path: p, st };
  }

  /**
   * Checks a name a client wants to create, remove or rename: `.`/`..` (EXIST for creating, the
   * name is taken; ACCES otherwise, as Linux's nfsd), empty (NOENT), with `/` or NUL (ACCES),
   * over NAME_MAX.
   */
  checkName(name: Uint8Array, creating: boolean): Buffer {
    if (name.length === 0) throw new LocalStatus(nfs3.NFS3ERR_NOENT, 'empty name');
    if (isDot(name) || isDotDot(name))
      throw new LocalStatus(creating ? nfs3.NFS3ERR_EXIST : nfs3.NFS3ERR_ACCES, 'name . or ..');
    if (name.includes(0x2f) || name.includes(0))
      throw new LocalStatus(nfs3.NFS3ERR_ACCES, 'a name with / or NUL');
    if (name.length > LOCAL_NAME_MAX)
      throw new LocalStatus(nfs3.NFS3ERR_NAMETOOLONG, `name over ${LOCAL_NAME_MAX} bytes`);
    return Buffer.from(name);
  }

  /** POSIX permission check from mode bits, as the kernel does for a root-run server's caller. */
  may(c: Caller, st: BigIntStats, want: number): boolean {
    const mode = Number(st.mode & 0o777n);
    if (c.uid === 0) {
      if (want & MAY_EXEC && !st.isDirectory() && (mode & 0o111) === 0) return false;
      return true;
    }
    const uid = Number(st.uid);
    const gid = Number(st.gid);
    let bits: number;
    if (uid === c.uid) bits = mode >> 6;
    else if (gid === c.gid || c.gids.includes(gid)) bits = mode >> 3;
    else bits = mode;
    return (bits & 7 & want) === want;
  }

  /** Throws ACCES unless `c` may change entries of directory `dir` (write and search). */
  mustModifyDir(c: Caller, dir: Obj): void {
    if (!dir.st.isDirectory()) throw new LocalStatus(nfs3.NFS3ERR_NOTDIR, 'not a directory');
    if (!this.may(c, dir.st, MAY_WRITE | MAY_EXEC))
      throw new LocalStatus(nfs3.NFS3ERR_ACCES, `uid ${c.uid} may not change the directory`);
  }

  /** Sticky directories: only the owner of the entry or the directory (or root) removes it. */
  mustDeleteFrom(c: Caller, dir: Obj, victim: BigIntStats): void {
    if (c.uid === 0 || (dir.st.mode & 0o1000n) === 0n) return;
    if (Number(dir.st.uid) === c.uid || Number(victim.uid) === c.uid) return;
    throw new LocalStatus(nfs3.NFS3ERR_ACCES, 'sticky directory');
  }

  /**
   * The cached open file of inode `ino` (writable when `write`), pinned for the caller, who
   * must `release` it; undefined when none is cached. The caller checks it with `stillHere`
   * (fstat) before writing through it: a cached descriptor skips the path rebuild and lstat of
   * `resolve`, safely because an open descriptor pins its inode (the number cannot be reused
   * while it is open).
   */
  cachedFile(ino: bigint, write: boolean): OpenFile | undefined {
    const f = this.files.get(ino);
    if (!f || (write && !f.writable)) return undefined;
    this.files.delete(ino);
    this.files.set(ino, f);
    f.busy++;
    return f;
  }

  /**
   * Whether `st` (an fstat of a cached file) shows the object its handle names: the same inode
   * and device, and still linked somewhere (a file removed or replaced behind the driver's back
   * has no link left: its descriptor must not be used, the handle is resolved again by path and
   * answers STALE). A file moved within the directory keeps its descriptor, as it keeps its handle.
   */
  stillHere(f: OpenFile, st: BigIntStats): boolean {
    if (st.ino === f.ino && st.dev === this.dev && st.nlink > 0n) return true;
    this.dropFile(f.ino);
    return false;
  }

  /** Ends a use of an open file from `cachedFile` or `openFile`. */
  release(f: OpenFile): void {
    f.busy--;
    f.used = performance.now();
    if (f.evicted && f.busy === 0) void f.fh.close().catch(() => undefined);
  }

  /**
   * The open file of `obj` (resolved by path just now), pinned: the cached one, or opened now
   * (O_NOFOLLOW; fstat checks it is the same inode, and its attributes replace `obj.st`).
   */
  async openFile(obj: Obj, write: boolean): Promise<{ f: OpenFile; st: BigIntStats }> {
    const hit = this.cachedFile(obj.ino, write);
    if (hit) return { f: hit, st: obj.st };
    if (write) this.dropFile(obj.ino); // a read-only one
    if (!obj.st.isFile()) {
      throw new LocalStatus(
        obj.st.isDirectory() ? nfs3.NFS3ERR_ISDIR : nfs3.NFS3ERR_INVAL,
        'not a regular file',
      );
    }
    let fh: fsp.FileHandle;
    let writable = true;
    try {
      fh = await fsp.open(obj.path, C.O_RDWR | C.O_NOFOLLOW);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (write || (code !== 'EACCES' && code !== 'EROFS' && code !== 'EPERM')) throw e;
      fh = await fsp.open(obj.path, C.O_RDONLY | C.O_NOFOLLOW);
      writable = false;
    }
    let st: BigIntStats;
    try {
      st = await fh.stat(BIG);
    } catch (e) {
      await fh.close().catch(() => undefined);
      throw e;
    }
    if (st.ino !== obj.ino || st.dev !== this.dev) {
      await fh.close().catch(() => undefined);
      throw new LocalStatus(nfs3.NFS3ERR_STALE, 'the file changed under its name');
    }
    const f = this.adopt(obj.ino, fh, writable);
    f.busy++;
    return { f, st };
  }

  /**
   * Caches `fh`, a descriptor of inode `ino` the caller opened (CREATE keeps the new file's),
   * unless one is cached already (another call opened it meanwhile): then `fh` is closed.
   */
  adopt(ino: bigint, fh: fsp.FileHandle, writable: boolean): OpenFile {
    const existing = this.files.get(ino);
    if (existing && (existing.writable || !writable)) {
      void fh.close().catch(() => undefined);
      return existing;
    }
    if (existing) this.dropFile(ino);
    const f: OpenFile = { fh, ino, writable, busy: 0, evicted: false, used: performance.now() };
    this.files.set(ino, f);
    this.evict();
    this.sweeper ??= setInterval(() => this.sweep(), LOCAL_OPEN_IDLE_MS / 2).unref();
    return f;
  }

  /** Runs `fn` with an open file of `obj` (resolved by path just now); see openFile. */
  async withFile<T>(obj: Obj, write: boolean, fn: (fh: fsp.FileHandle) => Promise<T>): Promise<T> {
    const { f } = await this.openFile(obj, write);
    try {
      return await fn(f.fh);
    } finally {
      this.release(f);
    }
  }

  private evict(): void {
    for (const [ino, f] of this.files) {
      if (this.files.size <= LOCAL_OPEN_FILES) break;
      this.files.delete(ino);
      f.evicted = true;
      if (f.busy === 0) void f.fh.close().catch(() => undefined);
    }
  }

  /** Closes the open files nobody used for LOCAL_OPEN_IDLE_MS (oldest first: LRU order). */
  private sweep(): void {
    const old = performance.now() - LOCAL_OPEN_IDLE_MS;
    for (const [ino, f] of this.files) {
      if (f.used > old) break;
      if (f.busy === 0) this.dropFile(ino);
    }
    if (this.files.size === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  /** Closes the cached file of an object (removed, replaced, or reopened for writing). */
  dropFile(ino: bigint): void {
    const f = this.files.get(ino);
    if (!f) return;
    this.files.delete(ino);
    f.evicted = true;
    if (f.busy === 0) void f.fh.close().catch(() => undefined);
  }

  /** A directory's entries (without `.`/`..`) in cookie order; cached while it is unchanged. */
  async listing(dir: Obj): Promise<Listed[]> {
    const key = `${dir.st.mtimeNs}:${dir.st.ctimeNs}:${dir.st.size}`;
    const hit = this.listings.get(dir.ino);
    if (hit && hit.key === key) return hit.entries;
    const names = await fsp.readdir(dir.path, { encoding: 'buffer' });
    const entries: Listed[] = [];
    const used = new Set<bigint>();
    names.sort(Buffer.compare);
    const stats = await Promise.all(names.map((n) => this.tryLstat(this.join(dir.path, n))));
    names.forEach((name, i) => {
      const st = stats[i];
      if (!st) return;
      let cookie = nameCookie(name);
      while (used.has(cookie)) cookie = cookie === 0x7fffffffffffffffn ? 3n : cookie + 1n;
      used.add(cookie);
      entries.push({ name, ino: st.ino, cookie });
    });
    entries.sort((a, b) => (a.cookie < b.cookie ? -1 : a.cookie > b.cookie ? 1 : 0));
    this.listings.delete(dir.ino);
    this.listings.set(dir.ino, { key, entries });
    for (const k of this.listings.keys()) {
      if (this.listings.size <= LOCAL_LISTINGS) break;
      this.listings.delete(k);
    }
    return entries;
  }

  /**
   * One name of `ino` is gone: with no link left the object is gone (its handles go stale),
   * otherwise it lives on under another name, found again by a scan when next used.
   */
  unlinked(ino: bigint, st: BigIntStats, dir: bigint, name: Buffer): void {
    if (st.isDirectory() || st.nlink <= 1n) {
      this.dropFile(ino);
      this.map.retire(ino);
      return;
    }
    const l = this.map.link(ino);
    if (l && l.parent === dir && l.name.equals(name)) {
      this.map.forget(ino);
      this.needScan = true;
    }
  }

  /** Forgets a directory's cached listing (the driver changed it). */
  changed(dirIno: bigint): void {
    this.listings.delete(dirIno);
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    const open = [...this.files.values()];
    this.files.clear();
    await Promise.allSettled(open.map((f) => f.fh.close()));
  }
}
