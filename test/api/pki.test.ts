/**
 * The demo PKI: the files and their modes, what the certificates say, that
 * they chain to the CA, and idempotence (valid files are kept, missing or
 * broken ones are re-made, a new CA re-issues every leaf).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemoPki, sanEntries } from '../../src/api/pki/demo-pki.ts';
import { saeIdFromCertificate } from '../../src/api/etsi014/sae-identity.ts';
import { tempDir, type TempDir } from '../support/etsi-kme-pair.ts';

const FILES = ['ca', 'kme-a', 'kme-b', 'sae-a', 'sae-b'].flatMap((n) => [`${n}.pem`, `${n}-key.pem`]);

let dir: TempDir;
beforeEach(() => {
  dir = tempDir('qkdd-pki-test-');
});
afterEach(() => dir.remove());

const cert = (name: string) => new X509Certificate(readFileSync(dir.file(`${name}.pem`)));

describe('generateDemoPki', () => {
  it('writes the CA, two KME server and two SAE client certificates; keys are 0600', async () => {
    const r = await generateDemoPki(dir.dir);
    expect([...r.written].map((p) => p.slice(dir.dir.length + 1)).sort()).toEqual([...FILES].sort());
    for (const f of FILES) {
      const mode = statSync(join(dir.dir, f)).mode & 0o777;
      expect(mode, f).toBe(f.endsWith('-key.pem') ? 0o600 : 0o644);
    }
    const ca = cert('ca');
    expect(ca.ca).toBe(true);
    expect(ca.checkPrivateKey(createPrivateKey(readFileSync(dir.file('ca-key.pem'))))).toBe(true);
    for (const name of ['kme-a', 'kme-b', 'sae-a', 'sae-b']) {
      const c = cert(name);
      expect(c.ca, name).toBe(false);
      expect(c.verify(ca.publicKey), name).toBe(true);
      expect(c.checkIssued(ca), name).toBe(true);
      expect(c.subject, name).toBe(`CN=${name}`);
      expect(c.checkPrivateKey(createPrivateKey(readFileSync(dir.file(`${name}-key.pem`)))), name).toBe(true);
    }
    expect(sanEntries(cert('kme-a'))).toEqual(['IP Address:127.0.0.1', 'DNS:localhost']);
    expect(cert('kme-a').checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert('kme-b').checkHost('localhost')).toBe('localhost');
    expect(cert('kme-a').keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth
    expect(cert('sae-a').keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']); // clientAuth
    expect(saeIdFromCertificate(cert('sae-a'))).toBe('sae-a');
    expect(saeIdFromCertificate(cert('sae-b'))).toBe('sae-b');
    // Server certificates name no SAE, so they cannot pass as one.
    expect(saeIdFromCertificate(cert('kme-a'))).toBeUndefined();
  });

  it('is idempotent: a second run keeps every valid file unchanged', async () => {
    await generateDemoPki(dir.dir);
    const before = FILES.map((f) => readFileSync(dir.file(f), 'utf8'));
    const again = await generateDemoPki(dir.dir);
    expect(again.written).toEqual([]);
    expect(FILES.map((f) => readFileSync(dir.file(f), 'utf8'))).toEqual(before);
  });

  it('re-makes a missing or broken leaf only', async () => {
    await generateDemoPki(dir.dir);
    const caBefore = readFileSync(dir.file('ca.pem'), 'utf8');
    const saeBBefore = readFileSync(dir.file('sae-b.pem'), 'utf8');
    unlinkSync(dir.file('sae-a-key.pem'));
    writeFileSync(dir.file('kme-b.pem'), 'not a certificate');
    const r = await generateDemoPki(dir.dir);
    expect([...r.written].map((p) => p.slice(dir.dir.length + 1)).sort()).toEqual([
      'kme-b-key.pem',
      'kme-b.pem',
      'sae-a-key.pem',
      'sae-a.pem',
    ]);
    expect(readFileSync(dir.file('ca.pem'), 'utf8')).toBe(caBefore);
    expect(readFileSync(dir.file('sae-b.pem'), 'utf8')).toBe(saeBBefore);
    expect(cert('kme-b').verify(cert('ca').publicKey)).toBe(true);
    expect(statSync(dir.file('sae-a-key.pem')).mode & 0o777).toBe(0o600);
  });

  it('a leaf whose key does not match, or a new CA, forces re-issue', async () => {
    await generateDemoPki(dir.dir);
    // Swap in another leaf's key: the certificate no longer matches it.
    writeFileSync(dir.file('sae-a-key.pem'), readFileSync(dir.file('sae-b-key.pem')));
    let r = await generateDemoPki(dir.dir);
    expect([...r.written].map((p) => p.slice(dir.dir.length + 1)).sort()).toEqual(['sae-a-key.pem', 'sae-a.pem']);
    unlinkSync(dir.file('ca-key.pem'));
    r = await generateDemoPki(dir.dir);
    expect([...r.written].map((p) => p.slice(dir.dir.length + 1)).sort()).toEqual([...FILES].sort());
    for (const name of ['kme-a', 'kme-b', 'sae-a', 'sae-b']) expect(cert(name).verify(cert('ca').publicKey), name).toBe(true);
  });
});
