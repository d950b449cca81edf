/**
 * `file:///ABS/DIR`: a directory on the proxy's own machine used as a site. The proxy performs
 * each NFSv3 procedure on the directory itself (src/sites/local/, one file per procedure group),
 * behind the same `Site` interface as a real NFS server, so it can be the primary or a backup.
 */
import { constants as C, promises as fsp } from 'node:fs';
import path from 'node:path';
import type { rpcMsg, XdrProcedure } from '@nfs/rpc-xdr';
import * as nfs3 from '../protocol/generated/nfs3.js';
import type { Logger } from '../log/logger.js';
import type { Site } from './site.js';
import type { FileSiteUrl } from './site-url.js';
import { SiteUnavailableError } from './nfs-site.js';
import { nfsStatusOf, type NfsErr } from './local/errno.js';
import { callerOf, LocalFs, postOf, preOf, type Caller } from './local/local-fs.js';
import type { Trace } from './local/trace.js';
import * as attr from './local/attr-ops.js';
import * as rw from './local/read-write.js';
import * as dirOps from './local/dir-ops.js';
import * as rd from './local/readdir.js';
import * as info from './local/fs-info.js';

/** The directory of a file:// site is missing, not a directory, or not writable; see docs/errors.md. */
export class FileSiteError extends Error {
  readonly code = 'NFSP_ERR_SITE_DIR';
  constructor(
    readonly site: string,
    message: string,
  ) {
    super(message);
    this.name = 'FileSiteError';
  }
}

export interface FileSiteOptions {
  readonly name: string;
  readonly url: FileSiteUrl;
  /** Where the site keeps its handle generations (`<state>/file-sites/<name>.gen`). */
  readonly stateDir: string | undefined;
  readonly log: Logger;
}

type Handler = (
  fs: LocalFs,
  args: never,
  c: Caller,
  t: Trace,
  tail: Uint8Array | undefined,
) => Promise<unknown>;

interface Entry {
  readonly handle: Handler;
  /** The procedure's failure arm, with the attributes of what the call had found. */
  readonly fail: (status: NfsErr, t: Trace, fs: LocalFs) => Promise<unknown>;
}

async function post(fs: LocalFs, o: Trace['a']): Promise<nfs3.post_op_attr> {
  return o ? postOf(await fs.tryLstat(o.path)) : postOf(undefined);
}

async function wcc(fs: LocalFs, o: Trace['a'], pre: Trace['aPre']): Promise<nfs3.wcc_data> {
  return { before: preOf(pre), after: await post(fs, o) };
}

const failPost =
  (field: string) =>
  async (status: NfsErr, t: Trace, fs: LocalFs): Promise<unknown> => ({
    status,
    resfail: { [field]: await post(fs, t.a) },
  });
const failWcc =
  (field: string) =>
  async (status: NfsErr, t: Trace, fs: LocalFs): Promise<unknown> => ({
    status,
    resfail: { [field]: await wcc(fs, t.a, t.aPre) },
  });

/** Procedure number -> handler and failure arm: the driver's one table. */
const PROCEDURES = new Map<number, Entry>([
  [
    nfs3.NFSPROC3_GETATTR,
    { handle: attr.getattr as Handler, fail: async (status) => ({ status }) },
  ],
  [nfs3.NFSPROC3_SETATTR, { handle: attr.setattr as Handler, fail: failWcc('obj_wcc') }],
  [nfs3.NFSPROC3_LOOKUP, { handle: dirOps.lookup as Handler, fail: failPost('dir_attributes') }],
  [nfs3.NFSPROC3_ACCESS, { handle: attr.access as Handler, fail: failPost('obj_attributes') }],
  [
    nfs3.NFSPROC3_READLINK,
    { handle: attr.readlink as Handler, fail: failPost('symlink_attributes') },
  ],
  [nfs3.NFSPROC3_READ, { handle: rw.read as Handler, fail: failPost('file_attributes') }],
  [nfs3.NFSPROC3_WRITE, { handle: rw.write as Handler, fail: failWcc('file_wcc') }],
  [nfs3.NFSPROC3_CREATE, { handle: dirOps.createFile as Handler, fail: failWcc('dir_wcc') }],
  [nfs3.NFSPROC3_MKDIR, { handle: dirOps.mkdir as Handler, fail: failWcc('dir_wcc') }],
  [nfs3.NFSPROC3_SYMLINK, { handle: dirOps.symlink as Handler, fail: failWcc('dir_wcc') }],
  [nfs3.NFSPROC3_MKNOD, { handle: dirOps.mknod as Handler, fail: failWcc('dir_wcc') }],
  [nfs3.NFSPROC3_REMOVE, { handle: dirOps.remove as Handler, fail: failWcc('dir_wcc') }],
  [nfs3.NFSPROC3_RMDIR, { handle: dirOps.rmdir as Handler, fail: failWcc('dir_wcc') }],
  [
    nfs3.NFSPROC3_RENAME,
    {
      handle: dirOps.rename as Handler,
      fail: async (status, t, fs) => ({
        status,
        resfail: {
          fromdir_wcc: await wcc(fs, t.a, t.aPre),
          todir_wcc: await wcc(fs, t.b, t.bPre),
        },
      }),
    },
  ],
  [
    nfs3.NFSPROC3_LINK,
    {
      handle: dirOps.link as Handler,
      fail: async (status, t, fs) => ({
        status,
        resfail: {
          file_attributes: await post(fs, t.a),
          linkdir_wcc: await wcc(fs, t.b, t.bPre),
        },
      }),
    },
  ],
  [nfs3.NFSPROC3_READDIR, { handle: rd.readdir as Handler, fail: failPost('dir_attributes') }],
  [
    nfs3.NFSPROC3_READDIRPLUS,
    { handle: rd.readdirplus as Handler, fail: failPost('dir_attributes') },
  ],
  [nfs3.NFSPROC3_FSSTAT, { handle: info.fsstat as Handler, fail: failPost('obj_attributes') }],
  [nfs3.NFSPROC3_FSINFO, { handle: info.fsinfo as Handler, fail: failPost('obj_attributes') }],
  [nfs3.NFSPROC3_PATHCONF, { handle: info.pathconf as Handler, fail: failPost('obj_attributes') }],
  [nfs3.NFSPROC3_COMMIT, { handle: rw.commit as Handler, fail: failWcc('file_wcc') }],
]);

/**
 * Refuses a directory that cannot serve: missing, not a directory (a symlink to one is refused
 * too: the site's root must be the directory itself), or not writable (read-only mount).
 */
export async function checkSiteDir(name: string, dir: string): Promise<void> {
  let st;
  try {
    st = await fsp.lstat(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new FileSiteError(
      name,
      code === 'ENOENT'
        ? `${name}: file://${dir}: the directory does not exist; create it first`
        : `${name}: file://${dir}: the directory cannot be reached (${code})`,
    );
  }
  if (!st.isDirectory()) {
    throw new FileSiteError(
      name,
      `${name}: file://${dir} is not a directory${st.isSymbolicLink() ? ' (a symlink: give the directory it points to)' : ''}`,
    );
  }
  try {
    await fsp.access(dir, C.W_OK | C.X_OK | C.R_OK);
  } catch (e) {
    throw new FileSiteError(
      name,
      `${name}: file://${dir}: the proxy cannot write the directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check its permissions and that its file system is not read-only`,
    );
  }
}

export class FileSite implements Site {
  readonly name: string;
  readonly url: FileSiteUrl;
  rootFh: Buffer | undefined;
  fsinfo: nfs3.FSINFO3resok | undefined;
  readonly calls = new Map<string, number>();
  readonly #opts: FileSiteOptions;
  readonly #log: Logger;
  #fs: LocalFs | undefined;

  constructor(opts: FileSiteOptions) {
    this.#opts = opts;
    this.name = opts.name;
    this.url = opts.url;
    this.#log = opts.log.child({ site: opts.name });
  }

  get connected(): boolean {
    return this.#fs !== undefined;
  }

  /** The driver's internals (for tests). */
  get local(): LocalFs | undefined {
    return this.#fs;
  }

  /** Checks the directory and opens it. Throws FileSiteError. */
  async connect(): Promise<void> {
    const dir = this.url.dir;
    await checkSiteDir(this.name, dir);
    const st = await fsp.lstat(dir, { bigint: true });
    const genFile = this.#opts.stateDir
      ? path.join(this.#opts.stateDir, 'file-sites', `${this.name}.gen`)
      : undefined;
    await this.#fs?.close();
    const sfs = await fsp.statfs(dir, { bigint: true });
    const fs = new LocalFs(dir, st, genFile, sfs.type);
    this.#fs = fs;
    this.rootFh = fs.map.handleOf(st.ino);
    const r = (await this.call(
      nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures.NFSPROC3_FSINFO,
      { fsroot: { data: this.rootFh } },
      { flavor: 0, body: Buffer.alloc(0) },
    )) as nfs3.FSINFO3res;
    if (r.status !== nfs3.NFS3_OK)
      throw new FileSiteError(this.name, `${this.name}: FSINFO failed`);
    this.fsinfo = r.resok;
    this.#log.info({ dir, rtmax: r.resok.rtmax, wtmax: r.resok.wtmax }, 'site connected');
  }

  /** A local directory answers while it is there and writable. */
  async ping(_timeoutMs: number): Promise<boolean> {
    try {
      if (!this.#fs) await this.connect();
      else await checkSiteDir(this.name, this.url.dir);
      return true;
    } catch {
      return false;
    }
  }

  async call<A, R>(
    proc: XdrProcedure<A, R>,
    args: A,
    cred: rpcMsg.opaque_auth,
    tail?: Uint8Array,
  ): Promise<R> {
    const fs = this.#fs;
    if (!fs) throw new SiteUnavailableError(this.name, `${this.name} is not connected`);
    this.calls.set(proc.name, (this.calls.get(proc.name) ?? 0) + 1);
    if (proc.number === nfs3.NFSPROC3_NULL) return undefined as R;
    const entry = PROCEDURES.get(proc.number);
    if (!entry) throw new Error(`${this.name}: procedure ${proc.name} is not NFSv3`);
    const t: Trace = {};
    try {
      return (await entry.handle(fs, args as never, callerOf(cred), t, tail)) as R;
    } catch (e) {
      let status = nfsStatusOf(e);
      if (status === undefined) {
        this.#log.error({ proc: proc.name, err: (e as Error).message }, 'local file system error');
        status = nfs3.NFS3ERR_IO;
      } else if (status === nfs3.NFS3ERR_IO || status === nfs3.NFS3ERR_JUKEBOX) {
        this.#log.warn({ proc: proc.name, err: (e as Error).message }, 'local file system error');
      }
      return (await entry.fail(status, t, fs)) as R;
    }
  }

  async close(): Promise<void> {
    const fs = this.#fs;
    this.#fs = undefined;
    await fs?.close();
  }
}
