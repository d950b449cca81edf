import { XdrEncodeError } from './errors.js';

/** Scratch word for 64-bit conversions (module-wide: encoding is synchronous). */
const SCRATCH = new Uint8Array(8);
const SCRATCH_U64 = new BigUint64Array(SCRATCH.buffer);
const SCRATCH_I64 = new BigInt64Array(SCRATCH.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * An XDR writer into one pre-sized buffer (RFC 4506). Generated codecs compute the exact
 * encoded size first (`sizeof_T`), so a message is written with one allocation and no copies
 * beyond the payload itself. Padding is always written as zeros, so the target may come from
 * `Buffer.allocUnsafe`.
 *
 * Every method validates its value (range, declared maximum) and throws {@link XdrEncodeError};
 * generated code adds the field path as the error propagates. An invalid value is a bug in the
 * caller that must not reach the wire as a silently truncated number.
 */
export class XdrWriter {
  readonly buf: Buffer;
  pos: number;
  readonly end: number;

  constructor(buf: Buffer, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  private room(n: number, what: string): number {
    const p = this.pos;
    if (this.end - p < n) {
      throw new XdrEncodeError(
        'NFSP_ERR_XDR_ENCODE',
        `output buffer too small for ${what}: need ${n} bytes at ${p}, ${this.end - p} left (size function out of step with encoder)`,
        p,
      );
    }
    this.pos = p + n;
    return p;
  }

  private put32(p: number, v: number): void {
    const b = this.buf;
    b[p] = v >>> 24;
    b[p + 1] = v >>> 16;
    b[p + 2] = v >>> 8;
    b[p + 3] = v;
  }

  int(v: number): void {
    if ((v | 0) !== v) throw bad(`int: ${String(v)} is not a 32-bit signed integer`, this.pos);
    this.put32(this.room(4, 'int'), v);
  }

  uint(v: number): void {
    if (v >>> 0 !== v)
      throw bad(`unsigned int: ${String(v)} is not a 32-bit unsigned integer`, this.pos);
    this.put32(this.room(4, 'unsigned int'), v);
  }

  hyper(v: bigint): void {
    if (typeof v !== 'bigint' || BigInt.asIntN(64, v) !== v) {
      throw bad(`hyper: ${String(v)} is not a 64-bit signed bigint`, this.pos);
    }
    SCRATCH_I64[0] = v;
    this.store8(this.room(8, 'hyper'));
  }

  uhyper(v: bigint): void {
    if (typeof v !== 'bigint' || BigInt.asUintN(64, v) !== v) {
      throw bad(`unsigned hyper: ${String(v)} is not a 64-bit unsigned bigint`, this.pos);
    }
    SCRATCH_U64[0] = v;
    this.store8(this.room(8, 'unsigned hyper'));
  }

  /**
   * Writes the scratch word big-endian at `p`. Storing through a BigInt64Array is several times
   * cheaper than Buffer#writeBigUInt64BE, which dominated encoding of attribute-heavy replies.
   */
  private store8(p: number): void {
    const b = this.buf;
    if (LITTLE_ENDIAN) {
      b[p] = SCRATCH[7]!;
      b[p + 1] = SCRATCH[6]!;
      b[p + 2] = SCRATCH[5]!;
      b[p + 3] = SCRATCH[4]!;
      b[p + 4] = SCRATCH[3]!;
      b[p + 5] = SCRATCH[2]!;
      b[p + 6] = SCRATCH[1]!;
      b[p + 7] = SCRATCH[0]!;
    } else {
      for (let i = 0; i < 8; i++) b[p + i] = SCRATCH[i]!;
    }
  }

  float(v: number): void {
    if (typeof v !== 'number') throw bad('float: not a number', this.pos);
    this.buf.writeFloatBE(v, this.room(4, 'float'));
  }

  double(v: number): void {
    if (typeof v !== 'number') throw bad('double: not a number', this.pos);
    this.buf.writeDoubleBE(v, this.room(8, 'double'));
  }

  bool(v: boolean): void {
    if (typeof v !== 'boolean') throw bad(`bool: ${String(v)} is not a boolean`, this.pos);
    this.put32(this.room(4, 'bool'), v ? 1 : 0);
  }

  /** Fixed-length opaque: exactly `n` bytes, then zero padding. */
  fixedOpaque(v: Uint8Array, n: number): void {
    if (!(v instanceof Uint8Array) || v.length !== n) {
      throw bad(`opaque: fixed opaque must be exactly ${n} bytes, got ${lengthOf(v)}`, this.pos);
    }
    this.bytes(v);
  }

  /** Variable-length opaque or string: length, bytes, zero padding. */
  varOpaque(v: Uint8Array, max: number | undefined): void {
    if (!(v instanceof Uint8Array)) throw bad('opaque: not a Buffer/Uint8Array', this.pos);
    if (max !== undefined && v.length > max) {
      throw bad(`opaque: length ${v.length} exceeds the declared maximum ${max}`, this.pos);
    }
    this.put32(this.room(4, 'opaque'), v.length);
    this.bytes(v);
  }

  /** Length prefix of a variable-length array, checked against its maximum. */
  arrayLength(n: number, max: number | undefined): void {
    if (max !== undefined && n > max) {
      throw bad(`array: ${n} elements exceed the declared maximum ${max}`, this.pos);
    }
    this.put32(this.room(4, 'array'), n);
  }

  /** Checks a fixed-length array's element count (it has no length prefix on the wire). */
  fixedArray(n: number, expected: number): void {
    if (n !== expected)
      throw bad(`array: fixed array needs ${expected} elements, got ${n}`, this.pos);
  }

  private bytes(v: Uint8Array): void {
    const n = v.length;
    const padded = n + ((4 - (n & 3)) & 3);
    const p = this.room(padded, 'opaque');
    this.buf.set(v, p);
    for (let i = p + n; i < p + padded; i++) this.buf[i] = 0;
  }

  /** Error for an enum value outside its set (used by generated code). */
  badEnum(type: string, value: unknown): XdrEncodeError {
    return bad(`${String(value)} is not a value of enum ${type}`, this.pos);
  }

  /** Error for a union discriminant without an arm (used by generated code). */
  badArm(type: string, value: unknown): XdrEncodeError {
    return bad(`union ${type} has no arm for discriminant ${String(value)}`, this.pos);
  }
}

function lengthOf(v: unknown): string {
  return v instanceof Uint8Array ? String(v.length) : typeof v;
}

function bad(detail: string, offset: number): XdrEncodeError {
  return new XdrEncodeError('NFSP_ERR_XDR_ENCODE', detail, offset);
}

/** Bytes an opaque or string of `n` bytes occupies with its padding (no length prefix). */
export function padded(n: number): number {
  return (n + 3) & ~3;
}
