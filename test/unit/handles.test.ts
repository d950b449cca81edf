/**
 * HandleCodec (src/core/handles.ts): proxy-owned, HMAC-signed file handles. Round trips, the size
 * limit (ESXi's 56 bytes), every single-byte alteration rejected, truncated/extended handles,
 * another key or another export rejected, and the key file kept in the state directory (0600,
 * reused across loads).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  HANDLE_KEY_FILE,
  HandleCodec,
  MAX_PROXY_HANDLE,
  PROXY_HANDLE_SIZE,
} from '../../src/core/handles.js';
import { NFS3_FHSIZE } from '../../src/protocol/generated/nfs3.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'nfsp-handles-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function freshDir(): string {
  return join(dir, `state-${++n}`);
}

function rejected(codec: HandleCodec, h: Uint8Array, why?: RegExp): void {
  const r = codec.decode(h);
  assert.equal(r.ok, false, `handle ${Buffer.from(h).toString('hex')} was accepted`);
  if (why && !r.ok) assert.match(r.reason, why);
}

describe('HandleCodec: encoding', () => {
  const codec = new HandleCodec(randomBytes(32), 0xdeadbeef);

  it('is 34 bytes, within the ESXi limit of 56 and RFC 1813 NFS3_FHSIZE', () => {
    assert.equal(PROXY_HANDLE_SIZE, 34);
    assert.equal(MAX_PROXY_HANDLE, 56);
    assert.ok(PROXY_HANDLE_SIZE <= MAX_PROXY_HANDLE);
    assert.ok(MAX_PROXY_HANDLE <= NFS3_FHSIZE);
    assert.equal(codec.encode({ objectId: 1, view: 0 }).length, PROXY_HANDLE_SIZE);
  });

  it('round-trips object ids and views', () => {
    const ids = [1, 2, 255, 256, 65_536, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 5, 2 ** 40 + 3];
    ids.push(Number.MAX_SAFE_INTEGER);
    for (const objectId of ids) {
      for (const view of [0, 1, 7, 0xffff_ffff]) {
        const h = codec.encode({ objectId, view });
        const r = codec.decode(h);
        assert.ok(r.ok, `decode of ${objectId}/${view} failed`);
        assert.deepEqual(r.target, { objectId, view });
      }
    }
  });

  it('is deterministic: the same object always gets the same handle', () => {
    const a = codec.encode({ objectId: 42, view: 0 });
    const b = codec.encode({ objectId: 42, view: 0 });
    assert.ok(a.equals(b));
    assert.ok(!a.equals(codec.encode({ objectId: 43, view: 0 })));
    assert.ok(!a.equals(codec.encode({ objectId: 42, view: 1 })));
  });

  it('decodes a handle inside a larger buffer (subarray with an offset)', () => {
    const h = codec.encode({ objectId: 99, view: 0 });
    const big = Buffer.concat([Buffer.from('xxxxx'), h, Buffer.from('yyy')]);
    const r = codec.decode(big.subarray(5, 5 + h.length));
    assert.ok(r.ok);
    assert.equal(r.target.objectId, 99);
  });

  it('decodes a plain Uint8Array copy', () => {
    const h = codec.encode({ objectId: 1234, view: 0 });
    const r = codec.decode(new Uint8Array(h));
    assert.ok(r.ok);
    assert.equal(r.target.objectId, 1234);
  });

  it('refuses keys shorter than 32 bytes', () => {
    assert.throws(() => new HandleCodec(randomBytes(31), 1), /at least 32 bytes/);
    assert.throws(() => new HandleCodec(Buffer.alloc(0), 1));
  });
});

describe('HandleCodec: altered and forged handles', () => {
  const codec = new HandleCodec(randomBytes(32), 7);
  const good = codec.encode({ objectId: 123_456_789, view: 0 });

  it('rejects every single-byte flip, at every position', () => {
    for (let i = 0; i < good.length; i++) {
      for (const mask of [0x01, 0x02, 0x10, 0x80, 0xff]) {
        const h = Buffer.from(good);
        h[i] = h[i]! ^ mask;
        rejected(codec, h);
      }
    }
  });

  it('rejects every possible value of every byte but the right one (sampled positions)', () => {
    for (const i of [0, 1, 2, 5, 6, 13, 14, 17, 18, 33]) {
      for (let v = 0; v < 256; v++) {
        if (v === good[i]) continue;
        const h = Buffer.from(good);
        h[i] = v;
        rejected(codec, h);
      }
    }
  });

  it('rejects truncated handles of every length', () => {
    for (let len = 0; len < good.length; len++) {
      rejected(codec, good.subarray(0, len), /handle of \d+ bytes/);
    }
    // Dropping the first byte instead of the last.
    rejected(codec, good.subarray(1));
  });

  it('rejects extended handles (padding, a copy, up to 64 bytes)', () => {
    for (let extra = 1; extra <= NFS3_FHSIZE - good.length; extra++) {
      rejected(codec, Buffer.concat([good, Buffer.alloc(extra)]), /handle of \d+ bytes/);
      rejected(codec, Buffer.concat([Buffer.alloc(extra), good]));
    }
    rejected(codec, Buffer.concat([good, good]));
  });

  it('rejects random handles of 34 and 64 bytes', () => {
    for (let i = 0; i < 200; i++) {
      rejected(codec, randomBytes(PROXY_HANDLE_SIZE));
      rejected(codec, randomBytes(NFS3_FHSIZE));
    }
  });

  it('rejects a handle whose format byte is not 1', () => {
    const h = Buffer.from(good);
    h[0] = 2;
    rejected(codec, h, /format/);
  });

  it('rejects a handle signed with another key', () => {
    const other = new HandleCodec(randomBytes(32), 7);
    const h = other.encode({ objectId: 123_456_789, view: 0 });
    rejected(codec, h, /signature/);
    // And the other way round.
    rejected(other, good, /signature/);
  });

  it('rejects a handle of another export signed with the same key', () => {
    const key = randomBytes(32);
    const a = new HandleCodec(key, 1);
    const b = new HandleCodec(key, 2);
    const h = b.encode({ objectId: 5, view: 0 });
    rejected(a, h, /another export/);
    assert.ok(b.decode(h).ok);
  });

  it('rejects a well-signed handle of object id 0', () => {
    const h = codec.encode({ objectId: 0, view: 0 });
    rejected(codec, h, /object id/);
  });

  it('treats the export id as unsigned (exportId >>> 0)', () => {
    const key = randomBytes(32);
    const a = new HandleCodec(key, -1);
    assert.equal(a.exportId, 0xffff_ffff);
    const b = new HandleCodec(key, 0xffff_ffff);
    assert.ok(b.decode(a.encode({ objectId: 3, view: 0 })).ok);
  });
});

describe('HandleCodec: the key in the state directory', () => {
  it('creates a 32-byte key with mode 0600 (state dir created 0700)', () => {
    const state = freshDir();
    assert.equal(existsSync(state), false);
    HandleCodec.load(state, 1);
    const file = join(state, HANDLE_KEY_FILE);
    const st = statSync(file);
    assert.equal(st.mode & 0o777, 0o600, `key mode ${(st.mode & 0o777).toString(8)}`);
    assert.equal(st.size, 32);
    assert.equal(statSync(state).mode & 0o777, 0o700);
  });

  it('reuses the key on the next load: handles survive a restart', () => {
    const state = freshDir();
    const first = HandleCodec.load(state, 9);
    const key = readFileSync(join(state, HANDLE_KEY_FILE));
    const h = first.encode({ objectId: 77, view: 0 });
    const second = HandleCodec.load(state, 9);
    assert.ok(readFileSync(join(state, HANDLE_KEY_FILE)).equals(key), 'key unchanged');
    const r = second.decode(h);
    assert.ok(r.ok);
    assert.equal(r.target.objectId, 77);
    assert.ok(second.encode({ objectId: 77, view: 0 }).equals(h));
  });

  it('a second state directory has its own key: its handles are rejected', () => {
    const a = HandleCodec.load(freshDir(), 9);
    const b = HandleCodec.load(freshDir(), 9);
    rejected(a, b.encode({ objectId: 77, view: 0 }), /signature/);
  });

  it('tightens a pre-existing key file to 0600 without changing it', () => {
    const state = freshDir();
    HandleCodec.load(state, 1);
    const file = join(state, HANDLE_KEY_FILE);
    const key = randomBytes(32);
    writeFileSync(file, key);
    chmodSync(file, 0o644);
    assert.equal(statSync(file).mode & 0o777, 0o644);
    const c = HandleCodec.load(state, 1);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(readFileSync(file).equals(key));
    const ref = new HandleCodec(key, 1);
    assert.ok(c.encode({ objectId: 5, view: 0 }).equals(ref.encode({ objectId: 5, view: 0 })));
  });

  it('refuses a key file that is too short', () => {
    const state = freshDir();
    HandleCodec.load(state, 1);
    writeFileSync(join(state, HANDLE_KEY_FILE), Buffer.alloc(8));
    assert.throws(() => HandleCodec.load(state, 1), /at least 32 bytes/);
  });

  it('derive() is keyed and deterministic', () => {
    const state = freshDir();
    const a = HandleCodec.load(state, 1);
    const b = HandleCodec.load(state, 1);
    const c = HandleCodec.load(freshDir(), 1);
    const data = Buffer.from('12345678');
    assert.ok(a.derive('write-verifier', data).equals(b.derive('write-verifier', data)));
    assert.ok(!a.derive('write-verifier', data).equals(c.derive('write-verifier', data)));
    assert.ok(!a.derive('write-verifier', data).equals(a.derive('other', data)));
  });
});
