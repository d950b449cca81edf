// The shipped deployment files stay valid and agree with each other: the example configs pass
// validation and every key of the production example is explained in deploy/README.md; the
// systemd unit runs commands that exist, with the promised hardening; the docker compose example
// parses, names files that exist, and its addresses and ports match the proxy's config and
// ganesha's. (The compose example itself is not run: there is no container engine in CI.)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { loadConfigFile, parseConfig } from '../../src/config/config.js';
import { parseDemoArgs, demoConfig } from '../../src/cli/demo.js';

/** Every key path of a JSON object: `export`, `export.path`, ... (arrays are leaves). */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const p = prefix === '' ? k : `${prefix}.${k}`;
    return [p, ...keyPaths(v, p)];
  });
}

/** The active (not commented) `Key=value` lines of a systemd unit; repeated keys kept in order. */
function unitDirectives(text: string): Array<[string, string]> {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith(';') && !l.startsWith('['))
    .map((l) => {
      const i = l.indexOf('=');
      assert.ok(i > 0, `not a directive: ${l}`);
      return [l.slice(0, i), l.slice(i + 1)] as [string, string];
    });
}

describe('deploy/config.example.json', () => {
  const raw = loadConfigFile('deploy/config.example.json');

  it('is a valid configuration for an nfs:// primary with a sync and an async backup', () => {
    const cfg = parseConfig(raw, 'deploy/config.example.json');
    assert.equal(cfg.export.path, '/projects');
    assert.equal(cfg.primary.kind, 'nfs');
    assert.deepEqual(
      cfg.backups.map((b) => b.mode),
      ['sync', 'async'],
    );
    assert.equal(cfg.state, '/var/lib/nfs-proxy');
    assert.notEqual(cfg.console, undefined);
  });

  it('every key it uses is explained in deploy/README.md', () => {
    const readme = readFileSync('deploy/README.md', 'utf8');
    const keys = keyPaths(raw);
    assert.ok(keys.length > 30, `${keys.length} keys`);
    const missing = keys.filter((k) => !readme.includes(`| \`${k}\` |`));
    assert.deepEqual(missing, [], 'keys without a row in the README table');
  });
});

describe('deploy/nfs-proxy.service', () => {
  const unit = readFileSync('deploy/nfs-proxy.service', 'utf8');
  const d = unitDirectives(unit);
  const values = (k: string): string[] => d.filter(([key]) => key === k).map(([, v]) => v);
  const one = (k: string): string | undefined => {
    const v = values(k);
    assert.ok(v.length <= 1, `${k} is set ${v.length} times`);
    return v[0];
  };

  it('checks the config, then runs `nfs-proxy serve --config`', () => {
    assert.equal(
      one('ExecStartPre'),
      '/usr/bin/env nfs-proxy check-config /etc/nfs-proxy/config.json',
    );
    assert.equal(
      one('ExecStart'),
      '/usr/bin/env nfs-proxy serve --config /etc/nfs-proxy/config.json',
    );
    assert.equal(one('RestartPreventExitStatus'), '2', 'a config error (exit 2) is not retried');
  });

  it('runs as the dedicated user the sysusers file creates, home = state directory', () => {
    assert.equal(one('User'), 'nfs-proxy');
    assert.equal(one('Group'), 'nfs-proxy');
    assert.equal(one('DynamicUser'), undefined);
    const sysusers = readFileSync('deploy/nfs-proxy.sysusers', 'utf8');
    assert.match(sysusers, /^u nfs-proxy - "[^"]+" \/var\/lib\/nfs-proxy \/usr\/sbin\/nologin$/m);
  });

  it('writes only the state directory, with no privilege beyond binding low ports', () => {
    assert.equal(one('ProtectSystem'), 'strict');
    assert.equal(one('StateDirectory'), 'nfs-proxy');
    assert.deepEqual(values('ReadWritePaths'), ['/var/lib/nfs-proxy']);
    assert.equal(one('CapabilityBoundingSet'), 'CAP_NET_BIND_SERVICE');
    assert.equal(one('AmbientCapabilities'), 'CAP_NET_BIND_SERVICE');
    for (const k of [
      'NoNewPrivileges',
      'PrivateTmp',
      'PrivateDevices',
      'ProtectHome',
      'ProtectKernelTunables',
      'ProtectKernelModules',
      'ProtectControlGroups',
      'RestrictNamespaces',
      'RestrictSUIDSGID',
      'LockPersonality',
    ]) {
      assert.equal(one(k), 'yes', k);
    }
    assert.equal(one('UMask'), '0077');
    assert.equal(one('KillSignal'), 'SIGTERM');
  });

  it('the example config uses the unit state directory', () => {
    const cfg = parseConfig(loadConfigFile('deploy/config.example.json'), 'example');
    assert.equal(cfg.state, `/var/lib/${one('StateDirectory')}`);
  });
});

describe('deploy/docker-compose.yml (example)', () => {
  interface Service {
    build: { context: string; dockerfile: string };
    volumes?: string[];
    ports?: string[];
    networks: Record<string, { ipv4_address: string }>;
    cap_add?: string[];
  }
  const compose = yaml.load(readFileSync('deploy/docker-compose.yml', 'utf8')) as {
    services: Record<string, Service>;
    networks: Record<string, { ipam: { config: Array<{ subnet: string }> } }>;
    volumes: Record<string, unknown>;
  };
  const proxyConfigFile = 'deploy/docker/proxy-config.json';
  const cfg = parseConfig(loadConfigFile(proxyConfigFile), proxyConfigFile);
  const ganesha = readFileSync('deploy/docker/ganesha.conf', 'utf8');
  const address = (s: string): string =>
    Object.values(compose.services[s]!.networks)[0]!.ipv4_address;

  it('parses: a ganesha primary and backup and the proxy, each image file present', () => {
    assert.deepEqual(Object.keys(compose.services).sort(), ['backup', 'primary', 'proxy']);
    for (const [name, s] of Object.entries(compose.services)) {
      const file = path.join('deploy', s.build.context, s.build.dockerfile);
      assert.ok(statSync(file).isFile(), `${name}: ${file}`);
    }
    assert.ok(
      statSync('deploy/docker/ganesha-entrypoint.sh').mode & 0o111,
      'entrypoint is executable',
    );
    const proxyDockerfile = readFileSync('deploy/docker/proxy.Dockerfile', 'utf8');
    assert.match(proxyDockerfile, /npm pack/);
    assert.match(proxyDockerfile, /^USER node$/m);
  });

  it('mounts files that exist and volumes it declares', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      for (const v of s.volumes ?? []) {
        const src = v.split(':')[0]!;
        if (src.startsWith('.'))
          assert.ok(statSync(path.join('deploy', src)).isFile(), `${name}: ${src}`);
        else assert.ok(src in compose.volumes, `${name}: volume ${src} is declared`);
      }
    }
    assert.ok(
      compose.services['proxy']!.volumes!.includes(
        `./docker/proxy-config.json:/etc/nfs-proxy/config.json:ro`,
      ),
    );
  });

  it('the proxy config points at the ganesha services and ports, and publishes on loopback', () => {
    const sites = [cfg.primary, ...cfg.backups];
    assert.deepEqual(
      sites.map((s) => (s.kind === 'nfs' ? s.host : s.kind)),
      ['primary', 'backup'],
    );
    const nfsPort = /NFS_Port = (\d+);/.exec(ganesha)?.[1];
    const mntPort = /MNT_Port = (\d+);/.exec(ganesha)?.[1];
    const exportPath = /Path = "([^"]+)";/.exec(ganesha)?.[1];
    for (const s of sites) {
      assert.equal(s.kind, 'nfs');
      if (s.kind !== 'nfs') continue;
      assert.equal(String(s.nfsPort), nfsPort);
      assert.equal(String(s.mountPort), mntPort);
      assert.equal(s.exportPath, exportPath);
    }
    assert.ok(cfg.console);
    assert.deepEqual(
      compose.services['proxy']!.ports!.sort(),
      [
        `127.0.0.1:${cfg.console.port}:${cfg.console.port}`,
        `127.0.0.1:${cfg.listen.port}:${cfg.listen.port}`,
      ].sort(),
    );
    assert.equal(cfg.state, '/var/lib/nfs-proxy');
    assert.ok(compose.services['proxy']!.volumes!.includes('proxy-state:/var/lib/nfs-proxy'));
  });

  it('ganesha lets only the proxy in; the proxy lets in clients from the compose network', () => {
    assert.match(ganesha, /^\s*Access_Type = None;$/m);
    assert.equal(/Clients = ([\d.]+);/.exec(ganesha)?.[1], address('proxy'));
    const subnet = compose.networks['nfs']!.ipam.config[0]!.subnet;
    const rawExport = (loadConfigFile(proxyConfigFile) as { export: { clients: string[] } }).export;
    assert.ok(rawExport.clients.includes(subnet), `export.clients has ${subnet}`);
    for (const s of ['primary', 'backup', 'proxy']) {
      assert.ok(address(s).startsWith(subnet.split('.').slice(0, 3).join('.') + '.'), s);
    }
    for (const s of ['primary', 'backup']) {
      assert.ok(
        compose.services[s]!.cap_add?.includes('DAC_READ_SEARCH'),
        `${s}: VFS FSAL capability`,
      );
    }
  });
});

describe('nfs-proxy demo configuration', () => {
  it('is valid, loopback only, three file:// sites under --dir, with versions and the console', () => {
    const opts = parseDemoArgs(['--dir', 'x/y', '--nfs-port', '0', '--console-port', '0'], '/tmp');
    assert.notEqual(opts, 'help');
    if (opts === 'help') return;
    const cfg = parseConfig(demoConfig(opts), 'demo');
    assert.equal(cfg.listen.host, '127.0.0.1');
    assert.equal(cfg.console?.host, '127.0.0.1');
    assert.deepEqual(
      [cfg.primary, ...cfg.backups].map((s) => (s.kind === 'file' ? `${s.dir} ${s.mode}` : s.kind)),
      ['/tmp/x/y/primary sync', '/tmp/x/y/backup-1 sync', '/tmp/x/y/backup-2 async'],
    );
    assert.equal(cfg.state, '/tmp/x/y/state');
    assert.ok(cfg.versions.intervalSeconds > 0);
    assert.equal(cfg.export.squash, 'all');
  });

  it('bad flags name the flag', () => {
    assert.throws(
      () => parseDemoArgs(['--nfs-port', '70000']),
      /--nfs-port: must be a port number/,
    );
    assert.throws(() => parseDemoArgs(['--bogus']), /config: demo: Unknown option '--bogus'/);
    assert.equal(parseDemoArgs(['--help']), 'help');
  });
});
