/**
 * Shared benchmark helpers: a bounded-time micro-benchmark loop (`measure`), plain-text tables,
 * number formatting and the contract between `run.ts` and the `*.bench.ts` modules.
 *
 * Measurement method: one warm-up phase (also used to calibrate a batch size so that clock reads
 * cost < ~0.1% of a batch), then `rounds` timed rounds of equal length. Each round yields one
 * ops/s figure; the result is their median, with min/max and the relative spread
 * ((max - min) / median) so a noisy machine is visible rather than averaged away. A full GC runs
 * before each round (when it can be obtained) so garbage left by one implementation is not
 * collected on another's time. Implementations that are compared with each other should be
 * measured with `measureInterleaved`, which alternates their rounds so that load from other
 * processes hits all of them alike.
 */
import { performance } from 'node:perf_hooks';

/**
 * The automatic assessment in benchmark proxies: it counts every mutation as in production (its
 * cost is measured) but never fires. A benchmark's own cleanup (thousands of REMOVEs) would
 * otherwise raise the disaster level mid-run, take versions and switch async sites to sync,
 * changing the path being measured.
 */
export const BENCH_ASSESSMENT = {
  minDestructive: 10_000_000,
  minEntropyFiles: 10_000_000,
  minExtensionRenames: 10_000_000,
} as const;

export interface MeasureOptions {
  /** Minimum total timed duration, split evenly over the rounds (ms). Default 1000. */
  readonly minTimeMs?: number;
  /** Untimed warm-up before the rounds (ms): lets V8 optimise `fn` and calibrates the batch. Default 250. */
  readonly warmupMs?: number;
  /** Number of timed rounds; the reported figure is their median. Default 10. */
  readonly rounds?: number;
}

export interface Measurement {
  readonly name: string;
  /** Median over the rounds. */
  readonly opsPerSec: number;
  /** Mean time of one operation at the median rate (ns). */
  readonly nsPerOp: number;
  readonly minOpsPerSec: number;
  readonly maxOpsPerSec: number;
  /** (max - min) / median over the rounds, in percent. */
  readonly spreadPct: number;
  /** ops/s of each round, in order. */
  readonly roundsOpsPerSec: readonly number[];
  /** Operations executed per clock read. */
  readonly batch: number;
  /** Timed operations over all rounds. */
  readonly iterations: number;
}

/** Values returned by benchmarked functions end up here so V8 cannot drop the work as dead. */
let sink: unknown;

/** Returns the last value a benchmarked function produced (keeps `sink` observable). */
export function lastSink(): unknown {
  return sink;
}

/**
 * `gc` when node runs with --expose-gc (the `bench` script passes it). Enabling it at run time
 * with v8.setFlagsFromString was tried and rejected: it slowed every codec measured by 2-4x.
 */
const gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

/** Whether a full GC runs before each measurement. */
export const gcAvailable = gc !== undefined;

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One candidate of {@link measureInterleaved}. */
export interface Candidate {
  readonly name: string;
  readonly fn: () => unknown;
}

/**
 * Runs `fn` repeatedly for a bounded time and returns its throughput. Total wall time is about
 * `warmupMs + minTimeMs` plus one batch per round (a batch is sized to ~1 ms, or one call if a
 * call is slower).
 */
export function measure(
  name: string,
  fn: () => unknown,
  options: MeasureOptions = {},
): Measurement {
  return measureInterleaved([{ name, fn }], options)[0]!;
}

/**
 * Measures several candidates with their rounds interleaved (round 1 of each, then round 2 of
 * each, ...), so that a change in machine load affects all of them alike and ratios between them
 * stay meaningful on a shared machine. Each candidate is warmed up (and its batch calibrated)
 * first; a full GC runs before every round when available. Wall time is about
 * `candidates × (warmupMs + minTimeMs)`.
 */
export function measureInterleaved(
  candidates: readonly Candidate[],
  options: MeasureOptions = {},
): Measurement[] {
  const minTimeMs = options.minTimeMs ?? 1000;
  const warmupMs = options.warmupMs ?? 250;
  const rounds = Math.max(1, Math.floor(options.rounds ?? 10));
  const roundMs = minTimeMs / rounds;

  const batches = candidates.map(({ fn }) => {
    gc?.();
    // Warm-up and calibration: at least 10 calls, so short functions get optimised before the
    // per-call estimate is taken.
    let calls = 0;
    const w0 = performance.now();
    let elapsed = 0;
    do {
      sink = fn();
      calls++;
      elapsed = performance.now() - w0;
    } while (elapsed < warmupMs || calls < 10);
    return Math.max(1, Math.round(1 / (elapsed / calls)));
  });

  const perRound: number[][] = candidates.map(() => []);
  const iterations: number[] = candidates.map(() => 0);
  for (let r = 0; r < rounds; r++) {
    for (let c = 0; c < candidates.length; c++) {
      const fn = candidates[c]!.fn;
      const batch = batches[c]!;
      gc?.();
      let n = 0;
      const t0 = performance.now();
      let t = 0;
      do {
        for (let i = 0; i < batch; i++) sink = fn();
        n += batch;
        t = performance.now() - t0;
      } while (t < roundMs);
      iterations[c]! += n;
      perRound[c]!.push((n * 1000) / t);
    }
  }

  return candidates.map(({ name }, c) => {
    const rates = perRound[c]!;
    const sorted = [...rates].sort((a, b) => a - b);
    const med = median(sorted);
    const min = sorted[0]!;
    const max = sorted[sorted.length - 1]!;
    return {
      name,
      opsPerSec: med,
      nsPerOp: 1e9 / med,
      minOpsPerSec: min,
      maxOpsPerSec: max,
      spreadPct: ((max - min) / med) * 100,
      roundsOpsPerSec: rates,
      batch: batches[c]!,
      iterations: iterations[c]!,
    };
  });
}

/**
 * Throughput ratio a/b from rounds measured together by {@link measureInterleaved}: the median of
 * the per-round ratios, which cancels load that hits both candidates of a round alike. Falls back
 * to the ratio of medians when the round counts differ.
 */
export function pairedRatio(a: Measurement, b: Measurement): number {
  const n = a.roundsOpsPerSec.length;
  if (n === 0 || n !== b.roundsOpsPerSec.length) return a.opsPerSec / b.opsPerSec;
  const ratios = a.roundsOpsPerSec.map((x, i) => x / b.roundsOpsPerSec[i]!);
  return median(ratios.sort((x, y) => x - y));
}

// ---------------------------------------------------------------------------------------------
// Formatting

/** 1234567.8 -> "1,234,568"; small rates keep some decimals. */
export function fmtOps(ops: number): string {
  if (!Number.isFinite(ops)) return String(ops);
  const digits = ops >= 100 ? 0 : ops >= 10 ? 1 : 2;
  return ops.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** Duration in ns with a readable unit. */
export function fmtNs(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}

export function fmtRatio(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : String(r);
}

export function fmtBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n.toLocaleString('en-US')} B`;
}

/** Throughput in bytes per second, e.g. "1.23 GB/s". */
export function fmtRate(bytesPerSec: number): string {
  if (bytesPerSec >= 1e9) return `${(bytesPerSec / 1e9).toFixed(2)} GB/s`;
  if (bytesPerSec >= 1e6) return `${(bytesPerSec / 1e6).toFixed(1)} MB/s`;
  return `${(bytesPerSec / 1e3).toFixed(1)} kB/s`;
}

export type Align = 'left' | 'right';

export interface Column {
  readonly header: string;
  readonly align?: Align;
}

/** Renders rows as an aligned plain-text table (header, rule, rows). */
export function formatTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
): string {
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const cell = (text: string, i: number): string => {
    const width = widths[i]!;
    return columns[i]!.align === 'right' ? text.padStart(width) : text.padEnd(width);
  };
  const line = (cells: readonly string[]): string =>
    columns
      .map((_, i) => cell(cells[i] ?? '', i))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((c) => c.header)),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

/** The standard table of measurements: ops/s (median), time per op, spread, rounds. */
export function measurementTable(
  ms: readonly Measurement[],
  extra?: { header: string; value: (m: Measurement) => string },
): string {
  const columns: Column[] = [
    { header: 'benchmark' },
    { header: 'ops/s (median)', align: 'right' },
    { header: 'time/op', align: 'right' },
    { header: 'spread (±½ range)', align: 'right' },
    { header: 'min..max ops/s', align: 'right' },
  ];
  if (extra) columns.push({ header: extra.header, align: 'right' });
  const rows = ms.map((m) => {
    const row = [
      m.name,
      fmtOps(m.opsPerSec),
      fmtNs(m.nsPerOp),
      `±${(m.spreadPct / 2).toFixed(1)}%`,
      `${fmtOps(m.minOpsPerSec)}..${fmtOps(m.maxOpsPerSec)}`,
    ];
    if (extra) row.push(extra.value(m));
    return row;
  });
  return formatTable(columns, rows);
}

// ---------------------------------------------------------------------------------------------
// Contract between run.ts and the benchmark modules

/** A performance goal, evaluated by the benchmark and printed beside the figures. */
export interface Goal {
  readonly label: string;
  /** Human-readable target, e.g. ">= 5×". */
  readonly target: string;
  /** Human-readable measured value. */
  readonly actual: string;
  readonly met: boolean;
}

export interface BenchReport {
  readonly measurements: readonly Measurement[];
  readonly goals: readonly Goal[];
  /** Caveats and method notes, printed and included in JSON output. */
  readonly notes?: readonly string[];
  /** Benchmark-specific figures for the JSON output (ratios, sizes, ...). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface BenchContext {
  /** Options after the benchmark name (`--key=value`, `--key value`, `--flag`). */
  readonly args: ReadonlyMap<string, string | true>;
  /** `--quick`: shorter runs for smoke testing (figures are noisier). */
  readonly quick: boolean;
  /** Default measure options, from `--quick`, `--min-time-ms`, `--warmup-ms`, `--rounds`. */
  readonly measureDefaults: Required<MeasureOptions>;
  /** Human-readable output (stdout, or stderr when JSON goes to stdout). */
  log(text?: string): void;
  /** `measure` with this run's defaults; `options` override them. */
  measure(name: string, fn: () => unknown, options?: MeasureOptions): Measurement;
  /** `measureInterleaved` with this run's defaults; `options` override them. */
  measureInterleaved(candidates: readonly Candidate[], options?: MeasureOptions): Measurement[];
}

export interface BenchModule {
  /** One line shown by `npm run bench` without a name. */
  readonly description: string;
  run(ctx: BenchContext): BenchReport | Promise<BenchReport>;
}

/** Prints goals as a table: goal, target, measured, verdict. */
export function goalTable(goals: readonly Goal[]): string {
  return formatTable(
    [{ header: 'goal' }, { header: 'target' }, { header: 'measured' }, { header: 'verdict' }],
    goals.map((g) => [g.label, g.target, g.actual, g.met ? 'MET' : 'MISSED']),
  );
}
