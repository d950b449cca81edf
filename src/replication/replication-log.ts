/**
 * The replication log (issue 4 item 2; design promises 2-4): numbers every mutation the primary
 * accepted, hands it to every backup site's replicator, and decides what must reach the disk.
 *
 * - While every site is a sync site fed live, nothing is written to disk: the client's reply
 *   waits until each site applied the mutation (the paper's in-memory path).
 * - As soon as any site is not fed live (async, out, catching up, resyncing), every new record is
 *   appended to the journal before the client is answered ("spool mode"). At the moment spool
 *   mode starts, everything any live site still lacks is appended first, in sequence order, so
 *   the journal is always in sequence order and holds everything a spooled site lacks.
 * - Every site has a cursor in the journal (the first sequence number it still needs), written
 *   durably; segments every site has passed are deleted. A spooled site reads the journal from
 *   its cursor (or the in-memory tail of recent records).
 *
 * Crash safety (item 7): before a mutation is forwarded to the primary, the objects it touches
 * are recorded as "hot" in SQLite (one transaction per event-loop turn; an object stays hot while
 * mutations on it keep coming, like DRBD's activity log). An object becomes cold once every site
 * has applied, or durably spooled, the last mutation on it. After a crash, every hot object is
 * re-checked on every site against the primary, after the site's backlog, and so is every object
 * of the records a site may have received before the crash but not acknowledged (those after its
 * durable cursor, up to its durable send limit).
 */
import type Database from 'better-sqlite3';
import type { Catalog } from '../catalog/catalog.js';
import type { Logger } from '../log/logger.js';
import type { Site } from '../sites/site.js';
import { JournalError, type Journal } from './journal.js';
import { OrderingQueue } from './ordering.js';
import { decodeRecord, encodeRecordParts, type MutationRecord } from './record.js';
import type { SiteReplicator, SiteState, SiteStatus } from './site-replicator.js';

/** Bytes of recent records kept in memory for spooled sites to read without the disk. */
export const RECENT_RECORDS_BYTES = 32 * 1024 * 1024;
/** How often site cursors are written and cold objects swept. Unit: ms. */
const HOUSEKEEPING_MS = 500;

export interface ReplicationLogOptions {
  readonly catalog: Catalog;
  readonly primary: Site;
  readonly journal: Journal;
  readonly log: Logger;
  /** Interval of the NFS NULL probe of an out site. Unit: ms. */
  readonly heartbeatMs: number;
  /** How long a probe waits for its answer. Unit: ms. */
  readonly heartbeatTimeoutMs: number;
}

interface HotEntry {
  inflight: number;
  lastSeq: bigint;
}

/** Runtime fields the log keeps on a record while clients wait for it. */
interface Waiting {
  shares: number;
  settle: (() => void) | undefined;
}

export class ReplicationLog {
  readonly catalog: Catalog;
  /** The current primary (changes at a promotion). */
  primary: Site;
  readonly journal: Journal;
  readonly heartbeatMs: number;
  readonly heartbeatTimeoutMs: number;
  private readonly logger: Logger;
  private readonly db: Database.Database;
  sites: SiteReplicator[] = [];
  /** Orders client mutations in front of the primary (see ordering.ts). */
  readonly front = new OrderingQueue();
  nextSeq = 1n;
  private readonly waiting = new WeakMap<MutationRecord, Waiting>();
  private cache: MutationRecord[] = [];
  private cacheHead = 0;
  private cacheBytes = 0;
  private recordWaiters: Array<() => void> = [];
  private readonly hot = new Map<number, HotEntry>();
  private hotInserts: number[] = [];
  private hotFlush: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly transitionListeners: Array<
    (site: string, from: SiteState, to: SiteState, reason: string | undefined) => void
  > = [];
  private readonly stmts: Record<string, Database.Statement>;
  readonly stats = { records: 0, journaled: 0, bytes: 0, hotInserts: 0 };

  constructor(opts: ReplicationLogOptions) {
    this.catalog = opts.catalog;
    this.primary = opts.primary;
    this.journal = opts.journal;
    this.heartbeatMs = opts.heartbeatMs;
    this.heartbeatTimeoutMs = opts.heartbeatTimeoutMs;
    this.logger = opts.log;
    this.db = opts.catalog.database;
    const s = (sql: string): Database.Statement => this.db.prepare(sql);
    this.stmts = {
      hotInsert: s('INSERT OR IGNORE INTO replication_hot (object, since_ms) VALUES (?, ?)'),
      hotDelete: s('DELETE FROM replication_hot WHERE object = ?'),
      hotAll: s('SELECT object FROM replication_hot'),
      hotClear: s('DELETE FROM replication_hot'),
      stateAll: s('SELECT site, state, reason, sent_limit, repair_until FROM site_state'),
      stateSave:
        s(`INSERT INTO site_state (site, state, reason, sent_limit, repair_until, updated_ms)
        VALUES (@site, @state, @reason, @sent_limit, @repair_until, @now)
        ON CONFLICT (site) DO UPDATE SET state = excluded.state, reason = excluded.reason,
          sent_limit = excluded.sent_limit, repair_until = excluded.repair_until,
          updated_ms = excluded.updated_ms`),
      history: s(
        'INSERT INTO site_history (site, at_ms, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?)',
      ),
      repairsOf: s('SELECT object FROM site_repairs WHERE site = ?'),
      repairAdd: s('INSERT OR IGNORE INTO site_repairs (site, object) VALUES (?, ?)'),
      repairClear: s('DELETE FROM site_repairs WHERE site = ?'),
    };
  }

  // ---- start and stop -----------------------------------------------------------------------------

  /**
   * Recovers after a restart and starts every site's replicator: each resumes from its durable
   * cursor; hot objects and possibly-applied records are queued for a re-check.
   */
  start(sites: SiteReplicator[]): void {
    this.sites = sites;
    const end = this.journal.nextSeq;
    this.nextSeq = end;
    const rows = new Map(
      (
        this.stmts.stateAll!.all() as Array<{
          site: string;
          state: string;
          reason: string | null;
          sent_limit: number | bigint;
          repair_until: number | bigint;
        }>
      ).map((r) => [r.site, r]),
    );
    const hot = (this.stmts.hotAll!.all() as Array<{ object: number }>).map((r) => r.object);
    if (hot.length > 0) {
      this.logger.warn(
        { objects: hot.length },
        'mutations were in flight at the last stop: their objects will be re-checked on every site',
      );
    }
    for (const s of sites) {
      const row = rows.get(s.name);
      if (row && (row.state === 'needs-resync' || row.state === 'resyncing')) {
        s.state = 'needs-resync';
        s.reason = row.reason ?? 'needed a resync before the restart';
        this.journal.dropCursor(s.name);
        continue;
      }
      const cursor = this.journal.cursor(s.name) ?? end;
      s.sentLimit = BigInt(row?.sent_limit ?? 0);
      s.uncertainUntil = s.sentLimit >= cursor ? (s.sentLimit < end ? s.sentLimit : end - 1n) : 0n;
      const pending = (this.stmts.repairsOf!.all(s.name) as Array<{ object: number }>).map(
        (r) => r.object,
      );
      s.repairs = new Set([...pending, ...hot]);
      let until = BigInt(row?.repair_until ?? 0);
      if (hot.length > 0 || s.uncertainUntil > 0n) until = until > end - 1n ? until : end - 1n;
      s.repairUntil = s.repairs.size > 0 || s.uncertainUntil > 0n ? until : 0n;
      this.addRepairs(s, hot);
      this.saveSiteState(s);
    }
    this.stmts.hotClear!.run();
    this.journal.setCursors(
      sites
        .filter((s) => s.state !== 'needs-resync')
        .map((s) => [s.name, this.journal.cursor(s.name) ?? end]),
    );
    for (const s of sites) {
      if (s.state === 'needs-resync') continue;
      s.startCatchUp(this.journal.cursor(s.name) ?? end, 'proxy started');
    }
    this.timer = setInterval(() => this.housekeeping(), HOUSEKEEPING_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.housekeeping();
    for (const s of this.sites) s.handles.flushNow();
    await this.journal.close();
  }

  // ---- the mutation path ------------------------------------------------------------------------

  /**
   * Marks objects hot before their mutation is forwarded. Resolves once that is durable (only
   * objects not already hot cost a write; undefined when none does).
   */
  begin(ids: readonly number[]): Promise<void> | undefined {
    let inserted = false;
    for (const id of ids) {
      let e = this.hot.get(id);
      if (!e) {
        this.hot.set(id, (e = { inflight: 0, lastSeq: 0n }));
        this.hotInserts.push(id);
        inserted = true;
      }
      e.inflight++;
    }
    if (!inserted) return undefined;
    this.hotFlush ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.hotFlush = undefined;
        const ids = this.hotInserts;
        this.hotInserts = [];
        try {
          const now = Date.now();
          this.db.transaction(() => {
            for (const id of ids) this.stmts.hotInsert!.run(id, now);
          })();
          this.stats.hotInserts += ids.length;
          resolve();
        } catch (e) {
          reject(e as Error);
        }
      });
    });
    return this.hotFlush;
  }

  /** The mutation on `ids` finished (recorded as `seq`, or failed on the primary: undefined). */
  end(ids: readonly number[], seq: bigint | undefined): void {
    for (const id of ids) {
      const e = this.hot.get(id);
      if (!e) continue;
      e.inflight--;
      if (seq !== undefined && seq > e.lastSeq) e.lastSeq = seq;
    }
  }

  /**
   * Numbers a mutation the primary accepted and hands it to the sites. Resolves when the client
   * may be answered: every live site applied it (or went out and it is spooled for it), and it is
   * durably in the journal if any site is spooled.
   */
  submit(rec: MutationRecord): Promise<void> {
    rec.seq = this.nextSeq++;
    this.stats.records++;
    const live = this.sites.filter((s) => s.live);
    const spool = this.spooling();
    const w: Waiting = { shares: live.length + (spool ? 1 : 0), settle: undefined };
    const done =
      w.shares === 0 ? Promise.resolve() : new Promise<void>((resolve) => (w.settle = resolve));
    this.waiting.set(rec, w);
    this.cachePush(rec);
    if (spool) {
      if (this.append(rec)) this.releaseWhenDurable(rec);
      else this.release(rec);
    }
    for (const s of live) s.push(rec);
    const waiters = this.recordWaiters;
    this.recordWaiters = [];
    for (const f of waiters) f();
    return done;
  }

  /** One share of a record's wait is over (a site applied it, or it is durable for it). */
  release(rec: MutationRecord): void {
    const w = this.waiting.get(rec);
    if (!w || w.shares <= 0) return;
    if (--w.shares === 0) {
      w.settle?.();
      this.waiting.delete(rec);
    }
  }

  /** Releases a share once the journal holds the record durably. */
  releaseWhenDurable(rec: MutationRecord): void {
    if (!rec.journaled) {
      this.release(rec);
      return;
    }
    this.journal.commit().then(
      () => this.release(rec),
      (e: unknown) => {
        // The journal cannot be written: fail safe, the record stays owed (the client retries).
        this.logger.error({ err: (e as Error).message }, 'journal commit failed');
      },
    );
  }

  /**
   * True when every backup is a sync site fed live and nothing is spooled: a mutation may then
   * go to the sites while the primary works on it (see the replication tap).
   */
  allLive(): boolean {
    if (this.sites.length === 0) return false;
    for (const s of this.sites) if (!s.live) return false;
    return true;
  }

  /** True while some site is fed from the journal. */
  spooling(except?: SiteReplicator): boolean {
    return this.sites.some((s) => s !== except && !s.live && s.state !== 'needs-resync');
  }

  /**
   * `site` stops being fed live: the records it lacks (and, if spool mode starts now, everything
   * any live site lacks) go to the journal in sequence order, and its cursor is written durably.
   * False when that is impossible (the site was marked needs-resync instead).
   */
  spoolFor(site: SiteReplicator, recs: readonly MutationRecord[], cursor: bigint): boolean {
    const add = new Map<bigint, MutationRecord>();
    for (const r of recs) if (!r.journaled) add.set(r.seq, r);
    if (!this.spooling(site)) {
      for (const s of this.sites) {
        if (s === site || !s.live) continue;
        for (const r of s.lackingRecords()) if (!r.journaled) add.set(r.seq, r);
      }
    }
    const sorted = [...add.values()].sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
    for (const r of sorted) {
      if (r.seq < this.journal.nextSeq) {
        site.needsResync(`mutation ${r.seq} cannot be spooled in order`);
        return false;
      }
      if (!this.append(r)) return site.state !== 'needs-resync';
    }
    if (site.state === 'needs-resync') return false;
    this.journal.setCursors([[site.name, cursor]]);
    return true;
  }

  /** Appends a record; on quota, the furthest-behind spooled site is dropped to needs-resync. */
  private append(rec: MutationRecord): boolean {
    for (;;) {
      try {
        this.journal.append(encodeRecordParts(rec), rec.seq);
        rec.journaled = true;
        this.stats.journaled++;
        this.stats.bytes += rec.size;
        return true;
      } catch (e) {
        if (!(e instanceof JournalError) || e.code !== 'NFSP_ERR_JOURNAL_QUOTA') throw e;
        const victims = this.sites
          .filter((s) => !s.live && s.state !== 'needs-resync')
          .sort((a, b) => (a.ackPoint() < b.ackPoint() ? -1 : 1));
        const v = victims[0];
        if (!v) return false;
        v.needsResync(`spool quota exceeded (${this.journal.bytes} bytes)`);
        if (!this.spooling()) return false;
      }
    }
  }

  /** A site marked needs-resync: its journal cursor is dropped (segments can go). */
  dropSite(site: SiteReplicator): void {
    this.journal.dropCursor(site.name);
    this.stmts.repairClear!.run(site.name);
    site.repairs.clear();
    site.repairUntil = 0n;
    this.saveSiteState(site);
  }

  /**
   * A promotion: `promoted` becomes the primary (it stops being a backup; its journal cursor goes)
   * and `former`, the old primary's replicator, joins the backups from the current sequence
   * number on (or as needs-resync when it is fenced).
   */
  replacePrimary(
    promoted: SiteReplicator,
    former: SiteReplicator,
    fenced: string | undefined,
  ): void {
    this.primary = promoted.site;
    promoted.retire();
    this.sites = [...this.sites.filter((s) => s !== promoted), former];
    this.journal.dropCursor(promoted.name);
    this.stmts.repairClear!.run(promoted.name);
    this.stmts.history!.run(promoted.name, Date.now(), promoted.state, 'primary', 'promoted');
    this.db.prepare('DELETE FROM site_state WHERE site = ?').run(promoted.name);
    if (fenced) {
      former.state = 'needs-resync';
      former.reason = fenced;
      this.saveSiteState(former);
      this.stmts.history!.run(former.name, Date.now(), 'primary', 'needs-resync', fenced);
    } else {
      this.stmts.history!.run(former.name, Date.now(), 'primary', 'catching-up', 'demoted');
      former.startCatchUp(this.nextSeq, 'was the primary');
    }
    for (const f of this.transitionListeners)
      f(promoted.name, promoted.state, 'in-sync', 'promoted to primary');
  }

  /** Journal records a site still lacks, from `from` on (a forced promotion's report). */
  async recordsFrom(from: bigint, limit: number): Promise<MutationRecord[]> {
    const out: MutationRecord[] = [];
    const r = this.reader(from);
    try {
      for (let i = 0; i < limit; i++) {
        const rec = await r.next();
        if (!rec) break;
        out.push(rec);
      }
    } finally {
      await r.close();
    }
    return out;
  }

  /** A sync site finished catching up and is fed live from now on. */
  siteLive(site: SiteReplicator): void {
    this.journal.setCursors([[site.name, site.ackPoint()]]);
  }

  // ---- reading for spooled sites ---------------------------------------------------------------

  reader(from: bigint): RecordReader {
    return new RecordReader(this, from);
  }

  /** Resolves when a record with a sequence number ≥ `seq` exists (or after a second). */
  waitForRecord(seq: bigint): Promise<void> {
    if (this.nextSeq > seq) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 1000);
      t.unref();
      this.recordWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /** The first cached record's sequence number (undefined: none cached). */
  cacheFirstSeq(): bigint | undefined {
    return this.cache[this.cacheHead]?.seq;
  }

  /** The first cached record with a sequence number ≥ `seq`. */
  cacheFind(seq: bigint): MutationRecord | undefined {
    let lo = this.cacheHead;
    let hi = this.cache.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cache[mid]!.seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return this.cache[lo];
  }

  /** Time of the oldest cached record at or after `seq` (lag in seconds). */
  oldestTimeFrom(seq: bigint): number | undefined {
    return this.cacheFind(seq)?.timeMs;
  }

  private cachePush(rec: MutationRecord): void {
    this.cache.push(rec);
    rec.cachedBytes = rec.size;
    this.cacheBytes += rec.size;
    this.trimCache();
  }

  /** Drops the oldest records while over budget; a record not yet durable stays. */
  private trimCache(): void {
    const committed = this.journal.committedSeq;
    while (this.cacheBytes > RECENT_RECORDS_BYTES && this.cacheHead < this.cache.length) {
      const r = this.cache[this.cacheHead]!;
      if (r.journaled && r.seq >= committed) break;
      this.cacheBytes -= r.cachedBytes ?? 0;
      this.cache[this.cacheHead] = undefined as unknown as MutationRecord;
      this.cacheHead++;
    }
    if (this.cacheHead > 4096 && this.cacheHead * 2 > this.cache.length) {
      this.cache = this.cache.slice(this.cacheHead);
      this.cacheHead = 0;
    }
  }

  // ---- site bookkeeping --------------------------------------------------------------------------

  recordTransition(
    site: SiteReplicator,
    from: SiteState,
    to: SiteState,
    reason: string | undefined,
  ): void {
    if (from === to) return;
    this.stmts.history!.run(site.name, Date.now(), from, to, reason ?? null);
    this.saveSiteState(site);
    this.logger.info({ site: site.name, from, to, reason }, 'site state changed');
    for (const f of this.transitionListeners) f(site.name, from, to, reason);
  }

  /** Calls `f` on every site state change (console events). */
  onTransition(
    f: (site: string, from: SiteState, to: SiteState, reason: string | undefined) => void,
  ): void {
    this.transitionListeners.push(f);
  }

  saveSiteState(site: SiteReplicator): void {
    this.stmts.stateSave!.run({
      site: site.name,
      state: site.state,
      reason: site.reason ?? null,
      sent_limit: site.sentLimit,
      repair_until: site.repairUntil,
      now: Date.now(),
    });
  }

  addRepairs(site: SiteReplicator, ids: readonly number[]): void {
    if (ids.length === 0) return;
    this.db.transaction(() => {
      for (const id of ids) this.stmts.repairAdd!.run(site.name, id);
    })();
    this.saveSiteState(site);
  }

  clearRepairs(site: SiteReplicator): void {
    this.stmts.repairClear!.run(site.name);
    this.saveSiteState(site);
  }

  /** Status of every site. */
  status(): SiteStatus[] {
    return this.sites.map((s) => s.status());
  }

  /** History of state changes (newest first). */
  history(site?: string, limit = 100): unknown[] {
    const sql = site
      ? 'SELECT site, at_ms, from_state, to_state, reason FROM site_history WHERE site = ? ORDER BY id DESC LIMIT ?'
      : 'SELECT site, at_ms, from_state, to_state, reason FROM site_history ORDER BY id DESC LIMIT ?';
    const stmt = this.db.prepare(sql);
    return site ? stmt.all(site, limit) : stmt.all(limit);
  }

  /** Writes cursors, sweeps cold objects, updates lagging states. */
  private housekeeping(): void {
    const active = this.sites.filter((s) => s.state !== 'needs-resync');
    try {
      // In the background: two fsyncs every housekeeping tick stalled every client call.
      this.journal.setCursorsSoon(
        active.map((s) => [s.name, s.state === 'out' ? s.nextPull : s.ackPoint()]),
      );
    } catch (e) {
      this.logger.error({ err: (e as Error).message }, 'writing site cursors failed');
    }
    for (const s of active) s.assess();
    // An object is cold once every site applied, or durably spooled, its last mutation.
    let safe = this.nextSeq;
    const committed = this.journal.committedSeq;
    for (const s of active) {
      const p = s.live ? s.ackPoint() : committed;
      if (p < safe) safe = p;
    }
    const cold: number[] = [];
    for (const [id, e] of this.hot) {
      if (e.inflight === 0 && e.lastSeq < safe) cold.push(id);
    }
    if (cold.length > 0) {
      this.db.transaction(() => {
        for (const id of cold) this.stmts.hotDelete!.run(id);
      })();
      for (const id of cold) this.hot.delete(id);
    }
    this.trimCache();
  }

  /** Objects currently hot (for tests and status). */
  get hotObjects(): number {
    return this.hot.size;
  }
}

/**
 * A spooled site's view of the log from a sequence number on: the journal first, then the
 * in-memory tail of recent records. `next` resolves undefined when it has read everything.
 */
export class RecordReader {
  private pos: bigint;
  private it: AsyncGenerator<{ seq: bigint; payload: Buffer }> | undefined;
  private itCommitted = 0n;
  private back: MutationRecord | undefined;

  constructor(
    private readonly log: ReplicationLog,
    from: bigint,
  ) {
    this.pos = from;
  }

  unread(rec: MutationRecord): void {
    this.back = rec;
  }

  async next(): Promise<MutationRecord | undefined> {
    if (this.back) {
      const r = this.back;
      this.back = undefined;
      return r;
    }
    for (;;) {
      const cacheFirst = this.log.cacheFirstSeq();
      if (cacheFirst !== undefined && this.pos >= cacheFirst) {
        await this.close();
        const r = this.log.cacheFind(this.pos);
        if (r) this.pos = r.seq + 1n;
        return r;
      }
      const journal = this.log.journal;
      if (this.pos < journal.committedSeq) {
        if (!this.it) {
          this.itCommitted = journal.committedSeq;
          this.it = journal.read(this.pos);
        }
        const n = await this.it.next();
        if (!n.done) {
          const cf = this.log.cacheFirstSeq();
          if (cf !== undefined && n.value.seq >= cf) {
            await this.close();
            this.pos = cf;
            continue;
          }
          this.pos = n.value.seq + 1n;
          return decodeRecord(n.value.seq, n.value.payload);
        }
        await this.close();
        if (this.pos < this.itCommitted) this.pos = this.itCommitted;
        continue;
      }
      if (cacheFirst !== undefined && this.pos < cacheFirst) {
        // Records in between were never journaled: no spooled site needs them.
        this.pos = cacheFirst;
        continue;
      }
      return undefined;
    }
  }

  async close(): Promise<void> {
    const it = this.it;
    this.it = undefined;
    await it?.return(undefined);
  }
}
