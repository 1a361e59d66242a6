/**
 * What the photon source and the polarization modulator share: pattern
 * banks uploaded in chunks with progress, arming by CRC-32C, start and stop
 * on frame boundaries, and restoring the uploaded patterns after the board
 * lost power. Emission is never restarted behind the host's back (both
 * pattern boards must start on the same frame): a run cut short by a power
 * loss is reported as 'run-interrupted'.
 *
 * The driver keeps its own copy of each uploaded pattern: a restore must
 * upload exactly the bytes whose CRC-32C it arms, whatever the caller does
 * with its buffer afterwards (the transmitter wipes its patterns once
 * emitted). A replaced copy is wiped: patterns are key material.
 *
 * Boards with an on-board random source (FEATURE_ONBOARD_CHOICES,
 * FRAMING.md §11) fill a bank with DrawPattern instead (nothing uploaded:
 * `drawPattern`), and the host reads back the symbols of the slots it needs
 * (`readChoices`, split into requests that fit a frame, pipelined). A
 * restore after a power loss draws the bank again (its old symbols are gone
 * with the board's memory, as are the frames played from it).
 */
import {
  MAX_PATTERN_CHUNK_BYTES,
  qkd,
  readChoicesRequests,
  symbolAt,
  packSymbols,
  packedPattern,
  patternUploadChunks,
  type MethodName,
  type PackedPattern,
} from '../../firmware-protocol/index.ts';
import { u64 } from './u64.ts';
import type { BoardLink } from '../link/board-link.ts';
import { BoardDriver, type BoardDriverEvents, type BoardDriverOptions } from './board-driver.ts';
import type { PATTERN_METHODS } from './board-methods.ts';

export interface UploadProgress {
  readonly bank: number;
  /** Slots sent and acknowledged so far. */
  readonly sentSlots: number;
  readonly totalSlots: number;
  /** The board's own count (UploadPatternResponse.received_slots). */
  readonly boardReceivedSlots: number;
}

export interface UploadOptions {
  /** 0 or 1 (1 needs FEATURE_PATTERN_BANKS). Default 0. */
  readonly bank?: number;
  /** Bytes per chunk (4 slots per byte), 1..12288. Default 12288. */
  readonly chunkBytes?: number;
  readonly onProgress?: (progress: UploadProgress) => void;
  /**
   * Chunks sent before the first answer comes back (1..8, default 4). Chunks
   * carry their offset and the board accepts them in any order, so pipelining
   * hides the round trip per chunk; the link's in-flight limit caps it.
   */
  readonly inFlightChunks?: number;
}

export interface PatternBoardEvents extends BoardDriverEvents {
  'upload-progress': (progress: UploadProgress) => void;
  /** The board lost power while running; its patterns were restored but it is idle. */
  'run-interrupted': (info: { startFrame: number }) => void;
}

type PatternMethod = (typeof PATTERN_METHODS)[number];

export abstract class PatternBoardDriver<M extends MethodName, E extends PatternBoardEvents = PatternBoardEvents> extends BoardDriver<
  M | PatternMethod,
  E
> {
  /** Patterns uploaded per bank (the driver's own copies), kept for arming and for restores. */
  private readonly banks = new Map<number, PackedPattern>();
  /** Banks drawn on the board (FEATURE_ONBOARD_CHOICES): their length and symbol weights, for restores. */
  private readonly drawnBanks = new Map<number, { totalSlots: number; weights: number[] }>();
  private armedBank: number | null = null;
  private runStartFrame: number | null = null;

  protected constructor(kind: qkd.BoardKind, methods: readonly (M | PatternMethod)[], options: BoardDriverOptions) {
    super(kind, methods, options);
  }

  /** The pattern last uploaded to `bank`, if any. */
  pattern(bank: number): PackedPattern | undefined {
    return this.banks.get(bank);
  }

  /**
   * Upload a pattern into a bank, chunk by chunk (each chunk is idempotent
   * and retried by the link), reporting progress after each acknowledged
   * chunk. `pattern`: one symbol (0..3) per slot, or an already packed one.
   */
  async uploadPattern(pattern: Uint8Array | PackedPattern, options: UploadOptions = {}): Promise<PackedPattern> {
    const p = pattern instanceof Uint8Array ? packedPattern(packSymbols(pattern)) : pattern;
    const bank = options.bank ?? 0;
    const chunkBytes = options.chunkBytes ?? MAX_PATTERN_CHUNK_BYTES;
    if (bank !== 0 && bank !== 1) throw this.invalid(`bank must be 0 or 1, got ${bank}`);
    if (!Number.isInteger(chunkBytes) || chunkBytes < 1 || chunkBytes > MAX_PATTERN_CHUNK_BYTES) {
      throw this.invalid(`chunkBytes must be an integer 1..${MAX_PATTERN_CHUNK_BYTES}, got ${chunkBytes}`);
    }
    // Upload from and keep a copy: the caller may reuse or wipe its buffer once this resolves.
    const kept: PackedPattern = { ...p, packed: p.packed.slice() };
    try {
      await this.sendChunks((m, r) => this.call(m, r), kept, bank, chunkBytes, options.onProgress, options.inFlightChunks);
    } catch (err) {
      kept.packed.fill(0);
      throw err;
    }
    this.banks.get(bank)?.packed.fill(0);
    this.banks.set(bank, kept);
    this.drawnBanks.delete(bank);
    return p;
  }

  /** The board draws its own symbols (FEATURE_ONBOARD_CHOICES): DrawPattern and ReadChoices work. */
  get drawsOnBoard(): boolean {
    return this.hasFeature(qkd.Feature.FEATURE_ONBOARD_CHOICES);
  }

  /**
   * Fill `bank` from the board's random source: each frame played from it gets
   * fresh symbols, symbol s with probability weights[s] / 65536
   * (firmware-protocol `symbolWeights` makes them from probabilities).
   */
  async drawPattern(bank: number, totalSlots: number, weights: readonly number[]): Promise<void> {
    if (bank !== 0 && bank !== 1) throw this.invalid(`bank must be 0 or 1, got ${bank}`);
    if (!this.drawsOnBoard) throw this.invalid('this board has no on-board random source (FEATURE_ONBOARD_CHOICES)');
    await this.call('drawPattern', { bank, totalSlots, symbolWeights: [...weights] });
    this.banks.get(bank)?.packed.fill(0);
    this.banks.delete(bank);
    this.drawnBanks.set(bank, { totalSlots, weights: [...weights] });
  }

  /**
   * The symbols (0..3) the board drew for `slots[0..count)` (strictly ascending
   * slots within the frame) of `frame`, one byte per slot. The requests are
   * sent `inFlight` at a time (1..8, default 4); the link retries each.
   */
  async readChoices(frame: number, slots: Uint32Array, count: number = slots.length, inFlight = 4): Promise<Uint8Array> {
    const requests = readChoicesRequests(frame, slots, count);
    const out = new Uint8Array(count);
    const starts = new Array<number>(requests.length);
    for (let i = 0, at = 0; i < requests.length; i++) {
      starts[i] = at;
      at += requests[i].slotDeltas?.length ?? 0;
    }
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < requests.length) {
        const i = next++;
        const req = requests[i];
        const n = req.slotDeltas?.length ?? 0;
        const res = await this.call('readChoices', req);
        const symbols = res.symbols ?? new Uint8Array(0);
        if (res.count !== n || symbols.length < (n + 3) >>> 2)
          throw this.invalid(`ReadChoices of frame ${frame} answered ${res.count} symbols for ${n} slots`, { frame });
        const at = starts[i];
        for (let k = 0; k < n; k++) out[at + k] = symbolAt(symbols, k);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(8, inFlight, requests.length)) }, () => worker()));
    return out;
  }

  /** Select `bank` for the next start (or, while running, switch to it at `switchFrame`). Returns its length in slots. */
  async armPattern(bank = 0, options: { switchFrame?: number } = {}): Promise<number> {
    const p = this.banks.get(bank);
    const drawn = this.drawnBanks.get(bank);
    if (!p && !drawn) throw this.invalid(`bank ${bank} has no pattern uploaded or drawn by this driver`);
    // A drawn bank has no bytes for a CRC-32C to check (common.proto): 0.
    const res = await this.call('armPattern', { bank, patternCrc32c: p ? p.crc32c : 0, switchFrame: options.switchFrame ?? 0 });
    this.armedBank = bank;
    return res.totalSlots;
  }

  /** Upload then arm. */
  async loadPattern(pattern: Uint8Array | PackedPattern, options: UploadOptions = {}): Promise<PackedPattern> {
    const p = await this.uploadPattern(pattern, options);
    await this.armPattern(options.bank ?? 0);
    return p;
  }

  /** Start at the first slot of `startFrame` (0: the next boundary ≥ 1 ms away). Resolves with the actual start frame. */
  async start(startFrame = 0): Promise<number> {
    const res = await this.call('start', { startFrame });
    this.runStartFrame = u64(res.startFrame);
    return this.runStartFrame;
  }

  /** Stop at the end of `stopFrame` (0: the current frame). Resolves with the last frame played. */
  async stop(stopFrame = 0): Promise<number> {
    const res = await this.call('stop', { stopFrame });
    this.runStartFrame = null;
    return u64(res.stopFrame);
  }

  protected override onBoardReset(): void {
    for (const p of this.banks.values()) p.packed.fill(0);
    this.banks.clear();
    this.drawnBanks.clear();
    this.armedBank = null;
    this.runStartFrame = null;
  }

  protected override async restoreBoard(link: BoardLink, _status: qkd.GetStatusResponse, boardWasReset: boolean): Promise<void> {
    if (!boardWasReset) return; // patterns and run survived on the board
    for (const [bank, p] of this.banks) await this.sendChunks((m, r) => link.call(m, r), p, bank, MAX_PATTERN_CHUNK_BYTES, undefined);
    for (const [bank, d] of this.drawnBanks) await link.call('drawPattern', { bank, totalSlots: d.totalSlots, symbolWeights: d.weights });
    if (this.armedBank !== null) {
      const p = this.banks.get(this.armedBank);
      if (p) await link.call('armPattern', { bank: this.armedBank, patternCrc32c: p.crc32c });
      else if (this.drawnBanks.has(this.armedBank)) await link.call('armPattern', { bank: this.armedBank, patternCrc32c: 0 });
    }
    if (this.runStartFrame !== null) {
      const startFrame = this.runStartFrame;
      this.runStartFrame = null;
      this.emit('run-interrupted', { startFrame });
    }
  }

  private async sendChunks(
    call: (m: 'uploadPattern', r: qkd.IUploadPatternRequest) => Promise<qkd.UploadPatternResponse>,
    p: PackedPattern,
    bank: number,
    chunkBytes: number,
    onProgress: UploadOptions['onProgress'],
    inFlightChunks = 4,
  ): Promise<void> {
    const window = Math.max(1, Math.min(8, inFlightChunks));
    const chunks = patternUploadChunks(bank, p.packed, chunkBytes);
    let next = 0;
    let acked = 0;
    const sendNext = async (): Promise<void> => {
      while (next < chunks.length) {
        const chunk = chunks[next++];
        const res = await call('uploadPattern', chunk);
        acked += chunk.packed?.length ?? 0;
        const progress: UploadProgress = { bank, sentSlots: acked * 4, totalSlots: p.totalSlots, boardReceivedSlots: res.receivedSlots };
        onProgress?.(progress);
        this.emit('upload-progress', progress);
      }
    };
    await Promise.all(Array.from({ length: window }, () => sendNext()));
  }
}
