/**
 * The line console every board offers for bring-up with a terminal program
 * (FRAMING.md §6). Boards power up in console mode. Lines are ASCII, ended by
 * CR, LF or CR LF on input; the board ends its answers with CR LF. Commands
 * are case-insensitive. Host drivers and the simulated firmware both use
 * these helpers so the two cannot drift apart.
 */

/** Line ending the board sends. */
export const CONSOLE_EOL = '\r\n';

/** Longest console line, in bytes, excluding the line ending. Longer lines are dropped. */
export const CONSOLE_MAX_LINE_BYTES = 256;

/** Console commands (SCPI style). */
export const ConsoleCommand = {
  /** Identify: answers `vendor,model,serial,firmware`. */
  Identify: '*IDN?',
  /** Answers `CONSOLE` (in binary mode the board does not read text at all). */
  ModeQuery: 'SYST:MODE?',
  /** Switch to binary framing: answers `OK` CR LF then one 0x00; the next byte read is binary. */
  EnterBinary: 'SYST:MODE BIN',
  /** Answers `<major>.<minor>` of the binary protocol, e.g. `1.0`. */
  ProtocolVersion: 'SYST:PROT?',
  /** Same as ResetRequest; answers `OK`. */
  Reset: '*RST',
} as const;
export type ConsoleCommandText = (typeof ConsoleCommand)[keyof typeof ConsoleCommand];

/** Positive answer to a command that returns nothing else. */
export const CONSOLE_OK = 'OK';

/** Error answer prefix: `ERR <code>,"<text>"`, with SCPI error codes (e.g. -113 undefined header). */
export const CONSOLE_ERROR_PREFIX = 'ERR ';
export const ConsoleErrorCode = {
  UndefinedHeader: -113,
  ParameterNotAllowed: -108,
  ExecutionError: -200,
} as const;

export interface Identity {
  vendor: string;
  model: string;
  serialNumber: string;
  firmwareVersion: string;
}

/** `*IDN?` answer for an identity. Commas inside fields would break parsing, so they are refused. */
export function formatIdn(id: Identity): string {
  const fields = [id.vendor, id.model, id.serialNumber, id.firmwareVersion];
  for (const f of fields) {
    if (/[,\r\n]/.test(f)) throw new RangeError(`IDN field ${JSON.stringify(f)} contains a comma or line break`);
  }
  return fields.join(',');
}

/** Parse an `*IDN?` answer; null unless it has exactly four comma-separated fields. */
export function parseIdn(line: string): Identity | null {
  const parts = line.trim().split(',');
  if (parts.length !== 4) return null;
  const [vendor, model, serialNumber, firmwareVersion] = parts.map((p) => p.trim());
  if (vendor === '' || model === '') return null;
  return { vendor, model, serialNumber, firmwareVersion };
}

export function formatConsoleError(code: number, text: string): string {
  return `${CONSOLE_ERROR_PREFIX}${code},"${text.replace(/"/g, "'")}"`;
}

/** Parse `ERR <code>,"text"`; null when the line is not an error answer. */
export function parseConsoleError(line: string): { code: number; text: string } | null {
  const m = /^ERR (-?\d+),"(.*)"$/.exec(line.trim());
  return m ? { code: Number(m[1]), text: m[2] } : null;
}

/** Canonical form of a command line for matching: trimmed, upper case, single spaces. */
export function normalizeCommand(line: string): string {
  return line.trim().replace(/\s+/g, ' ').toUpperCase();
}

/**
 * Splits console bytes into lines (CR, LF or CR LF), dropping lines longer
 * than CONSOLE_MAX_LINE_BYTES. Used by both ends; preallocated, no concat.
 */
const latin1 = new TextDecoder('latin1');

export class ConsoleLineReader {
  private readonly buf = new Uint8Array(CONSOLE_MAX_LINE_BYTES);
  private length = 0;
  private overlong = false;
  private lastWasCr = false;
  /** Lines dropped for being too long. */
  droppedLines = 0;

  push(chunk: Uint8Array): string[] {
    const lines: string[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === 0x0a && this.lastWasCr) {
        this.lastWasCr = false; // LF of a CR LF pair: the line was already ended by CR
        continue;
      }
      this.lastWasCr = b === 0x0d;
      if (b === 0x0d || b === 0x0a) {
        if (this.overlong) this.droppedLines++;
        else lines.push(latin1.decode(this.buf.subarray(0, this.length)));
        this.length = 0;
        this.overlong = false;
      } else if (this.length < this.buf.length) {
        this.buf[this.length++] = b;
      } else {
        this.overlong = true;
      }
    }
    return lines;
  }
}

/** Bytes of one console line as sent (with CR LF). */
export function encodeConsoleLine(line: string): Uint8Array {
  return new TextEncoder().encode(line + CONSOLE_EOL);
}
