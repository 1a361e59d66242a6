/**
 * One trusted node in its own process, for kill -9 tests
 * (test/integration/ring4.test.ts): assembles the node from its node config
 * as `qkdd node` does (startTrustedNode: preflight, each link's QkdNode, the
 * key manager and its relay store), with benches that never emit instead of
 * boards (the links' pools are seeded on disk by writeTrustedNetworkFiles),
 * prints one JSON line `{"ready": true}` and runs until killed.
 *
 * argv: node config file
 */
import { startTrustedNode } from '../../src/cli/trusted-node.ts';
import { readNetworkNodeConfig } from '../../src/config/network-node-config.ts';
import { createLogger } from '../../src/log.ts';
import { idleBenchFor } from './trusted-network.ts';

const [file] = process.argv.slice(2);
if (!file) {
  console.error('usage: trusted-node-process.ts node-config.yaml');
  process.exit(2);
}
const log = createLogger({ name: 'child', level: process.env.QKDD_CHILD_LOG ?? 'silent' });
const node = await startTrustedNode(readNetworkNodeConfig(file), { log, benchFor: idleBenchFor });
process.stdout.write(`${JSON.stringify({ ready: true, node: node.id })}\n`);
setInterval(() => undefined, 1 << 30);
