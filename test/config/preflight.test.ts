/** Preflight of the files a bench config names: each problem names the field, its line and the path. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import { findFileProblems, preflightBenchConfig, readBenchConfig } from '../../src/config/index.ts';

const example = readFileSync(new URL('../../examples/sim-alice.yaml', import.meta.url), 'utf8');

describe('preflightBenchConfig', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    // The example names .qkdd-sim/alice/{psk.bin,keys.sqlite} and .qkdd-sim/pki/*.pem, relative to the config.
    dir = mkdtempSync(join(tmpdir(), 'qkdd-preflight-'));
    file = join(dir, 'alice.yaml');
    writeFileSync(file, example);
    mkdirSync(join(dir, '.qkdd-sim', 'alice'), { recursive: true });
    mkdirSync(join(dir, '.qkdd-sim', 'pki'), { recursive: true });
    writeFileSync(join(dir, '.qkdd-sim', 'alice', 'psk.bin'), Buffer.alloc(64));
    for (const f of ['ca.pem', 'kme-a.pem', 'kme-a-key.pem']) writeFileSync(join(dir, '.qkdd-sim', 'pki', f), 'pem');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lineOf = (text: string): number => example.split('\n').findIndex((l) => l.includes(text)) + 1;

  it('passes when every file and folder is there', () => {
    expect(findFileProblems(readBenchConfig(file))).toEqual([]);
    expect(() => preflightBenchConfig(readBenchConfig(file))).not.toThrow();
  });

  it('one missing file: FileMissing naming the field, its line and the absolute path', () => {
    rmSync(join(dir, '.qkdd-sim', 'pki', 'kme-a-key.pem'));
    let caught: unknown;
    try {
      preflightBenchConfig(readBenchConfig(file));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(QkdError);
    const path = join(dir, '.qkdd-sim', 'pki', 'kme-a-key.pem');
    expect(caught).toMatchObject({
      code: QkdErrorCode.FileMissing,
      message: `${file}:${lineOf('kme-a-key.pem')}:10 etsi.tls.key: TLS private key ${path} does not exist`,
      details: { field: 'etsi.tls.key', path },
    });
  });

  it('several problems: one error, one line per field; a file where a folder belongs is FileUnusable', () => {
    rmSync(join(dir, '.qkdd-sim', 'alice', 'psk.bin'));
    rmSync(join(dir, '.qkdd-sim', 'alice'), { recursive: true });
    writeFileSync(join(dir, '.qkdd-sim', 'alice'), 'not a folder');
    const problems = findFileProblems(readBenchConfig(file));
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['keystore.path', QkdErrorCode.FileUnusable],
      ['peer.preSharedKeyFile', QkdErrorCode.FileMissing],
    ]);
    let caught: unknown;
    try {
      preflightBenchConfig(readBenchConfig(file));
    } catch (err) {
      caught = err;
    }
    expect((caught as QkdError).code).toBe(QkdErrorCode.FileMissing);
    expect((caught as QkdError).message.split('\n')).toEqual(problems.map((p) => p.message));
    expect((caught as QkdError).message).toContain(`keystore.path: key store folder ${join(dir, '.qkdd-sim', 'alice')} is not a folder`);
  });

  it('a missing config file is FileMissing naming --config', () => {
    expect(() => readBenchConfig(join(dir, 'nope.yaml'))).toThrow(
      expect.objectContaining({ code: QkdErrorCode.FileMissing, details: { field: '--config', path: join(dir, 'nope.yaml') } }),
    );
  });
});
