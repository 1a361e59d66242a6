/**
 * `qkd-sim`: the simulated bench as its own process. Each board is served
 * on a pseudo-terminal (`--serial`, through socat; see serve-pty.ts for why
 * that shape) or a TCP port (`--tcp PORT`); one JSON line per board on
 * stdout says where, once the board is reachable. SIGINT/SIGTERM close the
 * servers (socat children exit, the ptys disappear) and exit 0.
 */
import { BOARD_NAMES, createSimulatedBench, serveOnPty, serveOnTcp } from '../index.ts';
import { HELP, parseCli } from './options.ts';

const parsed = parseCli(process.argv.slice(2));
if (parsed.kind === 'help') {
  process.stdout.write(HELP);
  process.exit(0);
}
if (parsed.kind === 'error') {
  process.stderr.write(`qkd-sim: ${parsed.message}\n`);
  process.exit(2);
}
const { options } = parsed;

const sim = createSimulatedBench({ seed: options.seed, distanceKm: options.distanceKm, attack: options.attack });
const closers: (() => Promise<void>)[] = [];
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await Promise.allSettled(closers.map((c) => c()));
    sim.close();
  }
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
// Stdout closed by whoever started us (a pipeline ended): nothing more to say, stop cleanly.
process.stdout.on('error', () => void shutdown(0));

try {
  for (const [i, name] of BOARD_NAMES.entries()) {
    const board = sim.board(name);
    const serial = board.model.identity.serialNumber;
    if (options.mode.kind === 'serial') {
      const served = await serveOnPty(board);
      closers.push(served.close);
      process.stdout.write(JSON.stringify({ board: name, path: served.path, serial }) + '\n');
    } else {
      const served = await serveOnTcp(board, options.mode.firstPort + i);
      closers.push(served.close);
      process.stdout.write(JSON.stringify({ board: name, url: served.url, serial }) + '\n');
    }
  }
} catch (err) {
  process.stderr.write(`qkd-sim: ${err instanceof Error ? err.message : String(err)}\n`);
  await shutdown(1);
}
