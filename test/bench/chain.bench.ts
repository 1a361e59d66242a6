/**
 * `chain`: secret key rate out of the whole two-node link on this machine —
 * the simulated bench at 10 km (boards on loopback TCP, so the number does
 * not depend on socat), both `qkdd run` processes, the authenticated peer
 * channel on loopback, durable stores. Measured as the secret bits node A
 * stored during a window after warm-up, divided by the window.
 *
 * reference: the same frame size's post-processing alone (both sessions in
 * this process on synthetic frames of the same channel, no boards, no
 * network, no store), secret Mbit/s — what the link would give if boards,
 * transport and storage cost nothing.
 */
import { DemoLink } from '../../src/cli/demo-link.ts';
import { ReceiverFrameSession } from '../../src/node/frame/receiver-frame.ts';
import { TransmitterFrameSession } from '../../src/node/frame/transmitter-frame.ts';
import { runFrameInProcess } from '../../src/node/frame/run-frame-in-process.ts';
import { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { freePort, tempState } from '../support/link-harness.ts';
import { syntheticFrame } from '../support/synthetic-frame.ts';
import { BENCH_CHANNEL, paramsFor } from './postprocessing.bench.ts';
import type { BenchSuite } from './harness.ts';

const suite: BenchSuite = async (ctx) => {
  const warmupMs = ctx.quick ? 20_000 : 30_000;
  const windowMs = ctx.quick ? 30_000 : 90_000;
  const state = tempState();
  const link = await DemoLink.start({
    stateDir: state.dir,
    distanceKm: 10,
    attack: false,
    seed: 3,
    boards: 'tcp',
    ports: { peer: await freePort(), etsiA: await freePort(), etsiB: await freePort() },
  });
  let secretBits = 0;
  let frames = 0;
  let qber = NaN;
  try {
    ctx.progress(`chain: warming up ${warmupMs / 1000} s`);
    await link.waitFor((s) => Number(s.alice?.stats.framesOk ?? 0) >= 1, 120_000);
    await new Promise((r) => setTimeout(r, warmupMs));
    const s0 = Number(link.latest.alice?.stats.secretBits ?? 0);
    const f0 = Number(link.latest.alice?.stats.framesOk ?? 0);
    ctx.progress(`chain: measuring ${windowMs / 1000} s`);
    await new Promise((r) => setTimeout(r, windowMs));
    secretBits = Number(link.latest.alice?.stats.secretBits ?? 0) - s0;
    frames = Number(link.latest.alice?.stats.framesOk ?? 0) - f0;
    qber = Number(link.latest.bob?.stats.lastQberKey);
  } finally {
    await link.stop();
    state.remove();
  }
  const value = secretBits / (windowMs / 1000) / 1e6;

  // Reference: post-processing alone on synthetic frames of the same size, one after the other.
  const rng = new Xoshiro128(7);
  const params = paramsFor(BENCH_CHANNEL);
  const inputs = Array.from({ length: 3 }, () => syntheticFrame(rng, BENCH_CHANNEL));
  let refBits = 0;
  const t0 = process.hrtime.bigint();
  inputs.forEach(({ pattern, detections }, i) => {
    const r = runFrameInProcess(
      new TransmitterFrameSession(i, pattern, params),
      new ReceiverFrameSession(i, detections, params, (n) => rng.fillU32(new Uint32Array(n))),
    );
    if (r.alice.ok) refBits += r.alice.secretBits;
  });
  const refSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return [
    {
      bench: 'chain',
      unit: 'Mbit/s',
      value,
      reference: refBits / refSeconds / 1e6,
      referenceName: 'post-processing alone, in-process synthetic frames',
      distanceKm: 10,
      framesPerS: frames / (windowMs / 1000),
      qberKey: qber,
      windowS: windowMs / 1000,
    },
  ];
};

export default suite;
