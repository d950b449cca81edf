/**
 * `audit.list` (issue 7 item 2): the audit log, newest first. Operator role: the log shows who
 * did what with which parameters, more than a viewer needs.
 */
import type Database from 'better-sqlite3';
import { ConsoleError, onlyKeys, type ConsoleMethod } from './server.js';

/** Most audit entries one call returns. */
export const AUDIT_LIST_MAX = 10_000;
/** Entries returned when `limit` is not given. */
export const AUDIT_LIST_DEFAULT = 100;

export interface AuditEntry {
  readonly atMs: number;
  readonly tokenId: number | null;
  readonly role: string | null;
  readonly action: string;
  /** The call's params as recorded (JSON, parsed). */
  readonly params: unknown;
  readonly result: string;
  readonly detail: string | null;
}

interface Row {
  at_ms: number;
  token_id: number | null;
  role: string | null;
  action: string;
  params: string | null;
  result: string;
  detail: string | null;
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function auditListMethod(db: Database.Database): ConsoleMethod {
  const cols = 'at_ms, token_id, role, action, params, result, detail';
  const all = db.prepare(`SELECT ${cols} FROM audit ORDER BY id DESC LIMIT ?`);
  const byAction = db.prepare(
    `SELECT ${cols} FROM audit WHERE action = ? ORDER BY id DESC LIMIT ?`,
  );
  return {
    role: 'operator',
    audit: false,
    params: (p) => {
      onlyKeys(p, ['limit', 'action']);
      const limit = p['limit'] ?? AUDIT_LIST_DEFAULT;
      if (
        typeof limit !== 'number' ||
        !Number.isInteger(limit) ||
        limit < 1 ||
        limit > AUDIT_LIST_MAX
      )
        throw new ConsoleError('bad-params', `limit must be an integer 1..${AUDIT_LIST_MAX}`);
      const action = p['action'];
      if (
        action !== undefined &&
        (typeof action !== 'string' || !/^[a-z][a-z.-]{0,63}$/.test(action))
      )
        throw new ConsoleError('bad-params', 'action must be a method name');
      return { limit, action };
    },
    handle: (p: { limit: number; action: string | undefined }) => {
      const rows = (
        p.action === undefined ? all.all(p.limit) : byAction.all(p.action, p.limit)
      ) as Row[];
      return Promise.resolve(
        rows.map((r): AuditEntry => ({
          atMs: r.at_ms,
          tokenId: r.token_id,
          role: r.role,
          action: r.action,
          params: parseJson(r.params),
          result: r.result,
          detail: r.detail,
        })),
      );
    },
  };
}
