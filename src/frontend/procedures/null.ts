import type { NfsProcedure } from '../procedure.js';
import { NFS } from './common.js';

/** NULL (RFC 1813 3.3.0): answered by the proxy itself, it tests the proxy, not the primary. */
export const nullProc: NfsProcedure<void, void> = {
  proc: NFS.NFSPROC3_NULL,
  mutates: false,
  idempotent: true,
  handle: async () => undefined,
  fail: () => undefined,
};
