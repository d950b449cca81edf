/**
 * XDR runtime (RFC 4506): one negative test per runtime limit and error code of XdrReader /
 * XdrWriter, plus round trips of every primitive and the zero-copy / zero-padding guarantees.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  XdrDecodeError,
  XdrEncodeError,
  XdrReader,
  XdrWriter,
  DEFAULT_LIMITS,
  boolCodec,
  decodeFromBuffer,
  doubleCodec,
  encodeToBuffer,
  floatCodec,
  hyperCodec,
  intCodec,
  uhyperCodec,
  uintCodec,
  type XdrCodec,
  type XdrErrorCode,
  type XdrLimits,
} from '@nfs/rpc-xdr';
import { codec_msg_type } from '../src/generated/rpc-msg.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function reader(s: string, limits: XdrLimits = DEFAULT_LIMITS): XdrReader {
  const b = hex(s);
  return new XdrReader(b, 0, b.length, limits);
}

function decodeErr(code: XdrErrorCode, path?: string) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof XdrDecodeError, `expected XdrDecodeError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (path !== undefined) assert.equal(e.path, path);
    return true;
  };
}

function encodeErr(path?: string) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof XdrEncodeError, `expected XdrEncodeError, got ${String(e)}`);
    assert.equal(e.code, 'NFSP_ERR_XDR_ENCODE', e.message);
    if (path !== undefined) assert.equal(e.path, path);
    return true;
  };
}

function writer(size = 64): XdrWriter {
  return new XdrWriter(Buffer.alloc(size));
}

describe('XdrReader: truncated input (NFSP_ERR_XDR_SHORT)', () => {
  it('int with 3 bytes', () => {
    assert.throws(() => reader('000000').int(), decodeErr('NFSP_ERR_XDR_SHORT'));
  });
  it('unsigned int with 0 bytes', () => {
    assert.throws(() => reader('').uint(), decodeErr('NFSP_ERR_XDR_SHORT'));
  });
  it('hyper / unsigned hyper with 7 bytes', () => {
    assert.throws(() => reader('00000000000000').hyper(), decodeErr('NFSP_ERR_XDR_SHORT'));
    assert.throws(() => reader('00000000000000').uhyper(), decodeErr('NFSP_ERR_XDR_SHORT'));
  });
  it('float with 2 bytes, double with 4 bytes', () => {
    assert.throws(() => reader('0000').float(), decodeErr('NFSP_ERR_XDR_SHORT'));
    assert.throws(() => reader('00000000').double(), decodeErr('NFSP_ERR_XDR_SHORT'));
  });
  it('bool with 1 byte', () => {
    assert.throws(() => reader('00').bool(), decodeErr('NFSP_ERR_XDR_SHORT'));
  });
  it('fixed opaque[5] with only 7 of its 8 padded bytes', () => {
    assert.throws(() => reader('01020304 050000').fixedOpaque(5), decodeErr('NFSP_ERR_XDR_SHORT'));
  });
  it('variable opaque whose length claims more bytes than remain', () => {
    assert.throws(
      () => reader('00000005 01020304').varOpaque(undefined),
      decodeErr('NFSP_ERR_XDR_SHORT'),
    );
    // The data fits but its padding does not.
    assert.throws(
      () => reader('00000005 01020304 05').varOpaque(undefined),
      decodeErr('NFSP_ERR_XDR_SHORT'),
    );
  });
  it('a failed read does not advance the position', () => {
    const r = reader('000000');
    assert.throws(() => r.int());
    assert.equal(r.pos, 0);
  });
});

describe('XdrReader: lengths and limits (NFSP_ERR_XDR_LIMIT)', () => {
  it('variable opaque over its declared maximum', () => {
    const r = reader('0000000b' + '00'.repeat(12));
    assert.throws(() => r.varOpaque(10), decodeErr('NFSP_ERR_XDR_LIMIT'));
    // Exactly the maximum is fine.
    assert.equal(reader('0000000a' + '00'.repeat(12)).varOpaque(10).length, 10);
  });
  it('unbounded (<>) opaque over limits.maxUnbounded', () => {
    const limits = { maxUnbounded: 8, maxDepth: 64 };
    assert.throws(
      () => reader('00000009' + '00'.repeat(12), limits).varOpaque(undefined),
      decodeErr('NFSP_ERR_XDR_LIMIT'),
    );
    assert.equal(reader('00000008' + '00'.repeat(8), limits).varOpaque(undefined).length, 8);
  });
  it('unbounded (<>) opaque over the default limit of 4 MiB even if the bytes were there', () => {
    const r = reader((4 * 1024 * 1024 + 1).toString(16).padStart(8, '0'));
    assert.throws(() => r.varOpaque(undefined), decodeErr('NFSP_ERR_XDR_LIMIT'));
  });
  it('array length over its declared maximum', () => {
    assert.throws(
      () => reader('00000011' + '00'.repeat(68)).arrayLength(16, 4),
      decodeErr('NFSP_ERR_XDR_LIMIT'),
    );
  });
  it('unbounded array length over limits.maxUnbounded', () => {
    const limits = { maxUnbounded: 3, maxDepth: 64 };
    assert.throws(
      () => reader('00000004' + '00'.repeat(16), limits).arrayLength(undefined, 4),
      decodeErr('NFSP_ERR_XDR_LIMIT'),
    );
    assert.equal(reader('00000003' + '00'.repeat(12), limits).arrayLength(undefined, 4), 3);
  });
  it('optional-data list item count at limits.maxUnbounded', () => {
    const r = reader('', { maxUnbounded: 2, maxDepth: 64 });
    r.listItem(0);
    r.listItem(1);
    assert.throws(() => r.listItem(2), decodeErr('NFSP_ERR_XDR_LIMIT'));
  });
});

describe('XdrReader: hostile lengths fail before allocating', () => {
  it('an array length claiming 2^31 elements fails fast on the bytes remaining', () => {
    // Raise the unbounded limit so only the "count * minSize > remaining" check can stop it.
    const limits = { maxUnbounded: 0xffffffff, maxDepth: 64 };
    const r = reader('80000000 00000000 00000000', limits);
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = process.hrtime.bigint();
    assert.throws(() => r.arrayLength(undefined, 4), decodeErr('NFSP_ERR_XDR_SHORT'));
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    assert.ok(ms < 50, `arrayLength took ${ms} ms`);
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 16 * 1024 * 1024);
    // With the default limit the same length is rejected as over the limit.
    assert.throws(
      () => reader('80000000 00000000').arrayLength(undefined, 4),
      decodeErr('NFSP_ERR_XDR_LIMIT'),
    );
  });
  it('an array length that fits the remaining bytes exactly is accepted', () => {
    assert.equal(reader('00000002 00000000 00000000').arrayLength(undefined, 4), 2);
    assert.throws(
      () => reader('00000003 00000000 00000000').arrayLength(undefined, 4),
      decodeErr('NFSP_ERR_XDR_SHORT'),
    );
  });
  it('an array length of 2^32-1 against a declared maximum of 2^32-1 fails as short', () => {
    assert.throws(
      () => reader('ffffffff 00000000').arrayLength(0xffffffff, 1),
      decodeErr('NFSP_ERR_XDR_SHORT'),
    );
  });
  it('an opaque length near 2^32 fails as short and never moves the position backwards', () => {
    // A spec may declare `opaque x<4294967295>`, and a caller may raise maxUnbounded: a length
    // of 2^32-3 or 2^31 must still be checked against the bytes remaining.
    const limits = { maxUnbounded: 0xffffffff, maxDepth: 64 };
    for (const len of ['fffffffd', 'fffffffe', '80000000', '7ffffffd']) {
      const r1 = reader(len + '00'.repeat(8), limits);
      assert.throws(() => r1.varOpaque(0xffffffff), decodeErr('NFSP_ERR_XDR_SHORT'), len);
      const r2 = reader(len + '00'.repeat(8), limits);
      assert.throws(() => r2.varOpaque(undefined), decodeErr('NFSP_ERR_XDR_SHORT'), len);
      assert.ok(r2.pos >= 0);
    }
  });
});

describe('XdrReader: invalid values', () => {
  it('non-zero padding after variable opaque (NFSP_ERR_XDR_PADDING)', () => {
    assert.throws(
      () => reader('00000003 61626301').varOpaque(undefined),
      decodeErr('NFSP_ERR_XDR_PADDING'),
    );
  });
  it('non-zero padding after fixed opaque (NFSP_ERR_XDR_PADDING)', () => {
    assert.throws(
      () => reader('01020000 80000000').fixedOpaque(1),
      decodeErr('NFSP_ERR_XDR_PADDING'),
    );
  });
  it('padding error reports the offset of the bad byte', () => {
    try {
      reader('00000002 61620007').varOpaque(undefined);
      assert.fail('no error');
    } catch (e) {
      assert.ok(e instanceof XdrDecodeError);
      assert.equal(e.offset, 7);
    }
  });
  it('bool 2 and bool -1 (NFSP_ERR_XDR_BOOL)', () => {
    assert.throws(() => reader('00000002').bool(), decodeErr('NFSP_ERR_XDR_BOOL'));
    assert.throws(() => reader('ffffffff').bool(), decodeErr('NFSP_ERR_XDR_BOOL'));
    assert.throws(
      () => decodeFromBuffer(boolCodec, hex('00000002')),
      decodeErr('NFSP_ERR_XDR_BOOL'),
    );
  });
  it('enum value outside its set (NFSP_ERR_XDR_ENUM) through a generated codec', () => {
    assert.throws(
      () => decodeFromBuffer(codec_msg_type, hex('00000007')),
      decodeErr('NFSP_ERR_XDR_ENUM', 'msg_type'),
    );
    const r = reader('00000009');
    r.int();
    const e = r.badEnum('E', 9);
    assert.ok(e instanceof XdrDecodeError);
    assert.equal(e.code, 'NFSP_ERR_XDR_ENUM');
    assert.equal(e.offset, 0);
  });
  it('union discriminant without an arm (NFSP_ERR_XDR_UNION)', () => {
    const r = reader('00000000 00000009');
    r.int();
    r.int();
    const e = r.badArm('U', 9);
    assert.ok(e instanceof XdrDecodeError);
    assert.equal(e.code, 'NFSP_ERR_XDR_UNION');
    assert.equal(e.offset, 4);
    assert.match(e.message, /U/);
  });
  it('trailing bytes after a complete item (NFSP_ERR_XDR_TRAILING)', () => {
    assert.throws(
      () => decodeFromBuffer(intCodec, hex('00000001 00')),
      decodeErr('NFSP_ERR_XDR_TRAILING'),
    );
    assert.throws(
      () => reader('00000001 00000000').assertEnd(),
      decodeErr('NFSP_ERR_XDR_TRAILING'),
    );
    assert.equal(decodeFromBuffer(intCodec, hex('00000001')), 1);
  });
  it('nesting deeper than limits.maxDepth (NFSP_ERR_XDR_DEPTH)', () => {
    const r = reader('', { maxUnbounded: 16, maxDepth: 3 });
    r.enter();
    r.enter();
    r.enter();
    assert.throws(() => r.enter(), decodeErr('NFSP_ERR_XDR_DEPTH'));
    // enter/leave pairs do not accumulate.
    const r2 = reader('', { maxUnbounded: 16, maxDepth: 2 });
    for (let i = 0; i < 100; i++) {
      r2.enter();
      r2.enter();
      r2.leave();
      r2.leave();
    }
  });
  it('a reader window outside its buffer is a RangeError', () => {
    assert.throws(() => new XdrReader(Buffer.alloc(4), 0, 8), RangeError);
    assert.throws(() => new XdrReader(Buffer.alloc(4), 3, 2), RangeError);
  });
  it('a reader never reads past its window end', () => {
    const b = hex('00000001 00000002');
    const r = new XdrReader(b, 0, 4);
    assert.equal(r.int(), 1);
    assert.throws(() => r.int(), decodeErr('NFSP_ERR_XDR_SHORT'));
  });
});

describe('XdrWriter: invalid values (NFSP_ERR_XDR_ENCODE)', () => {
  it('int out of range or not an integer', () => {
    for (const v of [2 ** 31, -(2 ** 31) - 1, 1.5, NaN, Infinity, 2 ** 32]) {
      assert.throws(() => writer().int(v), encodeErr(''), String(v));
    }
  });
  it('unsigned int negative, too large or not an integer', () => {
    for (const v of [-1, 2 ** 32, 0.5, NaN]) {
      assert.throws(() => writer().uint(v), encodeErr(''), String(v));
    }
  });
  it('hyper out of range or not a bigint', () => {
    for (const v of [2n ** 63n, -(2n ** 63n) - 1n]) {
      assert.throws(() => writer().hyper(v), encodeErr(''), String(v));
    }
    assert.throws(() => writer().hyper(5 as unknown as bigint), encodeErr());
  });
  it('unsigned hyper negative or too large', () => {
    for (const v of [-1n, 2n ** 64n]) {
      assert.throws(() => writer().uhyper(v), encodeErr(''), String(v));
    }
  });
  it('bool that is not a boolean', () => {
    assert.throws(() => writer().bool(1 as unknown as boolean), encodeErr());
  });
  it('fixed opaque of the wrong length', () => {
    assert.throws(() => writer().fixedOpaque(Buffer.alloc(7), 8), encodeErr(''));
    assert.throws(() => writer().fixedOpaque(Buffer.alloc(9), 8), encodeErr());
    assert.throws(() => writer().fixedOpaque('abcdefgh' as unknown as Buffer, 8), encodeErr());
  });
  it('variable opaque over its declared maximum', () => {
    assert.throws(() => writer().varOpaque(Buffer.alloc(11), 10), encodeErr(''));
    assert.throws(() => writer().varOpaque('abc' as unknown as Buffer, 10), encodeErr());
  });
  it('array length over its declared maximum', () => {
    assert.throws(() => writer().arrayLength(17, 16), encodeErr(''));
  });
  it('fixed array with the wrong element count', () => {
    assert.throws(() => writer().fixedArray(3, 4), encodeErr());
  });
  it('output buffer too small', () => {
    assert.throws(() => new XdrWriter(Buffer.alloc(3)).int(1), encodeErr());
    assert.throws(
      () => new XdrWriter(Buffer.alloc(8)).varOpaque(Buffer.alloc(5), undefined),
      encodeErr(),
    );
  });
  it('enum / union helpers produce encode errors', () => {
    const w = writer();
    const e1 = w.badEnum('E', 9);
    assert.ok(e1 instanceof XdrEncodeError);
    assert.equal(e1.code, 'NFSP_ERR_XDR_ENCODE');
    assert.match(e1.message, /9 is not a value of enum E/);
    const e2 = w.badArm('U', 9);
    assert.ok(e2 instanceof XdrEncodeError);
    assert.equal(e2.code, 'NFSP_ERR_XDR_ENCODE');
  });
  it('encode errors through a codec carry the type name as path', () => {
    assert.throws(() => encodeToBuffer(codec_msg_type, 7 as unknown as 0), encodeErr('msg_type'));
  });
});

function roundTrip<T>(codec: XdrCodec<T>, v: T, wire: string): void {
  const buf = encodeToBuffer(codec, v);
  assert.equal(buf.toString('hex'), wire.replace(/\s+/g, ''), `encode ${String(v)}`);
  assert.equal(codec.size(v), buf.length);
  assert.deepEqual(decodeFromBuffer(codec, buf), v);
}

describe('primitive round trips', () => {
  it('int, including negatives and the extremes', () => {
    roundTrip(intCodec, 0, '00000000');
    roundTrip(intCodec, 1, '00000001');
    roundTrip(intCodec, -1, 'ffffffff');
    roundTrip(intCodec, -2, 'fffffffe');
    roundTrip(intCodec, 2 ** 31 - 1, '7fffffff');
    roundTrip(intCodec, -(2 ** 31), '80000000');
  });
  it('unsigned int, including 2^31 and 2^32-1', () => {
    roundTrip(uintCodec, 0, '00000000');
    roundTrip(uintCodec, 2 ** 31, '80000000');
    roundTrip(uintCodec, 2 ** 32 - 1, 'ffffffff');
    roundTrip(uintCodec, 0x01020304, '01020304');
  });
  it('hyper at ±2^63 extremes and around 2^53', () => {
    roundTrip(hyperCodec, 0n, '0000000000000000');
    roundTrip(hyperCodec, -1n, 'ffffffffffffffff');
    roundTrip(hyperCodec, 2n ** 63n - 1n, '7fffffffffffffff');
    roundTrip(hyperCodec, -(2n ** 63n), '8000000000000000');
    roundTrip(hyperCodec, 2n ** 32n + 5n, '0000000100000005');
    roundTrip(hyperCodec, 2n ** 53n - 1n, '001fffffffffffff');
    roundTrip(hyperCodec, 2n ** 53n, '0020000000000000');
    roundTrip(hyperCodec, 2n ** 53n + 1n, '0020000000000001');
    roundTrip(hyperCodec, -(2n ** 53n) - 1n, 'ffdfffffffffffff');
  });
  it('unsigned hyper up to 2^64-1 and just above 2^53 (no float rounding)', () => {
    roundTrip(uhyperCodec, 0n, '0000000000000000');
    roundTrip(uhyperCodec, 2n ** 64n - 1n, 'ffffffffffffffff');
    roundTrip(uhyperCodec, 2n ** 63n, '8000000000000000');
    roundTrip(uhyperCodec, 2n ** 53n - 1n, '001fffffffffffff');
    roundTrip(uhyperCodec, 2n ** 53n + 1n, '0020000000000001');
    roundTrip(uhyperCodec, 2n ** 53n + 3n, '0020000000000003');
    roundTrip(uhyperCodec, 0x123456789abcdef0n, '123456789abcdef0');
    for (let k = 0n; k < 64n; k++) {
      const v = (1n << k) + 1n;
      assert.equal(decodeFromBuffer(uhyperCodec, encodeToBuffer(uhyperCodec, v)), v);
    }
  });
  it('decoded hypers are bigints even on the small-value fast path', () => {
    assert.equal(typeof decodeFromBuffer(uhyperCodec, hex('0000000000000001')), 'bigint');
    assert.equal(typeof decodeFromBuffer(hyperCodec, hex('0000000000000001')), 'bigint');
  });
  it('float', () => {
    roundTrip(floatCodec, 1.5, '3fc00000');
    roundTrip(floatCodec, -2, 'c0000000');
    roundTrip(floatCodec, 0, '00000000');
    roundTrip(floatCodec, -0, '80000000');
    roundTrip(floatCodec, Infinity, '7f800000');
    roundTrip(floatCodec, Math.fround(0.1), '3dcccccd');
    assert.ok(Number.isNaN(decodeFromBuffer(floatCodec, encodeToBuffer(floatCodec, NaN))));
  });
  it('double', () => {
    roundTrip(doubleCodec, 0.1, '3fb999999999999a');
    roundTrip(doubleCodec, -0, '8000000000000000');
    roundTrip(doubleCodec, Number.MAX_VALUE, '7fefffffffffffff');
    roundTrip(doubleCodec, -Infinity, 'fff0000000000000');
    roundTrip(doubleCodec, 2 ** 53 + 2, '4340000000000001');
    assert.ok(Number.isNaN(decodeFromBuffer(doubleCodec, encodeToBuffer(doubleCodec, NaN))));
  });
  it('bool', () => {
    roundTrip(boolCodec, true, '00000001');
    roundTrip(boolCodec, false, '00000000');
  });
  it('fixed and variable opaque of every padding length', () => {
    for (let n = 0; n <= 9; n++) {
      const data = Buffer.from(Array.from({ length: n }, (_, i) => i + 1));
      const padded = (n + 3) & ~3;
      const w = new XdrWriter(Buffer.alloc(4 + padded * 2));
      w.varOpaque(data, n);
      w.fixedOpaque(data, n);
      assert.equal(w.pos, 4 + padded * 2);
      const r = new XdrReader(w.buf);
      assert.deepEqual(r.varOpaque(n), data);
      assert.deepEqual(r.fixedOpaque(n), data);
      r.assertEnd();
    }
  });
  it('a sequence of mixed primitives written and read back in order', () => {
    const w = new XdrWriter(Buffer.alloc(4 + 4 + 8 + 8 + 4 + 8 + 4 + 12));
    w.int(-7);
    w.uint(7);
    w.hyper(-(2n ** 40n));
    w.uhyper(2n ** 60n);
    w.float(0.25);
    w.double(1e300);
    w.bool(true);
    w.varOpaque(Buffer.from('hello'), undefined);
    assert.equal(w.pos, w.buf.length);
    const r = new XdrReader(w.buf);
    assert.equal(r.int(), -7);
    assert.equal(r.uint(), 7);
    assert.equal(r.hyper(), -(2n ** 40n));
    assert.equal(r.uhyper(), 2n ** 60n);
    assert.equal(r.float(), 0.25);
    assert.equal(r.double(), 1e300);
    assert.equal(r.bool(), true);
    assert.equal(r.varOpaque(undefined).toString(), 'hello');
    r.assertEnd();
  });
});

describe('zero-copy and zero padding', () => {
  it('decoded opaque shares memory with the input buffer', () => {
    // Place the input at a non-zero offset inside a larger ArrayBuffer.
    const backing = Buffer.alloc(64);
    const input = backing.subarray(8, 8 + 16);
    hex('00000005 68656c6c 6f000000 01020304').copy(input);
    const r = new XdrReader(input);
    const v = r.varOpaque(undefined);
    assert.equal(v.toString(), 'hello');
    assert.equal(v.buffer, input.buffer);
    assert.equal(v.byteOffset, input.byteOffset + 4);
    const f = r.fixedOpaque(4);
    assert.equal(f.buffer, input.buffer);
    assert.equal(f.byteOffset, input.byteOffset + 12);
    // A write through the input is visible through the slice: it is not a copy.
    input[4] = 0x48;
    assert.equal(v.toString(), 'Hello');
  });
  it('padding bytes are written as zero into a dirty allocUnsafe buffer', () => {
    const buf = Buffer.allocUnsafe(4 + 8 + 4);
    buf.fill(0xff);
    const w = new XdrWriter(buf);
    w.varOpaque(Buffer.from('abcde'), undefined);
    w.fixedOpaque(Buffer.from('x'), 1);
    assert.equal(buf.toString('hex'), '00000005' + '6162636465000000' + '78000000');
    // And the result decodes (the reader rejects non-zero padding).
    const r = new XdrReader(buf);
    assert.equal(r.varOpaque(undefined).toString(), 'abcde');
    assert.equal(r.fixedOpaque(1).toString(), 'x');
  });
  it('encodeToBuffer leaves headroom and writes exactly size bytes after it', () => {
    const buf = encodeToBuffer(uintCodec, 0xdeadbeef, 4);
    assert.equal(buf.length, 8);
    assert.equal(buf.subarray(4).toString('hex'), 'deadbeef');
  });
});
