/**
 * The file:// driver's open-file cache and CREATE through the new descriptor: a cached
 * descriptor is never written through once its file was removed or replaced behind the driver
 * (STALE; the file now at the name is untouched), follows its file through a rename, is closed
 * on REMOVE and RENAME-over and bounded in number; CREATE sets owner and mode as asked.
 * In process, on a temporary directory; needs root for the ownership cases (skipped otherwise).
 */
import assert from 'node:assert/strict';
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { authSys } from '@nfs/rpc-xdr';
import * as nfs3 from '../../protocol/generated/nfs3.js';
import { createLogger } from '../../log/logger.js';
import { FileSite } from '../file-site.js';
import { parseSiteUrl, type FileSiteUrl } from '../site-url.js';
import { LOCAL_OPEN_FILES } from './local-fs.js';

const P = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
const ROOT = authSys({ uid: 0, gid: 0, machineName: 'test' });
const isRoot = process.geteuid?.() === 0;
const NO_SATTR: nfs3.sattr3 = {
  mode: { set_it: false },
  uid: { set_it: false },
  gid: { set_it: false },
  size: { set_it: false },
  atime: { set_it: nfs3.DONT_CHANGE },
  mtime: { set_it: nfs3.DONT_CHANGE },
};

describe('file:// open-file cache', () => {
  let dir: string;
  let site: FileSite;
  let root: nfs3.nfs_fh3;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nfsp-open-files-'));
    chmodSync(dir, 0o777); // other callers create here too
    site = new FileSite({
      name: 'p',
      url: parseSiteUrl(`file://${dir}`, 'primary') as FileSiteUrl,
      stateDir: undefined,
      log: createLogger({ level: 'silent' }),
    });
    await site.connect();
    root = { data: site.rootFh! };
  });
  after(async () => {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const create = async (
    name: string,
    attrs: nfs3.sattr3 = NO_SATTR,
    cred = ROOT,
  ): Promise<nfs3.nfs_fh3> => {
    const r = await site.call(
      P.NFSPROC3_CREATE,
      {
        where: { dir: root, name: Buffer.from(name) },
        how: { mode: nfs3.GUARDED, obj_attributes: attrs },
      },
      cred,
    );
    assert.equal(r.status, nfs3.NFS3_OK, `CREATE ${name}`);
    assert.ok(r.status === nfs3.NFS3_OK && r.resok.obj.handle_follows);
    return r.resok.obj.handle;
  };
  const write = (file: nfs3.nfs_fh3, data: string, offset = 0n) =>
    site.call(
      P.NFSPROC3_WRITE,
      { file, offset, count: data.length, stable: nfs3.UNSTABLE, data: Buffer.from(data) },
      ROOT,
    );
  const read = (file: nfs3.nfs_fh3) =>
    site.call(P.NFSPROC3_READ, { file, offset: 0n, count: 1000 }, ROOT);
  /** Names of the files this process has open in the site's directory. */
  const openInDir = (): string[] =>
    readdirSync('/proc/self/fd')
      .map((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return '';
        }
      })
      .filter((l) => l.startsWith(`${dir}/`))
      .map((l) => path.relative(dir, l));

  it('CREATE keeps the new descriptor; WRITE and READ go through it', async () => {
    const f = await create('kept');
    assert.deepEqual(openInDir(), ['kept']);
    const w = await write(f, 'hello');
    assert.equal(w.status, nfs3.NFS3_OK);
    assert.ok(w.status === nfs3.NFS3_OK && w.resok.file_wcc.after.attributes_follow);
    assert.equal(w.resok.file_wcc.after.attributes.size, 5n);
    assert.equal(
      w.resok.file_wcc.before.attributes_follow && w.resok.file_wcc.before.attributes.size,
      0n,
    );
    const r = await read(f);
    assert.ok(r.status === nfs3.NFS3_OK);
    assert.equal(Buffer.from(r.resok.data).toString(), 'hello');
    assert.equal(r.resok.eof, true);
    assert.equal(readFileSync(path.join(dir, 'kept'), 'utf8'), 'hello');
  });

  it('a file replaced behind the driver: STALE, and the new file is not written', async () => {
    const f = await create('replaced');
    assert.equal((await write(f, 'old data')).status, nfs3.NFS3_OK);
    writeFileSync(path.join(dir, 'replaced.new'), 'new file');
    renameSync(path.join(dir, 'replaced.new'), path.join(dir, 'replaced'));
    assert.equal((await write(f, 'XXXX')).status, nfs3.NFS3ERR_STALE);
    assert.equal((await read(f)).status, nfs3.NFS3ERR_STALE);
    assert.equal(readFileSync(path.join(dir, 'replaced'), 'utf8'), 'new file');
    assert.ok(!openInDir().some((n) => n.startsWith('replaced')), 'the old descriptor is closed');
  });

  it('a file removed behind the driver: STALE for WRITE, READ and COMMIT', async () => {
    const f = await create('removed');
    assert.equal((await write(f, 'data')).status, nfs3.NFS3_OK);
    unlinkSync(path.join(dir, 'removed'));
    assert.equal((await read(f)).status, nfs3.NFS3ERR_STALE);
    assert.equal((await write(f, 'more')).status, nfs3.NFS3ERR_STALE);
    const c = await site.call(P.NFSPROC3_COMMIT, { file: f, offset: 0n, count: 0 }, ROOT);
    assert.equal(c.status, nfs3.NFS3ERR_STALE);
  });

  it('a file renamed behind the driver keeps its handle and descriptor', async () => {
    const f = await create('before-rename');
    assert.equal((await write(f, 'abc')).status, nfs3.NFS3_OK);
    renameSync(path.join(dir, 'before-rename'), path.join(dir, 'after-rename'));
    assert.equal((await write(f, 'def', 3n)).status, nfs3.NFS3_OK);
    assert.equal(readFileSync(path.join(dir, 'after-rename'), 'utf8'), 'abcdef');
  });

  it('REMOVE and RENAME over a file close its descriptor', async () => {
    const a = await create('to-remove');
    await create('to-rename');
    const b = await create('renamed-over');
    assert.equal((await write(a, 'a')).status, nfs3.NFS3_OK);
    assert.equal((await write(b, 'b')).status, nfs3.NFS3_OK);
    const rm = await site.call(
      P.NFSPROC3_REMOVE,
      { object: { dir: root, name: Buffer.from('to-remove') } },
      ROOT,
    );
    assert.equal(rm.status, nfs3.NFS3_OK);
    const mv = await site.call(
      P.NFSPROC3_RENAME,
      {
        from: { dir: root, name: Buffer.from('to-rename') },
        to: { dir: root, name: Buffer.from('renamed-over') },
      },
      ROOT,
    );
    assert.equal(mv.status, nfs3.NFS3_OK);
    await new Promise((r) => setImmediate(r)); // closes are not awaited by the procedures
    await new Promise((r) => setTimeout(r, 50));
    const open = openInDir();
    assert.ok(!open.some((n) => n.includes('(deleted)')), `deleted files still open: ${open}`);
    assert.equal((await write(b, 'x')).status, nfs3.NFS3ERR_STALE);
  });

  it(`at most ${LOCAL_OPEN_FILES} descriptors stay open`, async () => {
    for (let i = 0; i < LOCAL_OPEN_FILES + 40; i++) await create(`many-${i}`);
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(openInDir().length <= LOCAL_OPEN_FILES, `${openInDir().length} open`);
  });

  it('CREATE sets the mode asked for, whatever the umask', async () => {
    const old = process.umask(0o077);
    try {
      await create('mode-0664', { ...NO_SATTR, mode: { set_it: true, mode: 0o664 } });
    } finally {
      process.umask(old);
    }
    assert.equal(statSync(path.join(dir, 'mode-0664')).mode & 0o7777, 0o664);
  });

  it(
    'CREATE for another user: owner, group and set-id mode as asked',
    { skip: !isRoot },
    async () => {
      const cred = authSys({ uid: 1234, gid: 5678, gids: [5678], machineName: 'test' });
      await create('theirs', { ...NO_SATTR, mode: { set_it: true, mode: 0o640 } }, cred);
      const st = statSync(path.join(dir, 'theirs'));
      assert.deepEqual([st.uid, st.gid, st.mode & 0o7777], [1234, 5678, 0o640]);
      await create('setuid', { ...NO_SATTR, mode: { set_it: true, mode: 0o4755 } }, cred);
      const su = statSync(path.join(dir, 'setuid'));
      assert.deepEqual([su.uid, su.gid, su.mode & 0o7777], [1234, 5678, 0o4755]);
    },
  );
});
