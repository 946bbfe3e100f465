/**
 * The alignment engine: a monotone dynamic programme over two sequences with n:m links
 * (Gale & Church 1993 §3, eq. for D(i,j)), run three times on the same band:
 *   - Viterbi for the best path;
 *   - forward and backward sums in the log semiring, giving the posterior probability of every
 *     link and every node (Moore 2002 §3 uses link posteriors from forward–backward to pick the
 *     links it trusts; we use them as link confidence).
 * Costs are negative log scores; `temperature` turns them into probabilities (exp(-cost / T)).
 *
 * Memory and time are bounded by a band around the diagonal j ≈ i·n/m (as in hunalign, Varga et
 * al. 2005 §2.2, and the banded search of Vecalign, Thompson & Koehn 2019 §3.3): O((m+n)·W)
 * cells and O((m+n)·W·B) link evaluations for band half-width W and B link types. When the best
 * path touches the band edge the band is doubled and the search repeated. Inputs whose full
 * table is small (the usual news article) are searched in full.
 */

/** A link type: number of English and of Korean items it consumes. */
export type LinkType = readonly [en: number, ko: number];

/** One step of a path: the link starting at node (i, j) consuming `a` English and `b` Korean items. */
export interface Step {
  i: number;
  j: number;
  a: number;
  b: number;
  /** Posterior probability of this link (forward–backward). */
  posterior: number;
}

/** Input of runDp. */
export interface DpProblem {
  m: number;
  n: number;
  types: readonly LinkType[];
  /** Cost of the link starting at node (i, j) with type (a, b); Infinity forbids it. */
  linkCost: (i: number, j: number, a: number, b: number) => number;
  /** Temperature of the posterior (larger: flatter, less confident). */
  temperature: number;
  /** Band half-width; 0 means automatic (full table when small). */
  band: number;
}

/** Result of runDp: the best path and the node posterior function. */
export interface DpResult {
  steps: Step[];
  /** Posterior probability that the path passes through node (i, j). */
  nodePosterior: (i: number, j: number) => number;
}

const FULL_CELLS = 250_000;

/** Soft minimum −T·log Σ exp(−v/T) of the first n values (log-sum-exp with the minimum factored out). */
function lse(v: Float64Array, n: number, t: number): number {
  if (n === 0) return Infinity;
  let lo = Infinity;
  for (let x = 0; x < n; x++) if (v[x]! < lo) lo = v[x]!;
  if (lo === Infinity) return Infinity;
  let sum = 0;
  for (let x = 0; x < n; x++) sum += Math.exp(-(v[x]! - lo) / t);
  return lo - t * Math.log(sum);
}

/** Runs Viterbi and forward–backward; see the module comment for complexity. */
export function runDp(p: DpProblem): DpResult {
  const { m, n } = p;
  let w = p.band > 0 ? p.band : (m + 1) * (n + 1) <= FULL_CELLS ? Math.max(m, n) + 1 : Math.max(48, Math.ceil(2 * Math.sqrt(Math.max(m, n))));
  for (;;) {
    const r = runBand(p, w);
    if (r) return r;
    w *= 2;
  }
}

/**
 * The searched nodes: row i holds columns lo[i]..hi[i] (the whole row when `full`), stored flat;
 * idx(i, j) is the flat index of node (i, j), or -1 outside the band.
 */
interface Band {
  m: number;
  n: number;
  full: boolean;
  lo: Int32Array;
  hi: Int32Array;
  cells: number;
  idx: (i: number, j: number) => number;
}

/** Cost of the link of type t starting at node (i, j), whose flat index is s. */
type NodeCost = (s: number, i: number, j: number, t: number) => number;

/** One step of the best path as the passes see it: its start node and link type index. */
interface PathStep { i: number; j: number; t: number }

/**
 * One search with band half-width w: the forward sweep (Viterbi and forward sums together), the
 * backtrace, then the backward sweep. Null when the best path touches the band edge (retry wider).
 * The steps are separate functions; each sweep's cell loop is unchanged inside its own function.
 */
function runBand(p: DpProblem, w: number): DpResult | null {
  const band = makeBand(p.m, p.n, w);
  const cost = memoCost(p, band);
  const { back, F } = forwardPass(band, p.types, cost, p.temperature);
  const path = backtrace(band, p.types, back);
  if (!path) return null;
  const B = backwardPass(band, p.types, cost, p.temperature);
  return posteriors(band, p.types, cost, p.temperature, path, F, B);
}

/** The band around the diagonal j ≈ i·n/m (the whole table when w exceeds both lengths). */
function makeBand(m: number, n: number, w: number): Band {
  const full = w > Math.max(m, n);
  const lo = new Int32Array(m + 1);
  const hi = new Int32Array(m + 1);
  const off = new Int32Array(m + 2);
  for (let i = 0; i <= m; i++) {
    const c = m === 0 ? 0 : (i * n) / m;
    lo[i] = full ? 0 : Math.max(0, Math.floor(c - w));
    hi[i] = full ? n : Math.min(n, Math.ceil(c + w));
    if (i === 0) lo[i] = 0;
    if (i === m) hi[i] = n;
    off[i + 1] = off[i]! + hi[i]! - lo[i]! + 1;
  }
  const idx = (i: number, j: number) => (i < 0 || i > m || j < lo[i]! || j > hi[i]! ? -1 : off[i]! + j - lo[i]!);
  return { m, n, full, lo, hi, cells: off[m + 1]!, idx };
}

/** The problem's link cost, memoised per (start node, type) when the table fits in memory: each pass asks for it again. */
function memoCost(p: DpProblem, band: Band): NodeCost {
  const { m, n, types, linkCost } = p;
  const K = types.length;
  const cache = band.cells * K <= 4_000_000 ? new Float64Array(band.cells * K).fill(NaN) : null;
  return (s: number, i: number, j: number, t: number): number => {
    if (cache) {
      const v = cache[s * K + t]!;
      if (!Number.isNaN(v)) return v;
    }
    const [a, b] = types[t]!;
    const v = i + a > m || j + b > n ? Infinity : linkCost(i, j, a, b);
    if (cache) cache[s * K + t] = v;
    return v;
  };
}

/**
 * Forward sweep: D(i,j) = min over link types of D(i−a, j−b) + cost (Gale & Church 1993 §3) with
 * its back pointer, and in the same loop the forward sum F in the log semiring.
 */
function forwardPass(band: Band, types: readonly LinkType[], cost: NodeCost, T: number): { back: Int8Array; F: Float64Array } {
  const { m, lo, hi, cells, idx } = band;
  const K = types.length;
  const cand = new Float64Array(K);
  const D = new Float64Array(cells).fill(Infinity);
  const back = new Int8Array(cells).fill(-1);
  const F = new Float64Array(cells).fill(Infinity);
  D[0] = 0;
  F[0] = 0;
  for (let i = 0; i <= m; i++) {
    for (let j = lo[i]!; j <= hi[i]!; j++) {
      const c = idx(i, j);
      if (c === 0) continue;
      let best = Infinity;
      let bt = -1;
      let nc = 0;
      for (let t = 0; t < K; t++) {
        const [a, b] = types[t]!;
        const s = idx(i - a, j - b);
        if (s < 0 || D[s] === Infinity) continue;
        const bc = cost(s, i - a, j - b, t);
        if (bc === Infinity) continue;
        const v = D[s]! + bc;
        if (v < best) { best = v; bt = t; }
        cand[nc++] = F[s]! + bc;
      }
      D[c] = best;
      back[c] = bt;
      F[c] = lse(cand, nc, T);
    }
  }
  return { back, F };
}

/** The best path from the back pointers, in order; null if it is cut or touches the band edge. */
function backtrace(band: Band, types: readonly LinkType[], back: Int8Array): PathStep[] | null {
  const { m, n, full, lo, hi, idx } = band;
  const path: PathStep[] = [];
  let i = m;
  let j = n;
  while (i > 0 || j > 0) {
    const t = back[idx(i, j)]!;
    if (t < 0) return null;
    if (!full && ((j === lo[i]! && j > 0 && i !== 0) || (j === hi[i]! && j < n && i !== m))) return null;
    const [a, b] = types[t]!;
    i -= a; j -= b;
    path.push({ i, j, t });
  }
  return path.reverse();
}

/** Backward sweep: B(i,j), the log-semiring sum over paths from node (i, j) to the end. */
function backwardPass(band: Band, types: readonly LinkType[], cost: NodeCost, T: number): Float64Array {
  const { m, lo, hi, cells, idx } = band;
  const K = types.length;
  const cand = new Float64Array(K);
  const B = new Float64Array(cells).fill(Infinity);
  B[cells - 1] = 0;
  for (let ii = m; ii >= 0; ii--) {
    for (let jj = hi[ii]!; jj >= lo[ii]!; jj--) {
      const c = idx(ii, jj);
      if (c === cells - 1) continue;
      let nc = 0;
      for (let t = 0; t < K; t++) {
        const [a, b] = types[t]!;
        const e = idx(ii + a, jj + b);
        if (e < 0 || B[e] === Infinity) continue;
        const bc = cost(c, ii, jj, t);
        if (bc === Infinity) continue;
        cand[nc++] = bc + B[e]!;
      }
      B[c] = lse(cand, nc, T);
    }
  }
  return B;
}

/** Link and node posteriors from the forward and backward sums: exp(−(F + cost + B − Z) / T), Z = F(m, n). */
function posteriors(band: Band, types: readonly LinkType[], cost: NodeCost, T: number,
  path: readonly PathStep[], F: Float64Array, B: Float64Array): DpResult {
  const { idx } = band;
  const Z = F[band.cells - 1]!;
  const steps: Step[] = path.map(({ i: si, j: sj, t }) => {
    const [a, b] = types[t]!;
    const s = idx(si, sj);
    const e = idx(si + a, sj + b);
    const post = Math.exp(-(F[s]! + cost(s, si, sj, t) + B[e]! - Z) / T);
    return { i: si, j: sj, a, b, posterior: Math.min(1, post) };
  });
  const nodePosterior = (ni: number, nj: number): number => {
    const c = idx(ni, nj);
    if (c < 0) return 0;
    return Math.min(1, Math.exp(-(F[c]! + B[c]! - Z) / T));
  };
  return { steps, nodePosterior };
}
