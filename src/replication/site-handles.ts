import type Database from 'better-sqlite3';
import { ownCopy, ROOT_ID } from '../catalog/catalog.js';
import * as nfs3 from '../protocol/generated/nfs3.js';
import { SITE_ROOT_CRED } from '../sites/nfs-site.js';
import type { Site } from '../sites/site.js';
import type { ObjectRef } from './record.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;

/** Handles of one backup site kept in memory (an LRU over site_objects). Unit: objects. */
export const SITE_HANDLE_CACHE = 100_000;

/**
 * One backup site's file handles for the proxy's objects (issue 4 item 1): found by LOOKUP of
 * the object's path from the site's root, or learned from the site's own replies (CREATE), and
 * kept in the catalog's site_objects table under the site's name, so they survive restarts.
 * Writes are batched into one transaction per event-loop turn.
 */
export class SiteHandles {
  private readonly site: Site;
  private readonly mem = new Map<number, Buffer>();
  private readonly dirty = new Map<number, Buffer | null>();
  private flushScheduled = false;
  private readonly stmts: {
    get: Database.Statement;
    put: Database.Statement;
    clearFh: Database.Statement;
    del: Database.Statement;
  };
  private readonly db: Database.Database;
  readonly stats = { lookups: 0, hits: 0 };

  constructor(db: Database.Database, site: Site) {
    this.db = db;
    this.site = site;
    this.stmts = {
      get: db.prepare('SELECT fh FROM site_objects WHERE site = ? AND object = ?'),
      put: db.prepare(`INSERT INTO site_objects (site, object, fh, fileid) VALUES (?, ?, ?, NULL)
        ON CONFLICT (site, object) DO UPDATE SET fh = excluded.fh`),
      clearFh: db.prepare(
        'UPDATE site_objects SET fh = NULL WHERE site = ? AND fh = ? AND object != ?',
      ),
      del: db.prepare('DELETE FROM site_objects WHERE site = ? AND object = ?'),
    };
  }

  /** The site's handle for object `id`, if known (no network). */
  known(id: number): Buffer | undefined {
    if (id === ROOT_ID) return this.site.rootFh;
    const m = this.mem.get(id);
    if (m) {
      this.stats.hits++;
      return m;
    }
    if (this.dirty.has(id)) return this.dirty.get(id) ?? undefined;
    const row = this.stmts.get.get(this.site.name, id) as { fh: Buffer | null } | undefined;
    if (row?.fh) this.remember(id, row.fh);
    return row?.fh ?? undefined;
  }

  /** Records the site's handle for an object. */
  set(id: number, fh: Uint8Array): void {
    if (id === ROOT_ID) return;
    // Kept while the object is remembered: a copy of its own, not a pool slice (see ownCopy).
    const b = ownCopy(fh);
    const cur = this.mem.get(id);
    if (cur && cur.equals(b)) return;
    this.remember(id, b);
    this.dirty.set(id, b);
    this.scheduleFlush();
  }

  /** Forgets a handle the site called stale (the object is gone or was replaced). */
  forget(id: number): void {
    if (id === ROOT_ID) return;
    this.mem.delete(id);
    this.dirty.set(id, null);
    this.scheduleFlush();
  }

  /**
   * The site's handle for `ref`: known, or found by LOOKUP along its path from the site's root
   * (and remembered). Undefined when the object has no path or a name on it does not exist on
   * the site. Throws SiteUnavailableError when the site does not answer.
   */
  async resolve(ref: ObjectRef): Promise<Buffer | undefined> {
    const k = this.known(ref.id);
    if (k) return k;
    if (!ref.path) return undefined;
    const fh = await this.lookupPath(ref.path);
    if (fh) this.set(ref.id, fh);
    return fh;
  }

  /** LOOKUP of `path` from the site's root; undefined if a component does not exist. */
  async lookupPath(path: readonly Buffer[]): Promise<Buffer | undefined> {
    let dir = this.site.rootFh;
    for (const name of path) {
      if (!dir) return undefined;
      this.stats.lookups++;
      const res = await this.site.call(
        NFS.NFSPROC3_LOOKUP,
        { what: { dir: { data: dir }, name } },
        SITE_ROOT_CRED,
      );
      if (res.status !== nfs3.NFS3_OK) return undefined;
      dir = Buffer.from(res.resok.object.data);
    }
    return dir;
  }

  /** Commits pending changes now. */
  flushNow(): void {
    if (this.dirty.size === 0) return;
    const batch = [...this.dirty];
    this.dirty.clear();
    const name = this.site.name;
    this.db.transaction(() => {
      for (const [id, fh] of batch) {
        if (fh === null) this.stmts.del.run(name, id);
        else {
          // A handle is unique per site: an object that had it before is gone.
          this.stmts.clearFh.run(name, fh, id);
          this.stmts.put.run(name, id, fh);
        }
      }
    })();
  }

  private remember(id: number, fh: Buffer): void {
    if (this.mem.size >= SITE_HANDLE_CACHE) {
      const oldest = this.mem.keys().next();
      if (!oldest.done) this.mem.delete(oldest.value);
    }
    this.mem.set(id, fh);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flushNow();
    });
  }
}
