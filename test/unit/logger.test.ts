/** The pino logger: JSON lines, name, level, secret redaction, and RpcLogger compatibility. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { RpcLogger } from '@nfs/rpc-xdr';
import { REDACTED, createLogger, type Logger } from '../../src/log/logger.js';

function capture(level: string): { log: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const log = createLogger({ level, destination });
  return {
    log,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('satisfies the RPC runtime logger interface, children too', () => {
    const { log } = capture('info');
    const rpcLog: RpcLogger = log;
    const child: RpcLogger | undefined = rpcLog.child?.({ conn: 1 });
    assert.ok(child);
  });

  it('writes pino JSON lines named nfs-proxy', () => {
    const { log, lines } = capture('info');
    log.info({ xid: 7 }, 'hello');
    const [line] = lines();
    assert.equal(line?.name, 'nfs-proxy');
    assert.equal(line?.msg, 'hello');
    assert.equal(line?.xid, 7);
    assert.equal(line?.level, 30);
  });

  it('honours the level', () => {
    const { log, lines } = capture('warn');
    log.info('dropped');
    log.warn('kept');
    assert.deepEqual(
      lines().map((l) => l.msg),
      ['kept'],
    );
    const silent = capture('silent');
    silent.log.fatal('nothing');
    assert.deepEqual(silent.lines(), []);
  });

  it('rejects an unknown level', () => {
    assert.throws(() => createLogger({ level: 'loud' }));
  });

  it('redacts secrets at the top level and one level down, in children too', () => {
    const { log, lines } = capture('info');
    log.info(
      {
        token: 't0',
        auth: { token: 't1', password: 'p1' },
        site: { key: 'k1', hmacKey: 'h1', name: 'site-1' },
      },
      'secrets',
    );
    log.child({ conn: 3 }).info({ req: { token: 't2' } }, 'child');
    const [first, second] = lines();
    assert.equal(first?.token, REDACTED);
    assert.deepEqual(first?.auth, { token: REDACTED, password: REDACTED });
    assert.deepEqual(first?.site, { key: REDACTED, hmacKey: REDACTED, name: 'site-1' });
    assert.deepEqual(second?.req, { token: REDACTED });
    assert.equal(second?.conn, 3);
    const text = JSON.stringify(lines());
    for (const secret of ['t0', 't1', 't2', 'p1', 'k1', 'h1']) {
      assert.ok(!text.includes(`"${secret}"`), secret);
    }
  });
});
