// The task scheduler, disaster levels and the automatic assessment, driven by an injected
// clock (no sleeps): due tasks run once, a crash mid-task is handled on restart, level
// intervals drive the scheduler, raising takes a version, the calm period lowers, and the
// assessment fires on destructive bursts but not on normal work.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { openCatalogDb } from '../../src/catalog/db.js';
import { createLogger } from '../../src/log/logger.js';
import {
  TaskScheduler,
  TaskError,
  type Clock,
  type TaskKind,
  type TaskRunner,
  type TaskInfo,
} from '../../src/tasks/scheduler.js';
import { LevelController, LEVEL_TASK_OWNER } from '../../src/levels/levels.js';
import { LevelError } from '../../src/levels/policy.js';
import {
  Assessor,
  DEFAULT_ASSESSMENT,
  entropyOf,
  extensionOf,
  type AssessmentEvent,
} from '../../src/levels/assessment.js';

const log = createLogger({ level: 'silent' });
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function openDb(dir?: string): { db: Database.Database; dir: string } {
  const d = dir ?? mkdtempSync(path.join(os.tmpdir(), 'nfsp-tasks-'));
  if (!dir) dirs.push(d);
  return { db: openCatalogDb({ stateDir: d, log }), dir: d };
}

/** A manual clock: `advance` moves time and fires the timers that fell due, in order. */
class ManualClock implements Clock {
  t = 1_700_000_000_000;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private nextId = 1;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.timers.delete(h as number);
  }
  /** Moves time forward by `ms`, firing due timers (at most 10,000 firings). */
  advance(ms: number): void {
    const end = this.t + ms;
    for (let i = 0; i < 10_000; i++) {
      let first: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.timers)
        if (e[1].at <= end && (!first || e[1].at < first[1].at)) first = e;
      if (!first) break;
      this.timers.delete(first[0]);
      this.t = Math.max(this.t, first[1].at);
      first[1].fn();
    }
    this.t = end;
  }
}

/** Runners that count their runs; `block` makes a kind wait until released. */
function countingRunners() {
  const runs: Record<string, number> = {};
  let release: (() => void) | undefined;
  const blocker = { block: false };
  const runner = (kind: string, cancellable = false): TaskRunner => ({
    cancellable,
    params: (p) => p,
    run: async (_p, ctx) => {
      runs[kind] = (runs[kind] ?? 0) + 1;
      if (blocker.block) {
        await new Promise<void>((r) => (release = r));
        ctx.progress({ step: 1 });
      }
      return { kind };
    },
  });
  const runners = new Map<TaskKind, TaskRunner>([
    ['version', runner('version')],
    ['verify', runner('verify', true)],
    ['prune', runner('prune')],
  ]);
  return { runs, runners, blocker, release: () => release?.() };
}

async function settle(s: TaskScheduler): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await s.idle();
    await new Promise((r) => setImmediate(r));
  }
}

describe('task scheduler', () => {
  it('runs a due one-off task once, and a future one only when its time comes', async () => {
    const { db } = openDb();
    const clock = new ManualClock();
    const r = countingRunners();
    const events: TaskInfo[] = [];
    const s = new TaskScheduler({
      db,
      log,
      runners: r.runners,
      clock,
      onChange: (t) => events.push(t),
    });
    s.start();
    const now = s.create('version', {}, 'token:1');
    const later = s.create('prune', {}, 'token:1', { atMs: clock.now() + 60_000 });
    clock.advance(0);
    await settle(s);
    assert.equal(s.get(now.id)!.state, 'done');
    assert.deepEqual(s.get(now.id)!.result, { kind: 'version' });
    assert.equal(s.get(later.id)!.state, 'pending');
    clock.advance(59_000);
    await settle(s);
    assert.equal(r.runs['prune'], undefined);
    clock.advance(1_000);
    await settle(s);
    assert.equal(s.get(later.id)!.state, 'done');
    clock.advance(600_000);
    await settle(s);
    assert.equal(r.runs['version'], 1, 'a one-off task runs once');
    assert.equal(r.runs['prune'], 1);
    assert.deepEqual(
      s.counts().sort((a, b) => a.kind.localeCompare(b.kind)),
      [
        { kind: 'prune', state: 'done', n: 1 },
        { kind: 'version', state: 'done', n: 1 },
      ],
    );
    assert.ok(events.some((e) => e.id === now.id && e.state === 'running'));
    const audit = db.prepare("SELECT action, result FROM audit WHERE role = 'system'").all();
    assert.deepEqual(audit, [
      { action: 'task.version', result: 'ok' },
      { action: 'task.prune', result: 'ok' },
    ]);
    s.stop();
    db.close();
  });

  it('repeats a recurring task at its period and keeps it pending between runs', async () => {
    const { db } = openDb();
    const clock = new ManualClock();
    const r = countingRunners();
    const s = new TaskScheduler({ db, log, runners: r.runners, clock });
    s.start();
    const t = s.create('version', {}, 'token:1', { everySeconds: 10, atMs: clock.now() + 10_000 });
    for (let i = 0; i < 5; i++) {
      clock.advance(10_000);
      await settle(s);
    }
    assert.equal(r.runs['version'], 5);
    assert.equal(s.get(t.id)!.state, 'pending');
    assert.equal(s.get(t.id)!.runs, 5);
    s.pause(t.id);
    clock.advance(60_000);
    await settle(s);
    assert.equal(r.runs['version'], 5, 'a paused task does not run');
    s.resume(t.id);
    clock.advance(0);
    await settle(s);
    assert.equal(r.runs['version'], 6, 'resumed: the overdue run happens');
    s.cancel(t.id);
    clock.advance(60_000);
    await settle(s);
    assert.equal(s.get(t.id)!.state, 'cancelled');
    assert.equal(r.runs['version'], 6);
    s.stop();
    db.close();
  });

  it('cancels a running cancellable task at its next progress report', async () => {
    const { db } = openDb();
    const clock = new ManualClock();
    const r = countingRunners();
    r.blocker.block = true;
    const s = new TaskScheduler({ db, log, runners: r.runners, clock });
    s.start();
    const v = s.create('verify', {}, 'token:1');
    clock.advance(0);
    await new Promise((res) => setImmediate(res));
    assert.equal(s.get(v.id)!.state, 'running');
    s.cancel(v.id);
    r.release();
    await settle(s);
    assert.equal(s.get(v.id)!.state, 'cancelled');
    const p = s.create('version', {}, 'token:1');
    clock.advance(0);
    await new Promise((res) => setImmediate(res));
    assert.throws(() => s.cancel(p.id), TaskError, 'a version task cannot be cancelled running');
    r.release();
    await settle(s);
    assert.throws(() => s.cancel(p.id), /nothing to cancel/);
    s.stop();
    db.close();
  });

  it('after a crash mid-task: a one-off is failed, a recurring one is due again; none lost', async () => {
    const { db, dir } = openDb();
    const clock = new ManualClock();
    const r = countingRunners();
    r.blocker.block = true;
    const s = new TaskScheduler({ db, log, runners: r.runners, clock });
    s.start();
    const once = s.create('verify', {}, 'token:1');
    const rec = s.create('version', {}, 'level', { everySeconds: 60 });
    clock.advance(0);
    await new Promise((res) => setImmediate(res));
    assert.equal(s.get(once.id)!.state, 'running');
    assert.equal(s.get(rec.id)!.state, 'running');
    // The crash: the process stops with both running (nothing more is written).
    s.stop();
    db.close();
    const again = openDb(dir);
    const r2 = countingRunners();
    const s2 = new TaskScheduler({ db: again.db, log, runners: r2.runners, clock });
    s2.start();
    const o = s2.get(once.id)!;
    assert.equal(o.state, 'failed');
    assert.match(o.error ?? '', /interrupted/);
    clock.advance(0);
    await settle(s2);
    assert.equal(r2.runs['version'], 1, 'the recurring task ran again after the restart');
    assert.equal(s2.get(rec.id)!.state, 'pending');
    assert.equal(r2.runs['verify'], undefined, 'the failed one-off is not re-run by itself');
    s2.stop();
    again.db.close();
  });

  it('refuses bad input with a TaskError', () => {
    const { db } = openDb();
    const clock = new ManualClock();
    const s = new TaskScheduler({ db, log, runners: countingRunners().runners, clock });
    assert.throws(() => s.create('format-disk', {}, 'x'), TaskError);
    assert.throws(() => s.create('version', {}, 'x', { everySeconds: 0 }), TaskError);
    assert.throws(() => s.create('version', {}, 'x', { everySeconds: 1.5 }), TaskError);
    assert.throws(
      () => s.create('version', {}, 'x', { atMs: clock.now() + 2 * 365 * 86_400_000 }),
      TaskError,
    );
    assert.throws(() => s.create('version', { big: 'x'.repeat(10_000) }, 'x'), TaskError);
    assert.throws(() => s.cancel(999), /no task 999/);
    db.close();
  });
});

function levelSetup(opts: { normalInterval?: number; calm?: number; dir?: string } = {}) {
  const { db, dir } = openDb(opts.dir);
  const clock = new ManualClock();
  const r = countingRunners();
  const scheduler = new TaskScheduler({ db, log, runners: r.runners, clock });
  const versions: string[] = [];
  const sync: boolean[] = [];
  const keep: number[] = [];
  const levels = new LevelController({
    db,
    log,
    scheduler,
    clock,
    normalIntervalSeconds: opts.normalInterval ?? 0,
    calmSeconds: opts.calm ?? 600,
    takeVersion: (reason) => {
      versions.push(reason);
      return Promise.resolve({ name: `v${versions.length}` });
    },
    syncAsyncSites: (s) => sync.push(s),
    setKeepLast: (n) => keep.push(n),
  });
  levels.start();
  scheduler.start();
  return { db, dir, clock, r, scheduler, levels, versions, sync, keep };
}

describe('disaster levels', () => {
  it('setting emergency takes a version at once and switches async sites to sync', async () => {
    const x = levelSetup();
    const c = await x.levels.set('emergency', 'token:1', 'flood in the machine room');
    assert.equal(c.view.level, 'emergency');
    assert.deepEqual(c.version, { name: 'v1' });
    assert.match(x.versions[0]!, /emergency: flood/);
    assert.equal(x.sync.at(-1), true);
    await x.levels.set('normal', 'token:1', undefined);
    assert.equal(x.versions.length, 1, 'lowering takes no version');
    assert.equal(x.sync.at(-1), false);
    x.scheduler.stop();
    x.db.close();
  });

  it("each level's interval drives the scheduler's version task", async () => {
    const x = levelSetup({ normalInterval: 3600 });
    const task = () =>
      x.scheduler
        .list(undefined, 100)
        .find((t) => t.owner === LEVEL_TASK_OWNER && t.state !== 'cancelled');
    assert.equal(task()!.everySeconds, 3600);
    x.clock.advance(3600_000);
    await settle(x.scheduler);
    assert.equal(x.r.runs['version'], 1, 'normal: one version per hour');
    await x.levels.set('severe', 'token:1', 'drill');
    assert.equal(task()!.everySeconds, 300);
    for (let i = 0; i < 4; i++) {
      x.clock.advance(300_000);
      await settle(x.scheduler);
    }
    assert.equal(x.r.runs['version'], 5, 'severe: one every 5 minutes');
    x.levels.setPolicy('severe', { intervalSeconds: 60 });
    for (let i = 0; i < 3; i++) {
      x.clock.advance(60_000);
      await settle(x.scheduler);
    }
    assert.equal(x.r.runs['version'], 8, 'the tuned interval applies at once');
    await x.levels.set('normal', 'token:1', 'over');
    x.levels.setPolicy('normal', { intervalSeconds: 0 });
    assert.equal(task(), undefined, 'interval 0: no scheduled versions');
    x.clock.advance(7200_000);
    await settle(x.scheduler);
    assert.equal(x.r.runs['version'], 8);
    x.scheduler.stop();
    x.db.close();
  });

  it('persists the level and tuned policy across a restart', async () => {
    const x = levelSetup();
    await x.levels.set('elevated', 'token:7', 'storm warning');
    x.levels.setPolicy('elevated', { keepLast: 50, syncAsync: true });
    x.levels.setCalmSeconds(120);
    x.scheduler.stop();
    x.db.close();
    const y = levelSetup({ dir: x.dir });
    const v = y.levels.view();
    assert.equal(v.level, 'elevated');
    assert.equal(v.setBy, 'token:7');
    assert.equal(v.policy.keepLast, 50);
    assert.equal(v.calmSeconds, 120);
    assert.equal(y.sync.at(-1), true, 'the restored level applies its policy at start');
    assert.equal(y.keep.at(-1), 50);
    assert.equal((y.levels.history(10) as Array<{ level: string }>)[0]!.level, 'elevated');
    y.scheduler.stop();
    y.db.close();
  });

  it('an automatic raise falls back after the calm period; an operator level stays', async () => {
    const x = levelSetup({ calm: 600 });
    await x.levels.set('guarded', 'token:1', 'maintenance');
    const c = await x.levels.raise('severe', 'assessment: destructive');
    assert.equal(c!.view.level, 'severe');
    assert.equal(c!.view.auto, true);
    assert.equal(x.versions.length, 2, 'each raise takes a version');
    assert.equal(await x.levels.raise('elevated', 'lower signal'), undefined, 'never lowers');
    x.clock.advance(599_000);
    assert.equal(await x.levels.checkCalm(), undefined);
    x.clock.advance(1_000);
    const back = await x.levels.checkCalm();
    assert.equal(back!.view.level, 'guarded', 'back to the operator level');
    x.clock.advance(10 * 3600_000);
    assert.equal(await x.levels.checkCalm(), undefined, 'an operator level does not time out');
    x.scheduler.stop();
    x.db.close();
  });

  it('refuses bad levels and policy values with a LevelError', async () => {
    const x = levelSetup();
    assert.throws(() => x.levels.set('panic', 'token:1', undefined), LevelError);
    assert.throws(() => x.levels.setPolicy('severe', { intervalSeconds: -1 }), LevelError);
    assert.throws(() => x.levels.setPolicy('severe', { intervalSeconds: '60' }), LevelError);
    assert.throws(() => x.levels.setPolicy('severe', { keepLast: 1e9 }), LevelError);
    assert.throws(() => x.levels.setPolicy('severe', { syncAsync: 'yes' }), LevelError);
    assert.throws(() => x.levels.setPolicy('nope', { keepLast: 1 }), LevelError);
    assert.throws(() => x.levels.setCalmSeconds(0), LevelError);
    x.scheduler.stop();
    x.db.close();
  });
});

describe('automatic assessment', () => {
  function assessor(config = DEFAULT_ASSESSMENT) {
    const clock = new ManualClock();
    const raised: Array<{ level: string; reason: string }> = [];
    const events: AssessmentEvent[] = [];
    const a = new Assessor({
      config,
      log,
      clock,
      raise: (level, reason) => {
        raised.push({ level, reason });
        return Promise.resolve();
      },
      onAssessment: (e) => events.push(e),
    });
    a.start();
    return { a, clock, raised, events };
  }
  const text = Buffer.from('The quick brown fox jumps over the lazy dog. '.repeat(100));

  it('measures entropy and extensions', () => {
    assert.ok(entropyOf(randomBytes(4096)) > 7.8);
    assert.ok(entropyOf(text) < 5);
    assert.equal(entropyOf(Buffer.alloc(4096)), 0);
    assert.equal(extensionOf('report.DOCX'), 'docx');
    assert.equal(extensionOf('.bashrc'), '');
    assert.equal(extensionOf('noext'), '');
    assert.equal(extensionOf('a.docx.locked'), 'locked');
  });

  it('normal work does not raise the level (false-positive check)', () => {
    const x = assessor();
    // An hour of busy but ordinary work: builds writing new files (some compressed), edits
    // rewriting text in place, a few removes and renames per window.
    for (let w = 0; w < 360; w++) {
      for (let i = 0; i < 40; i++) x.a.wrote(`new-${w}-${i}`, 0n, 0n, 4096n, randomBytes(4096));
      for (let i = 0; i < 30; i++) x.a.wrote(`doc-${i}`, 0n, 8192n, 8192n, text);
      for (let i = 0; i < 15; i++) x.a.removed();
      for (let i = 0; i < 10; i++) x.a.renamed(`tmp${i}.o.tmp`, `f${i}.o`);
      for (let i = 0; i < 5; i++) x.a.renamed(`a${i}.txt`, `b${i}.txt`);
      x.clock.advance(10_000);
    }
    assert.deepEqual(x.raised, []);
  });

  it('a burst of removes, high-entropy rewrites and renames to a new extension raises it', () => {
    const x = assessor();
    for (let i = 0; i < 25; i++) x.a.wrote(`file-${i}`, 0n, 65536n, 65536n, randomBytes(4096));
    assert.equal(x.raised.length, 1);
    assert.equal(x.raised[0]!.level, 'elevated');
    assert.match(x.raised[0]!.reason, /entropy: 20/);
    for (let i = 0; i < 25; i++) x.a.renamed(`file-${i}.docx`, `file-${i}.docx.locked`);
    assert.equal(x.raised.at(-1)!.level, 'severe');
    assert.match(x.raised.at(-1)!.reason, /extension: 20 .*to \.locked/);
    for (let i = 0; i < 200; i++) x.a.removed();
    assert.equal(x.raised.at(-1)!.level, 'emergency');
    assert.equal(x.events.length, 3);
    // A truncation then a rewrite counts as a rewrite too (open with O_TRUNC).
    x.clock.advance(10_000);
    for (let i = 0; i < 25; i++) {
      x.a.truncatedFile(`t-${i}`);
      x.a.wrote(`t-${i}`, 0n, 0n, 1024n, randomBytes(1024));
    }
    assert.match(x.raised.at(-1)!.reason, /entropy/);
  });

  it('a site going out raises to guarded', () => {
    const x = assessor();
    x.a.siteOut('site-1', 'no answer');
    assert.deepEqual(
      x.raised.map((r) => r.level),
      ['guarded'],
    );
    assert.match(x.raised[0]!.reason, /site-1 went out/);
  });

  it('the baseline follows a busy export: a usual rate there does not fire', () => {
    const x = assessor({ ...DEFAULT_ASSESSMENT, minDestructive: 50 });
    // Usual: 40 removes per window, for two hours.
    for (let w = 0; w < 720; w++) {
      for (let i = 0; i < 40; i++) x.a.removed();
      x.clock.advance(10_000);
    }
    assert.equal(x.raised.length, 0);
    for (let i = 0; i < 100; i++) x.a.removed();
    assert.equal(x.raised.length, 0, '100 is well within 10x a baseline of about 40');
  });
});
