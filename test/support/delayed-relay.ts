/**
 * A TCP relay on loopback that delays every byte by a fixed one-way time, in
 * both directions: a stand-in for a real network's latency on the peer link
 * (issue 14: "a test adds 5 ms one way on the peer link").
 *
 * Each direction is a delay line: a chunk read at time t is written at
 * t + delayMs, in arrival order, from one timer per direction (armed for the
 * head of the queue only), not a sleep per message. Chunks that arrive while
 * others wait queue behind them and leave at their own due time, so the link
 * keeps as many messages in flight as the endpoints send. Bytes are forwarded
 * as they came (no framing is parsed); with delayMs 0 chunks go at once.
 *
 * The relay runs in its own worker thread: in the caller's thread its timers
 * and its two extra socket hops per message would wait behind the nodes'
 * post-processing on the same event loop (measured: ~10 ms added per round
 * trip at 1 ms one way with both nodes in one process), which is CPU and
 * serialisation a real network does not add. The worker's code is plain
 * JavaScript in WORKER_SOURCE (node built-ins only), so it runs the same from
 * the sources (tsx) and from dist/.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

export interface DelayedRelayStats {
  /** Chunks and bytes forwarded, both directions together. */
  chunks: number;
  bytes: number;
  /** Most chunks waiting in one direction's queue at once. */
  maxQueued: number;
  /** Largest lateness of a write past its due time, ms (timer granularity and the relay thread's load). */
  maxLateMs: number;
}

export interface DelayedRelay {
  /** Where the connecting side (A) connects instead of the target. */
  readonly port: number;
  /** Stops the relay (listener, every relayed socket, the thread) and gives its counters. Idempotent. */
  close(): Promise<DelayedRelayStats>;
}

const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const { performance } = require('node:perf_hooks');
const { targetPort, delayMs } = workerData;
const stats = { chunks: 0, bytes: 0, maxQueued: 0, maxLateMs: 0 };
const sockets = [];
const lines = [];
const EMPTY = Buffer.alloc(0);

function delayLine(to) {
  const chunks = [];
  const due = [];
  let head = 0;
  let timer = null;
  let ended = false;
  function arm() {
    const wait = due[head] - performance.now();
    timer = setTimeout(drain, wait > 0 ? wait : 0);
  }
  function drain() {
    timer = null;
    const now = performance.now();
    // setTimeout may fire a little early against performance.now(): a chunk due within 0.5 ms goes now.
    while (head < chunks.length && due[head] <= now + 0.5) {
      const late = now - due[head];
      if (late > stats.maxLateMs) stats.maxLateMs = late;
      const chunk = chunks[head];
      chunks[head] = EMPTY;
      head++;
      if (!to.destroyed) to.write(chunk);
    }
    if (head === chunks.length) {
      chunks.length = 0;
      due.length = 0;
      head = 0;
      if (ended) to.end();
      return;
    }
    if (head > 1024) {
      chunks.splice(0, head);
      due.splice(0, head);
      head = 0;
    }
    arm();
  }
  return {
    push(chunk) {
      stats.chunks++;
      stats.bytes += chunk.length;
      if (delayMs <= 0 && head === chunks.length) {
        if (!to.destroyed) to.write(chunk);
        return;
      }
      chunks.push(chunk);
      due.push(performance.now() + delayMs);
      if (chunks.length - head > stats.maxQueued) stats.maxQueued = chunks.length - head;
      if (timer === null) arm();
    },
    end() {
      ended = true;
      if (head === chunks.length) to.end();
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      chunks.length = 0;
      due.length = 0;
      head = 0;
    },
  };
}

function pipe(from, to) {
  const line = delayLine(to);
  lines.push(line);
  from.on('data', (chunk) => line.push(chunk));
  from.on('end', () => line.end());
  // A reset drops what was queued, as the network would.
  from.on('error', () => {
    line.cancel();
    to.destroy();
  });
}

const server = net.createServer((fromA) => {
  const toB = net.connect(targetPort, '127.0.0.1');
  sockets.push(fromA, toB);
  fromA.setNoDelay(true);
  toB.setNoDelay(true);
  // Bytes A sends before B's side is connected wait in toB's own buffer.
  pipe(fromA, toB);
  pipe(toB, fromA);
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (m) => {
  if (m !== 'close') return;
  for (const l of lines) l.cancel();
  for (const s of sockets) s.destroy();
  server.close(() => {
    parentPort.postMessage({ stats });
    parentPort.close();
  });
});
`;

/**
 * Listen on a free loopback port (in a worker thread); each connection
 * accepted there is joined to `targetPort` on 127.0.0.1 through two delay
 * lines of `delayMs` each.
 */
export async function startDelayedRelay(targetPort: number, delayMs: number): Promise<DelayedRelay> {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { targetPort, delayMs }, name: 'delayed-relay' });
  const failed = once(worker, 'error').then(([err]) => {
    throw err;
  });
  const [first] = (await Promise.race([once(worker, 'message'), failed])) as [{ port: number }];
  let closing: Promise<DelayedRelayStats> | undefined;
  return {
    port: first.port,
    close() {
      closing ??= (async () => {
        const reply = once(worker, 'message') as Promise<[{ stats: DelayedRelayStats }]>;
        worker.postMessage('close');
        const [{ stats }] = await reply;
        await worker.terminate();
        return stats;
      })();
      return closing;
    },
  };
}
