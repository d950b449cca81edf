import type { RpcCallContext, RpcHandler, RpcHandlers, XdrProcedure } from '@nfs/rpc-xdr';
import * as nfs3 from '../protocol/generated/nfs3.js';
import type { ExportPolicy } from '../config/config.js';
import type { ProxyCore } from '../core/proxy-core.js';
import type { Logger } from '../log/logger.js';
import { SITE_ROOT_CRED } from '../sites/nfs-site.js';
import { compose, type Interceptor, type NfsContext, type NfsHandler } from './procedure.js';
import { NFS_PROCEDURES } from './procedures/index.js';
import { exportPolicy, squashCredential } from './interceptors/export-policy.js';
import { duplicateRequestCache, type DrcOptions } from './interceptors/drc.js';
import { replicate } from './interceptors/replicate.js';
import { ensureHandles, requestGate } from './interceptors/primary-switch.js';
import { degradedService, type DegradedOptions } from './interceptors/degraded.js';
import { requestMetrics } from './interceptors/metrics.js';
import { assess } from './interceptors/assess.js';
import type { Assessor } from '../levels/assessment.js';
import type { RequestMetrics } from '../console/metrics.js';
import type { ReplicationLog } from '../replication/replication-log.js';
import { CopyOnWrite, type InternalCall } from '../versions/cow.js';
import { versionsView } from '../versions/view.js';
import type { Versions } from '../versions/versions.js';

type NfsVersion = typeof nfs3.program_NFS_PROGRAM.versions.NFS_V3;

export interface VersionsServiceOptions {
  readonly versions: Versions;
  readonly viewName: string;
  readonly hiddenName: string;
  readonly regenerable: (path: string) => boolean;
}

export interface NfsServiceOptions {
  readonly core: ProxyCore;
  readonly policy: ExportPolicy;
  readonly drc: DrcOptions;
  readonly log: Logger;
  /** Backup sites are configured: mutations are replicated. */
  readonly replication?: ReplicationLog | undefined;
  /** Versions (copy-on-write, the `.versions` view). */
  readonly versions?: VersionsServiceOptions | undefined;
  /** What clients get while the primary is out. */
  readonly degraded?: DegradedOptions | undefined;
  /** Request counters and latency for /metrics. */
  readonly metrics?: RequestMetrics | undefined;
  /** The automatic assessment of clients' mutations (disaster levels). */
  readonly assess?: Assessor | undefined;
}

/** The caller of an internal call: the proxy itself, on no connection. */
function internalContext(core: ProxyCore, log: Logger, proc: XdrProcedure): NfsContext {
  const rpc: RpcCallContext = {
    xid: 0,
    prog: nfs3.NFS_PROGRAM,
    vers: nfs3.NFS_V3,
    proc: proc.number,
    procedure: proc,
    cred: { flavor: 0 },
    verf: { flavor: 0, body: Buffer.alloc(0) },
    peer: {
      transport: 'tcp',
      remoteAddress: '127.0.0.1',
      remotePort: 0,
      localAddress: '127.0.0.1',
      localPort: 0,
      connectionId: 0,
    },
    record: Buffer.alloc(0),
    argsOffset: 0,
  };
  return { rpc, cred: SITE_ROOT_CRED, core, log, readOnly: false };
}

/**
 * The proxy's own NFS calls (the copy-on-write of versions, restores): each procedure through
 * the replication tap only, as root, so they reach the backups like client mutations.
 */
export function internalCalls(
  opts: NfsServiceOptions,
  extra: readonly Interceptor[] = [],
): InternalCall {
  const chain = new Map<number, NfsHandler<unknown, unknown>>();
  const interceptors: Interceptor[] = [ensureHandles(), ...extra];
  if (opts.replication) interceptors.push(replicate(opts.replication));
  for (const def of NFS_PROCEDURES) chain.set(def.proc.number, compose(def, interceptors));
  return async <A, R>(proc: XdrProcedure<A, R>, args: A): Promise<R> => {
    const h = chain.get(proc.number)!;
    const r = await h(args, internalContext(opts.core, opts.log, proc));
    if (typeof r !== 'object' || r === null || !('status' in r))
      throw new Error(`internal ${proc.name}: no result`);
    return r as R;
  };
}

/**
 * The NFSv3 program's handlers: each procedure of the table wrapped by the interceptors, outermost
 * first: export policy (clients, secure, ro), the duplicate request cache (a retransmitted
 * mutation is answered from it, not replicated twice), the `.versions` view (answers calls on
 * version handles itself, read-only), copy-on-write (preserves a file a version needs before its
 * first change), then the replication tap.
 */
export function nfsHandlers(opts: NfsServiceOptions): RpcHandlers<NfsVersion> {
  return nfsService(opts).handlers;
}

export interface NfsService {
  readonly handlers: RpcHandlers<NfsVersion>;
  /**
   * The proxy's own calls that change the live tree like a client would (restores): through
   * copy-on-write and the replication tap, as root.
   */
  readonly managed: InternalCall;
  /** The proxy's own calls that bypass copy-on-write (the hidden area itself). */
  readonly internal: InternalCall;
  /** Copy-on-write, when versions are on. */
  readonly cow: CopyOnWrite | undefined;
}

export function nfsService(opts: NfsServiceOptions): NfsService {
  const interceptors: Interceptor[] = [
    // Outermost: times the whole call (a wait at the gate too) and counts refusals.
    ...(opts.metrics ? [requestMetrics(opts.metrics)] : []),
    requestGate(),
    exportPolicy(opts.policy),
    duplicateRequestCache(opts.drc),
  ];
  if (opts.assess) interceptors.push(assess(opts.assess));
  if (opts.degraded) interceptors.push(degradedService(opts.degraded));
  interceptors.push(ensureHandles());
  const internal = internalCalls(opts);
  let managed = internal;
  let cowInstance: CopyOnWrite | undefined;
  const v = opts.versions;
  if (v) {
    interceptors.push(
      versionsView({ versions: v.versions, viewName: v.viewName, hiddenNames: [v.hiddenName] }),
    );
    const cow = new CopyOnWrite({
      core: opts.core,
      versions: v.versions,
      internal,
      hiddenName: v.hiddenName,
      regenerable: v.regenerable,
      log: opts.log,
    });
    interceptors.push(cow.interceptor());
    managed = internalCalls(opts, [cow.interceptor()]);
    cowInstance = cow;
  }
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
  return { handlers: handlers as RpcHandlers<NfsVersion>, managed, internal, cow: cowInstance };
}
