/**
 * Status detection (issue 6 item 1, the first paper's status detector): every site is probed on
 * an interval with an NFS NULL on a fresh connection and, if that answers, a GETATTR of its
 * export root. One status per site is kept in memory (reachable or not, latency, consecutive
 * failures, the last error), published through `onChange` (the console), and every change of
 * reachability is recorded in SQLite (`site_history`).
 */
import type Database from 'better-sqlite3';
import type { Logger } from '../log/logger.js';
import * as nfs3 from '../protocol/generated/nfs3.js';
import { SITE_ROOT_CRED } from './nfs-site.js';
import type { Site } from './site.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;

export interface SiteHealth {
  readonly name: string;
  role: 'primary' | 'backup';
  reachable: boolean;
  /** Round trip of the last successful probe (NULL + GETATTR). Unit: ms. */
  latencyMs: number | undefined;
  consecutiveFailures: number;
  lastError: string | undefined;
  lastOkMs: number | undefined;
  probes: number;
}

export interface HealthOptions {
  readonly db: Database.Database;
  readonly log: Logger;
  /** Probe interval. Unit: ms. */
  readonly intervalMs: number;
  /** How long one probe waits. Unit: ms. */
  readonly timeoutMs: number;
  /** The sites to probe now (the primary first); called at every round (roles change). */
  readonly sites: () => Array<{ site: Site; role: 'primary' | 'backup' }>;
  /** Called after every probe round. */
  readonly onRound?: (health: readonly SiteHealth[]) => void;
}

export class HealthMonitor {
  private readonly o: HealthOptions;
  private readonly byName = new Map<string, SiteHealth>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly history: Database.Statement;

  constructor(o: HealthOptions) {
    this.o = o;
    this.history = o.db.prepare(
      'INSERT INTO site_history (site, at_ms, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?)',
    );
  }

  start(): void {
    const tick = async (): Promise<void> => {
      if (this.running) return;
      this.running = true;
      try {
        await this.round();
      } catch (e) {
        this.o.log.error({ err: (e as Error).message }, 'health probe round failed');
      } finally {
        this.running = false;
      }
    };
    this.timer = setInterval(() => void tick(), this.o.intervalMs);
    this.timer.unref();
    void tick();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  status(): SiteHealth[] {
    return [...this.byName.values()].map((h) => ({ ...h }));
  }

  get(name: string): SiteHealth | undefined {
    return this.byName.get(name);
  }

  /** One probe of every site, in parallel. */
  async round(): Promise<void> {
    const sites = this.o.sites();
    await Promise.all(sites.map(({ site, role }) => this.probe(site, role)));
    this.o.onRound?.(this.status());
  }

  private async probe(site: Site, role: 'primary' | 'backup'): Promise<void> {
    let h = this.byName.get(site.name);
    if (!h) {
      h = {
        name: site.name,
        role,
        reachable: true,
        latencyMs: undefined,
        consecutiveFailures: 0,
        lastError: undefined,
        lastOkMs: undefined,
        probes: 0,
      };
      this.byName.set(site.name, h);
    }
    h.role = role;
    h.probes++;
    const t0 = performance.now();
    let error: string | undefined;
    if (!(await site.ping(this.o.timeoutMs))) error = 'NULL got no answer';
    else if (site.rootFh) {
      const r = await withTimeout(
        site.call(NFS.NFSPROC3_GETATTR, { object: { data: site.rootFh } }, SITE_ROOT_CRED),
        this.o.timeoutMs,
      ).catch((e: unknown) => e as Error);
      if (r instanceof Error) error = `GETATTR of the root: ${r.message}`;
      else if (r.status !== nfs3.NFS3_OK)
        error = `GETATTR of the root: ${nfs3.names_nfsstat3[r.status] ?? r.status}`;
    }
    const was = h.reachable;
    if (error === undefined) {
      h.reachable = true;
      h.latencyMs = performance.now() - t0;
      h.consecutiveFailures = 0;
      h.lastOkMs = Date.now();
    } else {
      h.consecutiveFailures++;
      h.lastError = error;
      h.reachable = false;
    }
    if (was !== h.reachable) {
      const to = h.reachable ? 'reachable' : 'unreachable';
      this.history.run(site.name, Date.now(), was ? 'reachable' : 'unreachable', to, error ?? null);
      this.o.log[h.reachable ? 'info' : 'warn'](
        { site: site.name, role, error },
        h.reachable ? 'site reachable again' : 'site unreachable',
      );
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e as Error);
      },
    );
  });
}
