import { RpcFramingError } from './errors.js';
import { DEFAULT_MAX_FRAGMENTS, DEFAULT_MAX_RECORD_SIZE } from './limits.js';

const LAST_FRAGMENT = 0x80000000;
const LENGTH_MASK = 0x7fffffff;

/** Bytes of a record mark (RFC 5531 section 11). */
export const RECORD_MARK_SIZE = 4;

export interface RecordDecoderOptions {
  /** See {@link DEFAULT_MAX_RECORD_SIZE}. */
  readonly maxRecordSize?: number;
  /** See {@link DEFAULT_MAX_FRAGMENTS}. */
  readonly maxFragments?: number;
}

/**
 * Incremental record-marking decoder (RFC 5531 section 11) for one TCP stream.
 *
 * Feed socket chunks with `push`, then call `next` until it returns `undefined` ("need more").
 * A record that arrives as one fragment inside one chunk is returned as a zero-copy slice of that
 * chunk; otherwise its fragments are joined once, when the record is complete, so memory grows
 * only with bytes actually received, never with a length a peer merely claims. A fragment header
 * that would push the record past `maxRecordSize`, or one fragment too many, throws
 * {@link RpcFramingError} at once and poisons the decoder: the stream has lost its framing and
 * the connection must be closed.
 */
export class RecordDecoder {
  private readonly maxRecordSize: number;
  private readonly maxFragments: number;
  /** Unconsumed input chunks; `offset` is the read position in the first. */
  private readonly chunks: Buffer[] = [];
  private offset = 0;
  private buffered = 0;
  /** Bytes still expected for the current fragment, or -1 while reading a header. */
  private fragmentLeft = -1;
  private lastFragment = false;
  private fragments = 0;
  private recordSize = 0;
  private parts: Buffer[] = [];
  private failed: RpcFramingError | undefined;

  constructor(opts: RecordDecoderOptions = {}) {
    this.maxRecordSize = opts.maxRecordSize ?? DEFAULT_MAX_RECORD_SIZE;
    this.maxFragments = opts.maxFragments ?? DEFAULT_MAX_FRAGMENTS;
  }

  /** Bytes received but not yet returned in a record. */
  get pendingBytes(): number {
    return this.buffered + this.recordSize;
  }

  /** True when no partial record is buffered (a clean point to close a connection). */
  get idle(): boolean {
    return this.buffered === 0 && this.fragmentLeft === -1 && this.fragments === 0;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** The next complete record, or `undefined` if more input is needed. */
  next(): Buffer | undefined {
    if (this.failed) throw this.failed;
    for (;;) {
      if (this.fragmentLeft < 0) {
        if (this.buffered < RECORD_MARK_SIZE) return undefined;
        const mark = this.readMark();
        this.lastFragment = (mark & LAST_FRAGMENT) !== 0;
        const len = mark & LENGTH_MASK;
        this.fragments++;
        if (this.fragments > this.maxFragments) {
          return this.fail(
            'NFSP_ERR_RPC_TOO_MANY_FRAGMENTS',
            `record has more than ${this.maxFragments} fragments`,
          );
        }
        if (this.recordSize + len > this.maxRecordSize) {
          return this.fail(
            'NFSP_ERR_RPC_RECORD_TOO_LARGE',
            `fragment of ${len} bytes makes the record ${this.recordSize + len} bytes, over the limit of ${this.maxRecordSize}`,
          );
        }
        this.fragmentLeft = len;
      }
      // Move fragment bytes from the input chunks into the record's parts.
      while (this.fragmentLeft > 0 && this.buffered > 0) {
        const chunk = this.chunks[0]!;
        const take = Math.min(this.fragmentLeft, chunk.length - this.offset);
        this.parts.push(chunk.subarray(this.offset, this.offset + take));
        this.consume(take);
        this.fragmentLeft -= take;
        this.recordSize += take;
      }
      if (this.fragmentLeft > 0) return undefined;
      this.fragmentLeft = -1;
      if (this.lastFragment) {
        const parts = this.parts;
        const record = parts.length === 1 ? parts[0]! : Buffer.concat(parts, this.recordSize);
        this.parts = [];
        this.recordSize = 0;
        this.fragments = 0;
        return record;
      }
    }
  }

  private readMark(): number {
    const chunk = this.chunks[0]!;
    let mark: number;
    if (chunk.length - this.offset >= RECORD_MARK_SIZE) {
      mark = chunk.readUInt32BE(this.offset);
      this.consume(RECORD_MARK_SIZE);
    } else {
      mark = 0;
      for (let i = 0; i < RECORD_MARK_SIZE; i++) {
        const c = this.chunks[0]!;
        mark = mark * 256 + c[this.offset]!;
        this.consume(1);
      }
    }
    return mark >>> 0;
  }

  private consume(n: number): void {
    this.offset += n;
    this.buffered -= n;
    const first = this.chunks[0];
    if (first !== undefined && this.offset === first.length) {
      this.chunks.shift();
      this.offset = 0;
    }
  }

  private fail(
    code: 'NFSP_ERR_RPC_RECORD_TOO_LARGE' | 'NFSP_ERR_RPC_TOO_MANY_FRAGMENTS',
    msg: string,
  ): never {
    this.failed = new RpcFramingError(code, msg);
    this.chunks.length = 0;
    this.parts = [];
    this.buffered = 0;
    throw this.failed;
  }
}

/** Writes a last-fragment record mark for a record of `length` bytes at `offset` in `buf`. */
export function writeRecordMark(buf: Buffer, length: number, offset = 0): void {
  if (length > LENGTH_MASK)
    throw new RangeError(`record of ${length} bytes is too large for one fragment`);
  buf.writeUInt32BE((LAST_FRAGMENT | length) >>> 0, offset);
}

/**
 * Splits a record into fragments of at most `fragmentSize` bytes, each with its mark (used by
 * tests and by peers that must fragment).
 */
export function frameRecord(record: Buffer, fragmentSize = LENGTH_MASK): Buffer {
  if (fragmentSize < 1) throw new RangeError('fragmentSize must be at least 1');
  const count = Math.max(1, Math.ceil(record.length / fragmentSize));
  const out = Buffer.allocUnsafe(record.length + count * RECORD_MARK_SIZE);
  let o = 0;
  for (let i = 0; i < count; i++) {
    const part = record.subarray(i * fragmentSize, (i + 1) * fragmentSize);
    out.writeUInt32BE(((i === count - 1 ? LAST_FRAGMENT : 0) | part.length) >>> 0, o);
    part.copy(out, o + RECORD_MARK_SIZE);
    o += RECORD_MARK_SIZE + part.length;
  }
  return out;
}
