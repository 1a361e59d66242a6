/** `qkd-sim` option parsing: defaults, every option, and an exact message for each bad input. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DISTANCE_KM, DEFAULT_SEED, DETECTOR_PRESETS, parseCli } from '../../../sim/cli/options.ts';

describe('parseCli', () => {
  it('fills the defaults', () => {
    expect(parseCli(['--serial'])).toEqual({
      kind: 'run',
      options: { mode: { kind: 'serial' }, seed: DEFAULT_SEED, distanceKm: DEFAULT_DISTANCE_KM, attack: null },
    });
  });

  it('reads every option', () => {
    expect(
      parseCli([
        '--tcp',
        '4100',
        '--seed',
        '4294967295',
        '--distance-km',
        '42.5',
        '--attack',
        'intercept-resend',
        '--attack-fraction',
        '0.25',
      ]),
    ).toEqual({
      kind: 'run',
      options: {
        mode: { kind: 'tcp', firstPort: 4100 },
        seed: 4294967295,
        distanceKm: 42.5,
        attack: { kind: 'intercept-resend', fraction: 0.25 },
      },
    });
    expect(parseCli(['--serial', '--attack', 'intercept-resend'])).toMatchObject({ options: { attack: { fraction: 1 } } });
    expect(parseCli(['-h'])).toEqual({ kind: 'help' });
    expect(parseCli(['--version'])).toEqual({ kind: 'version' });
    expect(parseCli(['--serial', '--debug'])).toMatchObject({ kind: 'run' });
  });

  it.each([
    [['--serial', '--tcp', '4000'], 'choose one of --serial and --tcp PORT, not both'],
    [[], 'choose how to serve the boards: --serial or --tcp PORT (see --help)'],
    [['--tcp', 'http'], '--tcp: port must be an integer 1..65533 (three consecutive ports) or 0 (free ports), got "http"'],
    [['--tcp', '65534'], '--tcp: port must be an integer 1..65533 (three consecutive ports) or 0 (free ports), got "65534"'],
    [['--serial', '--seed', '1.5'], '--seed: an integer 0..4294967295, got "1.5"'],
    [['--serial', '--seed', '0x10'], '--seed: an integer 0..4294967295, got "0x10"'],
    [['--serial', '--distance-km', 'far'], '--distance-km: a number of km in 0..500, got "far"'],
    [['--serial', '--distance-km', ''], '--distance-km: a number of km in 0..500, got ""'],
    [['--serial', '--attack', 'beam-splitting'], '--attack: the only attack is "intercept-resend", got "beam-splitting"'],
    [['--serial', '--attack-fraction', '0.2'], '--attack-fraction needs --attack intercept-resend'],
    [['--serial', '--attack', 'intercept-resend', '--attack-fraction', '2'], '--attack-fraction: a number in 0..1, got "2"'],
  ])('rejects %j', (args, message) => {
    expect(parseCli(args)).toEqual({ kind: 'error', message });
  });

  it('passes on parseArgs errors for unknown options and positionals', () => {
    expect(parseCli(['--serial', 'extra'])).toMatchObject({ kind: 'error' });
    expect(parseCli(['--frobnicate'])).toMatchObject({ kind: 'error', message: expect.stringContaining('--frobnicate') });
  });

  it('--tcp 0 asks for free ports; physics options for a working link', () => {
    expect(parseCli(['--tcp', '0'])).toMatchObject({ kind: 'run', options: { mode: { kind: 'tcp', firstPort: 0 } } });
    expect(
      parseCli([
        '--serial',
        '--detectors',
        'snspd',
        '--pulse-rate-hz',
        '1e8',
        '--frame-slots',
        '4194304',
        '--basis-split-z',
        '0.7',
        '--no-drift',
        '--json',
      ]),
    ).toEqual({
      kind: 'run',
      options: {
        mode: { kind: 'serial' },
        seed: DEFAULT_SEED,
        distanceKm: DEFAULT_DISTANCE_KM,
        attack: null,
        json: true,
        physics: {
          detectors: { ...DETECTOR_PRESETS.snspd, basisSplitRatioZ: 0.7 },
          source: { pulseRateHz: 1e8 },
          frameSlotCount: 4194304,
          drift: false,
        },
      },
    });
    expect(parseCli(['--serial', '--detectors', 'ingaas'])).toEqual(parseCli(['--serial']));
    // Boards without an on-board random source (protocol 1.0 firmware): the host uploads every pattern.
    expect(parseCli(['--serial', '--no-onboard-choices'])).toMatchObject({ kind: 'run', options: { noOnboardChoices: true } });
    expect(parseCli(['--serial'])).not.toMatchObject({ options: { noOnboardChoices: true } });
  });

  it.each([
    [['--serial', '--detectors', 'pmt'], '--detectors: ingaas or snspd, got "pmt"'],
    [['--serial', '--pulse-rate-hz', '5'], '--pulse-rate-hz: a rate in Hz in 1e3..1e11, got "5"'],
    [['--serial', '--frame-slots', '1000'], '--frame-slots: an integer 1024..67108864, got "1000"'],
    [['--serial', '--basis-split-z', '1.5'], '--basis-split-z: a probability in 0..1, got "1.5"'],
  ])('rejects physics option %j', (args, message) => {
    expect(parseCli(args)).toEqual({ kind: 'error', message });
  });
});
