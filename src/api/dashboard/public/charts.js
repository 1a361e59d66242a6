// The dashboard's charts, drawn with uPlot (served from its npm package):
// rolling time series (QBER, rates, count rates, key store) and the
// detector's time histogram around the gate, with the gate shaded. Each
// chart follows its card's width. Plain browser module, no build step.
import uPlot from './vendor/uPlot.esm.js';

/** One colour per detector (H, V, D, A) and per quantity, the same on every chart. */
export const COLORS = {
  H: '#1f5fbf',
  V: '#d9730d',
  D: '#2e9e5b',
  A: '#8e44ad',
  Z: '#1f5fbf',
  X: '#d9730d',
  sifted: '#1f5fbf',
  secret: '#2e9e5b',
  app: '#1f5fbf',
  auth: '#8e44ad',
  limit: '#c62828',
};

/** The two detectors of a basis count alike and their curves overlap: the second of each (V, A) is dashed. */
export const DASHES = { V: [7, 4], A: [7, 4] };

const PREFIXES = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** 1234567 → "1.23 M" (then the unit): three significant digits, SI prefix. */
export function formatSI(value, unit = '') {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  for (const [scale, prefix] of PREFIXES) {
    if (abs >= scale) return `${trim(value / scale)} ${prefix}${unit}`;
  }
  return `${trim(value)}${unit ? ` ${unit}` : ''}`;
}

function trim(x) {
  const abs = Math.abs(x);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return Number(x.toFixed(digits)).toString();
}

/** A time in ps, in the unit that reads best: 400 → "400 ps", 48 970 000 → "48.97 µs". */
export function formatPs(ps) {
  if (ps === null || ps === undefined || !Number.isFinite(ps)) return '–';
  const abs = Math.abs(ps);
  if (abs >= 1e12) return `${Number((ps / 1e12).toFixed(4))} s`;
  if (abs >= 1e9) return `${Number((ps / 1e9).toFixed(3))} ms`;
  if (abs >= 1e6) return `${Number((ps / 1e6).toFixed(3))} µs`;
  if (abs >= 1e3) return `${Number((ps / 1e3).toFixed(3))} ns`;
  return `${Math.round(ps)} ps`;
}

/** 0.01234 → "1.23 %". */
export function formatPercent(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return `${(value * 100).toFixed(2)} %`;
}

const AXIS = { stroke: '#5b6675', grid: { stroke: '#e8ebf0', width: 1 }, ticks: { stroke: '#dde2e9', width: 1 } };

function sizeOf(el, height) {
  return { width: Math.max(280, Math.floor(el.clientWidth)), height };
}

/** Keeps the chart as wide as its container. */
function follow(el, plot, height) {
  const ro = new ResizeObserver(() => plot.setSize(sizeOf(el, height)));
  ro.observe(el);
}

/**
 * A rolling time series: `push(tSeconds, values)` appends one point (one
 * value per series, null for unknown) and keeps the last `keep` points.
 */
export class TimeChart {
  /**
   * series: [{label, color, dash?}]; yLabel names the quantity and its unit; `tick` formats the axis (no unit: the
   * label has it); extraLines are constant dashed lines (a threshold); the x axis shows at least `spanS` seconds.
   */
  constructor(el, { series, yLabel, tick, keep = 300, height = 220, yRange, extraLines = [], spanS = 60 }) {
    this.keep = keep;
    this.data = [[], ...series.map(() => []), ...extraLines.map(() => [])];
    this.extraLines = extraLines;
    const fmt = tick ?? ((v) => formatSI(v));
    const opts = {
      ...sizeOf(el, height),
      legend: { live: false },
      cursor: { show: false },
      scales: {
        x: { time: true, range: (_u, min, max) => [Math.min(min, max - spanS), max] },
        y: yRange ? { range: yRange } : {},
      },
      series: [
        {},
        ...series.map((s) => ({ label: s.label, stroke: s.color, dash: s.dash, width: 2, spanGaps: false, points: { show: false } })),
        ...extraLines.map((l) => ({ label: l.label, stroke: l.color, width: 1.5, dash: [6, 4], points: { show: false } })),
      ],
      axes: [
        { ...AXIS, label: 'local time', labelSize: 20 },
        { ...AXIS, label: yLabel, labelSize: 20, size: 60, values: (_u, splits) => splits.map((v) => fmt(v)) },
      ],
    };
    this.plot = new uPlot(opts, this.data, el);
    follow(el, this.plot, height);
  }

  push(tSeconds, values) {
    this.data[0].push(tSeconds);
    for (let i = 0; i < values.length; i++) this.data[i + 1].push(values[i] === undefined ? null : values[i]);
    for (let i = 0; i < this.extraLines.length; i++) this.data[values.length + 1 + i].push(this.extraLines[i].value);
    if (this.data[0].length > this.keep) for (const col of this.data) col.splice(0, col.length - this.keep);
    this.plot.setData(this.data);
  }

  /** Points held now. */
  get length() {
    return this.data[0].length;
  }
}

/**
 * The detector's time histogram around the gate: counts per bin in the last
 * second for each detector, against the arrival time relative to the gate
 * opening (ps); the gate [0, width) is shaded.
 */
export class HistogramChart {
  constructor(el, { labels, height = 240 }) {
    this.gate = null;
    this.labels = labels;
    const opts = {
      ...sizeOf(el, height),
      legend: { live: false },
      cursor: { show: false },
      scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.08)] } },
      series: [
        {},
        ...labels.map((label) => ({ label, stroke: COLORS[label] ?? '#333', dash: DASHES[label], width: 1.8, points: { show: false } })),
      ],
      axes: [
        { ...AXIS, label: 'arrival time from gate opening (ps)', labelSize: 20, values: (_u, splits) => splits.map((v) => `${v}`) },
        { ...AXIS, label: 'counts per bin in 1 s', labelSize: 20, size: 60, values: (_u, splits) => splits.map((v) => formatSI(v)) },
      ],
      hooks: { drawClear: [(u) => this.shadeGate(u)] },
    };
    this.plot = new uPlot(opts, [[], ...labels.map(() => [])], el);
    follow(el, this.plot, height);
  }

  /** detector: the snapshot's `detector` document. Returns the total count shown. */
  update(detector) {
    this.gate = detector.gateWidthPs;
    const n = detector.channels[0]?.histogram.length ?? 0;
    const x = new Array(n);
    for (let b = 0; b < n; b++) x[b] = detector.startPs + (b + 0.5) * detector.binPs;
    let total = 0;
    const rows = detector.channels.map((c) => {
      for (const v of c.histogram) total += v;
      return c.histogram;
    });
    this.plot.setData([x, ...rows]);
    return total;
  }

  shadeGate(u) {
    if (this.gate === null) return;
    const { ctx, bbox } = u;
    const x0 = Math.max(bbox.left, u.valToPos(0, 'x', true));
    const x1 = Math.min(bbox.left + bbox.width, u.valToPos(this.gate, 'x', true));
    if (!(x1 > x0)) return;
    ctx.save();
    ctx.fillStyle = 'rgba(46, 158, 91, 0.12)';
    ctx.fillRect(x0, bbox.top, x1 - x0, bbox.height);
    ctx.strokeStyle = 'rgba(46, 158, 91, 0.9)';
    ctx.lineWidth = uPlot.pxRatio;
    ctx.setLineDash([4 * uPlot.pxRatio, 3 * uPlot.pxRatio]);
    for (const x of [x0, x1]) {
      ctx.beginPath();
      ctx.moveTo(x, bbox.top);
      ctx.lineTo(x, bbox.top + bbox.height);
      ctx.stroke();
    }
    ctx.fillStyle = '#1f6e40';
    ctx.font = `${12 * uPlot.pxRatio}px system-ui, sans-serif`;
    ctx.fillText(`gate (${this.gate} ps)`, x0 + 4 * uPlot.pxRatio, bbox.top + 14 * uPlot.pxRatio);
    ctx.restore();
  }
}
