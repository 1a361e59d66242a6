/**
 * The network simulation's report as one SVG image: delivered end-to-end key
 * rate against the offered rate, the blocked-request ratio, and the link key
 * pools over time (the spread over all links, their median, the attacked link
 * and the busiest links), with the attack and the link failures marked.
 *
 * Scales, ticks and path strings come from d3-scale and d3-shape (no DOM
 * needed, so it runs in Node and in tests); the SVG elements around them are
 * written here. The dashboard's uPlot draws on a canvas in a browser, which a
 * command-line run or a test does not have.
 */
import { scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';
import type { NetworkSimulationReport } from './network-simulation.ts';

const WIDTH = 960;
const PANEL_H = 210;
const GAP = 62;
const LEFT = 78;
const RIGHT = 200;
const TOP = 84;

const COLORS = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e'];

export interface PlotOptions {
  title?: string;
  /** Time bins for the rate and blocked panels (default 100). */
  bins?: number;
}

export function renderSimulationSvg(report: NetworkSimulationReport, options: PlotOptions = {}): string {
  const bins = Math.max(1, Math.min(options.bins ?? 100, report.timeline.tS.length));
  const binned = binTimeline(report, bins);
  const height = TOP + 3 * PANEL_H + 2 * GAP + 50;
  const x = scaleLinear()
    .domain([0, report.durationS])
    .range([LEFT, WIDTH - RIGHT]);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
  );
  const title =
    options.title ??
    `Trusted-relay network: ${report.topology.nodes.length} nodes, ${report.topology.links.length} links, seed ${report.seed}`;
  out.push(`<text x="${LEFT}" y="24" font-size="16" font-weight="bold">${esc(title)}</text>`);
  out.push(
    `<text x="${LEFT}" y="44" fill="#444">delivered ${fmt(report.deliveredKeysPerS)} keys/s (${fmt(report.deliveredBitsPerS)} bit/s) of ${fmt(report.offeredBitsPerS)} bit/s offered · blocked ${(100 * report.blockedRatio).toFixed(2)} % · ${report.events.filter((e) => e.kind === 'down').length} link failures${report.attackedLink ? ` · attack on ${esc(report.attackedLink)} at ${fmt(report.attackAtS ?? 0)} s` : ''}</text>`,
  );

  // Panel 1: delivered and offered rate, bit/s.
  const top1 = TOP;
  const yRate = scaleLinear()
    .domain([0, Math.max(1, ...binned.offeredBps, ...binned.deliveredBps)])
    .nice()
    .range([top1 + PANEL_H, top1]);
  out.push(...frame(x, yRate, top1, 'end-to-end key rate, bit/s', report, '~s'));
  const lineOf = (ys: number[], y: (v: number) => number) =>
    line<number>()
      .x((_, i) => x(binned.tS[i]))
      .y((v) => y(v))(ys) ?? '';
  out.push(`<path d="${lineOf(binned.offeredBps, yRate)}" fill="none" stroke="#999" stroke-dasharray="4 3" stroke-width="1.5"/>`);
  out.push(`<path d="${lineOf(binned.deliveredBps, yRate)}" fill="none" stroke="#1f77b4" stroke-width="2"/>`);
  out.push(
    ...legend(top1, [
      ['#1f77b4', 'delivered', ''],
      ['#999', 'offered', '4 3'],
    ]),
  );

  // Panel 2: blocked ratio.
  const top2 = top1 + PANEL_H + GAP;
  const yBlocked = scaleLinear()
    .domain([0, Math.max(0.01, ...binned.blocked)])
    .nice()
    .range([top2 + PANEL_H, top2]);
  out.push(...frame(x, yBlocked, top2, 'blocked requests', report, '.0%'));
  out.push(`<path d="${lineOf(binned.blocked, yBlocked)}" fill="none" stroke="#d62728" stroke-width="2"/>`);

  // Panel 3: link pool levels as a fraction of capacity.
  const top3 = top2 + PANEL_H + GAP;
  const yLevel = scaleLinear()
    .domain([0, 1])
    .range([top3 + PANEL_H, top3]);
  out.push(...frame(x, yLevel, top3, 'link key pools, fraction of capacity', report, '.0%'));
  const fractions = report.levels.map((series, i) => series.map((b) => (report.capacityBits[i] > 0 ? b / report.capacityBits[i] : 0)));
  const k = report.sampleTimesS.length;
  const band = Array.from({ length: k }, (_, j) => {
    const col = fractions.map((f) => f[j]).sort((a, b) => a - b);
    return {
      t: report.sampleTimesS[j],
      lo: col[0] ?? 0,
      q1: quantile(col, 0.25),
      med: quantile(col, 0.5),
      q3: quantile(col, 0.75),
      hi: col.at(-1) ?? 0,
    };
  });
  const bandPath = (lo: 'lo' | 'q1', hi: 'hi' | 'q3') =>
    area<(typeof band)[number]>()
      .x((d) => x(d.t))
      .y0((d) => yLevel(d[lo]))
      .y1((d) => yLevel(d[hi]))(band) ?? '';
  out.push(`<path d="${bandPath('lo', 'hi')}" fill="#ddd" stroke="none"/>`);
  out.push(`<path d="${bandPath('q1', 'q3')}" fill="#bbb" stroke="none"/>`);
  out.push(
    `<path d="${
      line<(typeof band)[number]>()
        .x((d) => x(d.t))
        .y((d) => yLevel(d.med))(band) ?? ''
    }" fill="none" stroke="#555" stroke-width="1.5"/>`,
  );
  const highlighted = highlightedLinks(report);
  const entries: [string, string, string][] = [
    ['#ddd', 'all links: min–max', 'band'],
    ['#bbb', 'quartiles', 'band'],
    ['#555', 'median', ''],
  ];
  highlighted.forEach((i, n) => {
    const color = COLORS[n % COLORS.length];
    const d =
      line<number>()
        .x((_, j) => x(report.sampleTimesS[j]))
        .y((v) => yLevel(v))(fractions[i]) ?? '';
    out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.6"/>`);
    const id = report.topology.links[i].id;
    entries.push([color, id === report.attackedLink ? `${id} (attacked)` : `${id} (most drained)`, '']);
  });
  out.push(...legend(top3, entries));
  out.push(`<text x="${(LEFT + WIDTH - RIGHT) / 2}" y="${top3 + PANEL_H + 40}" text-anchor="middle">simulated time, s</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

interface Binned {
  tS: number[];
  deliveredBps: number[];
  offeredBps: number[];
  blocked: number[];
}

function binTimeline(r: NetworkSimulationReport, bins: number): Binned {
  const n = r.timeline.tS.length;
  const out: Binned = { tS: [], deliveredBps: [], offeredBps: [], blocked: [] };
  for (let b = 0; b < bins; b++) {
    const lo = Math.floor((b * n) / bins);
    const hi = Math.floor(((b + 1) * n) / bins);
    let req = 0;
    let del = 0;
    for (let i = lo; i < hi; i++) {
      req += r.timeline.requests[i];
      del += r.timeline.delivered[i];
    }
    const seconds = Math.max(1e-9, (hi - lo) * r.stepS);
    out.tS.push(((lo + hi) / 2) * r.stepS);
    out.deliveredBps.push((del * r.requestBits) / seconds);
    out.offeredBps.push((req * r.requestBits) / seconds);
    out.blocked.push(req === 0 ? 0 : (req - del) / req);
  }
  return out;
}

/** The attacked link and the most drained links (lowest mean pool level among those that relayed key), up to four, by index. */
function highlightedLinks(r: NetworkSimulationReport): number[] {
  const picked: number[] = [];
  const attacked = r.attackedLink === null ? -1 : r.topology.links.findIndex((l) => l.id === r.attackedLink);
  if (attacked >= 0) picked.push(attacked);
  const meanLevel = r.levels.map(
    (series, i) => series.reduce((a, b) => a + b, 0) / Math.max(1, series.length) / Math.max(1, r.capacityBits[i]),
  );
  const drained = meanLevel
    .map((m, i) => [m, i] as const)
    .filter(([, i]) => r.consumedPerLink[i] > 0)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, i]) => i);
  for (const i of drained) {
    if (picked.length >= 4) break;
    if (!picked.includes(i)) picked.push(i);
  }
  return picked;
}

type Scale = ReturnType<typeof scaleLinear<number, number>>;

/** Axes, grid, label, and the event markers of one panel. */
function frame(x: Scale, y: Scale, top: number, label: string, r: NetworkSimulationReport, format: string): string[] {
  const out: string[] = [];
  const bottom = top + PANEL_H;
  const [x0, x1] = x.range();
  out.push(`<text x="${x0}" y="${top - 10}" font-weight="bold">${esc(label)}</text>`);
  const yFormat = y.tickFormat(5, format);
  for (const t of y.ticks(5)) {
    out.push(`<line x1="${x0}" x2="${x1}" y1="${y(t)}" y2="${y(t)}" stroke="#eee"/>`);
    out.push(`<text x="${x0 - 6}" y="${y(t) + 4}" text-anchor="end">${yFormat(t)}</text>`);
  }
  for (const t of x.ticks(10)) {
    out.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${bottom}" y2="${bottom + 4}" stroke="#333"/>`);
    out.push(`<text x="${x(t)}" y="${bottom + 17}" text-anchor="middle">${t}</text>`);
  }
  out.push(`<rect x="${x0}" y="${top}" width="${x1 - x0}" height="${PANEL_H}" fill="none" stroke="#333"/>`);
  // Link failures: small ticks on the bottom edge; the attack: a vertical line.
  for (const e of r.events) {
    if (e.kind === 'down') out.push(`<line x1="${x(e.tS)}" x2="${x(e.tS)}" y1="${bottom - 6}" y2="${bottom}" stroke="#ff7f0e"/>`);
    if (e.kind === 'attack') {
      out.push(`<line x1="${x(e.tS)}" x2="${x(e.tS)}" y1="${top}" y2="${bottom}" stroke="#d62728" stroke-dasharray="6 4"/>`);
      out.push(`<text x="${x(e.tS) + 4}" y="${top + 14}" fill="#d62728">attack on ${esc(e.link)}</text>`);
    }
  }
  return out;
}

function legend(top: number, entries: [string, string, string][]): string[] {
  const x = WIDTH - RIGHT + 14;
  const out: string[] = [];
  entries.forEach(([color, text, dash], i) => {
    const y = top + 10 + i * 18;
    if (dash === 'band') out.push(`<rect x="${x}" y="${y - 6}" width="22" height="10" fill="${color}"/>`);
    else
      out.push(
        `<line x1="${x}" x2="${x + 22}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
      );
    out.push(`<text x="${x + 28}" y="${y + 4}">${esc(text)}</text>`);
  });
  if (top === TOP) {
    const y = top + 10 + entries.length * 18 + 8;
    out.push(`<line x1="${x + 10}" x2="${x + 10}" y1="${y - 6}" y2="${y + 2}" stroke="#ff7f0e"/>`);
    out.push(`<text x="${x + 28}" y="${y + 2}">link failure</text>`);
  }
  return out;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function fmt(v: number): string {
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)} M`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)} k`;
  return v.toFixed(v >= 10 ? 0 : 2);
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
