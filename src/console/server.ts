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
import type { AddressInfo } from 'node:net';
import type Database from 'better-sqlite3';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../log/logger.js';
import { serveDashboard } from './dashboard.js';
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
}

interface Conn {
  identity: TokenIdentity | undefined;
  tokens: number;
  last: number;
}

export class ConsoleServer {
  private readonly opts: ConsoleOptions;
  private readonly log: Logger;
  private http: Server | undefined;
  private wss: WebSocketServer | undefined;
  private readonly conns = new Map<WebSocket, Conn>();
  private readonly auditStmt: Database.Statement;
  address: { host: string; port: number } | undefined;

  constructor(opts: ConsoleOptions) {
    this.opts = opts;
    this.log = opts.log.child({ part: 'console' });
    this.auditStmt = opts.db.prepare(
      'INSERT INTO audit (at_ms, token_id, role, action, params, result, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
  }

  async start(): Promise<{ host: string; port: number }> {
    const http = createServer((req, res) => this.onHttp(req, res));
    const wss = new WebSocketServer({ noServer: true, maxPayload: CONSOLE_MAX_MESSAGE_BYTES });
    http.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://console');
      if (url.pathname !== '/ws' || this.conns.size >= CONSOLE_MAX_CONNECTIONS) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
    });
    this.http = http;
    this.wss = wss;
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(this.opts.port, this.opts.host, () => resolve());
    });
    const a = http.address() as AddressInfo;
    this.address = { host: a.address, port: a.port };
    this.log.info({ console: `${a.address}:${a.port}` }, 'console listening');
    return this.address;
  }

  async stop(): Promise<void> {
    for (const ws of this.conns.keys()) ws.terminate();
    this.conns.clear();
    this.wss?.close();
    await new Promise<void>((resolve) =>
      this.http ? this.http.close(() => resolve()) : resolve(),
    );
    this.http = undefined;
  }

  /** Pushes an event to every authenticated connection. */
  broadcast(event: string, data: unknown): void {
    const text = JSON.stringify({ event, data }, jsonReplacer);
    for (const [ws, c] of this.conns) if (c.identity) ws.send(text);
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
      const m = this.opts.methods.get(req.method);
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
