import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Largest handle the proxy hands out. VMware ESXi's NFSv3 client refuses handles longer than
 * 56 bytes although RFC 1813 allows 64. Unit: bytes.
 */
export const MAX_PROXY_HANDLE = 56;

/** Bytes of HMAC-SHA256 kept in a handle: 128 bits make forgery infeasible. */
const MAC_BYTES = 16;
const FORMAT = 1;
/** version(1) kind(1) export(4) object(8) view(4) mac(16). */
export const PROXY_HANDLE_SIZE = 1 + 1 + 4 + 8 + 4 + MAC_BYTES;
const SIGNED = PROXY_HANDLE_SIZE - MAC_BYTES;

/** Verified handles remembered by `HandleCodec.check`. Unit: handles (about 150 bytes each). */
export const VERIFIED_CACHE_ENTRIES = 100_000;

/** File name of the HMAC key in the state directory (32 random bytes, mode 0600). */
export const HANDLE_KEY_FILE = 'handle.key';

/** What a proxy handle names: an object, seen live (view 0) or inside a version (later). */
export interface HandleTarget {
  readonly objectId: number;
  /** 0 for the live tree; a version id for `.versions` views. */
  readonly view: number;
}

export type HandleCheck =
  | { readonly ok: true; readonly target: HandleTarget }
  /** Malformed or badly signed: NFS3ERR_BADHANDLE. */
  | { readonly ok: false; readonly reason: string };

/**
 * Proxy-owned file handles (design promise 1). Clients never see a site's handle; they get
 *
 *   [format=1][kind=0][export id: u32][object id: u64][view: u32][HMAC-SHA256(key, first 18)[:16]]
 *
 * 34 bytes, under the ESXi limit. The key lives in the state directory, so handles stay valid
 * across restarts; the object id is the catalog's, so they stay valid across promotions. A
 * flipped byte, a truncated handle, a handle of another export or of another proxy fails the MAC
 * check, which costs one HMAC (about a microsecond).
 */
export class HandleCodec {
  private readonly key: Buffer;
  readonly exportId: number;
  private readonly verified = new Map<string, HandleCheck>();

  constructor(key: Buffer, exportId: number) {
    if (key.length < 32) throw new Error('handle key must be at least 32 bytes');
    this.key = key;
    this.exportId = exportId >>> 0;
  }

  /** Loads the key from `stateDir`, creating it (0600) on first start. */
  static load(stateDir: string, exportId: number): HandleCodec {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const file = path.join(stateDir, HANDLE_KEY_FILE);
    if (!existsSync(file)) {
      writeFileSync(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
    }
    chmodSync(file, 0o600);
    return new HandleCodec(readFileSync(file), exportId);
  }

  encode(target: HandleTarget): Buffer {
    // Kept by the object as long as it is cached: not a slice of the shared pool (a retained
    // slice pins its whole 8 KiB slab).
    const h = Buffer.allocUnsafeSlow(PROXY_HANDLE_SIZE);
    h[0] = FORMAT;
    h[1] = 0;
    h.writeUInt32BE(this.exportId, 2);
    h.writeBigUInt64BE(BigInt(target.objectId), 6);
    h.writeUInt32BE(target.view >>> 0, 14);
    this.mac(h.subarray(0, SIGNED)).copy(h, SIGNED);
    return h;
  }

  /**
   * Like `decode`, but remembers handles that passed the check, so a handle seen again costs a
   * map lookup instead of an HMAC (about 5 µs, the largest per-request cost of small calls).
   * Only exact bytes that were verified are remembered: safe against forgery. Bounded.
   */
  check(handle: Uint8Array): HandleCheck {
    const key = Buffer.from(handle.buffer, handle.byteOffset, handle.length).toString('latin1');
    const hit = this.verified.get(key);
    if (hit) return hit;
    const res = this.decode(handle);
    if (res.ok) {
      this.verified.set(key, res);
      if (this.verified.size > VERIFIED_CACHE_ENTRIES)
        this.verified.delete(this.verified.keys().next().value as string);
    }
    return res;
  }

  decode(handle: Uint8Array): HandleCheck {
    if (handle.length !== PROXY_HANDLE_SIZE) {
      return {
        ok: false,
        reason: `handle of ${handle.length} bytes, expected ${PROXY_HANDLE_SIZE}`,
      };
    }
    const h = Buffer.from(handle.buffer, handle.byteOffset, handle.length);
    if (h[0] !== FORMAT) return { ok: false, reason: `unknown handle format ${h[0]}` };
    const mac = this.mac(h.subarray(0, SIGNED));
    if (!timingSafeEqual(mac, h.subarray(SIGNED)))
      return { ok: false, reason: 'handle signature mismatch' };
    if (h.readUInt32BE(2) !== this.exportId)
      return { ok: false, reason: 'handle of another export' };
    const id = h.readBigUInt64BE(6);
    if (id === 0n || id > BigInt(Number.MAX_SAFE_INTEGER))
      return { ok: false, reason: 'bad object id' };
    return { ok: true, target: { objectId: Number(id), view: h.readUInt32BE(14) } };
  }

  /** A keyed digest for other proxy-owned opaque values (e.g. the write verifier). */
  derive(label: string, data: Uint8Array): Buffer {
    return createHmac('sha256', this.key).update(label).update(data).digest();
  }

  private mac(data: Buffer): Buffer {
    return createHmac('sha256', this.key).update(data).digest().subarray(0, MAC_BYTES);
  }
}
