/**
 * `qkdd run --log-format json|pretty` on the command line: the choice is
 * checked like every option (one line, QKD-503 Usage, exit 2) and the help
 * tells what the default is and that SIGHUP reopens a --log file. The
 * formats and the reopen themselves are tested on the logger in
 * test/log.test.ts (a real `qkdd run` needs boards).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

const TIMEOUT_MS = 120_000;

describe('qkdd run --log-format', () => {
  it(
    'refuses an unknown format in one line with exit 2, and --help documents both formats and SIGHUP',
    async () => {
      const bad = await runCli('qkdd', ['run', '--config', '/nonexistent/qkdd.yaml', '--log-format', 'xml'], { timeoutMs: TIMEOUT_MS });
      expect(bad.code).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toBe("qkdd: --log-format must be one of json, pretty, got 'xml' [QKD-503 Usage]\n");
      const help = await runCli('qkdd', ['run', '--help'], { timeoutMs: TIMEOUT_MS });
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('--log-format json|pretty');
      expect(help.stdout).toMatch(/pretty on a terminal, else json/);
      expect(help.stdout).toMatch(/SIGHUP reopens it/);
    },
    TIMEOUT_MS,
  );
});
