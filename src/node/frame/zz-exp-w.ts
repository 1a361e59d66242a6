import { parentPort } from 'node:worker_threads';
import { Xoshiro128 } from '/work/main/src/pipeline/prng.ts';
const x: number = new Xoshiro128(1).nextU32();
parentPort!.postMessage({ x });
