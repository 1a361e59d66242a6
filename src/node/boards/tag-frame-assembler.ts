/**
 * Cuts the detector's time-tag stream into frames and runs the timing stage
 * on each: tags are appended batch by batch (sorted by time); once the stream
 * has passed the last gate of frame f, the frame's tags become detections
 * (slot, basis, bit) with `assignSlots`.
 *
 * Frame f's slot s is emitted at (f·slotsPerFrame + s)·period on the bench
 * clock (the tagger shares it; a real bench disciplines the tagger to the
 * source's clock reference) and its gate opens gateDelayPs later.
 *
 * Frames are recognised by their detections: a frame with fewer than
 * `minDetections` (dark counts of frames the transmitter did not light) is
 * skipped, since the transmitter holds no pattern for it.
 *
 * Double clicks get their random bit (or basis) from the CSPRNG
 * (crypto-words.ts) unless a test passes `random`: those bits are raw key.
 *
 * With a DelayTracker (config tracking.delay) the gate delay is the
 * tracker's: each lit frame's tags are reported to it after timing, and the
 * next frame is timed with the delay it moved to.
 */
import { allocTimingOutput, assignSlots, type TimingOutput } from '../../pipeline/timing/assign-slots.ts';
import type { ChannelMap } from '../../pipeline/timing/channel-map.ts';
import type { DetectedFrame } from '../bench-port.ts';
import { CryptoWords } from './crypto-words.ts';
import type { DelayTracker } from '../delay-tracking.ts';

export interface FrameAssemblerOptions {
  slotsPerFrame: number;
  slotPeriodPs: number;
  gateDelayPs: number;
  gateWidthPs: number;
  channelMap: ChannelMap;
  minDetections: number;
  /**
   * Uniform uint32 words for double clicks (one per double click). Default: the CSPRNG
   * (CryptoWords). Tests only may pass a fixed or seeded source: the bits become raw key.
   */
  random?: () => number;
  /** Delay tracking: its gate delay replaces `gateDelayPs` from the first frame on. */
  delayTracker?: DelayTracker;
}

export interface AssemblerCounters {
  framesEmitted: number;
  framesSkipped: number;
  outsideGate: number;
  beforeFrame: number;
  doubleClicks: number;
}

export class TagFrameAssembler {
  private channels = new Uint8Array(1 << 16);
  private times = new Float64Array(1 << 16);
  private count = 0;
  private frame = -1;
  private timing: TimingOutput = allocTimingOutput(1 << 16);
  readonly counters: AssemblerCounters = { framesEmitted: 0, framesSkipped: 0, outsideGate: 0, beforeFrame: 0, doubleClicks: 0 };

  private readonly random: () => number;

  constructor(private readonly o: FrameAssemblerOptions) {
    this.random = o.random ?? new CryptoWords().next;
  }

  private get framePs(): number {
    return this.o.slotsPerFrame * this.o.slotPeriodPs;
  }

  /** Append a batch of tags (sorted, after every earlier tag); returns the frames it completed. */
  push(channels: Uint8Array, timestampsPs: Float64Array, count = channels.length): DetectedFrame[] {
    this.ensure(this.count + count);
    this.channels.set(channels.subarray(0, count), this.count);
    this.times.set(timestampsPs.subarray(0, count), this.count);
    this.count += count;
    return this.drain();
  }

  private drain(): DetectedFrame[] {
    const out: DetectedFrame[] = [];
    const o = this.o;
    const tracker = o.delayTracker;
    while (this.count > 0) {
      const gateDelayPs = tracker ? tracker.gateDelayPs : o.gateDelayPs;
      if (this.frame < 0) this.frame = Math.max(0, Math.floor((this.times[0] - gateDelayPs) / this.framePs));
      const frameStartPs = this.frame * this.framePs;
      const lastGateEnd = frameStartPs + gateDelayPs + (o.slotsPerFrame - 1) * o.slotPeriodPs + o.gateWidthPs;
      if (this.times[this.count - 1] < lastGateEnd) break; // the frame may still receive tags
      this.ensureTiming(this.count);
      const t = assignSlots(
        this.channels,
        this.times,
        0,
        this.count,
        {
          slotPeriodPs: o.slotPeriodPs,
          slotsPerFrame: o.slotsPerFrame,
          frameStartPs,
          gateDelayPs,
          gateWidthPs: o.gateWidthPs,
        },
        o.channelMap,
        this.random,
        this.timing,
      );
      this.counters.outsideGate += t.outsideGate;
      this.counters.beforeFrame += t.beforeFrame;
      this.counters.doubleClicks += t.doubleClicksSameBasis + t.doubleClicksCrossBasis;
      if (t.detections >= o.minDetections) {
        if (tracker) {
          tracker.observe(this.channels, this.times, 0, t.nextTagIndex, frameStartPs);
          tracker.endFrame();
        }
        out.push({
          frameId: this.frame,
          detections: {
            count: t.detections,
            slots: t.slots.slice(0, t.detections),
            bases: t.bases.slice(0, t.detections),
            bits: t.bits.slice(0, t.detections),
          },
        });
        this.counters.framesEmitted++;
      } else this.counters.framesSkipped++;
      this.discard(t.nextTagIndex);
      // Jump to the frame of the next tag (frames with no tags at all are skipped outright).
      this.frame = this.count > 0 ? Math.max(this.frame + 1, Math.floor((this.times[0] - gateDelayPs) / this.framePs)) : this.frame + 1;
    }
    return out;
  }

  private discard(n: number): void {
    this.channels.copyWithin(0, n, this.count);
    this.times.copyWithin(0, n, this.count);
    this.count -= n;
  }

  private ensure(n: number): void {
    if (n <= this.channels.length) return;
    let cap = this.channels.length;
    while (cap < n) cap *= 2;
    const c = new Uint8Array(cap);
    c.set(this.channels.subarray(0, this.count));
    const t = new Float64Array(cap);
    t.set(this.times.subarray(0, this.count));
    this.channels = c;
    this.times = t;
  }

  private ensureTiming(n: number): void {
    if (this.timing.slots.length < n) this.timing = allocTimingOutput(Math.max(n, this.timing.slots.length * 2));
  }
}
