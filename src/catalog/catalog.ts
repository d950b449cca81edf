import type Database from 'better-sqlite3';
import type { Logger } from '../log/logger.js';

/** Object id of the export root. */
export const ROOT_ID = 1;

/**
 * Objects kept in memory (an LRU over the database, which stays the source of truth).
 * Unit: objects; default 200,000 (about 100 MB). Evicted objects are read back on demand.
 */
export const DEFAULT_CATALOG_CACHE_OBJECTS = 200_000;

/** Deepest path `pathOf` follows. Unit: components. */
export const MAX_PATH_DEPTH = 4096;

/** A file system object as the proxy knows it, with its handle on the current primary site. */
export interface CatalogObject {
  readonly id: number;
  /** Directory object containing it; null for the root and for unlinked objects. */
  parent: number | null;
  name: Buffer | null;
  /** ftype3; 0 while unknown. */
  type: number;
  /**
   * The last version whose state of this object is preserved (versions.md): a change after a
   * newer version was taken first preserves the current state. 0: none.
   */
  stamp: number;
  /** Its file handle on the primary site, when known. */
  fh: Buffer | undefined;
  /** Its fileid on the primary site, when known. */
  fileid: bigint | undefined;
  /**
   * The primary reported its handle STALE: it is gone for good. Its id is never reused and never
   * resolves to another file (the server may reuse the inode number at once).
   */
  dead: boolean;
  /** The proxy handle for this object, once computed (never changes; not stored). */
  handle?: Buffer | undefined;
  /**
   * Its last name was removed (REMOVE, RMDIR, RENAME over it) while this process ran: it has no
   * path because it is unlinked, not because its name was never learned. Not stored.
   */
  unlinked?: boolean;
}

interface Row {
  id: bigint;
  parent: bigint | null;
  name: Buffer | null;
  type: bigint;
  stamp: bigint;
  fh: Buffer | null;
  fileid: bigint | null;
}

const SELECT = `SELECT o.id, o.parent, o.name, o.type, o.stamp, s.fh, s.fileid
  FROM objects o LEFT JOIN site_objects s ON s.object = o.id AND s.site = @site`;

/**
 * The durable object catalog: proxy object id <-> (parent, name) <-> the primary site's file
 * handle and fileid. On the hot path of every request, so lookups hit in-memory maps and writes
 * are batched: changes are queued and committed together in one SQLite transaction on the next
 * turn of the event loop. A reply that hands a client a handle for a new object first awaits
 * `commit()`, so every handle a client holds is in the database and survives kill -9.
 */
export class Catalog {
  private readonly db: Database.Database;
  private readonly log: Logger;
  private site: string;
  private readonly cacheLimit: number;
  private readonly byId = new Map<number, CatalogObject>();
  private readonly byFh = new Map<string, CatalogObject>();
  private readonly byFileid = new Map<bigint, CatalogObject>();
  /** `${parent}/${name}` -> object, for names known in memory. */
  private readonly byName = new Map<string, CatalogObject>();
  private readonly dirty = new Set<CatalogObject>();
  /** Directory-entry changes, applied in order at the next commit. */
  private direntOps: DirentOp[] = [];
  /** Every object of the database is in memory (see `preload`). */
  private complete = false;
  private nextId: number;
  private flushScheduled: Promise<void> | undefined;
  private readonly stmts: {
    byId: Database.Statement;
    byFh: Database.Statement;
    byFileid: Database.Statement;
    child: Database.Statement;
    upsertObject: Database.Statement;
    upsertSite: Database.Statement;
    clearSiteFh: Database.Statement;
    getMeta: Database.Statement;
    setMeta: Database.Statement;
    direntSet: Database.Statement;
    direntDel: Database.Statement;
    direntMove: Database.Statement;
    direntDelObject: Database.Statement;
    direntsOf: Database.Statement;
  };
  /** Counters for metrics and tests. */
  readonly stats = { hits: 0, misses: 0, commits: 0, rowsWritten: 0 };

  constructor(db: Database.Database, opts: { site: string; log: Logger; cacheObjects?: number }) {
    this.db = db;
    this.site = opts.site;
    this.log = opts.log;
    this.cacheLimit = opts.cacheObjects ?? DEFAULT_CATALOG_CACHE_OBJECTS;
    const s = (sql: string): Database.Statement => db.prepare(sql);
    this.stmts = {
      byId: s(`${SELECT} WHERE o.id = @id`).safeIntegers(true),
      byFh: s(`${SELECT} WHERE s.fh = @fh`).safeIntegers(true),
      byFileid: s(`${SELECT} WHERE s.fileid = @fileid ORDER BY o.id DESC LIMIT 1`).safeIntegers(
        true,
      ),
      child: s(
        `${SELECT} WHERE o.parent = @parent AND o.name = @name ORDER BY o.id DESC LIMIT 1`,
      ).safeIntegers(true),
      upsertObject: s(`INSERT INTO objects (id, parent, name, type, stamp, created_ms)
        VALUES (@id, @parent, @name, @type, @stamp, @now)
        ON CONFLICT (id) DO UPDATE SET parent = excluded.parent, name = excluded.name,
          type = excluded.type, stamp = excluded.stamp`),
      upsertSite:
        s(`INSERT INTO site_objects (site, object, fh, fileid) VALUES (@site, @object, @fh, @fileid)
        ON CONFLICT (site, object) DO UPDATE SET fh = excluded.fh, fileid = excluded.fileid`),
      clearSiteFh: s(
        `UPDATE site_objects SET fh = NULL WHERE site = @site AND fh = @fh AND object != @object`,
      ),
      direntSet: s(`INSERT INTO dirents (parent, name, object) VALUES (?, ?, ?)
        ON CONFLICT (parent, name) DO UPDATE SET object = excluded.object`),
      direntDel: s('DELETE FROM dirents WHERE parent = ? AND name = ?'),
      direntMove: s(
        'UPDATE dirents SET parent = @toDir, name = @toName WHERE parent = @fromDir AND name = @fromName',
      ),
      direntDelObject: s('DELETE FROM dirents WHERE object = ?'),
      direntsOf: s('SELECT name, object FROM dirents WHERE parent = ? ORDER BY name'),
      getMeta: s(`SELECT value FROM meta WHERE key = ?`),
      setMeta: s(
        `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      ),
    };
    const max = db.prepare('SELECT max(id) AS m FROM objects').get() as { m: number | null };
    this.nextId = Math.max(ROOT_ID + 1, (max.m ?? 0) + 1);
    this.preload();
  }

  /**
   * Loads the whole catalog into memory when it fits the cache: then the in-memory maps are
   * complete, and a miss is an answer ("not known") instead of a database query. The first
   * eviction ends that (lookups then fall back to the database).
   */
  private preload(): void {
    const count = (this.db.prepare('SELECT count(*) AS n FROM objects').get() as { n: number }).n;
    if (count > this.cacheLimit) return;
    const all = this.db.prepare(SELECT).safeIntegers(true).all({ site: this.site }) as Row[];
    for (const row of all) this.load(row);
    this.complete = true;
  }

  /** The site whose handles `fh`/`fileid` refer to (the primary). */
  get siteName(): string {
    return this.site;
  }

  /** The database (the replication state keeps its own tables in it). */
  get database(): Database.Database {
    return this.db;
  }

  // ---- lookups --------------------------------------------------------------------------------

  /**
   * The names from the export root to object `id` ([] for the root), or null when the object has
   * no name (unlinked, or known only by handle) or its chain is broken or longer than
   * MAX_PATH_DEPTH (a cycle would be a bug; it must not hang the proxy).
   */
  pathOf(id: number): Buffer[] | null {
    const names: Buffer[] = [];
    let cur = this.get(id);
    while (cur && cur.id !== ROOT_ID) {
      if (cur.parent === null || cur.name === null || names.length >= MAX_PATH_DEPTH) return null;
      names.push(cur.name);
      cur = this.get(cur.parent);
    }
    return cur ? names.reverse() : null;
  }

  get(id: number): CatalogObject | undefined {
    const hit = this.byId.get(id);
    if (hit) {
      this.stats.hits++;
      this.touch(hit);
      return hit;
    }
    this.stats.misses++;
    if (this.complete) return undefined;
    return this.load(this.stmts.byId.get({ site: this.site, id }) as Row | undefined);
  }

  getByFh(fh: Buffer): CatalogObject | undefined {
    const hit = this.byFh.get(fh.toString('latin1'));
    if (hit) {
      this.stats.hits++;
      this.touch(hit);
      return hit;
    }
    this.stats.misses++;
    if (this.complete) return undefined;
    return this.load(this.stmts.byFh.get({ site: this.site, fh }) as Row | undefined);
  }

  getByFileid(fileid: bigint): CatalogObject | undefined {
    const hit = this.byFileid.get(fileid);
    if (hit) {
      this.touch(hit);
      return hit;
    }
    if (this.complete) return undefined;
    return this.load(
      this.stmts.byFileid.get({ site: this.site, fileid: BigInt.asIntN(64, fileid) }) as
        Row | undefined,
    );
  }

  /** The object last recorded as `name` in directory `parent`. */
  child(parent: number, name: Buffer): CatalogObject | undefined {
    const hit = this.byName.get(nameKey(parent, name));
    if (hit) return hit;
    if (this.complete) return undefined;
    const obj = this.load(
      this.stmts.child.get({ site: this.site, parent, name }) as Row | undefined,
    );
    // The database may lag memory (changes not yet committed): trust the in-memory object.
    return obj && obj.parent === parent && sameBytes(obj.name, name) ? obj : undefined;
  }

  // ---- changes --------------------------------------------------------------------------------

  /** Records the export root's handle on the primary (object ROOT_ID). */
  setRoot(fh: Buffer, fileid: bigint | undefined): CatalogObject {
    let root = this.get(ROOT_ID);
    if (!root) {
      root = {
        dead: false,
        id: ROOT_ID,
        parent: null,
        name: null,
        type: 2 /* NF3DIR */,
        stamp: 0,
        fh: undefined,
        fileid: undefined,
      };
      this.cache(root);
    }
    this.setHandle(root, fh, fileid);
    root.type = 2;
    this.markDirty(root);
    return root;
  }

  /**
   * Records that the primary's handle `fh` names an object (seen as `name` in `parent`, when
   * known) and returns that object, creating it on first sight. A handle is the identity: the
   * same handle seen under another name (a hard link, a rename done elsewhere) is the same object.
   */
  learn(
    fh: Buffer,
    info: {
      fileid?: bigint | undefined;
      type?: number | undefined;
      parent?: number | undefined;
      name?: Buffer | undefined;
    },
  ): CatalogObject {
    const obj = this.learnObject(fh, info);
    if (info.parent !== undefined && info.name !== undefined && obj.id !== ROOT_ID)
      this.direntOp({ kind: 'set', parent: info.parent, name: info.name, object: obj.id });
    return obj;
  }

  private learnObject(
    fh: Buffer,
    info: {
      fileid?: bigint | undefined;
      type?: number | undefined;
      parent?: number | undefined;
      name?: Buffer | undefined;
    },
  ): CatalogObject {
    let obj = this.getByFh(fh);
    if (obj) {
      let changed = false;
      if (info.type !== undefined && info.type !== obj.type) {
        obj.type = info.type;
        changed = true;
      }
      if (info.fileid !== undefined && info.fileid !== obj.fileid) {
        this.setFileid(obj, info.fileid);
        changed = true;
      }
      if (
        info.parent !== undefined &&
        info.name !== undefined &&
        obj.id !== ROOT_ID &&
        (obj.parent !== info.parent || !sameBytes(obj.name, info.name))
      ) {
        this.setName(obj, info.parent, info.name);
        changed = true;
      }
      if (changed) this.markDirty(obj);
      return obj;
    }
    // A placeholder made from a READDIR entry (a fileid, no handle yet) for this very name
    // becomes the object. Only a never-handled placeholder with the same parent and name: a
    // fileid alone is not an identity (servers reuse inode numbers at once), and an object whose
    // handle went stale must stay stale for good.
    if (info.fileid !== undefined && info.parent !== undefined && info.name !== undefined) {
      const placeholder = this.child(info.parent, info.name);
      if (
        placeholder &&
        placeholder.fh === undefined &&
        !placeholder.dead &&
        placeholder.fileid === info.fileid
      ) {
        this.setHandle(placeholder, fh, info.fileid);
        if (info.type !== undefined) placeholder.type = info.type;
        this.markDirty(placeholder);
        return placeholder;
      }
    }
    obj = {
      id: this.nextId++,
      parent: null,
      name: null,
      type: info.type ?? 0,
      stamp: 0,
      fh: undefined,
      fileid: undefined,
      dead: false,
    };
    this.cache(obj);
    if (info.parent !== undefined && info.name !== undefined)
      this.setName(obj, info.parent, info.name);
    this.setHandle(obj, ownCopy(fh), info.fileid);
    this.markDirty(obj);
    return obj;
  }

  /**
   * The object for a directory entry known only by fileid (READDIR gives no handles), creating
   * a handle-less object so the entry's fileid is stable and matches what GETATTR reports later.
   */
  learnEntry(parent: number, name: Buffer, fileid: bigint): CatalogObject {
    const obj = this.learnEntryObject(parent, name, fileid);
    this.direntOp({ kind: 'set', parent, name, object: obj.id });
    return obj;
  }

  private learnEntryObject(parent: number, name: Buffer, fileid: bigint): CatalogObject {
    // Identity by name: the object known under this name, if it has this fileid.
    const named = this.child(parent, name);
    if (named && !named.dead && (named.fileid === fileid || named.fileid === undefined)) {
      if (named.fileid === undefined) {
        this.setFileid(named, fileid);
        this.markDirty(named);
      }
      return named;
    }
    // Anything else (a new name, or the name now holds another file) is a new object: the fileid
    // may be an inode number the server reused from a removed file.
    const obj: CatalogObject = {
      id: this.nextId++,
      parent: null,
      name: null,
      type: 0,
      stamp: 0,
      fh: undefined,
      fileid: undefined,
      dead: false,
    };
    this.cache(obj);
    this.setName(obj, parent, name);
    this.setFileid(obj, fileid);
    this.markDirty(obj);
    return obj;
  }

  /** Records `obj`'s handle (and fileid) on the current site, found by path. */
  attachHandle(obj: CatalogObject, fh: Buffer, fileid: bigint | undefined): void {
    this.setHandle(obj, ownCopy(fh), fileid);
    this.markDirty(obj);
  }

  /**
   * Makes `site` the one whose handles objects carry (a promotion): pending changes are committed
   * under the old site, then every object's handle and fileid are those recorded for `site`
   * (its replicator learned them), or unknown (found later by path).
   */
  switchSite(site: string): void {
    this.flushNow();
    this.site = site;
    this.byFh.clear();
    this.byFileid.clear();
    for (const o of this.byId.values()) {
      o.fh = undefined;
      o.fileid = undefined;
    }
    const rows = this.db
      .prepare('SELECT object, fh, fileid FROM site_objects WHERE site = ?')
      .safeIntegers(true)
      .all(site) as Array<{ object: bigint; fh: Buffer | null; fileid: bigint | null }>;
    for (const r of rows) {
      const o = this.byId.get(Number(r.object));
      if (!o || o.dead) continue;
      if (r.fh) this.setHandle(o, r.fh, undefined);
      if (r.fileid !== null) this.setFileid(o, BigInt.asUintN(64, r.fileid));
    }
    this.log.info({ site, handles: rows.length }, 'catalog switched to a new primary site');
  }

  /** Records that the object's state up to version `v` is preserved. */
  setStamp(obj: CatalogObject, v: number): void {
    if (obj.stamp === v) return;
    obj.stamp = v;
    this.markDirty(obj);
  }

  /** Records an object's type learned from its attributes (placeholders start as 0). */
  setType(obj: CatalogObject, type: number): void {
    if (obj.type === type) return;
    obj.type = type;
    this.markDirty(obj);
  }

  /** A successful RENAME: the object named `fromName` in `fromDir` is now `toName` in `toDir`. */
  renamed(fromDir: number, fromName: Buffer, toDir: number, toName: Buffer): void {
    this.direntOp({ kind: 'move', parent: fromDir, name: fromName, toDir, toName });
    const obj = this.child(fromDir, fromName);
    const over = this.child(toDir, toName);
    if (obj && obj === over) return; // renamed onto itself (or a hard link to itself): no change
    if (over) this.unlinkObject(over);
    if (!obj) return;
    this.setName(obj, toDir, toName);
    this.markDirty(obj);
  }

  /** A successful REMOVE or RMDIR of `name` in `dir`: the object keeps its id, loses its name. */
  removed(dir: number, name: Buffer): void {
    this.direntOp({ kind: 'del', parent: dir, name });
    const obj = this.child(dir, name);
    if (obj) this.unlinkObject(obj);
  }

  /**
   * The primary reported the object's handle STALE: forget the handle so the object id cannot
   * resolve to it again (clients holding the proxy handle get NFS3ERR_STALE).
   */
  stale(obj: CatalogObject): void {
    if (obj.id === ROOT_ID || obj.dead) return;
    this.direntOp({ kind: 'delObject', object: obj.id });
    if (obj.fh !== undefined && this.byFh.get(obj.fh.toString('latin1')) === obj)
      this.byFh.delete(obj.fh.toString('latin1'));
    if (obj.fileid !== undefined && this.byFileid.get(obj.fileid) === obj)
      this.byFileid.delete(obj.fileid);
    obj.fh = undefined;
    obj.fileid = undefined;
    obj.dead = true;
    this.unlinkObject(obj);
  }

  /** The entries of directory `dir` as the database holds them (after a commit), by name. */
  direntsOf(dir: number): Array<{ name: Buffer; object: number }> {
    return this.stmts.direntsOf.all(dir) as Array<{ name: Buffer; object: number }>;
  }

  /** A successful LINK: `name` in `dir` is another name of object `id`. */
  linked(dir: number, name: Buffer, id: number): void {
    this.direntOp({ kind: 'set', parent: dir, name, object: id });
  }

  getMeta(key: string): Buffer | undefined {
    const row = this.stmts.getMeta.get(key) as { value: Buffer } | undefined;
    return row?.value;
  }

  /** Writes a meta value at once, durably (not batched: these are rare and must not be lost). */
  setMeta(key: string, value: Buffer): void {
    this.stmts.setMeta.run(key, value);
  }

  // ---- durability -------------------------------------------------------------------------------

  /** True when changes wait to be committed. */
  get pending(): boolean {
    return this.dirty.size > 0 || this.direntOps.length > 0;
  }

  /** Resolves once every change made so far is committed to the database. */
  commit(): Promise<void> {
    if (!this.pending) return Promise.resolve();
    return this.scheduleFlush();
  }

  /** Commits queued changes now (also used at shutdown). */
  flushNow(): void {
    if (!this.pending) return;
    const ops = this.direntOps;
    this.direntOps = [];
    // Objects that lost their handle first, so a handle that moved is free before it is reused
    // (site_objects has a unique index on (site, fh)).
    const objects = [...this.dirty].sort(
      (a, b) => Number(a.fh !== undefined) - Number(b.fh !== undefined),
    );
    this.dirty.clear();
    const complete = this.complete;
    const now = Date.now();
    const { upsertObject, upsertSite, clearSiteFh } = this.stmts;
    const site = this.site;
    this.db.transaction(() => {
      for (const o of objects) {
        upsertObject.run({
          id: o.id,
          parent: o.parent,
          name: o.name,
          type: o.type,
          stamp: o.stamp,
          now,
        });
        // Only after evictions can the database hold this handle for an object not in memory.
        if (o.fh !== undefined && !complete) clearSiteFh.run({ site, fh: o.fh, object: o.id });
        upsertSite.run({
          site,
          object: o.id,
          fh: o.fh ?? null,
          fileid: o.fileid === undefined ? null : BigInt.asIntN(64, o.fileid),
        });
      }
      const { direntSet, direntDel, direntMove, direntDelObject } = this.stmts;
      for (const op of ops) {
        switch (op.kind) {
          case 'set':
            direntSet.run(op.parent, op.name, op.object);
            break;
          case 'del':
            direntDel.run(op.parent, op.name);
            break;
          case 'move':
            if (op.parent === op.toDir && op.name.equals(op.toName)) break;
            direntDel.run(op.toDir, op.toName);
            direntMove.run({
              fromDir: op.parent,
              fromName: op.name,
              toDir: op.toDir,
              toName: op.toName,
            });
            break;
          case 'delObject':
            direntDelObject.run(op.object);
            break;
        }
      }
    })();
    this.stats.commits++;
    this.stats.rowsWritten += objects.length;
    this.evict();
  }

  close(): void {
    this.flushNow();
    this.db.close();
  }

  // ---- internals -------------------------------------------------------------------------------

  private scheduleFlush(): Promise<void> {
    this.flushScheduled ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.flushScheduled = undefined;
        try {
          this.flushNow();
          resolve();
        } catch (e) {
          this.log.error({ err: (e as Error).message }, 'catalog commit failed');
          reject(e as Error);
        }
      });
    });
    return this.flushScheduled;
  }

  private direntOp(op: DirentOp): void {
    // Names may be slices of a client's request: keep copies.
    if (op.kind === 'move')
      this.direntOps.push({ ...op, name: Buffer.from(op.name), toName: Buffer.from(op.toName) });
    else if (op.kind === 'delObject') this.direntOps.push(op);
    else this.direntOps.push({ ...op, name: Buffer.from(op.name) });
    if (!this.flushScheduled) void this.scheduleFlush().catch(() => {});
  }

  private markDirty(o: CatalogObject): void {
    this.dirty.add(o);
    if (!this.flushScheduled) void this.scheduleFlush().catch(() => {});
  }

  private unlinkObject(o: CatalogObject): void {
    o.unlinked = true;
    this.setName(o, null, null);
    this.markDirty(o);
  }

  /** Changes an object's (parent, name), keeping the in-memory name index in step. */
  private setName(o: CatalogObject, parent: number | null, name: Buffer | null): void {
    if (parent !== null) o.unlinked = false;
    if (o.parent !== null && o.name !== null) {
      const old = nameKey(o.parent, o.name);
      if (this.byName.get(old) === o) this.byName.delete(old);
    }
    o.parent = parent;
    o.name = name === null ? null : ownCopy(name);
    if (parent !== null && o.name !== null) this.byName.set(nameKey(parent, o.name), o);
  }

  private setHandle(o: CatalogObject, fh: Buffer, fileid: bigint | undefined): void {
    if (o.fh !== undefined) this.byFh.delete(o.fh.toString('latin1'));
    const key = fh.toString('latin1');
    const other = this.byFh.get(key);
    if (other && other !== o && other.id !== o.id) {
      other.fh = undefined; // the handle moved: its old object is gone
      this.markDirty(other);
    }
    o.fh = fh;
    this.byFh.set(key, o);
    if (fileid !== undefined) this.setFileid(o, fileid);
  }

  private setFileid(o: CatalogObject, fileid: bigint): void {
    if (o.fileid !== undefined && this.byFileid.get(o.fileid) === o) this.byFileid.delete(o.fileid);
    o.fileid = fileid;
    this.byFileid.set(fileid, o);
  }

  private load(row: Row | undefined): CatalogObject | undefined {
    if (!row) return undefined;
    const id = Number(row.id);
    const cached = this.byId.get(id);
    if (cached) return cached;
    const obj: CatalogObject = {
      id,
      dead: false,
      parent: null,
      name: null,
      type: Number(row.type),
      stamp: Number(row.stamp),
      fh: undefined,
      fileid: undefined,
    };
    this.cache(obj);
    if (row.parent !== null && row.name !== null) this.setName(obj, Number(row.parent), row.name);
    if (row.fh) this.setHandle(obj, row.fh, undefined);
    if (row.fileid !== null) this.setFileid(obj, BigInt.asUintN(64, row.fileid));
    return obj;
  }

  private cache(o: CatalogObject): void {
    // Reads load objects too: keep memory bounded even when nothing is written. Evict before
    // adding, so the object being added (not yet dirty) is never the one evicted.
    if (this.byId.size >= this.cacheLimit) this.evict(this.cacheLimit - 1);
    this.byId.set(o.id, o);
  }

  /** Moves a hit to the young end of the LRU. */
  private touch(o: CatalogObject): void {
    if (this.byId.size > this.cacheLimit / 2) {
      this.byId.delete(o.id);
      this.byId.set(o.id, o);
    }
  }

  /** Drops the least recently used clean objects while the cache is over its limit. */
  private evict(target = this.cacheLimit): void {
    if (this.byId.size <= target) return;
    for (const [id, o] of this.byId) {
      if (this.byId.size <= target) break;
      if (this.dirty.has(o) || id === ROOT_ID) continue;
      this.byId.delete(id);
      this.complete = false;
      if (o.fh !== undefined && this.byFh.get(o.fh.toString('latin1')) === o)
        this.byFh.delete(o.fh.toString('latin1'));
      if (o.fileid !== undefined && this.byFileid.get(o.fileid) === o)
        this.byFileid.delete(o.fileid);
      if (o.parent !== null && o.name !== null && this.byName.get(nameKey(o.parent, o.name)) === o)
        this.byName.delete(nameKey(o.parent, o.name));
    }
  }
}

/**
 * A copy of `b` in memory of its own. Long-lived small buffers (an object's handle and name, kept
 * as long as the object is cached) must not be slices of Node's shared 8 KiB allocation pool:
 * one such slice keeps its whole pool slab alive, so the cache held several KiB per object
 * instead of tens of bytes (the soak's RSS grew with every file ever created).
 */
export function ownCopy(b: Uint8Array): Buffer {
  const out = Buffer.allocUnsafeSlow(b.length);
  out.set(b);
  return out;
}

type DirentOp =
  | { kind: 'set'; parent: number; name: Buffer; object: number }
  | { kind: 'del'; parent: number; name: Buffer }
  | { kind: 'move'; parent: number; name: Buffer; toDir: number; toName: Buffer }
  | { kind: 'delObject'; object: number };

function nameKey(parent: number, name: Buffer): string {
  return `${parent}/${name.toString('latin1')}`;
}

function sameBytes(a: Buffer | null, b: Buffer): boolean {
  return a !== null && a.equals(b);
}
