/**
 * Bob's passive receiver: a beam splitter picks the basis (Z with probability
 * r, X with 1 − r), then a polarizing beam splitter per basis sends the photon
 * to H/V or D/A. For a state at Poincaré angle ψ with degree of polarization S:
 *
 *   P(H) = r·(1 + S cos ψ)/2     P(V) = r·(1 − S cos ψ)/2
 *   P(D) = (1−r)·(1 + S sin ψ)/2 P(A) = (1−r)·(1 − S sin ψ)/2
 *
 * These are the routing probabilities of one photon; with a Poissonian pulse
 * the photon numbers reaching the four detectors are independent Poisson
 * variables, which is what lets the bench sample clicks without photons.
 */
export function routingProbabilities(
  psiRad: number,
  degreeOfPolarization: number,
  splitRatioZ: number,
  out: Float64Array,
  offset = 0,
): void {
  const c = degreeOfPolarization * Math.cos(psiRad);
  const s = degreeOfPolarization * Math.sin(psiRad);
  out[offset] = (splitRatioZ * (1 + c)) / 2;
  out[offset + 1] = (splitRatioZ * (1 - c)) / 2;
  out[offset + 2] = ((1 - splitRatioZ) * (1 + s)) / 2;
  out[offset + 3] = ((1 - splitRatioZ) * (1 - s)) / 2;
}
