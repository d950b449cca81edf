// /metrics (issue 7): the registry renders valid Prometheus text (names checked, label values and
// HELP escaped, a failing collector left out), the request interceptor counts by procedure and
// status with latency histograms and bytes, and the strict test parser rejects what Prometheus
// would reject (so that "it parses" means something).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DROP_REPLY } from '@nfs/rpc-xdr';
import {
  MetricsError,
  MetricsRegistry,
  REQUEST_DURATION_BUCKETS,
  RequestMetrics,
  escapeHelp,
  escapeLabelValue,
  formatValue,
  registerProcessMetrics,
} from '../../src/console/metrics.js';
import { NfsStatusError } from '../../src/core/errors.js';
import { requestMetrics } from '../../src/frontend/interceptors/metrics.js';
import {
  compose,
  type Interceptor,
  type NfsContext,
  type NfsProcedure,
} from '../../src/frontend/procedure.js';
import * as nfs3 from '../../src/protocol/generated/nfs3.js';
import { createLogger } from '../../src/log/logger.js';
import { parsePrometheusText, PromParseError } from '../harness/prometheus.js';

const NFS = nfs3.program_NFS_PROGRAM.versions.NFS_V3.procedures;

describe('the strict Prometheus text parser (test harness)', () => {
  it('accepts a well-formed exposition', () => {
    const text = [
      '# HELP http_requests_total The total number of HTTP requests.',
      '# TYPE http_requests_total counter',
      'http_requests_total{method="post",code="200"} 1027 1395066363000',
      'http_requests_total{method="post",code="400"}    3 1395066363000'.replace('    ', ' '),
      '# A comment',
      'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
      '# TYPE rpc_duration_seconds histogram',
      'rpc_duration_seconds_bucket{le="0.1"} 1',
      'rpc_duration_seconds_bucket{le="+Inf"} 2',
      'rpc_duration_seconds_sum 0.5',
      'rpc_duration_seconds_count 2',
      'weird NaN',
      '',
    ].join('\n');
    const f = parsePrometheusText(text);
    assert.equal(f.get('http_requests_total')?.samples.length, 2);
    assert.equal(
      f.get('msdos_file_access_time_seconds')?.samples[0]?.labels['error'],
      'Cannot find file:\n"FILE.TXT"',
    );
    assert.equal(f.get('rpc_duration_seconds')?.type, 'histogram');
    assert.ok(Number.isNaN(f.get('weird')?.samples[0]?.value));
  });

  const bad: Array<[string, string]> = [
    ['no final newline', 'a 1'],
    ['empty line', 'a 1\n\nb 2\n'],
    ['bad name', '1a 1\n'],
    ['bad label name', 'a{__x="1"} 1\n'],
    ['bad escape', 'a{x="\\t"} 1\n'],
    ['unterminated label', 'a{x="1} 1\n'],
    ['duplicate label', 'a{x="1",x="2"} 1\n'],
    ['bad value', 'a 1x\n'],
    ['two spaces', 'a  1\n'],
    ['duplicate series', 'a{x="1"} 1\na{x="1"} 2\n'],
    ['TYPE after samples', 'a 1\n# TYPE a gauge\n'],
    ['second TYPE', '# TYPE a gauge\n# TYPE a gauge\n'],
    ['second HELP', '# HELP a x\n# HELP a y\n'],
    ['bad type', '# TYPE a meter\n'],
    ['interleaved families', 'a 1\nb 1\na{x="1"} 1\n'],
    ['negative counter', '# TYPE a_total counter\na_total -1\n'],
    ['histogram without +Inf', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'],
    [
      'histogram not cumulative',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="2"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 2\n',
    ],
    ['histogram +Inf != count', '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n'],
  ];
  for (const [what, text] of bad) {
    it(`rejects: ${what}`, () => {
      assert.throws(() => parsePrometheusText(text), PromParseError);
    });
  }
});

describe('MetricsRegistry', () => {
  it('escapes label values and HELP, formats special values', () => {
    assert.equal(escapeLabelValue('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
    assert.equal(escapeHelp('x\\y\nz "q"'), 'x\\\\y\\nz "q"');
    assert.equal(formatValue(NaN), 'NaN');
    assert.equal(formatValue(Infinity), '+Inf');
    assert.equal(formatValue(-Infinity), '-Inf');
    assert.equal(formatValue(2n ** 64n), '18446744073709551616');
    const r = new MetricsRegistry();
    const nasty = 'site "a"\\b\nc';
    r.gauge('t_gauge', 'Help with \\ and\nnewline.', () => [
      { labels: { site: nasty }, value: 1 },
      { labels: { site: 'plain' }, value: 0.5 },
    ]);
    r.counter('t_total', 'A counter.', () => 3);
    const f = parsePrometheusText(r.render());
    assert.equal(f.get('t_gauge')?.help, 'Help with \\ and\nnewline.');
    assert.equal(f.get('t_gauge')?.type, 'gauge');
    assert.deepEqual(
      f.get('t_gauge')?.samples.map((s) => s.labels['site']),
      [nasty, 'plain'],
    );
    assert.equal(f.get('t_total')?.samples[0]?.value, 3);
  });

  it('refuses bad and duplicate names', () => {
    const r = new MetricsRegistry();
    r.gauge('ok_name', 'x', () => 1);
    assert.throws(() => r.gauge('ok_name', 'x', () => 1), MetricsError);
    assert.throws(() => r.gauge('bad-name', 'x', () => 1), MetricsError);
    assert.throws(() => r.gauge('9lives', 'x', () => 1), MetricsError);
    assert.ok(r.unregister('ok_name'));
    r.gauge('ok_name', 'again', () => 2);
  });

  it('a throwing collector, or one with a bad label name, is left out; the rest is served', () => {
    const r = new MetricsRegistry();
    const errors: string[] = [];
    r.onError = (name) => errors.push(name);
    r.gauge('before', 'x', () => 1);
    r.gauge('throws', 'x', () => {
      throw new Error('boom');
    });
    r.gauge('bad_label', 'x', () => [{ labels: { 'bad-label': 'v' }, value: 1 }]);
    r.gauge('after', 'x', () => 2);
    const f = parsePrometheusText(r.render());
    assert.deepEqual([...f.keys()], ['before', 'after']);
    assert.deepEqual(errors, ['throws', 'bad_label']);
  });

  it('an empty family renders HELP and TYPE only; process families parse', () => {
    const r = new MetricsRegistry();
    r.gauge('empty', 'nothing yet', () => []);
    registerProcessMetrics(r);
    const f = parsePrometheusText(r.render());
    assert.equal(f.get('empty')?.samples.length, 0);
    assert.ok((f.get('nfsproxy_process_resident_memory_bytes')?.samples[0]?.value ?? 0) > 0);
    assert.ok((f.get('nfsproxy_process_heap_used_bytes')?.samples[0]?.value ?? 0) > 0);
  });
});

describe('the request metrics interceptor', () => {
  const ctx = { log: createLogger({ level: 'silent' }), rpc: { xid: 1 } } as unknown as NfsContext;

  function def<A, R>(
    proc: NfsProcedure<A, R>['proc'],
    handle: NfsProcedure<A, R>['handle'],
  ): NfsProcedure<A, R> {
    return {
      proc,
      mutates: false,
      idempotent: true,
      handle,
      fail: (status) => ({ status }) as R,
    };
  }

  it('counts by procedure and status, times each call, adds READ and WRITE bytes', async () => {
    const m = new RequestMetrics();
    const chain = [requestMetrics(m)];
    const read = compose(
      def(NFS.NFSPROC3_READ, () =>
        Promise.resolve({ status: 0, resok: { count: 100 } } as unknown as nfs3.READ3res),
      ),
      chain,
    );
    const write = compose(
      def(NFS.NFSPROC3_WRITE, () =>
        Promise.resolve({ status: 0, resok: { count: 7 } } as unknown as nfs3.WRITE3res),
      ),
      chain,
    );
    let lookupCalls = 0;
    const lookup = compose(
      def(NFS.NFSPROC3_LOOKUP, () => {
        lookupCalls++;
        if (lookupCalls === 1) throw new NfsStatusError(nfs3.NFS3ERR_NOENT, 'no');
        if (lookupCalls === 2) return Promise.resolve(DROP_REPLY as never);
        return Promise.reject(new Error('bug'));
      }),
      chain,
    );
    const nul = compose(
      def(NFS.NFSPROC3_NULL, () => Promise.resolve(undefined)),
      chain,
    );
    await read({} as never, ctx);
    await read({} as never, ctx);
    await write({} as never, ctx);
    await lookup({} as never, ctx);
    await lookup({} as never, ctx);
    await assert.rejects(lookup({} as never, ctx), /bug/);
    await nul(undefined, ctx);
    assert.equal(m.readBytes, 200);
    assert.equal(m.writeBytes, 7);

    const r = new MetricsRegistry();
    r.counter('nfsproxy_requests_total', 'x', () => m.requests());
    r.register('nfsproxy_request_duration_seconds', 'x', 'histogram', () => m.durations());
    const f = parsePrometheusText(r.render());
    const byKey = new Map(
      f
        .get('nfsproxy_requests_total')!
        .samples.map((s) => [`${s.labels['proc']}/${s.labels['status']}`, s.value]),
    );
    assert.deepEqual(Object.fromEntries(byKey), {
      'read/ok': 2,
      'write/ok': 1,
      'lookup/noent': 1,
      'lookup/dropped': 1,
      'lookup/error': 1,
      'null/ok': 1,
    });
    const h = f.get('nfsproxy_request_duration_seconds')!;
    const count = (proc: string): number | undefined =>
      h.samples.find((s) => s.name.endsWith('_count') && s.labels['proc'] === proc)?.value;
    assert.equal(count('read'), 2);
    assert.equal(count('lookup'), 3);
    assert.equal(
      h.samples.filter((s) => s.name.endsWith('_bucket') && s.labels['proc'] === 'read').length,
      REQUEST_DURATION_BUCKETS.length + 1,
    );
  });

  it('a refusal by a later interceptor (export policy) is counted with its status', async () => {
    const m = new RequestMetrics();
    const refuse: Interceptor = () => () =>
      Promise.reject(new NfsStatusError(nfs3.NFS3ERR_ACCES, 'not allowed'));
    const getattr = compose(
      def(NFS.NFSPROC3_GETATTR, () => Promise.resolve({ status: 0 } as never)),
      [requestMetrics(m), refuse],
    );
    const r = (await getattr({} as never, ctx)) as { status: number };
    assert.equal(r.status, nfs3.NFS3ERR_ACCES);
    assert.deepEqual(
      [...m.requests()].map((x) => [x.labels?.['proc'], x.labels?.['status'], x.value]),
      [['getattr', 'acces', 1]],
    );
  });
});
