/**
 * The node's safety and health monitor: watches what the bench's boards
 * report (the source's interlock events at once, status and telemetry on a
 * poll) and, while a condition holds, keeps key generation paused through
 * the generation gate (`safety:<condition>`), with one alarm per trip:
 *
 *   interlock                interlock-open           the laser safety loop is open
 *   laser-off                laser-off                the source runs but its laser carries no current
 *   over-temperature         over-temperature         a board's PCB, the laser diode or a detector is too warm
 *   detector-saturated       detector-saturated       a detector is dead most of the time (blinding, stray light)
 *   count-rate-out-of-range  count-rate-out-of-range  a detector counts outside its configured range
 *
 * Each reading (a board's temperature, one detector's rate, …) trips past its
 * limit and clears only once it is back inside the limit less its hysteresis,
 * so a value flapping at the threshold neither floods the alarms nor toggles
 * generation. A condition is tripped while any of its readings is; it is
 * released (and logged) when the last one clears. A board that is away keeps
 * its readings' state (its loss is the board-lost alarm).
 *
 * Why its own module: the benches only report (bench-port.ts ReportsBenchHealth);
 * the policy — limits, hysteresis, which gate reason — lives here, testable
 * with a scripted bench and no boards.
 */
import type { SafetyLimits } from '../../config/board-settings.ts';
import type { Logger } from '../../log.ts';
import type { AlarmBoard, AlarmCode, AlarmSeverity } from '../alarms.ts';
import type { BenchHealth, ReportsBenchHealth } from '../bench-port.ts';
import type { GenerationGate } from '../generation-gate.ts';

export type SafetyCondition = 'interlock' | 'laser-off' | 'over-temperature' | 'detector-saturated' | 'count-rate-out-of-range';

export const SAFETY_CONDITIONS: readonly SafetyCondition[] = [
  'interlock',
  'laser-off',
  'over-temperature',
  'detector-saturated',
  'count-rate-out-of-range',
];

const ALARMS: Record<SafetyCondition, { code: AlarmCode; severity: AlarmSeverity }> = {
  interlock: { code: 'interlock-open', severity: 'critical' },
  'laser-off': { code: 'laser-off', severity: 'warning' },
  'over-temperature': { code: 'over-temperature', severity: 'critical' },
  // A blinded detector is also what a detector-control attack looks like.
  'detector-saturated': { code: 'detector-saturated', severity: 'critical' },
  'count-rate-out-of-range': { code: 'count-rate-out-of-range', severity: 'warning' },
};

/** The generation-gate reason of a condition. */
export function safetyReason(condition: SafetyCondition): string {
  return `safety:${condition}`;
}

export interface SafetyMonitorOptions {
  readonly bench: ReportsBenchHealth;
  readonly gate: GenerationGate;
  readonly alarms: AlarmBoard;
  readonly log: Logger;
  readonly limits: SafetyLimits;
}

export interface ActiveSafetyCondition {
  readonly condition: SafetyCondition;
  /** What tripped it, one entry per reading out of its limit. */
  readonly detail: string;
}

/** One reading's trip state: key → what a person reads about it. */
type Readings = Map<string, string>;

/** The bench's last health reading and when it was taken (for /metrics and the dashboard: read, never polled again). */
export interface HealthReading {
  readonly health: BenchHealth;
  /** Milliseconds since the epoch. */
  readonly atMs: number;
}

export class SafetyMonitor {
  private last: HealthReading | null = null;
  private readonly tripped = new Map<SafetyCondition, Readings>(SAFETY_CONDITIONS.map((c) => [c, new Map()]));
  private readonly holding = new Set<SafetyCondition>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private started = false;
  private stopped = false;

  constructor(private readonly o: SafetyMonitorOptions) {}

  /** Listens to interlock events and polls the bench every `limits.pollIntervalMs` (first poll at once). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.o.bench.onInterlock((open) => {
      if (this.stopped) return;
      this.setReading('interlock', 'interlock', open ? 'interlock open: the laser safety loop is broken' : null);
      this.settle();
    });
    this.schedule(0);
  }

  /** Stops polling; holds stay as they are (the node is going down). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.polling;
  }

  /** Reads the bench once and applies the limits. */
  async pollOnce(): Promise<void> {
    let health: BenchHealth;
    try {
      health = await this.o.bench.readHealth();
    } catch (err) {
      this.o.log.debug({ err }, 'safety: reading the bench failed');
      return;
    }
    if (!this.stopped) this.evaluate(health);
  }

  /** Applies the limits to one reading of the bench (pollOnce does this; tests call it directly). */
  evaluate(h: BenchHealth): void {
    this.last = { health: h, atMs: Date.now() };
    const l = this.o.limits;
    const hyst = l.temperatureHysteresisDegc;
    const temperature = (key: string, what: string, degc: number, max: number): void => {
      this.band('over-temperature', key, degc > max, degc <= max - hyst, `${what} at ${degc.toFixed(1)} °C (max ${max} °C)`);
    };
    for (const b of h.boardTemperatures) temperature(`board:${b.board}`, `board ${b.board}`, b.degc, l.maxBoardTemperatureDegc);
    if (h.source) {
      const s = h.source;
      this.setReading('interlock', 'interlock', s.interlockOpen ? 'interlock open: the laser safety loop is broken' : null);
      temperature('laser', 'laser diode', s.laserTemperatureDegc, l.maxLaserTemperatureDegc);
      const dark = s.emitting && s.laserCurrentMa < l.minLaserCurrentMa;
      this.setReading(
        'laser-off',
        'laser',
        dark ? `the source emits but its laser current is ${s.laserCurrentMa.toFixed(1)} mA (min ${l.minLaserCurrentMa} mA)` : null,
      );
    }
    for (const d of h.detectors ?? []) {
      const range = l.countRates.find((r) => r.channel === d.channel);
      const name = range ? `detector ${range.label.toUpperCase()} (channel ${d.channel})` : `channel ${d.channel}`;
      if (d.temperatureDegc !== undefined) temperature(`detector:${d.channel}`, name, d.temperatureDegc, l.maxDetectorTemperatureDegc);
      let saturated = false;
      if (d.deadTimeNs !== undefined && d.deadTimeNs > 0) {
        const deadFraction = d.countsPerSecond * d.deadTimeNs * 1e-9;
        const f = l.saturationDeadFraction;
        saturated = this.band(
          'detector-saturated',
          `channel:${d.channel}`,
          deadFraction >= f,
          deadFraction < f * (1 - l.rateHysteresis),
          `${name} saturated: ${d.countsPerSecond} counts/s with ${d.deadTimeNs} ns dead time (dead ${(100 * deadFraction).toFixed(0)} % of the time)`,
        );
      }
      if (!range) continue;
      // A saturated detector is out of any range: one alarm (the more specific) is enough.
      const { minCps, maxCps } = range;
      const cps = d.countsPerSecond;
      this.band(
        'count-rate-out-of-range',
        `channel:${d.channel}`,
        !saturated && (cps > maxCps || cps < minCps),
        saturated || (cps <= maxCps * (1 - l.rateHysteresis) && cps >= minCps * (1 + l.rateHysteresis)),
        `${name} counts ${cps}/s, outside ${minCps}..${Number.isFinite(maxCps) ? maxCps : '∞'} counts/s`,
      );
    }
    this.settle();
  }

  /** The last reading the monitor applied its limits to (null before the first poll answered). */
  lastHealth(): HealthReading | null {
    return this.last;
  }

  /** The conditions holding generation now, with what tripped them. */
  active(): ActiveSafetyCondition[] {
    return SAFETY_CONDITIONS.filter((c) => this.holding.has(c)).map((condition) => ({ condition, detail: this.detail(condition) }));
  }

  // ---- internals --------------------------------------------------------------

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.polling = this.pollOnce().finally(() => {
        this.polling = null;
        this.schedule(this.o.limits.pollIntervalMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  /**
   * A reading with hysteresis: trips when `over`, clears when `back`, else
   * keeps its state (updating the text while tripped). Returns whether it is tripped.
   */
  private band(condition: SafetyCondition, key: string, over: boolean, back: boolean, text: string): boolean {
    const readings = this.tripped.get(condition)!;
    if (readings.has(key)) {
      if (back) readings.delete(key);
      else readings.set(key, text);
    } else if (over) {
      readings.set(key, text);
    }
    return readings.has(key);
  }

  /** A reading without hysteresis: tripped with `text`, or cleared with null. */
  private setReading(condition: SafetyCondition, key: string, text: string | null): void {
    const readings = this.tripped.get(condition)!;
    if (text === null) readings.delete(key);
    else readings.set(key, text);
  }

  private detail(condition: SafetyCondition): string {
    return [...this.tripped.get(condition)!.values()].join('; ');
  }

  /** Holds and releases the gate to match the readings; one alarm per trip. */
  private settle(): void {
    for (const condition of SAFETY_CONDITIONS) {
      const on = this.tripped.get(condition)!.size > 0;
      if (on === this.holding.has(condition)) continue;
      const reason = safetyReason(condition);
      if (on) {
        const detail = this.detail(condition);
        this.holding.add(condition);
        this.o.gate.hold(reason, detail);
        const { code, severity } = ALARMS[condition];
        this.o.alarms.raise(code, severity, `${detail}; key generation paused until it clears`, { condition });
      } else {
        this.holding.delete(condition);
        this.o.gate.release(reason);
        this.o.log.info({ condition }, `safety: ${condition} cleared; key generation may resume`);
      }
    }
  }
}
