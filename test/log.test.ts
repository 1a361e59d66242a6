import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.ts';

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
