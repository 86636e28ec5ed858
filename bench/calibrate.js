// The calibration loop of `make bench`: the wasm SIMD multiply-add peak of this engine on this
// machine (bench/peak.c), and each large product's share of it, each share measured with the
// peak loop interleaved run by run, so that load from other processes hits both alike.
import { instantiate } from '../web/wasm-loader.js';
import { runRates, median } from './timing.js';

const STEPS = 1 << 18; // a call lasts about half a millisecond
const TILES = { peak_4x2: 64, peak_3x4: 96 }; // flops a step: 8 per accumulator
const RATIONAL_STEPS = 1 << 12, RATIONAL_VALUES = 256; // passes of rational() a call, values a pass

// Returns {gflops: the faster tile's median, tiles: {name: median}, rationalNs: the tanh
// rational's nanoseconds a value (median), loops: {peak, peakGflop, rational, rationalValues}
// (the faster tile's call and its GFLOP, the rational's call and its values, to be timed beside
// other work), share(fn, units), shares(fns, units)}, where shares() times the functions fns
// ({name: fn}, units GFLOP a call each) and the faster tile interleaved, run by run, and
// returns per name {gflops, share, runs}:
// the median GFLOP/s, the median of the run-by-run fractions of the peak, and each run's
// GFLOP/s (for ratios between two of them); share(fn, units) is shares() of fn alone.
export async function calibrate(peakWasm) {
  const ex = (await instantiate(peakWasm)).exports;
  const fns = Object.fromEntries(Object.keys(TILES).map((t) => [t, () => ex[t](STEPS)]));
  const tiles = {};
  for (const [t, flops] of Object.entries(TILES))
    tiles[t] = median(runRates({ [t]: fns[t] }, (STEPS * flops) / 1e9)[t]);
  const best = Object.keys(tiles).reduce((a, b) => (tiles[a] >= tiles[b] ? a : b));
  const loops = { peak: fns[best], peakGflop: (STEPS * TILES[best]) / 1e9, rational: () => ex.rational(RATIONAL_STEPS),
    rationalValues: RATIONAL_STEPS * RATIONAL_VALUES };
  const rationalNs = 1e9 / median(runRates({ rational: loops.rational }, loops.rationalValues).rational);
  const shares = (products, units) => {
    const r = runRates({ peak: loops.peak, ...products }, 1); // calls per second
    return Object.fromEntries(Object.keys(products).map((name) => {
      const runs = r[name].map((v) => v * units);
      return [name, { gflops: median(runs), share: median(runs.map((g, i) => g / (r.peak[i] * loops.peakGflop))), runs }];
    }));
  };
  const share = (fn, units) => {
    const { gflops, share: s } = shares({ product: fn }, units).product;
    return { gflops, share: s };
  };
  return { gflops: tiles[best], tiles, best, rationalNs, loops, share, shares };
}
