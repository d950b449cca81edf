/**
 * RFC 5531 section 11 record marking: RecordDecoder against every way a TCP stream can be cut
 * into chunks, its zero-copy guarantee, its limits (record size, fragment count) and its
 * poisoning after a framing error, plus frameRecord round trips.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DEFAULT_MAX_FRAGMENTS,
  DEFAULT_MAX_RECORD_SIZE,
  RECORD_MARK_SIZE,
  RecordDecoder,
  RpcFramingError,
  frameRecord,
  writeRecordMark,
  type RpcErrorCode,
} from '@nfs/rpc-xdr';

const LAST = 0x80000000;

/** Deterministic record content: byte i of record `seed` is (seed * 31 + i * 7) & 0xff. */
function pattern(length: number, seed: number): Buffer {
  const b = Buffer.alloc(length);
  for (let i = 0; i < length; i++) b[i] = (seed * 31 + i * 7) & 0xff;
  return b;
}

/** Frames `record` as explicit fragments of the given sizes (which must add up to its length). */
function fragments(record: Buffer, sizes: readonly number[]): Buffer {
  assert.equal(
    sizes.reduce((a, b) => a + b, 0),
    record.length,
  );
  const parts: Buffer[] = [];
  let o = 0;
  sizes.forEach((n, i) => {
    const mark = Buffer.alloc(RECORD_MARK_SIZE);
    mark.writeUInt32BE(((i === sizes.length - 1 ? LAST : 0) | n) >>> 0);
    parts.push(mark, record.subarray(o, o + n));
    o += n;
  });
  return Buffer.concat(parts);
}

/** Pulls every complete record out of the decoder (bounded). */
function drain(d: RecordDecoder, out: Buffer[]): void {
  for (let i = 0; i < 100_000; i++) {
    const r = d.next();
    if (r === undefined) return;
    out.push(r);
  }
  assert.fail('decoder returned more than 100000 records');
}

function framingError(code: RpcErrorCode) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof RpcFramingError, `expected RpcFramingError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return true;
  };
}

function assertRecords(actual: readonly Buffer[], expected: readonly Buffer[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: record count`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(actual[i]!.equals(expected[i]!), `${what}: record ${i} differs`);
  }
}

// The fixture: single- and multi-fragment records, an empty record, an empty fragment in the
// middle of a record, an empty last fragment, and a record fragmented with frameRecord.
const r0 = pattern(20, 0);
const r1 = pattern(17, 1);
const r2 = Buffer.alloc(0);
const r3 = pattern(9, 3);
const r4 = pattern(12, 4);
const r5 = pattern(100, 5);
const r6 = pattern(1, 6);
const FIXTURE_RECORDS: readonly Buffer[] = [r0, r1, r2, r3, r4, r5, r6];
const FIXTURE_STREAM = Buffer.concat([
  fragments(r0, [20]), // one fragment
  fragments(r1, [7, 7, 3]), // three fragments
  fragments(r2, [0]), // empty record
  fragments(r3, [4, 0, 5]), // empty fragment in the middle
  fragments(r4, [12, 0]), // empty last fragment
  frameRecord(r5, 32), // 4 fragments via frameRecord
  fragments(r6, [1]),
]);

describe('RecordDecoder', () => {
  it('decodes the fixture pushed as one chunk', () => {
    const d = new RecordDecoder();
    d.push(FIXTURE_STREAM);
    const out: Buffer[] = [];
    drain(d, out);
    assertRecords(out, FIXTURE_RECORDS, 'one chunk');
    assert.equal(d.idle, true);
    assert.equal(d.pendingBytes, 0);
  });

  it('gives the same records when the stream is split into two chunks at every byte offset', () => {
    for (let cut = 0; cut <= FIXTURE_STREAM.length; cut++) {
      const d = new RecordDecoder();
      const out: Buffer[] = [];
      // Copies, so no chunk shares memory with another and slices cannot alias by accident.
      d.push(Buffer.from(FIXTURE_STREAM.subarray(0, cut)));
      drain(d, out);
      d.push(Buffer.from(FIXTURE_STREAM.subarray(cut)));
      drain(d, out);
      assertRecords(out, FIXTURE_RECORDS, `cut at ${cut}`);
      assert.equal(d.idle, true, `cut at ${cut}: idle at the end`);
    }
  });

  it('gives the same records when fed one byte at a time', () => {
    const d = new RecordDecoder();
    const out: Buffer[] = [];
    for (let i = 0; i < FIXTURE_STREAM.length; i++) {
      d.push(Buffer.from([FIXTURE_STREAM[i]!]));
      drain(d, out);
    }
    assertRecords(out, FIXTURE_RECORDS, 'byte at a time');
    assert.equal(d.idle, true);
  });

  it('gives the same records when every chunk is pushed before any next()', () => {
    const d = new RecordDecoder();
    for (let i = 0; i < FIXTURE_STREAM.length; i += 5)
      d.push(Buffer.from(FIXTURE_STREAM.subarray(i, i + 5)));
    const out: Buffer[] = [];
    drain(d, out);
    assertRecords(out, FIXTURE_RECORDS, 'chunks of 5, then drain');
  });

  it('returns a single-fragment record inside one chunk zero-copy (sharing the chunk memory)', () => {
    const record = pattern(64, 9);
    const chunk = Buffer.concat([
      frameRecord(pattern(8, 1)),
      frameRecord(record),
      Buffer.from([0x80, 0]),
    ]);
    const d = new RecordDecoder();
    d.push(chunk);
    const first = d.next();
    const second = d.next();
    assert.ok(first && second);
    assert.ok(second.equals(record));
    assert.equal(second.buffer, chunk.buffer, 'same ArrayBuffer as the chunk');
    assert.equal(
      second.byteOffset,
      chunk.byteOffset + 4 + 8 + 4,
      'slice right after its record mark',
    );
    // Writing through the chunk is visible in the record: it really is the same memory.
    chunk[4 + 8 + 4] = 0xee;
    assert.equal(second[0], 0xee);
    // The trailing two bytes are half a record mark: need more input.
    assert.equal(d.next(), undefined);
    assert.equal(d.idle, false);
  });

  it('returns undefined while a header or a fragment is incomplete', () => {
    const record = pattern(10, 2);
    const framed = frameRecord(record, 6); // fragments of 6 and 4
    const d = new RecordDecoder();
    assert.equal(d.next(), undefined, 'nothing pushed');
    assert.equal(d.idle, true);
    d.push(framed.subarray(0, 2)); // half a mark
    assert.equal(d.next(), undefined);
    assert.equal(d.idle, false);
    d.push(framed.subarray(2, 4)); // full mark, no body
    assert.equal(d.next(), undefined);
    d.push(framed.subarray(4, 9)); // 5 of 6 bytes
    assert.equal(d.next(), undefined);
    d.push(framed.subarray(9, 12)); // rest of fragment 1 and 2 bytes of the second mark
    assert.equal(d.next(), undefined);
    d.push(framed.subarray(12, framed.length - 1)); // all but the last byte
    assert.equal(d.next(), undefined);
    assert.equal(d.pendingBytes, 9);
    d.push(framed.subarray(framed.length - 1));
    const r = d.next();
    assert.ok(r && r.equals(record));
    assert.equal(d.next(), undefined);
    assert.equal(d.idle, true);
  });

  it('throws NFSP_ERR_RPC_RECORD_TOO_LARGE as soon as a header claims a 2 GiB fragment', () => {
    for (const mark of [0xffffffff, 0x7fffffff, 0x80000000 + 0x40000000]) {
      const d = new RecordDecoder();
      const header = Buffer.alloc(4);
      header.writeUInt32BE(mark);
      d.push(header); // only the 4 header bytes
      assert.throws(
        () => d.next(),
        framingError('NFSP_ERR_RPC_RECORD_TOO_LARGE'),
        `mark ${mark.toString(16)}`,
      );
    }
  });

  it('accepts a record of exactly maxRecordSize and rejects one byte more (also across fragments)', () => {
    const max = 100;
    const ok = new RecordDecoder({ maxRecordSize: max });
    ok.push(frameRecord(pattern(max, 1), 30));
    assert.equal(ok.next()?.length, max);

    const over = new RecordDecoder({ maxRecordSize: max });
    // 60 + 41: the second header alone pushes the record over the limit, before its body arrives.
    over.push(fragments(pattern(101, 1), [60, 41]).subarray(0, 4 + 60 + 4));
    assert.throws(() => over.next(), framingError('NFSP_ERR_RPC_RECORD_TOO_LARGE'));

    const dflt = new RecordDecoder();
    const h = Buffer.alloc(4);
    h.writeUInt32BE((LAST | (DEFAULT_MAX_RECORD_SIZE + 1)) >>> 0);
    dflt.push(h);
    assert.throws(() => dflt.next(), framingError('NFSP_ERR_RPC_RECORD_TOO_LARGE'));
  });

  it('throws NFSP_ERR_RPC_TOO_MANY_FRAGMENTS for too many (empty) fragments', () => {
    const small = new RecordDecoder({ maxFragments: 8 });
    small.push(Buffer.alloc(4 * 9)); // nine empty non-last fragments
    assert.throws(() => small.next(), framingError('NFSP_ERR_RPC_TOO_MANY_FRAGMENTS'));

    // Exactly maxFragments fragments is fine.
    const exact = new RecordDecoder({ maxFragments: 8 });
    exact.push(Buffer.concat([Buffer.alloc(4 * 7), frameRecord(Buffer.from('x'))]));
    assert.equal(exact.next()?.toString(), 'x');

    // The default limit, with empty fragments arriving in small chunks.
    const dflt = new RecordDecoder();
    const empties = Buffer.alloc(4 * (DEFAULT_MAX_FRAGMENTS + 1));
    let error: unknown;
    for (let o = 0; o < empties.length && error === undefined; o += 4096) {
      dflt.push(empties.subarray(o, o + 4096));
      try {
        assert.equal(dflt.next(), undefined);
      } catch (e) {
        error = e;
      }
    }
    assert.ok(error !== undefined, 'expected an error');
    framingError('NFSP_ERR_RPC_TOO_MANY_FRAGMENTS')(error);
  });

  it('counts fragments per record (the count restarts after each record)', () => {
    const d = new RecordDecoder({ maxFragments: 3 });
    for (let i = 0; i < 10; i++) d.push(frameRecord(pattern(3, i), 1));
    const out: Buffer[] = [];
    drain(d, out);
    assert.equal(out.length, 10);
  });

  it('keeps throwing after an error, whatever is pushed afterwards', () => {
    const d = new RecordDecoder({ maxRecordSize: 16 });
    d.push(frameRecord(pattern(4, 1)));
    assert.equal(d.next()?.length, 4, 'a good record before the bad one');
    d.push(frameRecord(pattern(17, 2)));
    assert.throws(() => d.next(), framingError('NFSP_ERR_RPC_RECORD_TOO_LARGE'));
    assert.throws(() => d.next(), framingError('NFSP_ERR_RPC_RECORD_TOO_LARGE'));
    d.push(frameRecord(pattern(4, 3)));
    assert.throws(() => d.next(), framingError('NFSP_ERR_RPC_RECORD_TOO_LARGE'));

    const f = new RecordDecoder({ maxFragments: 2 });
    f.push(Buffer.alloc(12));
    assert.throws(() => f.next(), framingError('NFSP_ERR_RPC_TOO_MANY_FRAGMENTS'));
    f.push(frameRecord(pattern(4, 3)));
    assert.throws(() => f.next(), framingError('NFSP_ERR_RPC_TOO_MANY_FRAGMENTS'));
  });

  it('ignores empty chunks', () => {
    const d = new RecordDecoder();
    d.push(Buffer.alloc(0));
    assert.equal(d.next(), undefined);
    assert.equal(d.idle, true);
    d.push(frameRecord(pattern(5, 5)));
    d.push(Buffer.alloc(0));
    assert.ok(d.next()?.equals(pattern(5, 5)));
  });

  it('property: any records, any fragmentation, any chunking give back the same records', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            record: fc.uint8Array({ maxLength: 64 }),
            fragmentSize: fc.integer({ min: 1, max: 70 }),
          }),
          { maxLength: 8 },
        ),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }),
        (recs, chunkSizes) => {
          const expected = recs.map((r) => Buffer.from(r.record));
          const stream = Buffer.concat(
            recs.map((r, i) => frameRecord(expected[i]!, r.fragmentSize)),
          );
          const d = new RecordDecoder();
          const out: Buffer[] = [];
          let o = 0;
          for (let i = 0; o < stream.length; i++) {
            const n = chunkSizes[i % chunkSizes.length]!;
            d.push(Buffer.from(stream.subarray(o, o + n)));
            o += n;
            drain(d, out);
          }
          assertRecords(out, expected, 'property');
          assert.equal(d.idle, true);
        },
      ),
      { numRuns: 500, seed: 5531 },
    );
  });
});

describe('frameRecord', () => {
  const LENGTHS = [0, 1, 2, 3, 4, 5, 7, 100, 4095, 4096, 4097, 10_000];

  for (const fragmentSize of [1, 3, 4096]) {
    it(`round trips through RecordDecoder with fragments of ${fragmentSize} bytes`, () => {
      for (const len of LENGTHS) {
        const record = pattern(len, len);
        const framed = frameRecord(record, fragmentSize);
        const count = Math.max(1, Math.ceil(len / fragmentSize));
        assert.equal(framed.length, len + 4 * count, `length ${len}: framed size`);
        // Walk the marks: every fragment but the last is full and unmarked, the last is marked.
        let o = 0;
        for (let i = 0; i < count; i++) {
          const mark = framed.readUInt32BE(o);
          const isLast = i === count - 1;
          assert.equal((mark & LAST) !== 0, isLast, `length ${len}: last bit of fragment ${i}`);
          const n = mark & 0x7fffffff;
          assert.equal(n, isLast ? len - fragmentSize * (count - 1) : fragmentSize);
          o += 4 + n;
        }
        assert.equal(o, framed.length);

        const d = new RecordDecoder({ maxFragments: 20_000 });
        d.push(framed);
        const back = d.next();
        assert.ok(back, `length ${len}: a record`);
        assert.ok(back.equals(record), `length ${len}: same bytes`);
        assert.equal(d.next(), undefined);
        assert.equal(d.idle, true);
      }
    });
  }

  it('uses one fragment by default and rejects fragmentSize < 1', () => {
    const framed = frameRecord(pattern(10, 1));
    assert.equal(framed.readUInt32BE(0), (LAST | 10) >>> 0);
    assert.equal(framed.length, 14);
    assert.throws(() => frameRecord(pattern(1, 1), 0), RangeError);
  });

  it('writeRecordMark writes a last-fragment mark and refuses lengths over 2^31 - 1', () => {
    const b = Buffer.alloc(8);
    writeRecordMark(b, 0x1234, 4);
    assert.equal(b.readUInt32BE(4), 0x80001234);
    assert.throws(() => writeRecordMark(b, 0x80000000), RangeError);
  });
});
