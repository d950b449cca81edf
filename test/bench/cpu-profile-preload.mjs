/**
 * Loaded into the proxy process by `npm run bench -- proxy --profile` (through
 * NODE_OPTIONS=--import=<this file>; `--cpu-prof` itself is not allowed in NODE_OPTIONS), so
 * that each benchmark phase gets its own CPU profile of the proxy.
 *
 * Protocol, driven by the benchmark process with SIGUSR2:
 *   1st signal: start V8's sampling profiler, then create `<dir>/started-<n>`;
 *   2nd signal: stop it, write `<dir>/profile-<n>.cpuprofile` (via a temporary name and
 *               rename, so the file appears complete), n = 1, 2, ...
 * `<dir>` is $NFS_PROXY_BENCH_PROFILE_DIR, the sampling interval $NFS_PROXY_BENCH_PROFILE_US
 * (microseconds, default 250). Plain JavaScript: it runs before tsx is registered.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import process from 'node:process';

const dir = process.env['NFS_PROXY_BENCH_PROFILE_DIR'];
const intervalUs = Number(process.env['NFS_PROXY_BENCH_PROFILE_US'] ?? '250') || 250;

if (dir !== undefined && dir !== '') {
  const session = new Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))),
    );
  let n = 0;
  let running = false;
  let busy = Promise.resolve();
  const toggle = async () => {
    if (!running) {
      n++;
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: intervalUs });
      await post('Profiler.start');
      running = true;
      writeFileSync(path.join(dir, `started-${n}`), '');
    } else {
      const { profile } = await post('Profiler.stop');
      running = false;
      const file = path.join(dir, `profile-${n}.cpuprofile`);
      writeFileSync(`${file}.tmp`, JSON.stringify(profile));
      renameSync(`${file}.tmp`, file);
    }
  };
  process.on('SIGUSR2', () => {
    busy = busy.then(toggle).catch((e) => process.stderr.write(`cpu-profile-preload: ${e}\n`));
  });
}
