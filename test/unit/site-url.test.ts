/** Site URLs: libnfs's nfs:// form and the proxy's file:// form; site names. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config/config.js';
import { parseSiteUrl, siteNames, type SiteUrl } from '../../src/sites/site-url.js';

function configError(fn: () => unknown, key: string, message: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    assert.equal(err.code, 'NFSP_ERR_CONFIG');
    assert.equal(err.key, key);
    assert.ok(err.message.startsWith(`config: ${key}: `), err.message);
    assert.match(err.message, message);
    return true;
  });
}

describe('parseSiteUrl: accepted', () => {
  const cases: [string, SiteUrl][] = [
    [
      'nfs://127.0.0.1/srv/nfs',
      {
        kind: 'nfs',
        url: 'nfs://127.0.0.1/srv/nfs',
        host: '127.0.0.1',
        exportPath: '/srv/nfs',
        nfsPort: undefined,
        mountPort: undefined,
        mode: 'sync',
        name: undefined,
      },
    ],
    [
      'nfs://nas1.example.com/export?nfsport=2049&mountport=20048&mode=async&name=dr&version=3',
      {
        kind: 'nfs',
        url: 'nfs://nas1.example.com/export?nfsport=2049&mountport=20048&mode=async&name=dr&version=3',
        host: 'nas1.example.com',
        exportPath: '/export',
        nfsPort: 2049,
        mountPort: 20048,
        mode: 'async',
        name: 'dr',
      },
    ],
    [
      'nfs://[::1]/srv?mode=sync',
      {
        kind: 'nfs',
        url: 'nfs://[::1]/srv?mode=sync',
        host: '::1',
        exportPath: '/srv',
        nfsPort: undefined,
        mountPort: undefined,
        mode: 'sync',
        name: undefined,
      },
    ],
    [
      'nfs://[fd00::5]:12049/a//b/./c/?mountport=12050',
      {
        kind: 'nfs',
        url: 'nfs://[fd00::5]:12049/a//b/./c/?mountport=12050',
        host: 'fd00::5',
        exportPath: '/a/b/c',
        nfsPort: 12049,
        mountPort: 12050,
        mode: 'sync',
        name: undefined,
      },
    ],
    [
      'nfs://localhost:2049/my%20share',
      {
        kind: 'nfs',
        url: 'nfs://localhost:2049/my%20share',
        host: 'localhost',
        exportPath: '/my share',
        nfsPort: 2049,
        mountPort: undefined,
        mode: 'sync',
        name: undefined,
      },
    ],
    [
      'nfs://127.0.0.2/',
      {
        kind: 'nfs',
        url: 'nfs://127.0.0.2/',
        host: '127.0.0.2',
        exportPath: '/',
        nfsPort: undefined,
        mountPort: undefined,
        mode: 'sync',
        name: undefined,
      },
    ],
    [
      'NFS://h/x',
      {
        kind: 'nfs',
        url: 'NFS://h/x',
        host: 'h',
        exportPath: '/x',
        nfsPort: undefined,
        mountPort: undefined,
        mode: 'sync',
        name: undefined,
      },
    ],
    [
      'file:///var/lib/site?mode=async&name=local_1',
      {
        kind: 'file',
        url: 'file:///var/lib/site?mode=async&name=local_1',
        dir: '/var/lib/site',
        mode: 'async',
        name: 'local_1',
      },
    ],
    [
      'file://localhost/data/',
      { kind: 'file', url: 'file://localhost/data/', dir: '/data', mode: 'sync', name: undefined },
    ],
  ];
  for (const [text, expected] of cases) {
    it(text, () => assert.deepEqual(parseSiteUrl(text, 'primary'), expected));
  }
});

describe('parseSiteUrl: refused with a ConfigError naming the key', () => {
  const cases: [string, string, RegExp][] = [
    ['missing host', 'nfs:///srv', /missing the host/],
    ['missing export path', 'nfs://127.0.0.1', /missing the export path/],
    ['port 0 in authority', 'nfs://h:0/x', /port must be an integer 1\.\.65535/],
    ['port too large', 'nfs://h/x?nfsport=65536', /nfsport must be an integer 1\.\.65535/],
    ['port not a number', 'nfs://h/x?mountport=abc', /mountport must be/],
    ['negative port', 'nfs://h/x?nfsport=-1', /nfsport must be/],
    ['port twice', 'nfs://h:2049/x?nfsport=2049', /NFS port twice/],
    ['mode=bogus', 'nfs://h/x?mode=bogus', /mode must be one of sync, async \(got "bogus"/],
    ['unknown query key', 'nfs://h/x?foo=1', /unknown query parameter "foo".*accepted: nfsport/],
    ['uid refused', 'nfs://h/x?uid=0', /"uid" is not supported: the proxy forwards/],
    ['version 4', 'nfs://h/x?version=4', /version must be 3/],
    ['Object.prototype key', 'nfs://h/x?constructor=1', /unknown query parameter "constructor"/],
    ['uid on a file site', 'file:///x?uid=0', /unknown query parameter "uid"/],
    ['duplicate key', 'nfs://h/x?mode=sync&mode=async', /given twice/],
    ['empty value', 'nfs://h/x?name=', /empty value/],
    ['not key=value', 'nfs://h/x?mode', /not KEY=VALUE/],
    ['bad name', 'nfs://h/x?name=Bad', /name must be/],
    ['name too long', `nfs://h/x?name=${'a'.repeat(64)}`, /name must be/],
    ['user info', 'nfs://user:secret@h/x', /user information/],
    ['bare IPv6', 'nfs://::1/x', /must be in brackets/],
    ['bad IPv6', 'nfs://[::g]/x', /not an IPv6 address/],
    ['unclosed bracket', 'nfs://[::1/x', /unclosed/],
    ['bad IPv4', 'nfs://1.2.3/x', /not an IPv4 address or DNS name/],
    ['bad host', 'nfs://bad_host/x', /not an IPv4 address or DNS name/],
    ['dot-dot', 'nfs://h/srv/../etc', /must not contain "\.\."/],
    ['bad escape', 'nfs://h/x%zz', /%-escape/],
    ['fragment', 'nfs://h/x#frag', /fragment/],
    ['unknown scheme', 'http://h/x', /nfs:\/\/HOST\/EXPORT or file:\/\/\/DIR/],
    ['no scheme', '/srv/nfs', /nfs:\/\/HOST\/EXPORT or file:\/\/\/DIR/],
    ['nfs without //', 'nfs:h/x', /must be nfs:\/\/HOST\/EXPORT/],
    ['relative file path', 'file://relative/dir', /relative path or a host is not allowed/],
    ['file without //', 'file:relative', /must be file:\/\/\/ABSOLUTE\/DIR/],
    ['file dot-dot', 'file:///a/../b', /must not contain "\.\."/],
    ['file nfs-only key', 'file:///a?nfsport=1', /unknown query parameter "nfsport"/],
    ['too long', `nfs://h/${'a'.repeat(5000)}`, /at most 4096 characters/],
    ['component too long', `nfs://h/${'a'.repeat(256)}`, /longer than 255 bytes/],
  ];
  for (const [what, text, message] of cases) {
    it(what, () => configError(() => parseSiteUrl(text, 'backups[1]'), 'backups[1]', message));
  }

  it('user information is masked in the message', () => {
    configError(
      () => parseSiteUrl('nfs://admin:hunter2@h/x?mode=bogus', 'primary'),
      'primary',
      /^(?!.*hunter2).*"nfs:\/\/\*\*\*@h\/x\?mode=bogus"/,
    );
    configError(
      () => parseSiteUrl('nfs://admin:hunter2@h/x', 'primary'),
      'primary',
      /^(?!.*hunter2).*user information/,
    );
  });

  it('a non-string', () =>
    configError(() => parseSiteUrl(42 as unknown as string, 'primary'), 'primary', /string/));
});

describe('siteNames', () => {
  const site = (text: string): SiteUrl => parseSiteUrl(text, 'x');

  it('defaults to site-0 for the primary and site-1.. for backups in order', () => {
    assert.deepEqual(siteNames(site('nfs://a/x'), [site('nfs://b/x'), site('nfs://c/x')]), [
      'site-0',
      'site-1',
      'site-2',
    ]);
  });

  it('uses name= where given and keeps positions for the rest', () => {
    assert.deepEqual(
      siteNames(site('nfs://a/x?name=main'), [site('nfs://b/x'), site('file:///d?name=dr')]),
      ['main', 'site-1', 'dr'],
    );
  });

  it('a primary alone is site-0', () => {
    assert.deepEqual(siteNames(site('file:///srv'), []), ['site-0']);
  });

  it('refuses two sites with one explicit name', () => {
    configError(
      () => siteNames(site('nfs://a/x?name=dr'), [site('nfs://b/x?name=dr')]),
      'backups[0]',
      /name "dr" is already the name of primary/,
    );
  });

  it('refuses an explicit name that collides with a default name', () => {
    configError(
      () => siteNames(site('nfs://a/x'), [site('nfs://b/x?name=site-2'), site('nfs://c/x')]),
      'backups[1]',
      /default name "site-2" is already the name of backups\[0\]/,
    );
  });

  it('refuses a backup named like the default primary', () => {
    configError(
      () => siteNames(site('nfs://a/x'), [site('nfs://b/x?name=site-0')]),
      'backups[0]',
      /already the name of primary/,
    );
  });
});
