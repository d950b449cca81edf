import type { NfsProcedure } from '../procedure.js';
import { NFS, NO_ATTR, NO_WCC, nfs3 } from './common.js';

/** LINK (RFC 1813 3.3.15). Not idempotent: DRC-cached. */
export const link: NfsProcedure<nfs3.LINK3args, nfs3.LINK3res> = {
  proc: NFS.NFSPROC3_LINK,
  mutates: true,
  idempotent: false,
  async handle(args, { core, cred }) {
    const file = core.resolve(args.file);
    const dir = core.resolve(args.link.dir);
    const res = await core.call(
      NFS.NFSPROC3_LINK,
      { file: core.siteFh(file), link: core.siteDir(dir, args.link) },
      cred,
    );
    if (res.status !== nfs3.NFS3_OK) {
      core.upstreamStatus(res.status, file);
      return {
        status: res.status,
        resfail: {
          file_attributes: core.postOp(file, res.resfail.file_attributes),
          linkdir_wcc: core.wcc(dir, res.resfail.linkdir_wcc),
        },
      };
    }
    core.catalog.linked(dir.id, args.link.name, file.id);
    return {
      status: nfs3.NFS3_OK,
      resok: {
        file_attributes: core.postOp(file, res.resok.file_attributes),
        linkdir_wcc: core.wcc(dir, res.resok.linkdir_wcc),
      },
    };
  },
  fail: (status) => ({ status, resfail: { file_attributes: NO_ATTR, linkdir_wcc: NO_WCC } }),
};
