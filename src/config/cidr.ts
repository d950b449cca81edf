/**
 * Client networks for the export policy: IPv4 and IPv6 CIDR blocks, single addresses and `*`.
 *
 * Every address is compared as 16 bytes. IPv4 is held in its IPv4-mapped IPv6 form
 * (`::ffff:a.b.c.d`, RFC 4291 section 2.5.5.2) and an IPv4 block `a.b.c.d/n` as
 * `::ffff:a.b.c.d/(96+n)`. That is how a dual-stack listening socket reports an IPv4 peer, so
 * `10.0.0.0/8` admits a client whether the socket calls it `10.1.2.3` or `::ffff:10.1.2.3`;
 * without it an IPv4 client of a `::` listener would match no IPv4 rule and be refused.
 */
import { ConfigError, describeValue } from './errors.js';

/** An allowed client network. */
export interface Cidr {
  /** The text as the operator wrote it (for logs and the MOUNT EXPORT reply). */
  readonly text: string;
  /** Whether a peer address (as `net.Socket.remoteAddress` gives it) is inside the network. */
  contains(address: string): boolean;
}

/** Length of an address in bytes: IPv6, with IPv4 mapped into it. */
const ADDRESS_BYTES = 16;

/** Prefix length of the IPv4-mapped block `::ffff:0:0/96`. */
const MAPPED_PREFIX_BITS = 96;

/** Parses a dotted-quad IPv4 address into 4 bytes; no leading zeros (they read as octal to some). */
function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    bytes.push(n);
  }
  return bytes;
}

/** Parses hextets (`1:2:ab`) into 16-bit groups; a trailing dotted quad counts as two groups. */
function parseGroups(text: string, allowIpv4Tail: boolean): number[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (allowIpv4Tail && i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 === undefined) return undefined;
      groups.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    } else {
      if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return undefined;
      groups.push(parseInt(part, 16));
    }
  }
  return groups;
}

/** Parses an IPv6 address (RFC 4291 section 2.2 text forms) into 16 bytes. */
function parseIpv6(text: string): Uint8Array | undefined {
  const gap = text.indexOf('::');
  let groups: number[];
  if (gap === -1) {
    const all = parseGroups(text, true);
    if (all === undefined || all.length !== 8) return undefined;
    groups = all;
  } else {
    if (text.indexOf('::', gap + 1) !== -1) return undefined;
    const head = parseGroups(text.slice(0, gap), false);
    const tail = parseGroups(text.slice(gap + 2), true);
    // `::` stands for at least one group of zeros.
    if (head === undefined || tail === undefined || head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  const bytes = new Uint8Array(ADDRESS_BYTES);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return bytes;
}

function mapIpv4(v4: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(ADDRESS_BYTES);
  bytes[10] = 0xff;
  bytes[11] = 0xff;
  bytes.set(v4, 12);
  return bytes;
}

/**
 * Parses an IPv4 or IPv6 address into its 16-byte form (IPv4 mapped), or `undefined` when the
 * text is not an address. A zone (`fe80::1%eth0`) is ignored: scopes are not compared.
 */
export function parseIpAddress(text: string): Uint8Array | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return mapIpv4(v4);
  const zone = text.indexOf('%');
  return parseIpv6(zone === -1 ? text : text.slice(0, zone));
}

/** A DNS name (RFC 1123 section 2.1): dot-separated labels of letters, digits and hyphens. */
const HOSTNAME_PATTERN =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/**
 * Whether `text` is a syntactically valid DNS host name (`localhost`, `nas1.example.com`). Only
 * the form is checked; callers decide separately whether all-numeric names must be IPv4.
 */
export function isHostName(text: string): boolean {
  return HOSTNAME_PATTERN.test(text);
}

/** Whether the first `bits` bits of two 16-byte addresses agree. */
function samePrefix(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  const whole = bits >> 3;
  for (let i = 0; i < whole; i++) if (a[i] !== b[i]) return false;
  const rest = bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((a[whole] ?? 0) & mask) === ((b[whole] ?? 0) & mask);
}

class CidrBlock implements Cidr {
  readonly text: string;
  readonly #network: Uint8Array;
  readonly #prefixBits: number;

  constructor(text: string, network: Uint8Array, prefixBits: number) {
    this.text = text;
    this.#network = network;
    this.#prefixBits = prefixBits;
  }

  contains(address: string): boolean {
    const bytes = parseIpAddress(address);
    return bytes !== undefined && samePrefix(bytes, this.#network, this.#prefixBits);
  }
}

/** Every client. */
class AnyClient implements Cidr {
  readonly text = '*';
  contains(): boolean {
    return true;
  }
}

/**
 * Parses one client network: `a.b.c.d/n` (n 0..32), `x:y::z/n` (n 0..128), a single address
 * (a /32 or /128), or `*` for every client. Host bits below the prefix are allowed and ignored,
 * as exportfs does (`10.1.2.3/8` is `10.0.0.0/8`). Throws ConfigError naming `key`.
 */
export function parseCidr(text: unknown, key: string): Cidr {
  if (typeof text !== 'string') {
    throw new ConfigError(key, `must be a string (got ${describeValue(text)})`);
  }
  if (text === '*') return new AnyClient();
  const bad = (why: string): ConfigError =>
    new ConfigError(
      key,
      `${why} (got ${describeValue(text)}); expected an address or CIDR block like 10.0.0.0/8, 192.168.1.5, fd00::/8 or *`,
    );
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const v4 = parseIpv4(addressText);
  const v6 = v4 === undefined ? parseIpv6(addressText) : undefined;
  if (v4 === undefined && v6 === undefined) throw bad('not an IPv4 or IPv6 address');
  const maxBits = v4 !== undefined ? 32 : 128;
  let bits = maxBits;
  if (slash !== -1) {
    const prefixText = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) throw bad('prefix length is not a number');
    bits = Number(prefixText);
    if (bits > maxBits) throw bad(`prefix length must be 0..${maxBits}`);
  }
  return v4 !== undefined
    ? new CidrBlock(text, mapIpv4(v4), MAPPED_PREFIX_BITS + bits)
    : new CidrBlock(text, v6 ?? new Uint8Array(ADDRESS_BYTES), bits);
}
