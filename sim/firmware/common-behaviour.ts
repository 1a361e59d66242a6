/**
 * Handlers every board implements (common.proto): Hello, Ping, GetStatus,
 * GetTelemetry, SetTelemetryInterval, SetClock, SyncEpoch, EnterConsole,
 * Reset. They act on the firmware's common state through this narrow view.
 */
import { MAX_FRAME_BYTES, PROTOCOL_MAJOR, PROTOCOL_MINOR, qkd } from '../../firmware-protocol/index.ts';
import type { Behaviour } from './behaviour.ts';
import type { BoardModel } from './board-model.ts';
import { fail, ok, Status, type ResponseBodyOf } from './reply.ts';

export interface CommonState {
  readonly model: BoardModel;
  readonly featureFlags: number;
  clock: { source: qkd.ClockSource; locked: boolean; epochValid: boolean };
  telemetryIntervalMs: number;
  setTelemetryInterval(intervalMs: number): void;
  telemetry(): qkd.Telemetry.$Properties;
  /** Switch to the console after the response to this request has gone out. */
  enterConsoleAfterReply(): void;
  reset(): void;
}

export function commonBehaviour(s: CommonState): Behaviour {
  const helloBody = (): ResponseBodyOf<'hello'> => ({
    boardKind: s.model.kind,
    vendor: s.model.identity.vendor,
    model: s.model.identity.model,
    serialNumber: s.model.identity.serialNumber,
    firmwareVersion: s.model.identity.firmwareVersion,
    protocolMajor: PROTOCOL_MAJOR,
    protocolMinor: PROTOCOL_MINOR,
    featureFlags: s.featureFlags,
    maxFrameBytes: MAX_FRAME_BYTES,
    maxPatternSlots: s.model.maxPatternSlots,
    channelCount: s.model.channelCount,
    choiceMemorySlots: s.model.choiceMemorySlots ?? 0,
  });
  return {
    hello: (req) => {
      const hostMajor = req.hostProtocolMajor ?? 0;
      if (hostMajor !== PROTOCOL_MAJOR) {
        // Answer anyway, with the body, so the host can report both versions.
        return {
          ok: false,
          status: Status.STATUS_VERSION_MISMATCH,
          detail: `board speaks ${PROTOCOL_MAJOR}.${PROTOCOL_MINOR}, host ${hostMajor}`,
          body: helloBody(),
        };
      }
      return ok(helloBody());
    },
    ping: (req) => ok({ nonce: req.nonce ?? 0 }),
    getStatus: () =>
      ok({
        runState: s.model.runState(),
        interlock: s.model.interlock(),
        currentFrame: s.model.currentFrame(),
        clock: { ...s.clock },
        lastFault: s.model.lastFault(),
      }),
    getTelemetry: () => ok(s.telemetry()),
    setTelemetryInterval: (req) => {
      const ms = req.intervalMs ?? 0;
      if (ms !== 0 && (ms < 100 || ms > 60_000)) return fail(Status.STATUS_OUT_OF_RANGE, `interval_ms ${ms} outside 100..60000 (0 stops)`);
      s.setTelemetryInterval(ms);
      return ok({});
    },
    setClock: (req) => {
      const source = req.source ?? qkd.ClockSource.CLOCK_SOURCE_UNSPECIFIED;
      if (source !== qkd.ClockSource.CLOCK_SOURCE_INTERNAL && source !== qkd.ClockSource.CLOCK_SOURCE_EXTERNAL) {
        return fail(Status.STATUS_BAD_REQUEST, 'source must be INTERNAL or EXTERNAL');
      }
      const refHz = req.referenceFrequencyHz ?? 0;
      if (source === qkd.ClockSource.CLOCK_SOURCE_EXTERNAL && (refHz < 1_000_000 || refHz > 100_000_000)) {
        return fail(Status.STATUS_OUT_OF_RANGE, `reference_frequency_hz ${refHz} outside 1e6..1e8`);
      }
      // The simulated boards share one bench clock, so every source locks at once.
      s.clock = { source, locked: true, epochValid: s.clock.epochValid };
      return ok({ ...s.clock });
    },
    syncEpoch: () => {
      // One simulated bench clock: every board's epoch is the bench's time 0,
      // as if the shared sync pulse had reached all boards together. Moving it
      // would move every board's frame numbers, so the request only marks it valid.
      s.clock = { ...s.clock, epochValid: true };
      return ok({});
    },
    enterConsole: () => {
      s.enterConsoleAfterReply();
      return ok({});
    },
    reset: () => {
      s.reset();
      return ok({});
    },
  };
}
