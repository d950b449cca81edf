// Gathered messages (a large trailing opaque sent as its own chunk) are byte-for-byte the same
// message as one encoded with the payload copied in, over TCP framing and UDP datagrams, and a
// server and client exchange them correctly.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  RpcClient,
  RpcServer,
  encodeCall,
  encodeCallGather,
  encodeSuccessReply,
  encodeSuccessReplyGather,
  gathered,
  voidCodec,
  type XdrCodec,
  type XdrVersion,
} from '@nfs/rpc-xdr';

/** struct { unsigned int n; opaque data<>; }: an opaque as the last item. */
interface Msg {
  n: number;
  data: Buffer;
}
const msgCodec: XdrCodec<Msg> = {
  name: 'Msg',
  size: (v) => 8 + ((v.data.length + 3) & ~3),
  encode: (w, v) => {
    w.uint(v.n);
    w.varOpaque(v.data, undefined);
  },
  decode: (r) => ({ n: r.uint(), data: r.varOpaque(undefined) }),
};
const EMPTY = Buffer.alloc(0);
const call = {
  xid: 0x01020304,
  prog: 400_000,
  vers: 1,
  proc: 1,
  cred: { flavor: 0 as const, body: EMPTY },
};

describe('gathered messages', () => {
  for (const framing of ['record', 'datagram'] as const) {
    for (const len of [0, 1, 2, 3, 4, 5, 17, 16 * 1024 + 3, 200_001]) {
      it(`call and reply with a ${len}-byte tail, ${framing} framing, equal the copied encoding`, () => {
        const data = Buffer.alloc(len, 0xab);
        const whole = encodeCall(call, msgCodec, { n: 7, data }, framing);
        const chunks = encodeCallGather(call, msgCodec, { n: 7, data: EMPTY }, data, framing);
        assert.ok(Buffer.concat(chunks).equals(whole));
        assert.equal(
          chunks[1]!.buffer,
          data.buffer,
          'the payload chunk is the caller buffer, not a copy',
        );
        const reply = encodeSuccessReply(9, msgCodec, { n: 1, data }, framing);
        const replyChunks = encodeSuccessReplyGather(
          9,
          msgCodec,
          { n: 1, data: EMPTY },
          data,
          framing,
        );
        assert.ok(Buffer.concat(replyChunks).equals(reply));
      });
    }
  }

  it('refuses a message that does not end with an empty opaque', () => {
    assert.throws(
      () => encodeCallGather(call, msgCodec, { n: 7, data: Buffer.from('x') }, Buffer.alloc(10)),
      RangeError,
    );
  });

  describe('over TCP', () => {
    const version = {
      name: 'V1',
      number: 1,
      procedures: {
        NULL: { name: 'NULL', number: 0, args: voidCodec, result: voidCodec },
        ECHO: { name: 'ECHO', number: 1, args: msgCodec, result: msgCodec },
      },
    } as const satisfies XdrVersion;
    const server = new RpcServer();
    let client: RpcClient | undefined;
    after(async () => {
      await client?.close();
      await server.close();
    });

    it('a gathered call and a gathered reply arrive intact', async () => {
      server.register(400_000, version, {
        NULL: () => undefined,
        // Echo the payload back, gathered, with n + 1.
        ECHO: (m) => gathered({ n: m.n + 1, data: EMPTY }, m.data),
      });
      const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
      client = new RpcClient({ host: '127.0.0.1', port, timeoutMs: 5000, retransmissions: 0 });
      for (const len of [0, 3, 70_000, 1_000_001]) {
        const data = Buffer.alloc(len);
        for (let i = 0; i < len; i++) data[i] = i & 0xff;
        const res: Msg = await client.call(
          400_000,
          1,
          version.procedures.ECHO,
          { n: len, data: EMPTY },
          { tail: data },
        );
        assert.equal(res.n, len + 1);
        assert.ok(Buffer.from(res.data).equals(data), `payload of ${len} bytes`);
      }
    });
  });
});
