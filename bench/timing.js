// Timing for the benchmark: warm up, then the median of repeated timed runs. Each run
// repeats the work until it lasts at least minMs, so short operations are not dominated by
// the clock's resolution. V8 tiers wasm up between calls, so warm-up is made of calls too.
import { performance } from 'node:perf_hooks';

// Returns the median over `runs` of (work units per second) for fn(), which does `units`
// units of work per call.
export function rate(fn, units, { warmupMs = 300, runs = 7, minMs = 60 } = {}) {
  const warmEnd = performance.now() + warmupMs;
  let calls = 0;
  do { fn(); calls++; } while (performance.now() < warmEnd || calls < 3);
  const rates = [];
  for (let r = 0; r < runs; r++) {
    let n = 0;
    const t0 = performance.now();
    let t;
    do { fn(); n++; t = performance.now(); } while (t - t0 < minMs);
    rates.push((n * units) / ((t - t0) / 1000));
  }
  return median(rates);
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}
