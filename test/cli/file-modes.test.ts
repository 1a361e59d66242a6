/**
 * Done when (issue 12, item 2): file modes checked after `npm start` (the
 * demo, `qkdd demo`) and after `qkdd run`. Every secret file — pre-shared
 * keys and their position files, key stores with their -wal and -shm, TLS
 * private keys and the demo CA key — is 0600; every folder holding secrets is
 * 0700; the control socket is 0600. Modes are checked while the nodes run
 * (the -wal and -shm exist only then) and again after they stopped.
 *
 * The CLIs run as child processes (test/support/run-cli.ts) with the test's
 * umask (022 here: a file created without an explicit mode would be 0644).
 * Timeouts are generous for a loaded machine; nothing asserts wall-clock time.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateDemoPki } from '../../src/api/pki/demo-pki.ts';
import { startCli, stopCli } from '../support/run-cli.ts';
import { freePort } from '../support/link-harness.ts';
import { tempDir } from '../support/temp-dir.ts';
import { demoPortFlags } from '../support/demo-link.ts';

const TIMEOUT_MS = 300_000;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function waitUntil(what: string, predicate: () => boolean, timeoutMs: number, context: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${context()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const mode = (path: string): string => (lstatSync(path).mode & 0o777).toString(8).padStart(3, '0');

/** A secret by its name: pre-shared keys and positions, key stores and their journals, private keys. */
const SECRET = /(^|\/)(psk\.bin(\.pos)?|[^/]+\.psk(\.pos)?|[^/]+\.sqlite(-wal|-shm)?|[^/]+-key\.pem)$/;

/**
 * Every folder under (and including) `root` is 0700; every secret file (by name) and socket is 0600.
 * Returns the relative paths of the secrets and sockets it checked, for the caller to assert on.
 */
function expectPrivate(root: string, label: string): string[] {
  const checked: string[] = [];
  const walk = (dir: string): void => {
    expect(mode(dir), `${label}: folder ${relative(root, dir) || '.'}`).toBe('700');
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      let st: ReturnType<typeof lstatSync>;
      try {
        st = lstatSync(path);
      } catch {
        continue; // removed meanwhile (a -wal at checkpoint)
      }
      const rel = relative(root, path);
      if (st.isDirectory()) walk(path);
      else if (st.isSocket() || SECRET.test(rel)) {
        expect((st.mode & 0o777).toString(8), `${label}: ${rel}`).toBe('600');
        checked.push(rel);
      }
    }
  };
  walk(root);
  return checked.sort();
}

describe('file modes after npm start (qkdd demo)', () => {
  it(
    'state folder, node folders and PKI folder 0700; pre-shared keys, positions, stores with -wal/-shm, private keys and the CA key 0600',
    async () => {
      const tmp = tempDir('qkdd-demo-modes-');
      cleanups.push(() => tmp.remove());
      // A state folder the demo creates itself (and its parents), as npm start does in a fresh checkout.
      const state = join(tmp.dir, 'fresh', '.qkdd-demo');
      const portFlags = await demoPortFlags({ control: true });
      const demo = startCli('qkdd', ['demo', '--known-bench', '--state', state, '--duration', '600', '--boards', 'tcp', ...portFlags]);
      cleanups.push(() => stopCli(demo));
      const context = () => `stdout:\n${demo.stdout()}\nstderr:\n${demo.stderr()}`;
      // Running: both stores open in WAL mode (so -wal and -shm exist) and the nodes have used the pre-shared key.
      const files = [
        'alice/keys.sqlite-wal',
        'bob/keys.sqlite-wal',
        'alice/keys.sqlite-shm',
        'alice/psk.bin.pos',
        'bob/psk.bin.pos',
        'alice/control.sock',
        'bob/control.sock',
      ];
      await waitUntil('both nodes running', () => files.every((f) => existsSync(join(state, f))), TIMEOUT_MS / 2, context);
      const running = expectPrivate(state, 'demo running');
      for (const f of [
        'psk.bin',
        'alice/psk.bin',
        'bob/psk.bin',
        ...files,
        'alice/keys.sqlite',
        'bob/keys.sqlite',
        'pki/ca-key.pem',
        'pki/kme-a-key.pem',
        'pki/kme-b-key.pem',
        'pki/sae-a-key.pem',
        'pki/sae-b-key.pem',
      ])
        expect(running, f).toContain(f);
      // The folders above the state folder that the demo created are its own too.
      expect(mode(join(tmp.dir, 'fresh'))).toBe('700');

      expect(await stopCli(demo), context()).toBe(0);
      const stopped = expectPrivate(state, 'demo stopped');
      for (const f of ['psk.bin', 'alice/keys.sqlite', 'bob/keys.sqlite', 'alice/psk.bin.pos', 'pki/ca-key.pem'])
        expect(stopped).toContain(f);
    },
    TIMEOUT_MS,
  );

  it(
    'a state folder left with wide modes by an earlier version is narrowed at start (folders 0700, secrets 0600)',
    async () => {
      const tmp = tempDir('qkdd-demo-modes-');
      cleanups.push(() => tmp.remove());
      const state = join(tmp.dir, '.qkdd-demo');
      for (const d of ['', 'alice', 'bob', 'pki']) mkdirSync(join(state, d), { recursive: true, mode: 0o755 });
      writeFileSync(join(state, 'psk.bin'), Buffer.alloc(1 << 20, 3), { mode: 0o644 });
      writeFileSync(join(state, 'alice', 'psk.bin'), Buffer.alloc(1 << 20, 3), { mode: 0o644 });
      const portFlags = await demoPortFlags({ control: false });
      // --duration 0: the demo starts both nodes and stops them at once.
      const demo = startCli('qkdd', ['demo', '--known-bench', '--state', state, '--duration', '0', '--boards', 'tcp', ...portFlags]);
      cleanups.push(() => stopCli(demo));
      await demo.exit;
      const checked = expectPrivate(state, 'narrowed');
      expect(checked).toEqual(expect.arrayContaining(['psk.bin', 'alice/psk.bin', 'bob/psk.bin', 'pki/ca-key.pem']));
    },
    TIMEOUT_MS,
  );
});

describe('file modes after qkdd run (two nodes on the simulator)', () => {
  it(
    'key stores with -wal/-shm, pre-shared key positions and control sockets 0600; nothing qkdd run creates is wider',
    async () => {
      const tmp = tempDir('qkdd-run-modes-');
      cleanups.push(() => tmp.remove());
      const sim = startCli('qkd-sim', [
        '--tcp',
        '0',
        '--detectors',
        'snspd',
        '--no-drift',
        '--pulse-rate-hz',
        '1e8',
        '--frame-slots',
        String(1 << 20),
      ]);
      cleanups.push(() => stopCli(sim));
      const urls = await new Promise<Record<string, string>>((resolve, reject) => {
        const found: Record<string, string> = {};
        const rl = createInterface({ input: sim.child.stdout! });
        rl.on('line', (line) => {
          const { board, url } = JSON.parse(line) as { board: string; url: string };
          found[board] = url;
          if (Object.keys(found).length === 3) resolve(found);
        });
        rl.on('close', () => reject(new Error(`qkd-sim ended before serving its boards: ${sim.stderr()}`)));
      });
      // The operator's part (qkdctl keys psk / keys pki make these 0600 in 0700 folders): private folders and files.
      const key = Buffer.alloc(1 << 16, 0x5a);
      for (const n of ['alice', 'bob']) {
        mkdirSync(tmp.file(n), { mode: 0o700 });
        writeFileSync(tmp.file(`${n}/link.psk`), key, { mode: 0o600 });
      }
      await generateDemoPki(tmp.file('pki'));
      const peerPort = await freePort();
      const common = {
        frame: { slots: 1 << 20, inFlight: 2, workers: 1 },
        source: {
          rateHz: 1e8,
          intensities: { signal: 0.6, decoy: 0.2, vacuum: 0.0002 },
          intensityProbabilities: { signal: 0.5, decoy: 0.3, vacuum: 0.2 },
          keyBasisProbability: 0.7,
        },
        thresholds: { qberMax: 0.11 },
        security: { epsSec: 1e-10, epsCor: 1e-15 },
      };
      const etsi = (listen: string, me: string, peer: string, leaf: string) => ({
        listen,
        peerKmeId: peer,
        localSaeIds: [`sae-${me.slice(-1)}`],
        remoteSaeIds: [`sae-${peer.slice(-1)}`],
        tls: { ca: 'pki/ca.pem', cert: `pki/${leaf}.pem`, key: `pki/${leaf}-key.pem` },
      });
      const alice = {
        node: { id: 'kme-a', role: 'transmitter', linkId: 'modes' },
        boards: { photonSource: urls['photon-source'], polarizationModulator: urls['polarization-modulator'] },
        peer: { listen: `127.0.0.1:${peerPort}`, preSharedKeyFile: 'alice/link.psk' },
        keystore: { path: 'alice/keys.sqlite', maxBits: 2 ** 31 },
        ...common,
        modulator: { stateVoltagesV: [0.7, 4.7, 2.7, 6.7], biasV: 0 },
        etsi: etsi('127.0.0.1:0', 'kme-a', 'kme-b', 'kme-a'),
      };
      const bob = {
        node: { id: 'kme-b', role: 'receiver', linkId: 'modes' },
        boards: { detector: urls.detector },
        peer: { connect: `127.0.0.1:${peerPort}`, preSharedKeyFile: 'bob/link.psk' },
        keystore: { path: 'bob/keys.sqlite', maxBits: 2 ** 31 },
        ...common,
        detector: { channels: { h: 0, v: 1, d: 2, a: 3 }, gateDelayPs: 48_967_009, gateWidthPs: 400 },
        etsi: etsi('127.0.0.1:0', 'kme-b', 'kme-a', 'kme-b'),
      };
      writeFileSync(tmp.file('alice.yaml'), stringify(alice));
      writeFileSync(tmp.file('bob.yaml'), stringify(bob));
      const nodes = (['alice', 'bob'] as const).map((n) =>
        startCli('qkdd', ['run', '--config', tmp.file(`${n}.yaml`), '--log', tmp.file(`${n}/${n}.log`)]),
      );
      for (const node of nodes) cleanups.push(() => stopCli(node));
      const context = () => nodes.map((n, i) => `${i ? 'bob' : 'alice'} stderr:\n${n.stderr()}`).join('\n');
      const files = [
        'alice/keys.sqlite-wal',
        'alice/keys.sqlite-shm',
        'bob/keys.sqlite-wal',
        'bob/keys.sqlite-shm',
        'alice/link.psk.pos',
        'bob/link.psk.pos',
        'alice/control.sock',
        'bob/control.sock',
      ];
      await waitUntil(
        'both nodes running and authenticated to each other',
        () => files.every((f) => existsSync(tmp.file(f))) || nodes.some((n) => n.child.exitCode !== null),
        TIMEOUT_MS / 2,
        context,
      );
      for (const n of nodes) expect(n.child.exitCode, context()).toBeNull();
      for (const dir of ['alice', 'bob', 'pki']) {
        const checked = expectPrivate(tmp.file(dir), `qkdd run: ${dir}`);
        if (dir !== 'pki') for (const f of files.filter((x) => x.startsWith(`${dir}/`))) expect(checked).toContain(f.slice(dir.length + 1));
      }
      for (const node of nodes) expect(await stopCli(node), context()).toBe(0);
      for (const dir of ['alice', 'bob']) expect(expectPrivate(tmp.file(dir), `qkdd run stopped: ${dir}`)).toContain('keys.sqlite');
    },
    TIMEOUT_MS,
  );
});
