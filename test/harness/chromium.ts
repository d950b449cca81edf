// Test fixture: Debian's Chromium, headless, driven by playwright-core (never a downloaded
// browser). Each launch gets a fresh temporary profile, removed by close(); the browser runs with
// no network services of its own (no sync, no component updates, no QUIC), so the only traffic
// is to the loopback console under test.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** The Debian package's binary (`apt-get install chromium`); NFS_PROXY_CHROMIUM overrides. */
export const CHROMIUM_PATH = process.env['NFS_PROXY_CHROMIUM'] ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  // Root in CI and containers: Chromium's sandbox needs user namespaces it may not have.
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Containers often give /dev/shm 64 MiB, too little for the renderer: use /tmp instead.
  '--disable-dev-shm-usage',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export interface ChromiumSession {
  readonly context: BrowserContext;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

export async function launchChromium(
  opts: { viewport?: { width: number; height: number }; deviceScaleFactor?: number } = {},
): Promise<ChromiumSession> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'nfs-proxy-chromium-'));
  let context: BrowserContext;
  try {
    // A persistent context is how playwright takes a user data dir (it refuses the flag).
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: opts.viewport ?? { width: 1440, height: 1000 },
      deviceScaleFactor: opts.deviceScaleFactor ?? 1,
      timeout: 60_000,
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
