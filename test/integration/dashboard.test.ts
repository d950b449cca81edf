// The dashboard end to end (issue 7 item 5): Debian's headless Chromium, driven by playwright-core,
// against the real proxy in front of real nfs-ganesha (a primary and one backup), the console on
// 127.0.0.1. What the page shows is checked against what the console's WebSocket API says.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from '../harness/chromium.js';
import type { ChromiumSession } from '../harness/chromium.js';
import { ganeshaAvailable, startGaneshaSet, type GaneshaInstance } from '../harness/ganesha.js';
import { connectNfs, siteUrl } from '../harness/nfs-client.js';
import { startProxy, type ProxyInstance } from '../harness/proxy.js';
import { connectConsole } from '../harness/console-client.js';

if (!ganeshaAvailable()) {
  throw new Error('nfs-ganesha (VFS FSAL), rpcbind or root privileges are not available');
}
if (!chromiumAvailable()) {
  throw new Error(`Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium)`);
}

/** Bound of every wait for the page (a bound, not a timing assertion). Unit: ms. */
const WAIT_MS = 30_000;

/** One call on a fresh console connection (auth first, as the dashboard does). */
async function consoleCall(
  address: string,
  token: string,
  method: string,
  params: Record<string, unknown> = {},
): Promise<unknown> {
  const c = await connectConsole(address);
  try {
    await c.call('auth', { token });
    return await c.call(method, params);
  } finally {
    c.close();
  }
}

describe('dashboard in headless Chromium', () => {
  let g: GaneshaInstance[] = [];
  let proxy: ProxyInstance | undefined;
  let browser: ChromiumSession | undefined;
  let base = '';
  let admin = '';
  let viewer = '';
  let operator = '';
  const pageErrors: string[] = [];

  before(async () => {
    g = await startGaneshaSet(2);
    proxy = await startProxy({
      primary: g[0]!,
      config: {
        backups: [siteUrl(g[1]!, 'sync')],
        replication: { timeoutMs: 1000, heartbeatMs: 500 },
        console: '127.0.0.1:0',
      },
    });
    assert.ok(proxy.consoleAddress, 'the proxy reports its console address');
    base = `http://${proxy.consoleAddress}/`;
    [admin, operator, viewer] = await Promise.all([
      proxy.token('admin'),
      proxy.token('operator'),
      proxy.token('viewer'),
    ]);
    // Something to see in a version.
    const c = await connectNfs({
      host: proxy.host,
      nfsPort: proxy.port,
      mountPort: proxy.port,
      exportPath: proxy.exportPath,
    });
    try {
      const docs = await c.mkdir(c.root, 'docs');
      const fh = await c.create(docs, 'hello.txt');
      await c.write(fh, 0, Buffer.from('hello from the dashboard test\n'));
    } finally {
      await c.close();
    }
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await proxy?.dispose();
    await Promise.allSettled(g.map((x) => x.stop()));
  });

  /** A new tab (its own sessionStorage), page errors collected. */
  async function newPage(): Promise<Page> {
    const page = await browser!.context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }

  async function signIn(page: Page, token: string): Promise<void> {
    await page.goto(base);
    await page.locator('#login-token').fill(token);
    await page.locator('#login-submit').click();
    await page.locator('#app').waitFor({ state: 'visible' });
  }

  it('serves the page with a strict CSP and nothing outside its file table', async () => {
    const r = await fetch(base);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
    const csp = r.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const js = await fetch(`${base}app.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
    for (const p of [
      '..%2f..%2fetc%2fpasswd',
      '%2e%2e/package.json',
      'dashboard.ts',
      'x/../app.js/',
    ]) {
      const bad = await fetch(`${base}${p}`);
      assert.equal(bad.status, 404, p);
      await bad.arrayBuffer();
    }
    const post = await fetch(base, { method: 'POST' });
    assert.equal(post.status, 404);
    await post.arrayBuffer();
  });

  it('an admin signs in with a token and sees the primary and the backup, live', async () => {
    const page = await newPage();
    try {
      await signIn(page, admin);
      assert.equal(await page.locator('#role-badge').textContent(), 'admin');
      const primary = page.locator('.site-card[data-site="site-0"]');
      const backup = page.locator('.site-card[data-site="site-1"]');
      await primary.locator('.site-state', { hasText: 'serving' }).waitFor();
      await backup.locator('.site-state', { hasText: 'in-sync' }).waitFor();
      assert.match((await primary.locator('.site-role').textContent()) ?? '', /primary/);
      assert.match((await backup.locator('.site-role').textContent()) ?? '', /backup · sync/);
      // An admin may promote the backup (never the primary).
      assert.equal(await backup.locator('button.promote').count(), 1);
      assert.equal(await primary.locator('button.promote').count(), 0);
      // The lag chart draws a series for the backup.
      await page.locator('#lag-chart polyline[data-site="site-1"]').waitFor({ state: 'attached' });
      // The token survives a reload (sessionStorage), and signing out forgets it.
      await page.reload();
      await backup.locator('.site-state', { hasText: 'in-sync' }).waitFor();
      await page.locator('#logout').click();
      await page.locator('#login').waitFor({ state: 'visible' });
      await page.reload();
      await page.locator('#login').waitFor({ state: 'visible' });
    } finally {
      await page.close();
    }
  });

  it('promote asks for the site name typed out before it is enabled', async () => {
    const page = await newPage();
    try {
      await signIn(page, admin);
      await page.locator('.site-card[data-site="site-1"] button.promote').click();
      const dialog = page.locator('#dlg-promote');
      await dialog.waitFor({ state: 'visible' });
      assert.equal(await page.locator('#promote-submit').isDisabled(), true);
      await page.locator('#promote-confirm').fill('site-');
      assert.equal(await page.locator('#promote-submit').isDisabled(), true);
      await page.locator('#promote-confirm').fill('site-1');
      assert.equal(await page.locator('#promote-submit').isDisabled(), false);
      // Cancel: nothing is promoted.
      await dialog.locator('[data-close]').click();
      await dialog.waitFor({ state: 'hidden' });
      const st = (await consoleCall(proxy!.consoleAddress!, admin, 'status')) as {
        primary: string;
      };
      assert.equal(st.primary, 'site-0');
    } finally {
      await page.close();
    }
  });

  it('a wrong token is refused in the page', async () => {
    const page = await newPage();
    try {
      await page.goto(base);
      await page.locator('#login-token').fill('nfsp_not-a-valid-token');
      await page.locator('#login-submit').click();
      const err = page.locator('#login-error');
      await err.waitFor({ state: 'visible' });
      assert.match((await err.textContent()) ?? '', /refused/);
      assert.equal(await page.locator('#app').isHidden(), true);
      // A refused token in the URL fragment is refused the same way, and is not kept.
      await page.goto('about:blank');
      await page.goto(`${base}#token=nfsp_also-wrong`);
      await page.locator('#login-error', { hasText: 'refused' }).waitFor();
      assert.equal(new URL(page.url()).hash, '');
      assert.equal(await page.evaluate("sessionStorage.getItem('nfs-proxy.console-token')"), null);
    } finally {
      await page.close();
    }
  });

  it('an operator changes the disaster level (from a #token= link)', async () => {
    const page = await newPage();
    try {
      await page.goto(`${base}#token=${operator}`);
      await page.locator('#app').waitFor({ state: 'visible' });
      // The token leaves the address bar at once.
      assert.equal(new URL(page.url()).hash, '');
      await page.locator('#level-select option[value="elevated"]').waitFor({ state: 'attached' });
      await page.locator('#level-select').selectOption('elevated');
      await page.locator('#level-reason').fill('storm warning (dashboard test)');
      await page.locator('#level-apply').click();
      await page.locator('#hdr-level-name', { hasText: /^elevated$/ }).waitFor();
      await page.locator('#level-name', { hasText: /^elevated$/ }).waitFor();
      const lv = (await consoleCall(proxy!.consoleAddress!, admin, 'level.get')) as {
        level: string;
        reason: string;
      };
      assert.equal(lv.level, 'elevated');
      assert.match(lv.reason, /storm warning/);
      // The audit log in the page shows the call, live.
      await page
        .locator('#audit-table td', { hasText: /^level\.set$/ })
        .first()
        .waitFor();
      // And back down, so the other tests see the normal policy.
      await page.locator('#level-select').selectOption('normal');
      await page.locator('#level-reason').fill('all clear');
      await page.locator('#level-apply').click();
      await page.locator('#hdr-level-name', { hasText: /^normal$/ }).waitFor();
    } finally {
      await page.close();
    }
  });

  it('an operator takes a version, sees it appear and browses it', async () => {
    const page = await newPage();
    try {
      await signIn(page, operator);
      await page.locator('#version-name').fill('dash-v1');
      await page.locator('#version-create').click();
      const item = page.locator('.version-item[data-name="dash-v1"]');
      await item.waitFor();
      assert.match((await item.textContent()) ?? '', /operator/);
      const list = (await consoleCall(proxy!.consoleAddress!, admin, 'versions.list')) as Array<{
        name: string;
      }>;
      assert.ok(list.some((v) => v.name === 'dash-v1'));
      // Browse: the version holds the tree as it was.
      await item.locator('button.browse').click();
      const dialog = page.locator('#dlg-browse');
      await dialog.waitFor({ state: 'visible' });
      await dialog.locator('tr[data-entry="docs"] button.open-dir').click();
      await dialog.locator('tr[data-entry="hello.txt"]').waitFor();
      assert.match((await page.locator('#browse-crumbs').textContent()) ?? '', /dash-v1\/docs/);
      await dialog.locator('.dialog-title-row [data-close]').click();
      await dialog.waitFor({ state: 'hidden' });
    } finally {
      await page.close();
    }
  });

  it('an operator schedules a task, pauses, resumes and cancels it', async () => {
    const page = await newPage();
    try {
      await signIn(page, operator);
      await page.locator('#task-new').click();
      await page.locator('#dlg-task').waitFor({ state: 'visible' });
      await page.locator('#task-kind').selectOption('prune');
      // Tomorrow, in the browser's local time (the same machine's zone).
      const at = new Date(Date.now() + 86_400_000);
      const pad = (n: number): string => String(n).padStart(2, '0');
      await page
        .locator('#task-at')
        .fill(
          `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`,
        );
      await page.locator('#task-every').fill('86400');
      await page.locator('#task-submit').click();
      await page.locator('#dlg-task').waitFor({ state: 'hidden' });
      const row = page.locator('.task-row', { hasText: 'prune' }).filter({ hasText: 'every 1 d' });
      await row.locator('.pill', { hasText: 'pending' }).waitFor();
      const id = Number(await row.getAttribute('data-task'));
      const task = async (): Promise<{ state: string; everySeconds: number }> =>
        (await consoleCall(proxy!.consoleAddress!, admin, 'tasks.get', { id })) as {
          state: string;
          everySeconds: number;
        };
      assert.equal((await task()).everySeconds, 86_400);
      await row.locator('button.pause').click();
      await row.locator('.pill', { hasText: 'paused' }).waitFor();
      assert.equal((await task()).state, 'paused');
      await row.locator('button.resume').click();
      await row.locator('.pill', { hasText: 'pending' }).waitFor();
      await row.locator('button.cancel').click();
      await page.locator('#dlg-confirm').waitFor({ state: 'visible' });
      await page.locator('#confirm-submit').click();
      // Active tasks only: a cancelled one leaves the list.
      await page.locator(`.task-row[data-task="${id}"]`).waitFor({ state: 'detached' });
      assert.equal((await task()).state, 'cancelled');
    } finally {
      await page.close();
    }
  });

  it("an admin edits a level's policy", async () => {
    const page = await newPage();
    try {
      await signIn(page, admin);
      const row = page.locator('#policy-table tr[data-level="guarded"]');
      await row.locator('button.edit-policy').click();
      await page.locator('#dlg-policy').waitFor({ state: 'visible' });
      await page.locator('#policy-interval').fill('1800');
      await page.locator('#policy-submit').click();
      await page.locator('#dlg-policy').waitFor({ state: 'hidden' });
      await row.locator('td', { hasText: /^30 min$/ }).waitFor();
      const lv = (await consoleCall(proxy!.consoleAddress!, admin, 'level.get')) as {
        levels: Array<{ name: string; intervalSeconds: number }>;
      };
      assert.equal(lv.levels.find((l) => l.name === 'guarded')?.intervalSeconds, 1800);
      // An operator sees the policy but may not edit it.
      const op = await newPage();
      try {
        await signIn(op, operator);
        await op.locator('#policy-table tr[data-level="guarded"]').waitFor();
        assert.equal(await op.locator('button.edit-policy').count(), 0);
      } finally {
        await op.close();
      }
    } finally {
      await page.close();
    }
  });

  it('a viewer sees everything but no promote button and no write controls', async () => {
    const page = await newPage();
    try {
      await signIn(page, viewer);
      assert.equal(await page.locator('#role-badge').textContent(), 'viewer');
      await page
        .locator('.site-card[data-site="site-1"] .site-state', { hasText: 'in-sync' })
        .waitFor();
      await page.locator('.version-item[data-name="dash-v1"]').waitFor();
      assert.equal(await page.locator('button.promote').count(), 0);
      assert.equal(await page.locator('button.resync').count(), 0);
      assert.equal(await page.locator('button.restore').count(), 0);
      assert.equal(await page.locator('#version-form').isHidden(), true);
      assert.equal(await page.locator('#level-form').isHidden(), true);
      // Browsing is read-only, and allowed.
      assert.ok((await page.locator('button.browse').count()) > 0);
    } finally {
      await page.close();
    }
  });

  it('the page says when the console is gone and reconnects by itself', async () => {
    const page = await newPage();
    try {
      await signIn(page, admin);
      await page.locator('#conn-text', { hasText: 'live' }).waitFor();
      const noticed = page.locator('#banner').waitFor({ state: 'visible', timeout: 60_000 });
      await proxy!.restart();
      await noticed;
      assert.match((await page.locator('#banner').textContent()) ?? '', /reconnecting/);
      await page.locator('#banner').waitFor({ state: 'hidden', timeout: 60_000 });
      await page.locator('#conn-text', { hasText: 'live' }).waitFor();
      await page
        .locator('.site-card[data-site="site-1"] .site-state', { hasText: 'in-sync' })
        .waitFor({ timeout: 60_000 });
    } finally {
      await page.close();
    }
  });

  it('the page raised no script errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
