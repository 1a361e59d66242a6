/** Preflight of the files a bench config names: each problem names the field, its line and the path. */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { ProbeResult } from '../../drivers/discovery/index.ts';
import { qkd } from '../../firmware-protocol/index.ts';
import {
  checkBench,
  findFileProblems,
  findPortProblems,
  preflightBeforeRun,
  preflightBenchConfig,
  readBenchConfig,
} from '../../src/config/index.ts';

const example = readFileSync(new URL('../../examples/sim-alice.yaml', import.meta.url), 'utf8');

describe('preflightBenchConfig', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    // The example names .qkdd-sim/alice/{psk.bin,keys.sqlite} and .qkdd-sim/pki/*.pem, relative to the config.
    dir = mkdtempSync(join(tmpdir(), 'qkdd-preflight-'));
    file = join(dir, 'alice.yaml');
    writeFileSync(file, example);
    mkdirSync(join(dir, '.qkdd-sim', 'alice'), { recursive: true });
    mkdirSync(join(dir, '.qkdd-sim', 'pki'), { recursive: true });
    // Secrets 0600 (the preflight refuses group- or world-readable ones), certificates 0644.
    writeFileSync(join(dir, '.qkdd-sim', 'alice', 'psk.bin'), Buffer.alloc(64), { mode: 0o600 });
    for (const f of ['ca.pem', 'kme-a.pem', 'kme-a-key.pem'])
      writeFileSync(join(dir, '.qkdd-sim', 'pki', f), 'pem', { mode: f.endsWith('-key.pem') ? 0o600 : 0o644 });
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lineOf = (text: string): number => example.split('\n').findIndex((l) => l.includes(text)) + 1;

  it('passes when every file and folder is there', () => {
    expect(findFileProblems(readBenchConfig(file))).toEqual([]);
    expect(() => preflightBenchConfig(readBenchConfig(file))).not.toThrow();
  });

  it('one missing file: FileMissing naming the field, its line and the absolute path', () => {
    rmSync(join(dir, '.qkdd-sim', 'pki', 'kme-a-key.pem'));
    let caught: unknown;
    try {
      preflightBenchConfig(readBenchConfig(file));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(QkdError);
    const path = join(dir, '.qkdd-sim', 'pki', 'kme-a-key.pem');
    expect(caught).toMatchObject({
      code: QkdErrorCode.FileMissing,
      message: `${file}:${lineOf('kme-a-key.pem')}:10 etsi.tls.key: TLS private key ${path} does not exist`,
      details: { field: 'etsi.tls.key', path },
    });
  });

  it('several problems: one error, one line per field; a file where a folder belongs is FileUnusable', () => {
    rmSync(join(dir, '.qkdd-sim', 'alice', 'psk.bin'));
    rmSync(join(dir, '.qkdd-sim', 'alice'), { recursive: true });
    writeFileSync(join(dir, '.qkdd-sim', 'alice'), 'not a folder');
    const problems = findFileProblems(readBenchConfig(file));
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['keystore.path', QkdErrorCode.FileUnusable],
      ['peer.preSharedKeyFile', QkdErrorCode.FileMissing],
    ]);
    let caught: unknown;
    try {
      preflightBenchConfig(readBenchConfig(file));
    } catch (err) {
      caught = err;
    }
    expect((caught as QkdError).code).toBe(QkdErrorCode.FileMissing);
    expect((caught as QkdError).message.split('\n')).toEqual(problems.map((p) => p.message));
    expect((caught as QkdError).message).toContain(`keystore.path: key store folder ${join(dir, '.qkdd-sim', 'alice')} is not a folder`);
  });

  it('a world-readable pre-shared key and a group-readable TLS key: FileUnusable naming the file, its mode and chmod 600', () => {
    const psk = join(dir, '.qkdd-sim', 'alice', 'psk.bin');
    const key = join(dir, '.qkdd-sim', 'pki', 'kme-a-key.pem');
    chmodSync(psk, 0o644);
    chmodSync(key, 0o640);
    const problems = findFileProblems(readBenchConfig(file));
    expect(problems.map((p) => [p.field, p.code, p.path])).toEqual([
      ['peer.preSharedKeyFile', QkdErrorCode.FileUnusable, psk],
      ['etsi.tls.key', QkdErrorCode.FileUnusable, key],
    ]);
    expect(problems[0]!.message).toBe(
      `${file}:${lineOf('preSharedKeyFile')}:21 peer.preSharedKeyFile: pre-shared key file ${psk} is accessible to others (mode 644); ` +
        `a secret must be 0600: chmod 600 ${psk} (and its folder 0700)`,
    );
    expect(problems[1]!.message).toContain(`TLS private key ${key} is accessible to its group (mode 640)`);
  });

  it('a pre-shared key shorter than peer.preSharedKeyMinBytes names the file and both sizes (hex counts bytes, not digits)', () => {
    writeFileSync(file, example.replace(/preSharedKeyFile: (.*)/, 'preSharedKeyFile: $1\n  preSharedKeyMinBytes: 100'));
    const psk = join(dir, '.qkdd-sim', 'alice', 'psk.bin');
    const problems = findFileProblems(readBenchConfig(file));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain(
      `peer.preSharedKeyFile: pre-shared key file ${psk} holds 64 bytes of key, less than peer.preSharedKeyMinBytes = 100`,
    );
    expect(problems[0]!.message).toContain('qkdctl keys psk --bytes N');
    writeFileSync(psk, Buffer.alloc(100), { mode: 0o600 });
    expect(findFileProblems(readBenchConfig(file))).toEqual([]);
    // A hex key file: 150 digits are 75 bytes of key.
    const hex = join(dir, '.qkdd-sim', 'alice', 'psk.hex');
    writeFileSync(hex, `${'ab'.repeat(50)}\n${'cd'.repeat(25)}\n`, { mode: 0o600 });
    writeFileSync(file, readFileSync(file, 'utf8').replace('alice/psk.bin', 'alice/psk.hex'));
    expect(findFileProblems(readBenchConfig(file)).map((p) => p.message)).toEqual([
      expect.stringContaining(`${hex} holds 75 bytes of key, less than peer.preSharedKeyMinBytes = 100`),
    ]);
  });

  it('the default minimum is 32 bytes', () => {
    writeFileSync(join(dir, '.qkdd-sim', 'alice', 'psk.bin'), Buffer.alloc(31), { mode: 0o600 });
    expect(readBenchConfig(file).config.peer.preSharedKeyMinBytes).toBe(32);
    expect(findFileProblems(readBenchConfig(file))[0]!.message).toContain(
      'holds 31 bytes of key, less than peer.preSharedKeyMinBytes = 32',
    );
  });

  it('a missing config file is FileMissing naming --config', () => {
    expect(() => readBenchConfig(join(dir, 'nope.yaml'))).toThrow(
      expect.objectContaining({ code: QkdErrorCode.FileMissing, details: { field: '--config', path: join(dir, 'nope.yaml') } }),
    );
  });
});

describe('ports, boards and peer (checkBench, preflightBeforeRun)', () => {
  let dir: string;
  let file: string;
  const servers: Server[] = [];

  /** A config of `role` in its own folder with every file present; `extra` edits the YAML text. */
  function writeConfig(role: 'transmitter' | 'receiver', lines: Record<string, string>): string {
    dir = mkdtempSync(join(tmpdir(), 'qkdd-check-'));
    mkdirSync(join(dir, 'state'), { recursive: true });
    writeFileSync(join(dir, 'psk.bin'), Buffer.alloc(64, 1), { mode: 0o600 });
    const boards =
      role === 'transmitter'
        ? `  photonSource: ${lines.source ?? 'tcp://127.0.0.1:1'}\n  polarizationModulator: ${lines.modulator ?? 'tcp://127.0.0.1:2'}`
        : `  detector: ${lines.detector ?? 'tcp://127.0.0.1:3'}`;
    const text = [
      `node: { id: n1, role: ${role}, linkId: l1 }`,
      'boards:',
      boards,
      'peer:',
      `  ${role === 'transmitter' ? `listen: ${lines.listen ?? '127.0.0.1:0'}` : `connect: ${lines.connect ?? '127.0.0.1:1'}`}`,
      '  preSharedKeyFile: psk.bin',
      'keystore: { path: state/keys.sqlite }',
      'source: { rateHz: 1.0e8, intensities: { signal: 0.6, decoy: 0.2, vacuum: 0.0002 }, intensityProbabilities: { signal: 0.5, decoy: 0.3, vacuum: 0.2 } }',
      role === 'transmitter' ? 'modulator: { stateVoltagesV: [0.7, 4.7, 2.7, 6.7] }' : 'detector: { gateDelayPs: 1000, gateWidthPs: 400 }',
      '',
    ].join('\n');
    file = join(dir, 'bench.yaml');
    writeFileSync(file, text);
    return file;
  }

  async function listening(): Promise<number> {
    const server = createServer((s) => s.destroy());
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  }

  afterEach(async () => {
    for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  const board = (kindName: 'photon-source' | 'polarization-modulator' | 'detector', url: string): ProbeResult => ({
    ok: true,
    board: {
      url,
      kind: qkd.BoardKind.BOARD_KIND_TIME_TAGGER,
      kindName,
      vendor: 'qkdd-sim',
      model: kindName === 'detector' ? 'SIM-TT-4CH' : 'SIM-PS-1550',
      serial: 'X-1',
      firmware: '1.0.0',
      protocol: '1.0',
    },
  });

  it('a peer listen port in use: ListenAddressUnavailable from preflightBeforeRun, a problem line from checkBench', async () => {
    const port = await listening();
    writeConfig('transmitter', { listen: `127.0.0.1:${port}` });
    const loaded = readBenchConfig(file);
    await expect(preflightBeforeRun(loaded)).rejects.toMatchObject({
      code: QkdErrorCode.ListenAddressUnavailable,
      message: expect.stringMatching(new RegExp(`^${file}:\\d+:\\d+ peer.listen: port ${port} on 127.0.0.1 is in use: another process`)),
    });
    const ports = await findPortProblems(loaded);
    expect(ports.map((p) => [p.level, p.subject])).toEqual([['problem', 'peer.listen']]);
  });

  it('files come first: preflightBeforeRun throws the file problem, not the port', async () => {
    const port = await listening();
    writeConfig('transmitter', { listen: `127.0.0.1:${port}` });
    rmSync(join(dir, 'psk.bin'));
    await expect(preflightBeforeRun(readBenchConfig(file))).rejects.toMatchObject({ code: QkdErrorCode.FileMissing });
  });

  it('a board of the wrong kind is one problem naming the field and what answers there; boards are probed once each', async () => {
    writeConfig('transmitter', {});
    const probed: string[] = [];
    const findings = await checkBench(readBenchConfig(file), {
      peer: false,
      probe: async (url) => {
        probed.push(url);
        return url.endsWith(':1') ? board('detector', url) : board('polarization-modulator', url);
      },
    });
    expect(probed).toEqual(['tcp://127.0.0.1:1', 'tcp://127.0.0.1:2']);
    const problems = findings.filter((f) => f.level === 'problem');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ check: 'board', subject: 'boards.photonSource' });
    expect(problems[0]!.message).toMatch(
      /boards\.photonSource: wrong board at tcp:\/\/127\.0\.0\.1:1: found a detector \(qkdd-sim SIM-TT-4CH, serial X-1, firmware 1\.0\.0\), expected a photon-source$/,
    );
    expect(problems[0]!.hint).toContain('qkdctl boards');
  });

  it('boards are not probed while a file problem stands', async () => {
    writeConfig('receiver', {});
    chmodSync(join(dir, 'psk.bin'), 0o604);
    let probes = 0;
    const findings = await checkBench(readBenchConfig(file), {
      peer: false,
      probe: async (url) => {
        probes++;
        return board('detector', url);
      },
    });
    expect(probes).toBe(0);
    expect(findings.filter((f) => f.level === 'problem').map((f) => f.subject)).toEqual(['peer.preSharedKeyFile']);
  });

  it('the peer not up yet is a warning saying so; a listening peer is ok; a name that does not resolve is a problem', async () => {
    const closed = await listening();
    await new Promise((r) => servers.pop()!.close(r));
    writeConfig('receiver', { connect: `127.0.0.1:${closed}` });
    const down = await checkBench(readBenchConfig(file), { boards: false });
    const peer = down.find((f) => f.check === 'peer')!;
    expect(peer.level).toBe('warning');
    expect(peer.message).toMatch(
      /peer\.connect: nothing listens at 127\.0\.0\.1:\d+ yet \(connection refused\): the peer node is not up yet$/,
    );
    expect(down.filter((f) => f.level === 'problem')).toEqual([]);
    rmSync(dir, { recursive: true, force: true });

    const up = await listening();
    writeConfig('receiver', { connect: `127.0.0.1:${up}` });
    expect((await checkBench(readBenchConfig(file), { boards: false })).find((f) => f.check === 'peer')!.level).toBe('ok');
    rmSync(dir, { recursive: true, force: true });

    writeConfig('receiver', { connect: 'no-such-host.invalid:7700' });
    const bad = (await checkBench(readBenchConfig(file), { boards: false })).find((f) => f.check === 'peer')!;
    expect(bad.level).toBe('problem');
    expect(bad.message).toContain('cannot reach no-such-host.invalid:7700');
  });

  it('while this node runs (its control socket answers) the peer is not probed: a probe would replace its session', async () => {
    let peerConnections = 0;
    const peer = createServer((sock) => {
      peerConnections++;
      sock.destroy();
    });
    servers.push(peer);
    await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
    writeConfig('receiver', { connect: `127.0.0.1:${(peer.address() as { port: number }).port}` });
    const control = createServer((sock) => sock.destroy());
    servers.push(control);
    const socketPath = join(dir, 'state', 'control.sock');
    await new Promise<void>((resolve) => control.listen(socketPath, resolve));
    const finding = (await checkBench(readBenchConfig(file), { boards: false })).find((f) => f.check === 'peer')!;
    expect(finding.level).toBe('warning');
    expect(finding.message).toContain(`not probed: this node is running (its control socket ${socketPath} answers)`);
    expect(peerConnections).toBe(0);
  });
});
