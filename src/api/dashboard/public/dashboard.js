// The dashboard page's logic: listens to the node's live feed
// (server-sent events on /api/v1/events, one `snapshot` a second; see
// src/api/dashboard/wire.ts for the document), keeps the charts and panels
// up to date, and reconnects when the stream drops (a restarted node, a
// closed laptop lid). Read-only: it never sends anything to the node.
//
// For tests and scripts the page exposes its state as `window.qkddDashboard`
// ({ snapshots, last, connected }) and `data-*` attributes (body
// data-snapshots, #qber-z data-value, #chart-histogram data-counts).
import { COLORS, DASHES, formatPercent, formatPs, formatSI, HistogramChart, TimeChart } from './charts.js';

const RECONNECT_MS = 2000;
/** No snapshot for this long: the stream is dead even if the socket looks open. */
const STALE_MS = 6000;

const state = { snapshots: 0, last: null, connected: false };
window.qkddDashboard = state;

const $ = (id) => document.getElementById(id);
let charts = null;
let source = null;
let retryTimer = null;
let lastMessageAt = 0;

function setConnection(kind, text) {
  const el = $('conn');
  el.dataset.state = kind;
  el.textContent = text;
  state.connected = kind === 'live';
}

function connect() {
  clearTimeout(retryTimer);
  retryTimer = null;
  source?.close();
  source = new EventSource('/api/v1/events');
  source.addEventListener('open', () => setConnection('live', 'live'));
  source.addEventListener('snapshot', (event) => {
    lastMessageAt = Date.now();
    setConnection('live', 'live');
    render(JSON.parse(event.data));
  });
  source.addEventListener('error', () => {
    setConnection('reconnecting', 'connection lost — reconnecting…');
    // EventSource retries by itself after a network error; once it gives up (a non-stream answer), start over.
    if (source.readyState === EventSource.CLOSED) scheduleReconnect();
  });
}

function scheduleReconnect() {
  if (retryTimer === null) retryTimer = setTimeout(connect, RECONNECT_MS);
}

setInterval(() => {
  if (lastMessageAt !== 0 && Date.now() - lastMessageAt > STALE_MS) {
    lastMessageAt = 0;
    source?.close();
    setConnection('reconnecting', 'no data — reconnecting…');
    scheduleReconnect();
  }
}, 1000);

function makeCharts(snap) {
  const receiver = snap.detector !== null;
  const labels = receiver ? snap.detector.channels.map((c) => c.label) : [];
  return {
    nodeKey: `${snap.status.node.id}/${snap.status.node.role}`,
    qber: new TimeChart($('chart-qber'), {
      series: [
        { label: 'Z (key)', color: COLORS.Z },
        { label: 'X (test)', color: COLORS.X },
      ],
      extraLines: [{ label: 'abort threshold', color: COLORS.limit, value: snap.qberMax * 100 }],
      yLabel: 'QBER (%)',
      tick: (v) => `${Number(v.toFixed(2))}`,
      yRange: (_u, _min, max) => [0, Math.max(2, max * 1.15)],
    }),
    rates: new TimeChart($('chart-rates'), {
      series: [
        { label: 'sifted', color: COLORS.sifted },
        { label: 'secret', color: COLORS.secret },
      ],
      yLabel: 'key rate (bit/s)',
      yRange: (_u, _min, max) => [0, Math.max(10, max * 1.1)],
    }),
    counts: receiver
      ? new TimeChart($('chart-counts'), {
          series: labels.map((l, i) => ({ label: `${l} (ch ${snap.detector.channels[i].channel})`, color: COLORS[l], dash: DASHES[l] })),
          yLabel: 'count rate (counts/s)',
          yRange: (_u, _min, max) => [0, Math.max(10, max * 1.1)],
        })
      : null,
    histogram: receiver ? new HistogramChart($('chart-histogram'), { labels }) : null,
    store: new TimeChart($('chart-store'), {
      series: [
        { label: 'application pool', color: COLORS.app },
        { label: 'authentication pool', color: COLORS.auth },
      ],
      yLabel: 'stored key (bit)',
      height: 160,
      yRange: (_u, _min, max) => [0, Math.max(10, max * 1.1)],
    }),
  };
}

function showRole(receiver) {
  $('chart-counts').hidden = !receiver;
  $('source').hidden = receiver;
  $('counts-title').textContent = receiver ? 'Detector count rates' : 'Photon source';
  $('chart-histogram').hidden = !receiver;
  $('histogram-note').hidden = receiver;
  $('histogram-note').textContent = receiver
    ? ''
    : 'The detectors and their time histogram around the gate live on the receiver node: this transmitter owns the photon source and the polarization modulator. Open the receiver’s dashboard (its control.http address; in the demo, node B at http://127.0.0.1:9101/).';
  if (!receiver) $('qber-z').title = 'the key-basis QBER is measured by error correction at the receiver';
}

function render(snap) {
  const s = snap.status;
  const nodeKey = `${s.node.id}/${s.node.role}`;
  if (charts === null || charts.nodeKey !== nodeKey) {
    // First snapshot, or another node now answers on this address: start the page over.
    if (charts !== null) {
      window.location.reload();
      return;
    }
    showRole(snap.detector !== null);
    charts = makeCharts(snap);
  }
  const t = Date.parse(s.time) / 1000;

  // Title and header.
  document.title = `qkdd ${s.node.id} (${s.node.role})`;
  $('node-id').textContent = s.node.id;
  $('node-role').textContent = s.node.role;
  $('link-id').textContent = s.link.id;
  setFlag($('peer'), s.link.peerConnected, 'connected', 'not connected');
  setFlag($('generation'), s.generation.running, 'running', 'held');
  renderHolds(s.generation);

  // Key figures.
  setKpi('qber-z', s.qber.Z, formatPercent(s.qber.Z), s.qber.Z !== null && s.qber.Z > snap.qberMax);
  setKpi('qber-x', s.qber.X, formatPercent(s.qber.X), s.qber.X !== null && s.qber.X > snap.qberMax);
  setKpi('rate-sifted', s.rates.siftedBitsPerS, formatSI(s.rates.siftedBitsPerS, 'bit/s'), false);
  setKpi('rate-secret', s.rates.secretBitsPerS, formatSI(s.rates.secretBitsPerS, 'bit/s'), false);
  setKpi('store-app', s.storedKey.appBits, formatSI(s.storedKey.appBits, 'bit'), false);
  setKpi('alarm-total', s.alarms.total, String(s.alarms.total), s.alarms.total > 0);

  // Charts.
  const pct = (v) => (v === null ? null : v * 100);
  charts.qber.push(t, [pct(s.qber.Z), pct(s.qber.X)]);
  charts.rates.push(t, [s.rates.siftedBitsPerS, s.rates.secretBitsPerS]);
  charts.store.push(t, [s.storedKey.appBits, s.storedKey.authBits]);
  if (snap.detector !== null) {
    const d = snap.detector;
    if (d.periodS > 0)
      charts.counts.push(
        t,
        d.channels.map((c) => c.countsPerS),
      );
    const total = charts.histogram.update(d);
    $('chart-histogram').dataset.counts = String(total);
    $('histogram-hint').textContent =
      `last second · ${d.binPs} ps bins · gate ${formatPs(d.gateWidthPs)} opening ${formatPs(d.gateDelayPs)} after emission · slot ${formatPs(d.slotPeriodPs)}`;
    $('counts-hint').textContent = d.channels.some((c) => c.countSource === 'board') ? 'detector board counters' : 'tags received';
  } else {
    renderSource(snap.health);
  }

  renderPools(s.storedKey);
  renderBoards(s.boards, snap.health);
  renderAlarms(s.alarms);

  $('updated').textContent = `last update ${new Date(s.time).toLocaleTimeString()}`;
  state.snapshots++;
  state.last = snap;
  document.body.dataset.snapshots = String(state.snapshots);
}

function setFlag(el, good, yes, no) {
  el.textContent = good ? yes : no;
  el.className = good ? 'good' : 'bad';
}

function setKpi(id, value, text, bad) {
  const el = $(id);
  el.textContent = text;
  el.dataset.value = value === null || value === undefined ? '' : String(value);
  el.classList.toggle('bad', bad);
}

function renderHolds(generation) {
  const el = $('holds');
  el.hidden = generation.running;
  el.textContent = generation.running
    ? ''
    : `Key generation held — ${generation.holds.map((h) => `${h.reason}: ${h.detail} (since ${timeOf(h.since)})`).join('; ')}`;
}

function renderPools(store) {
  const rows = [
    ['application pool', store.appBits],
    ['authentication pool', store.authBits],
    ['total stored', store.totalBits],
  ];
  const el = $('pools');
  el.replaceChildren(
    ...rows.map(([label, bits]) => {
      const row = div('pool');
      const bar = div('bar');
      const fill = document.createElement('span');
      // A sliver stays visible once anything is stored, however large the store.
      fill.style.width = `${bits > 0 ? Math.max(0.5, Math.min(100, (100 * bits) / store.maxBits)) : 0}%`;
      bar.append(fill);
      row.append(div('', label), bar, div('num', formatSI(bits, 'bit')));
      return row;
    }),
    div(
      'hint',
      `of ${formatSI(store.maxBits, 'bit')} maximum · ${store.deliveredKeys} keys delivered · ${store.pendingBlocks} blocks pending`,
    ),
  );
}

function renderBoards(boards, health) {
  const temperature = (name) => health?.boardTemperatures.find((t) => t.board === name)?.degc;
  $('boards').replaceChildren(
    ...boards.map((b) => {
      const tr = document.createElement('tr');
      const degc = temperature(b.name);
      tr.append(
        td('', b.name),
        td(`state-${b.state}`, b.state),
        td('', timeOf(b.since)),
        td('', degc === undefined ? '–' : `${degc.toFixed(1)} °C`),
        td('addr', b.address),
      );
      return tr;
    }),
  );
}

/** The transmitter's photon source, from the boards' last health reading. */
function renderSource(health) {
  const src = health?.source ?? null;
  const set = (id, text, cls = '') => {
    $(id).textContent = text;
    $(id).className = cls;
  };
  if (src === null) {
    for (const id of ['source-interlock', 'source-emitting', 'source-current', 'source-temperature']) set(id, '–');
    set('source-at', health ? 'the source did not answer' : 'no reading yet');
    return;
  }
  set('source-interlock', src.interlockOpen ? 'OPEN — laser disabled' : 'closed', src.interlockOpen ? 'bad' : 'good');
  set('source-emitting', src.emitting ? 'emitting its pattern' : 'idle');
  set('source-current', `${src.laserCurrentMa.toFixed(1)} mA`);
  set('source-temperature', `${src.laserTemperatureDegc.toFixed(2)} °C`);
  set('source-at', timeOf(health.at));
}

function renderAlarms(alarms) {
  const recent = [...alarms.recent].reverse(); // newest first
  $('alarms').replaceChildren(
    ...recent.map((a) => {
      const li = document.createElement('li');
      li.className = a.severity;
      li.dataset.code = a.code;
      li.append(span('at', timeOf(a.at)), span('severity', a.severity), span('code', a.code), span('message', a.message));
      return li;
    }),
  );
  $('alarms-empty').hidden = recent.length > 0;
  const byCode = Object.entries(alarms.byCode)
    .map(([code, n]) => `${code} ×${n}`)
    .join(', ');
  $('alarm-summary').textContent = alarms.total > 0 ? `${alarms.total} since start: ${byCode}` : '';
}

function timeOf(iso) {
  return new Date(iso).toLocaleTimeString();
}

function div(cls, text) {
  const el = document.createElement('div');
  if (cls) el.className = cls;
  if (text !== undefined) el.textContent = text;
  return el;
}

function span(cls, text) {
  const el = document.createElement('span');
  el.className = cls;
  el.textContent = text;
  return el;
}

function td(cls, text) {
  const el = document.createElement('td');
  if (cls) el.className = cls;
  el.textContent = text;
  return el;
}

connect();
