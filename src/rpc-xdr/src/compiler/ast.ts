import type { SourcePos } from './errors.js';

/** A value in a declaration or case label: a literal or the name of a constant/enumerator. */
export type Value =
  | { readonly kind: 'number'; readonly value: number; readonly pos: SourcePos }
  | { readonly kind: 'ref'; readonly name: string; readonly pos: SourcePos };

export type PrimitiveName = 'int' | 'uint' | 'hyper' | 'uhyper' | 'float' | 'double' | 'bool';

/** RFC 4506 `type-specifier`. */
export type TypeSpec =
  | { readonly kind: 'primitive'; readonly name: PrimitiveName; readonly pos: SourcePos }
  | { readonly kind: 'ref'; readonly name: string; readonly pos: SourcePos }
  | { readonly kind: 'enum'; readonly body: EnumBody; readonly pos: SourcePos }
  | { readonly kind: 'struct'; readonly body: StructBody; readonly pos: SourcePos }
  | { readonly kind: 'union'; readonly body: UnionBody; readonly pos: SourcePos };

/** RFC 4506 `declaration`. */
export type Declaration =
  | { readonly kind: 'void'; readonly pos: SourcePos }
  | {
      readonly kind: 'plain';
      readonly name: string;
      readonly type: TypeSpec;
      readonly pos: SourcePos;
    }
  | {
      readonly kind: 'fixedArray';
      readonly name: string;
      readonly type: TypeSpec;
      readonly size: Value;
      readonly pos: SourcePos;
    }
  | {
      readonly kind: 'varArray';
      readonly name: string;
      readonly type: TypeSpec;
      readonly max: Value | undefined;
      readonly pos: SourcePos;
    }
  | {
      readonly kind: 'fixedOpaque';
      readonly name: string;
      readonly size: Value;
      readonly pos: SourcePos;
    }
  | {
      readonly kind: 'varOpaque';
      readonly name: string;
      readonly max: Value | undefined;
      readonly pos: SourcePos;
    }
  | {
      readonly kind: 'string';
      readonly name: string;
      readonly max: Value | undefined;
      readonly pos: SourcePos;
    }
  | {
      readonly kind: 'optional';
      readonly name: string;
      readonly type: TypeSpec;
      readonly pos: SourcePos;
    };

export interface EnumBody {
  readonly members: readonly {
    readonly name: string;
    readonly value: Value;
    readonly pos: SourcePos;
  }[];
}

export interface StructBody {
  readonly fields: readonly Declaration[];
}

export interface UnionCase {
  readonly values: readonly Value[];
  readonly decl: Declaration;
}

export interface UnionBody {
  readonly discriminant: Declaration;
  readonly cases: readonly UnionCase[];
  readonly defaultDecl: Declaration | undefined;
}

export interface Procedure {
  readonly name: string;
  readonly number: Value;
  /** `undefined` for `void`. */
  readonly result: TypeSpec | undefined;
  readonly arg: TypeSpec | undefined;
  readonly pos: SourcePos;
}

export interface Version {
  readonly name: string;
  readonly number: Value;
  readonly procedures: readonly Procedure[];
  readonly pos: SourcePos;
}

/** A top-level definition without its position and source text. */
export type DefinitionBody =
  | { readonly kind: 'const'; readonly name: string; readonly value: Value }
  | { readonly kind: 'typedef'; readonly decl: Declaration }
  | { readonly kind: 'enum'; readonly name: string; readonly body: EnumBody }
  | { readonly kind: 'struct'; readonly name: string; readonly body: StructBody }
  | { readonly kind: 'union'; readonly name: string; readonly body: UnionBody }
  | {
      readonly kind: 'program';
      readonly name: string;
      readonly number: Value;
      readonly versions: readonly Version[];
    };

/** A top-level definition, with the span of its source text (for generated comments). */
export type Definition = DefinitionBody & { readonly pos: SourcePos; readonly source: string };

export interface Specification {
  readonly file: string;
  readonly definitions: readonly Definition[];
}
