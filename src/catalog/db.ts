import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log/logger.js';
import { MIGRATIONS } from './migrations.js';

/** Raised when the catalog database cannot be used; see docs/errors.md. */
export class CatalogError extends Error {
  readonly code: 'NFSP_ERR_CATALOG_NEWER' | 'NFSP_ERR_CATALOG_OPEN';
  constructor(code: CatalogError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CatalogError';
    this.code = code;
  }
}

/**
 * SQLite settings, in one place (logged at start):
 * - WAL: readers never block the writer, and a commit is one sequential append;
 * - synchronous=NORMAL: a committed transaction survives a crash of the proxy process (kill -9)
 *   because it is in the OS page cache; a power loss may lose the last transactions before a
 *   WAL checkpoint. Set `durability: 'full'` for synchronous=FULL (an fsync per commit);
 * - foreign keys on, a busy timeout for the rare external reader, a bounded page cache.
 */
export function pragmasFor(durability: 'normal' | 'full'): Record<string, string | number> {
  return {
    journal_mode: 'WAL',
    synchronous: durability === 'full' ? 'FULL' : 'NORMAL',
    foreign_keys: 'ON',
    busy_timeout: 5000,
    cache_size: -65536, // KiB: 64 MiB
    temp_store: 'MEMORY',
  };
}

export interface OpenOptions {
  readonly stateDir: string;
  readonly log: Logger;
  readonly durability?: 'normal' | 'full';
  /** File name inside the state directory. Default catalog.sqlite. */
  readonly file?: string;
}

/** Opens (creating if needed) the catalog database and brings its schema up to date. */
export function openCatalogDb(opts: OpenOptions): Database.Database {
  const file = path.join(opts.stateDir, opts.file ?? 'catalog.sqlite');
  let db: Database.Database;
  try {
    mkdirSync(opts.stateDir, { recursive: true, mode: 0o700 });
    db = new Database(file);
  } catch (e) {
    throw new CatalogError(
      'NFSP_ERR_CATALOG_OPEN',
      `cannot open catalog ${file}: ${(e as Error).message}`,
      { cause: e },
    );
  }
  const pragmas = pragmasFor(opts.durability ?? 'normal');
  for (const [k, v] of Object.entries(pragmas)) db.pragma(`${k} = ${v}`);
  migrate(db, file);
  opts.log.info(
    { file, pragmas, schema: db.pragma('user_version', { simple: true }) },
    'catalog opened',
  );
  return db;
}

function migrate(db: Database.Database, file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
  if (current > latest) {
    db.close();
    throw new CatalogError(
      'NFSP_ERR_CATALOG_NEWER',
      `catalog ${file} has schema version ${current}, newer than this proxy's ${latest}; refusing to use it`,
    );
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
