/**
 * Splits a frame's pattern (src/pipeline/sifting/pattern.ts: per slot
 * bit | basis<<1 | class<<2) into what each board needs, 2-bit symbols packed
 * 4 per byte (firmware-protocol pattern layout): the modulator's state
 * (bit | basis<<1 = H, V, D, A) and the source's intensity class, in the
 * wire's IntensityClass numbering (photon_source.proto: 0 vacuum, 1 decoy,
 * 2 signal), which is the reverse of the pipeline's (0 signal … 2 vacuum).
 * Word-at-a-time: one pattern word (8 slots) gives two bytes for each board.
 */
export function splitPattern(pattern: Uint32Array, slots: number): { modulator: Uint8Array; source: Uint8Array } {
  if (slots % 8 !== 0) throw new RangeError(`frame slots must be a multiple of 8, got ${slots}`);
  const words = slots >>> 3;
  const modulator = new Uint8Array(slots >>> 2);
  const source = new Uint8Array(slots >>> 2);
  for (let w = 0; w < words; w++) {
    const x = pattern[w];
    // Class 3 is unused by the pipeline; refuse rather than emit the board's reserved symbol.
    if (((x >>> 3) & (x >>> 2) & 0x11111111) !== 0) throw new RangeError(`pattern word ${w} holds the reserved intensity class 3`);
    // Gather the low 2 bits (state) and the high 2 bits (class) of each nibble.
    let st = 0;
    let cl = 0;
    for (let k = 0; k < 8; k++) {
      const nib = (x >>> (k << 2)) & 15;
      st |= (nib & 3) << (k << 1);
      // Pipeline class c ∈ {0 signal, 1 decoy, 2 vacuum} → wire symbol 2 − c.
      cl |= (2 - (nib >>> 2)) << (k << 1);
    }
    modulator[2 * w] = st & 0xff;
    modulator[2 * w + 1] = st >>> 8;
    source[2 * w] = cl & 0xff;
    source[2 * w + 1] = cl >>> 8;
  }
  return { modulator, source };
}
