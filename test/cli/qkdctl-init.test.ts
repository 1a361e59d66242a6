/**
 * `qkdctl init` with explicit board addresses (discovery is covered by the
 * bring-up test): the file loads with the config loader, every field line
 * carries a comment, an existing file is kept without --force, and the
 * calibration placeholders say where their values come from.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateGateDelayPs } from '../../src/cli/qkdctl/init.ts';
import { parseBenchConfig, readBenchConfig } from '../../src/config/index.ts';
import { runCli } from '../support/run-cli.ts';
import { tempDirsPerTest } from '../support/temp-dir.ts';

const TIMEOUT_MS = 90_000;
const newDir = tempDirsPerTest('qkdctl-init-');

describe('qkdctl init', () => {
  it('transmitter: loads, every field commented, key store folder made 0700', async () => {
    const dir = newDir();
    const out = join(dir, 'alice.yaml');
    const r = await runCli(
      'qkdctl',
      [
        'init',
        '--role',
        'transmitter',
        '--link',
        'lab-1',
        '--photon-source',
        'serial:///dev/ttyUSB0',
        '--modulator',
        'usb://1209:c0de/PM0017',
        '--allow-from',
        '192.0.2.20',
        '--allow-from',
        '2001:db8::/32',
        '--out',
        out,
        '--json',
      ],
      { timeoutMs: TIMEOUT_MS },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: out, role: 'transmitter', nodeId: 'lab-1-tx' });
    expect(readBenchConfig(out).config.peer.allowFrom).toEqual(['192.0.2.20', '2001:db8::/32']);
    const cfg = readBenchConfig(out).config;
    expect(cfg.node).toEqual({ id: 'lab-1-tx', role: 'transmitter', linkId: 'lab-1' });
    expect(cfg.boards).toEqual({ photonSource: 'serial:///dev/ttyUSB0', polarizationModulator: 'usb://1209:c0de/PM0017' });
    expect(cfg.peer).toMatchObject({ listen: '0.0.0.0:7700', preSharedKeyFile: join(dir, 'keys', 'lab-1.psk'), preSharedKeyMinBytes: 32 });
    expect(cfg.modulator?.stateVoltagesV).toEqual([0.7, 4.7, 2.7, 6.7]);
    expect(cfg.etsi).toBeUndefined();
    for (const line of readFileSync(out, 'utf8').split('\n')) {
      if (/^\s*[A-Za-z]+:/.test(line)) expect(line, 'every field has a comment').toMatch(/ # \S/);
    }
    expect(statSync(join(dir, 'state')).mode & 0o777).toBe(0o700);
  });

  it('receiver: needs --peer and a gate delay; --distance-km estimates it as the demo does; --pki adds etsi', async () => {
    const dir = newDir();
    const out = join(dir, 'bob.yaml');
    const base = ['init', '--role', 'receiver', '--link', 'l', '--detector', 'tcp://127.0.0.1:4002', '--out', out];
    const noPeer = await runCli('qkdctl', base, { timeoutMs: TIMEOUT_MS });
    expect(noPeer.code).toBe(2);
    expect(noPeer.stderr).toContain('--peer HOST:PORT is required for a receiver');
    const noGate = await runCli('qkdctl', [...base, '--peer', '10.0.0.5:7700'], { timeoutMs: TIMEOUT_MS });
    expect(noGate.code).toBe(2);
    expect(noGate.stderr).toContain('a receiver needs the gate delay: --gate-delay-ps PS, or --distance-km KM');
    expect(existsSync(out)).toBe(false);
    const r = await runCli(
      'qkdctl',
      [
        ...base,
        '--peer',
        '10.0.0.5:7700',
        '--distance-km',
        '25',
        '--pki',
        'pki',
        '--peer-kme',
        'l-tx',
        '--local-sae',
        'enc-b',
        '--remote-sae',
        'enc-a,enc-c',
      ],
      { timeoutMs: TIMEOUT_MS },
    );
    expect(r.code, r.stderr).toBe(0);
    const cfg = readBenchConfig(out).config;
    expect(cfg.detector).toMatchObject({ gateDelayPs: estimateGateDelayPs(25, 400), gateWidthPs: 400 });
    expect(estimateGateDelayPs(10, 400)).toBe(Math.round((10 * 1.468 * 1e15) / 299792458 - 200));
    expect(cfg.etsi).toMatchObject({
      peerKmeId: 'l-tx',
      localSaeIds: ['enc-b'],
      remoteSaeIds: ['enc-a', 'enc-c'],
      tls: { ca: join(dir, 'pki', 'ca.pem'), cert: join(dir, 'pki', 'l-rx.pem'), key: join(dir, 'pki', 'l-rx-key.pem') },
    });
    expect(readFileSync(out, 'utf8')).toContain("estimated from 25 km of fibre; replace with the delay scan's result");
  });

  it('keeps an existing file unless --force; a bad address is named before anything is written', async () => {
    const dir = newDir();
    const out = join(dir, 'bench.yaml');
    writeFileSync(out, 'mine\n');
    const args = [
      'init',
      '--role',
      'receiver',
      '--link',
      'l',
      '--peer',
      'a:1',
      '--gate-delay-ps',
      '1000',
      '--detector',
      'tcp://127.0.0.1:1',
      '--out',
      out,
    ];
    const kept = await runCli('qkdctl', args, { timeoutMs: TIMEOUT_MS });
    expect(kept.code).toBe(2);
    expect(kept.stderr).toBe(`qkdctl: ${out} exists; it is kept (--force overwrites it) [QKD-503 Usage]\n`);
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
    const forced = await runCli('qkdctl', [...args, '--force'], { timeoutMs: TIMEOUT_MS });
    expect(forced.code, forced.stderr).toBe(0);
    expect(readBenchConfig(out).config.detector?.gateDelayPs).toBe(1000);
    const bad = await runCli('qkdctl', [...args.slice(0, -4), '--detector', 'usb://1209', '--out', join(dir, 'b.yaml')], {
      timeoutMs: TIMEOUT_MS,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('boards.detector: bad transport address "usb://1209"');
    expect(existsSync(join(dir, 'b.yaml'))).toBe(false);
  });

  it('the real-bench examples are a pair: receiver beside transmitter, same link, operating point and frames, crossed ids', () => {
    const read = (f: string) => parseBenchConfig(readFileSync(new URL(`../../examples/${f}`, import.meta.url), 'utf8'), f);
    const alice = read('real-bench-alice.yaml');
    const bob = read('real-bench-bob.yaml');
    expect([alice.node.role, bob.node.role]).toEqual(['transmitter', 'receiver']);
    expect(bob.node.linkId).toBe(alice.node.linkId);
    const point = (c: typeof alice) => [
      c.source.rateHz,
      c.source.intensities,
      c.source.intensityProbabilities,
      c.source.keyBasisProbability,
    ];
    expect(point(bob)).toEqual(point(alice));
    expect(bob.frame.slots).toBe(alice.frame.slots);
    expect(bob.peer.connect?.split(':')[1]).toBe(alice.peer.listen?.split(':')[1]);
    expect(bob.etsi?.peerKmeId).toBe(alice.node.id);
    expect(alice.etsi?.peerKmeId).toBe(bob.node.id);
    expect(bob.etsi?.remoteSaeIds).toEqual(alice.etsi?.localSaeIds);
    expect(bob.detector?.excessBiasMv).toEqual({ h: 2500, v: 2500, d: 2600, a: 2450 });
  });
});
