/**
 * Typed XDR errors. Every decode failure is an {@link XdrDecodeError} carrying a stable `code`
 * and the path of the field that failed (`READDIRPLUS3res.resok.reply.entries[3].name`), so the
 * RPC layer can map it once to GARBAGE_ARGS and a log line can say exactly what was wrong.
 */

/** Stable error codes for XDR failures (listed in docs/errors.md). */
export type XdrErrorCode =
  /** Fewer bytes remain than the item needs (truncated input). */
  | 'NFSP_ERR_XDR_SHORT'
  /** A declared length exceeds its declared maximum or the caller-supplied limit. */
  | 'NFSP_ERR_XDR_LIMIT'
  /** An enum value outside its declared set. */
  | 'NFSP_ERR_XDR_ENUM'
  /** A bool that is neither 0 nor 1. */
  | 'NFSP_ERR_XDR_BOOL'
  /** A union discriminant with no matching arm and no default arm. */
  | 'NFSP_ERR_XDR_UNION'
  /** Non-zero padding bytes after opaque or string data (RFC 4506 section 4.10). */
  | 'NFSP_ERR_XDR_PADDING'
  /** Bytes left over after a complete item. */
  | 'NFSP_ERR_XDR_TRAILING'
  /** Recursive data nested deeper than the reader's limit. */
  | 'NFSP_ERR_XDR_DEPTH'
  /** A value that cannot be encoded (wrong length, out of range, not in its enum). */
  | 'NFSP_ERR_XDR_ENCODE';

/** Base class of all XDR errors. */
export class XdrError extends Error {
  readonly code: XdrErrorCode;
  /** Path of the failing field, built from the innermost field outwards. */
  path: string;
  /** Byte offset in the input (decode) or output (encode) where the failure was detected. */
  readonly offset: number;
  /** The message without the path, kept so the path can be prepended as errors propagate. */
  readonly detail: string;

  constructor(code: XdrErrorCode, detail: string, offset: number, path = '') {
    super('');
    this.name = new.target.name;
    this.code = code;
    this.detail = detail;
    this.offset = offset;
    this.path = path;
    this.message = this.format();
  }

  /** Prepends a path segment (`.field`, `[3]` or a type name) as the error leaves a scope. */
  prepend(segment: string): this {
    this.path = segment + this.path;
    this.message = this.format();
    return this;
  }

  private format(): string {
    return this.path === '' ? this.detail : `${this.path}: ${this.detail}`;
  }
}

/** The input is not valid XDR for the expected type. */
export class XdrDecodeError extends XdrError {}

/** The value cannot be represented in XDR for its declared type. */
export class XdrEncodeError extends XdrError {}

/**
 * Adds a path segment to an XDR error on its way out of a generated codec function and
 * rethrows it; any other exception is rethrown unchanged (it is a bug, not bad input).
 */
export function xdrRethrow(err: unknown, segment: string): never {
  if (err instanceof XdrError) throw err.prepend(segment);
  throw err;
}
