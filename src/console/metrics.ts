/**
 * `/metrics` (issue 7 item 1): a small registry that renders the Prometheus text exposition
 * format 0.0.4, the proxy's own families, and the per-request counters fed by the metrics
 * interceptor (src/frontend/interceptors/metrics.ts).
 *
 * Other parts add families without editing this file:
 *
 *   proxy.metrics.gauge('nfsproxy_disaster_level', 'Current disaster level (1 for the current).',
 *     () => LEVELS.map((l) => ({ labels: { level: l }, value: l === current ? 1 : 0 })));
 *
 * A collector runs at each scrape; it must be cheap and must not throw (a throwing collector's
 * family is left out of that scrape and logged, the rest is served).
 *
 * Format rules kept here once (https://prometheus.io/docs/instrumenting/exposition_formats/):
 * metric names match [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]* and never
 * start with `__`; label values escape `\`, `"` and newline; HELP text escapes `\` and newline;
 * each family's HELP and TYPE come once, before its samples; values are Go floats (`NaN`,
 * `+Inf`, `-Inf`).
 */
import type Database from 'better-sqlite3';
import * as nfs3 from '../protocol/generated/nfs3.js';
import type { ReplicationLog } from '../replication/replication-log.js';
import type { SiteState } from '../replication/site-replicator.js';
import type { SiteHealth } from '../sites/health.js';
import type { Versions } from '../versions/versions.js';

export type MetricType = 'gauge' | 'counter' | 'histogram' | 'untyped';

export interface Sample {
  /** Label name → value. Names are checked; values are escaped. */
  readonly labels?: Readonly<Record<string, string | number>>;
  readonly value: number | bigint;
  /** Appended to the family name (`_bucket`, `_sum`, `_count` of a histogram). */
  readonly suffix?: '_bucket' | '_sum' | '_count' | '_total' | '';
}

/** A collector returns a single value (a family without labels) or samples. */
export type Collector = () => number | bigint | Iterable<Sample>;

interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly collect: Collector;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export class MetricsError extends Error {
  readonly code = 'NFSP_ERR_METRICS';
  constructor(message: string) {
    super(message);
    this.name = 'MetricsError';
  }
}

/** Escapes a label value (exposition format: `\\`, `\"`, `\n`). */
export function escapeLabelValue(v: string): string {
  return v.replace(/[\\"\n]/g, (c) => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : '\\n'));
}

/** Escapes HELP text (exposition format: `\\`, `\n`). */
export function escapeHelp(v: string): string {
  return v.replace(/[\\\n]/g, (c) => (c === '\\' ? '\\\\' : '\\n'));
}

/** A sample value as the format writes it (Go's float syntax for the special values). */
export function formatValue(v: number | bigint): string {
  if (typeof v === 'bigint') return v.toString();
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function formatLabels(family: string, labels: Readonly<Record<string, string | number>>): string {
  let out = '';
  for (const [k, v] of Object.entries(labels)) {
    if (!LABEL_NAME.test(k) || k.startsWith('__'))
      throw new MetricsError(`${family}: bad label name '${k}'`);
    out += `${out === '' ? '' : ','}${k}="${escapeLabelValue(String(v))}"`;
  }
  return out === '' ? '' : `{${out}}`;
}

/** The registry behind `/metrics`. */
export class MetricsRegistry {
  private readonly families = new Map<string, Family>();
  /** Called when a collector throws (its family is left out of that scrape). */
  onError: (family: string, e: unknown) => void = () => {};

  /** Adds a family; a name already registered, or not a metric name, throws MetricsError. */
  register(name: string, help: string, type: MetricType, collect: Collector): this {
    if (!METRIC_NAME.test(name)) throw new MetricsError(`bad metric name '${name}'`);
    if (this.families.has(name)) throw new MetricsError(`metric '${name}' is already registered`);
    this.families.set(name, { name, help, type, collect });
    return this;
  }

  gauge(name: string, help: string, collect: Collector): this {
    return this.register(name, help, 'gauge', collect);
  }

  /** A counter; by convention its name ends in `_total`. */
  counter(name: string, help: string, collect: Collector): this {
    return this.register(name, help, 'counter', collect);
  }

  /** Removes a family (a part that stops). */
  unregister(name: string): boolean {
    return this.families.delete(name);
  }

  has(name: string): boolean {
    return this.families.has(name);
  }

  /** The text exposition of every family, in registration order. */
  render(): string {
    const parts: string[] = [];
    for (const f of this.families.values()) {
      let lines: string;
      try {
        lines = renderFamily(f);
      } catch (e) {
        this.onError(f.name, e);
        continue;
      }
      parts.push(lines);
    }
    return parts.join('');
  }
}

function renderFamily(f: Family): string {
  let out = `# HELP ${f.name} ${escapeHelp(f.help)}\n# TYPE ${f.name} ${f.type}\n`;
  const v = f.collect();
  if (typeof v === 'number' || typeof v === 'bigint') return `${out}${f.name} ${formatValue(v)}\n`;
  for (const s of v) {
    out += `${f.name}${s.suffix ?? ''}${s.labels ? formatLabels(f.name, s.labels) : ''} ${formatValue(s.value)}\n`;
  }
  return out;
}

// ---- request metrics (fed by the metrics interceptor) ----------------------------------------------

/**
 * Upper bounds of the request latency histogram buckets. Unit: seconds. From 100 µs (a cached
 * GETATTR on loopback) to 10 s (a call held by a promotion or a slow primary); `+Inf` is implied.
 */
export const REQUEST_DURATION_BUCKETS: readonly number[] = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** The `status` label of a request that got no reply (the client retransmits). */
export const STATUS_DROPPED = 'dropped';
/** The `status` label of a request whose handler threw (answered SYSTEM_ERR). */
export const STATUS_ERROR = 'error';

/** `NFS3ERR_NOENT` → `noent`, `NFS3_OK` → `ok`: short label values, computed once. */
const STATUS_LABELS = new Map<number, string>(
  Object.entries(nfs3.names_nfsstat3).map(([n, name]) => [
    Number(n),
    name.replace(/^NFS3(ERR)?_/, '').toLowerCase(),
  ]),
);

/** One procedure's counters; allocated once, when the interceptor chain is built. */
export class ProcedureMetrics {
  readonly proc: string;
  /** nfsstat3 (or -1 dropped, -2 error) → requests. */
  readonly byStatus = new Map<number, number>();
  /** Non-cumulative counts per bucket; the last slot is +Inf. */
  readonly buckets = new Float64Array(REQUEST_DURATION_BUCKETS.length + 1);
  /** Seconds, summed. */
  sum = 0;
  count = 0;

  constructor(proc: string) {
    this.proc = proc;
  }

  /** Records one request: its status (nfsstat3, -1 dropped, -2 error) and duration (seconds). */
  observe(status: number, seconds: number): void {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    let i = 0;
    const b = REQUEST_DURATION_BUCKETS;
    while (i < b.length && seconds > b[i]!) i++;
    this.buckets[i]!++;
    this.sum += seconds;
    this.count++;
  }
}

/** Requests by procedure and status, latency, bytes read and written. */
export class RequestMetrics {
  private readonly procs = new Map<string, ProcedureMetrics>();
  /** Bytes returned by READ. */
  readBytes = 0;
  /** Bytes accepted by WRITE. */
  writeBytes = 0;

  /** The counters of a procedure (`read`, `getattr`, ...), created on first use. */
  procedure(name: string): ProcedureMetrics {
    let p = this.procs.get(name);
    if (!p) {
      p = new ProcedureMetrics(name);
      this.procs.set(name, p);
    }
    return p;
  }

  *requests(): Iterable<Sample> {
    for (const p of this.procs.values())
      for (const [status, n] of p.byStatus)
        yield { labels: { proc: p.proc, status: statusLabel(status) }, value: n };
  }

  *durations(): Iterable<Sample> {
    for (const p of this.procs.values()) {
      if (p.count === 0) continue;
      let cum = 0;
      for (let i = 0; i < REQUEST_DURATION_BUCKETS.length; i++) {
        cum += p.buckets[i]!;
        yield {
          suffix: '_bucket',
          labels: { proc: p.proc, le: formatValue(REQUEST_DURATION_BUCKETS[i]!) },
          value: cum,
        };
      }
      yield { suffix: '_bucket', labels: { proc: p.proc, le: '+Inf' }, value: p.count };
      yield { suffix: '_sum', labels: { proc: p.proc }, value: p.sum };
      yield { suffix: '_count', labels: { proc: p.proc }, value: p.count };
    }
  }
}

function statusLabel(status: number): string {
  if (status === -1) return STATUS_DROPPED;
  if (status === -2) return STATUS_ERROR;
  return STATUS_LABELS.get(status) ?? String(status);
}

// ---- the proxy's families ------------------------------------------------------------------------

/** Every state a backup site can be in (one sample each, 1 for the current). */
const SITE_STATES: readonly SiteState[] = [
  'in-sync',
  'lagging',
  'out',
  'catching-up',
  'needs-resync',
  'resyncing',
];

/** What the proxy's families read at each scrape. */
export interface ProxyMetricsSources {
  readonly requests: RequestMetrics;
  readonly replication: () => ReplicationLog | undefined;
  readonly versions: () => Versions | undefined;
  /** Preserved copies and their bytes (see preservedSpaceQuery). */
  readonly preservedSpace: () => { copies: number; bytes: number };
  /** The current primary's name. */
  readonly primary: () => string;
  /** NFS calls the proxy made to the primary, by procedure (`NFSPROC3_READ` → n). */
  readonly primaryCalls: () => ReadonlyMap<string, number>;
  readonly health: () => readonly SiteHealth[];
  /** A promotion (manual or automatic) is running. */
  readonly promoting: () => boolean;
}

/** Registers the proxy's own families on `r`. */
export function registerProxyMetrics(r: MetricsRegistry, s: ProxyMetricsSources): void {
  r.counter('nfsproxy_requests_total', 'NFS requests answered, by procedure and status.', () =>
    s.requests.requests(),
  );
  r.register(
    'nfsproxy_request_duration_seconds',
    'Time from a request reaching the proxy to its reply, by procedure.',
    'histogram',
    () => s.requests.durations(),
  );
  r.counter(
    'nfsproxy_read_bytes_total',
    'Bytes returned to clients by READ.',
    () => s.requests.readBytes,
  );
  r.counter(
    'nfsproxy_write_bytes_total',
    'Bytes written by clients (WRITE).',
    () => s.requests.writeBytes,
  );
  r.counter('nfsproxy_primary_calls_total', 'NFS calls the proxy made to the primary.', () =>
    [...s.primaryCalls()].map(([proc, n]) => ({
      labels: { proc: proc.replace(/^NFSPROC3_/, '').toLowerCase() },
      value: n,
    })),
  );
  registerReplicationMetrics(r, s.replication);
  r.gauge('nfsproxy_primary', 'The site that is primary (1).', () => [
    { labels: { site: s.primary() }, value: 1 },
  ]);
  r.gauge('nfsproxy_promotion_in_progress', 'A promotion is running (1) or not (0).', () =>
    s.promoting() ? 1 : 0,
  );
  r.gauge('nfsproxy_site_up', 'The last probe of the site (NULL + GETATTR) got answers.', () =>
    s.health().map((h) => ({ labels: { site: h.name, role: h.role }, value: h.reachable ? 1 : 0 })),
  );
  r.gauge('nfsproxy_site_probe_latency_seconds', 'Round trip of the last successful probe.', () =>
    s
      .health()
      .filter((h) => h.latencyMs !== undefined)
      .map((h) => ({ labels: { site: h.name }, value: h.latencyMs! / 1000 })),
  );
  r.gauge('nfsproxy_site_probe_failures', 'Consecutive failed probes of a site.', () =>
    s.health().map((h) => ({ labels: { site: h.name }, value: h.consecutiveFailures })),
  );
  r.gauge('nfsproxy_versions', 'Versions in the catalog.', () => s.versions()?.list().length ?? 0);
  r.gauge(
    'nfsproxy_versions_preserved_bytes',
    'Space used by preserved copies (the hidden area) serving versions.',
    () => s.preservedSpace().bytes,
  );
  r.gauge(
    'nfsproxy_versions_preserved_copies',
    'Preserved copies serving versions.',
    () => s.preservedSpace().copies,
  );
  r.gauge(
    'nfsproxy_versions_latest_timestamp_seconds',
    'Creation time of the newest version (Unix seconds; absent without versions).',
    () => {
      const list = s.versions()?.list() ?? [];
      const last = list[list.length - 1];
      return last ? [{ value: last.createdMs / 1000 }] : [];
    },
  );
  r.counter(
    'nfsproxy_versions_copies_total',
    'Files preserved on their first change after a version (since start).',
    () => s.versions()?.stats.preserved ?? 0,
  );
  registerProcessMetrics(r);
}

/**
 * The space of preserved copies, from the catalog's `preserved` table (one row per copy in the
 * hidden area). The statement is prepared once; one aggregate per scrape.
 */
export function preservedSpaceQuery(
  db: Database.Database,
): () => { copies: number; bytes: number } {
  const q = db.prepare(
    'SELECT count(*) AS copies, coalesce(sum(bytes), 0) AS bytes FROM preserved',
  );
  return () => q.get() as { copies: number; bytes: number };
}

/** Per backup site state, lag and spool (the replication log). */
export function registerReplicationMetrics(
  r: MetricsRegistry,
  repl: () => ReplicationLog | undefined,
): void {
  const sites = (): ReturnType<ReplicationLog['status']> => repl()?.status() ?? [];
  r.gauge('nfsproxy_site_state', 'Backup site state (1 for the current state).', () =>
    sites().flatMap((x) =>
      SITE_STATES.map((st) => ({
        labels: { site: x.name, state: st },
        value: x.state === st ? 1 : 0,
      })),
    ),
  );
  r.gauge('nfsproxy_site_lag_mutations', 'Mutations a backup site has not applied yet.', () =>
    sites().map((x) => ({ labels: { site: x.name }, value: x.lagMutations })),
  );
  r.gauge('nfsproxy_site_lag_seconds', 'Age of the oldest mutation a site lacks.', () =>
    sites().map((x) => ({ labels: { site: x.name }, value: x.lagSeconds })),
  );
  r.gauge('nfsproxy_site_lag_bytes', 'Bytes of mutations in flight to a site.', () =>
    sites().map((x) => ({ labels: { site: x.name }, value: x.lagBytes })),
  );
  r.gauge(
    'nfsproxy_journal_bytes',
    'Bytes of the replication journal (spool) on disk.',
    () => repl()?.journal.bytes ?? 0,
  );
  r.counter(
    'nfsproxy_replicated_mutations_total',
    'Mutations recorded by the replication log.',
    () => repl()?.stats.records ?? 0,
  );
  r.counter(
    'nfsproxy_journaled_mutations_total',
    'Mutations written to the journal.',
    () => repl()?.stats.journaled ?? 0,
  );
}

/** Memory of the proxy process. */
export function registerProcessMetrics(r: MetricsRegistry): void {
  const started = Date.now() / 1000 - process.uptime();
  r.gauge('nfsproxy_process_resident_memory_bytes', 'Resident set size.', () =>
    process.memoryUsage.rss(),
  );
  r.gauge(
    'nfsproxy_process_heap_used_bytes',
    'V8 heap in use.',
    () => process.memoryUsage().heapUsed,
  );
  r.gauge(
    'nfsproxy_process_heap_total_bytes',
    'V8 heap reserved.',
    () => process.memoryUsage().heapTotal,
  );
  r.gauge('nfsproxy_process_start_time_seconds', 'Start time of the process (Unix seconds).', () =>
    Math.round(started),
  );
}
