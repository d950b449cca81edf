/**
 * The benchmark runner: `npm run bench -- <name> [options]` runs `test/bench/<name>.bench.ts`;
 * without a name it lists the benchmarks found (every `*.bench.ts` file in this directory).
 *
 * Options (all benchmarks):
 *   --quick            about 4× shorter runs (smoke test; figures are noisier)
 *   --min-time-ms=N    timed duration per measurement, split over the rounds (default 1000)
 *   --warmup-ms=N      untimed warm-up per measurement (default 250)
 *   --rounds=N         timed rounds per measurement; the median is reported (default 10)
 *   --json             print the report as JSON on stdout (human-readable output goes to stderr)
 *   --json=FILE        also write the JSON report to FILE
 *   --strict           exit with status 2 if a performance goal is missed
 * Benchmark-specific options are passed through (see each module's header).
 *
 * Exit status: 0 done, 1 error (including a failed fixture check), 2 a goal missed with --strict.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  gcAvailable,
  goalTable,
  measure,
  measureInterleaved,
  measurementTable,
  type BenchContext,
  type BenchModule,
  type BenchReport,
  type MeasureOptions,
} from './harness.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const SUFFIX = '.bench.ts';

function availableBenches(): string[] {
  return readdirSync(benchDir)
    .filter((f) => f.endsWith(SUFFIX))
    .map((f) => f.slice(0, -SUFFIX.length))
    .sort();
}

interface ParsedArgs {
  name: string | undefined;
  options: Map<string, string | true>;
}

function parseArgs(argv: readonly string[]): ParsedArgs {
  let name: string | undefined;
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq >= 0) {
        options.set(a.slice(2, eq), a.slice(eq + 1));
      } else {
        const next = argv[i + 1];
        // `--key value` only for options that take a value; flags stay flags.
        if (next !== undefined && !next.startsWith('--') && VALUE_OPTIONS.has(a.slice(2))) {
          options.set(a.slice(2), next);
          i++;
        } else {
          options.set(a.slice(2), true);
        }
      }
    } else if (name === undefined) {
      name = a;
    } else {
      throw new Error(`unexpected argument '${a}' (one benchmark name per run)`);
    }
  }
  return { name, options };
}

const VALUE_OPTIONS = new Set(['min-time-ms', 'warmup-ms', 'rounds']);

function numberOption(options: Map<string, string | true>, key: string): number | undefined {
  const v = options.get(key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === true || !Number.isFinite(n) || n <= 0) {
    throw new Error(`--${key} needs a positive number, got ${String(v)}`);
  }
  return n;
}

function isBenchModule(m: unknown): m is BenchModule {
  const o = m as Partial<BenchModule> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.description === 'string' &&
    typeof o.run === 'function'
  );
}

async function loadBench(name: string): Promise<BenchModule> {
  const url = pathToFileURL(path.join(benchDir, `${name}${SUFFIX}`)).href;
  const mod: unknown = await import(url);
  if (!isBenchModule(mod)) {
    throw new Error(`${name}${SUFFIX} must export 'description' (string) and 'run' (function)`);
  }
  return mod;
}

async function list(): Promise<void> {
  const names = availableBenches();
  console.log('usage: npm run bench -- <name> [--quick] [--json[=FILE]] [--strict] [--rounds=N]');
  console.log('                                [--min-time-ms=N] [--warmup-ms=N]\n');
  console.log('available benchmarks:');
  for (const name of names) {
    let description = '';
    try {
      description = (await loadBench(name)).description;
    } catch (e) {
      description = `(cannot load: ${e instanceof Error ? e.message : String(e)})`;
    }
    console.log(`  ${name.padEnd(12)} ${description}`);
  }
}

function environment(): Record<string, string | number | boolean> {
  const cpus = os.cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform} ${os.release()} ${process.arch}`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    gcBeforeEachRound: gcAvailable,
  };
}

async function main(): Promise<number> {
  const { name, options } = parseArgs(process.argv.slice(2));
  if (name === undefined || options.has('help')) {
    await list();
    return 0;
  }
  const names = availableBenches();
  if (!names.includes(name)) {
    console.error(`unknown benchmark '${name}'; available: ${names.join(', ') || '(none)'}`);
    return 1;
  }

  const quick = options.get('quick') === true;
  const jsonOpt = options.get('json');
  const jsonToStdout = jsonOpt === true;
  const log = (text = ''): void => {
    (jsonToStdout ? process.stderr : process.stdout).write(`${text}\n`);
  };
  const scale = quick ? 0.25 : 1;
  const measureDefaults: Required<MeasureOptions> = {
    minTimeMs: numberOption(options, 'min-time-ms') ?? 1000 * scale,
    warmupMs: numberOption(options, 'warmup-ms') ?? 250 * scale,
    rounds: numberOption(options, 'rounds') ?? 10,
  };
  const ctx: BenchContext = {
    args: options,
    quick,
    measureDefaults,
    log,
    measure: (n, fn, o) => measure(n, fn, { ...measureDefaults, ...o }),
    measureInterleaved: (cs, o) => measureInterleaved(cs, { ...measureDefaults, ...o }),
  };

  const env = environment();
  log(`benchmark: ${name}`);
  log(
    `node ${env.node} (V8 ${env.v8}), ${env.platform}, ${env.cpus}× ${env.cpu}; ` +
      `${measureDefaults.rounds} rounds, ${measureDefaults.warmupMs} ms warm-up + ` +
      `${measureDefaults.minTimeMs} ms timed per measurement; GC before each round: ` +
      `${gcAvailable ? 'yes' : 'no'}`,
  );
  log();

  const bench = await loadBench(name);
  const t0 = performance.now();
  const report: BenchReport = await bench.run(ctx);
  const seconds = (performance.now() - t0) / 1000;

  log('== all measurements ==');
  log(measurementTable(report.measurements));
  log();
  if (report.goals.length > 0) {
    log('== goals ==');
    log(goalTable(report.goals));
    log();
  }
  if (report.notes && report.notes.length > 0) {
    log('== notes ==');
    for (const n of report.notes) log(`- ${n}`);
    log();
  }
  log(`finished in ${seconds.toFixed(1)} s`);

  if (jsonOpt !== undefined) {
    const json = JSON.stringify(
      {
        bench: name,
        date: new Date().toISOString(),
        environment: env,
        measureDefaults,
        seconds,
        ...report,
      },
      null,
      2,
    );
    if (jsonToStdout) process.stdout.write(`${json}\n`);
    else writeFileSync(jsonOpt, `${json}\n`);
  }

  const missed = report.goals.filter((g) => !g.met);
  if (missed.length > 0 && options.get('strict') === true) {
    console.error(`${missed.length} goal(s) missed: ${missed.map((g) => g.label).join('; ')}`);
    return 2;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  },
);
