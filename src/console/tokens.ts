/**
 * Console access tokens (issue 7 item 2): random 32-byte secrets shown once at creation; only
 * their SHA-256 is stored (the catalog's `tokens` table), so a copy of the state directory does
 * not leak usable tokens. Roles are ordered: viewer < operator < admin.
 */
import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

export type Role = 'viewer' | 'operator' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };
/** Token text prefix, so a leaked token is recognisable (secret scanners, log review). */
export const TOKEN_PREFIX = 'nfsp_';
/** Longest token text accepted. Unit: characters. */
export const MAX_TOKEN_LENGTH = 128;

export function roleAllows(have: Role, need: Role): boolean {
  return RANK[have] >= RANK[need];
}

export interface TokenIdentity {
  readonly id: number;
  readonly role: Role;
}

function hashOf(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export class TokenStore {
  private readonly insert: Database.Statement;
  private readonly find: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO tokens (hash, role, label, created_ms) VALUES (?, ?, ?, ?)',
    );
    this.find = db.prepare('SELECT id, role FROM tokens WHERE hash = ? AND revoked_ms IS NULL');
  }

  /** Creates a token with `role`; returns the token text (shown once, never stored). */
  create(role: Role, label?: string): { id: number; token: string } {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const r = this.insert.run(hashOf(token), role, label ?? null, Date.now());
    return { id: Number(r.lastInsertRowid), token };
  }

  /** The identity of a valid token, or undefined. */
  check(token: unknown): TokenIdentity | undefined {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH)
      return undefined;
    const row = this.find.get(hashOf(token)) as { id: number; role: Role } | undefined;
    return row ? { id: row.id, role: row.role } : undefined;
  }
}
