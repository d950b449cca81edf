/**
 * Comparing and repairing a backup site's tree against the primary's (issue 4 item 6, the
 * paper's internal recovery thread): `verify` walks both and lists differences; `resync` walks
 * both and makes the site match (copies changed and missing files, removes extras); `repair`
 * does the same for a few objects (after a crash, for the mutations that were in flight).
 * Compared: types, sizes, modes, owners, link targets, device numbers and content. Not compared:
 * times (each server sets its own) and fileids.
 *
 * All calls run as root (SITE_ROOT_CRED); created objects get their owner, mode and mtime set
 * to the primary's afterwards.
 */
import { ROOT_ID, type Catalog, type CatalogObject } from '../catalog/catalog.js';
import type { Logger } from '../log/logger.js';
import * as nfs3 from '../protocol/generated/nfs3.js';
import { NO_SATTR } from '../core/proxy-core.js';
import { SITE_ROOT_CRED } from '../sites/nfs-site.js';
import type { Site } from '../sites/site.js';
import type { SiteHandles } from './site-handles.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
const CRED = SITE_ROOT_CRED;

/** Bytes read per READ while comparing or copying content. Unit: bytes. */
export const TREE_SYNC_IO_BYTES = 1024 * 1024;
/** READDIRPLUS maxcount for walks. Unit: bytes. */
const WALK_MAXCOUNT = 256 * 1024;
/** Most differences one verify reports in detail (the count continues). */
export const MAX_REPORTED_DIFFERENCES = 10_000;
/** Most READDIRPLUS calls for one directory (bounds a server that never sets eof). */
const MAX_DIR_CALLS = 100_000;

export type DifferenceKind =
  'missing' | 'extra' | 'type' | 'size' | 'mode' | 'owner' | 'link' | 'rdev' | 'content';

export interface Difference {
  /** Path below the export root, '/'-separated (bytes shown as UTF-8). */
  readonly path: string;
  readonly kind: DifferenceKind;
  readonly detail: string;
}

export interface TreeSyncProgress {
  directories: number;
  files: number;
  bytesCompared: number;
  bytesCopied: number;
  created: number;
  removed: number;
  differences: number;
}

export interface TreeSyncDeps {
  readonly catalog: Catalog;
  readonly primary: Site;
  readonly site: Site;
  readonly handles: SiteHandles;
  readonly log: Logger;
  /** Called as work proceeds (for task progress). */
  readonly onProgress?: (p: TreeSyncProgress) => void;
  /** Checked between steps; when it returns true the walk stops (task cancelled). */
  readonly cancelled?: () => boolean;
}

/** Raised when a site's tree cannot be compared or repaired (an NFS error other than a race). */
export class TreeSyncError extends Error {
  readonly code = 'NFSP_ERR_TREE_SYNC';
  constructor(message: string) {
    super(message);
    this.name = 'TreeSyncError';
  }
}

interface Entry {
  readonly name: Buffer;
  readonly fh: Buffer;
  readonly attrs: nfs3.fattr3;
}

type Mode = 'verify' | 'repair';

function nameStr(path: string, name: Buffer): string {
  return path === '' ? name.toString('utf8') : `${path}/${name.toString('utf8')}`;
}

function isDot(name: Buffer): boolean {
  return (
    (name.length === 1 && name[0] === 0x2e) ||
    (name.length === 2 && name[0] === 0x2e && name[1] === 0x2e)
  );
}

class Walker {
  readonly diffs: Difference[] = [];
  readonly progress: TreeSyncProgress = {
    directories: 0,
    files: 0,
    bytesCompared: 0,
    bytesCopied: 0,
    created: 0,
    removed: 0,
    differences: 0,
  };
  /** Primary fileid -> site handle of files created in this walk (hard links). */
  private readonly linked = new Map<bigint, Buffer>();
  private lastReport = 0;

  /** Where content comes from and where it goes (the primary and a site, or reversed). */
  private readonly src: Site;
  private readonly dst: Site;

  /**
   * `reverse`: make the primary match the site (rebuilding the primary from a backup); the
   * catalog then learns the primary's new handles instead of the site handle map.
   */
  constructor(
    private readonly d: TreeSyncDeps,
    private readonly mode: Mode,
    private readonly reverse = false,
  ) {
    this.src = reverse ? d.site : d.primary;
    this.dst = reverse ? d.primary : d.site;
  }

  /** The catalog object of a source entry (forward: learned from the primary's handle). */
  private identity(dir: CatalogObject | undefined, e: Entry): CatalogObject | undefined {
    if (!this.reverse) return this.learn(dir, e);
    return dir ? this.d.catalog.child(dir.id, e.name) : undefined;
  }

  /**
   * The target's handle for an entry: forward, the site's handle of the object; reverse, the
   * primary's, which the catalog learns (a recreated file is a new object for clients).
   */
  private mapTarget(
    dir: CatalogObject | undefined,
    obj: CatalogObject | undefined,
    name: Buffer,
    fh: Buffer,
    attrs: nfs3.fattr3 | undefined,
  ): CatalogObject | undefined {
    if (!this.reverse) {
      if (obj) this.d.handles.set(obj.id, fh);
      return obj;
    }
    return this.d.catalog.learn(fh, {
      fileid: attrs?.fileid,
      type: attrs?.type,
      parent: dir?.id,
      name: dir ? name : undefined,
    });
  }

  private get dstName(): string {
    return this.reverse ? 'primary' : 'site';
  }

  private diff(path: string, kind: DifferenceKind, detail: string): void {
    this.progress.differences++;
    if (this.diffs.length < MAX_REPORTED_DIFFERENCES) this.diffs.push({ path, kind, detail });
  }

  private report(): void {
    const now = Date.now();
    if (this.d.onProgress && now - this.lastReport > 250) {
      this.lastReport = now;
      this.d.onProgress({ ...this.progress });
    }
  }

  private checkCancelled(): void {
    if (this.d.cancelled?.()) throw new TreeSyncError('cancelled');
  }

  async readDir(site: Site, fh: Buffer): Promise<Map<string, Entry>> {
    const out = new Map<string, Entry>();
    let cookie = 0n;
    let cookieverf = Buffer.alloc(nfs3.NFS3_COOKIEVERFSIZE);
    for (let calls = 0; calls < MAX_DIR_CALLS; calls++) {
      const res = await site.call(
        NFS.NFSPROC3_READDIRPLUS,
        { dir: { data: fh }, cookie, cookieverf, dircount: 64 * 1024, maxcount: WALK_MAXCOUNT },
        CRED,
      );
      if (res.status !== nfs3.NFS3_OK) {
        throw new TreeSyncError(
          `${site.name}: READDIRPLUS failed: ${nfs3.names_nfsstat3[res.status] ?? res.status}`,
        );
      }
      for (const e of res.resok.reply.entries) {
        cookie = e.cookie;
        if (isDot(e.name)) continue;
        let efh = e.name_handle.handle_follows ? Buffer.from(e.name_handle.handle.data) : undefined;
        let attrs = e.name_attributes.attributes_follow ? e.name_attributes.attributes : undefined;
        if (!efh || !attrs) {
          const lk = await site.call(
            NFS.NFSPROC3_LOOKUP,
            { what: { dir: { data: fh }, name: e.name } },
            CRED,
          );
          if (lk.status !== nfs3.NFS3_OK) continue; // removed meanwhile
          efh = Buffer.from(lk.resok.object.data);
          attrs = lk.resok.obj_attributes.attributes_follow
            ? lk.resok.obj_attributes.attributes
            : await this.getattr(site, efh);
          if (!attrs) continue;
        }
        out.set(e.name.toString('latin1'), { name: Buffer.from(e.name), fh: efh, attrs });
      }
      cookieverf = Buffer.from(res.resok.cookieverf);
      if (res.resok.reply.eof) return out;
    }
    throw new TreeSyncError(`${site.name}: directory listing did not end`);
  }

  async getattr(site: Site, fh: Buffer): Promise<nfs3.fattr3 | undefined> {
    const r = await site.call(NFS.NFSPROC3_GETATTR, { object: { data: fh } }, CRED);
    return r.status === nfs3.NFS3_OK ? r.resok.obj_attributes : undefined;
  }

  async readlink(site: Site, fh: Buffer): Promise<Buffer | undefined> {
    const r = await site.call(NFS.NFSPROC3_READLINK, { symlink: { data: fh } }, CRED);
    return r.status === nfs3.NFS3_OK ? Buffer.from(r.resok.data) : undefined;
  }

  async read(site: Site, fh: Buffer, offset: bigint, count: number): Promise<Buffer> {
    const r = await site.call(NFS.NFSPROC3_READ, { file: { data: fh }, offset, count }, CRED);
    if (r.status !== nfs3.NFS3_OK) {
      throw new TreeSyncError(
        `${site.name}: READ failed: ${nfs3.names_nfsstat3[r.status] ?? r.status}`,
      );
    }
    return Buffer.from(r.resok.data);
  }

  /** The primary's catalog object for an entry of directory `dir` (learned on first sight). */
  private learn(dir: CatalogObject | undefined, e: Entry): CatalogObject {
    return this.d.catalog.learn(e.fh, {
      fileid: e.attrs.fileid,
      type: e.attrs.type,
      parent: dir?.id,
      name: dir ? e.name : undefined,
    });
  }

  // ---- comparing ------------------------------------------------------------------------------

  /**
   * Compares (and in repair mode fixes) directory `path`: its entries, and with `deep` every
   * entry's attributes, content and subtree. `only`: names to look at (others are skipped).
   */
  async syncDir(
    pDir: CatalogObject | undefined,
    pFh: Buffer,
    sFh: Buffer,
    path: string,
    deep: boolean,
    only?: Set<string>,
  ): Promise<void> {
    this.checkCancelled();
    this.progress.directories++;
    const [pEntries, sEntries] = await Promise.all([
      this.readDir(this.src, pFh),
      this.readDir(this.dst, sFh),
    ]);
    for (const [key, se] of sEntries) {
      if (only && !only.has(key)) continue;
      if (!pEntries.has(key)) {
        const p = nameStr(path, se.name);
        this.diff(
          p,
          'extra',
          `${typeName(se.attrs.type)} not on the ${this.reverse ? 'site' : 'primary'}`,
        );
        if (this.mode === 'repair') await this.removeEntry(sFh, se);
      }
    }
    for (const [key, pe] of pEntries) {
      if (only && !only.has(key)) continue;
      this.checkCancelled();
      const p = nameStr(path, pe.name);
      const obj = this.identity(pDir, pe);
      const se = sEntries.get(key);
      if (!se) {
        this.diff(p, 'missing', `${typeName(pe.attrs.type)} not on the ${this.dstName}`);
        if (this.mode === 'repair') await this.copyEntry(pDir, obj, pe, sFh, p);
        continue;
      }
      if (se.attrs.type !== pe.attrs.type) {
        this.diff(
          p,
          'type',
          `${typeName(pe.attrs.type)} on the primary, ${typeName(se.attrs.type)} on the site`,
        );
        if (this.mode === 'repair') {
          await this.removeEntry(sFh, se);
          await this.copyEntry(pDir, obj, pe, sFh, p);
        }
        continue;
      }
      const mapped = this.mapTarget(pDir, obj, se.name, se.fh, se.attrs);
      await this.syncSame(pDir, mapped, pe, se, sFh, p, deep);
    }
    this.report();
  }

  /** Two entries of the same type under the same name. */
  private async syncSame(
    dir: CatalogObject | undefined,
    obj: CatalogObject | undefined,
    pe: Entry,
    se: Entry,
    sDirFh: Buffer,
    p: string,
    deep: boolean,
  ): Promise<void> {
    const type = pe.attrs.type;
    if (type === nfs3.NF3LNK) {
      const [a, b] = await Promise.all([
        this.readlink(this.src, pe.fh),
        this.readlink(this.dst, se.fh),
      ]);
      if (a && b && !a.equals(b)) {
        this.diff(p, 'link', `-> ${a.toString()} on the primary, -> ${b.toString()} on the site`);
        if (this.mode === 'repair') {
          await this.removeEntry(sDirFh, se);
          await this.copyEntry(dir, obj, pe, sDirFh, p);
          return;
        }
      }
    } else if (type === nfs3.NF3CHR || type === nfs3.NF3BLK) {
      const a = pe.attrs.rdev;
      const b = se.attrs.rdev;
      if (a.specdata1 !== b.specdata1 || a.specdata2 !== b.specdata2) {
        this.diff(p, 'rdev', `${a.specdata1}:${a.specdata2} vs ${b.specdata1}:${b.specdata2}`);
        if (this.mode === 'repair') {
          await this.removeEntry(sDirFh, se);
          await this.copyEntry(dir, obj, pe, sDirFh, p);
          return;
        }
      }
    }
    if (type === nfs3.NF3REG) {
      this.progress.files++;
      if (deep) await this.syncContent(pe, se, p);
    }
    await this.syncAttrs(pe, se, p);
    if (type === nfs3.NF3DIR && deep) await this.syncDir(obj, pe.fh, se.fh, p, true);
  }

  private async syncAttrs(pe: Entry, se: Entry, p: string): Promise<void> {
    const a = pe.attrs;
    const b = se.attrs;
    const set: nfs3.sattr3 = { ...NO_SATTR };
    let change = false;
    if ((a.mode & 0o7777) !== (b.mode & 0o7777)) {
      this.diff(p, 'mode', `${octal(a.mode)} on the primary, ${octal(b.mode)} on the site`);
      set.mode = { set_it: true, mode: a.mode & 0o7777 };
      change = true;
    }
    if (a.uid !== b.uid || a.gid !== b.gid) {
      this.diff(p, 'owner', `${a.uid}:${a.gid} on the primary, ${b.uid}:${b.gid} on the site`);
      set.uid = { set_it: true, uid: a.uid };
      set.gid = { set_it: true, gid: a.gid };
      change = true;
    }
    if (change && this.mode === 'repair') await this.setattr(se.fh, set, p);
  }

  /** Compares content chunk by chunk; in repair mode writes differing chunks and the size. */
  private async syncContent(pe: Entry, se: Entry, p: string): Promise<void> {
    const size = pe.attrs.size;
    let reported = false;
    if (size !== se.attrs.size) {
      this.diff(p, 'size', `${size} bytes on the primary, ${se.attrs.size} on the site`);
      reported = true;
      if (this.mode === 'repair') {
        await this.setattr(se.fh, { ...NO_SATTR, size: { set_it: true, size } }, p);
      } else return;
    }
    let wrote = false;
    for (let off = 0n; off < size; off += BigInt(TREE_SYNC_IO_BYTES)) {
      this.checkCancelled();
      const n = Number(size - off < BigInt(TREE_SYNC_IO_BYTES) ? size - off : TREE_SYNC_IO_BYTES);
      const [a, b] = await Promise.all([
        this.read(this.src, pe.fh, off, n),
        this.read(this.dst, se.fh, off, n),
      ]);
      this.progress.bytesCompared += a.length;
      if (!a.equals(b)) {
        if (!reported) this.diff(p, 'content', `differs at or after byte ${off}`);
        reported = true;
        if (this.mode === 'verify') return;
        await this.write(se.fh, off, a, p);
        wrote = true;
      }
      this.report();
    }
    if (wrote) await this.commit(se.fh);
  }

  // ---- repairing ------------------------------------------------------------------------------

  private async setattr(fh: Buffer, attrs: nfs3.sattr3, p: string): Promise<void> {
    const r = await this.dst.call(
      NFS.NFSPROC3_SETATTR,
      { object: { data: fh }, new_attributes: attrs, guard: { check: false } },
      CRED,
    );
    if (r.status !== nfs3.NFS3_OK) throw this.failed('SETATTR', p, r.status);
  }

  private async write(fh: Buffer, offset: bigint, data: Buffer, p: string): Promise<void> {
    const r = await this.dst.call(
      NFS.NFSPROC3_WRITE,
      { file: { data: fh }, offset, count: data.length, stable: nfs3.UNSTABLE, data },
      CRED,
    );
    if (r.status !== nfs3.NFS3_OK) throw this.failed('WRITE', p, r.status);
    this.progress.bytesCopied += data.length;
  }

  private async commit(fh: Buffer): Promise<void> {
    await this.dst.call(NFS.NFSPROC3_COMMIT, { file: { data: fh }, offset: 0n, count: 0 }, CRED);
  }

  private failed(op: string, p: string, status: number): TreeSyncError {
    return new TreeSyncError(
      `${this.dst.name}: ${op} of ${p || '/'} failed: ${nfs3.names_nfsstat3[status] ?? status}`,
    );
  }

  /** Removes an entry (a directory with everything below it) from the site. */
  async removeEntry(sDirFh: Buffer, se: Entry): Promise<void> {
    if (se.attrs.type === nfs3.NF3DIR) {
      const children = await this.readDir(this.dst, se.fh);
      for (const c of children.values()) await this.removeEntry(se.fh, c);
      const r = await this.dst.call(
        NFS.NFSPROC3_RMDIR,
        { object: { dir: { data: sDirFh }, name: se.name } },
        CRED,
      );
      if (r.status !== nfs3.NFS3_OK && r.status !== nfs3.NFS3ERR_NOENT)
        throw this.failed('RMDIR', se.name.toString(), r.status);
    } else {
      const r = await this.dst.call(
        NFS.NFSPROC3_REMOVE,
        { object: { dir: { data: sDirFh }, name: se.name } },
        CRED,
      );
      if (r.status !== nfs3.NFS3_OK && r.status !== nfs3.NFS3ERR_NOENT)
        throw this.failed('REMOVE', se.name.toString(), r.status);
    }
    this.progress.removed++;
  }

  /** Creates a copy of the primary's entry `pe` (object `obj`) in the site's directory. */
  async copyEntry(
    dir: CatalogObject | undefined,
    obj: CatalogObject | undefined,
    pe: Entry,
    sDirFh: Buffer,
    p: string,
  ): Promise<void> {
    const a = pe.attrs;
    const where = { dir: { data: sDirFh }, name: pe.name };
    const owner: nfs3.sattr3 = {
      ...NO_SATTR,
      mode: { set_it: true, mode: a.mode & 0o7777 },
      uid: { set_it: true, uid: a.uid },
      gid: { set_it: true, gid: a.gid },
    };
    let fh: Buffer | undefined;
    let status: number;
    if (a.type === nfs3.NF3REG && a.nlink > 1 && this.linked.has(a.fileid)) {
      const r = await this.dst.call(
        NFS.NFSPROC3_LINK,
        { file: { data: this.linked.get(a.fileid)! }, link: where },
        CRED,
      );
      if (r.status !== nfs3.NFS3_OK) throw this.failed('LINK', p, r.status);
      this.mapTarget(dir, obj, pe.name, this.linked.get(a.fileid)!, undefined);
      this.progress.created++;
      return;
    }
    if (a.type === nfs3.NF3REG) {
      const r = await this.dst.call(
        NFS.NFSPROC3_CREATE,
        { where, how: { mode: nfs3.UNCHECKED, obj_attributes: { ...NO_SATTR } } },
        CRED,
      );
      status = r.status;
      if (r.status === nfs3.NFS3_OK && r.resok.obj.handle_follows)
        fh = Buffer.from(r.resok.obj.handle.data);
    } else if (a.type === nfs3.NF3DIR) {
      const r = await this.dst.call(
        NFS.NFSPROC3_MKDIR,
        { where, attributes: { ...NO_SATTR, mode: { set_it: true, mode: 0o700 } } },
        CRED,
      );
      status = r.status;
      if (r.status === nfs3.NFS3_OK && r.resok.obj.handle_follows)
        fh = Buffer.from(r.resok.obj.handle.data);
    } else if (a.type === nfs3.NF3LNK) {
      const target = await this.readlink(this.src, pe.fh);
      if (!target) return; // gone meanwhile
      const r = await this.dst.call(
        NFS.NFSPROC3_SYMLINK,
        { where, symlink: { symlink_attributes: { ...NO_SATTR }, symlink_data: target } },
        CRED,
      );
      status = r.status;
      if (r.status === nfs3.NFS3_OK && r.resok.obj.handle_follows)
        fh = Buffer.from(r.resok.obj.handle.data);
    } else {
      const spec = { specdata1: a.rdev.specdata1, specdata2: a.rdev.specdata2 };
      const attrs = { ...NO_SATTR };
      const what: nfs3.mknoddata3 =
        a.type === nfs3.NF3CHR || a.type === nfs3.NF3BLK
          ? { type: a.type, device: { dev_attributes: attrs, spec } }
          : a.type === nfs3.NF3SOCK || a.type === nfs3.NF3FIFO
            ? { type: a.type, pipe_attributes: attrs }
            : { type: a.type as never };
      const r = await this.dst.call(NFS.NFSPROC3_MKNOD, { where, what }, CRED);
      status = r.status;
      if (r.status === nfs3.NFS3_OK && r.resok.obj.handle_follows)
        fh = Buffer.from(r.resok.obj.handle.data);
    }
    if (status !== nfs3.NFS3_OK) throw this.failed('create', p, status);
    if (!fh) {
      const lk = await this.dst.call(NFS.NFSPROC3_LOOKUP, { what: where }, CRED);
      if (lk.status !== nfs3.NFS3_OK) throw this.failed('LOOKUP', p, lk.status);
      fh = Buffer.from(lk.resok.object.data);
    }
    this.progress.created++;
    const mapped = this.mapTarget(dir, obj, pe.name, fh, undefined);
    if (a.type === nfs3.NF3REG) {
      if (a.nlink > 1) this.linked.set(a.fileid, fh);
      for (let off = 0n; off < a.size; off += BigInt(TREE_SYNC_IO_BYTES)) {
        this.checkCancelled();
        const n = Number(
          a.size - off < BigInt(TREE_SYNC_IO_BYTES) ? a.size - off : TREE_SYNC_IO_BYTES,
        );
        const data = await this.read(this.src, pe.fh, off, n);
        if (data.length === 0) break;
        await this.write(fh, off, data, p);
      }
      // The primary's size, also for a sparse tail.
      await this.setattr(fh, { ...NO_SATTR, size: { set_it: true, size: a.size } }, p);
      await this.commit(fh);
    }
    if (a.type === nfs3.NF3DIR) await this.syncDir(mapped, pe.fh, fh, p, true);
    if (a.type !== nfs3.NF3LNK) await this.setattr(fh, owner, p);
    else await this.setattr(fh, { ...owner, mode: { set_it: false } }, p).catch(() => {});
    this.report();
  }
}

function typeName(t: number): string {
  return (nfs3.names_ftype3[t as nfs3.ftype3] ?? String(t)).replace(/^NF3/, '').toLowerCase();
}

function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

function pathString(path: readonly Buffer[] | null): string {
  return path ? path.map((c) => c.toString('utf8')).join('/') : '?';
}

/**
 * Makes the primary's whole tree match the site's (rebuilding a damaged primary from a backup).
 * The caller pauses client mutations meanwhile. Files it recreates on the primary are new
 * objects: clients holding handles to the old ones get NFS3ERR_STALE.
 */
export async function rebuildPrimaryTree(
  d: TreeSyncDeps,
): Promise<{ differences: Difference[]; progress: TreeSyncProgress }> {
  const w = new Walker(d, 'repair', true);
  await w.syncDir(d.catalog.get(ROOT_ID), d.site.rootFh!, d.primary.rootFh!, '', true);
  return { differences: w.diffs, progress: w.progress };
}

/** Compares the whole tree of the site with the primary's. */
export async function verifyTree(
  d: TreeSyncDeps,
): Promise<{ differences: Difference[]; progress: TreeSyncProgress }> {
  const w = new Walker(d, 'verify');
  await w.syncDir(d.catalog.get(ROOT_ID), d.primary.rootFh!, d.site.rootFh!, '', true);
  return { differences: w.diffs, progress: w.progress };
}

/** Makes the site's whole tree match the primary's. */
export async function resyncTree(
  d: TreeSyncDeps,
): Promise<{ differences: Difference[]; progress: TreeSyncProgress }> {
  const w = new Walker(d, 'repair');
  await w.syncDir(d.catalog.get(ROOT_ID), d.primary.rootFh!, d.site.rootFh!, '', true);
  return { differences: w.diffs, progress: w.progress };
}

/**
 * Re-checks objects on the site (after a crash, or when replay found them uncertain): a
 * directory's entries (new entries are copied whole), a file's attributes and content, a symlink's
 * target. Objects gone from the primary are skipped (their directory's re-check removes them).
 */
export async function repairObjects(
  d: TreeSyncDeps,
  ids: readonly number[],
): Promise<{ differences: Difference[]; progress: TreeSyncProgress }> {
  const w = new Walker(d, 'repair');
  for (const id of new Set(ids)) {
    const obj = d.catalog.get(id);
    if (!obj || obj.dead || obj.fh === undefined) continue;
    const path = d.catalog.pathOf(id);
    if (id === ROOT_ID || obj.type === nfs3.NF3DIR) {
      const sFh = id === ROOT_ID ? d.site.rootFh : await d.handles.resolve({ id, path });
      if (sFh) {
        await w.syncDir(obj, obj.fh, sFh, pathString(path), false);
        continue;
      }
    }
    // A file, or a directory the site lacks: re-check its entry in its parent.
    if (!path || path.length === 0 || obj.parent === null) continue;
    const parent = d.catalog.get(obj.parent);
    if (!parent || parent.fh === undefined) continue;
    const sParent =
      parent.id === ROOT_ID
        ? d.site.rootFh
        : await d.handles.resolve({ id: parent.id, path: path.slice(0, -1) });
    if (!sParent) {
      d.log.warn({ site: d.site.name, path: pathString(path) }, 'repair: parent missing on site');
      continue;
    }
    await w.syncDir(
      parent,
      parent.fh,
      sParent,
      pathString(path.slice(0, -1)),
      true,
      new Set([path[path.length - 1]!.toString('latin1')]),
    );
  }
  return { differences: w.diffs, progress: w.progress };
}
