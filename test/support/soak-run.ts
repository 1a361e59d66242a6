/**
 * The fault-injection soak (issue 12), as one function the soak test calls
 * with a seed and a duration: a DemoLink (simulated boards on loopback TCP,
 * two `qkdd run` processes) whose peer channel runs through a FaultProxy and
 * whose node processes load the test-only clock preload; SAE clients
 * (soak-load.ts) fetch keys from both KMEs the whole time, while the faults
 * of soak-faults.ts are injected one at a time at seeded random moments —
 * every kind once in a seeded order first, then seeded random kinds until
 * the time is up. After each fault, the time until both nodes store a new
 * block is measured. At the end: load stopped, both nodes stopped cleanly,
 * both key stores compared (compareStores), the logs scanned for key bytes.
 * Returns the summary (one JSON line's worth) and every violation.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DemoLink, type NodeName } from '../../src/cli/demo-link.ts';
import { compareStores, freePort } from './link-harness.ts';
import { FAULT_KINDS, FAULTS, type FaultContext, type FaultDetail, type FaultKind, type FaultRandom } from './soak-faults.ts';
import { SoakLoad } from './soak-load.ts';
import { scanLogsForKeys } from './soak-log-scan.ts';
import { FaultProxy } from './soak-proxy.ts';
import { tempDir } from './temp-dir.ts';

export interface SoakOptions {
  readonly seed: number;
  readonly random: FaultRandom;
  /** How long faults are injected (the run takes longer: start, settle, compare). */
  readonly faultSeconds: number;
  /** Generation must resume within this after each fault (else a violation). */
  readonly resumeBoundMs: number;
  /** Concurrent SAE client loops. */
  readonly clients?: number;
  readonly logLevel?: 'info' | 'debug';
  /** Progress lines (one per fault). */
  readonly progress?: (line: string) => void;
}

export interface SoakViolation {
  readonly kind: string;
  readonly detail: string;
}

export interface SoakFaultRecord {
  readonly kind: FaultKind;
  readonly atS: number;
  readonly detail: FaultDetail;
  /** ms from the fault's end until both nodes had stored a new block (null: not within the bound). */
  readonly resumeMs: number | null;
}

export interface SoakSummary {
  readonly soak: 'qkdd';
  readonly seed: number;
  readonly faultSeconds: number;
  readonly runSeconds: number;
  readonly faults: Record<string, number>;
  readonly keysDelivered: number;
  /** Of those, keys whose master SAE was at node B (enc_keys at the receiver's KME, cut by the allocator). */
  readonly keysDeliveredFromB: number;
  readonly resumeMs: Record<string, { max: number | null; median: number | null }>;
  readonly resumeBoundMs: number;
  readonly violations: number;
  readonly violationKinds: Record<string, number>;
  readonly blocksCompared: number;
  readonly encRefused: Record<string, number>;
  readonly decRetried: Record<string, number>;
  readonly decAmbiguous: number;
  readonly decExpiredByClockStep: number;
  readonly redeliveryProbes: number;
  readonly diskFull: FaultDetail[];
}

const PRELOAD = fileURLToPath(new URL('./soak-clock-preload.ts', import.meta.url));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

function tally(keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}

export async function runSoak(o: SoakOptions): Promise<{ summary: SoakSummary; violations: SoakViolation[]; faults: SoakFaultRecord[] }> {
  const say = o.progress ?? (() => undefined);
  const started = Date.now();
  const state = tempDir('qkdd-soak-');
  const clockDir = join(state.dir, 'clock');
  mkdirSync(clockDir, { recursive: true, mode: 0o700 });
  const previousClockDir = process.env.QKDD_SOAK_CLOCK_DIR;
  process.env.QKDD_SOAK_CLOCK_DIR = clockDir;
  const violations: SoakViolation[] = [];
  const records: SoakFaultRecord[] = [];
  const exits: Record<NodeName, number> = { alice: 0, bob: 0 };
  const allowedExits = new Set<NodeName>();
  // Each node's wall-clock steps (for the load's expiry excuse at the slave) and which nodes run with a shifted clock.
  const clockSteps: Record<NodeName, number[]> = { alice: [], bob: [] };
  const clockShifted: Record<NodeName, boolean> = { alice: false, bob: false };
  const clockStep = (name: NodeName, offsetMs: number): void => {
    clockSteps[name].push(Date.now());
    clockShifted[name] = offsetMs !== 0;
  };
  let stopping = false;
  let link: DemoLink | null = null;
  let load: SoakLoad | null = null;
  const peerPort = await freePort();
  const proxy = await FaultProxy.start(await freePort(), peerPort, { next: () => o.random.nextFloat() });
  try {
    link = await DemoLink.start({
      stateDir: state.dir,
      distanceKm: 10,
      attack: false,
      seed: o.seed,
      boards: 'tcp',
      ports: { peer: peerPort, peerConnect: proxy.port, etsiA: await freePort(), etsiB: await freePort() },
      nodeArgs: ['--import', pathToFileURL(PRELOAD).href],
      logLevel: o.logLevel ?? 'info',
    });
    const l = link;
    l.onNodeExit((name, code, signal) => {
      exits[name]++;
      // The restarted process reads the real clock again: a step back for a shifted node.
      if (clockShifted[name]) clockStep(name, 0);
      if (!allowedExits.has(name) && !stopping) {
        violations.push({ kind: 'unexpected-exit', detail: `${name} exited (code ${code}, signal ${signal})` });
        // Keep the link running: the next fault and the end checks still mean something.
        l.startNode(name);
      }
    });
    const blocks = (name: NodeName): number => Number(l.latest[name]?.stats.blocksStored ?? 0);
    if (!(await l.waitFor(() => blocks('alice') >= 1 && blocks('bob') >= 1, 180_000))) {
      throw new Error(`soak: the link made no key within 180 s of its start (state in ${state.dir})`);
    }
    load = new SoakLoad({
      urlA: `https://127.0.0.1:${l.o.ports.etsiA}`,
      urlB: `https://127.0.0.1:${l.o.ports.etsiB}`,
      pkiDir: join(state.dir, 'pki'),
      clients: o.clients ?? 2,
      keySizeBits: 256,
      random: o.random,
      decDeadlineMs: 150_000,
      redeliveryProbe: 0.1,
      slaveClockSteppedSince: (t, slave) => clockSteps[slave].some((at) => at >= t),
    });
    load.start();

    const ctx: FaultContext = {
      link: l,
      proxy,
      random: o.random,
      clockDir,
      clockOffsets: new Map(),
      expectExit: (name) => void allowedExits.add(name),
      noteClockStep: clockStep,
      exitCount: (name) => exits[name],
    };
    // Every kind once, in a seeded order; then seeded random kinds until the time is up.
    const mandatory = [...FAULT_KINDS];
    for (let i = mandatory.length - 1; i > 0; i--) {
      const j = Math.floor(o.random.nextFloat() * (i + 1));
      [mandatory[i], mandatory[j]] = [mandatory[j], mandatory[i]];
    }
    const faultStart = Date.now();
    while (mandatory.length > 0 || Date.now() - faultStart < o.faultSeconds * 1000) {
      await sleep(500 + o.random.nextFloat() * 3000);
      const kind = mandatory.shift() ?? FAULT_KINDS[Math.floor(o.random.nextFloat() * FAULT_KINDS.length)];
      const atS = Math.round((Date.now() - started) / 100) / 10;
      const detail = await FAULTS[kind](ctx);
      allowedExits.clear();
      const base = { alice: blocks('alice'), bob: blocks('bob') };
      const t0 = Date.now();
      const resumed = await l.waitFor(() => blocks('alice') > base.alice && blocks('bob') > base.bob, o.resumeBoundMs);
      const resumeMs = resumed ? Date.now() - t0 : null;
      if (!resumed)
        violations.push({
          kind: 'no-resume',
          detail: `${kind} ${JSON.stringify(detail)}: no new block on both nodes within ${o.resumeBoundMs} ms`,
        });
      records.push({ kind, atS, detail, resumeMs });
      say(`soak: t=${atS}s ${kind} ${JSON.stringify(detail)} resumed in ${resumeMs ?? 'NO'} ms; keys ${load.counts.keysDelivered}`);
    }

    say('soak: faults over; settling the keys in flight');
    await load.stop();
    stopping = true;
    const codes = await l.stop();
    if (codes.alice !== 0 || codes.bob !== 0) violations.push({ kind: 'unclean-stop', detail: `exit codes ${JSON.stringify(codes)}` });
    link = null;
    for (const v of load.violations) violations.push({ kind: v.kind, detail: `${v.keyId}: ${v.detail}` });
    const cmp = compareStores(l.storePath('alice'), l.storePath('bob'), 16, { allowSkip: true });
    const bobSet = new Set(cmp.bobBlocks);
    const aliceSet = new Set(cmp.aliceBlocks);
    if (cmp.bobOnly.length > 0) violations.push({ kind: 'block-one-side', detail: `blocks at B only: ${cmp.bobOnly.join(' ')}` });
    const aliceOnly = cmp.aliceActiveBefore.filter((id) => !bobSet.has(id));
    if (aliceOnly.length > 0) violations.push({ kind: 'block-one-side', detail: `blocks active at A only: ${aliceOnly.join(' ')}` });
    if (aliceSet.size !== bobSet.size || cmp.bobBlocks.some((id) => !aliceSet.has(id))) {
      violations.push({ kind: 'block-one-side', detail: `after settling: ${aliceSet.size} blocks at A, ${bobSet.size} at B` });
    }
    if (cmp.keysA.length !== 16 || cmp.keysA.some((k, i) => k !== cmp.keysB[i])) {
      violations.push({
        kind: 'store-keys-differ',
        detail: `${cmp.keysA.length} keys cut at A after the run; equal at B: ${cmp.keysA.every((k, i) => k === cmp.keysB[i])}`,
      });
    }
    const inLogs = scanLogsForKeys([join(state.dir, 'alice.log'), join(state.dir, 'bob.log')], load.deliveredKeys);
    for (const hit of inLogs) violations.push({ kind: 'key-in-log', detail: `delivered key #${hit.key} (${hit.encoding}) in ${hit.file}` });

    const byKind = (k: FaultKind): number[] => records.filter((r) => r.kind === k && r.resumeMs !== null).map((r) => r.resumeMs as number);
    const summary: SoakSummary = {
      soak: 'qkdd',
      seed: o.seed,
      faultSeconds: o.faultSeconds,
      runSeconds: Math.round((Date.now() - started) / 1000),
      faults: tally(records.map((r) => r.kind)),
      keysDelivered: load.counts.keysDelivered,
      keysDeliveredFromB: load.counts.keysDeliveredFromB,
      resumeMs: Object.fromEntries(
        FAULT_KINDS.map((k) => [k, { max: byKind(k).length ? Math.max(...byKind(k)) : null, median: median(byKind(k)) }]),
      ),
      resumeBoundMs: o.resumeBoundMs,
      violations: violations.length,
      violationKinds: tally(violations.map((v) => v.kind)),
      blocksCompared: bobSet.size,
      encRefused: load.counts.encRefused,
      decRetried: load.counts.decRetried,
      decAmbiguous: load.counts.decAmbiguous,
      decExpiredByClockStep: load.counts.decExpiredByClockStep,
      redeliveryProbes: load.counts.redeliveryProbes,
      diskFull: records.filter((r) => r.kind === 'disk-full').map((r) => r.detail),
    };
    return { summary, violations, faults: records };
  } finally {
    stopping = true;
    if (load) await load.stop(true).catch(() => undefined);
    if (link) await link.stop().catch(() => undefined);
    await proxy.close();
    if (previousClockDir === undefined) delete process.env.QKDD_SOAK_CLOCK_DIR;
    else process.env.QKDD_SOAK_CLOCK_DIR = previousClockDir;
    if (process.env.QKDD_SOAK_KEEP === '1') say(`soak: state kept in ${state.dir}`);
    else state.remove();
  }
}
