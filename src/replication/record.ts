/**
 * A replicated mutation: what the replication log hands every backup site, in memory and in the
 * journal. It holds the NFS procedure and the client's arguments as the client sent them (with
 * proxy handles, which mean the same object on every site), the catalog objects those handles
 * name with their paths at the time (so a site that does not yet know its handle for an object
 * can find it by LOOKUP from its root), the object the mutation created, the objects it removes
 * or replaces, and the credential it ran with.
 *
 * Journal payload (XDR, RFC 4506 encoding rules):
 *   uint version (1); uint kind (1 = nfs, 2 = repair); uint proc; uhyper timeMs;
 *   opaque_auth cred; uint created; uint barrier (bool);
 *   refs<>: { uint id; uint pathKind (0 unknown, 1 path follows, 2 unlinked);
 *             [opaque path<MAX_PATH_DEPTH><NFS3_MAXNAMLEN>] }
 *   touched<>: uint id
 *   then the procedure's arguments (e.g. WRITE3args, data last) up to the end of the payload.
 * A repair record carries no procedure arguments; its `touched` objects are re-checked.
 */
import {
  XdrReader,
  XdrWriter,
  decodeFromBuffer,
  type XdrCodec,
  type XdrProcedure,
  type rpcMsg,
} from '@nfs/rpc-xdr';
import * as nfs3 from '../protocol/generated/nfs3.js';
import { nameKey, objectKey, type Claim, type Claims } from './ordering.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;

const RECORD_VERSION = 1;
/** Deepest path a record carries for one object. Unit: components. */
export const MAX_PATH_DEPTH = 4096;
/** Longest name component a record carries (Linux NAME_MAX). Unit: bytes. */
const MAX_NAME_BYTES = 255;
/** Most object references and touched objects in one record. */
const MAX_REFS = 4;
/** Most objects one repair record re-checks. */
export const MAX_REPAIR_OBJECTS = 65_536;

export interface ObjectRef {
  readonly id: number;
  /** Names from the export root to the object (root: []), or null when it has no name. */
  readonly path: Buffer[] | null;
  /** No path because the object was unlinked (else: its name is not known). */
  readonly unlinked?: boolean;
}

export interface MutationRecord {
  seq: bigint;
  readonly kind: 'nfs' | 'repair';
  readonly proc: number;
  readonly cred: rpcMsg.opaque_auth;
  /** The objects named by the handles in `args`, in the order `adapter.handles` lists them. */
  readonly refs: readonly ObjectRef[];
  /** Object created by CREATE/MKDIR/SYMLINK/MKNOD (0: none or not known). */
  readonly created: number;
  /** Objects the mutation removes or replaces (REMOVE, RMDIR, RENAME over); for repair: all. */
  readonly touched: readonly number[];
  /** Must run alone (a directory rename moves paths other mutations resolve by; a repair). */
  readonly barrier: boolean;
  readonly timeMs: number;
  /** The procedure's arguments, decoded (proxy handles). Undefined for a repair. */
  readonly args: unknown;
  /** Payload bytes (journal size; lag accounting). */
  size: number;
  /** The encoded payload, once made (contiguous, or in parts: a WRITE's data is not copied). */
  encoded?: Buffer;
  parts?: Buffer[];
  /** Appended to the journal. */
  journaled?: boolean;
  /** Bytes counted for it in the log's in-memory tail (its size then). */
  cachedBytes?: number;
  /**
   * Set on a mutation sent to the live sync sites while the primary still works on it (a WRITE
   * or COMMIT forwarded in parallel, see the replication tap): resolves true once the primary
   * accepted it, false when it refused or did not answer (a repair record then follows). A
   * site's outcome for such a record is judged only after it resolves. Not part of the encoding:
   * spooled for a site that went out, the record is replayed as an ordinary one, and the repair
   * record spooled after it makes the file level.
   */
  primaryOutcome?: Promise<boolean>;
}

/**
 * How the replication log reads one mutating procedure: the handles in its arguments, how to
 * replace them with a site's handles, and the directory entries it changes.
 */
export interface ProcAdapter<A> {
  readonly proc: XdrProcedure<A, unknown>;
  handles(args: A): nfs3.nfs_fh3[];
  withHandles(args: A, fhs: readonly nfs3.nfs_fh3[]): A;
  /** (index into handles, name): the directory entries it adds, removes or renames. */
  entries(args: A): Array<[number, Buffer]>;
  /** True when the mutation changes the whole object named by handle 0 (not just entries). */
  readonly wholeObject: boolean;
}

function adapter<A>(a: ProcAdapter<A>): ProcAdapter<unknown> {
  return a as unknown as ProcAdapter<unknown>;
}

type Where = { where: nfs3.diropargs3 };
function createLike<A extends Where>(proc: XdrProcedure<A, unknown>): ProcAdapter<unknown> {
  return adapter<A>({
    proc,
    handles: (a) => [a.where.dir],
    withHandles: (a, [dir]) => ({ ...a, where: { dir: dir!, name: a.where.name } }),
    entries: (a) => [[0, a.where.name]],
    wholeObject: false,
  });
}

/** The mutating procedures the replication log records, by procedure number. */
export const ADAPTERS: ReadonlyMap<number, ProcAdapter<unknown>> = new Map([
  [
    NFS.NFSPROC3_SETATTR.number,
    adapter<nfs3.SETATTR3args>({
      proc: NFS.NFSPROC3_SETATTR,
      handles: (a) => [a.object],
      withHandles: (a, [fh]) => ({ ...a, object: fh! }),
      entries: () => [],
      wholeObject: true,
    }),
  ],
  [
    NFS.NFSPROC3_WRITE.number,
    adapter<nfs3.WRITE3args>({
      proc: NFS.NFSPROC3_WRITE,
      handles: (a) => [a.file],
      withHandles: (a, [fh]) => ({ ...a, file: fh! }),
      entries: () => [],
      wholeObject: false,
    }),
  ],
  [NFS.NFSPROC3_CREATE.number, createLike(NFS.NFSPROC3_CREATE)],
  [NFS.NFSPROC3_MKDIR.number, createLike(NFS.NFSPROC3_MKDIR)],
  [NFS.NFSPROC3_SYMLINK.number, createLike(NFS.NFSPROC3_SYMLINK)],
  [NFS.NFSPROC3_MKNOD.number, createLike(NFS.NFSPROC3_MKNOD)],
  [
    NFS.NFSPROC3_REMOVE.number,
    adapter<nfs3.REMOVE3args>({
      proc: NFS.NFSPROC3_REMOVE,
      handles: (a) => [a.object.dir],
      withHandles: (a, [dir]) => ({ object: { dir: dir!, name: a.object.name } }),
      entries: (a) => [[0, a.object.name]],
      wholeObject: false,
    }),
  ],
  [
    NFS.NFSPROC3_RMDIR.number,
    adapter<nfs3.RMDIR3args>({
      proc: NFS.NFSPROC3_RMDIR,
      handles: (a) => [a.object.dir],
      withHandles: (a, [dir]) => ({ object: { dir: dir!, name: a.object.name } }),
      entries: (a) => [[0, a.object.name]],
      wholeObject: false,
    }),
  ],
  [
    NFS.NFSPROC3_RENAME.number,
    adapter<nfs3.RENAME3args>({
      proc: NFS.NFSPROC3_RENAME,
      handles: (a) => [a.from.dir, a.to.dir],
      withHandles: (a, [f, t]) => ({
        from: { dir: f!, name: a.from.name },
        to: { dir: t!, name: a.to.name },
      }),
      entries: (a) => [
        [0, a.from.name],
        [1, a.to.name],
      ],
      wholeObject: false,
    }),
  ],
  [
    NFS.NFSPROC3_LINK.number,
    adapter<nfs3.LINK3args>({
      proc: NFS.NFSPROC3_LINK,
      handles: (a) => [a.file, a.link.dir],
      withHandles: (a, [f, d]) => ({ file: f!, link: { dir: d!, name: a.link.name } }),
      entries: (a) => [[1, a.link.name]],
      wholeObject: false,
    }),
  ],
  [
    NFS.NFSPROC3_COMMIT.number,
    adapter<nfs3.COMMIT3args>({
      proc: NFS.NFSPROC3_COMMIT,
      handles: (a) => [a.file],
      withHandles: (a, [fh]) => ({ ...a, file: fh! }),
      entries: () => [],
      wholeObject: true,
    }),
  ],
]);

export const WRITE_PROC = NFS.NFSPROC3_WRITE.number;
export const COMMIT_PROC = NFS.NFSPROC3_COMMIT.number;

/**
 * What a mutation touches, for the ordering queues. `refIds`: the objects its handles name;
 * `created`/`touched`: see MutationRecord.
 */
export function claimsOf(
  proc: number,
  args: unknown,
  refIds: readonly number[],
  created: number,
  touched: readonly number[],
  barrier: boolean,
): Claims {
  if (barrier) return { claims: [], barrier: true };
  const a = ADAPTERS.get(proc);
  if (!a) return { claims: [], barrier: true };
  const claims: Claim[] = [];
  if (proc === WRITE_PROC) {
    const w = args as nfs3.WRITE3args;
    claims.push({
      key: objectKey(refIds[0]!),
      exclusive: false,
      start: w.offset,
      end: w.offset + BigInt(Math.max(w.count, w.data.length, 1)),
    });
  } else {
    refIds.forEach((id, i) =>
      claims.push({ key: objectKey(id), exclusive: i === 0 && a.wholeObject }),
    );
  }
  for (const [i, name] of a.entries(args)) {
    claims.push({ key: nameKey(refIds[i]!, name), exclusive: true });
  }
  if (created) claims.push({ key: objectKey(created), exclusive: true });
  for (const id of touched) claims.push({ key: objectKey(id), exclusive: true });
  return { claims };
}

/** The ordering claims of a record. */
export function recordClaims(r: MutationRecord): Claims {
  return claimsOf(
    r.proc,
    r.args,
    r.refs.map((x) => x.id),
    r.created,
    r.touched,
    r.barrier,
  );
}

// ---- encoding ---------------------------------------------------------------------------------

function headerSize(r: MutationRecord): number {
  // version, kind, proc, flavor; timeMs; the body's length and bytes; created; barrier.
  let n = 4 * 4 + 8 + 4 + r.cred.body.length + pad(r.cred.body.length) + 4 + 4;
  n += 4;
  for (const ref of r.refs) {
    n += 4 + 4;
    if (ref.path) {
      n += 4;
      for (const c of ref.path) n += 4 + c.length + pad(c.length);
    }
  }
  n += 4 + 4 * r.touched.length;
  return n;
}

function pad(n: number): number {
  return (4 - (n % 4)) % 4;
}

/** The journal payload of a record (see the file comment), as one buffer. */
export function encodeRecord(r: MutationRecord): Buffer {
  if (r.encoded) return r.encoded;
  const parts = encodeRecordParts(r);
  r.encoded = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  return r.encoded;
}

/** WRITE data at least this large stays a separate part of the payload. Unit: bytes. */
const SEPARATE_DATA_BYTES = 4096;
const ZEROS = Buffer.alloc(4);

/**
 * The journal payload in parts: for a large WRITE, [everything before the data, the data,
 * padding], so the client's data is written to the journal without being copied.
 */
export function encodeRecordParts(r: MutationRecord): Buffer[] {
  if (r.parts) return r.parts;
  if (r.encoded) return [r.encoded];
  if (r.kind === 'nfs' && r.proc === WRITE_PROC) {
    const w = r.args as nfs3.WRITE3args;
    if (w.data.length >= SEPARATE_DATA_BYTES) {
      // Encode with empty data, then put the real length where the empty one's went: the data
      // (XDR opaque<>: length, bytes, zero padding) is the last field of WRITE3args.
      const head = encodeContiguous(r, { ...w, data: Buffer.alloc(0) });
      head.writeUInt32BE(w.data.length, head.length - 4);
      const data = Buffer.from(w.data.buffer, w.data.byteOffset, w.data.byteLength);
      const pad = (4 - (data.length % 4)) % 4;
      r.parts = pad ? [head, data, ZEROS.subarray(0, pad)] : [head, data];
      r.size = head.length + data.length + pad;
      return r.parts;
    }
  }
  r.parts = [encodeContiguous(r, r.args)];
  r.size = r.parts[0]!.length;
  return r.parts;
}

function encodeContiguous(r: MutationRecord, args: unknown): Buffer {
  const a = r.kind === 'nfs' ? ADAPTERS.get(r.proc) : undefined;
  const argsCodec = a?.proc.args as XdrCodec<unknown> | undefined;
  const size = headerSize(r) + (argsCodec ? argsCodec.size(args) : 0);
  const buf = Buffer.allocUnsafe(size);
  const w = new XdrWriter(buf);
  w.uint(RECORD_VERSION);
  w.uint(r.kind === 'nfs' ? 1 : 2);
  w.uint(r.proc);
  w.uhyper(BigInt(r.timeMs));
  w.uint(r.cred.flavor);
  w.varOpaque(r.cred.body, 400);
  w.uint(r.created);
  w.bool(r.barrier);
  w.uint(r.refs.length);
  for (const ref of r.refs) {
    w.uint(ref.id);
    w.uint(ref.path !== null ? 1 : ref.unlinked ? 2 : 0);
    if (ref.path) {
      w.uint(ref.path.length);
      for (const c of ref.path) w.varOpaque(c, MAX_NAME_BYTES);
    }
  }
  w.uint(r.touched.length);
  for (const id of r.touched) w.uint(id);
  if (argsCodec) argsCodec.encode(w, args);
  if (w.pos !== size) throw new RecordError(`record ${r.seq}: encoded ${w.pos} of ${size} bytes`);
  return buf;
}

/** Raised for a journal payload that is not a record this proxy wrote. */
export class RecordError extends Error {
  readonly code = 'NFSP_ERR_JOURNAL_RECORD';
  constructor(message: string) {
    super(message);
    this.name = 'RecordError';
  }
}

/** Decodes a journal payload (the reverse of encodeRecord). Throws RecordError. */
export function decodeRecord(seq: bigint, payload: Buffer): MutationRecord {
  try {
    const r = new XdrReader(payload);
    const version = r.uint();
    if (version !== RECORD_VERSION) throw new RecordError(`record version ${version} unknown`);
    const kindNo = r.uint();
    if (kindNo !== 1 && kindNo !== 2) throw new RecordError(`record kind ${kindNo} unknown`);
    const proc = r.uint();
    const timeMs = Number(r.uhyper());
    const flavor = r.uint();
    const body = r.varOpaque(400);
    const created = r.uint();
    const barrier = r.bool();
    const nrefs = r.arrayLength(MAX_REFS, 8);
    const refs: ObjectRef[] = [];
    for (let i = 0; i < nrefs; i++) {
      const id = r.uint();
      const kind = r.uint();
      if (kind > 2) throw new RecordError(`record ${seq}: bad path kind ${kind}`);
      let path: Buffer[] | null = null;
      if (kind === 1) {
        const depth = r.arrayLength(MAX_PATH_DEPTH, 4);
        path = [];
        for (let j = 0; j < depth; j++) path.push(Buffer.from(r.varOpaque(MAX_NAME_BYTES)));
      }
      refs.push(kind === 2 ? { id, path, unlinked: true } : { id, path });
    }
    const nt = r.arrayLength(MAX_REPAIR_OBJECTS, 4);
    const touched: number[] = [];
    for (let i = 0; i < nt; i++) touched.push(r.uint());
    let args: unknown;
    if (kindNo === 1) {
      const a = ADAPTERS.get(proc);
      if (!a) throw new RecordError(`procedure ${proc} is not a replicated mutation`);
      args = decodeFromBuffer(a.proc.args as XdrCodec<unknown>, payload.subarray(r.pos));
    }
    return {
      seq,
      kind: kindNo === 1 ? 'nfs' : 'repair',
      proc,
      cred: { flavor: flavor as rpcMsg.auth_flavor, body: Buffer.from(body) },
      refs,
      created,
      touched,
      barrier,
      timeMs,
      args,
      size: payload.length,
      encoded: payload,
      journaled: true,
    };
  } catch (e) {
    if (e instanceof RecordError) throw e;
    throw new RecordError(`record ${seq}: ${(e as Error).message}`);
  }
}

/** A repair record: re-check `objects` on every site against the primary. */
export function repairRecord(objects: readonly number[], cred: rpcMsg.opaque_auth): MutationRecord {
  return {
    seq: 0n,
    kind: 'repair',
    proc: 0,
    cred,
    refs: [],
    created: 0,
    touched: objects.slice(0, MAX_REPAIR_OBJECTS),
    barrier: true,
    timeMs: Date.now(),
    args: undefined,
    size: 64 + objects.length * 4,
  };
}
