// The duplicate request cache against a real primary (nfs-ganesha): a retransmitted
// non-idempotent call (same XID, same bytes, from the same client address) gets the first call's
// reply, byte for byte, without running again; a new XID runs again (EXIST / NOENT); the cache is
// keyed by the call's contents and the client's address too. Calls are encoded by hand and sent on
// raw TCP sockets so that the XID and the bytes are under the test's control.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
  RecordDecoder,
  authSys,
  decodeReply,
  encodeCall,
  frameRecord,
  type XdrProcedure,
} from '@nfs/rpc-xdr';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import * as mount3 from '../../src/protocol/generated/mount3.js';
import { startGanesha, type GaneshaInstance } from '../harness/ganesha.js';
import { startProxy, type ProxyInstance } from '../harness/proxy.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
const MNT = mount3.program_MOUNT_PROGRAM.versions.MOUNT_V3.procedures;
const cred = authSys({ uid: 0, gid: 0, machineName: 'drc-test', stamp: 12345 });
const T = { timeout: 120_000 };
const REPLY_TIMEOUT_MS = 15_000;
/** RFC 5531 record mark. */
const MARK = 4;

const NO_SATTR: nfs3.sattr3 = {
  mode: { set_it: false },
  uid: { set_it: false },
  gid: { set_it: false },
  size: { set_it: false },
  atime: { set_it: nfs3.DONT_CHANGE },
  mtime: { set_it: nfs3.DONT_CHANGE },
};
const MODE_644: nfs3.sattr3 = { ...NO_SATTR, mode: { set_it: true, mode: 0o644 } };

function statusName(s: number): string {
  return nfs3.names_nfsstat3[s] ?? String(s);
}

function expectStatus(res: { status: number }, status: number, what: string): void {
  assert.equal(
    res.status,
    status,
    `${what}: expected ${statusName(status)}, got ${statusName(res.status)}`,
  );
}

/** A fresh XID, never 0. */
const newXid = (): number => randomInt(1, 0xffff_ffff);

/** One call encoded once, so that it can be sent again byte for byte. */
interface Encoded<R> {
  readonly xid: number;
  /** The record with its record mark (one fragment). */
  readonly framed: Buffer;
  /** The record without the mark. */
  readonly record: Buffer;
  readonly decode: (reply: Buffer) => R;
}

function encode<A, R>(proc: XdrProcedure<A, R>, args: A, xid = newXid()): Encoded<R> {
  const framed = encodeCall(
    { xid, prog: nfs3.NFS_PROGRAM, vers: nfs3.NFS_V3, proc: proc.number, cred },
    proc.args,
    args,
  );
  return {
    xid,
    framed,
    record: framed.subarray(MARK),
    decode: (reply) => decodeReply(reply, proc.result),
  };
}

/** A raw TCP connection: write bytes, wait for the reply record with a given XID. */
class RawConn {
  private readonly decoder = new RecordDecoder();
  private readonly replies = new Map<number, Buffer[]>();
  private readonly waiters = new Map<number, (r: Buffer) => void>();
  private closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.decoder.push(chunk);
      for (let rec = this.decoder.next(); rec; rec = this.decoder.next()) {
        const xid = rec.readUInt32BE(0);
        const copy = Buffer.from(rec);
        const w = this.waiters.get(xid);
        if (w) {
          this.waiters.delete(xid);
          w(copy);
        } else {
          const q = this.replies.get(xid) ?? [];
          q.push(copy);
          this.replies.set(xid, q);
        }
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => (this.closed = true));
  }

  static open(port: number, localAddress = '127.0.0.1'): Promise<RawConn> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: '127.0.0.1', port, localAddress });
      const timer = setTimeout(() => s.destroy(new Error('connect timeout')), REPLY_TIMEOUT_MS);
      s.once('connect', () => {
        clearTimeout(timer);
        s.setNoDelay(true);
        resolve(new RawConn(s));
      });
      s.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  /** Writes `bytes` (one or more framed records) and resolves with the reply record for `xid`. */
  async send(bytes: Buffer, xid: number): Promise<Buffer> {
    assert.equal(this.closed, false, 'connection is open');
    const queued = this.replies.get(xid)?.shift();
    if (queued) return queued;
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(xid);
        reject(new Error(`no reply to xid ${xid} within ${REPLY_TIMEOUT_MS} ms`));
      }, REPLY_TIMEOUT_MS);
      this.waiters.set(xid, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.socket.write(bytes);
    });
  }

  /** Sends an encoded call and returns the raw reply and its decoded result. */
  async call<R>(c: Encoded<R>, bytes = c.framed): Promise<{ raw: Buffer; res: R }> {
    const raw = await this.send(bytes, c.xid);
    return { raw, res: c.decode(raw) };
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.destroy();
    });
  }
}

async function mountRoot(port: number): Promise<nfs3.nfs_fh3> {
  const conn = await RawConn.open(port);
  try {
    const xid = newXid();
    const framed = encodeCall(
      {
        xid,
        prog: mount3.MOUNT_PROGRAM,
        vers: mount3.MOUNT_V3,
        proc: MNT.MOUNTPROC3_MNT.number,
        cred,
      },
      MNT.MOUNTPROC3_MNT.args,
      Buffer.from('/export'),
    );
    const res = decodeReply(await conn.send(framed, xid), MNT.MOUNTPROC3_MNT.result);
    assert.equal(res.fhs_status, mount3.MNT3_OK);
    return {
      data: Buffer.from((res as Extract<mount3.mountres3, { fhs_status: 0 }>).mountinfo.fhandle),
    };
  } finally {
    await conn.close();
  }
}

const createArgs = (dir: nfs3.nfs_fh3, name: string): nfs3.CREATE3args => ({
  where: { dir, name: Buffer.from(name) },
  how: { mode: nfs3.GUARDED, obj_attributes: MODE_644 },
});
const removeArgs = (dir: nfs3.nfs_fh3, name: string): nfs3.REMOVE3args => ({
  object: { dir, name: Buffer.from(name) },
});

describe('duplicate request cache', () => {
  let g: GaneshaInstance;
  let proxy: ProxyInstance;
  let root: nfs3.nfs_fh3;
  let conn: RawConn;
  /** A subdirectory of the export per test, on the primary's disk and as a proxy handle. */
  let dirCounter = 0;

  const freshDir = async (): Promise<{ disk: string; fh: nfs3.nfs_fh3 }> => {
    const name = `drc-${++dirCounter}`;
    const disk = path.join(g.exportPath, name);
    mkdirSync(disk);
    const { res } = await conn.call(
      encode(NFS.NFSPROC3_LOOKUP, { what: { dir: root, name: Buffer.from(name) } }),
    );
    expectStatus(res, nfs3.NFS3_OK, `LOOKUP ${name}`);
    return { disk, fh: (res as Extract<nfs3.LOOKUP3res, { status: 0 }>).resok.object };
  };

  before(async () => {
    g = await startGanesha({ name: 'proxy-drc' });
    proxy = await startProxy({ primary: g });
    root = await mountRoot(proxy.port);
    conn = await RawConn.open(proxy.port);
  });

  after(async () => {
    await conn?.close();
    await proxy?.dispose();
    await g?.stop();
  });

  it(
    'a retransmitted GUARDED CREATE gets the identical cached reply; a new XID gets EXIST',
    T,
    async () => {
      const { disk, fh } = await freshDir();
      const call = encode(NFS.NFSPROC3_CREATE, createArgs(fh, 'once.txt'));
      const first = await conn.call(call);
      expectStatus(first.res, nfs3.NFS3_OK, 'first CREATE');
      assert.ok(existsSync(path.join(disk, 'once.txt')));
      const retrans = await conn.call(call);
      expectStatus(retrans.res, nfs3.NFS3_OK, 'retransmitted CREATE (same XID)');
      assert.ok(retrans.raw.equals(first.raw), 'the retransmission gets a byte-identical reply');
      // The same CREATE under a new XID is a new request: the file exists now.
      const again = await conn.call(encode(NFS.NFSPROC3_CREATE, createArgs(fh, 'once.txt')));
      expectStatus(again.res, nfs3.NFS3ERR_EXIST, 'CREATE with a new XID');
      assert.deepEqual(readdirSync(disk), ['once.txt']);
    },
  );

  it(
    'a retransmission on a second connection from the same address is answered from the cache',
    T,
    async () => {
      const { fh } = await freshDir();
      const call = encode(NFS.NFSPROC3_CREATE, createArgs(fh, 'reconnect.txt'));
      const first = await conn.call(call);
      expectStatus(first.res, nfs3.NFS3_OK, 'first CREATE');
      // A client that lost its connection reconnects (new source port) and resends.
      const second = await RawConn.open(proxy.port);
      try {
        const retrans = await second.call(call);
        expectStatus(retrans.res, nfs3.NFS3_OK, 'CREATE resent on a new connection');
        assert.ok(retrans.raw.equals(first.raw), 'byte-identical reply');
      } finally {
        await second.close();
      }
    },
  );

  it('a retransmission split into other fragments is still the same call', T, async () => {
    const { fh } = await freshDir();
    const call = encode(NFS.NFSPROC3_CREATE, createArgs(fh, 'fragments.txt'));
    const first = await conn.call(call);
    expectStatus(first.res, nfs3.NFS3_OK, 'first CREATE');
    const retrans = await conn.call(call, frameRecord(call.record, 16));
    expectStatus(retrans.res, nfs3.NFS3_OK, 'retransmission in 16-byte fragments');
    assert.ok(retrans.raw.equals(first.raw), 'byte-identical reply');
  });

  it(
    'a retransmitted REMOVE gets the identical cached reply; a new XID gets NOENT',
    T,
    async () => {
      const { disk, fh } = await freshDir();
      writeFileSync(path.join(disk, 'victim.txt'), 'x');
      const call = encode(NFS.NFSPROC3_REMOVE, removeArgs(fh, 'victim.txt'));
      const first = await conn.call(call);
      expectStatus(first.res, nfs3.NFS3_OK, 'first REMOVE');
      assert.equal(existsSync(path.join(disk, 'victim.txt')), false);
      const retrans = await conn.call(call);
      expectStatus(retrans.res, nfs3.NFS3_OK, 'retransmitted REMOVE (same XID)');
      assert.ok(retrans.raw.equals(first.raw), 'byte-identical reply');
      const again = await conn.call(encode(NFS.NFSPROC3_REMOVE, removeArgs(fh, 'victim.txt')));
      expectStatus(again.res, nfs3.NFS3ERR_NOENT, 'REMOVE with a new XID');
    },
  );

  it('the same XID with different arguments is a new call and runs', T, async () => {
    const { disk, fh } = await freshDir();
    const xid = newXid();
    const a = encode(NFS.NFSPROC3_CREATE, createArgs(fh, 'first-name.txt'), xid);
    const b = encode(NFS.NFSPROC3_CREATE, createArgs(fh, 'other-name.txt'), xid);
    const ra = await conn.call(a);
    expectStatus(ra.res, nfs3.NFS3_OK, 'CREATE first-name.txt');
    const rb = await conn.call(b);
    expectStatus(rb.res, nfs3.NFS3_OK, 'CREATE other-name.txt with the same XID');
    assert.ok(!rb.raw.equals(ra.raw), 'not the cached reply of the other call');
    assert.deepEqual(readdirSync(disk).sort(), ['first-name.txt', 'other-name.txt']);
    // And the same XID with a REMOVE of the first name: runs too.
    const c = encode(NFS.NFSPROC3_REMOVE, removeArgs(fh, 'first-name.txt'), xid);
    expectStatus((await conn.call(c)).res, nfs3.NFS3_OK, 'REMOVE with the same XID');
    assert.deepEqual(readdirSync(disk), ['other-name.txt']);
  });

  it('the same XID and bytes from another client address is not a retransmission', T, async () => {
    const { disk, fh } = await freshDir();
    const call = encode(NFS.NFSPROC3_CREATE, createArgs(fh, 'two-clients.txt'));
    const first = await conn.call(call);
    expectStatus(first.res, nfs3.NFS3_OK, 'CREATE from 127.0.0.1');
    const otherClient = await RawConn.open(proxy.port, '127.0.0.9');
    try {
      const other = await otherClient.call(call);
      expectStatus(other.res, nfs3.NFS3ERR_EXIST, 'the same call from 127.0.0.9');
    } finally {
      await otherClient.close();
    }
    assert.deepEqual(readdirSync(disk), ['two-clients.txt']);
  });

  it(
    'other non-idempotent procedures are cached too (MKDIR, SYMLINK, LINK, RENAME, RMDIR, SETATTR)',
    T,
    async () => {
      const { disk, fh } = await freshDir();
      writeFileSync(path.join(disk, 'target.txt'), 'target');
      const target = await conn.call(
        encode(NFS.NFSPROC3_LOOKUP, { what: { dir: fh, name: Buffer.from('target.txt') } }),
      );
      expectStatus(target.res, nfs3.NFS3_OK, 'LOOKUP target.txt');
      const targetFh = (target.res as Extract<nfs3.LOOKUP3res, { status: 0 }>).resok.object;
      const n = (s: string): Buffer => Buffer.from(s);
      const steps: [string, Encoded<{ status: number }>, () => void][] = [
        [
          'MKDIR',
          encode(NFS.NFSPROC3_MKDIR, { where: { dir: fh, name: n('made') }, attributes: NO_SATTR }),
          () => assert.ok(lstatSync(path.join(disk, 'made')).isDirectory()),
        ],
        [
          'SYMLINK',
          encode(NFS.NFSPROC3_SYMLINK, {
            where: { dir: fh, name: n('sym') },
            symlink: { symlink_attributes: NO_SATTR, symlink_data: n('target.txt') },
          }),
          () => assert.ok(lstatSync(path.join(disk, 'sym')).isSymbolicLink()),
        ],
        [
          'LINK',
          encode(NFS.NFSPROC3_LINK, { file: targetFh, link: { dir: fh, name: n('hard') } }),
          () => assert.equal(lstatSync(path.join(disk, 'target.txt')).nlink, 2),
        ],
        [
          'RENAME',
          encode(NFS.NFSPROC3_RENAME, {
            from: { dir: fh, name: n('hard') },
            to: { dir: fh, name: n('hard2') },
          }),
          () => assert.ok(existsSync(path.join(disk, 'hard2'))),
        ],
        [
          'RMDIR',
          encode(NFS.NFSPROC3_RMDIR, { object: { dir: fh, name: n('made') } }),
          () => assert.equal(existsSync(path.join(disk, 'made')), false),
        ],
        [
          'SETATTR',
          encode(NFS.NFSPROC3_SETATTR, {
            object: targetFh,
            new_attributes: { ...NO_SATTR, mode: { set_it: true, mode: 0o600 } },
            guard: { check: false },
          }),
          () => assert.equal(lstatSync(path.join(disk, 'target.txt')).mode & 0o777, 0o600),
        ],
      ];
      for (const [what, call, check] of steps) {
        const first = await conn.call(call);
        expectStatus(first.res, nfs3.NFS3_OK, `first ${what}`);
        check();
        const retrans = await conn.call(call);
        expectStatus(retrans.res, nfs3.NFS3_OK, `retransmitted ${what}`);
        assert.ok(retrans.raw.equals(first.raw), `${what}: byte-identical reply`);
      }
      assert.deepEqual(readdirSync(disk).sort(), ['hard2', 'sym', 'target.txt']);
    },
  );

  it('keeps serving', T, async () => {
    const { res } = await conn.call(encode(NFS.NFSPROC3_GETATTR, { object: root }));
    expectStatus(res, nfs3.NFS3_OK, 'GETATTR root');
    assert.ok(proxy.isRunning());
  });
});

describe('duplicate request cache disabled (drc.entries 0)', () => {
  let g: GaneshaInstance;
  let proxy: ProxyInstance;
  let conn: RawConn;

  before(async () => {
    g = await startGanesha({ name: 'proxy-drc-off' });
    proxy = await startProxy({ primary: g, config: { drc: { entries: 0 } } });
    conn = await RawConn.open(proxy.port);
  });

  after(async () => {
    await conn?.close();
    await proxy?.dispose();
    await g?.stop();
  });

  it(
    'a retransmitted CREATE runs again and gets EXIST (the cache is what prevents that)',
    T,
    async () => {
      const root = await mountRoot(proxy.port);
      const call = encode(NFS.NFSPROC3_CREATE, createArgs(root, 'no-drc.txt'));
      expectStatus((await conn.call(call)).res, nfs3.NFS3_OK, 'first CREATE');
      expectStatus((await conn.call(call)).res, nfs3.NFS3ERR_EXIST, 'retransmission without a DRC');
    },
  );
});
