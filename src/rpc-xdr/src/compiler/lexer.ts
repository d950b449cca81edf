import { XdrSpecError, type SourcePos } from './errors.js';

export type TokenKind = 'ident' | 'number' | 'punct' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Numeric value of a `number` token. */
  readonly value: number;
  readonly pos: SourcePos;
}

const PUNCT = new Set(['{', '}', '(', ')', '[', ']', '<', '>', ';', ':', ',', '=', '*']);

/**
 * Splits an XDR specification (RFC 4506 section 6.2, RFC 5531 section 12) into tokens.
 * Accepts `/* *\/` comments (the RFC's) and `//` comments; numbers are decimal, hex (`0x`) or
 * octal (leading `0`), optionally negative.
 */
export function tokenize(source: string, file: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = source.length;
  const posAt = (offset: number): SourcePos => ({
    file,
    line,
    col: offset - lineStart + 1,
    offset,
  });

  while (i < n) {
    const c = source[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      const start = posAt(i);
      i += 2;
      for (;;) {
        if (i >= n) throw new XdrSpecError(start, 'unterminated comment');
        if (source[i] === '*' && source[i + 1] === '/') {
          i += 2;
          break;
        }
        if (source[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      continue;
    }
    if (c === '/' && source[i + 1] === '/') {
      while (i < n && source[i] !== '\n') i++;
      continue;
    }
    const start = i;
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(source[i]!)) i++;
      tokens.push({ kind: 'ident', text: source.slice(start, i), value: 0, pos: posAt(start) });
      continue;
    }
    if (isDigit(c) || (c === '-' && isDigit(source[i + 1] ?? ''))) {
      if (c === '-') i++;
      let value: number;
      if (source[i] === '0' && (source[i + 1] === 'x' || source[i + 1] === 'X')) {
        i += 2;
        const ds = i;
        while (i < n && /[0-9a-fA-F]/.test(source[i]!)) i++;
        if (i === ds) throw new XdrSpecError(posAt(start), 'hex constant without digits');
        value = parseInt(source.slice(ds, i), 16);
      } else if (source[i] === '0' && isDigit(source[i + 1] ?? '')) {
        const ds = i;
        while (i < n && isDigit(source[i]!)) i++;
        const digits = source.slice(ds, i);
        if (/[89]/.test(digits))
          throw new XdrSpecError(posAt(start), `bad octal constant ${digits}`);
        value = parseInt(digits, 8);
      } else {
        const ds = i;
        while (i < n && isDigit(source[i]!)) i++;
        value = parseInt(source.slice(ds, i), 10);
      }
      if (i < n && isIdentPart(source[i]!)) {
        throw new XdrSpecError(posAt(start), `malformed number '${source.slice(start, i + 1)}'`);
      }
      if (c === '-') value = -value;
      if (!Number.isSafeInteger(value)) {
        throw new XdrSpecError(posAt(start), `constant ${source.slice(start, i)} is too large`);
      }
      tokens.push({ kind: 'number', text: source.slice(start, i), value, pos: posAt(start) });
      continue;
    }
    if (PUNCT.has(c)) {
      i++;
      tokens.push({ kind: 'punct', text: c, value: 0, pos: posAt(start) });
      continue;
    }
    throw new XdrSpecError(posAt(start), `unexpected character '${c}'`);
  }
  tokens.push({ kind: 'eof', text: '<end of file>', value: 0, pos: posAt(i) });
  return tokens;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
function isIdentPart(c: string): boolean {
  return isIdentStart(c) || isDigit(c) || c === '_';
}
