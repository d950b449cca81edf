// Runs a kernel-client workload against the proxy in front of a real ganesha (a development
// check, not part of `npm test`):
//   node --import tsx --conditions=development test/kernel-client/run.ts [WORKLOAD] [-- extra run-guest.sh args]
// Needs ../shared/kernel-client (set up with its setup.sh) beside the repository.
// KC_BACKUPS=N (0..2) adds backup sites (the first sync, the second async); after the workload
// their export directories must equal the primary's (diff -r).
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGanesha, type GaneshaInstance } from '../harness/ganesha.js';
import { startProxy } from '../harness/proxy.js';
import { waitSameTrees } from '../harness/trees.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const tool = path.resolve(here, '../../../shared/kernel-client/run-guest.sh');
const dash = process.argv.indexOf('--');
const arg = dash > 2 || dash === -1 ? process.argv[2] : undefined;
const workload =
  arg === undefined
    ? path.join(here, 'proxy-workload.sh')
    : arg.includes('/')
      ? arg
      : path.join(here, arg);
const extra = dash >= 0 ? process.argv.slice(dash + 1) : [];
/** Kill -9 and restart the proxy when the workload asks (restart-workload.sh). */
const restart = path.basename(workload).startsWith('restart');
/** Take version "kc1" when the workload asks (versions-workload.sh). */
const versionOnRequest = path.basename(workload).startsWith('versions');

const nBackups = Math.min(2, Math.max(0, Number(process.env['KC_BACKUPS'] ?? 0)));
const g = await startGanesha({ name: 'kc-primary' });
const backups: GaneshaInstance[] = [];
for (let i = 0; i < nBackups; i++)
  backups.push(await startGanesha({ host: `127.0.0.${3 + i}`, name: `kc-backup${i + 1}` }));
const p = await startProxy({
  primary: g,
  config: {
    log: { level: 'info' },
    console: '127.0.0.1:0',
    backups: backups.map(
      (b, i) =>
        `nfs://${b.host}${b.exportPath}?nfsport=${b.nfsPort}&mountport=${b.mountPort}&mode=${i === 0 ? 'sync' : 'async'}`,
    ),
  },
});
let code = 1;
try {
  console.log(`proxy on 127.0.0.1:${p.port} in front of ganesha ${g.host}:${g.nfsPort}`);
  const child = spawn(tool, [...extra, String(p.port), String(p.port), '/export', workload], {
    stdio: 'inherit',
  });
  const exited = new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  if (restart) {
    // restart-workload.sh asks for a kill -9 + restart by creating a marker file in the export.
    const request = path.join(g.exportPath, 'kc-restart-request');
    let finished = false;
    void exited.then(() => (finished = true));
    for (let i = 0; i < 6000 && !finished && !existsSync(request); i++) await sleep(100);
    if (existsSync(request)) {
      await p.kill9();
      console.log('proxy killed (SIGKILL); restarting on the same port and state');
      await p.restart();
      writeFileSync(path.join(g.exportPath, 'kc-restarted'), 'yes\n');
    }
  }
  if (versionOnRequest) {
    const request = path.join(g.exportPath, 'kc-version-request');
    let finished = false;
    void exited.then(() => (finished = true));
    for (let i = 0; i < 6000 && !finished && !existsSync(request); i++) await sleep(100);
    if (existsSync(request)) {
      const r = await p.ctl(['version', 'create', '--name', 'kc1']);
      console.log(`version kc1: exit ${r.code} ${r.stderr}`);
      writeFileSync(path.join(g.exportPath, 'kc-version-done'), 'yes\n');
    }
  }
  code = await exited;
  if (path.basename(workload).startsWith('ransomware')) {
    // What the assessment did: the level, and the versions it took.
    const level = await p.ctl(['level', 'get']);
    console.log(`level: ${JSON.stringify(level.json)}`);
    const versions = await p.ctl(['versions']);
    console.log(`versions: ${JSON.stringify(versions.json)}`);
  }
  for (const b of backups) {
    const d = await waitSameTrees(g.exportPath, b.exportPath, 60_000);
    console.log(
      `backup ${b.name}: ${d === undefined ? 'identical to the primary' : `DIFFERS:\n${d}`}`,
    );
    if (d !== undefined) code = code || 1;
  }
  const errors = p.logs().filter((l) => l.level >= 50);
  console.log(`run-guest exit ${code}; proxy error log lines: ${errors.length}`);
  for (const e of errors.slice(0, 20)) console.log(JSON.stringify(e));
} finally {
  await p.dispose();
  await g.stop();
  for (const b of backups) await b.stop();
}
process.exitCode = code;
