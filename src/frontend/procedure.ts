import {
  DROP_REPLY,
  type DropReply,
  type Gathered,
  type RpcCallContext,
  type XdrProcedure,
  type rpcMsg,
} from '@nfs/rpc-xdr';
import type * as nfs3 from '../protocol/generated/nfs3.js';
import type { ProxyCore } from '../core/proxy-core.js';
import { NfsStatusError } from '../core/errors.js';
import { SiteUnavailableError } from '../sites/nfs-site.js';
import type { Logger } from '../log/logger.js';

/** What an NFS procedure handler gets besides its arguments. */
export interface NfsContext {
  readonly rpc: RpcCallContext;
  /** The credential to send upstream: the client's, after the export's squash rules. */
  cred: rpcMsg.opaque_auth;
  readonly core: ProxyCore;
  readonly log: Logger;
  /** The export is read-only for this client. */
  readonly readOnly: boolean;
}

/**
 * One NFSv3 procedure: its codecs (from the generated program descriptor), whether it changes
 * the file system (read-only exports refuse it; replication and versions act on it), whether it
 * is idempotent (the duplicate request cache keeps replies of those that are not), the handler
 * (returns the result union as a value; never writes bytes) and its failure arm.
 */
export interface NfsProcedure<A, R> {
  readonly proc: XdrProcedure<A, R>;
  readonly mutates: boolean;
  readonly idempotent: boolean;
  /** A large trailing payload may be returned `gathered` (sent without a copy). */
  handle(args: A, ctx: NfsContext): Promise<R | Gathered<R>>;
  /** The result for a failure with `status` and no attributes. */
  fail(status: Exclude<nfs3.nfsstat3, 0>): R;
}

/** A procedure handler after interception. `DROP_REPLY` sends no reply (the client retransmits). */
export type NfsHandler<A, R> = (args: A, ctx: NfsContext) => Promise<R | Gathered<R> | DropReply>;

/** Cross-cutting behaviour around a handler (access control, DRC, metrics, ...). */
export type Interceptor = <A, R>(
  def: NfsProcedure<A, R>,
  next: NfsHandler<A, R>,
) => NfsHandler<A, R>;

/**
 * The innermost handler: runs the procedure and maps errors once. NfsStatusError → the failure
 * arm with its status; an unreachable primary → no reply, so the client retransmits instead of
 * seeing a made-up error; anything else propagates (the RPC layer answers SYSTEM_ERR and logs).
 */
export function baseHandler<A, R>(def: NfsProcedure<A, R>): NfsHandler<A, R> {
  return async (args, ctx) => {
    try {
      return await def.handle(args, ctx);
    } catch (e) {
      if (e instanceof NfsStatusError) {
        ctx.log.debug(
          { xid: ctx.rpc.xid, proc: def.proc.name, status: e.status, reason: e.message },
          'request refused',
        );
        return def.fail(e.status);
      }
      if (e instanceof SiteUnavailableError) {
        ctx.log.warn(
          { xid: ctx.rpc.xid, proc: def.proc.name, err: e.message },
          'primary did not answer; dropping the request',
        );
        return DROP_REPLY;
      }
      throw e;
    }
  };
}

/**
 * Applies interceptors outermost first. An NfsStatusError thrown by an interceptor (a refused
 * client, a read-only export) becomes the procedure's failure arm too, like one from the handler.
 */
export function compose<A, R>(
  def: NfsProcedure<A, R>,
  interceptors: readonly Interceptor[],
): NfsHandler<A, R> {
  let h = baseHandler(def);
  for (let i = interceptors.length - 1; i >= 0; i--) h = interceptors[i]!(def, h);
  const chain = h;
  return async (args, ctx) => {
    try {
      return await chain(args, ctx);
    } catch (e) {
      if (e instanceof NfsStatusError) return def.fail(e.status);
      throw e;
    }
  };
}
