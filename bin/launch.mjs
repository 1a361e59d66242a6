// The bin entries run compiled JavaScript from dist/, never TypeScript
// through a transpiler: a daemon beside a bench should not compile itself
// at start. When dist/ is missing this says how to build it (exit 2); when
// it is older than the sources it warns and runs what was built.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, distState } from '../scripts/dist.mjs';

export async function launch(program, entry) {
  const file = join(DIST, entry);
  const state = existsSync(file) ? distState() : 'missing';
  if (state === 'missing') {
    process.stderr.write(`${program}: ${file} is missing: build the daemon first with \`npm run build\` (npm start builds it for you)\n`);
    process.exit(2);
  }
  if (state === 'stale' && !process.env.QKDD_QUIET_STALE) {
    process.stderr.write(`${program}: warning: dist/ is older than the sources; run \`npm run build\` to run the current code\n`);
  }
  await import(pathToFileURL(file).href);
}
