/**
 * Live control of the transmitter's polarization modulator, for calibration
 * (qkdctl calibrate polarization through POST /api/v1/modulator), and the
 * log of recent frame outcomes that lets a caller measure each setting.
 *
 * Each accepted change gets a generation number; every frame the node emits
 * is tagged with the generation in force when it was emitted, and its
 * outcome (test-basis errors over sifted test bits; aborted frames too) is
 * kept in a small ring with that tag. A caller measures a setting by the
 * outcomes of its generation only: frames emitted before the change, even if
 * still playing when it landed, never count.
 *
 * When changes apply (the transmitter node calls `applyPending` before it
 * emits each frame): the bias applies on the board at once, also inside a
 * frame already armed — but the frames of the new generation are emitted
 * after it, so they saw the new bias only. A drive table cannot change while
 * the board runs: the node first lets its frames in flight finish, then the
 * bench stops the boards, configures the table, and the next frame starts
 * them again. While a caller drives the modulator, polarization tracking is
 * off (its dither would spoil the measurement); a change may turn it back on
 * around the new setting.
 *
 * No I/O of its own: the bench does the board commands.
 */
import type { TrackerSnapshot } from './polarization-tracking.ts';

export interface ModulatorSettingsJson {
  /** Drive voltage of each state [H, V, D, A], V. */
  stateVoltagesV: [number, number, number, number];
  biasV: number;
}

/** One change asked for: the drive table (absent: unchanged), the bias, and whether tracking runs afterwards. */
export interface ModulatorChange {
  stateVoltagesV?: [number, number, number, number];
  biasV: number;
  /** Tracking after the change: true (around the new setting; when the config enables it), false (off). Default false. */
  tracking?: boolean;
}

/** One finished frame, as the outcome log keeps it. */
export interface FrameOutcomeRecord {
  frameId: number;
  /** The modulator generation the frame was emitted under. */
  generation: number;
  ok: boolean;
  /** Abort reason, when not ok. */
  reason?: string;
  testErrors: number;
  testBits: number;
  /** Key-basis QBER (from Cascade), null when the frame did not reach it. */
  qberKey: number | null;
  keyBits: number;
}

export interface ModulatorStateJson {
  settings: ModulatorSettingsJson;
  /** The generation in force (frames emitted now carry it), and the last one asked for (applies before the next frame). */
  generation: number;
  requested: number;
  /** The last change that failed to apply, if any (its generation never comes into force). */
  failed: { generation: number; message: string } | null;
  tracking: TrackerSnapshot | null;
  /** Outcomes of recent frames (oldest first), of the asked generation or all. */
  frames: FrameOutcomeRecord[];
}

const LOG_SIZE = 256;

export class ModulatorControl {
  private generationNo = 0;
  private requestedNo = 0;
  private failedLast: { generation: number; message: string } | null = null;
  private readonly frameGeneration = new Map<number, number>();
  private readonly order: number[] = [];
  private readonly log: FrameOutcomeRecord[] = [];
  private readonly pending: { change: ModulatorChange; generation: number }[] = [];

  constructor(private settingsNow: ModulatorSettingsJson) {}

  get generation(): number {
    return this.generationNo;
  }

  get requested(): number {
    return this.requestedNo;
  }

  get failed(): { generation: number; message: string } | null {
    return this.failedLast;
  }

  get settings(): ModulatorSettingsJson {
    return { stateVoltagesV: [...this.settingsNow.stateVoltagesV], biasV: this.settingsNow.biasV };
  }

  /** Queues a change and returns its generation; it applies before the next frame is emitted. */
  request(change: ModulatorChange): number {
    const generation = ++this.requestedNo;
    this.pending.push({ change, generation });
    return generation;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /**
   * Applies the queued changes through `apply` (the node's bench work), in order. `apply` gets the
   * change and whether the drive table differs from the one in force.
   */
  async applyPending(apply: (change: ModulatorChange, tableChanged: boolean) => Promise<void>): Promise<void> {
    while (this.pending.length > 0) {
      const p = this.pending.shift()!;
      const table = p.change.stateVoltagesV;
      const tableChanged = table?.some((v, i) => v !== this.settingsNow.stateVoltagesV[i]) === true;
      try {
        await apply(p.change, tableChanged);
        this.settingsNow = { stateVoltagesV: table ? [...table] : this.settingsNow.stateVoltagesV, biasV: p.change.biasV };
        this.generationNo = p.generation;
      } catch (err) {
        this.failedLast = { generation: p.generation, message: (err as Error).message };
      }
    }
  }

  /** The tracker moved the bias (it owns the bias while it runs). */
  trackedBias(biasV: number): void {
    this.settingsNow = { ...this.settingsNow, biasV };
  }

  /** A frame was emitted now, under the current generation. */
  emitted(frameId: number): void {
    this.frameGeneration.set(frameId, this.generationNo);
    this.order.push(frameId);
    while (this.order.length > LOG_SIZE) this.frameGeneration.delete(this.order.shift() as number);
  }

  /** A frame ended (stored, burnt or aborted). */
  finished(frameId: number, o: Omit<FrameOutcomeRecord, 'frameId' | 'generation'>): void {
    const generation = this.frameGeneration.get(frameId);
    if (generation === undefined) return;
    this.frameGeneration.delete(frameId);
    this.log.push({ frameId, generation, ...o });
    if (this.log.length > LOG_SIZE) this.log.shift();
  }

  /** Recent outcomes, of one generation or all. */
  outcomes(generation?: number): FrameOutcomeRecord[] {
    return this.log.filter((r) => generation === undefined || r.generation === generation).map((r) => ({ ...r }));
  }
}
