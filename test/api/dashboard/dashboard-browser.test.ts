/**
 * The dashboard in headless Chromium (puppeteer-core), against the demo link
 * (the simulated bench and two `qkdd run` processes, DemoLink) with both
 * control APIs on free loopback ports:
 *  - node B's page (the receiver) loads with no console error and no page
 *    error, receives snapshots, shows the QBER as a number below the abort
 *    threshold, and its time histogram and count rates have counts;
 *  - node A's page (the transmitter) says the histogram lives on the
 *    receiver, and an interlock opened in the simulator (the source is A's)
 *    appears in its alarm list and as a held generation;
 *  - a page whose server goes away reconnects when it is back.
 * Screenshots go to test-artifacts/ (gitignored). Skips with a note where
 * /usr/bin/chromium is absent.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page, launch } from 'puppeteer-core';
import { afterEach, describe, expect, it } from 'vitest';
import { type ControlServer, startControlServer } from '../../../src/api/control/index.ts';
import { type DashboardNode, dashboardRoutes } from '../../../src/api/dashboard/index.ts';
import { benchConfigSchema } from '../../../src/config/index.ts';
import { createLogger } from '../../../src/log.ts';
import { AlarmBoard } from '../../../src/node/alarms.ts';
import { GenerationGate } from '../../../src/node/generation-gate.ts';
import type { NodeStatus } from '../../../src/node/qkd-node.ts';
import { freePort } from '../../support/link-harness.ts';
import { tempDirsPerTest } from '../../support/temp-dir.ts';
import { startDemoLink } from '../../support/demo-link.ts';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) console.warn(`dashboard browser test skipped: ${CHROMIUM} not found (apt-get install chromium)`);

const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const newDir = tempDirsPerTest('qkdd-dashboard-browser-');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function browser(): Promise<Browser> {
  const b = await launch({
    executablePath: CHROMIUM,
    headless: true,
    // Tests run as root (no sandbox there); a fixed window so that screenshots look alike.
    args: ['--no-sandbox', '--headless=new', '--window-size=1400,1200'],
    defaultViewport: { width: 1400, height: 1200 },
  });
  cleanups.push(() => b.close());
  return b;
}

/** A page that records every console error and uncaught exception. */
async function watchedPage(b: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await b.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()} ${msg.location().url ?? ''}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err instanceof Error ? err.message : String(err)}`));
  page.on('requestfailed', (req) => errors.push(`request failed: ${req.url()} ${req.failure()?.errorText ?? ''}`));
  return { page, errors };
}

interface PageState {
  snapshots: number;
  connected: boolean;
  role: string | null;
  qberZ: number | null;
  qberText: string;
  histogramCounts: number;
  countsPerS: number[];
  histogramNote: string | null;
  alarms: { code: string; text: string; severity: string }[];
  holds: string | null;
  title: string;
  connState: string;
  connText: string;
  sourceInterlock: string | null;
  alarmColor: string | null;
}

/**
 * Runs in the page (a string: this project's TypeScript has no DOM types): what the page shows, from
 * window.qkddDashboard and the DOM.
 */
const PAGE_STATE_JS = `(() => {
  const d = window.qkddDashboard;
  const q = document.getElementById('qber-z');
  const note = document.getElementById('histogram-note');
  const holds = document.getElementById('holds');
  return {
    snapshots: d?.snapshots ?? 0,
    connected: d?.connected ?? false,
    role: d?.last?.status.node.role ?? null,
    qberZ: q?.dataset.value ? Number(q.dataset.value) : null,
    qberText: q?.textContent ?? '',
    histogramCounts: Number(document.getElementById('chart-histogram')?.dataset.counts ?? 0),
    countsPerS: d?.last?.detector?.channels.map((c) => c.countsPerS) ?? [],
    histogramNote: note && !note.hidden ? note.textContent : null,
    alarms: [...document.querySelectorAll('#alarms li')].map((li) => ({ code: li.dataset.code ?? '', text: li.textContent ?? '', severity: li.className })),
    holds: holds && !holds.hidden ? holds.textContent : null,
    title: document.title,
    connState: document.getElementById('conn')?.dataset.state ?? '',
    connText: document.getElementById('conn')?.textContent ?? '',
    sourceInterlock: document.getElementById('source')?.hidden ? null : document.getElementById('source-interlock')?.textContent ?? null,
    alarmColor: (() => {
      const li = document.querySelector('#alarms li[data-code="interlock-open"]');
      return li ? getComputedStyle(li).color : null;
    })(),
  };
})()`;

/** The arrival time of the histogram's peak (all detectors summed), ps from the gate opening. */
const PEAK_JS = `(() => {
  const d = window.qkddDashboard.last.detector;
  const sum = d.channels[0].histogram.map((_, i) => d.channels.reduce((a, c) => a + c.histogram[i], 0));
  return d.startPs + (sum.indexOf(Math.max(...sum)) + 0.5) * d.binPs;
})()`;

function pageState(page: Page): Promise<PageState> {
  return page.evaluate(PAGE_STATE_JS) as Promise<PageState>;
}

async function waitForState(page: Page, predicate: (s: PageState) => boolean, timeoutMs: number): Promise<PageState> {
  const deadline = Date.now() + timeoutMs;
  let s = await pageState(page);
  while (!predicate(s) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    s = await pageState(page);
  }
  return s;
}

describe.skipIf(!available)('dashboard in headless Chromium', () => {
  it('shows a running link: live QBER, count rates and the gate histogram on B; an interlock alarm on A', {
    timeout: 150_000,
  }, async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const demo = await startDemoLink({ seed: 33, statePrefix: 'qkdd-dashboard-link-' });
    cleanups.push(() => demo.cleanup());
    const { link } = demo;
    const b = await browser();

    // Node B, the receiver: wait until its page has QBER from a finished frame and a histogram with counts.
    const B = await watchedPage(b);
    const urlB = `${link.controlUrl('bob')}/`;
    // The node may still be starting: retry the first load.
    await expect.poll(async () => (await B.page.goto(urlB).catch(() => null))?.status() ?? 0, { timeout: 30_000, interval: 500 }).toBe(200);
    B.errors.length = 0; // a refused connection while the node was starting is not the page's fault
    const sB = await waitForState(B.page, (s) => s.qberZ !== null && s.histogramCounts > 0 && s.snapshots >= 3, 90_000);
    await B.page.screenshot({ path: join(ARTIFACTS, 'dashboard-receiver.png'), fullPage: true });
    expect(sB.connected).toBe(true);
    expect(sB.role).toBe('receiver');
    expect(sB.title).toBe('qkdd kme-b (receiver)');
    expect(sB.qberZ, 'no QBER shown').not.toBeNull();
    expect(sB.qberZ!).toBeGreaterThan(0);
    expect(sB.qberZ!).toBeLessThan(0.11);
    expect(sB.qberText).toMatch(/^\d+\.\d\d %$/);
    expect(sB.histogramCounts, 'the histogram never had counts').toBeGreaterThan(0);
    expect(sB.countsPerS).toHaveLength(4);
    expect(sB.countsPerS.every((c) => c > 0)).toBe(true);
    expect(sB.histogramNote).toBeNull();
    // The peak sits inside the gate: the demo centres its gate on the arrival time.
    const peak = (await B.page.evaluate(PEAK_JS)) as number;
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(400);
    expect(B.errors).toEqual([]);

    // Node A, the transmitter: no histogram here (a note says where it is); the interlock is A's source.
    const A = await watchedPage(b);
    expect((await A.page.goto(`${link.controlUrl('alice')}/`))?.status()).toBe(200);
    const sA0 = await waitForState(A.page, (s) => s.snapshots >= 1, 30_000);
    expect(sA0.role).toBe('transmitter');
    expect(sA0.histogramNote).toMatch(/receiver/);
    expect(sA0.alarms.filter((a) => a.code === 'interlock-open')).toEqual([]);
    link.sim.control.openInterlock();
    const sA = await waitForState(
      A.page,
      (s) => s.alarms.some((a) => a.code === 'interlock-open') && s.holds !== null && /^OPEN/.test(s.sourceInterlock ?? ''),
      30_000,
    );
    await A.page.screenshot({ path: join(ARTIFACTS, 'dashboard-transmitter-interlock.png'), fullPage: true });
    const alarm = sA.alarms.find((a) => a.code === 'interlock-open');
    expect(alarm, 'the interlock alarm never appeared on the page').toBeDefined();
    expect(alarm!.text).toMatch(/interlock/i);
    expect(alarm!.severity).toBe('critical');
    expect(sA.holds).toMatch(/safety:interlock/);
    expect(sA.sourceInterlock).toMatch(/^OPEN/); // the source panel, from the boards' health reading
    expect(sA0.sourceInterlock === null || sA0.sourceInterlock === 'closed' || sA0.sourceInterlock === '–').toBe(true);
    expect(sA.alarmColor, 'the alarm is drawn in red').toBe('rgb(198, 40, 40)');
    expect(A.errors).toEqual([]);
    expect(B.errors).toEqual([]);
    link.sim.control.closeInterlock();
    await b.close();
  });

  it('reconnects when the stream drops and the node comes back', { timeout: 90_000 }, async () => {
    const cfg = benchConfigSchema.parse({
      node: { id: 'kme-a', role: 'transmitter', linkId: 'l' },
      boards: { photonSource: 'tcp://127.0.0.1:1', polarizationModulator: 'tcp://127.0.0.1:2' },
      peer: { listen: '127.0.0.1:1', preSharedKeyFile: 'psk' },
      keystore: { path: 'keys.sqlite' },
      source: {
        rateHz: 1e8,
        intensities: { signal: 0.6, decoy: 0.2, vacuum: 0.0002 },
        intensityProbabilities: { signal: 0.5, decoy: 0.3, vacuum: 0.2 },
      },
      modulator: { stateVoltagesV: [0, 1, 2, 3] },
    });
    const node: DashboardNode = {
      gate: new GenerationGate(),
      alarms: new AlarmBoard(createLogger({ name: 't', level: 'silent' })),
      status: (): NodeStatus => ({
        nodeId: 'kme-a',
        role: 'transmitter',
        linkId: 'l',
        boards: [],
        peerConnected: false,
        peerSessions: 0,
        framesInFlight: 0,
        stats: {},
        store: { appBits: 0, authBits: 0, storedBits: 0, maxBits: 1, deliveredKeys: 0, pendingBlocks: 0 },
        alarms: { total: 0, byCode: {} },
        generation: { running: true, holds: [] },
      }),
    };
    const port = await freePort();
    const start = async (): Promise<ControlServer> => {
      const { routes, feed } = dashboardRoutes({ node, config: cfg, intervalMs: 250 });
      const s = await startControlServer({
        node,
        socketPath: join(newDir(), 'c.sock'),
        http: { host: '127.0.0.1', port },
        rawRoutes: routes,
      });
      return {
        ...s,
        close: async () => {
          feed.close();
          await s.close();
        },
      };
    };
    let server = await start();
    cleanups.push(() => server.close());
    const b = await browser();
    const { page } = await watchedPage(b);
    await page.goto(`http://127.0.0.1:${port}/`);
    const before = await waitForState(page, (s) => s.snapshots >= 2 && s.connected, 20_000);
    expect(before.connected).toBe(true);
    await server.close();
    expect((await waitForState(page, (s) => s.connState === 'reconnecting', 20_000)).connState).toBe('reconnecting');
    server = await start();
    const after = await waitForState(page, (s) => s.snapshots > before.snapshots + 1 && s.connected, 30_000);
    expect(after.snapshots).toBeGreaterThan(before.snapshots + 1);
    expect(after.connText).toBe('live');
  });
});
