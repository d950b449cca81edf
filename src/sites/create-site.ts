/** Builds the driver a site URL asks for: `nfs://` -> NfsSite, `file://` -> FileSite. */
import type { Logger } from '../log/logger.js';
import { FileSite } from './file-site.js';
import { NfsSite } from './nfs-site.js';
import type { Site } from './site.js';
import type { SiteUrl } from './site-url.js';

export interface SiteOptions {
  readonly name: string;
  readonly url: SiteUrl;
  /** NFS sites: connections in the pool, call timeout (ms) and retransmissions. */
  readonly connections: number;
  readonly timeoutMs: number;
  readonly retransmissions: number;
  /** The proxy's state directory (file:// sites keep their handle generations there). */
  readonly stateDir: string;
  readonly log: Logger;
}

export function createSite(o: SiteOptions): Site {
  if (o.url.kind === 'file')
    return new FileSite({ name: o.name, url: o.url, stateDir: o.stateDir, log: o.log });
  return new NfsSite({
    name: o.name,
    url: o.url,
    connections: o.connections,
    timeoutMs: o.timeoutMs,
    retransmissions: o.retransmissions,
    log: o.log,
  });
}
