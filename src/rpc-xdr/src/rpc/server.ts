import net from 'node:net';
import dgram from 'node:dgram';
import { once } from 'node:events';
import type { XdrVersion } from '../xdr/codec.js';
import type { XdrLimits } from '../xdr/limits.js';
import { RecordDecoder } from './record-marking.js';
import {
  RpcDispatcher,
  peerName,
  type RegisterOptions,
  type RpcHandlers,
  type RpcPeer,
  type RpcReply,
} from './dispatcher.js';
import { childLogger, silentLogger, type RpcLogger } from './logger.js';
import {
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_FRAGMENTS,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_MAX_IN_FLIGHT_PER_CONNECTION,
  DEFAULT_MAX_RECORD_SIZE,
  MAX_UDP_PAYLOAD,
} from './limits.js';

export interface RpcServerOptions {
  readonly logger?: RpcLogger;
  /** See DEFAULT_MAX_RECORD_SIZE. */
  readonly maxRecordSize?: number;
  /** See DEFAULT_MAX_FRAGMENTS. */
  readonly maxFragments?: number;
  /** See DEFAULT_MAX_IN_FLIGHT_PER_CONNECTION. */
  readonly maxInFlightPerConnection?: number;
  /** See DEFAULT_MAX_IN_FLIGHT. */
  readonly maxInFlight?: number;
  /** See DEFAULT_MAX_CONNECTIONS. */
  readonly maxConnections?: number;
  /** XDR limits for decoding arguments. */
  readonly limits?: XdrLimits;
}

export interface ListenOptions {
  readonly host: string;
  /** 0 picks a free port (TCP's; UDP then binds the same number). */
  readonly port: number;
  /** Also serve UDP on the same address and port. Default: false. */
  readonly udp?: boolean;
}

function positiveInt(name: string, v: number | undefined, dflt: number): number {
  const x = v ?? dflt;
  if (!Number.isInteger(x) || x < 1)
    throw new RangeError(`${name} must be a positive integer, got ${String(v)}`);
  return x;
}

/**
 * An ONC-RPC server for several programs on one port, over TCP (record marking) and optionally
 * UDP. Memory stays bounded: a connection stops being read while it has
 * `maxInFlightPerConnection` calls in progress, while the server has `maxInFlight`, or while its
 * replies are not being read by the client (socket write backpressure).
 */
export class RpcServer {
  readonly dispatcher: RpcDispatcher;
  private readonly log: RpcLogger;
  private readonly maxRecordSize: number;
  private readonly maxFragments: number;
  private readonly maxPerConnection: number;
  private readonly maxInFlight: number;
  private readonly maxConnections: number;
  private tcp: net.Server | undefined;
  private udp: dgram.Socket | undefined;
  private readonly connections = new Set<Connection>();
  /** Connections that stopped reading because the server-wide limit was reached. */
  private readonly starved = new Set<Connection>();
  private nextConnectionId = 1;
  /** Calls in progress over all transports. */
  inFlight = 0;
  private drained: (() => void) | undefined;

  constructor(opts: RpcServerOptions = {}) {
    this.log = opts.logger ?? silentLogger;
    this.maxRecordSize = positiveInt('maxRecordSize', opts.maxRecordSize, DEFAULT_MAX_RECORD_SIZE);
    this.maxFragments = positiveInt('maxFragments', opts.maxFragments, DEFAULT_MAX_FRAGMENTS);
    this.maxPerConnection = positiveInt(
      'maxInFlightPerConnection',
      opts.maxInFlightPerConnection,
      DEFAULT_MAX_IN_FLIGHT_PER_CONNECTION,
    );
    this.maxInFlight = positiveInt('maxInFlight', opts.maxInFlight, DEFAULT_MAX_IN_FLIGHT);
    this.maxConnections = positiveInt(
      'maxConnections',
      opts.maxConnections,
      DEFAULT_MAX_CONNECTIONS,
    );
    this.dispatcher = new RpcDispatcher({
      logger: this.log,
      ...(opts.limits ? { limits: opts.limits } : {}),
    });
  }

  register<V extends XdrVersion>(
    prog: number,
    version: V,
    handlers: RpcHandlers<V>,
    opts?: RegisterOptions,
  ): this {
    this.dispatcher.register(prog, version, handlers, opts);
    return this;
  }

  /** Number of open TCP connections. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Starts listening; resolves with the bound address and port. */
  async listen(opts: ListenOptions): Promise<{ host: string; port: number }> {
    if (this.tcp) throw new Error('server is already listening');
    const tcp = net.createServer({ noDelay: true, allowHalfOpen: true }, (s) => this.accept(s));
    tcp.on('error', (e) => this.log.error({ err: e.message }, 'TCP server error'));
    tcp.listen({ host: opts.host, port: opts.port, exclusive: true });
    await Promise.race([
      once(tcp, 'listening'),
      once(tcp, 'error').then(([e]) => Promise.reject(e as Error)),
    ]);
    this.tcp = tcp;
    const addr = tcp.address() as net.AddressInfo;
    if (opts.udp) {
      const udp = dgram.createSocket({ type: net.isIPv6(opts.host) ? 'udp6' : 'udp4' });
      udp.on('message', (msg, rinfo) => this.datagram(udp, msg, rinfo, addr));
      udp.on('error', (e) => this.log.error({ err: e.message }, 'UDP socket error'));
      await new Promise<void>((resolve, reject) => {
        udp.once('error', reject);
        udp.bind({ address: opts.host, port: addr.port, exclusive: true }, () => {
          udp.off('error', reject);
          resolve();
        });
      }).catch(async (e: unknown) => {
        await this.close();
        throw e;
      });
      this.udp = udp;
    }
    this.log.info({ host: addr.address, port: addr.port, udp: !!opts.udp }, 'RPC server listening');
    return { host: addr.address, port: addr.port };
  }

  /**
   * Stops accepting, lets calls in progress finish for up to `graceMs`, then closes every
   * connection. Replies of calls finished during the grace period are still sent.
   */
  async close(graceMs = 5000): Promise<void> {
    const tcp = this.tcp;
    this.tcp = undefined;
    const closed = tcp ? new Promise<void>((r) => tcp.close(() => r())) : Promise.resolve();
    for (const c of this.connections) c.stopReading();
    if (this.inFlight > 0) {
      await Promise.race([
        new Promise<void>((r) => (this.drained = r)),
        new Promise<void>((r) => setTimeout(r, graceMs).unref()),
      ]);
    }
    for (const c of this.connections) c.destroy();
    this.connections.clear();
    if (this.udp) {
      const udp = this.udp;
      this.udp = undefined;
      await new Promise<void>((r) => udp.close(() => r()));
    }
    await closed;
  }

  private accept(socket: net.Socket): void {
    if (this.connections.size >= this.maxConnections || !this.tcp) {
      this.log.warn(
        { remote: socket.remoteAddress },
        'connection limit reached; closing new connection',
      );
      socket.destroy();
      return;
    }
    const peer: RpcPeer = {
      transport: 'tcp',
      remoteAddress: socket.remoteAddress ?? '',
      remotePort: socket.remotePort ?? 0,
      localAddress: socket.localAddress ?? '',
      localPort: socket.localPort ?? 0,
      connectionId: this.nextConnectionId++,
    };
    const conn = new Connection(
      this,
      socket,
      peer,
      childLogger(this.log, { conn: peer.connectionId }),
      {
        maxRecordSize: this.maxRecordSize,
        maxFragments: this.maxFragments,
      },
    );
    this.connections.add(conn);
    socket.once('close', () => {
      this.connections.delete(conn);
      this.starved.delete(conn);
    });
  }

  /** True when another call may start on `conn`. */
  canStart(conn: Connection): boolean {
    if (this.inFlight >= this.maxInFlight) {
      this.starved.add(conn);
      return false;
    }
    return conn.inFlight < this.maxPerConnection;
  }

  callStarted(): void {
    this.inFlight++;
  }

  callFinished(): void {
    this.inFlight--;
    if (this.inFlight === 0 && this.drained) {
      const d = this.drained;
      this.drained = undefined;
      d();
    }
    if (this.starved.size > 0 && this.inFlight < this.maxInFlight) {
      const waiting = [...this.starved];
      this.starved.clear();
      for (const c of waiting) c.pump();
    }
  }

  private datagram(
    udp: dgram.Socket,
    msg: Buffer,
    rinfo: dgram.RemoteInfo,
    local: net.AddressInfo,
  ): void {
    if (this.inFlight >= this.maxInFlight) return; // over capacity: the client retransmits
    const peer: RpcPeer = {
      transport: 'udp',
      remoteAddress: rinfo.address,
      remotePort: rinfo.port,
      localAddress: local.address,
      localPort: local.port,
      connectionId: 0,
    };
    const send = (out: RpcReply | undefined): void => {
      if (!out || this.udp !== udp) return;
      const reply = Buffer.isBuffer(out) ? out : Buffer.concat(out as Buffer[]);
      if (reply.length > MAX_UDP_PAYLOAD) {
        this.log.warn(
          { peer: peerName(peer), size: reply.length },
          'reply too large for UDP; dropped',
        );
        return;
      }
      udp.send(reply, rinfo.port, rinfo.address);
    };
    this.callStarted();
    const out = this.dispatcher.dispatch(msg, peer, 'datagram');
    if (out instanceof Promise) {
      void out.then(send).finally(() => this.callFinished());
    } else {
      send(out);
      this.callFinished();
    }
  }
}

/** One TCP connection: record decoding, bounded concurrency, write backpressure. */
class Connection {
  inFlight = 0;
  private readonly decoder: RecordDecoder;
  private paused = false;
  private writeBlocked = false;
  private closed = false;
  private reading = true;
  private peerEnded = false;
  private corked = false;

  constructor(
    private readonly server: RpcServer,
    private readonly socket: net.Socket,
    private readonly peer: RpcPeer,
    private readonly log: RpcLogger,
    framing: { maxRecordSize: number; maxFragments: number },
  ) {
    this.decoder = new RecordDecoder(framing);
    socket.on('data', (chunk: Buffer) => {
      this.decoder.push(chunk);
      this.pump();
    });
    socket.on('drain', () => {
      this.writeBlocked = false;
      this.pump();
    });
    socket.on('error', (e) =>
      this.log.debug({ peer: peerName(peer), err: e.message }, 'connection error'),
    );
    socket.on('close', () => {
      this.closed = true;
    });
    socket.on('end', () => {
      // The client half-closed: answer every call it sent (running or still queued in the
      // decoder), then close our side.
      this.peerEnded = true;
      this.pump();
    });
  }

  /** Handles every complete record the limits allow, then pauses or resumes the socket. */
  pump(): void {
    while (!this.closed && this.reading && !this.writeBlocked && this.server.canStart(this)) {
      let record: Buffer | undefined;
      try {
        record = this.decoder.next();
      } catch (e) {
        this.log.warn(
          { peer: peerName(this.peer), err: (e as Error).message },
          'bad record framing; closing connection',
        );
        this.destroy();
        return;
      }
      if (!record) {
        if (this.peerEnded && this.inFlight === 0 && !this.closed) this.socket.end();
        break;
      }
      this.handle(record);
    }
    const shouldPause = this.writeBlocked || !this.server.canStart(this);
    if (shouldPause && !this.paused) {
      this.paused = true;
      this.socket.pause();
    } else if (!shouldPause && this.paused && this.reading) {
      this.paused = false;
      this.socket.resume();
    }
  }

  private handle(record: Buffer): void {
    this.inFlight++;
    this.server.callStarted();
    const out = this.server.dispatcher.dispatch(record, this.peer, 'record');
    if (out instanceof Promise) {
      void out.then(
        (reply) => this.finish(reply),
        () => this.finish(undefined),
      );
    } else {
      this.finish(out);
    }
  }

  private finish(reply: RpcReply | undefined): void {
    this.inFlight--;
    this.server.callFinished();
    if (reply && !this.closed && !this.socket.destroyed) {
      this.corkForTick();
      if (Buffer.isBuffer(reply)) {
        if (!this.socket.write(reply)) this.writeBlocked = true;
      } else {
        // A gathered reply: its chunks are written in order (one writev with the cork).
        for (const chunk of reply) if (!this.socket.write(chunk)) this.writeBlocked = true;
      }
    }
    if (!this.reading && this.inFlight === 0 && !this.closed) this.socket.end();
    else this.pump();
  }

  /**
   * Batches the replies finished in one event-loop turn into one socket write (writev): a
   * write system call per reply was the largest cost of small calls.
   */
  private corkForTick(): void {
    if (this.corked) return;
    this.corked = true;
    this.socket.cork();
    process.nextTick(() => {
      this.corked = false;
      if (!this.socket.destroyed) this.socket.uncork();
    });
  }

  stopReading(): void {
    this.reading = false;
    this.socket.pause();
  }

  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }
}
