/**
 * Demo PKI for the two-node bench: one CA, a TLS server certificate per KME
 * and a TLS client certificate per SAE, all made with the `openssl` CLI (we
 * do not hand-roll ASN.1). Not for production: the CA key sits beside the
 * certificates. Every private key (CA and leaves) is written 0600 from its
 * creation (openssl writes it into a private mkdtemp folder, and it is
 * installed by write-with-mode and rename), in a folder created 0700; an
 * existing folder keeps its mode (`qkdd demo` narrows its own, demo-link.ts).
 *
 * Identity convention (see src/api/etsi014/sae-identity.ts): a SAE
 * certificate carries its SAE ID as a URI subjectAltName `sae:<id>`; KME
 * server certificates carry none, so a KME certificate cannot act as a SAE.
 *
 * Idempotent: files that exist and are still valid (parse, signed by the CA
 * in `ca.pem`, inside their validity period, matching their key, with the
 * expected names) are kept; anything else is (re)made. A new CA re-issues
 * every leaf, since the old ones no longer chain to it.
 */
import { execFile } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';

const run = promisify(execFile);

/** A leaf certificate the demo PKI issues. */
export interface DemoLeaf {
  /** File stem: `<name>.pem` and `<name>-key.pem`. */
  readonly name: string;
  readonly commonName: string;
  readonly kind: 'server' | 'client';
  /** subjectAltName entries in openssl syntax, e.g. `IP:127.0.0.1`, `URI:sae:sae-a`. */
  readonly altNames: readonly string[];
}

export const DEMO_LEAVES: readonly DemoLeaf[] = [
  { name: 'kme-a', commonName: 'kme-a', kind: 'server', altNames: ['IP:127.0.0.1', 'DNS:localhost'] },
  { name: 'kme-b', commonName: 'kme-b', kind: 'server', altNames: ['IP:127.0.0.1', 'DNS:localhost'] },
  { name: 'sae-a', commonName: 'sae-a', kind: 'client', altNames: ['URI:sae:sae-a'] },
  { name: 'sae-b', commonName: 'sae-b', kind: 'client', altNames: ['URI:sae:sae-b'] },
];

export interface DemoPkiOptions {
  /** Leaves to issue; default DEMO_LEAVES. Tests add e.g. a second SAE. */
  readonly leaves?: readonly DemoLeaf[];
  /** Validity of new certificates in days. Default 825 (leaves) / 3650 (CA). */
  readonly leafDays?: number;
  readonly caDays?: number;
  /** Subject CN of the CA; tests make a second, unrelated CA with another name. */
  readonly caCommonName?: string;
  /**
   * Issue under this existing CA instead of `dir/ca.pem` + `dir/ca-key.pem` (`qkdctl keys pki --ca-cert
   * --ca-key`): it must be a valid CA certificate with its key; its certificate is copied to `dir/ca.pem`
   * (the key is not copied).
   */
  readonly ca?: { readonly cert: string; readonly key: string };
}

export interface DemoPkiResult {
  readonly dir: string;
  /** Files written by this call (empty when everything was kept). */
  readonly written: readonly string[];
}

/** Write (or keep) the demo CA, KME server and SAE client certificates in `dir`. */
export async function generateDemoPki(dir: string, options: DemoPkiOptions = {}): Promise<DemoPkiResult> {
  // Private keys live here: a new folder is this user's alone.
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const leaves = options.leaves ?? DEMO_LEAVES;
  const written: string[] = [];
  const work = await mkdtemp(join(tmpdir(), 'qkdd-pki-'));
  try {
    const caPath = options.ca?.cert ?? join(dir, 'ca.pem');
    const caKeyPath = options.ca?.key ?? join(dir, 'ca-key.pem');
    let ca = await loadValidCa(caPath, caKeyPath);
    if (ca === undefined && options.ca) {
      throw new QkdError(
        QkdErrorCode.FileUnusable,
        `--ca-cert ${caPath} / --ca-key ${caKeyPath}: not a valid CA certificate (CA:TRUE, within its validity) with its private key`,
        { path: caPath },
      );
    }
    if (options.ca) {
      const copy = join(dir, 'ca.pem');
      const [given, present] = await Promise.all([readFile(caPath), readOptional(copy)]);
      if (present === undefined || !present.equals(given)) {
        await install(caPath, copy, 0o644);
        written.push(copy);
      }
    }
    if (ca === undefined) {
      await makeCa(work, options.caCommonName ?? 'qkdd demo CA', options.caDays ?? 3650);
      await install(join(work, 'ca-key.pem'), caKeyPath, 0o600);
      await install(join(work, 'ca.pem'), caPath, 0o644);
      written.push(caPath, caKeyPath);
      ca = await loadValidCa(caPath, caKeyPath);
      if (ca === undefined)
        throw new QkdError(QkdErrorCode.ExternalToolFailed, `openssl produced a CA in ${dir} that does not verify`, { dir });
    }
    for (const leaf of leaves) {
      const certPath = join(dir, `${leaf.name}.pem`);
      const keyPath = join(dir, `${leaf.name}-key.pem`);
      if (await isValidLeaf(certPath, keyPath, ca, leaf)) continue;
      await makeLeaf(work, leaf, caPath, caKeyPath, options.leafDays ?? 825);
      await install(join(work, `${leaf.name}-key.pem`), keyPath, 0o600);
      await install(join(work, `${leaf.name}.pem`), certPath, 0o644);
      written.push(certPath, keyPath);
    }
    return { dir, written };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args, { timeout: 30_000 });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    const why = missing
      ? 'openssl is not installed (apt-get install openssl)'
      : `openssl ${args[0]} failed: ${stderr.trim().split('\n')[0] || String(err)}`;
    throw new QkdError(QkdErrorCode.ExternalToolFailed, `demo PKI: ${why}`, { tool: 'openssl', command: args[0] }, { cause: err });
  }
}

async function makeCa(work: string, cn: string, days: number): Promise<void> {
  await openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    join(work, 'ca-key.pem'),
    '-out',
    join(work, 'ca.pem'),
    '-days',
    String(days),
    '-sha256',
    '-subj',
    `/CN=${cn}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE,pathlen:0',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

async function makeLeaf(work: string, leaf: DemoLeaf, caPath: string, caKeyPath: string, days: number): Promise<void> {
  const csr = join(work, `${leaf.name}.csr`);
  const ext = join(work, `${leaf.name}.ext`);
  await openssl([
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    join(work, `${leaf.name}-key.pem`),
    '-out',
    csr,
    '-subj',
    `/CN=${leaf.commonName}`,
  ]);
  await writeFile(
    ext,
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      `extendedKeyUsage=${leaf.kind === 'server' ? 'serverAuth' : 'clientAuth'}`,
      `subjectAltName=${leaf.altNames.join(',')}`,
      '',
    ].join('\n'),
  );
  // A random serial per certificate: re-issued leaves must not repeat a serial under the same CA.
  await openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    caPath,
    '-CAkey',
    caKeyPath,
    '-set_serial',
    `0x${randomSerialHex()}`,
    '-days',
    String(days),
    '-sha256',
    '-extfile',
    ext,
    '-out',
    join(work, `${leaf.name}.pem`),
  ]);
}

function randomSerialHex(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[0] &= 0x7f; // positive INTEGER
  return Buffer.from(bytes).toString('hex');
}

/** Copy into place with the final mode before it becomes visible (write + rename). */
async function install(from: string, to: string, mode: number): Promise<void> {
  const tmp = `${to}.tmp-${process.pid}`;
  // A new file ('wx': a leftover of a crashed run is removed first, it could have another mode).
  await rm(tmp, { force: true });
  await writeFile(tmp, await readFile(from), { mode, flag: 'wx' });
  await chmod(tmp, mode); // exactly `mode` whatever the umask (a certificate stays 0644)
  await rename(tmp, to);
}

async function readOptional(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch {
    return undefined;
  }
}

function inValidity(cert: X509Certificate): boolean {
  const now = Date.now();
  // Renew a little before expiry so a kept certificate does not lapse mid-run.
  return Date.parse(cert.validFrom) <= now && Date.parse(cert.validTo) > now + 24 * 3600 * 1000;
}

async function loadValidCa(certPath: string, keyPath: string): Promise<X509Certificate | undefined> {
  const [certPem, keyPem] = await Promise.all([readOptional(certPath), readOptional(keyPath)]);
  if (certPem === undefined || keyPem === undefined) return undefined;
  try {
    const cert = new X509Certificate(certPem);
    if (!cert.ca || !inValidity(cert) || !cert.verify(cert.publicKey)) return undefined;
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return undefined;
    return cert;
  } catch {
    return undefined;
  }
}

async function isValidLeaf(certPath: string, keyPath: string, ca: X509Certificate, leaf: DemoLeaf): Promise<boolean> {
  const [certPem, keyPem] = await Promise.all([readOptional(certPath), readOptional(keyPath)]);
  if (certPem === undefined || keyPem === undefined) return false;
  try {
    const cert = new X509Certificate(certPem);
    if (cert.ca || !inValidity(cert) || !cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return false;
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return false;
    // Same names as asked for now (a changed leaf definition re-issues it).
    return sanEntries(cert).join(',') === leaf.altNames.map(normalizeAltName).join(',');
  } catch {
    return false;
  }
}

/** subjectAltName entries as node prints them, e.g. `IP Address:127.0.0.1`, `URI:sae:sae-a`. */
export function sanEntries(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? '')
    .split(', ')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function normalizeAltName(openssl: string): string {
  return openssl.startsWith('IP:') ? `IP Address:${openssl.slice(3)}` : openssl;
}
