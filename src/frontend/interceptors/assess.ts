import * as nfs3 from '../../protocol/generated/nfs3.js';
import type { Assessor } from '../../levels/assessment.js';
import type { Interceptor } from '../procedure.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;

function isOk(r: unknown): r is { status: 0; resok: unknown } {
  return typeof r === 'object' && r !== null && (r as { status?: unknown }).status === 0;
}

/**
 * The assessment's tap (levels/assessment.ts): after the primary accepted a REMOVE, RMDIR,
 * RENAME, WRITE, CREATE or truncating SETATTR, tells the assessor. Placed after the duplicate request
 * cache, so a retransmission is not counted twice. Other procedures pass untouched.
 */
export function assess(a: Assessor): Interceptor {
  return (def, next) => {
    switch (def.proc.number) {
      case NFS.NFSPROC3_REMOVE.number:
      case NFS.NFSPROC3_RMDIR.number:
        return async (args, ctx) => {
          const r = await next(args, ctx);
          if (isOk(r)) a.removed();
          return r;
        };
      case NFS.NFSPROC3_RENAME.number:
        return async (args, ctx) => {
          const r = await next(args, ctx);
          if (isOk(r)) {
            const x = args as nfs3.RENAME3args;
            a.renamed(x.from.name.toString(), x.to.name.toString());
          }
          return r;
        };
      case NFS.NFSPROC3_WRITE.number:
        return async (args, ctx) => {
          const r = await next(args, ctx);
          if (isOk(r)) {
            const x = args as nfs3.WRITE3args;
            const wcc = (r as Extract<nfs3.WRITE3res, { status: 0 }>).resok.file_wcc;
            a.wrote(
              x.file.data,
              x.offset,
              wcc.before.attributes_follow ? wcc.before.attributes.size : undefined,
              wcc.after.attributes_follow ? wcc.after.attributes.size : undefined,
              x.data,
            );
          }
          return r;
        };
      case NFS.NFSPROC3_CREATE.number:
        return async (args, ctx) => {
          const r = await next(args, ctx);
          if (isOk(r)) {
            const obj = (r as Extract<nfs3.CREATE3res, { status: 0 }>).resok.obj;
            if (obj.handle_follows) a.createdFile(obj.handle.data);
          }
          return r;
        };
      case NFS.NFSPROC3_SETATTR.number:
        return async (args, ctx) => {
          const r = await next(args, ctx);
          const x = args as nfs3.SETATTR3args;
          const size = x.new_attributes.size;
          if (isOk(r) && size.set_it && size.size === 0n) {
            const before = (r as Extract<nfs3.SETATTR3res, { status: 0 }>).resok.obj_wcc.before;
            if (!before.attributes_follow || before.attributes.size > 0n)
              a.truncatedFile(x.object.data);
          }
          return r;
        };
      default:
        return next;
    }
  };
}
