/**
 * Generated NFSv3 / MOUNT / portmap / RPC codecs:
 * (a) property-based round trips of EVERY named type, with arbitraries derived from the
 *     compiler's model of each .x file (so a type added to a spec is covered automatically);
 * (b) byte-exact fixtures checked by hand against the RFC 1813 / RFC 5531 layouts;
 * (c) error paths through nested unions, structs and linked lists.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import {
  XdrDecodeError,
  XdrEncodeError,
  XdrWriter,
  decodeFromBuffer,
  encodeToBuffer,
  type XdrCodec,
  type XdrLimits,
} from '@nfs/rpc-xdr';
import { buildModel, parseSpecification, type Model } from '@nfs/rpc-xdr/compiler';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import * as mount3 from '../../src/protocol/generated/mount3.js';
import * as portmap from '../../src/protocol/generated/portmap.js';
import * as rpcMsg from '../../src/rpc-xdr/src/generated/rpc-msg.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// ---------------------------------------------------------------------------------------------
// Model-driven arbitraries
// ---------------------------------------------------------------------------------------------

type NamedType = Model['types'] extends Map<string, infer T> ? T : never;
type Ty = Extract<NamedType, { kind: 'typedef' }>['ty'];

/** Upper bound for lengths declared without a maximum (`<>`) and for linked lists. */
const SMALL = 64;
/** Declared maxima above this are sampled only up to SMALL (plus the exact maximum). */
const EXACT_MAX_UP_TO = 4096;
const NUM_RUNS = 50;

const INT = fc.integer({ min: -0x80000000, max: 0x7fffffff });
const UINT = fc.integer({ min: 0, max: 0xffffffff });
const HYPER = fc.oneof(
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.constantFrom(-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n, 2n ** 53n + 1n),
);
const UHYPER = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  fc.constantFrom(0n, 2n ** 64n - 1n, 2n ** 53n + 1n, 2n ** 32n + 5n),
);

class ArbitraryBuilder {
  private readonly memo = new Map<string, fc.Arbitrary<unknown>>();

  constructor(private readonly model: Model) {}

  private type(name: string): NamedType {
    const t = this.model.types.get(name);
    assert.ok(t, `type ${name} in model`);
    return t;
  }

  /** Follows typedefs to the underlying named type, if the chain ends in one. */
  private resolve(ty: Ty): NamedType | undefined {
    let t = ty;
    for (let i = 0; i < 100 && t.k === 'named'; i++) {
      const n = this.type(t.name);
      if (n.kind !== 'typedef') return n;
      t = n.ty;
    }
    return undefined;
  }

  private length(max: number | undefined): fc.Arbitrary<number> {
    if (max === undefined) return fc.integer({ min: 0, max: SMALL });
    const small = fc.integer({ min: 0, max: Math.min(max, SMALL) });
    return max <= EXACT_MAX_UP_TO ? fc.oneof(small, fc.constant(max)) : small;
  }

  private bytes(len: fc.Arbitrary<number>): fc.Arbitrary<Buffer> {
    return len.chain((n) =>
      fc.uint8Array({ minLength: n, maxLength: n }).map((u) => Buffer.from(u)),
    );
  }

  ty(ty: Ty): fc.Arbitrary<unknown> {
    switch (ty.k) {
      case 'void':
        return fc.constant(undefined);
      case 'int':
        return INT;
      case 'uint':
        return UINT;
      case 'hyper':
        return HYPER;
      case 'uhyper':
        return UHYPER;
      case 'float':
        return fc.float();
      case 'double':
        return fc.double();
      case 'bool':
        return fc.boolean();
      case 'named':
        return this.named(ty.name);
      case 'fixedArray':
        return fc.array(this.ty(ty.elem), { minLength: ty.n, maxLength: ty.n });
      case 'varArray':
        return this.length(ty.max).chain((n) =>
          fc.array(this.ty(ty.elem), { minLength: n, maxLength: n }),
        );
      case 'fixedOpaque':
        return this.bytes(fc.constant(ty.n));
      case 'varOpaque':
      case 'string':
        return this.bytes(this.length(ty.max));
      case 'optional':
        return fc.option(this.ty(ty.elem), { nil: null });
      case 'list':
        return fc.array(this.named(ty.node), { maxLength: 8 });
    }
  }

  named(name: string): fc.Arbitrary<unknown> {
    const known = this.memo.get(name);
    if (known) return known;
    const t = this.type(name);
    // None of the protocol specs has a recursive type other than the flattened lists; if one
    // is added, this builder needs a depth bound (fc.letrec / fc.memo).
    assert.ok(!t.recursive, `${name} is recursive: extend the arbitrary builder`);
    let arb: fc.Arbitrary<unknown>;
    switch (t.kind) {
      case 'enum':
        arb = fc.constantFrom(...t.members.map((m) => m.value));
        break;
      case 'typedef':
        arb = this.ty(t.ty);
        break;
      case 'struct': {
        const shape: Record<string, fc.Arbitrary<unknown>> = {};
        for (const f of t.fields) shape[f.name] = this.ty(f.ty);
        arb = fc.record(shape, { noNullPrototype: true });
        break;
      }
      case 'union': {
        const d = t.disc.name;
        const variants: fc.Arbitrary<unknown>[] = [];
        const withArm = (disc: fc.Arbitrary<unknown>, field: (typeof t.arms)[number]['field']) =>
          field
            ? fc.tuple(disc, this.ty(field.ty)).map(([dv, fv]) => ({ [d]: dv, [field.name]: fv }))
            : disc.map((dv) => ({ [d]: dv }));
        for (const a of t.arms) {
          for (const v of a.values) variants.push(withArm(fc.constant(v), a.field));
        }
        if (t.defaultArm) {
          const listed = t.arms.flatMap((a) => a.values);
          let others: fc.Arbitrary<unknown> | undefined;
          if (t.discKind === 'bool') {
            const rest = [true, false].filter((b) => !listed.includes(b));
            if (rest.length > 0) others = fc.constantFrom(...rest);
          } else if (t.discKind === 'enum') {
            const e = this.resolve(t.disc.ty);
            assert.ok(e?.kind === 'enum');
            const rest = e.members.map((m) => m.value).filter((v) => !listed.includes(v));
            if (rest.length > 0) others = fc.constantFrom(...rest);
          } else {
            others = (t.discKind === 'int' ? INT : UINT).filter((v) => !listed.includes(v));
          }
          if (others) variants.push(withArm(others, t.defaultArm.field));
        }
        assert.ok(variants.length > 0, `union ${name} has an arm`);
        arb = fc.oneof(...variants);
        break;
      }
    }
    this.memo.set(name, arb);
    return arb;
  }
}

// ---------------------------------------------------------------------------------------------
// (a) Round trips of every named type of every spec
// ---------------------------------------------------------------------------------------------

type Namespace = Record<string, unknown>;

const SPECS: { spec: string; out: string; module: Namespace }[] = [
  { spec: 'xdr-specs/nfs3.x', out: 'src/protocol/generated/nfs3.ts', module: nfs3 },
  { spec: 'xdr-specs/mount3.x', out: 'src/protocol/generated/mount3.ts', module: mount3 },
  { spec: 'xdr-specs/portmap.x', out: 'src/protocol/generated/portmap.ts', module: portmap },
  { spec: 'xdr-specs/rpc.x', out: 'src/rpc-xdr/src/generated/rpc-msg.ts', module: rpcMsg },
];

function loadModel(spec: string): Model {
  return buildModel(parseSpecification(readFileSync(join(repoRoot, spec), 'utf8'), spec));
}

function checkRoundTrip(name: string, c: XdrCodec<unknown>, v: unknown): void {
  const size = c.size(v);
  // Encode into a larger, dirty buffer: the writer must stop exactly at sizeof(v).
  const big = Buffer.alloc(size + 16, 0xee);
  const w = new XdrWriter(big);
  c.encode(w, v);
  assert.equal(w.pos, size, `${name}: sizeof ${size} but encoded ${w.pos} bytes`);
  const bytes = big.subarray(0, size);
  const back = decodeFromBuffer(c, bytes);
  assert.deepEqual(back, v, `${name}: decode(encode(v)) differs`);
  const again = encodeToBuffer(c, back);
  assert.ok(again.equals(bytes), `${name}: re-encoding the decoded value changed the bytes`);
}

describe('generated codecs: property round trip of every named type', () => {
  it('the tested specs are exactly those in xdr-specs/codegen.json', () => {
    const config = JSON.parse(readFileSync(join(repoRoot, 'xdr-specs/codegen.json'), 'utf8')) as {
      outputs: { spec: string; out: string }[];
    };
    assert.deepEqual(
      config.outputs.map((o) => `${o.spec} -> ${o.out}`).sort(),
      SPECS.map((s) => `${s.spec} -> ${s.out}`).sort(),
    );
  });

  for (const { spec, module } of SPECS) {
    describe(spec, () => {
      const model = loadModel(spec);
      const arbs = new ArbitraryBuilder(model);
      const covered = new Set<string>();

      for (const name of model.types.keys()) {
        it(name, () => {
          covered.add(name);
          const c = module[`codec_${name}`] as XdrCodec<unknown> | undefined;
          assert.ok(c, `codec_${name} exported by the module of ${spec}`);
          assert.equal(c.name, name);
          for (const prefix of ['decode_', 'encode_', 'sizeof_']) {
            assert.equal(typeof module[prefix + name], 'function', `${prefix}${name}`);
          }
          fc.assert(
            fc.property(arbs.named(name), (v) => checkRoundTrip(name, c, v)),
            { numRuns: NUM_RUNS },
          );
        });
      }

      it('the arbitraries reach every union arm, including default arms', () => {
        for (const t of model.types.values()) {
          if (t.kind !== 'union') continue;
          const samples = fc.sample(arbs.named(t.name), { numRuns: 300, seed: 42 }) as Record<
            string,
            unknown
          >[];
          const discs = samples.map((s) => s[t.disc.name] as number | boolean);
          const listed = t.arms.flatMap((a) => a.values);
          for (const a of t.arms) {
            for (const v of a.values) assert.ok(discs.includes(v), `${t.name}: case ${String(v)}`);
          }
          const defaultPossible =
            t.discKind === 'bool' ? listed.length < 2 : t.discKind !== 'enum' || hasUnlisted(t);
          if (t.defaultArm && defaultPossible) {
            assert.ok(
              discs.some((d) => !listed.includes(d)),
              `${t.name}: default arm`,
            );
          }
        }
        function hasUnlisted(u: Extract<NamedType, { kind: 'union' }>): boolean {
          let ty: Ty = u.disc.ty;
          for (;;) {
            assert.ok(ty.k === 'named');
            const n = model.types.get(ty.name);
            assert.ok(n);
            if (n.kind === 'enum') {
              const listed = u.arms.flatMap((a) => a.values);
              return n.members.some((m) => !listed.includes(m.value));
            }
            assert.ok(n.kind === 'typedef');
            ty = n.ty;
          }
        }
      });

      it('covers exactly the model types and the exported codecs', () => {
        const modelTypes = [...model.types.keys()].sort();
        assert.deepEqual([...covered].sort(), modelTypes);
        const exported = Object.keys(module)
          .filter((k) => k.startsWith('codec_'))
          .map((k) => k.slice('codec_'.length))
          .sort();
        assert.deepEqual(exported, modelTypes);
      });
    });
  }
});

// ---------------------------------------------------------------------------------------------
// (b) Byte-exact fixtures (RFC 1813 sections 2.5, 2.6, 3.3.1, 3.3.3, 3.3.7, 3.3.17, 5.2.1, 5.2.5)
// ---------------------------------------------------------------------------------------------

/** Hex with comments: everything from `#` to the end of a line is ignored, as is whitespace. */
function wire(text: string): Buffer {
  const h = text
    .split('\n')
    .map((l) => l.replace(/#.*$/, ''))
    .join('')
    .replace(/\s+/g, '');
  assert.match(h, /^([0-9a-f]{8})*$/, 'fixture is whole XDR words');
  return Buffer.from(h, 'hex');
}

function fixture<T>(c: XdrCodec<T>, bytes: Buffer, expected: T): void {
  const decoded = decodeFromBuffer(c, bytes);
  assert.deepEqual(decoded, expected);
  assert.equal(c.size(expected), bytes.length);
  assert.equal(encodeToBuffer(c, expected).toString('hex'), bytes.toString('hex'));
  assert.equal(encodeToBuffer(c, decoded).toString('hex'), bytes.toString('hex'));
}

const FH32 = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const FH8 = Buffer.from('a1a2a3a4a5a6a7a8', 'hex');

describe('generated codecs: byte-exact fixtures', () => {
  it('GETATTR3args with a 32-byte handle', () => {
    const bytes = wire(`
      00000020                          # object.data length = 32 (nfs_fh3: opaque data<64>)
      00010203 04050607 08090a0b 0c0d0e0f
      10111213 14151617 18191a1b 1c1d1e1f # object.data, 32 bytes, no padding needed
    `);
    fixture<nfs3.GETATTR3args>(nfs3.codec_GETATTR3args, bytes, { object: { data: FH32 } });
  });

  it('LOOKUP3args', () => {
    const bytes = wire(`
      00000008                          # what.dir.data length = 8
      a1a2a3a4 a5a6a7a8                 # what.dir.data
      00000007                          # what.name length = 7 (filename3: string<>)
      666f6f2e 747874 00                # "foo.txt" + 1 byte of zero padding
    `);
    fixture<nfs3.LOOKUP3args>(nfs3.codec_LOOKUP3args, bytes, {
      what: { dir: { data: FH8 }, name: Buffer.from('foo.txt') },
    });
  });

  it('WRITE3args (offset 2^32+5, count 5, FILE_SYNC, "hello")', () => {
    const bytes = wire(`
      00000008                          # file.data length = 8
      a1a2a3a4 a5a6a7a8                 # file.data
      00000001 00000005                 # offset (offset3 = uint64) = 2^32 + 5, high word first
      00000005                          # count (count3 = uint32) = 5
      00000002                          # stable = FILE_SYNC (stable_how enum)
      00000005                          # data length = 5 (opaque data<>)
      68656c6c 6f 000000                # "hello" + 3 bytes of zero padding
    `);
    fixture<nfs3.WRITE3args>(nfs3.codec_WRITE3args, bytes, {
      file: { data: FH8 },
      offset: 2n ** 32n + 5n,
      count: 5,
      stable: nfs3.FILE_SYNC,
      data: Buffer.from('hello'),
    });
  });

  it('GETATTR3res NFS3_OK with a full fattr3', () => {
    const bytes = wire(`
      00000000                          # status = NFS3_OK
      00000001                          # obj_attributes.type = NF3REG
      000001a4                          # mode = 0644
      00000002                          # nlink = 2
      000003e8                          # uid = 1000
      00000064                          # gid = 100
      00000000 00001234                 # size = 0x1234 (uint64)
      00000000 00002000                 # used = 8192
      00000008 00000001                 # rdev = { specdata1 = 8, specdata2 = 1 }
      01234567 89abcdef                 # fsid = 0x0123456789abcdef
      00200000 00000001                 # fileid = 2^53 + 1 (exact as a bigint)
      6553f100 00000001                 # atime = { seconds = 1700000000, nseconds = 1 }
      6553f100 00000002                 # mtime = { 1700000000, 2 }
      6553f101 3b9ac9ff                 # ctime = { 1700000001, 999999999 }
    `);
    assert.equal(bytes.length, 4 + 84); // RFC 1813: fattr3 is 84 bytes on the wire
    fixture<nfs3.GETATTR3res>(nfs3.codec_GETATTR3res, bytes, {
      status: nfs3.NFS3_OK,
      resok: {
        obj_attributes: {
          type: nfs3.NF3REG,
          mode: 0o644,
          nlink: 2,
          uid: 1000,
          gid: 100,
          size: 0x1234n,
          used: 8192n,
          rdev: { specdata1: 8, specdata2: 1 },
          fsid: 0x0123456789abcdefn,
          fileid: 2n ** 53n + 1n,
          atime: { seconds: 1700000000, nseconds: 1 },
          mtime: { seconds: 1700000000, nseconds: 2 },
          ctime: { seconds: 1700000001, nseconds: 999999999 },
        },
      },
    });
  });

  it('READDIRPLUS3res with two entries and eof (linked-list wire format)', () => {
    const bytes = wire(`
      00000000                          # status = NFS3_OK
      00000000                          # resok.dir_attributes.attributes_follow = FALSE
      01020304 05060708                 # resok.cookieverf (cookieverf3 = opaque[8])
      00000001                          # reply.entries: value follows (entry 0)
      00000000 00000002                 #   fileid = 2
      00000001 2e000000                 #   name = "." (length 1 + 3 bytes padding)
      00000000 00000001                 #   cookie = 1
      00000000                          #   name_attributes.attributes_follow = FALSE
      00000001                          #   name_handle.handle_follows = TRUE
      00000004 aabbccdd                 #   name_handle.handle.data (length 4)
      00000001                          # nextentry: value follows (entry 1)
      00000000 0000000a                 #   fileid = 10
      00000004 66696c65                 #   name = "file" (no padding)
      ffffffff ffffffff                 #   cookie = 2^64 - 1
      00000000                          #   name_attributes.attributes_follow = FALSE
      00000000                          #   name_handle.handle_follows = FALSE
      00000000                          # nextentry: no value (end of list)
      00000001                          # reply.eof = TRUE
    `);
    fixture<nfs3.READDIRPLUS3res>(nfs3.codec_READDIRPLUS3res, bytes, {
      status: nfs3.NFS3_OK,
      resok: {
        dir_attributes: { attributes_follow: false },
        cookieverf: Buffer.from('0102030405060708', 'hex'),
        reply: {
          entries: [
            {
              fileid: 2n,
              name: Buffer.from('.'),
              cookie: 1n,
              name_attributes: { attributes_follow: false },
              name_handle: {
                handle_follows: true,
                handle: { data: Buffer.from('aabbccdd', 'hex') },
              },
            },
            {
              fileid: 10n,
              name: Buffer.from('file'),
              cookie: 2n ** 64n - 1n,
              name_attributes: { attributes_follow: false },
              name_handle: { handle_follows: false },
            },
          ],
          eof: true,
        },
      },
    });
  });

  it('post_op_attr FALSE', () => {
    const bytes = wire(`
      00000000                          # attributes_follow = FALSE, no attributes
    `);
    fixture<nfs3.post_op_attr>(nfs3.codec_post_op_attr, bytes, { attributes_follow: false });
  });

  it('MOUNT mountres3 MNT3_OK with auth_flavors [AUTH_SYS]', () => {
    const bytes = wire(`
      00000000                          # fhs_status = MNT3_OK
      00000008                          # mountinfo.fhandle length = 8 (fhandle3: opaque<64>)
      a1a2a3a4 a5a6a7a8                 # mountinfo.fhandle
      00000001                          # mountinfo.auth_flavors count = 1 (int<>)
      00000001                          # auth_flavors[0] = 1 (AUTH_SYS)
    `);
    fixture<mount3.mountres3>(mount3.codec_mountres3, bytes, {
      fhs_status: mount3.MNT3_OK,
      mountinfo: { fhandle: FH8, auth_flavors: [1] },
    });
  });

  it('MOUNTPROC3_EXPORT reply: one export with two groups', () => {
    const bytes = wire(`
      00000001                          # exports: value follows (exportnode 0)
      00000007 2f657870 6f727400        #   ex_dir = "/export" (7 bytes + 1 padding)
      00000001                          #   ex_groups: value follows (groupnode 0)
      00000005 686f7374 31000000        #     gr_name = "host1" (5 bytes + 3 padding)
      00000001                          #   gr_next: value follows (groupnode 1)
      0000000a 31302e30 2e302e30 2f380000 #   gr_name = "10.0.0.0/8" (10 bytes + 2 padding)
      00000000                          #   gr_next: no value (end of groups)
      00000000                          # ex_next: no value (end of exports)
    `);
    const exp = mount3.program_MOUNT_PROGRAM.versions.MOUNT_V3.procedures.MOUNTPROC3_EXPORT;
    assert.equal(exp.number, 5);
    assert.equal(exp.result, mount3.codec_exports);
    fixture<mount3.exports>(mount3.codec_exports, bytes, [
      {
        ex_dir: Buffer.from('/export'),
        ex_groups: [{ gr_name: Buffer.from('host1') }, { gr_name: Buffer.from('10.0.0.0/8') }],
      },
    ]);
  });

  it('an empty export list is a single FALSE', () => {
    fixture<mount3.exports>(mount3.codec_exports, wire('00000000 # no value'), []);
  });
});

// ---------------------------------------------------------------------------------------------
// (c) Error paths
// ---------------------------------------------------------------------------------------------

function entry(name: string, i: number): nfs3.entryplus3 {
  return {
    fileid: BigInt(100 + i),
    name: Buffer.from(name),
    cookie: BigInt(i + 1),
    name_attributes: { attributes_follow: false },
    name_handle: { handle_follows: false },
  };
}

function readdirplus(names: string[]): nfs3.READDIRPLUS3res {
  return {
    status: nfs3.NFS3_OK,
    resok: {
      dir_attributes: { attributes_follow: false },
      cookieverf: Buffer.alloc(8),
      reply: { entries: names.map(entry), eof: true },
    },
  };
}

describe('generated codecs: error paths', () => {
  it("READDIRPLUS3res whose entry 3's name is over the reader's unbounded limit", () => {
    const limits: XdrLimits = { maxUnbounded: 16, maxDepth: 64 };
    const value = readdirplus(['a', 'bb', 'ccc', 'x'.repeat(17), 'e']);
    const bytes = encodeToBuffer(nfs3.codec_READDIRPLUS3res, value);
    // With the default limits it is fine.
    assert.deepEqual(decodeFromBuffer(nfs3.codec_READDIRPLUS3res, bytes), value);
    assert.throws(
      () => decodeFromBuffer(nfs3.codec_READDIRPLUS3res, bytes, limits),
      (e: unknown) => {
        assert.ok(e instanceof XdrDecodeError, String(e));
        assert.equal(e.code, 'NFSP_ERR_XDR_LIMIT');
        assert.equal(e.path, 'READDIRPLUS3res.resok.reply.entries[3].name');
        assert.match(e.message, /^READDIRPLUS3res\.resok\.reply\.entries\[3\]\.name: /);
        return true;
      },
    );
  });

  it('READDIRPLUS3res with more entries than the list limit', () => {
    const limits: XdrLimits = { maxUnbounded: 4, maxDepth: 64 };
    const bytes = encodeToBuffer(
      nfs3.codec_READDIRPLUS3res,
      readdirplus(['a', 'b', 'c', 'd', 'e']),
    );
    assert.throws(
      () => decodeFromBuffer(nfs3.codec_READDIRPLUS3res, bytes, limits),
      (e: unknown) =>
        e instanceof XdrDecodeError &&
        e.code === 'NFSP_ERR_XDR_LIMIT' &&
        e.path === 'READDIRPLUS3res.resok.reply.entries[4]',
    );
  });

  it('a truncated READDIRPLUS3res names the field that ran out', () => {
    const bytes = encodeToBuffer(nfs3.codec_READDIRPLUS3res, readdirplus(['a', 'b']));
    // Drop eof: everything up to the end-of-list FALSE is intact.
    assert.throws(
      () => decodeFromBuffer(nfs3.codec_READDIRPLUS3res, bytes.subarray(0, bytes.length - 4)),
      (e: unknown) =>
        e instanceof XdrDecodeError &&
        e.code === 'NFSP_ERR_XDR_SHORT' &&
        e.path === 'READDIRPLUS3res.resok.reply.eof',
    );
  });

  it('an unknown nfsstat3 is an enum error on the status field', () => {
    assert.throws(
      () => decodeFromBuffer(nfs3.codec_GETATTR3res, wire('00000003')),
      (e: unknown) =>
        e instanceof XdrDecodeError &&
        e.code === 'NFSP_ERR_XDR_ENUM' &&
        e.path === 'GETATTR3res.status',
    );
  });

  it('an encode error names the field path (file handle over NFS3_FHSIZE)', () => {
    const v: nfs3.WRITE3args = {
      file: { data: Buffer.alloc(65) },
      offset: 0n,
      count: 0,
      stable: nfs3.UNSTABLE,
      data: Buffer.alloc(0),
    };
    assert.throws(
      () => encodeToBuffer(nfs3.codec_WRITE3args, v),
      (e: unknown) => {
        assert.ok(e instanceof XdrEncodeError, String(e));
        assert.equal(e.code, 'NFSP_ERR_XDR_ENCODE');
        assert.equal(e.path, 'WRITE3args.file.data');
        return true;
      },
    );
  });

  it('a file handle over NFS3_FHSIZE is a limit error', () => {
    const bytes = wire('00000041' + '00'.repeat(68));
    assert.throws(
      () => decodeFromBuffer(nfs3.codec_GETATTR3args, bytes),
      (e: unknown) =>
        e instanceof XdrDecodeError &&
        e.code === 'NFSP_ERR_XDR_LIMIT' &&
        e.path === 'GETATTR3args.object.data',
    );
  });
});
