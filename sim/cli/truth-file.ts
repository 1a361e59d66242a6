/**
 * `qkd-sim --truth-file PATH`: the simulator's side channel for tests — the
 * unknown bench's draw and the physics' hidden state now, as one JSON
 * document, written atomically (temporary file + rename) so a reader never
 * sees half of it. No board reports any of this; the daemon never reads it.
 */
import { renameSync, writeFileSync } from 'node:fs';
import type { SimTruth } from '../index.ts';

export function writeTruthFile(path: string, truth: SimTruth): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ writtenAtMs: Date.now(), ...truth }, null, 2)}\n`);
  renameSync(tmp, path);
}
