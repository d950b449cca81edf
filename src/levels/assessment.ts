/**
 * The automatic assessment (issue 7 item 3): raises the disaster level from what the proxy sees
 * clients do, before an operator notices. Signals, counted per window (`windowSeconds`):
 *
 * - destructive: REMOVE, RMDIR and RENAME the primary accepted (mass deletion, or files moved
 *   away to be replaced);
 * - entropy: distinct files whose existing bytes were rewritten (a WRITE below the file's size
 *   before it, or after a truncation to 0 in the same window) with high-entropy data (sampled
 *   Shannon entropy >= ENTROPY_BITS_PER_BYTE): files being encrypted in place. New files are not
 *   counted: copying in compressed archives is normal work;
 * - extension: renames to one new file extension (`a.docx` -> `a.docx.locked`): the signature of
 *   ransomware marking what it encrypted;
 * - a backup site going out (the data has one copy fewer).
 *
 * A signal fires when its count in the window is at least `min` and `factor` times its baseline
 * (an exponentially weighted mean per window, learned only from windows with no signal, so an
 * attack does not teach the baseline). One firing signal raises the level to `elevated`, two to
 * `severe`, all three (or one at 5x its threshold together with another) to `emergency`; a site
 * going out raises it to `guarded`. A raise takes a version at once (see levels.ts) and says why.
 * Counting is O(1) per mutation; the entropy sample is at most ENTROPY_SAMPLE_BYTES of a WRITE.
 */
import type { Logger } from '../log/logger.js';
import type { Clock } from '../tasks/scheduler.js';
import { systemClock } from '../tasks/scheduler.js';
import type { Level } from './policy.js';

/** Bytes of a WRITE sampled for its entropy. */
export const ENTROPY_SAMPLE_BYTES = 4096;
/** Smallest WRITE whose entropy is judged (shorter samples read low). Unit: bytes. */
export const ENTROPY_MIN_BYTES = 512;
/** Sampled entropy at or above which data counts as encrypted/compressed. Unit: bits per byte. */
export const ENTROPY_BITS_PER_BYTE = 7.2;
/** Files remembered per window for the entropy signal (bounded memory). */
const MAX_TRACKED_FILES = 100_000;
/** Extensions counted per window (bounded memory). */
const MAX_TRACKED_EXTENSIONS = 10_000;
/** Longest extension counted. Unit: characters. */
const MAX_EXTENSION_CHARS = 16;

export interface AssessmentConfig {
  readonly enabled: boolean;
  /** Length of a counting window. Unit: seconds. Default 10. */
  readonly windowSeconds: number;
  /** A signal fires at this many times its baseline (and at least its minimum). Default 10. */
  readonly factor: number;
  /** Removes/renames per window before the destructive signal can fire. Default 200. */
  readonly minDestructive: number;
  /** Files rewritten with high-entropy data per window before that signal can fire. Default 20. */
  readonly minEntropyFiles: number;
  /** Renames to one new extension per window before that signal can fire. Default 20. */
  readonly minExtensionRenames: number;
}

export const DEFAULT_ASSESSMENT: AssessmentConfig = {
  enabled: true,
  windowSeconds: 10,
  factor: 10,
  minDestructive: 200,
  minEntropyFiles: 20,
  minExtensionRenames: 20,
};

export type SignalName = 'destructive' | 'entropy' | 'extension';

export interface Signal {
  readonly name: SignalName;
  readonly count: number;
  readonly threshold: number;
  readonly baseline: number;
  readonly detail?: string;
}

export interface AssessmentEvent {
  readonly atMs: number;
  readonly signals: readonly Signal[];
  readonly level: Level;
  readonly reason: string;
}

export interface AssessorOptions {
  readonly config: AssessmentConfig;
  readonly log: Logger;
  readonly clock?: Clock;
  /** Raises the level (levels.ts `raise`); called once per firing. */
  readonly raise: (level: Level, reason: string) => Promise<unknown>;
  /** After each window (the calm check). */
  readonly onWindow?: () => void;
  readonly onAssessment?: (e: AssessmentEvent) => void;
}

/** Shannon entropy of `b` (up to ENTROPY_SAMPLE_BYTES). Unit: bits per byte. */
export function entropyOf(b: Uint8Array): number {
  const n = Math.min(b.length, ENTROPY_SAMPLE_BYTES);
  if (n === 0) return 0;
  const counts = new Uint32Array(256);
  for (let i = 0; i < n; i++) counts[b[i]!]!++;
  let h = 0;
  for (let i = 0; i < 256; i++) {
    const c = counts[i]!;
    if (c === 0) continue;
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}

/** The extension of a name (lower case, without the dot), or '' when it has none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return '';
  const ext = name.slice(dot + 1).toLowerCase();
  return ext.length > MAX_EXTENSION_CHARS ? '' : ext;
}

/** A file as the assessment tracks it: its handle bytes (or any unique string, in tests). */
export type FileKey = string | Uint8Array;

function keyOf(f: FileKey): string {
  return typeof f === 'string'
    ? f
    : Buffer.from(f.buffer, f.byteOffset, f.byteLength).toString('latin1');
}

export class Assessor {
  private readonly o: AssessorOptions;
  private readonly clock: Clock;
  private readonly log: Logger;
  private timer: unknown;
  private windowStart: number;
  private destructive = 0;
  private readonly entropyFiles = new Set<string>();
  private readonly truncated = new Set<string>();
  /** Files created in this window and the one before (a boundary does not forget them). */
  private created = new Set<string>();
  private createdBefore = new Set<string>();
  private readonly extensions = new Map<string, number>();
  private readonly fired = new Set<SignalName>();
  private readonly baseline: Record<SignalName, number> = {
    destructive: 0,
    entropy: 0,
    extension: 0,
  };
  /** The last firing, for status. */
  last: AssessmentEvent | undefined;
  readonly stats = { windows: 0, firings: 0 };

  constructor(o: AssessorOptions) {
    this.o = o;
    this.clock = o.clock ?? systemClock;
    this.log = o.log.child({ part: 'assessment' });
    this.windowStart = this.clock.now();
  }

  get config(): AssessmentConfig {
    return this.o.config;
  }

  start(): void {
    if (!this.o.config.enabled) return;
    this.windowStart = this.clock.now();
    this.arm();
  }

  stop(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  // ---- observations (from the interceptor; only mutations the primary accepted) ---------------

  removed(): void {
    this.destructive++;
    this.check('destructive');
  }

  renamed(from: string, to: string): void {
    this.destructive++;
    const a = extensionOf(from);
    const b = extensionOf(to);
    if (b !== '' && a !== b) {
      if (this.extensions.has(b) || this.extensions.size < MAX_TRACKED_EXTENSIONS)
        this.extensions.set(b, (this.extensions.get(b) ?? 0) + 1);
      this.check('extension');
    }
    this.check('destructive');
  }

  /** A SETATTR that truncated a non-empty file to 0 (an in-place rewrite starts like this). */
  truncatedFile(file: FileKey): void {
    if (this.truncated.size < MAX_TRACKED_FILES) this.truncated.add(keyOf(file));
  }

  /** A file a client created (CREATE): its first writes are not rewrites. */
  createdFile(file: FileKey): void {
    if (this.created.size < MAX_TRACKED_FILES) this.created.add(keyOf(file));
  }

  /**
   * A WRITE the primary accepted. `sizeBefore`/`sizeAfter`: the file's size before and after it
   * (undefined: the server did not say; ganesha sends no pre-op attributes for WRITE). It
   * rewrites existing bytes when it starts below the old size, when bytes remain after it, when
   * the file was truncated in this window, or when it writes at 0 into a file not created
   * recently. The common case (a WRITE past offset 0 that ends the file, no truncation in the
   * window) returns before the file's key is even made: this runs for every WRITE.
   */
  wrote(
    fileHandle: FileKey,
    offset: bigint,
    sizeBefore: bigint | undefined,
    sizeAfter: bigint | undefined,
    data: Uint8Array,
  ): void {
    if (data.length < ENTROPY_MIN_BYTES) return;
    const bySize =
      sizeBefore !== undefined
        ? offset < sizeBefore
        : sizeAfter !== undefined && sizeAfter > offset + BigInt(data.length);
    if (!bySize && offset !== 0n && this.truncated.size === 0) return;
    const file = keyOf(fileHandle);
    const rewrite =
      bySize ||
      this.truncated.has(file) ||
      (sizeBefore === undefined &&
        offset === 0n &&
        !this.created.has(file) &&
        !this.createdBefore.has(file));
    if (!rewrite || this.entropyFiles.has(file)) return;
    if (entropyOf(data) < ENTROPY_BITS_PER_BYTE) return;
    if (this.entropyFiles.size < MAX_TRACKED_FILES) this.entropyFiles.add(file);
    this.check('entropy');
  }

  /** A backup site went out. */
  siteOut(site: string, reason: string): void {
    const e: AssessmentEvent = {
      atMs: this.clock.now(),
      signals: [],
      level: 'guarded',
      reason: `backup site ${site} went out (${reason})`,
    };
    this.fire(e);
  }

  // ---- evaluation ----------------------------------------------------------------------------

  private count(s: SignalName): number {
    switch (s) {
      case 'destructive':
        return this.destructive;
      case 'entropy':
        return this.entropyFiles.size;
      case 'extension': {
        let m = 0;
        for (const c of this.extensions.values()) if (c > m) m = c;
        return m;
      }
    }
  }

  private threshold(s: SignalName): number {
    const c = this.o.config;
    const min =
      s === 'destructive'
        ? c.minDestructive
        : s === 'entropy'
          ? c.minEntropyFiles
          : c.minExtensionRenames;
    return Math.max(min, Math.ceil(c.factor * this.baseline[s]));
  }

  /** A count went up: fire at once when it crossed its threshold (once per window). */
  private check(s: SignalName): void {
    if (!this.o.config.enabled || this.fired.has(s)) return;
    if (this.count(s) < this.threshold(s)) return;
    this.fired.add(s);
    const signals = [...this.fired].map((n) => this.signal(n));
    const strong = signals.some((x) => x.count >= 5 * x.threshold);
    const n = signals.length + (strong && signals.length > 1 ? 1 : 0);
    const level: Level = n >= 3 ? 'emergency' : n === 2 ? 'severe' : 'elevated';
    const reason = signals
      .map(
        (x) =>
          `${x.name}: ${x.count} in ${this.o.config.windowSeconds} s (threshold ${x.threshold}${x.detail ? `, ${x.detail}` : ''})`,
      )
      .join('; ');
    this.fire({ atMs: this.clock.now(), signals, level, reason: `assessment: ${reason}` });
  }

  private signal(name: SignalName): Signal {
    let detail: string | undefined;
    if (name === 'extension') {
      let best = '';
      let m = 0;
      for (const [e, c] of this.extensions)
        if (c > m) {
          m = c;
          best = e;
        }
      detail = `to .${best}`;
    }
    return {
      name,
      count: this.count(name),
      threshold: this.threshold(name),
      baseline: Math.round(this.baseline[name] * 100) / 100,
      ...(detail ? { detail } : {}),
    };
  }

  private fire(e: AssessmentEvent): void {
    this.last = e;
    this.stats.firings++;
    this.log.warn({ level: e.level, reason: e.reason }, 'assessment signal');
    this.o.onAssessment?.(e);
    void this.o
      .raise(e.level, e.reason)
      .catch((err: unknown) =>
        this.log.error({ err: (err as Error).message }, 'raising the level failed'),
      );
  }

  /** Ends the current window: learns the baseline from a quiet window, resets the counts. */
  endWindow(): void {
    const c = this.o.config;
    if (this.fired.size === 0) {
      // Time constant of about one hour of windows.
      const alpha = Math.min(1, c.windowSeconds / 3600);
      for (const s of ['destructive', 'entropy', 'extension'] as const)
        this.baseline[s] += alpha * (this.count(s) - this.baseline[s]);
    }
    this.stats.windows++;
    this.destructive = 0;
    this.entropyFiles.clear();
    this.truncated.clear();
    this.createdBefore = this.created;
    this.created = new Set();
    this.extensions.clear();
    this.fired.clear();
    this.windowStart = this.clock.now();
    this.o.onWindow?.();
  }

  status(): unknown {
    return {
      enabled: this.o.config.enabled,
      config: this.o.config,
      window: {
        startMs: this.windowStart,
        destructive: this.destructive,
        entropyFiles: this.entropyFiles.size,
        extensionRenames: this.count('extension'),
      },
      baseline: { ...this.baseline },
      last: this.last ?? null,
      stats: this.stats,
    };
  }

  private arm(): void {
    this.timer = this.clock.setTimeout(() => {
      this.endWindow();
      this.arm();
    }, this.o.config.windowSeconds * 1000);
  }
}
