/**
 * `qkdctl init`: a bench config for this node, written from the boards found
 * attached (discovery, as `qkdctl boards`) or from addresses given, with a
 * comment on every field, so that a technician starts from a file that
 * loads and reads what each value means. The file is validated with the
 * config loader's schema before it is written; an existing file is kept
 * unless `--force`.
 *
 * Calibration values (gate delay, modulator drive voltages) are placeholders
 * until the calibration commands exist (a later issue): `--gate-delay-ps`
 * (or `--distance-km`, from which the fibre delay is estimated) and
 * `--state-voltages` set them for now.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type DiscoveredBoard, discoverBoards } from '../../../drivers/discovery/index.ts';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import { parseBenchConfig } from '../../config/index.ts';
import { type OptionSpec, usageError } from '../args.ts';
import { parseCommand, type QkdctlCommand } from './command.ts';
import { joinRepeated, listValue } from './list-option.ts';

const hostPortHelp = 'HOST:PORT';
const SPEC = {
  role: {
    kind: 'string',
    help: 'this node: transmitter (source + modulator) or receiver (detector)',
    choices: ['transmitter', 'receiver'],
  },
  link: { kind: 'string', help: 'link id, the same on both nodes of the fibre' },
  'node-id': { kind: 'string', help: "this node's name, its KME id (default <link>-tx or <link>-rx)" },
  peer: { kind: 'string', help: `receiver: the transmitter's peer address to connect to, ${hostPortHelp}` },
  listen: {
    kind: 'string',
    help: `transmitter: the peer listen address (the interface facing the receiver), ${hostPortHelp}`,
    default: '0.0.0.0:7700',
  },
  'allow-from': { kind: 'string', help: 'transmitter: peer addresses or CIDR ranges allowed to connect (peer.allowFrom); repeatable' },
  out: { kind: 'string', help: 'config file to write', default: 'bench.yaml' },
  force: { kind: 'boolean', help: 'overwrite an existing --out file' },
  'photon-source': { kind: 'string', help: 'photon source address (instead of discovery)' },
  modulator: { kind: 'string', help: 'polarization modulator address (instead of discovery)' },
  detector: { kind: 'string', help: 'detector / time tagger address (instead of discovery)' },
  tcp: { kind: 'string', help: 'also probe tcp://HOST:PORT in discovery (the simulator); repeatable' },
  address: { kind: 'string', help: 'also probe this address or device path in discovery; repeatable' },
  'no-scan': { kind: 'boolean', help: "discovery probes only --tcp/--address, not this machine's ports" },
  psk: { kind: 'string', help: "pre-shared key file (relative: to the config's folder)", default: 'keys/<link>.psk' },
  'psk-min-bytes': { kind: 'number', help: 'smallest pre-shared key accepted, bytes', default: 32, min: 1 },
  keystore: { kind: 'string', help: "key store database (relative: to the config's folder)", default: 'state/keys.sqlite' },
  pki: { kind: 'string', help: "folder of qkdctl keys pki: adds the ETSI GS QKD 014 section with this node's certificate" },
  'etsi-listen': { kind: 'string', help: `ETSI 014 HTTPS listen address, ${hostPortHelp}`, default: '127.0.0.1:8443' },
  'peer-kme': { kind: 'string', help: "the other node's id (with --pki)" },
  'local-sae': { kind: 'string', help: 'SAE ids attached to this node, comma-separated (with --pki)' },
  'remote-sae': { kind: 'string', help: 'SAE ids attached to the peer node, comma-separated (with --pki)' },
  'rate-hz': { kind: 'number', help: 'pulse rate, Hz', default: 1e8, min: 1e3, max: 1e11 },
  'frame-slots': { kind: 'number', help: 'pulse slots per frame', default: 1 << 22, min: 1024, max: 2 ** 31 },
  'gate-delay-ps': { kind: 'number', help: 'receiver: emission-to-gate delay, ps (until the delay scan exists)', min: 0 },
  'gate-width-ps': { kind: 'number', help: 'receiver: gate width, ps', default: 400, min: 1 },
  'distance-km': { kind: 'number', help: 'receiver: fibre length, km — estimates the gate delay when --gate-delay-ps is absent', min: 0 },
  'state-voltages': {
    kind: 'string',
    help: 'transmitter: modulator drive of H,V,D,A in volts (until polarization calibration)',
    default: '0.7,4.7,2.7,6.7',
  },
} satisfies Record<string, OptionSpec>;

const USAGE = '--role transmitter|receiver --link ID [--node-id ID] [--peer HOST:PORT] [--out FILE] [--force] [options]';

/** Group index of standard single-mode fibre: 4.897 µs of delay per km. */
const FIBRE_GROUP_INDEX = 1.468;

/** Gate delay from fibre length, as `qkdd demo` computes it: propagation delay less half the gate. */
export function estimateGateDelayPs(distanceKm: number, gateWidthPs: number): number {
  return Math.max(0, Math.round((distanceKm * FIBRE_GROUP_INDEX * 1e15) / 299_792_458 - gateWidthPs / 2));
}

const q = (s: string): string => JSON.stringify(s);
const hostPort = (name: string, v: string): string => {
  if (!/^[^\s:]+:\d{1,5}$/.test(v)) throw usageError(`--${name} needs HOST:PORT, got '${v}'`);
  return v;
};

type Role = 'transmitter' | 'receiver';
type BoardField = 'photonSource' | 'polarizationModulator' | 'detector';
const KIND_OF: Record<BoardField, DiscoveredBoard['kindName']> = {
  photonSource: 'photon-source',
  polarizationModulator: 'polarization-modulator',
  detector: 'detector',
};

/** The addresses of the role's boards: given ones, else the one board of each kind discovery found. */
async function pickBoards(
  role: Role,
  given: Partial<Record<BoardField, string>>,
  discovery: { candidates: string[]; scan: boolean; progress: (line: string) => void },
): Promise<{ boards: Record<BoardField, string | undefined>; found: readonly DiscoveredBoard[] }> {
  const needed: BoardField[] = role === 'transmitter' ? ['photonSource', 'polarizationModulator'] : ['detector'];
  const boards: Record<BoardField, string | undefined> = { photonSource: undefined, polarizationModulator: undefined, detector: undefined };
  for (const f of needed) boards[f] = given[f];
  const missing = needed.filter((f) => boards[f] === undefined);
  if (missing.length === 0) return { boards, found: [] };
  const slow = setTimeout(() => discovery.progress('looking for the boards (serial ports, USB, given addresses)…'), 2000);
  let result: Awaited<ReturnType<typeof discoverBoards>>;
  try {
    result = await discoverBoards({
      candidates: discovery.candidates,
      ...(discovery.scan ? {} : { serial: false as const, usb: false as const }),
    });
  } finally {
    clearTimeout(slow);
  }
  for (const f of missing) {
    const kind = KIND_OF[f];
    const flag = f === 'photonSource' ? 'photon-source' : f === 'polarizationModulator' ? 'modulator' : 'detector';
    const matches = result.boards.filter((b) => b.kindName === kind);
    if (matches.length === 1) boards[f] = matches[0]!.url;
    else if (matches.length > 1)
      throw usageError(
        `several ${kind} boards found (${matches.map((b) => `${b.serial} at ${b.url}`).join(', ')}); choose one with --${flag} ADDR`,
      );
    else {
      const denied =
        result.permissionDenied.length > 0
          ? `; ${result.permissionDenied.length} port(s) could not be opened (qkdctl boards says why)`
          : '';
      throw new QkdError(
        QkdErrorCode.NotConnected,
        `no ${kind} board found (${result.boards.length} board(s) answered${denied}); give its address with --${flag} ADDR, or --tcp HOST:PORT for the simulator`,
        { kind },
      );
    }
  }
  return { boards, found: result.boards };
}

export interface InitChoices {
  role: Role;
  nodeId: string;
  linkId: string;
  boards: Record<BoardField, string | undefined>;
  peer: { listen?: string; connect?: string; allowFrom?: string[] };
  pskFile: string;
  pskMinBytes: number;
  keystore: string;
  rateHz: number;
  frameSlots: number;
  gate?: { delayPs: number; widthPs: number; estimatedFromKm?: number };
  stateVoltagesV?: [number, number, number, number];
  etsi?: { listen: string; peerKmeId: string; localSaeIds: string[]; remoteSaeIds: string[]; pki: string };
}

/** The config text, a comment on every field. */
export function renderBenchConfig(c: InitChoices): string {
  const L: string[] = [];
  L.push(
    `# Bench config of the ${c.role} node ${q(c.nodeId)} of link ${q(c.linkId)}.`,
    '# Written by `qkdctl init`; check it with `qkdctl check --config FILE`, run it with `qkdd run --config FILE`.',
    "# Relative paths are relative to this file's folder. docs/real-bench.md walks through a bring-up.",
    'node: # who this node is',
    `  id: ${q(c.nodeId)} # this node's name: its KME id in ETSI GS QKD 014, in logs and status`,
    `  role: ${c.role} # transmitter drives source and modulator; receiver the detector`,
    `  linkId: ${q(c.linkId)} # the fibre link; the same on both nodes`,
    'boards: # addresses from `qkdctl boards` (serial:///dev/..., usb://VID:PID/SERIAL, tcp://host:port)',
  );
  if (c.boards.photonSource) L.push(`  photonSource: ${q(c.boards.photonSource)} # photon source board (laser, intensity modulator)`);
  if (c.boards.polarizationModulator)
    L.push(`  polarizationModulator: ${q(c.boards.polarizationModulator)} # polarization modulator board (BB84 states)`);
  if (c.boards.detector) L.push(`  detector: ${q(c.boards.detector)} # detector / time tagger board`);
  L.push('  # allowRemoteTcp: true # accept tcp:// boards off loopback: bases, bits and tags then cross the network unauthenticated');
  L.push('peer: # the classical channel to the other node');
  if (c.peer.listen) L.push(`  listen: ${q(c.peer.listen)} # the transmitter listens here; the receiver connects to it`);
  if (c.peer.allowFrom && c.peer.allowFrom.length > 0)
    L.push(`  allowFrom: [${c.peer.allowFrom.map(q).join(', ')}] # only these addresses may open the peer port; others are closed unread`);
  else if (c.peer.listen)
    L.push("  # allowFrom: ['192.0.2.20'] # the receiver's address: strangers on the peer port are then closed before any byte is read");
  if (c.peer.connect) L.push(`  connect: ${q(c.peer.connect)} # the transmitter's peer.listen address`);
  L.push(
    `  preSharedKeyFile: ${q(c.pskFile)} # from \`qkdctl keys psk\`: the same file on both nodes, mode 0600`,
    `  preSharedKeyMinBytes: ${c.pskMinBytes} # a shorter pre-shared key is refused by the preflight`,
    'keystore: # where generated key is kept',
    `  path: ${q(c.keystore)} # SQLite key store; its folder must exist and be writable`,
    '  maxBits: 4294967296 # most key bits kept (512 MiB)',
    'frame: # post-processing unit',
    `  slots: ${c.frameSlots} # pulse slots per frame (${((c.frameSlots / c.rateHz) * 1e3).toFixed(1)} ms at the pulse rate); the same on both nodes`,
    '  inFlight: 2 # frames post-processed at once',
    '  workers: 2 # post-processing threads (0: main thread)',
    'source: # the operating point; the same on both nodes',
    `  rateHz: ${c.rateHz} # pulse rate, Hz`,
    '  intensities: { signal: 0.6, decoy: 0.2, vacuum: 0.0002 } # mean photon numbers per class',
    '  intensityProbabilities: { signal: 0.5, decoy: 0.3, vacuum: 0.2 } # share of slots per class (sum 1)',
    '  keyBasisProbability: 0.7 # share of Z (key) basis slots',
  );
  if (c.stateVoltagesV)
    L.push(
      "modulator: # from the polarization calibration (a later issue); these are the simulator's ideal values",
      `  stateVoltagesV: [${c.stateVoltagesV.join(', ')}] # drive of H, V, D, A, volts`,
      '  biasV: 0 # bias voltage, volts',
    );
  if (c.gate) {
    const from =
      c.gate.estimatedFromKm !== undefined
        ? `estimated from ${c.gate.estimatedFromKm} km of fibre; replace with the delay scan's result`
        : 'from --gate-delay-ps (the delay scan, a later issue)';
    L.push(
      'detector: # from the delay scan (a later issue)',
      '  channels: { h: 0, v: 1, d: 2, a: 3 } # tagger input of each detector',
      `  gateDelayPs: ${c.gate.delayPs} # slot emission to gate start, ps: ${from}`,
      `  gateWidthPs: ${c.gate.widthPs} # acceptance gate, ps`,
    );
  }
  L.push(
    'thresholds: # when a frame is dropped',
    '  qberMax: 0.11 # a frame above this key-basis QBER is dropped and raises an alarm',
    'security: # finite-key security parameters',
    '  epsSec: 1.0e-10 # secrecy parameter of the finite-key analysis',
    '  epsCor: 1.0e-15 # correctness parameter (verification hash)',
  );
  if (c.etsi) {
    const e = c.etsi;
    L.push(
      'etsi: # ETSI GS QKD 014 key delivery to applications (SAEs), HTTPS with client certificates',
      `  listen: ${q(e.listen)} # HTTPS listen address`,
      `  peerKmeId: ${q(e.peerKmeId)} # node.id of the other node`,
      `  localSaeIds: [${e.localSaeIds.map(q).join(', ')}] # SAEs attached here (certificates with URI sae:<id>)`,
      `  remoteSaeIds: [${e.remoteSaeIds.map(q).join(', ')}] # SAEs attached to the peer node`,
      '  tls: # from `qkdctl keys pki`',
      `    ca: ${q(`${e.pki}/ca.pem`)} # the CA that signed every certificate of the link`,
      `    cert: ${q(`${e.pki}/${c.nodeId}.pem`)} # this node's server certificate`,
      `    key: ${q(`${e.pki}/${c.nodeId}-key.pem`)} # its private key, mode 0600`,
    );
  }
  return `${L.join('\n')}\n`;
}

export const initCommand: QkdctlCommand = {
  name: 'init',
  summary: 'write a bench config for this node from the boards found (commented, loads as is)',
  async run(argv) {
    const parsed = parseCommand(joinRepeated(argv, ['tcp', 'address', 'allow-from']), 'init', USAGE, SPEC);
    if (parsed === null) return 0;
    const { values: v, io } = parsed;
    if (!v.role) throw usageError('--role transmitter|receiver is required');
    if (!v.link) throw usageError('--link ID is required (the same on both nodes)');
    const role = v.role as Role;
    const out = resolve(v.out ?? 'bench.yaml');
    if (existsSync(out) && !v.force) throw usageError(`${out} exists; it is kept (--force overwrites it)`);
    const nodeId = v['node-id'] ?? `${v.link}-${role === 'transmitter' ? 'tx' : 'rx'}`;
    const peer: InitChoices['peer'] = {};
    if (role === 'receiver') {
      if (!v.peer) throw usageError("--peer HOST:PORT is required for a receiver (the transmitter's peer.listen address)");
      peer.connect = hostPort('peer', v.peer);
    } else {
      peer.listen = hostPort('listen', v.listen ?? '0.0.0.0:7700');
      if (v['allow-from']) peer.allowFrom = listValue(v['allow-from']);
    }

    let gate: InitChoices['gate'];
    let stateVoltagesV: InitChoices['stateVoltagesV'];
    const widthPs = v['gate-width-ps'] ?? 400;
    if (role === 'receiver') {
      if (v['gate-delay-ps'] !== undefined) gate = { delayPs: v['gate-delay-ps'], widthPs };
      else if (v['distance-km'] !== undefined)
        gate = { delayPs: estimateGateDelayPs(v['distance-km'], widthPs), widthPs, estimatedFromKm: v['distance-km'] };
      else
        throw usageError(
          'a receiver needs the gate delay: --gate-delay-ps PS, or --distance-km KM to estimate it (the delay scan that measures it is a later issue)',
        );
    } else {
      const volts = listValue(v['state-voltages']).map(Number);
      if (volts.length !== 4 || volts.some((x) => !Number.isFinite(x)))
        throw usageError(`--state-voltages needs four volts H,V,D,A, got '${v['state-voltages']}'`);
      stateVoltagesV = volts as [number, number, number, number];
    }

    let etsi: InitChoices['etsi'];
    if (v.pki) {
      if (!v['peer-kme']) throw usageError("--pki needs --peer-kme ID (the other node's --node-id)");
      const local = listValue(v['local-sae']);
      const remote = listValue(v['remote-sae']);
      if (local.length === 0 || remote.length === 0) throw usageError('--pki needs --local-sae ID and --remote-sae ID');
      etsi = {
        listen: hostPort('etsi-listen', v['etsi-listen'] ?? '127.0.0.1:8443'),
        peerKmeId: v['peer-kme'],
        localSaeIds: local,
        remoteSaeIds: remote,
        pki: v.pki,
      };
    }

    const given: Partial<Record<BoardField, string>> = {};
    if (v['photon-source']) given.photonSource = v['photon-source'];
    if (v.modulator) given.polarizationModulator = v.modulator;
    if (v.detector) given.detector = v.detector;
    const candidates = [...listValue(v.tcp).map((t) => (t.startsWith('tcp://') ? t : `tcp://${t}`)), ...listValue(v.address)];
    const { boards } = await pickBoards(role, given, { candidates, scan: !v['no-scan'], progress: (l) => io.progress(l) });

    const choices: InitChoices = {
      role,
      nodeId,
      linkId: v.link,
      boards,
      peer,
      pskFile: (v.psk ?? 'keys/<link>.psk').replace('<link>', v.link),
      pskMinBytes: v['psk-min-bytes'] ?? 32,
      keystore: v.keystore ?? 'state/keys.sqlite',
      rateHz: v['rate-hz'] ?? 1e8,
      frameSlots: v['frame-slots'] ?? 1 << 22,
      ...(gate ? { gate } : {}),
      ...(stateVoltagesV ? { stateVoltagesV } : {}),
      ...(etsi ? { etsi } : {}),
    };
    const text = renderBenchConfig(choices);
    // What we write must load: validate with the loader's schema first (a bad --peer etc. is named here).
    parseBenchConfig(text, out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text, { flag: v.force ? 'w' : 'wx', mode: 0o644 });
    // The key store's folder holds key: made here, this user's alone.
    const storeDir = dirname(resolve(dirname(out), choices.keystore));
    if (!existsSync(storeDir)) mkdirSync(storeDir, { recursive: true, mode: 0o700 });
    io.result(
      `wrote ${out} (${role} ${nodeId}, link ${v.link})\n` +
        Object.entries(boards)
          .filter(([, url]) => url !== undefined)
          .map(([f, url]) => `  boards.${f}: ${url}`)
          .join('\n') +
        `\nnext: qkdctl keys psk --link ${v.link} (once, copy to both nodes), then qkdctl check --config ${out}`,
      { file: out, role, nodeId, linkId: v.link, boards },
    );
    return 0;
  },
};
