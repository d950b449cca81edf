// The console over TLS (issue 7 item 2): with `tls` the console serves HTTPS and WSS only; a
// plain HTTP request or WebSocket gets a 400 naming the mistake; a client that does not trust the
// certificate fails; stop() ends with idle and half-open connections. The certificate is made
// by openssl in the test.
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Database from 'better-sqlite3';
import WebSocket from 'ws';
import { openCatalogDb } from '../../src/catalog/db.js';
import { ConsoleServer, onlyKeys, type ConsoleMethod } from '../../src/console/server.js';
import { TokenStore } from '../../src/console/tokens.js';
import { createLogger } from '../../src/log/logger.js';
import { parsePrometheusText } from '../harness/prometheus.js';
import { selfSignedCert } from '../harness/tls.js';

function get(
  mod: typeof http | typeof https,
  url: string,
  opts: https.RequestOptions,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = mod.get(url, opts, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

describe('console over TLS', () => {
  let dir: string;
  let db: Database.Database;
  let server: ConsoleServer;
  let port: number;
  let ca: Buffer;
  let token: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nfsp-console-tls-'));
    const log = createLogger({ level: 'silent' });
    db = openCatalogDb({ stateDir: dir, log });
    const tokens = new TokenStore(db);
    token = tokens.create('operator').token;
    const cert = selfSignedCert(dir);
    ca = readFileSync(cert.cert);
    const methods = new Map<string, ConsoleMethod>([
      [
        'status',
        {
          role: 'viewer',
          audit: false,
          params: (p) => onlyKeys(p, []),
          handle: () => Promise.resolve({ ok: true }),
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
      metrics: () => '# HELP nfsproxy_up Up.\n# TYPE nfsproxy_up gauge\nnfsproxy_up 1\n',
      tls: { cert: readFileSync(cert.cert), key: readFileSync(cert.key) },
    });
    port = (await server.start()).port;
  });
  after(async () => {
    await server.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves /metrics over HTTPS to a client trusting the certificate', async () => {
    const r = await get(https, `https://127.0.0.1:${port}/metrics`, {
      ca,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(r.status, 200);
    assert.equal(parsePrometheusText(r.body).get('nfsproxy_up')?.samples[0]?.value, 1);
    const anon = await get(https, `https://127.0.0.1:${port}/metrics`, { ca });
    assert.equal(anon.status, 401, 'TLS does not replace the token');
  });

  it('answers WebSocket calls over WSS', async () => {
    const ws = new WebSocket(`wss://127.0.0.1:${port}/ws`, {
      ca,
      headers: { authorization: `Bearer ${token}` },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const reply = new Promise<unknown>((resolve) =>
      ws.once('message', (d: Buffer) => resolve(JSON.parse(d.toString()))),
    );
    ws.send(JSON.stringify({ id: 1, method: 'status' }));
    assert.deepEqual(await reply, { id: 1, result: { ok: true } });
    // audit.list is the server's own method (operator role).
    const audit = new Promise<unknown>((resolve) =>
      ws.once('message', (d: Buffer) => resolve(JSON.parse(d.toString()))),
    );
    ws.send(JSON.stringify({ id: 2, method: 'audit.list', params: { limit: 5 } }));
    assert.deepEqual(await audit, { id: 2, result: [] });
    ws.close();
  });

  it('refuses plain HTTP with a 400 that says HTTPS; a plain WebSocket fails', async () => {
    const r = await get(http, `http://127.0.0.1:${port}/metrics`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(r.status, 400);
    assert.match(r.body, /HTTPS only/);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const status = await new Promise<number>((resolve, reject) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => reject(new Error('a plain WebSocket was accepted')));
      ws.once('error', reject);
    });
    assert.equal(status, 400);
    ws.terminate();
  });

  it('a client that does not trust the certificate fails the handshake', async () => {
    await assert.rejects(
      get(https, `https://127.0.0.1:${port}/metrics`, {
        headers: { authorization: `Bearer ${token}` },
      }),
      /self-signed|self signed/,
    );
    // ... and the server keeps serving.
    const r = await get(https, `https://127.0.0.1:${port}/metrics`, {
      ca,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(r.status, 200);
  });

  it('stop() ends with a silent connection and an open WSS connection', async () => {
    const silent = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => silent.once('connect', () => resolve()));
    const closed = new Promise<void>((resolve) => silent.once('close', () => resolve()));
    const ws = new WebSocket(`wss://127.0.0.1:${port}/ws`, {
      ca,
      headers: { authorization: `Bearer ${token}` },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await server.stop();
    await closed;
    // Started again for after().
    port = (await server.start()).port;
    ws.terminate();
  });
});
