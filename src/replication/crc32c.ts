/**
 * CRC-32C (Castagnoli), the checksum of journal records: detects torn and corrupted records
 * (iSCSI, ext4 and Btrfs use it for the same purpose). Table-driven, slicing by 8 bytes.
 */
const POLY = 0x82f63b78;
const T = new Uint32Array(8 * 256);
for (let i = 0; i < 256; i++) {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
  T[i] = c >>> 0;
}
for (let i = 0; i < 256; i++) {
  for (let t = 1; t < 8; t++)
    T[t * 256 + i] = (T[(t - 1) * 256 + i]! >>> 8) ^ T[T[(t - 1) * 256 + i]! & 0xff]!;
}

/** CRC-32C of `data`, continuing from `crc` (0 to start). */
export function crc32c(data: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  let i = 0;
  const n = data.length;
  for (; i + 8 <= n; i += 8) {
    c ^= data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    c =
      T[7 * 256 + (c & 0xff)]! ^
      T[6 * 256 + ((c >>> 8) & 0xff)]! ^
      T[5 * 256 + ((c >>> 16) & 0xff)]! ^
      T[4 * 256 + (c >>> 24)]! ^
      T[3 * 256 + data[i + 4]!]! ^
      T[2 * 256 + data[i + 5]!]! ^
      T[256 + data[i + 6]!]! ^
      T[data[i + 7]!]!;
  }
  for (; i < n; i++) c = T[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
