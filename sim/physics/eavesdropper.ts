/**
 * Intercept-resend eavesdropper sitting at Alice's output. On an intercepted
 * pulse with at least one photon, Eve measures one photon in a random basis
 * (ideal detector) and resends one photon, perfectly polarized, in the state
 * she found. Further photons of a multi-photon pulse are discarded (a
 * photon-number-splitting attack is not modelled). With full interception
 * the sifted QBER is 1/4 + e_d/2: in the wrong basis (half the time) she
 * randomises Bob's result; in the right one only Alice's misalignment remains.
 */
import type { PhysicsRng } from './prng.ts';

/**
 * Eve's measurement of a state at Poincaré angle `aliceAngleRad` with degree
 * of polarization `dop`; returns the Poincaré angle of the state she resends.
 */
export function interceptResendAngle(rng: PhysicsRng, aliceAngleRad: number, dop: number): number {
  const basis = rng.nextU32() & 1;
  const basisAngle = basis * (Math.PI / 2); // H for Z, D for X
  const pFirst = (1 + dop * Math.cos(aliceAngleRad - basisAngle)) / 2;
  const result = rng.nextOpen() < pFirst ? 0 : 1;
  return basisAngle + result * Math.PI;
}
