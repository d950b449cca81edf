/**
 * Conflict-aware ordering (issue 4 item 5): mutations that touch the same object or directory
 * entry run in the order they were admitted; independent ones run in parallel. The same queue
 * orders client mutations in front of the primary (so the primary's order is the sequence order)
 * and each backup's replay (so every site applies conflicting mutations in that same order).
 *
 * A mutation names what it touches as claims:
 * - `o:<id>` an object. Exclusive for changes of the whole object (SETATTR, COMMIT, a removed
 *   or created object); shared when only used (a directory entries are added to, a file written
 *   at a range).
 * - a shared object claim with a byte range (WRITE): two ranged claims on one object conflict
 *   only when the ranges overlap, so sequential writes to one file stay parallel while
 *   overlapping ones are ordered.
 * - `n:<dir>/<name>` a directory entry, always exclusive.
 * A barrier (a directory rename, a repair) conflicts with everything before and after it.
 */

export interface Claim {
  readonly key: string;
  readonly exclusive: boolean;
  /** Byte range [start, end) of a shared claim (WRITE). */
  readonly start?: bigint;
  readonly end?: bigint;
}

export interface Claims {
  readonly claims: readonly Claim[];
  readonly barrier?: boolean;
}

interface Entry {
  readonly claims: readonly Claim[];
  readonly barrier: boolean;
  started: boolean;
  finished: boolean;
  start: () => void;
  /** Position in admission order. */
  readonly order: number;
}

export const objectKey = (id: number): string => `o:${id}`;
export const nameKey = (dir: number, name: Uint8Array): string =>
  `n:${dir}/${Buffer.from(name.buffer, name.byteOffset, name.byteLength).toString('latin1')}`;

function conflicts(a: Claim, b: Claim): boolean {
  if (a.exclusive || b.exclusive) return true;
  if (a.start === undefined || b.start === undefined) return false;
  // Two ranged shared claims (writes): conflict when the ranges overlap.
  return a.start < (b.end ?? 0n) && b.start < (a.end ?? 0n);
}

/** A ticket for one admitted mutation: await `ready`, do the work, then call `done()` once. */
export interface Ticket {
  readonly ready: Promise<void>;
  done(): void;
}

/**
 * The queue. `maxRunning` bounds how many admitted entries run at once (a site's window);
 * entries start in admission order whenever nothing earlier conflicts with them.
 */
export class OrderingQueue {
  private readonly maxRunning: number;
  private readonly entries: Entry[] = [];
  private readonly byKey = new Map<string, Entry[]>();
  private running = 0;
  private counter = 0;
  private barriers = 0;

  constructor(maxRunning = Number.POSITIVE_INFINITY) {
    this.maxRunning = maxRunning;
  }

  /** Entries admitted and not yet done. */
  get size(): number {
    return this.entries.length;
  }

  admit(c: Claims): Ticket {
    let start!: () => void;
    const ready = new Promise<void>((resolve) => (start = resolve));
    const e: Entry = {
      claims: c.claims,
      barrier: c.barrier === true,
      started: false,
      finished: false,
      start,
      order: this.counter++,
    };
    this.entries.push(e);
    if (e.barrier) this.barriers++;
    for (const cl of e.claims) {
      let list = this.byKey.get(cl.key);
      if (!list) this.byKey.set(cl.key, (list = []));
      list.push(e);
    }
    this.tryStart(e);
    return { ready, done: () => this.finish(e) };
  }

  /** Resolves once every entry admitted so far is done (a barrier that does nothing). */
  async drain(): Promise<void> {
    const t = this.admit({ claims: [], barrier: true });
    await t.ready;
    t.done();
  }

  private blocked(e: Entry): boolean {
    if (this.running >= this.maxRunning) return true;
    const first = this.entries[0];
    if (e.barrier) return first !== e;
    if (this.barriers > 0) {
      for (const f of this.entries) {
        if (f === e) break;
        if (f.barrier) return true;
      }
    }
    for (const cl of e.claims) {
      const list = this.byKey.get(cl.key)!;
      for (const f of list) {
        if (f === e) break;
        for (const fc of f.claims) if (fc.key === cl.key && conflicts(cl, fc)) return true;
      }
    }
    return false;
  }

  private tryStart(e: Entry): void {
    if (e.started || this.blocked(e)) return;
    e.started = true;
    this.running++;
    e.start();
  }

  private finish(e: Entry): void {
    if (e.finished) return;
    e.finished = true;
    if (e.started) this.running--;
    const i = this.entries.indexOf(e);
    if (i >= 0) this.entries.splice(i, 1);
    if (e.barrier) this.barriers--;
    for (const cl of e.claims) {
      const list = this.byKey.get(cl.key);
      if (!list) continue;
      const j = list.indexOf(e);
      if (j >= 0) list.splice(j, 1);
      if (list.length === 0) this.byKey.delete(cl.key);
    }
    for (const f of this.entries) {
      if (this.running >= this.maxRunning) break;
      if (!f.started) this.tryStart(f);
    }
  }
}
