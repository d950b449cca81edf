import type { NfsProcedure } from '../procedure.js';
import { NFS, NO_ATTR, nfs3 } from './common.js';

/** LOOKUP (RFC 1813 3.3.3): the object found is learned into the catalog. */
export const lookup: NfsProcedure<nfs3.LOOKUP3args, nfs3.LOOKUP3res> = {
  proc: NFS.NFSPROC3_LOOKUP,
  mutates: false,
  idempotent: true,
  async handle(args, { core, cred }) {
    const dir = core.resolve(args.what.dir);
    const res = await core.call(
      NFS.NFSPROC3_LOOKUP,
      { what: { dir: core.siteFh(dir), name: args.what.name } },
      cred,
    );
    if (res.status !== nfs3.NFS3_OK) {
      core.upstreamStatus(res.status, dir);
      return {
        status: res.status,
        resfail: { dir_attributes: core.postOp(dir, res.resfail.dir_attributes) },
      };
    }
    const child = core.learnChild(dir, args.what.name, res.resok.object, res.resok.obj_attributes);
    await core.catalog.commit();
    return {
      status: nfs3.NFS3_OK,
      resok: {
        object: child.handle,
        obj_attributes: child.attributes,
        dir_attributes: core.postOp(dir, res.resok.dir_attributes),
      },
    };
  },
  fail: (status) => ({ status, resfail: { dir_attributes: NO_ATTR } }),
};
