// The quick start as a new user runs it (issue 8 item 2): `npm start -- --dir DIR ...` (the exact
// script a fresh clone runs after `npm ci`), waits for the printed dashboard URL, copies a file
// in with libnfs's nfs-cp, finds it in the primary and both backup directories (the async one
// eventually), fetches the dashboard and /metrics, stops it with Ctrl-C (SIGINT to the whole
// process group, as a terminal does; npm forwards a second copy), and starts it again on the same
// directory: the file is still there, the old token is revoked and the new one works.
//
// When the test runs as root and the checkout is readable by others, the demo runs as `nobody`,
// which shows it needs no root; otherwise it runs as the current user.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

const execFileP = promisify(execFile);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const T = { timeout: 240_000 };
/** A bound on waiting for the banner: a hang, not slowness, if exceeded. Unit: ms. */
const START_TIMEOUT_MS = 90_000;
/** A bound on waiting for the async backup to catch up. Unit: ms. */
const ASYNC_WAIT_MS = 60_000;
/** A bound on waiting for a clean exit after Ctrl-C. Unit: ms. */
const STOP_TIMEOUT_MS = 30_000;
/** `nobody` on Debian. */
const NOBODY = 65534;

for (const bin of ['nfs-cp', 'nfs-ls', 'nfs-cat']) {
  if (!['/usr/bin', '/usr/local/bin'].some((d) => existsSync(path.join(d, bin)))) {
    throw new Error(`demo test: ${bin} is missing (apt install libnfs-utils)`);
  }
}

/** True when every directory above `p` can be traversed and `p` read by any user. */
function readableByOthers(p: string): boolean {
  for (let d = p; ; d = path.dirname(d)) {
    if ((statSync(d).mode & 0o005) !== 0o005) return false;
    if (d === path.dirname(d)) return true;
  }
}

const asNobody = process.getuid?.() === 0 && readableByOthers(REPO);

interface Demo {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const live = new Set<ChildProcess>();
/** Kills a demo's whole process group (npm, sh, node). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
process.on('exit', () => {
  for (const c of live) killGroup(c, 'SIGKILL');
});

let tmp: string;
let home: string;

/** `npm start -- ARGS` in its own process group, as a terminal would run it. */
function startDemo(args: string[]): Demo {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    npm_config_cache: path.join(home, '.npm'),
  };
  // Settings of an enclosing `npm test` that must not leak into the inner npm.
  for (const k of Object.keys(env)) {
    if (
      /^npm_(lifecycle|package)_/.test(k) ||
      k === 'npm_config_prefix' ||
      k === 'npm_config_global'
    )
      delete env[k];
  }
  const child = spawn('npm', ['start', '--', ...args], {
    cwd: REPO,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(asNobody ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  live.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

interface Banner {
  nfsPort: number;
  consolePort: number;
  token: string;
  text: string;
}

/** Waits for the banner's dashboard URL; fails with the demo's output if it exits first. */
async function waitForBanner(d: Demo): Promise<Banner> {
  let exited = false;
  void d.exited.then(() => (exited = true));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const text = d.stdout();
    const url = /http:\/\/127\.0\.0\.1:(\d+)\/#token=(nfsp_[A-Za-z0-9_-]+)/.exec(text);
    const nfs = /nfsport=(\d+)&mountport=(\d+)/.exec(text);
    if (url && nfs && text.includes('Ctrl-C stops it')) {
      assert.equal(nfs[1], nfs[2], 'NFS and MOUNT share one port');
      return { consolePort: Number(url[1]), token: url[2]!, nfsPort: Number(nfs[1]), text };
    }
    if (exited || Date.now() > deadline) {
      throw new Error(`the demo did not print its banner:\n${text}\n${d.stderr()}`);
    }
    await sleep(100);
  }
}

/**
 * Ctrl-C: SIGINT to the process group, then checks the exit was clean. The proxy prints its last
 * line only after a clean stop (exit code 0). npm itself ends as Ctrl-C'd programs do, by the
 * signal (or 0), and every process of the group must be gone.
 */
async function ctrlC(d: Demo): Promise<void> {
  killGroup(d.child, 'SIGINT');
  const timer = setTimeout(() => killGroup(d.child, 'SIGKILL'), STOP_TIMEOUT_MS);
  let status;
  try {
    status = await d.exited;
  } finally {
    clearTimeout(timer);
  }
  const output = `${d.stdout()}\n${d.stderr()}`;
  assert.ok(
    status.code === 0 || (status.code === null && status.signal === 'SIGINT'),
    `npm exit ${JSON.stringify(status)}:\n${output}`,
  );
  assert.match(d.stdout(), /SIGINT: stopping/);
  assert.match(d.stdout(), /stopped; everything is kept under/, output);
  assert.doesNotMatch(output, /second signal|exiting at once/);
  assert.throws(
    () => process.kill(-d.child.pid!, 0),
    { code: 'ESRCH' },
    'no process of the demo is left',
  );
}

function libnfsUrl(b: Banner, file: string): string {
  return `nfs://127.0.0.1/export${file}?nfsport=${b.nfsPort}&mountport=${b.nfsPort}&version=3`;
}

async function waitForFile(file: string, want: Buffer): Promise<void> {
  const deadline = Date.now() + ASYNC_WAIT_MS;
  for (;;) {
    if (existsSync(file) && readFileSync(file).equals(want)) return;
    if (Date.now() > deadline) {
      throw new Error(`${file} did not get the copied content`);
    }
    await sleep(200);
  }
}

function get(port: number, p: string, token?: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}${p}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

before(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'nfs-proxy-demo-test-'));
  home = path.join(tmp, 'home');
  mkdirSync(home);
  if (asNobody) {
    chownSync(tmp, NOBODY, NOBODY);
    chownSync(home, NOBODY, NOBODY);
  }
});
after(() => {
  for (const c of live) killGroup(c, 'SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

describe('npm start (the demo)', () => {
  it(
    'serves a file:// primary with two file:// backups, the dashboard and /metrics; Ctrl-C stops it; a second start reuses the state',
    T,
    async (t) => {
      t.diagnostic(
        asNobody
          ? 'the demo runs as nobody (uid 65534)'
          : `the demo runs as uid ${process.getuid?.()}`,
      );
      const dir = path.join(tmp, 'demo');
      const args = ['--dir', dir, '--nfs-port', '0', '--console-port', '0', '--log-level', 'debug'];
      const content = randomBytes(300_000);
      const src = path.join(tmp, 'upload.bin');
      writeFileSync(src, content);

      // First run.
      const first = startDemo(args);
      let banner: Banner;
      try {
        banner = await waitForBanner(first);
        assert.doesNotMatch(banner.text, /state reused/);
        assert.match(
          banner.text,
          /mount -t nfs -o vers=3,proto=tcp,port=\d+,mountport=\d+,mountproto=tcp,nolock 127\.0\.0\.1:\/export /,
        );

        const cp = await execFileP('nfs-cp', [src, libnfsUrl(banner, '/upload.bin')], {
          timeout: 60_000,
        });
        assert.match(cp.stdout, /copied 300000 bytes/);
        for (const site of ['primary', 'backup-1']) {
          assert.ok(
            readFileSync(path.join(dir, site, 'upload.bin')).equals(content),
            `${site} holds the file`,
          );
        }
        // The async backup catches up in the background.
        await waitForFile(path.join(dir, 'backup-2', 'upload.bin'), content);
        if (asNobody) assert.equal(statSync(path.join(dir, 'primary', 'upload.bin')).uid, NOBODY);

        const page = await get(banner.consolePort, '/');
        assert.equal(page.status, 200);
        assert.match(page.headers.get('content-type') ?? '', /text\/html/);
        assert.match(await page.text(), /<html/i);
        assert.equal(
          (await get(banner.consolePort, '/metrics')).status,
          401,
          'metrics need the token',
        );
        const metrics = await get(banner.consolePort, '/metrics', banner.token);
        assert.equal(metrics.status, 200);
        assert.match(await metrics.text(), /^# TYPE /m);
      } catch (e) {
        killGroup(first.child, 'SIGKILL');
        throw e;
      }
      await ctrlC(first);

      // Second run on the same directory.
      const second = startDemo(args);
      try {
        const again = await waitForBanner(second);
        assert.match(again.text, /state reused from the last run/);
        assert.notEqual(again.token, banner.token, 'a fresh token on each start');
        assert.equal(
          (await get(again.consolePort, '/metrics', banner.token)).status,
          401,
          'the previous demo token is revoked',
        );
        assert.equal((await get(again.consolePort, '/metrics', again.token)).status, 200);
        const cat = await execFileP('nfs-cat', [libnfsUrl(again, '/upload.bin')], {
          encoding: 'buffer',
          maxBuffer: 4 << 20,
          timeout: 60_000,
        });
        assert.ok(cat.stdout.equals(content), 'the file written in the first run reads back');
      } catch (e) {
        killGroup(second.child, 'SIGKILL');
        throw e;
      }
      await ctrlC(second);
    },
  );
});
