// A strict parser of the Prometheus text exposition format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/), for tests: it throws on
// anything the format does not allow or that Prometheus would reject at scrape (bad names,
// bad escapes, HELP/TYPE repeated or after samples, a family's samples not contiguous,
// duplicate series, histograms whose buckets are not cumulative or lack +Inf = _count).

export type PromType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly timestampMs: number | undefined;
}

export interface PromFamily {
  readonly name: string;
  type: PromType;
  help: string | undefined;
  readonly samples: PromSample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set<PromType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export class PromParseError extends Error {
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'PromParseError';
  }
}

/** Go's ParseFloat as Prometheus uses it. */
function parseValue(text: string, fail: (m: string) => never): number {
  if (text === 'NaN') return NaN;
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) fail(`bad value '${text}'`);
  return Number(text);
}

function unescape(text: string, allowQuote: boolean, fail: (m: string) => never): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = text[++i];
    if (n === '\\') out += '\\';
    else if (n === 'n') out += '\n';
    else if (n === '"' && allowQuote) out += '"';
    else fail(`bad escape '\\${n ?? ''}'`);
  }
  return out;
}

/** The family a sample name belongs to, given the families typed so far. */
function familyOf(name: string, families: Map<string, PromFamily>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    const f = families.get(base);
    if (f && (f.type === 'histogram' || (f.type === 'summary' && suffix !== '_bucket')))
      return base;
  }
  return name;
}

export function parsePrometheusText(text: string): Map<string, PromFamily> {
  const families = new Map<string, PromFamily>();
  const finished = new Set<string>();
  const series = new Set<string>();
  let current: string | undefined;
  if (text.length > 0 && !text.endsWith('\n')) throw new PromParseError(0, 'no final newline');
  const lines = text.split('\n');
  lines.pop();
  const enter = (name: string, n: number): PromFamily => {
    if (current !== name) {
      if (finished.has(name))
        throw new PromParseError(n, `family ${name} appears again after other families`);
      if (current !== undefined) finished.add(current);
      current = name;
    }
    let f = families.get(name);
    if (!f) {
      f = { name, type: 'untyped', help: undefined, samples: [] };
      families.set(name, f);
    }
    return f;
  };
  lines.forEach((line, idx) => {
    const n = idx + 1;
    const fail = (m: string): never => {
      throw new PromParseError(n, `${m}: ${JSON.stringify(line)}`);
    };
    if (line === '') fail('empty line');
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (!m) return; // any other comment
      const [, kind, name, rest] = m as unknown as [string, string, string, string | undefined];
      if (!METRIC_NAME.test(name)) fail(`bad metric name '${name}'`);
      const f = enter(name, n);
      if (kind === 'HELP') {
        if (f.help !== undefined) fail(`second HELP for ${name}`);
        f.help = unescape(rest ?? '', false, fail);
      } else {
        if (f.samples.length > 0) fail(`TYPE for ${name} after its samples`);
        if ((f as { typed?: boolean }).typed) fail(`second TYPE for ${name}`);
        if (!TYPES.has(rest as PromType)) fail(`bad type '${rest ?? ''}'`);
        f.type = rest as PromType;
        (f as { typed?: boolean }).typed = true;
      }
      return;
    }
    // name{labels} value [timestamp]
    const nm = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
    if (!nm) fail('bad sample name');
    const name = nm![1]!;
    let i = name.length;
    const labels: Record<string, string> = {};
    if (line[i] === '{') {
      i++;
      for (;;) {
        if (line[i] === '}') {
          i++;
          break;
        }
        const ln = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(line.slice(i));
        if (!ln) fail('bad label');
        const lname = ln![1]!;
        if (!LABEL_NAME.test(lname) || lname.startsWith('__')) fail(`bad label name '${lname}'`);
        if (lname in labels) fail(`duplicate label '${lname}'`);
        i += ln![0].length;
        let raw = '';
        for (;;) {
          const c = line[i];
          if (c === undefined) fail('unterminated label value');
          if (c === '\\') {
            raw += c + (line[i + 1] ?? '');
            i += 2;
            continue;
          }
          if (c === '"') {
            i++;
            break;
          }
          raw += c;
          i++;
        }
        labels[lname] = unescape(raw, true, fail);
        if (line[i] === ',') i++;
        else if (line[i] !== '}') fail('expected , or } after a label');
      }
    }
    if (line[i] !== ' ') fail('expected a space before the value');
    const parts = line.slice(i + 1).split(' ');
    if (parts.length < 1 || parts.length > 2 || parts.some((p) => p === '')) fail('bad value part');
    const value = parseValue(parts[0]!, fail);
    let timestampMs: number | undefined;
    if (parts[1] !== undefined) {
      if (!/^-?\d+$/.test(parts[1])) fail('bad timestamp');
      timestampMs = Number(parts[1]);
    }
    const fname = familyOf(name, families);
    const f = enter(fname, n);
    if (f.type === 'counter' && name !== fname) fail(`counter ${fname} has sample ${name}`);
    if (f.type === 'counter' && !(value >= 0)) fail('a counter is negative or NaN');
    if (f.type === 'histogram') {
      if (name === `${fname}_bucket` && labels['le'] === undefined) fail('a bucket without le');
      if (name === fname) fail(`histogram ${fname} has a bare sample`);
    }
    const key = `${name}{${Object.entries(labels)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(',')}}`;
    if (series.has(key)) fail(`duplicate series ${key}`);
    series.add(key);
    f.samples.push({ name, labels, value, timestampMs });
  });
  for (const f of families.values()) if (f.type === 'histogram') checkHistogram(f);
  return families;
}

/** Buckets per label set: le ascending, counts cumulative, +Inf present and equal to _count. */
function checkHistogram(f: PromFamily): void {
  const groups = new Map<
    string,
    { buckets: Array<[number, number]>; count?: number; sum?: number }
  >();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    let g = groups.get(key);
    if (!g) {
      g = { buckets: [] };
      groups.set(key, g);
    }
    if (s.name.endsWith('_bucket'))
      g.buckets.push([
        parseValue(le!, (m) => {
          throw new PromParseError(0, m);
        }),
        s.value,
      ]);
    else if (s.name.endsWith('_count')) g.count = s.value;
    else if (s.name.endsWith('_sum')) g.sum = s.value;
  }
  for (const [key, g] of groups) {
    const where = `${f.name}${key}`;
    if (g.count === undefined || g.sum === undefined)
      throw new PromParseError(0, `${where}: histogram without _count or _sum`);
    let prevLe = -Infinity;
    let prev = 0;
    for (const [le, v] of g.buckets) {
      if (!(le > prevLe)) throw new PromParseError(0, `${where}: le not ascending`);
      if (v < prev) throw new PromParseError(0, `${where}: buckets not cumulative`);
      prevLe = le;
      prev = v;
    }
    const last = g.buckets[g.buckets.length - 1];
    if (!last || last[0] !== Infinity) throw new PromParseError(0, `${where}: no +Inf bucket`);
    if (last[1] !== g.count) throw new PromParseError(0, `${where}: +Inf bucket != _count`);
  }
}
