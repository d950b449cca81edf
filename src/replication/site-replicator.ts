/**
 * One backup site's replicator (issue 4 item 3): applies the replication log's records to the
 * site in order (conflicting records in sequence order, independent ones in parallel up to a
 * window), tracks what the site has applied and committed, and moves between the states:
 *
 *   in-sync ──slow──> lagging ──3 unanswered resends──> out ──heartbeat answers──> catching-up
 *      ^                                                                             |
 *      └──────────────────────────── backlog replayed ───────────────────────────────┘
 *   any ──divergence / spool quota──> needs-resync ──ctl resync──> resyncing ──> catching-up
 *
 * A sync site that is in sync is fed live: each record is pushed to it as it is made and the
 * client's reply waits for it. Every other site (async, out, catching up) is fed from the log:
 * the records it lacks are in the journal and it reads them from its cursor.
 */
import type { Logger } from '../log/logger.js';
import * as nfs3 from '../protocol/generated/nfs3.js';
import { SiteUnavailableError, SITE_ROOT_CRED } from '../sites/nfs-site.js';
import type { Site } from '../sites/site.js';
import type { SiteMode } from '../sites/site-url.js';
import { Applier, type ApplyResult } from './apply.js';
import { OrderingQueue } from './ordering.js';
import { COMMIT_PROC, WRITE_PROC, recordClaims, type MutationRecord } from './record.js';
import type { SiteHandles } from './site-handles.js';
import { repairObjects, TreeSyncError, type TreeSyncDeps } from './tree-sync.js';
import type { RecordReader, ReplicationLog } from './replication-log.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;

export type SiteState =
  'in-sync' | 'lagging' | 'out' | 'catching-up' | 'needs-resync' | 'resyncing';

/** Records applied to one site at once. */
export const SITE_WINDOW = 16;
/** Bytes of UNSTABLE writes a site may hold uncommitted before the replicator commits. */
export const UNCOMMITTED_BYTES = 16 * 1024 * 1024;
/** Idle time after which a site's uncommitted writes are committed. Unit: ms. */
const COMMIT_IDLE_MS = 500;
/** An async site whose oldest unapplied record is older than this is `lagging`. Unit: ms. */
export const LAGGING_AFTER_MS = 5_000;
/** How far ahead of the sent records the durable send limit is moved. Unit: records. */
const SENT_LIMIT_STEP = 256n;

export interface SiteStatus {
  readonly name: string;
  readonly mode: SiteMode;
  readonly state: SiteState;
  readonly reason: string | undefined;
  /** Mutations not yet applied (and committed) on the site. */
  readonly lagMutations: number;
  /** Bytes of those mutations held in memory for it (the rest is in the journal). */
  readonly lagBytes: number;
  /** Age of the oldest mutation the site lacks. Unit: seconds. */
  readonly lagSeconds: number;
  /** First sequence number the site still needs. */
  readonly cursor: string;
  readonly since: number;
}

interface Uncommitted {
  verf: Buffer;
  recs: MutationRecord[];
}

export class SiteReplicator {
  readonly name: string;
  /** Current mode: the configured one, unless a disaster level switched an async site to sync. */
  mode: SiteMode;
  /** The mode the config gives. */
  readonly configuredMode: SiteMode;
  readonly site: Site;
  readonly handles: SiteHandles;
  private readonly log: ReplicationLog;
  private readonly logger: Logger;
  private readonly applier: Applier;
  state: SiteState = 'catching-up';
  reason: string | undefined;
  since = Date.now();
  /** Fed live (pushed records; clients wait for it). */
  live = false;
  /** Bumped at every transition: work started before it is void. */
  private gen = 0;
  private queue = new OrderingQueue(SITE_WINDOW);
  /** Records admitted and not yet acknowledged (applied and, for UNSTABLE writes, committed). */
  private readonly lacking = new Map<bigint, MutationRecord>();
  private lackingBytes = 0;
  /** Live records whose client reply still waits for this site. */
  private readonly owed = new Set<MutationRecord>();
  private readonly uncommitted = new Map<number, Uncommitted>();
  private uncommittedBytes = 0;
  private commitTimer: NodeJS.Timeout | undefined;
  /** Spooled: the next sequence number to read. */
  nextPull = 0n;
  private reader: RecordReader | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  /** Re-checks to run once records up to `repairUntil` are applied. */
  repairs = new Set<number>();
  repairUntil = 0n;
  /** Records up to here may have been applied before a crash: collect their objects. */
  uncertainUntil = 0n;
  sentLimit = 0n;
  private slotWaiter: (() => void) | undefined;
  readonly stats = { applied: 0, bytes: 0, diverged: 0, outs: 0, repaired: 0 };

  constructor(opts: {
    name: string;
    mode: SiteMode;
    site: Site;
    handles: SiteHandles;
    log: ReplicationLog;
    logger: Logger;
  }) {
    this.name = opts.name;
    this.mode = opts.mode;
    this.configuredMode = opts.mode;
    this.site = opts.site;
    this.handles = opts.handles;
    this.log = opts.log;
    this.logger = opts.logger.child({ site: opts.name });
    this.applier = new Applier(opts.site, opts.handles);
  }

  /** Every record below this is acknowledged by the site. */
  ackPoint(): bigint {
    const first = this.lacking.keys().next();
    if (!first.done) return first.value;
    return this.live ? this.log.nextSeq : this.nextPull;
  }

  status(): SiteStatus {
    const ack = this.ackPoint();
    const first = this.lacking.values().next();
    const oldest = first.done ? undefined : first.value.timeMs;
    const lagMutations =
      this.state === 'needs-resync' ? 0 : Math.max(0, Number(this.log.nextSeq - ack));
    return {
      name: this.name,
      mode: this.mode,
      state: this.state,
      reason: this.reason,
      lagMutations,
      lagBytes: this.lackingBytes,
      lagSeconds:
        lagMutations === 0
          ? 0
          : Math.max(
              0,
              (Date.now() - (oldest ?? this.log.oldestTimeFrom(ack) ?? Date.now())) / 1000,
            ),
      cursor: ack.toString(),
      since: this.since,
    };
  }

  // ---- transitions ----------------------------------------------------------------------------

  /** Records admitted and not yet acknowledged, in sequence order. */
  lackingRecords(): MutationRecord[] {
    return [...this.lacking.values()];
  }

  /** `keepWork`: the feed stays the same (running applies stay valid). */
  private transition(to: SiteState, reason: string | undefined, keepWork = false): void {
    const from = this.state;
    if (!keepWork) this.gen++;
    this.state = to;
    this.reason = reason;
    this.since = Date.now();
    this.log.recordTransition(this, from, to, reason);
  }

  /** Starts feeding from the journal at `cursor` (at start, on return, after a resync). */
  startCatchUp(cursor: bigint, reason: string): void {
    this.stopHeartbeat();
    this.live = false;
    this.resetWork();
    this.nextPull = cursor;
    this.transition('catching-up', reason);
    const gen = this.gen;
    void this.pump(gen);
  }

  /** The site did not answer: spool what it lacks, stop feeding it, probe until it answers. */
  goOut(reason: string): void {
    if (this.state === 'out' || this.state === 'needs-resync') return;
    this.stats.outs++;
    const wasLive = this.live;
    this.live = false;
    const recs = [...this.lacking.values()];
    const cursor = recs[0]?.seq ?? (wasLive ? this.log.nextSeq : this.nextPull);
    const owed = [...this.owed];
    this.owed.clear();
    this.resetWork();
    this.nextPull = cursor;
    this.transition('out', reason);
    this.logger.warn({ reason, cursor: cursor.toString() }, 'site is out: spooling its mutations');
    // What it lacks goes to the journal (durably) before the clients waiting for it are answered.
    const ok = this.log.spoolFor(this, recs, cursor);
    for (const r of owed) {
      if (ok) this.log.releaseWhenDurable(r);
      else this.log.release(r);
    }
    if (ok) this.startHeartbeat();
  }

  /** The site cannot be brought level by replay: drop its journal; only a resync helps. */
  needsResync(reason: string): void {
    if (this.state === 'needs-resync') return;
    this.stopHeartbeat();
    this.live = false;
    const owed = [...this.owed];
    this.owed.clear();
    this.resetWork();
    this.transition('needs-resync', reason);
    this.logger.error({ reason }, 'site needs a resync');
    this.log.dropSite(this);
    for (const r of owed) this.log.release(r);
  }

  /** Leaves the backups (promoted to primary): stops feeding and probing it. */
  retire(): void {
    this.stopHeartbeat();
    this.live = false;
    this.owed.clear();
    this.resetWork();
    this.gen++;
  }

  /** Applies a record on this site now (a forced promotion re-applying spooled mutations). */
  applyNow(rec: MutationRecord): Promise<ApplyResult> {
    return this.applier.apply(rec);
  }

  /** Starts a resync (the caller walks the tree); records from now on are journaled for it. */
  beginResync(): bigint {
    this.stopHeartbeat();
    this.live = false;
    this.resetWork();
    const cursor = this.log.nextSeq;
    this.nextPull = cursor;
    this.transition('resyncing', undefined);
    this.log.spoolFor(this, [], cursor);
    return cursor;
  }

  private resetWork(): void {
    this.lacking.clear();
    this.lackingBytes = 0;
    this.uncommitted.clear();
    this.uncommittedBytes = 0;
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    this.queue = new OrderingQueue(SITE_WINDOW);
    void this.reader?.close();
    this.reader = undefined;
    this.slotWaiter?.();
    this.slotWaiter = undefined;
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    const gen = this.gen;
    const beat = async (): Promise<void> => {
      if (gen !== this.gen) return;
      const alive = await this.site.ping(this.log.heartbeatTimeoutMs);
      if (gen !== this.gen) return;
      if (alive) {
        this.logger.info('site answers again: catching up');
        this.startCatchUp(this.nextPull, 'site answers again');
        return;
      }
      this.heartbeat = setTimeout(() => void beat(), this.log.heartbeatMs);
      this.heartbeat.unref();
    };
    this.heartbeat = setTimeout(() => void beat(), this.log.heartbeatMs);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    clearTimeout(this.heartbeat);
    this.heartbeat = undefined;
  }

  /** Updates in-sync / lagging from the lag (called periodically). */
  assess(): void {
    if (this.state !== 'in-sync' && this.state !== 'lagging') return;
    const first = this.lacking.values().next();
    const age = first.done ? 0 : Date.now() - first.value.timeMs;
    const slow = age > LAGGING_AFTER_MS;
    if (slow && this.state === 'in-sync')
      this.transition('lagging', `oldest unapplied mutation is ${age} ms old`, true);
    else if (!slow && this.state === 'lagging') this.transition('in-sync', undefined, true);
  }

  // ---- live feed --------------------------------------------------------------------------------

  /** A new record for a live site; its client's reply waits until `log.release` for this site. */
  push(rec: MutationRecord): void {
    this.owed.add(rec);
    this.admit(rec, this.gen);
  }

  private admit(rec: MutationRecord, gen: number): void {
    this.lacking.set(rec.seq, rec);
    this.lackingBytes += rec.cachedBytes ?? rec.size;
    const ticket = this.queue.admit(recordClaims(rec));
    void ticket.ready.then(() => this.run(rec, gen, ticket.done));
  }

  private async run(rec: MutationRecord, gen: number, done: () => void): Promise<void> {
    try {
      if (gen !== this.gen) return;
      if (rec.seq > this.sentLimit) {
        this.sentLimit = rec.seq + SENT_LIMIT_STEP;
        this.log.saveSiteState(this);
      }
      if (rec.seq <= this.uncertainUntil) this.noteUncertain(rec);
      let result;
      if (rec.kind === 'repair') {
        await this.repair(rec.touched);
        result = { kind: 'applied' as const };
      } else {
        result = await this.applier.apply(rec);
        // Sent before the primary answered: a mutation the primary refused is not judged here
        // (whatever the site did with it, the repair record that follows makes it level).
        if (rec.primaryOutcome && !(await rec.primaryOutcome))
          result = { kind: 'applied' as const };
      }
      if (gen !== this.gen) return;
      if (result.kind === 'diverged') {
        if (rec.seq <= this.uncertainUntil) {
          // Replayed after a crash, maybe applied before: the re-check that follows repairs it.
          this.logger.info({ seq: rec.seq.toString(), reason: result.reason }, 'uncertain replay');
        } else {
          this.stats.diverged++;
          this.needsResync(`divergence at mutation ${rec.seq}: ${result.reason}`);
          return;
        }
      }
      this.stats.applied++;
      if (rec.proc === WRITE_PROC) this.stats.bytes += rec.size;
      if (result.kind === 'applied' && result.unstableVerf) {
        this.holdUncommitted(rec, result.unstableVerf);
      } else {
        if (result.kind === 'applied' && rec.proc === COMMIT_PROC && result.commitVerf)
          await this.committed(rec.refs[0]!.id, result.commitVerf, gen);
        if (gen !== this.gen) return;
        this.ack(rec);
      }
      if (this.owed.delete(rec)) this.log.release(rec);
    } catch (e) {
      if (gen !== this.gen) return;
      if (e instanceof SiteUnavailableError) this.goOut(e.message);
      else if (e instanceof TreeSyncError) this.needsResync(`repair failed: ${e.message}`);
      else {
        this.logger.error({ err: (e as Error).message, seq: rec.seq.toString() }, 'apply failed');
        this.needsResync(`apply of mutation ${rec.seq} failed: ${(e as Error).message}`);
      }
    } finally {
      done();
      const w = this.slotWaiter;
      this.slotWaiter = undefined;
      w?.();
    }
  }

  private ack(rec: MutationRecord): void {
    if (this.lacking.delete(rec.seq)) this.lackingBytes -= rec.cachedBytes ?? rec.size;
  }

  // ---- UNSTABLE writes: applied only once committed with an unchanged verifier -----------------

  private holdUncommitted(rec: MutationRecord, verf: Buffer): void {
    const id = rec.refs[0]!.id;
    let u = this.uncommitted.get(id);
    if (!u) this.uncommitted.set(id, (u = { verf, recs: [] }));
    else if (!u.verf.equals(verf)) {
      // The site restarted since the file's earlier writes: they may be lost; resend at commit.
      u.verf = Buffer.alloc(0);
    }
    u.recs.push(rec);
    this.uncommittedBytes += rec.size;
    if (this.uncommittedBytes > UNCOMMITTED_BYTES) void this.commitAll(this.gen);
    else if (!this.commitTimer) {
      const gen = this.gen;
      this.commitTimer = setTimeout(() => {
        this.commitTimer = undefined;
        void this.commitAll(gen);
      }, COMMIT_IDLE_MS);
      this.commitTimer.unref();
    }
  }

  /** After a COMMIT of object `id` returned `verf`: its writes are applied, or resent. */
  private async committed(id: number, verf: Buffer, gen: number): Promise<void> {
    const u = this.uncommitted.get(id);
    if (!u) return;
    this.uncommitted.delete(id);
    for (const r of u.recs) this.uncommittedBytes -= r.size;
    if (!u.verf.equals(verf)) {
      // The site's verifier changed: it may have lost them (RFC 1813 3.3.7). Resend, stable.
      this.logger.warn(
        { object: id, writes: u.recs.length },
        'site write verifier changed: resending',
      );
      for (const r of u.recs) {
        const again = await this.applier.apply({
          ...r,
          args: { ...(r.args as nfs3.WRITE3args), stable: nfs3.FILE_SYNC },
        });
        if (gen !== this.gen) return;
        if (again.kind === 'diverged') {
          this.needsResync(`resend of mutation ${r.seq} failed: ${again.reason}`);
          return;
        }
      }
    }
    for (const r of u.recs) this.ack(r);
  }

  /** Commits every file with uncommitted writes (replicator-initiated COMMIT). */
  private async commitAll(gen: number): Promise<void> {
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    const ids = [...this.uncommitted.keys()];
    try {
      for (const id of ids) {
        const fh = this.handles.known(id);
        if (!fh) continue;
        const r = await this.site.call(
          NFS.NFSPROC3_COMMIT,
          { file: { data: fh }, offset: 0n, count: 0 },
          SITE_ROOT_CRED,
        );
        if (gen !== this.gen) return;
        if (r.status === nfs3.NFS3_OK) await this.committed(id, Buffer.from(r.resok.verf), gen);
        else if (r.status === nfs3.NFS3ERR_STALE) {
          // Removed since: nothing left to make durable.
          const u = this.uncommitted.get(id);
          this.uncommitted.delete(id);
          for (const rec of u?.recs ?? []) {
            this.uncommittedBytes -= rec.size;
            this.ack(rec);
          }
        }
        if (gen !== this.gen) return;
      }
    } catch (e) {
      if (gen === this.gen && e instanceof SiteUnavailableError) this.goOut(e.message);
    }
  }

  // ---- spooled feed -----------------------------------------------------------------------------

  private async pump(gen: number): Promise<void> {
    this.reader = this.log.reader(this.nextPull);
    const reader = this.reader;
    try {
      for (;;) {
        if (gen !== this.gen) return;
        if (this.repairs.size > 0 && this.nextPull > this.repairUntil) {
          await this.queue.drain();
          if (gen !== this.gen) return;
          await this.repair([...this.repairs]);
          if (gen !== this.gen) return;
          this.repairs.clear();
          this.repairUntil = 0n;
          this.log.clearRepairs(this);
          continue;
        }
        while (this.queue.size >= SITE_WINDOW) {
          await new Promise<void>((r) => (this.slotWaiter = r));
          if (gen !== this.gen) return;
        }
        const rec = await reader.next();
        if (gen !== this.gen) return;
        if (!rec) {
          if (this.repairs.size > 0) {
            this.nextPull =
              this.repairUntil + 1n > this.nextPull ? this.repairUntil + 1n : this.nextPull;
            continue;
          }
          if (this.state === 'catching-up' || this.state === 'resyncing') {
            if (this.mode === 'sync') {
              this.goLive();
              return;
            }
            this.transition('in-sync', undefined, true);
          }
          await this.log.waitForRecord(this.nextPull);
          continue;
        }
        if (this.repairs.size > 0 && rec.seq > this.repairUntil) {
          // Put it back: the re-check comes first.
          reader.unread(rec);
          this.nextPull = this.repairUntil + 1n;
          continue;
        }
        this.nextPull = rec.seq + 1n;
        this.admit(rec, gen);
      }
    } catch (e) {
      if (gen !== this.gen) return;
      if (e instanceof SiteUnavailableError) this.goOut(e.message);
      else if (e instanceof TreeSyncError) this.needsResync(`repair failed: ${e.message}`);
      else {
        this.logger.error({ err: (e as Error).message }, 'replay failed');
        this.needsResync(`replay failed: ${(e as Error).message}`);
      }
    } finally {
      if (this.reader === reader) this.reader = undefined;
      await reader.close();
    }
  }

  /** A sync site that replayed its backlog: fed live from here on. */
  private goLive(): void {
    this.live = true;
    // Records still running from the replay stay valid: same queue, same generation.
    this.transition('in-sync', undefined, true);
    this.log.siteLive(this);
    this.logger.info('site is in sync: fed live');
  }

  /**
   * Switches the replication mode (a disaster level's policy). To sync: the site catches up
   * from what it acknowledged and is then fed live (clients wait for it). To async: a live site
   * is spooled from what it lacks, like a site going out but without the probing, and reads
   * the journal from then on. A site that is out, resyncing or needing a resync only changes
   * its mode: it takes effect when it catches up.
   */
  setMode(mode: SiteMode): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.logger.info({ mode }, 'replication mode switched');
    if (this.state === 'out' || this.state === 'needs-resync' || this.state === 'resyncing') return;
    if (mode === 'sync') {
      if (!this.live) this.startCatchUp(this.ackPoint(), 'switched to sync');
      return;
    }
    if (!this.live) return;
    const recs = [...this.lacking.values()];
    const cursor = recs[0]?.seq ?? this.log.nextSeq;
    const owed = [...this.owed];
    this.owed.clear();
    this.live = false;
    this.resetWork();
    this.nextPull = cursor;
    const ok = this.log.spoolFor(this, recs, cursor);
    for (const r of owed) {
      if (ok) this.log.releaseWhenDurable(r);
      else this.log.release(r);
    }
    if (ok) this.startCatchUp(cursor, 'switched to async');
  }

  private noteUncertain(rec: MutationRecord): void {
    const ids = [...rec.refs.map((r) => r.id), ...rec.touched];
    if (rec.created) ids.push(rec.created);
    for (const id of ids) this.repairs.add(id);
    this.log.addRepairs(this, ids);
  }

  private async repair(ids: readonly number[]): Promise<void> {
    const deps: TreeSyncDeps = {
      catalog: this.log.catalog,
      primary: this.log.primary,
      site: this.site,
      handles: this.handles,
      log: this.logger,
    };
    const res = await repairObjects(deps, ids);
    this.stats.repaired += ids.length;
    this.logger.info(
      {
        objects: ids.length,
        differences: res.progress.differences,
        diffs: res.differences.slice(0, 20),
      },
      're-checked objects against the primary',
    );
  }
}
