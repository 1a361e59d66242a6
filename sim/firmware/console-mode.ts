/**
 * The line console a board offers at power-up (firmware-protocol/console.ts):
 * one pure function from a received line to the answer and the mode change.
 * The firmware does the I/O.
 */
import {
  ConsoleCommand,
  ConsoleErrorCode,
  CONSOLE_OK,
  PROTOCOL_MAJOR,
  PROTOCOL_MINOR,
  formatConsoleError,
  formatIdn,
  normalizeCommand,
  type Identity,
} from '../../firmware-protocol/index.ts';

export interface ConsoleOutcome {
  /** Line to send back (without line ending), or null for none (an empty line). */
  answer: string | null;
  /** After the answer, the board reads binary frames. */
  enterBinary: boolean;
  /** `*RST`: the board resets its state (and stays in console mode). */
  reset: boolean;
}

const KNOWN = Object.values(ConsoleCommand) as string[];

export function answerConsoleLine(line: string, identity: Identity): ConsoleOutcome {
  const command = normalizeCommand(line);
  const none = { enterBinary: false, reset: false };
  switch (command) {
    case '':
      return { answer: null, ...none };
    case ConsoleCommand.Identify:
      return { answer: formatIdn(identity), ...none };
    case ConsoleCommand.ModeQuery:
      return { answer: 'CONSOLE', ...none };
    case ConsoleCommand.EnterBinary:
      return { answer: CONSOLE_OK, enterBinary: true, reset: false };
    case ConsoleCommand.ProtocolVersion:
      return { answer: `${PROTOCOL_MAJOR}.${PROTOCOL_MINOR}`, ...none };
    case ConsoleCommand.Reset:
      return { answer: CONSOLE_OK, enterBinary: false, reset: true };
  }
  // A known header followed by something it does not take, e.g. `*IDN? 3`.
  const header = command.split(' ')[0];
  if (KNOWN.some((k) => k.split(' ')[0] === header)) {
    return {
      answer: formatConsoleError(ConsoleErrorCode.ParameterNotAllowed, `Parameter not allowed: ${line.trim().slice(0, 40)}`),
      ...none,
    };
  }
  return { answer: formatConsoleError(ConsoleErrorCode.UndefinedHeader, 'Undefined header'), ...none };
}
