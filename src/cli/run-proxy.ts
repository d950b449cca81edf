/**
 * Runs a configured proxy until SIGTERM or SIGINT: the one start/stop sequence shared by
 * `nfs-proxy serve` and `nfs-proxy demo`.
 *
 * The first signal stops accepting and drains in-flight requests (`shutdownGraceMs`); a later
 * signal exits at once (exit 1). A repeat of a signal within SIGNAL_COALESCE_MS of the first
 * counts as the same one: under `npm start` a Ctrl-C reaches the proxy twice (the terminal sends
 * SIGINT to the whole foreground process group, and npm forwards its own copy to its child), and
 * that must not turn a clean stop into an abrupt one.
 */
import type { ProxyConfig } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import { Proxy } from '../proxy.js';

/** A signal this soon after the first one is taken as a copy of it. Unit: ms. */
export const SIGNAL_COALESCE_MS = 500;

export interface RunHooks {
  /** Called once the proxy serves (NFS, MOUNT and the console listen). */
  onStarted?(proxy: Proxy): void;
  /** Called when start-up failed (after the failure was logged). */
  onStartFailed?(err: Error): void;
  /** Called when the first signal arrives. */
  onStopping?(signal: NodeJS.Signals): void;
}

/** Starts the proxy, waits for a signal, stops it. Resolves to the process exit code. */
export async function runProxy(
  config: ProxyConfig,
  log: Logger,
  hooks: RunHooks = {},
): Promise<number> {
  const proxy = new Proxy(config, log);
  let first: { signal: NodeJS.Signals; at: number } | undefined;
  let stopped!: () => void;
  const done = new Promise<void>((resolve) => (stopped = resolve));
  const onSignal = (signal: NodeJS.Signals): void => {
    if (first) {
      if (signal === first.signal && Date.now() - first.at < SIGNAL_COALESCE_MS) return;
      log.warn({ signal }, 'second signal: exiting at once');
      process.exit(1);
    }
    first = { signal, at: Date.now() };
    hooks.onStopping?.(signal);
    log.info(
      { signal, graceMs: config.shutdownGraceMs },
      'shutting down: draining in-flight requests',
    );
    proxy
      .stop()
      .then(
        () => log.info('stopped'),
        (e: unknown) => log.error({ err: (e as Error).message }, 'error while stopping'),
      )
      .finally(stopped);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    try {
      await proxy.start();
    } catch (e) {
      log.fatal({ err: (e as Error).message }, 'failed to start');
      hooks.onStartFailed?.(e as Error);
      await proxy.stop().catch(() => {});
      return 1;
    }
    // A signal during start-up has already begun stopping: no banner then.
    if (!first) hooks.onStarted?.(proxy);
    await done;
    return 0;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
