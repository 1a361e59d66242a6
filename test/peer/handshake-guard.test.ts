/**
 * HandshakeGuard (src/peer/handshake-guard.ts): the allow-list (addresses,
 * CIDR ranges, IPv6, IPv4 clients of a dual-stack listener), the failure caps
 * per address and overall over a sliding window (fake clock), the exemption
 * of the last proved peer's address from the overall cap, and the cap on
 * handshakes in progress.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type QkdError, QkdErrorCode } from '../../errors/index.ts';
import { parseBenchConfig, type ConfigProblem } from '../../src/config/load-bench-config.ts';
import { allowEntryProblem, HandshakeGuard, normalizeAddress } from '../../src/peer/handshake-guard.ts';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('allow-list', () => {
  it('admits listed addresses and ranges only, IPv4-mapped IPv6 clients included', () => {
    const g = new HandshakeGuard({ allowFrom: ['192.0.2.20', '198.51.100.0/24', '2001:db8::/64'] });
    const admitted = (a: string) => {
      const r = g.admit(a);
      if (r.admitted) g.settle(a, true);
      return r.admitted;
    };
    expect(admitted('192.0.2.20')).toBe(true);
    expect(admitted('::ffff:192.0.2.20')).toBe(true);
    expect(admitted('198.51.100.77')).toBe(true);
    expect(admitted('2001:db8::1')).toBe(true);
    expect(admitted('192.0.2.21')).toBe(false);
    expect(admitted('127.0.0.1')).toBe(false);
    expect(admitted('2001:db9::1')).toBe(false);
    expect(admitted('not an address')).toBe(false);
    expect(g.counts.refused['not-allowed']).toBe(4);
  });

  it('names a malformed entry', () => {
    expect(allowEntryProblem('10.0.0.0/8')).toBeUndefined();
    expect(allowEntryProblem('::1')).toBeUndefined();
    expect(allowEntryProblem('10.0.0.0/33')).toMatch(/0\.\.32/);
    expect(allowEntryProblem('alice.lab')).toMatch(/IPv4 or IPv6/);
    expect(allowEntryProblem('10.0.0.1/8/2')).toMatch(/IPv4 or IPv6/);
    expect(() => new HandshakeGuard({ allowFrom: ['10.0.0.300'] })).toThrow(
      expect.objectContaining({ code: QkdErrorCode.PeerInvalidArgument, message: expect.stringContaining("'10.0.0.300'") }),
    );
    expect(normalizeAddress('::FFFF:10.1.2.3')).toBe('10.1.2.3');
  });
});

describe('failure caps', () => {
  it('refuses an address over its cap until its failures leave the window; other addresses still pass', () => {
    const c = clock();
    const g = new HandshakeGuard({ limits: { maxFailuresPerAddress: 3, maxFailures: 100, windowMs: 60_000 } }, c.now);
    for (let i = 0; i < 3; i++) {
      expect(g.admit('203.0.113.9')).toEqual({ admitted: true });
      g.settle('203.0.113.9', false);
      c.advance(1000);
    }
    expect(g.admit('203.0.113.9')).toEqual({ admitted: false, reason: 'address-over-cap' });
    expect(g.admit('203.0.113.10')).toEqual({ admitted: true });
    g.settle('203.0.113.10', true);
    // The first failure leaves the window 60 s after it happened.
    c.advance(57_001);
    expect(g.admit('203.0.113.9')).toEqual({ admitted: true });
    g.settle('203.0.113.9', false);
    expect(g.counts).toMatchObject({ failed: 4, succeeded: 1, refused: { 'address-over-cap': 1 } });
  });

  it('over the overall cap refuses everyone but the last proved peer', () => {
    const c = clock();
    const g = new HandshakeGuard({ limits: { maxFailuresPerAddress: 100, maxFailures: 5 } }, c.now);
    expect(g.admit('192.0.2.20').admitted).toBe(true);
    g.settle('192.0.2.20', true); // the real peer
    for (let i = 0; i < 5; i++) {
      const a = `203.0.113.${i}`;
      expect(g.admit(a).admitted).toBe(true);
      g.settle(a, false);
    }
    expect(g.admit('203.0.113.99')).toEqual({ admitted: false, reason: 'over-cap' });
    expect(g.admit('192.0.2.20')).toEqual({ admitted: true });
    g.settle('192.0.2.20', true);
    c.advance(60_001);
    expect(g.admit('203.0.113.99').admitted).toBe(true);
  });

  it('caps handshakes in progress', () => {
    const g = new HandshakeGuard({ limits: { maxPending: 2 } });
    expect(g.admit('203.0.113.1').admitted).toBe(true);
    expect(g.admit('203.0.113.2').admitted).toBe(true);
    expect(g.admit('203.0.113.3')).toEqual({ admitted: false, reason: 'busy' });
    g.settle('203.0.113.1', false);
    expect(g.pending).toBe(1);
    expect(g.admit('203.0.113.3').admitted).toBe(true);
  });
});

describe('peer.allowFrom and peer.handshake in the bench config', () => {
  const example = readFileSync(new URL('../../examples/real-bench-alice.yaml', import.meta.url), 'utf8');

  it('the real-bench example lists Bob and listens on one interface, not 0.0.0.0', () => {
    const cfg = parseBenchConfig(example, 'real-bench-alice.yaml');
    expect(cfg.peer.allowFrom).toEqual(['192.0.2.20']);
    expect(cfg.peer.listen).not.toMatch(/^0\.0\.0\.0:/);
    expect(cfg.peer.authKeyLowWaterBits).toBe(1 << 20);
  });

  it('a bad entry is a config problem naming the entry and its path', () => {
    const bad = example.replace('allowFrom: [192.0.2.20]', 'allowFrom: [192.0.2.20, bob.lab1, 10.0.0.0/40]');
    let problems: readonly ConfigProblem[] = [];
    try {
      parseBenchConfig(bad, 'bench.yaml');
    } catch (err) {
      expect((err as QkdError).code).toBe(QkdErrorCode.ConfigInvalid);
      problems = (err as QkdError).details.problems as ConfigProblem[];
    }
    expect(problems.map((p) => p.path)).toEqual(['peer.allowFrom.1', 'peer.allowFrom.2']);
    expect(problems[0].message).toMatch(/'bob.lab1': expected an IPv4 or IPv6 address/);
    expect(problems[1].message).toMatch(/0\.\.32/);
  });
});
