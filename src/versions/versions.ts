/**
 * Lazy copy-on-write versions (issue 5; docs/versions.md). Taking a version copies the directory
 * structure only (the catalog's `dirents` into `version_entries`, one SQLite statement); no file
 * data is read. A file is preserved on its first change after a newer version was taken (see
 * cow.ts), at most once per version.
 *
 * The catalog must know the whole tree for a version to be complete: a proxy pointed at an
 * existing export scans it first (READDIRPLUS walk from the root, resumable: directories still to
 * list are kept in `scan_pending`). After the scan the proxy's own namespace mutations keep
 * `dirents` exact.
 */
import type Database from 'better-sqlite3';
import { ROOT_ID, type Catalog, type CatalogObject } from '../catalog/catalog.js';
import type { Logger } from '../log/logger.js';
import * as nfs3 from '../protocol/generated/nfs3.js';
import { SITE_ROOT_CRED } from '../sites/nfs-site.js';
import type { Site } from '../sites/site.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
const SCANNED_KEY = 'tree-scanned';
/** READDIRPLUS maxcount of the scan. Unit: bytes. */
const SCAN_MAXCOUNT = 256 * 1024;
/** Most READDIRPLUS calls for one directory. */
const MAX_DIR_CALLS = 100_000;
/** Longest version name. Unit: characters. */
export const MAX_VERSION_NAME = 64;
const VERSION_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export class VersionError extends Error {
  readonly code = 'NFSP_ERR_VERSION';
  constructor(message: string) {
    super(message);
    this.name = 'VersionError';
  }
}

export interface VersionInfo {
  readonly id: number;
  readonly name: string;
  readonly createdMs: number;
  readonly reason: string;
  /** Directory entries the version holds. */
  readonly entries: number;
  /** Bytes of preserved copies serving this version. */
  readonly preservedBytes: number;
}

/** Which versions to keep (issue 5 item 5); a version kept by any rule stays. */
export interface RetentionPolicy {
  /** The newest N versions. */
  readonly last: number;
  /** The newest version of each of the last N hours (days, weeks) that have one. */
  readonly hourly: number;
  readonly daily: number;
  readonly weekly: number;
}

export interface VersionsOptions {
  readonly catalog: Catalog;
  readonly primary: Site;
  readonly log: Logger;
  /** Names in the export root that are not part of the tree (the hidden area). */
  readonly hiddenNames: readonly string[];
}

export class Versions {
  private readonly catalog: Catalog;
  /** The current primary (changes at a promotion). */
  primary: Site;
  private readonly log: Logger;
  private readonly db: Database.Database;
  private readonly hidden: Set<string>;
  private latestId: number;
  private scanning: Promise<void> | undefined;
  /** The versions, oldest first (read again after each change; the view asks per request). */
  private listed: VersionInfo[] | undefined;
  private readonly q: Record<
    'list' | 'entry' | 'entries' | 'parentOf' | 'inVersionSince' | 'servedBy',
    Database.Statement
  >;
  readonly stats = { scannedDirs: 0, scannedEntries: 0, preserved: 0, preservedBytes: 0 };

  constructor(opts: VersionsOptions) {
    this.catalog = opts.catalog;
    this.primary = opts.primary;
    this.log = opts.log.child({ part: 'versions' });
    this.db = opts.catalog.database;
    this.hidden = new Set(opts.hiddenNames);
    const row = this.db.prepare('SELECT max(id) AS m FROM versions').get() as { m: number | null };
    this.latestId = row.m ?? 0;
    const s = (sql: string): Database.Statement => this.db.prepare(sql);
    this.q = {
      list: s(
        'SELECT id, name, created_ms, reason, entries, preserved_bytes FROM versions ORDER BY id',
      ),
      entry: s('SELECT object FROM version_entries WHERE version = ? AND parent = ? AND name = ?'),
      entries: s(
        'SELECT name, object FROM version_entries WHERE version = ? AND parent = ? ORDER BY name LIMIT ? OFFSET ?',
      ),
      parentOf: s('SELECT parent FROM version_entries WHERE version = ? AND object = ? LIMIT 1'),
      inVersionSince: s('SELECT 1 FROM version_entries WHERE object = ? AND version > ? LIMIT 1'),
      servedBy: s(
        'SELECT copy FROM preserved WHERE object = ? AND from_version < ? AND to_version >= ? LIMIT 1',
      ),
    };
  }

  setPrimary(site: Site): void {
    this.primary = site;
  }

  /** The newest version's id (0: none). */
  get latest(): number {
    return this.latestId;
  }

  get scanned(): boolean {
    return this.catalog.getMeta(SCANNED_KEY)?.[0] === 1;
  }

  list(): VersionInfo[] {
    this.listed ??= (
      this.q.list.all() as Array<{
        id: number;
        name: string;
        created_ms: number;
        reason: string;
        entries: number;
        preserved_bytes: number;
      }>
    ).map((r) => ({
      id: r.id,
      name: r.name,
      createdMs: r.created_ms,
      reason: r.reason,
      entries: r.entries,
      preservedBytes: r.preserved_bytes,
    }));
    return [...this.listed];
  }

  byName(name: string): VersionInfo | undefined {
    return this.list().find((v) => v.name === name);
  }

  byId(id: number): VersionInfo | undefined {
    return this.list().find((v) => v.id === id);
  }

  /**
   * Takes a version: scans the tree first if the catalog does not know it whole, then copies
   * the directory structure in one transaction. Returns the new version.
   */
  async create(opts: { name?: string | undefined; reason: string }): Promise<VersionInfo> {
    if (opts.name !== undefined && !VERSION_NAME.test(opts.name))
      throw new VersionError(
        `version name must be 1..${MAX_VERSION_NAME} of A-Z a-z 0-9 . _ : - (not starting with a symbol)`,
      );
    if (opts.name !== undefined && this.byName(opts.name))
      throw new VersionError(`a version named ${opts.name} exists`);
    if (!this.scanned) await this.scan();
    await this.catalog.commit();
    this.catalog.flushNow();
    const t0 = performance.now();
    const now = Date.now();
    const id = this.latestId + 1;
    const name = opts.name ?? `v${id}-${new Date(now).toISOString().replace(/[-:]|\.\d+Z$/g, '')}`;
    const entries = this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO versions (id, name, created_ms, reason, entries) VALUES (?, ?, ?, ?, 0)',
        )
        .run(id, name, now, opts.reason);
      const r = this.db
        .prepare(
          `INSERT INTO version_entries (version, parent, name, object)
           SELECT ?, parent, name, object FROM dirents`,
        )
        .run(id);
      // The hidden area is not part of the tree.
      for (const h of this.hidden) {
        this.db
          .prepare('DELETE FROM version_entries WHERE version = ? AND parent = ? AND name = ?')
          .run(id, ROOT_ID, Buffer.from(h));
      }
      const n = r.changes;
      this.db.prepare('UPDATE versions SET entries = ? WHERE id = ?').run(n, id);
      return n;
    })();
    this.latestId = id;
    this.listed = undefined;
    const ms = performance.now() - t0;
    this.log.info({ version: name, id, entries, ms: Math.round(ms) }, 'version taken');
    return this.byId(id)!;
  }

  /** The versions `policy` keeps and the ones it drops (oldest first). */
  retained(policy: RetentionPolicy): { keep: VersionInfo[]; drop: VersionInfo[] } {
    const all = this.list().reverse(); // newest first
    const keep = new Set<number>(all.slice(0, policy.last).map((v) => v.id));
    const buckets: Array<[number, number]> = [
      [policy.hourly, 3_600_000],
      [policy.daily, 86_400_000],
      [policy.weekly, 7 * 86_400_000],
    ];
    for (const [n, period] of buckets) {
      const seen = new Set<number>();
      for (const v of all) {
        if (seen.size >= n) break;
        const b = Math.floor(v.createdMs / period);
        if (seen.has(b)) continue;
        seen.add(b);
        keep.add(v.id);
      }
    }
    return {
      keep: all.filter((v) => keep.has(v.id)).reverse(),
      drop: all.filter((v) => !keep.has(v.id)).reverse(),
    };
  }

  /**
   * Deletes versions (their directory structure) and returns the preserved copies no remaining
   * version needs: the caller removes those files, then calls `forgetPreserved`.
   */
  deleteVersions(
    ids: readonly number[],
  ): Array<{ object: number; copy: number; toVersion: number }> {
    if (ids.length === 0) return [];
    this.listed = undefined;
    return this.db.transaction(() => {
      for (const id of ids) {
        this.db.prepare('DELETE FROM version_entries WHERE version = ?').run(id);
        this.db.prepare('DELETE FROM versions WHERE id = ?').run(id);
      }
      return this.db
        .prepare(
          `SELECT object, copy, to_version AS toVersion FROM preserved p WHERE NOT EXISTS
             (SELECT 1 FROM versions v WHERE v.id > p.from_version AND v.id <= p.to_version)`,
        )
        .all() as Array<{ object: number; copy: number; toVersion: number }>;
    })();
  }

  forgetPreserved(object: number, toVersion: number): void {
    this.db
      .prepare('DELETE FROM preserved WHERE object = ? AND to_version = ?')
      .run(object, toVersion);
  }

  /** The entry `name` of directory `dir` in version `v`. */
  entry(v: number, dir: number, name: Buffer): number | undefined {
    const r = this.q.entry.get(v, dir, name) as { object: number } | undefined;
    return r?.object;
  }

  /** The entries of directory `dir` in version `v`, by name, from position `from`. */
  entries(
    v: number,
    dir: number,
    from: number,
    limit: number,
  ): Array<{ name: Buffer; object: number }> {
    return this.q.entries.all(v, dir, limit, from) as Array<{ name: Buffer; object: number }>;
  }

  /** The directory holding `obj` in version `v` (its '..'). */
  parentOf(v: number, obj: number): number | undefined {
    const r = this.q.parentOf.get(v, obj) as { parent: number } | undefined;
    return r?.parent;
  }

  /** True when object `obj` is in some version newer than `since`. */
  inVersionSince(obj: number, since: number): boolean {
    return this.q.inVersionSince.get(obj, since) !== undefined;
  }

  /** The object serving `obj` in version `v`: its preserved copy, or itself if unchanged since. */
  servedBy(v: number, obj: number): number {
    const r = this.q.servedBy.get(obj, v, v) as { copy: number } | undefined;
    return r?.copy ?? obj;
  }

  /** Records a preserved copy of `obj` serving versions in (from, to]. */
  recordPreserved(obj: CatalogObject, from: number, to: number, copy: number, bytes: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT OR REPLACE INTO preserved (object, from_version, to_version, copy, bytes) VALUES (?, ?, ?, ?, ?)',
        )
        .run(obj.id, from, to, copy, bytes);
      this.db
        .prepare(
          'UPDATE versions SET preserved_bytes = preserved_bytes + ? WHERE id > ? AND id <= ?',
        )
        .run(bytes, from, to);
    })();
    this.listed = undefined;
    this.catalog.setStamp(obj, to);
    this.stats.preserved++;
    this.stats.preservedBytes += bytes;
  }

  // ---- scanning ---------------------------------------------------------------------------------

  /**
   * Lists the whole tree again (after changes made on the primary behind the proxy's back).
   * Returns the directories and entries seen.
   */
  async rescan(): Promise<{ dirs: number; entries: number }> {
    await this.scanning;
    this.catalog.setMeta(SCANNED_KEY, Buffer.from([0]));
    this.db.prepare('DELETE FROM scan_pending').run();
    const d0 = this.stats.scannedDirs;
    const e0 = this.stats.scannedEntries;
    await this.scan();
    return { dirs: this.stats.scannedDirs - d0, entries: this.stats.scannedEntries - e0 };
  }

  /** Lists the whole tree once (resumable across restarts), so the catalog knows it whole. */
  scan(): Promise<void> {
    this.scanning ??= this.runScan().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  private async runScan(): Promise<void> {
    const pending = this.db.prepare('SELECT object FROM scan_pending LIMIT 1');
    const add = this.db.prepare('INSERT OR IGNORE INTO scan_pending (object) VALUES (?)');
    const done = this.db.prepare('DELETE FROM scan_pending WHERE object = ?');
    if (!pending.get()) add.run(ROOT_ID);
    const t0 = performance.now();
    for (let i = 0; ; i++) {
      const row = pending.get() as { object: number } | undefined;
      if (!row) break;
      const dir = this.catalog.get(row.object);
      if (dir && !dir.dead && dir.fh !== undefined) {
        for (const sub of await this.scanDir(dir)) add.run(sub);
      }
      done.run(row.object);
      if (i % 1000 === 999) this.log.info({ dirs: this.stats.scannedDirs }, 'scanning the tree');
    }
    await this.catalog.commit();
    this.catalog.setMeta(SCANNED_KEY, Buffer.from([1]));
    this.log.info(
      {
        dirs: this.stats.scannedDirs,
        entries: this.stats.scannedEntries,
        ms: Math.round(performance.now() - t0),
      },
      'tree scan complete',
    );
  }

  /** Lists one directory whole; returns its subdirectories. */
  private async scanDir(dir: CatalogObject): Promise<number[]> {
    const subdirs: number[] = [];
    const seen = new Set<string>();
    let cookie = 0n;
    let cookieverf = Buffer.alloc(nfs3.NFS3_COOKIEVERFSIZE);
    for (let calls = 0; calls < MAX_DIR_CALLS; calls++) {
      const res = await this.primary.call(
        NFS.NFSPROC3_READDIRPLUS,
        {
          dir: { data: dir.fh! },
          cookie,
          cookieverf,
          dircount: 64 * 1024,
          maxcount: SCAN_MAXCOUNT,
        },
        SITE_ROOT_CRED,
      );
      if (res.status !== nfs3.NFS3_OK) {
        if (res.status === nfs3.NFS3ERR_STALE) return [];
        throw new VersionError(
          `scan: READDIRPLUS failed: ${nfs3.names_nfsstat3[res.status] ?? res.status}`,
        );
      }
      for (const e of res.resok.reply.entries) {
        cookie = e.cookie;
        const n = e.name.toString('latin1');
        if (n === '.' || n === '..') continue;
        if (dir.id === ROOT_ID && this.hidden.has(n)) continue;
        seen.add(n);
        this.stats.scannedEntries++;
        const a = e.name_attributes.attributes_follow ? e.name_attributes.attributes : undefined;
        const obj = e.name_handle.handle_follows
          ? this.catalog.learn(Buffer.from(e.name_handle.handle.data), {
              fileid: a?.fileid,
              type: a?.type,
              parent: dir.id,
              name: Buffer.from(e.name),
            })
          : this.catalog.learnEntry(dir.id, Buffer.from(e.name), e.fileid);
        if (a?.type === nfs3.NF3DIR) subdirs.push(obj.id);
      }
      cookieverf = Buffer.from(res.resok.cookieverf);
      if (res.resok.reply.eof) break;
    }
    await this.catalog.commit();
    // Entries the catalog knew that the directory no longer has (changed behind the proxy).
    for (const e of this.catalog.direntsOf(dir.id)) {
      if (!seen.has(e.name.toString('latin1'))) this.catalog.removed(dir.id, e.name);
    }
    this.stats.scannedDirs++;
    return subdirs;
  }
}
