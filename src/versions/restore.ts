/**
 * Getting data back from a version (issue 5 item 4):
 * - `restore`: copies a file or a subtree (or the whole export) of a version into the live tree,
 *   in place or at another path. It goes through copy-on-write and replication like a client's
 *   changes: a live file it overwrites is first preserved if a version needs it, and backups get
 *   the restored data. It adds and overwrites; it never deletes live files the version lacks.
 * - `exportVersion`: copies a file or subtree of a version out to a directory or a tar file on the
 *   proxy's machine (the paper's "restore to the destination the user names").
 */
import { closeSync, mkdirSync, openSync, symlinkSync, utimesSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ROOT_ID, type CatalogObject } from '../catalog/catalog.js';
import { NfsStatusError } from '../core/errors.js';
import { NO_SATTR, type ProxyCore } from '../core/proxy-core.js';
import type { Logger } from '../log/logger.js';
import * as nfs3 from '../protocol/generated/nfs3.js';
import { SITE_ROOT_CRED } from '../sites/nfs-site.js';
import type { InternalCall } from './cow.js';
import { VersionError, type Versions } from './versions.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
const IO_BYTES = 1024 * 1024;
/** Deepest tree restored or exported. Unit: directory levels. */
const MAX_DEPTH = 1024;

export interface RestoreProgress {
  files: number;
  directories: number;
  bytes: number;
  skipped: string[];
}

export interface RestoreDeps {
  readonly core: ProxyCore;
  readonly versions: Versions;
  /** Tree-changing calls through copy-on-write and replication. */
  readonly managed: InternalCall;
  readonly log: Logger;
  readonly onProgress?: (p: RestoreProgress) => void;
}

interface Source {
  /** Version id. */
  readonly v: number;
  /** Object id in the version's tree. */
  readonly id: number;
}

function splitPath(p: string): string[] {
  const parts = p.split('/').filter((c) => c !== '' && c !== '.');
  if (parts.includes('..')) throw new VersionError(`path ${p}: ".." is not allowed`);
  return parts;
}

function ok<T extends { status: number }>(r: T, what: string): Extract<T, { status: 0 }> {
  if (r.status !== nfs3.NFS3_OK)
    throw new VersionError(`${what}: ${nfs3.names_nfsstat3[r.status] ?? r.status}`);
  return r as Extract<T, { status: 0 }>;
}

/** The version object at `p` (below the version's root). */
function resolveInVersion(d: RestoreDeps, version: string, p: string): Source & { name: string } {
  const info = d.versions.byName(version);
  if (!info) throw new VersionError(`no version named ${version}`);
  let id = ROOT_ID;
  const parts = splitPath(p);
  for (const name of parts) {
    const next = d.versions.entry(info.id, id, Buffer.from(name));
    if (next === undefined) throw new VersionError(`${p} is not in version ${version}`);
    id = next;
  }
  return { v: info.id, id, name: parts[parts.length - 1] ?? '' };
}

/** The live object serving a version object. */
function servedObject(d: RestoreDeps, s: Source): CatalogObject | undefined {
  const obj = d.core.catalog.get(d.versions.servedBy(s.v, s.id));
  return obj && !obj.dead && obj.fh !== undefined ? obj : undefined;
}

async function attrsOf(d: RestoreDeps, obj: CatalogObject): Promise<nfs3.fattr3> {
  const r = ok(
    await d.core.call(NFS.NFSPROC3_GETATTR, { object: { data: obj.fh! } }, SITE_ROOT_CRED),
    'GETATTR',
  );
  return r.resok.obj_attributes;
}

/** A live entry, looked up on the primary (and learned). */
async function liveLookup(
  d: RestoreDeps,
  dir: CatalogObject,
  name: Buffer,
): Promise<{ obj: CatalogObject; type: number } | undefined> {
  const r = await d.core.call(
    NFS.NFSPROC3_LOOKUP,
    { what: { dir: d.core.siteFh(dir), name } },
    SITE_ROOT_CRED,
  );
  if (r.status !== nfs3.NFS3_OK) return undefined;
  const c = d.core.learnChild(dir, name, r.resok.object, r.resok.obj_attributes);
  await d.core.catalog.commit();
  return { obj: c.obj, type: c.obj.type };
}

/** Most entries `browse` returns. */
export const BROWSE_MAX_ENTRIES = 1000;

export interface BrowseEntry {
  readonly name: string;
  readonly type: 'file' | 'dir' | 'symlink' | 'other' | 'gone';
  readonly size: number;
  readonly mtimeMs: number;
}

const TYPE_NAMES: Record<number, BrowseEntry['type']> = {
  [nfs3.NF3REG]: 'file',
  [nfs3.NF3DIR]: 'dir',
  [nfs3.NF3LNK]: 'symlink',
};

/**
 * Lists a directory of a version (the console's browser): names with the type, size and mtime
 * of the state the version holds (its preserved copy, or the live object while unchanged). At
 * most BROWSE_MAX_ENTRIES, from entry `from` on.
 */
export async function browse(
  d: RestoreDeps,
  version: string,
  p: string,
  from = 0,
): Promise<{ path: string; entries: BrowseEntry[]; more: boolean }> {
  const dir = resolveInVersion(d, version, p);
  const batch = d.versions.entries(dir.v, dir.id, from, BROWSE_MAX_ENTRIES + 1);
  const entries: BrowseEntry[] = [];
  for (const e of batch.slice(0, BROWSE_MAX_ENTRIES)) {
    const served = servedObject(d, { v: dir.v, id: e.object });
    let entry: BrowseEntry = { name: e.name.toString(), type: 'gone', size: 0, mtimeMs: 0 };
    if (served) {
      try {
        const a = await attrsOf(d, served);
        entry = {
          name: entry.name,
          type: TYPE_NAMES[a.type] ?? 'other',
          size: Number(a.size),
          mtimeMs: a.mtime.seconds * 1000 + Math.floor(a.mtime.nseconds / 1e6),
        };
      } catch {
        // Gone on the primary since: listed as gone.
      }
    }
    entries.push(entry);
  }
  return { path: '/' + splitPath(p).join('/'), entries, more: batch.length > BROWSE_MAX_ENTRIES };
}

/** Restores `version:path` to `to` (default: the same path) in the live tree. */
export async function restore(
  d: RestoreDeps,
  version: string,
  p: string,
  to?: string,
): Promise<RestoreProgress> {
  const src = resolveInVersion(d, version, p);
  const progress: RestoreProgress = { files: 0, directories: 0, bytes: 0, skipped: [] };
  const dest = splitPath(to ?? p);
  const root = d.core.catalog.get(ROOT_ID)!;
  if (dest.length === 0) {
    if (src.id !== ROOT_ID) throw new VersionError('only the whole version restores onto /');
    await restoreChildren(d, src, root, '', progress, 0);
    return progress;
  }
  let dir = root;
  for (const name of dest.slice(0, -1)) {
    const e = await liveLookup(d, dir, Buffer.from(name));
    if (!e || e.type !== nfs3.NF3DIR)
      throw new VersionError(`destination directory ${name} does not exist`);
    dir = e.obj;
  }
  await restoreNode(d, src, dir, Buffer.from(dest[dest.length - 1]!), dest.join('/'), progress, 0);
  return progress;
}

async function restoreChildren(
  d: RestoreDeps,
  src: Source,
  liveDir: CatalogObject,
  p: string,
  progress: RestoreProgress,
  depth: number,
): Promise<void> {
  for (let from = 0; ; from += 1000) {
    const batch = d.versions.entries(src.v, src.id, from, 1000);
    for (const e of batch) {
      await restoreNode(
        d,
        { v: src.v, id: e.object },
        liveDir,
        e.name,
        p ? `${p}/${e.name.toString()}` : e.name.toString(),
        progress,
        depth + 1,
      );
    }
    if (batch.length < 1000) return;
  }
}

async function restoreNode(
  d: RestoreDeps,
  src: Source,
  liveDir: CatalogObject,
  name: Buffer,
  p: string,
  progress: RestoreProgress,
  depth: number,
): Promise<void> {
  if (depth > MAX_DEPTH) throw new VersionError(`${p}: deeper than ${MAX_DEPTH} levels`);
  const served = src.id === ROOT_ID ? d.core.catalog.get(ROOT_ID) : servedObject(d, src);
  if (!served) {
    progress.skipped.push(`${p}: its data is gone`);
    return;
  }
  const a = await attrsOf(d, served);
  const isDir = src.id === ROOT_ID || a.type === nfs3.NF3DIR;
  const where = { dir: d.core.handleFor(liveDir), name };
  const existing = await liveLookup(d, liveDir, name);
  if (existing && (existing.type === nfs3.NF3DIR) !== isDir) {
    if (existing.type === nfs3.NF3DIR) {
      progress.skipped.push(`${p}: a directory is there now`);
      return;
    }
    ok(await d.managed(NFS.NFSPROC3_REMOVE, { object: where }), `REMOVE ${p}`);
  }
  const owner: nfs3.sattr3 = {
    ...NO_SATTR,
    mode: { set_it: true, mode: a.mode & 0o7777 },
    uid: { set_it: true, uid: a.uid },
    gid: { set_it: true, gid: a.gid },
  };
  if (isDir) {
    let dirFh: nfs3.nfs_fh3;
    if (existing?.type === nfs3.NF3DIR) dirFh = d.core.handleFor(existing.obj);
    else {
      const r = ok(
        await d.managed(NFS.NFSPROC3_MKDIR, { where, attributes: { ...NO_SATTR } }),
        `MKDIR ${p}`,
      );
      dirFh = r.resok.obj.handle_follows
        ? r.resok.obj.handle
        : d.core.handleFor((await liveLookup(d, liveDir, name))!.obj);
    }
    progress.directories++;
    await restoreChildren(d, src, d.core.resolve(dirFh), p, progress, depth);
    ok(
      await d.managed(NFS.NFSPROC3_SETATTR, {
        object: dirFh,
        new_attributes: owner,
        guard: { check: false },
      }),
      `SETATTR ${p}`,
    );
    return;
  }
  if (existing) ok(await d.managed(NFS.NFSPROC3_REMOVE, { object: where }), `REMOVE ${p}`);
  if (a.type === nfs3.NF3LNK) {
    const t = ok(
      await d.core.call(NFS.NFSPROC3_READLINK, { symlink: { data: served.fh! } }, SITE_ROOT_CRED),
      `READLINK ${p}`,
    );
    ok(
      await d.managed(NFS.NFSPROC3_SYMLINK, {
        where,
        symlink: { symlink_attributes: { ...NO_SATTR }, symlink_data: t.resok.data },
      }),
      `SYMLINK ${p}`,
    );
    progress.files++;
    return;
  }
  if (a.type !== nfs3.NF3REG) {
    progress.skipped.push(`${p}: special files are not restored`);
    return;
  }
  const c = ok(
    await d.managed(NFS.NFSPROC3_CREATE, {
      where,
      how: { mode: nfs3.UNCHECKED, obj_attributes: { ...NO_SATTR } },
    }),
    `CREATE ${p}`,
  );
  const fh = c.resok.obj.handle_follows
    ? c.resok.obj.handle
    : d.core.handleFor((await liveLookup(d, liveDir, name))!.obj);
  for (let off = 0n; off < a.size;) {
    const r = ok(
      await d.core.call(
        NFS.NFSPROC3_READ,
        { file: { data: served.fh! }, offset: off, count: IO_BYTES },
        SITE_ROOT_CRED,
      ),
      `READ ${p}`,
    );
    if (r.resok.data.length === 0) break;
    ok(
      await d.managed(NFS.NFSPROC3_WRITE, {
        file: fh,
        offset: off,
        count: r.resok.data.length,
        stable: nfs3.UNSTABLE,
        data: r.resok.data,
      }),
      `WRITE ${p}`,
    );
    off += BigInt(r.resok.data.length);
    progress.bytes += r.resok.data.length;
    if (r.resok.eof) break;
  }
  ok(await d.managed(NFS.NFSPROC3_COMMIT, { file: fh, offset: 0n, count: 0 }), `COMMIT ${p}`);
  ok(
    await d.managed(NFS.NFSPROC3_SETATTR, {
      object: fh,
      new_attributes: {
        ...owner,
        size: { set_it: true, size: a.size },
        mtime: { set_it: nfs3.SET_TO_CLIENT_TIME, mtime: a.mtime },
      },
      guard: { check: false },
    }),
    `SETATTR ${p}`,
  );
  progress.files++;
  d.onProgress?.({ ...progress });
}

// ---- export -------------------------------------------------------------------------------------

interface Sink {
  dir(p: string, a: nfs3.fattr3): void;
  file(p: string, a: nfs3.fattr3, read: (off: bigint) => Promise<Buffer>): Promise<void>;
  symlink(p: string, a: nfs3.fattr3, target: string): void;
  close(): void;
}

/**
 * Copies `version:path` out to `out` on the proxy's machine: a directory (created; must not
 * exist), or a tar file (ustar) when `out` ends in `.tar`.
 */
export async function exportVersion(
  d: RestoreDeps,
  version: string,
  p: string,
  out: string,
): Promise<RestoreProgress> {
  if (!path.isAbsolute(out)) throw new VersionError('--out must be an absolute path');
  const src = resolveInVersion(d, version, p);
  const progress: RestoreProgress = { files: 0, directories: 0, bytes: 0, skipped: [] };
  const sink = out.endsWith('.tar') ? tarSink(out) : dirSink(out);
  try {
    const top = src.name === '' ? version : src.name;
    await exportNode(d, src, top, sink, progress, 0);
  } finally {
    sink.close();
  }
  return progress;
}

async function exportNode(
  d: RestoreDeps,
  src: Source,
  p: string,
  sink: Sink,
  progress: RestoreProgress,
  depth: number,
): Promise<void> {
  if (depth > MAX_DEPTH) throw new VersionError(`${p}: deeper than ${MAX_DEPTH} levels`);
  const served = src.id === ROOT_ID ? d.core.catalog.get(ROOT_ID) : servedObject(d, src);
  if (!served) {
    progress.skipped.push(`${p}: its data is gone`);
    return;
  }
  const a = await attrsOf(d, served);
  if (src.id === ROOT_ID || a.type === nfs3.NF3DIR) {
    sink.dir(p, a);
    progress.directories++;
    for (let from = 0; ; from += 1000) {
      const batch = d.versions.entries(src.v, src.id, from, 1000);
      for (const e of batch)
        await exportNode(
          d,
          { v: src.v, id: e.object },
          `${p}/${e.name.toString()}`,
          sink,
          progress,
          depth + 1,
        );
      if (batch.length < 1000) break;
    }
    return;
  }
  if (a.type === nfs3.NF3LNK) {
    const t = ok(
      await d.core.call(NFS.NFSPROC3_READLINK, { symlink: { data: served.fh! } }, SITE_ROOT_CRED),
      `READLINK ${p}`,
    );
    sink.symlink(p, a, t.resok.data.toString());
    progress.files++;
    return;
  }
  if (a.type !== nfs3.NF3REG) {
    progress.skipped.push(`${p}: special files are not exported`);
    return;
  }
  await sink.file(p, a, async (off) => {
    const r = ok(
      await d.core.call(
        NFS.NFSPROC3_READ,
        { file: { data: served.fh! }, offset: off, count: IO_BYTES },
        SITE_ROOT_CRED,
      ),
      `READ ${p}`,
    );
    progress.bytes += r.resok.data.length;
    return Buffer.from(r.resok.data);
  });
  progress.files++;
  d.onProgress?.({ ...progress });
}

function dirSink(out: string): Sink {
  mkdirSync(path.dirname(out), { recursive: true });
  mkdirSync(out, { mode: 0o700 });
  const full = (p: string): string => path.join(out, ...p.split('/').slice(1));
  const times: Array<[string, nfs3.fattr3]> = [];
  return {
    dir(p, a) {
      if (p.includes('/')) mkdirSync(full(p), { mode: 0o700 });
      times.push([full(p), a]);
    },
    async file(p, a, read) {
      const fd = openSync(full(p), 'wx', a.mode & 0o777);
      try {
        for (let off = 0n; off < a.size;) {
          const b = await read(off);
          if (b.length === 0) break;
          writeSync(fd, b, 0, b.length, Number(off));
          off += BigInt(b.length);
        }
      } finally {
        closeSync(fd);
      }
      utimesSync(full(p), a.atime.seconds, a.mtime.seconds);
    },
    symlink(p, _a, target) {
      symlinkSync(target, full(p));
    },
    close() {
      // Directory times last: writing entries changed them.
      for (const [f, a] of times.reverse()) {
        try {
          utimesSync(f, a.atime.seconds, a.mtime.seconds);
        } catch {
          // best effort
        }
      }
    },
  };
}

/** A ustar archive writer (POSIX.1-1988 headers; paths up to 255 bytes via the prefix field). */
function tarSink(out: string): Sink {
  mkdirSync(path.dirname(out), { recursive: true });
  const fd = openSync(out, 'wx', 0o600);
  const header = (p: string, a: nfs3.fattr3, type: string, size: bigint, link = ''): Buffer => {
    const h = Buffer.alloc(512);
    const name = Buffer.from(p);
    let prefix = Buffer.alloc(0);
    let base = name;
    if (name.length > 100) {
      const cut = p.lastIndexOf('/', 155);
      if (cut <= 0 || Buffer.byteLength(p.slice(cut + 1)) > 100)
        throw new NfsStatusError(nfs3.NFS3ERR_NAMETOOLONG, `${p}: too long for a tar header`);
      prefix = Buffer.from(p.slice(0, cut));
      base = Buffer.from(p.slice(cut + 1));
    }
    base.copy(h, 0);
    const oct = (v: number | bigint, len: number, off: number): void => {
      h.write(`${v.toString(8).padStart(len - 1, '0')}\0`, off, len, 'ascii');
    };
    oct(a.mode & 0o7777, 8, 100);
    oct(a.uid, 8, 108);
    oct(a.gid, 8, 116);
    oct(size, 12, 124);
    oct(a.mtime.seconds, 12, 136);
    h.write('        ', 148, 8, 'ascii');
    h.write(type, 156, 1, 'ascii');
    Buffer.from(link).copy(h, 157, 0, 100);
    h.write('ustar\0', 257, 6, 'ascii');
    h.write('00', 263, 2, 'ascii');
    prefix.copy(h, 345);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
    return h;
  };
  const zeros = Buffer.alloc(1024);
  return {
    dir(p, a) {
      writeSync(fd, header(`${p}/`, a, '5', 0n));
    },
    async file(p, a, read) {
      writeSync(fd, header(p, a, '0', a.size));
      let off = 0n;
      while (off < a.size) {
        const b = await read(off);
        if (b.length === 0) break;
        writeSync(fd, b);
        off += BigInt(b.length);
      }
      // A file that shrank meanwhile: pad to the size in the header.
      while (off < a.size) {
        const n = Number(a.size - off < 65536n ? a.size - off : 65536n);
        writeSync(fd, Buffer.alloc(n));
        off += BigInt(n);
      }
      const pad = Number((512n - (a.size % 512n)) % 512n);
      if (pad) writeSync(fd, zeros, 0, pad);
    },
    symlink(p, a, target) {
      writeSync(fd, header(p, a, '2', 0n, target));
    },
    close() {
      writeSync(fd, zeros);
      closeSync(fd);
    },
  };
}
