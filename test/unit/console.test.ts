// The console server's input boundary (issue 7 item 1, docs/console.md): authentication, roles,
// message validation, size and rate limits, the audit log, /metrics, tokens. Bad input gets an
// error reply and the server keeps serving.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Database from 'better-sqlite3';
import WebSocket from 'ws';
import { openCatalogDb } from '../../src/catalog/db.js';
import {
  CONSOLE_MAX_MESSAGE_BYTES,
  CONSOLE_RATE_BURST,
  ConsoleServer,
  onlyKeys,
  type ConsoleMethod,
} from '../../src/console/server.js';
import { TokenStore } from '../../src/console/tokens.js';
import { createLogger } from '../../src/log/logger.js';

interface Msg {
  id?: unknown;
  result?: unknown;
  error?: { code: string; message: string };
  event?: string;
  data?: unknown;
}

/** A connected client that collects messages. */
async function connect(
  addr: string,
  token?: string,
): Promise<{ ws: WebSocket; next: () => Promise<Msg>; closed: Promise<number> }> {
  const ws = new WebSocket(`ws://${addr}/ws`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const queue: Msg[] = [];
  const waiters: Array<(m: Msg) => void> = [];
  ws.on('message', (d: Buffer) => {
    const m = JSON.parse(d.toString()) as Msg;
    const w = waiters.shift();
    if (w) w(m);
    else queue.push(m);
  });
  const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = (): Promise<Msg> =>
    queue.length > 0
      ? Promise.resolve(queue.shift()!)
      : new Promise<Msg>((resolve, reject) => {
          const t = setTimeout(() => reject(new Error('no message within 5 s')), 5000);
          waiters.push((m) => {
            clearTimeout(t);
            resolve(m);
          });
        });
  return { ws, next, closed };
}

describe('console server', () => {
  let dir: string;
  let db: Database.Database;
  let server: ConsoleServer;
  let addr: string;
  let tokens: TokenStore;
  let viewer: string;
  let admin: string;
  let changes = 0;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nfsp-console-'));
    const log = createLogger({ level: 'silent' });
    db = openCatalogDb({ stateDir: dir, log });
    tokens = new TokenStore(db);
    viewer = tokens.create('viewer').token;
    admin = tokens.create('admin', 'test admin').token;
    const methods = new Map<string, ConsoleMethod>([
      [
        'status',
        {
          role: 'viewer',
          audit: false,
          params: (p) => onlyKeys(p, []),
          handle: () => Promise.resolve({ ok: true, big: 2n ** 64n }),
        },
      ],
      [
        'change',
        {
          role: 'admin',
          audit: true,
          params: (p) => {
            onlyKeys(p, ['fail']);
            return { fail: p['fail'] === true };
          },
          handle: (p: { fail: boolean }, call) => {
            call.progress({ step: 1 });
            if (p.fail) return Promise.reject(new Error('it broke'));
            changes++;
            return Promise.resolve({ changes });
          },
        },
      ],
    ]);
    server = new ConsoleServer({
      host: '127.0.0.1',
      port: 0,
      db,
      tokens,
      log,
      methods,
      metrics: () => 'nfsproxy_up 1\n',
    });
    const a = await server.start();
    addr = `${a.host}:${a.port}`;
  });
  after(async () => {
    await server.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a request with a valid Bearer token; bigint results are strings', async () => {
    const c = await connect(addr, viewer);
    c.ws.send(JSON.stringify({ id: 1, method: 'status' }));
    assert.deepEqual(await c.next(), { id: 1, result: { ok: true, big: '18446744073709551616' } });
    c.ws.close();
  });

  it('refuses calls without a token, and accepts an auth request', async () => {
    const c = await connect(addr);
    c.ws.send(JSON.stringify({ id: 'a', method: 'status' }));
    assert.equal((await c.next()).error?.code, 'unauthenticated');
    c.ws.send(JSON.stringify({ id: 'b', method: 'auth', params: { token: 'nfsp_wrong' } }));
    assert.equal((await c.next()).error?.code, 'unauthenticated');
    c.ws.send(JSON.stringify({ id: 'c', method: 'auth', params: { token: viewer } }));
    assert.deepEqual(await c.next(), { id: 'c', result: { role: 'viewer' } });
    c.ws.send(JSON.stringify({ id: 'd', method: 'status' }));
    assert.equal((await c.next()).id, 'd');
    c.ws.close();
  });

  it('refuses a call above the token role', async () => {
    const c = await connect(addr, viewer);
    c.ws.send(JSON.stringify({ id: 2, method: 'change' }));
    const m = await c.next();
    assert.equal(m.error?.code, 'forbidden');
    assert.equal(changes, 0);
    c.ws.close();
  });

  it('bad messages get an error reply, and the connection keeps working', async () => {
    const c = await connect(addr, admin);
    const bad: Array<[string | Buffer, string]> = [
      ['not json', 'bad-message'],
      ['[1,2]', 'bad-message'],
      ['null', 'bad-message'],
      [JSON.stringify({ id: 1.5, method: 'status' }), 'bad-message'],
      [JSON.stringify({ id: 'x'.repeat(65), method: 'status' }), 'bad-message'],
      [JSON.stringify({ method: 'status' }), 'bad-message'],
      [JSON.stringify({ id: 3, method: 'Status!' }), 'bad-message'],
      [JSON.stringify({ id: 3, method: 'status', params: [] }), 'bad-message'],
      [JSON.stringify({ id: 3, method: 'status', extra: 1 }), 'bad-message'],
      [JSON.stringify({ id: 3, method: 'nope' }), 'unknown-method'],
      [JSON.stringify({ id: 3, method: 'status', params: { x: 1 } }), 'bad-params'],
    ];
    for (const [text, code] of bad) {
      c.ws.send(text);
      const m = await c.next();
      assert.equal(m.error?.code, code, `${String(text)} -> ${JSON.stringify(m)}`);
    }
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    assert.equal((await c.next()).error?.code, 'bad-message');
    c.ws.send(JSON.stringify({ id: 9, method: 'status' }));
    assert.equal((await c.next()).id, 9);
    c.ws.close();
  });

  it('an oversized message closes the connection (1009); the server keeps serving', async () => {
    const c = await connect(addr, admin);
    c.ws.send('x'.repeat(CONSOLE_MAX_MESSAGE_BYTES + 1));
    assert.equal(await c.closed, 1009);
    const d = await connect(addr, admin);
    d.ws.send(JSON.stringify({ id: 1, method: 'status' }));
    assert.equal((await d.next()).id, 1);
    d.ws.close();
  });

  it('rate-limits a flood', async () => {
    const c = await connect(addr, viewer);
    const n = CONSOLE_RATE_BURST + 20;
    for (let i = 0; i < n; i++) c.ws.send(JSON.stringify({ id: i, method: 'status' }));
    const codes: string[] = [];
    for (let i = 0; i < n; i++) codes.push((await c.next()).error?.code ?? 'ok');
    assert.ok(codes.includes('rate-limited'), 'some were refused');
    assert.ok(codes.filter((x) => x === 'ok').length >= CONSOLE_RATE_BURST - 1);
    c.ws.close();
  });

  it('audits state-changing calls, failed ones too, and sends progress events', async () => {
    const c = await connect(addr, admin);
    c.ws.send(JSON.stringify({ id: 1, method: 'change' }));
    const msgs = [await c.next(), await c.next(), await c.next()];
    assert.ok(msgs.some((m) => m.event === 'progress' && m.id === 1));
    assert.ok(msgs.some((m) => m.id === 1 && m.result !== undefined && m.event === undefined));
    c.ws.send(JSON.stringify({ id: 2, method: 'change', params: { fail: true } }));
    const more = [await c.next(), await c.next(), await c.next()];
    const reply = more.find((m) => m.id === 2 && m.event === undefined);
    assert.deepEqual(reply?.error, { code: 'failed', message: 'it broke' });
    const rows = db.prepare('SELECT action, role, result, detail FROM audit ORDER BY id').all();
    assert.deepEqual(rows, [
      { action: 'change', role: 'admin', result: 'ok', detail: null },
      { action: 'change', role: 'admin', result: 'error', detail: 'it broke' },
    ]);
    c.ws.close();
  });

  it('/metrics needs a token', async () => {
    const none = await fetch(`http://${addr}/metrics`);
    assert.equal(none.status, 401);
    const bad = await fetch(`http://${addr}/metrics`, {
      headers: { authorization: 'Bearer nfsp_nope' },
    });
    assert.equal(bad.status, 401);
    const ok = await fetch(`http://${addr}/metrics`, {
      headers: { authorization: `Bearer ${viewer}` },
    });
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), 'nfsproxy_up 1\n');
    assert.equal((await fetch(`http://${addr}/other`)).status, 404);
  });

  it('tokens: only a hash is stored; odd token text is refused', () => {
    const t = tokens.create('operator');
    const row = db.prepare('SELECT hash FROM tokens WHERE id = ?').get(t.id) as { hash: Buffer };
    assert.equal(row.hash.length, 32);
    assert.ok(!row.hash.toString('latin1').includes(t.token));
    assert.equal(tokens.check(t.token)?.role, 'operator');
    for (const bad of [undefined, 42, '', 'x'.repeat(129), `${t.token}x`])
      assert.equal(tokens.check(bad), undefined);
  });
});
