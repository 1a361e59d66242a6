/**
 * `qkdctl boards`: which boards answer where. Probes the serial ports and
 * USB devices of this machine (and any `--tcp`/`--address` given, e.g. the
 * simulator's) with `*IDN?` and Hello, and prints kind, model, serial
 * number, firmware and protocol version, and the address to paste into a
 * bench config. A port the user may not open is reported apart from
 * "nothing attached", with the fix (group membership, deploy/99-qkdd.rules).
 *
 * Exit codes: 0 at least one board answered and every port could be opened;
 * 3 no board answered, or some port could not be opened (see the listing);
 * 2 a bad option.
 */
import { type DiscoveryResult, discoverBoards } from '../../../drivers/discovery/index.ts';
import { PERMISSION_HINTS } from '../../../drivers/transport/address.ts';
import { type OptionSpec, usageError } from '../args.ts';
import { parseCommand, type QkdctlCommand } from './command.ts';
import { joinRepeated, listValue } from './list-option.ts';

const SPEC = {
  tcp: { kind: 'string', help: 'also probe tcp://HOST:PORT (the simulator, a ser2net bridge); repeat or comma-separate' },
  address: { kind: 'string', help: 'also probe this address or device path (/dev/ttyUSB3, usb://1209:c0de/PM0017); repeatable' },
  'no-scan': { kind: 'boolean', help: 'probe only the --tcp/--address given, not the serial ports and USB devices' },
  'timeout-ms': { kind: 'number', help: 'time a board has to answer each probe step, ms', default: 500, min: 50, max: 60_000 },
} satisfies Record<string, OptionSpec>;

const USAGE = '[--tcp HOST:PORT ...] [--address ADDR ...] [--no-scan] [--json]';

/** One board as printed (the JSON shape of `qkdctl boards --json`). */
export interface BoardRow {
  readonly kind: string;
  readonly vendor: string;
  readonly model: string;
  readonly serial: string;
  readonly firmware: string;
  readonly protocol: string;
  /** Paste into the bench config (boards.photonSource etc.). */
  readonly address: string;
}

export interface BoardsReport {
  readonly boards: readonly BoardRow[];
  /** Addresses this user may not open, each with the fix. */
  readonly permissionDenied: readonly { address: string; reason: string; hint: string }[];
  /** Addresses probed where no board answered (a silent port, another device). */
  readonly noBoard: readonly { address: string; reason: string }[];
  readonly probed: number;
}

function tcpAddress(hostPort: string): string {
  if (hostPort.startsWith('tcp://')) return hostPort;
  if (!/^[^\s/]+:\d{1,5}$/.test(hostPort)) throw usageError(`--tcp needs HOST:PORT, got '${hostPort}'`);
  return `tcp://${hostPort}`;
}

export function boardsReport(result: DiscoveryResult): BoardsReport {
  const denied = new Set(result.permissionDenied.map((d) => d.url));
  return {
    boards: result.boards.map((b) => ({
      kind: b.kindName,
      vendor: b.vendor,
      model: b.model,
      serial: b.serial,
      firmware: b.firmware,
      protocol: b.protocol,
      address: b.url,
    })),
    permissionDenied: result.permissionDenied.map((d) => ({
      address: d.url,
      reason: d.reason,
      hint: d.url.startsWith('usb:') ? PERMISSION_HINTS.usb : PERMISSION_HINTS.serial,
    })),
    noBoard: result.skipped.filter((s) => !denied.has(s.url)).map((s) => ({ address: s.url, reason: s.reason })),
    probed: result.boards.length + result.skipped.length,
  };
}

function table(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]! + 2))).join('')).join('\n');
}

export function formatBoardsReport(r: BoardsReport): string {
  const out: string[] = [];
  if (r.boards.length > 0) {
    out.push(
      table([
        ['KIND', 'MODEL', 'SERIAL', 'FIRMWARE', 'PROTOCOL', 'ADDRESS'],
        ...r.boards.map((b) => [b.kind, `${b.vendor} ${b.model}`, b.serial, b.firmware, b.protocol, b.address]),
      ]),
    );
  } else if (r.permissionDenied.length > 0) {
    out.push('no board found — but some ports could not be opened (a permission problem, not an empty bench):');
  } else if (r.probed === 0) {
    out.push(
      'nothing attached: no serial port and no USB device with our vendor id on this machine (cables, power? `--tcp` for the simulator)',
    );
  } else {
    out.push(`no board answered on the ${r.probed} address${r.probed === 1 ? '' : 'es'} probed:`);
  }
  for (const d of r.permissionDenied) out.push(`permission denied: ${d.address}\n  fix: ${d.hint}`);
  if (r.boards.length === 0)
    for (const s of r.noBoard)
      out.push(`  ${s.address}: ${s.reason.startsWith(`${s.address}: `) ? s.reason.slice(s.address.length + 2) : s.reason}`);
  return out.join('\n');
}

export const boardsCommand: QkdctlCommand = {
  name: 'boards',
  summary: 'list the boards attached (serial, USB, --tcp): kind, model, serial, firmware, address for the config',
  async run(argv) {
    const parsed = parseCommand(joinRepeated(argv, ['tcp', 'address']), 'boards', USAGE, SPEC);
    if (parsed === null) return 0;
    const { values, io } = parsed;
    const candidates = [...listValue(values.tcp).map(tcpAddress), ...listValue(values.address)];
    const scan = !values['no-scan'];
    const slow = setTimeout(
      () =>
        io.progress(
          `probing ${scan ? 'serial ports, USB devices' : ''}${scan && candidates.length > 0 ? ' and ' : ''}${candidates.length > 0 ? `${candidates.length} given address(es)` : ''}…`,
        ),
      2000,
    );
    let result: DiscoveryResult;
    try {
      result = await discoverBoards({
        candidates,
        timeoutMs: values['timeout-ms'],
        ...(scan ? {} : { serial: false as const, usb: false as const }),
      });
    } finally {
      clearTimeout(slow);
    }
    const report = boardsReport(result);
    io.result(formatBoardsReport(report), report);
    return report.boards.length > 0 && report.permissionDenied.length === 0 ? 0 : 3;
  },
};
