// The file:// site driver end to end: libnfs-utils (nfs-cp, nfs-cat, nfs-ls) through the proxy
// with a file:// primary and two file:// backups (one sync, one async); the backups end up
// identical on disk. Confinement: symlinks that point out of the directory are never followed,
// `..` and names with `/` are refused; special characters and 255-byte names work; a missing or
// read-only directory is refused at start with a clear message.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import { connectNfs, NFS, type NfsClient } from '../harness/nfs-client.js';
import { NO_SATTR, statusName } from '../harness/nfs.js';
import { runCli, startProxy, type ProxyInstance } from '../harness/proxy.js';
import { waitSameTrees } from '../harness/trees.js';

const execFileP = promisify(execFile);
const EXEC_TIMEOUT_MS = 120_000;
const MIB = 1024 * 1024;
/** No ganesha here: the harness needs a primary target, the config's file:// URL replaces it. */
const UNUSED_NFS = { host: '127.0.0.1', exportPath: '/unused', nfsPort: 1, mountPort: 1 };

for (const bin of ['nfs-cp', 'nfs-cat', 'nfs-ls']) {
  if (!(process.env['PATH'] ?? '').split(':').some((d) => existsSync(path.join(d, bin))))
    throw new Error(`${bin} is not installed (see .ci/run for the Debian packages)`);
}

async function run(bin: string, args: string[]): Promise<string> {
  const r = await execFileP(bin, args, {
    timeout: EXEC_TIMEOUT_MS,
    maxBuffer: 512 * MIB,
    encoding: 'latin1',
  });
  return r.stdout;
}

describe('file:// sites through the proxy, with libnfs-utils', { timeout: 600_000 }, () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'nfsp-file-site-'));
  const primary = path.join(work, 'primary');
  const b1 = path.join(work, 'backup-sync');
  const b2 = path.join(work, 'backup-async');
  const outside = path.join(work, 'outside');
  let proxy: ProxyInstance | undefined;
  let client: NfsClient | undefined;

  before(async () => {
    for (const d of [primary, b1, b2, outside]) await mkdir(d);
    await writeFile(path.join(outside, 'secret'), 'outside the site\n');
    proxy = await startProxy({
      primary: UNUSED_NFS,
      config: {
        primary: `file://${primary}`,
        backups: [`file://${b1}?mode=sync`, `file://${b2}?mode=async`],
      },
    });
    client = await connectNfs({
      host: proxy.host,
      nfsPort: proxy.port,
      mountPort: proxy.port,
      exportPath: '/export',
    });
  });

  after(async () => {
    await client?.close();
    await proxy?.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  const p = (): ProxyInstance => {
    assert.ok(proxy, 'proxy started');
    return proxy;
  };
  const c = (): NfsClient => {
    assert.ok(client, 'client connected');
    return client;
  };

  it('nfs-cp in and out: the bytes survive, the backups equal the primary on disk', async () => {
    const src = path.join(work, 'in.bin');
    const data = randomBytes(8 * MIB + 12345);
    await writeFile(src, data);
    await run('nfs-cp', [src, p().url('/big.bin')]);
    const back = path.join(work, 'out.bin');
    await run('nfs-cp', [p().url('/big.bin'), back]);
    assert.ok((await readFile(back)).equals(data), 'copied out = copied in');
    assert.ok(readFileSync(path.join(primary, 'big.bin')).equals(data), 'on the primary disk');
    for (let i = 0; i < 20; i++) await writeFile(path.join(work, `s${i}`), `small ${i}\n`);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        run('nfs-cp', [path.join(work, `s${i}`), p().url(`/s${i}`)]),
      ),
    );
    assert.equal(await run('nfs-cat', [p().url('/s7')]), 'small 7\n');
    const listing = await run('nfs-ls', [p().url('/')]);
    for (const n of ['big.bin', 's0', 's19']) assert.match(listing, new RegExp(`\\b${n}\\b`));
    assert.equal(await waitSameTrees(primary, b1, 60_000), undefined, 'sync backup = primary');
    assert.equal(await waitSameTrees(primary, b2, 60_000), undefined, 'async backup = primary');
  });

  it('special characters and 255-byte names work, and replicate', async () => {
    const names = [
      'with space',
      'ünïcødé-名前',
      'quote\'"&;$(x)',
      'x'.repeat(255),
      'é'.repeat(127), // 254 bytes
    ];
    for (const n of names) {
      const fh = await c().create(c().root, n);
      await c().write(fh, 0, Buffer.from(`content of ${n}`), nfs3.FILE_SYNC);
      assert.equal(readFileSync(path.join(primary, n), 'utf8'), `content of ${n}`);
    }
    const tooLong = await c().call(NFS.NFSPROC3_CREATE, {
      where: { dir: c().root, name: Buffer.from('y'.repeat(256)) },
      how: { mode: nfs3.GUARDED, obj_attributes: NO_SATTR },
    });
    assert.equal(statusName(tooLong.status), 'NFS3ERR_NAMETOOLONG');
    assert.equal(await waitSameTrees(primary, b1, 60_000), undefined, 'sync backup = primary');
    assert.equal(await waitSameTrees(primary, b2, 60_000), undefined, 'async backup = primary');
  });

  it('symlinks out of the directory are stored, never followed', async () => {
    // A symlink made behind the proxy and one made through it, both pointing outside.
    await symlink(outside, path.join(primary, 'escape-dir'));
    await symlink(path.join(outside, 'secret'), path.join(primary, 'escape-file'));
    const made = await c().call(NFS.NFSPROC3_SYMLINK, {
      where: { dir: c().root, name: Buffer.from('escape-up') },
      symlink: { symlink_attributes: NO_SATTR, symlink_data: Buffer.from('../outside/secret') },
    });
    assert.equal(statusName(made.status), 'NFS3_OK');
    for (const name of ['escape-dir', 'escape-file', 'escape-up']) {
      const fh = await c().lookup(c().root, name);
      const a = await c().call(NFS.NFSPROC3_GETATTR, { object: fh });
      assert.equal(statusName(a.status), 'NFS3_OK');
      assert.equal(a.status === 0 && a.resok.obj_attributes.type, nfs3.NF3LNK, `${name} is a link`);
      const read = await c().call(NFS.NFSPROC3_READ, { file: fh, offset: 0n, count: 100 });
      assert.notEqual(statusName(read.status), 'NFS3_OK', `READ through ${name} refused`);
      const write = await c().call(NFS.NFSPROC3_WRITE, {
        file: fh,
        offset: 0n,
        count: 3,
        stable: nfs3.FILE_SYNC,
        data: Buffer.from('BAD'),
      });
      assert.notEqual(statusName(write.status), 'NFS3_OK', `WRITE through ${name} refused`);
    }
    // Using the symlinked directory as a directory: LOOKUP/CREATE/READDIR inside it refused.
    const dirLink = await c().lookup(c().root, 'escape-dir');
    const inside = await c().call(NFS.NFSPROC3_LOOKUP, {
      what: { dir: dirLink, name: Buffer.from('secret') },
    });
    assert.equal(statusName(inside.status), 'NFS3ERR_NOTDIR');
    const create = await c().call(NFS.NFSPROC3_CREATE, {
      where: { dir: dirLink, name: Buffer.from('planted') },
      how: { mode: nfs3.GUARDED, obj_attributes: NO_SATTR },
    });
    assert.equal(statusName(create.status), 'NFS3ERR_NOTDIR');
    const list = await c().call(NFS.NFSPROC3_READDIR, {
      dir: dirLink,
      cookie: 0n,
      cookieverf: Buffer.alloc(8),
      count: 4096,
    });
    assert.equal(statusName(list.status), 'NFS3ERR_NOTDIR');
    assert.equal(await run('nfs-cat', [p().url('/escape-file')]).catch(() => 'refused'), 'refused');
    assert.equal(readFileSync(path.join(outside, 'secret'), 'utf8'), 'outside the site\n');
    assert.equal(existsSync(path.join(outside, 'planted')), false);
  });

  it('a directory swapped for a symlink behind the proxy leads nowhere', async () => {
    const d = await c().mkdir(c().root, 'swapped');
    const f = await c().create(d, 'inner');
    await c().write(f, 0, Buffer.from('inner'), nfs3.FILE_SYNC);
    // Replace the directory by a symlink to a directory outside with the same layout.
    rmSync(path.join(primary, 'swapped'), { recursive: true });
    await mkdir(path.join(outside, 'swapped'));
    await writeFile(path.join(outside, 'swapped', 'inner'), 'outside inner');
    await symlink(path.join(outside, 'swapped'), path.join(primary, 'swapped'));
    const read = await c().call(NFS.NFSPROC3_READ, { file: f, offset: 0n, count: 100 });
    assert.equal(statusName(read.status), 'NFS3ERR_STALE');
    const create = await c().call(NFS.NFSPROC3_CREATE, {
      where: { dir: d, name: Buffer.from('planted') },
      how: { mode: nfs3.GUARDED, obj_attributes: NO_SATTR },
    });
    assert.equal(statusName(create.status), 'NFS3ERR_STALE');
    assert.equal(existsSync(path.join(outside, 'swapped', 'planted')), false);
  });

  it('.. and names with / are refused; .. of the root is the root', async () => {
    const sub = await c().mkdir(c().root, 'sub');
    const up = await c().call(NFS.NFSPROC3_LOOKUP, {
      what: { dir: c().root, name: Buffer.from('..') },
    });
    assert.equal(statusName(up.status), 'NFS3_OK');
    assert.ok(up.status === 0 && Buffer.from(up.resok.object.data).equals(c().root.data));
    for (const name of ['..', '.', 'a/b', '../outside', 'nul\0byte']) {
      const r = await c().call(NFS.NFSPROC3_MKDIR, {
        where: { dir: sub, name: Buffer.from(name) },
        attributes: NO_SATTR,
      });
      assert.notEqual(statusName(r.status), 'NFS3_OK', `MKDIR ${JSON.stringify(name)}`);
      const rm = await c().call(NFS.NFSPROC3_REMOVE, {
        object: { dir: sub, name: Buffer.from(name) },
      });
      assert.notEqual(statusName(rm.status), 'NFS3_OK', `REMOVE ${JSON.stringify(name)}`);
    }
    const ren = await c().call(NFS.NFSPROC3_RENAME, {
      from: { dir: c().root, name: Buffer.from('sub') },
      to: { dir: sub, name: Buffer.from('..') },
    });
    assert.notEqual(statusName(ren.status), 'NFS3_OK');
    const slash = await c().call(NFS.NFSPROC3_LOOKUP, {
      what: { dir: c().root, name: Buffer.from('../outside') },
    });
    assert.notEqual(statusName(slash.status), 'NFS3_OK');
    assert.equal(existsSync(path.join(work, 'a')), false);
  });

  it('the proxy logged no errors', () => {
    const bad = p()
      .logs()
      .filter((l) => l.level >= 50);
    assert.deepEqual(bad, []);
  });
});

describe('a file:// site that cannot serve is refused at start', { timeout: 120_000 }, () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'nfsp-file-bad-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  async function serve(primaryUrl: string, backups: string[] = []) {
    const state = path.join(work, `state-${randomBytes(4).toString('hex')}`);
    const cfg = path.join(work, `cfg-${randomBytes(4).toString('hex')}.json`);
    await writeFile(
      cfg,
      JSON.stringify({ listen: '127.0.0.1:0', state, primary: primaryUrl, backups }),
    );
    return runCli(['serve', '--config', cfg], 60_000);
  }

  it('a missing primary directory', async () => {
    const r = await serve(`file://${work}/does-not-exist`);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr + r.stdout, /does not exist/);
    assert.match(r.stderr + r.stdout, /NFSP_ERR_SITE_DIR|does-not-exist/);
  });

  it('a primary that is a file, not a directory', async () => {
    await writeFile(path.join(work, 'plain'), 'x');
    const r = await serve(`file://${work}/plain`);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr + r.stdout, /is not a directory/);
  });

  it('a read-only backup directory (read-only bind mount)', async () => {
    const ok = path.join(work, 'ok');
    const ro = path.join(work, 'ro');
    await mkdir(ok);
    await mkdir(ro);
    await execFileP('mount', ['--bind', ro, ro]);
    try {
      await execFileP('mount', ['-o', 'remount,bind,ro', ro, ro]);
      const r = await serve(`file://${ok}`, [`file://${ro}`]);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr + r.stdout, /cannot write the directory \(EROFS\)/);
    } finally {
      await execFileP('umount', [ro]);
    }
  });

  it('a directory the proxy user may not write (when not root)', async () => {
    await chmod(work, 0o755);
    const locked = path.join(work, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o500);
    // As root, mode bits do not stop the proxy: run the check as nobody.
    const r = await execFileP(
      'setpriv',
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        '--import',
        'tsx',
        '--conditions=development',
        '-e',
        `import('${path.resolve('src/sites/file-site.ts')}').then((m) => m.checkSiteDir('site-0', '${locked}')).then(() => console.log('accepted'), (e) => console.log(e.code + ': ' + e.message))`,
      ],
      { timeout: 60_000 },
    );
    assert.match(r.stdout, /NFSP_ERR_SITE_DIR: .*cannot write the directory \(EACCES\)/);
  });
});
