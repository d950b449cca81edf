/**
 * CPU profiles of a child process for benchmarks: `ProfileControl` starts and stops V8's
 * sampling profiler inside a process that loaded `cpu-profile-preload.mjs` (one profile per
 * start/stop), and `summarizeProfile` turns a `.cpuprofile` into the top costs: self time per
 * function, inclusive time per function of the project's own code, and self time per source
 * file or package.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatTable } from './harness.js';

/** The preload module, to pass as NODE_OPTIONS=--import=<url>. */
export const PROFILE_PRELOAD_URL = new URL('./cpu-profile-preload.mjs', import.meta.url).href;

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TOGGLE_TIMEOUT_MS = 30_000;
const POLL_MS = 20;

/** Environment for a child process that should be profiled into `dir`. */
export function profileEnv(dir: string, intervalUs: number): Record<string, string> {
  const prev = process.env['NODE_OPTIONS'];
  return {
    NODE_OPTIONS: `${prev ? `${prev} ` : ''}--import=${PROFILE_PRELOAD_URL}`,
    NFS_PROXY_BENCH_PROFILE_DIR: dir,
    NFS_PROXY_BENCH_PROFILE_US: String(intervalUs),
  };
}

async function waitForFile(file: string, what: string): Promise<void> {
  for (let i = 0; i < TOGGLE_TIMEOUT_MS / POLL_MS; i++) {
    if (existsSync(file)) return;
    await sleep(POLL_MS);
  }
  throw new Error(`profiler: ${what} did not happen within ${TOGGLE_TIMEOUT_MS} ms (${file})`);
}

/** Starts and stops profiles in process `pid` (which loaded the preload with `dir`). */
export class ProfileControl {
  private n = 0;
  private running = false;

  constructor(
    private readonly pid: number,
    readonly dir: string,
  ) {}

  async start(): Promise<void> {
    if (this.running) throw new Error('profiler: already running');
    this.n++;
    process.kill(this.pid, 'SIGUSR2');
    await waitForFile(path.join(this.dir, `started-${this.n}`), 'profile start');
    this.running = true;
  }

  /** Stops the running profile and returns the path of its .cpuprofile file. */
  async stop(): Promise<string> {
    if (!this.running) throw new Error('profiler: not running');
    process.kill(this.pid, 'SIGUSR2');
    const file = path.join(this.dir, `profile-${this.n}.cpuprofile`);
    await waitForFile(file, 'profile stop');
    this.running = false;
    return file;
  }
}

// ---------------------------------------------------------------------------------------------
// Summaries

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface CostRow {
  readonly name: string;
  readonly where: string;
  readonly ms: number;
  /** Share of the profile's busy (non-idle) time, in percent. */
  readonly pct: number;
}

export interface ProfileSummary {
  readonly files: readonly string[];
  readonly wallMs: number;
  readonly busyMs: number;
  readonly idleMs: number;
  readonly gcMs: number;
  /** Functions by self time. */
  readonly topSelf: readonly CostRow[];
  /** Functions of src/ by inclusive time (callees included, recursion counted once). */
  readonly topInclusive: readonly CostRow[];
  /** Source files / packages by self time. */
  readonly byFile: readonly CostRow[];
}

/** Where a call frame comes from: a repo-relative path, `node:…`, a package name or `(native)`. */
function location(url: string): string {
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return url;
  let p = url;
  if (p.startsWith('file://')) {
    try {
      p = fileURLToPath(p);
    } catch {
      return url;
    }
  }
  const nm = p.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = p.slice(nm + '/node_modules/'.length).split('/');
    const pkg = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? p);
    return `pkg:${pkg}`;
  }
  return p.startsWith(`${REPO}/`) ? p.slice(REPO.length + 1) : p;
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/**
 * Reads one or more .cpuprofile files (e.g. the same phase profiled several times) and returns
 * their top costs together (`top` rows per table).
 */
export function summarizeProfile(files: string | readonly string[], top = 15): ProfileSummary {
  const list = typeof files === 'string' ? [files] : files;
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  const perFile = new Map<string, number>();
  let idle = 0;
  let gc = 0;
  let total = 0;
  let wall = 0;
  for (const file of list) {
    const prof = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    wall += prof.endTime - prof.startTime;
    const byId = new Map<number, ProfileNode>();
    const parent = new Map<number, number>();
    for (const n of prof.nodes) byId.set(n.id, n);
    for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const key = (n: ProfileNode): string => {
      const f = n.callFrame;
      return `${f.functionName || '(anonymous)'}\u0000${location(f.url)}\u0000${f.lineNumber}:${f.columnNumber}`;
    };
    // Each sample stands for the time until the next one (the last: until the profile's end).
    const lastSample = prof.startTime + sumDeltas(prof.timeDeltas);
    for (let i = 0; i < prof.samples.length; i++) {
      const us = Math.max(
        0,
        i + 1 < prof.timeDeltas.length ? (prof.timeDeltas[i + 1] ?? 0) : prof.endTime - lastSample,
      );
      const node = byId.get(prof.samples[i]!);
      if (!node) continue;
      total += us;
      const fname = node.callFrame.functionName;
      if (fname === '(idle)') {
        idle += us;
        continue;
      }
      if (fname === '(garbage collector)') gc += us;
      const k = key(node);
      self.set(k, (self.get(k) ?? 0) + us);
      const fileKey = SPECIAL.has(fname) ? fname : location(node.callFrame.url);
      perFile.set(fileKey, (perFile.get(fileKey) ?? 0) + us);
      const seen = new Set<string>();
      let id: number | undefined = node.id;
      for (let depth = 0; id !== undefined && depth < 10_000; depth++) {
        const n = byId.get(id);
        if (!n) break;
        const nk = key(n);
        if (!seen.has(nk) && location(n.callFrame.url).startsWith('src/')) {
          seen.add(nk);
          incl.set(nk, (incl.get(nk) ?? 0) + us);
        }
        id = parent.get(id);
      }
    }
  }
  const busy = total - idle;
  const rows = (m: Map<string, number>): CostRow[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => {
        const [name = '', where = ''] = k.split('\u0000');
        return { name, where, ms: us / 1000, pct: busy > 0 ? (us / busy) * 100 : 0 };
      });
  return {
    files: list,
    wallMs: wall / 1000,
    busyMs: busy / 1000,
    idleMs: idle / 1000,
    gcMs: gc / 1000,
    topSelf: rows(self),
    topInclusive: rows(incl),
    byFile: [...perFile]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, us]) => ({
        name: '',
        where,
        ms: us / 1000,
        pct: busy > 0 ? (us / busy) * 100 : 0,
      })),
  };
}

function sumDeltas(d: readonly number[]): number {
  let s = 0;
  for (const x of d) s += x;
  return s;
}

/** The summary as plain-text tables. */
export function formatProfileSummary(s: ProfileSummary): string {
  const cost = (r: CostRow): string[] => [r.ms.toFixed(1), `${r.pct.toFixed(1)}%`];
  return [
    `${s.files.length} profile(s) (${s.files.map((f) => path.basename(f)).join(', ')}): ` +
      `${s.wallMs.toFixed(0)} ms wall, ` +
      `${s.busyMs.toFixed(0)} ms busy (${s.gcMs.toFixed(0)} ms GC), ${s.idleMs.toFixed(0)} ms idle; ` +
      '% of busy time',
    '',
    'self time by function:',
    formatTable(
      [
        { header: 'function' },
        { header: 'where' },
        { header: 'self ms', align: 'right' },
        { header: '%', align: 'right' },
      ],
      s.topSelf.map((r) => [r.name, r.where, ...cost(r)]),
    ),
    '',
    'inclusive time, src/ functions:',
    formatTable(
      [
        { header: 'function' },
        { header: 'where' },
        { header: 'total ms', align: 'right' },
        { header: '%', align: 'right' },
      ],
      s.topInclusive.map((r) => [r.name, r.where, ...cost(r)]),
    ),
    '',
    'self time by file / package:',
    formatTable(
      [{ header: 'file' }, { header: 'self ms', align: 'right' }, { header: '%', align: 'right' }],
      s.byFile.map((r) => [r.where, ...cost(r)]),
    ),
  ].join('\n');
}
