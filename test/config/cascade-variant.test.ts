/**
 * postprocessing.cascade.variant: the receiver's Cascade variant from the bench
 * config, mapped onto FrameParams over the node's default only when the
 * config names one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBenchConfig } from '../../src/config/load-bench-config.ts';
import { frameSettingsFromConfig } from '../../src/config/frame-settings-from-config.ts';
import { DEFAULT_FRAME_PARAMS, type FrameParams } from '../../src/node/frame/frame-params.ts';
import { QkdError } from '../../errors/index.ts';

const example = readFileSync(new URL('../../examples/sim-bob.yaml', import.meta.url), 'utf8');
const withoutSection = example.replace(/^postprocessing:\n(?: {2}.*\n)+/m, '');

function paramsOf(text: string): FrameParams {
  return { ...DEFAULT_FRAME_PARAMS, ...frameSettingsFromConfig(parseBenchConfig(text, 'bob.yaml')) };
}

describe('postprocessing.cascade.variant', () => {
  it('the node keeps its default when the config has no postprocessing section', () => {
    expect(withoutSection).not.toContain('postprocessing');
    expect(paramsOf(withoutSection).cascadeVariant).toBe(DEFAULT_FRAME_PARAMS.cascadeVariant);
    expect('cascadeVariant' in frameSettingsFromConfig(parseBenchConfig(withoutSection, 'bob.yaml'))).toBe(false);
  });

  it('the example names the variant and it reaches FrameParams', () => {
    expect(paramsOf(example).cascadeVariant).toBe('option8-bpi-scaled');
    expect(paramsOf(example.replace('variant: option8-bpi-scaled', 'variant: original')).cascadeVariant).toBe('original');
    expect(paramsOf(example.replace('variant: option8-bpi-scaled', 'variant: original-lockstep')).cascadeVariant).toBe('original-lockstep');
  });

  it('an unknown variant is a config error naming the field and its line', () => {
    const bad = example.replace('variant: option8-bpi-scaled', 'variant: option9');
    let caught: unknown;
    try {
      parseBenchConfig(bad, 'bob.yaml');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(QkdError);
    const line = bad.split('\n').findIndex((l) => l.includes('variant: option9')) + 1;
    expect((caught as QkdError).message).toMatch(new RegExp(`^bob\\.yaml:${line}:\\d+ postprocessing\\.cascade\\.variant: `));
  });
});
