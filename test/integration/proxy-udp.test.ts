// NFS over UDP through the proxy (`udp: true`): calls are answered on the same port number as
// TCP, and transfer sizes are capped so every reply fits one datagram.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  RpcClient,
  authSys,
  decodeReply,
  encodeCall,
  allocateXid,
  type XdrProcedure,
} from '@nfs/rpc-xdr';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import * as mount3 from '../../src/protocol/generated/mount3.js';
import { startGanesha, type GaneshaInstance } from '../harness/ganesha.js';
import { startProxy, type ProxyInstance } from '../harness/proxy.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
const MNT = mount3.program_MOUNT_PROGRAM.versions.MOUNT_V3.procedures;
const root = authSys({ uid: 0, gid: 0 });

describe('NFS over UDP through the proxy', () => {
  let g: GaneshaInstance;
  let p: ProxyInstance;
  let sock: dgram.Socket;
  let rootFh: nfs3.nfs_fh3;

  /** One call over UDP, answered within 5 s (bounded: one datagram out, one in). */
  const udpCall = <A, R>(proc: XdrProcedure<A, R>, args: A): Promise<R> => {
    const xid = allocateXid();
    const msg = encodeCall(
      { xid, prog: nfs3.NFS_PROGRAM, vers: nfs3.NFS_V3, proc: proc.number, cred: root },
      proc.args,
      args,
      'datagram',
    );
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        sock.off('message', onMessage);
        reject(new Error(`no UDP reply to ${proc.name}`));
      }, 5000);
      const onMessage = (reply: Buffer): void => {
        if (reply.readUInt32BE(0) !== xid) return;
        clearTimeout(timer);
        sock.off('message', onMessage);
        try {
          resolve(decodeReply(reply, proc.result));
        } catch (e) {
          reject(e as Error);
        }
      };
      sock.on('message', onMessage);
      sock.send(msg, p.port, '127.0.0.1');
    });
  };

  before(async () => {
    g = await startGanesha({ name: 'udp' });
    writeFileSync(path.join(g.exportPath, 'big'), Buffer.alloc(200_000, 7));
    p = await startProxy({ primary: g, config: { udp: true } });
    sock = dgram.createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const m = new RpcClient({
      host: '127.0.0.1',
      port: p.port,
      timeoutMs: 5000,
      retransmissions: 0,
    });
    try {
      const res = await m.call(
        mount3.MOUNT_PROGRAM,
        mount3.MOUNT_V3,
        MNT.MOUNTPROC3_MNT,
        Buffer.from('/export'),
        { cred: root },
      );
      assert.equal(res.fhs_status, mount3.MNT3_OK);
      rootFh = {
        data: Buffer.from((res as Extract<mount3.mountres3, { fhs_status: 0 }>).mountinfo.fhandle),
      };
    } finally {
      await m.close();
    }
  });

  after(async () => {
    sock?.close();
    await p?.dispose();
    await g?.stop();
  });

  it('answers NULL and GETATTR over UDP', async () => {
    assert.equal(await udpCall(NFS.NFSPROC3_NULL, undefined), undefined);
    const res = await udpCall(NFS.NFSPROC3_GETATTR, { object: rootFh });
    assert.equal(res.status, nfs3.NFS3_OK);
  });

  it('FSINFO over UDP offers at most 32 KiB transfers', async () => {
    const res = await udpCall(NFS.NFSPROC3_FSINFO, { fsroot: rootFh });
    assert.equal(res.status, nfs3.NFS3_OK);
    const r = (res as Extract<nfs3.FSINFO3res, { status: 0 }>).resok;
    for (const [k, v] of Object.entries({
      rtmax: r.rtmax,
      wtmax: r.wtmax,
      rtpref: r.rtpref,
      wtpref: r.wtpref,
      dtpref: r.dtpref,
    })) {
      assert.ok(v <= 32 * 1024, `${k} ${v}`);
    }
  });

  it('a READ asking for more than fits a datagram gets a short read, not silence', async () => {
    const look = await udpCall(NFS.NFSPROC3_LOOKUP, {
      what: { dir: rootFh, name: Buffer.from('big') },
    });
    assert.equal(look.status, nfs3.NFS3_OK);
    const fh = (look as Extract<nfs3.LOOKUP3res, { status: 0 }>).resok.object;
    const res = await udpCall(NFS.NFSPROC3_READ, { file: fh, offset: 0n, count: 200_000 });
    assert.equal(res.status, nfs3.NFS3_OK);
    const r = (res as Extract<nfs3.READ3res, { status: 0 }>).resok;
    assert.ok(r.count > 0 && r.count <= 32 * 1024, `count ${r.count}`);
    assert.ok(Buffer.from(r.data).equals(Buffer.alloc(r.count, 7)));
    assert.equal(r.eof, false);
  });

  it('a WRITE larger than the UDP limit gets NFS3ERR_INVAL', async () => {
    const look = await udpCall(NFS.NFSPROC3_LOOKUP, {
      what: { dir: rootFh, name: Buffer.from('big') },
    });
    const fh = (look as Extract<nfs3.LOOKUP3res, { status: 0 }>).resok.object;
    // 40 KiB still fits one datagram on loopback, but exceeds the advertised wtmax.
    const data = Buffer.alloc(40 * 1024, 1);
    const res = await udpCall(NFS.NFSPROC3_WRITE, {
      file: fh,
      offset: 0n,
      count: data.length,
      stable: nfs3.FILE_SYNC,
      data,
    });
    assert.equal(res.status, nfs3.NFS3ERR_INVAL);
  });
});
