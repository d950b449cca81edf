/**
 * The logging surface the RPC runtime needs. pino loggers satisfy it; the runtime itself never
 * imports a logging library (the application injects one).
 */
export interface RpcLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child?(bindings: object): RpcLogger;
}

const noop = (): void => {};

/** A logger that drops everything (the default). */
export const silentLogger: RpcLogger = { debug: noop, info: noop, warn: noop, error: noop };

export function childLogger(log: RpcLogger, bindings: object): RpcLogger {
  return log.child ? log.child(bindings) : log;
}
