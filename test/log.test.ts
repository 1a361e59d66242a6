/**
 * The logger (src/log.ts): redaction of key material, the JSON and pretty
 * formats (both redacted), and reopening the log file on SIGHUP.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, defaultLogFormat, openLogOutput, prettyLogLine, reopenLogOnSighup } from '../src/log.ts';
import { REPO_ROOT } from './support/run-cli.ts';
import { tempDirsPerTest } from './support/temp-dir.ts';

const newDir = tempDirsPerTest('qkdd-log-');

function capture(): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean) };
}

describe('createLogger', () => {
  it('censors secret field names and never prints binary payloads', async () => {
    const { stream, lines } = capture();
    const log = createLogger({ name: 't', destination: stream });
    const secretHex = 'deadbeefcafebabe0123456789abcdef';
    const keyBytes = Buffer.from(secretHex, 'hex');
    log.info({ key: secretHex, keys: [{ key_ID: 'abc', key: 'c2VjcmV0' }], blockId: 'b1' }, 'delivered');
    log.info({ material: keyBytes, nested: { deeper: new Uint32Array([0x12345678, 0x9abcdef0]) } }, 'binary');
    await new Promise((r) => setImmediate(r));
    const out = lines();
    expect(out).toHaveLength(2);
    const text = out.join('\n');
    expect(text).not.toContain(secretHex);
    expect(text).not.toContain('c2VjcmV0');
    expect(text).not.toContain('305419896'); // 0x12345678 as a decimal array element
    expect(text).toContain('[redacted]');
    expect(text).toContain('[binary 16 bytes]');
    expect(text).toContain('[binary 8 bytes]');
    // Non-secret fields still come through.
    expect(JSON.parse(out[0]).blockId).toBe('b1');
    expect(JSON.parse(out[0]).keys[0].key_ID).toBe('abc');
  });
});

describe('log formats', () => {
  it('pretty renders a record as human text, after the same redaction as JSON', async () => {
    const { stream, lines } = capture();
    const log = createLogger({ name: 'node-a', destination: stream });
    const secretHex = 'deadbeefcafebabe0123456789abcdef';
    log.info({ key: secretHex, material: Buffer.from(secretHex, 'hex'), blockId: 'b1', bits: 4096 }, 'block stored');
    await new Promise((r) => setImmediate(r));
    const json = lines()[0];
    expect(JSON.parse(json)).toMatchObject({ msg: 'block stored', blockId: 'b1', key: '[redacted]' });
    const pretty = prettyLogLine(false)(json);
    const [first, ...rest] = pretty.trimEnd().split('\n');
    expect(first).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [+-]\d{4}\] INFO \(node-a\): block stored$/);
    expect(first).not.toMatch(/[{}]/);
    expect(() => JSON.parse(first)).toThrow();
    expect(rest).toEqual(['    key: "[redacted]"', '    material: "[binary 16 bytes]"', '    blockId: "b1"', '    bits: 4096']);
    expect(pretty).not.toContain(secretHex);
    expect(pretty).not.toContain('\u001b['); // no colours unless asked
  });

  it('defaults: pretty on a terminal, JSON when stderr is not one, JSON in a file', () => {
    expect(defaultLogFormat(undefined, true)).toBe('pretty');
    expect(defaultLogFormat(undefined, false)).toBe('json');
    expect(defaultLogFormat('/var/log/qkdd.log', true)).toBe('json');
    expect(openLogOutput({ stderrIsTty: true }).format).toBe('pretty');
    expect(openLogOutput({ stderrIsTty: false }).format).toBe('json');
  });

  it('a log file gets JSON lines that parse, or pretty lines when asked, both redacted', async () => {
    const dir = newDir();
    for (const format of ['json', 'pretty'] as const) {
      const file = join(dir, `${format}.log`);
      const output = openLogOutput({ file, format: format === 'json' ? undefined : 'pretty', stderrIsTty: true });
      expect(output.format).toBe(format);
      const log = createLogger({ name: 'node-b', destination: output.destination });
      log.info({ secret: 'hunter2hunter2', linkId: 'link-1' }, 'first');
      log.warn({ pad: [1, 2, 3] }, 'second');
      const text = await fileWith(file, 'second');
      expect(text).not.toContain('hunter2');
      const lines = text.trimEnd().split('\n');
      if (format === 'json') {
        expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['first', 'second']);
        expect(JSON.parse(lines[0]).secret).toBe('[redacted]');
      } else {
        expect(lines[0]).toMatch(/INFO \(node-b\): first$/);
        expect(lines).toContain('    secret: "[redacted]"');
        expect(text).not.toContain('\u001b['); // a file never gets colours
      }
    }
  });
});

describe('log file reopen (SIGHUP, logrotate)', () => {
  it('reopen() after the file was moved away sends later lines to a new file of the same name', async () => {
    const dir = newDir();
    const file = join(dir, 'qkdd.log');
    const output = openLogOutput({ file });
    const log = createLogger({ name: 'n', destination: output.destination });
    log.info('before rotation');
    await fileWith(file, 'before rotation');
    renameSync(file, `${file}.1`);
    log.info('still the old file');
    output.reopen();
    log.info('after rotation');
    const fresh = await fileWith(file, 'after rotation');
    const rotated = readFileSync(`${file}.1`, 'utf8');
    expect(rotated).toContain('before rotation');
    expect(rotated).not.toContain('after rotation');
    expect(fresh).not.toContain('before rotation');
    // A line logged between the move and reopen lands in one of the two, never lost.
    expect(`${rotated}${readFileSync(file, 'utf8')}`).toContain('still the old file');
    output.flushSync();
  });

  it('reopenLogOnSighup registers a SIGHUP handler that reopens, and removes it again', async () => {
    const dir = newDir();
    const file = join(dir, 'qkdd.log');
    const output = openLogOutput({ file });
    const log = createLogger({ name: 'n', destination: output.destination });
    const before = process.listenerCount('SIGHUP');
    const stop = reopenLogOnSighup(output, log);
    try {
      expect(process.listenerCount('SIGHUP')).toBe(before + 1);
      log.info('line one');
      await fileWith(file, 'line one');
      renameSync(file, `${file}.1`);
      process.emit('SIGHUP', 'SIGHUP');
      const fresh = await fileWith(file, 'log file reopened (SIGHUP)');
      expect(fresh).not.toContain('line one');
    } finally {
      stop();
    }
    expect(process.listenerCount('SIGHUP')).toBe(before);
  });

  it('a process logging to a file survives a real SIGHUP and continues in the new file', async () => {
    const dir = newDir();
    const file = join(dir, 'qkdd.log');
    const script = [
      `import { createLogger, openLogOutput, reopenLogOnSighup } from ${JSON.stringify(join(REPO_ROOT, 'src/log.ts'))};`,
      `const output = openLogOutput({ file: ${JSON.stringify(file)} });`,
      `const log = createLogger({ name: 'child', destination: output.destination });`,
      'reopenLogOnSighup(output, log);',
      `log.info('child started');`,
      `setInterval(() => {}, 1000);`,
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('close', (code, signal) => resolve({ code, signal })),
    );
    try {
      await fileWith(file, 'child started', 60_000);
      renameSync(file, `${file}.1`);
      child.kill('SIGHUP');
      const fresh = await fileWith(file, 'log file reopened (SIGHUP)', 60_000);
      expect(JSON.parse(fresh.trimEnd().split('\n').at(-1) as string)).toMatchObject({ msg: 'log file reopened (SIGHUP)', file });
      expect(child.exitCode).toBeNull();
      expect(stderr).toBe('');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 90_000);
});

/** The file's text once it contains `needle` (polled: the log file is written asynchronously). */
async function fileWith(path: string, needle: string, timeoutMs = 20_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (text.includes(needle)) return text;
    if (Date.now() > until) throw new Error(`${path} never contained '${needle}'; it holds: ${text}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
