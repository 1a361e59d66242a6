/**
 * UploadPattern, ArmPattern, Start and Stop, shared by the photon source and
 * the polarization modulator (common.proto, "Patterns"). The board supplies
 * what differs through PatternBoardHooks: whether it is configured, its
 * symbol check, its start conditions (interlock).
 */
import { MAX_PATTERN_CHUNK_BYTES, checkSymbolWeights, slotsFromDeltas } from '../../firmware-protocol/index.ts';
import type { Behaviour } from './behaviour.ts';
import { DrawnFrame } from './drawn-choices.ts';
import { choiceMemoryFrames, type PatternRun } from './pattern-run.ts';
import { fail, ok, Status, u64, type Reply } from './reply.ts';

/** Options of the simulated photon source and modulator. */
export interface PatternBoardOptions {
  /** Announce FEATURE_ONBOARD_CHOICES and serve DrawPattern / ReadChoices (default true). */
  onboardChoices?: boolean;
  /** Slots of drawn symbols kept for ReadChoices (default DEFAULT_CHOICE_MEMORY_SLOTS, 2^30). */
  choiceMemorySlots?: number;
}

export interface PatternBoardHooks {
  readonly maxPatternSlots: number;
  /** Configure{Source,Modulator} has succeeded once. */
  configured(): boolean;
  frameSlots(): number;
  /** First frame not yet played on the bench. */
  nextFrame(): number;
  /** Resolves start_frame 0: the next frame boundary at least 1 ms of bench time away. */
  defaultStartFrame(): number;
  /** Board-specific check of an uploaded bank before it is armed; an error text or null. */
  checkBank(run: PatternRun, bank: number): string | null;
  /** Board-specific refusal of Start (interlock, timing), or null. */
  refuseStart(): Reply<'start'> | null;
  /** The run changed: the bench may be able to play more frames. */
  changed(): void;
  /** FEATURE_ONBOARD_CHOICES is announced: DrawPattern and ReadChoices work (else STATUS_UNSUPPORTED). */
  onboardChoices(): boolean;
  /** Key of this board's random source (drawn-choices.ts). */
  readonly choiceKey: number;
  /** Board-specific check of DrawPattern weights (a symbol the board does not allow must weigh 0), or null. */
  checkWeights(weights: readonly number[]): string | null;
}

export function patternBehaviour(run: PatternRun, hooks: PatternBoardHooks): Behaviour {
  const checkBankIndex = (bank: number): string | null => (bank === 0 || bank === 1 ? null : `bank ${bank}: only 0 and 1`);
  return {
    uploadPattern: (req) => {
      const bank = req.bank ?? 0;
      const total = req.totalSlots ?? 0;
      const offset = req.offsetSlots ?? 0;
      const packed = req.packed ?? new Uint8Array(0);
      const badBank = checkBankIndex(bank);
      if (badBank) return fail(Status.STATUS_BAD_REQUEST, badBank);
      if (total % 4 !== 0 || offset % 4 !== 0)
        return fail(Status.STATUS_BAD_REQUEST, 'total_slots and offset_slots must be multiples of 4');
      if (total < 4 || total > hooks.maxPatternSlots)
        return fail(Status.STATUS_OUT_OF_RANGE, `total_slots ${total} outside 4..${hooks.maxPatternSlots}`);
      if (packed.length === 0 || packed.length > MAX_PATTERN_CHUNK_BYTES)
        return fail(Status.STATUS_BAD_REQUEST, `chunk of ${packed.length} bytes (1..${MAX_PATTERN_CHUNK_BYTES})`);
      if (offset + 4 * packed.length > total)
        return fail(Status.STATUS_BAD_REQUEST, `chunk ends at slot ${offset + 4 * packed.length}, past total_slots ${total}`);
      if (run.bankBusy(bank)) return fail(Status.STATUS_BAD_STATE, `bank ${bank} is playing`);
      const err = run.banks[bank].write(total, offset, packed);
      if (err) return fail(Status.STATUS_BAD_REQUEST, err);
      return ok({ receivedSlots: run.banks[bank].receivedSlots });
    },

    armPattern: (req) => {
      if (!hooks.configured()) return fail(Status.STATUS_NOT_CONFIGURED, 'configure the board first');
      const bank = req.bank ?? 0;
      const badBank = checkBankIndex(bank);
      if (badBank) return fail(Status.STATUS_BAD_REQUEST, badBank);
      const b = run.banks[bank];
      if (!b.complete())
        return fail(Status.STATUS_CHECKSUM_MISMATCH, `bank ${bank}: upload incomplete (${b.receivedSlots}/${b.totalSlots} slots)`);
      // A drawn bank has no bytes to check (common.proto, DrawPatternRequest).
      if (!b.drawn && b.crc() !== (req.patternCrc32c ?? 0) >>> 0)
        return fail(Status.STATUS_CHECKSUM_MISMATCH, `bank ${bank}: CRC-32C differs from the upload`);
      const symbolError = hooks.checkBank(run, bank);
      if (symbolError) return fail(Status.STATUS_BAD_REQUEST, symbolError);
      if (run.running) {
        const switchFrame = u64(req.switchFrame);
        if (switchFrame < hooks.nextFrame())
          return fail(Status.STATUS_OUT_OF_RANGE, `switch_frame ${switchFrame} is not in the future (next frame ${hooks.nextFrame()})`);
        if (run.bankBusy(bank)) return fail(Status.STATUS_BAD_STATE, `bank ${bank} is playing`);
        run.scheduleSwitch(bank, switchFrame);
      } else {
        // A switch for a run that underran (the host fed it too late): say so, the host starts again.
        if (run.stoppedByUnderrun && u64(req.switchFrame) > 0)
          return fail(Status.STATUS_BAD_STATE, `not emitting: the run stopped at a pattern underrun (no pattern in time); start again`);
        run.armedBank = bank;
      }
      hooks.changed();
      return ok({ totalSlots: b.totalSlots });
    },

    drawPattern: (req) => {
      if (!hooks.onboardChoices()) return fail(Status.STATUS_UNSUPPORTED, 'this board has no on-board random source');
      const bank = req.bank ?? 0;
      const total = req.totalSlots ?? 0;
      const weights = req.symbolWeights ?? [];
      const badBank = checkBankIndex(bank);
      if (badBank) return fail(Status.STATUS_BAD_REQUEST, badBank);
      if (total % 4 !== 0) return fail(Status.STATUS_BAD_REQUEST, 'total_slots must be a multiple of 4');
      if (total < 4 || total > hooks.maxPatternSlots)
        return fail(Status.STATUS_OUT_OF_RANGE, `total_slots ${total} outside 4..${hooks.maxPatternSlots}`);
      const badWeights = checkSymbolWeights(weights) ?? hooks.checkWeights(weights);
      if (badWeights) return fail(Status.STATUS_BAD_REQUEST, badWeights);
      if (run.bankBusy(bank)) return fail(Status.STATUS_BAD_STATE, `bank ${bank} is playing`);
      run.banks[bank].draw(total, weights);
      return ok({ totalSlots: total });
    },

    readChoices: (req) => {
      if (!hooks.onboardChoices()) return fail(Status.STATUS_UNSUPPORTED, 'this board has no on-board random source');
      const frame = u64(req.frame);
      const next = hooks.nextFrame();
      if (frame >= next) return fail(Status.STATUS_OUT_OF_RANGE, `frame ${frame} not played yet (next frame ${next})`);
      const memory = choiceMemoryFrames(run.choiceMemorySlots, hooks.frameSlots());
      if (frame < next - memory)
        return fail(Status.STATUS_OUT_OF_RANGE, `frame ${frame} is older than the choice memory (${memory} frames before ${next})`);
      const table = run.drawnFrame(frame);
      if (!table) return fail(Status.STATUS_BAD_STATE, `frame ${frame} was not played from a drawn bank`);
      const slots = slotsFromDeltas(req.slotDeltas ?? [], hooks.frameSlots());
      if (typeof slots === 'string') return fail(Status.STATUS_BAD_REQUEST, slots);
      const drawn = new DrawnFrame(hooks.choiceKey, frame, table);
      const symbols = new Uint8Array((slots.length + 3) >>> 2);
      for (let i = 0; i < slots.length; i++) symbols[i >>> 2] |= drawn.symbol(slots[i]) << ((i & 3) << 1);
      return ok({ frame, count: slots.length, symbols });
    },

    start: (req) => {
      if (!hooks.configured()) return fail(Status.STATUS_NOT_CONFIGURED, 'configure the board first');
      if (run.armedBank === null) return fail(Status.STATUS_NOT_CONFIGURED, 'no pattern armed');
      if (run.running) return fail(Status.STATUS_BUSY, 'already running');
      const refused = hooks.refuseStart();
      if (refused) return refused;
      const requested = u64(req.startFrame);
      const next = hooks.nextFrame();
      if (requested !== 0 && requested < next)
        return fail(Status.STATUS_OUT_OF_RANGE, `start_frame ${requested} is past (next frame ${next})`);
      const startFrame = requested === 0 ? hooks.defaultStartFrame() : requested;
      run.start(startFrame);
      hooks.changed();
      return ok({ startFrame });
    },

    stop: (req) => {
      if (!run.running) return ok({ stopFrame: run.lastPlayedFrame });
      if (run.stopFrame !== null) return ok({ stopFrame: run.stopFrame }); // a repeat never moves it
      const next = hooks.nextFrame();
      const current = next - 1; // the simulator plays whole frames: the last one decided is "current"
      const requested = u64(req.stopFrame);
      if (requested !== 0 && requested < current)
        return fail(Status.STATUS_OUT_OF_RANGE, `stop_frame ${requested} is past (current frame ${current})`);
      const stopFrame = requested === 0 ? current : requested;
      if (stopFrame < run.startFrame) {
        run.abort(next); // the run had not begun: nothing is played
        hooks.changed();
        return ok({ stopFrame: run.lastPlayedFrame });
      }
      run.stopFrame = stopFrame;
      run.advancedTo(next);
      hooks.changed();
      return ok({ stopFrame });
    },
  };
}
