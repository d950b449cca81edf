/**
 * Applying one replicated mutation to a backup site: the client's arguments with the site's
 * handles, the client's credential, and the replay rules of issue 4 item 5. A replay may find
 * the mutation already applied (after a timeout, or a crash between applying and recording it):
 * REMOVE/RMDIR of a missing name, CREATE/MKDIR/SYMLINK/MKNOD of an existing object of the same
 * type, RENAME whose source is gone and target exists, LINK whose name exists: all count as
 * applied. Anything else that fails is a real divergence and the caller marks the site
 * needs-resync instead of guessing.
 */
import { GATHER_MIN_BYTES, type XdrProcedure } from '@nfs/rpc-xdr';
import * as nfs3 from '../protocol/generated/nfs3.js';
import { SITE_ROOT_CRED as ROOT } from '../sites/nfs-site.js';
import type { Site } from '../sites/site.js';
import { ADAPTERS, COMMIT_PROC, WRITE_PROC, type MutationRecord } from './record.js';
import type { SiteHandles } from './site-handles.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
const EMPTY = Buffer.alloc(0);

export type ApplyResult =
  | {
      readonly kind: 'applied';
      /** A WRITE the site holds UNSTABLE, with the site's write verifier. */
      readonly unstableVerf?: Buffer;
      /** A COMMIT's verifier. */
      readonly commitVerf?: Buffer;
    }
  | { readonly kind: 'diverged'; readonly reason: string };

const APPLIED: ApplyResult = Object.freeze({ kind: 'applied' });

function statusName(s: number): string {
  return nfs3.names_nfsstat3[s as nfs3.nfsstat3] ?? String(s);
}

function pathOf(rec: MutationRecord, i: number): string {
  const p = rec.refs[i]?.path;
  return p ? `/${p.map((c) => c.toString('utf8')).join('/')}` : `object ${rec.refs[i]?.id}`;
}

/** The file type each creating procedure makes. */
function createdType(rec: MutationRecord): number | undefined {
  switch (rec.proc) {
    case NFS.NFSPROC3_CREATE.number:
      return nfs3.NF3REG;
    case NFS.NFSPROC3_MKDIR.number:
      return nfs3.NF3DIR;
    case NFS.NFSPROC3_SYMLINK.number:
      return nfs3.NF3LNK;
    case NFS.NFSPROC3_MKNOD.number:
      return (rec.args as nfs3.MKNOD3args).what.type;
    default:
      return undefined;
  }
}

export class Applier {
  constructor(
    private readonly site: Site,
    private readonly handles: SiteHandles,
  ) {}

  /** Applies `rec`. Throws SiteUnavailableError when the site does not answer. */
  async apply(rec: MutationRecord): Promise<ApplyResult> {
    const first = await this.attempt(rec, false);
    if (first !== 'stale') return first;
    // A handle the site called stale: forget it and find the object by its path again.
    for (const r of rec.refs) this.handles.forget(r.id);
    const second = await this.attempt(rec, true);
    if (second !== 'stale') return second;
    return { kind: 'diverged', reason: `${pathOf(rec, 0)}: stale on the site` };
  }

  private async attempt(rec: MutationRecord, retry: boolean): Promise<ApplyResult | 'stale'> {
    const a = ADAPTERS.get(rec.proc);
    if (!a) return { kind: 'diverged', reason: `procedure ${rec.proc} is not replicated` };
    const fhs: nfs3.nfs_fh3[] = [];
    for (let i = 0; i < rec.refs.length; i++) {
      const ref = rec.refs[i]!;
      const fh = await this.handles.resolve(ref);
      if (!fh) {
        // An unlinked object (written while open after its REMOVE): nothing on the site shows it.
        if (ref.path === null && ref.unlinked) return APPLIED;
        if (ref.path === null) {
          return {
            kind: 'diverged',
            reason: `object ${ref.id} has no known path and no handle on the site`,
          };
        }
        return {
          kind: 'diverged',
          reason: `${pathOf(rec, i)} not found on the site${retry ? ' (after a stale handle)' : ''}`,
        };
      }
      fhs.push({ data: fh });
    }
    const args = a.withHandles(rec.args, fhs);
    switch (rec.proc) {
      case WRITE_PROC:
        return this.write(rec, args as nfs3.WRITE3args);
      case COMMIT_PROC: {
        const r = await this.site.call(NFS.NFSPROC3_COMMIT, args as nfs3.COMMIT3args, rec.cred);
        if (r.status === nfs3.NFS3ERR_STALE) return 'stale';
        if (r.status !== nfs3.NFS3_OK) return this.failed(rec, r.status);
        return { kind: 'applied', commitVerf: Buffer.from(r.resok.verf) };
      }
      case NFS.NFSPROC3_SETATTR.number: {
        // The guard compares ctimes, which differ between sites: the primary already checked it.
        const s = args as nfs3.SETATTR3args;
        const r = await this.site.call(
          NFS.NFSPROC3_SETATTR,
          { object: s.object, new_attributes: s.new_attributes, guard: { check: false } },
          rec.cred,
        );
        if (r.status === nfs3.NFS3ERR_STALE) return 'stale';
        return r.status === nfs3.NFS3_OK ? APPLIED : this.failed(rec, r.status);
      }
      case NFS.NFSPROC3_CREATE.number:
      case NFS.NFSPROC3_MKDIR.number:
      case NFS.NFSPROC3_SYMLINK.number:
      case NFS.NFSPROC3_MKNOD.number:
        return this.create(rec, a.proc, args as { where: nfs3.diropargs3 });
      case NFS.NFSPROC3_REMOVE.number:
      case NFS.NFSPROC3_RMDIR.number: {
        const r = (await this.site.call(a.proc, args, rec.cred)) as { status: number };
        if (r.status === nfs3.NFS3ERR_STALE) return 'stale';
        if (r.status === nfs3.NFS3_OK || r.status === nfs3.NFS3ERR_NOENT) return APPLIED;
        return this.failed(rec, r.status);
      }
      case NFS.NFSPROC3_RENAME.number: {
        const x = args as nfs3.RENAME3args;
        const r = await this.site.call(NFS.NFSPROC3_RENAME, x, rec.cred);
        if (r.status === nfs3.NFS3ERR_STALE) return 'stale';
        if (r.status === nfs3.NFS3_OK) return APPLIED;
        if (r.status === nfs3.NFS3ERR_NOENT && (await this.exists(x.to))) return APPLIED;
        return this.failed(rec, r.status);
      }
      case NFS.NFSPROC3_LINK.number: {
        const x = args as nfs3.LINK3args;
        const r = await this.site.call(NFS.NFSPROC3_LINK, x, rec.cred);
        if (r.status === nfs3.NFS3ERR_STALE) return 'stale';
        if (r.status === nfs3.NFS3_OK) return APPLIED;
        if (r.status === nfs3.NFS3ERR_EXIST) {
          const [f, l] = await Promise.all([this.fileid(x.file.data), this.lookup(x.link)]);
          if (f !== undefined && l && l.fileid === f) return APPLIED;
        }
        return this.failed(rec, r.status);
      }
      default:
        return { kind: 'diverged', reason: `procedure ${rec.proc} is not replicated` };
    }
  }

  private async write(rec: MutationRecord, w: nfs3.WRITE3args): Promise<ApplyResult | 'stale'> {
    let offset = w.offset;
    let data = w.data;
    let verf: Buffer | undefined;
    let unstable = false;
    // A site may write less than asked (RFC 1813 3.3.7): send the rest.
    for (let tries = 0; tries < 64; tries++) {
      const big = data.length >= GATHER_MIN_BYTES;
      const r = await this.site.call(
        NFS.NFSPROC3_WRITE,
        { file: w.file, offset, count: data.length, stable: w.stable, data: big ? EMPTY : data },
        rec.cred,
        big ? data : undefined,
      );
      if (r.status === nfs3.NFS3ERR_STALE) return 'stale';
      if (r.status !== nfs3.NFS3_OK) return this.failed(rec, r.status);
      const v = Buffer.from(r.resok.verf);
      if (verf && !verf.equals(v)) unstable = true; // restarted mid-way: the caller commits
      verf = v;
      if (r.resok.committed !== nfs3.FILE_SYNC) unstable = true;
      const n = Math.min(r.resok.count, data.length);
      if (n >= data.length) break;
      if (n === 0) return { kind: 'diverged', reason: `${pathOf(rec, 0)}: site wrote 0 bytes` };
      offset += BigInt(n);
      data = data.subarray(n);
    }
    return unstable && verf ? { kind: 'applied', unstableVerf: verf } : APPLIED;
  }

  private async create(
    rec: MutationRecord,
    proc: XdrProcedure<unknown, unknown>,
    args: { where: nfs3.diropargs3 },
  ): Promise<ApplyResult | 'stale'> {
    const r = (await this.site.call(proc, args, rec.cred)) as nfs3.CREATE3res;
    if (r.status === nfs3.NFS3ERR_STALE) return 'stale';
    if (r.status === nfs3.NFS3_OK) {
      const ok = r.resok;
      if (rec.created) {
        if (ok.obj.handle_follows) this.handles.set(rec.created, ok.obj.handle.data);
        else {
          const l = await this.lookup(args.where);
          if (l) this.handles.set(rec.created, l.fh);
        }
      }
      return APPLIED;
    }
    if (r.status === nfs3.NFS3ERR_EXIST) {
      const l = await this.lookup(args.where);
      if (l && l.type === createdType(rec)) {
        if (rec.created) this.handles.set(rec.created, l.fh);
        return APPLIED;
      }
    }
    return this.failed(rec, r.status);
  }

  private async lookup(
    where: nfs3.diropargs3,
  ): Promise<{ fh: Buffer; type: number; fileid: bigint } | undefined> {
    const r = await this.site.call(NFS.NFSPROC3_LOOKUP, { what: where }, ROOT);
    if (r.status !== nfs3.NFS3_OK) return undefined;
    const a = r.resok.obj_attributes;
    const fh = Buffer.from(r.resok.object.data);
    if (a.attributes_follow) return { fh, type: a.attributes.type, fileid: a.attributes.fileid };
    const g = await this.site.call(NFS.NFSPROC3_GETATTR, { object: { data: fh } }, ROOT);
    if (g.status !== nfs3.NFS3_OK) return undefined;
    return { fh, type: g.resok.obj_attributes.type, fileid: g.resok.obj_attributes.fileid };
  }

  private async exists(where: nfs3.diropargs3): Promise<boolean> {
    return (await this.lookup(where)) !== undefined;
  }

  private async fileid(fh: Buffer): Promise<bigint | undefined> {
    const g = await this.site.call(NFS.NFSPROC3_GETATTR, { object: { data: fh } }, ROOT);
    return g.status === nfs3.NFS3_OK ? g.resok.obj_attributes.fileid : undefined;
  }

  private failed(rec: MutationRecord, status: number): ApplyResult {
    const name = ADAPTERS.get(rec.proc)?.proc.name ?? String(rec.proc);
    return {
      kind: 'diverged',
      reason: `${name} of ${pathOf(rec, 0)} failed on the site: ${statusName(status)}`,
    };
  }
}
