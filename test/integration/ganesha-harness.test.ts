// Proves the nfs-ganesha fixture works, using libnfs's command-line client as an independent client.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

import { ganeshaAvailable, startGaneshaSet } from '../harness/ganesha.js';
import type { GaneshaInstance } from '../harness/ganesha.js';

const execFileP = promisify(execFile);
const EXEC_TIMEOUT_MS = 30_000;

function onPath(bin: string): boolean {
  return (process.env['PATH'] ?? '')
    .split(path.delimiter)
    .some((d) => d !== '' && existsSync(path.join(d, bin)));
}

const libnfsUtils = ['nfs-cp', 'nfs-cat', 'nfs-ls'];
// Integration tests never skip: a machine without the real servers fails them with this reason.
for (const bin of [...libnfsUtils, 'ss']) {
  if (!onPath(bin))
    throw new Error(`${bin} is not installed (see .ci/run for the Debian packages)`);
}
if (!ganeshaAvailable()) {
  throw new Error('nfs-ganesha (VFS FSAL), rpcbind or root privileges are not available');
}

async function run(cmd: string, args: string[]): Promise<Buffer> {
  try {
    const { stdout } = await execFileP(cmd, args, {
      timeout: EXEC_TIMEOUT_MS,
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (err) {
    const e = err as Error & { stderr?: Buffer; code?: unknown; signal?: unknown };
    throw new Error(
      `${cmd} ${args.join(' ')} failed (code ${String(e.code)}, signal ${String(e.signal)}): ${e.stderr?.toString() ?? e.message}`,
    );
  }
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
  return false;
}

describe(
  'ganesha harness (3 instances side by side, checked with libnfs-utils)',
  { timeout: 180_000 },
  () => {
    let set: GaneshaInstance[] = [];
    let work = '';
    const payloads = new Map<string, Buffer>();

    before(async () => {
      work = await mkdtemp(path.join(os.tmpdir(), 'ganesha-harness-test-'));
      const t0 = performance.now();
      set = await startGaneshaSet(3);
      console.log(
        `started ${set.length} ganesha instances in ${Math.round(performance.now() - t0)} ms:\n` +
          set
            .map((g) => `  ${g.name} pid ${g.pid} ready in ${g.startupMs} ms  ${g.url}`)
            .join('\n'),
      );
    });

    after(async () => {
      await Promise.allSettled(set.map((g) => g.stop()));
      if (work !== '') await rm(work, { recursive: true, force: true });
    });

    it('starts primary + 2 backups on distinct loopback addresses', () => {
      assert.equal(set.length, 3);
      assert.deepEqual(
        set.map((g) => g.name),
        ['primary', 'backup1', 'backup2'],
      );
      assert.equal(new Set(set.map((g) => g.host)).size, 3);
      for (const g of set) {
        assert.match(g.host, /^127\.\d+\.\d+\.\d+$/);
        assert.ok(g.isRunning(), `${g.name} running`);
        assert.ok(existsSync(g.exportPath), `${g.name} export dir exists`);
        assert.equal(
          g.url,
          `nfs://${g.host}${g.exportPath}?nfsport=${g.nfsPort}&mountport=${g.mountPort}&version=3`,
        );
      }
    });

    it('ganesha listens only on its loopback address', async () => {
      const out = (await run('ss', ['-H', '-lntup'])).toString();
      for (const g of set) {
        const lines = out.split('\n').filter((l) => l.includes(`pid=${g.pid},`));
        assert.ok(
          lines.length >= 2,
          `${g.name}: expected NFS and MOUNT listeners, got:\n${lines.join('\n')}`,
        );
        for (const line of lines) {
          const local = line.trim().split(/\s+/)[4] ?? '';
          assert.ok(
            local === `${g.host}:${g.nfsPort}` ||
              local === `${g.host}:${g.mountPort}` ||
              local.includes(`:${g.host}]:`),
            `${g.name}: unexpected listener ${line}`,
          );
        }
      }
    });

    for (const [i, label] of ['primary', 'backup1', 'backup2'].entries()) {
      it(`${label}: nfs-cp in, nfs-cat and nfs-cp out, nfs-ls, bytes on disk`, async () => {
        const g = set[i];
        assert.ok(g !== undefined);
        const name = `file-${label}.bin`;
        const data = randomBytes(256 * 1024 + 123);
        payloads.set(label, data);
        const local = path.join(work, `in-${label}.bin`);
        await writeFile(local, data);

        await run('nfs-cp', [local, g.fileUrl(name)]);

        const viaCat = await run('nfs-cat', [g.fileUrl(name)]);
        assert.ok(
          viaCat.equals(data),
          `nfs-cat returned ${viaCat.length} bytes, expected the ${data.length} written`,
        );

        const out = path.join(work, `out-${label}.bin`);
        await run('nfs-cp', [g.fileUrl(name), out]);
        assert.ok((await readFile(out)).equals(data), 'nfs-cp out returned different bytes');

        const listing = (await run('nfs-ls', [g.url])).toString();
        const entry = listing.split('\n').find((l) => l.trim().split(/\s+/).at(-1) === name);
        assert.ok(entry !== undefined, `nfs-ls does not list ${name}:\n${listing}`);
        assert.ok(
          entry.trim().split(/\s+/).includes(String(data.length)),
          `nfs-ls size mismatch: ${entry}`,
        );

        assert.ok(
          (await readFile(path.join(g.exportPath, name))).equals(data),
          'bytes on disk differ',
        );
      });
    }

    it('instances are isolated: each export holds only its own file', async () => {
      for (const g of set) {
        const listing = (await run('nfs-ls', [g.url])).toString();
        for (const label of payloads.keys()) {
          assert.equal(
            listing.includes(`file-${label}.bin`),
            label === g.name,
            `${g.name} listing:\n${listing}`,
          );
        }
      }
    });

    it('stop() kills every process and removes the temp dirs (also when ganesha already died); idempotent', async () => {
      const [primary, backup1, backup2] = set;
      assert.ok(primary !== undefined && backup1 !== undefined && backup2 !== undefined);
      // Simulate a crash of one instance before stop().
      process.kill(backup2.pid, 'SIGKILL');
      const deadline = Date.now() + 5_000;
      for (let n = 0; n < 100 && backup2.isRunning() && Date.now() < deadline; n++)
        await new Promise((r) => setTimeout(r, 50));
      assert.equal(backup2.isRunning(), false);

      await Promise.all(set.map((g) => g.stop()));
      await Promise.all(set.map((g) => g.stop())); // idempotent
      for (const g of set) {
        assert.equal(g.isRunning(), false, `${g.name} still running`);
        assert.ok(processGone(g.pid), `${g.name} pid ${g.pid} still exists`);
        assert.equal(existsSync(g.dir), false, `${g.name} dir ${g.dir} not removed`);
        assert.equal(existsSync(g.exportPath), false);
      }
    });
  },
);
