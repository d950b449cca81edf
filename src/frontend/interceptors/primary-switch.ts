/**
 * Two interceptors that let the primary change under running clients (issue 6, promotion):
 * - `requestGate` (outermost): each request runs between ProxyCore.enter and leave, so a switch
 *   of the primary waits for running requests and holds new ones briefly (no errors);
 * - `ensureHandles` (after the export policy): a live object named by the arguments that has no
 *   handle on the current primary yet (just promoted) gets one by LOOKUP along its path.
 */
import { handlesOf } from '../handles-of.js';
import type { Interceptor } from '../procedure.js';

export function requestGate(): Interceptor {
  return (_def, next) => async (args, ctx) => {
    const wait = ctx.core.enter();
    if (wait) await wait;
    try {
      return await next(args, ctx);
    } finally {
      ctx.core.leave();
    }
  };
}

export function ensureHandles(): Interceptor {
  return (def, next) => {
    const proc = def.proc.number;
    return async (args, ctx) => {
      const core = ctx.core;
      for (const fh of handlesOf(proc, args)) {
        const c = core.handles.check(fh.data);
        if (!c.ok || c.target.view !== 0) continue;
        const obj = core.catalog.get(c.target.objectId);
        if (obj && obj.fh === undefined && !obj.dead) await core.ensureHandle(obj);
      }
      return next(args, ctx);
    };
  };
}
