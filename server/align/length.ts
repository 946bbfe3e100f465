/**
 * The length model of Gale & Church 1993 ("A Program for Aligning Sentences in Bilingual
 * Corpora", §3, eq. for δ and the two-tailed normal): lengths of translations are proportional,
 * l_ko ≈ c·l_en, with variance s²·l_en. For Korean news against English the ratio is about 0.46
 * Hangul syllables per English non-space character with a large variance, so c and s² are
 * options, not constants.
 */

/** Standard normal cumulative distribution (Abramowitz & Stegun 26.2.17, |error| < 7.5e-8). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = 0.3989422804014327 * Math.exp((-z * z) / 2);
  const p = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z > 0 ? 1 - p : p;
}

/**
 * −log P(match | δ) of Gale & Church: δ = (l_ko − c·l_en) / sqrt(s²·l_en), two-tailed.
 * Lengths are in the units of `unitLength` (features.ts). Capped to keep costs finite.
 */
export function lengthCost(lEn: number, lKo: number, c: number, s2: number): number {
  const mean = (lEn + lKo / c) / 2;
  if (mean <= 0) return 0;
  const delta = (lKo - c * lEn) / Math.sqrt(s2 * c * mean);
  const pr = 2 * (1 - normalCdf(Math.abs(delta)));
  return -Math.log(Math.max(pr, 1e-12));
}
