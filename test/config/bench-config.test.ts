/** Bench config schema and loader: defaults, and each bad field named with its path and line. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import { parseBenchConfig, type ConfigProblem } from '../../src/config/load-bench-config.ts';

const example = readFileSync(new URL('../../examples/real-bench-alice.yaml', import.meta.url), 'utf8');

function problemsOf(text: string): readonly ConfigProblem[] {
  try {
    parseBenchConfig(text, 'bench.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(QkdError);
    expect((err as QkdError).code).toBe(QkdErrorCode.ConfigInvalid);
    return (err as QkdError).details.problems as ConfigProblem[];
  }
  throw new Error('expected the config to be rejected');
}

describe('bench config', () => {
  it('accepts the real-bench example and fills defaults', () => {
    const cfg = parseBenchConfig(example, 'real-bench-alice.yaml');
    expect(cfg.node.role).toBe('transmitter');
    expect(cfg.frame.slots).toBe(16777216);
    expect(cfg.security.epsCor).toBe(1e-15);
    expect(cfg.etsi?.localSaeIds).toEqual(['encryptor-lab1-a']);
  });

  it('names the bad field and its line', () => {
    const bad = example.replace('rateHz: 1.0e9', 'rateHz: -5');
    const problems = problemsOf(bad);
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('source.rateHz');
    const expectedLine = bad.split('\n').findIndex((l) => l.includes('rateHz: -5')) + 1;
    expect(problems[0].line).toBe(expectedLine);
  });

  it('one message line per bad field, each with file:line:column and the field', () => {
    const bad = example.replace('rateHz: 1.0e9', 'rateHz: -5').replace('qberMax: 0.11', 'qberMax: 0.9');
    let caught: unknown;
    try {
      parseBenchConfig(bad, 'bench.yaml');
    } catch (err) {
      caught = err;
    }
    const lines = (caught as QkdError).message.split('\n');
    const lineOf = (text: string): number => bad.split('\n').findIndex((l) => l.includes(text)) + 1;
    expect(lines).toHaveLength(2);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^bench\\.yaml:${lineOf('rateHz: -5')}:\\d+ source\\.rateHz: `)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^bench\\.yaml:${lineOf('qberMax: 0.9')}:\\d+ thresholds\\.qberMax: `)));
    expect((caught as QkdError).details).toMatchObject({ file: 'bench.yaml' });
  });

  it('rejects a transmitter without its boards, with the missing path', () => {
    const bad = example.replace(/^ {2}photonSource:.*\n/m, '');
    const problems = problemsOf(bad);
    expect(problems.map((p) => p.path)).toEqual(['boards.photonSource']);
  });

  it('rejects unknown fields (typos) and bad board URLs', () => {
    const typo = example.replace('qberMax: 0.11', 'qberMx: 0.11');
    expect(problemsOf(typo)[0].path).toBe('thresholds');
    const url = example.replace('usb://1209:C0DE?serial=PM0017', '/dev/ttyUSB1');
    expect(problemsOf(url)[0].path).toBe('boards.polarizationModulator');
  });

  it("checks board addresses with the drivers' parser: unknown options and sim: URLs are config errors with their line", () => {
    const option = example.replace('usb://1209:C0DE?serial=PM0017', 'usb://1209:C0DE?serial=PM0017&baudrat=9600');
    const [p] = problemsOf(option);
    expect(p).toMatchObject({
      path: 'boards.polarizationModulator',
      line: option.split('\n').findIndex((l) => l.includes('baudrat=')) + 1,
    });
    expect(p!.message).toContain('unknown option "baudrat"');
    const sim = example.replace('usb://1209:C0DE?serial=PM0017', 'sim://polarization-modulator');
    expect(problemsOf(sim)[0]).toMatchObject({
      path: 'boards.polarizationModulator',
      message: expect.stringContaining('unknown scheme "sim:"'),
    });
  });

  it('rejects intensity probabilities that do not sum to 1 and YAML syntax errors with a line', () => {
    expect(problemsOf(example.replace('vacuum: 0.05', 'vacuum: 0.5'))[0].path).toBe('source.intensityProbabilities');
    const syntax = problemsOf('node: [unclosed\n');
    expect(syntax[0].line).not.toBeNull();
  });
});

describe('example configs', () => {
  it('the simulator examples validate, as transmitter and receiver', () => {
    for (const [file, role] of [
      ['sim-alice.yaml', 'transmitter'],
      ['sim-bob.yaml', 'receiver'],
    ] as const) {
      const text = readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8');
      expect(parseBenchConfig(text, file).node.role).toBe(role);
    }
  });
});
