/**
 * Cases the simulator does not produce on demand, against a scripted board
 * on a memory transport: a console front end (*IDN?, SYST:MODE BIN) before
 * the link tests' FakeBoard takes the binary side. Covers the histogram
 * round trip, a board whose Hello disagrees with its *IDN?, and a model
 * that is not the expected one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConsoleLineReader,
  encodeConsoleLine,
  formatIdn,
  normalizeCommand,
  type qkd,
  type Identity,
} from '../../../firmware-protocol/index.ts';
import { DetectorDriver } from '../../../drivers/index.ts';
import { QkdErrorCode, isQkdError } from '../../../errors/index.ts';
import { createMemoryTransportPair, type MemoryTransport } from '../../../drivers/transport/memory.ts';
import { FakeBoard, defaultHello, type Script } from '../../support/fake-board.ts';

const IDN: Identity = { vendor: 'QKDLab', model: 'FAKE-TT', serialNumber: 'SN1', firmwareVersion: '0.0.1' };

/** Answers the console until SYST:MODE BIN, then stays out of the way. */
function consoleFront(device: MemoryTransport, idn: Identity): void {
  const reader = new ConsoleLineReader();
  let binary = false;
  device.on('data', (chunk) => {
    if (binary) return;
    for (const line of reader.push(chunk)) {
      const cmd = normalizeCommand(line);
      if (cmd === '*IDN?') void device.write(encodeConsoleLine(formatIdn(idn)));
      else if (cmd === 'SYST:MODE BIN') {
        void device.write(encodeConsoleLine('OK'));
        binary = true;
        return;
      }
    }
  });
}

const drivers: DetectorDriver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.close()));
});

function scripted(
  script: Script,
  idn: Identity = IDN,
  hello: qkd.HelloResponse.$Properties = defaultHello,
  model?: string,
): { driver: DetectorDriver; board: FakeBoard } {
  const { host, device } = createMemoryTransportPair('scripted');
  consoleFront(device, idn);
  const board = new FakeBoard(device, script);
  board.hello = hello;
  const driver = new DetectorDriver({
    url: 'tcp://scripted:1',
    createTransport: () => host,
    reconnect: false,
    keepaliveIntervalMs: 0,
    ...(model ? { model } : {}),
  });
  drivers.push(driver);
  return { driver, board };
}

describe('detector driver against a scripted board', () => {
  it('runHistogram waits for the announced HistogramResult and decodes the bins', async () => {
    const bins = new Uint8Array(new Uint32Array([1, 2, 0xfffffffe]).buffer);
    const { driver } = scripted((req, b) => {
      if (req.runHistogram) {
        b.ok(req, { histogramId: 5 });
        b.event({ histogram: { histogramId: 4, binWidthPs: 1, bins: new Uint8Array(4) } }); // someone else's
        setTimeout(() => b.event({ histogram: { histogramId: 5, binWidthPs: 10, offsetPs: -100, bins, integrationMs: 50 } }), 20);
      }
    });
    await driver.connect();
    const h = await driver.runHistogram({
      startChannel: 0,
      stopChannel: 1,
      binWidthPs: 10,
      binCount: 3,
      offsetPs: -100,
      integrationMs: 50,
    });
    expect(h).toEqual({ histogramId: 5, binWidthPs: 10, offsetPs: -100, bins: new Uint32Array([1, 2, 0xfffffffe]), integrationMs: 50 });
  });

  it('a Hello that names another board than *IDN? is WrongBoard', async () => {
    const { driver } = scripted(() => undefined, IDN, { ...defaultHello, serialNumber: 'SN2' });
    const err = await driver.connect().catch((e: unknown) => e);
    expect(isQkdError(err, QkdErrorCode.WrongBoard), String(err)).toBe(true);
  });

  it('an unexpected model is refused from *IDN? alone, before the board leaves console mode', async () => {
    const { driver, board } = scripted(() => undefined, IDN, defaultHello, 'SIM-TT-4CH');
    const err = await driver.connect().catch((e: unknown) => e);
    expect(isQkdError(err, QkdErrorCode.WrongBoard), String(err)).toBe(true);
    expect(board.requests).toEqual([]);
  });

  it('a malformed batch is a warning plus a reported gap, never a silent loss', async () => {
    const { driver } = scripted((req, b) => {
      if (req.startTagStream) {
        b.ok(req, { streamId: 2, startFrame: 0 });
        b.event({ tagBatch: { streamId: 2, batchSeq: 0, tagCount: 0, tags: new Uint8Array(0) } });
        b.event({ tagBatch: { streamId: 2, batchSeq: 1, tagCount: 2, tags: new Uint8Array(8) } }); // says 2 tags, holds 1
        b.event({ tagBatch: { streamId: 2, batchSeq: 1, tagCount: 0, tags: new Uint8Array(0) } }); // duplicate seq
        b.event({ tagBatch: { streamId: 2, batchSeq: 2, tagCount: 0, tags: new Uint8Array(0), last: true } });
      } else if (req.grantCredit) b.ok(req, { nextBatchSeq: 3 });
    });
    await driver.connect();
    const warnings: string[] = [];
    driver.on('protocol-error', (e) => warnings.push(e.message));
    const stream = await driver.startTagStream({ channels: [0] });
    const seqs: number[] = [];
    for await (const batch of stream) seqs.push(batch.batchSeq);
    expect(seqs).toEqual([0, 2]);
    expect(warnings.some((w) => /tag_count 2 but 1 records/.test(w))).toBe(true);
    expect(stream.stats).toMatchObject({ malformed: 1, duplicates: 1, gaps: 1, lostBatches: 1 });
  });
});
