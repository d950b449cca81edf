/**
 * Configuration: defaults, every key's bad values (ConfigError naming the key), the config file
 * (bad JSON, missing, oversized), flags over the file, CIDR matching.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  ConfigError,
  MAX_CONFIG_FILE_BYTES,
  loadConfigFile,
  parseConfig,
  parseServeArgs,
  resolveConfig,
  type ProxyConfig,
} from '../../src/config/config.js';
import { parseCidr } from '../../src/config/cidr.js';
import { selfSignedCert } from '../harness/tls.js';

const PRIMARY = 'nfs://127.0.0.1/srv/nfs?nfsport=2049&mountport=2050';

function configError(fn: () => unknown, key: string, message?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    assert.equal(err.code, 'NFSP_ERR_CONFIG');
    assert.equal(err.key, key);
    if (key !== '') assert.ok(err.message.startsWith(`config: ${key}: `), err.message);
    if (message) assert.match(err.message, message);
    return true;
  });
}

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'nfsp-config-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('parseConfig: defaults', () => {
  const config = parseConfig({ primary: PRIMARY }, 'test');
  const cases: [string, (c: ProxyConfig) => unknown, unknown][] = [
    ['listen', (c) => c.listen, { host: '127.0.0.1', port: 2049 }],
    ['udp', (c) => c.udp, false],
    ['state', (c) => c.state, '/var/lib/nfs-proxy'],
    ['export.path', (c) => c.export.path, '/export'],
    ['export.clients', (c) => c.export.clients.map((x) => x.text), ['127.0.0.0/8', '::1/128']],
    ['export.access', (c) => c.export.access, 'rw'],
    ['export.squash', (c) => c.export.squash, 'root'],
    ['export.anonuid', (c) => c.export.anonuid, 65534],
    ['export.anongid', (c) => c.export.anongid, 65534],
    ['export.secure', (c) => c.export.secure, false],
    ['backups', (c) => c.backups, []],
    ['console', (c) => c.console, undefined],
    ['log.level', (c) => c.log.level, 'info'],
    ['upstream.connections', (c) => c.upstream.connections, 4],
    ['upstream.timeoutMs', (c) => c.upstream.timeoutMs, 10000],
    ['upstream.retransmissions', (c) => c.upstream.retransmissions, 2],
    ['limits.maxIoSize', (c) => c.limits.maxIoSize, 1048576],
    ['limits.maxInFlight', (c) => c.limits.maxInFlight, 1024],
    ['limits.maxInFlightPerConnection', (c) => c.limits.maxInFlightPerConnection, 64],
    ['limits.maxConnections', (c) => c.limits.maxConnections, 1024],
    ['drc.entries', (c) => c.drc.entries, 8192],
    ['drc.ttlSeconds', (c) => c.drc.ttlSeconds, 120],
    ['shutdownGraceMs', (c) => c.shutdownGraceMs, 10000],
  ];
  for (const [key, get, expected] of cases) {
    it(key, () => assert.deepEqual(get(config), expected));
  }
  it('primary is parsed', () => {
    assert.equal(config.primary.kind, 'nfs');
    assert.equal(config.primary.kind === 'nfs' && config.primary.exportPath, '/srv/nfs');
  });
  it('empty nested objects take every default', () => {
    const c = parseConfig(
      { primary: PRIMARY, export: {}, log: {}, upstream: {}, limits: {}, drc: {} },
      'test',
    );
    assert.deepEqual(c, config);
  });
});

describe('parseConfig: replication defaults', () => {
  it('3 resends are fixed; timeouts and the journal have defaults', () => {
    const c = parseConfig({ primary: PRIMARY }, 'test');
    assert.deepEqual(c.replication, {
      timeoutMs: 5000,
      heartbeatMs: 2000,
      journal: {
        fsync: 'always',
        fsyncIntervalMs: 1000,
        quotaBytes: 10 * 1024 ** 3,
        segmentBytes: 64 * 1024 * 1024,
      },
    });
  });
  it('takes the values given', () => {
    const c = parseConfig(
      {
        primary: PRIMARY,
        replication: {
          timeoutMs: 1000,
          heartbeatMs: 500,
          journal: {
            fsync: 'interval',
            fsyncIntervalMs: 200,
            quotaBytes: 2 ** 30,
            segmentBytes: 2 ** 24,
          },
        },
      },
      'test',
    );
    assert.equal(c.replication.journal.fsync, 'interval');
    assert.equal(c.replication.journal.quotaBytes, 2 ** 30);
    assert.equal(c.replication.timeoutMs, 1000);
  });
});

describe('parseConfig: every key set', () => {
  it('takes every value given', () => {
    const c = parseConfig(
      {
        listen: '[::1]:0',
        udp: true,
        state: 'relative/state',
        export: {
          path: '/data//vol/',
          clients: ['10.0.0.0/8', '192.168.1.5', '*'],
          access: 'ro',
          squash: 'all',
          anonuid: 0,
          anongid: 4294967295,
          secure: true,
        },
        primary: PRIMARY,
        backups: ['nfs://127.0.0.2/srv?mode=async&name=dr', 'file:///backup'],
        console: '127.0.0.1:8049',
        log: { level: 'debug' },
        upstream: { connections: 64, timeoutMs: 100, retransmissions: 0 },
        limits: {
          maxIoSize: 65536,
          maxInFlight: 10,
          maxInFlightPerConnection: 10,
          maxConnections: 1,
        },
        drc: { entries: 0, ttlSeconds: 3600 },
        shutdownGraceMs: 0,
      },
      'test',
    );
    assert.deepEqual(c.listen, { host: '::1', port: 0 });
    assert.equal(c.udp, true);
    assert.equal(c.state, resolve('relative/state'));
    assert.equal(c.export.path, '/data/vol');
    assert.deepEqual(
      c.export.clients.map((x) => x.text),
      ['10.0.0.0/8', '192.168.1.5', '*'],
    );
    assert.equal(c.export.access, 'ro');
    assert.equal(c.export.squash, 'all');
    assert.equal(c.export.anonuid, 0);
    assert.equal(c.export.anongid, 4294967295);
    assert.equal(c.export.secure, true);
    assert.deepEqual(
      c.backups.map((b) => [b.kind, b.mode, b.name]),
      [
        ['nfs', 'async', 'dr'],
        ['file', 'sync', undefined],
      ],
    );
    assert.deepEqual(c.console, { host: '127.0.0.1', port: 8049 });
    assert.equal(c.log.level, 'debug');
    assert.deepEqual(c.upstream, { connections: 64, timeoutMs: 100, retransmissions: 0 });
    assert.deepEqual(c.limits, {
      maxIoSize: 65536,
      maxInFlight: 10,
      maxInFlightPerConnection: 10,
      maxConnections: 1,
    });
    assert.deepEqual(c.drc, { entries: 0, ttlSeconds: 3600 });
    assert.equal(c.shutdownGraceMs, 0);
  });

  it('console: null means no console', () => {
    assert.equal(parseConfig({ primary: PRIMARY, console: null }, 'test').console, undefined);
  });

  it('export.path "/" stays "/"', () => {
    assert.equal(parseConfig({ primary: PRIMARY, export: { path: '/' } }, 't').export.path, '/');
  });
});

describe('parseConfig: bad values give a ConfigError naming the key', () => {
  const long = 'x'.repeat(4097);
  // [key, patch over { primary }, message]
  const cases: [string, Record<string, unknown>, RegExp][] = [
    // top level
    ['primary', { primary: undefined }, /is required/],
    ['primary', { primary: 42 }, /must be a string \(got 42\)/],
    ['primary', { primary: 'http://x/y' }, /nfs:\/\/HOST\/EXPORT/],
    ['primary', { primary: long }, /at most 4096 characters/],
    ['lsiten', { lsiten: '1.2.3.4:1' }, /unknown key; did you mean "listen"\?/],
    ['bogus', { bogus: 1 }, /unknown key; known keys: listen, udp/],
    ['__proto__', JSON.parse('{"__proto__": {}}') as Record<string, unknown>, /unknown key/],
    ['listen', { listen: 2049 }, /must be a string/],
    ['listen', { listen: '127.0.0.1' }, /missing ":PORT"/],
    ['listen', { listen: '127.0.0.1:65536' }, /port must be 0\.\.65535/],
    ['listen', { listen: '127.0.0.1:-1' }, /port must be 0\.\.65535/],
    ['listen', { listen: '127.0.0.1:' }, /port must be/],
    ['listen', { listen: '::1:2049' }, /IPv6 host must be in brackets/],
    ['listen', { listen: '[::g]:2049' }, /not an IPv6 address/],
    ['listen', { listen: '[::1]2049' }, /missing "\]:PORT"/],
    ['listen', { listen: '1.2.3:2049' }, /not an IPv4 address/],
    ['listen', { listen: ':2049' }, /not an IPv4 address or host name/],
    ['udp', { udp: 'yes' }, /must be true or false \(got "yes"\)/],
    ['udp', { udp: 1 }, /must be true or false/],
    ['state', { state: 7 }, /must be a string/],
    ['state', { state: '' }, /must not be empty/],
    ['state', { state: 'a\0b' }, /NUL/],
    ['state', { state: long }, /at most 4096/],
    // health, takeover, degraded, versions
    ['health.intervalMs', { health: { intervalMs: 10 } }, /100\.\.600000/],
    ['health.extra', { health: { extra: 1 } }, /unknown key/],
    ['takeover.auto', { takeover: { auto: 'yes' } }, /true or false/],
    ['takeover.afterFailures', { takeover: { afterFailures: 0 } }, /1\.\.100/],
    ['degraded.writes', { degraded: { writes: 'maybe' } }, /wait/],
    ['degraded.reads', { degraded: { reads: 'primary' } }, /backup/],
    ['versions.viewName', { versions: { viewName: 'a/b' } }, /single file name/],
    ['versions.hiddenName', { versions: { hiddenName: '.versions' } }, /must differ/],
    ['versions.retention', { versions: { retention: { last: 0 } } }, /keeps no version/],
    ['versions.retention.daily', { versions: { retention: { daily: -1 } } }, /0\.\.100000/],
    ['versions.regenerable', { versions: { regenerable: '*.o' } }, /array/],
    // replication
    ['replication', { replication: 5 }, /must be an object/],
    ['replication.timeoutMs', { replication: { timeoutMs: 50 } }, /100\.\.600000/],
    ['replication.heartbeatMs', { replication: { heartbeatMs: 'soon' } }, /integer/],
    ['replication.retries', { replication: { retries: 5 } }, /unknown key/],
    ['replication.journal.fsync', { replication: { journal: { fsync: 'sometimes' } } }, /always/],
    [
      'replication.journal.quotaBytes',
      { replication: { journal: { quotaBytes: 1000 } } },
      /1048576/,
    ],
    [
      'replication.journal.segmentBytes',
      { replication: { journal: { segmentBytes: 2 ** 40 } } },
      /1073741824/,
    ],
    [
      'replication.journal.fsyncIntervalMs',
      { replication: { journal: { fsyncIntervalMs: 0 } } },
      /10/,
    ],
    ['backups', { backups: 'nfs://h/x' }, /must be an array \(got "nfs/],
    ['backups', { backups: Array.from({ length: 65 }, (_, i) => `nfs://h/x${i}`) }, /at most 64/],
    ['backups[1]', { backups: ['nfs://h/a', 5] }, /must be a string/],
    ['backups[0]', { backups: ['nfs://h/x?mode=bogus'] }, /mode must be one of sync, async/],
    ['backups[0]', { backups: [PRIMARY] }, /same site as primary/],
    ['backups[1]', { backups: ['file:///a', 'file:///a/'] }, /same site as backups\[0\]/],
    ['backups[0]', { backups: ['nfs://h/x?name=site-0'] }, /already the name of primary/],
    ['console', { console: 8049 }, /must be a string/],
    ['console', { console: 'localhost' }, /missing ":PORT"/],
    ['console', { console: '127.0.0.1:2049' }, /must not be the listen address/],
    ['shutdownGraceMs', { shutdownGraceMs: -1 }, /must be 0\.\.600000 \(got -1\)/],
    ['shutdownGraceMs', { shutdownGraceMs: 600001 }, /must be 0\.\.600000/],
    ['shutdownGraceMs', { shutdownGraceMs: 1.5 }, /must be an integer \(got 1\.5\)/],
    ['shutdownGraceMs', { shutdownGraceMs: '10' }, /must be an integer \(got "10"\)/],
    // export
    ['export', { export: '/export' }, /must be an object \(got "\/export"\)/],
    ['export', { export: null }, /must be an object \(got null\)/],
    ['export', { export: [] }, /must be an object \(got an array\)/],
    ['export.sqaush', { export: { sqaush: 'all' } }, /unknown key; did you mean "squash"\?/],
    ['export.path', { export: { path: 'export' } }, /absolute/],
    ['export.path', { export: { path: '/a/../b' } }, /must not contain "\.\."/],
    ['export.path', { export: { path: 5 } }, /must be a string/],
    ['export.path', { export: { path: `/${'a'.repeat(256)}` } }, /longer than 255 bytes/],
    ['export.path', { export: { path: '/a'.repeat(600) } }, /at most 1024 bytes/],
    ['export.clients', { export: { clients: '10.0.0.0/8' } }, /must be an array/],
    ['export.clients', { export: { clients: [] } }, /at least one/],
    ['export.clients', { export: { clients: Array(1025).fill('*') } }, /at most 1024 entries/],
    ['export.clients[0]', { export: { clients: [10] } }, /must be a string/],
    ['export.clients[1]', { export: { clients: ['*', '10.0.0.0/33'] } }, /prefix length/],
    ['export.clients[0]', { export: { clients: ['1.2.3'] } }, /not an IPv4 or IPv6 address/],
    ['export.access', { export: { access: 'readonly' } }, /must be one of rw, ro/],
    [
      'export.squash',
      { export: { squash: 'rooot' } },
      /^config: export\.squash: must be one of none, root, all \(got "rooot"\)$/,
    ],
    ['export.squash', { export: { squash: true } }, /must be one of none, root, all \(got true\)/],
    ['export.anonuid', { export: { anonuid: -1 } }, /must be 0\.\.4294967295/],
    ['export.anonuid', { export: { anonuid: 4294967296 } }, /must be 0\.\.4294967295/],
    ['export.anongid', { export: { anongid: '65534' } }, /must be an integer/],
    ['export.secure', { export: { secure: 'true' } }, /must be true or false/],
    // log
    ['log', { log: 'info' }, /must be an object/],
    ['log.level', { log: { level: 'verbose' } }, /must be one of fatal, error, warn, info/],
    ['log.lvl', { log: { lvl: 'info' } }, /unknown key/],
    // upstream
    ['upstream', { upstream: 4 }, /must be an object/],
    ['upstream.connections', { upstream: { connections: 0 } }, /must be 1\.\.64/],
    ['upstream.connections', { upstream: { connections: 65 } }, /must be 1\.\.64/],
    ['upstream.timeoutMs', { upstream: { timeoutMs: 99 } }, /must be 100\.\.600000/],
    ['upstream.timeoutMs', { upstream: { timeoutMs: 600001 } }, /must be 100\.\.600000/],
    ['upstream.retransmissions', { upstream: { retransmissions: 11 } }, /must be 0\.\.10/],
    ['upstream.retries', { upstream: { retries: 3 } }, /unknown key/],
    // limits
    ['limits', { limits: [] }, /must be an object/],
    ['limits.maxIoSize', { limits: { maxIoSize: 2048 } }, /must be 4096\.\.1048576/],
    ['limits.maxIoSize', { limits: { maxIoSize: 2097152 } }, /must be 4096\.\.1048576/],
    ['limits.maxIoSize', { limits: { maxIoSize: 5000 } }, /multiple of 4096/],
    ['limits.maxInFlight', { limits: { maxInFlight: 0 } }, /must be 1\.\.65536/],
    ['limits.maxInFlightPerConnection', { limits: { maxInFlightPerConnection: 0 } }, /1\.\./],
    [
      'limits.maxInFlightPerConnection',
      { limits: { maxInFlight: 8, maxInFlightPerConnection: 9 } },
      /must not exceed limits\.maxInFlight \(8\)/,
    ],
    ['limits.maxConnections', { limits: { maxConnections: 65537 } }, /must be 1\.\.65536/],
    ['limits.maxIOSize', { limits: { maxIOSize: 4096 } }, /did you mean "maxIoSize"/],
    // drc
    ['drc', { drc: true }, /must be an object/],
    ['drc.entries', { drc: { entries: -1 } }, /must be 0\.\.1000000/],
    ['drc.entries', { drc: { entries: 1000001 } }, /must be 0\.\.1000000/],
    ['drc.ttlSeconds', { drc: { ttlSeconds: 0 } }, /must be 1\.\.3600/],
    ['drc.ttlSeconds', { drc: { ttlSeconds: 3601 } }, /must be 1\.\.3600/],
    ['drc.size', { drc: { size: 1 } }, /unknown key/],
  ];
  for (const [key, patch, message] of cases) {
    it(`${key}: ${JSON.stringify(patch).slice(0, 70)}`, () => {
      const raw: Record<string, unknown> = { primary: PRIMARY };
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) delete raw[k];
        else Object.defineProperty(raw, k, { value: v, enumerable: true, writable: true });
      }
      configError(() => parseConfig(raw, 'test'), key, message);
    });
  }

  for (const raw of [null, [], 'text', 3, true]) {
    it(`the whole value: ${JSON.stringify(raw)}`, () =>
      configError(() => parseConfig(raw, 'my.json'), '', /my\.json: .*must be a JSON object/));
  }
});

describe('loadConfigFile', () => {
  it('reads a JSON file', () => {
    const path = writeConfig('ok.json', JSON.stringify({ primary: PRIMARY }));
    assert.deepEqual(loadConfigFile(path), { primary: PRIMARY });
  });

  it('accepts a UTF-8 byte order mark', () => {
    const path = writeConfig('bom.json', `\ufeff${JSON.stringify({ udp: true })}`);
    assert.deepEqual(loadConfigFile(path), { udp: true });
  });

  it('a missing file', () => {
    const path = join(dir, 'missing.json');
    configError(() => loadConfigFile(path), path, /no such file/);
  });

  it('a directory', () => {
    configError(() => loadConfigFile(dir), dir, /cannot read \(EISDIR\)/);
  });

  it('bad JSON, with line and column', () => {
    const path = writeConfig('bad.json', '{\n  "udp": true,\n}\n');
    configError(() => loadConfigFile(path), path, /is not valid JSON: .*\(line 3, column 1\)/);
  });

  it('bad JSON without a position still names the file', () => {
    const path = writeConfig('bad2.json', '{"udp": tru}');
    configError(() => loadConfigFile(path), path, /is not valid JSON/);
  });

  it('an empty file', () => {
    const path = writeConfig('empty.json', '');
    configError(() => loadConfigFile(path), path, /is not valid JSON/);
  });

  it('not UTF-8', () => {
    const path = writeConfig('latin1.json', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    configError(() => loadConfigFile(path), path, /not valid UTF-8/);
  });

  it('a file of exactly the limit is read; one byte more is refused', () => {
    const body = JSON.stringify({ primary: PRIMARY });
    const exact = body + ' '.repeat(MAX_CONFIG_FILE_BYTES - body.length);
    assert.deepEqual(loadConfigFile(writeConfig('exact.json', exact)), { primary: PRIMARY });
    const path = writeConfig('big.json', `${exact} `);
    configError(() => loadConfigFile(path), path, /larger than 1048576 bytes/);
  });
});

describe('parseServeArgs', () => {
  it('every flag', () => {
    assert.deepEqual(
      parseServeArgs([
        '--config',
        '/etc/nfs-proxy.json',
        '--listen',
        '0.0.0.0:2049',
        '--udp',
        '--export=/data',
        '--primary',
        'nfs://a/x',
        '--backup',
        'nfs://b/x',
        '--backup',
        'file:///c',
        '--state',
        '/tmp/s',
        '--console',
        '127.0.0.1:8049',
        '--log-level',
        'debug',
      ]),
      {
        config: '/etc/nfs-proxy.json',
        listen: '0.0.0.0:2049',
        udp: true,
        export: '/data',
        primary: 'nfs://a/x',
        backup: ['nfs://b/x', 'file:///c'],
        state: '/tmp/s',
        console: '127.0.0.1:8049',
        logLevel: 'debug',
      },
    );
  });

  it('no flags', () => assert.deepEqual(parseServeArgs([]), {}));

  const bad: [string, string[], string, RegExp][] = [
    ['unknown flag', ['--lisen', 'x'], '--lisen', /unknown flag; known flags: --config/],
    ['short flag', ['-l', 'x'], '-l', /unknown flag/],
    ['missing value at the end', ['--primary'], '--primary', /needs a value/],
    ['flag as a value', ['--listen', '--udp'], '--listen', /needs a value/],
    ['value for --udp', ['--udp=yes'], '--udp', /takes no value/],
    ['non-repeatable twice', ['--state', '/a', '--state', '/b'], '--state', /more than once/],
    ['positional', ['serve'], 'serve', /unexpected argument/],
    ['positional after --', ['--', 'x'], 'x', /unexpected argument/],
    ['too long', ['--state', 'x'.repeat(4097)], '--state', /at most 4096/],
  ];
  for (const [what, argv, key, message] of bad) {
    it(what, () => configError(() => parseServeArgs(argv), key, message));
  }

  it('--backup more than 64 times', () => {
    const argv = Array.from({ length: 65 }, (_, i) => [`--backup`, `nfs://h/x${i}`]).flat();
    configError(() => parseServeArgs(argv), '--backup', /at most 64 times/);
  });
});

describe('resolveConfig: flags over the file', () => {
  const fileConfig = {
    listen: '127.0.0.1:3049',
    state: '/var/lib/from-file',
    export: { path: '/from-file', access: 'ro', clients: ['10.0.0.0/8'] },
    primary: 'nfs://127.0.0.1/file-primary',
    backups: ['nfs://127.0.0.2/b1', 'nfs://127.0.0.3/b2'],
    console: '127.0.0.1:9000',
    log: { level: 'warn' },
  };

  it('the file alone', () => {
    const path = writeConfig('file.json', JSON.stringify(fileConfig));
    const c = resolveConfig({ config: path });
    assert.deepEqual(c.listen, { host: '127.0.0.1', port: 3049 });
    assert.equal(c.export.path, '/from-file');
    assert.equal(c.backups.length, 2);
    assert.equal(c.log.level, 'warn');
  });

  it('each flag overrides its key; the rest of the file stays', () => {
    const path = writeConfig('file.json', JSON.stringify(fileConfig));
    const c = resolveConfig(
      parseServeArgs([
        '--config',
        path,
        '--listen',
        '[::1]:4049',
        '--udp',
        '--export',
        '/from-flag',
        '--primary',
        'nfs://127.0.0.9/flag-primary',
        '--state',
        '/var/lib/from-flag',
        '--console',
        '127.0.0.1:9001',
        '--log-level',
        'trace',
      ]),
    );
    assert.deepEqual(c.listen, { host: '::1', port: 4049 });
    assert.equal(c.udp, true);
    assert.equal(c.export.path, '/from-flag');
    assert.equal(c.export.access, 'ro', 'export keys other than path stay');
    assert.deepEqual(
      c.export.clients.map((x) => x.text),
      ['10.0.0.0/8'],
    );
    assert.equal(c.primary.kind === 'nfs' && c.primary.host, '127.0.0.9');
    assert.equal(c.state, '/var/lib/from-flag');
    assert.deepEqual(c.console, { host: '127.0.0.1', port: 9001 });
    assert.equal(c.log.level, 'trace');
    assert.equal(c.backups.length, 2, "the file's backups stay without --backup");
  });

  it('--backup replaces the whole backups list, in order', () => {
    const path = writeConfig('file.json', JSON.stringify(fileConfig));
    const c = resolveConfig(
      parseServeArgs([
        '--config',
        path,
        '--backup',
        'file:///b?name=one',
        '--backup',
        'nfs://127.0.0.4/x',
      ]),
    );
    assert.deepEqual(
      c.backups.map((b) => b.url),
      ['file:///b?name=one', 'nfs://127.0.0.4/x'],
    );
  });

  it('flags alone, without a file', () => {
    const c = resolveConfig({ primary: 'file:///srv', export: '/x', state: 'rel' });
    assert.equal(c.primary.kind, 'file');
    assert.equal(c.export.path, '/x');
    assert.equal(c.state, resolve('rel'));
    assert.deepEqual(c.listen, { host: '127.0.0.1', port: 2049 });
  });

  it('a flag fixes a bad file value', () => {
    const path = writeConfig('badprimary.json', JSON.stringify({ primary: 'bogus' }));
    configError(() => resolveConfig({ config: path }), 'primary');
    assert.equal(resolveConfig({ config: path, primary: 'nfs://h/x' }).primary.url, 'nfs://h/x');
  });

  it('a bad flag value names the config key', () => {
    configError(() => resolveConfig({ primary: 'nfs://h/x', listen: 'nope' }), 'listen');
    configError(() => resolveConfig({ primary: 'nfs://h/x', logLevel: 'loud' }), 'log.level');
    configError(() => resolveConfig({ primary: 'nfs://h/x', export: 'rel' }), 'export.path');
    configError(
      () => resolveConfig({ primary: 'nfs://h/x', backup: ['nfs://h/y?mode=x'] }),
      'backups[0]',
    );
  });

  it('without --primary anywhere', () => {
    configError(() => resolveConfig({}), 'primary', /is required/);
  });

  it('a file whose export is not an object is reported even with --export', () => {
    const path = writeConfig('badexport.json', JSON.stringify({ primary: PRIMARY, export: 1 }));
    configError(() => resolveConfig({ config: path, export: '/x' }), 'export');
  });

  it('a file that is not an object', () => {
    const path = writeConfig('array.json', '[]');
    configError(() => resolveConfig({ config: path }), '', /must be a JSON object/);
  });

  it('a missing --config file', () => {
    const path = join(dir, 'nope.json');
    configError(() => resolveConfig({ config: path }), path, /no such file/);
  });
});

describe('CIDR matching', () => {
  // [cidr, inside, outside]
  const cases: [string, string[], string[]][] = [
    [
      '10.0.0.0/8',
      ['10.0.0.0', '10.255.255.255', '10.1.2.3', '::ffff:10.1.2.3', '::FFFF:a01:203'],
      ['11.0.0.0', '9.255.255.255', '::a01:203', '2001:db8::1', 'garbage', ''],
    ],
    ['192.168.1.5', ['192.168.1.5', '::ffff:192.168.1.5'], ['192.168.1.4', '192.168.1.6']],
    ['192.168.1.5/32', ['192.168.1.5'], ['192.168.1.4']],
    ['172.16.0.0/12', ['172.16.0.1', '172.31.255.255'], ['172.32.0.0', '172.15.255.255']],
    ['10.1.2.3/8', ['10.200.0.1'], ['11.1.2.3']],
    ['0.0.0.0/0', ['1.2.3.4', '::ffff:8.8.8.8'], ['::1', '2001:db8::1']],
    ['127.0.0.0/8', ['127.0.0.1', '127.1.2.3', '::ffff:127.0.0.1'], ['::1', '128.0.0.1']],
    ['::1/128', ['::1', '0:0:0:0:0:0:0:1'], ['::2', '127.0.0.1', '::ffff:127.0.0.1']],
    ['::1', ['::1'], ['::']],
    [
      '2001:db8::/32',
      ['2001:db8::1', '2001:db8:ffff:ffff::', '2001:DB8::abcd', '2001:db8::1%eth0'],
      ['2001:db9::1', '10.0.0.1'],
    ],
    ['fe80::/10', ['fe80::1', 'fe80::1%eth0', 'febf::1'], ['fec0::1']],
    ['::ffff:0:0/96', ['1.2.3.4', '::ffff:1.2.3.4'], ['::1']],
    ['::ffff:10.0.0.0/104', ['10.9.9.9', '::ffff:10.0.0.1'], ['11.0.0.1']],
    ['::/0', ['::1', '2001:db8::1', '1.2.3.4'], ['nonsense']],
    ['*', ['1.2.3.4', '::1', '::ffff:1.2.3.4', 'anything'], []],
  ];
  for (const [text, inside, outside] of cases) {
    it(text, () => {
      const cidr = parseCidr(text, 'export.clients[0]');
      assert.equal(cidr.text, text);
      for (const a of inside) assert.equal(cidr.contains(a), true, `${a} in ${text}`);
      for (const a of outside) assert.equal(cidr.contains(a), false, `${a} not in ${text}`);
    });
  }

  const bad: [string, RegExp][] = [
    ['10.0.0.0/33', /prefix length must be 0\.\.32/],
    ['::/129', /prefix length must be 0\.\.128/],
    ['1.2.3', /not an IPv4 or IPv6 address/],
    ['1.2.3.4.5', /not an IPv4/],
    ['256.0.0.0/8', /not an IPv4/],
    ['010.0.0.0/8', /not an IPv4/],
    ['10.0.0.0/', /prefix length is not a number/],
    ['10.0.0.0/08', /prefix length is not a number/],
    ['10.0.0.0/-1', /prefix length is not a number/],
    ['10.0.0.0/8/8', /prefix length is not a number/],
    ['1::2::3', /not an IPv4 or IPv6/],
    ['1:2:3:4:5:6:7:8:9', /not an IPv4 or IPv6/],
    ['1:2:3:4:5:6:7::8', /not an IPv4 or IPv6/],
    ['12345::', /not an IPv4 or IPv6/],
    ['fe80::1%eth0', /not an IPv4 or IPv6/],
    ['example.com', /not an IPv4 or IPv6/],
    ['', /not an IPv4 or IPv6/],
    [' 10.0.0.0/8', /not an IPv4 or IPv6/],
    ['**', /not an IPv4 or IPv6/],
  ];
  for (const [text, message] of bad) {
    it(`refuses ${JSON.stringify(text)}`, () =>
      configError(() => parseCidr(text, 'export.clients[2]'), 'export.clients[2]', message));
  }

  it('accepts every text form of one IPv6 address', () => {
    const cidr = parseCidr('2001:db8:0:0:1:0:0:1/128', 'k');
    for (const a of ['2001:db8::1:0:0:1', '2001:0db8:0000:0000:0001:0000:0000:0001']) {
      assert.equal(cidr.contains(a), true, a);
    }
    assert.equal(parseCidr('::ffff:1.2.3.4', 'k').contains('1.2.3.4'), true);
    assert.equal(parseCidr('::1.2.3.4', 'k').contains('::102:304'), true);
  });
});

describe('console.tls', () => {
  let certs: { cert: string; key: string };
  let other: { cert: string; key: string };
  before(() => {
    certs = selfSignedCert(dir, 'a');
    other = selfSignedCert(dir, 'b');
  });

  it('{listen, tls}: the files are checked and their paths kept', () => {
    const c = parseConfig(
      { primary: PRIMARY, console: { listen: '127.0.0.1:8443', tls: certs } },
      'test',
    );
    assert.deepEqual(c.console, {
      host: '127.0.0.1',
      port: 8443,
      tls: { cert: certs.cert, key: certs.key },
    });
  });

  it('{listen} without tls is a plain console', () => {
    const c = parseConfig({ primary: PRIMARY, console: { listen: '127.0.0.1:8049' } }, 'test');
    assert.deepEqual(c.console, { host: '127.0.0.1', port: 8049 });
  });

  it('bad values name the key', () => {
    const notPem = writeConfig('not-pem.txt', 'hello\n');
    const cases: Array<[string, unknown, RegExp]> = [
      ['console.listen', { tls: certs }, /is required/],
      ['console.lsiten', { lsiten: '127.0.0.1:1' }, /did you mean "listen"/],
      ['console.tls', { listen: '127.0.0.1:1', tls: 'x' }, /must be an object/],
      ['console.tls.cert', { listen: '127.0.0.1:1', tls: { key: certs.key } }, /is required/],
      ['console.tls.key', { listen: '127.0.0.1:1', tls: { cert: certs.cert } }, /is required/],
      ['console.tls.crt', { listen: '127.0.0.1:1', tls: { crt: 'x' } }, /did you mean "cert"/],
      [
        'console.tls.cert',
        { listen: '127.0.0.1:1', tls: { cert: join(dir, 'missing.pem'), key: certs.key } },
        /missing\.pem: no such file/,
      ],
      [
        'console.tls.key',
        { listen: '127.0.0.1:1', tls: { cert: certs.cert, key: dir } },
        /cannot read \(EISDIR\)/,
      ],
      [
        'console.tls.cert',
        { listen: '127.0.0.1:1', tls: { cert: notPem, key: certs.key } },
        /is not a PEM certificate/,
      ],
      [
        'console.tls.key',
        { listen: '127.0.0.1:1', tls: { cert: certs.cert, key: notPem } },
        /is not a PEM private key/,
      ],
      [
        'console.tls.key',
        { listen: '127.0.0.1:1', tls: { cert: certs.cert, key: other.key } },
        /does not belong to the certificate/,
      ],
      ['console.listen', { listen: '127.0.0.1:2049' }, /must not be the listen address/],
    ];
    for (const [key, value, message] of cases)
      configError(() => parseConfig({ primary: PRIMARY, console: value }, 'test'), key, message);
  });

  it("--console replaces the address and keeps the file's tls", () => {
    const path = writeConfig(
      'tls.json',
      JSON.stringify({ primary: PRIMARY, console: { listen: '127.0.0.1:8443', tls: certs } }),
    );
    const c = resolveConfig(parseServeArgs(['--config', path, '--console', '127.0.0.1:9443']));
    assert.deepEqual(c.console, {
      host: '127.0.0.1',
      port: 9443,
      tls: { cert: certs.cert, key: certs.key },
    });
  });
});
