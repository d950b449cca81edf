/** A position in an XDR specification file (1-based line and column). */
export interface SourcePos {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly offset: number;
}

/**
 * An error in an XDR specification: the message starts with `file:line:column` like a compiler
 * diagnostic, so editors and CI logs link straight to the spot.
 */
export class XdrSpecError extends Error {
  readonly code = 'NFSP_ERR_XDR_SPEC';
  readonly pos: SourcePos;
  constructor(pos: SourcePos, detail: string) {
    super(`${pos.file}:${pos.line}:${pos.col}: ${detail}`);
    this.name = 'XdrSpecError';
    this.pos = pos;
  }
}
