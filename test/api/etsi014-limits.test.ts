/**
 * The key-delivery server's limits (issue 12, item 5): TLS 1.3 unless 1.2 is
 * configured, a CRL, handshake and request timeouts, header and body limits
 * (the body left unread, the connection closed), the connection cap, and the
 * per-SAE rate limit. Each test starts one KME (B: SAEs sae-b and sae-c)
 * with small limits and talks to it over raw TLS sockets where HTTP clients
 * would hide what the server did.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Etsi014Config, Etsi014Tls } from '../../src/api/etsi014/config.ts';
import { MemoryPeerReservations } from '../../src/api/etsi014/memory-peer-reservations.ts';
import { ReservationApplier } from '../../src/api/etsi014/reservation-applier.ts';
import { type Etsi014Server, startEtsi014Server } from '../../src/api/etsi014/server.ts';
import { ETSI014_LIMIT_DEFAULTS, resolveLimits, SaeRateLimiter } from '../../src/api/etsi014/limits.ts';
import { parseBenchConfig } from '../../src/config/load-bench-config.ts';
import { etsi014ConfigFromBench } from '../../src/config/etsi014-config.ts';
import type { KeyStore } from '../../src/keystore/key-store.ts';
import { call, configFor, identity, makePki, openStore, type Pki, type TempDir, tempDir } from '../support/etsi-kme-pair.ts';

const run = promisify(execFile);

let tmp: TempDir;
let pki: Pki;
let n = 0;

beforeAll(async () => {
  tmp = tempDir('qkdd-etsi-limits-');
  pki = await makePki(tmp.dir);
}, 120_000);
afterAll(() => tmp.remove());

interface One {
  readonly server: Etsi014Server;
  readonly store: KeyStore;
  close(): Promise<void>;
}

/** KME B alone (it serves status without a peer), with `limits` and optional extra TLS settings. */
async function startB(limits: Etsi014Config['limits'], extraTls: Partial<Etsi014Tls> = {}): Promise<One> {
  const store = openStore(join(tmp.dir, `b-${n++}.db`));
  const other = openStore(join(tmp.dir, `a-${n++}.db`));
  const applierA = new ReservationApplier({ store: other, localSaeIds: ['sae-a'], remoteSaeIds: ['sae-b', 'sae-c'] });
  const server = await startEtsi014Server({
    store,
    peer: new MemoryPeerReservations(applierA),
    config: configFor('B', { limits }),
    tls: { ca: pki.pem('ca'), cert: pki.pem('kme-b'), key: pki.pem('kme-b-key'), ...extraTls },
  });
  return {
    server,
    store,
    async close() {
      await server.close();
      store.close();
      other.close();
    },
  };
}

interface RawResult {
  /** Everything the server sent before the connection ended. */
  readonly received: string;
  /** Whether the TLS handshake completed. */
  readonly secure: boolean;
  readonly error?: string;
}

/**
 * A raw TLS connection as `who`: `write` is called once the handshake is done
 * (or never, for `handshake: false`, which opens plain TCP and sends nothing);
 * resolves when the server closes the connection.
 */
function rawTls(port: number, who: string | undefined, write: (s: TLSSocket) => void, maxVersion?: 'TLSv1.2'): Promise<RawResult> {
  return new Promise((resolve) => {
    const id = identity(pki, who);
    let received = '';
    let secure = false;
    let error: string | undefined;
    const s = connect({ host: '127.0.0.1', port, ca: id.ca, cert: id.cert, key: id.key, maxVersion });
    s.on('secureConnect', () => {
      secure = true;
      write(s);
    });
    s.on('data', (d: Buffer) => {
      received += d.toString('latin1');
    });
    s.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    s.on('close', () => resolve({ received, secure, error }));
  });
}

const STATUS = '/api/v1/keys/sae-a/status';

describe('ETSI 014 server: TLS version and revocation', () => {
  it('refuses TLS 1.2 by default and accepts it when tlsMinVersion is 1.2', async () => {
    const strict = await startB(undefined);
    const lax = await startB({ tlsMinVersion: '1.2' });
    try {
      const refused = await rawTls(strict.server.port, 'sae-b', (s) => s.end(), 'TLSv1.2');
      expect(refused.secure).toBe(false);
      const get = (s: TLSSocket): void => {
        s.write(`GET ${STATUS} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      };
      const ok = await rawTls(lax.server.port, 'sae-b', get, 'TLSv1.2');
      expect(ok.secure).toBe(true);
      expect(ok.received).toMatch(/^HTTP\/1\.1 200 /);
      // Without maxVersion the client negotiates 1.3 with the default server.
      expect((await call(strict.server.url, identity(pki, 'sae-b'), 'GET', STATUS)).status).toBe(200);
    } finally {
      await strict.close();
      await lax.close();
    }
  });

  it('refuses a client certificate revoked in the configured CRL (made with openssl ca)', async () => {
    const dir = pki.dir;
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'crlnumber'), '01\n');
    const cnf = join(dir, 'crl-ca.cnf');
    writeFileSync(cnf, '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\ncrlnumber=crlnumber\ndefault_md=sha256\ndefault_crl_days=30\n');
    const ca = ['-config', cnf, '-keyfile', join(dir, 'ca-key.pem'), '-cert', join(dir, 'ca.pem')];
    await run('openssl', ['ca', ...ca, '-revoke', join(dir, 'sae-c.pem')], { cwd: dir, timeout: 30_000 });
    await run('openssl', ['ca', ...ca, '-gencrl', '-out', join(dir, 'crl.pem')], { cwd: dir, timeout: 30_000 });
    const kme = await startB(undefined, { crl: pki.pem('crl') });
    try {
      expect((await call(kme.server.url, identity(pki, 'sae-b'), 'GET', STATUS)).status).toBe(200);
      await expect(call(kme.server.url, identity(pki, 'sae-c'), 'GET', STATUS)).rejects.toThrow();
    } finally {
      await kme.close();
    }
    // Without the CRL the same certificate is accepted: the refusal was the revocation.
    const open = await startB(undefined);
    try {
      expect((await call(open.server.url, identity(pki, 'sae-c'), 'GET', STATUS)).status).toBe(200);
    } finally {
      await open.close();
    }
  }, 60_000);
});

describe('ETSI 014 server: timeouts, sizes, connections', () => {
  it('drops a connection that never starts its TLS handshake', async () => {
    const kme = await startB({ handshakeTimeoutMs: 300 });
    try {
      const { createConnection } = await import('node:net');
      const closed = await new Promise<boolean>((resolve) => {
        const s = createConnection({ host: '127.0.0.1', port: kme.server.port });
        s.on('error', () => {});
        s.on('close', () => resolve(true));
      });
      expect(closed).toBe(true);
    } finally {
      await kme.close();
    }
  }, 30_000);

  it('drops (408) a request whose headers never complete', async () => {
    const kme = await startB({ headersTimeoutMs: 300, requestTimeoutMs: 300 });
    try {
      const r = await rawTls(kme.server.port, 'sae-b', (s) => {
        s.write(`GET ${STATUS} HTTP/1.1\r\nHost: x\r\n`);
      });
      expect(r.secure).toBe(true);
      expect(r.received === '' || /^HTTP\/1\.1 408 /.test(r.received)).toBe(true);
    } finally {
      await kme.close();
    }
  }, 30_000);

  it('refuses headers over maxHeaderBytes with 431 and closes', async () => {
    const kme = await startB({ maxHeaderBytes: 2048 });
    try {
      const r = await rawTls(kme.server.port, 'sae-b', (s) => {
        s.write(`GET ${STATUS} HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(4096)}\r\n\r\n`);
      });
      expect(r.received).toMatch(/^HTTP\/1\.1 431 /);
    } finally {
      await kme.close();
    }
  });

  it('refuses a declared body over maxBodyBytes with 413 before reading it, and closes', async () => {
    const kme = await startB({ maxBodyBytes: 4096 });
    try {
      // Declares 100 MB and sends none of it: the answer cannot have waited for the body.
      const r = await rawTls(kme.server.port, 'sae-b', (s) => {
        s.write(
          `POST /api/v1/keys/sae-a/dec_keys HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n`,
        );
      });
      expect(r.received).toMatch(/^HTTP\/1\.1 413 /);
      expect(r.received).toMatch(/\r\nConnection: close\r\n/i);
    } finally {
      await kme.close();
    }
  });

  it('stops reading a chunked body once it passes maxBodyBytes and closes the connection', async () => {
    const kme = await startB({ maxBodyBytes: 4096 });
    try {
      const chunk = 'x'.repeat(16 * 1024);
      let sent = 0;
      const r = await rawTls(kme.server.port, 'sae-b', (s) => {
        s.write('POST /api/v1/keys/sae-a/dec_keys HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
        const pump = (): void => {
          // 64 MiB would be sent if the server kept reading.
          while (!s.destroyed && sent < 4096) {
            sent++;
            if (!s.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)) {
              s.once('drain', pump);
              return;
            }
          }
        };
        pump();
      });
      expect(sent).toBeLessThan(4096);
      // The 413 arrives unless the close overtook it (a reset while the client was still sending).
      expect(r.received === '' || /^HTTP\/1\.1 413 /.test(r.received)).toBe(true);
    } finally {
      await kme.close();
    }
  }, 30_000);

  it('closes connections beyond maxConnections at once and serves again when one frees', async () => {
    const kme = await startB({ maxConnections: 3 });
    const held: TLSSocket[] = [];
    try {
      const id = identity(pki, 'sae-b');
      for (let i = 0; i < 3; i++) {
        held.push(
          await new Promise<TLSSocket>((resolve, reject) => {
            const s = connect({ host: '127.0.0.1', port: kme.server.port, ca: id.ca, cert: id.cert, key: id.key }, () => resolve(s));
            s.on('error', reject);
          }),
        );
      }
      const extra = await rawTls(kme.server.port, 'sae-b', (s) => {
        s.write(`GET ${STATUS} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      });
      expect(extra.secure).toBe(false);
      expect(extra.received).toBe('');
      const gone = held.pop() as TLSSocket;
      await new Promise<void>((resolve) => {
        gone.on('close', () => resolve());
        gone.destroy();
      });
      // The server sees the close asynchronously: retry briefly until it has.
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = await call(kme.server.url, id, 'GET', STATUS).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
    } finally {
      for (const s of held) s.destroy();
      await kme.close();
    }
  }, 30_000);
});

describe('ETSI 014 server: per-SAE rate limit', () => {
  it('answers 429 with Retry-After past the burst, for that SAE only', async () => {
    // 0.01 request/s: no token comes back during the test, whatever the machine's speed.
    const kme = await startB({ ratePerSaePerSecond: 0.01, rateBurstPerSae: 3 });
    try {
      const b = identity(pki, 'sae-b');
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(kme.server.url, b, 'GET', STATUS)).status);
      expect(statuses).toEqual([200, 200, 200]);
      const limited = await call<{ message: string }>(kme.server.url, b, 'GET', STATUS);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(limited.body.message).toMatch(/sae-b/);
      // Another SAE has its own bucket.
      expect((await call(kme.server.url, identity(pki, 'sae-c'), 'GET', STATUS)).status).toBe(200);
    } finally {
      await kme.close();
    }
  });

  it('the token bucket refills at its rate up to its burst', () => {
    let t = 0;
    const limiter = new SaeRateLimiter(2, 4, () => t);
    expect([0, 1, 2, 3].map(() => limiter.take('s'))).toEqual([0, 0, 0, 0]);
    expect(limiter.take('s')).toBeCloseTo(0.5);
    t = 1; // two tokens back
    expect([limiter.take('s'), limiter.take('s'), limiter.take('s') > 0]).toEqual([0, 0, true]);
    t = 100; // capped at the burst
    expect([0, 1, 2, 3, 4].map(() => limiter.take('s') === 0)).toEqual([true, true, true, true, false]);
    expect(new SaeRateLimiter(0, 1, () => t).take('s')).toBe(0);
  });
});

describe('ETSI 014 limits in the bench config', () => {
  const example = readFileSync(join(import.meta.dirname, '../../examples/real-bench-alice.yaml'), 'utf8');

  it("the example's etsi.limits are the documented defaults, and an etsi section without them gets the defaults", () => {
    const cfg = etsi014ConfigFromBench(parseBenchConfig(example, 'real-bench-alice.yaml'));
    expect(resolveLimits(cfg?.limits)).toEqual(ETSI014_LIMIT_DEFAULTS);
    expect(ETSI014_LIMIT_DEFAULTS.tlsMinVersion).toBe('1.3');
    const bare = example.replace(/\n {2}tlsMinVersion:[^\n]*/, '').replace(/\n {2}limits:\n( {4}[^\n]*\n)+/, '\n');
    expect(bare).not.toMatch(/maxConnections/);
    expect(resolveLimits(etsi014ConfigFromBench(parseBenchConfig(bare, 'bare.yaml'))?.limits)).toEqual(ETSI014_LIMIT_DEFAULTS);
  });

  it('maps tlsMinVersion 1.2 and each limit; refuses requestTimeoutMs below headersTimeoutMs', () => {
    const lax = example.replace('tlsMinVersion: "1.3"', 'tlsMinVersion: "1.2"').replace('maxConnections: 256', 'maxConnections: 7');
    const limits = resolveLimits(etsi014ConfigFromBench(parseBenchConfig(lax, 'lax.yaml'))?.limits);
    expect(limits.tlsMinVersion).toBe('1.2');
    expect(limits.maxConnections).toBe(7);
    const bad = example.replace('requestTimeoutMs: 10000', 'requestTimeoutMs: 500');
    expect(() => parseBenchConfig(bad, 'bad.yaml')).toThrow(/requestTimeoutMs/);
    expect(() => parseBenchConfig(example.replace('tlsMinVersion: "1.3"', 'tlsMinVersion: "1.1"'), 'old.yaml')).toThrow(/tlsMinVersion/);
  });
});
