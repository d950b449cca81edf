// The replication journal: framing, group commit, fsync policies, segments, recovery after a
// crash (kill -9), corruption detection, site cursors and the quota.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Journal,
  JournalError,
  MAX_RECORD_PAYLOAD,
  RECORD_HEADER_BYTES,
  type FsyncPolicy,
  type JournalRecord,
} from '../../src/replication/journal.js';
import { createLogger } from '../../src/log/logger.js';

const log = createLogger({ level: 'silent' });
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tmp(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'nfsp-journal-'));
  dirs.push(d);
  return d;
}
function openJ(
  dir: string,
  opts: { fsync?: FsyncPolicy; segmentBytes?: number; quotaBytes?: number } = {},
): Journal {
  return Journal.open({ dir, log, ...opts });
}
async function all(j: Journal, from = 0n): Promise<JournalRecord[]> {
  const out: JournalRecord[] = [];
  for await (const r of j.read(from)) out.push(r);
  return out;
}
function segments(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.seg'))
    .sort();
}
const isCode = (code: string) => (e: unknown) => e instanceof JournalError && e.code === code;

describe('Journal', () => {
  it('appends, commits and reads records in order, from any sequence number', async () => {
    const j = openJ(tmp());
    const seqs = [
      j.append(Buffer.from('a')),
      j.append(Buffer.alloc(0)),
      j.append(Buffer.from('ccc')),
    ];
    assert.deepEqual(seqs, [1n, 2n, 3n]);
    assert.deepEqual(await all(j), [], 'nothing is read before it is committed');
    await j.commit();
    const recs = await all(j);
    assert.deepEqual(
      recs.map((r) => [r.seq, r.payload.toString()]),
      [
        [1n, 'a'],
        [2n, ''],
        [3n, 'ccc'],
      ],
    );
    assert.deepEqual(
      (await all(j, 3n)).map((r) => r.seq),
      [3n],
    );
    await j.close();
  });

  it('groups the appends of one event-loop turn into one write and one fsync', async () => {
    const j = openJ(tmp(), { fsync: 'always' });
    for (let i = 0; i < 100; i++) j.append(Buffer.from(`r${i}`));
    await j.commit();
    assert.equal(j.stats.commits, 1);
    assert.equal(j.stats.fsyncs, 1);
    for (let i = 0; i < 3; i++) {
      j.append(Buffer.from('x'));
      await j.commit();
    }
    assert.equal(j.stats.commits, 4);
    await j.close();
  });

  it("'never' does not fsync on commit; 'always' does", async () => {
    const never = openJ(tmp(), { fsync: 'never' });
    never.append(Buffer.from('x'));
    await never.commit();
    assert.equal(never.stats.fsyncs, 0);
    await never.close();
    const always = openJ(tmp(), { fsync: 'always' });
    always.append(Buffer.from('x'));
    await always.commit();
    assert.equal(always.stats.fsyncs, 1);
    await always.close();
  });

  it('survives reopening: records kept, numbering continues, the last segment continues', async () => {
    const dir = tmp();
    const a = openJ(dir);
    a.append(Buffer.from('one'));
    a.append(Buffer.from('two'));
    await a.close();
    const b = openJ(dir);
    assert.equal(b.nextSeq, 3n);
    b.append(Buffer.from('three'));
    await b.commit();
    assert.deepEqual(
      (await all(b)).map((r) => r.payload.toString()),
      ['one', 'two', 'three'],
    );
    assert.equal(segments(dir).length, 1);
    await b.close();
  });

  it('rotates segments and reads across them', async () => {
    const dir = tmp();
    const j = openJ(dir, { segmentBytes: 4096 });
    for (let i = 0; i < 100; i++) {
      j.append(Buffer.alloc(200, i));
      await j.commit();
    }
    assert.ok(segments(dir).length > 4, `${segments(dir).length} segments`);
    const recs = await all(j, 50n);
    assert.equal(recs.length, 51);
    assert.ok(
      recs.every((r, k) => r.seq === BigInt(50 + k) && r.payload.equals(Buffer.alloc(200, 49 + k))),
    );
    await j.close();
  });

  it('a record torn by a crash at the end of the last segment is dropped at open', async () => {
    const dir = tmp();
    const j = openJ(dir);
    for (let i = 0; i < 10; i++) j.append(Buffer.from(`rec${i}`));
    await j.close();
    const seg = path.join(dir, segments(dir)[0]!);
    // Half a record: a header announcing 100 bytes, and 10 of them.
    const torn = Buffer.alloc(RECORD_HEADER_BYTES + 10);
    torn.writeUInt32BE(0x4e464a31, 0);
    torn.writeUInt32BE(100, 4);
    torn.writeBigUInt64BE(11n, 8);
    appendFileSync(seg, torn);
    const k = openJ(dir);
    assert.equal(k.stats.truncatedTails, 1);
    assert.equal(k.nextSeq, 11n);
    assert.equal((await all(k)).length, 10);
    k.append(Buffer.from('after'));
    await k.commit();
    assert.deepEqual(
      (await all(k, 11n)).map((r) => r.payload.toString()),
      ['after'],
    );
    await k.close();
  });

  it('a damaged record followed by good ones is corruption: open fails, nothing is cut off', async () => {
    const dir = tmp();
    const j = openJ(dir);
    for (let i = 0; i < 10; i++) j.append(Buffer.from(`record-${i}`));
    await j.close();
    const seg = path.join(dir, segments(dir)[0]!);
    const data = readFileSync(seg);
    data[RECORD_HEADER_BYTES + 2] = data[RECORD_HEADER_BYTES + 2]! ^ 0xff; // a payload byte of record 1
    writeFileSync(seg, data);
    assert.throws(() => openJ(dir), isCode('NFSP_ERR_JOURNAL_CORRUPT'));
    assert.equal(readFileSync(seg).length, data.length, 'the file was not truncated');
  });

  it('corruption in an earlier segment fails the open', async () => {
    const dir = tmp();
    const j = openJ(dir, { segmentBytes: 512 });
    for (let i = 0; i < 20; i++) {
      j.append(Buffer.alloc(100, i));
      await j.commit();
    }
    await j.close();
    const first = path.join(dir, segments(dir)[0]!);
    const data = readFileSync(first);
    data[data.length - 1] = data[data.length - 1]! ^ 0x01;
    writeFileSync(first, data);
    assert.throws(() => openJ(dir), isCode('NFSP_ERR_JOURNAL_CORRUPT'));
  });

  it('records site cursors durably and deletes segments every site has passed', async () => {
    const dir = tmp();
    const j = openJ(dir, { segmentBytes: 512 });
    for (let i = 0; i < 30; i++) {
      j.append(Buffer.alloc(100, i));
      await j.commit();
    }
    const before = segments(dir).length;
    j.setCursor('site-1', 1n);
    j.setCursor('site-2', 25n);
    assert.equal(segments(dir).length, before, 'site-1 still needs everything');
    j.setCursor('site-1', 25n);
    assert.ok(segments(dir).length < before, 'passed segments deleted');
    assert.equal(j.firstSeq <= 25n, true);
    assert.deepEqual(
      (await all(j, 25n)).map((r) => r.seq),
      [25n, 26n, 27n, 28n, 29n, 30n],
    );
    await j.close();
    const k = openJ(dir);
    assert.equal(k.cursor('site-1'), 25n);
    assert.equal(k.cursor('site-2'), 25n);
    k.dropCursor('site-2');
    assert.equal(k.cursor('site-2'), undefined);
    await k.close();
    assert.equal(openJ(dir).cursor('site-2'), undefined);
  });

  it('refuses appends over the quota and records over the size limit', async () => {
    const j = openJ(tmp(), { quotaBytes: 10_000 });
    for (let i = 0; i < 9; i++) j.append(Buffer.alloc(1000));
    assert.throws(() => j.append(Buffer.alloc(1000)), isCode('NFSP_ERR_JOURNAL_QUOTA'));
    assert.throws(
      () => j.append(Buffer.alloc(MAX_RECORD_PAYLOAD + 1)),
      isCode('NFSP_ERR_JOURNAL_RECORD'),
    );
    await j.commit();
    assert.equal((await all(j)).length, 9, 'what fit is kept');
    await j.close();
  });

  it('a bad cursors file is reported, not ignored', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'cursors.json'), '{"site-1": "abc"}');
    assert.throws(() => openJ(dir), isCode('NFSP_ERR_JOURNAL_CORRUPT'));
  });

  for (const policy of ['interval', 'always'] as const) {
    it(`kill -9 while appending (${policy}): every acknowledged record survives`, async () => {
      const dir = tmp();
      const child = spawn(
        'setpriv',
        [
          '--pdeathsig',
          'KILL',
          process.execPath,
          '--import',
          'tsx',
          '--conditions=development',
          'test/fixtures/journal-writer.ts',
          dir,
          policy,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let acked = 0n;
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const lines = out.split('\n');
        out = lines.pop()!;
        for (const l of lines) if (l.startsWith('ack ')) acked = BigInt(l.slice(4));
      });
      // Kill it once it has acknowledged a few thousand records (bounded wait: 60 s).
      const deadline = Date.now() + 60_000;
      while (acked < 3000n && Date.now() < deadline && child.exitCode === null)
        await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      assert.ok(acked >= 3000n, `the writer acknowledged ${acked} records`);
      const j = openJ(dir);
      const seqs = (await all(j)).map((r) => r.seq);
      assert.ok(
        seqs.length >= Number(acked),
        `${seqs.length} records on disk, ${acked} acknowledged`,
      );
      assert.ok(
        seqs.every((s, i) => s === BigInt(i + 1)),
        'no gap',
      );
      j.append(Buffer.from('after the crash'));
      await j.commit();
      await j.close();
    });
  }
});
