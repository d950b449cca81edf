/**
 * Disaster levels and their policy (issue 7 item 3; the second seed paper's adaptive versioning:
 * the more dangerous the situation, the more often versions are taken). Each level maps to how
 * often a version is taken, how many versions are kept, and whether asynchronous backup sites
 * are switched to synchronous replication while it holds.
 */

/** The levels, least to most dangerous. */
export const LEVELS = ['normal', 'guarded', 'elevated', 'severe', 'emergency'] as const;
export type Level = (typeof LEVELS)[number];

export interface LevelPolicy {
  /** Seconds between scheduled versions; 0: none scheduled. */
  readonly intervalSeconds: number;
  /** The newest N versions are kept by this level's pruning; 0: the configured retention. */
  readonly keepLast: number;
  /** Asynchronous backup sites replicate synchronously while this level holds. */
  readonly syncAsync: boolean;
}

/** Bounds of a level's version interval. Unit: seconds. One year at most. */
export const LEVEL_INTERVAL_S = { min: 0, max: 31_536_000 } as const;
/** Bounds of a level's keepLast. */
export const LEVEL_KEEP_LAST = { min: 0, max: 100_000 } as const;

export class LevelError extends Error {
  readonly code = 'NFSP_ERR_LEVEL';
  constructor(message: string) {
    super(message);
    this.name = 'LevelError';
  }
}

export function isLevel(v: unknown): v is Level {
  return typeof v === 'string' && (LEVELS as readonly string[]).includes(v);
}

export function levelRank(l: Level): number {
  return LEVELS.indexOf(l);
}

/** The higher of two levels. */
export function maxLevel(a: Level, b: Level): Level {
  return levelRank(a) >= levelRank(b) ? a : b;
}

/**
 * The defaults: `normal` takes versions at the configured interval (0: none), every level above
 * at least as often as the next one below; `severe` and `emergency` make async sites sync.
 */
export function defaultPolicies(normalIntervalSeconds: number): Record<Level, LevelPolicy> {
  const atMost = (s: number): number =>
    normalIntervalSeconds > 0 ? Math.min(normalIntervalSeconds, s) : s;
  return {
    normal: { intervalSeconds: normalIntervalSeconds, keepLast: 0, syncAsync: false },
    guarded: { intervalSeconds: atMost(3600), keepLast: 0, syncAsync: false },
    elevated: { intervalSeconds: atMost(900), keepLast: 0, syncAsync: false },
    severe: { intervalSeconds: atMost(300), keepLast: 0, syncAsync: true },
    emergency: { intervalSeconds: atMost(60), keepLast: 0, syncAsync: true },
  };
}

/** An integer within `b`, or a LevelError naming `key`. */
function intIn(v: unknown, key: string, b: { min: number; max: number }): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < b.min || v > b.max)
    throw new LevelError(`${key} must be an integer ${b.min}..${b.max}`);
  return v;
}

/** Checks one policy change; throws LevelError naming the bad field. */
export function checkPolicyChange(p: {
  intervalSeconds?: unknown;
  keepLast?: unknown;
  syncAsync?: unknown;
}): Partial<LevelPolicy> {
  const out: { intervalSeconds?: number; keepLast?: number; syncAsync?: boolean } = {};
  if (p.intervalSeconds !== undefined)
    out.intervalSeconds = intIn(p.intervalSeconds, 'intervalSeconds', LEVEL_INTERVAL_S);
  if (p.keepLast !== undefined) out.keepLast = intIn(p.keepLast, 'keepLast', LEVEL_KEEP_LAST);
  if (p.syncAsync !== undefined) {
    if (typeof p.syncAsync !== 'boolean') throw new LevelError('syncAsync must be true or false');
    out.syncAsync = p.syncAsync;
  }
  return out;
}
