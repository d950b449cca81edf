/**
 * The task scheduler (issue 7 item 4; the first seed paper's backup manager): scheduled and
 * one-off tasks kept in SQLite (`tasks`), started by a timer when due, with progress, pause,
 * cancel and an audit record for every run.
 *
 * States: a one-off task goes pending -> running -> done | failed | cancelled; a recurring task
 * (every N seconds) goes back to pending with its next run after each run, and keeps the last
 * run's result or error. A pending task may be paused and resumed. Restart safety: a task found
 * `running` when the scheduler starts was interrupted by a crash: a one-off is marked failed
 * (with that reason, so the operator sees it and can run it again), a recurring one is due at
 * once. No task is ever lost.
 *
 * The clock is injected so that tests drive the timer without sleeping.
 */
import type Database from 'better-sqlite3';
import type { Logger } from '../log/logger.js';

export const TASK_KINDS = ['version', 'verify', 'resync', 'restore', 'export', 'prune'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export type TaskState = 'pending' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';
export const TASK_STATES: readonly TaskState[] = [
  'pending',
  'running',
  'paused',
  'done',
  'failed',
  'cancelled',
];

/** Tasks running at once; never two of one kind. */
export const MAX_RUNNING_TASKS = 3;
/** Longest the timer sleeps before looking again (a clock jump is noticed within it). Unit: ms. */
export const SCHEDULER_MAX_SLEEP_MS = 60_000;
/** Finished one-off tasks kept in the table; older ones are deleted (the audit log keeps them). */
export const FINISHED_TASKS_KEPT = 10_000;
/** Shortest period of a recurring task. Unit: seconds. */
export const MIN_EVERY_SECONDS = 1;
/** Longest period of a recurring task, and furthest a task may be scheduled ahead. */
export const MAX_EVERY_SECONDS = 31_536_000;
/** Largest params JSON of a task. Unit: characters. */
export const MAX_TASK_PARAMS_CHARS = 8192;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class TaskError extends Error {
  readonly code = 'NFSP_ERR_TASK';
  constructor(message: string) {
    super(message);
    this.name = 'TaskError';
  }
}

/** Thrown into a running task's progress report once it was cancelled. */
export class TaskCancelled extends Error {
  constructor() {
    super('cancelled by an operator');
    this.name = 'TaskCancelled';
  }
}

export interface TaskInfo {
  readonly id: number;
  readonly kind: TaskKind;
  readonly params: Record<string, unknown>;
  readonly state: TaskState;
  readonly everySeconds: number | null;
  readonly nextRunMs: number | null;
  readonly owner: string;
  readonly createdMs: number;
  readonly startedMs: number | null;
  readonly finishedMs: number | null;
  readonly runs: number;
  readonly progress: unknown;
  readonly result: unknown;
  readonly error: string | null;
}

export interface TaskContext {
  /** Reports progress; throws TaskCancelled once the task was cancelled (a checkpoint). */
  progress(p: unknown): void;
  readonly signal: AbortSignal;
}

export interface TaskRunner {
  /** Checks and normalises a task's params; throws TaskError naming the bad one. */
  params(p: Record<string, unknown>): Record<string, unknown>;
  run(params: Record<string, unknown>, ctx: TaskContext): Promise<unknown>;
  /** A running task of this kind stops at its next progress report when cancelled. */
  readonly cancellable: boolean;
}

export interface SchedulerOptions {
  readonly db: Database.Database;
  readonly log: Logger;
  readonly runners: ReadonlyMap<TaskKind, TaskRunner>;
  readonly clock?: Clock;
  /** Every change of a task (state, progress). */
  readonly onChange?: (t: TaskInfo) => void;
}

interface Row {
  id: number;
  kind: TaskKind;
  params: string;
  state: TaskState;
  every_seconds: number | null;
  next_run_ms: number | null;
  owner: string;
  created_ms: number;
  started_ms: number | null;
  finished_ms: number | null;
  runs: number;
  progress: string | null;
  result: string | null;
  error: string | null;
}

function parseJson(s: string | null): unknown {
  if (s === null) return null;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return null;
  }
}

function info(r: Row): TaskInfo {
  return {
    id: r.id,
    kind: r.kind,
    params: (parseJson(r.params) ?? {}) as Record<string, unknown>,
    state: r.state,
    everySeconds: r.every_seconds,
    nextRunMs: r.next_run_ms,
    owner: r.owner,
    createdMs: r.created_ms,
    startedMs: r.started_ms,
    finishedMs: r.finished_ms,
    runs: r.runs,
    progress: parseJson(r.progress),
    result: parseJson(r.result),
    error: r.error,
  };
}

/** JSON text of a value; bigint as decimal strings. */
function json(v: unknown): string {
  return JSON.stringify(v ?? null, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}

interface Running {
  readonly abort: AbortController;
  cancel: boolean;
  pauseAfter: boolean;
  lastProgressMs: number;
}

/** Progress is written to SQLite at most this often per task. Unit: ms. */
const PROGRESS_WRITE_MS = 500;

export class TaskScheduler {
  private readonly o: SchedulerOptions;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly s: Record<string, Database.Statement>;
  private timer: unknown;
  private stopped = true;
  private readonly running = new Map<number, Running>();
  private readonly done = new Set<Promise<void>>();

  constructor(o: SchedulerOptions) {
    this.o = o;
    this.clock = o.clock ?? systemClock;
    this.log = o.log.child({ part: 'tasks' });
    const db = o.db;
    this.s = {
      insert: db.prepare(
        `INSERT INTO tasks (kind, params, state, every_seconds, next_run_ms, owner, created_ms)
         VALUES (?, ?, 'pending', ?, ?, ?, ?)`,
      ),
      get: db.prepare('SELECT * FROM tasks WHERE id = ?'),
      due: db.prepare(
        `SELECT * FROM tasks WHERE state = 'pending' AND next_run_ms <= ? ORDER BY next_run_ms, id`,
      ),
      nextDue: db.prepare(
        `SELECT MIN(next_run_ms) AS at FROM tasks WHERE state = 'pending' AND next_run_ms > ?`,
      ),
      listAll: db.prepare('SELECT * FROM tasks ORDER BY id DESC LIMIT ?'),
      listState: db.prepare('SELECT * FROM tasks WHERE state = ? ORDER BY id DESC LIMIT ?'),
      interrupted: db.prepare(`SELECT * FROM tasks WHERE state = 'running'`),
      counts: db.prepare('SELECT kind, state, COUNT(*) AS n FROM tasks GROUP BY kind, state'),
      setState: db.prepare('UPDATE tasks SET state = ?, next_run_ms = ? WHERE id = ?'),
      start: db.prepare(
        `UPDATE tasks SET state = 'running', started_ms = ?, finished_ms = NULL, progress = NULL,
         runs = runs + 1 WHERE id = ?`,
      ),
      finish: db.prepare(
        `UPDATE tasks SET state = ?, next_run_ms = ?, finished_ms = ?, result = ?, error = ?
         WHERE id = ?`,
      ),
      progress: db.prepare('UPDATE tasks SET progress = ? WHERE id = ?'),
      byOwnerKind: db.prepare(
        `SELECT * FROM tasks WHERE owner = ? AND kind = ? AND every_seconds IS NOT NULL
         AND state IN ('pending', 'running', 'paused') ORDER BY id LIMIT 1`,
      ),
      setEvery: db.prepare('UPDATE tasks SET every_seconds = ?, next_run_ms = ? WHERE id = ?'),
      purge: db.prepare(
        `DELETE FROM tasks WHERE id IN (SELECT id FROM tasks WHERE every_seconds IS NULL
         AND state IN ('done', 'failed', 'cancelled') ORDER BY id DESC LIMIT -1 OFFSET ?)`,
      ),
      audit: db.prepare(
        `INSERT INTO audit (at_ms, token_id, role, action, params, result, detail)
         VALUES (?, NULL, 'system', ?, ?, ?, ?)`,
      ),
    };
  }

  /**
   * Recovers tasks a crash interrupted, then starts the timer. A one-off task found running is
   * failed; a recurring one is due at once.
   */
  start(): void {
    this.stopped = false;
    const now = this.clock.now();
    for (const r of this.s.interrupted!.all() as Row[]) {
      const why = 'interrupted: the proxy stopped while it ran';
      if (r.every_seconds === null) {
        this.s.finish!.run('failed', null, now, r.result, why, r.id);
      } else {
        this.s.finish!.run('pending', now, now, r.result, why, r.id);
      }
      this.s.audit!.run(now, `task.${r.kind}`, json({ id: r.id }), 'error', why);
      this.log.warn({ task: r.id, kind: r.kind }, why);
      this.changed(r.id);
    }
    this.arm();
  }

  /**
   * Stops the timer. Running tasks are not waited for: their end is not recorded, so the next
   * start finds them `running` and handles them as interrupted (the catalog may close now).
   */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const r of this.running.values()) r.abort.abort();
  }

  /** Waits for every running task (tests). */
  async idle(): Promise<void> {
    while (this.done.size > 0) await Promise.allSettled([...this.done]);
  }

  get(id: number): TaskInfo | undefined {
    const r = this.s.get!.get(id) as Row | undefined;
    return r ? info(r) : undefined;
  }

  list(state: TaskState | undefined, limit: number): TaskInfo[] {
    const rows = (
      state ? this.s.listState!.all(state, limit) : this.s.listAll!.all(limit)
    ) as Row[];
    return rows.map(info);
  }

  /** Tasks by kind and state (for /metrics). */
  counts(): Array<{ kind: TaskKind; state: TaskState; n: number }> {
    return this.s.counts!.all() as Array<{ kind: TaskKind; state: TaskState; n: number }>;
  }

  /**
   * Adds a task: due at `atMs` (default now), recurring every `everySeconds` if given.
   * Throws TaskError on bad input.
   */
  create(
    kind: string,
    params: Record<string, unknown>,
    owner: string,
    opts: { atMs?: number | undefined; everySeconds?: number | undefined } = {},
  ): TaskInfo {
    const runner = this.o.runners.get(kind as TaskKind);
    if (!runner)
      throw new TaskError(`unknown task kind '${kind}' (one of ${TASK_KINDS.join(', ')})`);
    const p = runner.params(params);
    const text = json(p);
    if (text.length > MAX_TASK_PARAMS_CHARS)
      throw new TaskError(`params are longer than ${MAX_TASK_PARAMS_CHARS} characters`);
    const now = this.clock.now();
    const every = opts.everySeconds;
    if (
      every !== undefined &&
      (!Number.isInteger(every) || every < MIN_EVERY_SECONDS || every > MAX_EVERY_SECONDS)
    )
      throw new TaskError(
        `everySeconds must be an integer ${MIN_EVERY_SECONDS}..${MAX_EVERY_SECONDS}`,
      );
    const at = opts.atMs ?? now;
    if (!Number.isSafeInteger(at) || at > now + MAX_EVERY_SECONDS * 1000)
      throw new TaskError('atMs must be a time in ms since the epoch, at most a year ahead');
    const id = Number(
      this.s.insert!.run(kind, text, every ?? null, at, owner, now).lastInsertRowid,
    );
    this.s.purge!.run(FINISHED_TASKS_KEPT);
    this.changed(id);
    this.arm();
    return this.get(id)!;
  }

  /** Cancels a task: at once when pending or paused, at its next checkpoint when running. */
  cancel(id: number): TaskInfo {
    const t = this.must(id);
    if (t.state === 'pending' || t.state === 'paused') {
      this.s.setState!.run('cancelled', null, id);
      this.s.finish!.run('cancelled', null, this.clock.now(), json(t.result), t.error, id);
    } else if (t.state === 'running') {
      const r = this.running.get(id);
      if (!this.o.runners.get(t.kind)?.cancellable || !r)
        throw new TaskError(`a running ${t.kind} task cannot be cancelled; it ends on its own`);
      r.cancel = true;
      r.abort.abort();
    } else {
      throw new TaskError(`task ${id} is ${t.state}: nothing to cancel`);
    }
    this.changed(id);
    return this.get(id)!;
  }

  /** Pauses a pending task (a recurring running one pauses after this run). */
  pause(id: number): TaskInfo {
    const t = this.must(id);
    if (t.state === 'pending') this.s.setState!.run('paused', t.nextRunMs, id);
    else if (t.state === 'running' && t.everySeconds !== null)
      this.running.get(id)!.pauseAfter = true;
    else if (t.state !== 'paused') throw new TaskError(`task ${id} is ${t.state}: cannot pause it`);
    this.changed(id);
    this.arm();
    return this.get(id)!;
  }

  resume(id: number): TaskInfo {
    const t = this.must(id);
    if (t.state === 'running') {
      const r = this.running.get(id);
      if (r) r.pauseAfter = false;
    } else if (t.state === 'paused') {
      this.s.setState!.run('pending', t.nextRunMs ?? this.clock.now(), id);
    } else if (t.state !== 'pending') {
      throw new TaskError(`task ${id} is ${t.state}: cannot resume it`);
    }
    this.changed(id);
    this.arm();
    return this.get(id)!;
  }

  /**
   * The recurring task `owner` keeps for `kind` (the disaster level's versions): created,
   * re-timed or cancelled (`everySeconds` 0). A shorter period brings the next run forward.
   */
  setRecurring(owner: string, kind: TaskKind, everySeconds: number): TaskInfo | undefined {
    const r = this.s.byOwnerKind!.get(owner, kind) as Row | undefined;
    const now = this.clock.now();
    if (everySeconds <= 0) {
      if (r && r.state !== 'running') {
        this.s.finish!.run('cancelled', null, now, r.result, r.error, r.id);
        this.changed(r.id);
      }
      return undefined;
    }
    if (!r) return this.create(kind, {}, owner, { everySeconds, atMs: now + everySeconds * 1000 });
    const base = r.started_ms ?? r.created_ms;
    const next = Math.max(now, Math.min(r.next_run_ms ?? now, base + everySeconds * 1000));
    this.s.setEvery!.run(everySeconds, r.state === 'running' ? r.next_run_ms : next, r.id);
    this.changed(r.id);
    this.arm();
    return this.get(r.id);
  }

  /** Starts every due task (the timer's work; tests call it after moving the clock). */
  tick(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    const kinds = new Set([...this.running.keys()].map((id) => this.get(id)?.kind));
    for (const r of this.s.due!.all(now) as Row[]) {
      if (this.running.size >= MAX_RUNNING_TASKS) break;
      if (kinds.has(r.kind)) continue;
      kinds.add(r.kind);
      this.launch(r);
    }
    // Due tasks left now wait for a running one of their kind: its end ticks again.
    this.arm(true);
  }

  private launch(r: Row): void {
    const runner = this.o.runners.get(r.kind);
    const now = this.clock.now();
    this.s.start!.run(now, r.id);
    const state: Running = {
      abort: new AbortController(),
      cancel: false,
      pauseAfter: false,
      lastProgressMs: 0,
    };
    this.running.set(r.id, state);
    this.changed(r.id);
    const params = (parseJson(r.params) ?? {}) as Record<string, unknown>;
    this.log.info({ task: r.id, kind: r.kind, params }, 'task started');
    const ctx: TaskContext = {
      signal: state.abort.signal,
      progress: (p) => {
        if (state.cancel || this.stopped) throw new TaskCancelled();
        const t = this.clock.now();
        if (t - state.lastProgressMs >= PROGRESS_WRITE_MS) {
          state.lastProgressMs = t;
          this.s.progress!.run(json(p), r.id);
          this.changed(r.id);
        }
      },
    };
    const run = (async () => {
      let result: unknown = null;
      let error: string | null = null;
      try {
        if (!runner) throw new TaskError(`no runner for task kind '${r.kind}'`);
        result = await runner.run(params, ctx);
      } catch (e) {
        error = (e as Error).message;
      }
      this.finish(r, state, result, error);
    })();
    this.done.add(run);
    void run.finally(() => this.done.delete(run));
  }

  private finish(r: Row, st: Running, result: unknown, error: string | null): void {
    this.running.delete(r.id);
    if (this.stopped) return;
    const now = this.clock.now();
    const current = this.s.get!.get(r.id) as Row | undefined;
    if (!current) return;
    let state: TaskState;
    let next: number | null = null;
    if (st.cancel) state = 'cancelled';
    else if (current.every_seconds !== null) {
      state = st.pauseAfter ? 'paused' : 'pending';
      next = Math.max(now, (current.started_ms ?? now) + current.every_seconds * 1000);
    } else state = error === null ? 'done' : 'failed';
    this.s.finish!.run(state, next, now, json(result), error, r.id);
    this.s.audit!.run(
      now,
      `task.${r.kind}`,
      json({ id: r.id, ...((parseJson(r.params) ?? {}) as object) }),
      error === null ? 'ok' : 'error',
      error,
    );
    if (error !== null) this.log.warn({ task: r.id, kind: r.kind, err: error }, 'task failed');
    else this.log.info({ task: r.id, kind: r.kind, state }, 'task finished');
    this.changed(r.id);
    this.tick();
  }

  /** Sets the timer for the next due task; `future`: only tasks not yet due count. */
  private arm(future = false): void {
    if (this.stopped) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.clock.now();
    const at = (this.s.nextDue!.get(future ? now : -1) as { at: number | null }).at;
    if (at === null) return;
    const wait = Math.min(SCHEDULER_MAX_SLEEP_MS, Math.max(0, at - now));
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.tick();
    }, wait);
  }

  private must(id: number): TaskInfo {
    const t = this.get(id);
    if (!t) throw new TaskError(`no task ${id}`);
    return t;
  }

  private changed(id: number): void {
    if (this.stopped) return;
    const t = this.get(id);
    if (t) this.o.onChange?.(t);
  }
}
