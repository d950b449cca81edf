import { XdrReader } from '../xdr/reader.js';
import { XdrError } from '../xdr/errors.js';
import { encodeToBuffer } from '../xdr/codec.js';
import {
  AUTH_NONE,
  AUTH_SYS,
  codec_authsys_parms,
  decode_authsys_parms,
  type authsys_parms,
  type opaque_auth,
} from '../generated/rpc-msg.js';

/** The credential of a call after validation. */
export type RpcCredential =
  | { readonly flavor: typeof AUTH_NONE }
  | {
      readonly flavor: typeof AUTH_SYS;
      readonly stamp: number;
      /** Client's machine name, as sent (bytes; usually ASCII). */
      readonly machineName: Buffer;
      readonly uid: number;
      readonly gid: number;
      readonly gids: readonly number[];
    };

export const AUTH_NONE_CREDENTIAL: RpcCredential = Object.freeze({ flavor: AUTH_NONE });

const EMPTY = Buffer.alloc(0);

/** opaque_auth of AUTH_NONE (also the usual verifier). */
export const NULL_AUTH: opaque_auth = Object.freeze({
  flavor: AUTH_NONE,
  body: EMPTY,
}) as opaque_auth;

/**
 * Parses a call's credential. Returns undefined when it is not acceptable: an unknown flavor,
 * or an AUTH_SYS body that breaks RFC 5531 appendix A (machine name over 255 bytes, more than
 * 16 gids, trailing bytes). The server answers those with AUTH_ERROR/AUTH_BADCRED, as the
 * Linux kernel server does.
 */
export function parseCredential(cred: opaque_auth): RpcCredential | undefined {
  // AUTH_NONE carries no body (RFC 5531 section 10.1); Linux rejects one that does.
  if (cred.flavor === AUTH_NONE) return cred.body.length === 0 ? AUTH_NONE_CREDENTIAL : undefined;
  if (cred.flavor !== AUTH_SYS) return undefined;
  let p: authsys_parms;
  try {
    const r = new XdrReader(cred.body);
    p = decode_authsys_parms(r);
    r.assertEnd();
  } catch (e) {
    if (e instanceof XdrError) return undefined;
    throw e;
  }
  return {
    flavor: AUTH_SYS,
    stamp: p.stamp,
    machineName: p.machinename,
    uid: p.uid,
    gid: p.gid,
    gids: p.gids,
  };
}

/** Builds an AUTH_SYS opaque_auth for outgoing calls. */
export function authSys(params: {
  uid: number;
  gid: number;
  gids?: readonly number[];
  machineName?: string | Buffer;
  stamp?: number;
}): opaque_auth {
  const machinename =
    typeof params.machineName === 'string'
      ? Buffer.from(params.machineName)
      : (params.machineName ?? Buffer.from('nfs-proxy'));
  return {
    flavor: AUTH_SYS,
    body: encodeToBuffer(codec_authsys_parms, {
      stamp: params.stamp ?? 0,
      machinename,
      uid: params.uid,
      gid: params.gid,
      gids: [...(params.gids ?? [])],
    }),
  };
}

/** The opaque_auth to send on behalf of a validated credential (pass-through). */
export function credentialToAuth(cred: RpcCredential): opaque_auth {
  if (cred.flavor === AUTH_NONE) return NULL_AUTH;
  return authSys({
    uid: cred.uid,
    gid: cred.gid,
    gids: cred.gids,
    machineName: cred.machineName,
    stamp: cred.stamp,
  });
}
