import type { CatalogObject } from '../../catalog/catalog.js';
import * as nfs3 from '../../protocol/generated/nfs3.js';
import { ADAPTERS, claimsOf, type MutationRecord } from '../../replication/record.js';
import type { ReplicationLog } from '../../replication/replication-log.js';
import type { Interceptor, NfsContext } from '../procedure.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;
const CREATING = new Set<number>([
  NFS.NFSPROC3_CREATE.number,
  NFS.NFSPROC3_MKDIR.number,
  NFS.NFSPROC3_SYMLINK.number,
  NFS.NFSPROC3_MKNOD.number,
]);

/**
 * The replication tap (issue 4): around every mutating procedure (and COMMIT),
 * 1. orders it against earlier mutations touching the same objects or names (the primary then
 *    applies conflicting mutations in the order the backups will),
 * 2. marks the objects it touches hot, durably, before the primary sees it (crash safety),
 * 3. after the primary accepted it, hands it to the replication log and answers the client only
 *    when the log says so (sync sites applied it; async ones have it durably spooled).
 * A mutation the primary refused is not replicated.
 */
export function replicate(log: ReplicationLog): Interceptor {
  return (def, next) => {
    const adapter = ADAPTERS.get(def.proc.number);
    if (!adapter) return next;
    const proc = def.proc.number;
    return async (args, ctx) => {
      const core = ctx.core;
      const objs = adapter.handles(args).map((fh) => core.resolve(fh));
      const ids = objs.map((o) => o.id);
      const { touched, barrier } = touchedBy(proc, args, objs, ctx);
      const ticket = log.front.admit(claimsOf(proc, args, ids, 0, touched, barrier));
      let seq: bigint | undefined;
      const intentIds = touched.length > 0 ? [...ids, ...touched] : ids;
      try {
        await ticket.ready;
        // Paths as they are before the mutation: where each site finds the objects.
        const refs = objs.map((o) => {
          const path = core.catalog.pathOf(o.id);
          return path === null && o.unlinked
            ? { id: o.id, path, unlinked: true }
            : { id: o.id, path };
        });
        const intent = log.begin(intentIds);
        if (intent) await intent;
        if (PARALLEL.has(proc) && log.allLive()) {
          // Every backup is a live sync site: send the WRITE (or COMMIT) to them while the
          // primary works on it, instead of after: the client waits for the slower of the two,
          // not their sum. Numbered now, before later conflicting mutations (still held by the
          // ticket until the primary answered), so every site applies them in the same order.
          let settle!: (accepted: boolean) => void;
          const rec: MutationRecord = {
            seq: 0n,
            kind: 'nfs',
            proc,
            cred: ctx.cred,
            refs,
            created: 0,
            touched,
            barrier,
            timeMs: Date.now(),
            args,
            size: recordSize(proc, args),
            primaryOutcome: new Promise<boolean>((r) => (settle = r)),
          };
          const done = log.submit(rec);
          let accepted = false;
          try {
            const res = await next(args, ctx);
            accepted = isOk(res);
            return res;
          } finally {
            settle(accepted);
            // The primary refused a WRITE (or did not answer) that the sites may have applied:
            // re-check the file on every site against the primary, ordered right after it.
            const repair =
              !accepted && proc === NFS.NFSPROC3_WRITE.number
                ? log.submit(repairRecord(objs[0]!.id, ctx))
                : undefined;
            seq = rec.seq;
            ticket.done();
            await done;
            if (repair) await repair;
          }
        }
        const res = await next(args, ctx);
        if (typeof res !== 'object' || res === null || (res as { status?: number }).status !== 0)
          return res;
        const rec: MutationRecord = {
          seq: 0n,
          kind: 'nfs',
          proc,
          cred: ctx.cred,
          refs,
          created: CREATING.has(proc) ? createdId(res, ctx) : 0,
          touched,
          barrier,
          timeMs: Date.now(),
          args,
          size: recordSize(proc, args),
        };
        const done = log.submit(rec);
        seq = rec.seq;
        // Numbered: later conflicting mutations may go to the primary now.
        ticket.done();
        await done;
        return res;
      } finally {
        ticket.done();
        log.end(intentIds, seq);
      }
    };
  };
}

/** Mutations sent to live sync sites in parallel with the primary (see the tap). */
const PARALLEL = new Set<number>([NFS.NFSPROC3_WRITE.number, NFS.NFSPROC3_COMMIT.number]);

function isOk(res: unknown): boolean {
  return typeof res === 'object' && res !== null && (res as { status?: number }).status === 0;
}

/** A record that makes object `id` on every site level with the primary (runs alone). */
function repairRecord(id: number, ctx: NfsContext): MutationRecord {
  return {
    seq: 0n,
    kind: 'repair',
    proc: 0,
    cred: ctx.cred,
    refs: [],
    created: 0,
    touched: [id],
    barrier: true,
    timeMs: Date.now(),
    args: undefined,
    size: 256,
  };
}

/** Objects a mutation removes, replaces or moves, and whether it must run alone. */
function touchedBy(
  proc: number,
  args: unknown,
  objs: readonly CatalogObject[],
  ctx: NfsContext,
): { touched: number[]; barrier: boolean } {
  const cat = ctx.core.catalog;
  switch (proc) {
    case NFS.NFSPROC3_REMOVE.number:
    case NFS.NFSPROC3_RMDIR.number: {
      const a = args as nfs3.REMOVE3args;
      const child = cat.child(objs[0]!.id, a.object.name);
      return { touched: child ? [child.id] : [], barrier: false };
    }
    case NFS.NFSPROC3_RENAME.number: {
      const a = args as nfs3.RENAME3args;
      const moved = cat.child(objs[0]!.id, a.from.name);
      const over = cat.child(objs[1]!.id, a.to.name);
      const touched: number[] = [];
      if (moved) touched.push(moved.id);
      if (over && over !== moved) touched.push(over.id);
      // Moving a directory changes the path of everything below it, which other mutations use
      // to find objects on a site: it runs alone. So does moving something unknown.
      const barrier = !moved || moved.type === nfs3.NF3DIR || moved.type === 0;
      return { touched, barrier };
    }
    default:
      return { touched: [], barrier: false };
  }
}

function createdId(res: unknown, ctx: NfsContext): number {
  const r = res as nfs3.CREATE3res;
  if (r.status !== nfs3.NFS3_OK || !r.resok.obj.handle_follows) return 0;
  const check = ctx.core.handles.check(r.resok.obj.handle.data);
  return check.ok ? check.target.objectId : 0;
}

/** Approximate journal size of a record (exact once encoded). */
function recordSize(proc: number, args: unknown): number {
  return proc === NFS.NFSPROC3_WRITE.number ? 256 + (args as nfs3.WRITE3args).data.length : 256;
}
