/**
 * The proxy's one logger (style.md, "Logging and observability"): pino JSON on stdout, created
 * once at the top and passed down; parts take child loggers (`{ conn }`, `{ xid, proc }`).
 * pino loggers satisfy the RPC runtime's RpcLogger, so this logger is what the runtime gets too.
 */
import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Fields that hold secrets (console tokens, passwords, the handle HMAC key), redacted wherever
 * they appear at the top level of a log object or one level down (`{ req: { token } }`).
 */
const SECRET_FIELDS = ['token', 'password', 'key', 'hmacKey'] as const;

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

export const REDACT_PATHS: readonly string[] = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
];

export interface LoggerOptions {
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  level: string;
  /** Where JSON lines go; default stdout. Tests pass a stream to capture them. */
  destination?: pino.DestinationStream;
}

export function createLogger(opts: LoggerOptions): Logger {
  const options: pino.LoggerOptions = {
    name: 'nfs-proxy',
    level: opts.level,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
  };
  return opts.destination === undefined ? pino(options) : pino(options, opts.destination);
}
