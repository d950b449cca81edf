// Small helpers shared by the NFS tests: attribute templates and result checks.
import assert from 'node:assert/strict';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';

/** sattr3 that sets nothing. */
export const NO_SATTR: nfs3.sattr3 = {
  mode: { set_it: false },
  uid: { set_it: false },
  gid: { set_it: false },
  size: { set_it: false },
  atime: { set_it: nfs3.DONT_CHANGE },
  mtime: { set_it: nfs3.DONT_CHANGE },
};

/** sattr3 that sets mode 0644 only. */
export const MODE_644: nfs3.sattr3 = { ...NO_SATTR, mode: { set_it: true, mode: 0o644 } };

export function statusName(s: number): string {
  return nfs3.names_nfsstat3[s] ?? String(s);
}

/** Narrows a result union to its NFS3_OK arm, failing with the status name otherwise. */
export function ok<T extends { status: number }>(res: T, what = ''): Extract<T, { status: 0 }> {
  assert.equal(
    res.status,
    nfs3.NFS3_OK,
    `${what}: expected NFS3_OK, got ${statusName(res.status)}`,
  );
  return res as Extract<T, { status: 0 }>;
}
