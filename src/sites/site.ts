/**
 * What the proxy needs from a site, whatever carries it: a real NFSv3 server (`NfsSite`,
 * `nfs://`) or a directory on the proxy's own machine (`FileSite`, `file://`). Every part above
 * (core, replication, health, versions) speaks NFSv3 to a `Site` and never asks which it is.
 */
import type { rpcMsg, XdrProcedure } from '@nfs/rpc-xdr';
import type * as nfs3 from '../protocol/generated/nfs3.js';
import type { SiteUrl } from './site-url.js';

export interface Site {
  readonly name: string;
  readonly url: SiteUrl;
  /** The export root's handle on this site (after `connect`). */
  readonly rootFh: Buffer | undefined;
  /** FSINFO of the export root (after `connect`). */
  readonly fsinfo: nfs3.FSINFO3resok | undefined;
  /** NFS calls made to this site, by procedure name (for status and tests). */
  readonly calls: Map<string, number>;
  /** True once `connect` succeeded (and until `close`). */
  readonly connected: boolean;
  /** Makes the site usable: learns the root handle and FSINFO. Throws a typed error. */
  connect(): Promise<void>;
  /** True when the site answers within `timeoutMs` (connecting it if needed). Never throws. */
  ping(timeoutMs: number): Promise<boolean>;
  /**
   * One NFSv3 procedure. `tail`: the payload of a WRITE gathered apart from its arguments (then
   * `args.data` is empty). Throws SiteUnavailableError when the site cannot answer.
   */
  call<A, R>(
    proc: XdrProcedure<A, R>,
    args: A,
    cred: rpcMsg.opaque_auth,
    tail?: Uint8Array,
  ): Promise<R>;
  close(): Promise<void>;
}
