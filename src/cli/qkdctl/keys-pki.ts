/**
 * `qkdctl keys pki`: the certificates of the ETSI GS QKD 014 interfaces of
 * real nodes: a CA (or an existing one, `--ca-cert/--ca-key`), a TLS server
 * certificate per key manager (`--kme`), and a TLS client certificate per
 * SAE carrying its id as the URI subjectAltName `sae:<id>`
 * (src/api/etsi014/sae-identity.ts). Made with openssl through
 * src/api/pki/demo-pki.ts; private keys 0600 in a folder made 0700.
 * Existing valid files are kept; run it again to add a SAE.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type DemoLeaf, generateDemoPki } from '../../api/pki/demo-pki.ts';
import { type OptionSpec, usageError } from '../args.ts';
import { parseCommand, type QkdctlCommand } from './command.ts';
import { joinRepeated, listValue } from './list-option.ts';

const SPEC = {
  out: { kind: 'string', help: 'folder for the PKI (made 0700)' },
  kme: { kind: 'string', help: 'a key manager (node id), NAME or NAME=HOST+HOST (its TLS names); repeatable' },
  sae: { kind: 'string', help: 'a SAE id (client certificate with URI sae:<id>); repeatable' },
  'ca-cert': { kind: 'string', help: 'issue under this existing CA certificate (with --ca-key)' },
  'ca-key': { kind: 'string', help: 'private key of --ca-cert' },
  days: { kind: 'number', help: 'validity of new certificates, days', default: 825, min: 1, max: 36_500 },
} satisfies Record<string, OptionSpec>;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const IP = /^(\d{1,3}\.){3}\d{1,3}$|:/;

/** `NAME` or `NAME=HOST+HOST`: a KME's server certificate, valid for its name, localhost and the hosts. */
export function kmeLeaf(spec: string): DemoLeaf {
  const [name, hostList] = spec.split('=', 2) as [string, string | undefined];
  if (!NAME.test(name)) throw usageError(`--kme: '${name}' is not a name (letters, digits, . _ -)`);
  const hosts = (hostList ?? '').split('+').filter((h) => h.length > 0);
  const alt = new Set<string>([`DNS:${name}`, 'DNS:localhost', 'IP:127.0.0.1']);
  for (const h of hosts) alt.add(IP.test(h) ? `IP:${h}` : `DNS:${h}`);
  return { name, commonName: name, kind: 'server', altNames: [...alt] };
}

export function saeLeaf(id: string): DemoLeaf {
  if (!NAME.test(id)) throw usageError(`--sae: '${id}' is not an id (letters, digits, . _ -)`);
  return { name: id, commonName: id, kind: 'client', altNames: [`URI:sae:${id}`] };
}

export const keysPkiCommand: QkdctlCommand = {
  name: 'keys pki',
  summary: 'make a CA, KME server and SAE client certificates (sae:<id>), or issue under an existing CA',
  async run(argv) {
    const parsed = parseCommand(
      joinRepeated(argv, ['kme', 'sae']),
      'keys pki',
      '--out DIR --kme NAME[=HOST+HOST] ... --sae ID ... [--ca-cert FILE --ca-key FILE]',
      SPEC,
    );
    if (parsed === null) return 0;
    const { values: v, io } = parsed;
    if (!v.out) throw usageError('--out DIR is required');
    if (Boolean(v['ca-cert']) !== Boolean(v['ca-key'])) throw usageError('--ca-cert and --ca-key go together');
    const leaves = [...listValue(v.kme).map(kmeLeaf), ...listValue(v.sae).map(saeLeaf)];
    if (leaves.length === 0) throw usageError('name at least one --kme NAME or --sae ID');
    const names = leaves.map((l) => l.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) throw usageError(`'${twice}' is named twice (a KME and a SAE need different names: the files are <name>.pem)`);
    for (const f of ['ca-cert', 'ca-key'] as const) {
      const p = v[f];
      if (p !== undefined && !existsSync(p)) throw usageError(`--${f} ${p} does not exist`);
    }
    const dir = resolve(v.out);
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
    const slow = setTimeout(() => io.progress(`making keys and certificates with openssl in ${dir}…`), 2000);
    let written: readonly string[];
    try {
      ({ written } = await generateDemoPki(dir, {
        leaves,
        leafDays: v.days ?? 825,
        caCommonName: 'qkdd link CA',
        ...(v['ca-cert'] && v['ca-key'] ? { ca: { cert: resolve(v['ca-cert']), key: resolve(v['ca-key']) } } : {}),
      }));
    } finally {
      clearTimeout(slow);
    }
    const files = leaves.map((l) => ({
      name: l.name,
      kind: l.kind === 'server' ? 'kme' : 'sae',
      cert: join(dir, `${l.name}.pem`),
      key: join(dir, `${l.name}-key.pem`),
      altNames: l.altNames,
    }));
    const mode = (p: string): string => (statSync(p).mode & 0o777).toString(8).padStart(4, '0');
    const human = [
      `PKI in ${dir} (${written.length} file(s) written, the rest kept):`,
      `  ca.pem${v['ca-cert'] ? ` (copy of ${v['ca-cert']}; its key stays where it is)` : ' + ca-key.pem (keep the CA key off the nodes once done)'}`,
      ...files.map((f) => `  ${f.kind} ${f.name}: ${f.name}.pem, ${f.name}-key.pem (${mode(f.key)})  ${f.altNames.join(', ')}`),
      'each node needs ca.pem and its own <node-id>.pem and <node-id>-key.pem (etsi.tls); each SAE its own pair and ca.pem.',
      'copy them out of band; private keys stay 0600.',
    ].join('\n');
    io.result(human, { dir, written, ca: join(dir, 'ca.pem'), leaves: files });
    return 0;
  },
};
