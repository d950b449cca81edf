import { RpcReplyError, authSys, rpcMsg, type RpcCredential } from '@nfs/rpc-xdr';
import type { ExportPolicy } from '../../config/config.js';
import { NfsStatusError } from '../../core/errors.js';
import * as nfs3 from '../../protocol/generated/nfs3.js';
import type { Interceptor } from '../procedure.js';

/** Source ports below this are "reserved" (the `secure` export option). */
export const RESERVED_PORT_LIMIT = 1024;

/**
 * The export policy on NFS calls (like knfsd's /etc/exports options):
 * - a client outside the allowed networks gets NFS3ERR_ACCES for every call but NULL;
 * - `secure`: a call from a source port >= 1024 is refused with AUTH_ERROR/AUTH_TOOWEAK;
 * - `ro`: every mutating procedure gets NFS3ERR_ROFS.
 * Squashing is applied when the context is built (see `squashCredential`).
 */
export function exportPolicy(policy: ExportPolicy): Interceptor {
  const allowed = clientMatcher(policy);
  return (def, next) => async (args, ctx) => {
    if (def.proc.number === 0) return next(args, ctx);
    const { remoteAddress, remotePort, transport } = ctx.rpc.peer;
    if (!allowed(remoteAddress)) {
      ctx.log.warn(
        { client: remoteAddress, proc: def.proc.name },
        'client not allowed by export.clients',
      );
      throw new NfsStatusError(
        nfs3.NFS3ERR_ACCES,
        `client ${remoteAddress} is not in export.clients`,
      );
    }
    if (policy.secure && remotePort >= RESERVED_PORT_LIMIT) {
      ctx.log.warn(
        { client: `${transport}:${remoteAddress}:${remotePort}` },
        'insecure source port refused (export.secure)',
      );
      throw new RpcReplyError(
        { kind: 'denied', authStat: rpcMsg.AUTH_TOOWEAK },
        'source port is not reserved',
      );
    }
    if (def.mutates && ctx.readOnly) {
      throw new NfsStatusError(nfs3.NFS3ERR_ROFS, 'the export is read-only');
    }
    return next(args, ctx);
  };
}

/** Client addresses remembered by `clientMatcher`. Unit: addresses. */
export const CLIENT_MATCH_CACHE_ENTRIES = 4096;

/**
 * Whether an address is in `export.clients`, remembered per address (parsing the address and
 * testing every CIDR on every call showed in profiles of small calls). Bounded.
 */
export function clientMatcher(policy: ExportPolicy): (address: string) => boolean {
  const seen = new Map<string, boolean>();
  return (address) => {
    let ok = seen.get(address);
    if (ok === undefined) {
      ok = policy.clients.some((c) => c.contains(address));
      seen.set(address, ok);
      if (seen.size > CLIENT_MATCH_CACHE_ENTRIES) seen.delete(seen.keys().next().value as string);
    }
    return ok;
  };
}

/**
 * The credential forwarded to the primary for a client credential, after squashing:
 * `root` maps uid 0 and gid 0 (also in the group list) to anonuid/anongid, `all` maps every
 * user, and AUTH_NONE calls go out as anonuid/anongid, as knfsd does.
 */
export function squashCredential(cred: RpcCredential, policy: ExportPolicy): rpcMsg.opaque_auth {
  const anon = { uid: policy.anonuid, gid: policy.anongid };
  if (cred.flavor !== rpcMsg.AUTH_SYS) return authFor(anon.uid, anon.gid, [], 'nfs-proxy');
  const name = cred.machineName;
  if (policy.squash === 'all') return authFor(anon.uid, anon.gid, [], name);
  if (policy.squash === 'root') {
    const uid = cred.uid === 0 ? anon.uid : cred.uid;
    const gid = cred.gid === 0 ? anon.gid : cred.gid;
    const gids = cred.gids.map((g) => (g === 0 ? anon.gid : g));
    return authFor(uid, gid, gids, name, cred.stamp);
  }
  return authFor(cred.uid, cred.gid, cred.gids, name, cred.stamp);
}

function authFor(
  uid: number,
  gid: number,
  gids: readonly number[],
  machineName: string | Buffer,
  stamp = 0,
): rpcMsg.opaque_auth {
  return authSys({ uid, gid, gids, machineName, stamp });
}
