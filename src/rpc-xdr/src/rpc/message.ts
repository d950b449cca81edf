import { XdrReader } from '../xdr/reader.js';
import { XdrWriter } from '../xdr/writer.js';
import { XdrError } from '../xdr/errors.js';
import type { XdrCodec } from '../xdr/codec.js';
import {
  CALL,
  REPLY,
  MSG_ACCEPTED,
  MSG_DENIED,
  SUCCESS,
  PROG_MISMATCH,
  RPC_MISMATCH,
  AUTH_ERROR,
  AUTH_BADCRED,
  AUTH_BADVERF,
  decode_call_body,
  decode_rpc_msg,
  encode_rpc_msg,
  sizeof_rpc_msg,
  type call_body,
  type opaque_auth,
  type rpc_msg,
  type accept_stat,
  type auth_stat,
  type accepted_reply_reply_data,
} from '../generated/rpc-msg.js';
import { RECORD_MARK_SIZE, writeRecordMark } from './record-marking.js';
import { RpcAcceptedError, RpcDeniedError, RpcError } from './errors.js';
import { NULL_AUTH } from './auth.js';

/** The RPC protocol version this runtime speaks (RFC 5531 section 9). */
export const RPC_VERSION = 2;

const EMPTY = Buffer.alloc(0);

/** How a message is framed: TCP records carry a 4-byte record mark, UDP datagrams do not. */
export type Framing = 'record' | 'datagram';

function headroom(framing: Framing): number {
  return framing === 'record' ? RECORD_MARK_SIZE : 0;
}

function finish(buf: Buffer, framing: Framing): Buffer {
  if (framing === 'record') writeRecordMark(buf, buf.length - RECORD_MARK_SIZE);
  return buf;
}

/** Encodes a complete call message: header, then `args` with its codec, in one buffer. */
export function encodeCall<A>(
  call: {
    xid: number;
    prog: number;
    vers: number;
    proc: number;
    cred: opaque_auth;
    verf?: opaque_auth;
  },
  argsCodec: XdrCodec<A>,
  args: A,
  framing: Framing = 'record',
): Buffer {
  const msg: rpc_msg = {
    xid: call.xid,
    body: {
      mtype: CALL,
      cbody: {
        rpcvers: RPC_VERSION,
        prog: call.prog,
        vers: call.vers,
        proc: call.proc,
        cred: call.cred,
        verf: call.verf ?? NULL_AUTH,
      },
    },
  };
  const hr = headroom(framing);
  const buf = Buffer.allocUnsafe(hr + sizeof_rpc_msg(msg) + argsCodec.size(args));
  const w = new XdrWriter(buf, hr);
  encode_rpc_msg(w, msg);
  argsCodec.encode(w, args);
  return finish(buf, framing);
}

/** A call as the server sees it after the header is parsed; args are still undecoded. */
export interface ParsedCall {
  readonly xid: number;
  readonly body: call_body;
  /** Offset of the procedure arguments in the record. */
  readonly argsOffset: number;
}

/** Result of parsing a call header: a call, or the reply it must get (or none). */
export type CallParse =
  | { readonly kind: 'call'; readonly call: ParsedCall }
  /** Not answerable (no xid, or not a CALL): drop it. */
  | { readonly kind: 'drop'; readonly reason: string }
  /** rpcvers is not 2: answer MSG_DENIED / RPC_MISMATCH. */
  | { readonly kind: 'rpc-mismatch'; readonly xid: number }
  /** The credential or verifier is malformed: answer AUTH_ERROR. */
  | {
      readonly kind: 'bad-auth';
      readonly xid: number;
      readonly authStat: auth_stat;
      readonly reason: string;
    };

/** Parses the header of a received call record (RFC 5531 section 9). Never throws on bad input. */
export function parseCall(record: Buffer): CallParse {
  if (record.length < 8)
    return { kind: 'drop', reason: `message of ${record.length} bytes has no header` };
  const xid = record.readUInt32BE(0);
  const mtype = record.readInt32BE(4);
  if (mtype !== CALL) return { kind: 'drop', reason: `message type ${mtype} is not a CALL` };
  if (record.length < 12) return { kind: 'drop', reason: 'call without rpcvers' };
  if (record.readUInt32BE(8) !== RPC_VERSION) return { kind: 'rpc-mismatch', xid };
  const r = new XdrReader(record, 8);
  try {
    const body = decode_call_body(r);
    return { kind: 'call', call: { xid, body, argsOffset: r.pos } };
  } catch (e) {
    if (!(e instanceof XdrError)) throw e;
    // The credential comes before the verifier: a failure at or after the verifier's start is
    // a bad verifier, anything earlier a bad credential (or a header too short to hold them).
    const badVerf = e.path.includes('.verf');
    return {
      kind: 'bad-auth',
      xid,
      authStat: badVerf ? AUTH_BADVERF : AUTH_BADCRED,
      reason: e.message,
    };
  }
}

/** Encodes an accepted SUCCESS reply with `result` (RFC 5531 section 9). */
export function encodeSuccessReply<R>(
  xid: number,
  resultCodec: XdrCodec<R>,
  result: R,
  framing: Framing = 'record',
  verf: opaque_auth = NULL_AUTH,
): Buffer {
  const msg: rpc_msg = {
    xid,
    body: {
      mtype: REPLY,
      rbody: {
        stat: MSG_ACCEPTED,
        areply: { verf, reply_data: { stat: SUCCESS, results: EMPTY } },
      },
    },
  };
  const hr = headroom(framing);
  const buf = Buffer.allocUnsafe(hr + sizeof_rpc_msg(msg) + resultCodec.size(result));
  const w = new XdrWriter(buf, hr);
  encode_rpc_msg(w, msg);
  resultCodec.encode(w, result);
  return finish(buf, framing);
}

function encodeMsg(msg: rpc_msg, framing: Framing): Buffer {
  const hr = headroom(framing);
  const buf = Buffer.allocUnsafe(hr + sizeof_rpc_msg(msg));
  encode_rpc_msg(new XdrWriter(buf, hr), msg);
  return finish(buf, framing);
}

/**
 * Encodes an accepted reply with an error status: PROG_UNAVAIL, PROG_MISMATCH (with the
 * supported version range), PROC_UNAVAIL, GARBAGE_ARGS or SYSTEM_ERR.
 */
export function encodeAcceptedError(
  xid: number,
  stat: Exclude<accept_stat, typeof SUCCESS>,
  framing: Framing = 'record',
  mismatch?: { low: number; high: number },
): Buffer {
  const reply_data: accepted_reply_reply_data =
    stat === PROG_MISMATCH
      ? { stat: PROG_MISMATCH, mismatch_info: mismatch ?? { low: 0, high: 0 } }
      : { stat: stat as Exclude<accept_stat, 0 | 2> };
  return encodeMsg(
    {
      xid,
      body: {
        mtype: REPLY,
        rbody: { stat: MSG_ACCEPTED, areply: { verf: NULL_AUTH, reply_data } },
      },
    },
    framing,
  );
}

/** Encodes MSG_DENIED / RPC_MISMATCH, naming the versions supported (2 to 2). */
export function encodeRpcMismatch(xid: number, framing: Framing = 'record'): Buffer {
  return encodeMsg(
    {
      xid,
      body: {
        mtype: REPLY,
        rbody: {
          stat: MSG_DENIED,
          rreply: { stat: RPC_MISMATCH, mismatch_info: { low: RPC_VERSION, high: RPC_VERSION } },
        },
      },
    },
    framing,
  );
}

/** Encodes MSG_DENIED / AUTH_ERROR with `authStat`. */
export function encodeAuthError(
  xid: number,
  authStat: auth_stat,
  framing: Framing = 'record',
): Buffer {
  return encodeMsg(
    {
      xid,
      body: {
        mtype: REPLY,
        rbody: { stat: MSG_DENIED, rreply: { stat: AUTH_ERROR, why: authStat } },
      },
    },
    framing,
  );
}

/** Reads the xid of a reply message, or undefined if it is not a reply. */
export function peekReplyXid(record: Buffer): number | undefined {
  if (record.length < 8 || record.readInt32BE(4) !== REPLY) return undefined;
  return record.readUInt32BE(0);
}

const ACCEPT_STAT_NAMES: Record<number, string> = {
  1: 'PROG_UNAVAIL',
  2: 'PROG_MISMATCH',
  3: 'PROC_UNAVAIL',
  4: 'GARBAGE_ARGS',
  5: 'SYSTEM_ERR',
};

/**
 * Decodes a reply record: the result on SUCCESS, else throws the typed error for the reply
 * (RpcAcceptedError, RpcDeniedError) or RpcError(NFSP_ERR_RPC_MALFORMED) for a bad message.
 */
export function decodeReply<R>(record: Buffer, resultCodec: XdrCodec<R>): R {
  const r = new XdrReader(record);
  let msg: rpc_msg;
  try {
    msg = decode_rpc_msg(r);
  } catch (e) {
    throw new RpcError(
      'NFSP_ERR_RPC_MALFORMED',
      `malformed reply header: ${(e as Error).message}`,
      { cause: e },
    );
  }
  if (msg.body.mtype !== REPLY)
    throw new RpcError('NFSP_ERR_RPC_MALFORMED', 'expected a REPLY message');
  const rb = msg.body.rbody;
  if (rb.stat === MSG_DENIED) {
    const rr = rb.rreply;
    if (rr.stat === RPC_MISMATCH) {
      throw new RpcDeniedError(
        RPC_MISMATCH,
        undefined,
        `RPC version mismatch (server supports ${rr.mismatch_info.low}-${rr.mismatch_info.high})`,
        rr.mismatch_info,
      );
    }
    throw new RpcDeniedError(AUTH_ERROR, rr.why, `authentication error ${rr.why}`);
  }
  const rd = rb.areply.reply_data;
  if (rd.stat !== SUCCESS) {
    const name = ACCEPT_STAT_NAMES[rd.stat] ?? String(rd.stat);
    if (rd.stat === PROG_MISMATCH) {
      const m = rd.mismatch_info;
      throw new RpcAcceptedError(
        rd.stat,
        `${name} (server supports versions ${m.low}-${m.high})`,
        m,
      );
    }
    throw new RpcAcceptedError(rd.stat, name);
  }
  try {
    // Trailing bytes after a complete result are ignored: some servers (nfs-ganesha 4.3 for a
    // READDIR with a tiny count) send them, and the result itself decoded cleanly.
    return resultCodec.decode(r);
  } catch (e) {
    throw new RpcError(
      'NFSP_ERR_RPC_MALFORMED',
      `malformed ${resultCodec.name} in reply: ${(e as Error).message}`,
      { cause: e },
    );
  }
}

/**
 * Smallest payload worth sending as its own chunk instead of copying it into the message.
 * Below this, one copy is cheaper than an extra socket write. Unit: bytes. Default 16 KiB.
 */
export const GATHER_MIN_BYTES = 16 * 1024;

const ZERO_PAD = Buffer.alloc(3);

/**
 * Turns a message encoded with an *empty* variable-length opaque as its very last item into
 * the chunks of the same message carrying `tail` there: the 4-byte length at the end of `head`
 * is patched, and the payload and its padding follow as separate chunks, so a large READ reply
 * or WRITE call is sent without copying its data (the socket gathers the chunks). The record
 * mark, when present, is patched for the full length.
 */
function withTail(head: Buffer, tail: Uint8Array, framing: Framing): Buffer[] {
  const pad = (4 - (tail.length & 3)) & 3;
  if (head.length < 4 || head.readUInt32BE(head.length - 4) !== 0) {
    throw new RangeError('gathered message must end with an empty variable-length opaque');
  }
  head.writeUInt32BE(tail.length, head.length - 4);
  if (framing === 'record') {
    writeRecordMark(head, head.length - RECORD_MARK_SIZE + tail.length + pad);
  }
  const chunks = [head, Buffer.from(tail.buffer, tail.byteOffset, tail.length)];
  if (pad > 0) chunks.push(ZERO_PAD.subarray(0, pad));
  return chunks;
}

/**
 * Like `encodeCall`, for arguments whose encoding ends with a variable-length opaque (such as
 * NFSv3 WRITE3args.data): `args` carries an empty opaque there and `tail` is the payload.
 */
export function encodeCallGather<A>(
  call: Parameters<typeof encodeCall>[0],
  argsCodec: XdrCodec<A>,
  argsWithEmptyTail: A,
  tail: Uint8Array,
  framing: Framing = 'record',
): Buffer[] {
  return withTail(encodeCall(call, argsCodec, argsWithEmptyTail, framing), tail, framing);
}

/**
 * Like `encodeSuccessReply`, for results whose encoding ends with a variable-length opaque
 * (such as NFSv3 READ3res.resok.data): `result` carries an empty opaque there.
 */
export function encodeSuccessReplyGather<R>(
  xid: number,
  resultCodec: XdrCodec<R>,
  resultWithEmptyTail: R,
  tail: Uint8Array,
  framing: Framing = 'record',
): Buffer[] {
  return withTail(
    encodeSuccessReply(xid, resultCodec, resultWithEmptyTail, framing),
    tail,
    framing,
  );
}
