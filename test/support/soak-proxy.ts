/**
 * A TCP proxy for the soak test (test/soak/soak.test.ts), placed between the
 * two nodes' peer ports: node B connects to the proxy, the proxy to node A.
 * It forwards bytes both ways and injects the peer-link faults on demand:
 * cut every connection (a dropped link), flip bits in the bytes that pass
 * during a window (corruption), or hold every chunk back by a fixed delay
 * during a window (latency; the order of bytes is kept). Randomness comes
 * from the caller's seeded generator.
 */
import { createServer, type Server, type Socket, connect } from 'node:net';

export interface ProxyRandom {
  /** Uniform in [0, 1). */
  next(): number;
}

export interface ProxyCounters {
  /** Connections accepted from node B. */
  accepted: number;
  /** Connections destroyed by `cut()`. */
  cut: number;
  /** Bytes whose bits were flipped. */
  corruptedBytes: number;
  /** Chunks forwarded late. */
  delayedChunks: number;
}

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
}

export class FaultProxy {
  readonly counters: ProxyCounters = { accepted: 0, cut: 0, corruptedBytes: 0, delayedChunks: 0 };
  private readonly pairs = new Set<Pair>();
  private corruptUntil = 0;
  private corruptProbability = 0;
  private delayUntil = 0;
  private delayMs = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly targetPort: number,
    private readonly random: ProxyRandom,
  ) {}

  /** Listen on 127.0.0.1:`listenPort`, forward to 127.0.0.1:`targetPort`. */
  static start(listenPort: number, targetPort: number, random: ProxyRandom): Promise<FaultProxy> {
    const server = createServer();
    const proxy = new FaultProxy(server, listenPort, targetPort, random);
    server.on('connection', (client) => proxy.accept(client));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(listenPort, '127.0.0.1', () => {
        server.off('error', reject);
        resolve(proxy);
      });
    });
  }

  /** Drop the link: destroy every open connection (node B reconnects through the proxy). Returns how many. */
  cut(): number {
    const n = this.pairs.size;
    for (const p of [...this.pairs]) this.drop(p);
    this.counters.cut += n;
    return n;
  }

  /** For `ms`, each chunk passing either way has, with `probability`, one to four random bytes bit-flipped. */
  corrupt(ms: number, probability: number): void {
    this.corruptUntil = Date.now() + ms;
    this.corruptProbability = probability;
  }

  /** For `ms`, every chunk passing either way is forwarded `delayMs` late (order kept). */
  delay(ms: number, delayMs: number): void {
    this.delayUntil = Date.now() + ms;
    this.delayMs = delayMs;
  }

  /** Open connections through the proxy. */
  get connections(): number {
    return this.pairs.size;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.counters.accepted++;
    const upstream = connect(this.targetPort, '127.0.0.1');
    const pair: Pair = { client, upstream };
    this.pairs.add(pair);
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      s.on('error', () => undefined); // resets are part of the game; 'close' follows
      s.on('close', () => this.drop(pair));
    }
    this.forward(pair, client, upstream);
    this.forward(pair, upstream, client);
  }

  private forward(pair: Pair, from: Socket, to: Socket): void {
    // Release times never decrease, so timers fire in arrival order and the stream stays in order.
    let lastRelease = 0;
    from.on('data', (chunk: Buffer) => {
      const now = Date.now();
      let out = chunk;
      if (now < this.corruptUntil && this.random.next() < this.corruptProbability) {
        out = Buffer.from(chunk);
        const flips = 1 + Math.floor(this.random.next() * 4);
        for (let i = 0; i < flips; i++) {
          const at = Math.floor(this.random.next() * out.length);
          out[at] ^= 1 << Math.floor(this.random.next() * 8);
        }
        this.counters.corruptedBytes += flips;
      }
      const release = Math.max(lastRelease, now < this.delayUntil ? now + this.delayMs : now);
      lastRelease = release;
      if (release <= now) {
        if (this.pairs.has(pair)) to.write(out);
        return;
      }
      this.counters.delayedChunks++;
      setTimeout(() => {
        if (this.pairs.has(pair)) to.write(out);
      }, release - now);
    });
  }

  private drop(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.destroy();
    pair.upstream.destroy();
  }
}
