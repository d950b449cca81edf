// Generated from xdr-specs/portmap.x by @nfs/rpc-xdr (xdrgen). DO NOT EDIT.
// Change the .x file and run `npm run gen`; a test fails when this file is stale.
/* eslint-disable */
import type { XdrCodec, XdrProgram, XdrReader, XdrWriter } from '@nfs/rpc-xdr';
import { xdrRethrow, voidCodec, intCodec, uintCodec, hyperCodec, uhyperCodec, floatCodec, doubleCodec, boolCodec } from '@nfs/rpc-xdr';

void [xdrRethrow, voidCodec, intCodec, uintCodec, hyperCodec, uhyperCodec, floatCodec, doubleCodec, boolCodec];

/*
 * const PMAP_PORT = 111;
 */
export const PMAP_PORT = 111;

/*
 * const PMAPPORT  = 111;
 */
export const PMAPPORT = 111;

/*
 * const IPPROTO_TCP = 6;
 */
export const IPPROTO_TCP = 6;

/*
 * const IPPROTO_UDP = 17;
 */
export const IPPROTO_UDP = 17;

/*
 * struct mapping {
 *     unsigned int prog;
 *     unsigned int vers;
 *     unsigned int prot;
 *     unsigned int port;
 * };
 */
export interface mapping {
  prog: number;
  vers: number;
  prot: number;
  port: number;
}

const paths_mapping = ['.prog', '.vers', '.prot', '.port'];

export function decode_mapping(r: XdrReader): mapping {
  let at = 0;
  try {
    const f0 = r.uint();
    at = 1;
    const f1 = r.uint();
    at = 2;
    const f2 = r.uint();
    at = 3;
    const f3 = r.uint();
    return { prog: f0, vers: f1, prot: f2, port: f3 };
  } catch (e) {
    return xdrRethrow(e, paths_mapping[at]!);
  }
}

export function encode_mapping(w: XdrWriter, v: mapping): void {
  let at = 0;
  try {
    w.uint(v.prog);
    at = 1;
    w.uint(v.vers);
    at = 2;
    w.uint(v.prot);
    at = 3;
    w.uint(v.port);
  } catch (e) {
    xdrRethrow(e, paths_mapping[at]!);
  }
}

export function sizeof_mapping(_v: mapping): number {
  return 16;
}

export const codec_mapping: XdrCodec<mapping> = {
  name: 'mapping',
  size: sizeof_mapping,
  encode(w: XdrWriter, v: mapping): void {
    try {
      encode_mapping(w, v);
    } catch (e) {
      xdrRethrow(e, 'mapping');
    }
  },
  decode(r: XdrReader): mapping {
    try {
      return decode_mapping(r);
    } catch (e) {
      return xdrRethrow(e, 'mapping');
    }
  },
};

/*
 * struct pmaplist_node {
 *     mapping       map;
 *     pmaplist_node *next;
 * };
 */
/* pmaplist_node is a list node: its 'next' pointer is represented by the array that holds it. */
export interface pmaplist_node {
  map: mapping;
}

const paths_pmaplist_node = ['.map'];

export function decode_pmaplist_node(r: XdrReader): pmaplist_node {
  try {
    const f0 = decode_mapping(r);
    return { map: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_pmaplist_node[0]!);
  }
}

export function encode_pmaplist_node(w: XdrWriter, v: pmaplist_node): void {
  try {
    encode_mapping(w, v.map);
  } catch (e) {
    xdrRethrow(e, paths_pmaplist_node[0]!);
  }
}

export function sizeof_pmaplist_node(_v: pmaplist_node): number {
  return 16;
}

export const codec_pmaplist_node: XdrCodec<pmaplist_node> = {
  name: 'pmaplist_node',
  size: sizeof_pmaplist_node,
  encode(w: XdrWriter, v: pmaplist_node): void {
    try {
      encode_pmaplist_node(w, v);
    } catch (e) {
      xdrRethrow(e, 'pmaplist_node');
    }
  },
  decode(r: XdrReader): pmaplist_node {
    try {
      return decode_pmaplist_node(r);
    } catch (e) {
      return xdrRethrow(e, 'pmaplist_node');
    }
  },
};

/*
 * typedef pmaplist_node *pmaplist;
 */
export type pmaplist = pmaplist_node[];

export function decode_pmaplist(r: XdrReader): pmaplist {
  return h$list_pmaplist_node.decode(r);
}

export function encode_pmaplist(w: XdrWriter, v: pmaplist): void {
  h$list_pmaplist_node.encode(w, v);
}

export function sizeof_pmaplist(v: pmaplist): number {
  return h$list_pmaplist_node.size(v);
}

export const codec_pmaplist: XdrCodec<pmaplist> = {
  name: 'pmaplist',
  size: sizeof_pmaplist,
  encode(w: XdrWriter, v: pmaplist): void {
    try {
      encode_pmaplist(w, v);
    } catch (e) {
      xdrRethrow(e, 'pmaplist');
    }
  },
  decode(r: XdrReader): pmaplist {
    try {
      return decode_pmaplist(r);
    } catch (e) {
      return xdrRethrow(e, 'pmaplist');
    }
  },
};

/*
 * struct call_args {
 *     unsigned int prog;
 *     unsigned int vers;
 *     unsigned int proc;
 *     opaque args<>;
 * };
 */
export interface call_args {
  prog: number;
  vers: number;
  proc: number;
  args: Buffer;
}

const paths_call_args = ['.prog', '.vers', '.proc', '.args'];

export function decode_call_args(r: XdrReader): call_args {
  let at = 0;
  try {
    const f0 = r.uint();
    at = 1;
    const f1 = r.uint();
    at = 2;
    const f2 = r.uint();
    at = 3;
    const f3 = r.varOpaque(undefined);
    return { prog: f0, vers: f1, proc: f2, args: f3 };
  } catch (e) {
    return xdrRethrow(e, paths_call_args[at]!);
  }
}

export function encode_call_args(w: XdrWriter, v: call_args): void {
  let at = 0;
  try {
    w.uint(v.prog);
    at = 1;
    w.uint(v.vers);
    at = 2;
    w.uint(v.proc);
    at = 3;
    w.varOpaque(v.args, undefined);
  } catch (e) {
    xdrRethrow(e, paths_call_args[at]!);
  }
}

export function sizeof_call_args(v: call_args): number {
  return 12 + (4 + ((v.args.length + 3) & ~3));
}

export const codec_call_args: XdrCodec<call_args> = {
  name: 'call_args',
  size: sizeof_call_args,
  encode(w: XdrWriter, v: call_args): void {
    try {
      encode_call_args(w, v);
    } catch (e) {
      xdrRethrow(e, 'call_args');
    }
  },
  decode(r: XdrReader): call_args {
    try {
      return decode_call_args(r);
    } catch (e) {
      return xdrRethrow(e, 'call_args');
    }
  },
};

/*
 * struct call_result {
 *     unsigned int port;
 *     opaque res<>;
 * };
 */
export interface call_result {
  port: number;
  res: Buffer;
}

const paths_call_result = ['.port', '.res'];

export function decode_call_result(r: XdrReader): call_result {
  let at = 0;
  try {
    const f0 = r.uint();
    at = 1;
    const f1 = r.varOpaque(undefined);
    return { port: f0, res: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_call_result[at]!);
  }
}

export function encode_call_result(w: XdrWriter, v: call_result): void {
  let at = 0;
  try {
    w.uint(v.port);
    at = 1;
    w.varOpaque(v.res, undefined);
  } catch (e) {
    xdrRethrow(e, paths_call_result[at]!);
  }
}

export function sizeof_call_result(v: call_result): number {
  return 4 + (4 + ((v.res.length + 3) & ~3));
}

export const codec_call_result: XdrCodec<call_result> = {
  name: 'call_result',
  size: sizeof_call_result,
  encode(w: XdrWriter, v: call_result): void {
    try {
      encode_call_result(w, v);
    } catch (e) {
      xdrRethrow(e, 'call_result');
    }
  },
  decode(r: XdrReader): call_result {
    try {
      return decode_call_result(r);
    } catch (e) {
      return xdrRethrow(e, 'call_result');
    }
  },
};

/*
 * program PMAP_PROG {
 *     version PMAP_VERS {
 *         void         PMAPPROC_NULL(void)        = 0;
 *         bool         PMAPPROC_SET(mapping)      = 1;
 *         bool         PMAPPROC_UNSET(mapping)    = 2;
 *         unsigned int PMAPPROC_GETPORT(mapping)  = 3;
 *         pmaplist     PMAPPROC_DUMP(void)        = 4;
 *         call_result  PMAPPROC_CALLIT(call_args) = 5;
 *     } = 2;
 * } = 100000;
 */
export const PMAP_PROG = 100000;
export const PMAP_VERS = 2;
export const PMAPPROC_NULL = 0;
export const PMAPPROC_SET = 1;
export const PMAPPROC_UNSET = 2;
export const PMAPPROC_GETPORT = 3;
export const PMAPPROC_DUMP = 4;
export const PMAPPROC_CALLIT = 5;

export const program_PMAP_PROG = {
  name: 'PMAP_PROG',
  number: 100000,
  versions: {
    PMAP_VERS: {
      name: 'PMAP_VERS',
      number: 2,
      procedures: {
        PMAPPROC_NULL: { name: 'PMAPPROC_NULL', number: 0, args: voidCodec, result: voidCodec },
        PMAPPROC_SET: { name: 'PMAPPROC_SET', number: 1, args: codec_mapping, result: boolCodec },
        PMAPPROC_UNSET: { name: 'PMAPPROC_UNSET', number: 2, args: codec_mapping, result: boolCodec },
        PMAPPROC_GETPORT: { name: 'PMAPPROC_GETPORT', number: 3, args: codec_mapping, result: uintCodec },
        PMAPPROC_DUMP: { name: 'PMAPPROC_DUMP', number: 4, args: voidCodec, result: codec_pmaplist },
        PMAPPROC_CALLIT: { name: 'PMAPPROC_CALLIT', number: 5, args: codec_call_args, result: codec_call_result },
      },
    },
  },
} as const satisfies XdrProgram;

/** Linked list of pmaplist_node (RFC 4506 section 4.19), decoded iteratively into an array. */
const h$list_pmaplist_node = {
  decode(r: XdrReader): pmaplist_node[] {
    const a: pmaplist_node[] = [];
    let i = 0;
    try {
      while (r.bool()) {
        r.listItem(i);
        a.push(decode_pmaplist_node(r));
        i++;
      }
    } catch (e) {
      return xdrRethrow(e, `[${i}]`);
    }
    return a;
  },
  encode(w: XdrWriter, v: readonly pmaplist_node[]): void {
    let i = 0;
    try {
      for (; i < v.length; i++) {
        w.bool(true);
        encode_pmaplist_node(w, v[i]!);
      }
    } catch (e) {
      xdrRethrow(e, `[${i}]`);
    }
    w.bool(false);
  },
  size(v: readonly pmaplist_node[]): number {
    return 4 + v.length * 20;
  },
};
