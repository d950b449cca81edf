import type {
  Declaration,
  Definition,
  DefinitionBody,
  EnumBody,
  Procedure,
  Specification,
  StructBody,
  TypeSpec,
  UnionBody,
  UnionCase,
  Value,
  Version,
} from './ast.js';
import { XdrSpecError } from './errors.js';
import { tokenize, type Token } from './lexer.js';

/** Words that may not be used as identifiers (RFC 4506 section 6.4, RFC 5531 section 12). */
const KEYWORDS = new Set([
  'bool',
  'case',
  'const',
  'default',
  'double',
  'quadruple',
  'enum',
  'float',
  'hyper',
  'int',
  'opaque',
  'string',
  'struct',
  'switch',
  'typedef',
  'union',
  'unsigned',
  'void',
  'program',
  'version',
]);

/** Parses one XDR specification into its definitions; errors carry file:line:column. */
export function parseSpecification(source: string, file: string): Specification {
  return new Parser(source, file).specification();
}

class Parser {
  private readonly tokens: Token[];
  private i = 0;

  constructor(
    private readonly source: string,
    private readonly file: string,
  ) {
    this.tokens = tokenize(source, file);
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private fail(t: Token, expected: string): never {
    throw new XdrSpecError(t.pos, `expected ${expected}, found '${t.text}'`);
  }

  private is(text: string): boolean {
    const t = this.peek();
    return (t.kind === 'punct' || t.kind === 'ident') && t.text === text;
  }

  private accept(text: string): boolean {
    if (this.is(text)) {
      this.i++;
      return true;
    }
    return false;
  }

  private expect(text: string): Token {
    if (!this.is(text)) this.fail(this.peek(), `'${text}'`);
    return this.next();
  }

  private identifier(what = 'an identifier'): Token {
    const t = this.peek();
    if (t.kind !== 'ident' || KEYWORDS.has(t.text)) this.fail(t, what);
    return this.next();
  }

  specification(): Specification {
    const definitions: Definition[] = [];
    while (this.peek().kind !== 'eof') definitions.push(this.definition());
    return { file: this.file, definitions };
  }

  private definition(): Definition {
    const start = this.peek();
    const def = this.definitionBody(start);
    const end = this.tokens[this.i - 1]!;
    const source = this.source.slice(start.pos.offset, end.pos.offset + end.text.length);
    return { ...def, pos: start.pos, source };
  }

  private definitionBody(start: Token): DefinitionBody {
    if (this.accept('const')) {
      const name = this.identifier('a constant name').text;
      this.expect('=');
      const t = this.next();
      if (t.kind !== 'number') this.fail(t, 'a number');
      this.expect(';');
      return { kind: 'const', name, value: { kind: 'number', value: t.value, pos: t.pos } };
    }
    if (this.accept('typedef')) {
      const decl = this.declaration();
      if (decl.kind === 'void') throw new XdrSpecError(decl.pos, 'typedef of void');
      this.expect(';');
      return { kind: 'typedef', decl };
    }
    if (this.accept('enum')) {
      const name = this.identifier('an enum name').text;
      const body = this.enumBody();
      this.expect(';');
      return { kind: 'enum', name, body };
    }
    if (this.accept('struct')) {
      const name = this.identifier('a struct name').text;
      const body = this.structBody();
      this.expect(';');
      return { kind: 'struct', name, body };
    }
    if (this.accept('union')) {
      const name = this.identifier('a union name').text;
      const body = this.unionBody();
      this.expect(';');
      return { kind: 'union', name, body };
    }
    if (this.accept('program')) {
      const name = this.identifier('a program name').text;
      this.expect('{');
      const versions: Version[] = [];
      do versions.push(this.version());
      while (!this.is('}'));
      this.expect('}');
      this.expect('=');
      const number = this.value();
      this.expect(';');
      return { kind: 'program', name, number, versions };
    }
    return this.fail(
      start,
      "a definition ('const', 'typedef', 'enum', 'struct', 'union' or 'program')",
    );
  }

  private version(): Version {
    const pos = this.expect('version').pos;
    const name = this.identifier('a version name').text;
    this.expect('{');
    const procedures: Procedure[] = [];
    do procedures.push(this.procedure());
    while (!this.is('}'));
    this.expect('}');
    this.expect('=');
    const number = this.value();
    this.expect(';');
    return { name, number, procedures, pos };
  }

  private procedure(): Procedure {
    const pos = this.peek().pos;
    const result = this.accept('void') ? undefined : this.typeSpecifier();
    const name = this.identifier('a procedure name').text;
    this.expect('(');
    const arg = this.accept('void') ? undefined : this.typeSpecifier();
    if (this.is(',')) {
      throw new XdrSpecError(
        this.peek().pos,
        `procedure ${name} takes more than one argument; only one argument type (or void) is supported`,
      );
    }
    this.expect(')');
    this.expect('=');
    const number = this.value();
    this.expect(';');
    return { name, number, result, arg, pos };
  }

  private value(): Value {
    const t = this.peek();
    if (t.kind === 'number') {
      this.next();
      return { kind: 'number', value: t.value, pos: t.pos };
    }
    const id = this.identifier('a number or constant name');
    return { kind: 'ref', name: id.text, pos: id.pos };
  }

  private enumBody(): EnumBody {
    this.expect('{');
    const members: { name: string; value: Value; pos: Token['pos'] }[] = [];
    do {
      const id = this.identifier('an enumerator name');
      this.expect('=');
      members.push({ name: id.text, value: this.value(), pos: id.pos });
    } while (this.accept(','));
    this.expect('}');
    return { members };
  }

  private structBody(): StructBody {
    this.expect('{');
    const fields: Declaration[] = [];
    do {
      const d = this.declaration();
      if (d.kind === 'void')
        throw new XdrSpecError(d.pos, 'void is not allowed as a struct member');
      fields.push(d);
      this.expect(';');
    } while (!this.is('}'));
    this.expect('}');
    return { fields };
  }

  private unionBody(): UnionBody {
    this.expect('switch');
    this.expect('(');
    const discriminant = this.declaration();
    this.expect(')');
    this.expect('{');
    const cases: UnionCase[] = [];
    let defaultDecl: Declaration | undefined;
    while (this.is('case')) {
      const values: Value[] = [];
      while (this.accept('case')) {
        values.push(this.value());
        this.expect(':');
      }
      const decl = this.declaration();
      this.expect(';');
      cases.push({ values, decl });
    }
    if (cases.length === 0) this.fail(this.peek(), "'case'");
    if (this.accept('default')) {
      this.expect(':');
      defaultDecl = this.declaration();
      this.expect(';');
    }
    this.expect('}');
    return { discriminant, cases, defaultDecl };
  }

  private typeSpecifier(): TypeSpec {
    const t = this.peek();
    const pos = t.pos;
    if (t.kind !== 'ident') this.fail(t, 'a type');
    switch (t.text) {
      case 'unsigned':
        this.next();
        if (this.accept('hyper')) return { kind: 'primitive', name: 'uhyper', pos };
        this.accept('int'); // plain `unsigned` means `unsigned int`, as rpcgen accepts
        return { kind: 'primitive', name: 'uint', pos };
      case 'int':
        this.next();
        return { kind: 'primitive', name: 'int', pos };
      case 'hyper':
        this.next();
        return { kind: 'primitive', name: 'hyper', pos };
      case 'float':
        this.next();
        return { kind: 'primitive', name: 'float', pos };
      case 'double':
        this.next();
        return { kind: 'primitive', name: 'double', pos };
      case 'bool':
        this.next();
        return { kind: 'primitive', name: 'bool', pos };
      case 'quadruple':
        throw new XdrSpecError(pos, 'quadruple (128-bit float) is not supported');
      case 'enum':
        this.next();
        return { kind: 'enum', body: this.enumBody(), pos };
      case 'struct':
        this.next();
        return { kind: 'struct', body: this.structBody(), pos };
      case 'union':
        this.next();
        return { kind: 'union', body: this.unionBody(), pos };
      default: {
        const id = this.identifier('a type');
        return { kind: 'ref', name: id.text, pos: id.pos };
      }
    }
  }

  private declaration(): Declaration {
    const pos = this.peek().pos;
    if (this.accept('void')) return { kind: 'void', pos };
    if (this.accept('opaque')) {
      const name = this.identifier('a field name').text;
      if (this.accept('[')) {
        const size = this.value();
        this.expect(']');
        return { kind: 'fixedOpaque', name, size, pos };
      }
      this.expect('<');
      const max = this.is('>') ? undefined : this.value();
      this.expect('>');
      return { kind: 'varOpaque', name, max, pos };
    }
    if (this.accept('string')) {
      const name = this.identifier('a field name').text;
      if (this.is('['))
        throw new XdrSpecError(this.peek().pos, 'string must be variable-length: string name<max>');
      this.expect('<');
      const max = this.is('>') ? undefined : this.value();
      this.expect('>');
      return { kind: 'string', name, max, pos };
    }
    const type = this.typeSpecifier();
    if (this.accept('*')) {
      const name = this.identifier('a field name').text;
      return { kind: 'optional', name, type, pos };
    }
    const name = this.identifier('a field name').text;
    if (this.accept('[')) {
      const size = this.value();
      this.expect(']');
      return { kind: 'fixedArray', name, type, size, pos };
    }
    if (this.accept('<')) {
      const max = this.is('>') ? undefined : this.value();
      this.expect('>');
      return { kind: 'varArray', name, type, max, pos };
    }
    return { kind: 'plain', name, type, pos };
  }
}
