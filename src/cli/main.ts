#!/usr/bin/env node
/**
 * The `nfs-proxy` command. Subcommands arrive with the parts they drive (serve, ctl, token,
 * check-config); today it reports its version and usage.
 */
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const USAGE = `usage: nfs-proxy [--version] [--help]

An ONC-RPC/NFSv3 proxy that replicates to backup sites and keeps versions.
See README.md and docs/ for the commands this release provides.`;

function main(argv: readonly string[]): number {
  const arg = argv[0];
  if (arg === '--version' || arg === '-v') {
    console.log(pkg.version);
    return 0;
  }
  if (arg === undefined || arg === '--help' || arg === '-h') {
    console.log(USAGE);
    return 0;
  }
  console.error(`nfs-proxy: unknown command '${arg}'\n\n${USAGE}`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
