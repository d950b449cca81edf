/**
 * The read-only `.versions` view (issue 5 item 3): `/.versions/<version>/<path>` shows the tree
 * as it was when the version was taken. It is reachable by LOOKUP of its name in the export root
 * and not listed there (like `.snapshot`). Handles inside it carry the version id in their view
 * field (design promise 1: still signed proxy handles); the `.versions` directory itself is
 * view VIEW_LIST. READ, GETATTR, LOOKUP, ACCESS, READLINK, READDIR(PLUS), FSSTAT, FSINFO and
 * PATHCONF work there; every mutation gets NFS3ERR_ROFS.
 *
 * The object behind an entry is served from its preserved copy when it changed after the
 * version, else from the live object (unchanged since). fileids are unique per (version, object).
 *
 * The hidden area (`.nfs-proxy` in the export root) is kept from clients here too: LOOKUP of it
 * answers NOENT, listings of the root leave it out, and mutations naming it get NFS3ERR_ACCES.
 */
import { ROOT_ID, type CatalogObject } from '../catalog/catalog.js';
import { NfsStatusError } from '../core/errors.js';
import type { ProxyCore } from '../core/proxy-core.js';
import * as nfs3 from '../protocol/generated/nfs3.js';
import { ADAPTERS } from '../replication/record.js';
import type { Interceptor, NfsContext } from '../frontend/procedure.js';
import type { Versions } from './versions.js';
import { handlesOf } from '../frontend/handles-of.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
/** The view id of the `.versions` directory itself. */
export const VIEW_LIST = 0xffffffff;
const ACCESS_WRITE_BITS = nfs3.ACCESS3_MODIFY | nfs3.ACCESS3_EXTEND | nfs3.ACCESS3_DELETE;
/** Bytes counted per READDIR(PLUS) entry besides its name (RFC 1813 entry overheads). */
const ENTRY_BYTES = 24;
const ENTRY_PLUS_BYTES = 24 + 88 + 48;

/** fileid of object `id` inside version `v` (distinct from every live fileid). */
export function viewFileid(v: number, id: number): bigint {
  return (1n << 62n) | (BigInt(v & 0x3ffffff) << 36n) | BigInt(id);
}

/**
 * The fileid clients see for a view target: the version list's own, a version object's, or, for
 * a live object (the export root as `..` of the view), its live fileid, the one every other reply
 * gives it (a different one makes the Linux client log "fileid changed" and distrust the inode).
 */
function targetFileid(t: ViewTarget): bigint {
  if (t.view === VIEW_LIST) return viewFileid(0, ROOT_ID);
  return t.view === 0 ? BigInt(t.id) : viewFileid(t.view, t.id);
}

export interface ViewOptions {
  readonly versions: Versions;
  /** Name of the view directory in the export root. */
  readonly viewName: string;
  /** Names in the export root clients never see (the hidden area). */
  readonly hiddenNames: readonly string[];
}

interface ViewTarget {
  readonly view: number;
  readonly id: number;
}

/** Directory entries a mutation names in the export root (to keep the hidden area hidden). */
function rootNames(proc: number, args: unknown): Array<[nfs3.nfs_fh3, Buffer]> {
  const a = ADAPTERS.get(proc);
  if (!a) return [];
  const fhs = a.handles(args);
  return a.entries(args).map(([i, name]) => [fhs[i]!, name]);
}

export function versionsView(opts: ViewOptions): Interceptor {
  const viewName = Buffer.from(opts.viewName);
  const hidden = opts.hiddenNames.map((n) => Buffer.from(n));
  const isHidden = (name: Buffer): boolean => hidden.some((h) => h.equals(name));
  return (def, next) => {
    const proc = def.proc.number;
    return async (args, ctx) => {
      const core = ctx.core;
      let inView = false;
      for (const fh of handlesOf(proc, args)) {
        const c = core.handles.check(fh.data);
        if (c.ok && c.target.view !== 0) inView = true;
      }
      if (!inView) {
        // The live tree: the view's name and the hidden area in the root.
        if (proc === NFS.NFSPROC3_LOOKUP.number) {
          const a = args as nfs3.LOOKUP3args;
          if (isRootHandle(core, a.what.dir)) {
            if (a.what.name.equals(viewName)) {
              const r = await lookupIn(
                opts,
                core,
                ctx,
                { view: VIEW_LIST, id: ROOT_ID },
                Buffer.from('.'),
              );
              // The directory looked in is the live root: its attributes, not the view's (the
              // client files dir_attributes under the root's inode; another fileid there makes
              // the Linux client log "fileid changed" at every path walk through the view).
              const rootAttrs = await postOp(opts, core, ctx, { view: 0, id: ROOT_ID });
              if (r.status === nfs3.NFS3_OK) r.resok.dir_attributes = rootAttrs;
              else r.resfail.dir_attributes = rootAttrs;
              return r as never;
            }
            if (isHidden(a.what.name)) throw new NfsStatusError(nfs3.NFS3ERR_NOENT, 'hidden');
          }
        }
        for (const [dir, name] of rootNames(proc, args)) {
          if (isRootHandle(core, dir) && (isHidden(name) || name.equals(viewName)))
            throw new NfsStatusError(nfs3.NFS3ERR_ACCES, 'reserved name');
        }
        const res = await next(args, ctx);
        if (
          (proc === NFS.NFSPROC3_READDIR.number || proc === NFS.NFSPROC3_READDIRPLUS.number) &&
          isRootHandle(core, (args as nfs3.READDIR3args).dir)
        )
          hideEntries(res, isHidden);
        return res;
      }
      if (def.mutates || proc === NFS.NFSPROC3_COMMIT.number)
        throw new NfsStatusError(nfs3.NFS3ERR_ROFS, 'versions are read-only');
      const target = targetOf(core, handlesOf(proc, args)[0]!);
      return (await serve(opts, core, ctx, proc, args, target)) as never;
    };
  };
}

function isRootHandle(core: ProxyCore, fh: nfs3.nfs_fh3): boolean {
  const c = core.handles.check(fh.data);
  return c.ok && c.target.view === 0 && c.target.objectId === ROOT_ID;
}

function hideEntries(res: unknown, isHidden: (n: Buffer) => boolean): void {
  const r = res as { status?: number; resok?: { reply?: { entries?: Array<{ name: Buffer }> } } };
  if (r.status !== 0 || !r.resok?.reply?.entries) return;
  r.resok.reply.entries = r.resok.reply.entries.filter((e) => !isHidden(e.name));
}

function targetOf(core: ProxyCore, fh: nfs3.nfs_fh3): ViewTarget {
  const c = core.handles.check(fh.data);
  if (!c.ok) throw new NfsStatusError(nfs3.NFS3ERR_BADHANDLE, c.reason);
  return { view: c.target.view, id: c.target.objectId };
}

function handle(core: ProxyCore, t: ViewTarget): nfs3.nfs_fh3 {
  return { data: core.handles.encode({ objectId: t.id, view: t.view }) };
}

/** The live object serving `t` (a preserved copy, or the object itself). */
async function served(
  opts: ViewOptions,
  core: ProxyCore,
  t: ViewTarget,
): Promise<CatalogObject | undefined> {
  const id = opts.versions.servedBy(t.view, t.id);
  const obj = core.catalog.get(id);
  if (!obj || obj.dead) return undefined;
  // After a promotion the new primary's handle is found by path on first use.
  if (obj.fh === undefined) await core.ensureHandle(obj).catch(() => {});
  return obj.fh !== undefined ? obj : undefined;
}

async function attrsOf(
  opts: ViewOptions,
  core: ProxyCore,
  ctx: NfsContext,
  t: ViewTarget,
): Promise<nfs3.fattr3> {
  const root = core.catalog.get(ROOT_ID)!;
  if (t.view === 0) {
    // A live object: its attributes as the rest of the proxy gives them (writable, live fileid).
    const live = core.catalog.get(t.id);
    if (!live || live.fh === undefined)
      throw new NfsStatusError(nfs3.NFS3ERR_STALE, 'live object unknown');
    const r = await core.call(NFS.NFSPROC3_GETATTR, { object: core.siteFh(live) }, ctx.cred);
    if (r.status !== nfs3.NFS3_OK) throw new NfsStatusError(r.status, 'live attributes');
    return core.attrs(live, r.resok.obj_attributes);
  }
  const obj = t.view === VIEW_LIST ? root : await served(opts, core, t);
  let a: nfs3.fattr3 | undefined;
  if (obj) {
    const r = await core.call(NFS.NFSPROC3_GETATTR, { object: core.siteFh(obj) }, ctx.cred);
    if (r.status === nfs3.NFS3_OK) a = r.resok.obj_attributes;
  }
  if (!a) {
    // A directory removed since the version: its entries are in the catalog, not on disk.
    const r = await core.call(NFS.NFSPROC3_GETATTR, { object: core.siteFh(root) }, ctx.cred);
    if (r.status !== nfs3.NFS3_OK) throw new NfsStatusError(r.status, 'root attributes');
    a = { ...r.resok.obj_attributes, mode: 0o555 };
  }
  const dir = t.view === VIEW_LIST || t.id === ROOT_ID || a.type === nfs3.NF3DIR;
  return {
    ...a,
    mode: dir ? a.mode & ~0o222 : a.mode,
    fileid: targetFileid(t),
    fsid: core.fsid,
  };
}

async function postOp(
  opts: ViewOptions,
  core: ProxyCore,
  ctx: NfsContext,
  t: ViewTarget,
): Promise<nfs3.post_op_attr> {
  try {
    return { attributes_follow: true, attributes: await attrsOf(opts, core, ctx, t) };
  } catch {
    return { attributes_follow: false };
  }
}

async function lookupIn(
  opts: ViewOptions,
  core: ProxyCore,
  ctx: NfsContext,
  dir: ViewTarget,
  name: Buffer,
): Promise<nfs3.LOOKUP3res> {
  const n = name.toString('latin1');
  let t: ViewTarget | undefined;
  if (n === '.') t = dir;
  else if (dir.view === VIEW_LIST) {
    if (n === '..') t = { view: 0, id: ROOT_ID };
    else {
      const v = opts.versions.byName(name.toString('utf8'));
      if (v) t = { view: v.id, id: ROOT_ID };
    }
  } else if (n === '..') {
    if (dir.id === ROOT_ID) t = { view: VIEW_LIST, id: ROOT_ID };
    else {
      const p = opts.versions.parentOf(dir.view, dir.id);
      if (p !== undefined) t = { view: dir.view, id: p };
    }
  } else {
    const id = opts.versions.entry(dir.view, dir.id, name);
    if (id !== undefined) t = { view: dir.view, id };
  }
  if (!t) {
    return {
      status: nfs3.NFS3ERR_NOENT,
      resfail: { dir_attributes: await postOp(opts, core, ctx, dir) },
    };
  }
  if (t.view === 0) {
    const root = core.catalog.get(ROOT_ID)!;
    const r = await core.call(NFS.NFSPROC3_GETATTR, { object: core.siteFh(root) }, ctx.cred);
    return {
      status: nfs3.NFS3_OK,
      resok: {
        object: core.handleFor(root),
        obj_attributes:
          r.status === nfs3.NFS3_OK
            ? { attributes_follow: true, attributes: core.attrs(root, r.resok.obj_attributes) }
            : { attributes_follow: false },
        dir_attributes: await postOp(opts, core, ctx, dir),
      },
    };
  }
  return {
    status: nfs3.NFS3_OK,
    resok: {
      object: handle(core, t),
      obj_attributes: await postOp(opts, core, ctx, t),
      dir_attributes: await postOp(opts, core, ctx, dir),
    },
  };
}

/** Entries of a view directory from position `from` (cookie = position after the entry). */
function viewEntries(
  opts: ViewOptions,
  t: ViewTarget,
  from: number,
  limit: number,
): Array<{ name: Buffer; target: ViewTarget }> {
  if (t.view === VIEW_LIST) {
    return opts.versions
      .list()
      .slice(from, from + limit)
      .map((v) => ({ name: Buffer.from(v.name), target: { view: v.id, id: ROOT_ID } }));
  }
  return opts.versions
    .entries(t.view, t.id, from, limit)
    .map((e) => ({ name: e.name, target: { view: t.view, id: e.object } }));
}

function cookieverfOf(t: ViewTarget): Buffer {
  const b = Buffer.alloc(nfs3.NFS3_COOKIEVERFSIZE);
  b.writeUInt32BE(t.view >>> 0, 4);
  return b;
}

async function serve(
  opts: ViewOptions,
  core: ProxyCore,
  ctx: NfsContext,
  proc: number,
  args: unknown,
  t: ViewTarget,
): Promise<unknown> {
  if (t.view !== VIEW_LIST && !opts.versions.byId(t.view))
    throw new NfsStatusError(nfs3.NFS3ERR_STALE, `version ${t.view} is gone`);
  switch (proc) {
    case NFS.NFSPROC3_GETATTR.number:
      return { status: nfs3.NFS3_OK, resok: { obj_attributes: await attrsOf(opts, core, ctx, t) } };
    case NFS.NFSPROC3_LOOKUP.number:
      return lookupIn(opts, core, ctx, t, (args as nfs3.LOOKUP3args).what.name);
    case NFS.NFSPROC3_ACCESS.number: {
      const want = (args as nfs3.ACCESS3args).access;
      const obj = t.view === VIEW_LIST ? core.catalog.get(ROOT_ID) : await served(opts, core, t);
      let access = want & ~ACCESS_WRITE_BITS;
      if (obj) {
        const r = await core.call(
          NFS.NFSPROC3_ACCESS,
          { object: core.siteFh(obj), access: want },
          ctx.cred,
        );
        if (r.status === nfs3.NFS3_OK) access = r.resok.access & ~ACCESS_WRITE_BITS;
      }
      return {
        status: nfs3.NFS3_OK,
        resok: { obj_attributes: await postOp(opts, core, ctx, t), access },
      };
    }
    case NFS.NFSPROC3_READLINK.number: {
      const obj = await served(opts, core, t);
      if (!obj) throw new NfsStatusError(nfs3.NFS3ERR_STALE, 'gone');
      const r = await core.call(NFS.NFSPROC3_READLINK, { symlink: core.siteFh(obj) }, ctx.cred);
      const symlink_attributes = await postOp(opts, core, ctx, t);
      if (r.status !== nfs3.NFS3_OK) return { status: r.status, resfail: { symlink_attributes } };
      return { status: nfs3.NFS3_OK, resok: { symlink_attributes, data: r.resok.data } };
    }
    case NFS.NFSPROC3_READ.number: {
      const a = args as nfs3.READ3args;
      const obj = await served(opts, core, t);
      if (!obj) throw new NfsStatusError(nfs3.NFS3ERR_STALE, 'gone');
      const count = Math.min(a.count, core.ioLimit(ctx.rpc.peer.transport));
      const r = await core.call(
        NFS.NFSPROC3_READ,
        { file: core.siteFh(obj), offset: a.offset, count },
        ctx.cred,
      );
      const file_attributes = await postOp(opts, core, ctx, t);
      if (r.status !== nfs3.NFS3_OK) return { status: r.status, resfail: { file_attributes } };
      return {
        status: nfs3.NFS3_OK,
        resok: { file_attributes, count: r.resok.count, eof: r.resok.eof, data: r.resok.data },
      };
    }
    case NFS.NFSPROC3_READDIR.number:
    case NFS.NFSPROC3_READDIRPLUS.number: {
      const plus = proc === NFS.NFSPROC3_READDIRPLUS.number;
      const a = args as nfs3.READDIRPLUS3args & nfs3.READDIR3args;
      const budget = Math.min(plus ? a.maxcount : a.count, core.ioLimit(ctx.rpc.peer.transport));
      const from = Number(a.cookie);
      if (a.cookie !== 0n && !cookieverfOf(t).equals(Buffer.from(a.cookieverf)))
        throw new NfsStatusError(nfs3.NFS3ERR_BAD_COOKIE, 'cookie verifier');
      const dir_attributes = await postOp(opts, core, ctx, t);
      let used = 128;
      const batch = viewEntries(opts, t, from, 4096);
      const entries: Array<nfs3.entryplus3 & nfs3.entry3> = [];
      let i = 0;
      for (; i < batch.length; i++) {
        const e = batch[i]!;
        const size = (plus ? ENTRY_PLUS_BYTES : ENTRY_BYTES) + ((e.name.length + 3) & ~3);
        if (used + size > budget) break;
        used += size;
        const fileid = targetFileid(e.target);
        entries.push({
          fileid,
          name: e.name,
          cookie: BigInt(from + i + 1),
          name_attributes: plus
            ? await postOp(opts, core, ctx, e.target)
            : { attributes_follow: false },
          name_handle: plus
            ? { handle_follows: true, handle: handle(core, e.target) }
            : { handle_follows: false },
        });
      }
      if (entries.length === 0 && i < batch.length)
        throw new NfsStatusError(nfs3.NFS3ERR_TOOSMALL, 'no entry fits');
      const eof = i >= batch.length && batch.length < 4096;
      const cookieverf = cookieverfOf(t);
      if (plus)
        return {
          status: nfs3.NFS3_OK,
          resok: { dir_attributes, cookieverf, reply: { entries, eof } },
        };
      return {
        status: nfs3.NFS3_OK,
        resok: {
          dir_attributes,
          cookieverf,
          reply: {
            entries: entries.map((e) => ({ fileid: e.fileid, name: e.name, cookie: e.cookie })),
            eof,
          },
        },
      };
    }
    case NFS.NFSPROC3_FSSTAT.number:
    case NFS.NFSPROC3_FSINFO.number:
    case NFS.NFSPROC3_PATHCONF.number: {
      const root = core.catalog.get(ROOT_ID)!;
      const key = proc === NFS.NFSPROC3_PATHCONF.number ? 'object' : 'fsroot';
      const p = ADAPTERS.get(proc)?.proc ?? procByNumber(proc);
      const r = (await core.call(p, { [key]: core.siteFh(root) }, ctx.cred)) as {
        status: number;
        resok?: Record<string, unknown>;
        resfail?: Record<string, unknown>;
      };
      const attrs = await postOp(opts, core, ctx, t);
      if (r.status !== nfs3.NFS3_OK)
        return { status: r.status, resfail: { obj_attributes: attrs } };
      return { status: nfs3.NFS3_OK, resok: { ...r.resok, obj_attributes: attrs } };
    }
    default:
      throw new NfsStatusError(nfs3.NFS3ERR_ROFS, 'versions are read-only');
  }
}

function procByNumber(n: number): Parameters<ProxyCore['call']>[0] {
  for (const p of Object.values(NFS))
    if (p.number === n) return p as Parameters<ProxyCore['call']>[0];
  throw new Error(`no procedure ${n}`);
}
