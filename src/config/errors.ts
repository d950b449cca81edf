/**
 * The configuration error. It lives apart from config.ts so that parsers config.ts depends on
 * (CIDRs, site URLs) can throw it without an import cycle.
 */

/**
 * A configuration value, file or command-line flag the proxy cannot use. Thrown while the proxy
 * starts, before it listens, so a bad value stops the process with one clear line instead of
 * failing later at run time.
 *
 * `key` says where the problem is: a config key in the file's shape (`export.squash`,
 * `backups[1]`, `export.clients[3]`), a command-line flag (`--listen`) for errors in the
 * command line itself, or the config file's path for errors reading or parsing that file. The
 * message always starts with `config: KEY: `.
 */
export class ConfigError extends Error {
  readonly code = 'NFSP_ERR_CONFIG';
  readonly key: string;

  constructor(key: string, detail: string, options?: { cause?: unknown }) {
    super(key === '' ? `config: ${detail}` : `config: ${key}: ${detail}`, options);
    this.name = 'ConfigError';
    this.key = key;
  }
}

/** Longest a value may be quoted in an error message, so a huge bad value stays readable. */
const MAX_QUOTED = 80;

/**
 * A short, printable rendering of a bad value for error messages: `"rooot"`, `42`, `array`,
 * `object`, `null`.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string': {
      const quoted = JSON.stringify(value);
      return quoted.length > MAX_QUOTED ? `${quoted.slice(0, MAX_QUOTED - 4)}..."` : quoted;
    }
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
