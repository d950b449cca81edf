/**
 * `nfs-proxy ctl` and `nfs-proxy token`: operator commands.
 *
 * `ctl` covers every console method (docs/console.md) over the console's WebSocket: one command
 * line → one request (or a subscription for `watch`). Output is for people by default (tables,
 * a progress bar on a terminal) and JSON with `--json`. Exit codes (CTL_EXIT) tell scripts what
 * went wrong without parsing messages.
 *
 *   nfs-proxy token create --role viewer|operator|admin --state DIR [--label TEXT]
 *
 * The console address, token and CA may come from NFS_PROXY_CONSOLE, NFS_PROXY_TOKEN and
 * NFS_PROXY_CA.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import path from 'node:path';
import WebSocket from 'ws';
import { ConfigError } from '../config/config.js';
import { openCatalogDb } from '../catalog/db.js';
import { createLogger } from '../log/logger.js';
import { ROLES, TokenStore, type Role } from '../console/tokens.js';

/** How long ctl waits for a connection. Unit: ms. */
const CONNECT_TIMEOUT_MS = 10_000;
/** Plain (non-terminal) progress lines are printed at most this often. Unit: ms. */
const PLAIN_PROGRESS_EVERY_MS = 1000;
/** Terminal progress bar width. Unit: characters. */
const BAR_WIDTH = 28;

/** What `ctl` exits with. */
export const CTL_EXIT = {
  /** The command succeeded. */
  ok: 0,
  /**
   * The console refused the call (`bad-params`, `unknown-method`: no such site, version, ...)
   * or it failed (`failed`, `rate-limited`), or the connection dropped.
   */
  failed: 1,
  /** A bad command line: nothing was sent. */
  usage: 2,
  /** `verify` found differences. */
  differs: 3,
  /** The token was refused (`unauthenticated`) or its role is too low (`forbidden`). */
  denied: 4,
  /** The console could not be reached (refused, timeout, TLS or HTTP error). */
  unreachable: 5,
} as const;

export const CTL_USAGE = `usage: nfs-proxy ctl [--console HOST:PORT] [--token TOKEN] [--ca FILE | --insecure]
                     [--json] COMMAND [ARGS]

commands:
  status                         sites, their state and lag, the journal, health
  history [SITE] [--limit N]     site state changes, newest first
  level [get]                    the disaster level and each level's policy
  level set LEVEL [--reason TEXT]
                                 set the level (normal, guarded, elevated, severe, emergency);
                                 raising it takes a version at once
  level history [--limit N]      level changes, newest first
  policy [get]                   each level's version interval, retention, sync of async sites
  policy set LEVEL [--interval SECONDS] [--keep-last N] [--sync-async true|false]
  policy set --calm SECONDS      quiet time before an automatic raise is lowered again
  version list                   the versions (also: versions)
  version create [--name NAME]   take a version now
  version delete NAME            delete a version (its preserved copies go when unneeded)
  version browse VERSION [PATH]  list a directory of a version
  versions prune                 apply the retention policy now
  versions rescan                list the whole tree again (after changes behind the proxy)
  restore VERSION PATH [--to DEST]
                                 copy PATH (file or directory; / for all) of a version back
  export VERSION PATH --out DIR|FILE.tar
                                 copy PATH of a version to a directory or tar on the proxy host
  verify [SITE]                  compare backup sites with the primary (exit 3 if they differ)
  resync SITE                    rebuild a backup site from the primary
  resync --from SITE             rebuild the primary from a backup site
  promote SITE [--force]         make a backup the primary (clients keep their mounts)
  tasks [list] [--state STATE] [--limit N]
  tasks show ID
  tasks create KIND [--param KEY=VALUE]... [--params JSON] [--at TIME] [--every DURATION]
                    [--wait]     KIND: version, verify, resync, restore, export, prune;
                                 TIME: ISO 8601, +DURATION or Unix ms; DURATION: 90, 90s, 5m,
                                 2h, 1d; --wait follows the task to its end
  tasks cancel|pause|resume ID
  audit [--limit N] [--action METHOD]
                                 the audit log, newest first (operator role)
  watch [TOPIC]... [--count N]   print events as they come (topics: sites, lag, versions,
                                 tasks, level, audit, health); stop after N with --count

options:
  --console HOST:PORT   the console (https://HOST:PORT or wss://... for TLS)
  --token TOKEN         a console token (nfs-proxy token create)
  --ca FILE             trust this CA (PEM) for a TLS console; implies TLS
  --insecure            TLS without checking the certificate (testing only); implies TLS
  --tls                 TLS with the system's CAs
  --json                the result as JSON on stdout (no progress output)

exit codes: 0 ok, 1 the console refused or failed the call, 2 bad command line, 3 verify found
differences, 4 token refused or role too low, 5 console unreachable.
NFS_PROXY_CONSOLE, NFS_PROXY_TOKEN and NFS_PROXY_CA may stand for --console, --token and --ca.`;

/** A command-line mistake: usage on stderr, exit 2. */
export class CtlUsageError extends Error {
  readonly code = 'NFSP_ERR_CTL_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'CtlUsageError';
  }
}

/** A failed console call: carries the exit code its cause maps to. */
export class CtlError extends Error {
  readonly code = 'NFSP_ERR_CTL';
  constructor(
    message: string,
    readonly exitCode: number,
    /** The console's error code (`bad-params`, ...), when it answered with one. */
    readonly consoleCode?: string,
  ) {
    super(message);
    this.name = 'CtlError';
  }
}

/** The console's error codes → exit codes. */
function exitFor(code: string): number {
  switch (code) {
    case 'unauthenticated':
    case 'forbidden':
      return CTL_EXIT.denied;
    default:
      return CTL_EXIT.failed;
  }
}

interface Reply {
  id?: unknown;
  result?: unknown;
  error?: { code: string; message: string };
  event?: string;
  data?: unknown;
}

/** How to reach the console. */
export interface ConsoleTarget {
  /** `HOST:PORT`. */
  readonly address: string;
  readonly token: string;
  /** TLS: undefined = plain WS. */
  readonly tls?: { readonly ca?: Buffer; readonly insecure?: boolean } | undefined;
}

/** `HOST:PORT`, `https://HOST:PORT`, `wss://HOST:PORT`, `http://…`, `ws://…` → address and TLS. */
export function parseConsoleAddress(text: string): { address: string; tls: boolean | undefined } {
  const m = /^(https?|wss?):\/\/([^/]+)\/?$/.exec(text);
  if (m) return { address: m[2]!, tls: m[1] === 'https' || m[1] === 'wss' };
  if (text.includes('/')) throw new CtlUsageError(`--console: expected HOST:PORT (got ${text})`);
  return { address: text, tls: undefined };
}

/** Opens an authenticated console connection. */
async function open(target: ConsoleTarget): Promise<WebSocket> {
  const scheme = target.tls ? 'wss' : 'ws';
  const ws = new WebSocket(`${scheme}://${target.address}/ws`, {
    headers: { authorization: `Bearer ${target.token}` },
    handshakeTimeout: CONNECT_TIMEOUT_MS,
    ...(target.tls?.ca ? { ca: target.tls.ca } : {}),
    ...(target.tls?.insecure ? { rejectUnauthorized: false } : {}),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d.slice(0, 500)));
        res.on('end', () =>
          reject(
            new CtlError(
              `console ${target.address}: HTTP ${res.statusCode ?? '?'} ${body.trim()}`.trim(),
              CTL_EXIT.unreachable,
            ),
          ),
        );
      });
      ws.once('error', (e) => {
        const hint =
          !target.tls && /socket hang up|ECONNRESET/.test(e.message)
            ? ' (does the console speak TLS? use --ca FILE or --insecure)'
            : '';
        reject(
          new CtlError(`console ${target.address}: ${e.message}${hint}`, CTL_EXIT.unreachable),
        );
      });
    });
  } catch (e) {
    ws.terminate();
    throw e;
  }
  return ws;
}

/**
 * One request over an open connection; events (progress of this request, others) go to
 * `onEvent`. Errors are CtlError with the exit code of their cause.
 */
function request(
  ws: WebSocket,
  id: number,
  method: string,
  params: Record<string, unknown>,
  onEvent?: (r: Reply) => void,
): Promise<unknown> {
  return new Promise<unknown>((resolve, reject) => {
    const onMessage = (data: Buffer): void => {
      let r: Reply;
      try {
        r = JSON.parse(data.toString('utf8')) as Reply;
      } catch {
        return;
      }
      if (r.event !== undefined) {
        onEvent?.(r);
        return;
      }
      if (r.id !== id) return;
      done();
      if (r.error)
        reject(
          new CtlError(`${r.error.code}: ${r.error.message}`, exitFor(r.error.code), r.error.code),
        );
      else resolve(r.result);
    };
    const onClose = (code: number, reason: Buffer): void => {
      done();
      reject(
        new CtlError(
          `console closed the connection (${code} ${reason.toString()})`.replace(' )', ')'),
          CTL_EXIT.failed,
        ),
      );
    };
    const done = (): void => {
      ws.off('message', onMessage);
      ws.off('close', onClose);
    };
    ws.on('message', onMessage);
    ws.once('close', onClose);
    ws.send(JSON.stringify({ id, method, params }));
  });
}

/**
 * One request over the console WebSocket; events go to `onEvent`. `target` may be just the
 * `HOST:PORT` (plain WS; the form scripts and benchmarks use) with `token`.
 */
export async function consoleRequest(
  target: ConsoleTarget | string,
  token: string | undefined,
  method: string,
  params: Record<string, unknown>,
  onEvent?: (r: Reply) => void,
): Promise<unknown> {
  const t = typeof target === 'string' ? { address: target, token: token ?? '' } : target;
  const ws = await open(t);
  try {
    return await request(ws, 1, method, params, onEvent);
  } finally {
    ws.close();
  }
}

// ---- output ---------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;

function s(v: unknown): string {
  if (v === undefined || v === null) return '-';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v as string | number | boolean);
}

function when(ms: unknown): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) return '-';
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

function bytes(n: unknown): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return s(n);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

function seconds(n: unknown): string {
  if (typeof n !== 'number' || n === 0) return n === 0 ? 'off' : s(n);
  if (n % 86400 === 0) return `${n / 86400}d`;
  if (n % 3600 === 0) return `${n / 3600}h`;
  if (n % 60 === 0) return `${n / 60}m`;
  return `${n}s`;
}

/** Rows as aligned columns, a header first. */
function table(header: string[], rows: string[][]): string {
  if (rows.length === 0) return '(none)';
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function asArray(v: unknown): Obj[] {
  if (Array.isArray(v)) return v as Obj[];
  if (typeof v === 'object' && v !== null) {
    for (const k of ['entries', 'items', 'tasks']) {
      const x = (v as Obj)[k];
      if (Array.isArray(x)) return x as Obj[];
    }
  }
  return [];
}

function formatStatus(r: Obj): string {
  const lines = [`primary: ${s(r['primary'])}`];
  if (r['level'] !== undefined)
    lines.push(
      `level: ${s(typeof r['level'] === 'object' ? (r['level'] as Obj)['level'] : r['level'])}`,
    );
  const sites = asArray(r['sites']);
  if (sites.length > 0) {
    lines.push('');
    lines.push(
      table(
        ['SITE', 'MODE', 'STATE', 'LAG', 'LAG-S', 'REASON'],
        sites.map((x) => [
          s(x['name']),
          s(x['mode']),
          s(x['state']),
          s(x['lagMutations']),
          Number(x['lagSeconds']).toFixed(1),
          x['reason'] ? s(x['reason']) : '',
        ]),
      ),
    );
  }
  const health = asArray(r['health']);
  if (health.length > 0) {
    lines.push('');
    lines.push(
      table(
        ['SITE', 'ROLE', 'REACHABLE', 'LATENCY', 'FAILURES', 'LAST-ERROR'],
        health.map((h) => [
          s(h['name']),
          s(h['role']),
          h['reachable'] ? 'yes' : 'no',
          typeof h['latencyMs'] === 'number' ? `${h['latencyMs'].toFixed(1)} ms` : '-',
          s(h['consecutiveFailures']),
          h['lastError'] ? s(h['lastError']) : '',
        ]),
      ),
    );
  }
  lines.push('');
  const j = r['journal'] as Obj | null | undefined;
  if (j) lines.push(`journal: ${bytes(j['bytes'])}`);
  lines.push(`mutations: ${s(r['mutations'])}`);
  lines.push(`versions: ${s(r['versions'])}`);
  return lines.join('\n');
}

function formatLevel(r: Obj): string {
  const lines = [
    `level: ${s(r['level'])}${r['auto'] ? ' (raised by the assessment)' : ''}`,
    `since: ${when(r['since'])}${r['setBy'] ? ` by ${s(r['setBy'])}` : ''}`,
  ];
  if (r['reason']) lines.push(`reason: ${s(r['reason'])}`);
  if (r['calmSeconds'] !== undefined) lines.push(`calm: ${seconds(r['calmSeconds'])}`);
  const v = r['version'] as Obj | undefined;
  if (v) lines.push(`version taken: ${s(v['name'])}`);
  const levels = asArray(r['levels']);
  if (levels.length > 0) lines.push('', formatPolicyTable(levels, s(r['level'])));
  return lines.join('\n');
}

function formatPolicyTable(levels: Obj[], current?: string): string {
  return table(
    ['LEVEL', 'INTERVAL', 'KEEP-LAST', 'SYNC-ASYNC'],
    levels.map((l) => [
      `${s(l['name'])}${l['name'] === current ? ' *' : ''}`,
      seconds(l['intervalSeconds']),
      l['keepLast'] === 0 ? 'config' : s(l['keepLast'] ?? l['retention']),
      l['syncAsync'] ? 'yes' : 'no',
    ]),
  );
}

function formatPolicy(r: Obj): string {
  const lines = [formatPolicyTable(asArray(r['levels']))];
  if (r['calmSeconds'] !== undefined) lines.push('', `calm: ${seconds(r['calmSeconds'])}`);
  const a = r['assessment'] as Obj | undefined;
  if (a && typeof a === 'object')
    lines.push(
      `assessment: ${Object.entries(a)
        .map(([k, v]) => `${k}=${s(v)}`)
        .join(' ')}`,
    );
  return lines.join('\n');
}

function formatVersions(r: unknown): string {
  return table(
    ['ID', 'NAME', 'CREATED', 'REASON', 'ENTRIES', 'PRESERVED'],
    asArray(r).map((v) => [
      s(v['id']),
      s(v['name']),
      when(v['createdMs']),
      s(v['reason']),
      s(v['entries']),
      bytes(v['preservedBytes']),
    ]),
  );
}

function formatBrowse(r: unknown, from: number): string {
  const out = table(
    ['TYPE', 'SIZE', 'MODIFIED', 'NAME'],
    asArray(r).map((e) => [
      s(e['type']),
      e['type'] === 'dir' || e['type'] === 'directory' ? '-' : s(e['size']),
      when(e['mtimeMs']),
      s(e['name']),
    ]),
  );
  const more = typeof r === 'object' && r !== null && (r as Obj)['more'] === true;
  return more ? `${out}\n(more: --from ${from + asArray(r).length})` : out;
}

function formatTasks(r: unknown): string {
  return table(
    ['ID', 'KIND', 'STATE', 'EVERY', 'NEXT-RUN', 'RUNS', 'OWNER', 'ERROR'],
    asArray(r).map((t) => [
      s(t['id']),
      s(t['kind']),
      s(t['state']),
      t['everySeconds'] ? seconds(t['everySeconds']) : 'once',
      when(t['nextRunMs']),
      s(t['runs']),
      s(t['owner']),
      t['error'] ? s(t['error']) : '',
    ]),
  );
}

function formatTask(t: Obj): string {
  return Object.entries(t)
    .map(([k, v]) => `${k}: ${k.endsWith('Ms') ? when(v) : s(v)}`)
    .join('\n');
}

function formatAudit(r: unknown): string {
  return table(
    ['TIME', 'WHO', 'ACTION', 'RESULT', 'PARAMS', 'DETAIL'],
    asArray(r).map((a) => [
      when(a['atMs']),
      `${s(a['role'])}#${s(a['tokenId'])}`,
      s(a['action']),
      s(a['result']),
      a['params'] === null ? '' : s(a['params']),
      a['detail'] ? s(a['detail']) : '',
    ]),
  );
}

function formatHistory(r: unknown): string {
  return table(
    ['TIME', 'SITE', 'FROM', 'TO', 'REASON'],
    asArray(r).map((h) => [
      when(h['at_ms'] ?? h['atMs']),
      s(h['site']),
      s(h['from_state'] ?? h['from']),
      s(h['to_state'] ?? h['to']),
      h['reason'] ? s(h['reason']) : '',
    ]),
  );
}

function formatLevelHistory(r: unknown): string {
  return table(
    ['TIME', 'LEVEL', 'FROM', 'BY', 'REASON'],
    asArray(r).map((h) => [
      when(h['at_ms'] ?? h['atMs']),
      s(h['level']),
      s(h['previous']),
      s(h['set_by'] ?? h['setBy']),
      h['reason'] ? s(h['reason']) : '',
    ]),
  );
}

function formatCopy(verb: string, r: Obj): string {
  const skipped =
    asArray(r['skipped']).length || (Array.isArray(r['skipped']) ? r['skipped'].length : 0);
  const lines = [
    `${verb} ${s(r['files'])} files, ${s(r['directories'])} directories, ${bytes(r['bytes'])}`,
  ];
  if (skipped > 0) {
    lines.push(`skipped ${skipped}:`);
    for (const x of r['skipped'] as unknown[]) lines.push(`  ${s(x)}`);
  }
  return lines.join('\n');
}

function formatVerify(r: Record<string, Obj>): string {
  const lines: string[] = [];
  for (const [site, x] of Object.entries(r)) {
    const diffs = asArray(x['differences']);
    lines.push(`${site}: ${x['identical'] ? 'identical' : `${s(x['count'])} differences`}`);
    for (const d of diffs)
      lines.push(`  ${s(d['kind']).padEnd(8)} /${s(d['path'])}  ${s(d['detail'])}`);
  }
  return lines.join('\n');
}

function formatPromote(r: Obj): string {
  const lines = [
    `primary: ${s(r['primary'])} (was ${s(r['former'])})${r['forced'] ? ', forced' : ''}`,
    `clients held: ${s(r['pauseMs'])} ms`,
  ];
  const re = asArray(r['reapplied']);
  const lost = asArray(r['lost']);
  if (re.length > 0) lines.push(`re-applied ${re.length} mutations`);
  if (lost.length > 0) {
    lines.push(`LOST ${lost.length} mutations:`);
    for (const l of lost) lines.push(`  ${s(l['seq'])} ${s(l['what'])}`);
  }
  if (r['fenced']) lines.push('the former primary is fenced');
  return lines.join('\n');
}

function formatResync(r: Obj): string {
  return `${s(r['rebuilt'])} rebuilt from ${r['rebuilt'] === 'primary' ? s(r['site']) : 'the primary'}: ${s(r['repaired'])} repaired`;
}

function formatEvent(ev: Reply): string {
  return `${new Date().toISOString()} ${ev.event ?? '?'} ${JSON.stringify(ev.data)}`;
}

// ---- progress -------------------------------------------------------------------------------------

/**
 * Progress of a long call: a bar redrawn in place on a terminal, or a plain line at most once a
 * second otherwise. A report with `done`/`total` (or `fraction`) gets a bar with a percentage;
 * others (tree walks do not know their size) a spinner with the counters.
 */
class Progress {
  private readonly tty: boolean;
  private drawn = false;
  private lastPlain = 0;
  private spin = 0;

  constructor(
    private readonly label: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = process.stdout.isTTY === true && out.isTTY === true;
  }

  update(data: unknown): void {
    const text = describeProgress(data);
    if (this.tty) {
      const cols = Math.max(40, this.out.columns || 80);
      const frac = fractionOf(data);
      let line: string;
      if (frac !== undefined) {
        const n = Math.round(frac * BAR_WIDTH);
        line = `${this.label} [${'#'.repeat(n)}${'-'.repeat(BAR_WIDTH - n)}] ${(frac * 100).toFixed(0).padStart(3)}% ${text}`;
      } else {
        const frames = '|/-\\';
        line = `${this.label} ${frames[this.spin++ % frames.length]} ${text}`;
      }
      this.out.write(`\r${line.slice(0, cols - 1)}\x1b[K`);
      this.drawn = true;
      return;
    }
    const now = Date.now();
    if (now - this.lastPlain < PLAIN_PROGRESS_EVERY_MS) return;
    this.lastPlain = now;
    this.out.write(`${this.label}: ${text}\n`);
  }

  end(): void {
    if (this.drawn) this.out.write('\r\x1b[K');
    this.drawn = false;
  }
}

function fractionOf(d: unknown): number | undefined {
  if (typeof d !== 'object' || d === null) return undefined;
  const o = d as Obj;
  const f = o['fraction'];
  if (typeof f === 'number' && f >= 0 && f <= 1) return f;
  const done = o['done'];
  const total = o['total'];
  if (typeof done === 'number' && typeof total === 'number' && total > 0)
    return Math.min(1, Math.max(0, done / total));
  return undefined;
}

function describeProgress(d: unknown): string {
  if (typeof d !== 'object' || d === null) return s(d);
  const parts: string[] = [];
  for (const [k, v] of Object.entries(d as Obj)) {
    if (k === 'fraction' || Array.isArray(v) || (typeof v === 'object' && v !== null)) continue;
    parts.push(`${k} ${/bytes/i.test(k) ? bytes(v) : s(v)}`);
  }
  return parts.join(', ');
}

// ---- command line ---------------------------------------------------------------------------------

const OPTIONS = {
  console: { type: 'string' },
  token: { type: 'string' },
  ca: { type: 'string' },
  insecure: { type: 'boolean' },
  tls: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  from: { type: 'string' },
  force: { type: 'boolean' },
  name: { type: 'string' },
  to: { type: 'string' },
  out: { type: 'string' },
  limit: { type: 'string' },
  reason: { type: 'string' },
  interval: { type: 'string' },
  'keep-last': { type: 'string' },
  'sync-async': { type: 'string' },
  calm: { type: 'string' },
  state: { type: 'string' },
  action: { type: 'string' },
  param: { type: 'string', multiple: true },
  params: { type: 'string' },
  at: { type: 'string' },
  every: { type: 'string' },
  wait: { type: 'boolean' },
  count: { type: 'string' },
} as const;

type Values = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K] extends { multiple: true }
    ? string[]
    : (typeof OPTIONS)[K]['type'] extends 'boolean'
      ? boolean
      : string;
};

/** Options every command takes. */
const GLOBAL = new Set(['console', 'token', 'ca', 'insecure', 'tls', 'json', 'help']);

/** What one command line asks for. */
interface Plan {
  readonly method: string;
  readonly params: Record<string, unknown>;
  /** Human output of the result. */
  readonly format: (r: unknown) => string;
  /** Exit code from the result (verify: 3 when sites differ). */
  readonly exit?: (r: unknown) => number;
  /** Progress label: the call reports progress. */
  readonly progress?: string;
  /** Follow the created task to its end (`tasks create --wait`). */
  readonly waitTask?: boolean;
  /** `watch`: subscribe and print events. */
  readonly watch?: { count: number | undefined };
}

function usage(message: string): never {
  throw new CtlUsageError(message);
}

/** Refuses flags the command does not take. */
function only(values: Values, command: string, allowed: readonly string[]): void {
  for (const k of Object.keys(values)) {
    if (GLOBAL.has(k) || allowed.includes(k)) continue;
    usage(`${command} does not take --${k}`);
  }
}

function nargs(args: string[], command: string, min: number, max: number, shape: string): void {
  if (args.length < min || args.length > max) usage(`usage: ${command} ${shape}`.trimEnd());
}

function positiveInt(
  text: string | undefined,
  flag: string,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]{1,16}$/.test(text) || Number(text) < 1 || Number(text) > max)
    usage(`--${flag} must be an integer 1..${max} (got ${text})`);
  return Number(text);
}

function naturalInt(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]{1,16}$/.test(text)) usage(`--${flag} must be a whole number (got ${text})`);
  return Number(text);
}

/** `90`, `90s`, `5m`, `2h`, `1d` → seconds. */
export function parseDuration(text: string, flag: string): number {
  const m = /^([0-9]{1,9})([smhd]?)$/.exec(text);
  if (!m) usage(`--${flag} must be a duration like 90, 90s, 5m, 2h or 1d (got ${text})`);
  const mult = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * mult;
}

/** `+DURATION`, Unix ms, or an ISO 8601 date-time → Unix ms. */
export function parseTime(text: string, now = Date.now()): number {
  if (text.startsWith('+')) return now + parseDuration(text.slice(1), 'at') * 1000;
  if (/^[0-9]{10,16}$/.test(text)) return Number(text);
  const t = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(t))
    usage(`--at must be an ISO 8601 time, +DURATION or Unix ms (got ${text})`);
  return t;
}

/** `KEY=VALUE`: VALUE as JSON when it parses (numbers, booleans), else as a string. */
function taskParams(values: Values): Record<string, unknown> {
  let p: Record<string, unknown> = {};
  if (values.params !== undefined) {
    let v: unknown;
    try {
      v = JSON.parse(values.params);
    } catch {
      usage('--params must be a JSON object');
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      usage('--params must be a JSON object');
    p = { ...(v as Record<string, unknown>) };
  }
  for (const kv of values.param ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) usage(`--param must be KEY=VALUE (got ${kv})`);
    const k = kv.slice(0, eq);
    const raw = kv.slice(eq + 1);
    let v: unknown = raw;
    if (/^(true|false|null|-?[0-9]+(\.[0-9]+)?)$/.test(raw)) v = JSON.parse(raw);
    p[k] = v;
  }
  return p;
}

const json = (r: unknown): string => JSON.stringify(r, null, 2);

/** Command line (after the options) → the request to make. Throws CtlUsageError. */
export function plan(positionals: string[], values: Values): Plan {
  const [cmd, ...rest] = positionals;
  const [sub, ...args] = rest;
  switch (cmd) {
    case 'status':
      only(values, 'status', []);
      nargs(rest, 'status', 0, 0, '');
      return { method: 'status', params: {}, format: (r) => formatStatus(r as Obj) };
    case 'history': {
      only(values, 'history', ['limit']);
      nargs(rest, 'history', 0, 1, '[SITE] [--limit N]');
      const limit = positiveInt(values.limit, 'limit', 10_000);
      return {
        method: 'sites.history',
        params: { ...(sub ? { site: sub } : {}), ...(limit ? { limit } : {}) },
        format: formatHistory,
      };
    }
    case 'level':
      if (sub === undefined || sub === 'get') {
        only(values, 'level get', []);
        nargs(args, 'level get', 0, 0, '');
        return { method: 'level.get', params: {}, format: (r) => formatLevel(r as Obj) };
      }
      if (sub === 'set') {
        only(values, 'level set', ['reason']);
        nargs(args, 'level set', 1, 1, 'LEVEL [--reason TEXT]');
        return {
          method: 'level.set',
          params: {
            level: args[0],
            ...(values.reason !== undefined ? { reason: values.reason } : {}),
          },
          format: (r) => formatLevel(r as Obj),
        };
      }
      if (sub === 'history') {
        only(values, 'level history', ['limit']);
        nargs(args, 'level history', 0, 0, '[--limit N]');
        const limit = positiveInt(values.limit, 'limit', 10_000);
        return {
          method: 'level.history',
          params: limit ? { limit } : {},
          format: formatLevelHistory,
        };
      }
      return usage(`unknown level command '${sub}'; use level get | set LEVEL | history`);
    case 'policy':
      if (sub === undefined || sub === 'get') {
        only(values, 'policy get', []);
        nargs(args, 'policy get', 0, 0, '');
        return { method: 'policy.get', params: {}, format: (r) => formatPolicy(r as Obj) };
      }
      if (sub === 'set') {
        only(values, 'policy set', ['interval', 'keep-last', 'sync-async', 'calm']);
        nargs(
          args,
          'policy set',
          0,
          1,
          'LEVEL [--interval SECONDS] [--keep-last N] [--sync-async true|false] | --calm SECONDS',
        );
        const params: Record<string, unknown> = {};
        if (args[0] !== undefined) params['level'] = args[0];
        if (values.interval !== undefined)
          params['intervalSeconds'] = parseDuration(values.interval, 'interval');
        const keep = naturalInt(values['keep-last'], 'keep-last');
        if (keep !== undefined) params['keepLast'] = keep;
        const sa = values['sync-async'];
        if (sa !== undefined) {
          if (sa !== 'true' && sa !== 'false')
            usage(`--sync-async must be true or false (got ${sa})`);
          params['syncAsync'] = sa === 'true';
        }
        if (values.calm !== undefined) params['calmSeconds'] = parseDuration(values.calm, 'calm');
        if (args[0] !== undefined && Object.keys(params).length === 1)
          usage('policy set LEVEL needs --interval, --keep-last or --sync-async');
        if (args[0] === undefined && params['calmSeconds'] === undefined)
          usage(
            'usage: policy set LEVEL [--interval SECONDS] [--keep-last N] [--sync-async true|false] | --calm SECONDS',
          );
        if (args[0] === undefined && Object.keys(params).length > 1)
          usage('--interval, --keep-last and --sync-async need a LEVEL');
        return { method: 'policy.set', params, format: (r) => formatPolicy(r as Obj) };
      }
      return usage(`unknown policy command '${sub}'; use policy get | set`);
    case 'version':
    case 'versions':
      if (sub === undefined || sub === 'list') {
        only(values, `${cmd} list`, []);
        nargs(args, `${cmd} list`, 0, 0, '');
        return { method: 'versions.list', params: {}, format: formatVersions };
      }
      switch (sub) {
        case 'create':
          only(values, `${cmd} create`, ['name']);
          nargs(args, `${cmd} create`, 0, 0, '[--name NAME]');
          return {
            method: 'versions.create',
            params: values.name !== undefined ? { name: values.name } : {},
            format: (r) => `created version ${s((r as Obj)['name'])} (id ${s((r as Obj)['id'])})`,
          };
        case 'delete':
          only(values, `${cmd} delete`, []);
          nargs(args, `${cmd} delete`, 1, 1, 'NAME');
          return {
            method: 'versions.delete',
            params: { name: args[0] },
            format: (r) =>
              r && typeof r === 'object'
                ? `deleted version ${args[0]!}\n${json(r)}`
                : `deleted version ${args[0]!}`,
          };
        case 'browse':
          only(values, `${cmd} browse`, ['from']);
          nargs(args, `${cmd} browse`, 1, 2, 'VERSION [PATH] [--from N]');
          {
            const from = naturalInt(values.from, 'from');
            return {
              method: 'versions.browse',
              params: {
                version: args[0],
                path: args[1] ?? '/',
                ...(from !== undefined ? { from } : {}),
              },
              format: (r) => formatBrowse(r, from ?? 0),
            };
          }
        case 'prune':
          only(values, `${cmd} prune`, []);
          nargs(args, `${cmd} prune`, 0, 0, '');
          return {
            method: 'versions.prune',
            params: {},
            format: (r) => {
              const o = r as Obj;
              const d =
                asArray(o['deleted']).length ||
                (Array.isArray(o['deleted']) ? o['deleted'].length : 0);
              return `deleted ${d} versions${d ? ` (${(o['deleted'] as string[]).join(', ')})` : ''}, removed ${s(o['copiesRemoved'])} preserved copies`;
            },
          };
        case 'rescan':
          only(values, `${cmd} rescan`, []);
          nargs(args, `${cmd} rescan`, 0, 0, '');
          return {
            method: 'versions.rescan',
            params: {},
            format: (r) =>
              `rescanned ${s((r as Obj)['dirs'])} directories, ${s((r as Obj)['entries'])} entries`,
            progress: 'rescan',
          };
        default:
          return usage(
            `unknown ${cmd} command '${sub}'; use list | create | delete | browse | prune | rescan`,
          );
      }
    case 'restore':
      only(values, 'restore', ['to']);
      nargs(rest, 'restore', 2, 2, 'VERSION PATH [--to DEST]');
      return {
        method: 'restore',
        params: {
          version: sub,
          path: args[0],
          ...(values.to !== undefined ? { to: values.to } : {}),
        },
        format: (r) => formatCopy('restored', r as Obj),
        progress: 'restore',
      };
    case 'export':
      only(values, 'export', ['out']);
      nargs(rest, 'export', 2, 2, 'VERSION PATH --out DIR|FILE.tar');
      if (values.out === undefined) usage('usage: export VERSION PATH --out DIR|FILE.tar');
      return {
        method: 'export',
        params: { version: sub, path: args[0], out: values.out },
        format: (r) => formatCopy('exported', r as Obj),
        progress: 'export',
      };
    case 'verify':
      only(values, 'verify', []);
      nargs(rest, 'verify', 0, 1, '[SITE]');
      return {
        method: 'verify',
        params: sub ? { site: sub } : {},
        format: (r) => formatVerify(r as Record<string, Obj>),
        exit: (r) =>
          Object.values(r as Record<string, { identical: boolean }>).some((x) => !x.identical)
            ? CTL_EXIT.differs
            : CTL_EXIT.ok,
        progress: 'verify',
      };
    case 'resync':
      only(values, 'resync', ['from']);
      if (values.from !== undefined) {
        if (rest.length > 0) usage('resync --from SITE takes no other SITE');
        return {
          method: 'resync',
          params: { site: values.from, from: true },
          format: (r) => formatResync(r as Obj),
          progress: 'resync',
        };
      }
      nargs(rest, 'resync', 1, 1, 'SITE | --from SITE');
      return {
        method: 'resync',
        params: { site: sub },
        format: (r) => formatResync(r as Obj),
        progress: 'resync',
      };
    case 'promote':
      only(values, 'promote', ['force']);
      nargs(rest, 'promote', 1, 1, 'SITE [--force]');
      return {
        method: 'promote',
        params: { site: sub, ...(values.force ? { force: true } : {}) },
        format: (r) => formatPromote(r as Obj),
      };
    case 'tasks':
    case 'task':
      if (sub === undefined || sub === 'list') {
        only(values, 'tasks list', ['state', 'limit']);
        nargs(args, 'tasks list', 0, 0, '[--state STATE] [--limit N]');
        const limit = positiveInt(values.limit, 'limit', 10_000);
        return {
          method: 'tasks.list',
          params: {
            ...(values.state !== undefined ? { state: values.state } : {}),
            ...(limit ? { limit } : {}),
          },
          format: formatTasks,
        };
      }
      switch (sub) {
        case 'show':
        case 'get':
          only(values, `tasks ${sub}`, []);
          nargs(args, `tasks ${sub}`, 1, 1, 'ID');
          return {
            method: 'tasks.get',
            params: { id: taskId(args[0]!) },
            format: (r) => formatTask(r as Obj),
          };
        case 'create': {
          only(values, 'tasks create', ['param', 'params', 'at', 'every', 'wait']);
          nargs(
            args,
            'tasks create',
            1,
            1,
            'KIND [--param KEY=VALUE]... [--params JSON] [--at TIME] [--every DURATION] [--wait]',
          );
          const params = taskParams(values);
          return {
            method: 'tasks.create',
            params: {
              kind: args[0],
              ...(Object.keys(params).length > 0 ? { params } : {}),
              ...(values.at !== undefined ? { atMs: parseTime(values.at) } : {}),
              ...(values.every !== undefined
                ? { everySeconds: parseDuration(values.every, 'every') }
                : {}),
            },
            format: (r) => {
              const t = r as Obj;
              return `task ${s(t['id'])}: ${s(t['kind'])} ${s(t['state'])}${t['nextRunMs'] ? `, due ${when(t['nextRunMs'])}` : ''}`;
            },
            waitTask: values.wait === true,
          };
        }
        case 'cancel':
        case 'pause':
        case 'resume':
          only(values, `tasks ${sub}`, []);
          nargs(args, `tasks ${sub}`, 1, 1, 'ID');
          return {
            method: `tasks.${sub}`,
            params: { id: taskId(args[0]!) },
            format: (r) => {
              const t = r as Obj | null;
              return t && typeof t === 'object' && 'state' in t
                ? `task ${s(t['id'])}: ${s(t['state'])}`
                : `task ${args[0]!}: ${sub}`;
            },
          };
        default:
          return usage(
            `unknown tasks command '${sub}'; use list | show | create | cancel | pause | resume`,
          );
      }
    case 'audit': {
      only(values, 'audit', ['limit', 'action']);
      nargs(rest, 'audit', 0, 0, '[--limit N] [--action METHOD]');
      const limit = positiveInt(values.limit, 'limit', 10_000);
      return {
        method: 'audit.list',
        params: {
          ...(limit ? { limit } : {}),
          ...(values.action !== undefined ? { action: values.action } : {}),
        },
        format: formatAudit,
      };
    }
    case 'watch': {
      only(values, 'watch', ['count']);
      const count = positiveInt(values.count, 'count');
      return {
        method: 'subscribe',
        params: rest.length > 0 ? { topics: rest } : {},
        format: () => '',
        watch: { count },
      };
    }
    case undefined:
      return usage('a COMMAND is required');
    default:
      return usage(`unknown command '${cmd}'`);
  }
}

function taskId(text: string): number {
  if (!/^[0-9]{1,15}$/.test(text) || Number(text) < 1)
    usage(`a task ID is a positive integer (got ${text})`);
  return Number(text);
}

/** Task states after which a task will not run again by itself. */
const FINAL_TASK_STATES = new Set(['done', 'failed', 'cancelled']);

export async function ctl(argv: string[]): Promise<number> {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
    }) as {
      values: Values;
      positionals: string[];
    });
  } catch (e) {
    console.error(`nfs-proxy ctl: ${(e as Error).message}\n\n${CTL_USAGE}`);
    return CTL_EXIT.usage;
  }
  if (values.help) {
    console.log(CTL_USAGE);
    return CTL_EXIT.ok;
  }
  let p: Plan;
  let target: ConsoleTarget;
  try {
    p = plan(positionals, values);
    const addrText = values.console ?? process.env['NFS_PROXY_CONSOLE'];
    const token = values.token ?? process.env['NFS_PROXY_TOKEN'];
    if (!addrText) usage('--console HOST:PORT is required (or NFS_PROXY_CONSOLE)');
    if (!token) usage('--token TOKEN is required (or NFS_PROXY_TOKEN)');
    const { address, tls: schemeTls } = parseConsoleAddress(addrText);
    const caPath = values.ca ?? process.env['NFS_PROXY_CA'];
    if (schemeTls === false && (caPath !== undefined || values.insecure || values.tls))
      usage(`--console ${addrText} is plain; --ca, --insecure and --tls need TLS`);
    const useTls =
      schemeTls === true || caPath !== undefined || values.insecure === true || values.tls === true;
    let ca: Buffer | undefined;
    if (caPath !== undefined) {
      try {
        ca = readFileSync(caPath);
      } catch (e) {
        usage(`--ca ${caPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    }
    target = {
      address,
      token,
      tls: useTls
        ? { ...(ca ? { ca } : {}), ...(values.insecure ? { insecure: true } : {}) }
        : undefined,
    };
  } catch (e) {
    if (e instanceof CtlUsageError) {
      console.error(`nfs-proxy ctl: ${e.message}\n\n${CTL_USAGE}`);
      return CTL_EXIT.usage;
    }
    throw e;
  }
  try {
    return await run(p, target, values.json === true);
  } catch (e) {
    if (e instanceof CtlError) {
      console.error(`nfs-proxy ctl: ${e.message}`);
      return e.exitCode;
    }
    throw e;
  }
}

async function run(p: Plan, target: ConsoleTarget, asJson: boolean): Promise<number> {
  const ws = await open(target);
  try {
    if (p.watch) return await watch(ws, p, asJson);
    const bar = !asJson && p.progress ? new Progress(p.progress) : undefined;
    let result: unknown;
    try {
      result = await request(ws, 1, p.method, p.params, (ev) => {
        if (ev.event === 'progress' && ev.id === 1) bar?.update(ev.data);
      });
    } finally {
      bar?.end();
    }
    if (p.waitTask) result = await waitTask(ws, result as Obj, asJson);
    console.log(asJson ? json(result) : p.format(result));
    if (p.waitTask) {
      const state = (result as Obj)['state'];
      return state === 'done' ? CTL_EXIT.ok : CTL_EXIT.failed;
    }
    return p.exit ? p.exit(result) : CTL_EXIT.ok;
  } finally {
    ws.close();
  }
}

/** Follows a created task (its `task` events) until it reaches a final state. */
async function waitTask(ws: WebSocket, created: Obj, asJson: boolean): Promise<Obj> {
  const id = created['id'];
  const bar = asJson ? undefined : new Progress(`task ${s(id)} ${s(created['kind'])}`);
  try {
    // Subscribe first, then read the task: a change between the two is seen either way.
    const finished = new Promise<Obj>((resolve, reject) => {
      const onMessage = (data: Buffer): void => {
        let r: Reply;
        try {
          r = JSON.parse(data.toString('utf8')) as Reply;
        } catch {
          return;
        }
        if (r.event !== 'task') return;
        const t = r.data as Obj;
        if (t['id'] !== id) return;
        if (t['progress'] !== null && t['progress'] !== undefined) bar?.update(t['progress']);
        if (FINAL_TASK_STATES.has(String(t['state']))) {
          ws.off('message', onMessage);
          resolve(t);
        }
      };
      ws.on('message', onMessage);
      ws.once('close', () =>
        reject(new CtlError('console closed the connection', CTL_EXIT.failed)),
      );
    });
    // Nobody awaits it when the task had finished already.
    finished.catch(() => {});
    await request(ws, 2, 'subscribe', { topics: ['tasks'] });
    const now = (await request(ws, 3, 'tasks.get', { id })) as Obj;
    if (FINAL_TASK_STATES.has(String(now['state']))) return now;
    return await finished;
  } finally {
    bar?.end();
  }
}

/** `watch`: subscribes and prints events, one per line (JSON lines with --json). */
async function watch(ws: WebSocket, p: Plan, asJson: boolean): Promise<number> {
  const limit = p.watch?.count;
  let seen = 0;
  return await new Promise<number>((resolve, reject) => {
    const onMessage = (data: Buffer): void => {
      let r: Reply;
      try {
        r = JSON.parse(data.toString('utf8')) as Reply;
      } catch {
        return;
      }
      if (r.event === undefined) return;
      console.log(asJson ? JSON.stringify({ event: r.event, data: r.data }) : formatEvent(r));
      seen++;
      if (limit !== undefined && seen >= limit) {
        ws.off('message', onMessage);
        resolve(CTL_EXIT.ok);
      }
    };
    ws.on('message', onMessage);
    ws.once('close', () => resolve(CTL_EXIT.ok));
    const topics = (p.params['topics'] as string[] | undefined) ?? undefined;
    if (topics)
      request(ws, 1, 'subscribe', { topics }).catch((e: unknown) => {
        ws.off('message', onMessage);
        reject(e);
      });
  });
}

// ---- token -------------------------------------------------------------------------------------------

export const TOKEN_USAGE = `usage: nfs-proxy token create --role viewer|operator|admin --state DIR [--label TEXT]`;

export function tokenCommand(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        state: { type: 'string' },
        label: { type: 'string' },
      },
      allowPositionals: true,
    });
  } catch (e) {
    throw new ConfigError('token', `${(e as Error).message}\n\n${TOKEN_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals[0] !== 'create' || positionals.length !== 1)
    throw new ConfigError('token', TOKEN_USAGE);
  const role = values.role;
  if (!role || !(ROLES as readonly string[]).includes(role))
    throw new ConfigError(
      'token.role',
      `--role must be viewer, operator or admin\n\n${TOKEN_USAGE}`,
    );
  if (!values.state)
    throw new ConfigError('token.state', `--state DIR is required\n\n${TOKEN_USAGE}`);
  if (values.label !== undefined && values.label.length > 200)
    throw new ConfigError('token.label', 'must be at most 200 characters');
  const db = openCatalogDb({
    stateDir: path.resolve(values.state),
    log: createLogger({ level: 'silent' }),
  });
  try {
    const t = new TokenStore(db).create(role as Role, values.label);
    console.log(`created ${role} token ${t.id} (shown once; store it safely):`);
    console.log(t.token);
  } finally {
    db.close();
  }
  return 0;
}
