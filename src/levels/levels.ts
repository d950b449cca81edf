/**
 * The disaster level (issue 7 item 3): set by an operator from the console, or raised by the
 * automatic assessment. The level's policy drives the scheduler's recurring version task, the
 * retention used when pruning, and whether async backup sites replicate synchronously. Raising
 * the level takes a version at once (the data as it is now is kept before things get worse).
 * A level the assessment raised falls back to the operator's level after a calm period with no
 * new signal; an operator's level stays until an operator changes it.
 *
 * State: `meta` key `disaster-level` (JSON), `level_policy` rows for tuned levels,
 * `level_history` for every change.
 */
import type Database from 'better-sqlite3';
import type { Logger } from '../log/logger.js';
import type { TaskScheduler, Clock } from '../tasks/scheduler.js';
import { systemClock } from '../tasks/scheduler.js';
import {
  LEVELS,
  LevelError,
  checkPolicyChange,
  defaultPolicies,
  isLevel,
  levelRank,
  type Level,
  type LevelPolicy,
} from './policy.js';

const STATE_KEY = 'disaster-level';
const CALM_KEY = 'level-calm-seconds';
/** Owner of the level's recurring version task in the scheduler. */
export const LEVEL_TASK_OWNER = 'level';
/** Longest calm period. Unit: seconds. */
export const MAX_CALM_SECONDS = 604_800;
/** Longest reason kept. Unit: characters. */
export const MAX_REASON_CHARS = 500;

interface StoredState {
  level: Level;
  since: number;
  setBy: string;
  reason: string;
  auto: boolean;
  /** The operator's level: where an automatic raise returns after the calm period. */
  base: Level;
}

export interface LevelView {
  readonly level: Level;
  readonly since: number;
  readonly setBy: string;
  readonly reason: string;
  readonly auto: boolean;
  readonly base: Level;
  readonly calmSeconds: number;
  /** When an automatic level falls back to `base` if no new signal comes (ms since epoch). */
  readonly calmUntilMs: number | null;
  readonly policy: LevelPolicy;
  readonly levels: Array<{ name: Level } & LevelPolicy>;
}

export interface LevelChange {
  readonly view: LevelView;
  /** The version taken because the level went up. */
  readonly version?: unknown;
}

export interface LevelControllerOptions {
  readonly db: Database.Database;
  readonly log: Logger;
  readonly scheduler: TaskScheduler;
  /** `versions.intervalSeconds`: the normal level's default interval. */
  readonly normalIntervalSeconds: number;
  /** Default calm period (until tuned from the console). Unit: seconds. */
  readonly calmSeconds: number;
  readonly clock?: Clock;
  /** Takes a version now. */
  readonly takeVersion: (reason: string) => Promise<unknown>;
  /** Switches configured-async backup sites to sync (true) or back (false). */
  readonly syncAsyncSites: (sync: boolean) => void;
  /** Keep the newest N versions when pruning (0: the configured retention). */
  readonly setKeepLast: (n: number) => void;
  readonly onChange?: (v: LevelView) => void;
}

export class LevelController {
  private readonly o: LevelControllerOptions;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly s: Record<string, Database.Statement>;
  private state: StoredState;
  private lastSignalMs = 0;
  private calm: number;
  private changing: Promise<unknown> = Promise.resolve();

  constructor(o: LevelControllerOptions) {
    this.o = o;
    this.clock = o.clock ?? systemClock;
    this.log = o.log.child({ part: 'levels' });
    const db = o.db;
    this.s = {
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      policies: db.prepare('SELECT * FROM level_policy'),
      setPolicy: db.prepare(
        `INSERT INTO level_policy (level, interval_seconds, keep_last, sync_async) VALUES (?, ?, ?, ?)
         ON CONFLICT(level) DO UPDATE SET interval_seconds = excluded.interval_seconds,
         keep_last = excluded.keep_last, sync_async = excluded.sync_async`,
      ),
      history: db.prepare(
        `INSERT INTO level_history (at_ms, level, previous, set_by, auto, reason)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      listHistory: db.prepare('SELECT * FROM level_history ORDER BY id DESC LIMIT ?'),
    };
    const stored = this.readMeta(STATE_KEY);
    let st: StoredState | undefined;
    if (stored) {
      try {
        const v = JSON.parse(stored) as StoredState;
        if (isLevel(v.level) && isLevel(v.base)) st = v;
      } catch {
        st = undefined;
      }
    }
    this.state = st ?? {
      level: 'normal',
      since: this.clock.now(),
      setBy: 'default',
      reason: 'initial level',
      auto: false,
      base: 'normal',
    };
    const calm = Number(this.readMeta(CALM_KEY));
    this.calm = Number.isInteger(calm) && calm > 0 ? calm : o.calmSeconds;
    // A restart after an automatic raise: the calm period starts again.
    this.lastSignalMs = this.clock.now();
  }

  /** Applies the current level's policy (at start). */
  start(): void {
    this.apply();
  }

  policies(): Record<Level, LevelPolicy> {
    const p = defaultPolicies(this.o.normalIntervalSeconds);
    for (const r of this.s.policies!.all() as Array<{
      level: string;
      interval_seconds: number;
      keep_last: number;
      sync_async: number;
    }>) {
      if (isLevel(r.level))
        p[r.level] = {
          intervalSeconds: r.interval_seconds,
          keepLast: r.keep_last,
          syncAsync: r.sync_async === 1,
        };
    }
    return p;
  }

  view(): LevelView {
    const policies = this.policies();
    return {
      level: this.state.level,
      since: this.state.since,
      setBy: this.state.setBy,
      reason: this.state.reason,
      auto: this.state.auto,
      base: this.state.base,
      calmSeconds: this.calm,
      calmUntilMs: this.state.auto ? this.lastSignalMs + this.calm * 1000 : null,
      policy: policies[this.state.level],
      levels: LEVELS.map((name) => ({ name, ...policies[name] })),
    };
  }

  history(limit: number): unknown[] {
    return this.s.listHistory!.all(limit);
  }

  /**
   * An operator sets the level. Going up takes a version at once. Throws LevelError on a bad
   * level.
   */
  set(level: string, setBy: string, reason: string | undefined): Promise<LevelChange> {
    if (!isLevel(level)) throw new LevelError(`level must be one of ${LEVELS.join(', ')}`);
    return this.serial(() =>
      this.change(level, setBy, clip(reason ?? 'set by an operator'), false, level),
    );
  }

  /**
   * The assessment saw a signal: raises the level to `level` if it is higher (taking a version
   * at once), and in any case restarts the calm period.
   */
  raise(level: Level, reason: string): Promise<LevelChange | undefined> {
    this.lastSignalMs = this.clock.now();
    return this.serial(async () => {
      if (levelRank(level) <= levelRank(this.state.level)) return undefined;
      return this.change(level, 'assessment', clip(reason), true, this.state.base);
    });
  }

  /** Falls back to the operator's level once the calm period passed with no signal. */
  checkCalm(): Promise<LevelChange | undefined> {
    if (!this.state.auto) return Promise.resolve(undefined);
    if (this.clock.now() - this.lastSignalMs < this.calm * 1000) return Promise.resolve(undefined);
    return this.serial(async () => {
      if (!this.state.auto) return undefined;
      return this.change(
        this.state.base,
        'calm',
        `no assessment signal for ${this.calm} s`,
        false,
        this.state.base,
      );
    });
  }

  /** Tunes a level's policy (persisted); the current level's is applied at once. */
  setPolicy(level: string, change: Record<string, unknown>): LevelView {
    if (!isLevel(level)) throw new LevelError(`level must be one of ${LEVELS.join(', ')}`);
    const c = checkPolicyChange(change);
    const p = { ...this.policies()[level], ...c };
    this.s.setPolicy!.run(level, p.intervalSeconds, p.keepLast, p.syncAsync ? 1 : 0);
    this.log.info({ level, policy: p }, 'level policy changed');
    if (level === this.state.level) this.apply();
    const v = this.view();
    this.o.onChange?.(v);
    return v;
  }

  setCalmSeconds(seconds: unknown): LevelView {
    if (
      typeof seconds !== 'number' ||
      !Number.isInteger(seconds) ||
      seconds < 1 ||
      seconds > MAX_CALM_SECONDS
    )
      throw new LevelError(`calmSeconds must be an integer 1..${MAX_CALM_SECONDS}`);
    this.calm = seconds;
    this.s.setMeta!.run(CALM_KEY, Buffer.from(String(seconds)));
    const v = this.view();
    this.o.onChange?.(v);
    return v;
  }

  private serial<T>(f: () => Promise<T>): Promise<T> {
    const p = this.changing.then(f, f);
    this.changing = p.catch(() => undefined);
    return p;
  }

  private async change(
    level: Level,
    setBy: string,
    reason: string,
    auto: boolean,
    base: Level,
  ): Promise<LevelChange> {
    const previous = this.state.level;
    const now = this.clock.now();
    this.state = { level, since: now, setBy, reason, auto, base };
    this.s.setMeta!.run(STATE_KEY, Buffer.from(JSON.stringify(this.state)));
    this.s.history!.run(now, level, previous, setBy, auto ? 1 : 0, reason);
    this.log.warn({ level, previous, setBy, auto, reason }, 'disaster level changed');
    this.apply();
    let version: unknown;
    if (levelRank(level) > levelRank(previous)) {
      try {
        version = await this.o.takeVersion(`level ${level}: ${reason}`);
      } catch (e) {
        this.log.error({ err: (e as Error).message }, 'the version for a raised level failed');
      }
    }
    const view = this.view();
    this.o.onChange?.(view);
    return version === undefined ? { view } : { view, version };
  }

  private apply(): void {
    const p = this.policies()[this.state.level];
    this.o.scheduler.setRecurring(LEVEL_TASK_OWNER, 'version', p.intervalSeconds);
    this.o.syncAsyncSites(p.syncAsync);
    this.o.setKeepLast(p.keepLast);
  }

  private readMeta(key: string): string | undefined {
    const r = this.s.getMeta!.get(key) as { value: Buffer } | undefined;
    return r?.value.toString();
  }
}

function clip(s: string): string {
  return s.length > MAX_REASON_CHARS ? `${s.slice(0, MAX_REASON_CHARS - 1)}…` : s;
}
