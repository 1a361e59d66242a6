/**
 * Independent slow reference for GF(2^64) = GF(2)[x]/(x^64 + x^4 + x^3 + x + 1),
 * written with BigInt as plainly as possible: carry-less schoolbook multiply
 * to a 127-bit product, then long division by P. Shares no code with src/.
 */
export const P = (1n << 64n) | 0x1bn;

export function toBig(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

export function fromBig(v: bigint): [number, number] {
  return [Number(v & 0xffffffffn), Number((v >> 32n) & 0xffffffffn)];
}

export function clmul(a: bigint, b: bigint): bigint {
  let r = 0n;
  for (let i = 0n; i < 64n; i++) if ((b >> i) & 1n) r ^= a << i;
  return r;
}

export function reduce(v: bigint): bigint {
  for (let i = 127n; i >= 64n; i--) if ((v >> i) & 1n) v ^= P << (i - 64n);
  return v;
}

export function mulRef(a: bigint, b: bigint): bigint {
  return reduce(clmul(a, b));
}

/** h_k over bits (array of 0/1) with the length block, by the textbook sum Σ m_i k^(L+2-i) + λ k. */
export function polyHashRef(bits: ArrayLike<number>, k: bigint): bigint {
  const L = Math.ceil(bits.length / 64);
  const blocks: bigint[] = [];
  for (let b = 0; b < L; b++) {
    let m = 0n;
    for (let j = 0; j < 64 && b * 64 + j < bits.length; j++) if (bits[b * 64 + j]) m |= 1n << BigInt(j);
    blocks.push(m);
  }
  blocks.push(BigInt(bits.length));
  // Σ over blocks i = 0..L (length block last) of block_i · k^(L + 1 - i).
  let sum = 0n;
  for (let i = 0; i <= L; i++) {
    let pow = 1n;
    for (let e = 0; e < L + 1 - i; e++) pow = mulRef(pow, k);
    sum ^= mulRef(blocks[i], pow);
  }
  return sum;
}
