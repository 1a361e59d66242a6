/** SAE identity from certificates: exactly one URI SAN `sae:<id>`, nothing else counts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemoPki } from '../../src/api/pki/demo-pki.ts';
import { saeIdFromCertificate } from '../../src/api/etsi014/sae-identity.ts';
import { tempDir, type TempDir } from '../support/etsi-kme-pair.ts';

let dir: TempDir;
beforeAll(async () => {
  dir = tempDir('qkdd-identity-');
  await generateDemoPki(dir.dir, {
    leaves: [
      { name: 'two', commonName: 'two', kind: 'client', altNames: ['URI:sae:one', 'URI:sae:two'] },
      { name: 'cn', commonName: 'sae-a', kind: 'client', altNames: ['DNS:sae-a'] },
      { name: 'other-uri', commonName: 'x', kind: 'client', altNames: ['URI:https://sae-a/'] },
      { name: 'bad-id', commonName: 'x', kind: 'client', altNames: ['URI:sae:a/b'] },
      { name: 'mixed', commonName: 'x', kind: 'client', altNames: ['DNS:host.example', 'URI:sae:sae-9', 'email:a@b.example'] },
    ],
  });
});
afterAll(() => dir.remove());

const load = (name: string) => new X509Certificate(readFileSync(join(dir.dir, `${name}.pem`)));

describe('saeIdFromCertificate', () => {
  it('reads the one sae: URI among other names', () => {
    expect(saeIdFromCertificate(load('mixed'))).toBe('sae-9');
  });
  it('refuses certificates with two SAE names, none, only a CN, another URI, or an ID with separators', () => {
    expect(saeIdFromCertificate(load('two'))).toBeUndefined();
    expect(saeIdFromCertificate(load('cn'))).toBeUndefined();
    expect(saeIdFromCertificate(load('other-uri'))).toBeUndefined();
    expect(saeIdFromCertificate(load('bad-id'))).toBeUndefined();
    expect(saeIdFromCertificate(load('ca'))).toBeUndefined();
    expect(saeIdFromCertificate(undefined)).toBeUndefined();
  });
});
