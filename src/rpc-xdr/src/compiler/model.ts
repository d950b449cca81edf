import type { Declaration, PrimitiveName, Specification, TypeSpec, Value, Version } from './ast.js';
import { XdrSpecError, type SourcePos } from './errors.js';

/**
 * The resolved model of a specification: every type named (anonymous inline types are hoisted
 * as `Parent_field`), every value a number, linked lists recognised, recursion marked.
 */
export type Ty =
  | { readonly k: 'void' }
  | { readonly k: PrimitiveName }
  /** A named type; `pos` is where the name was written (for errors). */
  | { readonly k: 'named'; readonly name: string; readonly pos?: SourcePos }
  | { readonly k: 'fixedArray'; readonly elem: Ty; readonly n: number }
  | { readonly k: 'varArray'; readonly elem: Ty; readonly max: number | undefined }
  | { readonly k: 'fixedOpaque'; readonly n: number }
  | { readonly k: 'varOpaque'; readonly max: number | undefined }
  | { readonly k: 'string'; readonly max: number | undefined }
  | { readonly k: 'optional'; readonly elem: Ty }
  /** An optional-data linked list (RFC 4506 section 4.19) flattened to an array of nodes. */
  | { readonly k: 'list'; readonly node: string };

export interface Field {
  readonly name: string;
  ty: Ty;
}

export interface UnionArm {
  readonly values: readonly (number | boolean)[];
  /** `undefined` for a void arm. */
  readonly field: Field | undefined;
}

export type NamedType = (
  | { readonly kind: 'enum'; readonly members: readonly { name: string; value: number }[] }
  | {
      readonly kind: 'struct';
      fields: Field[];
      /** Set when the last field is an optional pointer to this struct (a list node). */
      listNext: string | undefined;
    }
  | {
      readonly kind: 'union';
      readonly disc: Field;
      /** Set with the case values once every type is known (the enum may come later). */
      discKind: 'int' | 'uint' | 'bool' | 'enum';
      arms: readonly UnionArm[];
      readonly defaultArm: UnionArm | undefined;
    }
  | { readonly kind: 'typedef'; ty: Ty }
) & {
  readonly name: string;
  readonly source: string | undefined;
  readonly pos: SourcePos;
  /** Part of a cycle of types: its decoder counts nesting depth. */
  recursive: boolean;
};

export interface ProcedureModel {
  readonly name: string;
  readonly number: number;
  readonly arg: Ty;
  readonly result: Ty;
}

export interface ProgramModel {
  readonly name: string;
  readonly number: number;
  readonly source: string;
  readonly versions: readonly {
    readonly name: string;
    readonly number: number;
    readonly procedures: readonly ProcedureModel[];
  }[];
}

export interface Model {
  readonly file: string;
  /** Constants in declaration order: `const` definitions and enumerators. */
  readonly constants: readonly { name: string; value: number; source: string | undefined }[];
  readonly types: Map<string, NamedType>;
  /** Type names in output order (definition order, hoisted types before their parent). */
  readonly order: string[];
  readonly programs: readonly ProgramModel[];
}

/** TypeScript words that cannot name a generated type. */
const TS_RESERVED = new Set([
  'any',
  'boolean',
  'number',
  'string',
  'symbol',
  'bigint',
  'object',
  'never',
  'unknown',
  'undefined',
  'null',
  'void',
  'Buffer',
  'Array',
  'Record',
  'Readonly',
  'Exclude',
  'Error',
  'class',
  'function',
  'let',
  'var',
  'new',
  'delete',
  'in',
  'of',
  'this',
  'typeof',
  'instanceof',
  'return',
  'if',
  'else',
  'for',
  'while',
  'do',
  'break',
  'continue',
  'throw',
  'try',
  'catch',
  'finally',
  'import',
  'export',
  'extends',
  'super',
  'yield',
  'await',
  'with',
  'true',
  'false',
]);

export function buildModel(spec: Specification): Model {
  return new ModelBuilder(spec).build();
}

class ModelBuilder {
  private readonly values = new Map<string, number>();
  private readonly constants: { name: string; value: number; source: string | undefined }[] = [];
  private readonly types = new Map<string, NamedType>();
  private readonly order: string[] = [];
  private readonly programs: ProgramModel[] = [];
  private readonly globalNames = new Map<string, SourcePos>();
  private readonly pendingConsts: {
    name: string;
    value: Value;
    source: string | undefined;
    pos: SourcePos;
  }[] = [];
  /** Work that needs every type defined first (union discriminants and case values). */
  private readonly deferred: (() => void)[] = [];

  constructor(private readonly spec: Specification) {}

  build(): Model {
    this.collectValues();
    for (const def of this.spec.definitions) {
      switch (def.kind) {
        case 'const':
          this.declare(def.name, def.pos);
          break;
        case 'typedef': {
          const d = def.decl;
          if (d.kind === 'void') break;
          if (d.kind === 'plain' && d.type.kind !== 'primitive' && d.type.kind !== 'ref') {
            this.namedFromSpec(d.name, d.type, def.source, d.pos);
          } else {
            this.declare(d.name, d.pos);
            this.add({
              kind: 'typedef',
              name: d.name,
              ty: this.declTy(d, d.name),
              source: def.source,
              pos: d.pos,
              recursive: false,
            });
          }
          break;
        }
        case 'enum':
        case 'struct':
        case 'union':
          this.namedFromSpec(
            def.name,
            { kind: def.kind, body: def.body, pos: def.pos } as TypeSpec,
            def.source,
            def.pos,
          );
          break;
        case 'program':
          this.program(def.name, def.number, def.versions, def.source, def.pos);
          break;
      }
    }
    this.checkRefs();
    for (const f of this.deferred) f();
    this.findLists();
    this.markRecursion();
    return {
      file: this.spec.file,
      constants: this.constants,
      types: this.types,
      order: this.order,
      programs: this.programs,
    };
  }

  private declare(name: string, pos: SourcePos): void {
    const prev = this.globalNames.get(name);
    if (prev)
      throw new XdrSpecError(pos, `'${name}' is already defined at ${prev.line}:${prev.col}`);
    if (TS_RESERVED.has(name))
      throw new XdrSpecError(pos, `'${name}' cannot be used as a name in generated TypeScript`);
    this.globalNames.set(name, pos);
  }

  /** First pass: every `const` and every enumerator (they share one scope, RFC 4506 6.4). */
  private collectValues(): void {
    const enumMembers: { name: string; value: Value; pos: SourcePos }[] = [];
    const visitSpec = (t: TypeSpec): void => {
      if (t.kind === 'enum') enumMembers.push(...t.body.members);
      else if (t.kind === 'struct') t.body.fields.forEach(visitDecl);
      else if (t.kind === 'union') {
        visitDecl(t.body.discriminant);
        t.body.cases.forEach((c) => visitDecl(c.decl));
        if (t.body.defaultDecl) visitDecl(t.body.defaultDecl);
      }
    };
    const visitDecl = (d: Declaration): void => {
      if (d.kind !== 'void' && 'type' in d) visitSpec(d.type);
    };
    for (const def of this.spec.definitions) {
      if (def.kind === 'const') {
        this.pendingConsts.push({
          name: def.name,
          value: def.value,
          source: def.source,
          pos: def.pos,
        });
      } else if (def.kind === 'typedef') visitDecl(def.decl);
      else if (def.kind === 'enum' || def.kind === 'struct' || def.kind === 'union') {
        visitSpec({ kind: def.kind, body: def.body, pos: def.pos } as TypeSpec);
      } else if (def.kind === 'program') {
        for (const v of def.versions)
          for (const p of v.procedures) {
            if (p.arg) visitSpec(p.arg);
            if (p.result) visitSpec(p.result);
          }
      }
    }
    for (const m of enumMembers) {
      this.pendingConsts.push({ name: m.name, value: m.value, source: undefined, pos: m.pos });
    }
    // Resolve references between constants in any order, detecting cycles.
    const byName = new Map(this.pendingConsts.map((c) => [c.name, c]));
    const resolving = new Set<string>();
    const resolve = (name: string, pos: SourcePos): number => {
      const known = this.values.get(name);
      if (known !== undefined) return known;
      if (name === 'TRUE') return 1;
      if (name === 'FALSE') return 0;
      const c = byName.get(name);
      if (!c) throw new XdrSpecError(pos, `unknown constant '${name}'`);
      if (resolving.has(name))
        throw new XdrSpecError(pos, `constant '${name}' is defined in terms of itself`);
      resolving.add(name);
      const v = c.value.kind === 'number' ? c.value.value : resolve(c.value.name, c.value.pos);
      resolving.delete(name);
      this.values.set(name, v);
      return v;
    };
    for (const c of this.pendingConsts) {
      const value = resolve(c.name, c.pos);
      if (c.source !== undefined) this.constants.push({ name: c.name, value, source: c.source });
    }
  }

  private value(v: Value): number {
    if (v.kind === 'number') return v.value;
    if (v.name === 'TRUE') return 1;
    if (v.name === 'FALSE') return 0;
    const n = this.values.get(v.name);
    if (n === undefined) throw new XdrSpecError(v.pos, `unknown constant '${v.name}'`);
    return n;
  }

  private size(v: Value, what: string): number {
    const n = this.value(v);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
      throw new XdrSpecError(v.pos, `${what} must be an integer from 0 to 2^32-1, got ${n}`);
    }
    return n;
  }

  private add(t: NamedType): void {
    this.types.set(t.name, t);
    this.order.push(t.name);
  }

  /** Creates the named type `name` from an enum/struct/union spec; nested inline types first. */
  private namedFromSpec(
    name: string,
    spec: TypeSpec,
    source: string | undefined,
    pos: SourcePos,
  ): void {
    this.declare(name, pos);
    switch (spec.kind) {
      case 'enum': {
        for (const m of spec.body.members) this.declare(m.name, m.pos);
        const members = spec.body.members.map((m) => ({
          name: m.name,
          value: this.values.get(m.name)!,
        }));
        const seen = new Map<number, string>();
        for (const m of members) {
          if (!Number.isInteger(m.value) || m.value < -0x80000000 || m.value > 0x7fffffff) {
            throw new XdrSpecError(
              pos,
              `enumerator ${m.name} = ${m.value} is not a 32-bit signed integer`,
            );
          }
          const dup = seen.get(m.value);
          if (dup !== undefined)
            throw new XdrSpecError(
              pos,
              `enumerators ${dup} and ${m.name} share the value ${m.value}`,
            );
          seen.set(m.value, m.name);
        }
        this.add({ kind: 'enum', name, members, source, pos, recursive: false });
        return;
      }
      case 'struct': {
        const names = new Set<string>();
        const fields: Field[] = spec.body.fields.map((d) => {
          const f = this.field(d, name);
          if (names.has(f.name))
            throw new XdrSpecError(d.pos, `duplicate field '${f.name}' in ${name}`);
          names.add(f.name);
          return f;
        });
        this.add({
          kind: 'struct',
          name,
          fields,
          listNext: undefined,
          source,
          pos,
          recursive: false,
        });
        return;
      }
      case 'union': {
        const b = spec.body;
        if (b.discriminant.kind !== 'plain') {
          throw new XdrSpecError(
            b.discriminant.pos,
            'a union discriminant must be a plain int, unsigned int, bool or enum',
          );
        }
        const discPos = b.discriminant.pos;
        const disc = this.field(b.discriminant, name);
        const armDecls = b.cases.map((c) => ({
          raw: c.values,
          field: c.decl.kind === 'void' ? undefined : this.field(c.decl, name),
        }));
        const defaultArm: UnionArm | undefined = b.defaultDecl
          ? {
              values: [],
              field: b.defaultDecl.kind === 'void' ? undefined : this.field(b.defaultDecl, name),
            }
          : undefined;
        for (const a of [...armDecls, ...(defaultArm ? [defaultArm] : [])]) {
          if (a.field?.name === disc.name) {
            throw new XdrSpecError(
              pos,
              `arm '${a.field.name}' of ${name} has the discriminant's name`,
            );
          }
        }
        const t: Extract<NamedType, { kind: 'union' }> = {
          kind: 'union',
          name,
          disc,
          discKind: 'int',
          arms: armDecls.map((a) => ({ values: [], field: a.field })),
          defaultArm,
          source,
          pos,
          recursive: false,
        };
        this.add(t);
        this.deferred.push(() => {
          const discKind = this.discKind(disc.ty, discPos);
          const seen = new Set<number | boolean>();
          const caseValue = (v: Value): number | boolean => {
            const n = this.value(v);
            let out: number | boolean = n;
            if (discKind === 'bool') {
              if (n !== 0 && n !== 1) throw new XdrSpecError(v.pos, `case ${n} is not a bool`);
              out = n === 1;
            } else if (discKind === 'enum') {
              const e = this.resolveNamed(disc.ty);
              if (e?.kind === 'enum' && !e.members.some((m) => m.value === n)) {
                throw new XdrSpecError(v.pos, `case ${n} is not a value of enum ${e.name}`);
              }
            } else if (discKind === 'uint' && (n < 0 || n > 0xffffffff)) {
              throw new XdrSpecError(v.pos, `case ${n} is not an unsigned int`);
            } else if (discKind === 'int' && (n < -0x80000000 || n > 0x7fffffff)) {
              throw new XdrSpecError(v.pos, `case ${n} is not an int`);
            }
            if (seen.has(out)) throw new XdrSpecError(v.pos, `duplicate case ${String(out)}`);
            seen.add(out);
            return out;
          };
          t.discKind = discKind;
          t.arms = armDecls.map((a) => ({ values: a.raw.map(caseValue), field: a.field }));
        });
        return;
      }
      default:
        throw new XdrSpecError(pos, `internal: cannot name a ${spec.kind} type`);
    }
  }

  private discKind(ty: Ty, pos: SourcePos): 'int' | 'uint' | 'bool' | 'enum' {
    if (ty.k === 'int' || ty.k === 'uint' || ty.k === 'bool') return ty.k;
    const t = this.resolveNamed(ty);
    if (t?.kind === 'enum') return 'enum';
    throw new XdrSpecError(pos, 'a union discriminant must be int, unsigned int, bool or an enum');
  }

  /** Follows typedef aliases of a named type (only those already defined). */
  private resolveNamed(ty: Ty): NamedType | undefined {
    let t = ty;
    for (let i = 0; i < 100 && t.k === 'named'; i++) {
      const n = this.types.get(t.name);
      if (!n) return undefined;
      if (n.kind !== 'typedef') return n;
      t = n.ty;
    }
    return undefined;
  }

  private field(d: Declaration, parent: string): Field {
    if (d.kind === 'void') throw new XdrSpecError(d.pos, 'void where a declaration was expected');
    return { name: d.name, ty: this.declTy(d, `${parent}_${d.name}`) };
  }

  /** The type of a declaration; inline enum/struct/union types are hoisted as `hoistName`. */
  private declTy(d: Exclude<Declaration, { kind: 'void' }>, hoistName: string): Ty {
    switch (d.kind) {
      case 'fixedOpaque':
        return { k: 'fixedOpaque', n: this.size(d.size, 'opaque size') };
      case 'varOpaque':
        return { k: 'varOpaque', max: d.max ? this.size(d.max, 'opaque maximum') : undefined };
      case 'string':
        return { k: 'string', max: d.max ? this.size(d.max, 'string maximum') : undefined };
      case 'plain':
        return this.specTy(d.type, hoistName);
      case 'fixedArray':
        return {
          k: 'fixedArray',
          elem: this.specTy(d.type, hoistName),
          n: this.size(d.size, 'array size'),
        };
      case 'varArray':
        return {
          k: 'varArray',
          elem: this.specTy(d.type, hoistName),
          max: d.max ? this.size(d.max, 'array maximum') : undefined,
        };
      case 'optional':
        return { k: 'optional', elem: this.specTy(d.type, hoistName) };
    }
  }

  private specTy(t: TypeSpec, hoistName: string): Ty {
    switch (t.kind) {
      case 'primitive':
        return { k: t.name };
      case 'ref':
        return { k: 'named', name: t.name, pos: t.pos };
      default:
        this.namedFromSpec(hoistName, t, undefined, t.pos);
        return { k: 'named', name: hoistName, pos: t.pos };
    }
  }

  private program(
    name: string,
    number: Value,
    versions: readonly Version[],
    source: string,
    pos: SourcePos,
  ): void {
    this.declare(name, pos);
    const prog: ProgramModel = {
      name,
      number: this.size(number, 'program number'),
      source,
      versions: versions.map((v) => {
        this.declare(v.name, v.pos);
        const seen = new Set<number>();
        return {
          name: v.name,
          number: this.size(v.number, 'version number'),
          procedures: v.procedures.map((p) => {
            this.declare(p.name, p.pos);
            const n = this.size(p.number, 'procedure number');
            if (seen.has(n))
              throw new XdrSpecError(p.pos, `procedure number ${n} used twice in ${v.name}`);
            seen.add(n);
            return {
              name: p.name,
              number: n,
              arg: p.arg ? this.specTy(p.arg, `${p.name}_arg`) : { k: 'void' },
              result: p.result ? this.specTy(p.result, `${p.name}_result`) : { k: 'void' },
            };
          }),
        };
      }),
    };
    this.programs.push(prog);
  }

  private forEachTy(visit: (ty: Ty, owner: NamedType | undefined, pos: SourcePos) => void): void {
    const walk = (ty: Ty, owner: NamedType | undefined, pos: SourcePos): void => {
      visit(ty, owner, pos);
      if (ty.k === 'fixedArray' || ty.k === 'varArray' || ty.k === 'optional')
        walk(ty.elem, owner, pos);
    };
    for (const t of this.types.values()) {
      if (t.kind === 'struct') t.fields.forEach((f) => walk(f.ty, t, t.pos));
      else if (t.kind === 'union') {
        walk(t.disc.ty, t, t.pos);
        for (const a of [...t.arms, ...(t.defaultArm ? [t.defaultArm] : [])])
          if (a.field) walk(a.field.ty, t, t.pos);
      } else if (t.kind === 'typedef') walk(t.ty, t, t.pos);
    }
    for (const p of this.programs)
      for (const v of p.versions)
        for (const pr of v.procedures) {
          walk(pr.arg, undefined, this.globalNames.get(pr.name)!);
          walk(pr.result, undefined, this.globalNames.get(pr.name)!);
        }
  }

  private checkRefs(): void {
    this.forEachTy((ty, _owner, pos) => {
      if (ty.k === 'named' && !this.types.has(ty.name)) {
        throw new XdrSpecError(ty.pos ?? pos, `unknown type '${ty.name}'`);
      }
    });
  }

  /** The struct an optional points at, following typedef aliases of the target. */
  private optionalTarget(ty: Ty): string | undefined {
    let t: Ty = ty;
    for (let i = 0; i < 100; i++) {
      if (t.k === 'optional') {
        const target = this.resolveNamed(t.elem);
        return target?.kind === 'struct' ? target.name : undefined;
      }
      if (t.k !== 'named') return undefined;
      const n = this.types.get(t.name);
      if (!n || n.kind !== 'typedef') return undefined;
      t = n.ty;
    }
    return undefined;
  }

  /**
   * Recognises linked lists: a struct whose last field is an optional pointer to itself
   * (directly or through a typedef). Such lists are decoded iteratively into arrays, which keeps
   * a 10,000-entry READDIR reply off the call stack and gives it an item limit.
   */
  private findLists(): void {
    const nodes = new Set<string>();
    for (const t of this.types.values()) {
      if (t.kind !== 'struct' || t.fields.length < 2) continue;
      const last = t.fields[t.fields.length - 1]!;
      if (this.optionalTarget(last.ty) === t.name) {
        nodes.add(t.name);
        t.listNext = last.name;
        t.fields = t.fields.slice(0, -1);
      }
    }
    if (nodes.size === 0) return;
    const rewrite = (ty: Ty): Ty => {
      switch (ty.k) {
        case 'optional': {
          const target = this.resolveNamed(ty.elem);
          if (target && nodes.has(target.name)) return { k: 'list', node: target.name };
          return { k: 'optional', elem: rewrite(ty.elem) };
        }
        case 'fixedArray':
          return { ...ty, elem: rewrite(ty.elem) };
        case 'varArray':
          return { ...ty, elem: rewrite(ty.elem) };
        default:
          return ty;
      }
    };
    for (const t of this.types.values()) {
      if (t.kind === 'struct') t.fields.forEach((f) => (f.ty = rewrite(f.ty)));
      else if (t.kind === 'union') {
        for (const a of [...t.arms, ...(t.defaultArm ? [t.defaultArm] : [])])
          if (a.field) a.field.ty = rewrite(a.field.ty);
      } else if (t.kind === 'typedef') t.ty = rewrite(t.ty);
    }
    this.forEachTy((ty, owner, pos) => {
      if (ty.k === 'named' && nodes.has(ty.name)) {
        throw new XdrSpecError(
          ty.pos ?? owner?.pos ?? pos,
          `list node struct '${ty.name}' is used by value${owner ? ` in ${owner.name}` : ''}; only '${ty.name} *' (a list) is supported`,
        );
      }
    });
  }

  /** Marks every type that can contain itself (not through a flattened list). */
  private markRecursion(): void {
    const edges = new Map<string, Set<string>>();
    const refs = (ty: Ty, out: Set<string>): void => {
      if (ty.k === 'named') out.add(ty.name);
      else if (ty.k === 'list') out.add(ty.node);
      else if (ty.k === 'fixedArray' || ty.k === 'varArray' || ty.k === 'optional')
        refs(ty.elem, out);
    };
    for (const t of this.types.values()) {
      const out = new Set<string>();
      if (t.kind === 'struct') t.fields.forEach((f) => refs(f.ty, out));
      else if (t.kind === 'union') {
        for (const a of [...t.arms, ...(t.defaultArm ? [t.defaultArm] : [])])
          if (a.field) refs(a.field.ty, out);
      } else if (t.kind === 'typedef') refs(t.ty, out);
      edges.set(t.name, out);
    }
    for (const start of this.types.keys()) {
      // A type is recursive when it can reach itself.
      const seen = new Set<string>();
      const stack = [...(edges.get(start) ?? [])];
      while (stack.length > 0) {
        const n = stack.pop()!;
        if (n === start) {
          this.types.get(start)!.recursive = true;
          break;
        }
        if (seen.has(n)) continue;
        seen.add(n);
        stack.push(...(edges.get(n) ?? []));
      }
    }
  }
}
