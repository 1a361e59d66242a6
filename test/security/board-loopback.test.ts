/**
 * `tcp://` board addresses only on loopback unless the config says
 * `boards.allowRemoteTcp: true`: over TCP the transmitter's bases and bits and
 * the receiver's detector tags cross the network unauthenticated. Without the
 * field, a board on another host is a config error naming the field and its
 * line; with it, the same config loads.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../drivers/transport/address.ts';
import { isConfigError, QkdErrorCode } from '../../errors/index.ts';
import { readBenchConfig } from '../../src/config/index.ts';
import { tempDir, type TempDir } from '../support/temp-dir.ts';

const ALICE = readFileSync(new URL('../../examples/sim-alice.yaml', import.meta.url), 'utf8');
const BOB = readFileSync(new URL('../../examples/sim-bob.yaml', import.meta.url), 'utf8');

describe('isLoopbackHost', () => {
  it('accepts only names that can be this machine alone', () => {
    for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1'])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of [
      '0.0.0.0',
      '10.0.0.5',
      '192.168.1.20',
      '128.0.0.1',
      '127.0.0.256',
      'bench-bridge.local',
      'localhost.evil.com',
      '::',
      'fe80::1',
      '::ffff:10.0.0.1',
    ])
      expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe('bench config: tcp:// boards on loopback unless boards.allowRemoteTcp: true', () => {
  let dir: TempDir | undefined;
  afterEach(() => {
    dir?.remove();
    dir = undefined;
  });

  function write(name: string, text: string): string {
    dir ??= tempDir('qkdd-loopback-');
    const file = dir.file(name);
    writeFileSync(file, text);
    return file;
  }
  const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('the loopback examples load', () => {
    expect(() => readBenchConfig(write('alice.yaml', ALICE))).not.toThrow();
    expect(() => readBenchConfig(write('bob.yaml', BOB))).not.toThrow();
  });

  it("a remote transmitter board is a config error naming the field, its line, and the risk to Alice's bases and bits", () => {
    const text = ALICE.replace('tcp://127.0.0.1:7002', 'tcp://192.168.10.7:4001');
    const file = write('alice.yaml', text);
    let caught: unknown;
    try {
      readBenchConfig(file);
    } catch (err) {
      caught = err;
    }
    expect(isConfigError(caught, QkdErrorCode.ConfigInvalid), String(caught)).toBe(true);
    const message = (caught as Error).message;
    expect(message).toContain(`${file}:${lineOf(text, '192.168.10.7')}:`);
    expect(message).toContain('boards.polarizationModulator: tcp:// board on 192.168.10.7, not on loopback');
    expect(message).toContain("transmitter's bases and bits would cross the network unauthenticated");
    expect(message).toContain('boards.allowRemoteTcp: true');
    // The loopback photon source is not reported.
    expect(message).not.toContain('boards.photonSource');
  });

  it("a remote detector names the receiver's tags; a host name is not trusted to be loopback", () => {
    const text = BOB.replace('tcp://127.0.0.1:7003', 'tcp://tagger.lab:7003');
    let caught: unknown;
    try {
      readBenchConfig(write('bob.yaml', text));
    } catch (err) {
      caught = err;
    }
    expect(isConfigError(caught, QkdErrorCode.ConfigInvalid)).toBe(true);
    expect((caught as Error).message).toContain(
      "boards.detector: tcp:// board on tagger.lab, not on loopback: the receiver's detector tags",
    );
  });

  it('boards.allowRemoteTcp: true, said in so many words, accepts it; false or absent does not', () => {
    const remote = BOB.replace('tcp://127.0.0.1:7003', 'tcp://10.1.2.3:7003');
    const allowed = remote.replace('  detector: tcp://10.1.2.3:7003', '  detector: tcp://10.1.2.3:7003\n  allowRemoteTcp: true');
    expect(readBenchConfig(write('bob-allowed.yaml', allowed)).config.boards.detector).toBe('tcp://10.1.2.3:7003');
    const no = remote.replace('  detector: tcp://10.1.2.3:7003', '  detector: tcp://10.1.2.3:7003\n  allowRemoteTcp: false');
    expect(() => readBenchConfig(write('bob-no.yaml', no))).toThrow(/not on loopback/);
    // A string is not the boolean the field asks for.
    const yes = remote.replace('  detector: tcp://10.1.2.3:7003', '  detector: tcp://10.1.2.3:7003\n  allowRemoteTcp: "yes"');
    expect(() => readBenchConfig(write('bob-yes.yaml', yes))).toThrow(/boards\.allowRemoteTcp/);
  });

  it('serial and usb boards are not affected', () => {
    const text = ALICE.replace('tcp://127.0.0.1:7001', 'serial:///dev/ttyUSB0').replace('tcp://127.0.0.1:7002', 'usb://1209:c0de/PM0017');
    expect(() => readBenchConfig(write('alice-local.yaml', text))).not.toThrow();
  });
});
