/**
 * The bench config's control section: a non-loopback `control.http` is
 * refused at load with one line naming the field (the control API is never
 * served on another interface without mutual TLS, which is not built yet);
 * the socket defaults to control.sock beside the key store, and a relative
 * socket path is resolved against the config's folder.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { isConfigError, QkdErrorCode } from '../../../errors/index.ts';
import { controlSettingsFromConfig } from '../../../src/api/control/index.ts';
import { parseBenchConfig, readBenchConfig } from '../../../src/config/index.ts';
import { tempDirsPerTest } from '../../support/temp-dir.ts';

const newDir = tempDirsPerTest('qkdd-control-config-');
const EXAMPLE = parse(readFileSync(new URL('../../../examples/sim-alice.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;

function withControl(control: unknown): string {
  return stringify({ ...EXAMPLE, control });
}

describe('bench config: control section', () => {
  it.each(['0.0.0.0:9100', '192.168.1.20:9100', 'lab-pc:9100', '[::]:9100'])(
    'refuses control.http %s at load, naming the field and why',
    (http) => {
      const err = (() => {
        try {
          parseBenchConfig(withControl({ http }), 'alice.yaml');
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(isConfigError(err, QkdErrorCode.ConfigInvalid)).toBe(true);
      const message = (err as Error).message;
      expect(message.split('\n')).toHaveLength(1);
      expect(message).toMatch(/^alice\.yaml:\d+:\d+ control\.http: /);
      expect(message).toContain('is not a loopback address');
      expect(message).toContain('mutual TLS');
      expect(message).toContain('not built yet');
    },
  );

  it.each(['127.0.0.1:9100', 'localhost:9100', '[::1]:9100', '127.0.0.1:0'])('accepts control.http %s', (http) => {
    const cfg = parseBenchConfig(withControl({ http }), 'alice.yaml');
    const settings = controlSettingsFromConfig(cfg);
    expect(settings.http?.port).toBe(Number(http.split(':').at(-1)));
    expect(['127.0.0.1', 'localhost', '::1']).toContain(settings.http?.host);
  });

  it('refuses a malformed control.http and an unknown control field', () => {
    expect(() => parseBenchConfig(withControl({ http: '9100' }), 'a.yaml')).toThrow(/control\.http: expected 127\.0\.0\.1:PORT/);
    expect(() => parseBenchConfig(withControl({ port: 9100 }), 'a.yaml')).toThrow(/control/);
  });

  it('defaults the socket to control.sock beside the key store, resolves a relative one against the config folder, and serves no HTTP unless asked', () => {
    const dir = newDir();
    const file = join(dir, 'alice.yaml');
    writeFileSync(file, stringify(EXAMPLE));
    const byDefault = controlSettingsFromConfig(readBenchConfig(file).config);
    expect(byDefault).toEqual({ socketPath: join(dir, '.qkdd-sim/alice/control.sock'), http: null });
    writeFileSync(file, withControl({ socket: 'run/alice.sock', http: '127.0.0.1:9100' }));
    expect(controlSettingsFromConfig(readBenchConfig(file).config)).toEqual({
      socketPath: join(dir, 'run/alice.sock'),
      http: { host: '127.0.0.1', port: 9100 },
    });
  });
});
