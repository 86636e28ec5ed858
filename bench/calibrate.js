// The calibration loop of `make bench`: the wasm SIMD multiply-add peak of this engine on this
// machine (bench/peak.c), and each large product's share of it, each share measured with the
// peak loop interleaved run by run, so that load from other processes hits both alike.
import { instantiate } from '../web/wasm-loader.js';
import { runRates, median } from './timing.js';

const STEPS = 1 << 18; // a call lasts about half a millisecond
const TILES = { peak_4x2: 64, peak_3x4: 96 }; // flops a step: 8 per accumulator

// Returns {gflops: the faster tile's median, tiles: {name: median}, share(fn, units)}, where
// share() times fn (units GFLOP a call) against the faster tile and returns
// {gflops, share}: fn's median and the median of its run-by-run fractions of the peak.
export async function calibrate(peakWasm) {
  const ex = (await instantiate(peakWasm)).exports;
  const fns = Object.fromEntries(Object.keys(TILES).map((t) => [t, () => ex[t](STEPS)]));
  const tiles = {};
  for (const [t, flops] of Object.entries(TILES))
    tiles[t] = median(runRates({ [t]: fns[t] }, (STEPS * flops) / 1e9)[t]);
  const best = Object.keys(tiles).reduce((a, b) => (tiles[a] >= tiles[b] ? a : b));
  const peakUnits = (STEPS * TILES[best]) / 1e9;
  const share = (fn, units) => {
    const r = runRates({ peak: fns[best], product: fn }, 1); // calls per second
    const gflops = r.product.map((v) => v * units);
    return { gflops: median(gflops), share: median(gflops.map((g, i) => g / (r.peak[i] * peakUnits))) };
  };
  return { gflops: tiles[best], tiles, best, share };
}
