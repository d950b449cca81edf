import type { rpcMsg, XdrProcedure } from '@nfs/rpc-xdr';
import * as nfs3 from '../protocol/generated/nfs3.js';
import { ROOT_ID, type Catalog, type CatalogObject } from '../catalog/catalog.js';
import type { Logger } from '../log/logger.js';
import { SITE_ROOT_CRED } from '../sites/nfs-site.js';
import type { Site } from '../sites/site.js';
import type { HandleCodec } from './handles.js';
import { NfsStatusError } from './errors.js';

/** post_op_attr / pre_op_attr with no attributes. */
export const NO_ATTR = Object.freeze({ attributes_follow: false as const });
/** sattr3 that sets nothing (a base for the attributes the proxy's own calls set). */
export const NO_SATTR: nfs3.sattr3 = Object.freeze({
  mode: { set_it: false },
  uid: { set_it: false },
  gid: { set_it: false },
  size: { set_it: false },
  atime: { set_it: nfs3.DONT_CHANGE },
  mtime: { set_it: nfs3.DONT_CHANGE },
}) as nfs3.sattr3;

/** wcc_data with nothing known. */
export const NO_WCC: nfs3.wcc_data = Object.freeze({
  before: NO_ATTR,
  after: NO_ATTR,
}) as nfs3.wcc_data;

export interface ProxyCoreOptions {
  readonly catalog: Catalog;
  readonly handles: HandleCodec;
  /** The current primary site (changes when a backup is promoted). */
  primary: Site;
  readonly log: Logger;
  /** Largest READ/WRITE payload the proxy accepts and advertises. Unit: bytes. */
  readonly maxIoSize: number;
}

const VERIFIER_EPOCH_KEY = 'write-verifier-epoch';

/**
 * Largest READ/WRITE payload (and directory reply) over UDP: a reply must fit one datagram
 * (65,507 bytes), so like Linux's server the proxy offers 32 KiB there. Unit: bytes.
 */
export const UDP_MAX_IO_SIZE = 32 * 1024;

/**
 * What every procedure needs: proxy handles <-> catalog objects <-> the primary's handles, and
 * the rewriting of attributes so that clients see the proxy's identities (fileid = object id,
 * fsid = the export's), which stay the same when another site becomes primary.
 */
export class ProxyCore {
  readonly catalog: Catalog;
  readonly handles: HandleCodec;
  /** The current primary site (changes when a backup is promoted). */
  primary: Site;
  readonly log: Logger;
  readonly maxIoSize: number;
  /** The fsid clients see for every object of the export. */
  readonly fsid: bigint;
  private epoch: Buffer;
  private lastPrimaryVerf: Buffer | undefined;
  private lastProxyVerf: Buffer | undefined;
  /** Client requests (and background operations) in progress; see `enter`. */
  private inflight = 0;
  private switching: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  constructor(opts: ProxyCoreOptions) {
    this.catalog = opts.catalog;
    this.handles = opts.handles;
    this.primary = opts.primary;
    this.log = opts.log;
    this.maxIoSize = opts.maxIoSize;
    this.fsid = BigInt(opts.handles.exportId);
    let epoch = this.catalog.getMeta(VERIFIER_EPOCH_KEY);
    if (!epoch) {
      epoch = Buffer.alloc(8);
      this.catalog.setMeta(VERIFIER_EPOCH_KEY, epoch);
    }
    this.epoch = epoch;
  }

  /**
   * Starts a new write-verifier epoch: every verifier clients see changes, so they resend data
   * they were told is UNSTABLE (RFC 1813 section 3.3.7). Used when such data may be lost.
   */
  bumpVerifierEpoch(): void {
    const next = Buffer.alloc(8);
    next.writeBigUInt64BE(this.epoch.readBigUInt64BE(0) + 1n);
    this.catalog.setMeta(VERIFIER_EPOCH_KEY, next);
    this.epoch = next;
    this.lastPrimaryVerf = undefined;
  }

  /**
   * The write verifier clients see for the primary's verifier `v`: a keyed digest of it and the
   * epoch. It changes whenever the primary's does (the primary restarted and may have lost
   * unstable data) and whenever the epoch is bumped, and stays the same across proxy restarts.
   */
  writeVerifier(v: Uint8Array): Buffer {
    if (this.lastPrimaryVerf && this.lastProxyVerf && this.lastPrimaryVerf.equals(v))
      return this.lastProxyVerf;
    const out = this.handles
      .derive('write-verifier', Buffer.concat([this.epoch, v]))
      .subarray(0, nfs3.NFS3_WRITEVERFSIZE);
    this.lastPrimaryVerf = Buffer.from(v);
    this.lastProxyVerf = Buffer.from(out);
    return this.lastProxyVerf;
  }

  // ---- the request gate (promotion) -------------------------------------------------------------

  /**
   * Every client request runs between `enter` and `leave`. While the primary is being switched
   * (`exclusive`), new requests wait in `enter` (a short delay, never an error) and the switch
   * waits until the requests already running have finished, so no request ever mixes handles of
   * two primaries. Returns undefined when the request may go on at once (the common case).
   */
  enter(): Promise<void> | undefined {
    if (!this.switching) {
      this.inflight++;
      return undefined;
    }
    return (async () => {
      while (this.switching) await this.switching;
      this.inflight++;
    })();
  }

  leave(): void {
    this.inflight--;
    if (this.inflight === 0) this.drained?.();
  }

  /** Runs `fn` with no request in progress and new ones held (see `enter`). */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.switching) await this.switching;
    let release!: () => void;
    this.switching = new Promise<void>((r) => (release = r));
    try {
      if (this.inflight > 0) await new Promise<void>((r) => (this.drained = r));
      this.drained = undefined;
      return await fn();
    } finally {
      this.drained = undefined;
      this.switching = undefined;
      release();
    }
  }

  /** Makes `site` the primary (the catalog must already have switched to its handles). */
  setPrimary(site: Site): void {
    this.primary = site;
    this.lastPrimaryVerf = undefined;
  }

  /**
   * Makes sure `obj` has a handle on the current primary: after a promotion the new primary's
   * handles are found lazily, by LOOKUP along the object's path from the root (design promise 1:
   * clients keep their handles). Throws STALE when the object has no path or is gone there.
   */
  async ensureHandle(obj: CatalogObject): Promise<void> {
    if (obj.fh !== undefined || obj.dead) return;
    const path = this.catalog.pathOf(obj.id);
    if (!path) throw new NfsStatusError(nfs3.NFS3ERR_STALE, `object ${obj.id} has no path`);
    let dir = this.catalog.get(ROOT_ID)!;
    for (const name of path) {
      const child = this.catalog.child(dir.id, name);
      if (child?.fh !== undefined) {
        dir = child;
        continue;
      }
      const r = await this.primary.call(
        nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures.NFSPROC3_LOOKUP,
        { what: { dir: this.siteFh(dir), name } },
        SITE_ROOT_CRED,
      );
      if (r.status !== nfs3.NFS3_OK)
        throw new NfsStatusError(nfs3.NFS3ERR_STALE, `${name.toString()} not on the primary`);
      const a = r.resok.obj_attributes;
      const fh = Buffer.from(r.resok.object.data);
      const fileid = a.attributes_follow ? a.attributes.fileid : undefined;
      if (child && !child.dead && this.catalog.getByFh(fh) === undefined) {
        // The same object, seen on the new primary for the first time.
        this.catalog.attachHandle(child, fh, fileid);
        dir = child;
      } else {
        dir = this.catalog.learn(fh, {
          fileid,
          type: a.attributes_follow ? a.attributes.type : undefined,
          parent: dir.id,
          name,
        });
      }
    }
    if (dir.id !== obj.id) {
      // The name now holds another object on the new primary: ours is gone there.
      throw new NfsStatusError(nfs3.NFS3ERR_STALE, `object ${obj.id} was replaced`);
    }
    await this.catalog.commit();
  }

  /** The largest I/O size for a call that came over `transport`. */
  ioLimit(transport: 'tcp' | 'udp'): number {
    return transport === 'udp' ? Math.min(this.maxIoSize, UDP_MAX_IO_SIZE) : this.maxIoSize;
  }

  /** The catalog object a client's handle names. Throws BADHANDLE (forged) or STALE (gone). */
  resolve(fh: nfs3.nfs_fh3): CatalogObject {
    const check = this.handles.check(fh.data);
    if (!check.ok) throw new NfsStatusError(nfs3.NFS3ERR_BADHANDLE, check.reason);
    if (check.target.view !== 0)
      throw new NfsStatusError(nfs3.NFS3ERR_STALE, 'version views are not served');
    const obj = this.catalog.get(check.target.objectId);
    if (!obj)
      throw new NfsStatusError(nfs3.NFS3ERR_STALE, `object ${check.target.objectId} is unknown`);
    return obj;
  }

  /** The primary's handle for an object. Throws STALE when the object has none (gone). */
  siteFh(obj: CatalogObject): nfs3.nfs_fh3 {
    if (obj.fh === undefined)
      throw new NfsStatusError(nfs3.NFS3ERR_STALE, `object ${obj.id} has no handle on the primary`);
    return { data: obj.fh };
  }

  /** diropargs3 for the primary: the directory's site handle and the name as given. */
  siteDir(dir: CatalogObject, where: nfs3.diropargs3): nfs3.diropargs3 {
    return { dir: this.siteFh(dir), name: where.name };
  }

  /** The proxy handle for an object. */
  handleFor(obj: CatalogObject): nfs3.nfs_fh3 {
    // An object's handle never changes: sign it once.
    obj.handle ??= this.handles.encode({ objectId: obj.id, view: 0 });
    return { data: obj.handle };
  }

  /** Attributes as clients see them: the proxy's fileid and fsid. */
  attrs(obj: CatalogObject, a: nfs3.fattr3): nfs3.fattr3 {
    if (a.type !== obj.type) this.catalog.setType(obj, a.type);
    return { ...a, fileid: BigInt(obj.id), fsid: this.fsid };
  }

  postOp(obj: CatalogObject, p: nfs3.post_op_attr): nfs3.post_op_attr {
    return p.attributes_follow
      ? { attributes_follow: true, attributes: this.attrs(obj, p.attributes) }
      : NO_ATTR;
  }

  wcc(obj: CatalogObject, w: nfs3.wcc_data): nfs3.wcc_data {
    return { before: w.before, after: this.postOp(obj, w.after) };
  }

  /**
   * Learns an object the primary returned for `name` in `dir` (LOOKUP, CREATE, MKDIR, ...) and
   * returns the proxy's handle and attributes for it.
   */
  learnChild(
    dir: CatalogObject,
    name: Buffer,
    fh: nfs3.nfs_fh3,
    attrs: nfs3.post_op_attr,
  ): { obj: CatalogObject; handle: nfs3.nfs_fh3; attributes: nfs3.post_op_attr } {
    const a = attrs.attributes_follow ? attrs.attributes : undefined;
    const dotdot = name.length === 2 && name[0] === 0x2e && name[1] === 0x2e;
    const dot = name.length === 1 && name[0] === 0x2e;
    let obj: CatalogObject;
    if (dot) obj = dir;
    else if (dotdot && dir.id === ROOT_ID)
      obj = dir; // never hand out a handle above the export
    else if (dotdot)
      obj = this.catalog.learn(Buffer.from(fh.data), { fileid: a?.fileid, type: a?.type });
    else
      obj = this.catalog.learn(Buffer.from(fh.data), {
        fileid: a?.fileid,
        type: a?.type,
        parent: dir.id,
        name,
      });
    return { obj, handle: this.handleFor(obj), attributes: this.postOp(obj, attrs) };
  }

  /**
   * Notes an error status from the primary: STALE means the object's handle is gone for good,
   * so it is forgotten and later uses answer STALE without asking the primary.
   */
  upstreamStatus(status: number, obj: CatalogObject): void {
    if (status === nfs3.NFS3ERR_STALE) this.catalog.stale(obj);
  }

  /** Calls the primary with the client's (squashed) credential; `tail`: see Site.call. */
  call<A, R>(
    proc: XdrProcedure<A, R>,
    args: A,
    cred: rpcMsg.opaque_auth,
    tail?: Uint8Array,
  ): Promise<R> {
    return this.primary.call(proc, args, cred, tail);
  }
}
