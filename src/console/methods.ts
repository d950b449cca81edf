/**
 * The console's methods (docs/console.md). Each names the role it needs, whether it is audited,
 * how its params are checked, and what it does.
 */
import type { ReplicationLog } from '../replication/replication-log.js';
import type { Difference, TreeSyncProgress } from '../replication/tree-sync.js';
import { VersionError, type VersionInfo, type Versions } from '../versions/versions.js';
import type { RestoreProgress } from '../versions/restore.js';
import {
  ConsoleError,
  onlyKeys,
  optionalSiteName,
  type ConsoleCall,
  type ConsoleMethod,
} from './server.js';

/** What the console needs from the running proxy. */
export interface ConsoleTarget {
  readonly replication: ReplicationLog | undefined;
  readonly primaryName: string;
  verify(
    site: string,
    onProgress: (p: TreeSyncProgress) => void,
  ): Promise<{ differences: Difference[]; progress: TreeSyncProgress }>;
  resync(
    site: string,
    onProgress: (p: TreeSyncProgress) => void,
  ): Promise<{ differences: Difference[]; progress: TreeSyncProgress }>;
  rebuildPrimary(
    site: string,
    onProgress: (p: TreeSyncProgress) => void,
  ): Promise<{ differences: Difference[]; progress: TreeSyncProgress }>;
  readonly versions: Versions;
  createVersion(name: string | undefined, reason: string): Promise<VersionInfo>;
  pruneVersions(): Promise<{ deleted: string[]; copiesRemoved: number }>;
  /** NFS calls the proxy made to the primary, by procedure. */
  primaryCalls(): Record<string, number>;
  promote(site: string, force: boolean): Promise<unknown>;
  /** Reachability and latency of every site (the status detector). */
  health(): unknown;
  restore(
    version: string,
    path: string,
    to: string | undefined,
    onProgress: (p: RestoreProgress) => void,
  ): Promise<RestoreProgress>;
  exportVersion(
    version: string,
    path: string,
    out: string,
    onProgress: (p: RestoreProgress) => void,
  ): Promise<RestoreProgress>;
}

/** A string param of at most 4096 characters. */
function str(p: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = p[key];
  if (v === undefined) {
    if (required) throw new ConsoleError('bad-params', `${key} is required`);
    return undefined;
  }
  if (typeof v !== 'string' || v.length > 4096 || v.includes('\0'))
    throw new ConsoleError('bad-params', `${key} must be a string of at most 4096 characters`);
  return v;
}

async function versionCall<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof VersionError) throw new ConsoleError('bad-params', e.message);
    throw e;
  }
}

function siteNamesOf(t: ConsoleTarget): string[] {
  return t.replication?.sites.map((s) => s.name) ?? [];
}

function knownSite(t: ConsoleTarget, name: string): string {
  if (!siteNamesOf(t).includes(name))
    throw new ConsoleError('bad-params', `no backup site named '${name}'`);
  return name;
}

export function consoleMethods(t: ConsoleTarget): Map<string, ConsoleMethod> {
  const m = new Map<string, ConsoleMethod>();
  m.set('status', {
    role: 'viewer',
    audit: false,
    params: (p) => onlyKeys(p, []),
    handle: () => {
      const r = t.replication;
      return Promise.resolve({
        primary: t.primaryName,
        sites: r?.status() ?? [],
        journal: r
          ? {
              bytes: r.journal.bytes,
              firstSeq: r.journal.firstSeq.toString(),
              nextSeq: r.journal.nextSeq.toString(),
            }
          : null,
        mutations: r ? (r.nextSeq - 1n).toString() : '0',
        hotObjects: r?.hotObjects ?? 0,
        primaryCalls: t.primaryCalls(),
        health: t.health(),
        versions: t.versions.list().length,
      });
    },
  });
  m.set('sites.history', {
    role: 'viewer',
    audit: false,
    params: (p) => {
      onlyKeys(p, ['site', 'limit']);
      const limit = p['limit'] ?? 100;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 10_000)
        throw new ConsoleError('bad-params', 'limit must be an integer 1..10000');
      return { site: optionalSiteName(p), limit };
    },
    handle: (p: { site: string | undefined; limit: number }) =>
      Promise.resolve(t.replication?.history(p.site, p.limit) ?? []),
  });
  m.set('verify', {
    role: 'operator',
    audit: true,
    params: (p) => {
      onlyKeys(p, ['site']);
      const s = optionalSiteName(p);
      return { sites: s ? [knownSite(t, s)] : siteNamesOf(t) };
    },
    handle: async (p: { sites: string[] }, call: ConsoleCall) => {
      const out: Record<string, unknown> = {};
      for (const s of p.sites) {
        const r = await t.verify(s, (progress) => call.progress({ site: s, ...progress }));
        out[s] = {
          identical: r.progress.differences === 0,
          differences: r.differences,
          count: r.progress.differences,
          progress: r.progress,
        };
      }
      return out;
    },
  });
  m.set('resync', {
    role: 'admin',
    audit: true,
    params: (p) => {
      onlyKeys(p, ['site', 'from']);
      const s = optionalSiteName(p);
      if (!s) throw new ConsoleError('bad-params', 'site is required');
      if (p['from'] !== undefined && typeof p['from'] !== 'boolean')
        throw new ConsoleError('bad-params', 'from must be true or false');
      return { site: knownSite(t, s), from: p['from'] === true };
    },
    handle: async (p: { site: string; from: boolean }, call: ConsoleCall) => {
      const progress = (x: TreeSyncProgress): void => call.progress({ site: p.site, ...x });
      const r = p.from
        ? await t.rebuildPrimary(p.site, progress)
        : await t.resync(p.site, progress);
      return {
        site: p.site,
        rebuilt: p.from ? 'primary' : p.site,
        repaired: r.progress.differences,
        progress: r.progress,
      };
    },
  });
  m.set('promote', {
    role: 'admin',
    audit: true,
    params: (p) => {
      onlyKeys(p, ['site', 'force']);
      const site = optionalSiteName(p);
      if (!site) throw new ConsoleError('bad-params', 'site is required');
      if (p['force'] !== undefined && typeof p['force'] !== 'boolean')
        throw new ConsoleError('bad-params', 'force must be true or false');
      return { site: knownSite(t, site), force: p['force'] === true };
    },
    handle: (p: { site: string; force: boolean }) => t.promote(p.site, p.force),
  });
  m.set('versions.list', {
    role: 'viewer',
    audit: false,
    params: (p) => onlyKeys(p, []),
    handle: () => Promise.resolve(t.versions.list()),
  });
  m.set('versions.create', {
    role: 'operator',
    audit: true,
    params: (p) => {
      onlyKeys(p, ['name']);
      const name = p['name'];
      if (name !== undefined && typeof name !== 'string')
        throw new ConsoleError('bad-params', 'name must be a string');
      return { name };
    },
    handle: (p: { name: string | undefined }) =>
      versionCall(() => t.createVersion(p.name, 'operator')),
  });
  m.set('versions.rescan', {
    role: 'operator',
    audit: true,
    params: (p) => onlyKeys(p, []),
    handle: () => versionCall(() => t.versions.rescan()),
  });
  m.set('versions.prune', {
    role: 'operator',
    audit: true,
    params: (p) => onlyKeys(p, []),
    handle: () => versionCall(() => t.pruneVersions()),
  });
  m.set('restore', {
    role: 'operator',
    audit: true,
    params: (p) => {
      onlyKeys(p, ['version', 'path', 'to']);
      return {
        version: str(p, 'version', true)!,
        path: str(p, 'path', true)!,
        to: str(p, 'to', false),
      };
    },
    handle: (p: { version: string; path: string; to: string | undefined }, call: ConsoleCall) =>
      versionCall(() => t.restore(p.version, p.path, p.to, (x) => call.progress(x))),
  });
  m.set('export', {
    role: 'operator',
    audit: true,
    params: (p) => {
      onlyKeys(p, ['version', 'path', 'out']);
      return {
        version: str(p, 'version', true)!,
        path: str(p, 'path', true)!,
        out: str(p, 'out', true)!,
      };
    },
    handle: (p: { version: string; path: string; out: string }, call: ConsoleCall) =>
      versionCall(() => t.exportVersion(p.version, p.path, p.out, (x) => call.progress(x))),
  });
  return m;
}
