import { randomBytes } from 'node:crypto';
import { RpcServer } from '@nfs/rpc-xdr';
import * as nfs3 from './protocol/generated/nfs3.js';
import * as mount3 from './protocol/generated/mount3.js';
import { openCatalogDb } from './catalog/db.js';
import { Catalog } from './catalog/catalog.js';
import type { ProxyConfig } from './config/config.js';
import { HandleCodec } from './core/handles.js';
import { ProxyCore } from './core/proxy-core.js';
import { MountService } from './frontend/mount.js';
import { nfsHandlers } from './frontend/nfs-service.js';
import type { Logger } from './log/logger.js';
import { NfsSite, SITE_ROOT_CRED } from './sites/nfs-site.js';
import { siteNames } from './sites/site-url.js';

const EXPORT_ID_KEY = 'export-id';

/** RPC record limit for a given I/O size: the payload plus room for RPC, auth and NFS headers. */
export function recordLimitFor(maxIoSize: number): number {
  return maxIoSize + 8192;
}

/**
 * The running proxy: catalog, handles, the primary site, and the NFS + MOUNT server on one port.
 * `start` brings them up in order; `stop` drains in-flight requests, then closes everything.
 */
export class Proxy {
  readonly config: ProxyConfig;
  private readonly log: Logger;
  private server: RpcServer | undefined;
  private catalog: Catalog | undefined;
  private primary: NfsSite | undefined;
  core: ProxyCore | undefined;
  /** Where the server listens, after `start`. */
  address: { host: string; port: number } | undefined;

  constructor(config: ProxyConfig, log: Logger) {
    this.config = config;
    this.log = log;
  }

  async start(): Promise<{ host: string; port: number }> {
    const cfg = this.config;
    const names = siteNames(cfg.primary, cfg.backups);
    const primaryName = names[0]!;
    if (cfg.primary.kind !== 'nfs') {
      throw new Error(
        `primary ${cfg.primary.url}: only nfs:// sites can be the primary in this release`,
      );
    }
    const db = openCatalogDb({ stateDir: cfg.state, log: this.log });
    const catalog = new Catalog(db, { site: primaryName, log: this.log });
    this.catalog = catalog;
    let exportIdBuf = catalog.getMeta(EXPORT_ID_KEY);
    if (!exportIdBuf) {
      exportIdBuf = randomBytes(4);
      catalog.setMeta(EXPORT_ID_KEY, exportIdBuf);
    }
    const handles = HandleCodec.load(cfg.state, exportIdBuf.readUInt32BE(0));
    const primary = new NfsSite({
      name: primaryName,
      url: cfg.primary,
      connections: cfg.upstream.connections,
      timeoutMs: cfg.upstream.timeoutMs,
      retransmissions: cfg.upstream.retransmissions,
      log: this.log,
    });
    this.primary = primary;
    await primary.connect();
    const rootAttrs = await primary.call(
      nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures.NFSPROC3_GETATTR,
      { object: { data: primary.rootFh! } },
      SITE_ROOT_CRED,
    );
    catalog.setRoot(
      primary.rootFh!,
      rootAttrs.status === nfs3.NFS3_OK ? rootAttrs.resok.obj_attributes.fileid : undefined,
    );
    catalog.flushNow();
    const maxIoSize = Math.min(
      cfg.limits.maxIoSize,
      primary.fsinfo?.rtmax ?? cfg.limits.maxIoSize,
      primary.fsinfo?.wtmax ?? cfg.limits.maxIoSize,
    );
    const core = new ProxyCore({ catalog, handles, primary, log: this.log, maxIoSize });
    this.core = core;
    const server = new RpcServer({
      logger: this.log,
      maxRecordSize: recordLimitFor(cfg.limits.maxIoSize),
      maxInFlight: cfg.limits.maxInFlight,
      maxInFlightPerConnection: cfg.limits.maxInFlightPerConnection,
      maxConnections: cfg.limits.maxConnections,
    });
    server.register(
      nfs3.NFS_PROGRAM,
      nfs3.program_NFS_PROGRAM.versions.NFS_V3,
      nfsHandlers({ core, policy: cfg.export, drc: cfg.drc, log: this.log }),
    );
    server.register(
      mount3.MOUNT_PROGRAM,
      mount3.program_MOUNT_PROGRAM.versions.MOUNT_V3,
      new MountService(core, cfg.export, this.log).handlers(),
    );
    this.server = server;
    this.address = await server.listen({
      host: cfg.listen.host,
      port: cfg.listen.port,
      udp: cfg.udp,
    });
    this.log.info(
      {
        listen: `${this.address.host}:${this.address.port}`,
        export: cfg.export.path,
        primary: cfg.primary.url,
        maxIoSize,
        state: cfg.state,
      },
      'nfs-proxy serving',
    );
    return this.address;
  }

  /** Stops accepting, lets in-flight requests finish (up to shutdownGraceMs), then closes. */
  async stop(): Promise<void> {
    await this.server?.close(this.config.shutdownGraceMs);
    this.server = undefined;
    await this.primary?.close();
    this.primary = undefined;
    this.catalog?.close();
    this.catalog = undefined;
  }
}
