// Install and run as a user would (issue 8 item 4): `npm pack` (its prepack script builds dist/
// from scratch), `npm install -g` of the tarball into a fresh prefix outside the checkout, then
// the installed `nfs-proxy`: --version, --help, check-config on a good and a bad file, `serve`
// with a file:// primary and `demo` with its dashboard, each driven with libnfs and stopped with
// SIGTERM.
//
// The install uses npm's cache first (`--prefer-offline`; after `npm ci` it holds every runtime
// dependency) and skips install scripts: better-sqlite3's own script downloads a prebuilt addon
// from GitHub or compiles one for minutes, which is its business, not this package's. The test
// puts the addon this checkout's `npm ci` built in its place instead (same version, same Node),
// or runs `npm rebuild better-sqlite3` when the versions differ.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

const execFileP = promisify(execFile);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PKG = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};
/** Bounds: a hang, not slowness, if exceeded. Unit: ms. */
const PACK_TIMEOUT_MS = 240_000;
const INSTALL_TIMEOUT_MS = 240_000;
const RUN_TIMEOUT_MS = 60_000;
const T = { timeout: 120_000 };

let tmp: string;
let prefix: string;
let bin: string;
let files: string[];

/** The environment for inner npm and node runs: no settings of an enclosing `npm test`. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // The installed command's `#!/usr/bin/env node` finds this Node first.
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}`,
  };
  for (const k of Object.keys(env)) {
    if (/^npm_(lifecycle|package)_/.test(k) || /^npm_config_(prefix|global|location)$/.test(k))
      delete env[k];
  }
  return env;
}

async function npm(args: string[], cwd: string, timeout: number): Promise<string> {
  try {
    const r = await execFileP('npm', args, {
      cwd,
      env: cleanEnv(),
      timeout,
      maxBuffer: 64 << 20,
    });
    return r.stdout;
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `npm ${args.join(' ')} failed: ${x.message}\n${x.stdout ?? ''}\n${x.stderr ?? ''}`,
    );
  }
}

/** Runs the installed `nfs-proxy ARGS` to completion from a directory outside the checkout. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      cwd: tmp,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Starts the installed `nfs-proxy ARGS`, waits until `ready` matches its stdout, calls `use`,
 * then sends SIGTERM and expects exit 0. The process is killed whatever happens.
 */
async function whileRunning(
  args: string[],
  ready: RegExp,
  use: (m: RegExpExecArray, out: () => string) => Promise<void>,
): Promise<string> {
  const child = spawn(bin, args, { cwd: tmp, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  let closed = false;
  void exited.then(() => (closed = true));
  try {
    const deadline = Date.now() + RUN_TIMEOUT_MS;
    let m: RegExpExecArray | null;
    while (!(m = ready.exec(stdout))) {
      if (closed || Date.now() > deadline)
        throw new Error(`nfs-proxy ${args[0]} did not get ready:\n${stdout}\n${stderr}`);
      await sleep(100);
    }
    await use(m, () => stdout);
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    const code = await exited;
    clearTimeout(timer);
    assert.equal(code, 0, `exit code after SIGTERM:\n${stdout}\n${stderr}`);
    return stdout;
  } finally {
    if (!closed) child.kill('SIGKILL');
  }
}

async function copyIn(url: string, bytes: Buffer): Promise<void> {
  const src = path.join(tmp, `upload-${randomBytes(4).toString('hex')}`);
  writeFileSync(src, bytes);
  const r = await execFileP('nfs-cp', [src, url], { timeout: RUN_TIMEOUT_MS });
  assert.match(r.stdout, new RegExp(`copied ${bytes.length} bytes`));
}

before(
  async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'nfs-proxy-pack-test-'));
    const packDir = path.join(tmp, 'pack');
    mkdirSync(packDir);
    await npm(['pack', '--pack-destination', packDir], REPO, PACK_TIMEOUT_MS);
    const tgz = readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
    assert.equal(tgz.length, 1, `one tarball: ${tgz.join(', ')}`);
    const tarball = path.join(packDir, tgz[0]!);
    files = (await execFileP('tar', ['-tzf', tarball], { maxBuffer: 16 << 20 })).stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.replace(/^package\//, ''));

    prefix = path.join(tmp, 'prefix');
    await npm(
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--prefer-offline',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        tarball,
      ],
      tmp,
      INSTALL_TIMEOUT_MS,
    );
    bin = path.join(prefix, 'bin', 'nfs-proxy');
    const installed = path.join(prefix, 'lib', 'node_modules', ...PKG.name.split('/'));
    const sqlite = path.join(installed, 'node_modules', 'better-sqlite3');
    const version = (dir: string): string =>
      (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string })
        .version;
    const ours = path.join(REPO, 'node_modules', 'better-sqlite3');
    if (version(sqlite) === version(ours)) {
      mkdirSync(path.join(sqlite, 'build', 'Release'), { recursive: true });
      copyFileSync(
        path.join(ours, 'build', 'Release', 'better_sqlite3.node'),
        path.join(sqlite, 'build', 'Release', 'better_sqlite3.node'),
      );
    } else {
      await npm(['rebuild', 'better-sqlite3'], installed, INSTALL_TIMEOUT_MS);
    }
  },
  { timeout: PACK_TIMEOUT_MS + 2 * INSTALL_TIMEOUT_MS },
);
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm pack + npm install -g: the installed nfs-proxy', () => {
  it(
    'the tarball holds the built command, the dashboard, docs and deploy files, and bundles @nfs/rpc-xdr',
    T,
    () => {
      for (const f of [
        'package.json',
        'README.md',
        'dist/cli/main.js',
        'dist/cli/demo.js',
        'dist/console/dashboard/index.html',
        'node_modules/@nfs/rpc-xdr/package.json',
        'node_modules/@nfs/rpc-xdr/dist/index.js',
        'docs/quick-start.md',
        'docs/configuration.md',
        'deploy/nfs-proxy.service',
        'deploy/config.example.json',
      ]) {
        assert.ok(files.includes(f), `${f} is in the tarball`);
      }
      assert.deepEqual(
        files.filter((f) => /^(src|test)\//.test(f)),
        [],
        'no sources or tests of the proxy itself',
      );
    },
  );

  it('--version prints the package version; --help lists the commands', T, async () => {
    const v = await run(['--version']);
    assert.equal(v.code, 0);
    assert.equal(v.stdout.trim(), PKG.version);
    const h = await run(['--help']);
    assert.equal(h.code, 0);
    for (const cmd of ['serve', 'demo', 'check-config', 'ctl', 'token']) {
      assert.match(h.stdout, new RegExp(`^  ${cmd} `, 'm'));
    }
  });

  it('check-config: the shipped example passes; a bad key exits 2 and is named', T, async () => {
    const example = path.join(
      prefix,
      'lib',
      'node_modules',
      ...PKG.name.split('/'),
      'deploy',
      'config.example.json',
    );
    const good = await run(['check-config', example]);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /: OK$/m);

    const bad = path.join(tmp, 'bad.json');
    writeFileSync(bad, JSON.stringify({ primary: 'file:///srv/data', lsiten: '0.0.0.0:2049' }));
    const r = await run(['check-config', bad]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /lsiten: unknown key; did you mean "listen"\?/);

    const badValue = path.join(tmp, 'bad-value.json');
    writeFileSync(
      badValue,
      JSON.stringify({ primary: 'file:///srv/data', export: { squash: 'rooot' } }),
    );
    const r2 = await run(['check-config', badValue]);
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /export\.squash: must be one of none, root, all/);
  });

  it(
    'serve: a file:// primary served over NFS, written with nfs-cp; SIGTERM exits 0',
    T,
    async () => {
      const dir = path.join(tmp, 'serve-primary');
      // Writable by all: root's writes arrive squashed to nobody (export.squash defaults to root).
      mkdirSync(dir, { mode: 0o777 });
      chmodSync(dir, 0o777);
      const data = randomBytes(100_000);
      await whileRunning(
        [
          'serve',
          '--primary',
          `file://${dir}`,
          '--listen',
          '127.0.0.1:0',
          '--state',
          path.join(tmp, 'serve-state'),
          '--export',
          '/data',
        ],
        /"listen":"127\.0\.0\.1:(\d+)".*"msg":"nfs-proxy serving"/,
        async (m) => {
          const port = m[1]!;
          await copyIn(
            `nfs://127.0.0.1/data/in.bin?nfsport=${port}&mountport=${port}&version=3`,
            data,
          );
        },
      );
      assert.ok(readFileSync(path.join(dir, 'in.bin')).equals(data));
    },
  );

  it(
    'demo: serves, with the dashboard at / and a token for /metrics; SIGTERM exits 0',
    T,
    async () => {
      const dir = path.join(tmp, 'demo');
      const data = randomBytes(10_000);
      const out = await whileRunning(
        ['demo', '--dir', dir, '--nfs-port', '0', '--console-port', '0'],
        /http:\/\/127\.0\.0\.1:(\d+)\/#token=(nfsp_[\w-]+)[^]*nfsport=(\d+)[^]*Ctrl-C stops it/,
        async (m) => {
          const [, consolePort, token, nfsPort] = m;
          const page = await fetch(`http://127.0.0.1:${consolePort}/`);
          assert.equal(page.status, 200);
          assert.match(await page.text(), /<html/i);
          const metrics = await fetch(`http://127.0.0.1:${consolePort}/metrics`, {
            headers: { authorization: `Bearer ${token}` },
          });
          assert.equal(metrics.status, 200);
          await copyIn(
            `nfs://127.0.0.1/export/x.bin?nfsport=${nfsPort}&mountport=${nfsPort}&version=3`,
            data,
          );
          // The installed command line client talks to it (the bundled ws client, the token).
          const status = await run([
            'ctl',
            '--console',
            `127.0.0.1:${consolePort}`,
            '--token',
            token!,
            '--json',
            'status',
          ]);
          assert.equal(status.code, 0, status.stderr);
          assert.equal((JSON.parse(status.stdout) as { primary: string }).primary, 'site-0');
        },
      );
      // Installed, the banner tells the user to run the installed command.
      assert.match(out, /^ {2}nfs-proxy ctl status$/m);
      for (const site of ['primary', 'backup-1']) {
        assert.ok(readFileSync(path.join(dir, site, 'x.bin')).equals(data), site);
      }
    },
  );
});
