import type { Field, Model, NamedType, Ty, UnionArm } from './model.js';

export interface GenerateOptions {
  /** Path of the .x file as written into the header (e.g. `xdr-specs/nfs3.x`). */
  readonly specPath: string;
  /** Module the generated code imports the runtime from (`@nfs/rpc-xdr` or a relative path). */
  readonly runtimeImport: string;
}

/**
 * Generates one TypeScript module from a resolved model: for every named type `T` its type,
 * `decode_T`, `encode_T`, `sizeof_T` and `codec_T`; enum and `const` values as constants; and for
 * every program a descriptor `program_P` with its procedures' codecs.
 *
 * Generated decoders build each object with one literal (stable hidden classes), track the field
 * being decoded in a small integer so an error can name its path, and call the reader's checked
 * primitives, which never allocate from an untrusted length.
 */
export function generate(model: Model, opts: GenerateOptions): string {
  return new Generator(model, opts).run();
}

class Generator {
  private readonly out: string[] = [];
  private readonly helpers = new Map<string, string>();
  private readonly fixedMemo = new Map<string, number | undefined>();
  private readonly minMemo = new Map<string, number>();

  constructor(
    private readonly model: Model,
    private readonly opts: GenerateOptions,
  ) {}

  run(): string {
    const body: string[] = [];
    for (const c of this.model.constants) {
      body.push(`${sourceComment(c.source)}export const ${c.name} = ${c.value};\n`);
    }
    for (const name of this.model.order) body.push(this.namedType(this.model.types.get(name)!));
    for (const p of this.model.programs) body.push(this.program(p));
    const head = [
      `// Generated from ${this.opts.specPath} by @nfs/rpc-xdr (xdrgen). DO NOT EDIT.`,
      `// Change the .x file and run \`npm run gen\`; a test fails when this file is stale.`,
      '/* eslint-disable */',
      `import type { XdrCodec, XdrProgram, XdrReader, XdrWriter } from '${this.opts.runtimeImport}';`,
      `import { ${RUNTIME_VALUES.join(', ')} } from '${this.opts.runtimeImport}';`,
      '',
      `void [${RUNTIME_VALUES.join(', ')}];`,
      '',
    ].join('\n');
    return `${head}\n${body.join('\n')}\n${[...this.helpers.values()].join('\n')}`;
  }

  // ---- type expressions -------------------------------------------------------------------

  private tsType(ty: Ty): string {
    switch (ty.k) {
      case 'void':
        return 'void';
      case 'int':
      case 'uint':
      case 'float':
      case 'double':
        return 'number';
      case 'hyper':
      case 'uhyper':
        return 'bigint';
      case 'bool':
        return 'boolean';
      case 'named':
        return ty.name;
      case 'fixedArray':
      case 'varArray':
        return `${paren(this.tsType(ty.elem))}[]`;
      case 'fixedOpaque':
      case 'varOpaque':
      case 'string':
        return 'Buffer';
      case 'optional':
        return `${this.tsType(ty.elem)} | null`;
      case 'list':
        return `${ty.node}[]`;
    }
  }

  /** Encoded size of `ty` if it is the same for every value, else undefined. */
  private fixedSize(ty: Ty): number | undefined {
    switch (ty.k) {
      case 'void':
        return 0;
      case 'int':
      case 'uint':
      case 'float':
      case 'bool':
        return 4;
      case 'hyper':
      case 'uhyper':
      case 'double':
        return 8;
      case 'fixedOpaque':
        return pad4(ty.n);
      case 'fixedArray': {
        const e = this.fixedSize(ty.elem);
        return e === undefined ? undefined : e * ty.n;
      }
      case 'named':
        return this.namedFixedSize(ty.name);
      default:
        return undefined;
    }
  }

  private namedFixedSize(name: string): number | undefined {
    if (this.fixedMemo.has(name)) return this.fixedMemo.get(name);
    this.fixedMemo.set(name, undefined); // recursion guard: recursive types are not fixed
    const t = this.model.types.get(name)!;
    let size: number | undefined;
    switch (t.kind) {
      case 'enum':
        size = 4;
        break;
      case 'typedef':
        size = this.fixedSize(t.ty);
        break;
      case 'struct': {
        size = 0;
        for (const f of t.fields) {
          const s = this.fixedSize(f.ty);
          if (s === undefined) {
            size = undefined;
            break;
          }
          size += s;
        }
        break;
      }
      case 'union': {
        const sizes = allArms(t).map((a) => (a.field ? this.fixedSize(a.field.ty) : 0));
        const first = sizes[0];
        size = first !== undefined && sizes.every((s) => s === first) ? 4 + first : undefined;
        break;
      }
    }
    this.fixedMemo.set(name, size);
    return size;
  }

  /** Fewest bytes any value of `ty` occupies (used to reject impossible array lengths). */
  private minSize(ty: Ty): number {
    switch (ty.k) {
      case 'fixedArray':
        return ty.n * this.minSize(ty.elem);
      case 'varArray':
      case 'varOpaque':
      case 'string':
      case 'optional':
      case 'list':
        return 4;
      case 'named': {
        const memo = this.minMemo.get(ty.name);
        if (memo !== undefined) return memo;
        this.minMemo.set(ty.name, 0);
        const t = this.model.types.get(ty.name)!;
        let m = 0;
        if (t.kind === 'enum') m = 4;
        else if (t.kind === 'typedef') m = this.minSize(t.ty);
        else if (t.kind === 'struct') m = t.fields.reduce((s, f) => s + this.minSize(f.ty), 0);
        else m = 4 + Math.min(...allArms(t).map((a) => (a.field ? this.minSize(a.field.ty) : 0)));
        this.minMemo.set(ty.name, m);
        return m;
      }
      default:
        return this.fixedSize(ty) ?? 0;
    }
  }

  /**
   * Follows typedef aliases (non-recursive ones) to the type they name, so generated code calls
   * `r.uint()` for a `uint32` field instead of going through `decode_uint32`: typedefs add no
   * path segment and no check, only a call V8 does not always inline.
   */
  private unalias(ty: Ty): Ty {
    let t = ty;
    for (let i = 0; i < 64 && t.k === 'named'; i++) {
      const n = this.model.types.get(t.name)!;
      if (n.kind !== 'typedef' || n.recursive) break;
      t = n.ty;
    }
    return t;
  }

  private decodeExpr(tyIn: Ty): string {
    const ty = this.unalias(tyIn);
    switch (ty.k) {
      case 'void':
        return 'undefined';
      case 'int':
      case 'uint':
      case 'hyper':
      case 'uhyper':
      case 'float':
      case 'double':
      case 'bool':
        return `r.${ty.k}()`;
      case 'named':
        return `decode_${ty.name}(r)`;
      case 'fixedOpaque':
        return `r.fixedOpaque(${ty.n})`;
      case 'varOpaque':
      case 'string':
        return `r.varOpaque(${ty.max ?? 'undefined'})`;
      default:
        return `${this.helper(ty)}.decode(r)`;
    }
  }

  private encodeStmt(tyIn: Ty, v: string): string {
    const ty = this.unalias(tyIn);
    switch (ty.k) {
      case 'void':
        return '';
      case 'int':
      case 'uint':
      case 'hyper':
      case 'uhyper':
      case 'float':
      case 'double':
      case 'bool':
        return `w.${ty.k}(${v});`;
      case 'named':
        return `encode_${ty.name}(w, ${v});`;
      case 'fixedOpaque':
        return `w.fixedOpaque(${v}, ${ty.n});`;
      case 'varOpaque':
      case 'string':
        return `w.varOpaque(${v}, ${ty.max ?? 'undefined'});`;
      default:
        return `${this.helper(ty)}.encode(w, ${v});`;
    }
  }

  private sizeExpr(tyIn: Ty, v: string): string {
    const ty = this.unalias(tyIn);
    const fixed = this.fixedSize(ty);
    if (fixed !== undefined) return String(fixed);
    switch (ty.k) {
      case 'named':
        return `sizeof_${ty.name}(${v})`;
      case 'varOpaque':
      case 'string':
        return `(4 + ((${v}.length + 3) & ~3))`;
      default:
        return `${this.helper(ty)}.size(${v})`;
    }
  }

  /** A shared helper object `{ decode, encode, size }` for an array, optional or list type. */
  private helper(ty: Ty): string {
    const name = `h$${keyName(ty)}`;
    if (this.helpers.has(name)) return name;
    this.helpers.set(name, ''); // reserve (helpers may recurse into other helpers)
    const ts = this.tsType(ty);
    let code: string;
    switch (ty.k) {
      case 'varArray':
      case 'fixedArray': {
        const e = ty.elem;
        const et = this.tsType(e);
        const fixed = this.fixedSize(e);
        const lenDecode =
          ty.k === 'varArray'
            ? `const n = r.arrayLength(${ty.max ?? 'undefined'}, ${this.minSize(e)});`
            : `const n = ${ty.n};`;
        const lenEncode =
          ty.k === 'varArray'
            ? `w.arrayLength(v.length, ${ty.max ?? 'undefined'});`
            : `w.fixedArray(v.length, ${ty.n});`;
        const base = ty.k === 'varArray' ? 4 : 0;
        const size =
          fixed !== undefined
            ? `return ${base} + v.length * ${fixed};`
            : `let s = ${base}; for (let i = 0; i < v.length; i++) s += ${this.sizeExpr(e, 'v[i]!')}; return s;`;
        code = `const ${name} = {
  decode(r: XdrReader): ${ts} {
    ${lenDecode}
    const a = new Array<${et}>(n);
    let i = 0;
    try {
      for (; i < n; i++) a[i] = ${this.decodeExpr(e)};
    } catch (e) {
      return xdrRethrow(e, \`[\${i}]\`);
    }
    return a;
  },
  encode(w: XdrWriter, v: readonly ${paren(et)}[]): void {
    ${lenEncode}
    let i = 0;
    try {
      for (; i < v.length; i++) ${this.encodeStmt(e, 'v[i]!')}
    } catch (e) {
      xdrRethrow(e, \`[\${i}]\`);
    }
  },
  size(v: readonly ${paren(et)}[]): number {
    ${size}
  },
};
`;
        break;
      }
      case 'optional': {
        const e = ty.elem;
        const et = this.tsType(e);
        code = `const ${name} = {
  decode(r: XdrReader): ${ts} {
    return r.bool() ? ${this.decodeExpr(e)} : null;
  },
  encode(w: XdrWriter, v: ${ts}): void {
    if (v === null) {
      w.bool(false);
    } else {
      w.bool(true);
      ${this.encodeStmt(e, 'v as ' + paren(et))}
    }
  },
  size(v: ${ts}): number {
    return v === null ? 4 : 4 + ${this.sizeExpr(e, 'v as ' + paren(et))};
  },
};
`;
        break;
      }
      case 'list': {
        const node = ty.node;
        const fixed = this.namedFixedSize(node);
        const size =
          fixed !== undefined
            ? `return 4 + v.length * ${fixed + 4};`
            : `let s = 4; for (let i = 0; i < v.length; i++) s += 4 + sizeof_${node}(v[i]!); return s;`;
        code = `/** Linked list of ${node} (RFC 4506 section 4.19), decoded iteratively into an array. */
const ${name} = {
  decode(r: XdrReader): ${ts} {
    const a: ${ts} = [];
    let i = 0;
    try {
      while (r.bool()) {
        r.listItem(i);
        a.push(decode_${node}(r));
        i++;
      }
    } catch (e) {
      return xdrRethrow(e, \`[\${i}]\`);
    }
    return a;
  },
  encode(w: XdrWriter, v: readonly ${node}[]): void {
    let i = 0;
    try {
      for (; i < v.length; i++) {
        w.bool(true);
        encode_${node}(w, v[i]!);
      }
    } catch (e) {
      xdrRethrow(e, \`[\${i}]\`);
    }
    w.bool(false);
  },
  size(v: readonly ${node}[]): number {
    ${size}
  },
};
`;
        break;
      }
      default:
        throw new Error(`internal: no helper for ${ty.k}`);
    }
    this.helpers.set(name, code);
    return name;
  }

  // ---- named types --------------------------------------------------------------------------

  private namedType(t: NamedType): string {
    const head = sourceComment(t.source);
    switch (t.kind) {
      case 'enum':
        return head + this.enumType(t);
      case 'struct':
        return head + this.structType(t);
      case 'union':
        return head + this.unionType(t);
      case 'typedef':
        return head + this.typedefType(t);
    }
  }

  /** decode/encode/size functions plus the codec object; `inner*` holds the bodies. */
  private functions(
    t: NamedType,
    decodeBody: string,
    encodeBody: string,
    sizeBody: string,
    sizeUsesValue: boolean,
  ): string {
    const N = t.name;
    const decode = t.recursive
      ? `export function decode_${N}(r: XdrReader): ${N} {
  r.enter();
  const v = decodeInner_${N}(r);
  r.leave();
  return v;
}

function decodeInner_${N}(r: XdrReader): ${N} {
${decodeBody}
}`
      : `export function decode_${N}(r: XdrReader): ${N} {
${decodeBody}
}`;
    return `${decode}

export function encode_${N}(w: XdrWriter, v: ${N}): void {
${encodeBody}
}

export function sizeof_${N}(${sizeUsesValue ? 'v' : '_v'}: ${N}): number {
${sizeBody}
}

export const codec_${N}: XdrCodec<${N}> = {
  name: '${N}',
  size: sizeof_${N},
  encode(w: XdrWriter, v: ${N}): void {
    try {
      encode_${N}(w, v);
    } catch (e) {
      xdrRethrow(e, '${N}');
    }
  },
  decode(r: XdrReader): ${N} {
    try {
      return decode_${N}(r);
    } catch (e) {
      return xdrRethrow(e, '${N}');
    }
  },
};
`;
  }

  private enumType(t: Extract<NamedType, { kind: 'enum' }>): string {
    const N = t.name;
    const values = t.members.map((m) => m.value);
    const cases = values.map((v) => `case ${v}:`).join(' ');
    return `export type ${N} = ${values.join(' | ')};
${t.members.map((m) => `export const ${m.name} = ${m.value};`).join('\n')}
export const names_${N}: Readonly<Record<number, string>> = {
${t.members.map((m) => `  ${JSON.stringify(String(m.value))}: '${m.name}',`).join('\n')}
};

${this.functions(
  t,
  `  const v = r.int();
  switch (v) {
    ${cases}
      return v as ${N};
    default:
      throw r.badEnum('${N}', v);
  }`,
  `  switch (v) {
    ${cases}
      w.int(v);
      return;
    default:
      throw w.badEnum('${N}', v);
  }`,
  '  return 4;',
  false,
)}`;
  }

  private structType(t: Extract<NamedType, { kind: 'struct' }>): string {
    const N = t.name;
    const fields = t.fields;
    const iface = `export interface ${N} {
${fields.map((f) => `  ${f.name}: ${this.tsType(f.ty)};`).join('\n')}
}
`;
    const note = t.listNext
      ? `/* ${N} is a list node: its '${t.listNext}' pointer is represented by the array that holds it. */\n`
      : '';
    const paths = `const paths_${N} = [${fields.map((f) => `'.${f.name}'`).join(', ')}];\n`;
    const single = fields.length === 1;
    const dec = fields
      .map(
        (f, i) =>
          `${i > 0 && !single ? `    at = ${i};\n` : ''}    const f${i} = ${this.decodeExpr(f.ty)};`,
      )
      .join('\n');
    const decodeBody = `  ${single ? '' : 'let at = 0;\n  '}try {
${dec}
    return { ${fields.map((f, i) => `${f.name}: f${i}`).join(', ')} };
  } catch (e) {
    return xdrRethrow(e, ${single ? `paths_${N}[0]!` : `paths_${N}[at]!`});
  }`;
    const enc = fields
      .map(
        (f, i) =>
          `${i > 0 && !single ? `    at = ${i};\n` : ''}    ${this.encodeStmt(f.ty, `v.${f.name}`)}`,
      )
      .join('\n');
    const encodeBody = `  ${single ? '' : 'let at = 0;\n  '}try {
${enc}
  } catch (e) {
    xdrRethrow(e, ${single ? `paths_${N}[0]!` : `paths_${N}[at]!`});
  }`;
    const fixed = this.namedFixedSize(N);
    let sizeBody: string;
    if (fixed !== undefined) sizeBody = `  return ${fixed};`;
    else {
      let constant = 0;
      const parts: string[] = [];
      for (const f of fields) {
        const s = this.fixedSize(f.ty);
        if (s !== undefined) constant += s;
        else parts.push(this.sizeExpr(f.ty, `v.${f.name}`));
      }
      sizeBody = `  return ${[String(constant), ...parts].join(' + ')};`;
    }
    return (
      note +
      iface +
      '\n' +
      paths +
      '\n' +
      this.functions(t, decodeBody, encodeBody, sizeBody, fixed === undefined)
    );
  }

  private discTs(t: Extract<NamedType, { kind: 'union' }>, arm: UnionArm): string {
    if (arm.values.length > 0) return arm.values.map(String).join(' | ');
    const listed = t.arms.flatMap((a) => a.values);
    const base =
      t.discKind === 'bool' ? 'boolean' : t.discKind === 'enum' ? this.tsType(t.disc.ty) : 'number';
    if (base === 'number' || listed.length === 0) return base;
    return `Exclude<${base}, ${listed.map(String).join(' | ')}>`;
  }

  private unionType(t: Extract<NamedType, { kind: 'union' }>): string {
    const N = t.name;
    const D = t.disc.name;
    const arms = allArms(t).filter(
      (a) =>
        !(
          a === t.defaultArm &&
          t.discKind === 'bool' &&
          t.arms.flatMap((x) => x.values).length === 2
        ),
    );
    const variant = (a: UnionArm): string =>
      `{ ${D}: ${this.discTs(t, a)}${a.field ? `; ${a.field.name}: ${this.tsType(a.field.ty)}` : ''} }`;
    const type = `export type ${N} =\n${arms.map((a) => `  | ${variant(a)}`).join('\n')};\n`;
    const caseLabels = (a: UnionArm): string =>
      a.values.length > 0 ? a.values.map((v) => `case ${String(v)}:`).join(' ') : 'default:';
    const armCast = (a: UnionArm, f: Field): string =>
      `(v as { ${f.name}: ${this.tsType(f.ty)} }).${f.name}`;
    const hasDefault = t.defaultArm !== undefined && arms.includes(t.defaultArm);
    const noArm = hasDefault ? '' : `\n    default:\n      throw r.badArm('${N}', d);`;
    const noArmEnc = hasDefault
      ? ''
      : `\n    default:\n      throw w.badArm('${N}', (v as { ${D}: unknown }).${D});`;

    const decCases = arms
      .map((a) => {
        const d = `d as ${paren(this.discTs(t, a))}`;
        if (!a.field) return `    ${caseLabels(a)}\n      return { ${D}: ${d} };`;
        return `    ${caseLabels(a)}
      try {
        return { ${D}: ${d}, ${a.field.name}: ${this.decodeExpr(a.field.ty)} };
      } catch (e) {
        return xdrRethrow(e, '.${a.field.name}');
      }`;
      })
      .join('\n');
    const decodeBody = `  let d;
  try {
    d = ${this.decodeExpr(t.disc.ty)};
  } catch (e) {
    return xdrRethrow(e, '.${D}');
  }
  switch (d) {
${decCases}${noArm}
  }`;
    const encCases = arms
      .map((a) => {
        if (!a.field) return `    ${caseLabels(a)}\n      return;`;
        return `    ${caseLabels(a)}
      try {
        ${this.encodeStmt(a.field.ty, armCast(a, a.field))}
      } catch (e) {
        xdrRethrow(e, '.${a.field.name}');
      }
      return;`;
      })
      .join('\n');
    const encodeBody = `  try {
    ${this.encodeStmt(t.disc.ty, `v.${D}`)}
  } catch (e) {
    xdrRethrow(e, '.${D}');
  }
  switch (v.${D}) {
${encCases}${noArmEnc}
  }`;
    const fixed = this.namedFixedSize(N);
    let sizeBody: string;
    if (fixed !== undefined) sizeBody = `  return ${fixed};`;
    else {
      const sizeCases = arms
        .map(
          (a) =>
            `    ${caseLabels(a)}\n      return 4${a.field ? ` + ${this.sizeExpr(a.field.ty, armCast(a, a.field))}` : ''};`,
        )
        .join('\n');
      sizeBody = `  switch (v.${D}) {
${sizeCases}${hasDefault ? '' : '\n    default:\n      return 4;'}
  }`;
    }
    return type + '\n' + this.functions(t, decodeBody, encodeBody, sizeBody, fixed === undefined);
  }

  private typedefType(t: Extract<NamedType, { kind: 'typedef' }>): string {
    const N = t.name;
    const fixed = this.fixedSize(t.ty);
    return `export type ${N} = ${this.tsType(t.ty)};

${this.functions(
  t,
  `  return ${this.decodeExpr(t.ty)};`,
  `  ${this.encodeStmt(t.ty, 'v')}`,
  `  return ${fixed !== undefined ? String(fixed) : this.sizeExpr(t.ty, 'v')};`,
  fixed === undefined,
)}`;
  }

  private codecOf(ty: Ty): string {
    switch (ty.k) {
      case 'void':
        return 'voidCodec';
      case 'named':
        return `codec_${ty.name}`;
      case 'int':
      case 'uint':
      case 'hyper':
      case 'uhyper':
      case 'float':
      case 'double':
      case 'bool':
        return `${ty.k}Codec`;
      default:
        throw new Error(`internal: procedure type ${ty.k} has no codec`);
    }
  }

  private program(p: Model['programs'][number]): string {
    const consts = [`export const ${p.name} = ${p.number};`];
    const versions = p.versions.map((v) => {
      consts.push(`export const ${v.name} = ${v.number};`);
      const procs = v.procedures.map((pr) => {
        consts.push(`export const ${pr.name} = ${pr.number};`);
        return `        ${pr.name}: { name: '${pr.name}', number: ${pr.number}, args: ${this.codecOf(pr.arg)}, result: ${this.codecOf(pr.result)} },`;
      });
      return `    ${v.name}: {
      name: '${v.name}',
      number: ${v.number},
      procedures: {
${procs.join('\n')}
      },
    },`;
    });
    return `${sourceComment(p.source)}${consts.join('\n')}

export const program_${p.name} = {
  name: '${p.name}',
  number: ${p.number},
  versions: {
${versions.join('\n')}
  },
} as const satisfies XdrProgram;
`;
  }
}

/** Runtime values every generated module imports (referenced once so none is unused). */
const RUNTIME_VALUES = [
  'xdrRethrow',
  'voidCodec',
  'intCodec',
  'uintCodec',
  'hyperCodec',
  'uhyperCodec',
  'floatCodec',
  'doubleCodec',
  'boolCodec',
];

function allArms(t: Extract<NamedType, { kind: 'union' }>): UnionArm[] {
  return t.defaultArm ? [...t.arms, t.defaultArm] : [...t.arms];
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

function paren(ts: string): string {
  return ts.includes('|') ? `(${ts})` : ts;
}

function keyName(ty: Ty): string {
  switch (ty.k) {
    case 'named':
      return ty.name;
    case 'fixedOpaque':
      return `opaque${ty.n}`;
    case 'varOpaque':
      return `vopaque${ty.max ?? 'u'}`;
    case 'string':
      return `string${ty.max ?? 'u'}`;
    case 'fixedArray':
      return `array${ty.n}_${keyName(ty.elem)}`;
    case 'varArray':
      return `varray${ty.max ?? 'u'}_${keyName(ty.elem)}`;
    case 'optional':
      return `optional_${keyName(ty.elem)}`;
    case 'list':
      return `list_${ty.node}`;
    default:
      return ty.k;
  }
}

/** The .x source of a definition as a block comment (the generated code's provenance). */
function sourceComment(source: string | undefined): string {
  if (source === undefined) return '';
  const text = source.replace(/\*\//g, '* /');
  return `/*\n${text
    .split('\n')
    .map((l) => ` * ${l}`.trimEnd())
    .join('\n')}\n */\n`;
}
