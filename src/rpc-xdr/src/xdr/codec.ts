import { XdrReader } from './reader.js';
import { XdrWriter } from './writer.js';
import type { XdrLimits } from './limits.js';
import { DEFAULT_LIMITS } from './limits.js';

/** A generated XDR codec for one type: exact size, encode into a writer, decode from a reader. */
export interface XdrCodec<T> {
  /** The XDR type name, used as the first segment of error paths. */
  readonly name: string;
  size(value: T): number;
  encode(w: XdrWriter, value: T): void;
  decode(r: XdrReader): T;
}

/** The codec of XDR `void`: nothing on the wire. */
export const voidCodec: XdrCodec<void> = {
  name: 'void',
  size: () => 0,
  encode: () => {},
  decode: () => undefined,
};

/**
 * Encodes `value` into a new buffer of exactly its size plus `headroom` leading bytes (left for
 * the caller, e.g. an RPC record mark and header).
 */
export function encodeToBuffer<T>(codec: XdrCodec<T>, value: T, headroom = 0): Buffer {
  const size = codec.size(value);
  const buf = Buffer.allocUnsafe(headroom + size);
  const w = new XdrWriter(buf, headroom);
  codec.encode(w, value);
  return buf;
}

/** Decodes one complete `T` from `buf`; trailing bytes are an error. */
export function decodeFromBuffer<T>(
  codec: XdrCodec<T>,
  buf: Buffer,
  limits: XdrLimits = DEFAULT_LIMITS,
): T {
  const r = new XdrReader(buf, 0, buf.length, limits);
  const v = codec.decode(r);
  r.assertEnd();
  return v;
}

function primitive<T>(
  name: string,
  size: number,
  encode: (w: XdrWriter, v: T) => void,
  decode: (r: XdrReader) => T,
): XdrCodec<T> {
  return { name, size: () => size, encode, decode };
}

/** Codecs of the primitive types, for procedures whose argument or result is one. */
export const intCodec = primitive<number>(
  'int',
  4,
  (w, v) => w.int(v),
  (r) => r.int(),
);
export const uintCodec = primitive<number>(
  'unsigned int',
  4,
  (w, v) => w.uint(v),
  (r) => r.uint(),
);
export const hyperCodec = primitive<bigint>(
  'hyper',
  8,
  (w, v) => w.hyper(v),
  (r) => r.hyper(),
);
export const uhyperCodec = primitive<bigint>(
  'unsigned hyper',
  8,
  (w, v) => w.uhyper(v),
  (r) => r.uhyper(),
);
export const floatCodec = primitive<number>(
  'float',
  4,
  (w, v) => w.float(v),
  (r) => r.float(),
);
export const doubleCodec = primitive<number>(
  'double',
  8,
  (w, v) => w.double(v),
  (r) => r.double(),
);
export const boolCodec = primitive<boolean>(
  'bool',
  4,
  (w, v) => w.bool(v),
  (r) => r.bool(),
);

/** One procedure of an RPC program version: its number and argument/result codecs. */
export interface XdrProcedure<A = unknown, R = unknown> {
  readonly name: string;
  readonly number: number;
  readonly args: XdrCodec<A>;
  readonly result: XdrCodec<R>;
}

export interface XdrVersion {
  readonly name: string;
  readonly number: number;
  readonly procedures: { readonly [name: string]: XdrProcedure };
}

/** A program descriptor as generated from an RFC 5531 `program` definition. */
export interface XdrProgram {
  readonly name: string;
  readonly number: number;
  readonly versions: { readonly [name: string]: XdrVersion };
}
