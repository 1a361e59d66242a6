import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseBenchConfig } from '../../src/node/load-bench-config.ts';

const example = readFileSync(new URL('../../examples/real-bench-alice.yaml', import.meta.url), 'utf8');

function problemsOf(text: string): ConfigError['problems'] {
  try {
    parseBenchConfig(text, 'bench.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
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
