// The write verifier clients see (RFC 1813 3.3.7): it must change exactly when data a client
// was told is UNSTABLE may have been lost, so clients resend it, and stay the same otherwise.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCatalogDb } from '../../src/catalog/db.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { HandleCodec } from '../../src/core/handles.js';
import { ProxyCore } from '../../src/core/proxy-core.js';
import { createLogger } from '../../src/log/logger.js';
import type { NfsSite } from '../../src/sites/nfs-site.js';

const log = createLogger({ level: 'silent' });
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function openCore(state: string): { core: ProxyCore; close: () => void } {
  const catalog = new Catalog(openCatalogDb({ stateDir: state, log }), { site: 'site-0', log });
  const handles = HandleCodec.load(state, 42);
  // The verifier needs no primary: a site is never called here.
  const core = new ProxyCore({ catalog, handles, primary: {} as NfsSite, log, maxIoSize: 1 << 20 });
  return { core, close: () => catalog.close() };
}

describe('write verifier', () => {
  const state = mkdtempSync(path.join(os.tmpdir(), 'nfsp-verf-'));
  dirs.push(state);
  const v1 = Buffer.from('primary1');
  const v2 = Buffer.from('primary2');

  it('is 8 bytes, not the primary verifier, and stable while the primary verifier is', () => {
    const { core, close } = openCore(state);
    const a = core.writeVerifier(v1);
    assert.equal(a.length, 8);
    assert.ok(!a.equals(v1));
    assert.ok(core.writeVerifier(v1).equals(a));
    close();
  });

  it('changes when the primary verifier changes (the primary restarted)', () => {
    const { core, close } = openCore(state);
    assert.ok(!core.writeVerifier(v2).equals(core.writeVerifier(v1)));
    close();
  });

  it('stays the same across a proxy restart (the proxy holds no unstable data)', () => {
    const first = openCore(state);
    const before = first.core.writeVerifier(v1);
    first.close();
    const second = openCore(state);
    assert.ok(second.core.writeVerifier(v1).equals(before));
    second.close();
  });

  it('changes for the same primary verifier after an epoch bump (e.g. a promotion), durably', () => {
    const first = openCore(state);
    const before = first.core.writeVerifier(v1);
    first.core.bumpVerifierEpoch();
    const after1 = first.core.writeVerifier(v1);
    assert.ok(!after1.equals(before));
    first.close();
    const second = openCore(state);
    assert.ok(second.core.writeVerifier(v1).equals(after1), 'the bumped epoch survives a restart');
    second.close();
  });

  it('differs between proxies with different keys', () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'nfsp-verf-'));
    dirs.push(other);
    const a = openCore(state);
    const b = openCore(other);
    assert.ok(!a.core.writeVerifier(v1).equals(b.core.writeVerifier(v1)));
    a.close();
    b.close();
  });
});
