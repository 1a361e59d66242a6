/**
 * Where the driver suites find their boards (STYLE.md §7: one suite,
 * simulated or real). By default: the simulated bench in-process, each
 * board served on its own real pseudo-terminal by socat (serveOnPty), so
 * bytes go through the kernel tty layer and the real serialport binding.
 * Each pty gets a stable symlink so a test can kill a board's socat (the
 * unplug) and serve it again on the same path (the replug).
 *
 * With QKDD_BENCH_SOURCE / QKDD_BENCH_MODULATOR / QKDD_BENCH_DETECTOR set to
 * board addresses (e.g. serial:///dev/ttyUSB0), the same suites also run
 * against those real boards; tests that need the simulator's hands (pulling
 * a cable) skip there.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSimulatedBench,
  serveOnPty,
  type BoardName,
  type ServedPty,
  type SimulatedBench,
  type SimulatedBenchOptions,
} from '../../sim/index.ts';
import { findSocat } from './pty.ts';

export type Role = 'source' | 'modulator' | 'detector';
const SIM_NAME: Record<Role, BoardName> = { source: 'photon-source', modulator: 'polarization-modulator', detector: 'detector' };
const ENV: Record<Role, string> = { source: 'QKDD_BENCH_SOURCE', modulator: 'QKDD_BENCH_MODULATOR', detector: 'QKDD_BENCH_DETECTOR' };

export const haveSocat = findSocat() !== null;

/** Real board addresses from the environment; null for roles not set. */
export function realBoardUrl(role: Role): string | null {
  const v = process.env[ENV[role]];
  return v === undefined || v === '' ? null : v;
}

export interface SimBench {
  readonly sim: SimulatedBench;
  url(role: Role): string;
  path(role: Role): string;
  /** Kill the board's socat: the pty disappears under the host (the board keeps power). */
  pullCable(role: Role): Promise<void>;
  /** Serve the board again on the same path (or, with `board`, another board on this path). */
  plugBack(role: Role, board?: Role): Promise<void>;
  close(): Promise<void>;
}

export async function startSimBench(options: SimulatedBenchOptions = {}): Promise<SimBench> {
  const sim = createSimulatedBench(options);
  const dir = await mkdtemp(join(tmpdir(), 'qkdd-boards-'));
  const served = new Map<Role, ServedPty>();
  const path = (role: Role): string => join(dir, role);
  const serve = async (role: Role, board: Role = role): Promise<void> => {
    await rm(path(role), { force: true }); // socat leaves the link behind when killed
    served.set(role, await serveOnPty(sim.board(SIM_NAME[board]), { link: path(role) }));
  };
  try {
    for (const role of ['source', 'modulator', 'detector'] as const) await serve(role);
  } catch (err) {
    await Promise.all([...served.values()].map((s) => s.close()));
    sim.close();
    throw err;
  }
  return {
    sim,
    path,
    url: (role) => `serial://${path(role)}?baud=921600`,
    pullCable: async (role) => {
      await served.get(role)?.close();
      served.delete(role);
    },
    plugBack: (role, board) => serve(role, board),
    close: async () => {
      await Promise.all([...served.values()].map((s) => s.close()));
      served.clear();
      sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Wait until `cond()` holds, polling; fails with `what` after `timeoutMs`. */
export async function until(cond: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Link options for a shared, loaded 2-core machine: generous per-attempt timeouts. */
export const LINK = { timeoutMs: 3000 } as const;
export const SLOTS_PER_FRAME = 1024;
export const PULSE_RATE_HZ = 1_000_000_000;
