/**
 * The source side of offline analysis: `qkdctl record --patterns` on the
 * transmitter of a running simulated 10 km link (DemoLink), over the same
 * seconds as `qkdctl record` of the receiver's tags; `qkdctl analyze run.ptu
 * --pattern run.pattern` then sifts the recording with the transmitter's real
 * patterns and finds the QBER per basis the nodes measure. And the patterns
 * are secret: the route is on the control socket only (403 on loopback HTTP,
 * 409 on a receiver), the file is 0600, and every frame whose pattern was
 * handed out is burnt — no block of it in either node's key store, counted in
 * the transmitter's framesBurnt / blocksBurnt.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { decodePatternFile } from '../../formats/pattern/pattern-file.ts';
import type { Analysis } from '../../src/cli/qkdctl/analyze.ts';
import type { RecordResult } from '../../src/cli/qkdctl/record.ts';
import type { PatternRecordResult } from '../../src/cli/qkdctl/record-patterns.ts';
import { runCli } from '../support/run-cli.ts';
import { startDemoLink } from '../support/demo-link.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface StatusDoc {
  counters: Record<string, number | Record<string, number> | null>;
  qber: { Z: number | null; X: number | null };
}

async function statusOf(url: string): Promise<StatusDoc | null> {
  try {
    const res = await fetch(`${url}/api/v1/status`);
    return (await res.json()) as StatusDoc;
  } catch {
    return null;
  }
}

const num = (s: StatusDoc | null, k: string): number => Number(s?.counters[k] ?? 0);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Frame ids of the blocks (stored or pending) of a key store; block ids are `link:run:frame`. */
function storedBlocks(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare<[], { block_id: string }>('SELECT block_id FROM blocks UNION ALL SELECT block_id FROM pending_blocks').all();
    return rows.map((r) => r.block_id);
  } finally {
    db.close();
  }
}

describe('qkdctl record --patterns on the transmitter of a running simulated link (10 km)', () => {
  it('gives analyze the real patterns (sifted counts, QBER per basis as the nodes measure) and burns the recorded frames', async () => {
    const demo = await startDemoLink({ seed: 11, boards: 'tcp', statePrefix: 'qkdd-record-patterns-' });
    cleanups.push(() => demo.cleanup());
    const { link, state } = demo;
    const urlA = link.controlUrl('alice')!;
    const urlB = link.controlUrl('bob')!;
    const socketA = link.controlSocket('alice');

    const deadline = Date.now() + 240_000;
    // A block at B first: the node's QBER in both bases (sampled below) comes from its frames and blocks, and
    // frames recorded meanwhile are burnt, so none of them makes a block.
    const measured = (s: Awaited<ReturnType<typeof statusOf>>): boolean => s?.qber.Z != null && s.qber.X != null;
    while (Date.now() < deadline && !measured(await statusOf(urlB))) await new Promise((r) => setTimeout(r, 500));
    expect(measured(await statusOf(urlB)), 'the link measured no QBER in time').toBe(true);
    expect(num(await statusOf(urlB), 'framesOk')).toBeGreaterThanOrEqual(1);

    // Secret material: not on loopback HTTP, and a receiver has no patterns.
    const dir = state.dir;
    const viaHttp = await runCli('qkdctl', ['record', '--patterns', '--seconds', '1', '--out', join(dir, 'x.pattern'), '--url', urlA]);
    expect(viaHttp.code).toBe(2);
    expect(viaHttp.stderr).toMatch(/served only on the control socket.*\[QKD-822 ControlRequestFailed\]/);
    const onReceiver = await runCli('qkdctl', [
      'record',
      '--patterns',
      '--seconds',
      '1',
      '--out',
      join(dir, 'y.pattern'),
      '--socket',
      link.controlSocket('bob'),
    ]);
    expect(onReceiver.code).toBe(2);
    expect(onReceiver.stderr).toMatch(/emits no patterns \(a receiver/);
    const before = await statusOf(urlA);
    expect(num(before, 'framesBurnt'), 'a refused request burnt frames').toBe(0);

    // The same seconds on both nodes (8: on a loaded machine a 10 km frame can take 2 s, and the window must hold whole
    // frames); the nodes' own QBER sampled meanwhile.
    const ptu = join(dir, 'run.ptu');
    const pat = join(dir, 'run.pattern');
    const nodeQber = { Z: [] as number[], X: [] as number[] };
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const s = await statusOf(urlB);
        if (s?.qber.Z != null) nodeQber.Z.push(s.qber.Z);
        if (s?.qber.X != null) nodeQber.X.push(s.qber.X);
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const [tags, patterns] = await Promise.all([
      runCli('qkdctl', ['record', '--seconds', '8', '--out', ptu, '--url', urlB, '--json'], { timeoutMs: 120_000 }),
      runCli('qkdctl', ['record', '--patterns', '--seconds', '8', '--out', pat, '--socket', socketA, '--json'], { timeoutMs: 120_000 }),
    ]);
    sampling = false;
    await sampler;
    expect(tags.code, tags.stderr).toBe(0);
    expect(patterns.code, patterns.stderr).toBe(0);
    expect((JSON.parse(tags.stdout) as RecordResult).tags).toBeGreaterThan(10_000);
    const pr = JSON.parse(patterns.stdout) as PatternRecordResult;
    expect(pr.end.reason).toBe('done');
    expect(pr.frames).toBeGreaterThan(0);
    expect(pr.frames).toBe(pr.end.patterns);
    expect(patterns.stderr).toMatch(/\{"progress":\{"task":"recording patterns"/);

    // The file: the documented format, 0600, the frames in emission order.
    expect(statSync(pat).mode & 0o777).toBe(0o600);
    const file = decodePatternFile(readFileSync(pat), pat);
    const recorded = [...file.frames.keys()];
    expect(recorded.length).toBe(pr.frames);
    expect(recorded[0]).toBe(pr.firstFrame);
    expect(recorded.at(-1)).toBe(pr.lastFrame);
    for (let i = 1; i < recorded.length; i++) expect(recorded[i]).toBeGreaterThan(recorded[i - 1]);

    // Offline analysis with the real patterns: the QBER the nodes measure.
    const r = await runCli('qkdctl', ['analyze', ptu, '--pattern', pat, '--json'], { timeoutMs: 180_000 });
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout) as Analysis;
    const s = a.sifting!;
    expect(s.frames, 'no recorded frame had its pattern').toBeGreaterThan(0);
    const siftedZ = s.z.sifted.reduce((x, y) => x + y, 0);
    const siftedX = s.x.sifted.reduce((x, y) => x + y, 0);
    expect(siftedZ).toBeGreaterThan(1000);
    expect(siftedX).toBeGreaterThan(100);
    expect(nodeQber.Z.length).toBeGreaterThan(0);
    expect(nodeQber.X.length).toBeGreaterThan(0);
    const node = { Z: mean(nodeQber.Z), X: mean(nodeQber.X) };
    console.log(
      `analyze: Z ${s.z.qber} (${siftedZ} sifted), X ${s.x.qber} (${siftedX} sifted) over ${s.frames} frames; node B: Z ${node.Z}, X ${node.X}`,
    );
    expect(s.z.qber!).toBeLessThan(0.11);
    expect(s.x.qber!).toBeLessThan(0.11);
    expect(Math.abs(s.z.qber! - node.Z)).toBeLessThan(0.01);
    expect(Math.abs(s.x.qber! - node.X)).toBeLessThan(0.01);

    // Burnt: the transmitter counts every frame it handed out, and their keys were discarded.
    let after = await statusOf(urlA);
    expect(num(after, 'framesBurnt')).toBe(pr.frames);
    const until = Date.now() + 120_000;
    while (Date.now() < until && num(after, 'blocksBurnt') < 1) {
      await new Promise((res) => setTimeout(res, 500));
      after = await statusOf(urlA);
    }
    expect(num(after, 'blocksBurnt'), 'no recorded frame reached a key').toBeGreaterThan(0);
    // Key keeps flowing after the window: blocks are made of sifted segments, and a burnt frame's segment never
    // enters one (transmitter-node.ts zeroes it and the receiver drops its copy on the Abort), so the link stores
    // new blocks from the frames after the window.
    const storedAtWindowEnd = num(after, 'blocksStored');
    const untilMore = Date.now() + 180_000;
    while (Date.now() < untilMore && num(after, 'blocksStored') <= storedAtWindowEnd) {
      await new Promise((res) => setTimeout(res, 500));
      after = await statusOf(urlA);
    }
    expect(num(after, 'blocksStored'), 'no block stored after the recording window').toBeGreaterThan(storedAtWindowEnd);
    await demo.stop();
    for (const who of ['alice', 'bob'] as const) {
      const blocks = storedBlocks(join(dir, who, 'keys.sqlite'));
      expect(blocks.length, `${who} stored no block at all`).toBeGreaterThan(0);
    }
  }, 600_000);
});
