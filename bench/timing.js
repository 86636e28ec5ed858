// Timing for the benchmark: warm up, then repeated timed runs (bench/run.js takes their
// median and, for contestants timed together, the range of their run-by-run ratios). Each run
// repeats the work until it lasts at least MIN_MS, so short operations are not dominated by
// the clock's resolution. V8 tiers wasm up between calls, so warm-up is made of calls too.
// Contestants of one metric are timed interleaved, run by run, so a burst of load from other
// processes on this shared machine hits them all alike and their ratios stay fair.
import { performance } from 'node:perf_hooks';

export const WARMUP_MS = 300, RUNS = 7, MIN_MS = 60;

// fns: {name: () => void}, each doing `units` units of work per call. Returns {name: units per
// second of each run, in run order}: run r of every contestant was timed back to back, so their
// ratios pair up. opts overrides WARMUP_MS, RUNS and MIN_MS (for quick tile sweeps).
export function runRates(fns, units, opts) {
  const plan = schedule(fns, units, opts);
  for (let step = plan.next(); ; ) {
    if (step.done) return step.value;
    const [fn, ms, least] = step.value, t0 = performance.now();
    let n = 0, t;
    do { fn(); n++; t = performance.now(); } while (t - t0 < ms || n < least);
    step = plan.next([n, t - t0]);
  }
}

// The same for functions that return promises (onnxruntime's run), each awaited.
export async function runRatesAsync(fns, units, opts) {
  const plan = schedule(fns, units, opts);
  for (let step = plan.next(); ; ) {
    if (step.done) return step.value;
    const [fn, ms, least] = step.value, t0 = performance.now();
    let n = 0, t;
    do { await fn(); n++; t = performance.now(); } while (t - t0 < ms || n < least);
    step = plan.next([n, t - t0]);
  }
}

// The order of both: each contestant's warm-up (at least 3 calls), then the runs interleaved.
// Yields [fn, milliseconds, least calls], receives [calls, milliseconds taken].
function* schedule(fns, units, { warmupMs = WARMUP_MS, runs = RUNS, minMs = MIN_MS } = {}) {
  const names = Object.keys(fns);
  for (const name of names) yield [fns[name], warmupMs, 3];
  const got = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < runs; r++)
    for (const name of names) {
      const [n, ms] = yield [fns[name], minMs, 1];
      got[name].push((n * units) / (ms / 1000));
    }
  return got;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}
