/**
 * Numbered schema migrations of the catalog database. Each runs once, in order, inside one
 * transaction that also sets `PRAGMA user_version` to its number; a database whose version is
 * newer than the last migration here is refused (it was written by a newer proxy).
 * Never edit a migration that has shipped: add a new one.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'objects and site handles',
    sql: `
      -- Small durable facts: the export's generation, the write-verifier epoch, ...
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value BLOB NOT NULL
      ) STRICT;

      -- One row per file system object the proxy has handed a handle out for. The id is the
      -- object's identity for clients: it is inside the proxy handle and is the fileid they see.
      CREATE TABLE objects (
        id INTEGER PRIMARY KEY,
        parent INTEGER,            -- directory object; NULL for the export root and unlinked objects
        name BLOB,                 -- name in parent (bytes, as the client sent them)
        type INTEGER NOT NULL,     -- ftype3, 0 while unknown
        created_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX objects_parent_name ON objects(parent, name);

      -- Where each object lives on each site: that site's file handle and fileid.
      CREATE TABLE site_objects (
        site TEXT NOT NULL,
        object INTEGER NOT NULL,
        fh BLOB,
        fileid INTEGER,
        PRIMARY KEY (site, object)
      ) STRICT;
      CREATE UNIQUE INDEX site_objects_fh ON site_objects(site, fh);
      CREATE INDEX site_objects_fileid ON site_objects(site, fileid);
    `,
  },
  {
    version: 2,
    name: 'replication state',
    sql: `
      -- Objects a mutation is in flight for (written before the mutation is forwarded, like
      -- DRBD's activity log). After a crash each is re-checked on every backup site.
      CREATE TABLE replication_hot (
        object INTEGER PRIMARY KEY,
        since_ms INTEGER NOT NULL
      ) STRICT;

      -- Each backup site's durable replication state.
      CREATE TABLE site_state (
        site TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        reason TEXT,
        -- Records up to this sequence number may have been sent to the site (an upper bound);
        -- those after its journal cursor are re-checked after a crash.
        sent_limit INTEGER NOT NULL DEFAULT 0,
        -- Pending re-checks (site_repairs) run once the site has applied records up to here.
        repair_until INTEGER NOT NULL DEFAULT 0,
        updated_ms INTEGER NOT NULL
      ) STRICT;

      -- Objects to re-check on a site against the primary (see site_state.repair_until).
      CREATE TABLE site_repairs (
        site TEXT NOT NULL,
        object INTEGER NOT NULL,
        PRIMARY KEY (site, object)
      ) STRICT;

      -- Every state change of every site, for operators.
      CREATE TABLE site_history (
        id INTEGER PRIMARY KEY,
        site TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        from_state TEXT,
        to_state TEXT NOT NULL,
        reason TEXT
      ) STRICT;
      CREATE INDEX site_history_site ON site_history(site, at_ms);
    `,
  },
  {
    version: 3,
    name: 'console tokens and audit log',
    sql: `
      -- Console access tokens (issue 7): only a SHA-256 of each token is kept.
      CREATE TABLE tokens (
        id INTEGER PRIMARY KEY,
        hash BLOB NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        label TEXT,
        created_ms INTEGER NOT NULL,
        revoked_ms INTEGER
      ) STRICT;

      -- Every state-changing console call: who, what, when, result.
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at_ms INTEGER NOT NULL,
        token_id INTEGER,
        role TEXT,
        action TEXT NOT NULL,
        params TEXT,
        result TEXT NOT NULL,
        detail TEXT
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'directory entries and versions',
    sql: `
      -- The live directory structure as the proxy knows it: every (directory, name) -> object,
      -- hard links included. Kept exact by the proxy's own namespace mutations once a scan of
      -- the tree completed (meta 'tree-scanned').
      CREATE TABLE dirents (
        parent INTEGER NOT NULL,
        name BLOB NOT NULL,
        object INTEGER NOT NULL,
        PRIMARY KEY (parent, name)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX dirents_object ON dirents(object);

      -- Directories still to list in a resumable scan of the tree.
      CREATE TABLE scan_pending (
        object INTEGER PRIMARY KEY
      ) STRICT;

      -- Versions (issue 5): a version copies the directory structure only.
      CREATE TABLE versions (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_ms INTEGER NOT NULL,
        reason TEXT NOT NULL,
        entries INTEGER NOT NULL,
        preserved_bytes INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE TABLE version_entries (
        version INTEGER NOT NULL,
        parent INTEGER NOT NULL,
        name BLOB NOT NULL,
        object INTEGER NOT NULL,
        PRIMARY KEY (version, parent, name)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX version_entries_object ON version_entries(object, version);

      -- The preserved state of an object for versions in (from_version, to_version]: a copy
      -- made in the hidden area on its first change after those versions were taken.
      CREATE TABLE preserved (
        object INTEGER NOT NULL,
        from_version INTEGER NOT NULL,
        to_version INTEGER NOT NULL,
        copy INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        PRIMARY KEY (object, to_version)
      ) STRICT;

      -- The last version whose state of the object is preserved (0: none).
      ALTER TABLE objects ADD COLUMN stamp INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 5,
    name: 'tasks and disaster levels',
    sql: `
      -- The task scheduler (issue 7 item 4): one-off tasks (every_seconds NULL) go
      -- pending -> running -> done | failed | cancelled; a recurring task goes back to pending
      -- with its next run after each run. A task found running at start was interrupted by a
      -- crash: a one-off is marked failed, a recurring one is due again.
      CREATE TABLE tasks (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        params TEXT NOT NULL,          -- JSON
        state TEXT NOT NULL,           -- pending, running, paused, done, failed, cancelled
        every_seconds INTEGER,         -- recurring period; NULL for a one-off
        next_run_ms INTEGER,           -- when it is due (pending, paused)
        owner TEXT NOT NULL,           -- who made it: token id, 'level' or 'system'
        created_ms INTEGER NOT NULL,
        started_ms INTEGER,
        finished_ms INTEGER,
        runs INTEGER NOT NULL DEFAULT 0,
        progress TEXT,                 -- JSON of the latest progress report
        result TEXT,                   -- JSON of the last run's result
        error TEXT                     -- the last run's error
      ) STRICT;
      CREATE INDEX tasks_due ON tasks(state, next_run_ms);

      -- Each disaster level's policy (issue 7 item 3), as tuned from the console; levels with
      -- no row use the defaults derived from the config.
      CREATE TABLE level_policy (
        level TEXT PRIMARY KEY,
        interval_seconds INTEGER NOT NULL,
        keep_last INTEGER NOT NULL,
        sync_async INTEGER NOT NULL
      ) STRICT;

      -- Every level change, newest last: who or what set it and why.
      CREATE TABLE level_history (
        id INTEGER PRIMARY KEY,
        at_ms INTEGER NOT NULL,
        level TEXT NOT NULL,
        previous TEXT NOT NULL,
        set_by TEXT NOT NULL,          -- token id, 'assessment' or 'calm'
        auto INTEGER NOT NULL,
        reason TEXT NOT NULL
      ) STRICT;
    `,
  },
];
