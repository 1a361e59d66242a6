/**
 * Regenerates the static protobuf module of the key relay:
 *     npx tsx src/network/relay/generate-proto.ts
 * relay.proto → generated/relay.js (pbjs static-module, ES6, 64-bit ints as
 * numbers) and generated/relay.d.ts (pbts), the same way as
 * src/peer/proto/generate.ts. Both outputs are committed; tests never run this.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);
const proto = join(here, 'relay.proto');
const js = join(here, 'generated', 'relay.js');
const dts = join(here, 'generated', 'relay.d.ts');

// Its own protobuf root (`-r relay`): both protos are in package qkdd.*, and with the shared default root the
// module loaded second replaced `$root.qkdd` whole, so a process loading both (the trusted node) lost qkdd.peer.
execFileSync(bin('pbjs'), ['-t', 'static-module', '-w', 'es6', '-r', 'relay', '--force-number', '--no-service', '-o', js, proto], {
  stdio: 'inherit',
});
execFileSync(bin('pbts'), ['--no-comments', '-o', dts, js], { stdio: 'inherit' });

// The es6 wrapper must import the .js file for Node ESM; fail loudly if a CLI update changes that.
const source = readFileSync(js, 'utf8');
const fixed = source.replace(/from "protobufjs\/minimal"/g, 'from "protobufjs/minimal.js"');
if (!fixed.includes('"protobufjs/minimal.js"')) throw new Error('generated relay.js does not import protobufjs/minimal');
writeFileSync(js, fixed);
console.log(`wrote ${js} and ${dts}`);
