/**
 * The console server (issue 7 item 1; protocol in docs/console.md): HTTP for `/metrics`
 * (Prometheus text) and a WebSocket endpoint `/ws` speaking JSON:
 *
 *   request   {"id": 1, "method": "status", "params": {...}}
 *   response  {"id": 1, "result": ...}  or  {"id": 1, "error": {"code": "...", "message": "..."}}
 *   event     {"event": "site.state", "data": {...}}  (pushed; `progress` events carry the id)
 *
 * Every message is validated (size, JSON, shape, method, params) and a bad one gets an error
 * reply, never a crash. A connection authenticates with `Authorization: Bearer TOKEN` on the
 * upgrade request or an `auth` request first; every other call without a valid token is
 * refused. State-changing calls are written to the audit log.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import type Database from 'better-sqlite3';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../log/logger.js';
import { serveDashboard } from './dashboard.js';
import { auditListMethod } from './audit.js';
import { roleAllows, type Role, type TokenIdentity, type TokenStore } from './tokens.js';

/** Largest WebSocket message accepted. Unit: bytes. */
export const CONSOLE_MAX_MESSAGE_BYTES = 64 * 1024;
/** Messages one connection may send per second (sustained). */
export const CONSOLE_RATE_PER_SECOND = 20;
/** Burst of messages allowed above the sustained rate. */
export const CONSOLE_RATE_BURST = 50;
/** Simultaneous console connections. */
export const CONSOLE_MAX_CONNECTIONS = 64;
/** Time a connection may stay unauthenticated. Unit: ms. */
export const CONSOLE_AUTH_TIMEOUT_MS = 10_000;
/**
 * With TLS: how long a new connection may take to send its first byte, which tells a TLS
 * handshake from plain HTTP. Unit: ms.
 */
export const CONSOLE_FIRST_BYTE_TIMEOUT_MS = 10_000;
/** The first byte of a TLS record carrying a handshake (RFC 8446 5.1, ContentType 22). */
const TLS_HANDSHAKE = 0x16;
/** Longest request id. Unit: characters. */
const MAX_ID_LENGTH = 64;

export type ConsoleErrorCode =
  | 'bad-message'
  | 'unknown-method'
  | 'bad-params'
  | 'unauthenticated'
  | 'forbidden'
  | 'rate-limited'
  | 'failed';

export class ConsoleError extends Error {
  constructor(
    readonly code: ConsoleErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ConsoleError';
  }
}

export interface ConsoleCall {
  readonly identity: TokenIdentity;
  /** Sends a `progress` event for this request. */
  progress(data: unknown): void;
}

export interface ConsoleMethod {
  readonly role: Role;
  /** Changes state: audited. */
  readonly audit: boolean;
  /** Checks and normalises params; throws ConsoleError('bad-params'). */
  params(p: Record<string, unknown>): unknown;
  handle(params: never, call: ConsoleCall): Promise<unknown>;
}

export interface ConsoleOptions {
  readonly host: string;
  readonly port: number;
  readonly db: Database.Database;
  readonly tokens: TokenStore;
  readonly log: Logger;
  readonly methods: ReadonlyMap<string, ConsoleMethod>;
  /** Prometheus text for /metrics. */
  readonly metrics: () => string;
  /**
   * Serve HTTPS and WSS with this certificate chain and private key (PEM). Plain HTTP on the
   * port is then refused with a 400 that says so. Undefined: plain HTTP and WS.
   */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer } | undefined;
}

interface Conn {
  identity: TokenIdentity | undefined;
  tokens: number;
  last: number;
  /** Topics this connection subscribed to; undefined: every event (the default). */
  topics: Set<string> | undefined;
}

/** Event topics a connection may subscribe to (`subscribe {topics}`). */
export const CONSOLE_TOPICS = [
  'sites',
  'lag',
  'versions',
  'tasks',
  'level',
  'audit',
  'health',
] as const;

/** The topic of each pushed event; an event not listed is in no topic and always sent. */
const EVENT_TOPIC: Record<string, string> = {
  'site.state': 'sites',
  takeover: 'sites',
  promotion: 'sites',
  lag: 'lag',
  version: 'versions',
  task: 'tasks',
  level: 'level',
  assessment: 'level',
  audit: 'audit',
  health: 'health',
};

export class ConsoleServer {
  private readonly opts: ConsoleOptions;
  private readonly log: Logger;
  private http: Server | undefined;
  /** With TLS: the listening socket that tells TLS from plain HTTP before handing over. */
  private sniffer: ReturnType<typeof createNetServer> | undefined;
  /** With TLS: every raw connection, destroyed at stop (the HTTPS server does not track them). */
  private readonly sockets = new Set<Socket>();
  private wss: WebSocketServer | undefined;
  private readonly conns = new Map<WebSocket, Conn>();
  private readonly auditStmt: Database.Statement;
  /** The given methods and the server's own (`audit.list`: the server keeps the audit log). */
  private readonly methods: ReadonlyMap<string, ConsoleMethod>;
  address: { host: string; port: number } | undefined;

  constructor(opts: ConsoleOptions) {
    this.opts = opts;
    this.log = opts.log.child({ part: 'console' });
    this.auditStmt = opts.db.prepare(
      'INSERT INTO audit (at_ms, token_id, role, action, params, result, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.methods = new Map([['audit.list', auditListMethod(opts.db)], ...opts.methods]);
  }

  async start(): Promise<{ host: string; port: number }> {
    const onRequest = (req: IncomingMessage, res: ServerResponse): void => this.onHttp(req, res);
    const tls = this.opts.tls;
    const http: Server = tls
      ? createHttpsServer({ cert: tls.cert, key: tls.key }, onRequest)
      : createServer(onRequest);
    const wss = new WebSocketServer({ noServer: true, maxPayload: CONSOLE_MAX_MESSAGE_BYTES });
    http.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://console');
      if (url.pathname !== '/ws' || this.conns.size >= CONSOLE_MAX_CONNECTIONS) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
    });
    if (tls)
      http.on('tlsClientError', (e) =>
        this.log.debug({ err: e.message }, 'console TLS handshake failed'),
      );
    this.http = http;
    this.wss = wss;
    const listener = tls ? createNetServer((socket) => this.sniff(socket, http)) : http;
    this.sniffer = tls ? (listener as ReturnType<typeof createNetServer>) : undefined;
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(this.opts.port, this.opts.host, () => resolve());
    });
    const a = listener.address() as AddressInfo;
    this.address = { host: a.address, port: a.port };
    this.log.info(
      { console: `${a.address}:${a.port}`, tls: tls !== undefined },
      'console listening',
    );
    return this.address;
  }

  /**
   * With TLS, a connection's first byte says what it speaks: a TLS handshake goes on to the HTTPS
   * server (the byte is put back; the TLS socket reads what the socket buffered), anything else
   * is plain HTTP and gets a 400 naming the mistake instead of a TLS alert it cannot read.
   */
  private sniff(socket: Socket, https: Server): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', (e) => this.log.debug({ err: e.message }, 'console connection error'));
    socket.setTimeout(CONSOLE_FIRST_BYTE_TIMEOUT_MS, () => socket.destroy());
    socket.once('readable', () => {
      const chunk = socket.read(1) as Buffer | null;
      socket.setTimeout(0);
      if (chunk === null) {
        socket.destroy();
        return;
      }
      if (chunk[0] === TLS_HANDSHAKE) {
        socket.unshift(chunk);
        https.emit('connection', socket);
        return;
      }
      // Read (and drop) the rest of the request: closing with unread bytes would reset the
      // connection before the client reads the answer.
      socket.resume();
      const body = 'this console speaks HTTPS only: use https:// or wss:// (ctl --ca FILE)\n';
      socket.end(
        `HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
      );
    });
  }

  async stop(): Promise<void> {
    for (const ws of this.conns.keys()) ws.terminate();
    this.conns.clear();
    this.wss?.close();
    const sniffer = this.sniffer;
    if (sniffer) {
      // The HTTPS server never listened: its connections came from the sniffer.
      const closed = new Promise<void>((resolve) => sniffer.close(() => resolve()));
      for (const socket of this.sockets) socket.destroy();
      this.sockets.clear();
      await closed;
    } else {
      await new Promise<void>((resolve) =>
        this.http ? this.http.close(() => resolve()) : resolve(),
      );
    }
    this.http = undefined;
    this.sniffer = undefined;
  }

  /** Pushes an event to every authenticated connection. */
  broadcast(event: string, data: unknown): void {
    const topic = EVENT_TOPIC[event];
    let text: string | undefined;
    for (const [ws, c] of this.conns) {
      if (!c.identity || (topic !== undefined && c.topics && !c.topics.has(topic))) continue;
      text ??= JSON.stringify({ event, data }, jsonReplacer);
      ws.send(text);
    }
  }

  /** True when some authenticated connection wants events of `topic` (skip costly samples). */
  wants(topic: string): boolean {
    for (const c of this.conns.values())
      if (c.identity && (!c.topics || c.topics.has(topic))) return true;
    return false;
  }

  // ---- HTTP ----------------------------------------------------------------------------------------

  private onHttp(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://console');
    if (url.pathname === '/metrics' && req.method === 'GET') {
      if (!this.bearer(req)) {
        res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' });
        res.end('a valid console token is required (Authorization: Bearer TOKEN)\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(this.opts.metrics());
      return;
    }
    if (serveDashboard(req, res)) return;
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  }

  private bearer(req: IncomingMessage): TokenIdentity | undefined {
    const h = req.headers.authorization;
    if (typeof h !== 'string' || !h.startsWith('Bearer ')) return undefined;
    return this.opts.tokens.check(h.slice(7).trim());
  }

  // ---- WebSocket --------------------------------------------------------------------------------

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const conn: Conn = {
      identity: this.bearer(req),
      tokens: CONSOLE_RATE_BURST,
      last: Date.now(),
      topics: undefined,
    };
    this.conns.set(ws, conn);
    const authTimer = conn.identity
      ? undefined
      : setTimeout(() => {
          if (!conn.identity) ws.close(4401, 'not authenticated');
        }, CONSOLE_AUTH_TIMEOUT_MS);
    authTimer?.unref();
    ws.on('message', (data, isBinary) => void this.onMessage(ws, conn, data, isBinary));
    ws.on('close', () => {
      clearTimeout(authTimer);
      this.conns.delete(ws);
    });
    ws.on('error', (e) => this.log.debug({ err: e.message }, 'console connection error'));
  }

  private send(ws: WebSocket, msg: unknown): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg, jsonReplacer));
  }

  private async onMessage(
    ws: WebSocket,
    conn: Conn,
    data: unknown,
    isBinary: boolean,
  ): Promise<void> {
    // Rate limit: a token bucket per connection.
    const now = Date.now();
    conn.tokens = Math.min(
      CONSOLE_RATE_BURST,
      conn.tokens + ((now - conn.last) / 1000) * CONSOLE_RATE_PER_SECOND,
    );
    conn.last = now;
    let id: string | number | null = null;
    try {
      if (conn.tokens < 1) throw new ConsoleError('rate-limited', 'too many messages; slow down');
      conn.tokens -= 1;
      const req = parseRequest(data, isBinary);
      id = req.id;
      if (req.method === 'auth') {
        const identity = this.opts.tokens.check(req.params['token']);
        if (!identity) throw new ConsoleError('unauthenticated', 'invalid token');
        conn.identity = identity;
        this.send(ws, { id, result: { role: identity.role } });
        return;
      }
      if (!conn.identity)
        throw new ConsoleError('unauthenticated', 'authenticate first (auth or a Bearer token)');
      if (req.method === 'subscribe') {
        conn.topics = parseTopics(req.params);
        this.send(ws, { id, result: { topics: [...conn.topics] } });
        return;
      }
      const m = this.methods.get(req.method);
      if (!m) throw new ConsoleError('unknown-method', `unknown method '${req.method}'`);
      if (!roleAllows(conn.identity.role, m.role))
        throw new ConsoleError('forbidden', `${req.method} needs the ${m.role} role`);
      const params = m.params(req.params);
      const identity = conn.identity;
      const reqId = id;
      const call: ConsoleCall = {
        identity,
        progress: (d) => this.send(ws, { event: 'progress', id: reqId, data: d }),
      };
      let result: unknown;
      try {
        result = await m.handle(params as never, call);
      } catch (e) {
        if (m.audit) this.audit(identity, req.method, params, 'error', (e as Error).message);
        throw e;
      }
      if (m.audit) this.audit(identity, req.method, params, 'ok', undefined);
      this.send(ws, { id, result });
    } catch (e) {
      const err =
        e instanceof ConsoleError
          ? { code: e.code, message: e.message }
          : { code: 'failed', message: (e as Error).message };
      if (!(e instanceof ConsoleError)) this.log.warn({ err: err.message }, 'console call failed');
      this.send(ws, { id, error: err });
    }
  }

  private audit(
    who: TokenIdentity,
    action: string,
    params: unknown,
    result: 'ok' | 'error',
    detail: string | undefined,
  ): void {
    this.auditStmt.run(
      Date.now(),
      who.id,
      who.role,
      action,
      JSON.stringify(params, jsonReplacer) ?? null,
      result,
      detail ?? null,
    );
    this.broadcast('audit', { action, role: who.role, result, detail });
  }
}

/** bigint as decimal strings in JSON. */
export function jsonReplacer(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

interface Request {
  id: string | number;
  method: string;
  params: Record<string, unknown>;
}

/** Validates one incoming message. Throws ConsoleError('bad-message'). */
export function parseRequest(data: unknown, isBinary: boolean): Request {
  if (isBinary) throw new ConsoleError('bad-message', 'binary messages are not accepted');
  const text = Buffer.isBuffer(data)
    ? data.toString('utf8')
    : Array.isArray(data)
      ? Buffer.concat(data as Buffer[]).toString('utf8')
      : String(data);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new ConsoleError('bad-message', 'not JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ConsoleError('bad-message', 'a request is a JSON object');
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (k !== 'id' && k !== 'method' && k !== 'params')
      throw new ConsoleError('bad-message', `unknown field '${k}'`);
  }
  const id = o['id'];
  if (
    !(typeof id === 'number' && Number.isSafeInteger(id)) &&
    !(typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH)
  )
    throw new ConsoleError('bad-message', 'id must be an integer or a short string');
  const method = o['method'];
  if (typeof method !== 'string' || !/^[a-z][a-z.-]{0,63}$/.test(method))
    throw new ConsoleError('bad-message', 'method must be a method name');
  const params = o['params'] ?? {};
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    throw new ConsoleError('bad-message', 'params must be an object');
  return { id, method, params: params as Record<string, unknown> };
}

/** `subscribe {topics: [...]}`: the topics, checked. */
function parseTopics(p: Record<string, unknown>): Set<string> {
  onlyKeys(p, ['topics']);
  const t = p['topics'];
  if (!Array.isArray(t) || t.length > CONSOLE_TOPICS.length)
    throw new ConsoleError('bad-params', `topics must be a list of ${CONSOLE_TOPICS.join(', ')}`);
  for (const x of t)
    if (!(CONSOLE_TOPICS as readonly unknown[]).includes(x))
      throw new ConsoleError('bad-params', `unknown topic ${JSON.stringify(x)}`);
  return new Set(t as string[]);
}

/** Param helpers for method definitions. */
export function onlyKeys(p: Record<string, unknown>, keys: readonly string[]): void {
  for (const k of Object.keys(p))
    if (!keys.includes(k)) throw new ConsoleError('bad-params', `unknown parameter '${k}'`);
}

export function optionalSiteName(p: Record<string, unknown>, key = 'site'): string | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(v))
    throw new ConsoleError('bad-params', `${key} must be a site name`);
  return v;
}
