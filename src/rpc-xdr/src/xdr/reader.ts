import { XdrDecodeError } from './errors.js';
import { DEFAULT_LIMITS, type XdrLimits } from './limits.js';

/** Scratch word for 64-bit conversions (module-wide: decoding is synchronous). */
const SCRATCH = new Uint8Array(8);
const SCRATCH_U64 = new BigUint64Array(SCRATCH.buffer);
const SCRATCH_I64 = new BigInt64Array(SCRATCH.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A bounds-checked XDR reader over one Buffer (RFC 4506).
 *
 * Invariants that keep hostile input harmless:
 * - every read checks the bytes remaining first, so nothing reads past `end`;
 * - a declared length is checked against its declared maximum, the caller's limit for unbounded
 *   items and the bytes remaining *before* anything is allocated, so a 4-byte length claiming
 *   2^31 elements costs nothing;
 * - opaque data and strings are returned as zero-copy slices of the input (`subarray`): the
 *   caller must not keep them past the life of the input buffer if it reuses that buffer;
 * - padding must be zero and bools must be 0 or 1.
 */
export class XdrReader {
  /** The whole input buffer. */
  readonly buf: Buffer;
  /** Offset of the next byte to read. */
  pos: number;
  /** Offset one past the last readable byte. */
  readonly end: number;
  readonly limits: XdrLimits;
  /** Current nesting of recursive types (see `enter`). */
  private depth = 0;

  constructor(buf: Buffer, start = 0, end = buf.length, limits: XdrLimits = DEFAULT_LIMITS) {
    if (start < 0 || end > buf.length || start > end) {
      throw new RangeError(`XdrReader window [${start}, ${end}) outside buffer of ${buf.length}`);
    }
    this.buf = buf;
    this.pos = start;
    this.end = end;
    this.limits = limits;
  }

  /** Bytes not yet read. */
  get remaining(): number {
    return this.end - this.pos;
  }

  private short(need: number): XdrDecodeError {
    return new XdrDecodeError(
      'NFSP_ERR_XDR_SHORT',
      `need ${need} bytes at offset ${this.pos}, ${this.end - this.pos} remain`,
      this.pos,
    );
  }

  /** Signed 32-bit integer (RFC 4506 section 4.1). */
  int(): number {
    const p = this.pos;
    if (this.end - p < 4) throw this.short(4);
    const b = this.buf;
    this.pos = p + 4;
    return (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
  }

  /** Unsigned 32-bit integer (section 4.2). */
  uint(): number {
    const p = this.pos;
    if (this.end - p < 4) throw this.short(4);
    const b = this.buf;
    this.pos = p + 4;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }

  /** Signed 64-bit hyper integer as bigint (section 4.5). */
  hyper(): bigint {
    this.load8();
    return SCRATCH_I64[0]!;
  }

  /** Unsigned 64-bit hyper integer as bigint (section 4.5). */
  uhyper(): bigint {
    this.load8();
    return SCRATCH_U64[0]!;
  }

  /**
   * Copies the next 8 bytes into the shared scratch word in host order. Reading a BigInt64Array
   * element is several times cheaper than composing a bigint from two 32-bit halves.
   */
  private load8(): void {
    const p = this.pos;
    if (this.end - p < 8) throw this.short(8);
    const b = this.buf;
    this.pos = p + 8;
    if (LITTLE_ENDIAN) {
      SCRATCH[0] = b[p + 7]!;
      SCRATCH[1] = b[p + 6]!;
      SCRATCH[2] = b[p + 5]!;
      SCRATCH[3] = b[p + 4]!;
      SCRATCH[4] = b[p + 3]!;
      SCRATCH[5] = b[p + 2]!;
      SCRATCH[6] = b[p + 1]!;
      SCRATCH[7] = b[p]!;
    } else {
      for (let i = 0; i < 8; i++) SCRATCH[i] = b[p + i]!;
    }
  }

  /** IEEE single-precision float (section 4.6). */
  float(): number {
    const p = this.pos;
    if (this.end - p < 4) throw this.short(4);
    this.pos = p + 4;
    return this.buf.readFloatBE(p);
  }

  /** IEEE double-precision float (section 4.7). */
  double(): number {
    const p = this.pos;
    if (this.end - p < 8) throw this.short(8);
    this.pos = p + 8;
    return this.buf.readDoubleBE(p);
  }

  /** Boolean: exactly 0 or 1 (section 4.4). */
  bool(): boolean {
    const at = this.pos;
    const v = this.int();
    if (v === 1) return true;
    if (v === 0) return false;
    throw new XdrDecodeError('NFSP_ERR_XDR_BOOL', `bool must be 0 or 1, got ${v}`, at);
  }

  /** Fixed-length opaque of `n` bytes plus zero padding (section 4.9), as a zero-copy slice. */
  fixedOpaque(n: number): Buffer {
    const p = this.pos;
    // Arithmetic stays in doubles: `(n + 3) & ~3` would wrap for lengths of 2^31 and more.
    const padded = n + ((4 - (n & 3)) & 3);
    if (this.end - p < padded) throw this.short(padded);
    this.pos = p + padded;
    this.checkPadding(p + n, p + padded);
    return this.buf.subarray(p, p + n);
  }

  /**
   * Variable-length opaque or string (sections 4.10, 4.11) with declared maximum `max`
   * (`undefined` for `<>`, bounded by `limits.maxUnbounded`), as a zero-copy slice.
   */
  varOpaque(max: number | undefined): Buffer {
    const at = this.pos;
    const n = this.uint();
    this.checkLength(n, max, at);
    const p = this.pos;
    const padded = n + ((4 - (n & 3)) & 3);
    if (this.end - p < padded) throw this.short(padded);
    this.pos = p + padded;
    this.checkPadding(p + n, p + padded);
    return this.buf.subarray(p, p + n);
  }

  /**
   * Element count of a variable-length array (section 4.13), checked against its maximum,
   * the unbounded limit and the bytes remaining: each element needs at least `minElementSize`
   * bytes, so an impossible count fails before any array is allocated.
   */
  arrayLength(max: number | undefined, minElementSize: number): number {
    const at = this.pos;
    const n = this.uint();
    this.checkLength(n, max, at);
    if (minElementSize > 0 && n * minElementSize > this.end - this.pos) {
      throw new XdrDecodeError(
        'NFSP_ERR_XDR_SHORT',
        `array of ${n} elements needs at least ${n * minElementSize} bytes, ${this.end - this.pos} remain`,
        at,
      );
    }
    return n;
  }

  /** Checks the item count of an optional-data list before reading another item. */
  listItem(count: number): void {
    if (count >= this.limits.maxUnbounded) {
      throw new XdrDecodeError(
        'NFSP_ERR_XDR_LIMIT',
        `list longer than the limit of ${this.limits.maxUnbounded} items`,
        this.pos,
      );
    }
  }

  /** Enters one level of a recursive type; pair with `leave`. */
  enter(): void {
    if (++this.depth > this.limits.maxDepth) {
      this.depth = 0;
      throw new XdrDecodeError(
        'NFSP_ERR_XDR_DEPTH',
        `nesting deeper than ${this.limits.maxDepth} levels`,
        this.pos,
      );
    }
  }

  leave(): void {
    this.depth--;
  }

  /** Throws unless every byte of the window was consumed. */
  assertEnd(): void {
    if (this.pos !== this.end) {
      throw new XdrDecodeError(
        'NFSP_ERR_XDR_TRAILING',
        `${this.end - this.pos} unexpected trailing bytes`,
        this.pos,
      );
    }
  }

  private checkLength(n: number, max: number | undefined, at: number): void {
    const limit = max ?? this.limits.maxUnbounded;
    if (n > limit) {
      throw new XdrDecodeError(
        'NFSP_ERR_XDR_LIMIT',
        `length ${n} exceeds ${max === undefined ? 'the unbounded-length limit' : 'the declared maximum'} ${limit}`,
        at,
      );
    }
  }

  private checkPadding(from: number, to: number): void {
    const b = this.buf;
    for (let i = from; i < to; i++) {
      if (b[i] !== 0) {
        throw new XdrDecodeError('NFSP_ERR_XDR_PADDING', `non-zero padding byte at offset ${i}`, i);
      }
    }
  }

  /** Error for an enum value outside its set (used by generated code). */
  badEnum(type: string, value: number): XdrDecodeError {
    return new XdrDecodeError(
      'NFSP_ERR_XDR_ENUM',
      `${value} is not a value of enum ${type}`,
      this.pos - 4,
    );
  }

  /** Error for a union discriminant without an arm (used by generated code). */
  badArm(type: string, value: number | boolean): XdrDecodeError {
    return new XdrDecodeError(
      'NFSP_ERR_XDR_UNION',
      `union ${type} has no arm for discriminant ${String(value)}`,
      this.pos - 4,
    );
  }
}
