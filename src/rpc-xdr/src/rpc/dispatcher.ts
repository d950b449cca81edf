import diagnostics from 'node:diagnostics_channel';
import { XdrReader } from '../xdr/reader.js';
import { XdrError } from '../xdr/errors.js';
import { DEFAULT_LIMITS, type XdrLimits } from '../xdr/limits.js';
import type { XdrProcedure, XdrVersion } from '../xdr/codec.js';
import {
  AUTH_BADCRED,
  AUTH_NONE,
  AUTH_SYS,
  AUTH_TOOWEAK,
  GARBAGE_ARGS,
  PROC_UNAVAIL,
  PROG_MISMATCH,
  PROG_UNAVAIL,
  SYSTEM_ERR,
  type auth_stat,
  type opaque_auth,
} from '../generated/rpc-msg.js';
import { parseCredential, type RpcCredential } from './auth.js';
import { RpcReplyError } from './errors.js';
import {
  encodeAcceptedError,
  encodeAuthError,
  encodeRpcMismatch,
  encodeSuccessReply,
  encodeSuccessReplyGather,
  parseCall,
  type Framing,
} from './message.js';
import { silentLogger, type RpcLogger } from './logger.js';

/** Return this from a handler to send no reply at all (the client will retransmit). */
export const DROP_REPLY: unique symbol = Symbol('DROP_REPLY');
export type DropReply = typeof DROP_REPLY;

/** Where a call came from. */
export interface RpcPeer {
  readonly transport: 'tcp' | 'udp';
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localAddress: string;
  readonly localPort: number;
  /** Identifies the TCP connection (0 for UDP). */
  readonly connectionId: number;
}

/** Everything a handler may know about a call besides its arguments. */
export interface RpcCallContext {
  readonly xid: number;
  readonly prog: number;
  readonly vers: number;
  readonly proc: number;
  readonly procedure: XdrProcedure;
  readonly cred: RpcCredential;
  readonly verf: opaque_auth;
  readonly peer: RpcPeer;
  /** The whole call message (e.g. for a duplicate request cache checksum). */
  readonly record: Buffer;
  /** Offset of the encoded arguments in `record`. */
  readonly argsOffset: number;
}

const GATHERED: unique symbol = Symbol('nfsp.gathered');

/**
 * A result whose encoding ends with a large variable-length opaque, set aside: `value` holds an
 * empty opaque there and `tail` the payload, sent as its own chunk without a copy (see
 * `encodeSuccessReplyGather`). Make one with `gathered`.
 */
export interface Gathered<R> {
  readonly [GATHERED]: true;
  readonly value: R;
  readonly tail: Uint8Array;
}

/** Wraps a result for a gathered reply; `valueWithEmptyTail` must end with an empty opaque. */
export function gathered<R>(valueWithEmptyTail: R, tail: Uint8Array): Gathered<R> {
  return { [GATHERED]: true, value: valueWithEmptyTail, tail };
}

function isGathered(v: unknown): v is Gathered<unknown> {
  return typeof v === 'object' && v !== null && GATHERED in v;
}

/** An encoded reply: one buffer, or the chunks of a gathered one (written in order). */
export type RpcReply = Buffer | readonly Buffer[];

export type RpcHandler<A, R> = (
  args: A,
  ctx: RpcCallContext,
) => R | Gathered<R> | DropReply | Promise<R | Gathered<R> | DropReply>;

/** Handlers for some or all procedures of a program version, keyed by procedure name. */
export type RpcHandlers<V extends XdrVersion> = {
  [K in keyof V['procedures']]?: V['procedures'][K] extends XdrProcedure<infer A, infer R>
    ? RpcHandler<A, R>
    : never;
};

export interface RegisterOptions {
  /**
   * Credential flavors the program accepts (AUTH_NONE=0, AUTH_SYS=1). Others get
   * AUTH_ERROR/AUTH_TOOWEAK; procedure 0 (NULL) accepts any valid credential, as RFC 1813 asks.
   * Default: both.
   */
  readonly flavors?: readonly number[];
}

interface Entry {
  readonly procedure: XdrProcedure;
  readonly handler: RpcHandler<unknown, unknown>;
}

interface ProgramEntry {
  readonly versions: Map<number, { procs: Map<number, Entry>; flavors: ReadonlySet<number> }>;
}

export interface DispatcherOptions {
  readonly logger?: RpcLogger;
  /** Limits for decoding arguments. */
  readonly limits?: XdrLimits;
}

/** Published on `nfsp:rpc:call` (when subscribed) after each dispatched call. */
export interface RpcCallEvent {
  readonly prog: number;
  readonly vers: number;
  readonly proc: number;
  readonly name: string;
  /** 'success', an accept/deny status name, or 'dropped'. */
  readonly outcome: string;
  readonly durationNs: bigint;
}

const callChannel = diagnostics.channel('nfsp:rpc:call');

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Turns one call record into one reply record (or none), independently of sockets, so the same
 * path serves TCP, UDP, tests and the fuzzer. Order of checks follows the Linux kernel server:
 * header and rpcvers, credential, program, version, procedure, flavor, arguments, handler.
 */
export class RpcDispatcher {
  private readonly programs = new Map<number, ProgramEntry>();
  private readonly log: RpcLogger;
  private readonly limits: XdrLimits;

  constructor(opts: DispatcherOptions = {}) {
    this.log = opts.logger ?? silentLogger;
    this.limits = opts.limits ?? DEFAULT_LIMITS;
  }

  /** Serves `version` of program `prog` with `handlers`; missing handlers get PROC_UNAVAIL. */
  register<V extends XdrVersion>(
    prog: number,
    version: V,
    handlers: RpcHandlers<V>,
    opts: RegisterOptions = {},
  ): void {
    let p = this.programs.get(prog);
    if (!p) {
      p = { versions: new Map() };
      this.programs.set(prog, p);
    }
    if (p.versions.has(version.number)) {
      throw new Error(`program ${prog} version ${version.number} is already registered`);
    }
    const procs = new Map<number, Entry>();
    for (const [name, procedure] of Object.entries(version.procedures)) {
      const handler = (handlers as Record<string, RpcHandler<unknown, unknown> | undefined>)[name];
      if (handler) procs.set(procedure.number, { procedure, handler });
    }
    p.versions.set(version.number, {
      procs,
      flavors: new Set(opts.flavors ?? [AUTH_NONE, AUTH_SYS]),
    });
  }

  /**
   * Handles one call record. Returns the reply (framed for `framing`), `undefined` when no reply
   * is due, or a promise of either when the handler is asynchronous. Never throws.
   */
  dispatch(
    record: Buffer,
    peer: RpcPeer,
    framing: Framing,
  ): RpcReply | undefined | Promise<RpcReply | undefined> {
    const start = callChannel.hasSubscribers ? process.hrtime.bigint() : 0n;
    const parsed = parseCall(record);
    switch (parsed.kind) {
      case 'drop':
        this.log.debug(
          { peer: peerName(peer), reason: parsed.reason },
          'dropped unanswerable message',
        );
        return undefined;
      case 'rpc-mismatch':
        this.log.warn({ peer: peerName(peer), xid: parsed.xid }, 'RPC version mismatch');
        return encodeRpcMismatch(parsed.xid, framing);
      case 'bad-auth':
        this.log.warn(
          { peer: peerName(peer), xid: parsed.xid, reason: parsed.reason },
          'malformed credential or verifier',
        );
        return encodeAuthError(parsed.xid, parsed.authStat, framing);
      case 'call':
        break;
    }
    const { xid, body, argsOffset } = parsed.call;
    const cred = parseCredential(body.cred);
    if (!cred) {
      this.log.warn({ peer: peerName(peer), xid, flavor: body.cred.flavor }, 'rejected credential');
      return encodeAuthError(xid, AUTH_BADCRED, framing);
    }
    const program = this.programs.get(body.prog);
    if (!program) {
      this.log.debug({ peer: peerName(peer), xid, prog: body.prog }, 'program unavailable');
      return encodeAcceptedError(xid, PROG_UNAVAIL, framing);
    }
    const version = program.versions.get(body.vers);
    if (!version) {
      const nums = [...program.versions.keys()];
      return encodeAcceptedError(xid, PROG_MISMATCH, framing, {
        low: Math.min(...nums),
        high: Math.max(...nums),
      });
    }
    const entry = version.procs.get(body.proc);
    if (!entry) {
      this.log.debug(
        { peer: peerName(peer), xid, prog: body.prog, proc: body.proc },
        'procedure unavailable',
      );
      return encodeAcceptedError(xid, PROC_UNAVAIL, framing);
    }
    if (body.proc !== 0 && !version.flavors.has(cred.flavor)) {
      return encodeAuthError(xid, AUTH_TOOWEAK, framing);
    }
    const { procedure, handler } = entry;
    let args: unknown;
    try {
      const r = new XdrReader(record, argsOffset, record.length, this.limits);
      args = procedure.args.decode(r);
      r.assertEnd();
    } catch (e) {
      if (!(e instanceof XdrError)) throw e;
      this.log.warn(
        { peer: peerName(peer), xid, proc: procedure.name, code: e.code, err: e.message },
        'garbage arguments',
      );
      this.publish(body.prog, body.vers, body.proc, procedure.name, 'GARBAGE_ARGS', start);
      return encodeAcceptedError(xid, GARBAGE_ARGS, framing);
    }
    const ctx: RpcCallContext = {
      xid,
      prog: body.prog,
      vers: body.vers,
      proc: body.proc,
      procedure,
      cred,
      verf: body.verf,
      peer,
      record,
      argsOffset,
    };
    let out: unknown;
    try {
      out = handler(args, ctx);
    } catch (e) {
      return this.failure(e, ctx, framing, start);
    }
    if (out instanceof Promise) {
      return out.then(
        (v: unknown) => this.success(v, ctx, framing, start),
        (e: unknown) => this.failure(e, ctx, framing, start),
      );
    }
    return this.success(out, ctx, framing, start);
  }

  private success(
    result: unknown,
    ctx: RpcCallContext,
    framing: Framing,
    start: bigint,
  ): RpcReply | undefined {
    if (result === DROP_REPLY) {
      this.publish(ctx.prog, ctx.vers, ctx.proc, ctx.procedure.name, 'dropped', start);
      return undefined;
    }
    try {
      const reply = isGathered(result)
        ? encodeSuccessReplyGather(
            ctx.xid,
            ctx.procedure.result,
            result.value,
            result.tail,
            framing,
          )
        : encodeSuccessReply(ctx.xid, ctx.procedure.result, result, framing);
      this.publish(ctx.prog, ctx.vers, ctx.proc, ctx.procedure.name, 'success', start);
      return reply;
    } catch (e) {
      return this.failure(e, ctx, framing, start);
    }
  }

  private failure(e: unknown, ctx: RpcCallContext, framing: Framing, start: bigint): Buffer {
    const { prog, vers, proc } = ctx;
    const name = ctx.procedure.name;
    if (e instanceof RpcReplyError) {
      const r = e.reply;
      // Only statuses the protocol defines may reach the wire; anything else is a handler bug.
      if (r.kind === 'denied' && r.authStat >= 1 && r.authStat <= 14) {
        this.publish(prog, vers, proc, name, 'AUTH_ERROR', start);
        return encodeAuthError(ctx.xid, r.authStat as auth_stat, framing);
      }
      if (
        r.kind === 'accepted' &&
        (r.acceptStat === 1 || r.acceptStat === 3 || r.acceptStat === 4 || r.acceptStat === 5)
      ) {
        this.publish(prog, vers, proc, name, `accept_stat ${r.acceptStat}`, start);
        return encodeAcceptedError(ctx.xid, r.acceptStat, framing);
      }
    }
    this.log.error(
      { xid: ctx.xid, proc: name, err: reason(e), stack: (e as Error | undefined)?.stack },
      'handler failed',
    );
    this.publish(prog, vers, proc, name, 'SYSTEM_ERR', start);
    return encodeAcceptedError(ctx.xid, SYSTEM_ERR, framing);
  }

  private publish(
    prog: number,
    vers: number,
    proc: number,
    name: string,
    outcome: string,
    start: bigint,
  ): void {
    if (!callChannel.hasSubscribers) return;
    const ev: RpcCallEvent = {
      prog,
      vers,
      proc,
      name,
      outcome,
      durationNs: process.hrtime.bigint() - start,
    };
    callChannel.publish(ev);
  }
}

export function peerName(p: RpcPeer): string {
  return `${p.transport}:${p.remoteAddress}:${p.remotePort}`;
}
