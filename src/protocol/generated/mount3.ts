// Generated from xdr-specs/mount3.x by @nfs/rpc-xdr (xdrgen). DO NOT EDIT.
// Change the .x file and run `npm run gen`; a test fails when this file is stale.
/* eslint-disable */
import type { XdrCodec, XdrProgram, XdrReader, XdrWriter } from '@nfs/rpc-xdr';
import { xdrRethrow, voidCodec, intCodec, uintCodec, hyperCodec, uhyperCodec, floatCodec, doubleCodec, boolCodec } from '@nfs/rpc-xdr';

void [xdrRethrow, voidCodec, intCodec, uintCodec, hyperCodec, uhyperCodec, floatCodec, doubleCodec, boolCodec];

/*
 * const MNTPATHLEN = 1024;
 */
export const MNTPATHLEN = 1024;

/*
 * const MNTNAMLEN  = 255;
 */
export const MNTNAMLEN = 255;

/*
 * const FHSIZE3    = 64;
 */
export const FHSIZE3 = 64;

/*
 * typedef opaque fhandle3<FHSIZE3>;
 */
export type fhandle3 = Buffer;

export function decode_fhandle3(r: XdrReader): fhandle3 {
  return r.varOpaque(64);
}

export function encode_fhandle3(w: XdrWriter, v: fhandle3): void {
  w.varOpaque(v, 64);
}

export function sizeof_fhandle3(v: fhandle3): number {
  return (4 + ((v.length + 3) & ~3));
}

export const codec_fhandle3: XdrCodec<fhandle3> = {
  name: 'fhandle3',
  size: sizeof_fhandle3,
  encode(w: XdrWriter, v: fhandle3): void {
    try {
      encode_fhandle3(w, v);
    } catch (e) {
      xdrRethrow(e, 'fhandle3');
    }
  },
  decode(r: XdrReader): fhandle3 {
    try {
      return decode_fhandle3(r);
    } catch (e) {
      return xdrRethrow(e, 'fhandle3');
    }
  },
};

/*
 * typedef string dirpath<MNTPATHLEN>;
 */
export type dirpath = Buffer;

export function decode_dirpath(r: XdrReader): dirpath {
  return r.varOpaque(1024);
}

export function encode_dirpath(w: XdrWriter, v: dirpath): void {
  w.varOpaque(v, 1024);
}

export function sizeof_dirpath(v: dirpath): number {
  return (4 + ((v.length + 3) & ~3));
}

export const codec_dirpath: XdrCodec<dirpath> = {
  name: 'dirpath',
  size: sizeof_dirpath,
  encode(w: XdrWriter, v: dirpath): void {
    try {
      encode_dirpath(w, v);
    } catch (e) {
      xdrRethrow(e, 'dirpath');
    }
  },
  decode(r: XdrReader): dirpath {
    try {
      return decode_dirpath(r);
    } catch (e) {
      return xdrRethrow(e, 'dirpath');
    }
  },
};

/*
 * typedef string name<MNTNAMLEN>;
 */
export type name = Buffer;

export function decode_name(r: XdrReader): name {
  return r.varOpaque(255);
}

export function encode_name(w: XdrWriter, v: name): void {
  w.varOpaque(v, 255);
}

export function sizeof_name(v: name): number {
  return (4 + ((v.length + 3) & ~3));
}

export const codec_name: XdrCodec<name> = {
  name: 'name',
  size: sizeof_name,
  encode(w: XdrWriter, v: name): void {
    try {
      encode_name(w, v);
    } catch (e) {
      xdrRethrow(e, 'name');
    }
  },
  decode(r: XdrReader): name {
    try {
      return decode_name(r);
    } catch (e) {
      return xdrRethrow(e, 'name');
    }
  },
};

/*
 * enum mountstat3 {
 *     MNT3_OK             = 0,      /* no error * /
 *     MNT3ERR_PERM        = 1,      /* Not owner * /
 *     MNT3ERR_NOENT       = 2,      /* No such file or directory * /
 *     MNT3ERR_IO          = 5,      /* I/O error * /
 *     MNT3ERR_ACCES       = 13,     /* Permission denied * /
 *     MNT3ERR_NOTDIR      = 20,     /* Not a directory * /
 *     MNT3ERR_INVAL       = 22,     /* Invalid argument * /
 *     MNT3ERR_NAMETOOLONG = 63,     /* Filename too long * /
 *     MNT3ERR_NOTSUPP     = 10004,  /* Operation not supported * /
 *     MNT3ERR_SERVERFAULT = 10006   /* A failure on the server * /
 * };
 */
export type mountstat3 = 0 | 1 | 2 | 5 | 13 | 20 | 22 | 63 | 10004 | 10006;
export const MNT3_OK = 0;
export const MNT3ERR_PERM = 1;
export const MNT3ERR_NOENT = 2;
export const MNT3ERR_IO = 5;
export const MNT3ERR_ACCES = 13;
export const MNT3ERR_NOTDIR = 20;
export const MNT3ERR_INVAL = 22;
export const MNT3ERR_NAMETOOLONG = 63;
export const MNT3ERR_NOTSUPP = 10004;
export const MNT3ERR_SERVERFAULT = 10006;
export const names_mountstat3: Readonly<Record<number, string>> = {
  "0": 'MNT3_OK',
  "1": 'MNT3ERR_PERM',
  "2": 'MNT3ERR_NOENT',
  "5": 'MNT3ERR_IO',
  "13": 'MNT3ERR_ACCES',
  "20": 'MNT3ERR_NOTDIR',
  "22": 'MNT3ERR_INVAL',
  "63": 'MNT3ERR_NAMETOOLONG',
  "10004": 'MNT3ERR_NOTSUPP',
  "10006": 'MNT3ERR_SERVERFAULT',
};

export function decode_mountstat3(r: XdrReader): mountstat3 {
  const v = r.int();
  switch (v) {
    case 0: case 1: case 2: case 5: case 13: case 20: case 22: case 63: case 10004: case 10006:
      return v as mountstat3;
    default:
      throw r.badEnum('mountstat3', v);
  }
}

export function encode_mountstat3(w: XdrWriter, v: mountstat3): void {
  switch (v) {
    case 0: case 1: case 2: case 5: case 13: case 20: case 22: case 63: case 10004: case 10006:
      w.int(v);
      return;
    default:
      throw w.badEnum('mountstat3', v);
  }
}

export function sizeof_mountstat3(_v: mountstat3): number {
  return 4;
}

export const codec_mountstat3: XdrCodec<mountstat3> = {
  name: 'mountstat3',
  size: sizeof_mountstat3,
  encode(w: XdrWriter, v: mountstat3): void {
    try {
      encode_mountstat3(w, v);
    } catch (e) {
      xdrRethrow(e, 'mountstat3');
    }
  },
  decode(r: XdrReader): mountstat3 {
    try {
      return decode_mountstat3(r);
    } catch (e) {
      return xdrRethrow(e, 'mountstat3');
    }
  },
};

/*
 * struct mountres3_ok {
 *     fhandle3 fhandle;
 *     int      auth_flavors<>;
 * };
 */
export interface mountres3_ok {
  fhandle: fhandle3;
  auth_flavors: number[];
}

const paths_mountres3_ok = ['.fhandle', '.auth_flavors'];

export function decode_mountres3_ok(r: XdrReader): mountres3_ok {
  let at = 0;
  try {
    const f0 = r.varOpaque(64);
    at = 1;
    const f1 = h$varrayu_int.decode(r);
    return { fhandle: f0, auth_flavors: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_mountres3_ok[at]!);
  }
}

export function encode_mountres3_ok(w: XdrWriter, v: mountres3_ok): void {
  let at = 0;
  try {
    w.varOpaque(v.fhandle, 64);
    at = 1;
    h$varrayu_int.encode(w, v.auth_flavors);
  } catch (e) {
    xdrRethrow(e, paths_mountres3_ok[at]!);
  }
}

export function sizeof_mountres3_ok(v: mountres3_ok): number {
  return 0 + (4 + ((v.fhandle.length + 3) & ~3)) + h$varrayu_int.size(v.auth_flavors);
}

export const codec_mountres3_ok: XdrCodec<mountres3_ok> = {
  name: 'mountres3_ok',
  size: sizeof_mountres3_ok,
  encode(w: XdrWriter, v: mountres3_ok): void {
    try {
      encode_mountres3_ok(w, v);
    } catch (e) {
      xdrRethrow(e, 'mountres3_ok');
    }
  },
  decode(r: XdrReader): mountres3_ok {
    try {
      return decode_mountres3_ok(r);
    } catch (e) {
      return xdrRethrow(e, 'mountres3_ok');
    }
  },
};

/*
 * union mountres3 switch (mountstat3 fhs_status) {
 * case MNT3_OK:
 *     mountres3_ok mountinfo;
 * default:
 *     void;
 * };
 */
export type mountres3 =
  | { fhs_status: 0; mountinfo: mountres3_ok }
  | { fhs_status: Exclude<mountstat3, 0> };

export function decode_mountres3(r: XdrReader): mountres3 {
  let d;
  try {
    d = decode_mountstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.fhs_status');
  }
  switch (d) {
    case 0:
      try {
        return { fhs_status: d as 0, mountinfo: decode_mountres3_ok(r) };
      } catch (e) {
        return xdrRethrow(e, '.mountinfo');
      }
    default:
      return { fhs_status: d as Exclude<mountstat3, 0> };
  }
}

export function encode_mountres3(w: XdrWriter, v: mountres3): void {
  try {
    encode_mountstat3(w, v.fhs_status);
  } catch (e) {
    xdrRethrow(e, '.fhs_status');
  }
  switch (v.fhs_status) {
    case 0:
      try {
        encode_mountres3_ok(w, (v as { mountinfo: mountres3_ok }).mountinfo);
      } catch (e) {
        xdrRethrow(e, '.mountinfo');
      }
      return;
    default:
      return;
  }
}

export function sizeof_mountres3(v: mountres3): number {
  switch (v.fhs_status) {
    case 0:
      return 4 + sizeof_mountres3_ok((v as { mountinfo: mountres3_ok }).mountinfo);
    default:
      return 4;
  }
}

export const codec_mountres3: XdrCodec<mountres3> = {
  name: 'mountres3',
  size: sizeof_mountres3,
  encode(w: XdrWriter, v: mountres3): void {
    try {
      encode_mountres3(w, v);
    } catch (e) {
      xdrRethrow(e, 'mountres3');
    }
  },
  decode(r: XdrReader): mountres3 {
    try {
      return decode_mountres3(r);
    } catch (e) {
      return xdrRethrow(e, 'mountres3');
    }
  },
};

/*
 * typedef mountbody *mountlist;
 */
export type mountlist = mountbody[];

export function decode_mountlist(r: XdrReader): mountlist {
  return h$list_mountbody.decode(r);
}

export function encode_mountlist(w: XdrWriter, v: mountlist): void {
  h$list_mountbody.encode(w, v);
}

export function sizeof_mountlist(v: mountlist): number {
  return h$list_mountbody.size(v);
}

export const codec_mountlist: XdrCodec<mountlist> = {
  name: 'mountlist',
  size: sizeof_mountlist,
  encode(w: XdrWriter, v: mountlist): void {
    try {
      encode_mountlist(w, v);
    } catch (e) {
      xdrRethrow(e, 'mountlist');
    }
  },
  decode(r: XdrReader): mountlist {
    try {
      return decode_mountlist(r);
    } catch (e) {
      return xdrRethrow(e, 'mountlist');
    }
  },
};

/*
 * struct mountbody {
 *     name      ml_hostname;
 *     dirpath   ml_directory;
 *     mountlist ml_next;
 * };
 */
/* mountbody is a list node: its 'ml_next' pointer is represented by the array that holds it. */
export interface mountbody {
  ml_hostname: name;
  ml_directory: dirpath;
}

const paths_mountbody = ['.ml_hostname', '.ml_directory'];

export function decode_mountbody(r: XdrReader): mountbody {
  let at = 0;
  try {
    const f0 = r.varOpaque(255);
    at = 1;
    const f1 = r.varOpaque(1024);
    return { ml_hostname: f0, ml_directory: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_mountbody[at]!);
  }
}

export function encode_mountbody(w: XdrWriter, v: mountbody): void {
  let at = 0;
  try {
    w.varOpaque(v.ml_hostname, 255);
    at = 1;
    w.varOpaque(v.ml_directory, 1024);
  } catch (e) {
    xdrRethrow(e, paths_mountbody[at]!);
  }
}

export function sizeof_mountbody(v: mountbody): number {
  return 0 + (4 + ((v.ml_hostname.length + 3) & ~3)) + (4 + ((v.ml_directory.length + 3) & ~3));
}

export const codec_mountbody: XdrCodec<mountbody> = {
  name: 'mountbody',
  size: sizeof_mountbody,
  encode(w: XdrWriter, v: mountbody): void {
    try {
      encode_mountbody(w, v);
    } catch (e) {
      xdrRethrow(e, 'mountbody');
    }
  },
  decode(r: XdrReader): mountbody {
    try {
      return decode_mountbody(r);
    } catch (e) {
      return xdrRethrow(e, 'mountbody');
    }
  },
};

/*
 * typedef groupnode *groups;
 */
export type groups = groupnode[];

export function decode_groups(r: XdrReader): groups {
  return h$list_groupnode.decode(r);
}

export function encode_groups(w: XdrWriter, v: groups): void {
  h$list_groupnode.encode(w, v);
}

export function sizeof_groups(v: groups): number {
  return h$list_groupnode.size(v);
}

export const codec_groups: XdrCodec<groups> = {
  name: 'groups',
  size: sizeof_groups,
  encode(w: XdrWriter, v: groups): void {
    try {
      encode_groups(w, v);
    } catch (e) {
      xdrRethrow(e, 'groups');
    }
  },
  decode(r: XdrReader): groups {
    try {
      return decode_groups(r);
    } catch (e) {
      return xdrRethrow(e, 'groups');
    }
  },
};

/*
 * struct groupnode {
 *     name   gr_name;
 *     groups gr_next;
 * };
 */
/* groupnode is a list node: its 'gr_next' pointer is represented by the array that holds it. */
export interface groupnode {
  gr_name: name;
}

const paths_groupnode = ['.gr_name'];

export function decode_groupnode(r: XdrReader): groupnode {
  try {
    const f0 = r.varOpaque(255);
    return { gr_name: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_groupnode[0]!);
  }
}

export function encode_groupnode(w: XdrWriter, v: groupnode): void {
  try {
    w.varOpaque(v.gr_name, 255);
  } catch (e) {
    xdrRethrow(e, paths_groupnode[0]!);
  }
}

export function sizeof_groupnode(v: groupnode): number {
  return 0 + (4 + ((v.gr_name.length + 3) & ~3));
}

export const codec_groupnode: XdrCodec<groupnode> = {
  name: 'groupnode',
  size: sizeof_groupnode,
  encode(w: XdrWriter, v: groupnode): void {
    try {
      encode_groupnode(w, v);
    } catch (e) {
      xdrRethrow(e, 'groupnode');
    }
  },
  decode(r: XdrReader): groupnode {
    try {
      return decode_groupnode(r);
    } catch (e) {
      return xdrRethrow(e, 'groupnode');
    }
  },
};

/*
 * typedef exportnode *exports;
 */
export type exports = exportnode[];

export function decode_exports(r: XdrReader): exports {
  return h$list_exportnode.decode(r);
}

export function encode_exports(w: XdrWriter, v: exports): void {
  h$list_exportnode.encode(w, v);
}

export function sizeof_exports(v: exports): number {
  return h$list_exportnode.size(v);
}

export const codec_exports: XdrCodec<exports> = {
  name: 'exports',
  size: sizeof_exports,
  encode(w: XdrWriter, v: exports): void {
    try {
      encode_exports(w, v);
    } catch (e) {
      xdrRethrow(e, 'exports');
    }
  },
  decode(r: XdrReader): exports {
    try {
      return decode_exports(r);
    } catch (e) {
      return xdrRethrow(e, 'exports');
    }
  },
};

/*
 * struct exportnode {
 *     dirpath ex_dir;
 *     groups  ex_groups;
 *     exports ex_next;
 * };
 */
/* exportnode is a list node: its 'ex_next' pointer is represented by the array that holds it. */
export interface exportnode {
  ex_dir: dirpath;
  ex_groups: groups;
}

const paths_exportnode = ['.ex_dir', '.ex_groups'];

export function decode_exportnode(r: XdrReader): exportnode {
  let at = 0;
  try {
    const f0 = r.varOpaque(1024);
    at = 1;
    const f1 = h$list_groupnode.decode(r);
    return { ex_dir: f0, ex_groups: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_exportnode[at]!);
  }
}

export function encode_exportnode(w: XdrWriter, v: exportnode): void {
  let at = 0;
  try {
    w.varOpaque(v.ex_dir, 1024);
    at = 1;
    h$list_groupnode.encode(w, v.ex_groups);
  } catch (e) {
    xdrRethrow(e, paths_exportnode[at]!);
  }
}

export function sizeof_exportnode(v: exportnode): number {
  return 0 + (4 + ((v.ex_dir.length + 3) & ~3)) + h$list_groupnode.size(v.ex_groups);
}

export const codec_exportnode: XdrCodec<exportnode> = {
  name: 'exportnode',
  size: sizeof_exportnode,
  encode(w: XdrWriter, v: exportnode): void {
    try {
      encode_exportnode(w, v);
    } catch (e) {
      xdrRethrow(e, 'exportnode');
    }
  },
  decode(r: XdrReader): exportnode {
    try {
      return decode_exportnode(r);
    } catch (e) {
      return xdrRethrow(e, 'exportnode');
    }
  },
};

/*
 * program MOUNT_PROGRAM {
 *     version MOUNT_V3 {
 *         void      MOUNTPROC3_NULL(void)    = 0;
 *         mountres3 MOUNTPROC3_MNT(dirpath)  = 1;
 *         mountlist MOUNTPROC3_DUMP(void)    = 2;
 *         void      MOUNTPROC3_UMNT(dirpath) = 3;
 *         void      MOUNTPROC3_UMNTALL(void) = 4;
 *         exports   MOUNTPROC3_EXPORT(void)  = 5;
 *     } = 3;
 * } = 100005;
 */
export const MOUNT_PROGRAM = 100005;
export const MOUNT_V3 = 3;
export const MOUNTPROC3_NULL = 0;
export const MOUNTPROC3_MNT = 1;
export const MOUNTPROC3_DUMP = 2;
export const MOUNTPROC3_UMNT = 3;
export const MOUNTPROC3_UMNTALL = 4;
export const MOUNTPROC3_EXPORT = 5;

export const program_MOUNT_PROGRAM = {
  name: 'MOUNT_PROGRAM',
  number: 100005,
  versions: {
    MOUNT_V3: {
      name: 'MOUNT_V3',
      number: 3,
      procedures: {
        MOUNTPROC3_NULL: { name: 'MOUNTPROC3_NULL', number: 0, args: voidCodec, result: voidCodec },
        MOUNTPROC3_MNT: { name: 'MOUNTPROC3_MNT', number: 1, args: codec_dirpath, result: codec_mountres3 },
        MOUNTPROC3_DUMP: { name: 'MOUNTPROC3_DUMP', number: 2, args: voidCodec, result: codec_mountlist },
        MOUNTPROC3_UMNT: { name: 'MOUNTPROC3_UMNT', number: 3, args: codec_dirpath, result: voidCodec },
        MOUNTPROC3_UMNTALL: { name: 'MOUNTPROC3_UMNTALL', number: 4, args: voidCodec, result: voidCodec },
        MOUNTPROC3_EXPORT: { name: 'MOUNTPROC3_EXPORT', number: 5, args: voidCodec, result: codec_exports },
      },
    },
  },
} as const satisfies XdrProgram;

const h$varrayu_int = {
  decode(r: XdrReader): number[] {
    const n = r.arrayLength(undefined, 4);
    const a = new Array<number>(n);
    let i = 0;
    try {
      for (; i < n; i++) a[i] = r.int();
    } catch (e) {
      return xdrRethrow(e, `[${i}]`);
    }
    return a;
  },
  encode(w: XdrWriter, v: readonly number[]): void {
    w.arrayLength(v.length, undefined);
    let i = 0;
    try {
      for (; i < v.length; i++) w.int(v[i]!);
    } catch (e) {
      xdrRethrow(e, `[${i}]`);
    }
  },
  size(v: readonly number[]): number {
    return 4 + v.length * 4;
  },
};

/** Linked list of mountbody (RFC 4506 section 4.19), decoded iteratively into an array. */
const h$list_mountbody = {
  decode(r: XdrReader): mountbody[] {
    const a: mountbody[] = [];
    let i = 0;
    try {
      while (r.bool()) {
        r.listItem(i);
        a.push(decode_mountbody(r));
        i++;
      }
    } catch (e) {
      return xdrRethrow(e, `[${i}]`);
    }
    return a;
  },
  encode(w: XdrWriter, v: readonly mountbody[]): void {
    let i = 0;
    try {
      for (; i < v.length; i++) {
        w.bool(true);
        encode_mountbody(w, v[i]!);
      }
    } catch (e) {
      xdrRethrow(e, `[${i}]`);
    }
    w.bool(false);
  },
  size(v: readonly mountbody[]): number {
    let s = 4; for (let i = 0; i < v.length; i++) s += 4 + sizeof_mountbody(v[i]!); return s;
  },
};

/** Linked list of groupnode (RFC 4506 section 4.19), decoded iteratively into an array. */
const h$list_groupnode = {
  decode(r: XdrReader): groupnode[] {
    const a: groupnode[] = [];
    let i = 0;
    try {
      while (r.bool()) {
        r.listItem(i);
        a.push(decode_groupnode(r));
        i++;
      }
    } catch (e) {
      return xdrRethrow(e, `[${i}]`);
    }
    return a;
  },
  encode(w: XdrWriter, v: readonly groupnode[]): void {
    let i = 0;
    try {
      for (; i < v.length; i++) {
        w.bool(true);
        encode_groupnode(w, v[i]!);
      }
    } catch (e) {
      xdrRethrow(e, `[${i}]`);
    }
    w.bool(false);
  },
  size(v: readonly groupnode[]): number {
    let s = 4; for (let i = 0; i < v.length; i++) s += 4 + sizeof_groupnode(v[i]!); return s;
  },
};

/** Linked list of exportnode (RFC 4506 section 4.19), decoded iteratively into an array. */
const h$list_exportnode = {
  decode(r: XdrReader): exportnode[] {
    const a: exportnode[] = [];
    let i = 0;
    try {
      while (r.bool()) {
        r.listItem(i);
        a.push(decode_exportnode(r));
        i++;
      }
    } catch (e) {
      return xdrRethrow(e, `[${i}]`);
    }
    return a;
  },
  encode(w: XdrWriter, v: readonly exportnode[]): void {
    let i = 0;
    try {
      for (; i < v.length; i++) {
        w.bool(true);
        encode_exportnode(w, v[i]!);
      }
    } catch (e) {
      xdrRethrow(e, `[${i}]`);
    }
    w.bool(false);
  },
  size(v: readonly exportnode[]): number {
    let s = 4; for (let i = 0; i < v.length; i++) s += 4 + sizeof_exportnode(v[i]!); return s;
  },
};
