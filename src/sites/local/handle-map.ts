/**
 * Site handles of the file:// driver and where each object lives.
 *
 * Node cannot open a file by handle (no `open_by_handle_at`), so the driver keeps, per object
 * (inode number), the directory it was last seen in and its name there: a tree of
 * (parent inode, name) links from which a path is rebuilt. Renames through the driver update one
 * link, so a directory rename costs O(1) whatever lies below it.
 *
 * A handle is 16 bytes: `LF`, format 1, 0, generation (uint32 BE), inode (uint64 BE). The
 * generation plays the role of the inode generation Linux's nfsd puts in its handles: when an
 * object is removed through the driver its inode's generation goes up (and is persisted), so a
 * handle of the removed object never names a later object that reuses the inode number
 * (ext4 reuses freed inode numbers at once).
 */
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Length of a file:// site handle. Unit: bytes (NFS3_FHSIZE allows 64). */
export const LOCAL_HANDLE_BYTES = 16;
const MAGIC0 = 0x4c; // 'L'
const MAGIC1 = 0x46; // 'F'
const FORMAT = 1;

/** Where an object was last seen: its directory (by inode) and its name there. */
export interface Link {
  readonly parent: bigint;
  readonly name: Buffer;
}

export function encodeHandle(ino: bigint, gen: number): Buffer {
  const b = Buffer.alloc(LOCAL_HANDLE_BYTES);
  b[0] = MAGIC0;
  b[1] = MAGIC1;
  b[2] = FORMAT;
  b.writeUInt32BE(gen >>> 0, 4);
  b.writeBigUInt64BE(ino, 8);
  return b;
}

/** Parses a handle; undefined when it is not one of ours (the caller answers BADHANDLE). */
export function decodeHandle(b: Uint8Array): { ino: bigint; gen: number } | undefined {
  if (b.length !== LOCAL_HANDLE_BYTES || b[0] !== MAGIC0 || b[1] !== MAGIC1 || b[2] !== FORMAT)
    return undefined;
  if (b[3] !== 0) return undefined;
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  return { gen: buf.readUInt32BE(4), ino: buf.readBigUInt64BE(8) };
}

/**
 * The map. `genFile` (optional) persists generations: one `INO GEN` line per removal, the last
 * line for an inode wins; rewritten compactly at load when it has grown to twice its content.
 */
export class HandleMap {
  readonly rootIno: bigint;
  private readonly links = new Map<bigint, Link>();
  private readonly gens = new Map<bigint, number>();
  private readonly genFile: string | undefined;

  constructor(rootIno: bigint, genFile?: string) {
    this.rootIno = rootIno;
    this.genFile = genFile;
    if (genFile) this.load(genFile);
  }

  private load(file: string): void {
    mkdirSync(path.dirname(file), { recursive: true });
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    let lines = 0;
    for (const line of text.split('\n')) {
      const m = /^([0-9]+) ([0-9]+)$/.exec(line);
      if (!m) continue;
      lines++;
      this.gens.set(BigInt(m[1]!), Number(m[2]!) >>> 0);
    }
    if (lines > 2 * this.gens.size + 1024) {
      const out = [...this.gens].map(([i, g]) => `${i} ${g}\n`).join('');
      writeFileSync(`${file}.tmp`, out);
      renameSync(`${file}.tmp`, file);
    }
  }

  /** The current generation of an inode number (0 until an object with it was removed). */
  genOf(ino: bigint): number {
    return this.gens.get(ino) ?? 0;
  }

  /** The handle of the object that now has inode number `ino`. */
  handleOf(ino: bigint): Buffer {
    return encodeHandle(ino, this.genOf(ino));
  }

  link(ino: bigint): Link | undefined {
    return this.links.get(ino);
  }

  get size(): number {
    return this.links.size;
  }

  /** Records that `ino` is called `name` in directory `parent`. */
  learn(ino: bigint, parent: bigint, name: Buffer): void {
    if (ino === this.rootIno) return;
    const l = this.links.get(ino);
    if (l && l.parent === parent && l.name.equals(name)) return;
    this.links.set(ino, { parent, name: Buffer.from(name) });
  }

  /** The object is still there but no longer at its recorded place (a link of it was removed). */
  forget(ino: bigint): void {
    this.links.delete(ino);
  }

  /** The object is gone: its handles go stale for good, also across restarts. */
  retire(ino: bigint): void {
    if (ino === this.rootIno) return;
    this.links.delete(ino);
    const gen = (this.genOf(ino) + 1) >>> 0;
    this.gens.set(ino, gen);
    if (this.genFile) appendFileSync(this.genFile, `${ino} ${gen}\n`);
  }

  /**
   * The names from the root down to `ino`, or undefined when a link on the way is unknown or
   * the chain loops (a map corrupted by changes behind the driver's back).
   */
  components(ino: bigint): Buffer[] | undefined {
    const out: Buffer[] = [];
    let at = ino;
    for (let depth = 0; at !== this.rootIno; depth++) {
      const l = this.links.get(at);
      if (!l || depth > 4096) return undefined;
      out.push(l.name);
      at = l.parent;
    }
    return out.reverse();
  }
}
