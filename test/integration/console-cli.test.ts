// The console over TLS, /metrics and `nfs-proxy ctl` against a real proxy in front of two
// nfs-ganesha servers (a primary and a sync backup) (issue 7): /metrics parses as Prometheus
// text and holds every family after NFS calls; HTTPS/WSS work and plain HTTP is refused; ctl
// runs every console command (--json and human output), talks TLS with --ca or --insecure,
// and maps bad input, refused tokens and an unreachable console to documented exit codes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import { CTL_EXIT, ctl as ctlMain } from '../../src/cli/ctl.js';
import { ganeshaAvailable, startGaneshaSet, type GaneshaInstance } from '../harness/ganesha.js';
import { connectNfs, NFS, readAll, siteUrl, type NfsClient } from '../harness/nfs-client.js';
import { runCli, startProxy, type ProxyInstance } from '../harness/proxy.js';
import { parsePrometheusText, type PromFamily } from '../harness/prometheus.js';
import { selfSignedCert, type TestCert } from '../harness/tls.js';

if (!ganeshaAvailable()) {
  throw new Error('nfs-ganesha (VFS FSAL), rpcbind or root privileges are not available');
}

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(REPO, 'src/cli/main.ts');
const T = { timeout: 900_000 };

interface Ctl {
  code: number;
  stdout: string;
  stderr: string;
  json: unknown;
}

/** Runs ctl() here, capturing what it prints (tests in a file run one at a time). */
async function inProcess(
  argv: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(`${a.map(String).join(' ')}\n`);
  console.error = (...a: unknown[]) => void err.push(`${a.map(String).join(' ')}\n`);
  try {
    const code = await ctlMain(argv);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

function fetchText(
  url: string,
  opts: https.RequestOptions = {},
): Promise<{ status: number; body: string }> {
  const mod = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    mod
      .get(url, opts, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('console over TLS: /metrics and nfs-proxy ctl', T, () => {
  let g: GaneshaInstance[] = [];
  let proxy: ProxyInstance;
  let certDir: string;
  let cert: TestCert;
  let admin: string;
  let viewer: string;
  let c: NfsClient;
  let addr: string;

  /**
   * `nfs-proxy ctl --console ADDR --token TOKEN --ca CERT [--json] ARGS` (JSON parsed when it
   * is): in this process (its output captured), or as a process of its own with `spawn`.
   */
  const ctl = async (
    args: string[],
    o: { token?: string; json?: boolean; tls?: string[]; spawn?: boolean } = {},
  ): Promise<Ctl> => {
    const argv = [
      '--console',
      addr,
      '--token',
      o.token ?? admin,
      ...(o.tls ?? ['--ca', cert.cert]),
      ...(o.json === false ? [] : ['--json']),
      ...args,
    ];
    const r = o.spawn ? await runCli(['ctl', ...argv]) : await inProcess(argv);
    let json: unknown;
    try {
      json = JSON.parse(r.stdout);
    } catch {
      json = undefined;
    }
    return { ...r, json };
  };
  const ok = async (args: string[], o?: Parameters<typeof ctl>[1]): Promise<Ctl> => {
    const r = await ctl(args, o);
    assert.equal(r.code, 0, `ctl ${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
    return r;
  };
  const metrics = async (): Promise<Map<string, PromFamily>> => {
    const r = await fetchText(`https://${addr}/metrics`, {
      ca: readFileSync(cert.cert),
      headers: { authorization: `Bearer ${viewer}` },
    });
    assert.equal(r.status, 200, r.body);
    return parsePrometheusText(r.body);
  };

  before(async () => {
    certDir = mkdtempSync(path.join(os.tmpdir(), 'nfsp-console-cli-'));
    cert = selfSignedCert(certDir);
    g = await startGaneshaSet(2);
    proxy = await startProxy({
      primary: g[0]!,
      config: {
        console: { listen: '127.0.0.1:0', tls: { cert: cert.cert, key: cert.key } },
        backups: [siteUrl(g[1]!, 'sync')],
      },
    });
    addr = proxy.consoleAddress!;
    admin = await proxy.token('admin');
    viewer = await proxy.token('viewer');
    c = await connectNfs({
      host: proxy.host,
      nfsPort: proxy.port,
      mountPort: proxy.port,
      exportPath: proxy.exportPath,
    });
  });
  after(async () => {
    await c?.close();
    await proxy?.dispose();
    await Promise.allSettled(g.map((x) => x.stop()));
    rmSync(certDir, { recursive: true, force: true });
  });

  it('/metrics parses as Prometheus text and has every family after NFS calls', async () => {
    const dir = await c.mkdir(c.root, 'm');
    const fh = await c.create(dir, 'data.bin');
    const data = randomBytes(50_000);
    await c.write(fh, 0, data, nfs3.FILE_SYNC);
    assert.deepEqual(await readAll(c, fh), data);
    const miss = await c.call(NFS.NFSPROC3_LOOKUP, { what: { dir, name: Buffer.from('nope') } });
    assert.equal(miss.status, nfs3.NFS3ERR_NOENT);
    // A version, then an overwrite: a preserved copy.
    await ok(['version', 'create', '--name', 'm1']);
    await c.write(fh, 0, randomBytes(1000), nfs3.FILE_SYNC);

    const f = await metrics();
    const sample = (name: string, labels: Record<string, string> = {}): number | undefined => {
      const fam = f.get(name) ?? f.get(name.replace(/_(bucket|sum|count)$/, ''));
      return fam?.samples.find(
        (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
      )?.value;
    };
    const req = (proc: string, status: string): number =>
      sample('nfsproxy_requests_total', { proc, status }) ?? 0;
    assert.ok(req('write', 'ok') >= 2);
    assert.ok(req('read', 'ok') >= 1);
    assert.ok(req('lookup', 'noent') >= 1);
    assert.ok(req('mkdir', 'ok') >= 1);
    assert.equal(f.get('nfsproxy_requests_total')?.type, 'counter');
    const h = f.get('nfsproxy_request_duration_seconds');
    assert.equal(h?.type, 'histogram');
    assert.ok((sample('nfsproxy_request_duration_seconds_count', { proc: 'read' }) ?? 0) >= 1);
    assert.ok(
      (sample('nfsproxy_request_duration_seconds_bucket', { proc: 'write', le: '+Inf' }) ?? 0) >= 2,
    );
    assert.ok((sample('nfsproxy_read_bytes_total') ?? 0) >= data.length);
    assert.ok((sample('nfsproxy_write_bytes_total') ?? 0) >= data.length + 1000);
    assert.equal(sample('nfsproxy_site_state', { site: 'site-1', state: 'in-sync' }), 1);
    assert.equal(sample('nfsproxy_site_state', { site: 'site-1', state: 'out' }), 0);
    for (const name of [
      'nfsproxy_site_lag_mutations',
      'nfsproxy_site_lag_seconds',
      'nfsproxy_site_lag_bytes',
    ])
      assert.notEqual(sample(name, { site: 'site-1' }), undefined, name);
    assert.notEqual(sample('nfsproxy_journal_bytes'), undefined);
    assert.ok((sample('nfsproxy_replicated_mutations_total') ?? 0) >= 3);
    assert.equal(sample('nfsproxy_primary', { site: 'site-0' }), 1);
    assert.equal(sample('nfsproxy_promotion_in_progress'), 0);
    assert.ok((sample('nfsproxy_versions') ?? 0) >= 1);
    assert.ok((sample('nfsproxy_versions_preserved_bytes') ?? 0) >= data.length);
    assert.ok((sample('nfsproxy_versions_preserved_copies') ?? 0) >= 1);
    assert.ok((sample('nfsproxy_versions_copies_total') ?? 0) >= 1);
    assert.ok((sample('nfsproxy_primary_calls_total', { proc: 'write' }) ?? 0) >= 1);
    assert.ok((sample('nfsproxy_process_resident_memory_bytes') ?? 0) > 0);
    assert.ok((sample('nfsproxy_process_heap_used_bytes') ?? 0) > 0);
  });

  it('/metrics needs a token; plain HTTP on the TLS port gets a 400 naming HTTPS', async () => {
    const anon = await fetchText(`https://${addr}/metrics`, { ca: readFileSync(cert.cert) });
    assert.equal(anon.status, 401);
    const plain = await fetchText(`http://${addr}/metrics`, {
      headers: { authorization: `Bearer ${viewer}` },
    });
    assert.equal(plain.status, 400);
    assert.match(plain.body, /HTTPS only/);
  });

  it('ctl talks TLS with --ca, --insecure or an https:// address; not without', async () => {
    const a = await ok(['status'], { spawn: true });
    assert.equal((a.json as { primary: string }).primary, 'site-0');
    await ok(['status'], { tls: ['--insecure'] });
    const viaUrl = await runCli([
      'ctl',
      '--console',
      `https://${addr}`,
      '--token',
      admin,
      '--ca',
      cert.cert,
      'status',
    ]);
    assert.equal(viaUrl.code, 0, viaUrl.stderr);
    const plain = await ctl(['status'], { tls: [], spawn: true });
    assert.equal(plain.code, CTL_EXIT.unreachable, plain.stderr);
    assert.match(plain.stderr, /HTTP 400.*HTTPS only/);
    const untrusted = await ctl(['status'], { tls: ['--tls'] });
    assert.equal(untrusted.code, CTL_EXIT.unreachable, untrusted.stderr);
    assert.match(untrusted.stderr, /self-signed|self signed/);
  });

  it('status, history, level, policy (JSON and human output)', async () => {
    const st = await ok(['status'], { json: false, spawn: true });
    assert.match(st.stdout, /^primary: site-0/m);
    assert.match(st.stdout, /SITE\s+MODE\s+STATE/);
    assert.match(st.stdout, /site-1\s+sync\s+in-sync/);
    const hist = await ok(['history', 'site-1', '--limit', '5']);
    assert.ok(Array.isArray(hist.json));

    const lv = await ok(['level', 'get']);
    assert.equal((lv.json as { level: string }).level, 'normal');
    const set = await ok(['level', 'set', 'elevated', '--reason', 'ctl test']);
    assert.equal((set.json as { level: string }).level, 'elevated');
    const human = await ok(['level'], { json: false });
    assert.match(human.stdout, /^level: elevated/m);
    assert.match(human.stdout, /LEVEL\s+INTERVAL\s+KEEP-LAST\s+SYNC-ASYNC/);
    assert.match(human.stdout, /elevated \*/);
    await ok(['level', 'set', 'normal', '--reason', 'back']);
    const lh = await ok(['level', 'history', '--limit', '2']);
    assert.equal((lh.json as unknown[]).length, 2);

    const pol = await ok(['policy']);
    const levels = (pol.json as { levels: Array<{ name: string }> }).levels.map((l) => l.name);
    assert.deepEqual(levels, ['normal', 'guarded', 'elevated', 'severe', 'emergency']);
    const ps = await ok([
      'policy',
      'set',
      'guarded',
      '--interval',
      '2h',
      '--keep-last',
      '12',
      '--sync-async',
      'true',
    ]);
    const guarded = (
      ps.json as {
        levels: Array<{
          name: string;
          intervalSeconds: number;
          keepLast: number;
          syncAsync: boolean;
        }>;
      }
    ).levels.find((l) => l.name === 'guarded');
    assert.deepEqual(
      { i: guarded?.intervalSeconds, k: guarded?.keepLast, s: guarded?.syncAsync },
      { i: 7200, k: 12, s: true },
    );
    const calm = await ok(['policy', 'set', '--calm', '10m']);
    assert.equal((calm.json as { calmSeconds: number }).calmSeconds, 600);
  });

  it('versions: create, list, browse, restore, export, rescan, prune, delete', async () => {
    const dir = await c.mkdir(c.root, 'v');
    const fh = await c.create(dir, 'f.txt');
    const original = Buffer.from('original contents\n');
    await c.write(fh, 0, original, nfs3.FILE_SYNC);
    const created = await ok(['version', 'create', '--name', 'cli1']);
    assert.equal((created.json as { name: string }).name, 'cli1');
    await c.write(fh, 0, Buffer.from('CHANGED contents!\n'), nfs3.FILE_SYNC);

    const list = await ok(['versions']);
    assert.ok((list.json as Array<{ name: string }>).some((v) => v.name === 'cli1'));
    const listHuman = await ok(['version', 'list'], { json: false });
    assert.match(listHuman.stdout, /ID\s+NAME\s+CREATED/);
    assert.match(listHuman.stdout, /cli1/);

    const br = await ok(['version', 'browse', 'cli1', '/v']);
    const entries = (br.json as { entries: Array<{ name: string; type: string; size: number }> })
      .entries;
    assert.deepEqual(
      entries.map((e) => [e.name, e.type, e.size]),
      [['f.txt', 'file', original.length]],
    );
    const brHuman = await ok(['version', 'browse', 'cli1', '/v'], { json: false });
    assert.match(brHuman.stdout, /file\s+18\s+\S+ \S+\s+f\.txt/);

    const rs = await ok(['restore', 'cli1', '/v/f.txt']);
    assert.equal((rs.json as { files: number }).files, 1);
    assert.deepEqual(await readAll(c, await c.lookup(dir, 'f.txt')), original);

    const out = path.join(certDir, 'export-out');
    const ex = await ok(['export', 'cli1', '/v', '--out', out], { json: false });
    assert.match(ex.stdout, /exported 1 files/);
    assert.deepEqual(readFileSync(path.join(out, 'f.txt')), original);

    const rescan = await ok(['versions', 'rescan']);
    assert.ok((rescan.json as { dirs: number }).dirs >= 1);
    await ok(['versions', 'prune']);
    await ok(['version', 'create', '--name', 'cli2']);
    await ok(['version', 'delete', 'cli2']);
    const after = await ok(['version', 'list']);
    assert.ok(!(after.json as Array<{ name: string }>).some((v) => v.name === 'cli2'));
    const gone = await ctl(['version', 'delete', 'cli2']);
    assert.equal(gone.code, CTL_EXIT.failed, gone.stderr);
    assert.match(gone.stderr, /bad-params/);
  });

  it('verify (exit 0 when identical), resync', async () => {
    const v = await ok(['verify', 'site-1'], { json: false });
    assert.match(v.stdout, /^site-1: identical$/m);
    const r = await ok(['resync', 'site-1']);
    assert.equal((r.json as { rebuilt: string }).rebuilt, 'site-1');
  });

  it('tasks: create (--wait follows it to its end), list, show, pause, resume, cancel', async () => {
    const waited = await ok(['tasks', 'create', 'version', '--param', 'name=task-v', '--wait']);
    assert.equal((waited.json as { state: string }).state, 'done');
    const vs = await ok(['versions']);
    assert.ok((vs.json as Array<{ name: string }>).some((x) => x.name === 'task-v'));

    const later = await ok(['tasks', 'create', 'prune', '--at', '+1d', '--every', '1d']);
    const t = later.json as { id: number; state: string; everySeconds: number };
    assert.equal(t.state, 'pending');
    assert.equal(t.everySeconds, 86400);
    const id = String(t.id);
    const paused = await ok(['tasks', 'pause', id]);
    assert.equal((paused.json as { state: string }).state, 'paused');
    const resumed = await ok(['tasks', 'resume', id]);
    assert.equal((resumed.json as { state: string }).state, 'pending');
    const shown = await ok(['tasks', 'show', id]);
    assert.equal((shown.json as { kind: string }).kind, 'prune');
    const listed = await ok(['tasks', 'list', '--state', 'pending']);
    assert.ok((listed.json as Array<{ id: number }>).some((x) => x.id === t.id));
    const human = await ok(['tasks'], { json: false });
    assert.match(human.stdout, /ID\s+KIND\s+STATE\s+EVERY/);
    assert.match(human.stdout, new RegExp(`^${id}\\s+prune\\s+pending\\s+1d`, 'm'));
    const cancelled = await ok(['tasks', 'cancel', id]);
    assert.equal((cancelled.json as { state: string }).state, 'cancelled');
    const bad = await ctl(['tasks', 'create', 'bogus-kind']);
    assert.equal(bad.code, CTL_EXIT.failed);
    assert.match(bad.stderr, /bad-params: kind must be one of/);
  });

  it('audit: newest first, filtered by action; operator role needed', async () => {
    const all = await ok(['audit', '--limit', '50']);
    const entries = all.json as Array<{
      atMs: number;
      action: string;
      result: string;
      role: string;
    }>;
    assert.ok(entries.length > 5);
    for (let i = 1; i < entries.length; i++)
      assert.ok(entries[i - 1]!.atMs >= entries[i]!.atMs, 'newest first');
    assert.equal(entries[0]!.action, 'tasks.cancel');
    const lv = await ok(['audit', '--action', 'level.set']);
    const levelSets = lv.json as Array<{ action: string; params: { level: string } }>;
    assert.deepEqual(
      levelSets.map((e) => e.params.level),
      ['normal', 'elevated'],
    );
    const human = await ok(['audit', '--limit', '3'], { json: false });
    assert.match(human.stdout, /TIME\s+WHO\s+ACTION\s+RESULT/);
    assert.match(human.stdout, /admin#\d+\s+tasks\.cancel\s+ok/);
    const denied = await ctl(['audit'], { token: viewer });
    assert.equal(denied.code, CTL_EXIT.denied, denied.stderr);
    assert.match(denied.stderr, /forbidden/);
  });

  it('watch prints subscribed events and stops after --count', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=development',
        CLI,
        'ctl',
        '--console',
        addr,
        '--token',
        admin,
        '--ca',
        cert.cert,
        '--json',
        'watch',
        'versions',
        '--count',
        '1',
      ],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    let done = false;
    void exited.then(() => (done = true));
    // The subscription is in place at some point after start: take versions until one is seen.
    for (let i = 0; i < 60 && !done; i++) {
      await ok(['version', 'create']);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 500))]);
    }
    if (!done) child.kill('SIGKILL');
    assert.equal(await exited, 0, stderr);
    const line = JSON.parse(stdout.trim().split('\n')[0]!) as { event: string };
    assert.equal(line.event, 'version');
  });

  it('bad command lines: usage and exit 2; refused input: 1; refused token: 4; unreachable: 5', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['bogus'], /unknown command 'bogus'/],
      [[], /a COMMAND is required/],
      [['status', '--force'], /status does not take --force/],
      [['--no-such-flag', 'status'], /Unknown option '--no-such-flag'/],
      [['level', 'set'], /usage: level set LEVEL/],
      [['level', 'frobnicate'], /unknown level command/],
      [['policy', 'set', 'normal'], /needs --interval, --keep-last or --sync-async/],
      [['policy', 'set', 'normal', '--sync-async', 'maybe'], /--sync-async must be true or false/],
      [['tasks', 'cancel', 'abc'], /a task ID is a positive integer/],
      [['tasks', 'create', 'version', '--every', '5x'], /--every must be a duration/],
      [['tasks', 'create', 'version', '--at', 'tomorrow'], /--at must be an ISO 8601 time/],
      [['tasks', 'create', 'version', '--params', '[1]'], /--params must be a JSON object/],
      [['history', '--limit', '0'], /--limit must be an integer 1\.\.10000/],
      [['export', 'v', '/'], /usage: export VERSION PATH --out/],
      [['version', 'zap'], /unknown version command 'zap'/],
      [['promote'], /usage: promote SITE/],
    ];
    for (const [i, [args, message]] of cases.entries()) {
      // The first as a process of its own: the exit code reaches the shell.
      const r = await ctl(args, { spawn: i === 0 });
      assert.equal(r.code, CTL_EXIT.usage, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
      assert.match(r.stderr, /usage: nfs-proxy ctl/, `${args.join(' ')} prints the usage`);
      assert.equal(r.stdout, '');
    }
    // Refused by the console (bad-params): exit 1, without the usage text.
    const badLevel = await ctl(['level', 'set', 'panic']);
    assert.equal(badLevel.code, CTL_EXIT.failed);
    assert.match(badLevel.stderr, /bad-params: level must be one of/);
    assert.doesNotMatch(badLevel.stderr, /usage:/);
    const badSite = await ctl(['verify', 'site-9']);
    assert.equal(badSite.code, CTL_EXIT.failed);
    assert.match(badSite.stderr, /no backup site named 'site-9'/);

    const wrongToken = await ctl(['status'], { token: 'nfsp_not_a_token' });
    assert.equal(wrongToken.code, CTL_EXIT.denied, wrongToken.stderr);
    assert.match(wrongToken.stderr, /unauthenticated/);
    const promoteAsViewer = await ctl(['promote', 'site-1'], { token: viewer });
    assert.equal(promoteAsViewer.code, CTL_EXIT.denied);

    const noConsole = await runCli(['ctl', '--console', '127.0.0.1:1', '--token', admin, 'status']);
    assert.equal(noConsole.code, CTL_EXIT.unreachable);
    assert.match(noConsole.stderr, /ECONNREFUSED/);
    const missingCa = await ctl(['status'], { tls: ['--ca', path.join(certDir, 'nope.pem')] });
    assert.equal(missingCa.code, CTL_EXIT.usage);
    assert.match(missingCa.stderr, /--ca .*nope\.pem: ENOENT/);
    const help = await runCli(['ctl', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /exit codes: 0 ok/);
  });

  it('promote (last: it switches the primary)', async () => {
    const r = await ok(['promote', 'site-1']);
    assert.equal((r.json as { primary: string }).primary, 'site-1');
    const st = await ok(['status']);
    assert.equal((st.json as { primary: string }).primary, 'site-1');
    const f = await metrics();
    assert.equal(f.get('nfsproxy_primary')?.samples[0]?.labels['site'], 'site-1');
    assert.ok(existsSync(cert.cert));
  });
});
