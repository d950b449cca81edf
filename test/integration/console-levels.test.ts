// The console's disaster levels, tasks and assessment against a real proxy in front of real
// nfs-ganesha (primary + one async backup) (issue 7 items 3 and 4): setting `emergency` takes a
// version before the call answers and switches the async site to sync; roles and bad input for
// every new command; tasks run from the console with events; a ransomware-like burst through
// the proxy raises the level and takes a version while normal work does not; a task running
// when the proxy is killed is failed after the restart, never lost.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ganeshaAvailable, startGaneshaSet, type GaneshaInstance } from '../harness/ganesha.js';
import { connectNfs, siteUrl, type NfsClient } from '../harness/nfs-client.js';
import { startProxy, type ProxyInstance } from '../harness/proxy.js';
import { connectConsole, type ConsoleClient } from '../harness/console-client.js';

if (!ganeshaAvailable()) {
  throw new Error('nfs-ganesha (VFS FSAL), rpcbind or root privileges are not available');
}

interface SiteStatus {
  name: string;
  mode: string;
  state: string;
}
interface TaskInfo {
  id: number;
  kind: string;
  state: string;
  error: string | null;
  result: unknown;
  owner: string;
}

/** Polls `f` every 100 ms until it returns a value, at most `ms`. */
async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(100);
  }
}

describe('console: levels, tasks, assessment', () => {
  let g: GaneshaInstance[] = [];
  let proxy: ProxyInstance | undefined;
  let nfs: NfsClient | undefined;
  let op: ConsoleClient | undefined;
  let admin: ConsoleClient | undefined;
  let viewer: ConsoleClient | undefined;

  before(async () => {
    g = await startGaneshaSet(2);
    proxy = await startProxy({
      primary: g[0]!,
      config: {
        console: '127.0.0.1:0',
        backups: [siteUrl(g[1]!, 'async')],
        // One window for each scenario below (a window boundary must not split a burst).
        assessment: { windowSeconds: 120 },
        replication: { timeoutMs: 20_000 },
      },
    });
    nfs = await connectNfs({
      host: proxy.host,
      nfsPort: proxy.port,
      mountPort: proxy.port,
      exportPath: proxy.exportPath,
    });
    op = await connectConsole(proxy.consoleAddress!, await proxy.token('operator'));
    admin = await connectConsole(proxy.consoleAddress!, await proxy.token('admin'));
    viewer = await connectConsole(proxy.consoleAddress!, await proxy.token('viewer'));
  });
  after(async () => {
    op?.close();
    admin?.close();
    viewer?.close();
    await nfs?.close();
    for (const x of g) x.resume();
    await proxy?.dispose();
    await Promise.allSettled(g.map((x) => x.stop()));
  });

  const siteMode = async (): Promise<SiteStatus> =>
    (await op!.call<{ sites: SiteStatus[] }>('status')).sites[0]!;

  it('emergency from the console: a version exists when the call answers; the async site goes sync', async () => {
    await op!.call('subscribe', { topics: ['level', 'versions', 'sites'] });
    const before = (await op!.call<unknown[]>('versions.list')).length;
    const r = await op!.call<{ level: string; version?: { name: string; reason: string } }>(
      'level.set',
      { level: 'emergency', reason: 'drill' },
    );
    assert.equal(r.level, 'emergency');
    assert.ok(r.version, 'the reply carries the version taken');
    assert.match(r.version.reason, /level emergency: drill/);
    const list = await op!.call<Array<{ name: string }>>('versions.list');
    assert.equal(list.length, before + 1);
    assert.ok(list.some((v) => v.name === r.version!.name));
    await op!.event(
      (m) => m.event === 'level' && (m.data as { level: string }).level === 'emergency',
    );
    await op!.event((m) => m.event === 'version');
    const s = await until('the async site fed live as sync', async () => {
      const x = await siteMode();
      return x.mode === 'sync' && x.state === 'in-sync' ? x : undefined;
    });
    assert.equal(s.mode, 'sync');
    // A mutation now waits for the backup: it is there when the client has its reply.
    const fh = await nfs!.create(nfs!.root, 'during-emergency.txt');
    await nfs!.write(fh, 0, Buffer.from('kept twice'));
    const direct = await connectNfs({
      host: g[1]!.host,
      nfsPort: g[1]!.nfsPort,
      mountPort: g[1]!.mountPort,
      exportPath: g[1]!.exportPath,
    });
    try {
      await direct.lookup(direct.root, 'during-emergency.txt');
    } finally {
      await direct.close();
    }
    const back = await op!.call<{ level: string; version?: unknown }>('level.set', {
      level: 'normal',
    });
    assert.equal(back.level, 'normal');
    assert.equal(back.version, undefined, 'lowering takes no version');
    await until('the site back to async', async () =>
      (await siteMode()).mode === 'async' ? true : undefined,
    );
    const h = await op!.call<Array<{ level: string; set_by: string }>>('level.history', {
      limit: 2,
    });
    assert.deepEqual(
      h.map((x) => x.level),
      ['normal', 'emergency'],
    );
  });

  it('roles and bad input for level, policy, tasks, versions and subscribe', async () => {
    const refused = async (c: ConsoleClient, method: string, params: unknown, code: string) => {
      const m = await c.request(method, params);
      assert.equal(
        m.error?.code,
        code,
        `${method} ${JSON.stringify(params)}: ${JSON.stringify(m)}`,
      );
    };
    await refused(viewer!, 'level.set', { level: 'guarded' }, 'forbidden');
    await refused(viewer!, 'tasks.create', { kind: 'version' }, 'forbidden');
    await refused(op!, 'policy.set', { level: 'severe', intervalSeconds: 30 }, 'forbidden');
    await refused(op!, 'tasks.create', { kind: 'resync', params: { site: 'site-1' } }, 'forbidden');
    await refused(op!, 'level.set', { level: 'panic' }, 'bad-params');
    await refused(op!, 'level.set', {}, 'bad-params');
    await refused(op!, 'level.set', { level: 'guarded', extra: 1 }, 'bad-params');
    await refused(op!, 'level.set', { level: 'guarded', reason: 'x'.repeat(501) }, 'bad-params');
    await refused(admin!, 'policy.set', { level: 'severe', intervalSeconds: -5 }, 'bad-params');
    await refused(admin!, 'policy.set', { level: 'severe', syncAsync: 'yes' }, 'bad-params');
    await refused(admin!, 'policy.set', { level: 'severe' }, 'bad-params');
    await refused(admin!, 'policy.set', { calmSeconds: 0 }, 'bad-params');
    await refused(op!, 'tasks.create', { kind: 'rm-rf' }, 'bad-params');
    await refused(
      op!,
      'tasks.create',
      { kind: 'verify', params: { site: 'nowhere' } },
      'bad-params',
    );
    await refused(op!, 'tasks.create', { kind: 'version', everySeconds: 0 }, 'bad-params');
    await refused(op!, 'tasks.create', { kind: 'restore', params: { version: 'x' } }, 'bad-params');
    await refused(op!, 'tasks.cancel', { id: 'x' }, 'bad-params');
    await refused(op!, 'tasks.cancel', { id: 987654 }, 'bad-params');
    await refused(op!, 'tasks.list', { state: 'sleeping' }, 'bad-params');
    await refused(op!, 'versions.delete', { name: 'no-such-version' }, 'bad-params');
    await refused(op!, 'versions.browse', { version: 'no-such-version' }, 'bad-params');
    await refused(op!, 'subscribe', { topics: ['gossip'] }, 'bad-params');
    await refused(op!, 'subscribe', { topics: 'level' }, 'bad-params');
    // Admin tunes a level; viewers read it.
    const p = await admin!.call<{ levels: Array<{ name: string; intervalSeconds: number }> }>(
      'policy.set',
      { level: 'guarded', intervalSeconds: 1800, keepLast: 10 },
    );
    assert.equal(p.levels.find((l) => l.name === 'guarded')!.intervalSeconds, 1800);
    const got = await viewer!.call<{ levels: Array<{ name: string; keepLast: number }> }>(
      'policy.get',
    );
    assert.equal(got.levels.find((l) => l.name === 'guarded')!.keepLast, 10);
  });

  it('tasks from the console: verify runs with task events; a future task cancels; versions browse and delete', async () => {
    await op!.call('subscribe', { topics: ['tasks'] });
    const d = await nfs!.mkdir(nfs!.root, 'browse-me');
    const f = await nfs!.create(d, 'a.txt');
    await nfs!.write(f, 0, Buffer.from('hello'));
    const t = await op!.call<TaskInfo>('tasks.create', { kind: 'verify' });
    assert.equal(t.kind, 'verify');
    await op!.event(
      (m) =>
        m.event === 'task' &&
        (m.data as TaskInfo).id === t.id &&
        (m.data as TaskInfo).state === 'done',
      120_000,
    );
    const done = await op!.call<TaskInfo>('tasks.get', { id: t.id });
    assert.equal(done.state, 'done');
    assert.equal(
      (done.result as Record<string, { identical: boolean }>)['site-1']!.identical,
      true,
    );
    const later = await op!.call<TaskInfo>('tasks.create', {
      kind: 'prune',
      atMs: Date.now() + 3_600_000,
    });
    assert.equal(later.state, 'pending');
    const paused = await op!.call<TaskInfo>('tasks.pause', { id: later.id });
    assert.equal(paused.state, 'paused');
    const cancelled = await op!.call<TaskInfo>('tasks.cancel', { id: later.id });
    assert.equal(cancelled.state, 'cancelled');
    const v = await op!.call<{ name: string }>('versions.create', { name: 'browse-v' });
    const b = await viewer!.call<{
      entries: Array<{ name: string; type: string; size: number; mtimeMs: number }>;
    }>('versions.browse', { version: v.name, path: '/browse-me' });
    assert.deepEqual(b.entries, [
      { name: 'a.txt', type: 'file', size: 5, mtimeMs: b.entries[0]!.mtimeMs },
    ]);
    await op!.call('versions.delete', { name: v.name });
    const names = (await op!.call<Array<{ name: string }>>('versions.list')).map((x) => x.name);
    assert.ok(!names.includes(v.name));
    const list = await viewer!.call<TaskInfo[]>('tasks.list', { limit: 10 });
    assert.ok(list.some((x) => x.id === t.id));
  });

  it('assessment: normal work keeps the level; a ransomware-like burst raises it and takes a version', async () => {
    await op!.call('subscribe', { topics: ['level', 'versions'] });
    const start = op!.events.length;
    const dir = await nfs!.mkdir(nfs!.root, 'work');
    const text = Buffer.from('Quarterly report, draft. '.repeat(200));
    const files = [];
    // Normal work: new files (some compressed-looking), edits in place with text, a few
    // renames within the same extension and removes.
    for (let i = 0; i < 260; i++) {
      const fh = await nfs!.create(dir, `doc-${i}.docx`);
      await nfs!.write(fh, 0, i % 10 === 0 ? randomBytes(8192) : text);
      files.push(fh);
    }
    for (let i = 0; i < 30; i++) await nfs!.write(files[i]!, 0, text.subarray(0, 1024));
    for (let i = 0; i < 10; i++)
      await nfs!.rename(dir, `doc-${250 + i}.docx`, dir, `old-${i}.docx`);
    for (let i = 0; i < 10; i++) await nfs!.remove(dir, `old-${i}.docx`);
    const calm = await op!.call<{ level: string; auto: boolean }>('level.get');
    assert.equal(calm.level, 'normal', 'normal work raises nothing');
    assert.ok(
      !op!.events.slice(start).some((m) => m.event === 'assessment' || m.event === 'level'),
    );
    const versionsBefore = (await op!.call<unknown[]>('versions.list')).length;
    const mark = op!.events.length;
    // The attack: rewrite files in place with random bytes, mark them, then delete originals.
    for (let i = 0; i < 30; i++) await nfs!.write(files[i]!, 0, randomBytes(4096));
    const raised = await op!.event(
      (m) => m.event === 'level' && (m.data as { level: string }).level !== 'normal',
      30_000,
      mark,
    );
    const lv = raised.data as { level: string; auto: boolean; reason: string; setBy: string };
    assert.equal(lv.level, 'elevated');
    assert.equal(lv.auto, true);
    assert.equal(lv.setBy, 'assessment');
    assert.match(lv.reason, /entropy: \d+/);
    for (let i = 0; i < 30; i++)
      await nfs!.rename(dir, `doc-${i}.docx`, dir, `doc-${i}.docx.locked`);
    for (let i = 30; i < 240; i++) await nfs!.remove(dir, `doc-${i}.docx`);
    const emergency = await op!.event(
      (m) => m.event === 'level' && (m.data as { level: string }).level === 'emergency',
      30_000,
      mark,
    );
    assert.match(
      (emergency.data as { reason: string }).reason,
      /entropy: .*extension: .*destructive: /,
    );
    const after = await op!.call<Array<{ reason: string }>>('versions.list');
    const taken = after.slice(versionsBefore);
    assert.ok(taken.length >= 2, `a version per raise (got ${taken.length})`);
    assert.ok(taken.every((v) => /assessment/.test(v.reason)));
    const st = await op!.call<{ assessment: { last: { level: string } } }>('level.get');
    assert.equal(st.assessment.last.level, 'emergency');
    // The operator takes it back down.
    await op!.call('level.set', { level: 'normal', reason: 'investigated' });
  });

  it('a task running when the proxy is killed is failed after the restart, and the level task survives', async () => {
    // A verify hangs on a stopped backup (calls wait for its answer).
    g[1]!.pause();
    let t: TaskInfo;
    try {
      t = await op!.call<TaskInfo>('tasks.create', { kind: 'verify' });
      await until('the verify task running', async () => {
        const x = await op!.call<TaskInfo>('tasks.get', { id: t.id });
        return x.state === 'running' ? x : undefined;
      });
      await admin!.call('policy.set', { level: 'normal', intervalSeconds: 3600 });
      op!.close();
      admin!.close();
      viewer!.close();
      await proxy!.kill9();
    } finally {
      g[1]!.resume();
    }
    await proxy!.restart();
    op = await connectConsole(proxy!.consoleAddress!, await proxy!.token('operator'));
    admin = await connectConsole(proxy!.consoleAddress!, await proxy!.token('admin'));
    viewer = await connectConsole(proxy!.consoleAddress!, await proxy!.token('viewer'));
    const x = await op.call<TaskInfo>('tasks.get', { id: t.id });
    assert.equal(x.state, 'failed');
    assert.match(x.error ?? '', /interrupted/);
    const level = (await op.call<TaskInfo[]>('tasks.list', { limit: 100 })).filter(
      (y) => y.owner === 'level' && y.state === 'pending',
    );
    assert.equal(level.length, 1, 'the level version task is still scheduled');
  });
});
