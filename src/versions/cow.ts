/**
 * First-write copy (issue 5 item 2; design promise 5). Before the first WRITE, size-changing
 * SETATTR, truncating CREATE, REMOVE or RENAME-over of a file after a newer version was taken,
 * the file's current state is preserved in the hidden area of the export (`.nfs-proxy/p/`):
 * - a REMOVE or RENAME-over of the file's last name moves it there instead (no data copied);
 * - otherwise its data and attributes are copied there (READ from the primary, CREATE + WRITE +
 *   SETATTR of the copy).
 * Every step runs as an ordinary NFS mutation through the replication path, so backups get the
 * preserved copies too and versions survive the promotion of a backup. Concurrent changes to the
 * file wait for the copy. A file is copied at most once per version (its `stamp`).
 */
import type { XdrProcedure } from '@nfs/rpc-xdr';
import { ROOT_ID, type CatalogObject } from '../catalog/catalog.js';
import { NfsStatusError } from '../core/errors.js';
import { NO_SATTR, type ProxyCore } from '../core/proxy-core.js';
import type { Logger } from '../log/logger.js';
import * as nfs3 from '../protocol/generated/nfs3.js';
import { SITE_ROOT_CRED } from '../sites/nfs-site.js';
import type { Interceptor } from '../frontend/procedure.js';
import type { Versions } from './versions.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
/** Bytes read and written at a time when copying a file. Unit: bytes. */
const COPY_IO_BYTES = 1024 * 1024;
/** Directory of preserved copies inside the hidden area. */
const PRESERVED_DIR = 'p';

/** Runs an NFS procedure as the proxy itself (root), through the replication path. */
export type InternalCall = <A, R>(proc: XdrProcedure<A, R>, args: A) => Promise<R>;

/**
 * `call` for work that runs outside any client request (restores, the catalog backup, pruning):
 * each call passes the request gate, so a promotion never switches the primary under it.
 * (Calls made inside a client request, like copy-on-write's, must not: the request already
 * holds the gate.)
 */
export function gated(core: ProxyCore, call: InternalCall): InternalCall {
  return async <A, R>(proc: XdrProcedure<A, R>, args: A): Promise<R> => {
    const wait = core.enter();
    if (wait) await wait;
    try {
      return await call(proc, args);
    } finally {
      core.leave();
    }
  };
}

export interface CowOptions {
  readonly core: ProxyCore;
  readonly versions: Versions;
  readonly internal: InternalCall;
  /** Name of the hidden area in the export root. */
  readonly hiddenName: string;
  /** Paths (relative to the export root) never preserved: regenerable files. */
  readonly regenerable: (path: string) => boolean;
  readonly log: Logger;
}

function ok<T extends { status: number }>(r: T, what: string): Extract<T, { status: 0 }> {
  if (r.status !== nfs3.NFS3_OK)
    throw new NfsStatusError(r.status as Exclude<nfs3.nfsstat3, 0>, `preserve: ${what} failed`);
  return r as Extract<T, { status: 0 }>;
}

export class CopyOnWrite {
  private readonly o: CowOptions;
  private readonly busy = new Map<number, Promise<void>>();
  private area: CatalogObject | undefined;
  /** Directories being made by ensureDir, by `parent/name`. */
  private readonly ensuring = new Map<string, Promise<CatalogObject>>();
  /** The preserved copies' directory being made (see preservedDir). */
  private making: Promise<CatalogObject> | undefined;

  constructor(o: CowOptions) {
    this.o = o;
  }

  interceptor(): Interceptor {
    return (def, next) => {
      const proc = def.proc.number;
      if (!def.mutates) return next;
      return async (args, ctx) => {
        if (this.o.versions.latest === 0) return next(args, ctx);
        const core = this.o.core;
        switch (proc) {
          case NFS.NFSPROC3_WRITE.number:
            await this.before(core.resolve((args as nfs3.WRITE3args).file), 'copy');
            break;
          case NFS.NFSPROC3_SETATTR.number: {
            const a = args as nfs3.SETATTR3args;
            if (a.new_attributes.size.set_it) await this.before(core.resolve(a.object), 'copy');
            break;
          }
          case NFS.NFSPROC3_CREATE.number: {
            const a = args as nfs3.CREATE3args;
            const how = a.how;
            if (how.mode === nfs3.UNCHECKED && how.obj_attributes.size.set_it) {
              const dir = core.resolve(a.where.dir);
              const existing = core.catalog.child(dir.id, a.where.name);
              if (existing && (await this.needsPrepared(existing)))
                await this.before(existing, 'copy');
            }
            break;
          }
          case NFS.NFSPROC3_REMOVE.number: {
            const a = args as nfs3.REMOVE3args;
            const dir = core.resolve(a.object.dir);
            const x = core.catalog.child(dir.id, a.object.name);
            if (x && (await this.needsPrepared(x)) && (await this.lastName(x))) {
              // Move it into the hidden area instead: that is the REMOVE.
              const r = await this.preserveByMove(x, dir, a.object.name);
              return {
                status: nfs3.NFS3_OK,
                resok: { dir_wcc: r.resok.fromdir_wcc },
              } as never;
            }
            break;
          }
          case NFS.NFSPROC3_RENAME.number: {
            const a = args as nfs3.RENAME3args;
            const from = core.resolve(a.from.dir);
            const to = core.resolve(a.to.dir);
            const moved = core.catalog.child(from.id, a.from.name);
            const over = core.catalog.child(to.id, a.to.name);
            if (
              over &&
              over !== moved &&
              (await this.needsPrepared(over)) &&
              (await this.lastName(over))
            )
              await this.preserveByMove(over, to, a.to.name);
            break;
          }
        }
        return next(args, ctx);
      };
    };
  }

  /** `needs`, after finding the object's handle on a newly promoted primary if it lacks one. */
  private async needsPrepared(x: CatalogObject): Promise<boolean> {
    if (x.fh === undefined && !x.dead) await this.o.core.ensureHandle(x).catch(() => {});
    return this.needs(x);
  }

  /** True when `x` is a non-directory whose current state some version still needs. */
  private needs(x: CatalogObject): boolean {
    const latest = this.o.versions.latest;
    if (x.stamp >= latest || x.type === nfs3.NF3DIR || x.dead || x.fh === undefined) return false;
    if (this.inArea(x)) return false;
    if (!this.o.versions.inVersionSince(x.id, x.stamp)) {
      // Created after every version (or never in one): nothing to preserve, now or until the
      // next version.
      this.o.core.catalog.setStamp(x, latest);
      return false;
    }
    const path = this.o.core.catalog.pathOf(x.id);
    if (path && this.o.regenerable(path.map((p) => p.toString('utf8')).join('/'))) {
      this.o.core.catalog.setStamp(x, latest);
      return false;
    }
    return true;
  }

  private inArea(x: CatalogObject): boolean {
    const area = this.area;
    return area !== undefined && (x.parent === area.id || x.id === area.id);
  }

  /** Whether a REMOVE of this name removes the file's data (its last link). */
  private async lastName(x: CatalogObject): Promise<boolean> {
    if (x.type === nfs3.NF3DIR || x.fh === undefined) return false;
    const r = await this.o.core.call(
      NFS.NFSPROC3_GETATTR,
      { object: { data: x.fh } },
      SITE_ROOT_CRED,
    );
    return r.status === nfs3.NFS3_OK && r.resok.obj_attributes.nlink <= 1;
  }

  /** Preserves `x` (by copy) if a version needs it; concurrent callers wait for one copy. */
  private async before(x: CatalogObject, how: 'copy'): Promise<void> {
    for (;;) {
      const running = this.busy.get(x.id);
      if (running) {
        await running.catch(() => {});
        continue;
      }
      if (!this.needs(x)) return;
      const p = this.preserveByCopy(x).finally(() => this.busy.delete(x.id));
      this.busy.set(x.id, p);
      void how;
      await p;
      return;
    }
  }

  /** The hidden area itself (made on first use). */
  async hiddenArea(): Promise<CatalogObject> {
    return this.ensureDir(this.o.core.catalog.get(ROOT_ID)!, this.o.hiddenName);
  }

  /**
   * The hidden area's directory of preserved copies (made on first use). Concurrent first uses
   * share one making: two REMOVEs right after the first version would otherwise both MKDIR it,
   * and the second would answer its client NFS3ERR_EXIST.
   */
  async preservedDir(): Promise<CatalogObject> {
    if (this.area) return this.area;
    this.making ??= (async () => {
      const hidden = await this.hiddenArea();
      return this.ensureDir(hidden, PRESERVED_DIR);
    })().finally(() => (this.making = undefined));
    const p = await this.making;
    this.area = p;
    return p;
  }

  /**
   * `parent/name` as a directory, made if missing. Concurrent calls for one directory share one
   * making (the catalog backup and a client's first copy-on-write both need the hidden area right
   * after a version), and a MKDIR answered NFS3ERR_EXIST (made meanwhile) looks it up instead.
   */
  private ensureDir(parent: CatalogObject, name: string): Promise<CatalogObject> {
    const key = `${parent.id}/${name}`;
    let p = this.ensuring.get(key);
    if (!p) {
      p = this.makeDir(parent, name).finally(() => this.ensuring.delete(key));
      this.ensuring.set(key, p);
    }
    return p;
  }

  private async makeDir(parent: CatalogObject, name: string): Promise<CatalogObject> {
    const core = this.o.core;
    const bname = Buffer.from(name);
    const known = core.catalog.child(parent.id, bname);
    if (known && !known.dead && known.fh !== undefined) return known;
    const lookup = async (): Promise<CatalogObject | undefined> => {
      const lk = await core.call(
        NFS.NFSPROC3_LOOKUP,
        { what: { dir: core.siteFh(parent), name: bname } },
        SITE_ROOT_CRED,
      );
      if (lk.status !== nfs3.NFS3_OK) return undefined;
      const c = core.learnChild(parent, bname, lk.resok.object, lk.resok.obj_attributes);
      await core.catalog.commit();
      return c.obj;
    };
    const found = await lookup();
    if (found) return found;
    const m = await this.o.internal(NFS.NFSPROC3_MKDIR, {
      where: { dir: core.handleFor(parent), name: bname },
      attributes: { ...NO_SATTR, mode: { set_it: true, mode: 0o700 } },
    });
    if (m.status === nfs3.NFS3ERR_EXIST) {
      const again = await lookup();
      if (again) return again;
    }
    const r = ok(m, `MKDIR ${name}`);
    if (!r.resok.obj.handle_follows) throw new NfsStatusError(nfs3.NFS3ERR_IO, 'MKDIR: no handle');
    return core.resolve(r.resok.obj.handle);
  }

  private async preserveByMove(
    x: CatalogObject,
    dir: CatalogObject,
    name: Buffer,
  ): Promise<Extract<nfs3.RENAME3res, { status: 0 }>> {
    const core = this.o.core;
    const v = this.o.versions.latest;
    const area = await this.preservedDir();
    const size = await this.sizeOf(x);
    const r = ok(
      await this.o.internal(NFS.NFSPROC3_RENAME, {
        from: { dir: core.handleFor(dir), name },
        to: { dir: core.handleFor(area), name: Buffer.from(`${x.id}.${v}`) },
      }),
      'RENAME into the hidden area',
    );
    this.o.versions.recordPreserved(x, x.stamp, v, x.id, size);
    this.o.log.debug({ object: x.id, version: v }, 'preserved by move');
    return r;
  }

  private async sizeOf(x: CatalogObject): Promise<number> {
    const r = await this.o.core.call(
      NFS.NFSPROC3_GETATTR,
      { object: { data: x.fh! } },
      SITE_ROOT_CRED,
    );
    return r.status === nfs3.NFS3_OK ? Number(r.resok.obj_attributes.size) : 0;
  }

  private async preserveByCopy(x: CatalogObject): Promise<void> {
    const core = this.o.core;
    const v = this.o.versions.latest;
    const area = await this.preservedDir();
    const g = ok(
      await core.call(NFS.NFSPROC3_GETATTR, { object: { data: x.fh! } }, SITE_ROOT_CRED),
      'GETATTR',
    );
    const a = g.resok.obj_attributes;
    const c = ok(
      await this.o.internal(NFS.NFSPROC3_CREATE, {
        where: { dir: core.handleFor(area), name: Buffer.from(`${x.id}.${v}`) },
        how: {
          mode: nfs3.UNCHECKED,
          obj_attributes: { ...NO_SATTR, mode: { set_it: true, mode: 0o600 } },
        },
      }),
      'CREATE of the copy',
    );
    if (!c.resok.obj.handle_follows) throw new NfsStatusError(nfs3.NFS3ERR_IO, 'CREATE: no handle');
    const copyFh = c.resok.obj.handle;
    const copy = core.resolve(copyFh);
    for (let off = 0n; off < a.size;) {
      const r = ok(
        await core.call(
          NFS.NFSPROC3_READ,
          { file: { data: x.fh! }, offset: off, count: COPY_IO_BYTES },
          SITE_ROOT_CRED,
        ),
        'READ of the original',
      );
      if (r.resok.data.length === 0) break;
      ok(
        await this.o.internal(NFS.NFSPROC3_WRITE, {
          file: copyFh,
          offset: off,
          count: r.resok.data.length,
          stable: nfs3.UNSTABLE,
          data: r.resok.data,
        }),
        'WRITE of the copy',
      );
      off += BigInt(r.resok.data.length);
      if (r.resok.eof) break;
    }
    ok(
      await this.o.internal(NFS.NFSPROC3_COMMIT, { file: copyFh, offset: 0n, count: 0 }),
      'COMMIT of the copy',
    );
    ok(
      await this.o.internal(NFS.NFSPROC3_SETATTR, {
        object: copyFh,
        new_attributes: {
          mode: { set_it: true, mode: a.mode & 0o7777 },
          uid: { set_it: true, uid: a.uid },
          gid: { set_it: true, gid: a.gid },
          size: { set_it: true, size: a.size },
          atime: { set_it: nfs3.SET_TO_CLIENT_TIME, atime: a.atime },
          mtime: { set_it: nfs3.SET_TO_CLIENT_TIME, mtime: a.mtime },
        },
        guard: { check: false },
      }),
      'SETATTR of the copy',
    );
    this.o.versions.recordPreserved(x, x.stamp, v, copy.id, Number(a.size));
    this.o.log.debug({ object: x.id, version: v, bytes: Number(a.size) }, 'preserved by copy');
  }
}
