// The `nfs-proxy` command as a process: bad configurations stop `serve` with exit code 2 and the
// key on stderr before anything starts; `check-config`; SIGTERM during a large nfs-cp through the
// proxy drains and exits 0; an unreachable or refusing primary at start is exit 1 with a clear
// fatal log line; --help and --version.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startGanesha, type GaneshaInstance } from '../harness/ganesha.js';
import { startProxy, type ProxyInstance } from '../harness/proxy.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(REPO, 'src/cli/main.ts');
const T = { timeout: 180_000 };
const RUN_TIMEOUT_MS = 60_000;

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion (killed after `timeoutMs`). */
function runCli(args: readonly string[], timeoutMs = RUN_TIMEOUT_MS): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=development', CLI, ...args],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** pino lines of a run's stdout. */
function logLines(stdout: string): { level: number; msg: string; [k: string]: unknown }[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as { level: number; msg: string };
      } catch {
        return { level: 0, msg: l };
      }
    });
}

/** A TCP port on 127.0.0.1 nobody listens on (bound, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const done = (v: boolean): void => {
      clearTimeout(timer);
      s.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(false), 2_000);
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

let tmp: string;
let n = 0;
function writeJson(value: unknown): string {
  const file = path.join(tmp, `config-${++n}.json`);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}
function stateDir(): string {
  return path.join(tmp, `state-${++n}`);
}

before(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'nfs-proxy-cli-test-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('nfs-proxy --help / --version / unknown commands', () => {
  it('--help prints the usage and exits 0', T, async () => {
    for (const flag of ['--help', '-h']) {
      const r = await runCli([flag]);
      assert.equal(r.code, 0, `${flag}: exit code (stderr: ${r.stderr})`);
      assert.match(r.stdout, /usage: nfs-proxy/);
      assert.match(r.stdout, /serve/);
      assert.match(r.stdout, /check-config/);
      assert.match(r.stdout, /--config FILE/);
      assert.equal(r.stderr, '');
    }
  });

  it('--version prints the package version and exits 0', T, async () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
      version: string;
    };
    const r = await runCli(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), pkg.version);
  });

  it('an unknown command exits 2 with the usage on stderr', T, async () => {
    const r = await runCli(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command 'frobnicate'/);
    assert.match(r.stderr, /usage: nfs-proxy/);
  });
});

describe('nfs-proxy serve with a bad configuration', () => {
  const PRIMARY = 'nfs://127.0.0.1/srv/nfs?nfsport=2049&mountport=2050';

  /** Each case: the config (or flags), and the key stderr must name. */
  /** Stands for the config file's own path (errors reading or parsing the file name it). */
  const FILE = '<file>';
  const cases: { what: string; config?: object | string; flags?: string[]; key: string }[] = [
    { what: 'an unknown top-level key', config: { primary: PRIMARY, lsiten: 'x' }, key: 'lsiten' },
    {
      what: 'an unknown nested key',
      config: { primary: PRIMARY, export: { squahs: 'root' } },
      key: 'export.squahs',
    },
    {
      what: 'a bad enum value',
      config: { primary: PRIMARY, export: { squash: 'rooot' } },
      key: 'export.squash',
    },
    {
      what: 'a number out of range',
      config: { primary: PRIMARY, upstream: { connections: 0 } },
      key: 'upstream.connections',
    },
    {
      what: 'a bad client network',
      config: { primary: PRIMARY, export: { clients: ['10.0.0.0/33'] } },
      key: 'export.clients[0]',
    },
    {
      what: 'a bad listen address',
      config: { primary: PRIMARY, listen: 'nowhere' },
      key: 'listen',
    },
    { what: 'a missing primary', config: { export: { path: '/export' } }, key: 'primary' },
    { what: 'a bad primary URL', config: { primary: 'http://example/' }, key: 'primary' },
    { what: 'a config file that is not JSON', config: '{ "primary": ', key: FILE },
    { what: 'an unknown flag', flags: ['--lisen', '127.0.0.1:0'], key: '--lisen' },
    {
      what: 'a flag overriding with a bad value',
      flags: ['--log-level', 'loud'],
      key: 'log.level',
    },
  ];

  for (const c of cases) {
    it(`${c.what}: exit 2, '${c.key}' on stderr, nothing started`, T, async () => {
      const state = stateDir();
      const port = await freePort();
      const file = writeJson(
        typeof c.config === 'string'
          ? c.config
          : { state, listen: `127.0.0.1:${port}`, ...(c.config ?? { primary: PRIMARY }) },
      );
      const r = await runCli(['serve', '--config', file, ...(c.flags ?? [])]);
      assert.equal(r.code, 2, `exit code (stderr: ${r.stderr}, stdout: ${r.stdout})`);
      const key = c.key === FILE ? file : c.key;
      assert.ok(r.stderr.includes(`config: ${key}: `), `stderr names ${key}: ${r.stderr}`);
      assert.match(r.stderr, /config: /);
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one line on stderr');
      // Nothing started: no log lines, no state directory, nobody on the port.
      assert.equal(logLines(r.stdout).filter((l) => l.msg === 'nfs-proxy serving').length, 0);
      assert.equal(r.stdout, '', 'nothing on stdout');
      assert.equal(existsSync(state), false, 'the state directory was not created');
      assert.equal(await canConnect(port), false, 'nothing listens on the configured port');
    });
  }

  it('a missing config file: exit 2 naming the file', T, async () => {
    const missing = path.join(tmp, 'does-not-exist.json');
    const r = await runCli(['serve', '--config', missing]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(missing), r.stderr);
  });
});

describe('nfs-proxy check-config', () => {
  it('a good file: exit 0 and OK', T, async () => {
    const file = writeJson({
      primary: 'nfs://127.0.0.1/srv/nfs?nfsport=2049&mountport=2050',
      listen: '127.0.0.1:2049',
      export: { clients: ['127.0.0.1/32'], access: 'ro', squash: 'all', secure: true },
      drc: { entries: 100, ttlSeconds: 10 },
    });
    const r = await runCli(['check-config', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /OK/);
    assert.ok(r.stdout.includes(file));
  });

  it('bad files: exit 2 with the key', T, async () => {
    for (const [config, key] of [
      [{ primary: 'nfs://127.0.0.1/srv', export: { access: 'rx' } }, 'export.access'],
      [{ primary: 'nfs://127.0.0.1/srv', drc: { entries: -1 } }, 'drc.entries'],
      [{ listen: '127.0.0.1:2049' }, 'primary'],
      [{ primary: 'nfs://127.0.0.1/srv', bogus: true }, 'bogus'],
    ] as const) {
      const r = await runCli(['check-config', writeJson(config)]);
      assert.equal(r.code, 2, `${key}: exit code`);
      assert.ok(r.stderr.includes(key), `stderr names ${key}: ${r.stderr}`);
    }
  });

  it('no file or two files: exit 2 with the usage', T, async () => {
    const none = await runCli(['check-config']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /check-config FILE/);
    const f = writeJson({ primary: 'nfs://127.0.0.1/srv' });
    const two = await runCli(['check-config', f, f]);
    assert.equal(two.code, 2);
  });
});

describe('nfs-proxy serve against a primary', () => {
  let g: GaneshaInstance;

  before(async () => {
    g = await startGanesha({ name: 'proxy-cli' });
  });

  after(async () => {
    await g?.stop();
  });

  it('the primary unreachable at start: exit 1 with a fatal log line', T, async () => {
    const dead = await freePort();
    const state = stateDir();
    const file = writeJson({
      primary: `nfs://127.0.0.1/srv/nfs?nfsport=${dead}&mountport=${dead}`,
      listen: '127.0.0.1:0',
      state,
      upstream: { timeoutMs: 500, retransmissions: 0 },
    });
    const r = await runCli(['serve', '--config', file]);
    assert.equal(r.code, 1, `exit code (stdout: ${r.stdout}, stderr: ${r.stderr})`);
    const lines = logLines(r.stdout);
    const fatal = lines.find((l) => l.level === 60);
    assert.ok(fatal, `a fatal log line: ${r.stdout}`);
    assert.equal(fatal.msg, 'failed to start');
    const err = String(fatal['err']);
    assert.ok(err.includes('site-0'), `names the site: ${err}`);
    assert.ok(err.includes(`127.0.0.1:${dead}`), `names the address: ${err}`);
    assert.equal(lines.filter((l) => l.msg === 'nfs-proxy serving').length, 0);
  });

  it('the primary refuses the MOUNT at start: exit 1 with a fatal log line', T, async () => {
    const file = writeJson({
      primary: `nfs://${g.host}/no/such/export?nfsport=${g.nfsPort}&mountport=${g.mountPort}`,
      listen: '127.0.0.1:0',
      state: stateDir(),
    });
    const r = await runCli(['serve', '--config', file]);
    assert.equal(r.code, 1, `exit code (stdout: ${r.stdout}, stderr: ${r.stderr})`);
    const fatal = logLines(r.stdout).find((l) => l.level === 60);
    assert.ok(fatal, `a fatal log line: ${r.stdout}`);
    assert.equal(fatal.msg, 'failed to start');
    assert.match(String(fatal['err']), /MOUNT of \/no\/such\/export/);
  });

  it('flags alone (no config file) serve', T, async () => {
    const state = stateDir();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=development',
        CLI,
        'serve',
        '--listen',
        '127.0.0.1:0',
        '--state',
        state,
        '--primary',
        `nfs://${g.host}${g.exportPath}?nfsport=${g.nfsPort}&mountport=${g.mountPort}`,
        '--log-level',
        'info',
      ],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const deadline = Date.now() + 30_000;
      while (!out.includes('nfs-proxy serving') && Date.now() < deadline && child.exitCode === null)
        await sleep(50);
      assert.ok(out.includes('nfs-proxy serving'), `serving: ${out}`);
      const serving = logLines(out).find((l) => l.msg === 'nfs-proxy serving')!;
      assert.equal(serving['state'], state);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  describe('SIGTERM while a large nfs-cp is in flight', () => {
    let proxy: ProxyInstance;
    let src: string;
    const SIZE = 256 * 1024 * 1024;

    before(async () => {
      src = path.join(tmp, 'big.bin');
      const fd = openSync(src, 'w');
      try {
        const chunk = randomBytes(4 * 1024 * 1024);
        for (let off = 0; off < SIZE; off += chunk.length) {
          chunk.writeUInt32BE(off >>> 0, 0);
          writeSync(fd, chunk);
        }
      } finally {
        closeSync(fd);
      }
      proxy = await startProxy({ primary: g, config: { shutdownGraceMs: 5000 } });
    });

    after(async () => {
      await proxy?.dispose();
      rmSync(src, { force: true });
    });

    it("logs 'shutting down', exits 0, and starts again on the same state", T, async (t) => {
      const dest = path.join(g.exportPath, 'big-copy.bin');
      const cp = spawn('nfs-cp', [src, proxy.url('/big-copy.bin')], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let cpOut = '';
      cp.stdout.on('data', (d: Buffer) => (cpOut += d.toString()));
      cp.stderr.on('data', (d: Buffer) => (cpOut += d.toString()));
      const cpExit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
        cp.once('exit', (code, signal) => r({ code, signal })),
      );
      const cpTimer = setTimeout(() => cp.kill('SIGKILL'), 120_000);
      try {
        // Wait until data is flowing through the proxy (bounded).
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline && cp.exitCode === null) {
          const size = existsSync(dest) ? statSync(dest).size : 0;
          if (size >= 16 * 1024 * 1024) break;
          await sleep(20);
        }
        const copyRunning = cp.exitCode === null;
        const code = await proxy.stop();
        assert.equal(code, 0, `proxy exit code after SIGTERM (copy running: ${copyRunning})`);
        const msgs = proxy.logs().map((l) => l.msg);
        assert.ok(
          msgs.some((m) => m.startsWith('shutting down')),
          `'shutting down' logged: ${msgs.slice(-10).join(' | ')}`,
        );
        assert.ok(msgs.includes('stopped'), "'stopped' logged");
        const errors = proxy.logs().filter((l) => l.level >= 50);
        assert.deepEqual(
          errors.map((l) => JSON.stringify(l)),
          [],
          'no error or fatal log lines while draining',
        );
        t.diagnostic(`copy running at SIGTERM: ${copyRunning}`);
        // The proxy starts again on the same state directory and port.
        await proxy.restart();
        const t0 = Date.now();
        const cpResult = await cpExit;
        t.diagnostic(
          `nfs-cp after restart: ${JSON.stringify(cpResult)} after ${Date.now() - t0} ms: ${cpOut}`,
        );
        if (cpResult.code === 0) {
          t.diagnostic(`copy identical: ${readFileSync(dest).equals(readFileSync(src))}`);
        }
        // libnfs reconnects to the restarted proxy; whatever the copy's outcome, nothing crashed.
        assert.ok(
          cpResult.signal === null || cpResult.signal === 'SIGKILL',
          `nfs-cp died of ${cpResult.signal}`,
        );
      } finally {
        clearTimeout(cpTimer);
        if (cp.exitCode === null && cp.signalCode === null) cp.kill('SIGKILL');
      }
      assert.ok(proxy.isRunning());
      const r = await runCli(['check-config', proxy.configFile]);
      assert.equal(r.code, 0, r.stderr);
    });
  });
});
