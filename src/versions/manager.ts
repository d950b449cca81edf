/**
 * Version life cycle around `Versions`: taking a version (then pruning per the retention policy
 * and backing the catalog up into the hidden area, so a promoted backup has the versions too),
 * and pruning: versions the policy drops are deleted, and preserved copies no remaining version
 * needs are removed from the hidden area (replicated like any mutation).
 */
import { unlinkSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { ProxyCore } from '../core/proxy-core.js';
import type { Logger } from '../log/logger.js';
import * as nfs3 from '../protocol/generated/nfs3.js';
import type { CopyOnWrite, InternalCall } from './cow.js';
import { VersionError, type RetentionPolicy, type VersionInfo, type Versions } from './versions.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
/** Name of the catalog backup in the hidden area. */
export const CATALOG_BACKUP_NAME = 'catalog.sqlite';
const IO_BYTES = 1024 * 1024;

export interface VersionManagerOptions {
  readonly core: ProxyCore;
  readonly versions: Versions;
  readonly cow: CopyOnWrite;
  /** Calls that bypass copy-on-write (the hidden area). */
  readonly internal: InternalCall;
  readonly db: Database.Database;
  readonly stateDir: string;
  readonly retention: RetentionPolicy | undefined;
  readonly log: Logger;
}

export class VersionManager {
  private readonly o: VersionManagerOptions;
  private backupRunning: Promise<void> | undefined;
  private backupAgain = false;
  readonly stats = { pruned: 0, copiesRemoved: 0, backups: 0, backupBytes: 0 };
  /** The retention in force: the configured one, or the disaster level's keepLast. */
  private retention: RetentionPolicy | undefined;

  constructor(o: VersionManagerOptions) {
    this.o = o;
    this.retention = o.retention;
  }

  /**
   * A disaster level's retention: keep the newest `n` versions (and the configured hourly,
   * daily and weekly ones); 0 restores the configured retention.
   */
  setKeepLast(n: number): void {
    const c = this.o.retention;
    this.retention =
      n > 0 ? { last: n, hourly: c?.hourly ?? 0, daily: c?.daily ?? 0, weekly: c?.weekly ?? 0 } : c;
  }

  /** Deletes one version by name (and the preserved copies no other version needs). */
  async delete(name: string): Promise<{ deleted: string[]; copiesRemoved: number }> {
    const v = this.o.versions.byName(name);
    if (!v) throw new VersionError(`no version named ${name}`);
    return this.removeVersions([v]);
  }

  get versions(): Versions {
    return this.o.versions;
  }

  /** Takes a version, then prunes and backs the catalog up (the latter in the background). */
  async create(name: string | undefined, reason: string): Promise<VersionInfo> {
    const v = await this.o.versions.create({ name, reason });
    if (this.retention) {
      await this.prune().catch((e: unknown) =>
        this.o.log.error({ err: (e as Error).message }, 'pruning versions failed'),
      );
    }
    void this.backupCatalog().catch((e: unknown) =>
      this.o.log.error({ err: (e as Error).message }, 'catalog backup failed'),
    );
    return v;
  }

  /** Applies the retention policy now. Returns the names of the versions deleted. */
  async prune(policy = this.retention): Promise<{ deleted: string[]; copiesRemoved: number }> {
    if (!policy) return { deleted: [], copiesRemoved: 0 };
    return this.removeVersions(this.o.versions.retained(policy).drop);
  }

  private async removeVersions(
    drop: readonly VersionInfo[],
  ): Promise<{ deleted: string[]; copiesRemoved: number }> {
    const unneeded = this.o.versions.deleteVersions(drop.map((v) => v.id));
    let removed = 0;
    const core = this.o.core;
    for (const u of unneeded) {
      const copy = core.catalog.get(u.copy);
      if (copy && copy.parent !== null && copy.name !== null && !copy.dead) {
        const dir = core.catalog.get(copy.parent);
        if (dir) {
          const r = await this.o.internal(NFS.NFSPROC3_REMOVE, {
            object: { dir: core.handleFor(dir), name: copy.name },
          });
          if (r.status !== nfs3.NFS3_OK && r.status !== nfs3.NFS3ERR_NOENT) {
            this.o.log.warn(
              { copy: u.copy, status: nfs3.names_nfsstat3[r.status] },
              'could not remove a preserved copy',
            );
            continue;
          }
        }
      }
      this.o.versions.forgetPreserved(u.object, u.toVersion);
      removed++;
    }
    this.stats.pruned += drop.length;
    this.stats.copiesRemoved += removed;
    if (drop.length > 0)
      this.o.log.info(
        { deleted: drop.map((v) => v.name), copiesRemoved: removed },
        'versions pruned',
      );
    return { deleted: drop.map((v) => v.name), copiesRemoved: removed };
  }

  /**
   * Copies a consistent snapshot of the catalog into the hidden area (`catalog.sqlite`), through
   * the replication path. One at a time; a request while one runs makes one more run after it.
   */
  backupCatalog(): Promise<void> {
    if (this.backupRunning) {
      this.backupAgain = true;
      return this.backupRunning;
    }
    this.backupRunning = (async () => {
      do {
        this.backupAgain = false;
        await this.backupOnce();
      } while (this.backupAgain);
    })().finally(() => (this.backupRunning = undefined));
    return this.backupRunning;
  }

  private async backupOnce(): Promise<void> {
    const tmp = path.join(this.o.stateDir, `catalog-backup-${process.pid}.sqlite`);
    await this.o.db.backup(tmp);
    try {
      const data = readFileSync(tmp);
      const core = this.o.core;
      const hidden = await this.o.cow.hiddenArea();
      const c = await this.o.internal(NFS.NFSPROC3_CREATE, {
        where: { dir: core.handleFor(hidden), name: Buffer.from(CATALOG_BACKUP_NAME) },
        how: {
          mode: nfs3.UNCHECKED,
          obj_attributes: {
            mode: { set_it: true, mode: 0o600 },
            uid: { set_it: false },
            gid: { set_it: false },
            size: { set_it: true, size: 0n },
            atime: { set_it: nfs3.DONT_CHANGE },
            mtime: { set_it: nfs3.DONT_CHANGE },
          },
        },
      });
      if (c.status !== nfs3.NFS3_OK || !c.resok.obj.handle_follows)
        throw new Error(
          `CREATE ${CATALOG_BACKUP_NAME}: ${nfs3.names_nfsstat3[c.status] ?? 'no handle'}`,
        );
      const fh = c.resok.obj.handle;
      for (let off = 0; off < data.length; off += IO_BYTES) {
        const chunk = data.subarray(off, off + IO_BYTES);
        const w = await this.o.internal(NFS.NFSPROC3_WRITE, {
          file: fh,
          offset: BigInt(off),
          count: chunk.length,
          stable: nfs3.UNSTABLE,
          data: chunk,
        });
        if (w.status !== nfs3.NFS3_OK) throw new Error(`WRITE ${CATALOG_BACKUP_NAME} failed`);
      }
      await this.o.internal(NFS.NFSPROC3_COMMIT, { file: fh, offset: 0n, count: 0 });
      this.stats.backups++;
      this.stats.backupBytes += data.length;
    } finally {
      try {
        unlinkSync(tmp);
      } catch {
        // already gone
      }
    }
  }
}
