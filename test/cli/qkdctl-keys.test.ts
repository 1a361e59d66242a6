/**
 * `qkdctl keys psk` and `qkdctl keys pki`: what they write, with which
 * modes, and what they refuse. The pre-shared key is read back by the
 * node's own PreSharedKeyFileSource; the certificates are checked with
 * node:crypto (chain, subjectAltName, key match).
 */
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pskFingerprint } from '../../src/peer/auth/psk-fingerprint.ts';
import { PreSharedKeyFileSource } from '../../src/peer/auth/psk-file-source.ts';
import { runCli } from '../support/run-cli.ts';
import { tempDirsPerTest } from '../support/temp-dir.ts';

const TIMEOUT_MS = 90_000;
const newDir = tempDirsPerTest('qkdctl-keys-');
const mode = (p: string): number => statSync(p).mode & 0o777;

describe('qkdctl keys psk', () => {
  it('writes N random bytes 0600 in a new 0700 folder, prints size and the SHA-256 prefix; the node reads it', async () => {
    const dir = newDir();
    const file = join(dir, 'keys', 'lab-1.psk');
    const r = await runCli('qkdctl', ['keys', 'psk', '--link', 'lab-1', '--bytes', '4096', '--out', file], { timeoutMs: TIMEOUT_MS });
    expect(r.code, r.stderr).toBe(0);
    const bytes = readFileSync(file);
    expect(bytes.length).toBe(4096);
    expect(new Set(bytes).size).toBeGreaterThan(200); // random, not a fill
    expect(mode(file)).toBe(0o600);
    expect(mode(join(dir, 'keys'))).toBe(0o700);
    const sha = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
    expect(r.stdout).toContain(`wrote ${file}: 4096 bytes of key, mode 0600`);
    expect(r.stdout).toContain(`sha256 ${sha}`);
    // The format the node expects: it opens and takes from it.
    const source = PreSharedKeyFileSource.open(file);
    expect(source.position).toBe(0);
  });

  it('a .hex name writes hex text (the same checksum rule: of the file); --json; refuses to overwrite without --force', async () => {
    const dir = newDir();
    const file = join(dir, 'l.hex');
    const r = await runCli('qkdctl', ['keys', 'psk', '--link', 'l', '--bytes', '64', '--out', file, '--json'], { timeoutMs: TIMEOUT_MS });
    expect(r.code, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout) as { file: string; bytes: number; format: string; sha256Prefix: string; mode: string };
    const text = readFileSync(file, 'latin1');
    expect(text).toMatch(/^[0-9a-f\n]+$/);
    expect(text.replace(/\s/g, '')).toHaveLength(128);
    expect(info).toEqual({
      file,
      link: 'l',
      bytes: 64,
      format: 'hex',
      sha256Prefix: createHash('sha256').update(text, 'latin1').digest('hex').slice(0, 16),
      // The fingerprint is of the key the hex text stands for, as the nodes compute it.
      fingerprint: pskFingerprint(Buffer.from(text.replace(/\s/g, ''), 'hex'), 'l'),
      mode: '0600',
    });
    const again = await runCli('qkdctl', ['keys', 'psk', '--link', 'l', '--bytes', '64', '--out', file], { timeoutMs: TIMEOUT_MS });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      `qkdctl: ${file} exists; it is kept (--force replaces it — then copy the new one to both nodes) [QKD-503 Usage]\n`,
    );
    expect(readFileSync(file, 'latin1')).toBe(text);
    const forced = await runCli('qkdctl', ['keys', 'psk', '--link', 'l', '--bytes', '64', '--out', file, '--force'], {
      timeoutMs: TIMEOUT_MS,
    });
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'latin1')).not.toBe(text);
  });

  it('needs --link; --bytes below 32 is refused', async () => {
    const r = await runCli('qkdctl', ['keys', 'psk', '--bytes', '64'], { timeoutMs: TIMEOUT_MS });
    expect(r.stderr).toBe('qkdctl: --link ID is required [QKD-503 Usage]\n');
    const small = await runCli('qkdctl', ['keys', 'psk', '--link', 'l', '--bytes', '16'], { timeoutMs: TIMEOUT_MS });
    expect(small.code).toBe(2);
    expect(small.stderr).toBe('qkdctl: --bytes must be ≥ 32, got 16 [QKD-503 Usage]\n');
  });
});

describe('qkdctl keys pki', () => {
  it('a CA, KME server certificates and SAE client certificates with sae:<id>; keys 0600 in a 0700 folder', async () => {
    const dir = join(newDir(), 'pki');
    const r = await runCli(
      'qkdctl',
      ['keys', 'pki', '--out', dir, '--kme', 'kme-a=alice.lab+10.0.0.5', '--kme', 'kme-b', '--sae', 'sae-a,sae-b', '--json'],
      { timeoutMs: TIMEOUT_MS },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(mode(dir)).toBe(0o700);
    const ca = new X509Certificate(readFileSync(join(dir, 'ca.pem')));
    expect(ca.ca).toBe(true);
    for (const name of ['kme-a', 'kme-b', 'sae-a', 'sae-b']) {
      const cert = new X509Certificate(readFileSync(join(dir, `${name}.pem`)));
      expect(cert.checkIssued(ca) && cert.verify(ca.publicKey)).toBe(true);
      expect(cert.checkPrivateKey(createPrivateKey(readFileSync(join(dir, `${name}-key.pem`))))).toBe(true);
      expect(mode(join(dir, `${name}-key.pem`))).toBe(0o600);
    }
    expect(mode(join(dir, 'ca-key.pem'))).toBe(0o600);
    expect(new X509Certificate(readFileSync(join(dir, 'sae-b.pem'))).subjectAltName).toBe('URI:sae:sae-b');
    const kmeA = new X509Certificate(readFileSync(join(dir, 'kme-a.pem')));
    expect(kmeA.subjectAltName).toBe('DNS:kme-a, DNS:localhost, IP Address:127.0.0.1, DNS:alice.lab, IP Address:10.0.0.5');
    expect(kmeA.subjectAltName).not.toContain('URI:sae:');
    const info = JSON.parse(r.stdout) as { leaves: { name: string; kind: string }[] };
    expect(info.leaves.map((l) => [l.name, l.kind])).toEqual([
      ['kme-a', 'kme'],
      ['kme-b', 'kme'],
      ['sae-a', 'sae'],
      ['sae-b', 'sae'],
    ]);
  }, 120_000);

  it('under an existing CA: leaves chain to it, ca.pem is its copy, its key is not copied; a bad CA is refused', async () => {
    const base = newDir();
    const first = await runCli('qkdctl', ['keys', 'pki', '--out', join(base, 'root'), '--kme', 'kme-x'], { timeoutMs: TIMEOUT_MS });
    expect(first.code, first.stderr).toBe(0);
    const caCert = join(base, 'root', 'ca.pem');
    const caKey = join(base, 'root', 'ca-key.pem');
    const out = join(base, 'site');
    const r = await runCli('qkdctl', ['keys', 'pki', '--out', out, '--sae', 'enc-1', '--ca-cert', caCert, '--ca-key', caKey], {
      timeoutMs: TIMEOUT_MS,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'ca.pem'))).toEqual(readFileSync(caCert));
    expect(() => statSync(join(out, 'ca-key.pem'))).toThrow();
    const ca = new X509Certificate(readFileSync(caCert));
    expect(new X509Certificate(readFileSync(join(out, 'enc-1.pem'))).verify(ca.publicKey)).toBe(true);
    // A leaf certificate is not a CA.
    const bad = await runCli(
      'qkdctl',
      [
        'keys',
        'pki',
        '--out',
        join(base, 'x'),
        '--sae',
        's',
        '--ca-cert',
        join(base, 'root', 'kme-x.pem'),
        '--ca-key',
        join(base, 'root', 'kme-x-key.pem'),
      ],
      { timeoutMs: TIMEOUT_MS },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not a valid CA certificate');
    expect(bad.stderr).toContain('[QKD-502 FileUnusable]');
    const usage = await runCli('qkdctl', ['keys', 'pki', '--out', join(base, 'y'), '--sae', 'a', '--kme', 'a'], { timeoutMs: TIMEOUT_MS });
    expect(usage.stderr).toContain("'a' is named twice");
  }, 120_000);
});
