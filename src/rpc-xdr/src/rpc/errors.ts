/** Typed ONC-RPC errors with stable codes (docs/errors.md). */

export type RpcErrorCode =
  /** A fragment would make the record larger than the record-size limit. */
  | 'NFSP_ERR_RPC_RECORD_TOO_LARGE'
  /** A record has more fragments than the fragment limit. */
  | 'NFSP_ERR_RPC_TOO_MANY_FRAGMENTS'
  /** A message too short or malformed to be answered (no usable xid/header). */
  | 'NFSP_ERR_RPC_MALFORMED'
  /** The call got no reply after all retransmissions. */
  | 'NFSP_ERR_RPC_TIMEOUT'
  /** The connection could not be established or was lost and the call cannot be retried. */
  | 'NFSP_ERR_RPC_CONNECTION'
  /** The client was closed while the call was pending. */
  | 'NFSP_ERR_RPC_CLOSED'
  /** The server replied MSG_ACCEPTED with a status other than SUCCESS. */
  | 'NFSP_ERR_RPC_ACCEPTED'
  /** The server replied MSG_DENIED (RPC_MISMATCH or AUTH_ERROR). */
  | 'NFSP_ERR_RPC_DENIED';

export class RpcError extends Error {
  readonly code: RpcErrorCode;
  constructor(code: RpcErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Record-marking violations; the connection that produced them must be closed. */
export class RpcFramingError extends RpcError {}

/** A reply with MSG_ACCEPTED and a non-SUCCESS accept_stat (RFC 5531 section 9). */
export class RpcAcceptedError extends RpcError {
  constructor(
    /** accept_stat: PROG_UNAVAIL=1, PROG_MISMATCH=2, PROC_UNAVAIL=3, GARBAGE_ARGS=4, SYSTEM_ERR=5. */
    readonly acceptStat: number,
    message: string,
    /** Supported version range for PROG_MISMATCH. */
    readonly mismatch?: { low: number; high: number },
  ) {
    super('NFSP_ERR_RPC_ACCEPTED', message);
  }
}

/** A reply with MSG_DENIED (RFC 5531 section 9). */
export class RpcDeniedError extends RpcError {
  constructor(
    /** reject_stat: RPC_MISMATCH=0, AUTH_ERROR=1. */
    readonly rejectStat: number,
    /** auth_stat when rejectStat is AUTH_ERROR. */
    readonly authStat: number | undefined,
    message: string,
    readonly mismatch?: { low: number; high: number },
  ) {
    super('NFSP_ERR_RPC_DENIED', message);
  }
}

/**
 * Thrown by a server handler to make the server answer with an RPC-level error instead of a
 * result: `accepted` with an accept_stat, or `denied` with an auth_stat (AUTH_ERROR).
 */
export class RpcReplyError extends Error {
  constructor(
    readonly reply: { kind: 'accepted'; acceptStat: number } | { kind: 'denied'; authStat: number },
    message: string,
  ) {
    super(message);
    this.name = 'RpcReplyError';
  }
}
