/**
 * Console methods for disaster levels, their policy, tasks and version housekeeping
 * (docs/console.md). Added to the table by `consoleMethods`.
 */
import { LevelError } from '../levels/policy.js';
import type { LevelController } from '../levels/levels.js';
import type { Assessor } from '../levels/assessment.js';
import {
  TASK_KINDS,
  TASK_STATES,
  TaskError,
  type TaskScheduler,
  type TaskState,
} from '../tasks/scheduler.js';
import { VersionError } from '../versions/versions.js';
import { ConsoleError, onlyKeys, type ConsoleCall, type ConsoleMethod } from './server.js';

/** What these methods need from the running proxy. */
export interface OperationsTarget {
  readonly levels: LevelController;
  readonly tasks: TaskScheduler;
  readonly assessor: Assessor | undefined;
  deleteVersion(name: string): Promise<unknown>;
  browse(version: string, path: string, from: number): Promise<unknown>;
}

function intParam(
  p: Record<string, unknown>,
  key: string,
  min: number,
  max: number,
): number | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new ConsoleError('bad-params', `${key} must be an integer ${min}..${max}`);
  return v;
}

function strParam(p: Record<string, unknown>, key: string, max = 4096): string | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > max || v.includes('\0'))
    throw new ConsoleError('bad-params', `${key} must be a non-empty string of at most ${max}`);
  return v;
}

function required<T>(v: T | undefined, key: string): T {
  if (v === undefined) throw new ConsoleError('bad-params', `${key} is required`);
  return v;
}

/** Maps the parts' typed errors to bad-params (the caller's input was wrong). */
async function guarded<T>(f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof LevelError || e instanceof TaskError || e instanceof VersionError)
      throw new ConsoleError('bad-params', e.message);
    throw e;
  }
}

/** Who made a call, for the records that keep it: `token:ID`. */
function who(call: ConsoleCall): string {
  return `token:${call.identity.id}`;
}

export function operationsMethods(t: OperationsTarget): Map<string, ConsoleMethod> {
  const m = new Map<string, ConsoleMethod>();
  const levelView = (): Record<string, unknown> => ({
    ...t.levels.view(),
    assessment: t.assessor?.status() ?? { enabled: false },
  });
  m.set('level.get', {
    role: 'viewer',
    audit: false,
    params: (p) => onlyKeys(p, []),
    handle: () => Promise.resolve(levelView()),
  });
  m.set('level.set', {
    role: 'operator',
    audit: true,
    params: (p) => {
      onlyKeys(p, ['level', 'reason']);
      return {
        level: required(strParam(p, 'level', 32), 'level'),
        reason: strParam(p, 'reason', 500),
      };
    },
    handle: (p: { level: string; reason: string | undefined }, call: ConsoleCall) =>
      guarded(async () => {
        const r = await t.levels.set(p.level, who(call), p.reason);
        return { ...levelView(), ...(r.version ? { version: r.version } : {}) };
      }),
  });
  m.set('level.history', {
    role: 'viewer',
    audit: false,
    params: (p) => {
      onlyKeys(p, ['limit']);
      return { limit: intParam(p, 'limit', 1, 10_000) ?? 100 };
    },
    handle: (p: { limit: number }) => Promise.resolve(t.levels.history(p.limit)),
  });
  m.set('policy.get', {
    role: 'viewer',
    audit: false,
    params: (p) => onlyKeys(p, []),
    handle: () => {
      const v = t.levels.view();
      return Promise.resolve({
        levels: v.levels,
        calmSeconds: v.calmSeconds,
        assessment: t.assessor?.config ?? { enabled: false },
      });
    },
  });
  m.set('policy.set', {
    role: 'admin',
    audit: true,
    params: (p) => {
      onlyKeys(p, ['level', 'intervalSeconds', 'keepLast', 'syncAsync', 'calmSeconds']);
      const level = strParam(p, 'level', 32);
      const change: Record<string, unknown> = {};
      for (const k of ['intervalSeconds', 'keepLast', 'syncAsync'])
        if (p[k] !== undefined) change[k] = p[k];
      if (level === undefined && Object.keys(change).length > 0)
        throw new ConsoleError('bad-params', 'level is required to change its policy');
      if (level !== undefined && Object.keys(change).length === 0)
        throw new ConsoleError(
          'bad-params',
          'give intervalSeconds, keepLast or syncAsync to change',
        );
      if (level === undefined && p['calmSeconds'] === undefined)
        throw new ConsoleError('bad-params', 'nothing to change');
      return { level, change, calmSeconds: p['calmSeconds'] };
    },
    handle: (p: {
      level: string | undefined;
      change: Record<string, unknown>;
      calmSeconds: unknown;
    }) =>
      guarded(() => {
        if (p.calmSeconds !== undefined) t.levels.setCalmSeconds(p.calmSeconds);
        if (p.level !== undefined) t.levels.setPolicy(p.level, p.change);
        const v = t.levels.view();
        return { levels: v.levels, calmSeconds: v.calmSeconds };
      }),
  });
  m.set('versions.delete', {
    role: 'operator',
    audit: true,
    params: (p) => {
      onlyKeys(p, ['name']);
      return { name: required(strParam(p, 'name', 64), 'name') };
    },
    handle: (p: { name: string }) => guarded(() => t.deleteVersion(p.name)),
  });
  m.set('versions.browse', {
    role: 'viewer',
    audit: false,
    params: (p) => {
      onlyKeys(p, ['version', 'path', 'from']);
      return {
        version: required(strParam(p, 'version', 64), 'version'),
        path: strParam(p, 'path') ?? '/',
        from: intParam(p, 'from', 0, 1_000_000_000) ?? 0,
      };
    },
    handle: (p: { version: string; path: string; from: number }) =>
      guarded(() => t.browse(p.version, p.path, p.from)),
  });
  m.set('tasks.list', {
    role: 'viewer',
    audit: false,
    params: (p) => {
      onlyKeys(p, ['state', 'limit']);
      const state = p['state'];
      if (state !== undefined && !TASK_STATES.includes(state as TaskState))
        throw new ConsoleError('bad-params', `state must be one of ${TASK_STATES.join(', ')}`);
      return { state, limit: intParam(p, 'limit', 1, 10_000) ?? 100 };
    },
    handle: (p: { state: TaskState | undefined; limit: number }) =>
      Promise.resolve(t.tasks.list(p.state, p.limit)),
  });
  m.set('tasks.get', {
    role: 'viewer',
    audit: false,
    params: (p) => {
      onlyKeys(p, ['id']);
      return { id: required(intParam(p, 'id', 1, Number.MAX_SAFE_INTEGER), 'id') };
    },
    handle: (p: { id: number }) =>
      guarded(() => {
        const task = t.tasks.get(p.id);
        if (!task) throw new TaskError(`no task ${p.id}`);
        return task;
      }),
  });
  m.set('tasks.create', {
    // Creating a resync or restore task needs the role the direct call needs: checked below.
    role: 'operator',
    audit: true,
    params: (p) => {
      onlyKeys(p, ['kind', 'params', 'atMs', 'everySeconds']);
      const kind = required(strParam(p, 'kind', 32), 'kind');
      if (!(TASK_KINDS as readonly string[]).includes(kind))
        throw new ConsoleError('bad-params', `kind must be one of ${TASK_KINDS.join(', ')}`);
      const params = p['params'] ?? {};
      if (typeof params !== 'object' || params === null || Array.isArray(params))
        throw new ConsoleError('bad-params', 'params must be an object');
      return {
        kind,
        params,
        atMs: intParam(p, 'atMs', 0, Number.MAX_SAFE_INTEGER),
        everySeconds: intParam(p, 'everySeconds', 1, 31_536_000),
      };
    },
    handle: (
      p: {
        kind: string;
        params: Record<string, unknown>;
        atMs: number | undefined;
        everySeconds: number | undefined;
      },
      call: ConsoleCall,
    ) =>
      guarded(() => {
        if (p.kind === 'resync' && call.identity.role !== 'admin')
          throw new ConsoleError('forbidden', 'a resync task needs the admin role');
        return t.tasks.create(p.kind, p.params, who(call), {
          atMs: p.atMs,
          everySeconds: p.everySeconds,
        });
      }),
  });
  for (const action of ['cancel', 'pause', 'resume'] as const) {
    m.set(`tasks.${action}`, {
      role: 'operator',
      audit: true,
      params: (p) => {
        onlyKeys(p, ['id']);
        return { id: required(intParam(p, 'id', 1, Number.MAX_SAFE_INTEGER), 'id') };
      },
      handle: (p: { id: number }) => guarded(() => t.tasks[action](p.id)),
    });
  }
  return m;
}
