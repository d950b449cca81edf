/**
 * The object catalog (src/catalog/catalog.ts, src/catalog/db.ts): learning objects by handle and
 * by fileid, parent/name bookkeeping for RENAME and REMOVE, STALE handles, durability of
 * commit() across a close and reopen (and across an abandoned connection, as after kill -9), ids
 * never reused, the in-memory cache with a tiny limit, and the schema-version guard.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Catalog, ROOT_ID } from '../../src/catalog/catalog.js';
import { CatalogError, openCatalogDb } from '../../src/catalog/db.js';
import { MIGRATIONS } from '../../src/catalog/migrations.js';
import { createLogger } from '../../src/log/logger.js';

const log = createLogger({ level: 'silent' });
const SITE = 'site-0';
const NF3REG = 1;
const NF3DIR = 2;

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'nfsp-catalog-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function freshState(): string {
  return join(dir, `state-${++n}`);
}

/** A fake primary handle: distinct, opaque bytes of ganesha-like length. */
function fh(i: number): Buffer {
  const b = Buffer.alloc(28, 0xab);
  b.writeUInt32BE(i, 0);
  b.writeUInt32BE(i ^ 0x5a5a5a5a, 24);
  return b;
}

const name = (s: string): Buffer => Buffer.from(s);

function open(state: string, cacheObjects?: number): Catalog {
  const db = openCatalogDb({ stateDir: state, log });
  return new Catalog(db, {
    site: SITE,
    log,
    ...(cacheObjects === undefined ? {} : { cacheObjects }),
  });
}

/** A catalog with its root set, like Proxy.start leaves it. */
function withRoot(state: string, cacheObjects?: number): Catalog {
  const c = open(state, cacheObjects);
  c.setRoot(fh(0), 1000n);
  c.flushNow();
  return c;
}

/** Reads the database directly (as another process would after the proxy died). */
function rawRows(state: string): { id: number; parent: number | null; name: Buffer | null }[] {
  const db = new Database(join(state, 'catalog.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT id, parent, name FROM objects ORDER BY id').all() as {
      id: number;
      parent: number | null;
      name: Buffer | null;
    }[];
  } finally {
    db.close();
  }
}

describe('Catalog: learning objects', () => {
  it('setRoot makes object 1 the root directory', () => {
    const c = withRoot(freshState());
    const root = c.get(ROOT_ID);
    assert.ok(root);
    assert.equal(root.id, ROOT_ID);
    assert.equal(root.type, NF3DIR);
    assert.equal(root.parent, null);
    assert.ok(root.fh?.equals(fh(0)));
    assert.equal(root.fileid, 1000n);
    assert.equal(c.getByFh(fh(0))?.id, ROOT_ID);
    c.close();
  });

  it('learn / get / getByFh / getByFileid / child agree', () => {
    const c = withRoot(freshState());
    const a = c.learn(fh(1), { fileid: 11n, type: NF3REG, parent: ROOT_ID, name: name('a') });
    assert.ok(a.id > ROOT_ID);
    assert.equal(c.get(a.id), a);
    assert.equal(c.getByFh(fh(1)), a);
    assert.equal(c.getByFileid(11n), a);
    assert.equal(c.child(ROOT_ID, name('a')), a);
    assert.equal(c.child(ROOT_ID, name('b')), undefined);
    assert.equal(c.get(a.id + 1000), undefined);
    assert.equal(c.getByFh(fh(99)), undefined);
    assert.equal(a.type, NF3REG);
    assert.ok(a.name?.equals(name('a')));
    c.close();
  });

  it('the same primary handle is the same object; a new one is a new object', () => {
    const c = withRoot(freshState());
    const a = c.learn(fh(1), { fileid: 11n, type: NF3REG, parent: ROOT_ID, name: name('a') });
    const again = c.learn(fh(1), { fileid: 11n, type: NF3REG, parent: ROOT_ID, name: name('a') });
    assert.equal(again.id, a.id);
    const b = c.learn(fh(2), { fileid: 12n, type: NF3REG, parent: ROOT_ID, name: name('b') });
    assert.notEqual(b.id, a.id);
    // A copy of the handle's bytes (a new Buffer) finds it too.
    assert.equal(c.getByFh(Buffer.from(fh(1))), a);
    c.close();
  });

  it('the caller may reuse its buffers: learn copies the handle and the name', () => {
    const c = withRoot(freshState());
    const h = fh(5);
    const nm = name('copyme');
    const o = c.learn(h, { fileid: 55n, type: NF3REG, parent: ROOT_ID, name: nm });
    h.fill(0);
    nm.fill(0x41);
    assert.ok(o.fh?.equals(fh(5)), 'handle kept its bytes');
    assert.ok(o.name?.equals(name('copyme')), 'name kept its bytes');
    assert.equal(c.getByFh(fh(5))?.id, o.id);
    c.close();
  });

  it('a handle seen under another name (rename elsewhere, hard link) moves the object', () => {
    const c = withRoot(freshState());
    const d = c.learn(fh(10), { fileid: 20n, type: NF3DIR, parent: ROOT_ID, name: name('d') });
    const a = c.learn(fh(1), { fileid: 11n, type: NF3REG, parent: ROOT_ID, name: name('a') });
    const seen = c.learn(fh(1), { fileid: 11n, type: NF3REG, parent: d.id, name: name('x') });
    assert.equal(seen.id, a.id);
    assert.equal(a.parent, d.id);
    assert.ok(a.name?.equals(name('x')));
    assert.equal(c.child(d.id, name('x'))?.id, a.id);
    c.close();
  });

  it('learnEntry (READDIR, fileid only) then learn with a handle merges by fileid', () => {
    const state = freshState();
    const c = withRoot(state);
    const e = c.learnEntry(ROOT_ID, name('entry'), 4242n);
    assert.equal(e.fh, undefined);
    assert.equal(e.fileid, 4242n);
    // The same fileid again is the same object.
    assert.equal(c.learnEntry(ROOT_ID, name('entry'), 4242n).id, e.id);
    const l = c.learn(fh(3), { fileid: 4242n, type: NF3REG, parent: ROOT_ID, name: name('entry') });
    assert.equal(l.id, e.id, 'the handle-less object got its handle; no duplicate object');
    assert.ok(l.fh?.equals(fh(3)));
    assert.equal(l.type, NF3REG);
    assert.equal(c.getByFh(fh(3))?.id, e.id);
    // And it is durable as one object.
    c.close();
    const c2 = open(state);
    assert.equal(c2.getByFh(fh(3))?.id, e.id);
    assert.equal(c2.getByFileid(4242n)?.id, e.id);
    c2.close();
  });

  it('learnEntry of an object already known by handle returns it', () => {
    const c = withRoot(freshState());
    const a = c.learn(fh(1), { fileid: 11n, type: NF3REG, parent: ROOT_ID, name: name('a') });
    assert.equal(c.learnEntry(ROOT_ID, name('a'), 11n).id, a.id);
    c.close();
  });

  it('fileids above 2^63 survive the round trip through SQLite', () => {
    const state = freshState();
    const c = withRoot(state);
    const big = 2n ** 64n - 2n;
    const o = c.learn(fh(7), { fileid: big, type: NF3REG, parent: ROOT_ID, name: name('big') });
    c.close();
    const c2 = open(state);
    const back = c2.get(o.id);
    assert.equal(back?.fileid, big);
    assert.equal(c2.getByFileid(big)?.id, o.id);
    c2.close();
  });
});

describe('Catalog: rename and remove bookkeeping', () => {
  it('renamed() moves the object; the old name no longer resolves', () => {
    const c = withRoot(freshState());
    const d = c.learn(fh(10), { fileid: 20n, type: NF3DIR, parent: ROOT_ID, name: name('d') });
    const a = c.learn(fh(1), { fileid: 11n, type: NF3REG, parent: ROOT_ID, name: name('a') });
    c.renamed(ROOT_ID, name('a'), d.id, name('b'));
    assert.equal(c.child(ROOT_ID, name('a')), undefined);
    assert.equal(c.child(d.id, name('b'))?.id, a.id);
    assert.equal(a.parent, d.id);
    assert.ok(a.name?.equals(name('b')));
    c.close();
  });

  it('renamed() over an existing name unlinks the object that was there', () => {
    const c = withRoot(freshState());
    const a = c.learn(fh(1), { fileid: 11n, type: NF3REG, parent: ROOT_ID, name: name('a') });
    const b = c.learn(fh(2), { fileid: 12n, type: NF3REG, parent: ROOT_ID, name: name('b') });
    c.renamed(ROOT_ID, name('a'), ROOT_ID, name('b'));
    assert.equal(c.child(ROOT_ID, name('b'))?.id, a.id);
    assert.equal(c.child(ROOT_ID, name('a')), undefined);
    assert.equal(b.parent, null, 'the overwritten object is unlinked');
    assert.equal(b.name, null);
    assert.equal(c.get(b.id)?.id, b.id, 'but keeps its id');
    c.close();
  });

  it('renamed() of a name the catalog never saw is harmless', () => {
    const c = withRoot(freshState());
    c.renamed(ROOT_ID, name('nope'), ROOT_ID, name('nope2'));
    assert.equal(c.child(ROOT_ID, name('nope2')), undefined);
    c.close();
  });

  it('removed() forgets the name, the object keeps its id and handle', () => {
    const c = withRoot(freshState());
    const a = c.learn(fh(1), { fileid: 11n, type: NF3REG, parent: ROOT_ID, name: name('a') });
    c.removed(ROOT_ID, name('a'));
    assert.equal(c.child(ROOT_ID, name('a')), undefined);
    const o = c.get(a.id);
    assert.ok(o);
    assert.equal(o.parent, null);
    assert.equal(o.name, null);
    assert.ok(o.fh?.equals(fh(1)));
    // A new file with the same name is a new object.
    const a2 = c.learn(fh(2), { fileid: 12n, type: NF3REG, parent: ROOT_ID, name: name('a') });
    assert.notEqual(a2.id, a.id);
    assert.equal(c.child(ROOT_ID, name('a'))?.id, a2.id);
    c.close();
  });

  it('removed() and renamed() are durable', () => {
    const state = freshState();
    const c = withRoot(state);
    const a = c.learn(fh(1), { fileid: 11n, type: NF3REG, parent: ROOT_ID, name: name('a') });
    const b = c.learn(fh(2), { fileid: 12n, type: NF3REG, parent: ROOT_ID, name: name('b') });
    c.flushNow();
    c.removed(ROOT_ID, name('a'));
    c.renamed(ROOT_ID, name('b'), ROOT_ID, name('c'));
    c.close();
    const c2 = open(state);
    assert.equal(c2.child(ROOT_ID, name('a')), undefined);
    assert.equal(c2.child(ROOT_ID, name('b')), undefined);
    assert.equal(c2.child(ROOT_ID, name('c'))?.id, b.id);
    assert.equal(c2.get(a.id)?.parent, null);
    c2.close();
  });
});

describe('Catalog: stale handles', () => {
  it('stale() forgets the primary handle, durably; the id stays known', () => {
    const state = freshState();
    const c = withRoot(state);
    const a = c.learn(fh(1), { fileid: 11n, type: NF3REG, parent: ROOT_ID, name: name('a') });
    c.stale(a);
    assert.equal(a.fh, undefined);
    assert.equal(c.getByFh(fh(1)), undefined);
    assert.equal(c.get(a.id)?.fh, undefined);
    c.close();
    const c2 = open(state);
    assert.ok(c2.get(a.id), 'object still exists');
    assert.equal(c2.get(a.id)?.fh, undefined, 'without a handle after reopen');
    assert.equal(c2.getByFh(fh(1)), undefined);
    c2.close();
  });

  it('stale() of the root is ignored', () => {
    const c = withRoot(freshState());
    const root = c.get(ROOT_ID)!;
    c.stale(root);
    assert.ok(root.fh?.equals(fh(0)));
    assert.equal(c.getByFh(fh(0))?.id, ROOT_ID);
    c.close();
  });

  it('a fileid reused by the primary (inode reuse) does not revive a stale object', () => {
    // ext4 hands a just-freed inode number to the next file created; ganesha's fileid is the
    // inode number. File a (fileid 11) is removed and its handle found STALE; then a new file b
    // gets fileid 11 with a new primary handle. b must be a new object: a's proxy handle must
    // stay STALE and never name b.
    const c = withRoot(freshState());
    const a = c.learn(fh(1), { fileid: 11n, type: NF3REG, parent: ROOT_ID, name: name('a') });
    c.removed(ROOT_ID, name('a'));
    c.stale(a);
    const b = c.learn(fh(2), { fileid: 11n, type: NF3REG, parent: ROOT_ID, name: name('b') });
    assert.notEqual(
      b.id,
      a.id,
      'learn() merged a new file into the removed, stale object with the same fileid: ' +
        "the removed file's proxy handle now names the new file",
    );
    c.close();
  });

  it('a primary handle reused for a new object after stale() maps to the new object', () => {
    const c = withRoot(freshState());
    const a = c.learn(fh(1), { fileid: 11n, type: NF3REG, parent: ROOT_ID, name: name('a') });
    c.stale(a);
    const b = c.learn(fh(1), { fileid: 99n, type: NF3REG, parent: ROOT_ID, name: name('z') });
    assert.notEqual(b.id, a.id);
    assert.equal(c.getByFh(fh(1))?.id, b.id);
    c.close();
  });
});

describe('Catalog: durability', () => {
  it('commit() resolves once changes are in the database (visible to another reader)', async () => {
    const state = freshState();
    const c = withRoot(state);
    const a = c.learn(fh(1), { fileid: 11n, type: NF3REG, parent: ROOT_ID, name: name('a') });
    assert.equal(c.pending, true);
    await c.commit();
    assert.equal(c.pending, false);
    const rows = rawRows(state);
    const row = rows.find((r) => r.id === a.id);
    assert.ok(row, `object ${a.id} is in the database`);
    assert.equal(row.parent, ROOT_ID);
    assert.ok(Buffer.from(row.name!).equals(name('a')));
    c.close();
  });

  it('commit() with nothing pending resolves at once', async () => {
    const c = withRoot(freshState());
    await c.commit();
    assert.equal(c.pending, false);
    c.close();
  });

  it('committed objects survive an abandoned connection (no close, no final flush)', async () => {
    const state = freshState();
    const db = openCatalogDb({ stateDir: state, log });
    const c = new Catalog(db, { site: SITE, log });
    c.setRoot(fh(0), 1000n);
    const ids: number[] = [];
    for (let i = 1; i <= 20; i++) {
      ids.push(
        c.learn(fh(i), { fileid: BigInt(i), type: NF3REG, parent: ROOT_ID, name: name(`f${i}`) })
          .id,
      );
    }
    await c.commit();
    // Simulate kill -9: the database connection goes away without Catalog.close().
    db.close();
    const c2 = open(state);
    for (let i = 1; i <= 20; i++) {
      const o = c2.get(ids[i - 1]!);
      assert.ok(o, `object f${i} survives`);
      assert.ok(o.fh?.equals(fh(i)));
      assert.ok(o.name?.equals(name(`f${i}`)));
      assert.equal(o.parent, ROOT_ID);
      assert.equal(o.type, NF3REG);
      assert.equal(c2.getByFh(fh(i))?.id, o.id);
      assert.equal(c2.child(ROOT_ID, name(`f${i}`))?.id, o.id);
    }
    assert.ok(c2.get(ROOT_ID)?.fh?.equals(fh(0)));
    c2.close();
  });

  it('close() flushes pending changes', () => {
    const state = freshState();
    const c = withRoot(state);
    const a = c.learn(fh(1), { fileid: 11n, type: NF3REG, parent: ROOT_ID, name: name('a') });
    assert.equal(c.pending, true);
    c.close();
    const c2 = open(state);
    assert.equal(c2.get(a.id)?.fh?.equals(fh(1)), true);
    c2.close();
  });

  it('ids are never reused after a reopen, also when the newest object was removed', () => {
    const state = freshState();
    const c = withRoot(state);
    const a = c.learn(fh(1), { fileid: 11n, type: NF3REG, parent: ROOT_ID, name: name('a') });
    const b = c.learn(fh(2), { fileid: 12n, type: NF3REG, parent: ROOT_ID, name: name('b') });
    c.flushNow();
    c.removed(ROOT_ID, name('b'));
    c.stale(b);
    c.close();
    const c2 = open(state);
    const d = c2.learn(fh(3), { fileid: 13n, type: NF3REG, parent: ROOT_ID, name: name('d') });
    assert.ok(d.id > b.id, `new id ${d.id} > ${b.id}`);
    assert.ok(d.id > a.id);
    const e = c2.learnEntry(ROOT_ID, name('e'), 14n);
    assert.ok(e.id > d.id);
    c2.close();
    const c3 = open(state);
    const f = c3.learn(fh(4), { fileid: 15n, type: NF3REG, parent: ROOT_ID, name: name('f') });
    assert.ok(f.id > e.id, `id ${f.id} after a second reopen > ${e.id}`);
    c3.close();
  });

  it('meta values are stored at once and durably', () => {
    const state = freshState();
    const c = withRoot(state);
    assert.equal(c.getMeta('export-id'), undefined);
    c.setMeta('export-id', Buffer.from([1, 2, 3, 4]));
    c.setMeta('export-id', Buffer.from([5, 6, 7, 8]));
    assert.ok(c.getMeta('export-id')?.equals(Buffer.from([5, 6, 7, 8])));
    c.close();
    const c2 = open(state);
    assert.ok(c2.getMeta('export-id')?.equals(Buffer.from([5, 6, 7, 8])));
    c2.close();
  });

  it('the root handle is replaced by setRoot on the next start (primary remounted)', () => {
    const state = freshState();
    const c = withRoot(state);
    c.close();
    const c2 = open(state);
    c2.setRoot(fh(500), 1000n);
    c2.flushNow();
    assert.equal(c2.get(ROOT_ID)?.fh?.equals(fh(500)), true);
    assert.equal(c2.getByFh(fh(500))?.id, ROOT_ID);
    c2.close();
  });
});

describe('Catalog: a tiny in-memory cache', () => {
  const COUNT = 60;

  it('lookups stay correct when objects are evicted (read back from the database)', () => {
    const state = freshState();
    const c = withRoot(state, 4);
    const ids = new Map<number, number>();
    const d = c.learn(fh(10_000), { fileid: 1n, type: NF3DIR, parent: ROOT_ID, name: name('d') });
    for (let i = 1; i <= COUNT; i++) {
      const o = c.learn(fh(i), {
        fileid: BigInt(100 + i),
        type: NF3REG,
        parent: d.id,
        name: name(`f${i}`),
      });
      ids.set(i, o.id);
      if (i % 7 === 0) c.flushNow(); // evictions happen at flush time
    }
    c.flushNow();
    for (let round = 0; round < 2; round++) {
      for (let i = 1; i <= COUNT; i++) {
        const id = ids.get(i)!;
        const byId = c.get(id);
        assert.ok(byId, `get(${id})`);
        assert.ok(byId.fh?.equals(fh(i)), `handle of ${id}`);
        assert.ok(byId.name?.equals(name(`f${i}`)));
        assert.equal(byId.parent, d.id);
        assert.equal(c.getByFh(fh(i))?.id, id, `getByFh of f${i}`);
        assert.equal(c.getByFileid(BigInt(100 + i))?.id, id, `getByFileid of f${i}`);
        assert.equal(c.child(d.id, name(`f${i}`))?.id, id, `child f${i}`);
        // Learning the same handle again finds the same object, not a duplicate.
        assert.equal(
          c.learn(fh(i), {
            fileid: BigInt(100 + i),
            type: NF3REG,
            parent: d.id,
            name: name(`f${i}`),
          }).id,
          id,
        );
      }
      c.flushNow();
    }
    assert.ok(c.stats.misses > 0, 'objects were read back from the database');
    // Bookkeeping on evicted objects still works.
    c.renamed(d.id, name('f1'), ROOT_ID, name('moved'));
    c.removed(d.id, name('f2'));
    c.flushNow();
    assert.equal(c.child(ROOT_ID, name('moved'))?.id, ids.get(1));
    assert.equal(c.child(d.id, name('f1')), undefined);
    assert.equal(c.child(d.id, name('f2')), undefined);
    c.close();
  });

  it('the cache stays bounded under a read-only workload (no writes to trigger eviction)', () => {
    const state = freshState();
    const c = withRoot(state, 4);
    const ids: number[] = [];
    for (let i = 1; i <= COUNT; i++) {
      ids.push(
        c.learn(fh(i), { fileid: BigInt(i), type: NF3REG, parent: ROOT_ID, name: name(`f${i}`) })
          .id,
      );
    }
    c.close();
    const c2 = open(state, 4);
    // Only reads from here on: every object is loaded once...
    for (const id of ids) assert.ok(c2.get(id));
    const missesAfterFirstPass = c2.stats.misses;
    // ...and a second pass over 60 objects with a 4-object cache must miss nearly every time.
    for (const id of ids) assert.ok(c2.get(id));
    const secondPassMisses = c2.stats.misses - missesAfterFirstPass;
    assert.ok(
      secondPassMisses >= COUNT - 4 - 1,
      `with cacheObjects=4, a second read pass over ${COUNT} objects had only ${secondPassMisses} misses: ` +
        'the cache kept every object read (eviction only runs in flushNow, i.e. after writes)',
    );
    c2.close();
  });
});

describe('openCatalogDb: schema and migrations', () => {
  it('creates the schema at the latest version, in WAL mode', () => {
    const state = freshState();
    const db = openCatalogDb({ stateDir: state, log });
    const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
    assert.equal(db.pragma('user_version', { simple: true }), latest);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string;
      }[]
    ).map((t) => t.name);
    for (const t of ['meta', 'objects', 'site_objects']) assert.ok(tables.includes(t), t);
    db.close();
    // Opening again runs no migration twice.
    const db2 = openCatalogDb({ stateDir: state, log });
    assert.equal(db2.pragma('user_version', { simple: true }), latest);
    db2.close();
  });

  it('refuses a database written by a newer proxy (user_version 999)', () => {
    const state = freshState();
    openCatalogDb({ stateDir: state, log }).close();
    const raw = new Database(join(state, 'catalog.sqlite'));
    raw.pragma('user_version = 999');
    raw.close();
    assert.throws(
      () => openCatalogDb({ stateDir: state, log }),
      (e: unknown) => {
        assert.ok(e instanceof CatalogError, `expected CatalogError, got ${String(e)}`);
        assert.equal(e.code, 'NFSP_ERR_CATALOG_NEWER');
        assert.match(e.message, /999/);
        return true;
      },
    );
    // The refused database is left untouched.
    const check = new Database(join(state, 'catalog.sqlite'), { readonly: true });
    assert.equal(check.pragma('user_version', { simple: true }), 999);
    check.close();
  });

  it('refuses a fresh file that claims version 999 too', () => {
    const state = freshState();
    openCatalogDb({ stateDir: state, log }).close();
    rmSync(join(state, 'catalog.sqlite'));
    rmSync(join(state, 'catalog.sqlite-wal'), { force: true });
    rmSync(join(state, 'catalog.sqlite-shm'), { force: true });
    const raw = new Database(join(state, 'catalog.sqlite'));
    raw.pragma('user_version = 999');
    raw.close();
    assert.throws(
      () => openCatalogDb({ stateDir: state, log }),
      (e: unknown) => e instanceof CatalogError && e.code === 'NFSP_ERR_CATALOG_NEWER',
    );
  });

  it('a state path that is a file fails with an error naming the path', () => {
    const state = freshState();
    openCatalogDb({ stateDir: state, log, file: 'sub' }).close();
    // "sub" is now a file; using it as the state directory must fail cleanly.
    assert.throws(() => openCatalogDb({ stateDir: join(state, 'sub'), log }), /sub/);
  });
});

describe('Catalog: directory entries (dirents, the structure versions copy)', () => {
  const list = (c: Catalog, d: number): string[] =>
    c.direntsOf(d).map((e) => `${e.name.toString()}=${e.object}`);

  it('learn, learnEntry, linked, renamed, removed and stale keep dirents exact, hard links too', () => {
    const c = withRoot(freshState());
    const d = c.learn(fh(1), { type: NF3DIR, parent: ROOT_ID, name: name('d') });
    const a = c.learn(fh(2), { type: NF3REG, parent: d.id, name: name('a') });
    const b = c.learnEntry(d.id, name('b'), 77n);
    c.linked(d.id, name('a-link'), a.id);
    c.flushNow();
    assert.deepEqual(list(c, d.id), [`a=${a.id}`, `a-link=${a.id}`, `b=${b.id}`]);
    c.renamed(d.id, name('a-link'), ROOT_ID, name('moved'));
    c.removed(d.id, name('b'));
    c.flushNow();
    assert.deepEqual(list(c, d.id), [`a=${a.id}`]);
    assert.deepEqual(list(c, ROOT_ID), [`d=${d.id}`, `moved=${a.id}`]);
    // Renaming over an existing name replaces that entry.
    const x = c.learn(fh(3), { type: NF3REG, parent: ROOT_ID, name: name('x') });
    c.renamed(ROOT_ID, name('x'), ROOT_ID, name('moved'));
    c.flushNow();
    assert.deepEqual(list(c, ROOT_ID), [`d=${d.id}`, `moved=${x.id}`]);
    c.stale(a);
    c.flushNow();
    assert.deepEqual(list(c, d.id), []);
    c.close();
  });

  it('a rename onto itself changes nothing; names are copied from the caller', () => {
    const c = withRoot(freshState());
    const buf = Buffer.from('same');
    const f = c.learn(fh(5), { type: NF3REG, parent: ROOT_ID, name: buf });
    c.renamed(ROOT_ID, buf, ROOT_ID, buf);
    buf.fill(0x21);
    c.flushNow();
    assert.deepEqual(list(c, ROOT_ID), [`same=${f.id}`]);
    c.close();
  });
});
