/**
 * XDR codec benchmark: our generated NFSv3 codecs against @stellar/js-xdr (the same types defined
 * with its v5 schema builders, faithful to RFC 1813) and @jsonjoy.com/json-pack's hand-written
 * NFSv3 codec, on
 *   (a) a READDIRPLUS3 reply (READDIRPLUS3res, NFS3_OK) with 1,000 entries, and
 *   (b) WRITE3 call arguments (WRITE3args) with 4 KiB, 64 KiB and 1 MiB of data.
 *
 * Before anything is timed, every implementation must produce byte-identical output for the same
 * logical value and decode our bytes back to that value (fully compared, not sampled); any
 * difference aborts the run with a FIXTURE MISMATCH error.
 *
 * What is timed, per implementation (each call is one complete message body, no RPC header):
 *   ours       encodeToBuffer(codec_T, v) (exact size pass + one allocation + write) and
 *              decodeFromBuffer(codec_T, buf) (reader + decode + trailing-bytes check)
 *   stellar    T.encode(v) / T.decode(buf) with { maxDepth } raised (see the notes)
 *   json-pack  Nfsv3Encoder.encodeMessage(msg, proc, isRequest) and
 *              Nfsv3Decoder.decodeMessage(reader, proc, isRequest) on a reused Reader; these are
 *              its per-procedure body codecs (the RPC call/reply header is a separate layer)
 *
 * Options: --entries=N (default 1000) for (a).
 */
import assert from 'node:assert/strict';
import * as X from '@stellar/js-xdr';
import type { XdrType } from '@stellar/js-xdr';
import { Nfsv3Encoder } from '@jsonjoy.com/json-pack/lib/nfs/v3/Nfsv3Encoder.js';
import { Nfsv3Decoder } from '@jsonjoy.com/json-pack/lib/nfs/v3/Nfsv3Decoder.js';
import {
  Nfsv3DirListPlus,
  Nfsv3EntryPlus,
  Nfsv3Fattr,
  Nfsv3Fh,
  Nfsv3PostOpAttr,
  Nfsv3PostOpFh,
  Nfsv3SpecData,
  Nfsv3Time,
} from '@jsonjoy.com/json-pack/lib/nfs/v3/structs.js';
import {
  Nfsv3ReaddirplusResOk,
  Nfsv3ReaddirplusResponse,
  Nfsv3WriteRequest,
} from '@jsonjoy.com/json-pack/lib/nfs/v3/messages.js';
import type {
  Nfsv3FType,
  Nfsv3Proc,
  Nfsv3Stat,
} from '@jsonjoy.com/json-pack/lib/nfs/v3/constants.js';
// json-pack's decoder reads through this Reader class (its own dependency, same version).
import { Reader as JpReader } from '@jsonjoy.com/buffers/lib/Reader.js';
import { decodeFromBuffer, encodeToBuffer } from '@nfs/rpc-xdr';
import {
  codec_READDIRPLUS3res,
  codec_WRITE3args,
  FILE_SYNC,
  NF3DIR,
  NF3REG,
  type entryplus3,
  type fattr3,
  type ftype3,
  type post_op_attr,
  type post_op_fh3,
  type READDIRPLUS3res,
  type stable_how,
  type WRITE3args,
} from '../../src/protocol/generated/nfs3.js';
import {
  fmtBytes,
  fmtNs,
  fmtOps,
  fmtRate,
  fmtRatio,
  formatTable,
  pairedRatio,
  type BenchContext,
  type BenchReport,
  type Goal,
  type Measurement,
} from './harness.js';

export const description =
  'XDR codecs: READDIRPLUS3 reply (1,000 entries) and WRITE3 args (4 KiB..1 MiB), ours vs @stellar/js-xdr vs json-pack';

const PROC_WRITE = 7 as Nfsv3Proc;
const PROC_READDIRPLUS = 17 as Nfsv3Proc;
const WRITE_SIZES = [4 * 1024, 64 * 1024, 1024 * 1024] as const;

// Depth budget for @stellar/js-xdr: each list node costs 3 levels (struct, option, lazy), so its
// default of 1500 stops at ~500 entries. Raised, not removed: 4 levels per entry plus slack.
const stellarDepth = (entries: number): number => 4 * entries + 64;

// =============================================================================================
// Fixtures (our representation is the reference)

function fattr(kind: ftype3, fileid: bigint, i: number): fattr3 {
  const size = kind === NF3DIR ? 4096n : BigInt((i * 40_503) % (8 * 1024 * 1024));
  return {
    type: kind,
    mode: kind === NF3DIR ? 0o40755 : 0o100644,
    nlink: kind === NF3DIR ? 2 : 1,
    uid: 1000,
    gid: 1000,
    size,
    used: ((size + 4095n) / 4096n) * 4096n,
    rdev: { specdata1: 0, specdata2: 0 },
    fsid: 0x5a17_0000_0000_0001n,
    fileid,
    atime: { seconds: 1_717_000_000 + i, nseconds: (i * 7919) % 1_000_000_000 },
    mtime: { seconds: 1_716_000_000 + i, nseconds: (i * 104_729) % 1_000_000_000 },
    ctime: { seconds: 1_716_000_500 + i, nseconds: (i * 1_299_709) % 1_000_000_000 },
  };
}

/** A 32-byte handle like a server's: a fixed export prefix, the fileid and a generation number. */
function handle(fileid: bigint): Buffer {
  const h = Buffer.alloc(32);
  h.write('nfsp-bench-fs-01', 0, 'latin1');
  h.writeBigUInt64BE(fileid, 16);
  h.writeUInt32BE(0x0000_0001, 24);
  h.writeUInt32BE((Number(fileid & 0xffff_ffffn) ^ 0x9e37_79b9) >>> 0, 28);
  return h;
}

function readdirplusFixture(n: number): READDIRPLUS3res {
  const entries: entryplus3[] = [];
  for (let i = 0; i < n; i++) {
    const fileid = 1_000_000n + BigInt(i);
    entries.push({
      fileid,
      name: Buffer.from(`file-${String(i).padStart(6, '0')}.dat`),
      cookie: BigInt(i + 1),
      name_attributes: { attributes_follow: true, attributes: fattr(NF3REG, fileid, i) },
      name_handle: { handle_follows: true, handle: { data: handle(fileid) } },
    });
  }
  return {
    status: 0,
    resok: {
      dir_attributes: { attributes_follow: true, attributes: fattr(NF3DIR, 999_999n, 0) },
      cookieverf: Buffer.from('0123456789abcdef', 'hex'),
      reply: { entries, eof: true },
    },
  };
}

function writeFixture(size: number): WRITE3args {
  const data = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) data[i] = (i * 31 + (i >>> 8)) & 0xff;
  return {
    file: { data: handle(4_242_424n) },
    offset: 3n * 1024n * 1024n * 1024n + 12_288n,
    count: size,
    stable: FILE_SYNC,
    data,
  };
}

// =============================================================================================
// @stellar/js-xdr: RFC 1813 types with its schema builders (v5 has no `config()` DSL any more)

type SBytes = Uint8Array;
interface SFattr3 extends Omit<fattr3, 'type'> {
  type: number;
}
type SPostOpAttr = { attributes_follow: true; attributes: SFattr3 } | { attributes_follow: false };
type SPostOpFh = { handle_follows: true; handle: { data: SBytes } } | { handle_follows: false };
interface SEntryplus3 {
  fileid: bigint;
  name: SBytes;
  cookie: bigint;
  name_attributes: SPostOpAttr;
  name_handle: SPostOpFh;
  nextentry: SEntryplus3 | null;
}
interface SResok {
  dir_attributes: SPostOpAttr;
  cookieverf: SBytes;
  reply: { entries: SEntryplus3 | null; eof: boolean };
}
type SReaddirplus3res =
  { status: 0; resok: SResok } | { status: number; resfail: { dir_attributes: SPostOpAttr } };
interface SWrite3args {
  file: { data: SBytes };
  offset: bigint;
  count: number;
  stable: number;
  data: SBytes;
}

const stellar = (() => {
  const uint32 = X.uint32();
  const uint64 = X.uint64();
  const nfsstat3 = X.enumType('nfsstat3', {
    NFS3_OK: 0,
    NFS3ERR_PERM: 1,
    NFS3ERR_NOENT: 2,
    NFS3ERR_IO: 5,
    NFS3ERR_NXIO: 6,
    NFS3ERR_ACCES: 13,
    NFS3ERR_EXIST: 17,
    NFS3ERR_XDEV: 18,
    NFS3ERR_NODEV: 19,
    NFS3ERR_NOTDIR: 20,
    NFS3ERR_ISDIR: 21,
    NFS3ERR_INVAL: 22,
    NFS3ERR_FBIG: 27,
    NFS3ERR_NOSPC: 28,
    NFS3ERR_ROFS: 30,
    NFS3ERR_MLINK: 31,
    NFS3ERR_NAMETOOLONG: 63,
    NFS3ERR_NOTEMPTY: 66,
    NFS3ERR_DQUOT: 69,
    NFS3ERR_STALE: 70,
    NFS3ERR_REMOTE: 71,
    NFS3ERR_BADHANDLE: 10001,
    NFS3ERR_NOT_SYNC: 10002,
    NFS3ERR_BAD_COOKIE: 10003,
    NFS3ERR_NOTSUPP: 10004,
    NFS3ERR_TOOSMALL: 10005,
    NFS3ERR_SERVERFAULT: 10006,
    NFS3ERR_BADTYPE: 10007,
    NFS3ERR_JUKEBOX: 10008,
  });
  const ftype3 = X.enumType('ftype3', {
    NF3REG: 1,
    NF3DIR: 2,
    NF3BLK: 3,
    NF3CHR: 4,
    NF3LNK: 5,
    NF3SOCK: 6,
    NF3FIFO: 7,
  });
  const stable_how = X.enumType('stable_how', { UNSTABLE: 0, DATA_SYNC: 1, FILE_SYNC: 2 });
  const nfs_fh3 = X.struct('nfs_fh3', { data: X.varOpaque(64) });
  const nfstime3 = X.struct('nfstime3', { seconds: uint32, nseconds: uint32 });
  const specdata3 = X.struct('specdata3', { specdata1: uint32, specdata2: uint32 });
  const fattr3 = X.struct('fattr3', {
    type: ftype3,
    mode: uint32,
    nlink: uint32,
    uid: uint32,
    gid: uint32,
    size: uint64,
    used: uint64,
    rdev: specdata3,
    fsid: uint64,
    fileid: uint64,
    atime: nfstime3,
    mtime: nfstime3,
    ctime: nfstime3,
  });
  const post_op_attr = X.union('post_op_attr', {
    switchOn: X.bool(),
    switchKey: 'attributes_follow',
    cases: [
      X.unionCase('TRUE', true, X.field('attributes', fattr3)),
      X.unionCase('FALSE', false, X.voidType()),
    ],
  });
  const post_op_fh3 = X.union('post_op_fh3', {
    switchOn: X.bool(),
    switchKey: 'handle_follows',
    cases: [
      X.unionCase('TRUE', true, X.field('handle', nfs_fh3)),
      X.unionCase('FALSE', false, X.voidType()),
    ],
  });
  // struct entryplus3 { ...; entryplus3 *nextentry; } -- an XDR optional-data linked list.
  const entryplus3: XdrType<SEntryplus3> = X.struct('entryplus3', {
    fileid: uint64,
    name: X.string(X.UNBOUNDED_MAX_LENGTH),
    cookie: uint64,
    name_attributes: post_op_attr,
    name_handle: post_op_fh3,
    nextentry: X.option(X.lazy((): XdrType<SEntryplus3> => entryplus3)),
  });
  const dirlistplus3 = X.struct('dirlistplus3', { entries: X.option(entryplus3), eof: X.bool() });
  const READDIRPLUS3resok = X.struct('READDIRPLUS3resok', {
    dir_attributes: post_op_attr,
    cookieverf: X.opaque(8),
    reply: dirlistplus3,
  });
  const READDIRPLUS3resfail = X.struct('READDIRPLUS3resfail', { dir_attributes: post_op_attr });
  const READDIRPLUS3res = X.union('READDIRPLUS3res', {
    switchOn: nfsstat3,
    switchKey: 'status',
    cases: [X.unionCase('NFS3_OK', nfsstat3.NFS3_OK, X.field('resok', READDIRPLUS3resok))],
    defaultArm: X.field('resfail', READDIRPLUS3resfail),
  });
  const WRITE3args = X.struct('WRITE3args', {
    file: nfs_fh3,
    offset: uint64,
    count: uint32,
    stable: stable_how,
    data: X.varOpaque(X.UNBOUNDED_MAX_LENGTH),
  });
  // The builders infer readonly/literal value types; these casts only restate them as the plain
  // interfaces above (the fixture check below proves the wire format).
  return {
    READDIRPLUS3res: READDIRPLUS3res as unknown as XdrType<SReaddirplus3res>,
    WRITE3args: WRITE3args as unknown as XdrType<SWrite3args>,
  };
})();

function toStellarPostOpAttr(a: post_op_attr): SPostOpAttr {
  return a.attributes_follow
    ? { attributes_follow: true, attributes: { ...a.attributes } }
    : { attributes_follow: false };
}

function toStellarPostOpFh(h: post_op_fh3): SPostOpFh {
  return h.handle_follows
    ? { handle_follows: true, handle: { data: h.handle.data } }
    : { handle_follows: false };
}

function toStellarReaddirplus(v: READDIRPLUS3res): SReaddirplus3res {
  if (v.status !== 0) throw new Error('fixture must be NFS3_OK');
  let next: SEntryplus3 | null = null;
  const es = v.resok.reply.entries;
  for (let i = es.length - 1; i >= 0; i--) {
    const e = es[i]!;
    next = {
      fileid: e.fileid,
      name: e.name,
      cookie: e.cookie,
      name_attributes: toStellarPostOpAttr(e.name_attributes),
      name_handle: toStellarPostOpFh(e.name_handle),
      nextentry: next,
    };
  }
  return {
    status: 0,
    resok: {
      dir_attributes: toStellarPostOpAttr(v.resok.dir_attributes),
      cookieverf: v.resok.cookieverf,
      reply: { entries: next, eof: v.resok.reply.eof },
    },
  };
}

function toStellarWrite(v: WRITE3args): SWrite3args {
  return {
    file: { data: v.file.data },
    offset: v.offset,
    count: v.count,
    stable: v.stable,
    data: v.data,
  };
}

/** Zero-copy view of a Uint8Array as a Buffer (for comparisons in our representation). */
function buf(u: Uint8Array): Buffer {
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

function fromStellarFattr(a: SFattr3): fattr3 {
  return { ...a, type: a.type as ftype3 };
}

function fromStellarPostOpAttr(a: SPostOpAttr): post_op_attr {
  return a.attributes_follow
    ? { attributes_follow: true, attributes: fromStellarFattr(a.attributes) }
    : { attributes_follow: false };
}

function fromStellarReaddirplus(v: SReaddirplus3res): READDIRPLUS3res {
  if (v.status !== 0 || !('resok' in v))
    throw new Error(`@stellar/js-xdr decoded status ${v.status}`);
  const entries: entryplus3[] = [];
  for (let e = v.resok.reply.entries; e !== null; e = e.nextentry) {
    entries.push({
      fileid: e.fileid,
      name: buf(e.name),
      cookie: e.cookie,
      name_attributes: fromStellarPostOpAttr(e.name_attributes),
      name_handle: e.name_handle.handle_follows
        ? { handle_follows: true, handle: { data: buf(e.name_handle.handle.data) } }
        : { handle_follows: false },
    });
  }
  return {
    status: 0,
    resok: {
      dir_attributes: fromStellarPostOpAttr(v.resok.dir_attributes),
      cookieverf: buf(v.resok.cookieverf),
      reply: { entries, eof: v.resok.reply.eof },
    },
  };
}

function fromStellarWrite(v: SWrite3args): WRITE3args {
  return {
    file: { data: buf(v.file.data) },
    offset: v.offset,
    count: v.count,
    stable: v.stable as stable_how,
    data: buf(v.data),
  };
}

// =============================================================================================
// json-pack: its message classes (camelCase fields, filenames as JS strings, lists as linked
// lists, absent union arms as `undefined`)

function toJpFattr(a: fattr3): Nfsv3Fattr {
  return new Nfsv3Fattr(
    a.type as number as Nfsv3FType,
    a.mode,
    a.nlink,
    a.uid,
    a.gid,
    a.size,
    a.used,
    new Nfsv3SpecData(a.rdev.specdata1, a.rdev.specdata2),
    a.fsid,
    a.fileid,
    new Nfsv3Time(a.atime.seconds, a.atime.nseconds),
    new Nfsv3Time(a.mtime.seconds, a.mtime.nseconds),
    new Nfsv3Time(a.ctime.seconds, a.ctime.nseconds),
  );
}

function toJpPostOpAttr(a: post_op_attr): Nfsv3PostOpAttr {
  return a.attributes_follow
    ? new Nfsv3PostOpAttr(true, toJpFattr(a.attributes))
    : new Nfsv3PostOpAttr(false);
}

function toJpReaddirplus(v: READDIRPLUS3res): Nfsv3ReaddirplusResponse {
  if (v.status !== 0) throw new Error('fixture must be NFS3_OK');
  let next: Nfsv3EntryPlus | undefined;
  const es = v.resok.reply.entries;
  for (let i = es.length - 1; i >= 0; i--) {
    const e = es[i]!;
    next = new Nfsv3EntryPlus(
      e.fileid,
      e.name.toString('utf8'),
      e.cookie,
      toJpPostOpAttr(e.name_attributes),
      e.name_handle.handle_follows
        ? new Nfsv3PostOpFh(true, new Nfsv3Fh(e.name_handle.handle.data))
        : new Nfsv3PostOpFh(false),
      next,
    );
  }
  return new Nfsv3ReaddirplusResponse(
    0 as Nfsv3Stat,
    new Nfsv3ReaddirplusResOk(
      toJpPostOpAttr(v.resok.dir_attributes),
      v.resok.cookieverf,
      new Nfsv3DirListPlus(v.resok.reply.eof, next),
    ),
  );
}

function toJpWrite(v: WRITE3args): Nfsv3WriteRequest {
  return new Nfsv3WriteRequest(new Nfsv3Fh(v.file.data), v.offset, v.count, v.stable, v.data);
}

function fromJpFattr(a: Nfsv3Fattr): fattr3 {
  return {
    type: a.type as number as ftype3,
    mode: a.mode,
    nlink: a.nlink,
    uid: a.uid,
    gid: a.gid,
    size: a.size,
    used: a.used,
    rdev: { specdata1: a.rdev.specdata1, specdata2: a.rdev.specdata2 },
    fsid: a.fsid,
    fileid: a.fileid,
    atime: { seconds: a.atime.seconds, nseconds: a.atime.nseconds },
    mtime: { seconds: a.mtime.seconds, nseconds: a.mtime.nseconds },
    ctime: { seconds: a.ctime.seconds, nseconds: a.ctime.nseconds },
  };
}

function fromJpPostOpAttr(a: Nfsv3PostOpAttr): post_op_attr {
  if (!a.attributesFollow) return { attributes_follow: false };
  assert.ok(a.attributes, 'json-pack: attributes_follow without attributes');
  return { attributes_follow: true, attributes: fromJpFattr(a.attributes) };
}

function fromJpReaddirplus(m: unknown): READDIRPLUS3res {
  assert.ok(m instanceof Nfsv3ReaddirplusResponse, 'json-pack did not decode a READDIRPLUS3 reply');
  assert.equal(m.status, 0, 'json-pack: status');
  assert.ok(m.resok, 'json-pack: resok missing');
  const entries: entryplus3[] = [];
  for (let e = m.resok.reply.entries; e !== undefined; e = e.nextentry) {
    entries.push({
      fileid: e.fileid,
      name: Buffer.from(e.name, 'utf8'),
      cookie: e.cookie,
      name_attributes: fromJpPostOpAttr(e.nameAttributes),
      name_handle:
        e.nameHandle.handleFollows && e.nameHandle.handle
          ? { handle_follows: true, handle: { data: buf(e.nameHandle.handle.data) } }
          : { handle_follows: false },
    });
  }
  return {
    status: 0,
    resok: {
      dir_attributes: fromJpPostOpAttr(m.resok.dirAttributes),
      cookieverf: buf(m.resok.cookieverf),
      reply: { entries, eof: m.resok.reply.eof },
    },
  };
}

function fromJpWrite(m: unknown): WRITE3args {
  assert.ok(m instanceof Nfsv3WriteRequest, 'json-pack did not decode a WRITE3 call');
  return {
    file: { data: buf(m.file.data) },
    offset: m.offset,
    count: m.count,
    stable: m.stable as stable_how,
    data: buf(m.data),
  };
}

// =============================================================================================
// Implementations under test

interface Impl<T> {
  readonly name: string;
  encode(): Uint8Array;
  decode(): unknown;
  /** Decodes the reference bytes (already set) and converts the result to our representation. */
  decodeAsOurs(): T;
}

const jpEncoder = new Nfsv3Encoder();
const jpDecoder = new Nfsv3Decoder();
const jpReader = new JpReader();

function jpDecode(bytes: Uint8Array, proc: Nfsv3Proc, isRequest: boolean): unknown {
  jpReader.reset(bytes);
  const m = jpDecoder.decodeMessage(jpReader, proc, isRequest);
  // decodeMessage reports truncated input as `undefined` rather than throwing.
  if (m === undefined) throw new Error('json-pack: message truncated');
  return m;
}

function readdirplusImpls(
  value: READDIRPLUS3res,
  ref: Buffer,
  entries: number,
): Impl<READDIRPLUS3res>[] {
  const sValue = toStellarReaddirplus(value);
  const jpValue = toJpReaddirplus(value);
  const sOpts = { maxDepth: stellarDepth(entries) };
  return [
    {
      name: 'ours',
      encode: () => encodeToBuffer(codec_READDIRPLUS3res, value),
      decode: () => decodeFromBuffer(codec_READDIRPLUS3res, ref),
      decodeAsOurs: () => decodeFromBuffer(codec_READDIRPLUS3res, ref),
    },
    {
      name: '@stellar/js-xdr',
      encode: () => stellar.READDIRPLUS3res.encode(sValue, sOpts),
      decode: () => stellar.READDIRPLUS3res.decode(ref, sOpts),
      decodeAsOurs: () => fromStellarReaddirplus(stellar.READDIRPLUS3res.decode(ref, sOpts)),
    },
    {
      name: 'json-pack',
      encode: () => jpEncoder.encodeMessage(jpValue, PROC_READDIRPLUS, false),
      decode: () => jpDecode(ref, PROC_READDIRPLUS, false),
      decodeAsOurs: () => fromJpReaddirplus(jpDecode(ref, PROC_READDIRPLUS, false)),
    },
  ];
}

function writeImpls(value: WRITE3args, ref: Buffer): Impl<WRITE3args>[] {
  const sValue = toStellarWrite(value);
  const jpValue = toJpWrite(value);
  return [
    {
      name: 'ours',
      encode: () => encodeToBuffer(codec_WRITE3args, value),
      decode: () => decodeFromBuffer(codec_WRITE3args, ref),
      decodeAsOurs: () => decodeFromBuffer(codec_WRITE3args, ref),
    },
    {
      name: '@stellar/js-xdr',
      encode: () => stellar.WRITE3args.encode(sValue),
      decode: () => stellar.WRITE3args.decode(ref),
      decodeAsOurs: () => fromStellarWrite(stellar.WRITE3args.decode(ref)),
    },
    {
      name: 'json-pack',
      encode: () => jpEncoder.encodeMessage(jpValue, PROC_WRITE, true),
      decode: () => jpDecode(ref, PROC_WRITE, true),
      decodeAsOurs: () => fromJpWrite(jpDecode(ref, PROC_WRITE, true)),
    },
  ];
}

// =============================================================================================
// Fixture checks

function firstDifference(a: Uint8Array, b: Uint8Array): string {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) {
      const around = (u: Uint8Array): string =>
        buf(u)
          .subarray(Math.max(0, i - 8), i + 8)
          .toString('hex');
      return `first difference at byte ${i}: ${around(a)} vs ${around(b)} (from byte ${Math.max(0, i - 8)})`;
    }
  }
  return `lengths ${a.length} vs ${b.length}`;
}

/**
 * Every implementation must encode the fixture to exactly the reference bytes, and decode the
 * reference bytes back to the fixture. Returns whether each decoder's opaque results alias the
 * input (zero-copy).
 */
function checkFixture<T>(
  what: string,
  value: T,
  ref: Buffer,
  impls: readonly Impl<T>[],
  opaqueOf: (decoded: unknown, impl: string) => Uint8Array,
): Map<string, boolean> {
  const zeroCopy = new Map<string, boolean>();
  for (const impl of impls) {
    const bytes = impl.encode();
    if (!buf(bytes).equals(ref)) {
      throw new Error(
        `FIXTURE MISMATCH (${what}): ${impl.name} encodes different bytes than ours; ${firstDifference(bytes, ref)}`,
      );
    }
    let decoded: T;
    try {
      decoded = impl.decodeAsOurs();
      assert.deepStrictEqual(decoded, value);
    } catch (e) {
      const detail = e instanceof Error ? e.message.split('\n').slice(0, 12).join('\n') : String(e);
      throw new Error(
        `FIXTURE MISMATCH (${what}): ${impl.name} decodes our bytes differently:\n${detail}`,
      );
    }
    const o = opaqueOf(impl.decode(), impl.name);
    zeroCopy.set(impl.name, o.buffer === ref.buffer && o.byteOffset >= ref.byteOffset);
  }
  return zeroCopy;
}

// =============================================================================================
// Run

interface Pair {
  encode: Measurement;
  decode: Measurement;
}

/** ours/other throughput: median of per-round ratios (the rounds were interleaved). */
function ratio(ours: Measurement, other: Measurement): number {
  return pairedRatio(ours, other);
}

export async function run(ctx: BenchContext): Promise<BenchReport> {
  const entryOpt = ctx.args.get('entries');
  const entries = entryOpt === undefined ? 1000 : Number(entryOpt);
  if (!Number.isInteger(entries) || entries < 1)
    throw new Error('--entries needs a positive integer');

  const measurements: Measurement[] = [];
  const goals: Goal[] = [];
  const notes: string[] = [];
  const extra: Record<string, unknown> = {};
  const log = ctx.log;

  // ---------------------------------------------------------------------------------------- (a)
  const rdp = readdirplusFixture(entries);
  const rdpRef = encodeToBuffer(codec_READDIRPLUS3res, rdp);
  assert.equal(rdpRef.length, codec_READDIRPLUS3res.size(rdp));
  const rdpImpls = readdirplusImpls(rdp, rdpRef, entries);
  const rdpZero = checkFixture(
    `READDIRPLUS3res, ${entries} entries`,
    rdp,
    rdpRef,
    rdpImpls,
    (d, impl) => {
      if (impl === 'ours') {
        const v = d as READDIRPLUS3res;
        assert.ok(v.status === 0);
        return v.resok.reply.entries[0]!.name;
      }
      if (impl === 'json-pack') {
        const v = d as Nfsv3ReaddirplusResponse;
        const h = v.resok?.reply.entries?.nameHandle.handle;
        assert.ok(h);
        return h.data;
      }
      const v = d as SReaddirplus3res;
      assert.ok('resok' in v && v.resok.reply.entries);
      return v.resok.reply.entries.name;
    },
  );

  log(
    `== (a) READDIRPLUS3res (NFS3_OK), ${entries.toLocaleString('en-US')} entries, ${rdpRef.length.toLocaleString('en-US')} bytes ==`,
  );
  log(
    'fixture check: OK (ours, @stellar/js-xdr and json-pack encode identical bytes; ' +
      'each decodes them back to the same value, all fields compared)',
  );
  const rdpResults = new Map<string, Pair>();
  const rdpEnc = ctx.measureInterleaved(
    rdpImpls.map((i) => ({ name: `READDIRPLUS3 x${entries} encode  ${i.name}`, fn: i.encode })),
  );
  const rdpDec = ctx.measureInterleaved(
    rdpImpls.map((i) => ({ name: `READDIRPLUS3 x${entries} decode  ${i.name}`, fn: i.decode })),
  );
  rdpImpls.forEach((impl, k) => {
    const encode = rdpEnc[k]!;
    const decode = rdpDec[k]!;
    measurements.push(encode, decode);
    rdpResults.set(impl.name, { encode, decode });
  });
  const ours = rdpResults.get('ours')!;
  const st = rdpResults.get('@stellar/js-xdr')!;
  const jp = rdpResults.get('json-pack')!;
  log(
    formatTable(
      [
        { header: 'implementation' },
        { header: 'encode ops/s', align: 'right' },
        { header: 'encode time', align: 'right' },
        { header: 'decode ops/s', align: 'right' },
        { header: 'decode time', align: 'right' },
        { header: 'encode/decode per entry', align: 'right' },
        { header: 'decode zero-copy', align: 'right' },
      ],
      [...rdpResults].map(([name, p]) => [
        name,
        fmtOps(p.encode.opsPerSec),
        fmtNs(p.encode.nsPerOp),
        fmtOps(p.decode.opsPerSec),
        fmtNs(p.decode.nsPerOp),
        `${fmtNs(p.encode.nsPerOp / entries)} / ${fmtNs(p.decode.nsPerOp / entries)}`,
        rdpZero.get(name) ? 'yes' : 'no (copies)',
      ]),
    ),
  );
  const rdpRatios = {
    encodeVsStellar: ratio(ours.encode, st.encode),
    decodeVsStellar: ratio(ours.decode, st.decode),
    encodeVsJsonPack: ratio(ours.encode, jp.encode),
    decodeVsJsonPack: ratio(ours.decode, jp.decode),
  };
  extra.readdirplus = {
    entries,
    bytes: rdpRef.length,
    ratios: rdpRatios,
    zeroCopy: Object.fromEntries(rdpZero),
  };
  log();
  log(
    formatTable(
      [
        { header: 'ratio' },
        { header: 'encode', align: 'right' },
        { header: 'decode', align: 'right' },
        { header: 'goal' },
      ],
      [
        [
          'ours / @stellar/js-xdr',
          fmtRatio(rdpRatios.encodeVsStellar),
          fmtRatio(rdpRatios.decodeVsStellar),
          '>= 5×',
        ],
        [
          'ours / json-pack',
          fmtRatio(rdpRatios.encodeVsJsonPack),
          fmtRatio(rdpRatios.decodeVsJsonPack),
          '> 1×',
        ],
      ],
    ),
  );
  for (const dir of ['encode', 'decode'] as const) {
    const s = dir === 'encode' ? rdpRatios.encodeVsStellar : rdpRatios.decodeVsStellar;
    const j = dir === 'encode' ? rdpRatios.encodeVsJsonPack : rdpRatios.decodeVsJsonPack;
    goals.push({
      label: `(a) READDIRPLUS3 ${dir}: ours / @stellar/js-xdr`,
      target: '>= 5×',
      actual: fmtRatio(s),
      met: s >= 5,
    });
    goals.push({
      label: `(a) READDIRPLUS3 ${dir}: ours / json-pack`,
      target: '> 1×',
      actual: fmtRatio(j),
      met: j > 1,
    });
  }
  log();

  // ---------------------------------------------------------------------------------------- (b)
  log('== (b) WRITE3args (32-byte handle), data 4 KiB / 64 KiB / 1 MiB ==');
  const writeZero = new Map<number, Map<string, boolean>>();
  const writeCases: { size: number; impl: Impl<WRITE3args> }[] = [];
  for (const size of WRITE_SIZES) {
    const wv = writeFixture(size);
    const ref = encodeToBuffer(codec_WRITE3args, wv);
    assert.equal(ref.length, codec_WRITE3args.size(wv));
    const impls = writeImpls(wv, ref);
    writeZero.set(
      size,
      checkFixture(`WRITE3args, ${fmtBytes(size)}`, wv, ref, impls, (d, impl) =>
        impl === 'json-pack' ? (d as Nfsv3WriteRequest).data : (d as { data: Uint8Array }).data,
      ),
    );
    for (const impl of impls) writeCases.push({ size, impl });
  }
  // One interleaved group per direction over all sizes and implementations, so both the
  // implementation ratios and the size scaling are measured under the same load.
  const label = (size: number, dir: string, impl: string): string =>
    `WRITE3 ${fmtBytes(size).padStart(7)} ${dir}  ${impl}`;
  const wEnc = ctx.measureInterleaved(
    writeCases.map((c) => ({ name: label(c.size, 'encode', c.impl.name), fn: c.impl.encode })),
  );
  const wDec = ctx.measureInterleaved(
    writeCases.map((c) => ({ name: label(c.size, 'decode', c.impl.name), fn: c.impl.decode })),
  );
  const writeResults = new Map<number, Map<string, Pair>>();
  writeCases.forEach((c, k) => {
    const pair = { encode: wEnc[k]!, decode: wDec[k]! };
    measurements.push(pair.encode, pair.decode);
    let perImpl = writeResults.get(c.size);
    if (!perImpl) writeResults.set(c.size, (perImpl = new Map()));
    perImpl.set(c.impl.name, pair);
  });
  log(
    'fixture check: OK for all three sizes (identical bytes from all three encoders; ' +
      'all decoders return the same handle, offset, count, stable and data)',
  );
  const implNames = ['ours', '@stellar/js-xdr', 'json-pack'];
  const rows: string[][] = [];
  for (const size of WRITE_SIZES) {
    const perImpl = writeResults.get(size)!;
    const o = perImpl.get('ours')!;
    for (const name of implNames) {
      const p = perImpl.get(name)!;
      rows.push([
        fmtBytes(size),
        name,
        fmtOps(p.encode.opsPerSec),
        fmtRate(p.encode.opsPerSec * size),
        fmtOps(p.decode.opsPerSec),
        fmtNs(p.decode.nsPerOp),
        name === 'ours' ? '' : fmtRatio(ratio(o.encode, p.encode)),
        name === 'ours' ? '' : fmtRatio(ratio(o.decode, p.decode)),
        writeZero.get(size)!.get(name) ? 'yes' : 'no (copies)',
      ]);
    }
  }
  log(
    formatTable(
      [
        { header: 'data' },
        { header: 'implementation' },
        { header: 'encode ops/s', align: 'right' },
        { header: 'encode data rate', align: 'right' },
        { header: 'decode ops/s', align: 'right' },
        { header: 'decode time', align: 'right' },
        { header: 'ours/this encode', align: 'right' },
        { header: 'ours/this decode', align: 'right' },
        { header: 'decode zero-copy', align: 'right' },
      ],
      rows,
    ),
  );
  log();

  const small = WRITE_SIZES[0];
  const large = WRITE_SIZES[WRITE_SIZES.length - 1]!;
  // Time ratio 1 MiB / 4 KiB = throughput ratio 4 KiB / 1 MiB, paired per round (all sizes were
  // measured in one interleaved group).
  const scaling = implNames.map((name) => {
    const d4k = writeResults.get(small)!.get(name)!.decode;
    const d1m = writeResults.get(large)!.get(name)!.decode;
    return { name, t4k: d4k.nsPerOp, t1m: d1m.nsPerOp, ratio: pairedRatio(d4k, d1m) };
  });
  log(
    `decode time vs payload size (${fmtBytes(large)} / ${fmtBytes(small)}; ≈1 means zero-copy, ${large / small} would be proportional):`,
  );
  log(
    formatTable(
      [
        { header: 'implementation' },
        { header: `decode ${fmtBytes(small)}`, align: 'right' },
        { header: `decode ${fmtBytes(large)}`, align: 'right' },
        { header: 'time ratio', align: 'right' },
        { header: 'goal' },
      ],
      scaling.map((s) => [
        s.name,
        fmtNs(s.t4k),
        fmtNs(s.t1m),
        fmtRatio(s.ratio),
        s.name === 'ours' ? '< 1.5× (≈ 1: size-independent)' : '',
      ]),
    ),
  );
  const oursScaling = scaling[0]!;
  goals.push({
    label: `(b) WRITE3 decode time ${fmtBytes(large)} / ${fmtBytes(small)} (ours)`,
    target: '< 1.5× (size-independent)',
    actual: `${fmtRatio(oursScaling.ratio)} (${fmtNs(oursScaling.t4k)} vs ${fmtNs(oursScaling.t1m)})`,
    met: oursScaling.ratio < 1.5,
  });
  goals.push({
    label: '(b) WRITE3 decode returns data zero-copy (ours)',
    target: 'data aliases the input buffer',
    actual: WRITE_SIZES.every((s) => writeZero.get(s)!.get('ours')) ? 'yes' : 'no',
    met: WRITE_SIZES.every((s) => writeZero.get(s)!.get('ours')),
  });
  extra.write = {
    sizes: [...WRITE_SIZES],
    decodeScaling: scaling,
    zeroCopy: Object.fromEntries([...writeZero].map(([s, m]) => [s, Object.fromEntries(m)])),
  };
  log();

  notes.push(
    `@stellar/js-xdr v5 has no config() DSL any more; its schema builders (struct, union, option, lazy, ...) define the same RFC 1813 types. entryplus3.nextentry is option(lazy(entryplus3)), so each list node costs 3 depth levels and its default maxDepth (1500) rejects > ~500 entries: encode/decode run with maxDepth ${stellarDepth(entries)}.`,
    'json-pack: Nfsv3Encoder.encodeMessage / Nfsv3Decoder.decodeMessage are its per-procedure NFSv3 body codecs (READDIRPLUS reply, WRITE call) - the same scope as ours (no RPC header). encodeMessage returns a view into its reused, growable writer buffer (the caller must consume it before the next encode); ours returns a fresh, exactly-sized Buffer per message. It decodes filenames to JS strings (UTF-8 decode) and does not check padding, bool values or lengths against maxima.',
    'Our decoders return opaque data and filenames as zero-copy slices of the input; @stellar/js-xdr copies them (Uint8Array.prototype.slice).',
    'Implementations (and, for WRITE3, sizes) are measured with interleaved rounds; every ratio is the median of per-round ratios, so load from other processes largely cancels out. Absolute figures still move with machine load (see the spread column).',
  );
  return { measurements, goals, notes, extra };
}
