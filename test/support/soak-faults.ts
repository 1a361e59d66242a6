/**
 * The faults the soak test (test/soak/soak.test.ts) injects into a running
 * DemoLink, one at a time. Each fault function injects its fault, keeps it
 * for a seeded while, undoes it (board plugged back, proxy window over, node
 * restarted, file-size limit lifted, clock left where it jumped to) and
 * returns what it did; the runner (soak-run.ts) then measures how long the
 * link takes to make key again.
 *
 * - board-unplug: a simulated board's cable out, then back in (its driver reconnects);
 * - peer-drop: the proxy between the peer ports cuts every connection;
 * - peer-corrupt: bits flipped in the peer traffic for a few seconds;
 * - peer-delay: 50–200 ms added to the peer traffic for a few seconds;
 * - kill-9: SIGKILL of either node, then a restart on the same state;
 * - disk-full: the node's file-size limit (`prlimit --fsize`, no root needed;
 *   Node ignores SIGXFSZ, so writes fail with EFBIG) set to 4 KiB so that no
 *   write past 4 KiB lands in its key store, WAL or log; lifted after a few
 *   seconds, or the node restarted without it if it stopped;
 * - clock-jump: the node's wall clock (Date) moved ±1 h through the test-only
 *   preload soak-clock-preload.ts (SIGUSR2).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOARD_NAMES } from '../../sim/index.ts';
import type { DemoLink, NodeName } from '../../src/cli/demo-link.ts';
import type { FaultProxy } from './soak-proxy.ts';

export const FAULT_KINDS = ['board-unplug', 'peer-drop', 'peer-corrupt', 'peer-delay', 'kill-9', 'disk-full', 'clock-jump'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRandom {
  /** Uniform in [0, 1). */
  nextFloat(): number;
}

export interface FaultContext {
  readonly link: DemoLink;
  readonly proxy: FaultProxy;
  readonly random: FaultRandom;
  /** Folder the clock preload reads offsets from (QKDD_SOAK_CLOCK_DIR). */
  readonly clockDir: string;
  /** Clock offset of each running node process, by pid. */
  readonly clockOffsets: Map<number, number>;
  /** Exits of this node while this fault runs are part of it; the runner counts any other exit as a violation. */
  expectExit(name: NodeName): void;
  /** The node's wall clock stepped now (the runner also counts a restart of a shifted node as a step). */
  noteClockStep(name: NodeName, offsetMs: number): void;
  /** Exits of each node since the start, as the runner saw them. */
  exitCount(name: NodeName): number;
}

export type FaultDetail = Record<string, string | number | boolean | null>;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const between = (r: FaultRandom, lo: number, hi: number): number => Math.round(lo + r.nextFloat() * (hi - lo));
const pick = <T>(r: FaultRandom, items: readonly T[]): T => items[Math.floor(r.nextFloat() * items.length)];
const NODES: readonly NodeName[] = ['alice', 'bob'];

/** The limit the disk-full fault sets: every write past 4 KiB of any file fails. */
export const DISK_FULL_FSIZE_BYTES = 4096;

export function prlimitAvailable(): boolean {
  return spawnSync('prlimit', ['--version'], { stdio: 'ignore' }).status === 0;
}

function setFsize(pid: number, soft: number | 'unlimited'): void {
  const r = spawnSync('prlimit', ['--pid', String(pid), `--fsize=${soft}:`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`prlimit --pid ${pid} --fsize=${soft}: failed: ${r.stderr}`);
}

export const FAULTS: Record<FaultKind, (ctx: FaultContext) => Promise<FaultDetail>> = {
  async 'board-unplug'(ctx) {
    const board = pick(ctx.random, BOARD_NAMES);
    const outMs = between(ctx.random, 500, 4000);
    ctx.link.sim.control.unplug(board);
    await sleep(outMs);
    ctx.link.sim.control.replug(board);
    return { board, outMs };
  },

  async 'peer-drop'(ctx) {
    const connections = ctx.proxy.cut();
    return { connections };
  },

  async 'peer-corrupt'(ctx) {
    const windowMs = between(ctx.random, 2000, 5000);
    const before = ctx.proxy.counters.corruptedBytes;
    ctx.proxy.corrupt(windowMs, 0.3);
    await sleep(windowMs);
    return { windowMs, corruptedBytes: ctx.proxy.counters.corruptedBytes - before };
  },

  async 'peer-delay'(ctx) {
    const windowMs = between(ctx.random, 3000, 8000);
    const delayMs = between(ctx.random, 50, 200);
    const before = ctx.proxy.counters.delayedChunks;
    ctx.proxy.delay(windowMs, delayMs);
    await sleep(windowMs);
    return { windowMs, delayMs, delayedChunks: ctx.proxy.counters.delayedChunks - before };
  },

  async 'kill-9'(ctx) {
    const node = pick(ctx.random, NODES);
    const downMs = between(ctx.random, 200, 2000);
    ctx.expectExit(node);
    await ctx.link.killNode(node);
    await sleep(downMs);
    ctx.link.startNode(node);
    return { node, downMs };
  },

  async 'disk-full'(ctx) {
    const node = pick(ctx.random, NODES);
    const pid = ctx.link.pid(node);
    if (pid === undefined) throw new Error(`disk-full: node ${node} is not running`);
    const fullMs = between(ctx.random, 2000, 6000);
    const exitsBefore = ctx.exitCount(node);
    // The node may stop on its own (a clear error is an acceptable answer to a full disk).
    ctx.expectExit(node);
    setFsize(pid, DISK_FULL_FSIZE_BYTES);
    await sleep(fullMs);
    const stopped = ctx.exitCount(node) > exitsBefore || ctx.link.pid(node) !== pid;
    const alarms = stopped ? null : JSON.stringify(ctx.link.latest[node]?.alarms.byCode ?? {});
    if (stopped) {
      // Restart without the limit (a fresh process has the default limit).
      ctx.link.startNode(node);
    } else {
      setFsize(pid, 'unlimited');
    }
    return { node, fullMs, stopped, alarms };
  },

  async 'clock-jump'(ctx) {
    const node = pick(ctx.random, NODES);
    const pid = ctx.link.pid(node);
    if (pid === undefined) throw new Error(`clock-jump: node ${node} is not running`);
    const stepMs = (ctx.random.nextFloat() < 0.5 ? -1 : 1) * 3_600_000;
    const offsetMs = (ctx.clockOffsets.get(pid) ?? 0) + stepMs;
    ctx.clockOffsets.set(pid, offsetMs);
    writeFileSync(join(ctx.clockDir, `${pid}.offset-ms`), String(offsetMs));
    ctx.noteClockStep(node, offsetMs);
    process.kill(pid, 'SIGUSR2');
    return { node, stepMs, offsetMs };
  },
};
