import net from 'node:net';
import { randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { XdrProcedure } from '../xdr/codec.js';
import type { opaque_auth } from '../generated/rpc-msg.js';
import { RecordDecoder } from './record-marking.js';
import { decodeReply, encodeCall, encodeCallGather, peekReplyXid } from './message.js';
import { NULL_AUTH } from './auth.js';
import { RpcError } from './errors.js';
import { silentLogger, type RpcLogger } from './logger.js';
import {
  DEFAULT_CALL_TIMEOUT_MS,
  DEFAULT_CLIENT_MAX_IN_FLIGHT,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MAX_RECORD_SIZE,
  DEFAULT_RETRANSMISSIONS,
  RECONNECT_MAX_MS,
  RECONNECT_MIN_MS,
  RESERVED_PORT_MAX,
  RESERVED_PORT_MIN,
} from './limits.js';

let lastXid = randomInt(0, 0xffffffff);

/**
 * A process-wide unique XID: one counter for every client, so two calls to the same server from
 * different connections never share an XID (a server's duplicate request cache would otherwise
 * answer the second with the first's reply).
 */
export function allocateXid(): number {
  lastXid = (lastXid + 1) >>> 0;
  return lastXid;
}

export interface RpcClientOptions {
  readonly host: string;
  readonly port: number;
  /** Per-try timeout before a retransmission. See DEFAULT_CALL_TIMEOUT_MS. */
  readonly timeoutMs?: number;
  /** Retransmissions after the first try. See DEFAULT_RETRANSMISSIONS. */
  readonly retransmissions?: number;
  /** See DEFAULT_CONNECT_TIMEOUT_MS. */
  readonly connectTimeoutMs?: number;
  /**
   * Bind a reserved source port (665-1023) as the Linux kernel client does; servers exporting
   * with `secure` refuse other ports. 'auto' (default) tries when running as root and falls
   * back to an ordinary port when binding is not permitted.
   */
  readonly reservedPort?: boolean | 'auto';
  /** Local address to bind (default: chosen by the OS). */
  readonly localAddress?: string;
  /** Largest reply record accepted. See DEFAULT_MAX_RECORD_SIZE. */
  readonly maxRecordSize?: number;
  /** Calls outstanding on the connection; more wait. See DEFAULT_CLIENT_MAX_IN_FLIGHT. */
  readonly maxInFlight?: number;
  /**
   * Fail pending calls at once with NFSP_ERR_RPC_CONNECTION (naming the socket error) when a
   * connection cannot be established, instead of retrying until their timeouts run out. For
   * one-off calls where a refused connection is an answer (start-up, probes). Default false.
   */
  readonly failFastOnConnect?: boolean;
  /** Credential used when a call does not give one. Default AUTH_NONE. */
  readonly cred?: opaque_auth;
  readonly logger?: RpcLogger;
}

export interface CallOptions {
  readonly cred?: opaque_auth;
  /**
   * A large payload for the last item of the arguments, which must then be an empty
   * variable-length opaque in `args` (e.g. WRITE3args.data): it is sent as its own chunk, not
   * copied into the message (see encodeCallGather).
   */
  readonly tail?: Uint8Array;
  readonly timeoutMs?: number;
  readonly retransmissions?: number;
}

interface Pending {
  readonly xid: number;
  /** The encoded call: one buffer, or the chunks of a gathered call. */
  readonly record: Buffer | readonly Buffer[];
  readonly decode: (record: Buffer) => unknown;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: Error) => void;
  readonly timeoutMs: number;
  readonly retransmissions: number;
  tries: number;
  timer: NodeJS.Timeout | undefined;
  /** Connection generation the record was last written on (-1: not yet sent). */
  sentOn: number;
}

export interface RpcClientStats {
  calls: number;
  retransmits: number;
  timeouts: number;
  connects: number;
}

/**
 * An ONC-RPC client over one TCP connection to one server, with many calls in flight matched by
 * XID, a per-try timeout with a bounded number of retransmissions (the same XID each time),
 * automatic reconnection with backoff (pending calls are resent on the new connection), and
 * optional reserved source ports. Events: 'connect', 'disconnect'.
 */
export class RpcClient extends EventEmitter {
  readonly host: string;
  readonly port: number;
  readonly stats: RpcClientStats = { calls: 0, retransmits: 0, timeouts: 0, connects: 0 };
  private readonly opts: RpcClientOptions;
  private readonly log: RpcLogger;
  private readonly maxInFlight: number;
  private readonly pending = new Map<number, Pending>();
  private readonly queue: Pending[] = [];
  private socket: net.Socket | undefined;
  /** The socket being connected, until it is established. */
  private pendingSocket: net.Socket | undefined;
  private corked: net.Socket | undefined;
  private connected = false;
  private connecting = false;
  private generation = 0;
  private backoffMs = RECONNECT_MIN_MS;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private reserved: boolean | 'auto';
  private nextReservedPort = randomInt(RESERVED_PORT_MIN, RESERVED_PORT_MAX + 1);

  constructor(opts: RpcClientOptions) {
    super();
    if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) {
      throw new RangeError(`port must be 1-65535, got ${opts.port}`);
    }
    this.opts = opts;
    this.host = opts.host;
    this.port = opts.port;
    this.log = opts.logger ?? silentLogger;
    this.maxInFlight = opts.maxInFlight ?? DEFAULT_CLIENT_MAX_IN_FLIGHT;
    this.reserved = opts.reservedPort ?? 'auto';
    if (this.reserved === 'auto' && process.getuid?.() !== 0) this.reserved = false;
  }

  /** Calls in flight or queued. */
  get outstanding(): number {
    return this.pending.size + this.queue.length;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Calls `proc` of program `prog` version `vers` and resolves with its decoded result. */
  call<A, R>(
    prog: number,
    vers: number,
    proc: XdrProcedure<A, R>,
    args: A,
    opts: CallOptions = {},
  ): Promise<R> {
    if (this.closed) return Promise.reject(new RpcError('NFSP_ERR_RPC_CLOSED', 'client is closed'));
    let xid = allocateXid();
    while (this.pending.has(xid)) xid = allocateXid();
    const header = {
      xid,
      prog,
      vers,
      proc: proc.number,
      cred: opts.cred ?? this.opts.cred ?? NULL_AUTH,
    };
    const record = opts.tail
      ? encodeCallGather(header, proc.args, args, opts.tail)
      : encodeCall(header, proc.args, args);
    return new Promise<R>((resolve, reject) => {
      const p: Pending = {
        xid,
        record,
        decode: (rec) => decodeReply(rec, proc.result),
        resolve: resolve as (v: unknown) => void,
        reject,
        timeoutMs: opts.timeoutMs ?? this.opts.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
        retransmissions:
          opts.retransmissions ?? this.opts.retransmissions ?? DEFAULT_RETRANSMISSIONS,
        tries: 0,
        timer: undefined,
        sentOn: -1,
      };
      this.stats.calls++;
      if (this.pending.size < this.maxInFlight) this.start(p);
      else this.queue.push(p);
    });
  }

  /** Closes the connection; pending calls fail with NFSP_ERR_RPC_CLOSED. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.failAll(new RpcError('NFSP_ERR_RPC_CLOSED', 'client closed'));
    const s = this.socket ?? this.pendingSocket;
    this.socket = undefined;
    this.pendingSocket = undefined;
    if (s && !s.destroyed) {
      await new Promise<void>((resolve) => {
        s.once('close', () => resolve());
        s.destroy();
      });
    }
  }

  private start(p: Pending): void {
    this.pending.set(p.xid, p);
    this.transmit(p);
  }

  /** Sends (or resends) a call and arms its per-try timer. */
  private transmit(p: Pending): void {
    p.tries++;
    clearTimeout(p.timer);
    p.timer = setTimeout(() => this.onTimeout(p), p.timeoutMs);
    if (this.connected && this.socket) {
      p.sentOn = this.generation;
      this.corkForTick(this.socket);
      writeRecord(this.socket, p.record);
    } else {
      this.ensureConnection();
    }
  }

  private onTimeout(p: Pending): void {
    if (this.pending.get(p.xid) !== p) return;
    if (p.tries > p.retransmissions) {
      this.pending.delete(p.xid);
      this.stats.timeouts++;
      p.reject(
        new RpcError(
          'NFSP_ERR_RPC_TIMEOUT',
          `no reply from ${this.host}:${this.port} to xid ${p.xid} after ${p.tries} tries of ${p.timeoutMs} ms`,
        ),
      );
      this.dequeue();
      return;
    }
    this.stats.retransmits++;
    this.log.debug(
      { xid: p.xid, try: p.tries + 1, server: `${this.host}:${this.port}` },
      'retransmitting',
    );
    this.transmit(p);
  }

  private dequeue(): void {
    while (this.queue.length > 0 && this.pending.size < this.maxInFlight)
      this.start(this.queue.shift()!);
  }

  private ensureConnection(): void {
    if (this.connected || this.connecting || this.closed || this.reconnectTimer) return;
    this.connect();
  }

  private connect(): void {
    this.connecting = true;
    const socket = new net.Socket();
    const localPort = this.reserved ? this.nextReservedPort : undefined;
    const timer = setTimeout(
      () => socket.destroy(new Error('connect timeout')),
      this.opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    );
    const decoder = new RecordDecoder({
      maxRecordSize: this.opts.maxRecordSize ?? DEFAULT_MAX_RECORD_SIZE,
    });
    let established = false;
    let lastError: NodeJS.ErrnoException | undefined;
    this.pendingSocket = socket;
    socket.on('connect', () => {
      clearTimeout(timer);
      if (this.pendingSocket === socket) this.pendingSocket = undefined;
      if (this.closed) {
        socket.destroy();
        return;
      }
      established = true;
      socket.setNoDelay(true);
      this.socket = socket;
      this.connected = true;
      this.connecting = false;
      this.generation++;
      this.backoffMs = RECONNECT_MIN_MS;
      this.stats.connects++;
      this.emit('connect');
      // Resend every call not yet sent on this connection (RPC over TCP: a reconnect loses
      // whatever the old connection had in flight).
      for (const p of this.pending.values()) {
        if (p.sentOn !== this.generation) {
          p.sentOn = this.generation;
          writeRecord(socket, p.record);
        }
      }
    });
    socket.on('data', (chunk: Buffer) => {
      decoder.push(chunk);
      for (;;) {
        let rec: Buffer | undefined;
        try {
          rec = decoder.next();
        } catch (e) {
          this.log.warn(
            { server: `${this.host}:${this.port}`, err: (e as Error).message },
            'bad reply framing; reconnecting',
          );
          socket.destroy();
          return;
        }
        if (!rec) return;
        this.onReply(rec);
      }
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      lastError = e;
      if (!established && localPort !== undefined) {
        if (e.code === 'EADDRINUSE' || e.code === 'EADDRNOTAVAIL') {
          this.nextReservedPort =
            this.nextReservedPort >= RESERVED_PORT_MAX
              ? RESERVED_PORT_MIN
              : this.nextReservedPort + 1;
        } else if (e.code === 'EACCES' || e.code === 'EPERM') {
          if (this.reserved === true)
            this.log.warn({ err: e.message }, 'cannot bind a reserved port');
          this.reserved = false;
        }
      }
      this.log.debug({ server: `${this.host}:${this.port}`, err: e.message }, 'connection error');
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (this.pendingSocket === socket) this.pendingSocket = undefined;
      const wasConnected = established;
      if (this.socket === socket) this.socket = undefined;
      this.connected = false;
      this.connecting = false;
      if (wasConnected) this.emit('disconnect');
      if (this.closed) return;
      const portClash =
        lastError?.code === 'EADDRINUSE' ||
        lastError?.code === 'EADDRNOTAVAIL' ||
        lastError?.code === 'EACCES';
      if (!wasConnected && this.opts.failFastOnConnect && !portClash) {
        this.failAll(
          new RpcError(
            'NFSP_ERR_RPC_CONNECTION',
            `cannot connect to ${this.host}:${this.port}: ${lastError?.message ?? 'connection closed'}`,
          ),
        );
        return;
      }
      if (this.pending.size > 0) this.scheduleReconnect(wasConnected);
    });
    socket.connect({
      host: this.host,
      port: this.port,
      ...(this.opts.localAddress ? { localAddress: this.opts.localAddress } : {}),
      ...(localPort !== undefined ? { localPort } : {}),
    });
  }

  private scheduleReconnect(immediately: boolean): void {
    if (this.reconnectTimer || this.closed) return;
    const delay = immediately ? 0 : this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, RECONNECT_MAX_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.pending.size > 0 && !this.closed) this.connect();
    }, delay);
  }

  /** Batches the calls sent in one event-loop turn into one socket write (writev). */
  private corkForTick(socket: net.Socket): void {
    if (this.corked === socket) return;
    this.corked = socket;
    socket.cork();
    process.nextTick(() => {
      this.corked = undefined;
      if (!socket.destroyed) socket.uncork();
    });
  }

  private failAll(err: RpcError): void {
    for (const p of [...this.pending.values(), ...this.queue]) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
    this.queue.length = 0;
  }

  private onReply(rec: Buffer): void {
    const xid = peekReplyXid(rec);
    if (xid === undefined) return;
    const p = this.pending.get(xid);
    if (!p) return; // late reply to a call already answered or timed out
    this.pending.delete(xid);
    clearTimeout(p.timer);
    try {
      p.resolve(p.decode(rec));
    } catch (e) {
      p.reject(e as Error);
    }
    this.dequeue();
  }
}

function writeRecord(socket: net.Socket, record: Buffer | readonly Buffer[]): void {
  if (Buffer.isBuffer(record)) socket.write(record);
  else for (const chunk of record) socket.write(chunk);
}

/**
 * Several connections to one server; each call goes to the connection with the fewest calls
 * outstanding. All connections share the process-wide XID sequence.
 */
export class RpcClientPool {
  private readonly clients: RpcClient[];

  constructor(opts: RpcClientOptions & { readonly size?: number }) {
    const size = opts.size ?? 2;
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`pool size must be a positive integer`);
    this.clients = Array.from({ length: size }, () => new RpcClient(opts));
  }

  get members(): readonly RpcClient[] {
    return this.clients;
  }

  call<A, R>(
    prog: number,
    vers: number,
    proc: XdrProcedure<A, R>,
    args: A,
    opts?: CallOptions,
  ): Promise<R> {
    let best = this.clients[0]!;
    for (const c of this.clients) if (c.outstanding < best.outstanding) best = c;
    return best.call(prog, vers, proc, args, opts);
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
  }
}
