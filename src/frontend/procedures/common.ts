/** Shared pieces of the procedure handlers. */
import * as nfs3 from '../../protocol/generated/nfs3.js';
import { NO_ATTR, NO_WCC, type ProxyCore } from '../../core/proxy-core.js';
import type { CatalogObject } from '../../catalog/catalog.js';

export const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
export { NO_ATTR, NO_WCC, nfs3 };

/** Failure status of a result union (the generated types make status 0 the only OK arm). */
export type FailStatus = Exclude<nfs3.nfsstat3, 0>;

type CreateLikeResult =
  | {
      status: 0;
      resok: { obj: nfs3.post_op_fh3; obj_attributes: nfs3.post_op_attr; dir_wcc: nfs3.wcc_data };
    }
  | { status: FailStatus; resfail: { dir_wcc: nfs3.wcc_data } };

/**
 * Maps the result of CREATE, MKDIR, SYMLINK or MKNOD (they share one shape): the new object is
 * learned as `name` in `dir` and its handle replaced by the proxy's. When the primary omits the
 * handle, the reply omits it too and the client looks the name up (RFC 1813 3.3.8).
 */
export async function createLikeResult(
  core: ProxyCore,
  dir: CatalogObject,
  name: Buffer,
  res: CreateLikeResult,
): Promise<CreateLikeResult> {
  if (res.status !== nfs3.NFS3_OK) {
    core.upstreamStatus(res.status, dir);
    return { status: res.status, resfail: { dir_wcc: core.wcc(dir, res.resfail.dir_wcc) } };
  }
  const r = res.resok;
  const dir_wcc = core.wcc(dir, r.dir_wcc);
  if (!r.obj.handle_follows) {
    return {
      status: nfs3.NFS3_OK,
      resok: { obj: { handle_follows: false }, obj_attributes: NO_ATTR, dir_wcc },
    };
  }
  const child = core.learnChild(dir, name, r.obj.handle, r.obj_attributes);
  await core.catalog.commit();
  return {
    status: nfs3.NFS3_OK,
    resok: {
      obj: { handle_follows: true, handle: child.handle },
      obj_attributes: child.attributes,
      dir_wcc,
    },
  };
}
