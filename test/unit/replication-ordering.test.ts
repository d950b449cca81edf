// The ordering queue and the replication record codec (issue 4 item 5): conflicting mutations
// run in admission order, independent ones in parallel; records survive the journal encoding.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authSys } from '@nfs/rpc-xdr';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import { OrderingQueue, nameKey, objectKey } from '../../src/replication/ordering.js';
import {
  claimsOf,
  decodeRecord,
  encodeRecord,
  encodeRecordParts,
  RecordError,
  repairRecord,
  type MutationRecord,
} from '../../src/replication/record.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

function started(q: OrderingQueue, claims: Parameters<OrderingQueue['admit']>[0]) {
  const t = q.admit(claims);
  const s = { started: false, done: t.done };
  void t.ready.then(() => (s.started = true));
  return s;
}

describe('OrderingQueue', () => {
  it('runs independent entries at once and conflicting ones in admission order', async () => {
    const q = new OrderingQueue();
    const a = started(q, { claims: [{ key: objectKey(1), exclusive: true }] });
    const b = started(q, { claims: [{ key: objectKey(2), exclusive: true }] });
    const c = started(q, { claims: [{ key: objectKey(1), exclusive: true }] });
    await tick();
    assert.deepEqual([a.started, b.started, c.started], [true, true, false]);
    a.done();
    await tick();
    assert.equal(c.started, true);
  });

  it('orders overlapping writes but not disjoint ones', async () => {
    const q = new OrderingQueue();
    const w = (start: bigint, end: bigint) =>
      started(q, { claims: [{ key: objectKey(7), exclusive: false, start, end }] });
    const a = w(0n, 100n);
    const b = w(100n, 200n); // adjacent: independent
    const c = w(50n, 150n); // overlaps both
    await tick();
    assert.deepEqual([a.started, b.started, c.started], [true, true, false]);
    a.done();
    await tick();
    assert.equal(c.started, false, 'still overlaps b');
    b.done();
    await tick();
    assert.equal(c.started, true);
  });

  it('a barrier waits for everything before it and blocks everything after it', async () => {
    const q = new OrderingQueue();
    const a = started(q, { claims: [{ key: objectKey(1), exclusive: true }] });
    const bar = started(q, { claims: [], barrier: true });
    const c = started(q, { claims: [{ key: objectKey(2), exclusive: true }] });
    await tick();
    assert.deepEqual([a.started, bar.started, c.started], [true, false, false]);
    a.done();
    await tick();
    assert.deepEqual([bar.started, c.started], [true, false]);
    bar.done();
    await tick();
    assert.equal(c.started, true);
  });

  it('bounds how many entries run at once', async () => {
    const q = new OrderingQueue(2);
    const xs = [1, 2, 3].map((i) =>
      started(q, { claims: [{ key: objectKey(i), exclusive: true }] }),
    );
    await tick();
    assert.deepEqual(
      xs.map((x) => x.started),
      [true, true, false],
    );
    xs[0]!.done();
    await tick();
    assert.equal(xs[2]!.started, true);
  });

  it('names in one directory conflict only when equal', () => {
    const c1 = claimsOf(
      NFS.NFSPROC3_CREATE.number,
      { where: { dir: { data: Buffer.alloc(4) }, name: Buffer.from('a') } },
      [5],
      0,
      [],
      false,
    );
    assert.deepEqual(
      c1.claims.map((c) => [c.key, c.exclusive]),
      [
        [objectKey(5), false],
        [nameKey(5, Buffer.from('a')), true],
      ],
    );
  });
});

describe('replication records', () => {
  const cred = authSys({ uid: 1000, gid: 100, gids: [100, 4], machineName: 'client' });
  const write: MutationRecord = {
    seq: 42n,
    kind: 'nfs',
    proc: NFS.NFSPROC3_WRITE.number,
    cred,
    refs: [{ id: 17, path: [Buffer.from('dir'), Buffer.from('file\u00e9')] }],
    created: 0,
    touched: [],
    barrier: false,
    timeMs: 1_700_000_000_123,
    args: {
      file: { data: Buffer.alloc(34, 1) },
      offset: 4096n,
      count: 5,
      stable: nfs3.UNSTABLE,
      data: Buffer.from('hello'),
    },
    size: 0,
  };

  it('round-trip through the journal payload', () => {
    const payload = encodeRecord({ ...write });
    const back = decodeRecord(42n, payload);
    assert.equal(back.proc, write.proc);
    assert.equal(back.timeMs, write.timeMs);
    assert.deepEqual(back.cred.body, write.cred.body);
    assert.deepEqual(
      back.refs.map((r) => [r.id, r.path?.map((p) => p.toString())]),
      [[17, ['dir', 'file\u00e9']]],
    );
    const a = back.args as nfs3.WRITE3args;
    assert.equal(a.offset, 4096n);
    assert.equal(a.data.toString(), 'hello');
    assert.equal(back.size, payload.length);
  });

  it('a large WRITE is journaled in parts without copying its data, and decodes the same', () => {
    const data = Buffer.alloc(100_001, 0x5a);
    const rec = {
      ...write,
      args: { ...(write.args as nfs3.WRITE3args), count: data.length, data },
    };
    const parts = encodeRecordParts(rec);
    assert.equal(parts.length, 3, 'head, data, padding');
    assert.equal(parts[1]!.buffer, data.buffer, 'the data part is the client buffer itself');
    const whole = Buffer.concat(parts);
    assert.equal(rec.size, whole.length);
    const back = decodeRecord(42n, whole).args as nfs3.WRITE3args;
    assert.ok(back.data.equals(data));
    assert.equal(back.count, data.length);
  });

  it('a repair record carries its objects and is a barrier', () => {
    const r = decodeRecord(9n, encodeRecord(repairRecord([3, 4, 5], cred)));
    assert.equal(r.kind, 'repair');
    assert.deepEqual(r.touched, [3, 4, 5]);
    assert.equal(r.barrier, true);
  });

  it('refuses payloads it did not write', () => {
    const good = encodeRecord({ ...write });
    const cases: Array<[string, Buffer]> = [
      ['empty', Buffer.alloc(0)],
      ['bad version', Buffer.concat([Buffer.from([0, 0, 0, 9]), good.subarray(4)])],
      [
        'bad kind',
        Buffer.concat([good.subarray(0, 4), Buffer.from([0, 0, 0, 7]), good.subarray(8)]),
      ],
      ['truncated', good.subarray(0, good.length - 3)],
      ['trailing bytes', Buffer.concat([good, Buffer.alloc(4)])],
      [
        'unknown procedure',
        Buffer.concat([good.subarray(0, 8), Buffer.from([0, 0, 0, 6]), good.subarray(12)]),
      ],
    ];
    for (const [what, bytes] of cases) {
      assert.throws(() => decodeRecord(1n, bytes), RecordError, what);
    }
  });
});
