/**
 * What a file:// procedure touched, so that a failure reply can still carry the attributes RFC
 * 1813 asks for (the directory's wcc_data on a failed CREATE, the file's post-op attributes on a
 * failed READ): handlers note the objects as they find them; the dispatcher builds the failure
 * arm from the note.
 */
import type { BigIntStats } from 'node:fs';
import type { Obj } from './local-fs.js';

export interface Trace {
  /** The first object (the directory, file or `from` directory) and its attributes before. */
  a?: Obj;
  /** The second object (RENAME's `to` directory, LINK's directory). */
  b?: Obj;
  /** Attributes of `a` before the change (pre-op), when the procedure changes it. */
  aPre?: BigIntStats;
  bPre?: BigIntStats;
}
