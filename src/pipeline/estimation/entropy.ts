/** Binary Shannon entropy h(x) = −x log2 x − (1−x) log2(1−x), with h(0) = h(1) = 0. */
export function binaryEntropy(x: number): number {
  if (!(x > 0) || !(x < 1)) return 0;
  return -x * Math.log2(x) - (1 - x) * Math.log2(1 - x);
}
