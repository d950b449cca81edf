// Generated from xdr-specs/rpc.x by @nfs/rpc-xdr (xdrgen). DO NOT EDIT.
// Change the .x file and run `npm run gen`; a test fails when this file is stale.
/* eslint-disable */
import type { XdrCodec, XdrProgram, XdrReader, XdrWriter } from '../xdr/index.js';
import { xdrRethrow, voidCodec, intCodec, uintCodec, hyperCodec, uhyperCodec, floatCodec, doubleCodec, boolCodec } from '../xdr/index.js';

void [xdrRethrow, voidCodec, intCodec, uintCodec, hyperCodec, uhyperCodec, floatCodec, doubleCodec, boolCodec];

/*
 * enum auth_flavor {
 *     AUTH_NONE  = 0,
 *     AUTH_SYS   = 1,
 *     AUTH_SHORT = 2,
 *     AUTH_DH    = 3,
 *     RPCSEC_GSS = 6
 *     /* and more to be defined * /
 * };
 */
export type auth_flavor = 0 | 1 | 2 | 3 | 6;
export const AUTH_NONE = 0;
export const AUTH_SYS = 1;
export const AUTH_SHORT = 2;
export const AUTH_DH = 3;
export const RPCSEC_GSS = 6;
export const names_auth_flavor: Readonly<Record<number, string>> = {
  "0": 'AUTH_NONE',
  "1": 'AUTH_SYS',
  "2": 'AUTH_SHORT',
  "3": 'AUTH_DH',
  "6": 'RPCSEC_GSS',
};

export function decode_auth_flavor(r: XdrReader): auth_flavor {
  const v = r.int();
  switch (v) {
    case 0: case 1: case 2: case 3: case 6:
      return v as auth_flavor;
    default:
      throw r.badEnum('auth_flavor', v);
  }
}

export function encode_auth_flavor(w: XdrWriter, v: auth_flavor): void {
  switch (v) {
    case 0: case 1: case 2: case 3: case 6:
      w.int(v);
      return;
    default:
      throw w.badEnum('auth_flavor', v);
  }
}

export function sizeof_auth_flavor(_v: auth_flavor): number {
  return 4;
}

export const codec_auth_flavor: XdrCodec<auth_flavor> = {
  name: 'auth_flavor',
  size: sizeof_auth_flavor,
  encode(w: XdrWriter, v: auth_flavor): void {
    try {
      encode_auth_flavor(w, v);
    } catch (e) {
      xdrRethrow(e, 'auth_flavor');
    }
  },
  decode(r: XdrReader): auth_flavor {
    try {
      return decode_auth_flavor(r);
    } catch (e) {
      return xdrRethrow(e, 'auth_flavor');
    }
  },
};

/*
 * struct opaque_auth {
 *     auth_flavor flavor;
 *     opaque body<400>;
 * };
 */
export interface opaque_auth {
  flavor: auth_flavor;
  body: Buffer;
}

const paths_opaque_auth = ['.flavor', '.body'];

export function decode_opaque_auth(r: XdrReader): opaque_auth {
  let at = 0;
  try {
    const f0 = decode_auth_flavor(r);
    at = 1;
    const f1 = r.varOpaque(400);
    return { flavor: f0, body: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_opaque_auth[at]!);
  }
}

export function encode_opaque_auth(w: XdrWriter, v: opaque_auth): void {
  let at = 0;
  try {
    encode_auth_flavor(w, v.flavor);
    at = 1;
    w.varOpaque(v.body, 400);
  } catch (e) {
    xdrRethrow(e, paths_opaque_auth[at]!);
  }
}

export function sizeof_opaque_auth(v: opaque_auth): number {
  return 4 + (4 + ((v.body.length + 3) & ~3));
}

export const codec_opaque_auth: XdrCodec<opaque_auth> = {
  name: 'opaque_auth',
  size: sizeof_opaque_auth,
  encode(w: XdrWriter, v: opaque_auth): void {
    try {
      encode_opaque_auth(w, v);
    } catch (e) {
      xdrRethrow(e, 'opaque_auth');
    }
  },
  decode(r: XdrReader): opaque_auth {
    try {
      return decode_opaque_auth(r);
    } catch (e) {
      return xdrRethrow(e, 'opaque_auth');
    }
  },
};

/*
 * enum msg_type {
 *     CALL  = 0,
 *     REPLY = 1
 * };
 */
export type msg_type = 0 | 1;
export const CALL = 0;
export const REPLY = 1;
export const names_msg_type: Readonly<Record<number, string>> = {
  "0": 'CALL',
  "1": 'REPLY',
};

export function decode_msg_type(r: XdrReader): msg_type {
  const v = r.int();
  switch (v) {
    case 0: case 1:
      return v as msg_type;
    default:
      throw r.badEnum('msg_type', v);
  }
}

export function encode_msg_type(w: XdrWriter, v: msg_type): void {
  switch (v) {
    case 0: case 1:
      w.int(v);
      return;
    default:
      throw w.badEnum('msg_type', v);
  }
}

export function sizeof_msg_type(_v: msg_type): number {
  return 4;
}

export const codec_msg_type: XdrCodec<msg_type> = {
  name: 'msg_type',
  size: sizeof_msg_type,
  encode(w: XdrWriter, v: msg_type): void {
    try {
      encode_msg_type(w, v);
    } catch (e) {
      xdrRethrow(e, 'msg_type');
    }
  },
  decode(r: XdrReader): msg_type {
    try {
      return decode_msg_type(r);
    } catch (e) {
      return xdrRethrow(e, 'msg_type');
    }
  },
};

/*
 * enum reply_stat {
 *     MSG_ACCEPTED = 0,
 *     MSG_DENIED   = 1
 * };
 */
export type reply_stat = 0 | 1;
export const MSG_ACCEPTED = 0;
export const MSG_DENIED = 1;
export const names_reply_stat: Readonly<Record<number, string>> = {
  "0": 'MSG_ACCEPTED',
  "1": 'MSG_DENIED',
};

export function decode_reply_stat(r: XdrReader): reply_stat {
  const v = r.int();
  switch (v) {
    case 0: case 1:
      return v as reply_stat;
    default:
      throw r.badEnum('reply_stat', v);
  }
}

export function encode_reply_stat(w: XdrWriter, v: reply_stat): void {
  switch (v) {
    case 0: case 1:
      w.int(v);
      return;
    default:
      throw w.badEnum('reply_stat', v);
  }
}

export function sizeof_reply_stat(_v: reply_stat): number {
  return 4;
}

export const codec_reply_stat: XdrCodec<reply_stat> = {
  name: 'reply_stat',
  size: sizeof_reply_stat,
  encode(w: XdrWriter, v: reply_stat): void {
    try {
      encode_reply_stat(w, v);
    } catch (e) {
      xdrRethrow(e, 'reply_stat');
    }
  },
  decode(r: XdrReader): reply_stat {
    try {
      return decode_reply_stat(r);
    } catch (e) {
      return xdrRethrow(e, 'reply_stat');
    }
  },
};

/*
 * enum accept_stat {
 *     SUCCESS       = 0,  /* RPC executed successfully * /
 *     PROG_UNAVAIL  = 1,  /* remote hasn't exported program * /
 *     PROG_MISMATCH = 2,  /* remote can't support version # * /
 *     PROC_UNAVAIL  = 3,  /* program can't support procedure * /
 *     GARBAGE_ARGS  = 4,  /* procedure can't decode params * /
 *     SYSTEM_ERR    = 5   /* e.g. memory allocation failure * /
 * };
 */
export type accept_stat = 0 | 1 | 2 | 3 | 4 | 5;
export const SUCCESS = 0;
export const PROG_UNAVAIL = 1;
export const PROG_MISMATCH = 2;
export const PROC_UNAVAIL = 3;
export const GARBAGE_ARGS = 4;
export const SYSTEM_ERR = 5;
export const names_accept_stat: Readonly<Record<number, string>> = {
  "0": 'SUCCESS',
  "1": 'PROG_UNAVAIL',
  "2": 'PROG_MISMATCH',
  "3": 'PROC_UNAVAIL',
  "4": 'GARBAGE_ARGS',
  "5": 'SYSTEM_ERR',
};

export function decode_accept_stat(r: XdrReader): accept_stat {
  const v = r.int();
  switch (v) {
    case 0: case 1: case 2: case 3: case 4: case 5:
      return v as accept_stat;
    default:
      throw r.badEnum('accept_stat', v);
  }
}

export function encode_accept_stat(w: XdrWriter, v: accept_stat): void {
  switch (v) {
    case 0: case 1: case 2: case 3: case 4: case 5:
      w.int(v);
      return;
    default:
      throw w.badEnum('accept_stat', v);
  }
}

export function sizeof_accept_stat(_v: accept_stat): number {
  return 4;
}

export const codec_accept_stat: XdrCodec<accept_stat> = {
  name: 'accept_stat',
  size: sizeof_accept_stat,
  encode(w: XdrWriter, v: accept_stat): void {
    try {
      encode_accept_stat(w, v);
    } catch (e) {
      xdrRethrow(e, 'accept_stat');
    }
  },
  decode(r: XdrReader): accept_stat {
    try {
      return decode_accept_stat(r);
    } catch (e) {
      return xdrRethrow(e, 'accept_stat');
    }
  },
};

/*
 * enum reject_stat {
 *     RPC_MISMATCH = 0,   /* RPC version number != 2 * /
 *     AUTH_ERROR   = 1    /* remote can't authenticate caller * /
 * };
 */
export type reject_stat = 0 | 1;
export const RPC_MISMATCH = 0;
export const AUTH_ERROR = 1;
export const names_reject_stat: Readonly<Record<number, string>> = {
  "0": 'RPC_MISMATCH',
  "1": 'AUTH_ERROR',
};

export function decode_reject_stat(r: XdrReader): reject_stat {
  const v = r.int();
  switch (v) {
    case 0: case 1:
      return v as reject_stat;
    default:
      throw r.badEnum('reject_stat', v);
  }
}

export function encode_reject_stat(w: XdrWriter, v: reject_stat): void {
  switch (v) {
    case 0: case 1:
      w.int(v);
      return;
    default:
      throw w.badEnum('reject_stat', v);
  }
}

export function sizeof_reject_stat(_v: reject_stat): number {
  return 4;
}

export const codec_reject_stat: XdrCodec<reject_stat> = {
  name: 'reject_stat',
  size: sizeof_reject_stat,
  encode(w: XdrWriter, v: reject_stat): void {
    try {
      encode_reject_stat(w, v);
    } catch (e) {
      xdrRethrow(e, 'reject_stat');
    }
  },
  decode(r: XdrReader): reject_stat {
    try {
      return decode_reject_stat(r);
    } catch (e) {
      return xdrRethrow(e, 'reject_stat');
    }
  },
};

/*
 * enum auth_stat {
 *     AUTH_OK           = 0,  /* success * /
 *     /* failed at remote end * /
 *     AUTH_BADCRED      = 1,  /* bad credential (seal broken) * /
 *     AUTH_REJECTEDCRED = 2,  /* client must begin new session * /
 *     AUTH_BADVERF      = 3,  /* bad verifier (seal broken) * /
 *     AUTH_REJECTEDVERF = 4,  /* verifier expired or replayed * /
 *     AUTH_TOOWEAK      = 5,  /* rejected for security reasons * /
 *     /* failed locally * /
 *     AUTH_INVALIDRESP  = 6,  /* bogus response verifier * /
 *     AUTH_FAILED       = 7,  /* reason unknown * /
 *     /* AUTH_KERB errors; deprecated (RFC 2695) * /
 *     AUTH_KERB_GENERIC = 8,  /* kerberos generic error * /
 *     AUTH_TIMEEXPIRE   = 9,  /* time of credential expired * /
 *     AUTH_TKT_FILE     = 10, /* problem with ticket file * /
 *     AUTH_DECODE       = 11, /* can't decode authenticator * /
 *     AUTH_NET_ADDR     = 12, /* wrong net address in ticket * /
 *     /* RPCSEC_GSS GSS related errors * /
 *     RPCSEC_GSS_CREDPROBLEM = 13, /* no credentials for user * /
 *     RPCSEC_GSS_CTXPROBLEM  = 14  /* problem with context * /
 * };
 */
export type auth_stat = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14;
export const AUTH_OK = 0;
export const AUTH_BADCRED = 1;
export const AUTH_REJECTEDCRED = 2;
export const AUTH_BADVERF = 3;
export const AUTH_REJECTEDVERF = 4;
export const AUTH_TOOWEAK = 5;
export const AUTH_INVALIDRESP = 6;
export const AUTH_FAILED = 7;
export const AUTH_KERB_GENERIC = 8;
export const AUTH_TIMEEXPIRE = 9;
export const AUTH_TKT_FILE = 10;
export const AUTH_DECODE = 11;
export const AUTH_NET_ADDR = 12;
export const RPCSEC_GSS_CREDPROBLEM = 13;
export const RPCSEC_GSS_CTXPROBLEM = 14;
export const names_auth_stat: Readonly<Record<number, string>> = {
  "0": 'AUTH_OK',
  "1": 'AUTH_BADCRED',
  "2": 'AUTH_REJECTEDCRED',
  "3": 'AUTH_BADVERF',
  "4": 'AUTH_REJECTEDVERF',
  "5": 'AUTH_TOOWEAK',
  "6": 'AUTH_INVALIDRESP',
  "7": 'AUTH_FAILED',
  "8": 'AUTH_KERB_GENERIC',
  "9": 'AUTH_TIMEEXPIRE',
  "10": 'AUTH_TKT_FILE',
  "11": 'AUTH_DECODE',
  "12": 'AUTH_NET_ADDR',
  "13": 'RPCSEC_GSS_CREDPROBLEM',
  "14": 'RPCSEC_GSS_CTXPROBLEM',
};

export function decode_auth_stat(r: XdrReader): auth_stat {
  const v = r.int();
  switch (v) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 8: case 9: case 10: case 11: case 12: case 13: case 14:
      return v as auth_stat;
    default:
      throw r.badEnum('auth_stat', v);
  }
}

export function encode_auth_stat(w: XdrWriter, v: auth_stat): void {
  switch (v) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 8: case 9: case 10: case 11: case 12: case 13: case 14:
      w.int(v);
      return;
    default:
      throw w.badEnum('auth_stat', v);
  }
}

export function sizeof_auth_stat(_v: auth_stat): number {
  return 4;
}

export const codec_auth_stat: XdrCodec<auth_stat> = {
  name: 'auth_stat',
  size: sizeof_auth_stat,
  encode(w: XdrWriter, v: auth_stat): void {
    try {
      encode_auth_stat(w, v);
    } catch (e) {
      xdrRethrow(e, 'auth_stat');
    }
  },
  decode(r: XdrReader): auth_stat {
    try {
      return decode_auth_stat(r);
    } catch (e) {
      return xdrRethrow(e, 'auth_stat');
    }
  },
};

export type rpc_msg_body =
  | { mtype: 0; cbody: call_body }
  | { mtype: 1; rbody: reply_body };

export function decode_rpc_msg_body(r: XdrReader): rpc_msg_body {
  let d;
  try {
    d = decode_msg_type(r);
  } catch (e) {
    return xdrRethrow(e, '.mtype');
  }
  switch (d) {
    case 0:
      try {
        return { mtype: d as 0, cbody: decode_call_body(r) };
      } catch (e) {
        return xdrRethrow(e, '.cbody');
      }
    case 1:
      try {
        return { mtype: d as 1, rbody: decode_reply_body(r) };
      } catch (e) {
        return xdrRethrow(e, '.rbody');
      }
    default:
      throw r.badArm('rpc_msg_body', d);
  }
}

export function encode_rpc_msg_body(w: XdrWriter, v: rpc_msg_body): void {
  try {
    encode_msg_type(w, v.mtype);
  } catch (e) {
    xdrRethrow(e, '.mtype');
  }
  switch (v.mtype) {
    case 0:
      try {
        encode_call_body(w, (v as { cbody: call_body }).cbody);
      } catch (e) {
        xdrRethrow(e, '.cbody');
      }
      return;
    case 1:
      try {
        encode_reply_body(w, (v as { rbody: reply_body }).rbody);
      } catch (e) {
        xdrRethrow(e, '.rbody');
      }
      return;
    default:
      throw w.badArm('rpc_msg_body', (v as { mtype: unknown }).mtype);
  }
}

export function sizeof_rpc_msg_body(v: rpc_msg_body): number {
  switch (v.mtype) {
    case 0:
      return 4 + sizeof_call_body((v as { cbody: call_body }).cbody);
    case 1:
      return 4 + sizeof_reply_body((v as { rbody: reply_body }).rbody);
    default:
      return 4;
  }
}

export const codec_rpc_msg_body: XdrCodec<rpc_msg_body> = {
  name: 'rpc_msg_body',
  size: sizeof_rpc_msg_body,
  encode(w: XdrWriter, v: rpc_msg_body): void {
    try {
      encode_rpc_msg_body(w, v);
    } catch (e) {
      xdrRethrow(e, 'rpc_msg_body');
    }
  },
  decode(r: XdrReader): rpc_msg_body {
    try {
      return decode_rpc_msg_body(r);
    } catch (e) {
      return xdrRethrow(e, 'rpc_msg_body');
    }
  },
};

/*
 * struct rpc_msg {
 *     unsigned int xid;
 *     union switch (msg_type mtype) {
 *     case CALL:
 *         call_body cbody;
 *     case REPLY:
 *         reply_body rbody;
 *     } body;
 * };
 */
export interface rpc_msg {
  xid: number;
  body: rpc_msg_body;
}

const paths_rpc_msg = ['.xid', '.body'];

export function decode_rpc_msg(r: XdrReader): rpc_msg {
  let at = 0;
  try {
    const f0 = r.uint();
    at = 1;
    const f1 = decode_rpc_msg_body(r);
    return { xid: f0, body: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_rpc_msg[at]!);
  }
}

export function encode_rpc_msg(w: XdrWriter, v: rpc_msg): void {
  let at = 0;
  try {
    w.uint(v.xid);
    at = 1;
    encode_rpc_msg_body(w, v.body);
  } catch (e) {
    xdrRethrow(e, paths_rpc_msg[at]!);
  }
}

export function sizeof_rpc_msg(v: rpc_msg): number {
  return 4 + sizeof_rpc_msg_body(v.body);
}

export const codec_rpc_msg: XdrCodec<rpc_msg> = {
  name: 'rpc_msg',
  size: sizeof_rpc_msg,
  encode(w: XdrWriter, v: rpc_msg): void {
    try {
      encode_rpc_msg(w, v);
    } catch (e) {
      xdrRethrow(e, 'rpc_msg');
    }
  },
  decode(r: XdrReader): rpc_msg {
    try {
      return decode_rpc_msg(r);
    } catch (e) {
      return xdrRethrow(e, 'rpc_msg');
    }
  },
};

/*
 * struct call_body {
 *     unsigned int rpcvers;       /* must be equal to two (2) * /
 *     unsigned int prog;
 *     unsigned int vers;
 *     unsigned int proc;
 *     opaque_auth cred;
 *     opaque_auth verf;
 *     /* procedure-specific parameters start here * /
 * };
 */
export interface call_body {
  rpcvers: number;
  prog: number;
  vers: number;
  proc: number;
  cred: opaque_auth;
  verf: opaque_auth;
}

const paths_call_body = ['.rpcvers', '.prog', '.vers', '.proc', '.cred', '.verf'];

export function decode_call_body(r: XdrReader): call_body {
  let at = 0;
  try {
    const f0 = r.uint();
    at = 1;
    const f1 = r.uint();
    at = 2;
    const f2 = r.uint();
    at = 3;
    const f3 = r.uint();
    at = 4;
    const f4 = decode_opaque_auth(r);
    at = 5;
    const f5 = decode_opaque_auth(r);
    return { rpcvers: f0, prog: f1, vers: f2, proc: f3, cred: f4, verf: f5 };
  } catch (e) {
    return xdrRethrow(e, paths_call_body[at]!);
  }
}

export function encode_call_body(w: XdrWriter, v: call_body): void {
  let at = 0;
  try {
    w.uint(v.rpcvers);
    at = 1;
    w.uint(v.prog);
    at = 2;
    w.uint(v.vers);
    at = 3;
    w.uint(v.proc);
    at = 4;
    encode_opaque_auth(w, v.cred);
    at = 5;
    encode_opaque_auth(w, v.verf);
  } catch (e) {
    xdrRethrow(e, paths_call_body[at]!);
  }
}

export function sizeof_call_body(v: call_body): number {
  return 16 + sizeof_opaque_auth(v.cred) + sizeof_opaque_auth(v.verf);
}

export const codec_call_body: XdrCodec<call_body> = {
  name: 'call_body',
  size: sizeof_call_body,
  encode(w: XdrWriter, v: call_body): void {
    try {
      encode_call_body(w, v);
    } catch (e) {
      xdrRethrow(e, 'call_body');
    }
  },
  decode(r: XdrReader): call_body {
    try {
      return decode_call_body(r);
    } catch (e) {
      return xdrRethrow(e, 'call_body');
    }
  },
};

/*
 * union reply_body switch (reply_stat stat) {
 * case MSG_ACCEPTED:
 *     accepted_reply areply;
 * case MSG_DENIED:
 *     rejected_reply rreply;
 * };
 */
export type reply_body =
  | { stat: 0; areply: accepted_reply }
  | { stat: 1; rreply: rejected_reply };

export function decode_reply_body(r: XdrReader): reply_body {
  let d;
  try {
    d = decode_reply_stat(r);
  } catch (e) {
    return xdrRethrow(e, '.stat');
  }
  switch (d) {
    case 0:
      try {
        return { stat: d as 0, areply: decode_accepted_reply(r) };
      } catch (e) {
        return xdrRethrow(e, '.areply');
      }
    case 1:
      try {
        return { stat: d as 1, rreply: decode_rejected_reply(r) };
      } catch (e) {
        return xdrRethrow(e, '.rreply');
      }
    default:
      throw r.badArm('reply_body', d);
  }
}

export function encode_reply_body(w: XdrWriter, v: reply_body): void {
  try {
    encode_reply_stat(w, v.stat);
  } catch (e) {
    xdrRethrow(e, '.stat');
  }
  switch (v.stat) {
    case 0:
      try {
        encode_accepted_reply(w, (v as { areply: accepted_reply }).areply);
      } catch (e) {
        xdrRethrow(e, '.areply');
      }
      return;
    case 1:
      try {
        encode_rejected_reply(w, (v as { rreply: rejected_reply }).rreply);
      } catch (e) {
        xdrRethrow(e, '.rreply');
      }
      return;
    default:
      throw w.badArm('reply_body', (v as { stat: unknown }).stat);
  }
}

export function sizeof_reply_body(v: reply_body): number {
  switch (v.stat) {
    case 0:
      return 4 + sizeof_accepted_reply((v as { areply: accepted_reply }).areply);
    case 1:
      return 4 + sizeof_rejected_reply((v as { rreply: rejected_reply }).rreply);
    default:
      return 4;
  }
}

export const codec_reply_body: XdrCodec<reply_body> = {
  name: 'reply_body',
  size: sizeof_reply_body,
  encode(w: XdrWriter, v: reply_body): void {
    try {
      encode_reply_body(w, v);
    } catch (e) {
      xdrRethrow(e, 'reply_body');
    }
  },
  decode(r: XdrReader): reply_body {
    try {
      return decode_reply_body(r);
    } catch (e) {
      return xdrRethrow(e, 'reply_body');
    }
  },
};

export interface accepted_reply_reply_data_mismatch_info {
  low: number;
  high: number;
}

const paths_accepted_reply_reply_data_mismatch_info = ['.low', '.high'];

export function decode_accepted_reply_reply_data_mismatch_info(r: XdrReader): accepted_reply_reply_data_mismatch_info {
  let at = 0;
  try {
    const f0 = r.uint();
    at = 1;
    const f1 = r.uint();
    return { low: f0, high: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_accepted_reply_reply_data_mismatch_info[at]!);
  }
}

export function encode_accepted_reply_reply_data_mismatch_info(w: XdrWriter, v: accepted_reply_reply_data_mismatch_info): void {
  let at = 0;
  try {
    w.uint(v.low);
    at = 1;
    w.uint(v.high);
  } catch (e) {
    xdrRethrow(e, paths_accepted_reply_reply_data_mismatch_info[at]!);
  }
}

export function sizeof_accepted_reply_reply_data_mismatch_info(_v: accepted_reply_reply_data_mismatch_info): number {
  return 8;
}

export const codec_accepted_reply_reply_data_mismatch_info: XdrCodec<accepted_reply_reply_data_mismatch_info> = {
  name: 'accepted_reply_reply_data_mismatch_info',
  size: sizeof_accepted_reply_reply_data_mismatch_info,
  encode(w: XdrWriter, v: accepted_reply_reply_data_mismatch_info): void {
    try {
      encode_accepted_reply_reply_data_mismatch_info(w, v);
    } catch (e) {
      xdrRethrow(e, 'accepted_reply_reply_data_mismatch_info');
    }
  },
  decode(r: XdrReader): accepted_reply_reply_data_mismatch_info {
    try {
      return decode_accepted_reply_reply_data_mismatch_info(r);
    } catch (e) {
      return xdrRethrow(e, 'accepted_reply_reply_data_mismatch_info');
    }
  },
};

export type accepted_reply_reply_data =
  | { stat: 0; results: Buffer }
  | { stat: 2; mismatch_info: accepted_reply_reply_data_mismatch_info }
  | { stat: Exclude<accept_stat, 0 | 2> };

export function decode_accepted_reply_reply_data(r: XdrReader): accepted_reply_reply_data {
  let d;
  try {
    d = decode_accept_stat(r);
  } catch (e) {
    return xdrRethrow(e, '.stat');
  }
  switch (d) {
    case 0:
      try {
        return { stat: d as 0, results: r.fixedOpaque(0) };
      } catch (e) {
        return xdrRethrow(e, '.results');
      }
    case 2:
      try {
        return { stat: d as 2, mismatch_info: decode_accepted_reply_reply_data_mismatch_info(r) };
      } catch (e) {
        return xdrRethrow(e, '.mismatch_info');
      }
    default:
      return { stat: d as (Exclude<accept_stat, 0 | 2>) };
  }
}

export function encode_accepted_reply_reply_data(w: XdrWriter, v: accepted_reply_reply_data): void {
  try {
    encode_accept_stat(w, v.stat);
  } catch (e) {
    xdrRethrow(e, '.stat');
  }
  switch (v.stat) {
    case 0:
      try {
        w.fixedOpaque((v as { results: Buffer }).results, 0);
      } catch (e) {
        xdrRethrow(e, '.results');
      }
      return;
    case 2:
      try {
        encode_accepted_reply_reply_data_mismatch_info(w, (v as { mismatch_info: accepted_reply_reply_data_mismatch_info }).mismatch_info);
      } catch (e) {
        xdrRethrow(e, '.mismatch_info');
      }
      return;
    default:
      return;
  }
}

export function sizeof_accepted_reply_reply_data(v: accepted_reply_reply_data): number {
  switch (v.stat) {
    case 0:
      return 4 + 0;
    case 2:
      return 4 + 8;
    default:
      return 4;
  }
}

export const codec_accepted_reply_reply_data: XdrCodec<accepted_reply_reply_data> = {
  name: 'accepted_reply_reply_data',
  size: sizeof_accepted_reply_reply_data,
  encode(w: XdrWriter, v: accepted_reply_reply_data): void {
    try {
      encode_accepted_reply_reply_data(w, v);
    } catch (e) {
      xdrRethrow(e, 'accepted_reply_reply_data');
    }
  },
  decode(r: XdrReader): accepted_reply_reply_data {
    try {
      return decode_accepted_reply_reply_data(r);
    } catch (e) {
      return xdrRethrow(e, 'accepted_reply_reply_data');
    }
  },
};

/*
 * struct accepted_reply {
 *     opaque_auth verf;
 *     union switch (accept_stat stat) {
 *     case SUCCESS:
 *         opaque results[0];
 *         /* procedure-specific results start here * /
 *     case PROG_MISMATCH:
 *         struct {
 *             unsigned int low;
 *             unsigned int high;
 *         } mismatch_info;
 *     default:
 *         /* PROG_UNAVAIL, PROC_UNAVAIL, GARBAGE_ARGS, SYSTEM_ERR * /
 *         void;
 *     } reply_data;
 * };
 */
export interface accepted_reply {
  verf: opaque_auth;
  reply_data: accepted_reply_reply_data;
}

const paths_accepted_reply = ['.verf', '.reply_data'];

export function decode_accepted_reply(r: XdrReader): accepted_reply {
  let at = 0;
  try {
    const f0 = decode_opaque_auth(r);
    at = 1;
    const f1 = decode_accepted_reply_reply_data(r);
    return { verf: f0, reply_data: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_accepted_reply[at]!);
  }
}

export function encode_accepted_reply(w: XdrWriter, v: accepted_reply): void {
  let at = 0;
  try {
    encode_opaque_auth(w, v.verf);
    at = 1;
    encode_accepted_reply_reply_data(w, v.reply_data);
  } catch (e) {
    xdrRethrow(e, paths_accepted_reply[at]!);
  }
}

export function sizeof_accepted_reply(v: accepted_reply): number {
  return 0 + sizeof_opaque_auth(v.verf) + sizeof_accepted_reply_reply_data(v.reply_data);
}

export const codec_accepted_reply: XdrCodec<accepted_reply> = {
  name: 'accepted_reply',
  size: sizeof_accepted_reply,
  encode(w: XdrWriter, v: accepted_reply): void {
    try {
      encode_accepted_reply(w, v);
    } catch (e) {
      xdrRethrow(e, 'accepted_reply');
    }
  },
  decode(r: XdrReader): accepted_reply {
    try {
      return decode_accepted_reply(r);
    } catch (e) {
      return xdrRethrow(e, 'accepted_reply');
    }
  },
};

export interface rejected_reply_mismatch_info {
  low: number;
  high: number;
}

const paths_rejected_reply_mismatch_info = ['.low', '.high'];

export function decode_rejected_reply_mismatch_info(r: XdrReader): rejected_reply_mismatch_info {
  let at = 0;
  try {
    const f0 = r.uint();
    at = 1;
    const f1 = r.uint();
    return { low: f0, high: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_rejected_reply_mismatch_info[at]!);
  }
}

export function encode_rejected_reply_mismatch_info(w: XdrWriter, v: rejected_reply_mismatch_info): void {
  let at = 0;
  try {
    w.uint(v.low);
    at = 1;
    w.uint(v.high);
  } catch (e) {
    xdrRethrow(e, paths_rejected_reply_mismatch_info[at]!);
  }
}

export function sizeof_rejected_reply_mismatch_info(_v: rejected_reply_mismatch_info): number {
  return 8;
}

export const codec_rejected_reply_mismatch_info: XdrCodec<rejected_reply_mismatch_info> = {
  name: 'rejected_reply_mismatch_info',
  size: sizeof_rejected_reply_mismatch_info,
  encode(w: XdrWriter, v: rejected_reply_mismatch_info): void {
    try {
      encode_rejected_reply_mismatch_info(w, v);
    } catch (e) {
      xdrRethrow(e, 'rejected_reply_mismatch_info');
    }
  },
  decode(r: XdrReader): rejected_reply_mismatch_info {
    try {
      return decode_rejected_reply_mismatch_info(r);
    } catch (e) {
      return xdrRethrow(e, 'rejected_reply_mismatch_info');
    }
  },
};

/*
 * union rejected_reply switch (reject_stat stat) {
 * case RPC_MISMATCH:
 *     struct {
 *         unsigned int low;
 *         unsigned int high;
 *     } mismatch_info;
 * case AUTH_ERROR:
 *     /* RFC 5531 names this arm 'stat', like the discriminant; one object cannot hold both. * /
 *     auth_stat why;
 * };
 */
export type rejected_reply =
  | { stat: 0; mismatch_info: rejected_reply_mismatch_info }
  | { stat: 1; why: auth_stat };

export function decode_rejected_reply(r: XdrReader): rejected_reply {
  let d;
  try {
    d = decode_reject_stat(r);
  } catch (e) {
    return xdrRethrow(e, '.stat');
  }
  switch (d) {
    case 0:
      try {
        return { stat: d as 0, mismatch_info: decode_rejected_reply_mismatch_info(r) };
      } catch (e) {
        return xdrRethrow(e, '.mismatch_info');
      }
    case 1:
      try {
        return { stat: d as 1, why: decode_auth_stat(r) };
      } catch (e) {
        return xdrRethrow(e, '.why');
      }
    default:
      throw r.badArm('rejected_reply', d);
  }
}

export function encode_rejected_reply(w: XdrWriter, v: rejected_reply): void {
  try {
    encode_reject_stat(w, v.stat);
  } catch (e) {
    xdrRethrow(e, '.stat');
  }
  switch (v.stat) {
    case 0:
      try {
        encode_rejected_reply_mismatch_info(w, (v as { mismatch_info: rejected_reply_mismatch_info }).mismatch_info);
      } catch (e) {
        xdrRethrow(e, '.mismatch_info');
      }
      return;
    case 1:
      try {
        encode_auth_stat(w, (v as { why: auth_stat }).why);
      } catch (e) {
        xdrRethrow(e, '.why');
      }
      return;
    default:
      throw w.badArm('rejected_reply', (v as { stat: unknown }).stat);
  }
}

export function sizeof_rejected_reply(v: rejected_reply): number {
  switch (v.stat) {
    case 0:
      return 4 + 8;
    case 1:
      return 4 + 4;
    default:
      return 4;
  }
}

export const codec_rejected_reply: XdrCodec<rejected_reply> = {
  name: 'rejected_reply',
  size: sizeof_rejected_reply,
  encode(w: XdrWriter, v: rejected_reply): void {
    try {
      encode_rejected_reply(w, v);
    } catch (e) {
      xdrRethrow(e, 'rejected_reply');
    }
  },
  decode(r: XdrReader): rejected_reply {
    try {
      return decode_rejected_reply(r);
    } catch (e) {
      return xdrRethrow(e, 'rejected_reply');
    }
  },
};

/*
 * struct authsys_parms {
 *     unsigned int stamp;
 *     string machinename<255>;
 *     unsigned int uid;
 *     unsigned int gid;
 *     unsigned int gids<16>;
 * };
 */
export interface authsys_parms {
  stamp: number;
  machinename: Buffer;
  uid: number;
  gid: number;
  gids: number[];
}

const paths_authsys_parms = ['.stamp', '.machinename', '.uid', '.gid', '.gids'];

export function decode_authsys_parms(r: XdrReader): authsys_parms {
  let at = 0;
  try {
    const f0 = r.uint();
    at = 1;
    const f1 = r.varOpaque(255);
    at = 2;
    const f2 = r.uint();
    at = 3;
    const f3 = r.uint();
    at = 4;
    const f4 = h$varray16_uint.decode(r);
    return { stamp: f0, machinename: f1, uid: f2, gid: f3, gids: f4 };
  } catch (e) {
    return xdrRethrow(e, paths_authsys_parms[at]!);
  }
}

export function encode_authsys_parms(w: XdrWriter, v: authsys_parms): void {
  let at = 0;
  try {
    w.uint(v.stamp);
    at = 1;
    w.varOpaque(v.machinename, 255);
    at = 2;
    w.uint(v.uid);
    at = 3;
    w.uint(v.gid);
    at = 4;
    h$varray16_uint.encode(w, v.gids);
  } catch (e) {
    xdrRethrow(e, paths_authsys_parms[at]!);
  }
}

export function sizeof_authsys_parms(v: authsys_parms): number {
  return 12 + (4 + ((v.machinename.length + 3) & ~3)) + h$varray16_uint.size(v.gids);
}

export const codec_authsys_parms: XdrCodec<authsys_parms> = {
  name: 'authsys_parms',
  size: sizeof_authsys_parms,
  encode(w: XdrWriter, v: authsys_parms): void {
    try {
      encode_authsys_parms(w, v);
    } catch (e) {
      xdrRethrow(e, 'authsys_parms');
    }
  },
  decode(r: XdrReader): authsys_parms {
    try {
      return decode_authsys_parms(r);
    } catch (e) {
      return xdrRethrow(e, 'authsys_parms');
    }
  },
};

const h$varray16_uint = {
  decode(r: XdrReader): number[] {
    const n = r.arrayLength(16, 4);
    const a = new Array<number>(n);
    let i = 0;
    try {
      for (; i < n; i++) a[i] = r.uint();
    } catch (e) {
      return xdrRethrow(e, `[${i}]`);
    }
    return a;
  },
  encode(w: XdrWriter, v: readonly number[]): void {
    w.arrayLength(v.length, 16);
    let i = 0;
    try {
      for (; i < v.length; i++) w.uint(v[i]!);
    } catch (e) {
      xdrRethrow(e, `[${i}]`);
    }
  },
  size(v: readonly number[]): number {
    return 4 + v.length * 4;
  },
};
