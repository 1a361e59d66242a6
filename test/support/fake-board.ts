/**
 * A tiny scripted board on the `device` end of a memory transport pair. It
 * parses host bytes with the real frame decoder (STYLE.md §6) and hands each
 * Request to the test's script, which answers, stays silent, answers twice,
 * or sends events, as the scenario needs.
 */
import {
  CONSOLE_OK,
  ConsoleCommand,
  FrameDecoder,
  PROTOCOL_MAJOR,
  PROTOCOL_MINOR,
  decodeEnvelope,
  encodeConsoleLine,
  encodeEnvelopeFrame,
  normalizeCommand,
  qkd,
} from '../../firmware-protocol/index.ts';
import type { MethodName } from '../../firmware-protocol/index.ts';
import type { MemoryTransport } from '../../drivers/transport/memory.ts';

export type Script = (req: qkd.Request, board: FakeBoard) => void;

export const defaultHello: qkd.HelloResponse.$Properties = {
  boardKind: qkd.BoardKind.BOARD_KIND_TIME_TAGGER,
  vendor: 'QKDLab',
  model: 'FAKE-TT',
  serialNumber: 'SN1',
  firmwareVersion: '0.0.1',
  protocolMajor: PROTOCOL_MAJOR,
  protocolMinor: PROTOCOL_MINOR,
  featureFlags: qkd.Feature.FEATURE_HISTOGRAM,
  channelCount: 4,
};

export class FakeBoard {
  readonly requests: qkd.Request[] = [];
  /** Every byte the host sent, in order. */
  readonly received: number[] = [];
  private readonly decoder = new FrameDecoder();
  private eventSeq = 0;
  hello: qkd.HelloResponse.$Properties = defaultHello;
  /** Status the board puts on its Hello answer (e.g. STATUS_VERSION_MISMATCH). */
  helloStatus: qkd.Status = qkd.Status.STATUS_OK;

  /** Console text the board answered before switching to binary mode. */
  readonly consoleLines: string[] = [];
  private consoleText = '';

  constructor(
    readonly device: MemoryTransport,
    public script: Script = () => undefined,
    /** Start in console mode, as a board after power-up (FRAMING.md §6). */
    private inConsole = false,
  ) {
    device.on('data', (data) => {
      this.received.push(...data);
      let chunk = data;
      if (this.inConsole) {
        // Console mode: read text up to the end of `SYST:MODE BIN`, answer, switch.
        for (let i = 0; i < chunk.length; i++) {
          const c = chunk[i];
          if (c !== 0x0d && c !== 0x0a) {
            this.consoleText += String.fromCharCode(c);
            continue;
          }
          const line = normalizeCommand(this.consoleText);
          this.consoleText = '';
          if (line === '') continue;
          this.consoleLines.push(line);
          if (line === ConsoleCommand.EnterBinary) {
            this.inConsole = false;
            this.sendRaw(Uint8Array.from([...encodeConsoleLine(CONSOLE_OK), 0]));
            chunk = chunk.subarray(i + 1);
            break;
          }
        }
        if (this.inConsole) return;
      }
      for (const ev of this.decoder.push(chunk)) {
        if (ev.kind !== 'frame') continue;
        const d = decodeEnvelope(ev.payload);
        if (!d.ok || d.kind !== 'request') continue;
        this.requests.push(d.request);
        // Hello is answered by the board itself so that every test can open the link.
        if (d.request.body === 'hello') this.respond(d.request, { hello: this.hello, status: this.helloStatus });
        else this.script(d.request, this);
      }
    });
    void device.open();
  }

  /** Requests of one method seen so far. */
  seen(method: MethodName): qkd.Request[] {
    return this.requests.filter((r) => r.body === method);
  }

  respond(req: qkd.Request, body: Omit<qkd.Response.$Properties, 'seq'>): void {
    this.send({ response: { seq: req.seq, ...body } });
  }

  /** Answer with the same-named empty-ish body. */
  ok(req: qkd.Request, body: object = {}): void {
    if (req.body === undefined) throw new Error('request without body');
    this.respond(req, { [req.body]: body });
  }

  fail(req: qkd.Request, status: qkd.Status, detail: string): void {
    this.respond(req, { status, detail });
  }

  event(body: Omit<qkd.Event.$Properties, 'eventSeq'>, eventSeq = this.eventSeq++): void {
    this.send({ event: { eventSeq, ...body } });
  }

  send(envelope: qkd.Envelope.$Properties): void {
    void this.device.write(encodeEnvelopeFrame(envelope));
  }

  sendRaw(bytes: Uint8Array): void {
    void this.device.write(bytes);
  }
}
