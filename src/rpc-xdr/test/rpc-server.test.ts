/**
 * RpcServer and RpcClient over real sockets on 127.0.0.1: record-marking edge cases, every RPC
 * and authentication error reply, hostile lengths, handler failures and drops, per-connection
 * backpressure, bounded memory under bad input, UDP, and the client's XID matching, reconnection,
 * pooling and retransmission.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import dgram from 'node:dgram';
import {
  AUTH_NONE_CREDENTIAL,
  DROP_REPLY,
  NULL_AUTH,
  RecordDecoder,
  RpcAcceptedError,
  RpcClient,
  RpcClientPool,
  RpcDeniedError,
  RpcDispatcher,
  RpcError,
  RpcReplyError,
  RpcServer,
  XdrReader,
  XdrWriter,
  allocateXid,
  authSys,
  decodeReply,
  encodeCall,
  frameRecord,
  parseCall,
  rpcMsg,
  voidCodec,
  type DropReply,
  type RpcCallContext,
  type RpcCredential,
  type RpcPeer,
  type XdrProcedure,
  type XdrVersion,
} from '@nfs/rpc-xdr';
import {
  NF3REG,
  UNSTABLE,
  program_NFS_PROGRAM,
  type GETATTR3args,
  type GETATTR3res,
  type fattr3,
} from '../../protocol/generated/nfs3.js';
import { program_MOUNT_PROGRAM } from '../../protocol/generated/mount3.js';

const HOST = '127.0.0.1';
const NFS = program_NFS_PROGRAM.number;
const V3 = program_NFS_PROGRAM.versions.NFS_V3;
const P = V3.procedures;
const MOUNT = program_MOUNT_PROGRAM.number;
const M3 = program_MOUNT_PROGRAM.versions.MOUNT_V3;

/** A second NFS version with only NULL, so PROG_MISMATCH has a range of 2 to 3. */
const NFS_V2_STUB = {
  name: 'NFS_V2',
  number: 2,
  procedures: {
    NFSPROC_NULL: { name: 'NFSPROC_NULL', number: 0, args: voidCodec, result: voidCodec },
  },
} as const satisfies XdrVersion;

// ---------------------------------------------------------------------------------------------
// Small utilities (every wait is bounded in time).

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

function forceGc(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
  return gc !== undefined;
}

/** A controllable promise. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const time = { seconds: 1, nseconds: 0 };
function attrs(fileid: bigint, uid = 0): fattr3 {
  return {
    type: NF3REG,
    mode: 0o644,
    nlink: 1,
    uid,
    gid: 0,
    size: 0n,
    used: 0n,
    rdev: { specdata1: 0, specdata2: 0 },
    fsid: 1n,
    fileid,
    atime: time,
    mtime: time,
    ctime: time,
  };
}

/** A file handle carrying a number, so a reply can be matched to its call. */
function fh(n: number): { data: Buffer } {
  const data = Buffer.alloc(8);
  data.writeUInt32BE(n >>> 0, 0);
  data.write('fh!!', 4);
  return { data };
}

function getattrOk(args: GETATTR3args, ctx: RpcCallContext): GETATTR3res {
  const n = args.object.data.length >= 4 ? args.object.data.readUInt32BE(0) : 0;
  return {
    status: 0,
    resok: { obj_attributes: attrs(BigInt(n), ctx.cred.flavor === 1 ? ctx.cred.uid : 65534) },
  };
}

/** An unframed call message (what the dispatcher receives). */
function callMsg<A>(
  xid: number,
  proc: XdrProcedure<A, unknown>,
  args: A,
  opts: { prog?: number; vers?: number; cred?: typeof NULL_AUTH } = {},
): Buffer {
  return encodeCall(
    {
      xid,
      prog: opts.prog ?? NFS,
      vers: opts.vers ?? 3,
      proc: proc.number,
      cred: opts.cred ?? NULL_AUTH,
    },
    proc.args,
    args,
    'datagram',
  );
}

const nullCall = (xid: number): Buffer => callMsg(xid, P.NFSPROC3_NULL, undefined);

interface ParsedReply {
  readonly xid: number;
  /** SUCCESS, PROG_UNAVAIL, ..., RPC_MISMATCH or AUTH_ERROR. */
  readonly stat: string;
  readonly mismatch?: { low: number; high: number };
  readonly why?: number;
  /** Positioned at the procedure results (SUCCESS only). */
  readonly reader: XdrReader;
}

function parseReply(record: Buffer): ParsedReply {
  const r = new XdrReader(record);
  const msg = rpcMsg.decode_rpc_msg(r);
  assert.equal(msg.body.mtype, rpcMsg.REPLY, 'a REPLY message');
  if (msg.body.mtype !== rpcMsg.REPLY) throw new Error('unreachable');
  const rb = msg.body.rbody;
  if (rb.stat === rpcMsg.MSG_DENIED) {
    if (rb.rreply.stat === rpcMsg.RPC_MISMATCH) {
      return {
        xid: msg.xid,
        stat: 'RPC_MISMATCH',
        mismatch: { ...rb.rreply.mismatch_info },
        reader: r,
      };
    }
    return { xid: msg.xid, stat: 'AUTH_ERROR', why: rb.rreply.why, reader: r };
  }
  const rd = rb.areply.reply_data;
  if (rd.stat === rpcMsg.SUCCESS) return { xid: msg.xid, stat: 'SUCCESS', reader: r };
  if (rd.stat === rpcMsg.PROG_MISMATCH) {
    return { xid: msg.xid, stat: 'PROG_MISMATCH', mismatch: { ...rd.mismatch_info }, reader: r };
  }
  return { xid: msg.xid, stat: rpcMsg.names_accept_stat[rd.stat] ?? String(rd.stat), reader: r };
}

/** A raw TCP connection that collects complete reply records. */
class RawConn {
  readonly received: Buffer[] = [];
  closed = false;
  ended = false;
  private readonly decoder = new RecordDecoder();
  /** Wakes a waiter in `replies` / `waitClosed` when something arrives. */
  private wake: (() => void) | undefined;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.decoder.push(chunk);
      for (let rec = this.decoder.next(); rec; rec = this.decoder.next()) this.received.push(rec);
      this.wake?.();
    });
    socket.on('end', () => {
      this.ended = true;
      this.wake?.();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
  }

  /** Waits until `cond` holds, woken by socket events; fails after `timeoutMs`. */
  private async until(cond: () => boolean, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      const left = deadline - Date.now();
      if (left <= 0) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  static async open(port: number): Promise<RawConn> {
    const socket = net.connect({ host: HOST, port });
    const conn = new RawConn(socket);
    OPEN_SOCKETS.add(socket);
    socket.once('close', () => OPEN_SOCKETS.delete(socket));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    socket.setNoDelay(true);
    return conn;
  }

  write(b: Buffer): void {
    this.socket.write(b);
  }

  /** Waits for `n` more reply records (fails on close or after the timeout). */
  async replies(n: number, timeoutMs = 5000): Promise<Buffer[]> {
    await this.until(() => this.received.length >= n || this.closed, `${n} replies`, timeoutMs);
    assert.ok(
      this.received.length >= n,
      `connection closed after ${this.received.length} of ${n} replies`,
    );
    return this.received.splice(0, n);
  }

  async reply(timeoutMs = 5000): Promise<ParsedReply> {
    const [r] = await this.replies(1, timeoutMs);
    return parseReply(r!);
  }

  async waitClosed(timeoutMs = 5000): Promise<void> {
    await this.until(
      () => this.closed || this.ended,
      'the server to close the connection',
      timeoutMs,
    );
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Every socket and client a test opens, closed in afterEach even when the test fails. */
const OPEN_SOCKETS = new Set<net.Socket>();
const OPEN_CLIENTS = new Set<{ close(): Promise<void> }>();
const OPEN_SERVERS = new Set<RpcServer>();

function track<T extends { close(): Promise<void> }>(c: T): T {
  OPEN_CLIENTS.add(c);
  return c;
}

function client(
  port: number,
  opts: Partial<ConstructorParameters<typeof RpcClient>[0]> = {},
): RpcClient {
  return track(
    new RpcClient({
      host: HOST,
      port,
      reservedPort: false,
      timeoutMs: 5000,
      retransmissions: 0,
      ...opts,
    }),
  );
}

async function extraServer(
  opts: ConstructorParameters<typeof RpcServer>[0] = {},
): Promise<RpcServer> {
  const s = new RpcServer(opts);
  OPEN_SERVERS.add(s);
  return s;
}

function rejectsWith(check: (e: unknown) => void) {
  return (e: unknown): boolean => {
    check(e);
    return true;
  };
}

function acceptedError(stat: number, mismatch?: { low: number; high: number }) {
  return rejectsWith((e) => {
    assert.ok(e instanceof RpcAcceptedError, `expected RpcAcceptedError, got ${String(e)}`);
    assert.equal(e.acceptStat, stat, e.message);
    if (mismatch) assert.deepEqual({ ...e.mismatch }, mismatch);
  });
}

function authError(authStat: number) {
  return rejectsWith((e) => {
    assert.ok(e instanceof RpcDeniedError, `expected RpcDeniedError, got ${String(e)}`);
    assert.equal(e.rejectStat, rpcMsg.AUTH_ERROR, e.message);
    assert.equal(e.authStat, authStat, e.message);
  });
}

function rpcErrorCode(code: string) {
  return rejectsWith((e) => {
    assert.ok(e instanceof RpcError, `expected RpcError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
  });
}

/** AUTH_SYS body built by hand, so limits the encoder enforces can be broken. */
function authSysBody(nameLen: number, gids: number): Buffer {
  const padded = (nameLen + 3) & ~3;
  const buf = Buffer.alloc(4 + 4 + padded + 4 + 4 + 4 + 4 * gids);
  const w = new XdrWriter(buf);
  w.uint(7); // stamp
  w.uint(nameLen);
  buf.fill(0x61, w.pos, w.pos + nameLen);
  w.pos += padded;
  w.uint(1000); // uid
  w.uint(1000); // gid
  w.uint(gids);
  for (let i = 0; i < gids; i++) w.uint(100 + i);
  return buf;
}

// ---------------------------------------------------------------------------------------------
// The shared server: NFSv3 (NULL, GETATTR with a replaceable implementation, LOOKUP, WRITE,
// ACCESS throws, COMMIT rejects, READ throws RpcReplyError), a v2 stub, and MOUNTv3; TCP + UDP.

type GetattrImpl = (
  args: GETATTR3args,
  ctx: RpcCallContext,
) => GETATTR3res | DropReply | Promise<GETATTR3res | DropReply>;

let getattrImpl: GetattrImpl = getattrOk;
let lastCred: RpcCredential | undefined;
let server: RpcServer;
let port: number;

before(async () => {
  server = new RpcServer();
  server.register(NFS, V3, {
    NFSPROC3_NULL: () => undefined,
    NFSPROC3_GETATTR: (args, ctx) => {
      lastCred = ctx.cred;
      return getattrImpl(args, ctx);
    },
    NFSPROC3_LOOKUP: () => ({
      status: 2,
      resfail: { dir_attributes: { attributes_follow: false } },
    }),
    NFSPROC3_WRITE: (args) => ({
      status: 0,
      resok: {
        file_wcc: { before: { attributes_follow: false }, after: { attributes_follow: false } },
        count: args.data.length,
        committed: UNSTABLE,
        verf: Buffer.alloc(8),
      },
    }),
    NFSPROC3_ACCESS: () => {
      throw new Error('access handler bug');
    },
    NFSPROC3_COMMIT: async () => {
      await sleep(1);
      throw new Error('commit handler bug');
    },
    NFSPROC3_READ: () => {
      throw new RpcReplyError(
        { kind: 'denied', authStat: rpcMsg.AUTH_TOOWEAK },
        'needs a stronger flavor',
      );
    },
  });
  server.register(NFS, NFS_V2_STUB, { NFSPROC_NULL: () => undefined });
  server.register(MOUNT, M3, {
    MOUNTPROC3_NULL: () => undefined,
    MOUNTPROC3_MNT: (path) => ({
      fhs_status: 0,
      mountinfo: {
        fhandle: Buffer.from(`root:${path.toString()}`),
        auth_flavors: [rpcMsg.AUTH_SYS],
      },
    }),
  });
  ({ port } = await server.listen({ host: HOST, port: 0, udp: true }));
});

afterEach(async () => {
  getattrImpl = getattrOk;
  for (const c of OPEN_CLIENTS) await c.close();
  OPEN_CLIENTS.clear();
  for (const s of OPEN_SOCKETS) s.destroy();
  OPEN_SOCKETS.clear();
  for (const s of OPEN_SERVERS) await s.close(50);
  OPEN_SERVERS.clear();
});

after(async () => {
  await server.close(100);
});

// ---------------------------------------------------------------------------------------------

describe('RpcServer: good calls', () => {
  it('answers NULL and GETATTR (RpcClient) for NFS, and MOUNT on the same port', async () => {
    const c = client(port);
    await c.call(NFS, 3, P.NFSPROC3_NULL, undefined);
    const res = await c.call(NFS, 3, P.NFSPROC3_GETATTR, { object: fh(42) });
    assert.equal(res.status, 0);
    assert.equal(res.status === 0 && res.resok.obj_attributes.fileid, 42n);
    await c.call(NFS, 2, NFS_V2_STUB.procedures.NFSPROC_NULL, undefined);
    await c.call(MOUNT, 3, M3.procedures.MOUNTPROC3_NULL, undefined);
    const mnt = await c.call(MOUNT, 3, M3.procedures.MOUNTPROC3_MNT, Buffer.from('/export'));
    assert.equal(mnt.fhs_status, 0);
    assert.equal(mnt.fhs_status === 0 && mnt.mountinfo.fhandle.toString(), 'root:/export');
    const w = await c.call(NFS, 3, P.NFSPROC3_WRITE, {
      file: fh(1),
      offset: 0n,
      count: 5,
      stable: UNSTABLE,
      data: Buffer.from('hello'),
    });
    assert.equal(w.status === 0 && w.resok.count, 5);
  });

  it('answers a call split into 1-byte fragments, written at once', async () => {
    const conn = await RawConn.open(port);
    conn.write(frameRecord(callMsg(0x1001, P.NFSPROC3_GETATTR, { object: fh(7) }), 1));
    const r = await conn.reply();
    assert.equal(r.xid, 0x1001);
    assert.equal(r.stat, 'SUCCESS');
    const res = P.NFSPROC3_GETATTR.result.decode(r.reader);
    assert.equal(res.status === 0 && res.resok.obj_attributes.fileid, 7n);
  });

  it('answers a call split into 1-byte fragments, written one byte per write', async () => {
    const conn = await RawConn.open(port);
    const framed = frameRecord(callMsg(0x1002, P.NFSPROC3_GETATTR, { object: fh(8) }), 1);
    for (let i = 0; i < framed.length; i++) {
      conn.write(framed.subarray(i, i + 1));
      if (i % 16 === 0) await new Promise((r) => setImmediate(r));
    }
    const r = await conn.reply();
    assert.equal(r.xid, 0x1002);
    assert.equal(r.stat, 'SUCCESS');
    // And a normally framed call still works afterwards on the same connection.
    conn.write(frameRecord(nullCall(0x1003)));
    assert.equal((await conn.reply()).xid, 0x1003);
  });

  it('answers several records written in one chunk, in order, then closes after a half-close', async () => {
    const conn = await RawConn.open(port);
    conn.write(Buffer.concat([1, 2, 3, 4, 5].map((i) => frameRecord(nullCall(0x2000 + i)))));
    conn.socket.end();
    const replies = await conn.replies(5);
    assert.deepEqual(
      replies.map((r) => parseReply(r).xid),
      [0x2001, 0x2002, 0x2003, 0x2004, 0x2005],
    );
    await conn.waitClosed();
  });
});

describe('RpcServer: broken framing', () => {
  it('a truncated record then close does not disturb other connections', async () => {
    const bad = await RawConn.open(port);
    const framed = frameRecord(nullCall(0x3001));
    bad.write(framed.subarray(0, framed.length - 3));
    bad.socket.end();
    await bad.waitClosed();
    assert.equal(bad.received.length, 0, 'no reply to a truncated record');

    const reset = await RawConn.open(port);
    reset.write(framed.subarray(0, 6));
    await sleep(10);
    reset.destroy();

    const good = await RawConn.open(port);
    good.write(frameRecord(nullCall(0x3002)));
    assert.equal((await good.reply()).xid, 0x3002);
  });

  it('a fragment header claiming 2 GiB closes that connection; other connections are still served', async () => {
    const good = await RawConn.open(port);
    const before = process.memoryUsage().arrayBuffers;
    for (const mark of [0xffffffff, 0x7fffffff]) {
      const bad = await RawConn.open(port);
      const h = Buffer.alloc(4);
      h.writeUInt32BE(mark);
      bad.write(h);
      await bad.waitClosed();
      bad.destroy();
    }
    const grewMb = (process.memoryUsage().arrayBuffers - before) / 2 ** 20;
    assert.ok(grewMb < 256, `arrayBuffers grew by ${grewMb.toFixed(0)} MB`);
    good.write(frameRecord(nullCall(0x3003)));
    assert.equal((await good.reply()).xid, 0x3003);
    await waitFor(() => server.connectionCount === 1, 'the bad connections to be gone');
  });

  it('too many empty fragments closes the connection', async () => {
    const bad = await RawConn.open(port);
    bad.write(Buffer.alloc(4 * 16_385)); // default limit is 16,384 fragments per record
    await bad.waitClosed();
    const good = await RawConn.open(port);
    good.write(frameRecord(nullCall(0x3004)));
    assert.equal((await good.reply()).xid, 0x3004);
  });

  it('trailing bytes after a valid call in the same record get GARBAGE_ARGS; the connection still works', async () => {
    const conn = await RawConn.open(port);
    conn.write(frameRecord(Buffer.concat([nullCall(0x4001), Buffer.alloc(4)])));
    let r = await conn.reply();
    assert.deepEqual([r.xid, r.stat], [0x4001, 'GARBAGE_ARGS']);
    conn.write(
      frameRecord(
        Buffer.concat([callMsg(0x4002, P.NFSPROC3_GETATTR, { object: fh(1) }), Buffer.alloc(8, 1)]),
      ),
    );
    r = await conn.reply();
    assert.deepEqual([r.xid, r.stat], [0x4002, 'GARBAGE_ARGS']);
    conn.write(frameRecord(nullCall(0x4003)));
    r = await conn.reply();
    assert.deepEqual([r.xid, r.stat], [0x4003, 'SUCCESS']);
  });

  it('garbage as a separate record is handled on its own and the connection keeps working', async () => {
    const conn = await RawConn.open(port);
    const notACall = Buffer.from('00000777000000050000000200000003deadbeef', 'hex'); // mtype 5: dropped
    const tiny = Buffer.from([1, 2, 3]); // no header: dropped
    const junkCall = Buffer.concat([
      Buffer.from('0000078800000000', 'hex'),
      Buffer.alloc(13, 0xfe),
    ]); // CALL + junk
    const empty = Buffer.alloc(0);
    conn.write(
      Buffer.concat([
        frameRecord(nullCall(0x4101)),
        frameRecord(notACall),
        frameRecord(tiny),
        frameRecord(empty),
        frameRecord(junkCall),
        frameRecord(nullCall(0x4102)),
      ]),
    );
    const seen = new Map<number, string>();
    await waitFor(() => {
      for (const rec of conn.received.splice(0)) {
        const r = parseReply(rec);
        seen.set(r.xid, r.stat);
      }
      return seen.has(0x4101) && seen.has(0x4102);
    }, 'both valid calls to be answered');
    assert.equal(seen.get(0x4101), 'SUCCESS');
    assert.equal(seen.get(0x4102), 'SUCCESS');
    assert.ok(!seen.has(0x777), 'no reply to a message that is not a CALL');
    for (const xid of seen.keys())
      assert.ok([0x4101, 0x4102, 0x788].includes(xid), `unexpected xid ${xid}`);
    conn.write(frameRecord(nullCall(0x4103)));
    assert.equal((await conn.reply()).xid, 0x4103);
  });
});

describe('RpcServer: RPC-level errors', () => {
  it('unknown program → PROG_UNAVAIL, unknown version → PROG_MISMATCH (low, high), unknown procedure → PROC_UNAVAIL', async () => {
    const c = client(port);
    await assert.rejects(
      c.call(200_000, 1, P.NFSPROC3_NULL, undefined),
      acceptedError(rpcMsg.PROG_UNAVAIL),
    );
    await assert.rejects(
      c.call(NFS, 4, P.NFSPROC3_NULL, undefined),
      acceptedError(rpcMsg.PROG_MISMATCH, { low: 2, high: 3 }),
    );
    await assert.rejects(
      c.call(NFS, 1, P.NFSPROC3_NULL, undefined),
      acceptedError(rpcMsg.PROG_MISMATCH, { low: 2, high: 3 }),
    );
    await assert.rejects(
      c.call(MOUNT, 1, M3.procedures.MOUNTPROC3_NULL, undefined),
      acceptedError(rpcMsg.PROG_MISMATCH, { low: 3, high: 3 }),
    );
    const proc99: XdrProcedure<void, void> = { ...P.NFSPROC3_NULL, number: 99 };
    await assert.rejects(c.call(NFS, 3, proc99, undefined), acceptedError(rpcMsg.PROC_UNAVAIL));
    // A procedure of the version that has no handler.
    await assert.rejects(
      c.call(NFS, 3, P.NFSPROC3_FSINFO, { fsroot: fh(1) }),
      acceptedError(rpcMsg.PROC_UNAVAIL),
    );
    await assert.rejects(
      c.call(MOUNT, 3, M3.procedures.MOUNTPROC3_EXPORT, undefined),
      acceptedError(rpcMsg.PROC_UNAVAIL),
    );
  });

  it('rpcvers 3 → MSG_DENIED / RPC_MISMATCH with low = high = 2', async () => {
    const conn = await RawConn.open(port);
    const msg = nullCall(0x5001);
    msg.writeUInt32BE(3, 8);
    conn.write(frameRecord(msg));
    const r = await conn.reply();
    assert.equal(r.xid, 0x5001);
    assert.equal(r.stat, 'RPC_MISMATCH');
    assert.deepEqual(r.mismatch, { low: 2, high: 2 });
    conn.write(frameRecord(nullCall(0x5002)));
    assert.equal((await conn.reply()).stat, 'SUCCESS');
  });

  it('unknown credential flavor 99 → AUTH_ERROR / AUTH_BADCRED', async () => {
    const conn = await RawConn.open(port);
    const msg = callMsg(0x5101, P.NFSPROC3_GETATTR, { object: fh(1) });
    msg.writeUInt32BE(99, 24); // cred flavor
    conn.write(frameRecord(msg));
    const r = await conn.reply();
    assert.deepEqual([r.xid, r.stat, r.why], [0x5101, 'AUTH_ERROR', rpcMsg.AUTH_BADCRED]);
    // Known but unsupported flavors too (AUTH_DH, RPCSEC_GSS).
    const c = client(port);
    for (const flavor of [rpcMsg.AUTH_DH, rpcMsg.RPCSEC_GSS, rpcMsg.AUTH_SHORT] as const) {
      await assert.rejects(
        c.call(
          NFS,
          3,
          P.NFSPROC3_GETATTR,
          { object: fh(1) },
          { cred: { flavor, body: Buffer.alloc(8) } },
        ),
        authError(rpcMsg.AUTH_BADCRED),
      );
    }
  });

  it('AUTH_SYS: 300-byte machine name → AUTH_BADCRED; 17 gids → AUTH_BADCRED; 255 bytes and 16 gids → accepted', async () => {
    const c = client(port);
    const call = (body: Buffer): Promise<GETATTR3res> =>
      c.call(
        NFS,
        3,
        P.NFSPROC3_GETATTR,
        { object: fh(5) },
        { cred: { flavor: rpcMsg.AUTH_SYS, body } },
      );
    await assert.rejects(call(authSysBody(300, 0)), authError(rpcMsg.AUTH_BADCRED));
    await assert.rejects(call(authSysBody(256, 16)), authError(rpcMsg.AUTH_BADCRED));
    await assert.rejects(call(authSysBody(8, 17)), authError(rpcMsg.AUTH_BADCRED));
    await assert.rejects(
      call(Buffer.concat([authSysBody(8, 1), Buffer.alloc(4)])),
      authError(rpcMsg.AUTH_BADCRED),
    );
    await assert.rejects(call(authSysBody(8, 1).subarray(0, 20)), authError(rpcMsg.AUTH_BADCRED));
    const gidsHuge = authSysBody(8, 0);
    gidsHuge.writeUInt32BE(0x80000000, gidsHuge.length - 4);
    await assert.rejects(call(gidsHuge), authError(rpcMsg.AUTH_BADCRED));

    lastCred = undefined;
    const res = await call(authSysBody(255, 16));
    assert.equal(res.status === 0 && res.resok.obj_attributes.uid, 1000);
    const seen = lastCred as RpcCredential | undefined; // assigned by the handler
    assert.ok(seen && seen.flavor === rpcMsg.AUTH_SYS);
    assert.equal(seen.machineName.length, 255);
    assert.equal(seen.gids.length, 16);
    // And the authSys() helper's credential.
    const ok = await c.call(
      NFS,
      3,
      P.NFSPROC3_GETATTR,
      { object: fh(5) },
      { cred: authSys({ uid: 42, gid: 42, gids: [1, 2] }) },
    );
    assert.equal(ok.status === 0 && ok.resok.obj_attributes.uid, 42);
    await c.call(NFS, 3, P.NFSPROC3_GETATTR, { object: fh(5) });
    assert.equal(lastCred, AUTH_NONE_CREDENTIAL);
  });

  it('a malformed verifier → AUTH_ERROR / AUTH_BADVERF (3)', async () => {
    const conn = await RawConn.open(port);
    const msg = nullCall(0x5201);
    msg.writeUInt32BE(99, 32); // verifier flavor (cred is AUTH_NONE with an empty body)
    conn.write(frameRecord(msg));
    const r = await conn.reply();
    assert.deepEqual([r.xid, r.stat], [0x5201, 'AUTH_ERROR']);
    assert.equal(
      r.why,
      rpcMsg.AUTH_BADVERF,
      `auth_stat ${r.why} (${rpcMsg.names_auth_stat[r.why ?? -1]})`,
    );
  });

  it('lengths claiming 2^31 elements in the arguments → GARBAGE_ARGS, without allocating them', async () => {
    const conn = await RawConn.open(port);
    const patched: Array<{ name: string; msg: Buffer }> = [];
    const at = (msg: Buffer, rel: number): number => {
      const p = parseCall(msg);
      assert.equal(p.kind, 'call');
      return (p.kind === 'call' ? p.call.argsOffset : 0) + rel;
    };
    for (const huge of [0x80000000, 0xffffffff, 0x7fffffff, 0x00400001]) {
      // GETATTR: nfs_fh3 is opaque data<64>.
      const g = callMsg(1, P.NFSPROC3_GETATTR, { object: fh(1) });
      g.writeUInt32BE(huge, at(g, 0));
      patched.push({ name: `GETATTR fh length ${huge}`, msg: g });
      // WRITE: data is opaque<> (unbounded): fh length(4) + fh(8) + offset(8) + count(4) + stable(4).
      const w = callMsg(1, P.NFSPROC3_WRITE, {
        file: fh(1),
        offset: 0n,
        count: 4,
        stable: UNSTABLE,
        data: Buffer.alloc(4),
      });
      w.writeUInt32BE(huge, at(w, 28));
      patched.push({ name: `WRITE data length ${huge}`, msg: w });
      // LOOKUP: filename3 is string<> (unbounded): fh length(4) + fh(8).
      const l = callMsg(1, P.NFSPROC3_LOOKUP, { what: { dir: fh(1), name: Buffer.from('name') } });
      l.writeUInt32BE(huge, at(l, 12));
      patched.push({ name: `LOOKUP name length ${huge}`, msg: l });
      // MOUNT MNT: dirpath is string<1024>.
      const m = callMsg(1, M3.procedures.MOUNTPROC3_MNT, Buffer.from('/x'), { prog: MOUNT });
      m.writeUInt32BE(huge, at(m, 0));
      patched.push({ name: `MNT path length ${huge}`, msg: m });
    }
    forceGc();
    const before = process.memoryUsage();
    let xid = 0x6000;
    for (let round = 0; round < 20; round++) {
      for (const { name, msg } of patched) {
        msg.writeUInt32BE(++xid, 0);
        conn.write(frameRecord(msg));
        const r = await conn.reply();
        assert.deepEqual([r.xid, r.stat], [xid, 'GARBAGE_ARGS'], name);
      }
    }
    const afterMem = process.memoryUsage();
    const abMb = (afterMem.arrayBuffers - before.arrayBuffers) / 2 ** 20;
    const rssMb = (afterMem.rss - before.rss) / 2 ** 20;
    assert.ok(abMb < 256, `arrayBuffers grew by ${abMb.toFixed(0)} MB`);
    assert.ok(rssMb < 512, `rss grew by ${rssMb.toFixed(0)} MB`);
  });
});

describe('RpcServer: handlers', () => {
  it('a handler that throws (sync or async) → SYSTEM_ERR; RpcReplyError → its status', async () => {
    const c = client(port);
    await assert.rejects(
      c.call(NFS, 3, P.NFSPROC3_ACCESS, { object: fh(1), access: 1 }),
      acceptedError(rpcMsg.SYSTEM_ERR),
    );
    await assert.rejects(
      c.call(NFS, 3, P.NFSPROC3_COMMIT, { file: fh(1), offset: 0n, count: 0 }),
      acceptedError(rpcMsg.SYSTEM_ERR),
    );
    await assert.rejects(
      c.call(NFS, 3, P.NFSPROC3_READ, { file: fh(1), offset: 0n, count: 1 }),
      authError(rpcMsg.AUTH_TOOWEAK),
    );
    // A result the codec cannot encode is a handler bug too.
    getattrImpl = () => ({
      status: 0,
      resok: { obj_attributes: { ...attrs(1n), type: 99 as never } },
    });
    await assert.rejects(
      c.call(NFS, 3, P.NFSPROC3_GETATTR, { object: fh(1) }),
      acceptedError(rpcMsg.SYSTEM_ERR),
    );
    getattrImpl = () => {
      throw new RpcReplyError(
        { kind: 'accepted', acceptStat: rpcMsg.GARBAGE_ARGS },
        'handler says garbage',
      );
    };
    await assert.rejects(
      c.call(NFS, 3, P.NFSPROC3_GETATTR, { object: fh(1) }),
      acceptedError(rpcMsg.GARBAGE_ARGS),
    );
    // The server is still fine.
    await c.call(NFS, 3, P.NFSPROC3_NULL, undefined);
  });

  it('dispatch never throws, even when a handler throws RpcReplyError with an invalid auth_stat', () => {
    const d = new RpcDispatcher();
    d.register(NFS, V3, {
      NFSPROC3_NULL: () => {
        throw new RpcReplyError({ kind: 'denied', authStat: 99 }, 'bad auth_stat from a handler');
      },
    });
    const peer: RpcPeer = {
      transport: 'tcp',
      remoteAddress: HOST,
      remotePort: 1,
      localAddress: HOST,
      localPort: 2,
      connectionId: 1,
    };
    let out: ReturnType<RpcDispatcher['dispatch']> | undefined;
    assert.doesNotThrow(() => {
      out = d.dispatch(nullCall(0x6101), peer, 'datagram');
    });
    assert.ok(Buffer.isBuffer(out), 'a reply (SYSTEM_ERR) is expected');
    const r = parseReply(out);
    assert.deepEqual([r.xid, r.stat], [0x6101, 'SYSTEM_ERR']);
  });

  it('DROP_REPLY sends nothing; the client retransmits the same xid, then fails with NFSP_ERR_RPC_TIMEOUT', async () => {
    const xids: number[] = [];
    getattrImpl = (_args, ctx) => {
      xids.push(ctx.xid);
      return DROP_REPLY;
    };
    // Raw: the dropped call gets no reply; the NULL after it on the same connection does.
    const conn = await RawConn.open(port);
    conn.write(
      Buffer.concat([
        frameRecord(callMsg(0x7001, P.NFSPROC3_GETATTR, { object: fh(1) })),
        frameRecord(nullCall(0x7002)),
      ]),
    );
    assert.equal((await conn.reply()).xid, 0x7002);
    assert.deepEqual(xids, [0x7001]);
    xids.length = 0;

    const c = client(port, { timeoutMs: 100, retransmissions: 1 });
    // Connect first (with a generous timeout), so both tries go out on an open connection.
    await c.call(NFS, 3, P.NFSPROC3_NULL, undefined, { timeoutMs: 5000 });
    await assert.rejects(
      c.call(NFS, 3, P.NFSPROC3_GETATTR, { object: fh(1) }),
      rpcErrorCode('NFSP_ERR_RPC_TIMEOUT'),
    );
    assert.ok(c.stats.retransmits >= 1, `retransmits ${c.stats.retransmits}`);
    assert.equal(c.stats.timeouts, 1);
    await waitFor(() => xids.length >= 2, 'the retransmission to reach the server');
    assert.equal(xids.length, 2, 'first try and one retransmission');
    assert.equal(xids[0], xids[1], 'a retransmission keeps the xid');
    assert.equal(c.outstanding, 0);
  });

  it('a dropped first try is answered on retransmission', async () => {
    let n = 0;
    getattrImpl = (args, ctx) => (n++ === 0 ? DROP_REPLY : getattrOk(args, ctx));
    const c = client(port, { timeoutMs: 100, retransmissions: 2 });
    const res = await c.call(NFS, 3, P.NFSPROC3_GETATTR, { object: fh(9) });
    assert.equal(res.status === 0 && res.resok.obj_attributes.fileid, 9n);
    assert.ok(c.stats.retransmits >= 1);
  });
});

describe('RpcServer: backpressure and memory', () => {
  it('maxInFlightPerConnection=2: at most 2 handlers run at once on a connection; all 50 calls answered', async () => {
    const s = await extraServer({ maxInFlightPerConnection: 2 });
    let running = 0;
    let maxRunning = 0;
    let started = 0;
    const gates: Array<() => void> = [];
    let released = false;
    s.register(NFS, V3, {
      NFSPROC3_GETATTR: async (args, ctx) => {
        started++;
        running++;
        maxRunning = Math.max(maxRunning, running);
        try {
          if (!released) {
            const g = deferred();
            gates.push(g.resolve);
            await g.promise;
          } else {
            await new Promise((r) => setImmediate(r));
          }
          return getattrOk(args, ctx);
        } finally {
          running--;
        }
      },
    });
    const { port: p2 } = await s.listen({ host: HOST, port: 0 });
    const c = client(p2, { timeoutMs: 10_000 });
    const calls = Array.from({ length: 50 }, (_, i) =>
      c.call(NFS, 3, P.NFSPROC3_GETATTR, { object: fh(i) }),
    );
    await waitFor(() => started >= 2, 'two handlers to start');
    // Give the server every chance to (wrongly) start a third one.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    await sleep(50);
    assert.equal(started, 2, 'only two calls started while both are blocked');
    released = true;
    for (const g of gates.splice(0)) g();
    const results = await Promise.all(calls);
    results.forEach((r, i) =>
      assert.equal(r.status === 0 && r.resok.obj_attributes.fileid, BigInt(i)),
    );
    assert.equal(started, 50);
    assert.ok(maxRunning <= 2, `max concurrent handlers ${maxRunning}`);
    assert.equal(maxRunning, 2);
  });

  it('maxInFlightPerConnection=2: 50 calls in one write then a half-close are all answered before the server closes', async () => {
    const s = await extraServer({ maxInFlightPerConnection: 2 });
    let running = 0;
    let maxRunning = 0;
    s.register(NFS, V3, {
      NFSPROC3_GETATTR: async (args, ctx) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await sleep(1);
        running--;
        return getattrOk(args, ctx);
      },
    });
    const { port: p2 } = await s.listen({ host: HOST, port: 0 });
    const conn = await RawConn.open(p2);
    conn.write(
      Buffer.concat(
        Array.from({ length: 50 }, (_, i) =>
          frameRecord(callMsg(0x8000 + i, P.NFSPROC3_GETATTR, { object: fh(i) })),
        ),
      ),
    );
    conn.socket.end();
    const replies = (await conn.replies(50)).map(parseReply);
    assert.deepEqual(
      replies.map((r) => r.xid).sort((a, b) => a - b),
      Array.from({ length: 50 }, (_, i) => 0x8000 + i),
    );
    assert.ok(replies.every((r) => r.stat === 'SUCCESS'));
    assert.ok(maxRunning <= 2, `max concurrent handlers ${maxRunning}`);
    await conn.waitClosed();
  });

  it('maxInFlight=2 server-wide: at most 2 handlers over all connections; starved connections resume', async () => {
    const s = await extraServer({ maxInFlight: 2 });
    let running = 0;
    let maxRunning = 0;
    let started = 0;
    const gates: Array<() => void> = [];
    let released = false;
    s.register(NFS, V3, {
      NFSPROC3_GETATTR: async (args, ctx) => {
        started++;
        running++;
        maxRunning = Math.max(maxRunning, running);
        try {
          if (!released) {
            const g = deferred();
            gates.push(g.resolve);
            await g.promise;
          }
          return getattrOk(args, ctx);
        } finally {
          running--;
        }
      },
    });
    const { port: p2 } = await s.listen({ host: HOST, port: 0 });
    const clients = [client(p2), client(p2), client(p2)];
    const calls = clients.flatMap((c, k) =>
      Array.from({ length: 10 }, (_, i) =>
        c.call(NFS, 3, P.NFSPROC3_GETATTR, { object: fh(k * 100 + i) }),
      ),
    );
    await waitFor(() => started >= 2, 'two handlers to start');
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    await sleep(50);
    assert.equal(started, 2, 'only two calls started server-wide while both are blocked');
    released = true;
    for (const g of gates.splice(0)) g();
    const results = await Promise.all(calls);
    results.forEach((r, j) =>
      assert.equal(
        r.status === 0 && r.resok.obj_attributes.fileid,
        BigInt(Math.floor(j / 10) * 100 + (j % 10)),
      ),
    );
    assert.ok(maxRunning <= 2, `max concurrent handlers ${maxRunning}`);
    assert.equal(s.inFlight, 0);
  });

  it('close() lets calls in progress finish and sends their replies', async () => {
    const s = await extraServer();
    let started = 0;
    s.register(NFS, V3, {
      NFSPROC3_GETATTR: async (args, ctx) => {
        started++;
        await sleep(50);
        return getattrOk(args, ctx);
      },
    });
    const { port: p2 } = await s.listen({ host: HOST, port: 0 });
    const c = client(p2);
    const call = c.call(NFS, 3, P.NFSPROC3_GETATTR, { object: fh(3) });
    await waitFor(() => started === 1, 'the call to start');
    await s.close(5000);
    const res = await call;
    assert.equal(res.status === 0 && res.resok.obj_attributes.fileid, 3n);
    assert.equal(s.connectionCount, 0);
  });

  it('maxConnections=1: a second connection is closed at once; the first is still served', async () => {
    const s = await extraServer({ maxConnections: 1 });
    s.register(NFS, V3, { NFSPROC3_NULL: () => undefined });
    const { port: p2 } = await s.listen({ host: HOST, port: 0 });
    const first = await RawConn.open(p2);
    first.write(frameRecord(nullCall(0xb001)));
    assert.equal((await first.reply()).xid, 0xb001);
    const second = await RawConn.open(p2);
    await second.waitClosed();
    first.write(frameRecord(nullCall(0xb002)));
    assert.equal((await first.reply()).xid, 0xb002);
    assert.equal(s.connectionCount, 1);
  });

  it('memory stays flat over 20,000 bad records on a few connections; NULL still answered', async () => {
    const bad: Array<{ framed: Buffer; replies: boolean }> = [];
    const add = (msg: Buffer, replies: boolean): void =>
      void bad.push({ framed: frameRecord(msg), replies });
    const v3 = nullCall(1);
    v3.writeUInt32BE(3, 8);
    add(v3, true); // RPC_MISMATCH
    add(callMsg(1, P.NFSPROC3_NULL, undefined, { prog: 4242 }), true); // PROG_UNAVAIL
    add(callMsg(1, P.NFSPROC3_NULL, undefined, { vers: 9 }), true); // PROG_MISMATCH
    const flavor = nullCall(1);
    flavor.writeUInt32BE(99, 24);
    add(flavor, true); // AUTH_BADCRED
    add(
      callMsg(
        1,
        P.NFSPROC3_GETATTR,
        { object: fh(1) },
        { cred: { flavor: rpcMsg.AUTH_SYS, body: authSysBody(300, 0) } },
      ),
      true,
    );
    const g = callMsg(1, P.NFSPROC3_GETATTR, { object: fh(1) });
    g.writeUInt32BE(0x80000000, 40);
    add(g, true); // GARBAGE_ARGS
    const w = callMsg(1, P.NFSPROC3_WRITE, {
      file: fh(1),
      offset: 0n,
      count: 4,
      stable: UNSTABLE,
      data: Buffer.alloc(4),
    });
    w.writeUInt32BE(0xffffffff, 40 + 28);
    add(w, true); // GARBAGE_ARGS
    add(Buffer.concat([nullCall(1), Buffer.alloc(64)]), true); // trailing bytes: GARBAGE_ARGS
    add(Buffer.from('0000000100000001000000000000000000000000', 'hex'), false); // a REPLY: dropped
    add(Buffer.from([0, 0, 0, 1]), false); // too short: dropped
    add(Buffer.alloc(0), false); // empty: dropped
    const repliesPerCycle = bad.filter((b) => b.replies).length;

    const CONNECTIONS = 4;
    const BATCH = 25; // cycles of all templates per write
    const perBatch = BATCH * bad.length;
    const cycle = Buffer.concat(bad.map((b) => b.framed));
    const batch = Buffer.concat(Array.from({ length: BATCH }, () => cycle));
    const conns = await Promise.all(Array.from({ length: CONNECTIONS }, () => RawConn.open(port)));

    const sendBatch = async (conn: RawConn): Promise<void> => {
      conn.write(batch);
      const replies = await conn.replies(BATCH * repliesPerCycle, 10_000);
      for (const r of replies) assert.notEqual(parseReply(r).stat, 'SUCCESS');
    };
    // Warm up, then measure.
    await Promise.all(conns.map(sendBatch));
    const gc = forceGc();
    const heapBefore = process.memoryUsage().heapUsed;
    let sent = 0;
    const target = 20_000;
    for (let i = 0; sent < target && i < 1000; i++) {
      await Promise.all(conns.map(sendBatch));
      sent += CONNECTIONS * perBatch;
      // Now and then a connection is killed by bad framing and replaced.
      const victim = await RawConn.open(port);
      victim.write(Buffer.from([0xff, 0xff, 0xff, 0xff]));
      await victim.waitClosed();
      victim.destroy();
    }
    assert.ok(sent >= target);
    forceGc();
    const growthMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    console.log(
      `server memory: ${sent} bad records, heapUsed growth ${growthMb.toFixed(1)} MB (forced gc: ${gc})`,
    );
    assert.ok(growthMb < (gc ? 16 : 50), `heapUsed grew by ${growthMb.toFixed(1)} MB`);
    for (const c of conns) {
      c.write(frameRecord(nullCall(0x9001)));
      assert.deepEqual([(await c.reply()).xid], [0x9001]);
    }
    await waitFor(
      () => server.connectionCount === CONNECTIONS,
      'the killed connections to be gone',
    );
  });
});

describe('RpcServer over UDP', () => {
  it('answers NULL and GETATTR datagrams; garbage datagrams do not crash it', async () => {
    const sock = dgram.createSocket('udp4');
    const got = new Map<number, Buffer>();
    sock.on('message', (m) => {
      if (m.length >= 4) got.set(m.readUInt32BE(0), m);
    });
    await new Promise<void>((r) => sock.bind(0, HOST, () => r()));
    try {
      const send = (b: Buffer): Promise<void> =>
        new Promise((resolve, reject) =>
          sock.send(b, port, HOST, (e) => (e ? reject(e) : resolve())),
        );
      await send(nullCall(0xa001));
      await waitFor(() => got.has(0xa001), 'the NULL reply');
      const nullReply = parseReply(got.get(0xa001)!);
      assert.equal(nullReply.stat, 'SUCCESS');
      nullReply.reader.assertEnd();

      await send(callMsg(0xa002, P.NFSPROC3_GETATTR, { object: fh(77) }));
      await waitFor(() => got.has(0xa002), 'the GETATTR reply');
      const res = decodeReply(got.get(0xa002)!, P.NFSPROC3_GETATTR.result);
      assert.equal(res.status === 0 && res.resok.obj_attributes.fileid, 77n);

      // Garbage: empty, random bytes, a reply, a framed call (mark read as the xid), a huge length.
      const huge = callMsg(0xa003, P.NFSPROC3_GETATTR, { object: fh(1) });
      huge.writeUInt32BE(0x80000000, 40);
      const rnd = Buffer.alloc(300);
      for (let i = 0; i < rnd.length; i++) rnd[i] = (i * 131 + 7) & 0xff;
      for (const g of [
        Buffer.alloc(0),
        Buffer.from([1]),
        rnd,
        Buffer.from('0000000100000001', 'hex'),
        frameRecord(nullCall(0xa004)),
        huge,
      ]) {
        await send(g);
      }
      await send(nullCall(0xa005));
      await waitFor(() => got.has(0xa005) && got.has(0xa003), 'the replies after garbage');
      assert.equal(parseReply(got.get(0xa003)!).stat, 'GARBAGE_ARGS');
    } finally {
      await new Promise<void>((r) => sock.close(() => r()));
    }
  });
});

describe('RpcClient', () => {
  it('matches many calls in flight on one connection by xid, with replies out of order', async () => {
    getattrImpl = async (args, ctx) => {
      if (ctx.xid % 2 === 1) await sleep(20);
      return getattrOk(args, ctx);
    };
    const c = client(port);
    const completion: number[] = [];
    const calls = Array.from({ length: 40 }, (_, i) =>
      c.call(NFS, 3, P.NFSPROC3_GETATTR, { object: fh(1000 + i) }).then((r) => {
        completion.push(i);
        return r;
      }),
    );
    assert.equal(c.outstanding, 40);
    const results = await Promise.all(calls);
    results.forEach((r, i) =>
      assert.equal(r.status === 0 && r.resok.obj_attributes.fileid, BigInt(1000 + i)),
    );
    assert.notDeepEqual(
      completion,
      [...completion].sort((a, b) => a - b),
      'some replies overtook earlier calls',
    );
    assert.equal(c.stats.connects, 1, 'one connection');
    assert.equal(c.stats.retransmits, 0);
  });

  it('queues calls beyond maxInFlight and still completes them all', async () => {
    const c = client(port, { maxInFlight: 3 });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => c.call(NFS, 3, P.NFSPROC3_GETATTR, { object: fh(i) })),
    );
    results.forEach((r, i) =>
      assert.equal(r.status === 0 && r.resok.obj_attributes.fileid, BigInt(i)),
    );
  });

  it('reconnects when the server closes and listens again on the same port; pending calls succeed', async () => {
    const s = await extraServer();
    const gates: Array<() => void> = [];
    let firstConnection: number | undefined;
    let heldCalls = 0;
    s.register(NFS, V3, {
      NFSPROC3_GETATTR: async (args, ctx) => {
        firstConnection ??= ctx.peer.connectionId;
        if (ctx.peer.connectionId === firstConnection) {
          heldCalls++;
          const g = deferred();
          gates.push(g.resolve);
          await g.promise; // never answered before the server closes the connection
        }
        return getattrOk(args, ctx);
      },
    });
    try {
      const { port: p2 } = await s.listen({ host: HOST, port: 0 });
      const c = client(p2, { timeoutMs: 10_000 });
      let disconnects = 0;
      c.on('disconnect', () => disconnects++);
      const calls = Array.from({ length: 5 }, (_, i) =>
        c.call(NFS, 3, P.NFSPROC3_GETATTR, { object: fh(i) }),
      );
      await waitFor(() => heldCalls === 5, 'five calls held on the first connection');
      await s.close(20);
      await waitFor(() => disconnects >= 1, 'the client to notice the disconnect');
      await s.listen({ host: HOST, port: p2 });
      const results = await Promise.all(calls);
      results.forEach((r, i) =>
        assert.equal(r.status === 0 && r.resok.obj_attributes.fileid, BigInt(i)),
      );
      assert.ok(c.stats.connects >= 2, `connects ${c.stats.connects}`);
      await c.call(NFS, 3, P.NFSPROC3_GETATTR, { object: fh(9) });
    } finally {
      for (const g of gates) g();
    }
  });

  it('a pool spreads calls over its connections; xids are unique across them', async () => {
    const connIds = new Map<number, number>();
    const xids = new Set<number>();
    getattrImpl = (args, ctx) => {
      connIds.set(ctx.peer.connectionId, (connIds.get(ctx.peer.connectionId) ?? 0) + 1);
      assert.ok(!xids.has(ctx.xid), `xid ${ctx.xid} reused`);
      xids.add(ctx.xid);
      return getattrOk(args, ctx);
    };
    const pool = track(
      new RpcClientPool({ host: HOST, port, size: 3, reservedPort: false, timeoutMs: 5000 }),
    );
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        pool.call(NFS, 3, P.NFSPROC3_GETATTR, { object: fh(i) }),
      ),
    );
    results.forEach((r, i) =>
      assert.equal(r.status === 0 && r.resok.obj_attributes.fileid, BigInt(i)),
    );
    assert.equal(connIds.size, 3, 'three server-side connections');
    for (const n of connIds.values()) assert.equal(n, 10);
    assert.deepEqual(
      pool.members.map((m) => m.stats.calls),
      [10, 10, 10],
    );
    assert.equal(xids.size, 30);
  });

  it('allocateXid never repeats over 100,000 calls', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) {
      const x = allocateXid();
      assert.ok(Number.isInteger(x) && x >= 0 && x <= 0xffffffff);
      seen.add(x);
    }
    assert.equal(seen.size, 100_000);
  });

  it('close() fails pending calls with NFSP_ERR_RPC_CLOSED and later calls too', async () => {
    getattrImpl = async (args, ctx) => {
      await sleep(200);
      return getattrOk(args, ctx);
    };
    const c = client(port);
    await c.call(NFS, 3, P.NFSPROC3_NULL, undefined);
    const pending = assert.rejects(
      c.call(NFS, 3, P.NFSPROC3_GETATTR, { object: fh(1) }),
      rpcErrorCode('NFSP_ERR_RPC_CLOSED'),
    );
    await c.close();
    await pending;
    await assert.rejects(
      c.call(NFS, 3, P.NFSPROC3_NULL, undefined),
      rpcErrorCode('NFSP_ERR_RPC_CLOSED'),
    );
    assert.equal(c.isConnected, false);
  });

  it('close() while the connection is still being established leaves no connection open', async () => {
    const s = await extraServer();
    s.register(NFS, V3, { NFSPROC3_NULL: () => undefined });
    const { port: p2 } = await s.listen({ host: HOST, port: 0 });
    const c = client(p2);
    // The call starts connecting; close() comes before 'connect'.
    const pending = assert.rejects(
      c.call(NFS, 3, P.NFSPROC3_NULL, undefined),
      rpcErrorCode('NFSP_ERR_RPC_CLOSED'),
    );
    await c.close();
    await pending;
    // Give the connect that was under way time to complete, then expect nothing left open.
    await sleep(100);
    await waitFor(
      () => s.connectionCount === 0 && !c.isConnected,
      'no connection left open',
      2000,
    ).catch(() => {});
    assert.equal(c.isConnected, false, 'the client reports a connection after close()');
    assert.equal(s.connectionCount, 0, 'the server still has the connection of a closed client');
  });

  it('binds a reserved source port when asked and permitted (root only)', async (t) => {
    if (process.getuid?.() !== 0) {
      t.skip('not running as root');
      return;
    }
    let remotePort = 0;
    getattrImpl = (args, ctx) => {
      remotePort = ctx.peer.remotePort;
      return getattrOk(args, ctx);
    };
    const c = client(port, { reservedPort: true });
    await c.call(NFS, 3, P.NFSPROC3_GETATTR, { object: fh(1) });
    assert.ok(remotePort >= 665 && remotePort <= 1023, `source port ${remotePort}`);
  });
});
