/**
 * Serial ports that may have a board behind them. serialport's
 * `SerialPort.list()` asks udev (it spawns `udevadm`); where udev is absent
 * (containers, CI runners, these machines) it fails, and we fall back to
 * the device nodes themselves: /dev/serial/by-id links (resolved, so a port
 * is not probed twice), /dev/ttyUSB*, /dev/ttyACM*.
 */
import { readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { SerialPort } from 'serialport';

export interface SerialCandidateOptions {
  /** Port lister; default `SerialPort.list()` (paths only are used). */
  readonly list?: () => Promise<readonly { path: string }[]>;
  /** Where to look when the lister fails. Default '/dev'. */
  readonly devDir?: string;
}

export interface SerialCandidates {
  readonly paths: readonly string[];
  /** 'udev' when the lister worked, 'scan' when we fell back to the device nodes. */
  readonly source: 'udev' | 'scan';
  /** Why the lister failed, when it did. */
  readonly listError?: string;
}

export async function listSerialCandidates(options: SerialCandidateOptions = {}): Promise<SerialCandidates> {
  const list = options.list ?? (() => SerialPort.list());
  try {
    const ports = await list();
    return { paths: ports.map((p) => p.path), source: 'udev' };
  } catch (err) {
    const paths = await scanDeviceNodes(options.devDir ?? '/dev');
    return { paths, source: 'scan', listError: err instanceof Error ? err.message : String(err) };
  }
}

async function scanDeviceNodes(devDir: string): Promise<string[]> {
  const found = new Map<string, string>(); // real path → path to report
  const byId = join(devDir, 'serial', 'by-id');
  for (const name of await names(byId)) {
    const link = join(byId, name);
    const real = await realpath(link).catch(() => null);
    // The by-id name is stable across replugs, so it is the one worth reporting.
    if (real !== null && !found.has(real)) found.set(real, link);
  }
  for (const name of (await names(devDir)).filter((n) => /^tty(USB|ACM)\d+$/.test(n)).sort()) {
    const path = join(devDir, name);
    const real = await realpath(path).catch(() => path);
    if (!found.has(real)) found.set(real, path);
  }
  return [...found.values()];
}

async function names(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return []; // no such directory: no boards of that kind
  }
}
