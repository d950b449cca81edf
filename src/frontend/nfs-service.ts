import type { RpcCallContext, RpcHandler, RpcHandlers } from '@nfs/rpc-xdr';
import type * as nfs3 from '../protocol/generated/nfs3.js';
import type { ExportPolicy } from '../config/config.js';
import type { ProxyCore } from '../core/proxy-core.js';
import type { Logger } from '../log/logger.js';
import { compose, type Interceptor, type NfsContext } from './procedure.js';
import { NFS_PROCEDURES } from './procedures/index.js';
import { exportPolicy, squashCredential } from './interceptors/export-policy.js';
import { duplicateRequestCache, type DrcOptions } from './interceptors/drc.js';
import { replicate } from './interceptors/replicate.js';
import type { ReplicationLog } from '../replication/replication-log.js';

type NfsVersion = typeof nfs3.program_NFS_PROGRAM.versions.NFS_V3;

export interface NfsServiceOptions {
  readonly core: ProxyCore;
  readonly policy: ExportPolicy;
  readonly drc: DrcOptions;
  readonly log: Logger;
  /** Backup sites are configured: mutations are replicated. */
  readonly replication?: ReplicationLog | undefined;
}

/**
 * The NFSv3 program's handlers: each procedure of the table wrapped by the interceptors, outermost
 * first: export policy (clients, secure, ro), the duplicate request cache (a retransmitted
 * mutation is answered from it, not replicated twice), then the replication tap.
 */
export function nfsHandlers(opts: NfsServiceOptions): RpcHandlers<NfsVersion> {
  const interceptors: Interceptor[] = [exportPolicy(opts.policy), duplicateRequestCache(opts.drc)];
  if (opts.replication) interceptors.push(replicate(opts.replication));
  const readOnly = opts.policy.access === 'ro';
  const handlers: Record<string, RpcHandler<unknown, unknown>> = {};
  for (const def of NFS_PROCEDURES) {
    const h = compose(def, interceptors);
    handlers[def.proc.name] = (args: unknown, rpc: RpcCallContext) => {
      const ctx: NfsContext = {
        rpc,
        cred: squashCredential(rpc.cred, opts.policy),
        core: opts.core,
        log: opts.log,
        readOnly,
      };
      return h(args, ctx);
    };
  }
  return handlers as RpcHandlers<NfsVersion>;
}
