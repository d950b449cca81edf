import { createHash } from 'node:crypto';
import { DROP_REPLY } from '@nfs/rpc-xdr';
import type { Interceptor } from '../procedure.js';

export interface DrcOptions {
  /** Replies kept; 0 disables the cache. */
  readonly entries: number;
  /** How long a reply is kept. Unit: s. */
  readonly ttlSeconds: number;
}

type Entry = { state: 'running' } | { state: 'done'; result: unknown; expires: number };

/**
 * The duplicate request cache for non-idempotent procedures (CREATE, REMOVE, RENAME, LINK, MKDIR,
 * RMDIR, SYMLINK, MKNOD, SETATTR). A client that retransmits such a call (its reply was lost)
 * must get the first call's reply, not a spurious error such as NFS3ERR_EXIST from running it
 * twice. Key: client address, xid and a digest of the whole call after the xid, so a reused xid
 * with different arguments is not mistaken for a retransmission. A retransmission that arrives
 * while the first call still runs gets no reply (the client retransmits again later).
 * Bounded: at most `entries`, oldest evicted first, each for `ttlSeconds`.
 */
export function duplicateRequestCache(opts: DrcOptions): Interceptor {
  const cache = new Map<string, Entry>();
  const ttlMs = opts.ttlSeconds * 1000;
  return (def, next) => {
    if (def.idempotent || opts.entries === 0) return next;
    return async (args, ctx) => {
      const { rpc } = ctx;
      const digest = createHash('sha1').update(rpc.record.subarray(4)).digest('base64');
      const key = `${rpc.peer.remoteAddress}\0${rpc.xid}\0${digest}`;
      const now = Date.now();
      const hit = cache.get(key);
      if (hit) {
        if (hit.state === 'running') return DROP_REPLY;
        if (hit.expires > now) {
          ctx.log.debug(
            { xid: rpc.xid, proc: def.proc.name },
            'retransmission answered from the duplicate request cache',
          );
          return hit.result as never;
        }
        cache.delete(key);
      }
      cache.set(key, { state: 'running' });
      try {
        const result = await next(args, ctx);
        if (result === DROP_REPLY) cache.delete(key);
        else {
          cache.delete(key);
          cache.set(key, { state: 'done', result, expires: Date.now() + ttlMs });
          while (cache.size > opts.entries) cache.delete(cache.keys().next().value as string);
        }
        return result;
      } catch (e) {
        cache.delete(key);
        throw e;
      }
    };
  };
}
