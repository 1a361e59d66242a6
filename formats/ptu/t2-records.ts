/**
 * T2 records (layout.ts) to and from typed arrays: the encoder turns tags
 * (channel, absolute timestamp in ps) into 32-bit HydraHarp V2 T2 records
 * with overflow records wherever the 25-bit time tag wraps; the decoder turns
 * records of any T2 kind we read back into tags. Both keep their state across
 * calls (streaming) and allocate nothing per tag.
 */
import {
  MAX_OVERFLOWS_PER_RECORD,
  MAX_T2_CHANNEL,
  OVERFLOW_CHANNEL,
  RECORD_TYPE,
  SYNC_CHANNEL,
  T2_WRAP,
  T2_WRAP_HYDRAHARP_V1,
  T2_WRAP_PICOHARP,
} from './layout.ts';

const SPECIAL = 0x80000000;

export class T2RecordEncoder {
  /** Wraps of the time tag that records emitted so far account for. */
  private wraps = 0;
  private out: Uint32Array = new Uint32Array(4096);
  /** Records written so far, overflow records included. */
  records = 0;
  /** Tags (photon records) written so far. */
  tags = 0;
  /** Timestamp of the last tag (ps), −1 before the first. */
  lastTimestampPs = -1;

  /**
   * Encode tags [0, count): integer ps, non-decreasing across calls, channels
   * 0..63. Returns the records as a view valid until the next call.
   */
  encode(channels: Uint8Array, timestampsPs: Float64Array, count = channels.length): Uint32Array {
    if (this.out.length < count * 2 + 2) this.out = new Uint32Array(count * 2 + 2);
    let out = this.out;
    let n = 0;
    let wraps = this.wraps;
    let last = this.lastTimestampPs;
    for (let i = 0; i < count; i++) {
      const t = timestampsPs[i];
      const ch = channels[i];
      if (!(t >= last) || !Number.isSafeInteger(t)) {
        throw new RangeError(`tag ${this.tags + i}: timestamp ${t} ps is not an integer at or after the previous tag (${last} ps)`);
      }
      if (ch > MAX_T2_CHANNEL) throw new RangeError(`tag ${this.tags + i}: channel ${ch} outside 0..${MAX_T2_CHANNEL}`);
      const w = Math.floor(t / T2_WRAP);
      while (w > wraps) {
        const k = Math.min(w - wraps, MAX_OVERFLOWS_PER_RECORD);
        if (n + 2 > out.length) out = this.grow(n);
        out[n++] = (SPECIAL | (OVERFLOW_CHANNEL << 25) | k) >>> 0;
        wraps += k;
      }
      if (n + 1 > out.length) out = this.grow(n);
      out[n++] = ((ch << 25) | (t - w * T2_WRAP)) >>> 0;
      last = t;
    }
    this.wraps = wraps;
    this.lastTimestampPs = last;
    this.records += n;
    this.tags += count;
    return out.subarray(0, n);
  }

  private grow(used: number): Uint32Array {
    const next = new Uint32Array(this.out.length * 2);
    next.set(this.out.subarray(0, used));
    this.out = next;
    return next;
  }
}

/** What the decoder skipped or could not take. */
export interface T2DecodeStats {
  overflows: number;
  markers: number;
  syncs: number;
}

/** A record the decoder cannot take: its index in the call's input and why. */
export interface T2DecodeProblem {
  readonly recordIndex: number;
  readonly message: string;
}

export type T2Kind = 'hydraharp-v2' | 'hydraharp-v1' | 'picoharp';

/** The T2 layout a record type uses, or null when it is not one we read. */
export function t2KindOf(recordType: number): T2Kind | null {
  switch (recordType) {
    case RECORD_TYPE.HydraHarp2T2:
    case RECORD_TYPE.TimeHarp260NT2:
    case RECORD_TYPE.TimeHarp260PT2:
    case RECORD_TYPE.GenericT2:
      return 'hydraharp-v2';
    case RECORD_TYPE.HydraHarpT2:
      return 'hydraharp-v1';
    case RECORD_TYPE.PicoHarpT2:
      return 'picoharp';
    default:
      return null;
  }
}

export class T2RecordDecoder {
  /** Time-tag units accumulated by overflow records. */
  private base = 0;
  readonly stats: T2DecodeStats = { overflows: 0, markers: 0, syncs: 0 };
  private readonly unitPs: number;

  /** `globalResolutionS`: MeasDesc_GlobalResolution, seconds per time-tag unit. */
  constructor(
    private readonly kind: T2Kind,
    globalResolutionS: number,
    /** Keep sync-input events (channel SYNC_CHANNEL) rather than skipping them. */
    private readonly keepSync = true,
  ) {
    // 1e-12 s is 1 ps exactly; round away the float noise of other resolutions (e.g. 4 ps).
    this.unitPs = Math.round(globalResolutionS * 1e15) / 1e3;
  }

  /**
   * Decode `count` records into tags; returns the number of tags written to
   * the outputs (at most `count`), or a problem naming the bad record.
   */
  decode(records: Uint32Array, count: number, channels: Uint8Array, timestampsPs: Float64Array): number | T2DecodeProblem {
    const unit = this.unitPs;
    let base = this.base;
    let n = 0;
    const pico = this.kind === 'picoharp';
    const wrap = this.kind === 'hydraharp-v1' ? T2_WRAP_HYDRAHARP_V1 : T2_WRAP;
    for (let i = 0; i < count; i++) {
      const r = records[i];
      if (pico) {
        const ch = r >>> 28;
        const time = r & 0x0fffffff;
        if (ch === 0xf) {
          if ((time & 0xf) === 0) {
            base += T2_WRAP_PICOHARP;
            this.stats.overflows++;
          } else this.stats.markers++;
          continue;
        }
        channels[n] = ch;
        timestampsPs[n++] = (base + time) * unit;
        continue;
      }
      const ch = (r >>> 25) & 0x3f;
      const time = r & 0x1ffffff;
      if ((r & SPECIAL) === 0) {
        channels[n] = ch;
        timestampsPs[n++] = (base + time) * unit;
        continue;
      }
      if (ch === OVERFLOW_CHANNEL) {
        const k = this.kind === 'hydraharp-v1' || time === 0 ? 1 : time;
        base += wrap * k;
        this.stats.overflows += k;
      } else if (ch === 0) {
        this.stats.syncs++;
        if (this.keepSync) {
          channels[n] = SYNC_CHANNEL;
          timestampsPs[n++] = (base + time) * unit;
        }
      } else if (ch <= 15) {
        this.stats.markers++;
      } else {
        this.base = base;
        return {
          recordIndex: i,
          message: `record 0x${r.toString(16).padStart(8, '0')} is a special record of no known kind (channel ${ch}; expected an overflow (63), a marker (1..15) or sync (0))`,
        };
      }
    }
    this.base = base;
    return n;
  }
}
