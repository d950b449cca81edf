import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { RpcServer } from '@nfs/rpc-xdr';
import * as nfs3 from './protocol/generated/nfs3.js';
import * as mount3 from './protocol/generated/mount3.js';
import { openCatalogDb } from './catalog/db.js';
import { Catalog } from './catalog/catalog.js';
import type { ProxyConfig } from './config/config.js';
import { HandleCodec } from './core/handles.js';
import { ProxyCore } from './core/proxy-core.js';
import { MountService, type MountLookup } from './frontend/mount.js';
import { nfsService } from './frontend/nfs-service.js';
import { gated, type InternalCall } from './versions/cow.js';
import type { Logger } from './log/logger.js';
import { SITE_ROOT_CRED } from './sites/nfs-site.js';
import type { Site } from './sites/site.js';
import { createSite } from './sites/create-site.js';
import { FileSiteError } from './sites/file-site.js';
import { siteNames, type SiteMode, type SiteUrl } from './sites/site-url.js';
import { HealthMonitor, type SiteHealth } from './sites/health.js';
import { REPLICATION_RETRANSMISSIONS } from './config/config.js';
import { Journal } from './replication/journal.js';
import { ADAPTERS, type MutationRecord } from './replication/record.js';
import { ReplicationLog } from './replication/replication-log.js';
import { SiteHandles } from './replication/site-handles.js';
import { SiteReplicator } from './replication/site-replicator.js';
import {
  rebuildPrimaryTree,
  resyncTree,
  verifyTree,
  type Difference,
  type TreeSyncProgress,
} from './replication/tree-sync.js';
import path from 'node:path';
import { ConsoleServer } from './console/server.js';
import { consoleMethods } from './console/methods.js';
import {
  MetricsRegistry,
  RequestMetrics,
  preservedSpaceQuery,
  registerProxyMetrics,
} from './console/metrics.js';
import { TokenStore } from './console/tokens.js';
import { operationsMethods } from './console/operations-methods.js';
import { LevelController } from './levels/levels.js';
import { LEVELS } from './levels/policy.js';
import { Assessor } from './levels/assessment.js';
import { TaskScheduler } from './tasks/scheduler.js';
import { taskRunners } from './tasks/runners.js';
import { Versions } from './versions/versions.js';
import { globMatcher } from './versions/glob.js';
import { VersionManager } from './versions/manager.js';
import {
  browse,
  exportVersion,
  restore,
  type RestoreDeps,
  type RestoreProgress,
} from './versions/restore.js';

const EXPORT_ID_KEY = 'export-id';
/** Meta key: the name of the site a promotion made primary. */
const PRIMARY_SITE_KEY = 'primary-site';
/** How long a planned promotion waits for the site to apply its backlog. Unit: ms. */
const PROMOTE_DRAIN_MS = 60_000;

interface SiteSpec {
  readonly name: string;
  readonly url: SiteUrl;
  readonly mode: SiteMode;
}

/** One line about a replicated mutation, for reports. */
function describeRecord(r: MutationRecord): string {
  const proc = ADAPTERS.get(r.proc)?.proc.name ?? (r.kind === 'repair' ? 'repair' : String(r.proc));
  const p = r.refs[0]?.path;
  return `${proc} ${p ? `/${p.map((c) => c.toString('utf8')).join('/')}` : `object ${r.refs[0]?.id ?? '?'}`}`;
}

/** What a promotion did. */
export interface PromotionReport {
  readonly primary: string;
  readonly former: string;
  readonly forced: boolean;
  /** Time clients' new requests were held. Unit: ms. */
  readonly pauseMs: number;
  /** Mutations the new primary lacked: re-applied from the spool (forced promotion). */
  readonly reapplied: Array<{ seq: string; what: string; result: string }>;
  /** Mutations acknowledged to clients that could not be recovered. */
  readonly lost: Array<{ seq: string; what: string }>;
  readonly fenced: boolean;
}
/** How long a rebuild of the primary waits for its source site to apply its backlog. Unit: ms. */
const REBUILD_DRAIN_MS = 120_000;

/** RPC record limit for a given I/O size: the payload plus room for RPC, auth and NFS headers. */
/** Interval of the console's `lag` samples. Unit: ms. */
export const LAG_SAMPLE_MS = 1000;

export function recordLimitFor(maxIoSize: number): number {
  return maxIoSize + 8192;
}

/**
 * The running proxy: catalog, handles, the primary site, and the NFS + MOUNT server on one port.
 * `start` brings them up in order; `stop` drains in-flight requests, then closes everything.
 */
export class Proxy {
  readonly config: ProxyConfig;
  private readonly log: Logger;
  private server: RpcServer | undefined;
  private catalog: Catalog | undefined;
  private primary: Site | undefined;
  core: ProxyCore | undefined;
  replication: ReplicationLog | undefined;
  versions: Versions | undefined;
  versionManager: VersionManager | undefined;
  /** The proxy's own tree-changing calls (restore), through copy-on-write and replication. */
  managed: InternalCall | undefined;
  /** The task scheduler (versions by level, operators' tasks). */
  tasks: TaskScheduler | undefined;
  /** The disaster level. */
  levels: LevelController | undefined;
  /** The automatic assessment (when enabled). */
  assessor: Assessor | undefined;
  private lagTimer: NodeJS.Timeout | undefined;
  private backups: Site[] = [];
  private console: ConsoleServer | undefined;
  health: HealthMonitor | undefined;
  private promoting: Promise<PromotionReport> | undefined;
  /** Where the console listens, after `start` (when configured). */
  consoleAddress: { host: string; port: number } | undefined;
  /** Where the server listens, after `start`. */
  address: { host: string; port: number } | undefined;
  /** `/metrics` families; other parts add theirs with `proxy.metrics.gauge(name, help, fn)`. */
  readonly metrics = new MetricsRegistry();
  /** Request counts, latency and bytes, fed by the metrics interceptor. */
  readonly requestMetrics = new RequestMetrics();

  constructor(config: ProxyConfig, log: Logger) {
    this.config = config;
    this.log = log;
    let space: (() => { copies: number; bytes: number }) | undefined;
    registerProxyMetrics(this.metrics, {
      requests: this.requestMetrics,
      replication: () => this.replication,
      versions: () => this.versions,
      preservedSpace: () => {
        if (!this.catalog) return { copies: 0, bytes: 0 };
        space ??= preservedSpaceQuery(this.catalog.database);
        return space();
      },
      primary: () => this.catalog?.siteName ?? '',
      primaryCalls: () => this.primary?.calls ?? new Map<string, number>(),
      health: () => this.health?.status() ?? [],
      promoting: () => this.promoting !== undefined,
    });
    this.metrics.onError = (family, e) =>
      this.log.warn({ family, err: (e as Error).message }, 'a metrics collector failed');
  }

  async start(): Promise<{ host: string; port: number }> {
    const cfg = this.config;
    const names = siteNames(cfg.primary, cfg.backups);
    const db = openCatalogDb({ stateDir: cfg.state, log: this.log });
    // Which site is primary: the configured one, unless a promotion made another one primary
    // (names never change when roles do; the catalog remembers the switch).
    const all: SiteSpec[] = [cfg.primary, ...cfg.backups].map((url, i) => ({
      name: names[i]!,
      url,
      mode: i === 0 ? 'sync' : url.mode,
    }));
    const stored = (
      db.prepare('SELECT value FROM meta WHERE key = ?').get(PRIMARY_SITE_KEY) as
        { value: Buffer } | undefined
    )?.value.toString();
    let pIdx = stored === undefined ? 0 : all.findIndex((x) => x.name === stored);
    if (pIdx < 0) {
      this.log.warn(
        { site: stored },
        'the promoted primary is not in the config; using the configured primary',
      );
      pIdx = 0;
    } else if (pIdx > 0) {
      this.log.warn({ primary: stored }, 'a backup was promoted earlier: it is the primary');
    }
    const primarySpec = all[pIdx]!;
    const backupSpecs = all.filter((_, i) => i !== pIdx);
    const primaryName = primarySpec.name;
    const catalog = new Catalog(db, { site: primaryName, log: this.log });
    this.catalog = catalog;
    let exportIdBuf = catalog.getMeta(EXPORT_ID_KEY);
    if (!exportIdBuf) {
      exportIdBuf = randomBytes(4);
      catalog.setMeta(EXPORT_ID_KEY, exportIdBuf);
    }
    const handles = HandleCodec.load(cfg.state, exportIdBuf.readUInt32BE(0));
    const primary = createSite({
      name: primaryName,
      url: primarySpec.url,
      connections: cfg.upstream.connections,
      timeoutMs: cfg.upstream.timeoutMs,
      retransmissions: cfg.upstream.retransmissions,
      stateDir: cfg.state,
      log: this.log,
    });
    this.primary = primary;
    await primary.connect();
    const rootAttrs = await primary.call(
      nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures.NFSPROC3_GETATTR,
      { object: { data: primary.rootFh! } },
      SITE_ROOT_CRED,
    );
    catalog.setRoot(
      primary.rootFh!,
      rootAttrs.status === nfs3.NFS3_OK ? rootAttrs.resok.obj_attributes.fileid : undefined,
    );
    catalog.flushNow();
    const maxIoSize = Math.min(
      cfg.limits.maxIoSize,
      primary.fsinfo?.rtmax ?? cfg.limits.maxIoSize,
      primary.fsinfo?.wtmax ?? cfg.limits.maxIoSize,
    );
    const core = new ProxyCore({ catalog, handles, primary, log: this.log, maxIoSize });
    this.core = core;
    if (backupSpecs.length > 0)
      this.replication = await this.startReplication(backupSpecs, catalog);
    const versions = new Versions({
      catalog,
      primary,
      log: this.log,
      hiddenNames: [cfg.versions.hiddenName],
    });
    this.versions = versions;
    const server = new RpcServer({
      logger: this.log,
      maxRecordSize: recordLimitFor(cfg.limits.maxIoSize),
      maxInFlight: cfg.limits.maxInFlight,
      maxInFlightPerConnection: cfg.limits.maxInFlightPerConnection,
      maxConnections: cfg.limits.maxConnections,
    });
    const assessor = cfg.assessment.enabled
      ? new Assessor({
          config: cfg.assessment,
          log: this.log,
          raise: (level, reason) => this.levels?.raise(level, reason) ?? Promise.resolve(),
          onWindow: () => void this.levels?.checkCalm(),
          onAssessment: (e) => this.console?.broadcast('assessment', e),
        })
      : undefined;
    this.assessor = assessor;
    const service = nfsService({
      assess: assessor,
      metrics: this.requestMetrics,
      degraded: {
        writes: cfg.degraded.writes,
        reads: cfg.degraded.reads,
        primaryOut: () => {
          const h = this.health?.get(this.catalog!.siteName);
          return h !== undefined && h.role === 'primary' && !h.reachable;
        },
        readSite: () => {
          const s = this.replication?.sites.find(
            (r) => r.mode === 'sync' && r.live && r.state === 'in-sync' && r.site.connected,
          );
          return s ? { site: s.site, handles: s.handles } : undefined;
        },
      },
      core,
      policy: cfg.export,
      drc: cfg.drc,
      log: this.log,
      replication: this.replication,
      versions: {
        versions,
        viewName: cfg.versions.viewName,
        hiddenName: cfg.versions.hiddenName,
        regenerable: globMatcher(cfg.versions.regenerable),
      },
    });
    const nfs = service.handlers;
    this.managed = gated(core, service.managed);
    const manager = new VersionManager({
      core,
      versions,
      cow: service.cow!,
      internal: gated(core, service.internal),
      db: catalog.database,
      stateDir: cfg.state,
      retention: cfg.versions.retention,
      log: this.log,
    });
    this.versionManager = manager;
    const createVersion = async (name: string | undefined, reason: string) => {
      const v = await manager.create(name, reason);
      this.console?.broadcast('version', v);
      return v;
    };
    const tasks = new TaskScheduler({
      db: catalog.database,
      log: this.log,
      runners: taskRunners({
        siteNames: () => this.replication?.sites.map((s) => s.name) ?? [],
        createVersion,
        pruneVersions: () => manager.prune(),
        verify: async (site, p) => {
          const r = await this.verify(site, p);
          return {
            identical: r.progress.differences === 0,
            count: r.progress.differences,
            differences: r.differences.slice(0, 100),
          };
        },
        resync: async (site, from, p) => {
          const r = from ? await this.rebuildPrimary(site, p) : await this.resync(site, p);
          return { repaired: r.progress.differences, progress: r.progress };
        },
        restore: (v, path, to, p) => restore(this.restoreDeps(p), v, path, to),
        exportVersion: (v, path, out, p) => exportVersion(this.restoreDeps(p), v, path, out),
      }),
      onChange: (t) => this.console?.broadcast('task', t),
    });
    this.tasks = tasks;
    this.levels = new LevelController({
      db: catalog.database,
      log: this.log,
      scheduler: tasks,
      normalIntervalSeconds: cfg.versions.intervalSeconds,
      calmSeconds: cfg.levels.calmSeconds,
      takeVersion: (reason) => createVersion(undefined, reason),
      syncAsyncSites: (sync) => {
        for (const s of this.replication?.sites ?? [])
          if (s.configuredMode === 'async') s.setMode(sync ? 'sync' : 'async');
      },
      setKeepLast: (n) => manager.setKeepLast(n),
      onChange: (v) => this.console?.broadcast('level', v),
    });
    this.registerLevelMetrics(this.levels, tasks, assessor);
    server.register(nfs3.NFS_PROGRAM, nfs3.program_NFS_PROGRAM.versions.NFS_V3, nfs);
    const lookup: MountLookup = async (args, ctx) => {
      const r = await nfs.NFSPROC3_LOOKUP!(args, ctx);
      return typeof r === 'object' && r !== null && 'status' in r
        ? (r as nfs3.LOOKUP3res)
        : undefined;
    };
    server.register(
      mount3.MOUNT_PROGRAM,
      mount3.program_MOUNT_PROGRAM.versions.MOUNT_V3,
      new MountService(core, cfg.export, this.log, lookup).handlers(),
    );
    this.server = server;
    this.address = await server.listen({
      host: cfg.listen.host,
      port: cfg.listen.port,
      udp: cfg.udp,
    });
    if (cfg.console) {
      const currentReplication = (): ReplicationLog | undefined => this.replication;
      const currentPrimary = (): string => this.catalog!.siteName;
      const target = {
        get replication() {
          return currentReplication();
        },
        get primaryName() {
          return currentPrimary();
        },
        verify: (site: string, p: (x: TreeSyncProgress) => void) => this.verify(site, p),
        resync: (site: string, p: (x: TreeSyncProgress) => void) => this.resync(site, p),
        rebuildPrimary: (site: string, p: (x: TreeSyncProgress) => void) =>
          this.rebuildPrimary(site, p),
        versions,
        createVersion,
        promote: (site: string, force: boolean) => this.promote(site, force),
        health: () => this.health?.status() ?? [],
        pruneVersions: () => manager.prune(),
        primaryCalls: () => Object.fromEntries(primary.calls),
        restore: (
          v: string,
          p: string,
          to: string | undefined,
          onProgress: (x: RestoreProgress) => void,
        ) => restore(this.restoreDeps(onProgress), v, p, to),
        exportVersion: (
          v: string,
          p: string,
          out: string,
          onProgress: (x: RestoreProgress) => void,
        ) => exportVersion(this.restoreDeps(onProgress), v, p, out),
      };
      this.console = new ConsoleServer({
        host: cfg.console.host,
        port: cfg.console.port,
        db: catalog.database,
        tokens: new TokenStore(catalog.database),
        log: this.log,
        methods: new Map([
          ...consoleMethods(target),
          ...operationsMethods({
            levels: this.levels,
            tasks,
            assessor,
            deleteVersion: (name) => manager.delete(name),
            browse: (v, path, from) => browse(this.restoreDeps(), v, path, from),
          }),
        ]),
        metrics: () => this.metrics.render(),
        tls: cfg.console.tls && {
          cert: readFileSync(cfg.console.tls.cert),
          key: readFileSync(cfg.console.tls.key),
        },
      });
      this.consoleAddress = await this.console.start();
      this.replication?.onTransition((site, from, to, reason) =>
        this.console?.broadcast('site.state', { site, from, to, reason }),
      );
    }
    this.health = new HealthMonitor({
      db: catalog.database,
      log: this.log,
      intervalMs: cfg.health.intervalMs,
      timeoutMs: cfg.health.timeoutMs,
      sites: () => [
        { site: this.primary!, role: 'primary' as const },
        ...(this.replication?.sites ?? []).map((r) => ({ site: r.site, role: 'backup' as const })),
      ],
      onRound: (h) => this.onHealth(h),
    });
    this.health.start();
    this.replication?.onTransition((site, _from, to, reason) => {
      if (to === 'out') assessor?.siteOut(site, reason ?? 'no answer');
    });
    // The level's policy (version interval, sync switch, retention), then due tasks.
    this.levels.start();
    tasks.start();
    assessor?.start();
    this.lagTimer = setInterval(() => {
      const r = this.replication;
      if (!r || !this.console?.wants('lag')) return;
      this.console.broadcast('lag', {
        atMs: Date.now(),
        sites: r.status().map((s) => ({
          name: s.name,
          state: s.state,
          mode: s.mode,
          lagMutations: s.lagMutations,
          lagBytes: s.lagBytes,
          lagSeconds: s.lagSeconds,
        })),
      });
    }, LAG_SAMPLE_MS);
    this.lagTimer.unref();
    this.log.info(
      {
        listen: `${this.address.host}:${this.address.port}`,
        console: this.consoleAddress
          ? `${this.consoleAddress.host}:${this.consoleAddress.port}`
          : undefined,
        export: cfg.export.path,
        primary: cfg.primary.url,
        maxIoSize,
        state: cfg.state,
      },
      'nfs-proxy serving',
    );
    return this.address;
  }

  /**
   * Connects the backup sites (one that does not answer starts `out`), opens the journal and
   * starts a replicator per site: each resumes from its durable cursor.
   */
  private async startReplication(specs: SiteSpec[], catalog: Catalog): Promise<ReplicationLog> {
    const cfg = this.config;
    const r = cfg.replication;
    const journal = Journal.open({
      dir: path.join(cfg.state, 'journal'),
      log: this.log,
      fsync: r.journal.fsync,
      fsyncIntervalMs: r.journal.fsyncIntervalMs,
      quotaBytes: r.journal.quotaBytes,
      segmentBytes: r.journal.segmentBytes,
    });
    const log = new ReplicationLog({
      catalog,
      primary: this.primary!,
      journal,
      log: this.log,
      heartbeatMs: r.heartbeatMs,
      heartbeatTimeoutMs: Math.min(r.timeoutMs, r.heartbeatMs),
    });
    const replicators: SiteReplicator[] = [];
    for (const spec of specs) {
      const { url, name } = spec;
      const site = createSite({
        name,
        url,
        connections: cfg.upstream.connections,
        timeoutMs: r.timeoutMs,
        retransmissions: REPLICATION_RETRANSMISSIONS,
        stateDir: cfg.state,
        log: this.log,
      });
      this.backups.push(site);
      try {
        await site.connect();
      } catch (e) {
        // A file:// directory that is missing or read-only is a configuration mistake, not an
        // outage: refuse to start, as for the primary.
        if (e instanceof FileSiteError) throw e;
        this.log.warn(
          { site: name, err: (e as Error).message },
          'backup site unreachable at start',
        );
      }
      replicators.push(
        new SiteReplicator({
          name,
          mode: spec.mode,
          site,
          handles: new SiteHandles(catalog.database, site),
          log,
          logger: this.log,
        }),
      );
    }
    log.start(replicators);
    for (const s of replicators)
      if (!s.site.connected && s.state !== 'needs-resync') s.goOut('unreachable at start');
    return log;
  }

  /** /metrics families of the disaster level, the assessment and the tasks. */
  private registerLevelMetrics(
    levels: LevelController,
    tasks: TaskScheduler,
    assessor: Assessor | undefined,
  ): void {
    const m = this.metrics;
    if (m.has('nfsproxy_disaster_level')) return;
    m.gauge('nfsproxy_disaster_level', 'Current disaster level (1 for the current one).', () => {
      const cur = levels.view().level;
      return LEVELS.map((l) => ({ labels: { level: l }, value: l === cur ? 1 : 0 }));
    });
    m.gauge(
      'nfsproxy_disaster_level_auto',
      '1 while the level is one the automatic assessment raised.',
      () => (levels.view().auto ? 1 : 0),
    );
    m.gauge('nfsproxy_tasks', 'Tasks by kind and state.', () =>
      tasks.counts().map((c) => ({ labels: { kind: c.kind, state: c.state }, value: c.n })),
    );
    if (assessor) {
      m.counter(
        'nfsproxy_assessment_firings_total',
        'Times the automatic assessment raised (or tried to raise) the level.',
        () => assessor.stats.firings,
      );
    }
  }

  private restoreDeps(onProgress?: (p: RestoreProgress) => void): RestoreDeps {
    return {
      core: this.core!,
      versions: this.versions!,
      managed: this.managed!,
      log: this.log,
      ...(onProgress ? { onProgress } : {}),
    };
  }

  private replicator(name: string): SiteReplicator {
    const s = this.replication?.sites.find((x) => x.name === name);
    if (!s) throw new Error(`no backup site named ${name}`);
    return s;
  }

  /** Compares a backup site's tree with the primary's (ctl verify). */
  async verify(
    name: string,
    onProgress?: (p: TreeSyncProgress) => void,
  ): Promise<{ differences: Difference[]; progress: TreeSyncProgress }> {
    const s = this.replicator(name);
    if (!s.site.connected) throw new Error(`${name} is not connected`);
    return verifyTree({
      catalog: this.catalog!,
      primary: this.primary!,
      site: s.site,
      handles: s.handles,
      log: this.log,
      ...(onProgress ? { onProgress } : {}),
    });
  }

  /**
   * Rebuilds a backup site from the primary while clients keep working (ctl resync): mutations
   * from now on are journaled for it; the tree is copied; then the journal is replayed.
   */
  async resync(
    name: string,
    onProgress?: (p: TreeSyncProgress) => void,
  ): Promise<{ differences: Difference[]; progress: TreeSyncProgress }> {
    const s = this.replicator(name);
    if (!s.site.connected && !(await s.site.ping(this.config.replication.timeoutMs)))
      throw new Error(`${name} does not answer`);
    const cursor = s.beginResync();
    try {
      const res = await resyncTree({
        catalog: this.catalog!,
        primary: this.primary!,
        site: s.site,
        handles: s.handles,
        log: this.log,
        ...(onProgress ? { onProgress } : {}),
      });
      s.startCatchUp(cursor, 'resync copied the tree');
      return res;
    } catch (e) {
      s.needsResync(`resync failed: ${(e as Error).message}`);
      throw e;
    }
  }

  /**
   * Rebuilds the primary from backup `name` (ctl resync --from SITE), for a primary that was
   * damaged: new mutations are paused (clients wait, no errors), the site finishes its backlog,
   * the primary is made to match it, every other backup is marked needs-resync (it follows the
   * old primary), the write verifier changes (clients resend unstable data), mutations resume.
   */
  async rebuildPrimary(
    name: string,
    onProgress?: (p: TreeSyncProgress) => void,
  ): Promise<{ differences: Difference[]; progress: TreeSyncProgress }> {
    const log = this.replication;
    const s = this.replicator(name);
    if (!log) throw new Error('no backup sites');
    if (s.state === 'needs-resync' || s.state === 'resyncing' || s.state === 'out')
      throw new Error(`${name} is ${s.state}: it cannot be the source of a rebuild`);
    const pause = log.front.admit({ claims: [], barrier: true });
    try {
      await pause.ready;
      const deadline = Date.now() + REBUILD_DRAIN_MS;
      while (s.status().lagMutations > 0) {
        if (Date.now() > deadline)
          throw new Error(`${name} did not apply its backlog within ${REBUILD_DRAIN_MS} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
      this.log.warn({ from: name }, 'rebuilding the primary from a backup; mutations paused');
      const res = await rebuildPrimaryTree({
        catalog: this.catalog!,
        primary: this.primary!,
        site: s.site,
        handles: s.handles,
        log: this.log,
        ...(onProgress ? { onProgress } : {}),
      });
      for (const other of log.sites)
        if (other !== s) other.needsResync(`the primary was rebuilt from ${name}`);
      this.core?.bumpVerifierEpoch();
      this.log.warn(
        { from: name, differences: res.progress.differences },
        'primary rebuilt from a backup',
      );
      return res;
    } finally {
      pause.done();
    }
  }

  /**
   * After each health round: publishes the status and, with `takeover.auto`, promotes an in-sync
   * sync backup when the primary failed `afterFailures` probes in a row (never two at once).
   */
  private onHealth(h: readonly SiteHealth[]): void {
    this.console?.broadcast('health', h);
    const cfg = this.config.takeover;
    if (!cfg.auto || this.promoting || !this.replication) return;
    const primary = h.find((x) => x.role === 'primary');
    if (!primary || primary.consecutiveFailures < cfg.afterFailures) return;
    const candidate = this.replication.sites.find(
      (s) => s.mode === 'sync' && s.live && s.state === 'in-sync' && s.site.connected,
    );
    if (!candidate) {
      this.log.error(
        { primary: primary.name, failures: primary.consecutiveFailures },
        'the primary is down and no in-sync sync backup can take over',
      );
      return;
    }
    this.log.warn(
      { primary: primary.name, to: candidate.name, failures: primary.consecutiveFailures },
      'automatic takeover: promoting a backup',
    );
    this.promoting = this.promote(candidate.name, true);
    this.promoting
      .then((report) => {
        this.catalog!.database.prepare(
          'INSERT INTO audit (at_ms, token_id, role, action, params, result, detail) VALUES (?, NULL, ?, ?, ?, ?, ?)',
        ).run(
          Date.now(),
          'system',
          'promote',
          JSON.stringify({ site: candidate.name, force: true, automatic: true }),
          'ok',
          `after ${primary.consecutiveFailures} failed probes of ${primary.name}`,
        );
        this.console?.broadcast('takeover', report);
      })
      .catch((e: unknown) =>
        this.log.error({ err: (e as Error).message }, 'automatic takeover failed'),
      )
      .finally(() => (this.promoting = undefined));
  }

  /**
   * Makes backup `name` the primary without clients remounting (issue 6):
   * - planned: new requests are held (clients see a short delay, no error) while running ones
   *   finish; the site applies its backlog; the catalog switches to its handles (the ones its
   *   replicator learned; the rest are found by path when first used); the write verifier
   *   changes so clients resend UNSTABLE data; the old primary becomes a sync backup fed from
   *   this point;
   * - forced (`force`, the primary is gone): the site becomes primary with what it has;
   *   mutations it lacked are re-applied from the spool where they are still there, and the
   *   report lists exactly what was re-applied and what was lost; the old primary is fenced
   *   (needs-resync: rebuilt from the new primary when it returns, never primary again unless
   *   promoted back).
   */
  async promote(name: string, force = false): Promise<PromotionReport> {
    const log = this.replication;
    const core = this.core;
    if (!log || !core) throw new Error('no backup sites');
    const s = this.replicator(name);
    if (!force && s.state !== 'in-sync' && s.state !== 'lagging')
      throw new Error(`${name} is ${s.state}: only an in-sync site can be promoted (or --force)`);
    if (force && (s.state === 'needs-resync' || s.state === 'resyncing'))
      this.log.warn(
        { site: name, state: s.state },
        'forced promotion of a site that needs a resync',
      );
    if (!s.site.connected && !(await s.site.ping(this.config.replication.timeoutMs)))
      throw new Error(`${name} does not answer`);
    const t0 = Date.now();
    return core.exclusive(async () => {
      const held = Date.now();
      const reapplied: PromotionReport['reapplied'] = [];
      const lost: PromotionReport['lost'] = [];
      if (!force) {
        const deadline = Date.now() + PROMOTE_DRAIN_MS;
        while (s.status().lagMutations > 0) {
          if (Date.now() > deadline)
            throw new Error(`${name} did not apply its backlog within ${PROMOTE_DRAIN_MS} ms`);
          await new Promise((r) => setTimeout(r, 20));
        }
      } else {
        // What the site lacks: re-apply what is still in the spool, report the rest. Its own
        // replay stops first, so the two never run at once.
        const cursor = BigInt(s.status().cursor);
        s.retire();
        const recs = await log.recordsFrom(cursor, 1_000_000);
        let expect = cursor;
        for (const r of recs) {
          if (r.seq > expect)
            lost.push({ seq: `${expect}..${r.seq - 1n}`, what: 'not in the spool' });
          expect = r.seq + 1n;
          const what = describeRecord(r);
          try {
            const res = await s.applyNow(r);
            reapplied.push({ seq: r.seq.toString(), what, result: res.kind });
          } catch (e) {
            lost.push({ seq: r.seq.toString(), what: `${what}: ${(e as Error).message}` });
          }
        }
        if (expect < log.nextSeq && s.mode === 'async')
          lost.push({ seq: `${expect}..${log.nextSeq - 1n}`, what: 'not in the spool' });
      }
      const former = this.primary!;
      const formerName = this.catalog!.siteName;
      const catalog = this.catalog!;
      catalog.switchSite(name);
      const rootAttrs = await s.site.call(
        nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures.NFSPROC3_GETATTR,
        { object: { data: s.site.rootFh! } },
        SITE_ROOT_CRED,
      );
      catalog.setRoot(
        s.site.rootFh!,
        rootAttrs.status === nfs3.NFS3_OK ? rootAttrs.resok.obj_attributes.fileid : undefined,
      );
      catalog.flushNow();
      core.setPrimary(s.site);
      this.versions?.setPrimary(s.site);
      this.primary = s.site;
      const formerRep = new SiteReplicator({
        name: formerName,
        mode: 'sync',
        site: former,
        handles: new SiteHandles(catalog.database, former),
        log,
        logger: this.log,
      });
      this.backups = [...this.backups.filter((b) => b !== s.site), former];
      const fenced = force
        ? `fenced: ${name} was promoted by force while this was primary`
        : undefined;
      log.replacePrimary(s, formerRep, fenced);
      if (!force && !former.connected) formerRep.goOut('the former primary does not answer');
      core.bumpVerifierEpoch();
      catalog.setMeta(PRIMARY_SITE_KEY, Buffer.from(name));
      const report: PromotionReport = {
        primary: name,
        former: formerName,
        forced: force,
        pauseMs: Date.now() - held,
        reapplied,
        lost,
        fenced: fenced !== undefined,
      };
      this.log.warn({ ...report, waitedMs: held - t0 }, 'promoted a backup to primary');
      this.console?.broadcast('promotion', report);
      return report;
    });
  }

  /** Stops accepting, lets in-flight requests finish (up to shutdownGraceMs), then closes. */
  async stop(): Promise<void> {
    clearInterval(this.lagTimer);
    this.lagTimer = undefined;
    this.assessor?.stop();
    this.tasks?.stop();
    this.health?.stop();
    await this.server?.close(this.config.shutdownGraceMs);
    this.server = undefined;
    await this.console?.stop();
    this.console = undefined;
    await this.replication?.stop();
    this.replication = undefined;
    for (const b of this.backups) await b.close();
    this.backups = [];
    await this.primary?.close();
    this.primary = undefined;
    this.catalog?.close();
    this.catalog = undefined;
  }
}
