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
];
