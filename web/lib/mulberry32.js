// mulberry32.js — a small seeded generator (Tommy Ettinger's Mulberry32) for the two splits
// made in JavaScript, before any data reach the engine: the data sets' train/test splits at
// build time (datasets/tabular.js) and the CSV page's (worker/csv-table.js), so each is the
// same on every machine; shuffle() is the one order of draws both use. Models, and the order
// they train in, draw from the engine's PCG32, not from this.

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

/**
 * Fisher–Yates in place, from the last element down, one draw of `next` per swap: the split
 * files already built depend on this exact order of draws.
 * @template {{length: number, [i: number]: any}} A
 * @param {A} a an array or typed array
 * @param {() => number} next uniform in [0, 1)
 * @returns {A} a
 */
export function shuffle(a, next) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = a[i]; a[i] = a[j]; a[j] = t;
  }
  return a;
}
