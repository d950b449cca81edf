// Test fixture: the proxy run as a child process through its real CLI (`nfs-proxy serve`), in
// front of a real NFS server (usually a GaneshaInstance). Listens on 127.0.0.1 with an ephemeral
// port; waits for the "nfs-proxy serving" log line; collects the pino log lines; stop() sends
// SIGTERM, kill9() SIGKILL; restart() starts it again on the same port and state directory.
// Every instance is killed and its temp dir removed at process exit even if a test fails.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(REPO, 'src/cli/main.ts');
const START_TIMEOUT_MS = 30_000;

/** Where the proxy's primary is. */
export interface PrimaryTarget {
  readonly host: string;
  readonly exportPath: string;
  readonly nfsPort: number;
  readonly mountPort: number;
}

export interface ProxyOptions {
  readonly primary: PrimaryTarget;
  /** Extra config merged over the defaults ({ export: { squash: 'none' } } etc.). */
  readonly config?: Record<string, unknown>;
  /** Reuse a state directory (default: a new temp dir, removed by stop()). */
  readonly stateDir?: string;
  /** Listen address (127.0.0.0/8 only). Default 127.0.0.1. */
  readonly host?: string;
}

export interface LogLine {
  level: number;
  msg: string;
  [k: string]: unknown;
}

export interface ProxyInstance {
  readonly host: string;
  /** NFS and MOUNT port. */
  port: number;
  readonly stateDir: string;
  readonly exportPath: string;
  readonly configFile: string;
  /** libnfs URL of `p` (a path below the export, '' for the root). */
  url(p?: string): string;
  /** Parsed log lines so far. */
  logs(): LogLine[];
  /** The console's HOST:PORT (when the config has `console`). */
  readonly consoleAddress: string | undefined;
  /** Runs `nfs-proxy ctl --json ARGS` against the console with an admin token. */
  ctl(args: string[]): Promise<{ code: number; json: unknown; stdout: string; stderr: string }>;
  /** Creates a console token with `role` (nfs-proxy token create). */
  token(role: 'viewer' | 'operator' | 'admin'): Promise<string>;
  pid(): number | undefined;
  isRunning(): boolean;
  stop(): Promise<number | null>;
  kill9(): Promise<void>;
  restart(): Promise<void>;
  /** Stops (if running) and removes the state dir unless it was given. */
  dispose(): Promise<void>;
}

const live = new Set<{ child: ChildProcess | undefined; dir: string | undefined }>();
process.on('exit', () => {
  for (const l of live) {
    try {
      l.child?.kill('SIGKILL');
    } catch {
      // gone
    }
    if (l.dir) rmSync(l.dir, { recursive: true, force: true });
  }
});

/** Runs the CLI (`nfs-proxy ARGS`) to completion, bounded in time. */
export function runCli(
  args: string[],
  timeoutMs = 300_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
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
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

export async function startProxy(opts: ProxyOptions): Promise<ProxyInstance> {
  const host = opts.host ?? '127.0.0.1';
  if (!/^127\.\d+\.\d+\.\d+$/.test(host))
    throw new Error(`proxy fixture: ${host} is not a loopback address`);
  const ownState = opts.stateDir === undefined;
  const stateDir = opts.stateDir ?? mkdtempSync(path.join(os.tmpdir(), 'nfs-proxy-test-'));
  const configFile = path.join(stateDir, 'test-config.json');
  const exportPath = (opts.config?.['export'] as { path?: string } | undefined)?.path ?? '/export';
  const p = opts.primary;
  const config = {
    listen: `${host}:0`,
    state: stateDir,
    primary: `nfs://${p.host}${p.exportPath}?nfsport=${p.nfsPort}&mountport=${p.mountPort}`,
    log: { level: 'debug' },
    ...opts.config,
    export: { squash: 'none', ...(opts.config?.['export'] as object | undefined) },
  };
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const tracked = {
    child: undefined as ChildProcess | undefined,
    dir: ownState ? stateDir : undefined,
  };
  live.add(tracked);
  let lines: LogLine[] = [];
  let port = 0;
  let consoleAddress: string | undefined;

  const launch = async (listen?: string, consoleAt?: string): Promise<void> => {
    const args = [
      '--import',
      'tsx',
      '--conditions=development',
      CLI,
      'serve',
      '--config',
      configFile,
    ];
    if (listen) args.push('--listen', listen);
    if (consoleAt) args.push('--console', consoleAt);
    // setpriv --pdeathsig: the proxy dies with the test process even if that is SIGKILLed.
    const child = spawn('setpriv', ['--pdeathsig', 'KILL', process.execPath, ...args], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    tracked.child = child;
    let partial = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      partial += d.toString();
      let nl: number;
      while ((nl = partial.indexOf('\n')) >= 0) {
        const line = partial.slice(0, nl);
        partial = partial.slice(nl + 1);
        try {
          lines.push(JSON.parse(line) as LogLine);
        } catch {
          lines.push({ level: 0, msg: line });
        }
      }
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const serving = lines.find((l) => l.msg === 'nfs-proxy serving');
      if (serving) {
        port = Number(String(serving['listen']).split(':').pop());
        if (typeof serving['console'] === 'string') consoleAddress = serving['console'];
        return;
      }
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `proxy exited (${child.exitCode ?? child.signalCode}) during start:\n${stderr}\n${lines.map((l) => JSON.stringify(l)).join('\n')}`,
        );
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`proxy did not start within ${START_TIMEOUT_MS} ms:\n${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const waitExit = (child: ChildProcess): Promise<number | null> =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve(child.exitCode)
      : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

  await launch();
  let adminToken: string | undefined;

  const inst: ProxyInstance = {
    host,
    get port() {
      return port;
    },
    set port(v: number) {
      port = v;
    },
    stateDir,
    exportPath,
    configFile,
    url: (sub = '') =>
      `nfs://${host}${exportPath === '/' ? '' : exportPath}${sub}?nfsport=${port}&mountport=${port}&version=3`,
    logs: () => lines,
    get consoleAddress() {
      return consoleAddress;
    },
    async token(role) {
      const r = await runCli(['token', 'create', '--role', role, '--state', stateDir]);
      if (r.code !== 0) throw new Error(`token create failed: ${r.stderr}`);
      return r.stdout.trim().split('\n').pop()!;
    },
    async ctl(args) {
      adminToken ??= await inst.token('admin');
      if (!consoleAddress) throw new Error('proxy fixture: no console configured');
      const r = await runCli([
        'ctl',
        '--console',
        consoleAddress,
        '--token',
        adminToken,
        '--json',
        ...args,
      ]);
      let json: unknown;
      try {
        json = JSON.parse(r.stdout);
      } catch {
        json = undefined;
      }
      return { ...r, json };
    },
    pid: () => tracked.child?.pid,
    isRunning: () =>
      !!tracked.child && tracked.child.exitCode === null && tracked.child.signalCode === null,
    async stop() {
      const c = tracked.child;
      if (!c || !inst.isRunning()) return c?.exitCode ?? null;
      c.kill('SIGTERM');
      const timer = setTimeout(() => c.kill('SIGKILL'), 20_000);
      const code = await waitExit(c);
      clearTimeout(timer);
      return code;
    },
    async kill9() {
      const c = tracked.child;
      if (!c || !inst.isRunning()) return;
      c.kill('SIGKILL');
      await waitExit(c);
    },
    async restart() {
      if (inst.isRunning()) await inst.stop();
      lines = [];
      await launch(`${host}:${port}`, consoleAddress);
    },
    async dispose() {
      await inst.stop();
      live.delete(tracked);
      if (ownState) rmSync(stateDir, { recursive: true, force: true });
    },
  };
  return inst;
}
