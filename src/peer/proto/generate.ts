/**
 * Regenerates the static protobuf module of the peer channel:
 *     npx tsx src/peer/proto/generate.ts
 * peer.proto → peer.js (pbjs static-module, ES6, 64-bit ints as numbers) and
 * peer.d.ts (pbts). Both are committed; tests never run this. The ES6 wrapper
 * imports `protobufjs/minimal.js` (with the extension), which is what Node's
 * ESM resolver needs for a CommonJS package without an exports map.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);
const proto = join(here, 'peer.proto');
const js = join(here, 'peer.js');
const dts = join(here, 'peer.d.ts');

// uint64 fields (sequence-free counters, bit counts) stay below 2^53: numbers, not Long.
execFileSync(bin('pbjs'), ['-t', 'static-module', '-w', 'es6', '--force-number', '--no-service', '-o', js, proto], { stdio: 'inherit' });
execFileSync(bin('pbts'), ['--no-comments', '-o', dts, js], { stdio: 'inherit' });

// The es6 wrapper must import the .js file for Node ESM; fail loudly if a CLI update changes that.
const source = readFileSync(js, 'utf8');
const fixed = source.replace(/from "protobufjs\/minimal"/g, 'from "protobufjs/minimal.js"');
if (!fixed.includes('"protobufjs/minimal.js"')) throw new Error('generated peer.js does not import protobufjs/minimal');
writeFileSync(js, fixed);
console.log(`wrote ${js} and ${dts}`);
