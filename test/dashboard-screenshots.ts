// Screenshots of the dashboard for docs/console.md, taken from a real run: nfs-ganesha as the
// primary and two backups (site-1 sync, site-2 async), the proxy with its console on 127.0.0.1,
// Debian's headless Chromium. A workload writes through the proxy for a while; site-2 is hung
// (SIGSTOP) and comes back, so the lag chart and the states have something to show.
//
//   node --import tsx --conditions=development test/dashboard-screenshots.ts [OUT_DIR]
//
// Writes dashboard-login.png, dashboard-overview.png, dashboard-browse.png, dashboard-restore.png
// and dashboard-promote.png into OUT_DIR (default docs/img). Needs root (ganesha) and chromium.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from './harness/chromium.js';
import { startGaneshaSet, type GaneshaInstance } from './harness/ganesha.js';
import { connectNfs, siteUrl, type NfsClient } from './harness/nfs-client.js';
import { startProxy, type ProxyInstance } from './harness/proxy.js';
import { connectConsole, type ConsoleClient } from './harness/console-client.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.resolve(process.argv[2] ?? path.join(REPO, 'docs/img'));
/** How long the workload runs before the overview is taken. Unit: ms. */
const WORKLOAD_MS = 150_000;
/** When site-2 is hung, and for how long. Unit: ms from the workload's start. */
const HANG_AT_MS = 30_000;
const HANG_FOR_MS = 60_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A small project tree, so that versions have something to browse. */
async function seedTree(c: NfsClient): Promise<NfsClient['root'][]> {
  const projects = await c.mkdir(c.root, 'projects');
  const files: NfsClient['root'][] = [];
  for (const name of ['alpha', 'beta', 'gamma']) {
    const dir = await c.mkdir(projects, name);
    for (const f of ['README.md', 'plan.txt', 'budget.csv', 'notes.txt']) {
      const fh = await c.create(dir, f);
      await c.write(fh, 0, randomBytes(2000 + Math.floor(Math.random() * 60_000)));
      files.push(fh);
    }
    const assets = await c.mkdir(dir, 'assets');
    for (let i = 0; i < 3; i++) {
      const fh = await c.create(assets, `image-${i}.png`);
      await c.write(fh, 0, randomBytes(200_000));
    }
  }
  const home = await c.mkdir(c.root, 'home');
  for (const u of ['ana', 'ben']) await c.mkdir(home, u);
  return files;
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  const file = path.join(OUT, `dashboard-${name}.png`);
  await page.screenshot({ path: file, fullPage });
  console.log(`wrote ${path.relative(REPO, file)}`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  let g: GaneshaInstance[] = [];
  let proxy: ProxyInstance | undefined;
  let browser: ChromiumSession | undefined;
  let c: NfsClient | undefined;
  /** A console connection for setting the scene (the same protocol the page speaks). */
  let ctl: ConsoleClient | undefined;
  try {
    g = await startGaneshaSet(3);
    proxy = await startProxy({
      primary: g[0]!,
      config: {
        backups: [siteUrl(g[1]!, 'sync'), siteUrl(g[2]!, 'async')],
        replication: { timeoutMs: 1000, heartbeatMs: 500 },
        console: '127.0.0.1:0',
      },
    });
    const address = proxy.consoleAddress!;
    const base = `http://${address}/`;
    const [admin, operator] = await Promise.all([proxy.token('admin'), proxy.token('operator')]);
    ctl = await connectConsole(address, operator);
    c = await connectNfs({
      host: proxy.host,
      nfsPort: proxy.port,
      mountPort: proxy.port,
      exportPath: proxy.exportPath,
    });
    const files = await seedTree(c);

    browser = await launchChromium({ viewport: { width: 1440, height: 900 } });
    const page = await browser.context.newPage();
    page.setDefaultTimeout(60_000);
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));

    await page.goto(base);
    await page.locator('#login').waitFor({ state: 'visible' });
    await shoot(page, 'login');

    await page.locator('#login-token').fill(admin);
    await page.locator('#login-submit').click();
    await page.locator('#app').waitFor({ state: 'visible' });

    // The scene: versions, a level raise, tasks; a workload with one backup hung for a minute.
    await ctl.call('versions.create', { name: 'before-migration' });
    await ctl.call('tasks.create', { kind: 'verify', params: {}, everySeconds: 3600 });
    await ctl.call('tasks.create', {
      kind: 'prune',
      params: {},
      atMs: Date.now() + 6 * 3600_000,
      everySeconds: 86_400,
    });
    const start = Date.now();
    let hung = false;
    let resumed = false;
    let i = 0;
    let levelRaised = false;
    while (Date.now() - start < WORKLOAD_MS) {
      const t = Date.now() - start;
      if (!hung && t >= HANG_AT_MS) {
        g[2]!.pause();
        hung = true;
      }
      if (hung && !resumed && t >= HANG_AT_MS + HANG_FOR_MS) {
        g[2]!.resume();
        resumed = true;
      }
      if (!levelRaised && t >= HANG_AT_MS + 20_000) {
        await ctl.call('level.set', {
          level: 'elevated',
          reason: 'site-2 unreachable; power work in the datacenter tonight',
        });
        await ctl.call('tasks.create', { kind: 'version', params: { name: 'pre-maintenance' } });
        levelRaised = true;
      }
      // Bursts of writes, heavier now and then, so the lag moves.
      const burst = i % 20 < 6 ? 12 : 3;
      for (let k = 0; k < burst; k++) {
        const fh = files[(i * 7 + k) % files.length]!;
        await c.write(fh, ((i + k) % 16) * 4096, randomBytes(4096));
      }
      i++;
      await sleep(250);
    }
    if (!resumed) g[2]!.resume();
    // Let site-2 catch up so the cards end in a calm state, the chart keeps the story.
    await page
      .locator('.site-card[data-site="site-2"] .site-state', { hasText: 'in-sync' })
      .waitFor({ timeout: 120_000 });
    await ctl.call('versions.create', { name: 'after-catch-up' });
    await page.locator('.version-item[data-name="after-catch-up"]').waitFor();
    await page.locator('#tasks-filter button[data-filter="all"]').click();
    await sleep(2500);
    await shoot(page, 'overview', true);

    // Browse a version, two levels down.
    await page.locator('.version-item[data-name="before-migration"] button.browse').click();
    const browse = page.locator('#dlg-browse');
    await browse.locator('tr[data-entry="projects"] button.open-dir').click();
    await browse.locator('tr[data-entry="alpha"] button.open-dir').click();
    await browse.locator('tr[data-entry="README.md"]').waitFor();
    await shoot(page, 'browse');

    // Restore one directory of it elsewhere, confirmed.
    await browse.locator('tr[data-entry="assets"] button.restore-entry').click();
    await page.locator('#restore-to').fill('/projects/alpha/assets-restored');
    await page.locator('#restore-ack').check();
    await page.locator('#restore-submit').click();
    await page.locator('#restore-progress .bar.done').waitFor();
    await sleep(800); // the bar's width transition
    await shoot(page, 'restore');
    await page.locator('#dlg-restore [data-close]').click();

    // Promote: the name typed out, not submitted.
    await page.evaluate("document.querySelector('#toasts').replaceChildren()");
    await page.locator('.site-card[data-site="site-1"] button.promote').click();
    await page.locator('#promote-confirm').fill('site-1');
    await shoot(page, 'promote');
  } finally {
    ctl?.close();
    await c?.close().catch(() => undefined);
    await browser?.close();
    await proxy?.dispose();
    await Promise.allSettled(g.map((x) => x.stop()));
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
