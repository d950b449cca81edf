/**
 * What each task kind does (the scheduler's runners): the same operations the console's direct
 * calls run, with their params checked when the task is created (not when it runs).
 */
import type { TaskKind, TaskRunner } from './scheduler.js';
import { TaskError } from './scheduler.js';

/** The operations the runners call on the running proxy. */
export interface TaskTarget {
  siteNames(): string[];
  createVersion(name: string | undefined, reason: string): Promise<unknown>;
  pruneVersions(): Promise<unknown>;
  verify(site: string, onProgress: (p: unknown) => void): Promise<unknown>;
  resync(site: string, from: boolean, onProgress: (p: unknown) => void): Promise<unknown>;
  restore(
    version: string,
    path: string,
    to: string | undefined,
    onProgress: (p: unknown) => void,
  ): Promise<unknown>;
  exportVersion(
    version: string,
    path: string,
    out: string,
    onProgress: (p: unknown) => void,
  ): Promise<unknown>;
}

function only(p: Record<string, unknown>, keys: readonly string[]): void {
  for (const k of Object.keys(p))
    if (!keys.includes(k)) throw new TaskError(`unknown task parameter '${k}'`);
}

function str(p: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = p[key];
  if (v === undefined) {
    if (required) throw new TaskError(`${key} is required`);
    return undefined;
  }
  if (typeof v !== 'string' || v.length === 0 || v.length > 4096 || v.includes('\0'))
    throw new TaskError(`${key} must be a string of at most 4096 characters`);
  return v;
}

function strip(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export function taskRunners(t: TaskTarget): Map<TaskKind, TaskRunner> {
  const site = (p: Record<string, unknown>, required: boolean): string | undefined => {
    const s = str(p, 'site', required);
    if (s !== undefined && !t.siteNames().includes(s))
      throw new TaskError(`no backup site named '${s}'`);
    return s;
  };
  const m = new Map<TaskKind, TaskRunner>();
  m.set('version', {
    cancellable: false,
    params: (p) => {
      only(p, ['name']);
      return strip({ name: str(p, 'name', false) });
    },
    run: (p) => t.createVersion(p['name'] as string | undefined, 'schedule'),
  });
  m.set('prune', {
    cancellable: false,
    params: (p) => {
      only(p, []);
      return {};
    },
    run: () => t.pruneVersions(),
  });
  m.set('verify', {
    cancellable: true,
    params: (p) => {
      only(p, ['site']);
      return strip({ site: site(p, false) });
    },
    run: async (p, ctx) => {
      const sites = p['site'] ? [p['site'] as string] : t.siteNames();
      const out: Record<string, unknown> = {};
      for (const s of sites)
        out[s] = await t.verify(s, (x) => ctx.progress({ site: s, ...(x as object) }));
      return out;
    },
  });
  m.set('resync', {
    cancellable: true,
    params: (p) => {
      only(p, ['site', 'from']);
      if (p['from'] !== undefined && typeof p['from'] !== 'boolean')
        throw new TaskError('from must be true or false');
      return strip({ site: site(p, true), from: p['from'] === true ? true : undefined });
    },
    run: (p, ctx) => t.resync(p['site'] as string, p['from'] === true, (x) => ctx.progress(x)),
  });
  m.set('restore', {
    cancellable: true,
    params: (p) => {
      only(p, ['version', 'path', 'to']);
      return strip({
        version: str(p, 'version', true),
        path: str(p, 'path', true),
        to: str(p, 'to', false),
      });
    },
    run: (p, ctx) =>
      t.restore(p['version'] as string, p['path'] as string, p['to'] as string | undefined, (x) =>
        ctx.progress(x),
      ),
  });
  m.set('export', {
    cancellable: true,
    params: (p) => {
      only(p, ['version', 'path', 'out']);
      return {
        version: str(p, 'version', true)!,
        path: str(p, 'path', true)!,
        out: str(p, 'out', true)!,
      };
    },
    run: (p, ctx) =>
      t.exportVersion(p['version'] as string, p['path'] as string, p['out'] as string, (x) =>
        ctx.progress(x),
      ),
  });
  return m;
}
