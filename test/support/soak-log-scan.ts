/**
 * The soak test's "no key bit in any log" check: looks for each delivered
 * key, in base64 (as ETSI 014 hands it out) and in hex (lower and upper
 * case), inside the nodes' log files. One pass over each log: runs of
 * base64-alphabet characters are cut out, and every 16-character window of
 * a run is looked up among the keys' 16-character prefixes, then confirmed.
 */
import { existsSync, readFileSync } from 'node:fs';

export interface KeyInLog {
  readonly file: string;
  /** Index of the key in the list given. */
  readonly key: number;
  readonly encoding: 'base64' | 'hex';
}

const WINDOW = 16;

export function scanLogsForKeys(files: readonly string[], keysBase64: readonly string[]): KeyInLog[] {
  const byPrefix = new Map<string, { text: string; key: number; encoding: 'base64' | 'hex' }[]>();
  const add = (text: string, key: number, encoding: 'base64' | 'hex'): void => {
    if (text.length < WINDOW) return;
    const p = text.slice(0, WINDOW);
    const list = byPrefix.get(p);
    if (list) list.push({ text, key, encoding });
    else byPrefix.set(p, [{ text, key, encoding }]);
  };
  keysBase64.forEach((b64, i) => {
    const hex = Buffer.from(b64, 'base64').toString('hex');
    add(b64.replace(/=+$/, ''), i, 'base64');
    add(hex, i, 'hex');
    add(hex.toUpperCase(), i, 'hex');
  });
  const found: KeyInLog[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/[A-Za-z0-9+/]{16,}/g)) {
      const run = m[0];
      for (let at = 0; at + WINDOW <= run.length; at++) {
        const hits = byPrefix.get(run.slice(at, at + WINDOW));
        if (!hits) continue;
        for (const h of hits) if (run.startsWith(h.text, at)) found.push({ file, key: h.key, encoding: h.encoding });
      }
    }
  }
  return found;
}
