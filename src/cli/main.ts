#!/usr/bin/env node
/**
 * The `nfs-proxy` command.
 *
 *   nfs-proxy serve [--config FILE] [--listen HOST:PORT] [--export /PATH] [--primary URL] ...
 *   nfs-proxy demo [--dir DIR] [--nfs-port N] [--console-port N] ...   (src/cli/demo.ts)
 *   nfs-proxy check-config FILE
 *   nfs-proxy ctl ...      (src/cli/ctl.ts)
 *   nfs-proxy token create ...
 *   nfs-proxy --version | --help
 *
 * Exit codes: 0 success; 1 the proxy failed at run time; 2 bad usage or configuration.
 */
import { readFileSync } from 'node:fs';
import {
  ConfigError,
  parseConfig,
  loadConfigFile,
  parseServeArgs,
  resolveConfig,
} from '../config/config.js';
import { createLogger } from '../log/logger.js';
import { ctl, tokenCommand, TOKEN_USAGE } from './ctl.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const USAGE = `usage: nfs-proxy <command> [options]

commands:
  serve          run the proxy (NFSv3 + MOUNTv3 on one port)
  demo           run a local demo: a directory served with two local backups, versions and
                 the console on 127.0.0.1, no NFS server or root needed (nfs-proxy demo --help)
  check-config   validate a config file: nfs-proxy check-config FILE
  ctl            operate a running proxy through its console (see nfs-proxy ctl --help)
  token          create console tokens: ${TOKEN_USAGE.replace('usage: ', '')}

serve options (override the config file):
  --config FILE        JSON config file (see docs/configuration.md)
  --listen HOST:PORT   where NFS and MOUNT are served (default 127.0.0.1:2049)
  --udp                serve UDP too
  --export /PATH       the path clients mount (default /export)
  --primary URL        nfs://HOST/EXPORT?nfsport=N&mountport=M or file:///ABS/DIR
  --backup URL         a backup site (repeatable)
  --state DIR          state directory (default /var/lib/nfs-proxy)
  --console HOST:PORT  console address
  --log-level LEVEL    fatal, error, warn, info, debug, trace or silent

  --version            print the version
  --help               print this help`;

async function serve(argv: string[]): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
    console.log(USAGE);
    return 0;
  }
  const config = resolveConfig(parseServeArgs(argv));
  // Loaded here, not at the top: --help, --version, check-config and ctl then start without
  // loading the whole proxy.
  const { runProxy } = await import('./run-proxy.js');
  return runProxy(config, createLogger({ level: config.log.level }));
}

function checkConfig(argv: string[]): number {
  const file = argv[0];
  if (!file || argv.length > 1) throw new ConfigError('', 'usage: nfs-proxy check-config FILE');
  parseConfig(loadConfigFile(file), file);
  console.log(`${file}: OK`);
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'serve':
        return await serve(rest);
      case 'check-config':
        return checkConfig(rest);
      case 'demo': {
        const { demo } = await import('./demo.js');
        return await demo(rest, pkg.version);
      }
      case 'ctl':
        return await ctl(rest);
      case 'token':
        return tokenCommand(rest);
      case '--version':
      case '-v':
        console.log(pkg.version);
        return 0;
      case undefined:
      case '--help':
      case '-h':
        console.log(USAGE);
        return 0;
      default:
        console.error(`nfs-proxy: unknown command '${cmd}'\n\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`nfs-proxy: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
