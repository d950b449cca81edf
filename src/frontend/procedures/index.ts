/**
 * The procedure table: every NFSv3 procedure (RFC 1813 section 3.3), in procedure-number order.
 * Each entry carries its codecs, handler, failure arm and whether it mutates.
 */
import type { NfsProcedure } from '../procedure.js';
import { nullProc } from './null.js';
import { getattr } from './getattr.js';
import { setattr } from './setattr.js';
import { lookup } from './lookup.js';
import { access } from './access.js';
import { readlink } from './readlink.js';
import { read } from './read.js';
import { write } from './write.js';
import { create } from './create.js';
import { mkdir } from './mkdir.js';
import { symlink } from './symlink.js';
import { mknod } from './mknod.js';
import { remove } from './remove.js';
import { rmdir } from './rmdir.js';
import { rename } from './rename.js';
import { link } from './link.js';
import { readdir } from './readdir.js';
import { readdirplus } from './readdirplus.js';
import { fsstat } from './fsstat.js';
import { fsinfo } from './fsinfo.js';
import { pathconf } from './pathconf.js';
import { commit } from './commit.js';

// The table holds procedures of different argument/result types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyNfsProcedure = NfsProcedure<any, any>;

export const NFS_PROCEDURES: readonly AnyNfsProcedure[] = [
  nullProc,
  getattr,
  setattr,
  lookup,
  access,
  readlink,
  read,
  write,
  create,
  mkdir,
  symlink,
  mknod,
  remove,
  rmdir,
  rename,
  link,
  readdir,
  readdirplus,
  fsstat,
  fsinfo,
  pathconf,
  commit,
];
