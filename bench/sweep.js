// The shape sweep of `make bench`: C = op(A)·op(B) for each of the three products over a grid
// of shapes, nnplay's wasm SIMD kernels against tfjs-wasm, interleaved shape by shape. The W3
// rows time three large shapes; the sweep looks for the ones where a kernel is weak: one row
// (single-sample inference), a few rows, narrow or short operands, sizes that are not
// multiples of any tile (odd, prime, one past a power of two).
import { runRates, median } from './timing.js';
import { W3_SHAPES, gflop } from './workloads.js';

export const SWEEP_M = [1, 2, 3, 4, 7, 16, 33, 64, 100, 257, 513];
export const SWEEP_N = [1, 3, 17, 61, 128, 257, 1021];
export const SWEEP_K = [1, 5, 31, 100, 384, 784, 1024];
// 'ab packed' is A·B with B packed once per shape (mat_pack_b, outside the timing), then
// mat_mul_ab_packed, as a layer's weights are between writes; 'ab' packs op(B) per call.
export const SWEEP_PRODUCTS = ['ab', 'ab packed', 'atb', 'abt'];
// The speed-up over tfjs-wasm each product must reach on every shape of the sweep; tfjs's
// side of 'ab packed' is its A·B (which packs B once per shape in either row).
export const SWEEP_TARGETS = { ab: 1.25, 'ab packed': 1.25, atb: 2, abt: 2 };
const TFJS_PRODUCT = { 'ab packed': 'ab' };
// 4 × 539 shapes: short runs, since each shape's two contestants run back to back and their
// ratio is what counts (both libraries' functions are optimized after the first shapes).
const TIMING = { warmupMs: 5, runs: 5, minMs: 4 };

export const sweepShapes = () =>
  SWEEP_M.flatMap((m) => SWEEP_N.flatMap((n) => SWEEP_K.map((k) => [m, n, k])));

// nnplay(p, m, n, k) returns a function computing C += op(A)·op(B); tfjs(p, m, n, k) returns
// {fn, dispose} (its operands made once per shape, so XNNPACK's packed B is reused as it is
// for weights). Returns one row per product and shape: GFLOP/s of each (medians) and the
// median of the run-by-run speed-ups.
export function sweep(nnplay, tfjs) {
  const rows = [];
  for (const p of SWEEP_PRODUCTS) {
    process.stderr.write(`bench: sweep ${p}: ${sweepShapes().length} shapes\n`);
    for (const [m, n, k] of sweepShapes()) {
      const tf = tfjs(TFJS_PRODUCT[p] ?? p, m, n, k);
      const r = runRates({ nnplay: nnplay(p, m, n, k), tfjs: tf.fn }, gflop(m, n, k), TIMING);
      tf.dispose();
      rows.push({
        product: p, m, n, k, nnplay: median(r.nnplay), tfjs: median(r.tfjs),
        ratio: median(r.nnplay.map((v, i) => v / r.tfjs[i])),
      });
    }
  }
  return rows;
}

// Each product's worst shapes timed again, nnplay, tfjs and the calibration loop interleaved
// run by run (shares(), bench/calibrate.js), in 7 runs of at least 60 ms where the sweep's are
// 5 of 4 ms, so that a burst of load on one side moves the ratio less: the ratio re-timed, each
// contestant's share of the loop's peak, and the bound, the speed-up over tfjs of a product
// running at the peak: where tfjs takes 80 % of the loop, 1.25× needs all of it. Each summary
// gains retimedMin, the least of the re-timed ratios and the sweep's ratio of the first shape
// not re-timed (every other shape's is at least that), and retimedMet, whether it meets the
// target.
export function retimeWorst(summary, nnplay, tfjs, shares) {
  for (const s of summary) {
    for (const r of s.worst) {
      const units = gflop(r.m, r.n, r.k), tf = tfjs(TFJS_PRODUCT[s.product] ?? s.product, r.m, r.n, r.k);
      const t = shares({ nnplay: nnplay(s.product, r.m, r.n, r.k), tfjs: tf.fn }, units);
      tf.dispose();
      Object.assign(r, { retimed: median(t.nnplay.runs.map((g, i) => g / t.tfjs.runs[i])),
        nnplayShare: t.nnplay.share, tfjsShare: t.tfjs.share });
    }
    s.retimedMin = Math.min(...s.worst.map((r) => r.retimed), s.next ?? Infinity);
    s.retimedMet = s.retimedMin >= s.target;
  }
}

// A check on the reference: tfjs's and nnplay's A·B at W3's largest shape (1024³), timed with
// the loop (shares()) before and after the sweep, to set against W3's row of the same product.
// In one process XNNPACK's products have run at 18-26 GFLOP/s through a whole sweep, where
// they run at 41-48 and where W3 had just measured 45, while nnplay's stayed within 13 % of
// its usual figure (docs/performance.md): a sweep whose reference slowed says so.
export const CONTROL = W3_SHAPES.at(-1), CONTROL_DRIFT = 0.8;
export function control(nnplay, tfjs, shares) {
  const [m, n, k] = CONTROL, tf = tfjs('ab', m, n, k);
  const t = shares({ nnplay: nnplay('ab', m, n, k), tfjs: tf.fn }, gflop(m, n, k));
  tf.dispose();
  return { nnplay: t.nnplay.gflops, tfjs: t.tfjs.gflops };
}

// The large shapes (M, N and K all >= LARGE), whose target is LARGE_TARGET of the loop's peak,
// not a speed-up over tfjs. The sweep times them after the loop, not with it, so a change in
// the host's speed moves every sweep share (one run read 145 %); each product's LOW_LARGE of
// lowest share in the sweep are timed again interleaved with the loop (share(),
// bench/calibrate.js). Returns those rows, each with its `retimed` share.
export const LARGE = 257, LARGE_TARGET = 0.85;
export const isLarge = (r) => Math.min(r.m, r.n, r.k) >= LARGE;
const LOW_LARGE = 2;
export function retimeLarge(rows, nnplay, share) {
  return SWEEP_PRODUCTS.flatMap((p) => rows.filter((r) => r.product === p && isLarge(r))
    .sort((a, b) => a.share - b.share).slice(0, LOW_LARGE))
    .map((r) => ({ ...r, retimed: share(nnplay(r.product, r.m, r.n, r.k), gflop(r.m, r.n, r.k)).share }));
}

// Per product: the minimum, median and maximum speed-up, the WORST shapes, whether the
// minimum meets the product's target, and the ratio of the next shape after the worst.
const WORST = 10;
export function summarize(rows) {
  return SWEEP_PRODUCTS.map((p) => {
    const mine = rows.filter((r) => r.product === p).sort((a, b) => a.ratio - b.ratio);
    const ratios = mine.map((r) => r.ratio);
    return {
      product: p, shapes: mine.length, min: ratios[0], median: median(ratios), max: ratios.at(-1),
      target: SWEEP_TARGETS[p], met: ratios[0] >= SWEEP_TARGETS[p], worst: mine.slice(0, WORST),
      next: ratios[WORST],
    };
  });
}
