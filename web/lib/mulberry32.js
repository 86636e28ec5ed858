// mulberry32.js — a small seeded generator (Tommy Ettinger's Mulberry32) for the JS side's own
// draws: the data sets' train/test splits (datasets/tabular.js), the CSV page's split and the
// real-data trainer's shuffle, so each is the same on every machine. Models draw from the
// engine's PCG32, not from this.

/** @param {number} seed @returns {() => number} uniform in [0, 1) */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
