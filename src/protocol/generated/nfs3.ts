// Generated from xdr-specs/nfs3.x by @nfs/rpc-xdr (xdrgen). DO NOT EDIT.
// Change the .x file and run `npm run gen`; a test fails when this file is stale.
/* eslint-disable */
import type { XdrCodec, XdrProgram, XdrReader, XdrWriter } from '@nfs/rpc-xdr';
import { xdrRethrow, voidCodec, intCodec, uintCodec, hyperCodec, uhyperCodec, floatCodec, doubleCodec, boolCodec } from '@nfs/rpc-xdr';

void [xdrRethrow, voidCodec, intCodec, uintCodec, hyperCodec, uhyperCodec, floatCodec, doubleCodec, boolCodec];

/*
 * const NFS3_FHSIZE         = 64;
 */
export const NFS3_FHSIZE = 64;

/*
 * const NFS3_COOKIEVERFSIZE = 8;
 */
export const NFS3_COOKIEVERFSIZE = 8;

/*
 * const NFS3_CREATEVERFSIZE = 8;
 */
export const NFS3_CREATEVERFSIZE = 8;

/*
 * const NFS3_WRITEVERFSIZE  = 8;
 */
export const NFS3_WRITEVERFSIZE = 8;

/*
 * const ACCESS3_READ    = 0x0001;
 */
export const ACCESS3_READ = 1;

/*
 * const ACCESS3_LOOKUP  = 0x0002;
 */
export const ACCESS3_LOOKUP = 2;

/*
 * const ACCESS3_MODIFY  = 0x0004;
 */
export const ACCESS3_MODIFY = 4;

/*
 * const ACCESS3_EXTEND  = 0x0008;
 */
export const ACCESS3_EXTEND = 8;

/*
 * const ACCESS3_DELETE  = 0x0010;
 */
export const ACCESS3_DELETE = 16;

/*
 * const ACCESS3_EXECUTE = 0x0020;
 */
export const ACCESS3_EXECUTE = 32;

/*
 * const FSF3_LINK        = 0x0001;
 */
export const FSF3_LINK = 1;

/*
 * const FSF3_SYMLINK     = 0x0002;
 */
export const FSF3_SYMLINK = 2;

/*
 * const FSF3_HOMOGENEOUS = 0x0008;
 */
export const FSF3_HOMOGENEOUS = 8;

/*
 * const FSF3_CANSETTIME  = 0x0010;
 */
export const FSF3_CANSETTIME = 16;

/*
 * typedef unsigned hyper uint64;
 */
export type uint64 = bigint;

export function decode_uint64(r: XdrReader): uint64 {
  return r.uhyper();
}

export function encode_uint64(w: XdrWriter, v: uint64): void {
  w.uhyper(v);
}

export function sizeof_uint64(_v: uint64): number {
  return 8;
}

export const codec_uint64: XdrCodec<uint64> = {
  name: 'uint64',
  size: sizeof_uint64,
  encode(w: XdrWriter, v: uint64): void {
    try {
      encode_uint64(w, v);
    } catch (e) {
      xdrRethrow(e, 'uint64');
    }
  },
  decode(r: XdrReader): uint64 {
    try {
      return decode_uint64(r);
    } catch (e) {
      return xdrRethrow(e, 'uint64');
    }
  },
};

/*
 * typedef hyper          int64;
 */
export type int64 = bigint;

export function decode_int64(r: XdrReader): int64 {
  return r.hyper();
}

export function encode_int64(w: XdrWriter, v: int64): void {
  w.hyper(v);
}

export function sizeof_int64(_v: int64): number {
  return 8;
}

export const codec_int64: XdrCodec<int64> = {
  name: 'int64',
  size: sizeof_int64,
  encode(w: XdrWriter, v: int64): void {
    try {
      encode_int64(w, v);
    } catch (e) {
      xdrRethrow(e, 'int64');
    }
  },
  decode(r: XdrReader): int64 {
    try {
      return decode_int64(r);
    } catch (e) {
      return xdrRethrow(e, 'int64');
    }
  },
};

/*
 * typedef unsigned int   uint32;
 */
export type uint32 = number;

export function decode_uint32(r: XdrReader): uint32 {
  return r.uint();
}

export function encode_uint32(w: XdrWriter, v: uint32): void {
  w.uint(v);
}

export function sizeof_uint32(_v: uint32): number {
  return 4;
}

export const codec_uint32: XdrCodec<uint32> = {
  name: 'uint32',
  size: sizeof_uint32,
  encode(w: XdrWriter, v: uint32): void {
    try {
      encode_uint32(w, v);
    } catch (e) {
      xdrRethrow(e, 'uint32');
    }
  },
  decode(r: XdrReader): uint32 {
    try {
      return decode_uint32(r);
    } catch (e) {
      return xdrRethrow(e, 'uint32');
    }
  },
};

/*
 * typedef int            int32;
 */
export type int32 = number;

export function decode_int32(r: XdrReader): int32 {
  return r.int();
}

export function encode_int32(w: XdrWriter, v: int32): void {
  w.int(v);
}

export function sizeof_int32(_v: int32): number {
  return 4;
}

export const codec_int32: XdrCodec<int32> = {
  name: 'int32',
  size: sizeof_int32,
  encode(w: XdrWriter, v: int32): void {
    try {
      encode_int32(w, v);
    } catch (e) {
      xdrRethrow(e, 'int32');
    }
  },
  decode(r: XdrReader): int32 {
    try {
      return decode_int32(r);
    } catch (e) {
      return xdrRethrow(e, 'int32');
    }
  },
};

/*
 * typedef string         filename3<>;
 */
export type filename3 = Buffer;

export function decode_filename3(r: XdrReader): filename3 {
  return r.varOpaque(undefined);
}

export function encode_filename3(w: XdrWriter, v: filename3): void {
  w.varOpaque(v, undefined);
}

export function sizeof_filename3(v: filename3): number {
  return (4 + ((v.length + 3) & ~3));
}

export const codec_filename3: XdrCodec<filename3> = {
  name: 'filename3',
  size: sizeof_filename3,
  encode(w: XdrWriter, v: filename3): void {
    try {
      encode_filename3(w, v);
    } catch (e) {
      xdrRethrow(e, 'filename3');
    }
  },
  decode(r: XdrReader): filename3 {
    try {
      return decode_filename3(r);
    } catch (e) {
      return xdrRethrow(e, 'filename3');
    }
  },
};

/*
 * typedef string         nfspath3<>;
 */
export type nfspath3 = Buffer;

export function decode_nfspath3(r: XdrReader): nfspath3 {
  return r.varOpaque(undefined);
}

export function encode_nfspath3(w: XdrWriter, v: nfspath3): void {
  w.varOpaque(v, undefined);
}

export function sizeof_nfspath3(v: nfspath3): number {
  return (4 + ((v.length + 3) & ~3));
}

export const codec_nfspath3: XdrCodec<nfspath3> = {
  name: 'nfspath3',
  size: sizeof_nfspath3,
  encode(w: XdrWriter, v: nfspath3): void {
    try {
      encode_nfspath3(w, v);
    } catch (e) {
      xdrRethrow(e, 'nfspath3');
    }
  },
  decode(r: XdrReader): nfspath3 {
    try {
      return decode_nfspath3(r);
    } catch (e) {
      return xdrRethrow(e, 'nfspath3');
    }
  },
};

/*
 * typedef uint64         fileid3;
 */
export type fileid3 = uint64;

export function decode_fileid3(r: XdrReader): fileid3 {
  return r.uhyper();
}

export function encode_fileid3(w: XdrWriter, v: fileid3): void {
  w.uhyper(v);
}

export function sizeof_fileid3(_v: fileid3): number {
  return 8;
}

export const codec_fileid3: XdrCodec<fileid3> = {
  name: 'fileid3',
  size: sizeof_fileid3,
  encode(w: XdrWriter, v: fileid3): void {
    try {
      encode_fileid3(w, v);
    } catch (e) {
      xdrRethrow(e, 'fileid3');
    }
  },
  decode(r: XdrReader): fileid3 {
    try {
      return decode_fileid3(r);
    } catch (e) {
      return xdrRethrow(e, 'fileid3');
    }
  },
};

/*
 * typedef uint64         cookie3;
 */
export type cookie3 = uint64;

export function decode_cookie3(r: XdrReader): cookie3 {
  return r.uhyper();
}

export function encode_cookie3(w: XdrWriter, v: cookie3): void {
  w.uhyper(v);
}

export function sizeof_cookie3(_v: cookie3): number {
  return 8;
}

export const codec_cookie3: XdrCodec<cookie3> = {
  name: 'cookie3',
  size: sizeof_cookie3,
  encode(w: XdrWriter, v: cookie3): void {
    try {
      encode_cookie3(w, v);
    } catch (e) {
      xdrRethrow(e, 'cookie3');
    }
  },
  decode(r: XdrReader): cookie3 {
    try {
      return decode_cookie3(r);
    } catch (e) {
      return xdrRethrow(e, 'cookie3');
    }
  },
};

/*
 * typedef opaque         cookieverf3[NFS3_COOKIEVERFSIZE];
 */
export type cookieverf3 = Buffer;

export function decode_cookieverf3(r: XdrReader): cookieverf3 {
  return r.fixedOpaque(8);
}

export function encode_cookieverf3(w: XdrWriter, v: cookieverf3): void {
  w.fixedOpaque(v, 8);
}

export function sizeof_cookieverf3(_v: cookieverf3): number {
  return 8;
}

export const codec_cookieverf3: XdrCodec<cookieverf3> = {
  name: 'cookieverf3',
  size: sizeof_cookieverf3,
  encode(w: XdrWriter, v: cookieverf3): void {
    try {
      encode_cookieverf3(w, v);
    } catch (e) {
      xdrRethrow(e, 'cookieverf3');
    }
  },
  decode(r: XdrReader): cookieverf3 {
    try {
      return decode_cookieverf3(r);
    } catch (e) {
      return xdrRethrow(e, 'cookieverf3');
    }
  },
};

/*
 * typedef opaque         createverf3[NFS3_CREATEVERFSIZE];
 */
export type createverf3 = Buffer;

export function decode_createverf3(r: XdrReader): createverf3 {
  return r.fixedOpaque(8);
}

export function encode_createverf3(w: XdrWriter, v: createverf3): void {
  w.fixedOpaque(v, 8);
}

export function sizeof_createverf3(_v: createverf3): number {
  return 8;
}

export const codec_createverf3: XdrCodec<createverf3> = {
  name: 'createverf3',
  size: sizeof_createverf3,
  encode(w: XdrWriter, v: createverf3): void {
    try {
      encode_createverf3(w, v);
    } catch (e) {
      xdrRethrow(e, 'createverf3');
    }
  },
  decode(r: XdrReader): createverf3 {
    try {
      return decode_createverf3(r);
    } catch (e) {
      return xdrRethrow(e, 'createverf3');
    }
  },
};

/*
 * typedef opaque         writeverf3[NFS3_WRITEVERFSIZE];
 */
export type writeverf3 = Buffer;

export function decode_writeverf3(r: XdrReader): writeverf3 {
  return r.fixedOpaque(8);
}

export function encode_writeverf3(w: XdrWriter, v: writeverf3): void {
  w.fixedOpaque(v, 8);
}

export function sizeof_writeverf3(_v: writeverf3): number {
  return 8;
}

export const codec_writeverf3: XdrCodec<writeverf3> = {
  name: 'writeverf3',
  size: sizeof_writeverf3,
  encode(w: XdrWriter, v: writeverf3): void {
    try {
      encode_writeverf3(w, v);
    } catch (e) {
      xdrRethrow(e, 'writeverf3');
    }
  },
  decode(r: XdrReader): writeverf3 {
    try {
      return decode_writeverf3(r);
    } catch (e) {
      return xdrRethrow(e, 'writeverf3');
    }
  },
};

/*
 * typedef uint32         uid3;
 */
export type uid3 = uint32;

export function decode_uid3(r: XdrReader): uid3 {
  return r.uint();
}

export function encode_uid3(w: XdrWriter, v: uid3): void {
  w.uint(v);
}

export function sizeof_uid3(_v: uid3): number {
  return 4;
}

export const codec_uid3: XdrCodec<uid3> = {
  name: 'uid3',
  size: sizeof_uid3,
  encode(w: XdrWriter, v: uid3): void {
    try {
      encode_uid3(w, v);
    } catch (e) {
      xdrRethrow(e, 'uid3');
    }
  },
  decode(r: XdrReader): uid3 {
    try {
      return decode_uid3(r);
    } catch (e) {
      return xdrRethrow(e, 'uid3');
    }
  },
};

/*
 * typedef uint32         gid3;
 */
export type gid3 = uint32;

export function decode_gid3(r: XdrReader): gid3 {
  return r.uint();
}

export function encode_gid3(w: XdrWriter, v: gid3): void {
  w.uint(v);
}

export function sizeof_gid3(_v: gid3): number {
  return 4;
}

export const codec_gid3: XdrCodec<gid3> = {
  name: 'gid3',
  size: sizeof_gid3,
  encode(w: XdrWriter, v: gid3): void {
    try {
      encode_gid3(w, v);
    } catch (e) {
      xdrRethrow(e, 'gid3');
    }
  },
  decode(r: XdrReader): gid3 {
    try {
      return decode_gid3(r);
    } catch (e) {
      return xdrRethrow(e, 'gid3');
    }
  },
};

/*
 * typedef uint64         size3;
 */
export type size3 = uint64;

export function decode_size3(r: XdrReader): size3 {
  return r.uhyper();
}

export function encode_size3(w: XdrWriter, v: size3): void {
  w.uhyper(v);
}

export function sizeof_size3(_v: size3): number {
  return 8;
}

export const codec_size3: XdrCodec<size3> = {
  name: 'size3',
  size: sizeof_size3,
  encode(w: XdrWriter, v: size3): void {
    try {
      encode_size3(w, v);
    } catch (e) {
      xdrRethrow(e, 'size3');
    }
  },
  decode(r: XdrReader): size3 {
    try {
      return decode_size3(r);
    } catch (e) {
      return xdrRethrow(e, 'size3');
    }
  },
};

/*
 * typedef uint64         offset3;
 */
export type offset3 = uint64;

export function decode_offset3(r: XdrReader): offset3 {
  return r.uhyper();
}

export function encode_offset3(w: XdrWriter, v: offset3): void {
  w.uhyper(v);
}

export function sizeof_offset3(_v: offset3): number {
  return 8;
}

export const codec_offset3: XdrCodec<offset3> = {
  name: 'offset3',
  size: sizeof_offset3,
  encode(w: XdrWriter, v: offset3): void {
    try {
      encode_offset3(w, v);
    } catch (e) {
      xdrRethrow(e, 'offset3');
    }
  },
  decode(r: XdrReader): offset3 {
    try {
      return decode_offset3(r);
    } catch (e) {
      return xdrRethrow(e, 'offset3');
    }
  },
};

/*
 * typedef uint32         mode3;
 */
export type mode3 = uint32;

export function decode_mode3(r: XdrReader): mode3 {
  return r.uint();
}

export function encode_mode3(w: XdrWriter, v: mode3): void {
  w.uint(v);
}

export function sizeof_mode3(_v: mode3): number {
  return 4;
}

export const codec_mode3: XdrCodec<mode3> = {
  name: 'mode3',
  size: sizeof_mode3,
  encode(w: XdrWriter, v: mode3): void {
    try {
      encode_mode3(w, v);
    } catch (e) {
      xdrRethrow(e, 'mode3');
    }
  },
  decode(r: XdrReader): mode3 {
    try {
      return decode_mode3(r);
    } catch (e) {
      return xdrRethrow(e, 'mode3');
    }
  },
};

/*
 * typedef uint32         count3;
 */
export type count3 = uint32;

export function decode_count3(r: XdrReader): count3 {
  return r.uint();
}

export function encode_count3(w: XdrWriter, v: count3): void {
  w.uint(v);
}

export function sizeof_count3(_v: count3): number {
  return 4;
}

export const codec_count3: XdrCodec<count3> = {
  name: 'count3',
  size: sizeof_count3,
  encode(w: XdrWriter, v: count3): void {
    try {
      encode_count3(w, v);
    } catch (e) {
      xdrRethrow(e, 'count3');
    }
  },
  decode(r: XdrReader): count3 {
    try {
      return decode_count3(r);
    } catch (e) {
      return xdrRethrow(e, 'count3');
    }
  },
};

/*
 * enum nfsstat3 {
 *     NFS3_OK             = 0,
 *     NFS3ERR_PERM        = 1,
 *     NFS3ERR_NOENT       = 2,
 *     NFS3ERR_IO          = 5,
 *     NFS3ERR_NXIO        = 6,
 *     NFS3ERR_ACCES       = 13,
 *     NFS3ERR_EXIST       = 17,
 *     NFS3ERR_XDEV        = 18,
 *     NFS3ERR_NODEV       = 19,
 *     NFS3ERR_NOTDIR      = 20,
 *     NFS3ERR_ISDIR       = 21,
 *     NFS3ERR_INVAL       = 22,
 *     NFS3ERR_FBIG        = 27,
 *     NFS3ERR_NOSPC       = 28,
 *     NFS3ERR_ROFS        = 30,
 *     NFS3ERR_MLINK       = 31,
 *     NFS3ERR_NAMETOOLONG = 63,
 *     NFS3ERR_NOTEMPTY    = 66,
 *     NFS3ERR_DQUOT       = 69,
 *     NFS3ERR_STALE       = 70,
 *     NFS3ERR_REMOTE      = 71,
 *     NFS3ERR_BADHANDLE   = 10001,
 *     NFS3ERR_NOT_SYNC    = 10002,
 *     NFS3ERR_BAD_COOKIE  = 10003,
 *     NFS3ERR_NOTSUPP     = 10004,
 *     NFS3ERR_TOOSMALL    = 10005,
 *     NFS3ERR_SERVERFAULT = 10006,
 *     NFS3ERR_BADTYPE     = 10007,
 *     NFS3ERR_JUKEBOX     = 10008
 * };
 */
export type nfsstat3 = 0 | 1 | 2 | 5 | 6 | 13 | 17 | 18 | 19 | 20 | 21 | 22 | 27 | 28 | 30 | 31 | 63 | 66 | 69 | 70 | 71 | 10001 | 10002 | 10003 | 10004 | 10005 | 10006 | 10007 | 10008;
export const NFS3_OK = 0;
export const NFS3ERR_PERM = 1;
export const NFS3ERR_NOENT = 2;
export const NFS3ERR_IO = 5;
export const NFS3ERR_NXIO = 6;
export const NFS3ERR_ACCES = 13;
export const NFS3ERR_EXIST = 17;
export const NFS3ERR_XDEV = 18;
export const NFS3ERR_NODEV = 19;
export const NFS3ERR_NOTDIR = 20;
export const NFS3ERR_ISDIR = 21;
export const NFS3ERR_INVAL = 22;
export const NFS3ERR_FBIG = 27;
export const NFS3ERR_NOSPC = 28;
export const NFS3ERR_ROFS = 30;
export const NFS3ERR_MLINK = 31;
export const NFS3ERR_NAMETOOLONG = 63;
export const NFS3ERR_NOTEMPTY = 66;
export const NFS3ERR_DQUOT = 69;
export const NFS3ERR_STALE = 70;
export const NFS3ERR_REMOTE = 71;
export const NFS3ERR_BADHANDLE = 10001;
export const NFS3ERR_NOT_SYNC = 10002;
export const NFS3ERR_BAD_COOKIE = 10003;
export const NFS3ERR_NOTSUPP = 10004;
export const NFS3ERR_TOOSMALL = 10005;
export const NFS3ERR_SERVERFAULT = 10006;
export const NFS3ERR_BADTYPE = 10007;
export const NFS3ERR_JUKEBOX = 10008;
export const names_nfsstat3: Readonly<Record<number, string>> = {
  "0": 'NFS3_OK',
  "1": 'NFS3ERR_PERM',
  "2": 'NFS3ERR_NOENT',
  "5": 'NFS3ERR_IO',
  "6": 'NFS3ERR_NXIO',
  "13": 'NFS3ERR_ACCES',
  "17": 'NFS3ERR_EXIST',
  "18": 'NFS3ERR_XDEV',
  "19": 'NFS3ERR_NODEV',
  "20": 'NFS3ERR_NOTDIR',
  "21": 'NFS3ERR_ISDIR',
  "22": 'NFS3ERR_INVAL',
  "27": 'NFS3ERR_FBIG',
  "28": 'NFS3ERR_NOSPC',
  "30": 'NFS3ERR_ROFS',
  "31": 'NFS3ERR_MLINK',
  "63": 'NFS3ERR_NAMETOOLONG',
  "66": 'NFS3ERR_NOTEMPTY',
  "69": 'NFS3ERR_DQUOT',
  "70": 'NFS3ERR_STALE',
  "71": 'NFS3ERR_REMOTE',
  "10001": 'NFS3ERR_BADHANDLE',
  "10002": 'NFS3ERR_NOT_SYNC',
  "10003": 'NFS3ERR_BAD_COOKIE',
  "10004": 'NFS3ERR_NOTSUPP',
  "10005": 'NFS3ERR_TOOSMALL',
  "10006": 'NFS3ERR_SERVERFAULT',
  "10007": 'NFS3ERR_BADTYPE',
  "10008": 'NFS3ERR_JUKEBOX',
};

export function decode_nfsstat3(r: XdrReader): nfsstat3 {
  const v = r.int();
  switch (v) {
    case 0: case 1: case 2: case 5: case 6: case 13: case 17: case 18: case 19: case 20: case 21: case 22: case 27: case 28: case 30: case 31: case 63: case 66: case 69: case 70: case 71: case 10001: case 10002: case 10003: case 10004: case 10005: case 10006: case 10007: case 10008:
      return v as nfsstat3;
    default:
      throw r.badEnum('nfsstat3', v);
  }
}

export function encode_nfsstat3(w: XdrWriter, v: nfsstat3): void {
  switch (v) {
    case 0: case 1: case 2: case 5: case 6: case 13: case 17: case 18: case 19: case 20: case 21: case 22: case 27: case 28: case 30: case 31: case 63: case 66: case 69: case 70: case 71: case 10001: case 10002: case 10003: case 10004: case 10005: case 10006: case 10007: case 10008:
      w.int(v);
      return;
    default:
      throw w.badEnum('nfsstat3', v);
  }
}

export function sizeof_nfsstat3(_v: nfsstat3): number {
  return 4;
}

export const codec_nfsstat3: XdrCodec<nfsstat3> = {
  name: 'nfsstat3',
  size: sizeof_nfsstat3,
  encode(w: XdrWriter, v: nfsstat3): void {
    try {
      encode_nfsstat3(w, v);
    } catch (e) {
      xdrRethrow(e, 'nfsstat3');
    }
  },
  decode(r: XdrReader): nfsstat3 {
    try {
      return decode_nfsstat3(r);
    } catch (e) {
      return xdrRethrow(e, 'nfsstat3');
    }
  },
};

/*
 * enum ftype3 {
 *     NF3REG  = 1,
 *     NF3DIR  = 2,
 *     NF3BLK  = 3,
 *     NF3CHR  = 4,
 *     NF3LNK  = 5,
 *     NF3SOCK = 6,
 *     NF3FIFO = 7
 * };
 */
export type ftype3 = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const NF3REG = 1;
export const NF3DIR = 2;
export const NF3BLK = 3;
export const NF3CHR = 4;
export const NF3LNK = 5;
export const NF3SOCK = 6;
export const NF3FIFO = 7;
export const names_ftype3: Readonly<Record<number, string>> = {
  "1": 'NF3REG',
  "2": 'NF3DIR',
  "3": 'NF3BLK',
  "4": 'NF3CHR',
  "5": 'NF3LNK',
  "6": 'NF3SOCK',
  "7": 'NF3FIFO',
};

export function decode_ftype3(r: XdrReader): ftype3 {
  const v = r.int();
  switch (v) {
    case 1: case 2: case 3: case 4: case 5: case 6: case 7:
      return v as ftype3;
    default:
      throw r.badEnum('ftype3', v);
  }
}

export function encode_ftype3(w: XdrWriter, v: ftype3): void {
  switch (v) {
    case 1: case 2: case 3: case 4: case 5: case 6: case 7:
      w.int(v);
      return;
    default:
      throw w.badEnum('ftype3', v);
  }
}

export function sizeof_ftype3(_v: ftype3): number {
  return 4;
}

export const codec_ftype3: XdrCodec<ftype3> = {
  name: 'ftype3',
  size: sizeof_ftype3,
  encode(w: XdrWriter, v: ftype3): void {
    try {
      encode_ftype3(w, v);
    } catch (e) {
      xdrRethrow(e, 'ftype3');
    }
  },
  decode(r: XdrReader): ftype3 {
    try {
      return decode_ftype3(r);
    } catch (e) {
      return xdrRethrow(e, 'ftype3');
    }
  },
};

/*
 * struct specdata3 {
 *     uint32 specdata1;
 *     uint32 specdata2;
 * };
 */
export interface specdata3 {
  specdata1: uint32;
  specdata2: uint32;
}

const paths_specdata3 = ['.specdata1', '.specdata2'];

export function decode_specdata3(r: XdrReader): specdata3 {
  let at = 0;
  try {
    const f0 = r.uint();
    at = 1;
    const f1 = r.uint();
    return { specdata1: f0, specdata2: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_specdata3[at]!);
  }
}

export function encode_specdata3(w: XdrWriter, v: specdata3): void {
  let at = 0;
  try {
    w.uint(v.specdata1);
    at = 1;
    w.uint(v.specdata2);
  } catch (e) {
    xdrRethrow(e, paths_specdata3[at]!);
  }
}

export function sizeof_specdata3(_v: specdata3): number {
  return 8;
}

export const codec_specdata3: XdrCodec<specdata3> = {
  name: 'specdata3',
  size: sizeof_specdata3,
  encode(w: XdrWriter, v: specdata3): void {
    try {
      encode_specdata3(w, v);
    } catch (e) {
      xdrRethrow(e, 'specdata3');
    }
  },
  decode(r: XdrReader): specdata3 {
    try {
      return decode_specdata3(r);
    } catch (e) {
      return xdrRethrow(e, 'specdata3');
    }
  },
};

/*
 * struct nfs_fh3 {
 *     opaque data<NFS3_FHSIZE>;
 * };
 */
export interface nfs_fh3 {
  data: Buffer;
}

const paths_nfs_fh3 = ['.data'];

export function decode_nfs_fh3(r: XdrReader): nfs_fh3 {
  try {
    const f0 = r.varOpaque(64);
    return { data: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_nfs_fh3[0]!);
  }
}

export function encode_nfs_fh3(w: XdrWriter, v: nfs_fh3): void {
  try {
    w.varOpaque(v.data, 64);
  } catch (e) {
    xdrRethrow(e, paths_nfs_fh3[0]!);
  }
}

export function sizeof_nfs_fh3(v: nfs_fh3): number {
  return 0 + (4 + ((v.data.length + 3) & ~3));
}

export const codec_nfs_fh3: XdrCodec<nfs_fh3> = {
  name: 'nfs_fh3',
  size: sizeof_nfs_fh3,
  encode(w: XdrWriter, v: nfs_fh3): void {
    try {
      encode_nfs_fh3(w, v);
    } catch (e) {
      xdrRethrow(e, 'nfs_fh3');
    }
  },
  decode(r: XdrReader): nfs_fh3 {
    try {
      return decode_nfs_fh3(r);
    } catch (e) {
      return xdrRethrow(e, 'nfs_fh3');
    }
  },
};

/*
 * struct nfstime3 {
 *     uint32 seconds;
 *     uint32 nseconds;
 * };
 */
export interface nfstime3 {
  seconds: uint32;
  nseconds: uint32;
}

const paths_nfstime3 = ['.seconds', '.nseconds'];

export function decode_nfstime3(r: XdrReader): nfstime3 {
  let at = 0;
  try {
    const f0 = r.uint();
    at = 1;
    const f1 = r.uint();
    return { seconds: f0, nseconds: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_nfstime3[at]!);
  }
}

export function encode_nfstime3(w: XdrWriter, v: nfstime3): void {
  let at = 0;
  try {
    w.uint(v.seconds);
    at = 1;
    w.uint(v.nseconds);
  } catch (e) {
    xdrRethrow(e, paths_nfstime3[at]!);
  }
}

export function sizeof_nfstime3(_v: nfstime3): number {
  return 8;
}

export const codec_nfstime3: XdrCodec<nfstime3> = {
  name: 'nfstime3',
  size: sizeof_nfstime3,
  encode(w: XdrWriter, v: nfstime3): void {
    try {
      encode_nfstime3(w, v);
    } catch (e) {
      xdrRethrow(e, 'nfstime3');
    }
  },
  decode(r: XdrReader): nfstime3 {
    try {
      return decode_nfstime3(r);
    } catch (e) {
      return xdrRethrow(e, 'nfstime3');
    }
  },
};

/*
 * struct fattr3 {
 *     ftype3    type;
 *     mode3     mode;
 *     uint32    nlink;
 *     uid3      uid;
 *     gid3      gid;
 *     size3     size;
 *     size3     used;
 *     specdata3 rdev;
 *     uint64    fsid;
 *     fileid3   fileid;
 *     nfstime3  atime;
 *     nfstime3  mtime;
 *     nfstime3  ctime;
 * };
 */
export interface fattr3 {
  type: ftype3;
  mode: mode3;
  nlink: uint32;
  uid: uid3;
  gid: gid3;
  size: size3;
  used: size3;
  rdev: specdata3;
  fsid: uint64;
  fileid: fileid3;
  atime: nfstime3;
  mtime: nfstime3;
  ctime: nfstime3;
}

const paths_fattr3 = ['.type', '.mode', '.nlink', '.uid', '.gid', '.size', '.used', '.rdev', '.fsid', '.fileid', '.atime', '.mtime', '.ctime'];

export function decode_fattr3(r: XdrReader): fattr3 {
  let at = 0;
  try {
    const f0 = decode_ftype3(r);
    at = 1;
    const f1 = r.uint();
    at = 2;
    const f2 = r.uint();
    at = 3;
    const f3 = r.uint();
    at = 4;
    const f4 = r.uint();
    at = 5;
    const f5 = r.uhyper();
    at = 6;
    const f6 = r.uhyper();
    at = 7;
    const f7 = decode_specdata3(r);
    at = 8;
    const f8 = r.uhyper();
    at = 9;
    const f9 = r.uhyper();
    at = 10;
    const f10 = decode_nfstime3(r);
    at = 11;
    const f11 = decode_nfstime3(r);
    at = 12;
    const f12 = decode_nfstime3(r);
    return { type: f0, mode: f1, nlink: f2, uid: f3, gid: f4, size: f5, used: f6, rdev: f7, fsid: f8, fileid: f9, atime: f10, mtime: f11, ctime: f12 };
  } catch (e) {
    return xdrRethrow(e, paths_fattr3[at]!);
  }
}

export function encode_fattr3(w: XdrWriter, v: fattr3): void {
  let at = 0;
  try {
    encode_ftype3(w, v.type);
    at = 1;
    w.uint(v.mode);
    at = 2;
    w.uint(v.nlink);
    at = 3;
    w.uint(v.uid);
    at = 4;
    w.uint(v.gid);
    at = 5;
    w.uhyper(v.size);
    at = 6;
    w.uhyper(v.used);
    at = 7;
    encode_specdata3(w, v.rdev);
    at = 8;
    w.uhyper(v.fsid);
    at = 9;
    w.uhyper(v.fileid);
    at = 10;
    encode_nfstime3(w, v.atime);
    at = 11;
    encode_nfstime3(w, v.mtime);
    at = 12;
    encode_nfstime3(w, v.ctime);
  } catch (e) {
    xdrRethrow(e, paths_fattr3[at]!);
  }
}

export function sizeof_fattr3(_v: fattr3): number {
  return 84;
}

export const codec_fattr3: XdrCodec<fattr3> = {
  name: 'fattr3',
  size: sizeof_fattr3,
  encode(w: XdrWriter, v: fattr3): void {
    try {
      encode_fattr3(w, v);
    } catch (e) {
      xdrRethrow(e, 'fattr3');
    }
  },
  decode(r: XdrReader): fattr3 {
    try {
      return decode_fattr3(r);
    } catch (e) {
      return xdrRethrow(e, 'fattr3');
    }
  },
};

/*
 * union post_op_attr switch (bool attributes_follow) {
 * case TRUE:
 *     fattr3 attributes;
 * case FALSE:
 *     void;
 * };
 */
export type post_op_attr =
  | { attributes_follow: true; attributes: fattr3 }
  | { attributes_follow: false };

export function decode_post_op_attr(r: XdrReader): post_op_attr {
  let d;
  try {
    d = r.bool();
  } catch (e) {
    return xdrRethrow(e, '.attributes_follow');
  }
  switch (d) {
    case true:
      try {
        return { attributes_follow: d as true, attributes: decode_fattr3(r) };
      } catch (e) {
        return xdrRethrow(e, '.attributes');
      }
    case false:
      return { attributes_follow: d as false };
    default:
      throw r.badArm('post_op_attr', d);
  }
}

export function encode_post_op_attr(w: XdrWriter, v: post_op_attr): void {
  try {
    w.bool(v.attributes_follow);
  } catch (e) {
    xdrRethrow(e, '.attributes_follow');
  }
  switch (v.attributes_follow) {
    case true:
      try {
        encode_fattr3(w, (v as { attributes: fattr3 }).attributes);
      } catch (e) {
        xdrRethrow(e, '.attributes');
      }
      return;
    case false:
      return;
    default:
      throw w.badArm('post_op_attr', (v as { attributes_follow: unknown }).attributes_follow);
  }
}

export function sizeof_post_op_attr(v: post_op_attr): number {
  switch (v.attributes_follow) {
    case true:
      return 4 + 84;
    case false:
      return 4;
    default:
      return 4;
  }
}

export const codec_post_op_attr: XdrCodec<post_op_attr> = {
  name: 'post_op_attr',
  size: sizeof_post_op_attr,
  encode(w: XdrWriter, v: post_op_attr): void {
    try {
      encode_post_op_attr(w, v);
    } catch (e) {
      xdrRethrow(e, 'post_op_attr');
    }
  },
  decode(r: XdrReader): post_op_attr {
    try {
      return decode_post_op_attr(r);
    } catch (e) {
      return xdrRethrow(e, 'post_op_attr');
    }
  },
};

/*
 * struct wcc_attr {
 *     size3    size;
 *     nfstime3 mtime;
 *     nfstime3 ctime;
 * };
 */
export interface wcc_attr {
  size: size3;
  mtime: nfstime3;
  ctime: nfstime3;
}

const paths_wcc_attr = ['.size', '.mtime', '.ctime'];

export function decode_wcc_attr(r: XdrReader): wcc_attr {
  let at = 0;
  try {
    const f0 = r.uhyper();
    at = 1;
    const f1 = decode_nfstime3(r);
    at = 2;
    const f2 = decode_nfstime3(r);
    return { size: f0, mtime: f1, ctime: f2 };
  } catch (e) {
    return xdrRethrow(e, paths_wcc_attr[at]!);
  }
}

export function encode_wcc_attr(w: XdrWriter, v: wcc_attr): void {
  let at = 0;
  try {
    w.uhyper(v.size);
    at = 1;
    encode_nfstime3(w, v.mtime);
    at = 2;
    encode_nfstime3(w, v.ctime);
  } catch (e) {
    xdrRethrow(e, paths_wcc_attr[at]!);
  }
}

export function sizeof_wcc_attr(_v: wcc_attr): number {
  return 24;
}

export const codec_wcc_attr: XdrCodec<wcc_attr> = {
  name: 'wcc_attr',
  size: sizeof_wcc_attr,
  encode(w: XdrWriter, v: wcc_attr): void {
    try {
      encode_wcc_attr(w, v);
    } catch (e) {
      xdrRethrow(e, 'wcc_attr');
    }
  },
  decode(r: XdrReader): wcc_attr {
    try {
      return decode_wcc_attr(r);
    } catch (e) {
      return xdrRethrow(e, 'wcc_attr');
    }
  },
};

/*
 * union pre_op_attr switch (bool attributes_follow) {
 * case TRUE:
 *     wcc_attr attributes;
 * case FALSE:
 *     void;
 * };
 */
export type pre_op_attr =
  | { attributes_follow: true; attributes: wcc_attr }
  | { attributes_follow: false };

export function decode_pre_op_attr(r: XdrReader): pre_op_attr {
  let d;
  try {
    d = r.bool();
  } catch (e) {
    return xdrRethrow(e, '.attributes_follow');
  }
  switch (d) {
    case true:
      try {
        return { attributes_follow: d as true, attributes: decode_wcc_attr(r) };
      } catch (e) {
        return xdrRethrow(e, '.attributes');
      }
    case false:
      return { attributes_follow: d as false };
    default:
      throw r.badArm('pre_op_attr', d);
  }
}

export function encode_pre_op_attr(w: XdrWriter, v: pre_op_attr): void {
  try {
    w.bool(v.attributes_follow);
  } catch (e) {
    xdrRethrow(e, '.attributes_follow');
  }
  switch (v.attributes_follow) {
    case true:
      try {
        encode_wcc_attr(w, (v as { attributes: wcc_attr }).attributes);
      } catch (e) {
        xdrRethrow(e, '.attributes');
      }
      return;
    case false:
      return;
    default:
      throw w.badArm('pre_op_attr', (v as { attributes_follow: unknown }).attributes_follow);
  }
}

export function sizeof_pre_op_attr(v: pre_op_attr): number {
  switch (v.attributes_follow) {
    case true:
      return 4 + 24;
    case false:
      return 4;
    default:
      return 4;
  }
}

export const codec_pre_op_attr: XdrCodec<pre_op_attr> = {
  name: 'pre_op_attr',
  size: sizeof_pre_op_attr,
  encode(w: XdrWriter, v: pre_op_attr): void {
    try {
      encode_pre_op_attr(w, v);
    } catch (e) {
      xdrRethrow(e, 'pre_op_attr');
    }
  },
  decode(r: XdrReader): pre_op_attr {
    try {
      return decode_pre_op_attr(r);
    } catch (e) {
      return xdrRethrow(e, 'pre_op_attr');
    }
  },
};

/*
 * struct wcc_data {
 *     pre_op_attr  before;
 *     post_op_attr after;
 * };
 */
export interface wcc_data {
  before: pre_op_attr;
  after: post_op_attr;
}

const paths_wcc_data = ['.before', '.after'];

export function decode_wcc_data(r: XdrReader): wcc_data {
  let at = 0;
  try {
    const f0 = decode_pre_op_attr(r);
    at = 1;
    const f1 = decode_post_op_attr(r);
    return { before: f0, after: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_wcc_data[at]!);
  }
}

export function encode_wcc_data(w: XdrWriter, v: wcc_data): void {
  let at = 0;
  try {
    encode_pre_op_attr(w, v.before);
    at = 1;
    encode_post_op_attr(w, v.after);
  } catch (e) {
    xdrRethrow(e, paths_wcc_data[at]!);
  }
}

export function sizeof_wcc_data(v: wcc_data): number {
  return 0 + sizeof_pre_op_attr(v.before) + sizeof_post_op_attr(v.after);
}

export const codec_wcc_data: XdrCodec<wcc_data> = {
  name: 'wcc_data',
  size: sizeof_wcc_data,
  encode(w: XdrWriter, v: wcc_data): void {
    try {
      encode_wcc_data(w, v);
    } catch (e) {
      xdrRethrow(e, 'wcc_data');
    }
  },
  decode(r: XdrReader): wcc_data {
    try {
      return decode_wcc_data(r);
    } catch (e) {
      return xdrRethrow(e, 'wcc_data');
    }
  },
};

/*
 * union post_op_fh3 switch (bool handle_follows) {
 * case TRUE:
 *     nfs_fh3 handle;
 * case FALSE:
 *     void;
 * };
 */
export type post_op_fh3 =
  | { handle_follows: true; handle: nfs_fh3 }
  | { handle_follows: false };

export function decode_post_op_fh3(r: XdrReader): post_op_fh3 {
  let d;
  try {
    d = r.bool();
  } catch (e) {
    return xdrRethrow(e, '.handle_follows');
  }
  switch (d) {
    case true:
      try {
        return { handle_follows: d as true, handle: decode_nfs_fh3(r) };
      } catch (e) {
        return xdrRethrow(e, '.handle');
      }
    case false:
      return { handle_follows: d as false };
    default:
      throw r.badArm('post_op_fh3', d);
  }
}

export function encode_post_op_fh3(w: XdrWriter, v: post_op_fh3): void {
  try {
    w.bool(v.handle_follows);
  } catch (e) {
    xdrRethrow(e, '.handle_follows');
  }
  switch (v.handle_follows) {
    case true:
      try {
        encode_nfs_fh3(w, (v as { handle: nfs_fh3 }).handle);
      } catch (e) {
        xdrRethrow(e, '.handle');
      }
      return;
    case false:
      return;
    default:
      throw w.badArm('post_op_fh3', (v as { handle_follows: unknown }).handle_follows);
  }
}

export function sizeof_post_op_fh3(v: post_op_fh3): number {
  switch (v.handle_follows) {
    case true:
      return 4 + sizeof_nfs_fh3((v as { handle: nfs_fh3 }).handle);
    case false:
      return 4;
    default:
      return 4;
  }
}

export const codec_post_op_fh3: XdrCodec<post_op_fh3> = {
  name: 'post_op_fh3',
  size: sizeof_post_op_fh3,
  encode(w: XdrWriter, v: post_op_fh3): void {
    try {
      encode_post_op_fh3(w, v);
    } catch (e) {
      xdrRethrow(e, 'post_op_fh3');
    }
  },
  decode(r: XdrReader): post_op_fh3 {
    try {
      return decode_post_op_fh3(r);
    } catch (e) {
      return xdrRethrow(e, 'post_op_fh3');
    }
  },
};

/*
 * enum time_how {
 *     DONT_CHANGE        = 0,
 *     SET_TO_SERVER_TIME = 1,
 *     SET_TO_CLIENT_TIME = 2
 * };
 */
export type time_how = 0 | 1 | 2;
export const DONT_CHANGE = 0;
export const SET_TO_SERVER_TIME = 1;
export const SET_TO_CLIENT_TIME = 2;
export const names_time_how: Readonly<Record<number, string>> = {
  "0": 'DONT_CHANGE',
  "1": 'SET_TO_SERVER_TIME',
  "2": 'SET_TO_CLIENT_TIME',
};

export function decode_time_how(r: XdrReader): time_how {
  const v = r.int();
  switch (v) {
    case 0: case 1: case 2:
      return v as time_how;
    default:
      throw r.badEnum('time_how', v);
  }
}

export function encode_time_how(w: XdrWriter, v: time_how): void {
  switch (v) {
    case 0: case 1: case 2:
      w.int(v);
      return;
    default:
      throw w.badEnum('time_how', v);
  }
}

export function sizeof_time_how(_v: time_how): number {
  return 4;
}

export const codec_time_how: XdrCodec<time_how> = {
  name: 'time_how',
  size: sizeof_time_how,
  encode(w: XdrWriter, v: time_how): void {
    try {
      encode_time_how(w, v);
    } catch (e) {
      xdrRethrow(e, 'time_how');
    }
  },
  decode(r: XdrReader): time_how {
    try {
      return decode_time_how(r);
    } catch (e) {
      return xdrRethrow(e, 'time_how');
    }
  },
};

/*
 * union set_mode3 switch (bool set_it) {
 * case TRUE:
 *     mode3 mode;
 * default:
 *     void;
 * };
 */
export type set_mode3 =
  | { set_it: true; mode: mode3 }
  | { set_it: Exclude<boolean, true> };

export function decode_set_mode3(r: XdrReader): set_mode3 {
  let d;
  try {
    d = r.bool();
  } catch (e) {
    return xdrRethrow(e, '.set_it');
  }
  switch (d) {
    case true:
      try {
        return { set_it: d as true, mode: r.uint() };
      } catch (e) {
        return xdrRethrow(e, '.mode');
      }
    default:
      return { set_it: d as Exclude<boolean, true> };
  }
}

export function encode_set_mode3(w: XdrWriter, v: set_mode3): void {
  try {
    w.bool(v.set_it);
  } catch (e) {
    xdrRethrow(e, '.set_it');
  }
  switch (v.set_it) {
    case true:
      try {
        w.uint((v as { mode: mode3 }).mode);
      } catch (e) {
        xdrRethrow(e, '.mode');
      }
      return;
    default:
      return;
  }
}

export function sizeof_set_mode3(v: set_mode3): number {
  switch (v.set_it) {
    case true:
      return 4 + 4;
    default:
      return 4;
  }
}

export const codec_set_mode3: XdrCodec<set_mode3> = {
  name: 'set_mode3',
  size: sizeof_set_mode3,
  encode(w: XdrWriter, v: set_mode3): void {
    try {
      encode_set_mode3(w, v);
    } catch (e) {
      xdrRethrow(e, 'set_mode3');
    }
  },
  decode(r: XdrReader): set_mode3 {
    try {
      return decode_set_mode3(r);
    } catch (e) {
      return xdrRethrow(e, 'set_mode3');
    }
  },
};

/*
 * union set_uid3 switch (bool set_it) {
 * case TRUE:
 *     uid3 uid;
 * default:
 *     void;
 * };
 */
export type set_uid3 =
  | { set_it: true; uid: uid3 }
  | { set_it: Exclude<boolean, true> };

export function decode_set_uid3(r: XdrReader): set_uid3 {
  let d;
  try {
    d = r.bool();
  } catch (e) {
    return xdrRethrow(e, '.set_it');
  }
  switch (d) {
    case true:
      try {
        return { set_it: d as true, uid: r.uint() };
      } catch (e) {
        return xdrRethrow(e, '.uid');
      }
    default:
      return { set_it: d as Exclude<boolean, true> };
  }
}

export function encode_set_uid3(w: XdrWriter, v: set_uid3): void {
  try {
    w.bool(v.set_it);
  } catch (e) {
    xdrRethrow(e, '.set_it');
  }
  switch (v.set_it) {
    case true:
      try {
        w.uint((v as { uid: uid3 }).uid);
      } catch (e) {
        xdrRethrow(e, '.uid');
      }
      return;
    default:
      return;
  }
}

export function sizeof_set_uid3(v: set_uid3): number {
  switch (v.set_it) {
    case true:
      return 4 + 4;
    default:
      return 4;
  }
}

export const codec_set_uid3: XdrCodec<set_uid3> = {
  name: 'set_uid3',
  size: sizeof_set_uid3,
  encode(w: XdrWriter, v: set_uid3): void {
    try {
      encode_set_uid3(w, v);
    } catch (e) {
      xdrRethrow(e, 'set_uid3');
    }
  },
  decode(r: XdrReader): set_uid3 {
    try {
      return decode_set_uid3(r);
    } catch (e) {
      return xdrRethrow(e, 'set_uid3');
    }
  },
};

/*
 * union set_gid3 switch (bool set_it) {
 * case TRUE:
 *     gid3 gid;
 * default:
 *     void;
 * };
 */
export type set_gid3 =
  | { set_it: true; gid: gid3 }
  | { set_it: Exclude<boolean, true> };

export function decode_set_gid3(r: XdrReader): set_gid3 {
  let d;
  try {
    d = r.bool();
  } catch (e) {
    return xdrRethrow(e, '.set_it');
  }
  switch (d) {
    case true:
      try {
        return { set_it: d as true, gid: r.uint() };
      } catch (e) {
        return xdrRethrow(e, '.gid');
      }
    default:
      return { set_it: d as Exclude<boolean, true> };
  }
}

export function encode_set_gid3(w: XdrWriter, v: set_gid3): void {
  try {
    w.bool(v.set_it);
  } catch (e) {
    xdrRethrow(e, '.set_it');
  }
  switch (v.set_it) {
    case true:
      try {
        w.uint((v as { gid: gid3 }).gid);
      } catch (e) {
        xdrRethrow(e, '.gid');
      }
      return;
    default:
      return;
  }
}

export function sizeof_set_gid3(v: set_gid3): number {
  switch (v.set_it) {
    case true:
      return 4 + 4;
    default:
      return 4;
  }
}

export const codec_set_gid3: XdrCodec<set_gid3> = {
  name: 'set_gid3',
  size: sizeof_set_gid3,
  encode(w: XdrWriter, v: set_gid3): void {
    try {
      encode_set_gid3(w, v);
    } catch (e) {
      xdrRethrow(e, 'set_gid3');
    }
  },
  decode(r: XdrReader): set_gid3 {
    try {
      return decode_set_gid3(r);
    } catch (e) {
      return xdrRethrow(e, 'set_gid3');
    }
  },
};

/*
 * union set_size3 switch (bool set_it) {
 * case TRUE:
 *     size3 size;
 * default:
 *     void;
 * };
 */
export type set_size3 =
  | { set_it: true; size: size3 }
  | { set_it: Exclude<boolean, true> };

export function decode_set_size3(r: XdrReader): set_size3 {
  let d;
  try {
    d = r.bool();
  } catch (e) {
    return xdrRethrow(e, '.set_it');
  }
  switch (d) {
    case true:
      try {
        return { set_it: d as true, size: r.uhyper() };
      } catch (e) {
        return xdrRethrow(e, '.size');
      }
    default:
      return { set_it: d as Exclude<boolean, true> };
  }
}

export function encode_set_size3(w: XdrWriter, v: set_size3): void {
  try {
    w.bool(v.set_it);
  } catch (e) {
    xdrRethrow(e, '.set_it');
  }
  switch (v.set_it) {
    case true:
      try {
        w.uhyper((v as { size: size3 }).size);
      } catch (e) {
        xdrRethrow(e, '.size');
      }
      return;
    default:
      return;
  }
}

export function sizeof_set_size3(v: set_size3): number {
  switch (v.set_it) {
    case true:
      return 4 + 8;
    default:
      return 4;
  }
}

export const codec_set_size3: XdrCodec<set_size3> = {
  name: 'set_size3',
  size: sizeof_set_size3,
  encode(w: XdrWriter, v: set_size3): void {
    try {
      encode_set_size3(w, v);
    } catch (e) {
      xdrRethrow(e, 'set_size3');
    }
  },
  decode(r: XdrReader): set_size3 {
    try {
      return decode_set_size3(r);
    } catch (e) {
      return xdrRethrow(e, 'set_size3');
    }
  },
};

/*
 * union set_atime switch (time_how set_it) {
 * case SET_TO_CLIENT_TIME:
 *     nfstime3 atime;
 * default:
 *     void;
 * };
 */
export type set_atime =
  | { set_it: 2; atime: nfstime3 }
  | { set_it: Exclude<time_how, 2> };

export function decode_set_atime(r: XdrReader): set_atime {
  let d;
  try {
    d = decode_time_how(r);
  } catch (e) {
    return xdrRethrow(e, '.set_it');
  }
  switch (d) {
    case 2:
      try {
        return { set_it: d as 2, atime: decode_nfstime3(r) };
      } catch (e) {
        return xdrRethrow(e, '.atime');
      }
    default:
      return { set_it: d as Exclude<time_how, 2> };
  }
}

export function encode_set_atime(w: XdrWriter, v: set_atime): void {
  try {
    encode_time_how(w, v.set_it);
  } catch (e) {
    xdrRethrow(e, '.set_it');
  }
  switch (v.set_it) {
    case 2:
      try {
        encode_nfstime3(w, (v as { atime: nfstime3 }).atime);
      } catch (e) {
        xdrRethrow(e, '.atime');
      }
      return;
    default:
      return;
  }
}

export function sizeof_set_atime(v: set_atime): number {
  switch (v.set_it) {
    case 2:
      return 4 + 8;
    default:
      return 4;
  }
}

export const codec_set_atime: XdrCodec<set_atime> = {
  name: 'set_atime',
  size: sizeof_set_atime,
  encode(w: XdrWriter, v: set_atime): void {
    try {
      encode_set_atime(w, v);
    } catch (e) {
      xdrRethrow(e, 'set_atime');
    }
  },
  decode(r: XdrReader): set_atime {
    try {
      return decode_set_atime(r);
    } catch (e) {
      return xdrRethrow(e, 'set_atime');
    }
  },
};

/*
 * union set_mtime switch (time_how set_it) {
 * case SET_TO_CLIENT_TIME:
 *     nfstime3 mtime;
 * default:
 *     void;
 * };
 */
export type set_mtime =
  | { set_it: 2; mtime: nfstime3 }
  | { set_it: Exclude<time_how, 2> };

export function decode_set_mtime(r: XdrReader): set_mtime {
  let d;
  try {
    d = decode_time_how(r);
  } catch (e) {
    return xdrRethrow(e, '.set_it');
  }
  switch (d) {
    case 2:
      try {
        return { set_it: d as 2, mtime: decode_nfstime3(r) };
      } catch (e) {
        return xdrRethrow(e, '.mtime');
      }
    default:
      return { set_it: d as Exclude<time_how, 2> };
  }
}

export function encode_set_mtime(w: XdrWriter, v: set_mtime): void {
  try {
    encode_time_how(w, v.set_it);
  } catch (e) {
    xdrRethrow(e, '.set_it');
  }
  switch (v.set_it) {
    case 2:
      try {
        encode_nfstime3(w, (v as { mtime: nfstime3 }).mtime);
      } catch (e) {
        xdrRethrow(e, '.mtime');
      }
      return;
    default:
      return;
  }
}

export function sizeof_set_mtime(v: set_mtime): number {
  switch (v.set_it) {
    case 2:
      return 4 + 8;
    default:
      return 4;
  }
}

export const codec_set_mtime: XdrCodec<set_mtime> = {
  name: 'set_mtime',
  size: sizeof_set_mtime,
  encode(w: XdrWriter, v: set_mtime): void {
    try {
      encode_set_mtime(w, v);
    } catch (e) {
      xdrRethrow(e, 'set_mtime');
    }
  },
  decode(r: XdrReader): set_mtime {
    try {
      return decode_set_mtime(r);
    } catch (e) {
      return xdrRethrow(e, 'set_mtime');
    }
  },
};

/*
 * struct sattr3 {
 *     set_mode3 mode;
 *     set_uid3  uid;
 *     set_gid3  gid;
 *     set_size3 size;
 *     set_atime atime;
 *     set_mtime mtime;
 * };
 */
export interface sattr3 {
  mode: set_mode3;
  uid: set_uid3;
  gid: set_gid3;
  size: set_size3;
  atime: set_atime;
  mtime: set_mtime;
}

const paths_sattr3 = ['.mode', '.uid', '.gid', '.size', '.atime', '.mtime'];

export function decode_sattr3(r: XdrReader): sattr3 {
  let at = 0;
  try {
    const f0 = decode_set_mode3(r);
    at = 1;
    const f1 = decode_set_uid3(r);
    at = 2;
    const f2 = decode_set_gid3(r);
    at = 3;
    const f3 = decode_set_size3(r);
    at = 4;
    const f4 = decode_set_atime(r);
    at = 5;
    const f5 = decode_set_mtime(r);
    return { mode: f0, uid: f1, gid: f2, size: f3, atime: f4, mtime: f5 };
  } catch (e) {
    return xdrRethrow(e, paths_sattr3[at]!);
  }
}

export function encode_sattr3(w: XdrWriter, v: sattr3): void {
  let at = 0;
  try {
    encode_set_mode3(w, v.mode);
    at = 1;
    encode_set_uid3(w, v.uid);
    at = 2;
    encode_set_gid3(w, v.gid);
    at = 3;
    encode_set_size3(w, v.size);
    at = 4;
    encode_set_atime(w, v.atime);
    at = 5;
    encode_set_mtime(w, v.mtime);
  } catch (e) {
    xdrRethrow(e, paths_sattr3[at]!);
  }
}

export function sizeof_sattr3(v: sattr3): number {
  return 0 + sizeof_set_mode3(v.mode) + sizeof_set_uid3(v.uid) + sizeof_set_gid3(v.gid) + sizeof_set_size3(v.size) + sizeof_set_atime(v.atime) + sizeof_set_mtime(v.mtime);
}

export const codec_sattr3: XdrCodec<sattr3> = {
  name: 'sattr3',
  size: sizeof_sattr3,
  encode(w: XdrWriter, v: sattr3): void {
    try {
      encode_sattr3(w, v);
    } catch (e) {
      xdrRethrow(e, 'sattr3');
    }
  },
  decode(r: XdrReader): sattr3 {
    try {
      return decode_sattr3(r);
    } catch (e) {
      return xdrRethrow(e, 'sattr3');
    }
  },
};

/*
 * struct diropargs3 {
 *     nfs_fh3   dir;
 *     filename3 name;
 * };
 */
export interface diropargs3 {
  dir: nfs_fh3;
  name: filename3;
}

const paths_diropargs3 = ['.dir', '.name'];

export function decode_diropargs3(r: XdrReader): diropargs3 {
  let at = 0;
  try {
    const f0 = decode_nfs_fh3(r);
    at = 1;
    const f1 = r.varOpaque(undefined);
    return { dir: f0, name: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_diropargs3[at]!);
  }
}

export function encode_diropargs3(w: XdrWriter, v: diropargs3): void {
  let at = 0;
  try {
    encode_nfs_fh3(w, v.dir);
    at = 1;
    w.varOpaque(v.name, undefined);
  } catch (e) {
    xdrRethrow(e, paths_diropargs3[at]!);
  }
}

export function sizeof_diropargs3(v: diropargs3): number {
  return 0 + sizeof_nfs_fh3(v.dir) + (4 + ((v.name.length + 3) & ~3));
}

export const codec_diropargs3: XdrCodec<diropargs3> = {
  name: 'diropargs3',
  size: sizeof_diropargs3,
  encode(w: XdrWriter, v: diropargs3): void {
    try {
      encode_diropargs3(w, v);
    } catch (e) {
      xdrRethrow(e, 'diropargs3');
    }
  },
  decode(r: XdrReader): diropargs3 {
    try {
      return decode_diropargs3(r);
    } catch (e) {
      return xdrRethrow(e, 'diropargs3');
    }
  },
};

/*
 * struct GETATTR3args {
 *     nfs_fh3 object;
 * };
 */
export interface GETATTR3args {
  object: nfs_fh3;
}

const paths_GETATTR3args = ['.object'];

export function decode_GETATTR3args(r: XdrReader): GETATTR3args {
  try {
    const f0 = decode_nfs_fh3(r);
    return { object: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_GETATTR3args[0]!);
  }
}

export function encode_GETATTR3args(w: XdrWriter, v: GETATTR3args): void {
  try {
    encode_nfs_fh3(w, v.object);
  } catch (e) {
    xdrRethrow(e, paths_GETATTR3args[0]!);
  }
}

export function sizeof_GETATTR3args(v: GETATTR3args): number {
  return 0 + sizeof_nfs_fh3(v.object);
}

export const codec_GETATTR3args: XdrCodec<GETATTR3args> = {
  name: 'GETATTR3args',
  size: sizeof_GETATTR3args,
  encode(w: XdrWriter, v: GETATTR3args): void {
    try {
      encode_GETATTR3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'GETATTR3args');
    }
  },
  decode(r: XdrReader): GETATTR3args {
    try {
      return decode_GETATTR3args(r);
    } catch (e) {
      return xdrRethrow(e, 'GETATTR3args');
    }
  },
};

/*
 * struct GETATTR3resok {
 *     fattr3 obj_attributes;
 * };
 */
export interface GETATTR3resok {
  obj_attributes: fattr3;
}

const paths_GETATTR3resok = ['.obj_attributes'];

export function decode_GETATTR3resok(r: XdrReader): GETATTR3resok {
  try {
    const f0 = decode_fattr3(r);
    return { obj_attributes: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_GETATTR3resok[0]!);
  }
}

export function encode_GETATTR3resok(w: XdrWriter, v: GETATTR3resok): void {
  try {
    encode_fattr3(w, v.obj_attributes);
  } catch (e) {
    xdrRethrow(e, paths_GETATTR3resok[0]!);
  }
}

export function sizeof_GETATTR3resok(_v: GETATTR3resok): number {
  return 84;
}

export const codec_GETATTR3resok: XdrCodec<GETATTR3resok> = {
  name: 'GETATTR3resok',
  size: sizeof_GETATTR3resok,
  encode(w: XdrWriter, v: GETATTR3resok): void {
    try {
      encode_GETATTR3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'GETATTR3resok');
    }
  },
  decode(r: XdrReader): GETATTR3resok {
    try {
      return decode_GETATTR3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'GETATTR3resok');
    }
  },
};

/*
 * union GETATTR3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     GETATTR3resok resok;
 * default:
 *     void;
 * };
 */
export type GETATTR3res =
  | { status: 0; resok: GETATTR3resok }
  | { status: Exclude<nfsstat3, 0> };

export function decode_GETATTR3res(r: XdrReader): GETATTR3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_GETATTR3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      return { status: d as Exclude<nfsstat3, 0> };
  }
}

export function encode_GETATTR3res(w: XdrWriter, v: GETATTR3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_GETATTR3resok(w, (v as { resok: GETATTR3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      return;
  }
}

export function sizeof_GETATTR3res(v: GETATTR3res): number {
  switch (v.status) {
    case 0:
      return 4 + 84;
    default:
      return 4;
  }
}

export const codec_GETATTR3res: XdrCodec<GETATTR3res> = {
  name: 'GETATTR3res',
  size: sizeof_GETATTR3res,
  encode(w: XdrWriter, v: GETATTR3res): void {
    try {
      encode_GETATTR3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'GETATTR3res');
    }
  },
  decode(r: XdrReader): GETATTR3res {
    try {
      return decode_GETATTR3res(r);
    } catch (e) {
      return xdrRethrow(e, 'GETATTR3res');
    }
  },
};

/*
 * union sattrguard3 switch (bool check) {
 * case TRUE:
 *     nfstime3 obj_ctime;
 * case FALSE:
 *     void;
 * };
 */
export type sattrguard3 =
  | { check: true; obj_ctime: nfstime3 }
  | { check: false };

export function decode_sattrguard3(r: XdrReader): sattrguard3 {
  let d;
  try {
    d = r.bool();
  } catch (e) {
    return xdrRethrow(e, '.check');
  }
  switch (d) {
    case true:
      try {
        return { check: d as true, obj_ctime: decode_nfstime3(r) };
      } catch (e) {
        return xdrRethrow(e, '.obj_ctime');
      }
    case false:
      return { check: d as false };
    default:
      throw r.badArm('sattrguard3', d);
  }
}

export function encode_sattrguard3(w: XdrWriter, v: sattrguard3): void {
  try {
    w.bool(v.check);
  } catch (e) {
    xdrRethrow(e, '.check');
  }
  switch (v.check) {
    case true:
      try {
        encode_nfstime3(w, (v as { obj_ctime: nfstime3 }).obj_ctime);
      } catch (e) {
        xdrRethrow(e, '.obj_ctime');
      }
      return;
    case false:
      return;
    default:
      throw w.badArm('sattrguard3', (v as { check: unknown }).check);
  }
}

export function sizeof_sattrguard3(v: sattrguard3): number {
  switch (v.check) {
    case true:
      return 4 + 8;
    case false:
      return 4;
    default:
      return 4;
  }
}

export const codec_sattrguard3: XdrCodec<sattrguard3> = {
  name: 'sattrguard3',
  size: sizeof_sattrguard3,
  encode(w: XdrWriter, v: sattrguard3): void {
    try {
      encode_sattrguard3(w, v);
    } catch (e) {
      xdrRethrow(e, 'sattrguard3');
    }
  },
  decode(r: XdrReader): sattrguard3 {
    try {
      return decode_sattrguard3(r);
    } catch (e) {
      return xdrRethrow(e, 'sattrguard3');
    }
  },
};

/*
 * struct SETATTR3args {
 *     nfs_fh3     object;
 *     sattr3      new_attributes;
 *     sattrguard3 guard;
 * };
 */
export interface SETATTR3args {
  object: nfs_fh3;
  new_attributes: sattr3;
  guard: sattrguard3;
}

const paths_SETATTR3args = ['.object', '.new_attributes', '.guard'];

export function decode_SETATTR3args(r: XdrReader): SETATTR3args {
  let at = 0;
  try {
    const f0 = decode_nfs_fh3(r);
    at = 1;
    const f1 = decode_sattr3(r);
    at = 2;
    const f2 = decode_sattrguard3(r);
    return { object: f0, new_attributes: f1, guard: f2 };
  } catch (e) {
    return xdrRethrow(e, paths_SETATTR3args[at]!);
  }
}

export function encode_SETATTR3args(w: XdrWriter, v: SETATTR3args): void {
  let at = 0;
  try {
    encode_nfs_fh3(w, v.object);
    at = 1;
    encode_sattr3(w, v.new_attributes);
    at = 2;
    encode_sattrguard3(w, v.guard);
  } catch (e) {
    xdrRethrow(e, paths_SETATTR3args[at]!);
  }
}

export function sizeof_SETATTR3args(v: SETATTR3args): number {
  return 0 + sizeof_nfs_fh3(v.object) + sizeof_sattr3(v.new_attributes) + sizeof_sattrguard3(v.guard);
}

export const codec_SETATTR3args: XdrCodec<SETATTR3args> = {
  name: 'SETATTR3args',
  size: sizeof_SETATTR3args,
  encode(w: XdrWriter, v: SETATTR3args): void {
    try {
      encode_SETATTR3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'SETATTR3args');
    }
  },
  decode(r: XdrReader): SETATTR3args {
    try {
      return decode_SETATTR3args(r);
    } catch (e) {
      return xdrRethrow(e, 'SETATTR3args');
    }
  },
};

/*
 * struct SETATTR3resok {
 *     wcc_data obj_wcc;
 * };
 */
export interface SETATTR3resok {
  obj_wcc: wcc_data;
}

const paths_SETATTR3resok = ['.obj_wcc'];

export function decode_SETATTR3resok(r: XdrReader): SETATTR3resok {
  try {
    const f0 = decode_wcc_data(r);
    return { obj_wcc: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_SETATTR3resok[0]!);
  }
}

export function encode_SETATTR3resok(w: XdrWriter, v: SETATTR3resok): void {
  try {
    encode_wcc_data(w, v.obj_wcc);
  } catch (e) {
    xdrRethrow(e, paths_SETATTR3resok[0]!);
  }
}

export function sizeof_SETATTR3resok(v: SETATTR3resok): number {
  return 0 + sizeof_wcc_data(v.obj_wcc);
}

export const codec_SETATTR3resok: XdrCodec<SETATTR3resok> = {
  name: 'SETATTR3resok',
  size: sizeof_SETATTR3resok,
  encode(w: XdrWriter, v: SETATTR3resok): void {
    try {
      encode_SETATTR3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'SETATTR3resok');
    }
  },
  decode(r: XdrReader): SETATTR3resok {
    try {
      return decode_SETATTR3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'SETATTR3resok');
    }
  },
};

/*
 * struct SETATTR3resfail {
 *     wcc_data obj_wcc;
 * };
 */
export interface SETATTR3resfail {
  obj_wcc: wcc_data;
}

const paths_SETATTR3resfail = ['.obj_wcc'];

export function decode_SETATTR3resfail(r: XdrReader): SETATTR3resfail {
  try {
    const f0 = decode_wcc_data(r);
    return { obj_wcc: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_SETATTR3resfail[0]!);
  }
}

export function encode_SETATTR3resfail(w: XdrWriter, v: SETATTR3resfail): void {
  try {
    encode_wcc_data(w, v.obj_wcc);
  } catch (e) {
    xdrRethrow(e, paths_SETATTR3resfail[0]!);
  }
}

export function sizeof_SETATTR3resfail(v: SETATTR3resfail): number {
  return 0 + sizeof_wcc_data(v.obj_wcc);
}

export const codec_SETATTR3resfail: XdrCodec<SETATTR3resfail> = {
  name: 'SETATTR3resfail',
  size: sizeof_SETATTR3resfail,
  encode(w: XdrWriter, v: SETATTR3resfail): void {
    try {
      encode_SETATTR3resfail(w, v);
    } catch (e) {
      xdrRethrow(e, 'SETATTR3resfail');
    }
  },
  decode(r: XdrReader): SETATTR3resfail {
    try {
      return decode_SETATTR3resfail(r);
    } catch (e) {
      return xdrRethrow(e, 'SETATTR3resfail');
    }
  },
};

/*
 * union SETATTR3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     SETATTR3resok resok;
 * default:
 *     SETATTR3resfail resfail;
 * };
 */
export type SETATTR3res =
  | { status: 0; resok: SETATTR3resok }
  | { status: Exclude<nfsstat3, 0>; resfail: SETATTR3resfail };

export function decode_SETATTR3res(r: XdrReader): SETATTR3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_SETATTR3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      try {
        return { status: d as Exclude<nfsstat3, 0>, resfail: decode_SETATTR3resfail(r) };
      } catch (e) {
        return xdrRethrow(e, '.resfail');
      }
  }
}

export function encode_SETATTR3res(w: XdrWriter, v: SETATTR3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_SETATTR3resok(w, (v as { resok: SETATTR3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      try {
        encode_SETATTR3resfail(w, (v as { resfail: SETATTR3resfail }).resfail);
      } catch (e) {
        xdrRethrow(e, '.resfail');
      }
      return;
  }
}

export function sizeof_SETATTR3res(v: SETATTR3res): number {
  switch (v.status) {
    case 0:
      return 4 + sizeof_SETATTR3resok((v as { resok: SETATTR3resok }).resok);
    default:
      return 4 + sizeof_SETATTR3resfail((v as { resfail: SETATTR3resfail }).resfail);
  }
}

export const codec_SETATTR3res: XdrCodec<SETATTR3res> = {
  name: 'SETATTR3res',
  size: sizeof_SETATTR3res,
  encode(w: XdrWriter, v: SETATTR3res): void {
    try {
      encode_SETATTR3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'SETATTR3res');
    }
  },
  decode(r: XdrReader): SETATTR3res {
    try {
      return decode_SETATTR3res(r);
    } catch (e) {
      return xdrRethrow(e, 'SETATTR3res');
    }
  },
};

/*
 * struct LOOKUP3args {
 *     diropargs3 what;
 * };
 */
export interface LOOKUP3args {
  what: diropargs3;
}

const paths_LOOKUP3args = ['.what'];

export function decode_LOOKUP3args(r: XdrReader): LOOKUP3args {
  try {
    const f0 = decode_diropargs3(r);
    return { what: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_LOOKUP3args[0]!);
  }
}

export function encode_LOOKUP3args(w: XdrWriter, v: LOOKUP3args): void {
  try {
    encode_diropargs3(w, v.what);
  } catch (e) {
    xdrRethrow(e, paths_LOOKUP3args[0]!);
  }
}

export function sizeof_LOOKUP3args(v: LOOKUP3args): number {
  return 0 + sizeof_diropargs3(v.what);
}

export const codec_LOOKUP3args: XdrCodec<LOOKUP3args> = {
  name: 'LOOKUP3args',
  size: sizeof_LOOKUP3args,
  encode(w: XdrWriter, v: LOOKUP3args): void {
    try {
      encode_LOOKUP3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'LOOKUP3args');
    }
  },
  decode(r: XdrReader): LOOKUP3args {
    try {
      return decode_LOOKUP3args(r);
    } catch (e) {
      return xdrRethrow(e, 'LOOKUP3args');
    }
  },
};

/*
 * struct LOOKUP3resok {
 *     nfs_fh3      object;
 *     post_op_attr obj_attributes;
 *     post_op_attr dir_attributes;
 * };
 */
export interface LOOKUP3resok {
  object: nfs_fh3;
  obj_attributes: post_op_attr;
  dir_attributes: post_op_attr;
}

const paths_LOOKUP3resok = ['.object', '.obj_attributes', '.dir_attributes'];

export function decode_LOOKUP3resok(r: XdrReader): LOOKUP3resok {
  let at = 0;
  try {
    const f0 = decode_nfs_fh3(r);
    at = 1;
    const f1 = decode_post_op_attr(r);
    at = 2;
    const f2 = decode_post_op_attr(r);
    return { object: f0, obj_attributes: f1, dir_attributes: f2 };
  } catch (e) {
    return xdrRethrow(e, paths_LOOKUP3resok[at]!);
  }
}

export function encode_LOOKUP3resok(w: XdrWriter, v: LOOKUP3resok): void {
  let at = 0;
  try {
    encode_nfs_fh3(w, v.object);
    at = 1;
    encode_post_op_attr(w, v.obj_attributes);
    at = 2;
    encode_post_op_attr(w, v.dir_attributes);
  } catch (e) {
    xdrRethrow(e, paths_LOOKUP3resok[at]!);
  }
}

export function sizeof_LOOKUP3resok(v: LOOKUP3resok): number {
  return 0 + sizeof_nfs_fh3(v.object) + sizeof_post_op_attr(v.obj_attributes) + sizeof_post_op_attr(v.dir_attributes);
}

export const codec_LOOKUP3resok: XdrCodec<LOOKUP3resok> = {
  name: 'LOOKUP3resok',
  size: sizeof_LOOKUP3resok,
  encode(w: XdrWriter, v: LOOKUP3resok): void {
    try {
      encode_LOOKUP3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'LOOKUP3resok');
    }
  },
  decode(r: XdrReader): LOOKUP3resok {
    try {
      return decode_LOOKUP3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'LOOKUP3resok');
    }
  },
};

/*
 * struct LOOKUP3resfail {
 *     post_op_attr dir_attributes;
 * };
 */
export interface LOOKUP3resfail {
  dir_attributes: post_op_attr;
}

const paths_LOOKUP3resfail = ['.dir_attributes'];

export function decode_LOOKUP3resfail(r: XdrReader): LOOKUP3resfail {
  try {
    const f0 = decode_post_op_attr(r);
    return { dir_attributes: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_LOOKUP3resfail[0]!);
  }
}

export function encode_LOOKUP3resfail(w: XdrWriter, v: LOOKUP3resfail): void {
  try {
    encode_post_op_attr(w, v.dir_attributes);
  } catch (e) {
    xdrRethrow(e, paths_LOOKUP3resfail[0]!);
  }
}

export function sizeof_LOOKUP3resfail(v: LOOKUP3resfail): number {
  return 0 + sizeof_post_op_attr(v.dir_attributes);
}

export const codec_LOOKUP3resfail: XdrCodec<LOOKUP3resfail> = {
  name: 'LOOKUP3resfail',
  size: sizeof_LOOKUP3resfail,
  encode(w: XdrWriter, v: LOOKUP3resfail): void {
    try {
      encode_LOOKUP3resfail(w, v);
    } catch (e) {
      xdrRethrow(e, 'LOOKUP3resfail');
    }
  },
  decode(r: XdrReader): LOOKUP3resfail {
    try {
      return decode_LOOKUP3resfail(r);
    } catch (e) {
      return xdrRethrow(e, 'LOOKUP3resfail');
    }
  },
};

/*
 * union LOOKUP3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     LOOKUP3resok resok;
 * default:
 *     LOOKUP3resfail resfail;
 * };
 */
export type LOOKUP3res =
  | { status: 0; resok: LOOKUP3resok }
  | { status: Exclude<nfsstat3, 0>; resfail: LOOKUP3resfail };

export function decode_LOOKUP3res(r: XdrReader): LOOKUP3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_LOOKUP3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      try {
        return { status: d as Exclude<nfsstat3, 0>, resfail: decode_LOOKUP3resfail(r) };
      } catch (e) {
        return xdrRethrow(e, '.resfail');
      }
  }
}

export function encode_LOOKUP3res(w: XdrWriter, v: LOOKUP3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_LOOKUP3resok(w, (v as { resok: LOOKUP3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      try {
        encode_LOOKUP3resfail(w, (v as { resfail: LOOKUP3resfail }).resfail);
      } catch (e) {
        xdrRethrow(e, '.resfail');
      }
      return;
  }
}

export function sizeof_LOOKUP3res(v: LOOKUP3res): number {
  switch (v.status) {
    case 0:
      return 4 + sizeof_LOOKUP3resok((v as { resok: LOOKUP3resok }).resok);
    default:
      return 4 + sizeof_LOOKUP3resfail((v as { resfail: LOOKUP3resfail }).resfail);
  }
}

export const codec_LOOKUP3res: XdrCodec<LOOKUP3res> = {
  name: 'LOOKUP3res',
  size: sizeof_LOOKUP3res,
  encode(w: XdrWriter, v: LOOKUP3res): void {
    try {
      encode_LOOKUP3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'LOOKUP3res');
    }
  },
  decode(r: XdrReader): LOOKUP3res {
    try {
      return decode_LOOKUP3res(r);
    } catch (e) {
      return xdrRethrow(e, 'LOOKUP3res');
    }
  },
};

/*
 * struct ACCESS3args {
 *     nfs_fh3 object;
 *     uint32  access;
 * };
 */
export interface ACCESS3args {
  object: nfs_fh3;
  access: uint32;
}

const paths_ACCESS3args = ['.object', '.access'];

export function decode_ACCESS3args(r: XdrReader): ACCESS3args {
  let at = 0;
  try {
    const f0 = decode_nfs_fh3(r);
    at = 1;
    const f1 = r.uint();
    return { object: f0, access: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_ACCESS3args[at]!);
  }
}

export function encode_ACCESS3args(w: XdrWriter, v: ACCESS3args): void {
  let at = 0;
  try {
    encode_nfs_fh3(w, v.object);
    at = 1;
    w.uint(v.access);
  } catch (e) {
    xdrRethrow(e, paths_ACCESS3args[at]!);
  }
}

export function sizeof_ACCESS3args(v: ACCESS3args): number {
  return 4 + sizeof_nfs_fh3(v.object);
}

export const codec_ACCESS3args: XdrCodec<ACCESS3args> = {
  name: 'ACCESS3args',
  size: sizeof_ACCESS3args,
  encode(w: XdrWriter, v: ACCESS3args): void {
    try {
      encode_ACCESS3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'ACCESS3args');
    }
  },
  decode(r: XdrReader): ACCESS3args {
    try {
      return decode_ACCESS3args(r);
    } catch (e) {
      return xdrRethrow(e, 'ACCESS3args');
    }
  },
};

/*
 * struct ACCESS3resok {
 *     post_op_attr obj_attributes;
 *     uint32       access;
 * };
 */
export interface ACCESS3resok {
  obj_attributes: post_op_attr;
  access: uint32;
}

const paths_ACCESS3resok = ['.obj_attributes', '.access'];

export function decode_ACCESS3resok(r: XdrReader): ACCESS3resok {
  let at = 0;
  try {
    const f0 = decode_post_op_attr(r);
    at = 1;
    const f1 = r.uint();
    return { obj_attributes: f0, access: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_ACCESS3resok[at]!);
  }
}

export function encode_ACCESS3resok(w: XdrWriter, v: ACCESS3resok): void {
  let at = 0;
  try {
    encode_post_op_attr(w, v.obj_attributes);
    at = 1;
    w.uint(v.access);
  } catch (e) {
    xdrRethrow(e, paths_ACCESS3resok[at]!);
  }
}

export function sizeof_ACCESS3resok(v: ACCESS3resok): number {
  return 4 + sizeof_post_op_attr(v.obj_attributes);
}

export const codec_ACCESS3resok: XdrCodec<ACCESS3resok> = {
  name: 'ACCESS3resok',
  size: sizeof_ACCESS3resok,
  encode(w: XdrWriter, v: ACCESS3resok): void {
    try {
      encode_ACCESS3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'ACCESS3resok');
    }
  },
  decode(r: XdrReader): ACCESS3resok {
    try {
      return decode_ACCESS3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'ACCESS3resok');
    }
  },
};

/*
 * struct ACCESS3resfail {
 *     post_op_attr obj_attributes;
 * };
 */
export interface ACCESS3resfail {
  obj_attributes: post_op_attr;
}

const paths_ACCESS3resfail = ['.obj_attributes'];

export function decode_ACCESS3resfail(r: XdrReader): ACCESS3resfail {
  try {
    const f0 = decode_post_op_attr(r);
    return { obj_attributes: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_ACCESS3resfail[0]!);
  }
}

export function encode_ACCESS3resfail(w: XdrWriter, v: ACCESS3resfail): void {
  try {
    encode_post_op_attr(w, v.obj_attributes);
  } catch (e) {
    xdrRethrow(e, paths_ACCESS3resfail[0]!);
  }
}

export function sizeof_ACCESS3resfail(v: ACCESS3resfail): number {
  return 0 + sizeof_post_op_attr(v.obj_attributes);
}

export const codec_ACCESS3resfail: XdrCodec<ACCESS3resfail> = {
  name: 'ACCESS3resfail',
  size: sizeof_ACCESS3resfail,
  encode(w: XdrWriter, v: ACCESS3resfail): void {
    try {
      encode_ACCESS3resfail(w, v);
    } catch (e) {
      xdrRethrow(e, 'ACCESS3resfail');
    }
  },
  decode(r: XdrReader): ACCESS3resfail {
    try {
      return decode_ACCESS3resfail(r);
    } catch (e) {
      return xdrRethrow(e, 'ACCESS3resfail');
    }
  },
};

/*
 * union ACCESS3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     ACCESS3resok resok;
 * default:
 *     ACCESS3resfail resfail;
 * };
 */
export type ACCESS3res =
  | { status: 0; resok: ACCESS3resok }
  | { status: Exclude<nfsstat3, 0>; resfail: ACCESS3resfail };

export function decode_ACCESS3res(r: XdrReader): ACCESS3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_ACCESS3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      try {
        return { status: d as Exclude<nfsstat3, 0>, resfail: decode_ACCESS3resfail(r) };
      } catch (e) {
        return xdrRethrow(e, '.resfail');
      }
  }
}

export function encode_ACCESS3res(w: XdrWriter, v: ACCESS3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_ACCESS3resok(w, (v as { resok: ACCESS3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      try {
        encode_ACCESS3resfail(w, (v as { resfail: ACCESS3resfail }).resfail);
      } catch (e) {
        xdrRethrow(e, '.resfail');
      }
      return;
  }
}

export function sizeof_ACCESS3res(v: ACCESS3res): number {
  switch (v.status) {
    case 0:
      return 4 + sizeof_ACCESS3resok((v as { resok: ACCESS3resok }).resok);
    default:
      return 4 + sizeof_ACCESS3resfail((v as { resfail: ACCESS3resfail }).resfail);
  }
}

export const codec_ACCESS3res: XdrCodec<ACCESS3res> = {
  name: 'ACCESS3res',
  size: sizeof_ACCESS3res,
  encode(w: XdrWriter, v: ACCESS3res): void {
    try {
      encode_ACCESS3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'ACCESS3res');
    }
  },
  decode(r: XdrReader): ACCESS3res {
    try {
      return decode_ACCESS3res(r);
    } catch (e) {
      return xdrRethrow(e, 'ACCESS3res');
    }
  },
};

/*
 * struct READLINK3args {
 *     nfs_fh3 symlink;
 * };
 */
export interface READLINK3args {
  symlink: nfs_fh3;
}

const paths_READLINK3args = ['.symlink'];

export function decode_READLINK3args(r: XdrReader): READLINK3args {
  try {
    const f0 = decode_nfs_fh3(r);
    return { symlink: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_READLINK3args[0]!);
  }
}

export function encode_READLINK3args(w: XdrWriter, v: READLINK3args): void {
  try {
    encode_nfs_fh3(w, v.symlink);
  } catch (e) {
    xdrRethrow(e, paths_READLINK3args[0]!);
  }
}

export function sizeof_READLINK3args(v: READLINK3args): number {
  return 0 + sizeof_nfs_fh3(v.symlink);
}

export const codec_READLINK3args: XdrCodec<READLINK3args> = {
  name: 'READLINK3args',
  size: sizeof_READLINK3args,
  encode(w: XdrWriter, v: READLINK3args): void {
    try {
      encode_READLINK3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'READLINK3args');
    }
  },
  decode(r: XdrReader): READLINK3args {
    try {
      return decode_READLINK3args(r);
    } catch (e) {
      return xdrRethrow(e, 'READLINK3args');
    }
  },
};

/*
 * struct READLINK3resok {
 *     post_op_attr symlink_attributes;
 *     nfspath3     data;
 * };
 */
export interface READLINK3resok {
  symlink_attributes: post_op_attr;
  data: nfspath3;
}

const paths_READLINK3resok = ['.symlink_attributes', '.data'];

export function decode_READLINK3resok(r: XdrReader): READLINK3resok {
  let at = 0;
  try {
    const f0 = decode_post_op_attr(r);
    at = 1;
    const f1 = r.varOpaque(undefined);
    return { symlink_attributes: f0, data: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_READLINK3resok[at]!);
  }
}

export function encode_READLINK3resok(w: XdrWriter, v: READLINK3resok): void {
  let at = 0;
  try {
    encode_post_op_attr(w, v.symlink_attributes);
    at = 1;
    w.varOpaque(v.data, undefined);
  } catch (e) {
    xdrRethrow(e, paths_READLINK3resok[at]!);
  }
}

export function sizeof_READLINK3resok(v: READLINK3resok): number {
  return 0 + sizeof_post_op_attr(v.symlink_attributes) + (4 + ((v.data.length + 3) & ~3));
}

export const codec_READLINK3resok: XdrCodec<READLINK3resok> = {
  name: 'READLINK3resok',
  size: sizeof_READLINK3resok,
  encode(w: XdrWriter, v: READLINK3resok): void {
    try {
      encode_READLINK3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'READLINK3resok');
    }
  },
  decode(r: XdrReader): READLINK3resok {
    try {
      return decode_READLINK3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'READLINK3resok');
    }
  },
};

/*
 * struct READLINK3resfail {
 *     post_op_attr symlink_attributes;
 * };
 */
export interface READLINK3resfail {
  symlink_attributes: post_op_attr;
}

const paths_READLINK3resfail = ['.symlink_attributes'];

export function decode_READLINK3resfail(r: XdrReader): READLINK3resfail {
  try {
    const f0 = decode_post_op_attr(r);
    return { symlink_attributes: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_READLINK3resfail[0]!);
  }
}

export function encode_READLINK3resfail(w: XdrWriter, v: READLINK3resfail): void {
  try {
    encode_post_op_attr(w, v.symlink_attributes);
  } catch (e) {
    xdrRethrow(e, paths_READLINK3resfail[0]!);
  }
}

export function sizeof_READLINK3resfail(v: READLINK3resfail): number {
  return 0 + sizeof_post_op_attr(v.symlink_attributes);
}

export const codec_READLINK3resfail: XdrCodec<READLINK3resfail> = {
  name: 'READLINK3resfail',
  size: sizeof_READLINK3resfail,
  encode(w: XdrWriter, v: READLINK3resfail): void {
    try {
      encode_READLINK3resfail(w, v);
    } catch (e) {
      xdrRethrow(e, 'READLINK3resfail');
    }
  },
  decode(r: XdrReader): READLINK3resfail {
    try {
      return decode_READLINK3resfail(r);
    } catch (e) {
      return xdrRethrow(e, 'READLINK3resfail');
    }
  },
};

/*
 * union READLINK3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     READLINK3resok resok;
 * default:
 *     READLINK3resfail resfail;
 * };
 */
export type READLINK3res =
  | { status: 0; resok: READLINK3resok }
  | { status: Exclude<nfsstat3, 0>; resfail: READLINK3resfail };

export function decode_READLINK3res(r: XdrReader): READLINK3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_READLINK3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      try {
        return { status: d as Exclude<nfsstat3, 0>, resfail: decode_READLINK3resfail(r) };
      } catch (e) {
        return xdrRethrow(e, '.resfail');
      }
  }
}

export function encode_READLINK3res(w: XdrWriter, v: READLINK3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_READLINK3resok(w, (v as { resok: READLINK3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      try {
        encode_READLINK3resfail(w, (v as { resfail: READLINK3resfail }).resfail);
      } catch (e) {
        xdrRethrow(e, '.resfail');
      }
      return;
  }
}

export function sizeof_READLINK3res(v: READLINK3res): number {
  switch (v.status) {
    case 0:
      return 4 + sizeof_READLINK3resok((v as { resok: READLINK3resok }).resok);
    default:
      return 4 + sizeof_READLINK3resfail((v as { resfail: READLINK3resfail }).resfail);
  }
}

export const codec_READLINK3res: XdrCodec<READLINK3res> = {
  name: 'READLINK3res',
  size: sizeof_READLINK3res,
  encode(w: XdrWriter, v: READLINK3res): void {
    try {
      encode_READLINK3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'READLINK3res');
    }
  },
  decode(r: XdrReader): READLINK3res {
    try {
      return decode_READLINK3res(r);
    } catch (e) {
      return xdrRethrow(e, 'READLINK3res');
    }
  },
};

/*
 * struct READ3args {
 *     nfs_fh3 file;
 *     offset3 offset;
 *     count3  count;
 * };
 */
export interface READ3args {
  file: nfs_fh3;
  offset: offset3;
  count: count3;
}

const paths_READ3args = ['.file', '.offset', '.count'];

export function decode_READ3args(r: XdrReader): READ3args {
  let at = 0;
  try {
    const f0 = decode_nfs_fh3(r);
    at = 1;
    const f1 = r.uhyper();
    at = 2;
    const f2 = r.uint();
    return { file: f0, offset: f1, count: f2 };
  } catch (e) {
    return xdrRethrow(e, paths_READ3args[at]!);
  }
}

export function encode_READ3args(w: XdrWriter, v: READ3args): void {
  let at = 0;
  try {
    encode_nfs_fh3(w, v.file);
    at = 1;
    w.uhyper(v.offset);
    at = 2;
    w.uint(v.count);
  } catch (e) {
    xdrRethrow(e, paths_READ3args[at]!);
  }
}

export function sizeof_READ3args(v: READ3args): number {
  return 12 + sizeof_nfs_fh3(v.file);
}

export const codec_READ3args: XdrCodec<READ3args> = {
  name: 'READ3args',
  size: sizeof_READ3args,
  encode(w: XdrWriter, v: READ3args): void {
    try {
      encode_READ3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'READ3args');
    }
  },
  decode(r: XdrReader): READ3args {
    try {
      return decode_READ3args(r);
    } catch (e) {
      return xdrRethrow(e, 'READ3args');
    }
  },
};

/*
 * struct READ3resok {
 *     post_op_attr file_attributes;
 *     count3       count;
 *     bool         eof;
 *     opaque       data<>;
 * };
 */
export interface READ3resok {
  file_attributes: post_op_attr;
  count: count3;
  eof: boolean;
  data: Buffer;
}

const paths_READ3resok = ['.file_attributes', '.count', '.eof', '.data'];

export function decode_READ3resok(r: XdrReader): READ3resok {
  let at = 0;
  try {
    const f0 = decode_post_op_attr(r);
    at = 1;
    const f1 = r.uint();
    at = 2;
    const f2 = r.bool();
    at = 3;
    const f3 = r.varOpaque(undefined);
    return { file_attributes: f0, count: f1, eof: f2, data: f3 };
  } catch (e) {
    return xdrRethrow(e, paths_READ3resok[at]!);
  }
}

export function encode_READ3resok(w: XdrWriter, v: READ3resok): void {
  let at = 0;
  try {
    encode_post_op_attr(w, v.file_attributes);
    at = 1;
    w.uint(v.count);
    at = 2;
    w.bool(v.eof);
    at = 3;
    w.varOpaque(v.data, undefined);
  } catch (e) {
    xdrRethrow(e, paths_READ3resok[at]!);
  }
}

export function sizeof_READ3resok(v: READ3resok): number {
  return 8 + sizeof_post_op_attr(v.file_attributes) + (4 + ((v.data.length + 3) & ~3));
}

export const codec_READ3resok: XdrCodec<READ3resok> = {
  name: 'READ3resok',
  size: sizeof_READ3resok,
  encode(w: XdrWriter, v: READ3resok): void {
    try {
      encode_READ3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'READ3resok');
    }
  },
  decode(r: XdrReader): READ3resok {
    try {
      return decode_READ3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'READ3resok');
    }
  },
};

/*
 * struct READ3resfail {
 *     post_op_attr file_attributes;
 * };
 */
export interface READ3resfail {
  file_attributes: post_op_attr;
}

const paths_READ3resfail = ['.file_attributes'];

export function decode_READ3resfail(r: XdrReader): READ3resfail {
  try {
    const f0 = decode_post_op_attr(r);
    return { file_attributes: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_READ3resfail[0]!);
  }
}

export function encode_READ3resfail(w: XdrWriter, v: READ3resfail): void {
  try {
    encode_post_op_attr(w, v.file_attributes);
  } catch (e) {
    xdrRethrow(e, paths_READ3resfail[0]!);
  }
}

export function sizeof_READ3resfail(v: READ3resfail): number {
  return 0 + sizeof_post_op_attr(v.file_attributes);
}

export const codec_READ3resfail: XdrCodec<READ3resfail> = {
  name: 'READ3resfail',
  size: sizeof_READ3resfail,
  encode(w: XdrWriter, v: READ3resfail): void {
    try {
      encode_READ3resfail(w, v);
    } catch (e) {
      xdrRethrow(e, 'READ3resfail');
    }
  },
  decode(r: XdrReader): READ3resfail {
    try {
      return decode_READ3resfail(r);
    } catch (e) {
      return xdrRethrow(e, 'READ3resfail');
    }
  },
};

/*
 * union READ3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     READ3resok resok;
 * default:
 *     READ3resfail resfail;
 * };
 */
export type READ3res =
  | { status: 0; resok: READ3resok }
  | { status: Exclude<nfsstat3, 0>; resfail: READ3resfail };

export function decode_READ3res(r: XdrReader): READ3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_READ3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      try {
        return { status: d as Exclude<nfsstat3, 0>, resfail: decode_READ3resfail(r) };
      } catch (e) {
        return xdrRethrow(e, '.resfail');
      }
  }
}

export function encode_READ3res(w: XdrWriter, v: READ3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_READ3resok(w, (v as { resok: READ3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      try {
        encode_READ3resfail(w, (v as { resfail: READ3resfail }).resfail);
      } catch (e) {
        xdrRethrow(e, '.resfail');
      }
      return;
  }
}

export function sizeof_READ3res(v: READ3res): number {
  switch (v.status) {
    case 0:
      return 4 + sizeof_READ3resok((v as { resok: READ3resok }).resok);
    default:
      return 4 + sizeof_READ3resfail((v as { resfail: READ3resfail }).resfail);
  }
}

export const codec_READ3res: XdrCodec<READ3res> = {
  name: 'READ3res',
  size: sizeof_READ3res,
  encode(w: XdrWriter, v: READ3res): void {
    try {
      encode_READ3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'READ3res');
    }
  },
  decode(r: XdrReader): READ3res {
    try {
      return decode_READ3res(r);
    } catch (e) {
      return xdrRethrow(e, 'READ3res');
    }
  },
};

/*
 * enum stable_how {
 *     UNSTABLE  = 0,
 *     DATA_SYNC = 1,
 *     FILE_SYNC = 2
 * };
 */
export type stable_how = 0 | 1 | 2;
export const UNSTABLE = 0;
export const DATA_SYNC = 1;
export const FILE_SYNC = 2;
export const names_stable_how: Readonly<Record<number, string>> = {
  "0": 'UNSTABLE',
  "1": 'DATA_SYNC',
  "2": 'FILE_SYNC',
};

export function decode_stable_how(r: XdrReader): stable_how {
  const v = r.int();
  switch (v) {
    case 0: case 1: case 2:
      return v as stable_how;
    default:
      throw r.badEnum('stable_how', v);
  }
}

export function encode_stable_how(w: XdrWriter, v: stable_how): void {
  switch (v) {
    case 0: case 1: case 2:
      w.int(v);
      return;
    default:
      throw w.badEnum('stable_how', v);
  }
}

export function sizeof_stable_how(_v: stable_how): number {
  return 4;
}

export const codec_stable_how: XdrCodec<stable_how> = {
  name: 'stable_how',
  size: sizeof_stable_how,
  encode(w: XdrWriter, v: stable_how): void {
    try {
      encode_stable_how(w, v);
    } catch (e) {
      xdrRethrow(e, 'stable_how');
    }
  },
  decode(r: XdrReader): stable_how {
    try {
      return decode_stable_how(r);
    } catch (e) {
      return xdrRethrow(e, 'stable_how');
    }
  },
};

/*
 * struct WRITE3args {
 *     nfs_fh3    file;
 *     offset3    offset;
 *     count3     count;
 *     stable_how stable;
 *     opaque     data<>;
 * };
 */
export interface WRITE3args {
  file: nfs_fh3;
  offset: offset3;
  count: count3;
  stable: stable_how;
  data: Buffer;
}

const paths_WRITE3args = ['.file', '.offset', '.count', '.stable', '.data'];

export function decode_WRITE3args(r: XdrReader): WRITE3args {
  let at = 0;
  try {
    const f0 = decode_nfs_fh3(r);
    at = 1;
    const f1 = r.uhyper();
    at = 2;
    const f2 = r.uint();
    at = 3;
    const f3 = decode_stable_how(r);
    at = 4;
    const f4 = r.varOpaque(undefined);
    return { file: f0, offset: f1, count: f2, stable: f3, data: f4 };
  } catch (e) {
    return xdrRethrow(e, paths_WRITE3args[at]!);
  }
}

export function encode_WRITE3args(w: XdrWriter, v: WRITE3args): void {
  let at = 0;
  try {
    encode_nfs_fh3(w, v.file);
    at = 1;
    w.uhyper(v.offset);
    at = 2;
    w.uint(v.count);
    at = 3;
    encode_stable_how(w, v.stable);
    at = 4;
    w.varOpaque(v.data, undefined);
  } catch (e) {
    xdrRethrow(e, paths_WRITE3args[at]!);
  }
}

export function sizeof_WRITE3args(v: WRITE3args): number {
  return 16 + sizeof_nfs_fh3(v.file) + (4 + ((v.data.length + 3) & ~3));
}

export const codec_WRITE3args: XdrCodec<WRITE3args> = {
  name: 'WRITE3args',
  size: sizeof_WRITE3args,
  encode(w: XdrWriter, v: WRITE3args): void {
    try {
      encode_WRITE3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'WRITE3args');
    }
  },
  decode(r: XdrReader): WRITE3args {
    try {
      return decode_WRITE3args(r);
    } catch (e) {
      return xdrRethrow(e, 'WRITE3args');
    }
  },
};

/*
 * struct WRITE3resok {
 *     wcc_data   file_wcc;
 *     count3     count;
 *     stable_how committed;
 *     writeverf3 verf;
 * };
 */
export interface WRITE3resok {
  file_wcc: wcc_data;
  count: count3;
  committed: stable_how;
  verf: writeverf3;
}

const paths_WRITE3resok = ['.file_wcc', '.count', '.committed', '.verf'];

export function decode_WRITE3resok(r: XdrReader): WRITE3resok {
  let at = 0;
  try {
    const f0 = decode_wcc_data(r);
    at = 1;
    const f1 = r.uint();
    at = 2;
    const f2 = decode_stable_how(r);
    at = 3;
    const f3 = r.fixedOpaque(8);
    return { file_wcc: f0, count: f1, committed: f2, verf: f3 };
  } catch (e) {
    return xdrRethrow(e, paths_WRITE3resok[at]!);
  }
}

export function encode_WRITE3resok(w: XdrWriter, v: WRITE3resok): void {
  let at = 0;
  try {
    encode_wcc_data(w, v.file_wcc);
    at = 1;
    w.uint(v.count);
    at = 2;
    encode_stable_how(w, v.committed);
    at = 3;
    w.fixedOpaque(v.verf, 8);
  } catch (e) {
    xdrRethrow(e, paths_WRITE3resok[at]!);
  }
}

export function sizeof_WRITE3resok(v: WRITE3resok): number {
  return 16 + sizeof_wcc_data(v.file_wcc);
}

export const codec_WRITE3resok: XdrCodec<WRITE3resok> = {
  name: 'WRITE3resok',
  size: sizeof_WRITE3resok,
  encode(w: XdrWriter, v: WRITE3resok): void {
    try {
      encode_WRITE3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'WRITE3resok');
    }
  },
  decode(r: XdrReader): WRITE3resok {
    try {
      return decode_WRITE3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'WRITE3resok');
    }
  },
};

/*
 * struct WRITE3resfail {
 *     wcc_data file_wcc;
 * };
 */
export interface WRITE3resfail {
  file_wcc: wcc_data;
}

const paths_WRITE3resfail = ['.file_wcc'];

export function decode_WRITE3resfail(r: XdrReader): WRITE3resfail {
  try {
    const f0 = decode_wcc_data(r);
    return { file_wcc: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_WRITE3resfail[0]!);
  }
}

export function encode_WRITE3resfail(w: XdrWriter, v: WRITE3resfail): void {
  try {
    encode_wcc_data(w, v.file_wcc);
  } catch (e) {
    xdrRethrow(e, paths_WRITE3resfail[0]!);
  }
}

export function sizeof_WRITE3resfail(v: WRITE3resfail): number {
  return 0 + sizeof_wcc_data(v.file_wcc);
}

export const codec_WRITE3resfail: XdrCodec<WRITE3resfail> = {
  name: 'WRITE3resfail',
  size: sizeof_WRITE3resfail,
  encode(w: XdrWriter, v: WRITE3resfail): void {
    try {
      encode_WRITE3resfail(w, v);
    } catch (e) {
      xdrRethrow(e, 'WRITE3resfail');
    }
  },
  decode(r: XdrReader): WRITE3resfail {
    try {
      return decode_WRITE3resfail(r);
    } catch (e) {
      return xdrRethrow(e, 'WRITE3resfail');
    }
  },
};

/*
 * union WRITE3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     WRITE3resok resok;
 * default:
 *     WRITE3resfail resfail;
 * };
 */
export type WRITE3res =
  | { status: 0; resok: WRITE3resok }
  | { status: Exclude<nfsstat3, 0>; resfail: WRITE3resfail };

export function decode_WRITE3res(r: XdrReader): WRITE3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_WRITE3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      try {
        return { status: d as Exclude<nfsstat3, 0>, resfail: decode_WRITE3resfail(r) };
      } catch (e) {
        return xdrRethrow(e, '.resfail');
      }
  }
}

export function encode_WRITE3res(w: XdrWriter, v: WRITE3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_WRITE3resok(w, (v as { resok: WRITE3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      try {
        encode_WRITE3resfail(w, (v as { resfail: WRITE3resfail }).resfail);
      } catch (e) {
        xdrRethrow(e, '.resfail');
      }
      return;
  }
}

export function sizeof_WRITE3res(v: WRITE3res): number {
  switch (v.status) {
    case 0:
      return 4 + sizeof_WRITE3resok((v as { resok: WRITE3resok }).resok);
    default:
      return 4 + sizeof_WRITE3resfail((v as { resfail: WRITE3resfail }).resfail);
  }
}

export const codec_WRITE3res: XdrCodec<WRITE3res> = {
  name: 'WRITE3res',
  size: sizeof_WRITE3res,
  encode(w: XdrWriter, v: WRITE3res): void {
    try {
      encode_WRITE3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'WRITE3res');
    }
  },
  decode(r: XdrReader): WRITE3res {
    try {
      return decode_WRITE3res(r);
    } catch (e) {
      return xdrRethrow(e, 'WRITE3res');
    }
  },
};

/*
 * enum createmode3 {
 *     UNCHECKED = 0,
 *     GUARDED   = 1,
 *     EXCLUSIVE = 2
 * };
 */
export type createmode3 = 0 | 1 | 2;
export const UNCHECKED = 0;
export const GUARDED = 1;
export const EXCLUSIVE = 2;
export const names_createmode3: Readonly<Record<number, string>> = {
  "0": 'UNCHECKED',
  "1": 'GUARDED',
  "2": 'EXCLUSIVE',
};

export function decode_createmode3(r: XdrReader): createmode3 {
  const v = r.int();
  switch (v) {
    case 0: case 1: case 2:
      return v as createmode3;
    default:
      throw r.badEnum('createmode3', v);
  }
}

export function encode_createmode3(w: XdrWriter, v: createmode3): void {
  switch (v) {
    case 0: case 1: case 2:
      w.int(v);
      return;
    default:
      throw w.badEnum('createmode3', v);
  }
}

export function sizeof_createmode3(_v: createmode3): number {
  return 4;
}

export const codec_createmode3: XdrCodec<createmode3> = {
  name: 'createmode3',
  size: sizeof_createmode3,
  encode(w: XdrWriter, v: createmode3): void {
    try {
      encode_createmode3(w, v);
    } catch (e) {
      xdrRethrow(e, 'createmode3');
    }
  },
  decode(r: XdrReader): createmode3 {
    try {
      return decode_createmode3(r);
    } catch (e) {
      return xdrRethrow(e, 'createmode3');
    }
  },
};

/*
 * union createhow3 switch (createmode3 mode) {
 * case UNCHECKED:
 * case GUARDED:
 *     sattr3 obj_attributes;
 * case EXCLUSIVE:
 *     createverf3 verf;
 * };
 */
export type createhow3 =
  | { mode: 0 | 1; obj_attributes: sattr3 }
  | { mode: 2; verf: createverf3 };

export function decode_createhow3(r: XdrReader): createhow3 {
  let d;
  try {
    d = decode_createmode3(r);
  } catch (e) {
    return xdrRethrow(e, '.mode');
  }
  switch (d) {
    case 0: case 1:
      try {
        return { mode: d as (0 | 1), obj_attributes: decode_sattr3(r) };
      } catch (e) {
        return xdrRethrow(e, '.obj_attributes');
      }
    case 2:
      try {
        return { mode: d as 2, verf: r.fixedOpaque(8) };
      } catch (e) {
        return xdrRethrow(e, '.verf');
      }
    default:
      throw r.badArm('createhow3', d);
  }
}

export function encode_createhow3(w: XdrWriter, v: createhow3): void {
  try {
    encode_createmode3(w, v.mode);
  } catch (e) {
    xdrRethrow(e, '.mode');
  }
  switch (v.mode) {
    case 0: case 1:
      try {
        encode_sattr3(w, (v as { obj_attributes: sattr3 }).obj_attributes);
      } catch (e) {
        xdrRethrow(e, '.obj_attributes');
      }
      return;
    case 2:
      try {
        w.fixedOpaque((v as { verf: createverf3 }).verf, 8);
      } catch (e) {
        xdrRethrow(e, '.verf');
      }
      return;
    default:
      throw w.badArm('createhow3', (v as { mode: unknown }).mode);
  }
}

export function sizeof_createhow3(v: createhow3): number {
  switch (v.mode) {
    case 0: case 1:
      return 4 + sizeof_sattr3((v as { obj_attributes: sattr3 }).obj_attributes);
    case 2:
      return 4 + 8;
    default:
      return 4;
  }
}

export const codec_createhow3: XdrCodec<createhow3> = {
  name: 'createhow3',
  size: sizeof_createhow3,
  encode(w: XdrWriter, v: createhow3): void {
    try {
      encode_createhow3(w, v);
    } catch (e) {
      xdrRethrow(e, 'createhow3');
    }
  },
  decode(r: XdrReader): createhow3 {
    try {
      return decode_createhow3(r);
    } catch (e) {
      return xdrRethrow(e, 'createhow3');
    }
  },
};

/*
 * struct CREATE3args {
 *     diropargs3 where;
 *     createhow3 how;
 * };
 */
export interface CREATE3args {
  where: diropargs3;
  how: createhow3;
}

const paths_CREATE3args = ['.where', '.how'];

export function decode_CREATE3args(r: XdrReader): CREATE3args {
  let at = 0;
  try {
    const f0 = decode_diropargs3(r);
    at = 1;
    const f1 = decode_createhow3(r);
    return { where: f0, how: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_CREATE3args[at]!);
  }
}

export function encode_CREATE3args(w: XdrWriter, v: CREATE3args): void {
  let at = 0;
  try {
    encode_diropargs3(w, v.where);
    at = 1;
    encode_createhow3(w, v.how);
  } catch (e) {
    xdrRethrow(e, paths_CREATE3args[at]!);
  }
}

export function sizeof_CREATE3args(v: CREATE3args): number {
  return 0 + sizeof_diropargs3(v.where) + sizeof_createhow3(v.how);
}

export const codec_CREATE3args: XdrCodec<CREATE3args> = {
  name: 'CREATE3args',
  size: sizeof_CREATE3args,
  encode(w: XdrWriter, v: CREATE3args): void {
    try {
      encode_CREATE3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'CREATE3args');
    }
  },
  decode(r: XdrReader): CREATE3args {
    try {
      return decode_CREATE3args(r);
    } catch (e) {
      return xdrRethrow(e, 'CREATE3args');
    }
  },
};

/*
 * struct CREATE3resok {
 *     post_op_fh3  obj;
 *     post_op_attr obj_attributes;
 *     wcc_data     dir_wcc;
 * };
 */
export interface CREATE3resok {
  obj: post_op_fh3;
  obj_attributes: post_op_attr;
  dir_wcc: wcc_data;
}

const paths_CREATE3resok = ['.obj', '.obj_attributes', '.dir_wcc'];

export function decode_CREATE3resok(r: XdrReader): CREATE3resok {
  let at = 0;
  try {
    const f0 = decode_post_op_fh3(r);
    at = 1;
    const f1 = decode_post_op_attr(r);
    at = 2;
    const f2 = decode_wcc_data(r);
    return { obj: f0, obj_attributes: f1, dir_wcc: f2 };
  } catch (e) {
    return xdrRethrow(e, paths_CREATE3resok[at]!);
  }
}

export function encode_CREATE3resok(w: XdrWriter, v: CREATE3resok): void {
  let at = 0;
  try {
    encode_post_op_fh3(w, v.obj);
    at = 1;
    encode_post_op_attr(w, v.obj_attributes);
    at = 2;
    encode_wcc_data(w, v.dir_wcc);
  } catch (e) {
    xdrRethrow(e, paths_CREATE3resok[at]!);
  }
}

export function sizeof_CREATE3resok(v: CREATE3resok): number {
  return 0 + sizeof_post_op_fh3(v.obj) + sizeof_post_op_attr(v.obj_attributes) + sizeof_wcc_data(v.dir_wcc);
}

export const codec_CREATE3resok: XdrCodec<CREATE3resok> = {
  name: 'CREATE3resok',
  size: sizeof_CREATE3resok,
  encode(w: XdrWriter, v: CREATE3resok): void {
    try {
      encode_CREATE3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'CREATE3resok');
    }
  },
  decode(r: XdrReader): CREATE3resok {
    try {
      return decode_CREATE3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'CREATE3resok');
    }
  },
};

/*
 * struct CREATE3resfail {
 *     wcc_data dir_wcc;
 * };
 */
export interface CREATE3resfail {
  dir_wcc: wcc_data;
}

const paths_CREATE3resfail = ['.dir_wcc'];

export function decode_CREATE3resfail(r: XdrReader): CREATE3resfail {
  try {
    const f0 = decode_wcc_data(r);
    return { dir_wcc: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_CREATE3resfail[0]!);
  }
}

export function encode_CREATE3resfail(w: XdrWriter, v: CREATE3resfail): void {
  try {
    encode_wcc_data(w, v.dir_wcc);
  } catch (e) {
    xdrRethrow(e, paths_CREATE3resfail[0]!);
  }
}

export function sizeof_CREATE3resfail(v: CREATE3resfail): number {
  return 0 + sizeof_wcc_data(v.dir_wcc);
}

export const codec_CREATE3resfail: XdrCodec<CREATE3resfail> = {
  name: 'CREATE3resfail',
  size: sizeof_CREATE3resfail,
  encode(w: XdrWriter, v: CREATE3resfail): void {
    try {
      encode_CREATE3resfail(w, v);
    } catch (e) {
      xdrRethrow(e, 'CREATE3resfail');
    }
  },
  decode(r: XdrReader): CREATE3resfail {
    try {
      return decode_CREATE3resfail(r);
    } catch (e) {
      return xdrRethrow(e, 'CREATE3resfail');
    }
  },
};

/*
 * union CREATE3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     CREATE3resok resok;
 * default:
 *     CREATE3resfail resfail;
 * };
 */
export type CREATE3res =
  | { status: 0; resok: CREATE3resok }
  | { status: Exclude<nfsstat3, 0>; resfail: CREATE3resfail };

export function decode_CREATE3res(r: XdrReader): CREATE3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_CREATE3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      try {
        return { status: d as Exclude<nfsstat3, 0>, resfail: decode_CREATE3resfail(r) };
      } catch (e) {
        return xdrRethrow(e, '.resfail');
      }
  }
}

export function encode_CREATE3res(w: XdrWriter, v: CREATE3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_CREATE3resok(w, (v as { resok: CREATE3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      try {
        encode_CREATE3resfail(w, (v as { resfail: CREATE3resfail }).resfail);
      } catch (e) {
        xdrRethrow(e, '.resfail');
      }
      return;
  }
}

export function sizeof_CREATE3res(v: CREATE3res): number {
  switch (v.status) {
    case 0:
      return 4 + sizeof_CREATE3resok((v as { resok: CREATE3resok }).resok);
    default:
      return 4 + sizeof_CREATE3resfail((v as { resfail: CREATE3resfail }).resfail);
  }
}

export const codec_CREATE3res: XdrCodec<CREATE3res> = {
  name: 'CREATE3res',
  size: sizeof_CREATE3res,
  encode(w: XdrWriter, v: CREATE3res): void {
    try {
      encode_CREATE3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'CREATE3res');
    }
  },
  decode(r: XdrReader): CREATE3res {
    try {
      return decode_CREATE3res(r);
    } catch (e) {
      return xdrRethrow(e, 'CREATE3res');
    }
  },
};

/*
 * struct MKDIR3args {
 *     diropargs3 where;
 *     sattr3     attributes;
 * };
 */
export interface MKDIR3args {
  where: diropargs3;
  attributes: sattr3;
}

const paths_MKDIR3args = ['.where', '.attributes'];

export function decode_MKDIR3args(r: XdrReader): MKDIR3args {
  let at = 0;
  try {
    const f0 = decode_diropargs3(r);
    at = 1;
    const f1 = decode_sattr3(r);
    return { where: f0, attributes: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_MKDIR3args[at]!);
  }
}

export function encode_MKDIR3args(w: XdrWriter, v: MKDIR3args): void {
  let at = 0;
  try {
    encode_diropargs3(w, v.where);
    at = 1;
    encode_sattr3(w, v.attributes);
  } catch (e) {
    xdrRethrow(e, paths_MKDIR3args[at]!);
  }
}

export function sizeof_MKDIR3args(v: MKDIR3args): number {
  return 0 + sizeof_diropargs3(v.where) + sizeof_sattr3(v.attributes);
}

export const codec_MKDIR3args: XdrCodec<MKDIR3args> = {
  name: 'MKDIR3args',
  size: sizeof_MKDIR3args,
  encode(w: XdrWriter, v: MKDIR3args): void {
    try {
      encode_MKDIR3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'MKDIR3args');
    }
  },
  decode(r: XdrReader): MKDIR3args {
    try {
      return decode_MKDIR3args(r);
    } catch (e) {
      return xdrRethrow(e, 'MKDIR3args');
    }
  },
};

/*
 * struct MKDIR3resok {
 *     post_op_fh3  obj;
 *     post_op_attr obj_attributes;
 *     wcc_data     dir_wcc;
 * };
 */
export interface MKDIR3resok {
  obj: post_op_fh3;
  obj_attributes: post_op_attr;
  dir_wcc: wcc_data;
}

const paths_MKDIR3resok = ['.obj', '.obj_attributes', '.dir_wcc'];

export function decode_MKDIR3resok(r: XdrReader): MKDIR3resok {
  let at = 0;
  try {
    const f0 = decode_post_op_fh3(r);
    at = 1;
    const f1 = decode_post_op_attr(r);
    at = 2;
    const f2 = decode_wcc_data(r);
    return { obj: f0, obj_attributes: f1, dir_wcc: f2 };
  } catch (e) {
    return xdrRethrow(e, paths_MKDIR3resok[at]!);
  }
}

export function encode_MKDIR3resok(w: XdrWriter, v: MKDIR3resok): void {
  let at = 0;
  try {
    encode_post_op_fh3(w, v.obj);
    at = 1;
    encode_post_op_attr(w, v.obj_attributes);
    at = 2;
    encode_wcc_data(w, v.dir_wcc);
  } catch (e) {
    xdrRethrow(e, paths_MKDIR3resok[at]!);
  }
}

export function sizeof_MKDIR3resok(v: MKDIR3resok): number {
  return 0 + sizeof_post_op_fh3(v.obj) + sizeof_post_op_attr(v.obj_attributes) + sizeof_wcc_data(v.dir_wcc);
}

export const codec_MKDIR3resok: XdrCodec<MKDIR3resok> = {
  name: 'MKDIR3resok',
  size: sizeof_MKDIR3resok,
  encode(w: XdrWriter, v: MKDIR3resok): void {
    try {
      encode_MKDIR3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'MKDIR3resok');
    }
  },
  decode(r: XdrReader): MKDIR3resok {
    try {
      return decode_MKDIR3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'MKDIR3resok');
    }
  },
};

/*
 * struct MKDIR3resfail {
 *     wcc_data dir_wcc;
 * };
 */
export interface MKDIR3resfail {
  dir_wcc: wcc_data;
}

const paths_MKDIR3resfail = ['.dir_wcc'];

export function decode_MKDIR3resfail(r: XdrReader): MKDIR3resfail {
  try {
    const f0 = decode_wcc_data(r);
    return { dir_wcc: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_MKDIR3resfail[0]!);
  }
}

export function encode_MKDIR3resfail(w: XdrWriter, v: MKDIR3resfail): void {
  try {
    encode_wcc_data(w, v.dir_wcc);
  } catch (e) {
    xdrRethrow(e, paths_MKDIR3resfail[0]!);
  }
}

export function sizeof_MKDIR3resfail(v: MKDIR3resfail): number {
  return 0 + sizeof_wcc_data(v.dir_wcc);
}

export const codec_MKDIR3resfail: XdrCodec<MKDIR3resfail> = {
  name: 'MKDIR3resfail',
  size: sizeof_MKDIR3resfail,
  encode(w: XdrWriter, v: MKDIR3resfail): void {
    try {
      encode_MKDIR3resfail(w, v);
    } catch (e) {
      xdrRethrow(e, 'MKDIR3resfail');
    }
  },
  decode(r: XdrReader): MKDIR3resfail {
    try {
      return decode_MKDIR3resfail(r);
    } catch (e) {
      return xdrRethrow(e, 'MKDIR3resfail');
    }
  },
};

/*
 * union MKDIR3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     MKDIR3resok resok;
 * default:
 *     MKDIR3resfail resfail;
 * };
 */
export type MKDIR3res =
  | { status: 0; resok: MKDIR3resok }
  | { status: Exclude<nfsstat3, 0>; resfail: MKDIR3resfail };

export function decode_MKDIR3res(r: XdrReader): MKDIR3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_MKDIR3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      try {
        return { status: d as Exclude<nfsstat3, 0>, resfail: decode_MKDIR3resfail(r) };
      } catch (e) {
        return xdrRethrow(e, '.resfail');
      }
  }
}

export function encode_MKDIR3res(w: XdrWriter, v: MKDIR3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_MKDIR3resok(w, (v as { resok: MKDIR3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      try {
        encode_MKDIR3resfail(w, (v as { resfail: MKDIR3resfail }).resfail);
      } catch (e) {
        xdrRethrow(e, '.resfail');
      }
      return;
  }
}

export function sizeof_MKDIR3res(v: MKDIR3res): number {
  switch (v.status) {
    case 0:
      return 4 + sizeof_MKDIR3resok((v as { resok: MKDIR3resok }).resok);
    default:
      return 4 + sizeof_MKDIR3resfail((v as { resfail: MKDIR3resfail }).resfail);
  }
}

export const codec_MKDIR3res: XdrCodec<MKDIR3res> = {
  name: 'MKDIR3res',
  size: sizeof_MKDIR3res,
  encode(w: XdrWriter, v: MKDIR3res): void {
    try {
      encode_MKDIR3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'MKDIR3res');
    }
  },
  decode(r: XdrReader): MKDIR3res {
    try {
      return decode_MKDIR3res(r);
    } catch (e) {
      return xdrRethrow(e, 'MKDIR3res');
    }
  },
};

/*
 * struct symlinkdata3 {
 *     sattr3   symlink_attributes;
 *     nfspath3 symlink_data;
 * };
 */
export interface symlinkdata3 {
  symlink_attributes: sattr3;
  symlink_data: nfspath3;
}

const paths_symlinkdata3 = ['.symlink_attributes', '.symlink_data'];

export function decode_symlinkdata3(r: XdrReader): symlinkdata3 {
  let at = 0;
  try {
    const f0 = decode_sattr3(r);
    at = 1;
    const f1 = r.varOpaque(undefined);
    return { symlink_attributes: f0, symlink_data: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_symlinkdata3[at]!);
  }
}

export function encode_symlinkdata3(w: XdrWriter, v: symlinkdata3): void {
  let at = 0;
  try {
    encode_sattr3(w, v.symlink_attributes);
    at = 1;
    w.varOpaque(v.symlink_data, undefined);
  } catch (e) {
    xdrRethrow(e, paths_symlinkdata3[at]!);
  }
}

export function sizeof_symlinkdata3(v: symlinkdata3): number {
  return 0 + sizeof_sattr3(v.symlink_attributes) + (4 + ((v.symlink_data.length + 3) & ~3));
}

export const codec_symlinkdata3: XdrCodec<symlinkdata3> = {
  name: 'symlinkdata3',
  size: sizeof_symlinkdata3,
  encode(w: XdrWriter, v: symlinkdata3): void {
    try {
      encode_symlinkdata3(w, v);
    } catch (e) {
      xdrRethrow(e, 'symlinkdata3');
    }
  },
  decode(r: XdrReader): symlinkdata3 {
    try {
      return decode_symlinkdata3(r);
    } catch (e) {
      return xdrRethrow(e, 'symlinkdata3');
    }
  },
};

/*
 * struct SYMLINK3args {
 *     diropargs3   where;
 *     symlinkdata3 symlink;
 * };
 */
export interface SYMLINK3args {
  where: diropargs3;
  symlink: symlinkdata3;
}

const paths_SYMLINK3args = ['.where', '.symlink'];

export function decode_SYMLINK3args(r: XdrReader): SYMLINK3args {
  let at = 0;
  try {
    const f0 = decode_diropargs3(r);
    at = 1;
    const f1 = decode_symlinkdata3(r);
    return { where: f0, symlink: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_SYMLINK3args[at]!);
  }
}

export function encode_SYMLINK3args(w: XdrWriter, v: SYMLINK3args): void {
  let at = 0;
  try {
    encode_diropargs3(w, v.where);
    at = 1;
    encode_symlinkdata3(w, v.symlink);
  } catch (e) {
    xdrRethrow(e, paths_SYMLINK3args[at]!);
  }
}

export function sizeof_SYMLINK3args(v: SYMLINK3args): number {
  return 0 + sizeof_diropargs3(v.where) + sizeof_symlinkdata3(v.symlink);
}

export const codec_SYMLINK3args: XdrCodec<SYMLINK3args> = {
  name: 'SYMLINK3args',
  size: sizeof_SYMLINK3args,
  encode(w: XdrWriter, v: SYMLINK3args): void {
    try {
      encode_SYMLINK3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'SYMLINK3args');
    }
  },
  decode(r: XdrReader): SYMLINK3args {
    try {
      return decode_SYMLINK3args(r);
    } catch (e) {
      return xdrRethrow(e, 'SYMLINK3args');
    }
  },
};

/*
 * struct SYMLINK3resok {
 *     post_op_fh3  obj;
 *     post_op_attr obj_attributes;
 *     wcc_data     dir_wcc;
 * };
 */
export interface SYMLINK3resok {
  obj: post_op_fh3;
  obj_attributes: post_op_attr;
  dir_wcc: wcc_data;
}

const paths_SYMLINK3resok = ['.obj', '.obj_attributes', '.dir_wcc'];

export function decode_SYMLINK3resok(r: XdrReader): SYMLINK3resok {
  let at = 0;
  try {
    const f0 = decode_post_op_fh3(r);
    at = 1;
    const f1 = decode_post_op_attr(r);
    at = 2;
    const f2 = decode_wcc_data(r);
    return { obj: f0, obj_attributes: f1, dir_wcc: f2 };
  } catch (e) {
    return xdrRethrow(e, paths_SYMLINK3resok[at]!);
  }
}

export function encode_SYMLINK3resok(w: XdrWriter, v: SYMLINK3resok): void {
  let at = 0;
  try {
    encode_post_op_fh3(w, v.obj);
    at = 1;
    encode_post_op_attr(w, v.obj_attributes);
    at = 2;
    encode_wcc_data(w, v.dir_wcc);
  } catch (e) {
    xdrRethrow(e, paths_SYMLINK3resok[at]!);
  }
}

export function sizeof_SYMLINK3resok(v: SYMLINK3resok): number {
  return 0 + sizeof_post_op_fh3(v.obj) + sizeof_post_op_attr(v.obj_attributes) + sizeof_wcc_data(v.dir_wcc);
}

export const codec_SYMLINK3resok: XdrCodec<SYMLINK3resok> = {
  name: 'SYMLINK3resok',
  size: sizeof_SYMLINK3resok,
  encode(w: XdrWriter, v: SYMLINK3resok): void {
    try {
      encode_SYMLINK3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'SYMLINK3resok');
    }
  },
  decode(r: XdrReader): SYMLINK3resok {
    try {
      return decode_SYMLINK3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'SYMLINK3resok');
    }
  },
};

/*
 * struct SYMLINK3resfail {
 *     wcc_data dir_wcc;
 * };
 */
export interface SYMLINK3resfail {
  dir_wcc: wcc_data;
}

const paths_SYMLINK3resfail = ['.dir_wcc'];

export function decode_SYMLINK3resfail(r: XdrReader): SYMLINK3resfail {
  try {
    const f0 = decode_wcc_data(r);
    return { dir_wcc: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_SYMLINK3resfail[0]!);
  }
}

export function encode_SYMLINK3resfail(w: XdrWriter, v: SYMLINK3resfail): void {
  try {
    encode_wcc_data(w, v.dir_wcc);
  } catch (e) {
    xdrRethrow(e, paths_SYMLINK3resfail[0]!);
  }
}

export function sizeof_SYMLINK3resfail(v: SYMLINK3resfail): number {
  return 0 + sizeof_wcc_data(v.dir_wcc);
}

export const codec_SYMLINK3resfail: XdrCodec<SYMLINK3resfail> = {
  name: 'SYMLINK3resfail',
  size: sizeof_SYMLINK3resfail,
  encode(w: XdrWriter, v: SYMLINK3resfail): void {
    try {
      encode_SYMLINK3resfail(w, v);
    } catch (e) {
      xdrRethrow(e, 'SYMLINK3resfail');
    }
  },
  decode(r: XdrReader): SYMLINK3resfail {
    try {
      return decode_SYMLINK3resfail(r);
    } catch (e) {
      return xdrRethrow(e, 'SYMLINK3resfail');
    }
  },
};

/*
 * union SYMLINK3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     SYMLINK3resok resok;
 * default:
 *     SYMLINK3resfail resfail;
 * };
 */
export type SYMLINK3res =
  | { status: 0; resok: SYMLINK3resok }
  | { status: Exclude<nfsstat3, 0>; resfail: SYMLINK3resfail };

export function decode_SYMLINK3res(r: XdrReader): SYMLINK3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_SYMLINK3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      try {
        return { status: d as Exclude<nfsstat3, 0>, resfail: decode_SYMLINK3resfail(r) };
      } catch (e) {
        return xdrRethrow(e, '.resfail');
      }
  }
}

export function encode_SYMLINK3res(w: XdrWriter, v: SYMLINK3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_SYMLINK3resok(w, (v as { resok: SYMLINK3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      try {
        encode_SYMLINK3resfail(w, (v as { resfail: SYMLINK3resfail }).resfail);
      } catch (e) {
        xdrRethrow(e, '.resfail');
      }
      return;
  }
}

export function sizeof_SYMLINK3res(v: SYMLINK3res): number {
  switch (v.status) {
    case 0:
      return 4 + sizeof_SYMLINK3resok((v as { resok: SYMLINK3resok }).resok);
    default:
      return 4 + sizeof_SYMLINK3resfail((v as { resfail: SYMLINK3resfail }).resfail);
  }
}

export const codec_SYMLINK3res: XdrCodec<SYMLINK3res> = {
  name: 'SYMLINK3res',
  size: sizeof_SYMLINK3res,
  encode(w: XdrWriter, v: SYMLINK3res): void {
    try {
      encode_SYMLINK3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'SYMLINK3res');
    }
  },
  decode(r: XdrReader): SYMLINK3res {
    try {
      return decode_SYMLINK3res(r);
    } catch (e) {
      return xdrRethrow(e, 'SYMLINK3res');
    }
  },
};

/*
 * struct devicedata3 {
 *     sattr3    dev_attributes;
 *     specdata3 spec;
 * };
 */
export interface devicedata3 {
  dev_attributes: sattr3;
  spec: specdata3;
}

const paths_devicedata3 = ['.dev_attributes', '.spec'];

export function decode_devicedata3(r: XdrReader): devicedata3 {
  let at = 0;
  try {
    const f0 = decode_sattr3(r);
    at = 1;
    const f1 = decode_specdata3(r);
    return { dev_attributes: f0, spec: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_devicedata3[at]!);
  }
}

export function encode_devicedata3(w: XdrWriter, v: devicedata3): void {
  let at = 0;
  try {
    encode_sattr3(w, v.dev_attributes);
    at = 1;
    encode_specdata3(w, v.spec);
  } catch (e) {
    xdrRethrow(e, paths_devicedata3[at]!);
  }
}

export function sizeof_devicedata3(v: devicedata3): number {
  return 8 + sizeof_sattr3(v.dev_attributes);
}

export const codec_devicedata3: XdrCodec<devicedata3> = {
  name: 'devicedata3',
  size: sizeof_devicedata3,
  encode(w: XdrWriter, v: devicedata3): void {
    try {
      encode_devicedata3(w, v);
    } catch (e) {
      xdrRethrow(e, 'devicedata3');
    }
  },
  decode(r: XdrReader): devicedata3 {
    try {
      return decode_devicedata3(r);
    } catch (e) {
      return xdrRethrow(e, 'devicedata3');
    }
  },
};

/*
 * union mknoddata3 switch (ftype3 type) {
 * case NF3CHR:
 * case NF3BLK:
 *     devicedata3 device;
 * case NF3SOCK:
 * case NF3FIFO:
 *     sattr3 pipe_attributes;
 * default:
 *     void;
 * };
 */
export type mknoddata3 =
  | { type: 4 | 3; device: devicedata3 }
  | { type: 6 | 7; pipe_attributes: sattr3 }
  | { type: Exclude<ftype3, 4 | 3 | 6 | 7> };

export function decode_mknoddata3(r: XdrReader): mknoddata3 {
  let d;
  try {
    d = decode_ftype3(r);
  } catch (e) {
    return xdrRethrow(e, '.type');
  }
  switch (d) {
    case 4: case 3:
      try {
        return { type: d as (4 | 3), device: decode_devicedata3(r) };
      } catch (e) {
        return xdrRethrow(e, '.device');
      }
    case 6: case 7:
      try {
        return { type: d as (6 | 7), pipe_attributes: decode_sattr3(r) };
      } catch (e) {
        return xdrRethrow(e, '.pipe_attributes');
      }
    default:
      return { type: d as (Exclude<ftype3, 4 | 3 | 6 | 7>) };
  }
}

export function encode_mknoddata3(w: XdrWriter, v: mknoddata3): void {
  try {
    encode_ftype3(w, v.type);
  } catch (e) {
    xdrRethrow(e, '.type');
  }
  switch (v.type) {
    case 4: case 3:
      try {
        encode_devicedata3(w, (v as { device: devicedata3 }).device);
      } catch (e) {
        xdrRethrow(e, '.device');
      }
      return;
    case 6: case 7:
      try {
        encode_sattr3(w, (v as { pipe_attributes: sattr3 }).pipe_attributes);
      } catch (e) {
        xdrRethrow(e, '.pipe_attributes');
      }
      return;
    default:
      return;
  }
}

export function sizeof_mknoddata3(v: mknoddata3): number {
  switch (v.type) {
    case 4: case 3:
      return 4 + sizeof_devicedata3((v as { device: devicedata3 }).device);
    case 6: case 7:
      return 4 + sizeof_sattr3((v as { pipe_attributes: sattr3 }).pipe_attributes);
    default:
      return 4;
  }
}

export const codec_mknoddata3: XdrCodec<mknoddata3> = {
  name: 'mknoddata3',
  size: sizeof_mknoddata3,
  encode(w: XdrWriter, v: mknoddata3): void {
    try {
      encode_mknoddata3(w, v);
    } catch (e) {
      xdrRethrow(e, 'mknoddata3');
    }
  },
  decode(r: XdrReader): mknoddata3 {
    try {
      return decode_mknoddata3(r);
    } catch (e) {
      return xdrRethrow(e, 'mknoddata3');
    }
  },
};

/*
 * struct MKNOD3args {
 *     diropargs3 where;
 *     mknoddata3 what;
 * };
 */
export interface MKNOD3args {
  where: diropargs3;
  what: mknoddata3;
}

const paths_MKNOD3args = ['.where', '.what'];

export function decode_MKNOD3args(r: XdrReader): MKNOD3args {
  let at = 0;
  try {
    const f0 = decode_diropargs3(r);
    at = 1;
    const f1 = decode_mknoddata3(r);
    return { where: f0, what: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_MKNOD3args[at]!);
  }
}

export function encode_MKNOD3args(w: XdrWriter, v: MKNOD3args): void {
  let at = 0;
  try {
    encode_diropargs3(w, v.where);
    at = 1;
    encode_mknoddata3(w, v.what);
  } catch (e) {
    xdrRethrow(e, paths_MKNOD3args[at]!);
  }
}

export function sizeof_MKNOD3args(v: MKNOD3args): number {
  return 0 + sizeof_diropargs3(v.where) + sizeof_mknoddata3(v.what);
}

export const codec_MKNOD3args: XdrCodec<MKNOD3args> = {
  name: 'MKNOD3args',
  size: sizeof_MKNOD3args,
  encode(w: XdrWriter, v: MKNOD3args): void {
    try {
      encode_MKNOD3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'MKNOD3args');
    }
  },
  decode(r: XdrReader): MKNOD3args {
    try {
      return decode_MKNOD3args(r);
    } catch (e) {
      return xdrRethrow(e, 'MKNOD3args');
    }
  },
};

/*
 * struct MKNOD3resok {
 *     post_op_fh3  obj;
 *     post_op_attr obj_attributes;
 *     wcc_data     dir_wcc;
 * };
 */
export interface MKNOD3resok {
  obj: post_op_fh3;
  obj_attributes: post_op_attr;
  dir_wcc: wcc_data;
}

const paths_MKNOD3resok = ['.obj', '.obj_attributes', '.dir_wcc'];

export function decode_MKNOD3resok(r: XdrReader): MKNOD3resok {
  let at = 0;
  try {
    const f0 = decode_post_op_fh3(r);
    at = 1;
    const f1 = decode_post_op_attr(r);
    at = 2;
    const f2 = decode_wcc_data(r);
    return { obj: f0, obj_attributes: f1, dir_wcc: f2 };
  } catch (e) {
    return xdrRethrow(e, paths_MKNOD3resok[at]!);
  }
}

export function encode_MKNOD3resok(w: XdrWriter, v: MKNOD3resok): void {
  let at = 0;
  try {
    encode_post_op_fh3(w, v.obj);
    at = 1;
    encode_post_op_attr(w, v.obj_attributes);
    at = 2;
    encode_wcc_data(w, v.dir_wcc);
  } catch (e) {
    xdrRethrow(e, paths_MKNOD3resok[at]!);
  }
}

export function sizeof_MKNOD3resok(v: MKNOD3resok): number {
  return 0 + sizeof_post_op_fh3(v.obj) + sizeof_post_op_attr(v.obj_attributes) + sizeof_wcc_data(v.dir_wcc);
}

export const codec_MKNOD3resok: XdrCodec<MKNOD3resok> = {
  name: 'MKNOD3resok',
  size: sizeof_MKNOD3resok,
  encode(w: XdrWriter, v: MKNOD3resok): void {
    try {
      encode_MKNOD3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'MKNOD3resok');
    }
  },
  decode(r: XdrReader): MKNOD3resok {
    try {
      return decode_MKNOD3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'MKNOD3resok');
    }
  },
};

/*
 * struct MKNOD3resfail {
 *     wcc_data dir_wcc;
 * };
 */
export interface MKNOD3resfail {
  dir_wcc: wcc_data;
}

const paths_MKNOD3resfail = ['.dir_wcc'];

export function decode_MKNOD3resfail(r: XdrReader): MKNOD3resfail {
  try {
    const f0 = decode_wcc_data(r);
    return { dir_wcc: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_MKNOD3resfail[0]!);
  }
}

export function encode_MKNOD3resfail(w: XdrWriter, v: MKNOD3resfail): void {
  try {
    encode_wcc_data(w, v.dir_wcc);
  } catch (e) {
    xdrRethrow(e, paths_MKNOD3resfail[0]!);
  }
}

export function sizeof_MKNOD3resfail(v: MKNOD3resfail): number {
  return 0 + sizeof_wcc_data(v.dir_wcc);
}

export const codec_MKNOD3resfail: XdrCodec<MKNOD3resfail> = {
  name: 'MKNOD3resfail',
  size: sizeof_MKNOD3resfail,
  encode(w: XdrWriter, v: MKNOD3resfail): void {
    try {
      encode_MKNOD3resfail(w, v);
    } catch (e) {
      xdrRethrow(e, 'MKNOD3resfail');
    }
  },
  decode(r: XdrReader): MKNOD3resfail {
    try {
      return decode_MKNOD3resfail(r);
    } catch (e) {
      return xdrRethrow(e, 'MKNOD3resfail');
    }
  },
};

/*
 * union MKNOD3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     MKNOD3resok resok;
 * default:
 *     MKNOD3resfail resfail;
 * };
 */
export type MKNOD3res =
  | { status: 0; resok: MKNOD3resok }
  | { status: Exclude<nfsstat3, 0>; resfail: MKNOD3resfail };

export function decode_MKNOD3res(r: XdrReader): MKNOD3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_MKNOD3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      try {
        return { status: d as Exclude<nfsstat3, 0>, resfail: decode_MKNOD3resfail(r) };
      } catch (e) {
        return xdrRethrow(e, '.resfail');
      }
  }
}

export function encode_MKNOD3res(w: XdrWriter, v: MKNOD3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_MKNOD3resok(w, (v as { resok: MKNOD3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      try {
        encode_MKNOD3resfail(w, (v as { resfail: MKNOD3resfail }).resfail);
      } catch (e) {
        xdrRethrow(e, '.resfail');
      }
      return;
  }
}

export function sizeof_MKNOD3res(v: MKNOD3res): number {
  switch (v.status) {
    case 0:
      return 4 + sizeof_MKNOD3resok((v as { resok: MKNOD3resok }).resok);
    default:
      return 4 + sizeof_MKNOD3resfail((v as { resfail: MKNOD3resfail }).resfail);
  }
}

export const codec_MKNOD3res: XdrCodec<MKNOD3res> = {
  name: 'MKNOD3res',
  size: sizeof_MKNOD3res,
  encode(w: XdrWriter, v: MKNOD3res): void {
    try {
      encode_MKNOD3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'MKNOD3res');
    }
  },
  decode(r: XdrReader): MKNOD3res {
    try {
      return decode_MKNOD3res(r);
    } catch (e) {
      return xdrRethrow(e, 'MKNOD3res');
    }
  },
};

/*
 * struct REMOVE3args {
 *     diropargs3 object;
 * };
 */
export interface REMOVE3args {
  object: diropargs3;
}

const paths_REMOVE3args = ['.object'];

export function decode_REMOVE3args(r: XdrReader): REMOVE3args {
  try {
    const f0 = decode_diropargs3(r);
    return { object: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_REMOVE3args[0]!);
  }
}

export function encode_REMOVE3args(w: XdrWriter, v: REMOVE3args): void {
  try {
    encode_diropargs3(w, v.object);
  } catch (e) {
    xdrRethrow(e, paths_REMOVE3args[0]!);
  }
}

export function sizeof_REMOVE3args(v: REMOVE3args): number {
  return 0 + sizeof_diropargs3(v.object);
}

export const codec_REMOVE3args: XdrCodec<REMOVE3args> = {
  name: 'REMOVE3args',
  size: sizeof_REMOVE3args,
  encode(w: XdrWriter, v: REMOVE3args): void {
    try {
      encode_REMOVE3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'REMOVE3args');
    }
  },
  decode(r: XdrReader): REMOVE3args {
    try {
      return decode_REMOVE3args(r);
    } catch (e) {
      return xdrRethrow(e, 'REMOVE3args');
    }
  },
};

/*
 * struct REMOVE3resok {
 *     wcc_data dir_wcc;
 * };
 */
export interface REMOVE3resok {
  dir_wcc: wcc_data;
}

const paths_REMOVE3resok = ['.dir_wcc'];

export function decode_REMOVE3resok(r: XdrReader): REMOVE3resok {
  try {
    const f0 = decode_wcc_data(r);
    return { dir_wcc: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_REMOVE3resok[0]!);
  }
}

export function encode_REMOVE3resok(w: XdrWriter, v: REMOVE3resok): void {
  try {
    encode_wcc_data(w, v.dir_wcc);
  } catch (e) {
    xdrRethrow(e, paths_REMOVE3resok[0]!);
  }
}

export function sizeof_REMOVE3resok(v: REMOVE3resok): number {
  return 0 + sizeof_wcc_data(v.dir_wcc);
}

export const codec_REMOVE3resok: XdrCodec<REMOVE3resok> = {
  name: 'REMOVE3resok',
  size: sizeof_REMOVE3resok,
  encode(w: XdrWriter, v: REMOVE3resok): void {
    try {
      encode_REMOVE3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'REMOVE3resok');
    }
  },
  decode(r: XdrReader): REMOVE3resok {
    try {
      return decode_REMOVE3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'REMOVE3resok');
    }
  },
};

/*
 * struct REMOVE3resfail {
 *     wcc_data dir_wcc;
 * };
 */
export interface REMOVE3resfail {
  dir_wcc: wcc_data;
}

const paths_REMOVE3resfail = ['.dir_wcc'];

export function decode_REMOVE3resfail(r: XdrReader): REMOVE3resfail {
  try {
    const f0 = decode_wcc_data(r);
    return { dir_wcc: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_REMOVE3resfail[0]!);
  }
}

export function encode_REMOVE3resfail(w: XdrWriter, v: REMOVE3resfail): void {
  try {
    encode_wcc_data(w, v.dir_wcc);
  } catch (e) {
    xdrRethrow(e, paths_REMOVE3resfail[0]!);
  }
}

export function sizeof_REMOVE3resfail(v: REMOVE3resfail): number {
  return 0 + sizeof_wcc_data(v.dir_wcc);
}

export const codec_REMOVE3resfail: XdrCodec<REMOVE3resfail> = {
  name: 'REMOVE3resfail',
  size: sizeof_REMOVE3resfail,
  encode(w: XdrWriter, v: REMOVE3resfail): void {
    try {
      encode_REMOVE3resfail(w, v);
    } catch (e) {
      xdrRethrow(e, 'REMOVE3resfail');
    }
  },
  decode(r: XdrReader): REMOVE3resfail {
    try {
      return decode_REMOVE3resfail(r);
    } catch (e) {
      return xdrRethrow(e, 'REMOVE3resfail');
    }
  },
};

/*
 * union REMOVE3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     REMOVE3resok resok;
 * default:
 *     REMOVE3resfail resfail;
 * };
 */
export type REMOVE3res =
  | { status: 0; resok: REMOVE3resok }
  | { status: Exclude<nfsstat3, 0>; resfail: REMOVE3resfail };

export function decode_REMOVE3res(r: XdrReader): REMOVE3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_REMOVE3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      try {
        return { status: d as Exclude<nfsstat3, 0>, resfail: decode_REMOVE3resfail(r) };
      } catch (e) {
        return xdrRethrow(e, '.resfail');
      }
  }
}

export function encode_REMOVE3res(w: XdrWriter, v: REMOVE3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_REMOVE3resok(w, (v as { resok: REMOVE3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      try {
        encode_REMOVE3resfail(w, (v as { resfail: REMOVE3resfail }).resfail);
      } catch (e) {
        xdrRethrow(e, '.resfail');
      }
      return;
  }
}

export function sizeof_REMOVE3res(v: REMOVE3res): number {
  switch (v.status) {
    case 0:
      return 4 + sizeof_REMOVE3resok((v as { resok: REMOVE3resok }).resok);
    default:
      return 4 + sizeof_REMOVE3resfail((v as { resfail: REMOVE3resfail }).resfail);
  }
}

export const codec_REMOVE3res: XdrCodec<REMOVE3res> = {
  name: 'REMOVE3res',
  size: sizeof_REMOVE3res,
  encode(w: XdrWriter, v: REMOVE3res): void {
    try {
      encode_REMOVE3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'REMOVE3res');
    }
  },
  decode(r: XdrReader): REMOVE3res {
    try {
      return decode_REMOVE3res(r);
    } catch (e) {
      return xdrRethrow(e, 'REMOVE3res');
    }
  },
};

/*
 * struct RMDIR3args {
 *     diropargs3 object;
 * };
 */
export interface RMDIR3args {
  object: diropargs3;
}

const paths_RMDIR3args = ['.object'];

export function decode_RMDIR3args(r: XdrReader): RMDIR3args {
  try {
    const f0 = decode_diropargs3(r);
    return { object: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_RMDIR3args[0]!);
  }
}

export function encode_RMDIR3args(w: XdrWriter, v: RMDIR3args): void {
  try {
    encode_diropargs3(w, v.object);
  } catch (e) {
    xdrRethrow(e, paths_RMDIR3args[0]!);
  }
}

export function sizeof_RMDIR3args(v: RMDIR3args): number {
  return 0 + sizeof_diropargs3(v.object);
}

export const codec_RMDIR3args: XdrCodec<RMDIR3args> = {
  name: 'RMDIR3args',
  size: sizeof_RMDIR3args,
  encode(w: XdrWriter, v: RMDIR3args): void {
    try {
      encode_RMDIR3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'RMDIR3args');
    }
  },
  decode(r: XdrReader): RMDIR3args {
    try {
      return decode_RMDIR3args(r);
    } catch (e) {
      return xdrRethrow(e, 'RMDIR3args');
    }
  },
};

/*
 * struct RMDIR3resok {
 *     wcc_data dir_wcc;
 * };
 */
export interface RMDIR3resok {
  dir_wcc: wcc_data;
}

const paths_RMDIR3resok = ['.dir_wcc'];

export function decode_RMDIR3resok(r: XdrReader): RMDIR3resok {
  try {
    const f0 = decode_wcc_data(r);
    return { dir_wcc: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_RMDIR3resok[0]!);
  }
}

export function encode_RMDIR3resok(w: XdrWriter, v: RMDIR3resok): void {
  try {
    encode_wcc_data(w, v.dir_wcc);
  } catch (e) {
    xdrRethrow(e, paths_RMDIR3resok[0]!);
  }
}

export function sizeof_RMDIR3resok(v: RMDIR3resok): number {
  return 0 + sizeof_wcc_data(v.dir_wcc);
}

export const codec_RMDIR3resok: XdrCodec<RMDIR3resok> = {
  name: 'RMDIR3resok',
  size: sizeof_RMDIR3resok,
  encode(w: XdrWriter, v: RMDIR3resok): void {
    try {
      encode_RMDIR3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'RMDIR3resok');
    }
  },
  decode(r: XdrReader): RMDIR3resok {
    try {
      return decode_RMDIR3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'RMDIR3resok');
    }
  },
};

/*
 * struct RMDIR3resfail {
 *     wcc_data dir_wcc;
 * };
 */
export interface RMDIR3resfail {
  dir_wcc: wcc_data;
}

const paths_RMDIR3resfail = ['.dir_wcc'];

export function decode_RMDIR3resfail(r: XdrReader): RMDIR3resfail {
  try {
    const f0 = decode_wcc_data(r);
    return { dir_wcc: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_RMDIR3resfail[0]!);
  }
}

export function encode_RMDIR3resfail(w: XdrWriter, v: RMDIR3resfail): void {
  try {
    encode_wcc_data(w, v.dir_wcc);
  } catch (e) {
    xdrRethrow(e, paths_RMDIR3resfail[0]!);
  }
}

export function sizeof_RMDIR3resfail(v: RMDIR3resfail): number {
  return 0 + sizeof_wcc_data(v.dir_wcc);
}

export const codec_RMDIR3resfail: XdrCodec<RMDIR3resfail> = {
  name: 'RMDIR3resfail',
  size: sizeof_RMDIR3resfail,
  encode(w: XdrWriter, v: RMDIR3resfail): void {
    try {
      encode_RMDIR3resfail(w, v);
    } catch (e) {
      xdrRethrow(e, 'RMDIR3resfail');
    }
  },
  decode(r: XdrReader): RMDIR3resfail {
    try {
      return decode_RMDIR3resfail(r);
    } catch (e) {
      return xdrRethrow(e, 'RMDIR3resfail');
    }
  },
};

/*
 * union RMDIR3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     RMDIR3resok resok;
 * default:
 *     RMDIR3resfail resfail;
 * };
 */
export type RMDIR3res =
  | { status: 0; resok: RMDIR3resok }
  | { status: Exclude<nfsstat3, 0>; resfail: RMDIR3resfail };

export function decode_RMDIR3res(r: XdrReader): RMDIR3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_RMDIR3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      try {
        return { status: d as Exclude<nfsstat3, 0>, resfail: decode_RMDIR3resfail(r) };
      } catch (e) {
        return xdrRethrow(e, '.resfail');
      }
  }
}

export function encode_RMDIR3res(w: XdrWriter, v: RMDIR3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_RMDIR3resok(w, (v as { resok: RMDIR3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      try {
        encode_RMDIR3resfail(w, (v as { resfail: RMDIR3resfail }).resfail);
      } catch (e) {
        xdrRethrow(e, '.resfail');
      }
      return;
  }
}

export function sizeof_RMDIR3res(v: RMDIR3res): number {
  switch (v.status) {
    case 0:
      return 4 + sizeof_RMDIR3resok((v as { resok: RMDIR3resok }).resok);
    default:
      return 4 + sizeof_RMDIR3resfail((v as { resfail: RMDIR3resfail }).resfail);
  }
}

export const codec_RMDIR3res: XdrCodec<RMDIR3res> = {
  name: 'RMDIR3res',
  size: sizeof_RMDIR3res,
  encode(w: XdrWriter, v: RMDIR3res): void {
    try {
      encode_RMDIR3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'RMDIR3res');
    }
  },
  decode(r: XdrReader): RMDIR3res {
    try {
      return decode_RMDIR3res(r);
    } catch (e) {
      return xdrRethrow(e, 'RMDIR3res');
    }
  },
};

/*
 * struct RENAME3args {
 *     diropargs3 from;
 *     diropargs3 to;
 * };
 */
export interface RENAME3args {
  from: diropargs3;
  to: diropargs3;
}

const paths_RENAME3args = ['.from', '.to'];

export function decode_RENAME3args(r: XdrReader): RENAME3args {
  let at = 0;
  try {
    const f0 = decode_diropargs3(r);
    at = 1;
    const f1 = decode_diropargs3(r);
    return { from: f0, to: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_RENAME3args[at]!);
  }
}

export function encode_RENAME3args(w: XdrWriter, v: RENAME3args): void {
  let at = 0;
  try {
    encode_diropargs3(w, v.from);
    at = 1;
    encode_diropargs3(w, v.to);
  } catch (e) {
    xdrRethrow(e, paths_RENAME3args[at]!);
  }
}

export function sizeof_RENAME3args(v: RENAME3args): number {
  return 0 + sizeof_diropargs3(v.from) + sizeof_diropargs3(v.to);
}

export const codec_RENAME3args: XdrCodec<RENAME3args> = {
  name: 'RENAME3args',
  size: sizeof_RENAME3args,
  encode(w: XdrWriter, v: RENAME3args): void {
    try {
      encode_RENAME3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'RENAME3args');
    }
  },
  decode(r: XdrReader): RENAME3args {
    try {
      return decode_RENAME3args(r);
    } catch (e) {
      return xdrRethrow(e, 'RENAME3args');
    }
  },
};

/*
 * struct RENAME3resok {
 *     wcc_data fromdir_wcc;
 *     wcc_data todir_wcc;
 * };
 */
export interface RENAME3resok {
  fromdir_wcc: wcc_data;
  todir_wcc: wcc_data;
}

const paths_RENAME3resok = ['.fromdir_wcc', '.todir_wcc'];

export function decode_RENAME3resok(r: XdrReader): RENAME3resok {
  let at = 0;
  try {
    const f0 = decode_wcc_data(r);
    at = 1;
    const f1 = decode_wcc_data(r);
    return { fromdir_wcc: f0, todir_wcc: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_RENAME3resok[at]!);
  }
}

export function encode_RENAME3resok(w: XdrWriter, v: RENAME3resok): void {
  let at = 0;
  try {
    encode_wcc_data(w, v.fromdir_wcc);
    at = 1;
    encode_wcc_data(w, v.todir_wcc);
  } catch (e) {
    xdrRethrow(e, paths_RENAME3resok[at]!);
  }
}

export function sizeof_RENAME3resok(v: RENAME3resok): number {
  return 0 + sizeof_wcc_data(v.fromdir_wcc) + sizeof_wcc_data(v.todir_wcc);
}

export const codec_RENAME3resok: XdrCodec<RENAME3resok> = {
  name: 'RENAME3resok',
  size: sizeof_RENAME3resok,
  encode(w: XdrWriter, v: RENAME3resok): void {
    try {
      encode_RENAME3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'RENAME3resok');
    }
  },
  decode(r: XdrReader): RENAME3resok {
    try {
      return decode_RENAME3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'RENAME3resok');
    }
  },
};

/*
 * struct RENAME3resfail {
 *     wcc_data fromdir_wcc;
 *     wcc_data todir_wcc;
 * };
 */
export interface RENAME3resfail {
  fromdir_wcc: wcc_data;
  todir_wcc: wcc_data;
}

const paths_RENAME3resfail = ['.fromdir_wcc', '.todir_wcc'];

export function decode_RENAME3resfail(r: XdrReader): RENAME3resfail {
  let at = 0;
  try {
    const f0 = decode_wcc_data(r);
    at = 1;
    const f1 = decode_wcc_data(r);
    return { fromdir_wcc: f0, todir_wcc: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_RENAME3resfail[at]!);
  }
}

export function encode_RENAME3resfail(w: XdrWriter, v: RENAME3resfail): void {
  let at = 0;
  try {
    encode_wcc_data(w, v.fromdir_wcc);
    at = 1;
    encode_wcc_data(w, v.todir_wcc);
  } catch (e) {
    xdrRethrow(e, paths_RENAME3resfail[at]!);
  }
}

export function sizeof_RENAME3resfail(v: RENAME3resfail): number {
  return 0 + sizeof_wcc_data(v.fromdir_wcc) + sizeof_wcc_data(v.todir_wcc);
}

export const codec_RENAME3resfail: XdrCodec<RENAME3resfail> = {
  name: 'RENAME3resfail',
  size: sizeof_RENAME3resfail,
  encode(w: XdrWriter, v: RENAME3resfail): void {
    try {
      encode_RENAME3resfail(w, v);
    } catch (e) {
      xdrRethrow(e, 'RENAME3resfail');
    }
  },
  decode(r: XdrReader): RENAME3resfail {
    try {
      return decode_RENAME3resfail(r);
    } catch (e) {
      return xdrRethrow(e, 'RENAME3resfail');
    }
  },
};

/*
 * union RENAME3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     RENAME3resok resok;
 * default:
 *     RENAME3resfail resfail;
 * };
 */
export type RENAME3res =
  | { status: 0; resok: RENAME3resok }
  | { status: Exclude<nfsstat3, 0>; resfail: RENAME3resfail };

export function decode_RENAME3res(r: XdrReader): RENAME3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_RENAME3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      try {
        return { status: d as Exclude<nfsstat3, 0>, resfail: decode_RENAME3resfail(r) };
      } catch (e) {
        return xdrRethrow(e, '.resfail');
      }
  }
}

export function encode_RENAME3res(w: XdrWriter, v: RENAME3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_RENAME3resok(w, (v as { resok: RENAME3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      try {
        encode_RENAME3resfail(w, (v as { resfail: RENAME3resfail }).resfail);
      } catch (e) {
        xdrRethrow(e, '.resfail');
      }
      return;
  }
}

export function sizeof_RENAME3res(v: RENAME3res): number {
  switch (v.status) {
    case 0:
      return 4 + sizeof_RENAME3resok((v as { resok: RENAME3resok }).resok);
    default:
      return 4 + sizeof_RENAME3resfail((v as { resfail: RENAME3resfail }).resfail);
  }
}

export const codec_RENAME3res: XdrCodec<RENAME3res> = {
  name: 'RENAME3res',
  size: sizeof_RENAME3res,
  encode(w: XdrWriter, v: RENAME3res): void {
    try {
      encode_RENAME3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'RENAME3res');
    }
  },
  decode(r: XdrReader): RENAME3res {
    try {
      return decode_RENAME3res(r);
    } catch (e) {
      return xdrRethrow(e, 'RENAME3res');
    }
  },
};

/*
 * struct LINK3args {
 *     nfs_fh3    file;
 *     diropargs3 link;
 * };
 */
export interface LINK3args {
  file: nfs_fh3;
  link: diropargs3;
}

const paths_LINK3args = ['.file', '.link'];

export function decode_LINK3args(r: XdrReader): LINK3args {
  let at = 0;
  try {
    const f0 = decode_nfs_fh3(r);
    at = 1;
    const f1 = decode_diropargs3(r);
    return { file: f0, link: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_LINK3args[at]!);
  }
}

export function encode_LINK3args(w: XdrWriter, v: LINK3args): void {
  let at = 0;
  try {
    encode_nfs_fh3(w, v.file);
    at = 1;
    encode_diropargs3(w, v.link);
  } catch (e) {
    xdrRethrow(e, paths_LINK3args[at]!);
  }
}

export function sizeof_LINK3args(v: LINK3args): number {
  return 0 + sizeof_nfs_fh3(v.file) + sizeof_diropargs3(v.link);
}

export const codec_LINK3args: XdrCodec<LINK3args> = {
  name: 'LINK3args',
  size: sizeof_LINK3args,
  encode(w: XdrWriter, v: LINK3args): void {
    try {
      encode_LINK3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'LINK3args');
    }
  },
  decode(r: XdrReader): LINK3args {
    try {
      return decode_LINK3args(r);
    } catch (e) {
      return xdrRethrow(e, 'LINK3args');
    }
  },
};

/*
 * struct LINK3resok {
 *     post_op_attr file_attributes;
 *     wcc_data     linkdir_wcc;
 * };
 */
export interface LINK3resok {
  file_attributes: post_op_attr;
  linkdir_wcc: wcc_data;
}

const paths_LINK3resok = ['.file_attributes', '.linkdir_wcc'];

export function decode_LINK3resok(r: XdrReader): LINK3resok {
  let at = 0;
  try {
    const f0 = decode_post_op_attr(r);
    at = 1;
    const f1 = decode_wcc_data(r);
    return { file_attributes: f0, linkdir_wcc: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_LINK3resok[at]!);
  }
}

export function encode_LINK3resok(w: XdrWriter, v: LINK3resok): void {
  let at = 0;
  try {
    encode_post_op_attr(w, v.file_attributes);
    at = 1;
    encode_wcc_data(w, v.linkdir_wcc);
  } catch (e) {
    xdrRethrow(e, paths_LINK3resok[at]!);
  }
}

export function sizeof_LINK3resok(v: LINK3resok): number {
  return 0 + sizeof_post_op_attr(v.file_attributes) + sizeof_wcc_data(v.linkdir_wcc);
}

export const codec_LINK3resok: XdrCodec<LINK3resok> = {
  name: 'LINK3resok',
  size: sizeof_LINK3resok,
  encode(w: XdrWriter, v: LINK3resok): void {
    try {
      encode_LINK3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'LINK3resok');
    }
  },
  decode(r: XdrReader): LINK3resok {
    try {
      return decode_LINK3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'LINK3resok');
    }
  },
};

/*
 * struct LINK3resfail {
 *     post_op_attr file_attributes;
 *     wcc_data     linkdir_wcc;
 * };
 */
export interface LINK3resfail {
  file_attributes: post_op_attr;
  linkdir_wcc: wcc_data;
}

const paths_LINK3resfail = ['.file_attributes', '.linkdir_wcc'];

export function decode_LINK3resfail(r: XdrReader): LINK3resfail {
  let at = 0;
  try {
    const f0 = decode_post_op_attr(r);
    at = 1;
    const f1 = decode_wcc_data(r);
    return { file_attributes: f0, linkdir_wcc: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_LINK3resfail[at]!);
  }
}

export function encode_LINK3resfail(w: XdrWriter, v: LINK3resfail): void {
  let at = 0;
  try {
    encode_post_op_attr(w, v.file_attributes);
    at = 1;
    encode_wcc_data(w, v.linkdir_wcc);
  } catch (e) {
    xdrRethrow(e, paths_LINK3resfail[at]!);
  }
}

export function sizeof_LINK3resfail(v: LINK3resfail): number {
  return 0 + sizeof_post_op_attr(v.file_attributes) + sizeof_wcc_data(v.linkdir_wcc);
}

export const codec_LINK3resfail: XdrCodec<LINK3resfail> = {
  name: 'LINK3resfail',
  size: sizeof_LINK3resfail,
  encode(w: XdrWriter, v: LINK3resfail): void {
    try {
      encode_LINK3resfail(w, v);
    } catch (e) {
      xdrRethrow(e, 'LINK3resfail');
    }
  },
  decode(r: XdrReader): LINK3resfail {
    try {
      return decode_LINK3resfail(r);
    } catch (e) {
      return xdrRethrow(e, 'LINK3resfail');
    }
  },
};

/*
 * union LINK3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     LINK3resok resok;
 * default:
 *     LINK3resfail resfail;
 * };
 */
export type LINK3res =
  | { status: 0; resok: LINK3resok }
  | { status: Exclude<nfsstat3, 0>; resfail: LINK3resfail };

export function decode_LINK3res(r: XdrReader): LINK3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_LINK3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      try {
        return { status: d as Exclude<nfsstat3, 0>, resfail: decode_LINK3resfail(r) };
      } catch (e) {
        return xdrRethrow(e, '.resfail');
      }
  }
}

export function encode_LINK3res(w: XdrWriter, v: LINK3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_LINK3resok(w, (v as { resok: LINK3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      try {
        encode_LINK3resfail(w, (v as { resfail: LINK3resfail }).resfail);
      } catch (e) {
        xdrRethrow(e, '.resfail');
      }
      return;
  }
}

export function sizeof_LINK3res(v: LINK3res): number {
  switch (v.status) {
    case 0:
      return 4 + sizeof_LINK3resok((v as { resok: LINK3resok }).resok);
    default:
      return 4 + sizeof_LINK3resfail((v as { resfail: LINK3resfail }).resfail);
  }
}

export const codec_LINK3res: XdrCodec<LINK3res> = {
  name: 'LINK3res',
  size: sizeof_LINK3res,
  encode(w: XdrWriter, v: LINK3res): void {
    try {
      encode_LINK3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'LINK3res');
    }
  },
  decode(r: XdrReader): LINK3res {
    try {
      return decode_LINK3res(r);
    } catch (e) {
      return xdrRethrow(e, 'LINK3res');
    }
  },
};

/*
 * struct READDIR3args {
 *     nfs_fh3     dir;
 *     cookie3     cookie;
 *     cookieverf3 cookieverf;
 *     count3      count;
 * };
 */
export interface READDIR3args {
  dir: nfs_fh3;
  cookie: cookie3;
  cookieverf: cookieverf3;
  count: count3;
}

const paths_READDIR3args = ['.dir', '.cookie', '.cookieverf', '.count'];

export function decode_READDIR3args(r: XdrReader): READDIR3args {
  let at = 0;
  try {
    const f0 = decode_nfs_fh3(r);
    at = 1;
    const f1 = r.uhyper();
    at = 2;
    const f2 = r.fixedOpaque(8);
    at = 3;
    const f3 = r.uint();
    return { dir: f0, cookie: f1, cookieverf: f2, count: f3 };
  } catch (e) {
    return xdrRethrow(e, paths_READDIR3args[at]!);
  }
}

export function encode_READDIR3args(w: XdrWriter, v: READDIR3args): void {
  let at = 0;
  try {
    encode_nfs_fh3(w, v.dir);
    at = 1;
    w.uhyper(v.cookie);
    at = 2;
    w.fixedOpaque(v.cookieverf, 8);
    at = 3;
    w.uint(v.count);
  } catch (e) {
    xdrRethrow(e, paths_READDIR3args[at]!);
  }
}

export function sizeof_READDIR3args(v: READDIR3args): number {
  return 20 + sizeof_nfs_fh3(v.dir);
}

export const codec_READDIR3args: XdrCodec<READDIR3args> = {
  name: 'READDIR3args',
  size: sizeof_READDIR3args,
  encode(w: XdrWriter, v: READDIR3args): void {
    try {
      encode_READDIR3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'READDIR3args');
    }
  },
  decode(r: XdrReader): READDIR3args {
    try {
      return decode_READDIR3args(r);
    } catch (e) {
      return xdrRethrow(e, 'READDIR3args');
    }
  },
};

/*
 * struct entry3 {
 *     fileid3   fileid;
 *     filename3 name;
 *     cookie3   cookie;
 *     entry3    *nextentry;
 * };
 */
/* entry3 is a list node: its 'nextentry' pointer is represented by the array that holds it. */
export interface entry3 {
  fileid: fileid3;
  name: filename3;
  cookie: cookie3;
}

const paths_entry3 = ['.fileid', '.name', '.cookie'];

export function decode_entry3(r: XdrReader): entry3 {
  let at = 0;
  try {
    const f0 = r.uhyper();
    at = 1;
    const f1 = r.varOpaque(undefined);
    at = 2;
    const f2 = r.uhyper();
    return { fileid: f0, name: f1, cookie: f2 };
  } catch (e) {
    return xdrRethrow(e, paths_entry3[at]!);
  }
}

export function encode_entry3(w: XdrWriter, v: entry3): void {
  let at = 0;
  try {
    w.uhyper(v.fileid);
    at = 1;
    w.varOpaque(v.name, undefined);
    at = 2;
    w.uhyper(v.cookie);
  } catch (e) {
    xdrRethrow(e, paths_entry3[at]!);
  }
}

export function sizeof_entry3(v: entry3): number {
  return 16 + (4 + ((v.name.length + 3) & ~3));
}

export const codec_entry3: XdrCodec<entry3> = {
  name: 'entry3',
  size: sizeof_entry3,
  encode(w: XdrWriter, v: entry3): void {
    try {
      encode_entry3(w, v);
    } catch (e) {
      xdrRethrow(e, 'entry3');
    }
  },
  decode(r: XdrReader): entry3 {
    try {
      return decode_entry3(r);
    } catch (e) {
      return xdrRethrow(e, 'entry3');
    }
  },
};

/*
 * struct dirlist3 {
 *     entry3 *entries;
 *     bool   eof;
 * };
 */
export interface dirlist3 {
  entries: entry3[];
  eof: boolean;
}

const paths_dirlist3 = ['.entries', '.eof'];

export function decode_dirlist3(r: XdrReader): dirlist3 {
  let at = 0;
  try {
    const f0 = h$list_entry3.decode(r);
    at = 1;
    const f1 = r.bool();
    return { entries: f0, eof: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_dirlist3[at]!);
  }
}

export function encode_dirlist3(w: XdrWriter, v: dirlist3): void {
  let at = 0;
  try {
    h$list_entry3.encode(w, v.entries);
    at = 1;
    w.bool(v.eof);
  } catch (e) {
    xdrRethrow(e, paths_dirlist3[at]!);
  }
}

export function sizeof_dirlist3(v: dirlist3): number {
  return 4 + h$list_entry3.size(v.entries);
}

export const codec_dirlist3: XdrCodec<dirlist3> = {
  name: 'dirlist3',
  size: sizeof_dirlist3,
  encode(w: XdrWriter, v: dirlist3): void {
    try {
      encode_dirlist3(w, v);
    } catch (e) {
      xdrRethrow(e, 'dirlist3');
    }
  },
  decode(r: XdrReader): dirlist3 {
    try {
      return decode_dirlist3(r);
    } catch (e) {
      return xdrRethrow(e, 'dirlist3');
    }
  },
};

/*
 * struct READDIR3resok {
 *     post_op_attr dir_attributes;
 *     cookieverf3  cookieverf;
 *     dirlist3     reply;
 * };
 */
export interface READDIR3resok {
  dir_attributes: post_op_attr;
  cookieverf: cookieverf3;
  reply: dirlist3;
}

const paths_READDIR3resok = ['.dir_attributes', '.cookieverf', '.reply'];

export function decode_READDIR3resok(r: XdrReader): READDIR3resok {
  let at = 0;
  try {
    const f0 = decode_post_op_attr(r);
    at = 1;
    const f1 = r.fixedOpaque(8);
    at = 2;
    const f2 = decode_dirlist3(r);
    return { dir_attributes: f0, cookieverf: f1, reply: f2 };
  } catch (e) {
    return xdrRethrow(e, paths_READDIR3resok[at]!);
  }
}

export function encode_READDIR3resok(w: XdrWriter, v: READDIR3resok): void {
  let at = 0;
  try {
    encode_post_op_attr(w, v.dir_attributes);
    at = 1;
    w.fixedOpaque(v.cookieverf, 8);
    at = 2;
    encode_dirlist3(w, v.reply);
  } catch (e) {
    xdrRethrow(e, paths_READDIR3resok[at]!);
  }
}

export function sizeof_READDIR3resok(v: READDIR3resok): number {
  return 8 + sizeof_post_op_attr(v.dir_attributes) + sizeof_dirlist3(v.reply);
}

export const codec_READDIR3resok: XdrCodec<READDIR3resok> = {
  name: 'READDIR3resok',
  size: sizeof_READDIR3resok,
  encode(w: XdrWriter, v: READDIR3resok): void {
    try {
      encode_READDIR3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'READDIR3resok');
    }
  },
  decode(r: XdrReader): READDIR3resok {
    try {
      return decode_READDIR3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'READDIR3resok');
    }
  },
};

/*
 * struct READDIR3resfail {
 *     post_op_attr dir_attributes;
 * };
 */
export interface READDIR3resfail {
  dir_attributes: post_op_attr;
}

const paths_READDIR3resfail = ['.dir_attributes'];

export function decode_READDIR3resfail(r: XdrReader): READDIR3resfail {
  try {
    const f0 = decode_post_op_attr(r);
    return { dir_attributes: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_READDIR3resfail[0]!);
  }
}

export function encode_READDIR3resfail(w: XdrWriter, v: READDIR3resfail): void {
  try {
    encode_post_op_attr(w, v.dir_attributes);
  } catch (e) {
    xdrRethrow(e, paths_READDIR3resfail[0]!);
  }
}

export function sizeof_READDIR3resfail(v: READDIR3resfail): number {
  return 0 + sizeof_post_op_attr(v.dir_attributes);
}

export const codec_READDIR3resfail: XdrCodec<READDIR3resfail> = {
  name: 'READDIR3resfail',
  size: sizeof_READDIR3resfail,
  encode(w: XdrWriter, v: READDIR3resfail): void {
    try {
      encode_READDIR3resfail(w, v);
    } catch (e) {
      xdrRethrow(e, 'READDIR3resfail');
    }
  },
  decode(r: XdrReader): READDIR3resfail {
    try {
      return decode_READDIR3resfail(r);
    } catch (e) {
      return xdrRethrow(e, 'READDIR3resfail');
    }
  },
};

/*
 * union READDIR3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     READDIR3resok resok;
 * default:
 *     READDIR3resfail resfail;
 * };
 */
export type READDIR3res =
  | { status: 0; resok: READDIR3resok }
  | { status: Exclude<nfsstat3, 0>; resfail: READDIR3resfail };

export function decode_READDIR3res(r: XdrReader): READDIR3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_READDIR3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      try {
        return { status: d as Exclude<nfsstat3, 0>, resfail: decode_READDIR3resfail(r) };
      } catch (e) {
        return xdrRethrow(e, '.resfail');
      }
  }
}

export function encode_READDIR3res(w: XdrWriter, v: READDIR3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_READDIR3resok(w, (v as { resok: READDIR3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      try {
        encode_READDIR3resfail(w, (v as { resfail: READDIR3resfail }).resfail);
      } catch (e) {
        xdrRethrow(e, '.resfail');
      }
      return;
  }
}

export function sizeof_READDIR3res(v: READDIR3res): number {
  switch (v.status) {
    case 0:
      return 4 + sizeof_READDIR3resok((v as { resok: READDIR3resok }).resok);
    default:
      return 4 + sizeof_READDIR3resfail((v as { resfail: READDIR3resfail }).resfail);
  }
}

export const codec_READDIR3res: XdrCodec<READDIR3res> = {
  name: 'READDIR3res',
  size: sizeof_READDIR3res,
  encode(w: XdrWriter, v: READDIR3res): void {
    try {
      encode_READDIR3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'READDIR3res');
    }
  },
  decode(r: XdrReader): READDIR3res {
    try {
      return decode_READDIR3res(r);
    } catch (e) {
      return xdrRethrow(e, 'READDIR3res');
    }
  },
};

/*
 * struct READDIRPLUS3args {
 *     nfs_fh3     dir;
 *     cookie3     cookie;
 *     cookieverf3 cookieverf;
 *     count3      dircount;
 *     count3      maxcount;
 * };
 */
export interface READDIRPLUS3args {
  dir: nfs_fh3;
  cookie: cookie3;
  cookieverf: cookieverf3;
  dircount: count3;
  maxcount: count3;
}

const paths_READDIRPLUS3args = ['.dir', '.cookie', '.cookieverf', '.dircount', '.maxcount'];

export function decode_READDIRPLUS3args(r: XdrReader): READDIRPLUS3args {
  let at = 0;
  try {
    const f0 = decode_nfs_fh3(r);
    at = 1;
    const f1 = r.uhyper();
    at = 2;
    const f2 = r.fixedOpaque(8);
    at = 3;
    const f3 = r.uint();
    at = 4;
    const f4 = r.uint();
    return { dir: f0, cookie: f1, cookieverf: f2, dircount: f3, maxcount: f4 };
  } catch (e) {
    return xdrRethrow(e, paths_READDIRPLUS3args[at]!);
  }
}

export function encode_READDIRPLUS3args(w: XdrWriter, v: READDIRPLUS3args): void {
  let at = 0;
  try {
    encode_nfs_fh3(w, v.dir);
    at = 1;
    w.uhyper(v.cookie);
    at = 2;
    w.fixedOpaque(v.cookieverf, 8);
    at = 3;
    w.uint(v.dircount);
    at = 4;
    w.uint(v.maxcount);
  } catch (e) {
    xdrRethrow(e, paths_READDIRPLUS3args[at]!);
  }
}

export function sizeof_READDIRPLUS3args(v: READDIRPLUS3args): number {
  return 24 + sizeof_nfs_fh3(v.dir);
}

export const codec_READDIRPLUS3args: XdrCodec<READDIRPLUS3args> = {
  name: 'READDIRPLUS3args',
  size: sizeof_READDIRPLUS3args,
  encode(w: XdrWriter, v: READDIRPLUS3args): void {
    try {
      encode_READDIRPLUS3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'READDIRPLUS3args');
    }
  },
  decode(r: XdrReader): READDIRPLUS3args {
    try {
      return decode_READDIRPLUS3args(r);
    } catch (e) {
      return xdrRethrow(e, 'READDIRPLUS3args');
    }
  },
};

/*
 * struct entryplus3 {
 *     fileid3      fileid;
 *     filename3    name;
 *     cookie3      cookie;
 *     post_op_attr name_attributes;
 *     post_op_fh3  name_handle;
 *     entryplus3   *nextentry;
 * };
 */
/* entryplus3 is a list node: its 'nextentry' pointer is represented by the array that holds it. */
export interface entryplus3 {
  fileid: fileid3;
  name: filename3;
  cookie: cookie3;
  name_attributes: post_op_attr;
  name_handle: post_op_fh3;
}

const paths_entryplus3 = ['.fileid', '.name', '.cookie', '.name_attributes', '.name_handle'];

export function decode_entryplus3(r: XdrReader): entryplus3 {
  let at = 0;
  try {
    const f0 = r.uhyper();
    at = 1;
    const f1 = r.varOpaque(undefined);
    at = 2;
    const f2 = r.uhyper();
    at = 3;
    const f3 = decode_post_op_attr(r);
    at = 4;
    const f4 = decode_post_op_fh3(r);
    return { fileid: f0, name: f1, cookie: f2, name_attributes: f3, name_handle: f4 };
  } catch (e) {
    return xdrRethrow(e, paths_entryplus3[at]!);
  }
}

export function encode_entryplus3(w: XdrWriter, v: entryplus3): void {
  let at = 0;
  try {
    w.uhyper(v.fileid);
    at = 1;
    w.varOpaque(v.name, undefined);
    at = 2;
    w.uhyper(v.cookie);
    at = 3;
    encode_post_op_attr(w, v.name_attributes);
    at = 4;
    encode_post_op_fh3(w, v.name_handle);
  } catch (e) {
    xdrRethrow(e, paths_entryplus3[at]!);
  }
}

export function sizeof_entryplus3(v: entryplus3): number {
  return 16 + (4 + ((v.name.length + 3) & ~3)) + sizeof_post_op_attr(v.name_attributes) + sizeof_post_op_fh3(v.name_handle);
}

export const codec_entryplus3: XdrCodec<entryplus3> = {
  name: 'entryplus3',
  size: sizeof_entryplus3,
  encode(w: XdrWriter, v: entryplus3): void {
    try {
      encode_entryplus3(w, v);
    } catch (e) {
      xdrRethrow(e, 'entryplus3');
    }
  },
  decode(r: XdrReader): entryplus3 {
    try {
      return decode_entryplus3(r);
    } catch (e) {
      return xdrRethrow(e, 'entryplus3');
    }
  },
};

/*
 * struct dirlistplus3 {
 *     entryplus3 *entries;
 *     bool       eof;
 * };
 */
export interface dirlistplus3 {
  entries: entryplus3[];
  eof: boolean;
}

const paths_dirlistplus3 = ['.entries', '.eof'];

export function decode_dirlistplus3(r: XdrReader): dirlistplus3 {
  let at = 0;
  try {
    const f0 = h$list_entryplus3.decode(r);
    at = 1;
    const f1 = r.bool();
    return { entries: f0, eof: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_dirlistplus3[at]!);
  }
}

export function encode_dirlistplus3(w: XdrWriter, v: dirlistplus3): void {
  let at = 0;
  try {
    h$list_entryplus3.encode(w, v.entries);
    at = 1;
    w.bool(v.eof);
  } catch (e) {
    xdrRethrow(e, paths_dirlistplus3[at]!);
  }
}

export function sizeof_dirlistplus3(v: dirlistplus3): number {
  return 4 + h$list_entryplus3.size(v.entries);
}

export const codec_dirlistplus3: XdrCodec<dirlistplus3> = {
  name: 'dirlistplus3',
  size: sizeof_dirlistplus3,
  encode(w: XdrWriter, v: dirlistplus3): void {
    try {
      encode_dirlistplus3(w, v);
    } catch (e) {
      xdrRethrow(e, 'dirlistplus3');
    }
  },
  decode(r: XdrReader): dirlistplus3 {
    try {
      return decode_dirlistplus3(r);
    } catch (e) {
      return xdrRethrow(e, 'dirlistplus3');
    }
  },
};

/*
 * struct READDIRPLUS3resok {
 *     post_op_attr dir_attributes;
 *     cookieverf3  cookieverf;
 *     dirlistplus3 reply;
 * };
 */
export interface READDIRPLUS3resok {
  dir_attributes: post_op_attr;
  cookieverf: cookieverf3;
  reply: dirlistplus3;
}

const paths_READDIRPLUS3resok = ['.dir_attributes', '.cookieverf', '.reply'];

export function decode_READDIRPLUS3resok(r: XdrReader): READDIRPLUS3resok {
  let at = 0;
  try {
    const f0 = decode_post_op_attr(r);
    at = 1;
    const f1 = r.fixedOpaque(8);
    at = 2;
    const f2 = decode_dirlistplus3(r);
    return { dir_attributes: f0, cookieverf: f1, reply: f2 };
  } catch (e) {
    return xdrRethrow(e, paths_READDIRPLUS3resok[at]!);
  }
}

export function encode_READDIRPLUS3resok(w: XdrWriter, v: READDIRPLUS3resok): void {
  let at = 0;
  try {
    encode_post_op_attr(w, v.dir_attributes);
    at = 1;
    w.fixedOpaque(v.cookieverf, 8);
    at = 2;
    encode_dirlistplus3(w, v.reply);
  } catch (e) {
    xdrRethrow(e, paths_READDIRPLUS3resok[at]!);
  }
}

export function sizeof_READDIRPLUS3resok(v: READDIRPLUS3resok): number {
  return 8 + sizeof_post_op_attr(v.dir_attributes) + sizeof_dirlistplus3(v.reply);
}

export const codec_READDIRPLUS3resok: XdrCodec<READDIRPLUS3resok> = {
  name: 'READDIRPLUS3resok',
  size: sizeof_READDIRPLUS3resok,
  encode(w: XdrWriter, v: READDIRPLUS3resok): void {
    try {
      encode_READDIRPLUS3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'READDIRPLUS3resok');
    }
  },
  decode(r: XdrReader): READDIRPLUS3resok {
    try {
      return decode_READDIRPLUS3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'READDIRPLUS3resok');
    }
  },
};

/*
 * struct READDIRPLUS3resfail {
 *     post_op_attr dir_attributes;
 * };
 */
export interface READDIRPLUS3resfail {
  dir_attributes: post_op_attr;
}

const paths_READDIRPLUS3resfail = ['.dir_attributes'];

export function decode_READDIRPLUS3resfail(r: XdrReader): READDIRPLUS3resfail {
  try {
    const f0 = decode_post_op_attr(r);
    return { dir_attributes: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_READDIRPLUS3resfail[0]!);
  }
}

export function encode_READDIRPLUS3resfail(w: XdrWriter, v: READDIRPLUS3resfail): void {
  try {
    encode_post_op_attr(w, v.dir_attributes);
  } catch (e) {
    xdrRethrow(e, paths_READDIRPLUS3resfail[0]!);
  }
}

export function sizeof_READDIRPLUS3resfail(v: READDIRPLUS3resfail): number {
  return 0 + sizeof_post_op_attr(v.dir_attributes);
}

export const codec_READDIRPLUS3resfail: XdrCodec<READDIRPLUS3resfail> = {
  name: 'READDIRPLUS3resfail',
  size: sizeof_READDIRPLUS3resfail,
  encode(w: XdrWriter, v: READDIRPLUS3resfail): void {
    try {
      encode_READDIRPLUS3resfail(w, v);
    } catch (e) {
      xdrRethrow(e, 'READDIRPLUS3resfail');
    }
  },
  decode(r: XdrReader): READDIRPLUS3resfail {
    try {
      return decode_READDIRPLUS3resfail(r);
    } catch (e) {
      return xdrRethrow(e, 'READDIRPLUS3resfail');
    }
  },
};

/*
 * union READDIRPLUS3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     READDIRPLUS3resok resok;
 * default:
 *     READDIRPLUS3resfail resfail;
 * };
 */
export type READDIRPLUS3res =
  | { status: 0; resok: READDIRPLUS3resok }
  | { status: Exclude<nfsstat3, 0>; resfail: READDIRPLUS3resfail };

export function decode_READDIRPLUS3res(r: XdrReader): READDIRPLUS3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_READDIRPLUS3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      try {
        return { status: d as Exclude<nfsstat3, 0>, resfail: decode_READDIRPLUS3resfail(r) };
      } catch (e) {
        return xdrRethrow(e, '.resfail');
      }
  }
}

export function encode_READDIRPLUS3res(w: XdrWriter, v: READDIRPLUS3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_READDIRPLUS3resok(w, (v as { resok: READDIRPLUS3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      try {
        encode_READDIRPLUS3resfail(w, (v as { resfail: READDIRPLUS3resfail }).resfail);
      } catch (e) {
        xdrRethrow(e, '.resfail');
      }
      return;
  }
}

export function sizeof_READDIRPLUS3res(v: READDIRPLUS3res): number {
  switch (v.status) {
    case 0:
      return 4 + sizeof_READDIRPLUS3resok((v as { resok: READDIRPLUS3resok }).resok);
    default:
      return 4 + sizeof_READDIRPLUS3resfail((v as { resfail: READDIRPLUS3resfail }).resfail);
  }
}

export const codec_READDIRPLUS3res: XdrCodec<READDIRPLUS3res> = {
  name: 'READDIRPLUS3res',
  size: sizeof_READDIRPLUS3res,
  encode(w: XdrWriter, v: READDIRPLUS3res): void {
    try {
      encode_READDIRPLUS3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'READDIRPLUS3res');
    }
  },
  decode(r: XdrReader): READDIRPLUS3res {
    try {
      return decode_READDIRPLUS3res(r);
    } catch (e) {
      return xdrRethrow(e, 'READDIRPLUS3res');
    }
  },
};

/*
 * struct FSSTAT3args {
 *     nfs_fh3 fsroot;
 * };
 */
export interface FSSTAT3args {
  fsroot: nfs_fh3;
}

const paths_FSSTAT3args = ['.fsroot'];

export function decode_FSSTAT3args(r: XdrReader): FSSTAT3args {
  try {
    const f0 = decode_nfs_fh3(r);
    return { fsroot: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_FSSTAT3args[0]!);
  }
}

export function encode_FSSTAT3args(w: XdrWriter, v: FSSTAT3args): void {
  try {
    encode_nfs_fh3(w, v.fsroot);
  } catch (e) {
    xdrRethrow(e, paths_FSSTAT3args[0]!);
  }
}

export function sizeof_FSSTAT3args(v: FSSTAT3args): number {
  return 0 + sizeof_nfs_fh3(v.fsroot);
}

export const codec_FSSTAT3args: XdrCodec<FSSTAT3args> = {
  name: 'FSSTAT3args',
  size: sizeof_FSSTAT3args,
  encode(w: XdrWriter, v: FSSTAT3args): void {
    try {
      encode_FSSTAT3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'FSSTAT3args');
    }
  },
  decode(r: XdrReader): FSSTAT3args {
    try {
      return decode_FSSTAT3args(r);
    } catch (e) {
      return xdrRethrow(e, 'FSSTAT3args');
    }
  },
};

/*
 * struct FSSTAT3resok {
 *     post_op_attr obj_attributes;
 *     size3        tbytes;
 *     size3        fbytes;
 *     size3        abytes;
 *     size3        tfiles;
 *     size3        ffiles;
 *     size3        afiles;
 *     uint32       invarsec;
 * };
 */
export interface FSSTAT3resok {
  obj_attributes: post_op_attr;
  tbytes: size3;
  fbytes: size3;
  abytes: size3;
  tfiles: size3;
  ffiles: size3;
  afiles: size3;
  invarsec: uint32;
}

const paths_FSSTAT3resok = ['.obj_attributes', '.tbytes', '.fbytes', '.abytes', '.tfiles', '.ffiles', '.afiles', '.invarsec'];

export function decode_FSSTAT3resok(r: XdrReader): FSSTAT3resok {
  let at = 0;
  try {
    const f0 = decode_post_op_attr(r);
    at = 1;
    const f1 = r.uhyper();
    at = 2;
    const f2 = r.uhyper();
    at = 3;
    const f3 = r.uhyper();
    at = 4;
    const f4 = r.uhyper();
    at = 5;
    const f5 = r.uhyper();
    at = 6;
    const f6 = r.uhyper();
    at = 7;
    const f7 = r.uint();
    return { obj_attributes: f0, tbytes: f1, fbytes: f2, abytes: f3, tfiles: f4, ffiles: f5, afiles: f6, invarsec: f7 };
  } catch (e) {
    return xdrRethrow(e, paths_FSSTAT3resok[at]!);
  }
}

export function encode_FSSTAT3resok(w: XdrWriter, v: FSSTAT3resok): void {
  let at = 0;
  try {
    encode_post_op_attr(w, v.obj_attributes);
    at = 1;
    w.uhyper(v.tbytes);
    at = 2;
    w.uhyper(v.fbytes);
    at = 3;
    w.uhyper(v.abytes);
    at = 4;
    w.uhyper(v.tfiles);
    at = 5;
    w.uhyper(v.ffiles);
    at = 6;
    w.uhyper(v.afiles);
    at = 7;
    w.uint(v.invarsec);
  } catch (e) {
    xdrRethrow(e, paths_FSSTAT3resok[at]!);
  }
}

export function sizeof_FSSTAT3resok(v: FSSTAT3resok): number {
  return 52 + sizeof_post_op_attr(v.obj_attributes);
}

export const codec_FSSTAT3resok: XdrCodec<FSSTAT3resok> = {
  name: 'FSSTAT3resok',
  size: sizeof_FSSTAT3resok,
  encode(w: XdrWriter, v: FSSTAT3resok): void {
    try {
      encode_FSSTAT3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'FSSTAT3resok');
    }
  },
  decode(r: XdrReader): FSSTAT3resok {
    try {
      return decode_FSSTAT3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'FSSTAT3resok');
    }
  },
};

/*
 * struct FSSTAT3resfail {
 *     post_op_attr obj_attributes;
 * };
 */
export interface FSSTAT3resfail {
  obj_attributes: post_op_attr;
}

const paths_FSSTAT3resfail = ['.obj_attributes'];

export function decode_FSSTAT3resfail(r: XdrReader): FSSTAT3resfail {
  try {
    const f0 = decode_post_op_attr(r);
    return { obj_attributes: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_FSSTAT3resfail[0]!);
  }
}

export function encode_FSSTAT3resfail(w: XdrWriter, v: FSSTAT3resfail): void {
  try {
    encode_post_op_attr(w, v.obj_attributes);
  } catch (e) {
    xdrRethrow(e, paths_FSSTAT3resfail[0]!);
  }
}

export function sizeof_FSSTAT3resfail(v: FSSTAT3resfail): number {
  return 0 + sizeof_post_op_attr(v.obj_attributes);
}

export const codec_FSSTAT3resfail: XdrCodec<FSSTAT3resfail> = {
  name: 'FSSTAT3resfail',
  size: sizeof_FSSTAT3resfail,
  encode(w: XdrWriter, v: FSSTAT3resfail): void {
    try {
      encode_FSSTAT3resfail(w, v);
    } catch (e) {
      xdrRethrow(e, 'FSSTAT3resfail');
    }
  },
  decode(r: XdrReader): FSSTAT3resfail {
    try {
      return decode_FSSTAT3resfail(r);
    } catch (e) {
      return xdrRethrow(e, 'FSSTAT3resfail');
    }
  },
};

/*
 * union FSSTAT3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     FSSTAT3resok resok;
 * default:
 *     FSSTAT3resfail resfail;
 * };
 */
export type FSSTAT3res =
  | { status: 0; resok: FSSTAT3resok }
  | { status: Exclude<nfsstat3, 0>; resfail: FSSTAT3resfail };

export function decode_FSSTAT3res(r: XdrReader): FSSTAT3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_FSSTAT3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      try {
        return { status: d as Exclude<nfsstat3, 0>, resfail: decode_FSSTAT3resfail(r) };
      } catch (e) {
        return xdrRethrow(e, '.resfail');
      }
  }
}

export function encode_FSSTAT3res(w: XdrWriter, v: FSSTAT3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_FSSTAT3resok(w, (v as { resok: FSSTAT3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      try {
        encode_FSSTAT3resfail(w, (v as { resfail: FSSTAT3resfail }).resfail);
      } catch (e) {
        xdrRethrow(e, '.resfail');
      }
      return;
  }
}

export function sizeof_FSSTAT3res(v: FSSTAT3res): number {
  switch (v.status) {
    case 0:
      return 4 + sizeof_FSSTAT3resok((v as { resok: FSSTAT3resok }).resok);
    default:
      return 4 + sizeof_FSSTAT3resfail((v as { resfail: FSSTAT3resfail }).resfail);
  }
}

export const codec_FSSTAT3res: XdrCodec<FSSTAT3res> = {
  name: 'FSSTAT3res',
  size: sizeof_FSSTAT3res,
  encode(w: XdrWriter, v: FSSTAT3res): void {
    try {
      encode_FSSTAT3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'FSSTAT3res');
    }
  },
  decode(r: XdrReader): FSSTAT3res {
    try {
      return decode_FSSTAT3res(r);
    } catch (e) {
      return xdrRethrow(e, 'FSSTAT3res');
    }
  },
};

/*
 * struct FSINFO3args {
 *     nfs_fh3 fsroot;
 * };
 */
export interface FSINFO3args {
  fsroot: nfs_fh3;
}

const paths_FSINFO3args = ['.fsroot'];

export function decode_FSINFO3args(r: XdrReader): FSINFO3args {
  try {
    const f0 = decode_nfs_fh3(r);
    return { fsroot: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_FSINFO3args[0]!);
  }
}

export function encode_FSINFO3args(w: XdrWriter, v: FSINFO3args): void {
  try {
    encode_nfs_fh3(w, v.fsroot);
  } catch (e) {
    xdrRethrow(e, paths_FSINFO3args[0]!);
  }
}

export function sizeof_FSINFO3args(v: FSINFO3args): number {
  return 0 + sizeof_nfs_fh3(v.fsroot);
}

export const codec_FSINFO3args: XdrCodec<FSINFO3args> = {
  name: 'FSINFO3args',
  size: sizeof_FSINFO3args,
  encode(w: XdrWriter, v: FSINFO3args): void {
    try {
      encode_FSINFO3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'FSINFO3args');
    }
  },
  decode(r: XdrReader): FSINFO3args {
    try {
      return decode_FSINFO3args(r);
    } catch (e) {
      return xdrRethrow(e, 'FSINFO3args');
    }
  },
};

/*
 * struct FSINFO3resok {
 *     post_op_attr obj_attributes;
 *     uint32       rtmax;
 *     uint32       rtpref;
 *     uint32       rtmult;
 *     uint32       wtmax;
 *     uint32       wtpref;
 *     uint32       wtmult;
 *     uint32       dtpref;
 *     size3        maxfilesize;
 *     nfstime3     time_delta;
 *     uint32       properties;
 * };
 */
export interface FSINFO3resok {
  obj_attributes: post_op_attr;
  rtmax: uint32;
  rtpref: uint32;
  rtmult: uint32;
  wtmax: uint32;
  wtpref: uint32;
  wtmult: uint32;
  dtpref: uint32;
  maxfilesize: size3;
  time_delta: nfstime3;
  properties: uint32;
}

const paths_FSINFO3resok = ['.obj_attributes', '.rtmax', '.rtpref', '.rtmult', '.wtmax', '.wtpref', '.wtmult', '.dtpref', '.maxfilesize', '.time_delta', '.properties'];

export function decode_FSINFO3resok(r: XdrReader): FSINFO3resok {
  let at = 0;
  try {
    const f0 = decode_post_op_attr(r);
    at = 1;
    const f1 = r.uint();
    at = 2;
    const f2 = r.uint();
    at = 3;
    const f3 = r.uint();
    at = 4;
    const f4 = r.uint();
    at = 5;
    const f5 = r.uint();
    at = 6;
    const f6 = r.uint();
    at = 7;
    const f7 = r.uint();
    at = 8;
    const f8 = r.uhyper();
    at = 9;
    const f9 = decode_nfstime3(r);
    at = 10;
    const f10 = r.uint();
    return { obj_attributes: f0, rtmax: f1, rtpref: f2, rtmult: f3, wtmax: f4, wtpref: f5, wtmult: f6, dtpref: f7, maxfilesize: f8, time_delta: f9, properties: f10 };
  } catch (e) {
    return xdrRethrow(e, paths_FSINFO3resok[at]!);
  }
}

export function encode_FSINFO3resok(w: XdrWriter, v: FSINFO3resok): void {
  let at = 0;
  try {
    encode_post_op_attr(w, v.obj_attributes);
    at = 1;
    w.uint(v.rtmax);
    at = 2;
    w.uint(v.rtpref);
    at = 3;
    w.uint(v.rtmult);
    at = 4;
    w.uint(v.wtmax);
    at = 5;
    w.uint(v.wtpref);
    at = 6;
    w.uint(v.wtmult);
    at = 7;
    w.uint(v.dtpref);
    at = 8;
    w.uhyper(v.maxfilesize);
    at = 9;
    encode_nfstime3(w, v.time_delta);
    at = 10;
    w.uint(v.properties);
  } catch (e) {
    xdrRethrow(e, paths_FSINFO3resok[at]!);
  }
}

export function sizeof_FSINFO3resok(v: FSINFO3resok): number {
  return 48 + sizeof_post_op_attr(v.obj_attributes);
}

export const codec_FSINFO3resok: XdrCodec<FSINFO3resok> = {
  name: 'FSINFO3resok',
  size: sizeof_FSINFO3resok,
  encode(w: XdrWriter, v: FSINFO3resok): void {
    try {
      encode_FSINFO3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'FSINFO3resok');
    }
  },
  decode(r: XdrReader): FSINFO3resok {
    try {
      return decode_FSINFO3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'FSINFO3resok');
    }
  },
};

/*
 * struct FSINFO3resfail {
 *     post_op_attr obj_attributes;
 * };
 */
export interface FSINFO3resfail {
  obj_attributes: post_op_attr;
}

const paths_FSINFO3resfail = ['.obj_attributes'];

export function decode_FSINFO3resfail(r: XdrReader): FSINFO3resfail {
  try {
    const f0 = decode_post_op_attr(r);
    return { obj_attributes: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_FSINFO3resfail[0]!);
  }
}

export function encode_FSINFO3resfail(w: XdrWriter, v: FSINFO3resfail): void {
  try {
    encode_post_op_attr(w, v.obj_attributes);
  } catch (e) {
    xdrRethrow(e, paths_FSINFO3resfail[0]!);
  }
}

export function sizeof_FSINFO3resfail(v: FSINFO3resfail): number {
  return 0 + sizeof_post_op_attr(v.obj_attributes);
}

export const codec_FSINFO3resfail: XdrCodec<FSINFO3resfail> = {
  name: 'FSINFO3resfail',
  size: sizeof_FSINFO3resfail,
  encode(w: XdrWriter, v: FSINFO3resfail): void {
    try {
      encode_FSINFO3resfail(w, v);
    } catch (e) {
      xdrRethrow(e, 'FSINFO3resfail');
    }
  },
  decode(r: XdrReader): FSINFO3resfail {
    try {
      return decode_FSINFO3resfail(r);
    } catch (e) {
      return xdrRethrow(e, 'FSINFO3resfail');
    }
  },
};

/*
 * union FSINFO3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     FSINFO3resok resok;
 * default:
 *     FSINFO3resfail resfail;
 * };
 */
export type FSINFO3res =
  | { status: 0; resok: FSINFO3resok }
  | { status: Exclude<nfsstat3, 0>; resfail: FSINFO3resfail };

export function decode_FSINFO3res(r: XdrReader): FSINFO3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_FSINFO3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      try {
        return { status: d as Exclude<nfsstat3, 0>, resfail: decode_FSINFO3resfail(r) };
      } catch (e) {
        return xdrRethrow(e, '.resfail');
      }
  }
}

export function encode_FSINFO3res(w: XdrWriter, v: FSINFO3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_FSINFO3resok(w, (v as { resok: FSINFO3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      try {
        encode_FSINFO3resfail(w, (v as { resfail: FSINFO3resfail }).resfail);
      } catch (e) {
        xdrRethrow(e, '.resfail');
      }
      return;
  }
}

export function sizeof_FSINFO3res(v: FSINFO3res): number {
  switch (v.status) {
    case 0:
      return 4 + sizeof_FSINFO3resok((v as { resok: FSINFO3resok }).resok);
    default:
      return 4 + sizeof_FSINFO3resfail((v as { resfail: FSINFO3resfail }).resfail);
  }
}

export const codec_FSINFO3res: XdrCodec<FSINFO3res> = {
  name: 'FSINFO3res',
  size: sizeof_FSINFO3res,
  encode(w: XdrWriter, v: FSINFO3res): void {
    try {
      encode_FSINFO3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'FSINFO3res');
    }
  },
  decode(r: XdrReader): FSINFO3res {
    try {
      return decode_FSINFO3res(r);
    } catch (e) {
      return xdrRethrow(e, 'FSINFO3res');
    }
  },
};

/*
 * struct PATHCONF3args {
 *     nfs_fh3 object;
 * };
 */
export interface PATHCONF3args {
  object: nfs_fh3;
}

const paths_PATHCONF3args = ['.object'];

export function decode_PATHCONF3args(r: XdrReader): PATHCONF3args {
  try {
    const f0 = decode_nfs_fh3(r);
    return { object: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_PATHCONF3args[0]!);
  }
}

export function encode_PATHCONF3args(w: XdrWriter, v: PATHCONF3args): void {
  try {
    encode_nfs_fh3(w, v.object);
  } catch (e) {
    xdrRethrow(e, paths_PATHCONF3args[0]!);
  }
}

export function sizeof_PATHCONF3args(v: PATHCONF3args): number {
  return 0 + sizeof_nfs_fh3(v.object);
}

export const codec_PATHCONF3args: XdrCodec<PATHCONF3args> = {
  name: 'PATHCONF3args',
  size: sizeof_PATHCONF3args,
  encode(w: XdrWriter, v: PATHCONF3args): void {
    try {
      encode_PATHCONF3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'PATHCONF3args');
    }
  },
  decode(r: XdrReader): PATHCONF3args {
    try {
      return decode_PATHCONF3args(r);
    } catch (e) {
      return xdrRethrow(e, 'PATHCONF3args');
    }
  },
};

/*
 * struct PATHCONF3resok {
 *     post_op_attr obj_attributes;
 *     uint32       linkmax;
 *     uint32       name_max;
 *     bool         no_trunc;
 *     bool         chown_restricted;
 *     bool         case_insensitive;
 *     bool         case_preserving;
 * };
 */
export interface PATHCONF3resok {
  obj_attributes: post_op_attr;
  linkmax: uint32;
  name_max: uint32;
  no_trunc: boolean;
  chown_restricted: boolean;
  case_insensitive: boolean;
  case_preserving: boolean;
}

const paths_PATHCONF3resok = ['.obj_attributes', '.linkmax', '.name_max', '.no_trunc', '.chown_restricted', '.case_insensitive', '.case_preserving'];

export function decode_PATHCONF3resok(r: XdrReader): PATHCONF3resok {
  let at = 0;
  try {
    const f0 = decode_post_op_attr(r);
    at = 1;
    const f1 = r.uint();
    at = 2;
    const f2 = r.uint();
    at = 3;
    const f3 = r.bool();
    at = 4;
    const f4 = r.bool();
    at = 5;
    const f5 = r.bool();
    at = 6;
    const f6 = r.bool();
    return { obj_attributes: f0, linkmax: f1, name_max: f2, no_trunc: f3, chown_restricted: f4, case_insensitive: f5, case_preserving: f6 };
  } catch (e) {
    return xdrRethrow(e, paths_PATHCONF3resok[at]!);
  }
}

export function encode_PATHCONF3resok(w: XdrWriter, v: PATHCONF3resok): void {
  let at = 0;
  try {
    encode_post_op_attr(w, v.obj_attributes);
    at = 1;
    w.uint(v.linkmax);
    at = 2;
    w.uint(v.name_max);
    at = 3;
    w.bool(v.no_trunc);
    at = 4;
    w.bool(v.chown_restricted);
    at = 5;
    w.bool(v.case_insensitive);
    at = 6;
    w.bool(v.case_preserving);
  } catch (e) {
    xdrRethrow(e, paths_PATHCONF3resok[at]!);
  }
}

export function sizeof_PATHCONF3resok(v: PATHCONF3resok): number {
  return 24 + sizeof_post_op_attr(v.obj_attributes);
}

export const codec_PATHCONF3resok: XdrCodec<PATHCONF3resok> = {
  name: 'PATHCONF3resok',
  size: sizeof_PATHCONF3resok,
  encode(w: XdrWriter, v: PATHCONF3resok): void {
    try {
      encode_PATHCONF3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'PATHCONF3resok');
    }
  },
  decode(r: XdrReader): PATHCONF3resok {
    try {
      return decode_PATHCONF3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'PATHCONF3resok');
    }
  },
};

/*
 * struct PATHCONF3resfail {
 *     post_op_attr obj_attributes;
 * };
 */
export interface PATHCONF3resfail {
  obj_attributes: post_op_attr;
}

const paths_PATHCONF3resfail = ['.obj_attributes'];

export function decode_PATHCONF3resfail(r: XdrReader): PATHCONF3resfail {
  try {
    const f0 = decode_post_op_attr(r);
    return { obj_attributes: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_PATHCONF3resfail[0]!);
  }
}

export function encode_PATHCONF3resfail(w: XdrWriter, v: PATHCONF3resfail): void {
  try {
    encode_post_op_attr(w, v.obj_attributes);
  } catch (e) {
    xdrRethrow(e, paths_PATHCONF3resfail[0]!);
  }
}

export function sizeof_PATHCONF3resfail(v: PATHCONF3resfail): number {
  return 0 + sizeof_post_op_attr(v.obj_attributes);
}

export const codec_PATHCONF3resfail: XdrCodec<PATHCONF3resfail> = {
  name: 'PATHCONF3resfail',
  size: sizeof_PATHCONF3resfail,
  encode(w: XdrWriter, v: PATHCONF3resfail): void {
    try {
      encode_PATHCONF3resfail(w, v);
    } catch (e) {
      xdrRethrow(e, 'PATHCONF3resfail');
    }
  },
  decode(r: XdrReader): PATHCONF3resfail {
    try {
      return decode_PATHCONF3resfail(r);
    } catch (e) {
      return xdrRethrow(e, 'PATHCONF3resfail');
    }
  },
};

/*
 * union PATHCONF3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     PATHCONF3resok resok;
 * default:
 *     PATHCONF3resfail resfail;
 * };
 */
export type PATHCONF3res =
  | { status: 0; resok: PATHCONF3resok }
  | { status: Exclude<nfsstat3, 0>; resfail: PATHCONF3resfail };

export function decode_PATHCONF3res(r: XdrReader): PATHCONF3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_PATHCONF3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      try {
        return { status: d as Exclude<nfsstat3, 0>, resfail: decode_PATHCONF3resfail(r) };
      } catch (e) {
        return xdrRethrow(e, '.resfail');
      }
  }
}

export function encode_PATHCONF3res(w: XdrWriter, v: PATHCONF3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_PATHCONF3resok(w, (v as { resok: PATHCONF3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      try {
        encode_PATHCONF3resfail(w, (v as { resfail: PATHCONF3resfail }).resfail);
      } catch (e) {
        xdrRethrow(e, '.resfail');
      }
      return;
  }
}

export function sizeof_PATHCONF3res(v: PATHCONF3res): number {
  switch (v.status) {
    case 0:
      return 4 + sizeof_PATHCONF3resok((v as { resok: PATHCONF3resok }).resok);
    default:
      return 4 + sizeof_PATHCONF3resfail((v as { resfail: PATHCONF3resfail }).resfail);
  }
}

export const codec_PATHCONF3res: XdrCodec<PATHCONF3res> = {
  name: 'PATHCONF3res',
  size: sizeof_PATHCONF3res,
  encode(w: XdrWriter, v: PATHCONF3res): void {
    try {
      encode_PATHCONF3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'PATHCONF3res');
    }
  },
  decode(r: XdrReader): PATHCONF3res {
    try {
      return decode_PATHCONF3res(r);
    } catch (e) {
      return xdrRethrow(e, 'PATHCONF3res');
    }
  },
};

/*
 * struct COMMIT3args {
 *     nfs_fh3 file;
 *     offset3 offset;
 *     count3  count;
 * };
 */
export interface COMMIT3args {
  file: nfs_fh3;
  offset: offset3;
  count: count3;
}

const paths_COMMIT3args = ['.file', '.offset', '.count'];

export function decode_COMMIT3args(r: XdrReader): COMMIT3args {
  let at = 0;
  try {
    const f0 = decode_nfs_fh3(r);
    at = 1;
    const f1 = r.uhyper();
    at = 2;
    const f2 = r.uint();
    return { file: f0, offset: f1, count: f2 };
  } catch (e) {
    return xdrRethrow(e, paths_COMMIT3args[at]!);
  }
}

export function encode_COMMIT3args(w: XdrWriter, v: COMMIT3args): void {
  let at = 0;
  try {
    encode_nfs_fh3(w, v.file);
    at = 1;
    w.uhyper(v.offset);
    at = 2;
    w.uint(v.count);
  } catch (e) {
    xdrRethrow(e, paths_COMMIT3args[at]!);
  }
}

export function sizeof_COMMIT3args(v: COMMIT3args): number {
  return 12 + sizeof_nfs_fh3(v.file);
}

export const codec_COMMIT3args: XdrCodec<COMMIT3args> = {
  name: 'COMMIT3args',
  size: sizeof_COMMIT3args,
  encode(w: XdrWriter, v: COMMIT3args): void {
    try {
      encode_COMMIT3args(w, v);
    } catch (e) {
      xdrRethrow(e, 'COMMIT3args');
    }
  },
  decode(r: XdrReader): COMMIT3args {
    try {
      return decode_COMMIT3args(r);
    } catch (e) {
      return xdrRethrow(e, 'COMMIT3args');
    }
  },
};

/*
 * struct COMMIT3resok {
 *     wcc_data   file_wcc;
 *     writeverf3 verf;
 * };
 */
export interface COMMIT3resok {
  file_wcc: wcc_data;
  verf: writeverf3;
}

const paths_COMMIT3resok = ['.file_wcc', '.verf'];

export function decode_COMMIT3resok(r: XdrReader): COMMIT3resok {
  let at = 0;
  try {
    const f0 = decode_wcc_data(r);
    at = 1;
    const f1 = r.fixedOpaque(8);
    return { file_wcc: f0, verf: f1 };
  } catch (e) {
    return xdrRethrow(e, paths_COMMIT3resok[at]!);
  }
}

export function encode_COMMIT3resok(w: XdrWriter, v: COMMIT3resok): void {
  let at = 0;
  try {
    encode_wcc_data(w, v.file_wcc);
    at = 1;
    w.fixedOpaque(v.verf, 8);
  } catch (e) {
    xdrRethrow(e, paths_COMMIT3resok[at]!);
  }
}

export function sizeof_COMMIT3resok(v: COMMIT3resok): number {
  return 8 + sizeof_wcc_data(v.file_wcc);
}

export const codec_COMMIT3resok: XdrCodec<COMMIT3resok> = {
  name: 'COMMIT3resok',
  size: sizeof_COMMIT3resok,
  encode(w: XdrWriter, v: COMMIT3resok): void {
    try {
      encode_COMMIT3resok(w, v);
    } catch (e) {
      xdrRethrow(e, 'COMMIT3resok');
    }
  },
  decode(r: XdrReader): COMMIT3resok {
    try {
      return decode_COMMIT3resok(r);
    } catch (e) {
      return xdrRethrow(e, 'COMMIT3resok');
    }
  },
};

/*
 * struct COMMIT3resfail {
 *     wcc_data file_wcc;
 * };
 */
export interface COMMIT3resfail {
  file_wcc: wcc_data;
}

const paths_COMMIT3resfail = ['.file_wcc'];

export function decode_COMMIT3resfail(r: XdrReader): COMMIT3resfail {
  try {
    const f0 = decode_wcc_data(r);
    return { file_wcc: f0 };
  } catch (e) {
    return xdrRethrow(e, paths_COMMIT3resfail[0]!);
  }
}

export function encode_COMMIT3resfail(w: XdrWriter, v: COMMIT3resfail): void {
  try {
    encode_wcc_data(w, v.file_wcc);
  } catch (e) {
    xdrRethrow(e, paths_COMMIT3resfail[0]!);
  }
}

export function sizeof_COMMIT3resfail(v: COMMIT3resfail): number {
  return 0 + sizeof_wcc_data(v.file_wcc);
}

export const codec_COMMIT3resfail: XdrCodec<COMMIT3resfail> = {
  name: 'COMMIT3resfail',
  size: sizeof_COMMIT3resfail,
  encode(w: XdrWriter, v: COMMIT3resfail): void {
    try {
      encode_COMMIT3resfail(w, v);
    } catch (e) {
      xdrRethrow(e, 'COMMIT3resfail');
    }
  },
  decode(r: XdrReader): COMMIT3resfail {
    try {
      return decode_COMMIT3resfail(r);
    } catch (e) {
      return xdrRethrow(e, 'COMMIT3resfail');
    }
  },
};

/*
 * union COMMIT3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *     COMMIT3resok resok;
 * default:
 *     COMMIT3resfail resfail;
 * };
 */
export type COMMIT3res =
  | { status: 0; resok: COMMIT3resok }
  | { status: Exclude<nfsstat3, 0>; resfail: COMMIT3resfail };

export function decode_COMMIT3res(r: XdrReader): COMMIT3res {
  let d;
  try {
    d = decode_nfsstat3(r);
  } catch (e) {
    return xdrRethrow(e, '.status');
  }
  switch (d) {
    case 0:
      try {
        return { status: d as 0, resok: decode_COMMIT3resok(r) };
      } catch (e) {
        return xdrRethrow(e, '.resok');
      }
    default:
      try {
        return { status: d as Exclude<nfsstat3, 0>, resfail: decode_COMMIT3resfail(r) };
      } catch (e) {
        return xdrRethrow(e, '.resfail');
      }
  }
}

export function encode_COMMIT3res(w: XdrWriter, v: COMMIT3res): void {
  try {
    encode_nfsstat3(w, v.status);
  } catch (e) {
    xdrRethrow(e, '.status');
  }
  switch (v.status) {
    case 0:
      try {
        encode_COMMIT3resok(w, (v as { resok: COMMIT3resok }).resok);
      } catch (e) {
        xdrRethrow(e, '.resok');
      }
      return;
    default:
      try {
        encode_COMMIT3resfail(w, (v as { resfail: COMMIT3resfail }).resfail);
      } catch (e) {
        xdrRethrow(e, '.resfail');
      }
      return;
  }
}

export function sizeof_COMMIT3res(v: COMMIT3res): number {
  switch (v.status) {
    case 0:
      return 4 + sizeof_COMMIT3resok((v as { resok: COMMIT3resok }).resok);
    default:
      return 4 + sizeof_COMMIT3resfail((v as { resfail: COMMIT3resfail }).resfail);
  }
}

export const codec_COMMIT3res: XdrCodec<COMMIT3res> = {
  name: 'COMMIT3res',
  size: sizeof_COMMIT3res,
  encode(w: XdrWriter, v: COMMIT3res): void {
    try {
      encode_COMMIT3res(w, v);
    } catch (e) {
      xdrRethrow(e, 'COMMIT3res');
    }
  },
  decode(r: XdrReader): COMMIT3res {
    try {
      return decode_COMMIT3res(r);
    } catch (e) {
      return xdrRethrow(e, 'COMMIT3res');
    }
  },
};

/*
 * program NFS_PROGRAM {
 *     version NFS_V3 {
 *         void            NFSPROC3_NULL(void)                    = 0;
 *         GETATTR3res     NFSPROC3_GETATTR(GETATTR3args)         = 1;
 *         SETATTR3res     NFSPROC3_SETATTR(SETATTR3args)         = 2;
 *         LOOKUP3res      NFSPROC3_LOOKUP(LOOKUP3args)           = 3;
 *         ACCESS3res      NFSPROC3_ACCESS(ACCESS3args)           = 4;
 *         READLINK3res    NFSPROC3_READLINK(READLINK3args)       = 5;
 *         READ3res        NFSPROC3_READ(READ3args)               = 6;
 *         WRITE3res       NFSPROC3_WRITE(WRITE3args)             = 7;
 *         CREATE3res      NFSPROC3_CREATE(CREATE3args)           = 8;
 *         MKDIR3res       NFSPROC3_MKDIR(MKDIR3args)             = 9;
 *         SYMLINK3res     NFSPROC3_SYMLINK(SYMLINK3args)         = 10;
 *         MKNOD3res       NFSPROC3_MKNOD(MKNOD3args)             = 11;
 *         REMOVE3res      NFSPROC3_REMOVE(REMOVE3args)           = 12;
 *         RMDIR3res       NFSPROC3_RMDIR(RMDIR3args)             = 13;
 *         RENAME3res      NFSPROC3_RENAME(RENAME3args)           = 14;
 *         LINK3res        NFSPROC3_LINK(LINK3args)               = 15;
 *         READDIR3res     NFSPROC3_READDIR(READDIR3args)         = 16;
 *         READDIRPLUS3res NFSPROC3_READDIRPLUS(READDIRPLUS3args) = 17;
 *         FSSTAT3res      NFSPROC3_FSSTAT(FSSTAT3args)           = 18;
 *         FSINFO3res      NFSPROC3_FSINFO(FSINFO3args)           = 19;
 *         PATHCONF3res    NFSPROC3_PATHCONF(PATHCONF3args)       = 20;
 *         COMMIT3res      NFSPROC3_COMMIT(COMMIT3args)           = 21;
 *     } = 3;
 * } = 100003;
 */
export const NFS_PROGRAM = 100003;
export const NFS_V3 = 3;
export const NFSPROC3_NULL = 0;
export const NFSPROC3_GETATTR = 1;
export const NFSPROC3_SETATTR = 2;
export const NFSPROC3_LOOKUP = 3;
export const NFSPROC3_ACCESS = 4;
export const NFSPROC3_READLINK = 5;
export const NFSPROC3_READ = 6;
export const NFSPROC3_WRITE = 7;
export const NFSPROC3_CREATE = 8;
export const NFSPROC3_MKDIR = 9;
export const NFSPROC3_SYMLINK = 10;
export const NFSPROC3_MKNOD = 11;
export const NFSPROC3_REMOVE = 12;
export const NFSPROC3_RMDIR = 13;
export const NFSPROC3_RENAME = 14;
export const NFSPROC3_LINK = 15;
export const NFSPROC3_READDIR = 16;
export const NFSPROC3_READDIRPLUS = 17;
export const NFSPROC3_FSSTAT = 18;
export const NFSPROC3_FSINFO = 19;
export const NFSPROC3_PATHCONF = 20;
export const NFSPROC3_COMMIT = 21;

export const program_NFS_PROGRAM = {
  name: 'NFS_PROGRAM',
  number: 100003,
  versions: {
    NFS_V3: {
      name: 'NFS_V3',
      number: 3,
      procedures: {
        NFSPROC3_NULL: { name: 'NFSPROC3_NULL', number: 0, args: voidCodec, result: voidCodec },
        NFSPROC3_GETATTR: { name: 'NFSPROC3_GETATTR', number: 1, args: codec_GETATTR3args, result: codec_GETATTR3res },
        NFSPROC3_SETATTR: { name: 'NFSPROC3_SETATTR', number: 2, args: codec_SETATTR3args, result: codec_SETATTR3res },
        NFSPROC3_LOOKUP: { name: 'NFSPROC3_LOOKUP', number: 3, args: codec_LOOKUP3args, result: codec_LOOKUP3res },
        NFSPROC3_ACCESS: { name: 'NFSPROC3_ACCESS', number: 4, args: codec_ACCESS3args, result: codec_ACCESS3res },
        NFSPROC3_READLINK: { name: 'NFSPROC3_READLINK', number: 5, args: codec_READLINK3args, result: codec_READLINK3res },
        NFSPROC3_READ: { name: 'NFSPROC3_READ', number: 6, args: codec_READ3args, result: codec_READ3res },
        NFSPROC3_WRITE: { name: 'NFSPROC3_WRITE', number: 7, args: codec_WRITE3args, result: codec_WRITE3res },
        NFSPROC3_CREATE: { name: 'NFSPROC3_CREATE', number: 8, args: codec_CREATE3args, result: codec_CREATE3res },
        NFSPROC3_MKDIR: { name: 'NFSPROC3_MKDIR', number: 9, args: codec_MKDIR3args, result: codec_MKDIR3res },
        NFSPROC3_SYMLINK: { name: 'NFSPROC3_SYMLINK', number: 10, args: codec_SYMLINK3args, result: codec_SYMLINK3res },
        NFSPROC3_MKNOD: { name: 'NFSPROC3_MKNOD', number: 11, args: codec_MKNOD3args, result: codec_MKNOD3res },
        NFSPROC3_REMOVE: { name: 'NFSPROC3_REMOVE', number: 12, args: codec_REMOVE3args, result: codec_REMOVE3res },
        NFSPROC3_RMDIR: { name: 'NFSPROC3_RMDIR', number: 13, args: codec_RMDIR3args, result: codec_RMDIR3res },
        NFSPROC3_RENAME: { name: 'NFSPROC3_RENAME', number: 14, args: codec_RENAME3args, result: codec_RENAME3res },
        NFSPROC3_LINK: { name: 'NFSPROC3_LINK', number: 15, args: codec_LINK3args, result: codec_LINK3res },
        NFSPROC3_READDIR: { name: 'NFSPROC3_READDIR', number: 16, args: codec_READDIR3args, result: codec_READDIR3res },
        NFSPROC3_READDIRPLUS: { name: 'NFSPROC3_READDIRPLUS', number: 17, args: codec_READDIRPLUS3args, result: codec_READDIRPLUS3res },
        NFSPROC3_FSSTAT: { name: 'NFSPROC3_FSSTAT', number: 18, args: codec_FSSTAT3args, result: codec_FSSTAT3res },
        NFSPROC3_FSINFO: { name: 'NFSPROC3_FSINFO', number: 19, args: codec_FSINFO3args, result: codec_FSINFO3res },
        NFSPROC3_PATHCONF: { name: 'NFSPROC3_PATHCONF', number: 20, args: codec_PATHCONF3args, result: codec_PATHCONF3res },
        NFSPROC3_COMMIT: { name: 'NFSPROC3_COMMIT', number: 21, args: codec_COMMIT3args, result: codec_COMMIT3res },
      },
    },
  },
} as const satisfies XdrProgram;

/** Linked list of entry3 (RFC 4506 section 4.19), decoded iteratively into an array. */
const h$list_entry3 = {
  decode(r: XdrReader): entry3[] {
    const a: entry3[] = [];
    let i = 0;
    try {
      while (r.bool()) {
        r.listItem(i);
        a.push(decode_entry3(r));
        i++;
      }
    } catch (e) {
      return xdrRethrow(e, `[${i}]`);
    }
    return a;
  },
  encode(w: XdrWriter, v: readonly entry3[]): void {
    let i = 0;
    try {
      for (; i < v.length; i++) {
        w.bool(true);
        encode_entry3(w, v[i]!);
      }
    } catch (e) {
      xdrRethrow(e, `[${i}]`);
    }
    w.bool(false);
  },
  size(v: readonly entry3[]): number {
    let s = 4; for (let i = 0; i < v.length; i++) s += 4 + sizeof_entry3(v[i]!); return s;
  },
};

/** Linked list of entryplus3 (RFC 4506 section 4.19), decoded iteratively into an array. */
const h$list_entryplus3 = {
  decode(r: XdrReader): entryplus3[] {
    const a: entryplus3[] = [];
    let i = 0;
    try {
      while (r.bool()) {
        r.listItem(i);
        a.push(decode_entryplus3(r));
        i++;
      }
    } catch (e) {
      return xdrRethrow(e, `[${i}]`);
    }
    return a;
  },
  encode(w: XdrWriter, v: readonly entryplus3[]): void {
    let i = 0;
    try {
      for (; i < v.length; i++) {
        w.bool(true);
        encode_entryplus3(w, v[i]!);
      }
    } catch (e) {
      xdrRethrow(e, `[${i}]`);
    }
    w.bool(false);
  },
  size(v: readonly entryplus3[]): number {
    let s = 4; for (let i = 0; i < v.length; i++) s += 4 + sizeof_entryplus3(v[i]!); return s;
  },
};
