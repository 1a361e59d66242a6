/** Verification stage (ε_cor): tag length from the bound, tag computation, comparison. */
export {
  VERIFICATION_POINT_BITS,
  verificationCollisionLog2,
  verificationPoints,
  verificationSeedWords,
  verificationTagBits,
} from './bound.ts';
export { verificationTag, verificationTagsEqual } from './tag.ts';
