/**
 * XDR compiler: (a) a spec exercising every construct, compiled, imported and round-tripped;
 * (b) bad specs reporting the exact file:line:col; (c) the committed generated modules are
 * up to date; (d) long linked lists and the list/depth limits.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  XdrDecodeError,
  XdrEncodeError,
  decodeFromBuffer,
  encodeToBuffer,
  intCodec,
  voidCodec,
  type XdrCodec,
  type XdrErrorCode,
  type XdrLimits,
  type XdrProgram,
} from '@nfs/rpc-xdr';
import { XdrSpecError, buildModel, compileXdr, parseSpecification } from '@nfs/rpc-xdr/compiler';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** A spec using every construct the compiler supports. */
const SPEC = `/* A spec exercising every construct the compiler supports. */
const MAXNAME = 16;
const HEXC    = 0x20;
const OCTC    = 010;     /* octal: 8 */
const NEG     = -5;
const NEGHEX  = -0x10;
const BIGC    = 0xFFFFFFFF;
// a line comment

enum color { RED = 0, GREEN = 1, BLUE = HEXC, BLACK = NEG, WHITE = 0x7fffffff };

typedef string         shortname<MAXNAME>;
typedef string         anyname<>;
typedef unsigned hyper bigcount;
typedef hyper          signedcount;
typedef opaque         hash[OCTC];
typedef opaque         blob<>;
typedef int            intlist<4>;
typedef color          colors[3];
typedef Item           *maybeItem;

struct Item {
    shortname name;
    int       id;
};

struct Outer {
    Item           items<>;
    Item           pair[2];
    hash           h;
    opaque         small<5>;
    opaque         three[3];
    string         s<>;
    hyper          h64;
    unsigned hyper u64;
    unsigned       u32;
    float          f;
    double         d;
    bool           flag;
    color          c;
    colors         cs;
    intlist        ints;
    Item           *maybe;
    int            *maybeint;
    enum { LOW = 1, HIGH = 2 } level;
    struct {
        int x;
        int y;
    } point;
    union switch (int kind) {
    case 1:
        int one;
    case 2:
        struct { bool b; } two;
    default:
        void;
    } inner;
};

union Shape switch (color c) {
case RED:
case GREEN:
    int side;
case BLUE:
    void;
default:
    string label<MAXNAME>;
};

union Maybe switch (bool present) {
case TRUE:
    Item value;
case FALSE:
    void;
};

union OnlyTrue switch (bool set) {
case TRUE:
    int value;
default:
    void;
};

union NumU switch (int n) {
case NEG:
    hyper neg;
case 0:
    void;
case OCTC:
    double eight;
};

union UU switch (unsigned int u) {
case BIGC:
    int max;
default:
    void;
};

/* A linked list through a direct self-pointer. */
struct node {
    int  value;
    node *next;
};

struct NodeHolder {
    node *head;
    int  after;
};

/* A linked list through a typedef of the pointer. */
typedef link *linklist;

struct link {
    string   name<>;
    linklist next;
};

/* A recursive type that is not a list. */
struct tree {
    tree *left;
    tree *right;
    int  value;
};

program TESTPROG {
    version TESTVERS {
        void     TESTPROC_NULL(void)     = 0;
        Outer    TESTPROC_ECHO(Outer)    = 1;
        int      TESTPROC_INT(bigcount)  = 2;
        linklist TESTPROC_LIST(void)     = 3;
    } = 1;
    version TESTVERS2 {
        void     TESTPROC2_NULL(void)    = 0;
    } = 2;
} = 0x20000099;
`;

type Mod = Record<string, unknown>;

let tmpDir = '';
let mod: Mod = {};

function codec(name: string): XdrCodec<unknown> {
  const c = mod[`codec_${name}`];
  assert.ok(c, `codec_${name} is exported`);
  return c as XdrCodec<unknown>;
}

/** Encodes, checks size and (optionally) the exact bytes, decodes and re-encodes. */
function roundTrip(type: string, value: unknown, wire?: string): Buffer {
  const c = codec(type);
  const buf = encodeToBuffer(c, value);
  if (wire !== undefined) assert.equal(buf.toString('hex'), wire.replace(/\s+/g, ''), type);
  assert.equal(c.size(value), buf.length, `sizeof_${type}`);
  const back = decodeFromBuffer(c, buf);
  assert.deepEqual(back, value, type);
  assert.ok(encodeToBuffer(c, back).equals(buf), `${type} re-encodes identically`);
  return buf;
}

function decodeError(code: XdrErrorCode, path: string) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof XdrDecodeError, `expected XdrDecodeError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.path, path, e.message);
    return true;
  };
}

function encodeError(path: string) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof XdrEncodeError, `expected XdrEncodeError, got ${String(e)}`);
    assert.equal(e.code, 'NFSP_ERR_XDR_ENCODE', e.message);
    assert.equal(e.path, path, e.message);
    return true;
  };
}

const item = (name: string, id: number) => ({ name: Buffer.from(name), id });

function sampleOuter() {
  return {
    items: [item('a', 1), item('bb', 2), item('ccc', 3)],
    pair: [item('p', 10), item('q', -11)],
    h: hex('0123456789abcdef'),
    small: Buffer.from([1, 2, 3, 4, 5]),
    three: Buffer.from([7, 8, 9]),
    s: Buffer.from('hello world'),
    h64: -(2n ** 63n),
    u64: 2n ** 64n - 1n,
    u32: 0xffffffff,
    f: 1.5,
    d: -0.1,
    flag: true,
    c: 32,
    cs: [0, 2147483647, -5],
    ints: [1, -2, 3],
    maybe: item('m', 4),
    maybeint: null,
    level: 2,
    point: { x: -1, y: 1 },
    inner: { kind: 2, two: { b: false } },
  };
}

before(async () => {
  tmpDir = join(here, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(tmpDir, { recursive: true });
  const runtime = relative(tmpDir, join(repoRoot, 'src/rpc-xdr/src/xdr/index.js'))
    .split(sep)
    .join('/');
  const text = compileXdr(SPEC, { specPath: 'test/every-construct.x', runtimeImport: runtime });
  const file = join(tmpDir, 'every-construct.ts');
  writeFileSync(file, text);
  mod = (await import(pathToFileURL(file).href)) as Mod;
});

after(() => {
  if (tmpDir !== '') rmSync(tmpDir, { recursive: true, force: true });
});

describe('compiler: a spec with every construct', () => {
  it('generates a module headed by the spec path and runtime import', () => {
    const text = compileXdr(SPEC, { specPath: 'test/every-construct.x', runtimeImport: 'rt-x' });
    assert.match(text, /^\/\/ Generated from test\/every-construct\.x /);
    assert.match(text, /from 'rt-x';/);
    assert.equal(
      compileXdr(SPEC, { specPath: 'test/every-construct.x', runtimeImport: 'rt-x' }),
      text,
    );
  });

  it('constants: decimal, hex, octal, negative, negative hex, 2^32-1', () => {
    assert.equal(mod.MAXNAME, 16);
    assert.equal(mod.HEXC, 32);
    assert.equal(mod.OCTC, 8);
    assert.equal(mod.NEG, -5);
    assert.equal(mod.NEGHEX, -16);
    assert.equal(mod.BIGC, 0xffffffff);
  });

  it('enums: constants (also of inline enums) and names_T', () => {
    assert.deepEqual(
      [mod.RED, mod.GREEN, mod.BLUE, mod.BLACK, mod.WHITE, mod.LOW, mod.HIGH],
      [0, 1, 32, -5, 2147483647, 1, 2],
    );
    assert.deepEqual(mod.names_color, {
      0: 'RED',
      1: 'GREEN',
      32: 'BLUE',
      '-5': 'BLACK',
      2147483647: 'WHITE',
    });
    assert.deepEqual(mod.names_Outer_level, { 1: 'LOW', 2: 'HIGH' });
    roundTrip('color', -5, 'fffffffb');
    roundTrip('color', 2147483647, '7fffffff');
    assert.throws(
      () => decodeFromBuffer(codec('color'), hex('00000002')),
      decodeError('NFSP_ERR_XDR_ENUM', 'color'),
    );
    assert.throws(() => encodeToBuffer(codec('color'), 2), encodeError('color'));
  });

  it('exports decode_/encode_/sizeof_/codec_ for every named type, inline ones hoisted', () => {
    const model = buildModel(parseSpecification(SPEC, 'every-construct.x'));
    for (const t of ['Outer_level', 'Outer_point', 'Outer_inner', 'Outer_inner_two']) {
      assert.ok(model.types.has(t), t);
    }
    for (const name of model.types.keys()) {
      for (const prefix of ['decode_', 'encode_', 'sizeof_', 'codec_']) {
        assert.ok(mod[prefix + name] !== undefined, `${prefix}${name}`);
      }
      assert.equal(codec(name).name, name);
    }
  });

  it('typedefs of primitives, strings and opaques', () => {
    roundTrip('shortname', Buffer.from('abc'), '00000003 61626300');
    roundTrip('anyname', Buffer.alloc(0), '00000000');
    roundTrip('bigcount', 2n ** 64n - 1n, 'ffffffffffffffff');
    roundTrip('bigcount', 2n ** 53n + 1n, '0020000000000001');
    roundTrip('signedcount', -(2n ** 63n), '8000000000000000');
    roundTrip('hash', hex('0102030405060708'), '0102030405060708');
    roundTrip('blob', Buffer.from([9]), '00000001 09000000');
    roundTrip('intlist', [5, -1], '00000002 00000005 ffffffff');
    roundTrip('colors', [0, 1, 32], '00000000 00000001 00000020');
    roundTrip('maybeItem', null, '00000000');
    roundTrip('maybeItem', item('z', 2), '00000001 00000001 7a000000 00000002');
    assert.throws(
      () => encodeToBuffer(codec('colors'), [0, 1]),
      (e: unknown) => e instanceof XdrEncodeError,
    );
    assert.throws(
      () => encodeToBuffer(codec('intlist'), [1, 2, 3, 4, 5]),
      (e: unknown) => e instanceof XdrEncodeError,
    );
    assert.throws(
      () => decodeFromBuffer(codec('intlist'), hex('00000005' + '00000000'.repeat(5))),
      decodeError('NFSP_ERR_XDR_LIMIT', 'intlist'),
    );
    assert.throws(
      () => decodeFromBuffer(codec('shortname'), hex('00000011' + '00'.repeat(20))),
      decodeError('NFSP_ERR_XDR_LIMIT', 'shortname'),
    );
  });

  it('structs, including every field kind, round-trip', () => {
    roundTrip('Item', item('abc', -1), '00000003 61626300 ffffffff');
    roundTrip('Outer_point', { x: -1, y: 1 }, 'ffffffff 00000001');
    const buf = roundTrip('Outer', sampleOuter());
    // Spot-check the layout: items<> count, then the first item, then the fixed pair.
    assert.equal(
      buf.subarray(0, 16).toString('hex'),
      '00000003' + '00000001 61000000 00000001'.replace(/ /g, ''),
    );
    const other = {
      ...sampleOuter(),
      items: [],
      maybe: null,
      maybeint: -7,
      inner: { kind: 9 },
      c: -5,
      flag: false,
    };
    roundTrip('Outer', other);
    roundTrip('Outer', {
      ...sampleOuter(),
      inner: { kind: 1, one: 42 },
      f: -0,
      d: Number.MIN_VALUE,
    });
  });

  it('decoded opaques are zero-copy slices of the input', () => {
    const buf = encodeToBuffer(codec('Outer'), sampleOuter());
    const back = decodeFromBuffer(codec('Outer'), buf) as ReturnType<typeof sampleOuter>;
    assert.equal(back.s.buffer, buf.buffer);
    assert.equal(back.h.buffer, buf.buffer);
    assert.ok(
      back.s.byteOffset > buf.byteOffset && back.s.byteOffset < buf.byteOffset + buf.length,
    );
  });

  it('unions: enum discriminant with multiple labels, void arm and default arm', () => {
    roundTrip('Shape', { c: 0, side: 7 }, '00000000 00000007');
    roundTrip('Shape', { c: 1, side: -7 }, '00000001 fffffff9');
    roundTrip('Shape', { c: 32 }, '00000020');
    roundTrip('Shape', { c: -5, label: Buffer.from('xy') }, 'fffffffb 00000002 78790000');
    roundTrip('Shape', { c: 2147483647, label: Buffer.alloc(0) }, '7fffffff 00000000');
    assert.throws(
      () => decodeFromBuffer(codec('Shape'), hex('00000007')),
      decodeError('NFSP_ERR_XDR_ENUM', 'Shape.c'),
    );
    assert.throws(
      () => decodeFromBuffer(codec('Shape'), hex('fffffffb 00000011' + '00'.repeat(20))),
      decodeError('NFSP_ERR_XDR_LIMIT', 'Shape.label'),
    );
  });

  it('unions: bool discriminant (TRUE/FALSE arms, and TRUE with default)', () => {
    roundTrip(
      'Maybe',
      { present: true, value: item('a', 1) },
      '00000001 00000001 61000000 00000001',
    );
    roundTrip('Maybe', { present: false }, '00000000');
    roundTrip('OnlyTrue', { set: true, value: 3 }, '00000001 00000003');
    roundTrip('OnlyTrue', { set: false }, '00000000');
    assert.throws(
      () => decodeFromBuffer(codec('Maybe'), hex('00000002')),
      decodeError('NFSP_ERR_XDR_BOOL', 'Maybe.present'),
    );
  });

  it('unions: int and unsigned discriminants, negative and constant case labels', () => {
    roundTrip('NumU', { n: -5, neg: -2n }, 'fffffffb fffffffffffffffe');
    roundTrip('NumU', { n: 0 }, '00000000');
    roundTrip('NumU', { n: 8, eight: 1 }, '00000008 3ff0000000000000');
    roundTrip('UU', { u: 0xffffffff, max: 1 }, 'ffffffff 00000001');
    roundTrip('UU', { u: 7 }, '00000007');
    roundTrip('Outer_inner', { kind: -3 }, 'fffffffd');
    roundTrip('Outer_inner', { kind: 2, two: { b: true } }, '00000002 00000001');
    assert.throws(
      () => decodeFromBuffer(codec('NumU'), hex('00000003')),
      decodeError('NFSP_ERR_XDR_UNION', 'NumU'),
    );
    assert.throws(
      () => encodeToBuffer(codec('NumU'), { n: 3 }),
      (e: unknown) => {
        assert.ok(e instanceof XdrEncodeError);
        return true;
      },
    );
  });

  it('linked lists via a self-pointer and via a typedef decode to arrays of nodes', () => {
    roundTrip(
      'NodeHolder',
      { head: [{ value: 1 }, { value: 2 }], after: 9 },
      '00000001 00000001  00000001 00000002  00000000  00000009',
    );
    roundTrip('NodeHolder', { head: [], after: 0 }, '00000000 00000000');
    roundTrip(
      'linklist',
      [{ name: Buffer.from('a') }, { name: Buffer.from('bcde') }],
      '00000001 00000001 61000000  00000001 00000004 62636465  00000000',
    );
    roundTrip('linklist', [], '00000000');
    // The node struct itself has no next field.
    roundTrip('node', { value: 5 }, '00000005');
    roundTrip('link', { name: Buffer.from('q') }, '00000001 71000000');
  });

  it('recursive (non-list) types round-trip', () => {
    const t = { left: { left: null, right: null, value: 1 }, right: null, value: 2 };
    roundTrip('tree', t, '00000001 00000000 00000000 00000001  00000000 00000002');
  });

  it('program descriptors name every version and procedure with their codecs', () => {
    const p = mod.program_TESTPROG as XdrProgram;
    assert.equal(p.name, 'TESTPROG');
    assert.equal(p.number, 0x20000099);
    assert.equal(mod.TESTPROG, 0x20000099);
    assert.equal(mod.TESTVERS, 1);
    assert.equal(mod.TESTVERS2, 2);
    assert.equal(mod.TESTPROC_LIST, 3);
    const v1 = p.versions.TESTVERS!;
    assert.equal(v1.number, 1);
    assert.deepEqual(Object.keys(v1.procedures), [
      'TESTPROC_NULL',
      'TESTPROC_ECHO',
      'TESTPROC_INT',
      'TESTPROC_LIST',
    ]);
    assert.equal(v1.procedures.TESTPROC_NULL!.args, voidCodec);
    assert.equal(v1.procedures.TESTPROC_NULL!.result, voidCodec);
    assert.equal(v1.procedures.TESTPROC_ECHO!.args, codec('Outer'));
    assert.equal(v1.procedures.TESTPROC_ECHO!.result, codec('Outer'));
    assert.equal(v1.procedures.TESTPROC_INT!.args, codec('bigcount'));
    assert.equal(v1.procedures.TESTPROC_INT!.result, intCodec);
    assert.equal(v1.procedures.TESTPROC_LIST!.result, codec('linklist'));
    assert.equal(v1.procedures.TESTPROC_LIST!.number, 3);
    assert.equal(p.versions.TESTVERS2!.procedures.TESTPROC2_NULL!.number, 0);
  });

  it('decode errors carry the full path of the failing field', () => {
    // items<> claims 3 items; items[2].name claims 17 bytes, over shortname<16>.
    const bad = hex(
      '00000003' +
        '00000001 61000000 00000001' +
        '00000002 62620000 00000002' +
        '00000011' +
        '00'.repeat(20),
    );
    assert.throws(
      () => decodeFromBuffer(codec('Outer'), bad),
      decodeError('NFSP_ERR_XDR_LIMIT', 'Outer.items[2].name'),
    );
    const good = encodeToBuffer(codec('Outer'), sampleOuter());
    // Truncated: the last field (inner.two.b) is missing.
    assert.throws(
      () => decodeFromBuffer(codec('Outer'), good.subarray(0, good.length - 4)),
      decodeError('NFSP_ERR_XDR_SHORT', 'Outer.inner.two.b'),
    );
    // A bad enum value inside a fixed array: cs[1] is WHITE (7fffffff), unique in the encoding.
    const at = good.indexOf(hex('7fffffff'));
    assert.ok(at > 0 && good.lastIndexOf(hex('7fffffff')) === at);
    const patched = Buffer.from(good);
    patched.writeInt32BE(7, at);
    assert.throws(
      () => decodeFromBuffer(codec('Outer'), patched),
      decodeError('NFSP_ERR_XDR_ENUM', 'Outer.cs[1]'),
    );
    // A bad bool as the list continuation after the first node.
    assert.throws(
      () => decodeFromBuffer(codec('NodeHolder'), hex('00000001 00000001 00000002')),
      decodeError('NFSP_ERR_XDR_BOOL', 'NodeHolder.head[1]'),
    );
    // Trailing bytes.
    assert.throws(
      () => decodeFromBuffer(codec('Item'), hex('00000000 00000001 00000000')),
      decodeError('NFSP_ERR_XDR_TRAILING', ''),
    );
  });

  it('encode errors carry the full path of the failing field (opaque over its maximum)', () => {
    const tooLong = { ...sampleOuter(), items: [item('a', 1), item('x'.repeat(17), 2)] };
    assert.throws(
      () => encodeToBuffer(codec('Outer'), tooLong),
      encodeError('Outer.items[1].name'),
    );
  });

  it('encode errors carry the full path of the failing field (int not an integer)', () => {
    const badInt = { ...sampleOuter(), point: { x: 1.5, y: 0 } };
    assert.throws(() => encodeToBuffer(codec('Outer'), badInt), encodeError('Outer.point.x'));
  });

  it('encode errors carry the full path of the failing field (enum value)', () => {
    const badEnum = { ...sampleOuter(), cs: [0, 0, 3] };
    assert.throws(() => encodeToBuffer(codec('Outer'), badEnum), encodeError('Outer.cs[2]'));
  });
});

/** 1-based line and column of the `nth` occurrence of `needle` in `src`. */
function at(src: string, needle: string, nth = 0): { line: number; col: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = src.indexOf(needle, i + 1);
    assert.ok(i >= 0, `'${needle}' #${nth} not in source`);
  }
  const before = src.slice(0, i);
  const line = before.split('\n').length;
  const col = i - (before.lastIndexOf('\n') + 1) + 1;
  return { line, col };
}

function specError(src: string, where: { line: number; col: number }, detail: RegExp): void {
  const file = 'xdr-specs/bad.x';
  assert.throws(
    () => compileXdr(src, { specPath: file, runtimeImport: '@nfs/rpc-xdr' }),
    (e: unknown) => {
      assert.ok(e instanceof XdrSpecError, `expected XdrSpecError, got ${String(e)}`);
      const prefix = `${file}:${where.line}:${where.col}: `;
      assert.ok(e.message.startsWith(prefix), `expected '${prefix}...', got '${e.message}'`);
      assert.equal(e.pos.line, where.line);
      assert.equal(e.pos.col, where.col);
      assert.match(e.message, detail);
      return true;
    },
  );
}

describe('compiler: bad specs report file:line:col', () => {
  it('syntax error (missing semicolon)', () => {
    const src = 'const A = 1;\nstruct S {\n    int a\n};\n';
    specError(src, at(src, '}'), /expected ';'/);
  });
  it('syntax error (definition expected)', () => {
    const src = 'const A = 1;\n\n  banana x;\n';
    specError(src, at(src, 'banana'), /expected a definition/);
  });
  it('unknown type in a typedef', () => {
    const src = 'const A = 1;\ntypedef Foo bar;\n';
    specError(src, at(src, 'Foo'), /unknown type 'Foo'/);
  });
  it('unknown type in a struct field points at the reference', () => {
    const src = 'struct S {\n    int a;\n    Foo b;\n};\n';
    specError(src, at(src, 'Foo'), /unknown type 'Foo'/);
  });
  it('unknown type in a union arm points at the reference', () => {
    const src = 'union U switch (int d) {\ncase 1:\n    Foo b;\n};\n';
    specError(src, at(src, 'Foo'), /unknown type 'Foo'/);
  });
  it('unknown constant in an array bound and in an enumerator', () => {
    const a = 'const MAX = 4;\ntypedef int arr<MAXX>;\n';
    specError(a, at(a, 'MAXX'), /unknown constant 'MAXX'/);
    const b = 'enum E {\n    A = 1,\n    B = UNDEF\n};\n';
    specError(b, at(b, 'UNDEF'), /unknown constant 'UNDEF'/);
  });
  it('duplicate name: a second struct of the same name', () => {
    const src = 'struct A { int x; };\nstruct A { int y; };\n';
    specError(src, at(src, 'struct', 1), /'A' is already defined at 1:1/);
  });
  it('duplicate name: an enumerator named like an earlier struct points at the enumerator', () => {
    const src = 'struct A { int x; };\nenum B { A = 1 };\n';
    specError(src, at(src, 'A =', 0), /'A' is already defined/);
  });
  it('duplicate enumerator across enums', () => {
    const src = 'enum E { A = 1 };\nenum F { B = 2,\n  A = 3 };\n';
    specError(src, at(src, 'A', 1), /'A' is already defined at 1:10/);
  });
  it('duplicate case value', () => {
    const src = 'union U switch (int d) {\ncase 1:\n    int a;\ncase 2:\ncase 1:\n    int b;\n};\n';
    specError(src, at(src, '1', 1), /duplicate case 1/);
  });
  it('case value not in the discriminant enum', () => {
    const src =
      'enum E { A = 1, B = 3 };\nunion U switch (E d) {\ncase A:\n    void;\ncase 2:\n    void;\n};\n';
    specError(src, at(src, '2'), /case 2 is not a value of enum E/);
  });
  it('quadruple', () => {
    const src = 'typedef int a;\ntypedef quadruple q;\n';
    specError(src, at(src, 'quadruple'), /quadruple/);
  });
  it('a procedure with two arguments', () => {
    const src = 'program P {\n  version V {\n    int F(int, int) = 1;\n  } = 1;\n} = 1;\n';
    specError(src, at(src, ','), /more than one argument/);
  });
  it('unterminated comment', () => {
    const src = 'const A = 1;\n  /* never closed\nconst B = 2;\n';
    specError(src, at(src, '/*'), /unterminated comment/);
  });
  it('bad octal constant', () => {
    const src = 'const A = 1;\nconst B = 0128;\n';
    specError(src, at(src, '0128'), /bad octal constant 0128/);
  });
  it('a list node struct used by value points at the use', () => {
    const src =
      'struct node {\n    int v;\n    node *next;\n};\nstruct H {\n    int a;\n    node n;\n};\n';
    specError(src, at(src, 'node n'), /list node struct 'node' is used by value/);
  });
  it('a list node struct used by value as a procedure argument', () => {
    const src =
      'struct node { int v; node *next; };\nprogram P { version V {\n  int F(node) = 1;\n} = 1; } = 1;\n';
    specError(src, at(src, 'node)'), /list node struct 'node' is used by value/);
  });
  it('the error is an XdrSpecError with code NFSP_ERR_XDR_SPEC', () => {
    try {
      compileXdr('typedef quadruple q;', { specPath: 'q.x', runtimeImport: 'x' });
      assert.fail('no error');
    } catch (e) {
      assert.ok(e instanceof XdrSpecError);
      assert.equal(e.code, 'NFSP_ERR_XDR_SPEC');
      assert.equal(e.pos.file, 'q.x');
    }
  });
});

describe('compiler: forward references', () => {
  it('a union may switch on an enum defined later in the file (as structs may reference later types)', () => {
    const src =
      'union U switch (E d) {\ncase A:\n    int a;\ndefault:\n    void;\n};\nenum E { A = 1, B = 2 };\n';
    const model = buildModel(parseSpecification(src, 'fwd.x'));
    const u = model.types.get('U');
    assert.ok(u?.kind === 'union');
    assert.equal(u.discKind, 'enum');
  });
  it('structs and list typedefs may reference later types', () => {
    const src =
      'struct S { T t; };\nstruct T { int x; };\ntypedef n *nl;\nstruct n { int v; nl next; };\n';
    const model = buildModel(parseSpecification(src, 'fwd.x'));
    const nl = model.types.get('nl');
    assert.ok(nl?.kind === 'typedef');
    assert.deepEqual(nl.ty, { k: 'list', node: 'n' });
    const n = model.types.get('n');
    assert.ok(n?.kind === 'struct');
    assert.equal(n.listNext, 'next');
    assert.deepEqual(n.fields, [{ name: 'v', ty: { k: 'int' } }]);
  });
});

describe('compiler: committed generated modules are up to date', () => {
  const config = JSON.parse(readFileSync(join(repoRoot, 'xdr-specs/codegen.json'), 'utf8')) as {
    outputs: { spec: string; out: string; runtime: string }[];
  };
  it('codegen.json lists outputs', () => {
    assert.ok(config.outputs.length >= 4);
  });
  for (const o of config.outputs) {
    it(`${o.out} matches ${o.spec}`, () => {
      const expected = compileXdr(readFileSync(join(repoRoot, o.spec), 'utf8'), {
        specPath: o.spec,
        runtimeImport: o.runtime,
      });
      const actual = readFileSync(join(repoRoot, o.out), 'utf8');
      assert.ok(
        actual === expected,
        `${o.out} is stale: regenerate it with \`npm run gen\` and commit the result`,
      );
    });
  }
});

describe('compiler: long lists and limits', () => {
  it('a 10,000-item linked list decodes iteratively (no stack overflow)', () => {
    const head = Array.from({ length: 10_000 }, (_, i) => ({ value: i - 5000 }));
    const v = { head, after: 1 };
    const buf = roundTrip('NodeHolder', v);
    assert.equal(buf.length, 10_000 * 8 + 8);
    const names = Array.from({ length: 10_000 }, (_, i) => ({ name: Buffer.from(`n${i}`) }));
    roundTrip('linklist', names);
  });

  it('a list longer than maxUnbounded fails with NFSP_ERR_XDR_LIMIT', () => {
    const limits: XdrLimits = { maxUnbounded: 100, maxDepth: 64 };
    const ok = encodeToBuffer(codec('NodeHolder'), {
      head: Array.from({ length: 100 }, (_, i) => ({ value: i })),
      after: 0,
    });
    assert.equal(
      (decodeFromBuffer(codec('NodeHolder'), ok, limits) as { head: unknown[] }).head.length,
      100,
    );
    const tooMany = encodeToBuffer(codec('NodeHolder'), {
      head: Array.from({ length: 101 }, (_, i) => ({ value: i })),
      after: 0,
    });
    assert.throws(
      () => decodeFromBuffer(codec('NodeHolder'), tooMany, limits),
      decodeError('NFSP_ERR_XDR_LIMIT', 'NodeHolder.head[100]'),
    );
  });

  it('recursive types are bounded by maxDepth (NFSP_ERR_XDR_DEPTH), not by the stack', () => {
    // 10,000 nested "left follows" pointers: must fail cleanly at the depth limit.
    const deep = Buffer.from('00000001'.repeat(10_000), 'hex');
    assert.throws(
      () => decodeFromBuffer(codec('tree'), deep),
      (e: unknown) => e instanceof XdrDecodeError && e.code === 'NFSP_ERR_XDR_DEPTH',
    );
    // Exactly maxDepth levels are accepted.
    const nest = (levels: number): unknown => {
      let t: unknown = { left: null, right: null, value: 0 };
      for (let i = 1; i < levels; i++) t = { left: t, right: null, value: i };
      return t;
    };
    const limits: XdrLimits = { maxUnbounded: 1024, maxDepth: 8 };
    decodeFromBuffer(codec('tree'), encodeToBuffer(codec('tree'), nest(8)), limits);
    assert.throws(
      () => decodeFromBuffer(codec('tree'), encodeToBuffer(codec('tree'), nest(9)), limits),
      (e: unknown) => e instanceof XdrDecodeError && e.code === 'NFSP_ERR_XDR_DEPTH',
    );
  });
});
