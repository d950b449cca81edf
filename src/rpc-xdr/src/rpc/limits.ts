/** Named limits of the ONC-RPC runtime; each can be overridden in the server/client options. */

/**
 * Largest RPC record (all fragments of one message together) accepted on a TCP connection.
 * Unit: bytes. Default: 1 MiB of payload plus 4 KiB for RPC, auth and NFS headers, which fits
 * a 1 MiB WRITE call or READ reply. A fragment header that would exceed it closes the
 * connection before anything is allocated.
 */
export const DEFAULT_MAX_RECORD_SIZE = 1024 * 1024 + 4096;

/**
 * Most fragments one record may have (RFC 5531 section 11 allows any fragmentation). Bounds the
 * work an attacker can cause with empty fragments. Unit: fragments. Default: 16,384.
 */
export const DEFAULT_MAX_FRAGMENTS = 16384;

/** Longest AUTH_SYS machine name (RFC 5531 appendix A). Unit: bytes. */
export const AUTH_SYS_MAX_MACHINE_NAME = 255;

/** Most supplementary gids in an AUTH_SYS credential (RFC 5531 appendix A). */
export const AUTH_SYS_MAX_GIDS = 16;

/** Largest opaque_auth body (RFC 5531 section 8.2). Unit: bytes. */
export const AUTH_MAX_BODY = 400;

/**
 * Calls a server handles at once on one connection; further records stay unread in the socket
 * (TCP flow control pushes back on the client). Unit: calls. Default: 64.
 */
export const DEFAULT_MAX_IN_FLIGHT_PER_CONNECTION = 64;

/** Calls a server handles at once over all connections. Unit: calls. Default: 1024. */
export const DEFAULT_MAX_IN_FLIGHT = 1024;

/** Most simultaneous TCP connections a server accepts; more are closed at once. Default: 1024. */
export const DEFAULT_MAX_CONNECTIONS = 1024;

/** Largest UDP datagram payload (IPv4 limit). Unit: bytes. */
export const MAX_UDP_PAYLOAD = 65507;

/** Per-try timeout of a client call before it is retransmitted. Unit: ms. Default: 10 s. */
export const DEFAULT_CALL_TIMEOUT_MS = 10_000;

/**
 * Retransmissions of a call after its first try times out, before the call fails with
 * NFSP_ERR_RPC_TIMEOUT. Default: 3 (the papers' "3 resends, then the site is out").
 */
export const DEFAULT_RETRANSMISSIONS = 3;

/** Time allowed to establish a TCP connection. Unit: ms. Default: 5 s. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/** Calls a client keeps outstanding on one connection; more wait in a queue. Default: 128. */
export const DEFAULT_CLIENT_MAX_IN_FLIGHT = 128;

/** Reconnect backoff bounds of the client. Unit: ms. */
export const RECONNECT_MIN_MS = 50;
export const RECONNECT_MAX_MS = 5_000;

/** The reserved (privileged) source port range used by Linux's RPC client (665-1023). */
export const RESERVED_PORT_MIN = 665;
export const RESERVED_PORT_MAX = 1023;
