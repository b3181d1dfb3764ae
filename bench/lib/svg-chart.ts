/** One line of a chart: points in data units, drawn in `color`, dashed when `dash` is set. */
export interface Series {
  readonly name: string;
  readonly color: string;
  readonly dash?: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
}

export interface LineChartOptions {
  readonly title: string;
  readonly subtitle?: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  /** Logarithmic y axis (latencies spanning milliseconds to seconds). */
  readonly yLog?: boolean;
  /** Horizontal reference lines, e.g. a latency target. */
  readonly marks?: ReadonlyArray<{ readonly y: number; readonly label: string }>;
  readonly width?: number;
  readonly height?: number;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (v: number) => (Math.abs(v) >= 1000 ? `${v / 1000}k` : String(v));

/** Round steps 1-2-5 × 10^n giving about `n` ticks between 0 and `max`. */
function linearTicks(max: number, n = 6): number[] {
  const raw = max / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step / 2; v += step) {
    ticks.push(Math.round(v * 1e6) / 1e6);
  }
  return ticks;
}

/**
 * A self-contained SVG line chart (no dependencies): axes, grid, ticks, one polyline with
 * markers per series, a legend, and optional reference lines.
 */
export function lineChartSvg(opts: LineChartOptions): string {
  const W = opts.width ?? 760;
  const H = opts.height ?? 440;
  const m = { left: 64, right: 170, top: 56, bottom: 52 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const all = opts.series.flatMap((s) => s.points);
  const xMax = Math.max(1, ...all.map((p) => p[0]));
  const xTicks = linearTicks(xMax);
  const xTop = xTicks[xTicks.length - 1] ?? xMax;
  const ys = all.map((p) => p[1]).filter((v) => v > 0);
  const markYs = (opts.marks ?? []).map((mk) => mk.y);
  let yTicks: number[];
  let yOf: (v: number) => number;
  if (opts.yLog) {
    const lo = 10 ** Math.floor(Math.log10(Math.min(...ys, ...markYs, 1)));
    const hi = 10 ** Math.ceil(Math.log10(Math.max(...ys, ...markYs, 10)));
    yTicks = [];
    for (let v = lo; v <= hi * 1.0001; v *= 10) {
      yTicks.push(Number(v.toPrecision(3)));
    }
    const span = Math.log10(hi) - Math.log10(lo);
    yOf = (v) => m.top + ph - ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / span) * ph;
  } else {
    yTicks = linearTicks(Math.max(1, ...ys, ...markYs));
    const top = yTicks[yTicks.length - 1] ?? 1;
    yOf = (v) => m.top + ph - (v / top) * ph;
  }
  const xOf = (v: number) => m.left + (v / xTop) * pw;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ` +
      `font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${m.left}" y="22" font-size="15" font-weight="600">${esc(opts.title)}</text>`,
  );
  if (opts.subtitle) {
    out.push(`<text x="${m.left}" y="40" fill="#555">${esc(opts.subtitle)}</text>`);
  }
  for (const t of xTicks) {
    const x = xOf(t).toFixed(1);
    out.push(
      `<line x1="${x}" y1="${m.top}" x2="${x}" y2="${m.top + ph}" stroke="#eee"/>`,
      `<text x="${x}" y="${m.top + ph + 16}" text-anchor="middle" fill="#444">${fmt(t)}</text>`,
    );
  }
  for (const t of yTicks) {
    const y = yOf(t).toFixed(1);
    out.push(
      `<line x1="${m.left}" y1="${y}" x2="${m.left + pw}" y2="${y}" stroke="#eee"/>`,
      `<text x="${m.left - 6}" y="${y}" dy="4" text-anchor="end" fill="#444">${fmt(t)}</text>`,
    );
  }
  out.push(
    `<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`,
    `<text x="${m.left + pw / 2}" y="${H - 12}" text-anchor="middle">${esc(opts.xLabel)}</text>`,
    `<text transform="translate(16 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(opts.yLabel)}</text>`,
  );
  for (const mk of opts.marks ?? []) {
    const y = yOf(mk.y).toFixed(1);
    out.push(
      `<line x1="${m.left}" y1="${y}" x2="${m.left + pw}" y2="${y}" stroke="#c00" stroke-dasharray="2 3"/>`,
      `<text x="${m.left + 4}" y="${y}" dy="-4" fill="#c00" font-size="11">${esc(mk.label)}</text>`,
    );
  }
  opts.series.forEach((s, i) => {
    const pts = s.points.filter((p) => !opts.yLog || p[1] > 0);
    const path = pts.map((p) => `${xOf(p[0]).toFixed(1)},${yOf(p[1]).toFixed(1)}`).join(' ');
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    out.push(
      `<polyline points="${path}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`,
    );
    for (const p of pts) {
      out.push(
        `<circle cx="${xOf(p[0]).toFixed(1)}" cy="${yOf(p[1]).toFixed(1)}" r="3" fill="${s.color}"/>`,
      );
    }
    const ly = m.top + 8 + i * 20;
    const lx = m.left + pw + 14;
    out.push(
      `<line x1="${lx}" y1="${ly}" x2="${lx + 24}" y2="${ly}" stroke="${s.color}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 30}" y="${ly}" dy="4">${esc(s.name)}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
