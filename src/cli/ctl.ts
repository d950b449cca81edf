/**
 * `nfs-proxy ctl` and `nfs-proxy token`: operator commands.
 *
 *   nfs-proxy ctl [--console HOST:PORT] [--token TOKEN] [--json] COMMAND [ARGS]
 *     status               sites, states, lag, journal
 *     history [SITE]       site state changes
 *     verify [SITE]        compare backup sites with the primary (exit 3 when they differ)
 *     resync SITE          rebuild a backup site from the primary
 *     resync --from SITE   rebuild the primary from a backup site
 *   nfs-proxy token create --role viewer|operator|admin --state DIR [--label TEXT]
 *
 * The console address and token may come from NFS_PROXY_CONSOLE and NFS_PROXY_TOKEN.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import WebSocket from 'ws';
import { ConfigError } from '../config/config.js';
import { openCatalogDb } from '../catalog/db.js';
import { createLogger } from '../log/logger.js';
import { ROLES, TokenStore, type Role } from '../console/tokens.js';

/** How long ctl waits for a connection. Unit: ms. */
const CONNECT_TIMEOUT_MS = 10_000;

export const CTL_USAGE = `usage: nfs-proxy ctl [--console HOST:PORT] [--token TOKEN] [--json] COMMAND

commands:
  status             sites, their state and lag, the journal
  history [SITE]     site state changes, newest first
  verify [SITE]      compare backup sites with the primary (exit 3 if they differ)
  resync SITE        rebuild a backup site from the primary
  resync --from SITE rebuild the primary from a backup site (mutations pause meanwhile)
  promote SITE [--force]
                     make a backup the primary (clients keep their mounts); --force when the
                     primary is gone (reports what was lost)
  versions           list the versions
  versions prune     apply the retention policy now
  versions rescan    list the whole tree again (after changes made behind the proxy)
  version create [--name NAME]
                     take a version now
  restore VERSION PATH [--to DEST]
                     copy PATH (file or directory; / for all) of a version into the live tree
  export VERSION PATH --out DIR|FILE.tar
                     copy PATH of a version out to a directory or tar file on the proxy host

NFS_PROXY_CONSOLE and NFS_PROXY_TOKEN may stand for --console and --token.`;

interface Reply {
  id?: unknown;
  result?: unknown;
  error?: { code: string; message: string };
  event?: string;
  data?: unknown;
}

/** One request over the console WebSocket; progress events go to `onEvent`. */
export async function consoleRequest(
  address: string,
  token: string,
  method: string,
  params: Record<string, unknown>,
  onEvent?: (r: Reply) => void,
): Promise<unknown> {
  const ws = new WebSocket(`ws://${address}/ws`, {
    headers: { authorization: `Bearer ${token}` },
    handshakeTimeout: CONNECT_TIMEOUT_MS,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', (e) => reject(new Error(`console ${address}: ${e.message}`)));
    });
    return await new Promise<unknown>((resolve, reject) => {
      ws.on('message', (data: Buffer) => {
        let r: Reply;
        try {
          r = JSON.parse(data.toString('utf8')) as Reply;
        } catch {
          return;
        }
        if (r.event !== undefined) {
          onEvent?.(r);
          return;
        }
        if (r.id !== 1) return;
        if (r.error) reject(new Error(`${r.error.code}: ${r.error.message}`));
        else resolve(r.result);
      });
      ws.once('close', (code, reason) =>
        reject(new Error(`console closed the connection (${code} ${reason.toString()})`)),
      );
      ws.send(JSON.stringify({ id: 1, method, params }));
    });
  } finally {
    ws.close();
  }
}

function formatStatus(s: {
  primary: string;
  sites: Array<Record<string, unknown>>;
  journal: Record<string, unknown> | null;
}): string {
  const lines = [`primary: ${s.primary}`];
  for (const x of s.sites) {
    lines.push(
      `${String(x['name'])} (${String(x['mode'])}): ${String(x['state'])}` +
        `  lag ${String(x['lagMutations'])} mutations, ${Number(x['lagSeconds']).toFixed(1)} s` +
        (x['reason'] ? `  (${String(x['reason'])})` : ''),
    );
  }
  if (s.journal) lines.push(`journal: ${String(s.journal['bytes'])} bytes`);
  return lines.join('\n');
}

export async function ctl(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        console: { type: 'string' },
        token: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
        from: { type: 'string' },
        force: { type: 'boolean' },
        name: { type: 'string' },
        to: { type: 'string' },
        out: { type: 'string' },
      },
      allowPositionals: true,
    });
  } catch (e) {
    throw new ConfigError('ctl', `${(e as Error).message}\n\n${CTL_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(CTL_USAGE);
    return 0;
  }
  const address = values.console ?? process.env['NFS_PROXY_CONSOLE'];
  const token = values.token ?? process.env['NFS_PROXY_TOKEN'];
  if (!address) throw new ConfigError('ctl', `--console HOST:PORT is required\n\n${CTL_USAGE}`);
  if (!token) throw new ConfigError('ctl', `--token TOKEN is required\n\n${CTL_USAGE}`);
  const [cmd, ...args] = positionals;
  let method: string;
  let params: Record<string, unknown> = {};
  switch (cmd) {
    case 'status':
      method = 'status';
      break;
    case 'history':
      method = 'sites.history';
      if (args[0]) params = { site: args[0] };
      break;
    case 'verify':
      method = 'verify';
      if (args[0]) params = { site: args[0] };
      break;
    case 'resync':
      method = 'resync';
      if (values.from !== undefined) {
        if (args.length > 0) throw new ConfigError('ctl', `resync --from SITE takes no other SITE`);
        params = { site: values.from, from: true };
      } else {
        if (!args[0]) throw new ConfigError('ctl', `resync needs a SITE\n\n${CTL_USAGE}`);
        params = { site: args[0] };
      }
      break;
    case 'promote':
      if (args.length !== 1) throw new ConfigError('ctl', 'usage: promote SITE [--force]');
      method = 'promote';
      params = { site: args[0], ...(values.force ? { force: true } : {}) };
      break;
    case 'versions': {
      const sub = args[0];
      if (args.length > 1 || (sub !== undefined && sub !== 'prune' && sub !== 'rescan'))
        throw new ConfigError('ctl', 'usage: versions [prune|rescan]');
      method = sub === undefined ? 'versions.list' : `versions.${sub}`;
      break;
    }
    case 'version':
      if (args[0] !== 'create') throw new ConfigError('ctl', `usage: version create [--name NAME]`);
      method = 'versions.create';
      if (values.name !== undefined) params = { name: values.name };
      break;
    case 'restore':
      if (args.length !== 2)
        throw new ConfigError('ctl', `usage: restore VERSION PATH [--to DEST]`);
      method = 'restore';
      params = { version: args[0], path: args[1], ...(values.to ? { to: values.to } : {}) };
      break;
    case 'export':
      if (args.length !== 2 || !values.out)
        throw new ConfigError('ctl', `usage: export VERSION PATH --out DIR|FILE.tar`);
      method = 'export';
      params = { version: args[0], path: args[1], out: values.out };
      break;
    default:
      throw new ConfigError('ctl', `unknown command '${cmd ?? ''}'\n\n${CTL_USAGE}`);
  }
  let result: unknown;
  try {
    result = await consoleRequest(address, token, method, params, (ev) => {
      if (ev.event === 'progress' && !values.json)
        process.stderr.write(`${JSON.stringify(ev.data)}\n`);
    });
  } catch (e) {
    console.error(`nfs-proxy ctl: ${(e as Error).message}`);
    return 1;
  }
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else if (method === 'status') console.log(formatStatus(result as never));
  else if (method === 'verify') {
    for (const [site, r] of Object.entries(result as Record<string, Record<string, unknown>>)) {
      const diffs = r['differences'] as Array<{ path: string; kind: string; detail: string }>;
      console.log(`${site}: ${r['identical'] ? 'identical' : `${String(r['count'])} differences`}`);
      for (const d of diffs) console.log(`  ${d.kind.padEnd(8)} /${d.path}  ${d.detail}`);
    }
  } else console.log(JSON.stringify(result, null, 2));
  if (method === 'verify') {
    const differs = Object.values(result as Record<string, { identical: boolean }>).some(
      (r) => !r.identical,
    );
    return differs ? 3 : 0;
  }
  return 0;
}

export const TOKEN_USAGE = `usage: nfs-proxy token create --role viewer|operator|admin --state DIR [--label TEXT]`;

export function tokenCommand(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        state: { type: 'string' },
        label: { type: 'string' },
      },
      allowPositionals: true,
    });
  } catch (e) {
    throw new ConfigError('token', `${(e as Error).message}\n\n${TOKEN_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals[0] !== 'create' || positionals.length !== 1)
    throw new ConfigError('token', TOKEN_USAGE);
  const role = values.role;
  if (!role || !(ROLES as readonly string[]).includes(role))
    throw new ConfigError(
      'token.role',
      `--role must be viewer, operator or admin\n\n${TOKEN_USAGE}`,
    );
  if (!values.state)
    throw new ConfigError('token.state', `--state DIR is required\n\n${TOKEN_USAGE}`);
  if (values.label !== undefined && values.label.length > 200)
    throw new ConfigError('token.label', 'must be at most 200 characters');
  const db = openCatalogDb({
    stateDir: path.resolve(values.state),
    log: createLogger({ level: 'silent' }),
  });
  try {
    const t = new TokenStore(db).create(role as Role, values.label);
    console.log(`created ${role} token ${t.id} (shown once; store it safely):`);
    console.log(t.token);
  } finally {
    db.close();
  }
  return 0;
}
