import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log/logger.js';
import { crc32 } from 'node:zlib';

/**
 * When appended records reach the disk, and what a crash can lose:
 * - `always`: every group commit is fsynced before `commit()` resolves. Loss window: none, for
 *   a crash of the process or of the machine.
 * - `interval`: written at once (safe from a proxy crash, even kill -9: the data is in the OS
 *   page cache), fsynced every `fsyncIntervalMs`. Loss window on power loss: that interval.
 * - `never`: written at once, fsynced only at segment rotation and close. Loss window on power
 *   loss: everything since the last rotation.
 */
export type FsyncPolicy = 'always' | 'interval' | 'never';

/** Size at which a segment file is closed and a new one started. Unit: bytes. Default 64 MiB. */
export const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;
/** Most bytes the journal may hold on disk (the spool quota). Unit: bytes. Default 10 GiB. */
export const DEFAULT_QUOTA_BYTES = 10 * 1024 * 1024 * 1024;
/** Largest record payload. Unit: bytes. Default 8 MiB (a 1 MiB WRITE with room to spare). */
export const MAX_RECORD_PAYLOAD = 8 * 1024 * 1024;
/** Bytes read from a segment at a time when replaying. Unit: bytes. */
export const READ_CHUNK_BYTES = 4 * 1024 * 1024;
/** fsync period of the `interval` policy. Unit: ms. Default 1,000. */
export const DEFAULT_FSYNC_INTERVAL_MS = 1000;

const MAGIC = 0x4e464a32; // "NFJ2"
/**
 * magic u32, payload length u32, seq u64, CRC-32 (zlib's, native) of the seq bytes then the
 * payload u32, flags u32.
 */
export const RECORD_HEADER_BYTES = 24;
const SEGMENT_SUFFIX = '.seg';
const CURSORS_FILE = 'cursors.json';

export type JournalErrorCode =
  | 'NFSP_ERR_JOURNAL_QUOTA'
  | 'NFSP_ERR_JOURNAL_CORRUPT'
  | 'NFSP_ERR_JOURNAL_RECORD'
  | 'NFSP_ERR_JOURNAL_CLOSED';

export class JournalError extends Error {
  readonly code: JournalErrorCode;
  constructor(code: JournalErrorCode, message: string) {
    super(message);
    this.name = 'JournalError';
    this.code = code;
  }
}

export interface JournalOptions {
  readonly dir: string;
  readonly log: Logger;
  readonly fsync?: FsyncPolicy;
  readonly fsyncIntervalMs?: number;
  readonly segmentBytes?: number;
  readonly quotaBytes?: number;
}

export interface JournalRecord {
  readonly seq: bigint;
  readonly payload: Buffer;
}

interface Segment {
  readonly firstSeq: bigint;
  readonly file: string;
  bytes: number;
  /** Sequence number after the segment's last record. */
  endSeq: bigint;
}

/**
 * The replication journal (design promise 3, issue 4): an append-only log of mutations in
 * segment files. Each record carries its length, its sequence number and a CRC-32, so a record
 * torn by a crash is found and dropped at the next open (only at the very end of the last
 * segment; anywhere else it is corruption and opening fails). Appends are grouped: every record
 * appended in one event-loop turn is written with one write and (per the fsync policy) one fsync.
 * Each backup site's start offset (the first sequence number it still needs) is recorded
 * durably; segments every site has passed are deleted. A quota bounds the disk it may use.
 */
export class Journal {
  private readonly dir: string;
  private readonly log: Logger;
  private readonly policy: FsyncPolicy;
  private readonly segmentBytes: number;
  private readonly quotaBytes: number;
  private readonly segments: Segment[] = [];
  private cursors = new Map<string, bigint>();
  private next: bigint;
  /** Every record below this is written (and fsynced per the policy). */
  private committedEnd: bigint;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private pendingFirstSeq = 0n;
  private flushing: Promise<void> | undefined;
  private scheduled: Promise<void> | undefined;
  private handle: FileHandle | undefined;
  private interval: NodeJS.Timeout | undefined;
  private closed = false;
  /** Bumped at every change of `cursors`; `cursorsWritten`: the version last made durable. */
  private cursorsVersion = 0;
  private cursorsWritten = 0;
  private cursorsWriting: Promise<void> | undefined;
  /** Counters for metrics and tests. */
  readonly stats = { appended: 0, commits: 0, fsyncs: 0, truncatedTails: 0 };

  private constructor(opts: JournalOptions) {
    this.dir = opts.dir;
    this.log = opts.log;
    this.policy = opts.fsync ?? 'always';
    this.segmentBytes = opts.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
    this.quotaBytes = opts.quotaBytes ?? DEFAULT_QUOTA_BYTES;
    this.next = 1n;
    this.committedEnd = 1n;
    if (this.policy === 'interval') {
      this.interval = setInterval(
        () => void this.fsyncNow(),
        opts.fsyncIntervalMs ?? DEFAULT_FSYNC_INTERVAL_MS,
      );
      this.interval.unref();
    }
  }

  /** Opens (creating) the journal in `dir`, recovering from a crash: a torn last record is cut off. */
  static open(opts: JournalOptions): Journal {
    mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
    const j = new Journal(opts);
    j.recover();
    return j;
  }

  /** The sequence number the next appended record gets. */
  get nextSeq(): bigint {
    return this.next;
  }

  /** Records below this sequence number are committed (readable, durable per the policy). */
  get committedSeq(): bigint {
    return this.committedEnd;
  }

  /** The oldest sequence number still on disk (== nextSeq when empty). */
  get firstSeq(): bigint {
    return this.segments[0]?.firstSeq ?? this.next;
  }

  /** Bytes on disk plus bytes waiting to be written. */
  get bytes(): number {
    return this.segments.reduce((n, s) => n + s.bytes, 0) + this.pendingBytes;
  }

  /**
   * Appends a record and returns its sequence number: `seq` when given (it must not be below
   * `nextSeq`; numbers may be skipped: the replication log numbers every mutation, and only those
   * some site lacks are journaled), else `nextSeq`. It is durable (per the fsync policy) once
   * `commit()` resolves. Throws NFSP_ERR_JOURNAL_QUOTA when the quota would be exceeded.
   */
  append(payload: Uint8Array | readonly Uint8Array[], seq: bigint = this.next): bigint {
    if (this.closed) throw new JournalError('NFSP_ERR_JOURNAL_CLOSED', 'journal is closed');
    if (seq < this.next) {
      throw new JournalError(
        'NFSP_ERR_JOURNAL_RECORD',
        `record ${seq} is below the next sequence number ${this.next}`,
      );
    }
    // A payload may come in parts (a WRITE's data is not copied into one buffer).
    const parts = payload instanceof Uint8Array ? [payload] : payload;
    let length = 0;
    for (const p of parts) length += p.length;
    if (length > MAX_RECORD_PAYLOAD) {
      throw new JournalError(
        'NFSP_ERR_JOURNAL_RECORD',
        `record of ${length} bytes exceeds ${MAX_RECORD_PAYLOAD}`,
      );
    }
    const size = RECORD_HEADER_BYTES + length;
    if (this.bytes + size > this.quotaBytes) {
      throw new JournalError(
        'NFSP_ERR_JOURNAL_QUOTA',
        `journal quota of ${this.quotaBytes} bytes would be exceeded`,
      );
    }
    this.next = seq + 1n;
    if (this.pending.length === 0) this.pendingFirstSeq = seq;
    this.pending.push(recordHeader(seq, parts, length), ...parts);
    this.pendingBytes += size;
    this.stats.appended++;
    return seq;
  }

  /** Resolves when every record appended so far is written (and fsynced per the policy). */
  commit(): Promise<void> {
    if (this.pending.length === 0) return this.flushing ?? Promise.resolve();
    this.scheduled ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        const previous = this.flushing ?? Promise.resolve();
        this.scheduled = undefined;
        const batch = this.pending;
        const firstSeq = this.pendingFirstSeq;
        const endSeq = this.next;
        const bytes = this.pendingBytes;
        this.pending = [];
        this.pendingBytes = 0;
        const run = previous.then(() => this.write(batch, firstSeq, endSeq, bytes));
        this.flushing = run.finally(() => {
          if (this.flushing === run) this.flushing = undefined;
        });
        run.then(resolve, reject);
      });
    });
    return this.scheduled;
  }

  /**
   * Committed records from `fromSeq` on, in order (records not yet committed are not read).
   * Segments are read in chunks of READ_CHUNK_BYTES, so memory stays bounded whatever the size
   * of the backlog.
   */
  async *read(fromSeq: bigint): AsyncGenerator<JournalRecord> {
    for (const seg of [...this.segments]) {
      if (seg.endSeq <= fromSeq) continue;
      let fh: FileHandle;
      try {
        fh = await open(seg.file, 'r');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // deleted meanwhile
        throw e;
      }
      try {
        let buf = Buffer.alloc(0);
        let bufStart = 0; // file offset of buf[0]
        let off = 0;
        const limit = seg.bytes; // committed bytes of this segment when reading began
        while (off < limit) {
          let rec = decodeRecord(buf, off - bufStart);
          if (!rec) {
            // Need more bytes: keep the unread tail, read the next chunk (at least one record).
            const tail = buf.subarray(off - bufStart);
            const want = Math.max(
              READ_CHUNK_BYTES,
              tail.length >= 8 ? RECORD_HEADER_BYTES + tail.readUInt32BE(4) : RECORD_HEADER_BYTES,
            );
            const n = Math.min(want, limit - off) - tail.length;
            if (n <= 0) {
              throw new JournalError(
                'NFSP_ERR_JOURNAL_CORRUPT',
                `${seg.file}: bad record at offset ${off}`,
              );
            }
            const chunk = Buffer.allocUnsafe(tail.length + n);
            tail.copy(chunk, 0);
            const { bytesRead } = await fh.read(chunk, tail.length, n, off + tail.length);
            buf = chunk.subarray(0, tail.length + bytesRead);
            bufStart = off;
            rec = decodeRecord(buf, 0);
            if (!rec) {
              if (bytesRead < n || buf.length >= limit - off) {
                throw new JournalError(
                  'NFSP_ERR_JOURNAL_CORRUPT',
                  `${seg.file}: bad record at offset ${off}`,
                );
              }
              continue;
            }
          }
          off = bufStart + rec.end;
          if (rec.seq >= fromSeq) yield { seq: rec.seq, payload: rec.payload };
        }
      } finally {
        await fh.close();
      }
    }
  }

  /** The recorded start offset of `site`: the first sequence number it still needs. */
  cursor(site: string): bigint | undefined {
    return this.cursors.get(site);
  }

  /**
   * Records durably that `site` needs records from `seq` on (file written, fsynced, renamed),
   * then deletes segments every site has passed.
   */
  setCursor(site: string, seq: bigint): void {
    this.cursors.set(site, seq);
    this.writeCursors();
    this.dropPassedSegments();
  }

  /** Records several sites' start offsets with one durable write. */
  setCursors(entries: Iterable<[string, bigint]>): void {
    let changed = false;
    for (const [site, seq] of entries) {
      if (this.cursors.get(site) !== seq) {
        this.cursors.set(site, seq);
        changed = true;
      }
    }
    if (!changed) return;
    this.writeCursors();
    this.dropPassedSegments();
  }

  /**
   * Like setCursors, but written in the background (no fsync on the event loop): for cursors
   * that only move forward as sites acknowledge (the replication log's housekeeping). A cursor
   * that reaches the disk late only means a longer, idempotent replay after a crash; segments
   * are deleted only below cursors that are durable. Writes coalesce: at most one runs.
   */
  setCursorsSoon(entries: Iterable<[string, bigint]>): void {
    let changed = false;
    for (const [site, seq] of entries) {
      if (this.cursors.get(site) !== seq) {
        this.cursors.set(site, seq);
        changed = true;
      }
    }
    if (!changed) return;
    this.cursorsVersion++;
    this.cursorsWriting ??= this.writeCursorsInBackground().finally(
      () => (this.cursorsWriting = undefined),
    );
  }

  /** Sites with a recorded start offset. */
  cursorSites(): string[] {
    return [...this.cursors.keys()];
  }

  /** Forgets a site (e.g. marked needs-resync: it will be rebuilt, not replayed). */
  dropCursor(site: string): void {
    if (this.cursors.delete(site)) {
      this.writeCursors();
      this.dropPassedSegments();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.cursorsWriting;
    await this.commit();
    this.closed = true;
    clearInterval(this.interval);
    await this.fsyncNow();
    await this.handle?.close();
    this.handle = undefined;
  }

  // ---- internals ---------------------------------------------------------------------------------

  private async write(
    batch: Uint8Array[],
    firstSeq: bigint,
    endSeq: bigint,
    bytes: number,
  ): Promise<void> {
    let seg = this.segments[this.segments.length - 1];
    const fits = seg !== undefined && (seg.bytes === 0 || seg.bytes + bytes <= this.segmentBytes);
    if (seg && !this.handle && fits) {
      // After a restart: continue the last segment.
      this.handle = await open(seg.file, 'a', 0o600);
    } else if (!seg || !this.handle || !fits) {
      if (this.handle) {
        await this.handle.sync(); // a finished segment is always durable
        this.stats.fsyncs++;
        await this.handle.close();
      }
      seg = {
        firstSeq,
        file: path.join(this.dir, segmentName(firstSeq)),
        bytes: 0,
        endSeq: firstSeq,
      };
      this.handle = await open(seg.file, 'a', 0o600);
      this.segments.push(seg);
      fsyncDir(this.dir);
    }
    if (!seg || !this.handle)
      throw new JournalError('NFSP_ERR_JOURNAL_CLOSED', 'no segment to write');
    await this.handle.writev(batch);
    seg.bytes += bytes;
    seg.endSeq = endSeq;
    this.committedEnd = endSeq;
    this.stats.commits++;
    if (this.policy === 'always') {
      await this.handle.datasync();
      this.stats.fsyncs++;
    }
  }

  private async fsyncNow(): Promise<void> {
    if (!this.handle) return;
    await this.handle.datasync();
    this.stats.fsyncs++;
  }

  private recover(): void {
    const files = readdirSync(this.dir)
      .filter((f) => f.endsWith(SEGMENT_SUFFIX))
      .sort();
    for (let i = 0; i < files.length; i++) {
      const file = path.join(this.dir, files[i]!);
      const firstSeq = BigInt(files[i]!.slice(0, -SEGMENT_SUFFIX.length));
      const data = readFileSync(file);
      let off = 0;
      let seq = firstSeq; // the lowest number the next record may carry
      while (off < data.length) {
        const rec = decodeRecord(data, off);
        if (!rec || rec.seq < seq || (off === 0 && rec.seq !== firstSeq)) break;
        off = rec.end;
        seq = rec.seq + 1n;
      }
      if (off < data.length) {
        if (i !== files.length - 1 || hasValidRecordAfter(data, off + 1)) {
          // A torn write can only be at the very end; a bad record followed by good ones is
          // corruption, and cutting it off would drop acknowledged records.
          throw new JournalError(
            'NFSP_ERR_JOURNAL_CORRUPT',
            `${file}: bad record at offset ${off} (not at the end of the journal)`,
          );
        }
        // A record torn by a crash while it was written: it was never acknowledged. Cut it off.
        this.log.warn(
          { file, offset: off, dropped: data.length - off },
          'journal: torn record at the end dropped',
        );
        truncateSync(file, off);
        this.stats.truncatedTails++;
      }
      const prev = this.segments[this.segments.length - 1];
      if (prev && firstSeq < prev.endSeq) {
        throw new JournalError(
          'NFSP_ERR_JOURNAL_CORRUPT',
          `${file}: starts at ${firstSeq}, below the previous segment's end ${prev.endSeq}`,
        );
      }
      if (off === 0 && i === files.length - 1 && files.length > 1) {
        unlinkSync(file); // an empty last segment (crash right after rotation)
        continue;
      }
      this.segments.push({ firstSeq, file, bytes: off, endSeq: seq });
    }
    this.next = this.segments[this.segments.length - 1]?.endSeq ?? 1n;
    this.readCursors();
    // A journal emptied by segment deletion still continues the numbering its cursors saw.
    for (const c of this.cursors.values()) if (c > this.next) this.next = c;
    this.committedEnd = this.next;
  }

  private readCursors(): void {
    const file = path.join(this.dir, CURSORS_FILE);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new JournalError('NFSP_ERR_JOURNAL_CORRUPT', `${file}: ${(e as Error).message}`);
    }
    if (typeof raw !== 'object' || raw === null)
      throw new JournalError('NFSP_ERR_JOURNAL_CORRUPT', `${file}: not an object`);
    for (const [site, v] of Object.entries(raw)) {
      if (typeof v !== 'string' || !/^\d+$/.test(v))
        throw new JournalError('NFSP_ERR_JOURNAL_CORRUPT', `${file}: bad cursor for ${site}`);
      this.cursors.set(site, BigInt(v));
    }
  }

  private async writeCursorsInBackground(): Promise<void> {
    const file = path.join(this.dir, CURSORS_FILE);
    const tmp = `${file}.bg.tmp`;
    // Bounded: each pass writes the newest cursors; more changes meanwhile need another pass.
    for (let pass = 0; pass < 8 && this.cursorsWritten < this.cursorsVersion; pass++) {
      const version = this.cursorsVersion;
      const snapshot = new Map(this.cursors);
      const body = JSON.stringify(
        Object.fromEntries([...snapshot].map(([k, v]) => [k, v.toString()])),
      );
      try {
        const h = await open(tmp, 'w', 0o600);
        try {
          await h.writeFile(body);
          await h.sync();
        } finally {
          await h.close();
        }
        // A synchronous write since the snapshot made newer cursors durable: keep those.
        if (this.cursorsWritten >= version) continue;
        renameSync(tmp, file);
        const d = await open(this.dir, 'r');
        try {
          await d.sync();
        } finally {
          await d.close();
        }
      } catch (e) {
        this.log.error({ err: (e as Error).message }, 'journal: writing site cursors failed');
        return;
      }
      if (this.cursorsWritten < version) this.cursorsWritten = version;
      // Only below what is durable: the snapshot, and anything written synchronously since.
      this.dropPassedSegments(minOf(snapshot.values()));
    }
  }

  private writeCursors(): void {
    this.cursorsWritten = this.cursorsVersion;
    const file = path.join(this.dir, CURSORS_FILE);
    const tmp = `${file}.tmp`;
    const body = JSON.stringify(
      Object.fromEntries([...this.cursors].map(([k, v]) => [k, v.toString()])),
    );
    writeFileSync(tmp, body, { mode: 0o600 });
    const fd = openSync(tmp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    fsyncDir(this.dir);
  }

  /**
   * Deletes whole segments below every site's cursor (never the one being written), and below
   * `durable` when given (the lowest cursor of the last background write).
   */
  private dropPassedSegments(durable?: bigint): void {
    if (this.cursors.size === 0) return;
    let min = minOf(this.cursors.values());
    if (durable !== undefined && durable < min) min = durable;
    while (this.segments.length > 1 && this.segments[0]!.endSeq <= min) {
      const seg = this.segments.shift()!;
      try {
        unlinkSync(seg.file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  }
}

function minOf(values: Iterable<bigint>): bigint {
  let min: bigint | undefined;
  for (const v of values) if (min === undefined || v < min) min = v;
  return min ?? 0n;
}

function segmentName(firstSeq: bigint): string {
  return `${firstSeq.toString().padStart(20, '0')}${SEGMENT_SUFFIX}`;
}

/** The 24-byte header of a record whose payload is `parts` (written after it, uncopied). */
function recordHeader(seq: bigint, parts: readonly Uint8Array[], length: number): Buffer {
  const buf = Buffer.allocUnsafe(RECORD_HEADER_BYTES);
  buf.writeUInt32BE(MAGIC, 0);
  buf.writeUInt32BE(length, 4);
  buf.writeBigUInt64BE(seq, 8);
  let crc = crc32(buf.subarray(8, 16));
  for (const p of parts) crc = crc32(p, crc);
  buf.writeUInt32BE(crc, 16);
  buf.writeUInt32BE(0, 20);
  return buf;
}

function decodeRecord(
  data: Buffer,
  off: number,
): { seq: bigint; payload: Buffer; end: number } | undefined {
  if (data.length - off < RECORD_HEADER_BYTES) return undefined;
  if (data.readUInt32BE(off) !== MAGIC) return undefined;
  const len = data.readUInt32BE(off + 4);
  if (len > MAX_RECORD_PAYLOAD || data.length - off - RECORD_HEADER_BYTES < len) return undefined;
  const payload = data.subarray(off + RECORD_HEADER_BYTES, off + RECORD_HEADER_BYTES + len);
  const crc = crc32(payload, crc32(data.subarray(off + 8, off + 16)));
  if (crc !== data.readUInt32BE(off + 16)) return undefined;
  return { seq: data.readBigUInt64BE(off + 8), payload, end: off + RECORD_HEADER_BYTES + len };
}

/** True if a complete, valid record starts anywhere at or after `from`. */
function hasValidRecordAfter(data: Buffer, from: number): boolean {
  for (let off = from; off + RECORD_HEADER_BYTES <= data.length; off++) {
    if (data.readUInt32BE(off) === MAGIC && decodeRecord(data, off)) return true;
  }
  return false;
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
