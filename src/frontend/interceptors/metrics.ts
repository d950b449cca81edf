/**
 * Request metrics (issue 7, `/metrics`): counts every NFS request by procedure and status, times
 * it, and adds the bytes of READ and WRITE. Placed outermost, so the time includes a wait at the
 * request gate (a promotion) and refusals by the export policy are counted with their status.
 *
 * Cheap on the hot path: the procedure's counters are looked up once, when the chain is built;
 * per request it is two performance.now() calls, one Map update and a bucket increment.
 */
import { DROP_REPLY } from '@nfs/rpc-xdr';
import { NfsStatusError } from '../../core/errors.js';
import type { RequestMetrics } from '../../console/metrics.js';
import * as nfs3 from '../../protocol/generated/nfs3.js';
import type { Interceptor } from '../procedure.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
const READ = NFS.NFSPROC3_READ.number;
const WRITE = NFS.NFSPROC3_WRITE.number;

/** -1: no reply was sent; -2: the handler threw (the RPC layer answers SYSTEM_ERR). */
const DROPPED = -1;
const ERROR = -2;

/** The result union of a (possibly gathered) reply, or undefined for a void result. */
function resultOf(r: unknown): { status?: number; resok?: { count?: number } } | undefined {
  if (typeof r !== 'object' || r === null) return undefined;
  if ('status' in r) return r as { status: number };
  // A gathered reply (`gathered(value, tail)`) keeps the union in `value`.
  if ('value' in r) return resultOf((r as { value: unknown }).value);
  return undefined;
}

export function requestMetrics(m: RequestMetrics): Interceptor {
  return (def, next) => {
    const p = m.procedure(def.proc.name.replace(/^NFSPROC3_/, '').toLowerCase());
    const proc = def.proc.number;
    return async (args, ctx) => {
      const t0 = performance.now();
      let status = ERROR;
      try {
        const r = await next(args, ctx);
        if (r === DROP_REPLY) status = DROPPED;
        else {
          const u = resultOf(r);
          status = u?.status ?? 0;
          if (status === 0 && (proc === READ || proc === WRITE)) {
            const n = u?.resok?.count ?? 0;
            if (proc === READ) m.readBytes += n;
            else m.writeBytes += n;
          }
        }
        return r;
      } catch (e) {
        // compose() turns an NfsStatusError from an interceptor into the failure arm.
        if (e instanceof NfsStatusError) status = e.status;
        throw e;
      } finally {
        p.observe(status, (performance.now() - t0) / 1000);
      }
    };
  };
}
