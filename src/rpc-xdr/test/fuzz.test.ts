/**
 * Mutation fuzzing of RpcDispatcher.dispatch, socket-free: valid NFSv3 calls (AUTH_SYS and
 * AUTH_NONE) mutated with a seeded PRNG, then a reference model of the RFC 5531 header and
 * credential checks, then fast-check properties with fewer runs.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DROP_REPLY,
  NULL_AUTH,
  RpcDispatcher,
  XdrError,
  XdrReader,
  authSys,
  decodeFromBuffer,
  encodeCall,
  encodeToBuffer,
  rpcMsg,
  type Framing,
  type RpcCallContext,
  type RpcPeer,
  type XdrCodec,
  type XdrProcedure,
} from '@nfs/rpc-xdr';
import {
  EXCLUSIVE,
  NF3REG,
  NFS3ERR_EXIST,
  SET_TO_CLIENT_TIME,
  UNCHECKED,
  UNSTABLE,
  program_NFS_PROGRAM,
  type fattr3,
  type wcc_data,
} from '../../protocol/generated/nfs3.js';

const NFS = program_NFS_PROGRAM.number;
const V3 = program_NFS_PROGRAM.versions.NFS_V3;
const P = V3.procedures;
const PROCS_BY_NUMBER = new Map<number, XdrProcedure>(
  Object.values(P).map((p) => [p.number, p as XdrProcedure]),
);

const TCP_PEER: RpcPeer = {
  transport: 'tcp',
  remoteAddress: '127.0.0.1',
  remotePort: 40000,
  localAddress: '127.0.0.1',
  localPort: 2049,
  connectionId: 1,
};
const UDP_PEER: RpcPeer = { ...TCP_PEER, transport: 'udp', connectionId: 0 };

// ---------------------------------------------------------------------------------------------
// The dispatcher under test: fixed valid results; ACCESS drops, COMMIT throws, READDIRPLUS is
// asynchronous. Every handler checks that the arguments it got re-encode to exactly the bytes of
// the call (the decoder accepts only canonical XDR).

const time = { seconds: 1, nseconds: 2 };
const fattr: fattr3 = {
  type: NF3REG,
  mode: 0o644,
  nlink: 1,
  uid: 0,
  gid: 0,
  size: 10n,
  used: 4096n,
  rdev: { specdata1: 0, specdata2: 0 },
  fsid: 1n,
  fileid: 2n,
  atime: time,
  mtime: time,
  ctime: time,
};
const wcc: wcc_data = {
  before: { attributes_follow: true, attributes: { size: 1n, mtime: time, ctime: time } },
  after: { attributes_follow: true, attributes: fattr },
};

interface HandlerStats {
  calls: number;
  nonCanonical: number;
  nonCanonicalSample: string | undefined;
}

function makeDispatcher(stats: HandlerStats): RpcDispatcher {
  const seen = (args: unknown, ctx: RpcCallContext): void => {
    stats.calls++;
    const bytes = encodeToBuffer(ctx.procedure.args as XdrCodec<unknown>, args);
    if (!bytes.equals(ctx.record.subarray(ctx.argsOffset))) {
      stats.nonCanonical++;
      stats.nonCanonicalSample ??= `${ctx.procedure.name}: ${ctx.record.toString('hex')}`;
    }
  };
  const d = new RpcDispatcher();
  d.register(NFS, V3, {
    NFSPROC3_NULL: (args, ctx) => seen(args, ctx),
    NFSPROC3_GETATTR: (args, ctx) => {
      seen(args, ctx);
      return { status: 0, resok: { obj_attributes: fattr } };
    },
    NFSPROC3_SETATTR: (args, ctx) => {
      seen(args, ctx);
      return { status: 0, resok: { obj_wcc: wcc } };
    },
    NFSPROC3_LOOKUP: (args, ctx) => {
      seen(args, ctx);
      return {
        status: 0,
        resok: {
          object: { data: Buffer.from('looked-up') },
          obj_attributes: { attributes_follow: true, attributes: fattr },
          dir_attributes: { attributes_follow: false },
        },
      };
    },
    NFSPROC3_ACCESS: (args, ctx) => {
      seen(args, ctx);
      return DROP_REPLY;
    },
    NFSPROC3_WRITE: (args, ctx) => {
      seen(args, ctx);
      return {
        status: 0,
        resok: {
          file_wcc: wcc,
          count: args.data.length,
          committed: UNSTABLE,
          verf: Buffer.alloc(8, 7),
        },
      };
    },
    NFSPROC3_CREATE: (args, ctx) => {
      seen(args, ctx);
      return { status: NFS3ERR_EXIST, resfail: { dir_wcc: wcc } };
    },
    NFSPROC3_READDIRPLUS: async (args, ctx) => {
      seen(args, ctx);
      await Promise.resolve();
      return {
        status: 0,
        resok: {
          dir_attributes: { attributes_follow: false },
          cookieverf: Buffer.alloc(8, 1),
          reply: {
            entries: [
              {
                fileid: 3n,
                name: Buffer.from('a'),
                cookie: 1n,
                name_attributes: { attributes_follow: true, attributes: fattr },
                name_handle: { handle_follows: true, handle: { data: Buffer.from('h') } },
              },
            ],
            eof: true,
          },
        },
      };
    },
    NFSPROC3_COMMIT: (args, ctx) => {
      seen(args, ctx);
      throw new Error('commit handler fails');
    },
  });
  return d;
}

/** What each registered procedure's handler does with well-formed arguments. */
const HANDLER_OUTCOME: ReadonlyMap<number, string> = new Map([
  [P.NFSPROC3_NULL.number, 'success'],
  [P.NFSPROC3_GETATTR.number, 'success'],
  [P.NFSPROC3_SETATTR.number, 'success'],
  [P.NFSPROC3_LOOKUP.number, 'success'],
  [P.NFSPROC3_ACCESS.number, 'drop'],
  [P.NFSPROC3_WRITE.number, 'success'],
  [P.NFSPROC3_CREATE.number, 'success'],
  [P.NFSPROC3_READDIRPLUS.number, 'success'],
  [P.NFSPROC3_COMMIT.number, 'SYSTEM_ERR'],
]);

// ---------------------------------------------------------------------------------------------
// Corpus of valid calls (unframed: what dispatch receives).

function buildCorpus(): Buffer[] {
  const fh = { data: Buffer.from('0123456789abcdef0123456789ab') }; // 28 bytes
  const fhOdd = { data: Buffer.from('odd-handle') }; // 10 bytes: padded
  const sattrAll = {
    mode: { set_it: true, mode: 0o600 },
    uid: { set_it: true, uid: 1000 },
    gid: { set_it: false },
    size: { set_it: true, size: 4096n },
    atime: { set_it: SET_TO_CLIENT_TIME, atime: time },
    mtime: { set_it: 1 },
  } as const;
  const calls: Array<(xid: number, cred: typeof NULL_AUTH) => Buffer> = [
    (xid, cred) =>
      encodeCall(
        { xid, prog: NFS, vers: 3, proc: 0, cred },
        P.NFSPROC3_NULL.args,
        undefined,
        'datagram',
      ),
    (xid, cred) =>
      encodeCall(
        { xid, prog: NFS, vers: 3, proc: 1, cred },
        P.NFSPROC3_GETATTR.args,
        { object: fh },
        'datagram',
      ),
    (xid, cred) =>
      encodeCall(
        { xid, prog: NFS, vers: 3, proc: 1, cred },
        P.NFSPROC3_GETATTR.args,
        { object: fhOdd },
        'datagram',
      ),
    (xid, cred) =>
      encodeCall(
        { xid, prog: NFS, vers: 3, proc: 3, cred },
        P.NFSPROC3_LOOKUP.args,
        { what: { dir: fh, name: Buffer.from('some-file.txt') } },
        'datagram',
      ),
    (xid, cred) =>
      encodeCall(
        { xid, prog: NFS, vers: 3, proc: 7, cred },
        P.NFSPROC3_WRITE.args,
        { file: fh, offset: 8192n, count: 101, stable: UNSTABLE, data: Buffer.alloc(101, 0x5a) },
        'datagram',
      ),
    (xid, cred) =>
      encodeCall(
        { xid, prog: NFS, vers: 3, proc: 7, cred },
        P.NFSPROC3_WRITE.args,
        { file: fhOdd, offset: 0n, count: 1, stable: 2, data: Buffer.from([1]) },
        'datagram',
      ),
    (xid, cred) =>
      encodeCall(
        { xid, prog: NFS, vers: 3, proc: 8, cred },
        P.NFSPROC3_CREATE.args,
        {
          where: { dir: fh, name: Buffer.from('new') },
          how: { mode: UNCHECKED, obj_attributes: sattrAll },
        },
        'datagram',
      ),
    (xid, cred) =>
      encodeCall(
        { xid, prog: NFS, vers: 3, proc: 8, cred },
        P.NFSPROC3_CREATE.args,
        {
          where: { dir: fhOdd, name: Buffer.from('excl') },
          how: { mode: EXCLUSIVE, verf: Buffer.alloc(8, 9) },
        },
        'datagram',
      ),
    (xid, cred) =>
      encodeCall(
        { xid, prog: NFS, vers: 3, proc: 17, cred },
        P.NFSPROC3_READDIRPLUS.args,
        { dir: fh, cookie: 0n, cookieverf: Buffer.alloc(8), dircount: 4096, maxcount: 32768 },
        'datagram',
      ),
    (xid, cred) =>
      encodeCall(
        { xid, prog: NFS, vers: 3, proc: 2, cred },
        P.NFSPROC3_SETATTR.args,
        { object: fh, new_attributes: sattrAll, guard: { check: true, obj_ctime: time } },
        'datagram',
      ),
    (xid, cred) =>
      encodeCall(
        { xid, prog: NFS, vers: 3, proc: 4, cred },
        P.NFSPROC3_ACCESS.args,
        { object: fh, access: 0x3f },
        'datagram',
      ),
    (xid, cred) =>
      encodeCall(
        { xid, prog: NFS, vers: 3, proc: 21, cred },
        P.NFSPROC3_COMMIT.args,
        { file: fh, offset: 0n, count: 0 },
        'datagram',
      ),
  ];
  const creds = [
    NULL_AUTH,
    authSys({
      uid: 1000,
      gid: 1000,
      gids: [4, 24, 27, 30],
      machineName: 'client.example',
      stamp: 0x1234,
    }),
    authSys({ uid: 0, gid: 0, machineName: 'x' }),
  ];
  const out: Buffer[] = [];
  let xid = 0x10203040;
  for (const make of calls) for (const cred of creds) out.push(make(xid++, cred));
  return out;
}

const CORPUS = buildCorpus();

// ---------------------------------------------------------------------------------------------
// Mutations. Each op is plain numbers so both the seeded PRNG and fast-check can produce them.

interface Op {
  readonly kind: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
}
const OP_KINDS = 8;
const SPECIAL_BYTES = [0x00, 0xff, 0x7f, 0x80];

function lengthValues(len: number): number[] {
  return [
    0xffffffff,
    0x7fffffff,
    0x80000000,
    0x40000000,
    0x10000000,
    0x00100000,
    0x00400000,
    0x00400001,
    0,
    1,
    16,
    17,
    64,
    65,
    255,
    256,
    400,
    401,
    len,
    len + 4,
  ];
}

function applyOp(input: Buffer, op: Op): Buffer {
  const len = input.length;
  const words = len >>> 2;
  switch (op.kind) {
    case 0: {
      // bit flips
      if (len === 0) return input;
      const out = Buffer.from(input);
      const flips = 1 + (op.b % 3);
      for (let i = 0; i < flips; i++) {
        const bit = (op.a + i * op.c) % (len * 8);
        out[bit >>> 3]! ^= 1 << (bit & 7);
      }
      return out;
    }
    case 1: {
      // byte set to a boundary value
      if (len === 0) return input;
      const out = Buffer.from(input);
      out[op.a % len] = SPECIAL_BYTES[op.b % SPECIAL_BYTES.length]!;
      return out;
    }
    case 2: {
      // a 4-byte length field replaced with a huge / boundary value; mostly a word that already
      // looks like a length (small and non-zero), otherwise any aligned word
      if (words === 0) return input;
      const plausible: number[] = [];
      for (let o = 0; o + 4 <= len; o += 4) {
        const v = input.readUInt32BE(o);
        if (v > 0 && v <= len) plausible.push(o);
      }
      const at =
        op.b % 5 < 3 && plausible.length > 0
          ? plausible[op.a % plausible.length]!
          : (op.a % words) * 4;
      const values = lengthValues(len);
      const out = Buffer.from(input);
      out.writeUInt32BE(values[op.c % values.length]! >>> 0, at);
      return out;
    }
    case 3: {
      // truncation, half the time at a word boundary
      const n = op.a % (len + 1);
      return input.subarray(0, op.b % 2 === 0 ? n & ~3 : n);
    }
    case 4: {
      // duplicate a slice somewhere else
      const start = op.a % (len + 1);
      const n = Math.min(1 + (op.b % 64), len - start);
      const at = op.c % (len + 1);
      return Buffer.concat([
        input.subarray(0, at),
        input.subarray(start, start + n),
        input.subarray(at),
      ]);
    }
    case 5: {
      // insert random bytes, half the time a whole number of words at a word boundary
      const aligned = op.b % 2 === 0;
      const n = aligned ? 4 * (1 + (op.b % 4)) : 1 + (op.b % 15);
      let at = op.a % (len + 1);
      if (aligned) at &= ~3;
      const bytes = Buffer.alloc(n);
      let x = op.c | 1;
      for (let i = 0; i < n; i++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        bytes[i] = x >>> 24;
      }
      return Buffer.concat([input.subarray(0, at), bytes, input.subarray(at)]);
    }
    case 6: {
      // an aligned word replaced with a random value
      if (words === 0) return input;
      const out = Buffer.from(input);
      out.writeUInt32BE(op.c >>> 0, (op.a % words) * 4);
      return out;
    }
    default: {
      // delete a slice
      const start = op.a % (len + 1);
      const n = 1 + (op.b % 32);
      return Buffer.concat([input.subarray(0, start), input.subarray(start + n)]);
    }
  }
}

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function mutate(next: () => number): { input: Buffer; base: Buffer } {
  const base = CORPUS[next() % CORPUS.length]!;
  let input = base;
  const ops = 1 + (next() % 4 === 0 ? 1 + (next() % 3) : 0);
  for (let i = 0; i < ops; i++)
    input = applyOp(input, { kind: next() % OP_KINDS, a: next(), b: next(), c: next() });
  return { input, base };
}

// ---------------------------------------------------------------------------------------------
// Reply checking.

/**
 * Checks one dispatch result for `input` and names its outcome. Throws (an assertion) when the
 * result is not a well-formed reply to `input`.
 */
function checkResult(input: Buffer, result: unknown, framing: Framing): string {
  if (result === undefined) return 'drop';
  assert.ok(Buffer.isBuffer(result), `result is neither a Buffer nor undefined: ${String(result)}`);
  let body = result;
  if (framing === 'record') {
    assert.ok(result.length >= 4, 'framed reply shorter than its record mark');
    assert.equal(result.readUInt32BE(0), (0x80000000 | (result.length - 4)) >>> 0, 'record mark');
    body = result.subarray(4);
  }
  assert.ok(input.length >= 8, 'a reply to a message without xid and type');
  assert.equal(input.readInt32BE(4), 0, 'a reply to a message that is not a CALL');
  const r = new XdrReader(body);
  const msg = rpcMsg.decode_rpc_msg(r);
  assert.equal(msg.xid, input.readUInt32BE(0), 'reply xid');
  assert.equal(msg.body.mtype, rpcMsg.REPLY);
  if (msg.body.mtype !== rpcMsg.REPLY) return 'not-a-reply';
  const rb = msg.body.rbody;
  if (rb.stat === rpcMsg.MSG_DENIED) {
    r.assertEnd();
    if (rb.rreply.stat === rpcMsg.RPC_MISMATCH) {
      assert.deepEqual({ ...rb.rreply.mismatch_info }, { low: 2, high: 2 });
      return 'RPC_MISMATCH';
    }
    return `AUTH_ERROR(${rpcMsg.names_auth_stat[rb.rreply.why] ?? rb.rreply.why})`;
  }
  assert.equal(rb.areply.verf.flavor, rpcMsg.AUTH_NONE, 'reply verifier');
  const rd = rb.areply.reply_data;
  if (rd.stat === rpcMsg.SUCCESS) {
    const proc = PROCS_BY_NUMBER.get(input.readUInt32BE(20));
    assert.ok(proc, 'SUCCESS for an unknown procedure');
    proc.result.decode(r);
    r.assertEnd();
    return 'success';
  }
  r.assertEnd();
  if (rd.stat === rpcMsg.PROG_MISMATCH)
    assert.deepEqual({ ...rd.mismatch_info }, { low: 3, high: 3 });
  return rpcMsg.names_accept_stat[rd.stat] ?? `accept_stat ${rd.stat}`;
}

async function dispatchAndCheck(
  d: RpcDispatcher,
  input: Buffer,
  framing: Framing,
): Promise<{ outcome: string; error?: string }> {
  let out: Buffer | undefined;
  try {
    const res = d.dispatch(input, framing === 'record' ? TCP_PEER : UDP_PEER, framing);
    const reply = res instanceof Promise ? await res : res;
    out = reply === undefined || Buffer.isBuffer(reply) ? reply : Buffer.concat(reply as Buffer[]);
  } catch (e) {
    return { outcome: 'THROWN', error: `dispatch threw ${String(e)} for ${input.toString('hex')}` };
  }
  try {
    return { outcome: checkResult(input, out, framing) };
  } catch (e) {
    return {
      outcome: 'BAD_REPLY',
      error: `${(e as Error).message}; input ${input.toString('hex')}; reply ${out?.toString('hex')}`,
    };
  }
}

/** Runs a full GC when node was started with --expose-gc; reports whether it could. */
function forceGc(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
  return gc !== undefined;
}

function bump(counts: Map<string, number>, k: string): void {
  counts.set(k, (counts.get(k) ?? 0) + 1);
}

function table(counts: Map<string, number>): string {
  return [...counts.entries()]
    .sort((x, y) => y[1] - x[1])
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

// ---------------------------------------------------------------------------------------------
// Reference model of the header and credential checks (RFC 5531 sections 8-9 and appendix A),
// written independently of parseCall / parseCredential. It returns the acceptable outcomes.

const AUTH_FLAVORS = new Set([0, 1, 2, 3, 6]);

function readOpaqueAuth(
  b: Buffer,
  at: number,
): { flavor: number; body: Buffer; next: number } | undefined {
  if (b.length - at < 8) return undefined;
  const flavor = b.readInt32BE(at);
  const n = b.readUInt32BE(at + 4);
  if (!AUTH_FLAVORS.has(flavor) || n > 400) return undefined;
  const padded = (n + 3) & ~3;
  if (b.length - at - 8 < padded) return undefined;
  for (let i = at + 8 + n; i < at + 8 + padded; i++) if (b[i] !== 0) return undefined;
  return { flavor, body: b.subarray(at + 8, at + 8 + n), next: at + 8 + padded };
}

function authSysValid(body: Buffer): boolean {
  let o = 4; // stamp
  if (body.length < o + 4) return false;
  const nameLen = body.readUInt32BE(o);
  o += 4;
  if (nameLen > 255) return false;
  const padded = (nameLen + 3) & ~3;
  if (body.length < o + padded) return false;
  for (let i = o + nameLen; i < o + padded; i++) if (body[i] !== 0) return false;
  o += padded + 8; // name, uid, gid
  if (body.length < o + 4) return false;
  const gids = body.readUInt32BE(o);
  o += 4;
  if (gids > 16) return false;
  return body.length === o + 4 * gids;
}

function expectedOutcomes(input: Buffer): readonly string[] {
  if (input.length < 8 || input.readInt32BE(4) !== 0 || input.length < 12) return ['drop'];
  if (input.readUInt32BE(8) !== 2) return ['RPC_MISMATCH'];
  // A call too short to name its program, version and procedure: Linux drops it; answering
  // AUTH_BADCRED is tolerated here.
  if (input.length < 24) return ['drop', 'AUTH_ERROR(AUTH_BADCRED)'];
  const cred = readOpaqueAuth(input, 24);
  if (!cred) return ['AUTH_ERROR(AUTH_BADCRED)'];
  const verf = readOpaqueAuth(input, cred.next);
  if (!verf) return ['AUTH_ERROR(AUTH_BADVERF)'];
  // AUTH_SYS must parse exactly; AUTH_NONE must have an empty body (as Linux requires).
  const credOk =
    cred.flavor === 1 ? authSysValid(cred.body) : cred.flavor === 0 && cred.body.length === 0;
  if (!credOk) return ['AUTH_ERROR(AUTH_BADCRED)'];
  if (input.readUInt32BE(12) !== NFS) return ['PROG_UNAVAIL'];
  if (input.readUInt32BE(16) !== 3) return ['PROG_MISMATCH'];
  const procNum = input.readUInt32BE(20);
  const handlerOutcome = HANDLER_OUTCOME.get(procNum);
  const proc = PROCS_BY_NUMBER.get(procNum);
  if (handlerOutcome === undefined || !proc) return ['PROC_UNAVAIL'];
  try {
    decodeFromBuffer(proc.args, input.subarray(verf.next));
  } catch (e) {
    if (e instanceof XdrError) return ['GARBAGE_ARGS'];
    throw e;
  }
  return [handlerOutcome];
}

// ---------------------------------------------------------------------------------------------

describe('RpcDispatcher fuzzing', () => {
  it('the corpus itself is answered with each handler outcome', async () => {
    const stats: HandlerStats = { calls: 0, nonCanonical: 0, nonCanonicalSample: undefined };
    const d = makeDispatcher(stats);
    for (const input of CORPUS) {
      for (const framing of ['record', 'datagram'] as const) {
        const { outcome, error } = await dispatchAndCheck(d, input, framing);
        assert.equal(error, undefined, error);
        assert.equal(outcome, HANDLER_OUTCOME.get(input.readUInt32BE(20)));
      }
    }
    assert.equal(stats.calls, CORPUS.length * 2);
    assert.equal(stats.nonCanonical, 0, stats.nonCanonicalSample);
  });

  it('survives 100,000 mutated calls: never throws, always a well-formed reply with the call xid, bounded memory', async () => {
    const N = 100_000;
    const stats: HandlerStats = { calls: 0, nonCanonical: 0, nonCanonicalSample: undefined };
    const d = makeDispatcher(stats);
    const next = prng(0x5eed1813);
    const counts = new Map<string, number>();
    const errors: string[] = [];
    let handled = 0;
    let intactXid = 0;
    let unchanged = 0;

    const gc = forceGc();
    const before = process.memoryUsage();
    for (let i = 0; i < N; i++) {
      const { input, base } = mutate(next);
      const framing: Framing = next() % 4 === 0 ? 'datagram' : 'record';
      const { outcome, error } = await dispatchAndCheck(d, input, framing);
      bump(counts, outcome);
      if (error !== undefined && errors.length < 5) errors.push(error);
      if (input.length >= 4 && input.readUInt32BE(0) === base.readUInt32BE(0)) intactXid++;
      if (input.equals(base)) {
        unchanged++;
        assert.equal(
          outcome,
          HANDLER_OUTCOME.get(base.readUInt32BE(20)),
          'an unmutated call is handled normally',
        );
      }
      if (outcome === 'success' || outcome === 'SYSTEM_ERR' || outcome === 'drop') handled++;
    }
    forceGc();
    const after = process.memoryUsage();
    const heapGrowthMb = (after.heapUsed - before.heapUsed) / 2 ** 20;
    const abGrowthMb = (after.arrayBuffers - before.arrayBuffers) / 2 ** 20;

    console.log(
      `fuzz: ${N} inputs (${intactXid} with the xid intact, ${unchanged} unchanged by mutation); ` +
        `handler calls ${stats.calls}; outcomes: ${table(counts)}; ` +
        `heapUsed growth ${heapGrowthMb.toFixed(1)} MB, arrayBuffers growth ${abGrowthMb.toFixed(1)} MB ` +
        `(forced gc: ${gc})`,
    );
    assert.deepEqual(
      errors,
      [],
      `${counts.get('THROWN') ?? 0} throws, ${counts.get('BAD_REPLY') ?? 0} bad replies`,
    );
    assert.equal(
      stats.nonCanonical,
      0,
      `handler got non-canonical arguments: ${stats.nonCanonicalSample}`,
    );
    // Every handler invocation ends in success, SYSTEM_ERR (throwing COMMIT) or a drop (ACCESS);
    // drops also come from unanswerable messages, so the handler count is at most that sum.
    assert.ok(stats.calls <= handled, `${stats.calls} handler calls > ${handled} handled outcomes`);
    // The mutations must actually reach the interesting outcomes.
    for (const k of [
      'success',
      'GARBAGE_ARGS',
      'AUTH_ERROR(AUTH_BADCRED)',
      'PROC_UNAVAIL',
      'drop',
      'RPC_MISMATCH',
    ]) {
      assert.ok((counts.get(k) ?? 0) > 0, `no ${k} outcome in ${N} inputs`);
    }
    // Without a forced GC, heapUsed still holds uncollected garbage (about 35 MB here), so the
    // bound is generous; with --expose-gc the real growth is about 2 MB.
    const heapBound = gc ? 16 : 96;
    assert.ok(heapGrowthMb < heapBound, `heapUsed grew by ${heapGrowthMb.toFixed(1)} MB`);
    assert.ok(abGrowthMb < 64, `arrayBuffers grew by ${abGrowthMb.toFixed(1)} MB`);
  });

  it('outcomes agree with a reference model of the RFC 5531 header and credential checks', async () => {
    const N = 30_000;
    const stats: HandlerStats = { calls: 0, nonCanonical: 0, nonCanonicalSample: undefined };
    const d = makeDispatcher(stats);
    const next = prng(0xc0ffee);
    const mismatches = new Map<string, number>();
    const samples = new Map<string, string>();
    for (let i = 0; i < N; i++) {
      const { input } = mutate(next);
      const { outcome, error } = await dispatchAndCheck(d, input, 'datagram');
      assert.equal(error, undefined, error);
      const expected = expectedOutcomes(input);
      if (!expected.includes(outcome)) {
        const k = `expected ${expected.join('|')}, got ${outcome}`;
        bump(mismatches, k);
        if (!samples.has(k)) samples.set(k, input.toString('hex'));
      }
    }
    if (mismatches.size > 0) {
      console.log(`reference model mismatches over ${N} inputs: ${table(mismatches)}`);
      for (const [k, hex] of samples) console.log(`  ${k}: input ${hex}`);
    }
    assert.deepEqual(
      [...mismatches.keys()],
      [],
      'dispatch outcomes differ from the reference model',
    );
  });

  it('answers a malformed verifier with AUTH_ERROR / AUTH_BADVERF (3), not AUTH_REJECTEDCRED (2)', async () => {
    const d = makeDispatcher({ calls: 0, nonCanonical: 0, nonCanonicalSample: undefined });
    const call = encodeCall(
      { xid: 99, prog: NFS, vers: 3, proc: 0, cred: NULL_AUTH },
      P.NFSPROC3_NULL.args,
      undefined,
      'datagram',
    );
    const badFlavor = Buffer.from(call);
    badFlavor.writeUInt32BE(99, 32); // verifier flavor (cred is AUTH_NONE with an empty body)
    const tooLong = Buffer.from(call);
    tooLong.writeUInt32BE(401, 36); // verifier body length over the 400-byte limit
    for (const input of [badFlavor, tooLong]) {
      const { outcome, error } = await dispatchAndCheck(d, input, 'datagram');
      assert.equal(error, undefined, error);
      assert.equal(outcome, 'AUTH_ERROR(AUTH_BADVERF)');
    }
  });

  it('property (fast-check): mutated corpus calls never make dispatch throw or answer badly', async () => {
    const stats: HandlerStats = { calls: 0, nonCanonical: 0, nonCanonicalSample: undefined };
    const d = makeDispatcher(stats);
    const counts = new Map<string, number>();
    const opArb = fc.record({
      kind: fc.integer({ min: 0, max: OP_KINDS - 1 }),
      a: fc.nat(),
      b: fc.nat(),
      c: fc.integer({ min: 0, max: 0xffffffff }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: CORPUS.length - 1 }),
        fc.array(opArb, { minLength: 1, maxLength: 4 }),
        fc.constantFrom<Framing>('record', 'datagram'),
        async (idx, ops, framing) => {
          let input = CORPUS[idx]!;
          for (const op of ops) input = applyOp(input, op);
          const { outcome, error } = await dispatchAndCheck(d, input, framing);
          bump(counts, outcome);
          assert.equal(error, undefined, error);
        },
      ),
      { numRuns: 5000, seed: 1813 },
    );
    assert.equal(stats.nonCanonical, 0, stats.nonCanonicalSample);
    console.log(`fast-check mutations: 5000 inputs; outcomes: ${table(counts)}`);
  });

  it('property (fast-check): a valid header followed by arbitrary argument bytes', async () => {
    const stats: HandlerStats = { calls: 0, nonCanonical: 0, nonCanonicalSample: undefined };
    const d = makeDispatcher(stats);
    const counts = new Map<string, number>();
    const procs = [...HANDLER_OUTCOME.keys()];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...procs),
        fc.boolean(),
        fc.uint8Array({ maxLength: 200 }),
        async (proc, sys, tail) => {
          const cred = sys ? authSys({ uid: 1, gid: 1, gids: [2] }) : NULL_AUTH;
          const header = encodeCall(
            { xid: 0xabcdef01, prog: NFS, vers: 3, proc, cred },
            P.NFSPROC3_NULL.args,
            undefined,
            'datagram',
          );
          const input = Buffer.concat([header, tail]);
          const { outcome, error } = await dispatchAndCheck(d, input, 'record');
          bump(counts, outcome);
          assert.equal(error, undefined, error);
          assert.ok(
            expectedOutcomes(input).includes(outcome),
            `outcome ${outcome} for ${input.toString('hex')}`,
          );
        },
      ),
      { numRuns: 3000, seed: 5531 },
    );
    assert.equal(stats.nonCanonical, 0, stats.nonCanonicalSample);
    console.log(`fast-check tails: 3000 inputs; outcomes: ${table(counts)}`);
  });
});
