// libnfs-utils (nfs-cp, nfs-ls, nfs-cat) as an independent NFSv3 client of the proxy, with a real
// nfs-ganesha (VFS backend) as the primary. What the client sees through the proxy is compared
// with the bytes and names in ganesha's export directory on disk.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

import { ganeshaAvailable, startGanesha } from '../harness/ganesha.js';
import type { GaneshaInstance } from '../harness/ganesha.js';
import { startProxy } from '../harness/proxy.js';
import type { ProxyInstance } from '../harness/proxy.js';

const execFileP = promisify(execFile);

const MIB = 1024 * 1024;
const BIG_FILE_BYTES = 100 * MIB;
const MANY_FILES = 5_000;
/** nfs-cp of 100 MiB through the proxy; generous, a timeout here is a hang, not slowness. */
const BIG_EXEC_TIMEOUT_MS = 240_000;
const EXEC_TIMEOUT_MS = 60_000;

function onPath(bin: string): boolean {
  return (process.env['PATH'] ?? '')
    .split(path.delimiter)
    .some((d) => d !== '' && existsSync(path.join(d, bin)));
}

// Integration tests never skip: a machine without the real servers fails them with this reason.
for (const bin of ['nfs-cp', 'nfs-cat', 'nfs-ls']) {
  if (!onPath(bin))
    throw new Error(`${bin} is not installed (see .ci/run for the Debian packages)`);
}
if (!ganeshaAvailable()) {
  throw new Error('nfs-ganesha (VFS FSAL), rpcbind or root privileges are not available');
}

/** Runs a libnfs utility with a timeout; the error names the command, its exit and its stderr. */
async function run(cmd: string, args: string[], timeout = EXEC_TIMEOUT_MS): Promise<Buffer> {
  try {
    const { stdout } = await execFileP(cmd, args, {
      timeout,
      encoding: 'buffer',
      maxBuffer: 64 * MIB,
    });
    return stdout;
  } catch (err) {
    const e = err as Error & { stderr?: Buffer; code?: unknown; signal?: unknown };
    throw new Error(
      `${cmd} ${args.join(' ')} failed (code ${String(e.code)}, signal ${String(e.signal)}): ${e.stderr?.toString() ?? e.message}`,
    );
  }
}

/** sha256 of a file, streamed. */
async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: MIB })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/** Writes `bytes` random bytes to `file` in 1 MiB chunks; returns their sha256. */
async function writeRandomFile(file: string, bytes: number): Promise<string> {
  const hash = createHash('sha256');
  const fh = await open(file, 'w');
  try {
    for (let written = 0; written < bytes;) {
      const chunk = randomBytes(Math.min(MIB, bytes - written));
      hash.update(chunk);
      await fh.write(chunk, 0, chunk.length, written);
      written += chunk.length;
    }
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}

/** Names in an nfs-ls listing (the last field of each line), without '.' and '..'. */
function listedNames(listing: string): string[] {
  return listing
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => l.split(/\s+/).at(-1) ?? '')
    .filter((n) => n !== '.' && n !== '..');
}

describe('libnfs-utils through the proxy (ganesha primary)', { timeout: 900_000 }, () => {
  let g: GaneshaInstance | undefined;
  let proxy: ProxyInstance | undefined;
  let work = '';

  before(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'proxy-libnfs-test-'));
    g = await startGanesha({ name: 'proxy-libnfs' });
    proxy = await startProxy({ primary: g });
  });

  after(async () => {
    await proxy?.dispose();
    await g?.stop();
    if (work !== '') await rm(work, { recursive: true, force: true });
  });

  const ganesha = (): GaneshaInstance => {
    assert.ok(g, 'ganesha started');
    return g;
  };
  const prx = (): ProxyInstance => {
    assert.ok(proxy, 'proxy started');
    return proxy;
  };

  it('nfs-cp copies a 100 MiB random file in and out, byte-identical to the file on disk', async () => {
    const local = path.join(work, 'big-in.bin');
    const expected = await writeRandomFile(local, BIG_FILE_BYTES);

    await run('nfs-cp', [local, prx().url('/big.bin')], BIG_EXEC_TIMEOUT_MS);
    const onDisk = path.join(ganesha().exportPath, 'big.bin');
    assert.equal(
      await sha256File(onDisk),
      expected,
      'the file in ganesha export dir differs from the one copied in',
    );

    const out = path.join(work, 'big-out.bin');
    await run('nfs-cp', [prx().url('/big.bin'), out], BIG_EXEC_TIMEOUT_MS);
    assert.equal(await sha256File(out), expected, 'nfs-cp out returned different bytes');
  });

  it('nfs-ls lists a directory of 5,000 files: every name, nothing extra', async () => {
    const dir = path.join(ganesha().exportPath, 'many');
    await mkdir(dir);
    const expected = new Set<string>();
    for (let i = 0; i < MANY_FILES; i += 250) {
      const batch: Promise<void>[] = [];
      for (let j = i; j < Math.min(i + 250, MANY_FILES); j++) {
        const name = `file-${String(j).padStart(5, '0')}.dat`;
        expected.add(name);
        batch.push(writeFile(path.join(dir, name), `${j}\n`));
      }
      await Promise.all(batch);
    }

    const names = listedNames((await run('nfs-ls', [prx().url('/many')])).toString());
    const seen = new Set(names);
    assert.equal(names.length, seen.size, 'nfs-ls listed some name twice');
    const missing = [...expected].filter((n) => !seen.has(n));
    const extra = [...seen].filter((n) => !expected.has(n));
    assert.deepEqual(missing.slice(0, 20), [], `${missing.length} names missing`);
    assert.deepEqual(extra.slice(0, 20), [], `${extra.length} names extra`);
    assert.equal(seen.size, MANY_FILES);
  });

  it('nfs-ls of the export root lists what is on disk', async () => {
    const names = new Set(listedNames((await run('nfs-ls', [prx().url()])).toString()));
    for (const n of ['big.bin', 'many']) assert.ok(names.has(n), `root listing lacks ${n}`);
  });

  it('nfs-cat of a small file returns its bytes', async () => {
    const data = Buffer.concat([Buffer.from('hello through the proxy\n'), randomBytes(3000)]);
    await writeFile(path.join(ganesha().exportPath, 'small.bin'), data);
    const got = await run('nfs-cat', [prx().url('/small.bin')]);
    assert.equal(got.length, data.length, 'nfs-cat length');
    assert.ok(got.equals(data), 'nfs-cat returned different bytes');

    const empty = path.join(ganesha().exportPath, 'empty.txt');
    await writeFile(empty, '');
    assert.equal((await run('nfs-cat', [prx().url('/empty.txt')])).length, 0);
  });

  it('a URL naming a subdirectory mounts it: nfs-ls, nfs-cat and nfs-cp below /export/sub', async () => {
    const sub = path.join(ganesha().exportPath, 'sub');
    await mkdir(path.join(sub, 'deeper'), { recursive: true });
    const inner = randomBytes(70_000);
    await writeFile(path.join(sub, 'inner.bin'), inner);
    await writeFile(path.join(sub, 'deeper', 'leaf.txt'), 'leaf\n');

    const names = listedNames((await run('nfs-ls', [prx().url('/sub')])).toString()).sort();
    assert.deepEqual(names, ['deeper', 'inner.bin']);
    const deeper = listedNames((await run('nfs-ls', [prx().url('/sub/deeper')])).toString());
    assert.deepEqual(deeper, ['leaf.txt']);

    const mounted = prx()
      .logs()
      .filter((l) => l.msg === 'mounted')
      .map((l) => String(l['path']));
    assert.ok(
      mounted.includes('/export/sub'),
      `the proxy never mounted /export/sub (mounted: ${mounted.join(', ')})`,
    );

    assert.ok((await run('nfs-cat', [prx().url('/sub/inner.bin')])).equals(inner));
    const out = path.join(work, 'inner-out.bin');
    await run('nfs-cp', [prx().url('/sub/inner.bin'), out]);
    assert.equal(
      await sha256File(out),
      createHash('sha256').update(inner).digest('hex'),
      'nfs-cp out of the subdirectory returned different bytes',
    );

    // And in: a file copied into the subdirectory lands there on disk.
    const local = path.join(work, 'into-sub.bin');
    const data = randomBytes(123_457);
    await writeFile(local, data);
    await run('nfs-cp', [local, prx().url('/sub/deeper/copied.bin')]);
    assert.equal(
      await sha256File(path.join(sub, 'deeper', 'copied.bin')),
      createHash('sha256').update(data).digest('hex'),
    );
  });

  it('a URL naming a missing subdirectory fails cleanly and the proxy keeps serving', async () => {
    await assert.rejects(run('nfs-ls', [prx().url('/no-such-dir')]));
    assert.ok(prx().isRunning(), 'proxy still running');
    const names = listedNames((await run('nfs-ls', [prx().url('/sub')])).toString());
    assert.ok(names.includes('inner.bin'));
  });
});
