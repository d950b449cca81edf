/** The file:// driver's errno table, handle format, handle map and READDIR cookies. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import { ERRNO_TO_NFSSTAT, LocalStatus, nfsStatusOf } from '../../src/sites/local/errno.js';
import {
  decodeHandle,
  encodeHandle,
  HandleMap,
  LOCAL_HANDLE_BYTES,
} from '../../src/sites/local/handle-map.js';
import { devParts, nameCookie } from '../../src/sites/local/local-fs.js';

const errnoOf = (code: string) => Object.assign(new Error(code), { code });

describe('errno -> nfsstat3', () => {
  const cases: [string, number][] = [
    ['EPERM', nfs3.NFS3ERR_PERM],
    ['ENOENT', nfs3.NFS3ERR_NOENT],
    ['EIO', nfs3.NFS3ERR_IO],
    ['ENXIO', nfs3.NFS3ERR_NXIO],
    ['EACCES', nfs3.NFS3ERR_ACCES],
    ['EEXIST', nfs3.NFS3ERR_EXIST],
    ['EXDEV', nfs3.NFS3ERR_XDEV],
    ['ENODEV', nfs3.NFS3ERR_NODEV],
    ['ENOTDIR', nfs3.NFS3ERR_NOTDIR],
    ['EISDIR', nfs3.NFS3ERR_ISDIR],
    ['EINVAL', nfs3.NFS3ERR_INVAL],
    ['EFBIG', nfs3.NFS3ERR_FBIG],
    ['ENOSPC', nfs3.NFS3ERR_NOSPC],
    ['EROFS', nfs3.NFS3ERR_ROFS],
    ['EMLINK', nfs3.NFS3ERR_MLINK],
    ['ENAMETOOLONG', nfs3.NFS3ERR_NAMETOOLONG],
    ['ENOTEMPTY', nfs3.NFS3ERR_NOTEMPTY],
    ['EDQUOT', nfs3.NFS3ERR_DQUOT],
    ['ESTALE', nfs3.NFS3ERR_STALE],
    ['ELOOP', nfs3.NFS3ERR_STALE],
    ['ENOTSUP', nfs3.NFS3ERR_NOTSUPP],
    ['EAGAIN', nfs3.NFS3ERR_JUKEBOX],
    ['EMFILE', nfs3.NFS3ERR_JUKEBOX],
  ];
  for (const [code, status] of cases) {
    it(`${code} -> ${nfs3.names_nfsstat3[status]}`, () => {
      assert.equal(nfsStatusOf(errnoOf(code)), status);
      assert.equal(ERRNO_TO_NFSSTAT.get(code), status);
    });
  }
  it('an unknown errno or a plain error has no status (the driver answers IO and logs)', () => {
    assert.equal(nfsStatusOf(errnoOf('EWEIRD')), undefined);
    assert.equal(nfsStatusOf(new Error('x')), undefined);
    assert.equal(nfsStatusOf(null), undefined);
  });
  it('a LocalStatus carries its own status and code', () => {
    const e = new LocalStatus(nfs3.NFS3ERR_NOTEMPTY, 'x');
    assert.equal(nfsStatusOf(e), nfs3.NFS3ERR_NOTEMPTY);
    assert.equal(e.code, 'NFSP_ERR_LOCAL_STATUS');
  });
  it('every status in the table is a valid nfsstat3', () => {
    for (const s of ERRNO_TO_NFSSTAT.values()) assert.ok(nfs3.names_nfsstat3[s], String(s));
  });
});

describe('file:// handles', () => {
  it('round-trip: 16 bytes, generation and inode', () => {
    const h = encodeHandle(0x0123456789abcdefn, 7);
    assert.equal(h.length, LOCAL_HANDLE_BYTES);
    assert.deepEqual(decodeHandle(h), { ino: 0x0123456789abcdefn, gen: 7 });
  });
  it('foreign or altered handles are not ours', () => {
    const h = encodeHandle(5n, 0);
    assert.equal(decodeHandle(h.subarray(0, 15)), undefined);
    assert.equal(decodeHandle(Buffer.concat([h, Buffer.alloc(1)])), undefined);
    for (const i of [0, 1, 2, 3]) {
      const bad = Buffer.from(h);
      bad[i] = bad[i]! ^ 0xff;
      assert.equal(decodeHandle(bad), undefined, `byte ${i}`);
    }
    assert.equal(decodeHandle(Buffer.alloc(32)), undefined);
  });
});

describe('HandleMap', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nfsp-handle-map-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const root = 2n;

  it('paths from links; a rename moves a whole subtree in one update', () => {
    const m = new HandleMap(root);
    m.learn(10n, root, Buffer.from('a'));
    m.learn(11n, 10n, Buffer.from('b'));
    m.learn(12n, 11n, Buffer.from('c'));
    assert.deepEqual(m.components(12n)?.map(String), ['a', 'b', 'c']);
    m.learn(10n, root, Buffer.from('renamed'));
    assert.deepEqual(m.components(12n)?.map(String), ['renamed', 'b', 'c']);
    assert.deepEqual(m.components(root), []);
  });

  it('an unknown link on the way or a loop gives no path', () => {
    const m = new HandleMap(root);
    m.learn(11n, 10n, Buffer.from('b'));
    assert.equal(m.components(11n), undefined);
    m.learn(20n, 21n, Buffer.from('x'));
    m.learn(21n, 20n, Buffer.from('y'));
    assert.equal(m.components(20n), undefined);
  });

  it('retire: a new generation, the old handle differs, the root never retires', () => {
    const m = new HandleMap(root);
    m.learn(10n, root, Buffer.from('a'));
    const before = m.handleOf(10n);
    m.retire(10n);
    assert.equal(m.link(10n), undefined);
    assert.equal(m.genOf(10n), 1);
    assert.ok(!m.handleOf(10n).equals(before));
    m.retire(root);
    assert.equal(m.genOf(root), 0);
  });

  it('generations persist across restarts and the file is compacted', () => {
    const file = path.join(dir, 'sub', 'site.gen');
    const m = new HandleMap(root, file);
    for (let i = 0; i < 3000; i++) m.retire(100n);
    m.retire(101n);
    const again = new HandleMap(root, file);
    assert.equal(again.genOf(100n), 3000);
    assert.equal(again.genOf(101n), 1);
    assert.equal(again.genOf(102n), 0);
    assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, 2, 'compacted');
  });
});

describe('READDIR cookies and device numbers', () => {
  it('cookies: stable per name, above . and .. (1, 2), below 2^63', () => {
    const names = ['a', 'b', '', 'x'.repeat(255), 'ünï'];
    for (const n of names) {
      const c = nameCookie(Buffer.from(n));
      assert.equal(c, nameCookie(Buffer.from(n)));
      assert.ok(c >= 3n && c < 1n << 63n, `${n}: ${c}`);
    }
    assert.notEqual(nameCookie(Buffer.from('a')), nameCookie(Buffer.from('b')));
  });
  it('dev_t: Linux major/minor encoding', () => {
    // makedev(1, 3) = 0x103 (/dev/null); makedev(259, 65536) uses the high bits.
    assert.deepEqual(devParts(0x103n), { specdata1: 1, specdata2: 3 });
    const major = 259n;
    const minor = 65536n;
    const dev =
      (minor & 0xffn) |
      ((major & 0xfffn) << 8n) |
      ((minor & ~0xffn) << 12n) |
      ((major & ~0xfffn) << 32n);
    assert.deepEqual(devParts(dev), { specdata1: 259, specdata2: 65536 });
  });
});
