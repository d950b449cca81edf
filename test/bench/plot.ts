/**
 * A small SVG line-chart writer for the benchmarks' plots (sweep, soak): no dependency, no
 * fonts to embed, deterministic output (the same data gives the same bytes, so the committed
 * plots only change when the figures do).
 *
 * One chart: a title, x and y axes (x linear or log2, y linear or log10), any number of series
 * drawn as polylines with point markers, an optional horizontal reference line per series group
 * (goals), optional shaded x ranges (events such as "backup out"), and a legend.
 */

export interface Series {
  readonly name: string;
  /** Points in data units; NaN/undefined y values break the line. */
  readonly points: ReadonlyArray<readonly [number, number | undefined]>;
  /** CSS colour; a palette colour by index when omitted. */
  readonly color?: string;
  /** Dashed line (e.g. a second measure of the same path). */
  readonly dashed?: boolean;
}

export interface ReferenceLine {
  readonly y: number;
  readonly label: string;
  readonly color?: string;
}

export interface ShadedRange {
  readonly x0: number;
  readonly x1: number;
  readonly label?: string;
  /** Fill colour; default a light red (events such as an outage). */
  readonly color?: string;
}

export interface ChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  readonly xScale?: 'linear' | 'log2';
  readonly yScale?: 'linear' | 'log10';
  /** Tick labels for x (data value → text); default: the number. */
  readonly xTickFormat?: (x: number) => string;
  /** Explicit x ticks (data units); default: every distinct x (log2) or 6 even steps (linear). */
  readonly xTicks?: readonly number[];
  readonly yMin?: number;
  readonly yMax?: number;
  readonly references?: readonly ReferenceLine[];
  readonly shaded?: readonly ShadedRange[];
  /** Pixels. Default 760 × 420. */
  readonly width?: number;
  readonly height?: number;
}

/** Colour-blind-safe palette (Okabe–Ito), in series order. */
export const PALETTE = [
  '#000000',
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#F0E442',
] as const;

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const num = (n: number): string => (Math.round(n * 10) / 10).toString();

/** "Nice" linear ticks covering [lo, hi] (about `count` of them). */
export function niceTicks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  // From the last step at or below `lo` to the first at or above `hi`: the data never overflows.
  const ticks: number[] = [];
  const end = Math.ceil(hi / step - 1e-9) * step;
  for (
    let t = Math.floor(lo / step + 1e-9) * step, i = 0;
    t <= end + step * 1e-9 && i < 100;
    t += step, i++
  )
    ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** Renders the chart as a standalone SVG document. */
export function lineChart(o: ChartOptions): string {
  const W = o.width ?? 760;
  const H = o.height ?? 420;
  const m = { left: 70, right: 190, top: 40, bottom: 56 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const xs = o.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = o.series.flatMap((s) =>
    s.points.map((p) => p[1]).filter((y): y is number => y !== undefined && Number.isFinite(y)),
  );
  for (const r of o.references ?? []) ys.push(r.y);
  const xLog = o.xScale === 'log2';
  const yLog = o.yScale === 'log10';
  const fx = (x: number): number => (xLog ? Math.log2(x) : x);
  const fy = (y: number): number => (yLog ? Math.log10(Math.max(y, 1e-12)) : y);
  let x0 = Math.min(...xs.map(fx));
  let x1 = Math.max(...xs.map(fx));
  if (!(x1 > x0)) x1 = x0 + 1;
  if (xLog) {
    x0 -= 0.3;
    x1 += 0.3;
  }
  const yTicks = yLog
    ? ((): number[] => {
        const lo = Math.floor(Math.log10(Math.max(Math.min(...ys, o.yMin ?? Infinity), 1e-12)));
        const hi = Math.ceil(Math.log10(Math.max(...ys, o.yMax ?? -Infinity)));
        const t: number[] = [];
        for (let e = lo; e <= hi && t.length < 20; e++) t.push(10 ** e);
        return t;
      })()
    : niceTicks(o.yMin ?? Math.min(0, ...ys), o.yMax ?? Math.max(...ys) * 1.02);
  const y0 = fy(o.yMin ?? yTicks[0]!);
  let y1 = fy(o.yMax ?? yTicks[yTicks.length - 1]!);
  if (!(y1 > y0)) y1 = y0 + 1;
  const px = (x: number): number => m.left + ((fx(x) - x0) / (x1 - x0)) * pw;
  const py = (y: number): number => m.top + ph - ((fy(y) - y0) / (y1 - y0)) * ph;
  const xTicks = o.xTicks ?? (xLog ? [...new Set(xs)].sort((a, b) => a - b) : niceTicks(x0, x1, 6));
  const xfmt = o.xTickFormat ?? ((x: number): string => String(x));
  const yfmt = (y: number): string =>
    Math.abs(y) >= 1000 ? y.toLocaleString('en-US') : String(Number(y.toPrecision(4)));

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${m.left + pw / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(o.title)}</text>`,
  );
  (o.shaded ?? []).forEach((s, i) => {
    const a = Math.max(m.left, px(s.x0));
    const b = Math.min(m.left + pw, px(s.x1));
    if (b <= a) return;
    out.push(
      `<rect x="${num(a)}" y="${m.top}" width="${num(b - a)}" height="${ph}" fill="${s.color ?? '#f4c7c3'}" fill-opacity="0.5"/>`,
    );
    // Labels alternate between two rows so that neighbouring ranges stay readable.
    if (s.label)
      out.push(
        `<text x="${num((a + b) / 2)}" y="${m.top + (i % 2 === 0 ? 12 : 24)}" text-anchor="middle" font-size="10" fill="#8a1c12">${esc(s.label)}</text>`,
      );
  });
  // Grid and axes.
  for (const t of yTicks) {
    const y = py(t);
    if (y < m.top - 0.5 || y > m.top + ph + 0.5) continue;
    out.push(
      `<line x1="${m.left}" y1="${num(y)}" x2="${m.left + pw}" y2="${num(y)}" stroke="#e0e0e0"/>`,
      `<text x="${m.left - 6}" y="${num(y + 4)}" text-anchor="end">${esc(yfmt(t))}</text>`,
    );
  }
  for (const t of xTicks) {
    const x = px(t);
    if (x < m.left - 0.5 || x > m.left + pw + 0.5) continue;
    out.push(
      `<line x1="${num(x)}" y1="${m.top}" x2="${num(x)}" y2="${m.top + ph}" stroke="#f0f0f0"/>`,
      `<text x="${num(x)}" y="${m.top + ph + 16}" text-anchor="middle">${esc(xfmt(t))}</text>`,
    );
  }
  out.push(
    `<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#444"/>`,
    `<text x="${m.left + pw / 2}" y="${H - 14}" text-anchor="middle">${esc(o.xLabel)}</text>`,
    `<text transform="translate(16 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`,
  );
  for (const r of o.references ?? []) {
    const y = py(r.y);
    const c = r.color ?? '#888888';
    out.push(
      `<line x1="${m.left}" y1="${num(y)}" x2="${m.left + pw}" y2="${num(y)}" stroke="${c}" stroke-dasharray="2 4"/>`,
      `<text x="${m.left + pw - 4}" y="${num(y - 4)}" text-anchor="end" font-size="10" fill="${c}">${esc(r.label)}</text>`,
    );
  }
  o.series.forEach((s, i) => {
    const c = s.color ?? PALETTE[i % PALETTE.length]!;
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    let seg: string[] = [];
    const flush = (): void => {
      if (seg.length > 1)
        out.push(
          `<polyline points="${seg.join(' ')}" fill="none" stroke="${c}" stroke-width="2"${dash}/>`,
        );
      seg = [];
    };
    for (const [x, y] of s.points) {
      if (y === undefined || !Number.isFinite(y)) {
        flush();
        continue;
      }
      seg.push(`${num(px(x))},${num(py(y))}`);
    }
    flush();
    if (s.points.length <= 60)
      for (const [x, y] of s.points)
        if (y !== undefined && Number.isFinite(y))
          out.push(`<circle cx="${num(px(x))}" cy="${num(py(y))}" r="3" fill="${c}"/>`);
    const ly = m.top + 8 + i * 20;
    const lx = m.left + pw + 14;
    out.push(
      `<line x1="${lx}" y1="${ly}" x2="${lx + 24}" y2="${ly}" stroke="${c}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 30}" y="${ly + 4}">${esc(s.name)}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
