// heatmap.js — a model's output over the plane as a colour map, after TensorFlow Playground's
// heatmap.ts. The grid of outputs (res×res) is interpolated bilinearly to the picture's own
// size, then coloured pixel by pixel: drawn at the canvas's device resolution, the boundary
// is a smooth, sharp line rather than the grid's blocks, and with discretize the interpolated
// outputs are thresholded, so its edge is sharp too. Pure pixel maths in toPixels (tested in
// Node); the canvas part is two calls.

import { diverging, classTint } from './colors.js';

const STRENGTH = 0.65; // keep the map a little pale so the points stand out

/**
 * @typedef {{task: string, classes?: number, cls?: number, discretize?: boolean}} How task:
 *   'binary' (k = 1, probability of class 1), 'multiclass' (k class probabilities), 'class'
 *   (k = 1, the probability of class `cls`), 'regression' or 'signed' (k = 1, a value drawn
 *   on ±max(1, max|v|))
 */

/**
 * @param {Float32Array} values (res*res, k), rows from the top of the plane
 * @param {number} res
 * @param {How} how
 * @param {number} [size] the picture's side in pixels; res draws one pixel per grid cell
 * @returns {Uint8ClampedArray} RGBA bytes, size × size
 */
export function toPixels(values, res, how, size = res) {
  const k = values.length / (res * res);
  if (!Number.isInteger(k) || k < 1) throw new Error(`heatmap: ${values.length} values do not fill a ${res}×${res} grid`);
  let scale = 1;
  if (how.task === 'signed')
    for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) scale = Math.max(scale, Math.abs(values[i]));
  const out = new Uint8ClampedArray(size * size * 4);
  // Pixel centre p of `size` sits at (p + 0.5) * res / size - 0.5 in grid cells: at size = res
  // exactly on a cell, so the grid's own values come back. The cells and weights of every
  // column and row are worked out once.
  const lo = new Int32Array(size), hi = new Int32Array(size), f = new Float32Array(size);
  for (let p = 0; p < size; p++) {
    const u = Math.min(res - 1, Math.max(0, ((p + 0.5) * res) / size - 0.5));
    lo[p] = Math.floor(u);
    hi[p] = Math.min(res - 1, lo[p] + 1);
    f[p] = u - lo[p];
  }
  /** a + (b - a) * t, and a itself at t = 0 (so a NaN beside it stays out) */
  const lerp = (/** @type {number} */ a, /** @type {number} */ b, /** @type {number} */ t) => (t ? a + (b - a) * t : a);
  // First the outputs interpolated to every pixel, then their colours: two tight loops.
  const row = new Float32Array(res * k), pix = scratch(size * size * k);
  for (let py = 0; py < size; py++) {
    const top = lo[py] * res * k, bottom = hi[py] * res * k, fy = f[py];
    for (let i = 0; i < res * k; i++) row[i] = lerp(values[top + i], values[bottom + i], fy);
    let o = py * size * k;
    for (let px = 0; px < size; px++) {
      const a = lo[px] * k, b = hi[px] * k, fx = f[px];
      for (let q = 0; q < k; q++) pix[o++] = lerp(row[a + q], row[b + q], fx);
    }
  }
  paint(pix, k, how, scale, new Uint32Array(out.buffer));
  return out;
}

/** @type {Float32Array} the interpolated outputs, kept from frame to frame (megabytes at 512²) */
let pixels = new Float32Array(0);
/** @param {number} n */
const scratch = (n) => (pixels.length >= n ? pixels : (pixels = new Float32Array(n))).subarray(0, n);

// Colours come from tables of the scales in colors.js, LEVELS steps each: a pixel costs a
// lookup, not a colour mix (a 512-pixel square is 262,144 of them a frame).
const LEVELS = 1024;
/** @type {Uint32Array | null} diverging(-1 … 1), then NaN's grey */
let DIVERGING = null;
/** @type {Uint32Array[]} classTint(c, 0 … 1) per class */
const TINTS = [];

/** A table of `n` colours written by fill(rgba, i) into RGBA bytes, as RGBA words. @param {number} n @param {(out: Uint8ClampedArray, o: number, i: number) => void} fill */
function table(n, fill) {
  const bytes = new Uint8ClampedArray(4 * n);
  for (let i = 0; i < n; i++) fill(bytes, 4 * i, i);
  return new Uint32Array(bytes.buffer);
}

/**
 * Colours pixels from their outputs: pix (n, k) into n RGBA words. Table indices are clamped
 * by comparisons and truncated with `| 0`, and a NaN fails both comparisons: grey.
 * @param {Float32Array} pix @param {number} k @param {How} how @param {number} scale @param {Uint32Array} out
 */
function paint(pix, k, how, scale, out) {
  const n = out.length, d = how.discretize, top = LEVELS - 1;
  if (how.task === 'class' || how.task === 'multiclass') {
    const tints = (/** @type {number} */ c) => (TINTS[c] ??= table(LEVELS, (o, at, i) => classTint(o, at, c, i / top)));
    /** strength in [0, 1] → its level @param {number} strength */
    const level = (strength) => { const x = strength * top + 0.5; return x >= 0 ? (x < top ? x | 0 : top) : 0; };
    if (how.task === 'class') { // white → that class's colour
      const t = tints(how.cls);
      for (let i = 0; i < n; i++) out[i] = t[level(STRENGTH * pix[i])];
      return;
    }
    const all = Array.from({ length: k }, (_, c) => tints(c)), gain = STRENGTH / (1 - 1 / k);
    for (let i = 0, o = 0; i < n; i++, o += k) {
      let c = 0;
      for (let j = 1; j < k; j++) if (pix[o + j] > pix[o + c]) c = j;
      out[i] = all[c][level(d ? 0.6 : gain * (pix[o + c] - 1 / k))];
    }
    return;
  }
  const lut = (DIVERGING ??= table(LEVELS + 1, (o, at, i) => diverging(o, at, i === LEVELS ? NaN : (2 * i) / top - 1)));
  // t in [-1, 1] sits at level (t + 1) / 2 * top, rounded: t * half + half + 0.5.
  const half = top / 2, binary = how.task === 'binary';
  for (let i = 0; i < n; i++) {
    let t = binary ? 2 * pix[i] - 1 : pix[i] / scale;
    if (d) t = t > 0 ? 0.6 : t < 0 ? -0.6 : t;
    const x = STRENGTH * t * half + half + 0.5;
    out[i] = x >= 0 ? lut[x < top ? x | 0 : top] : x < 0 ? lut[0] : lut[LEVELS];
  }
}

/**
 * Draws onto a canvas of size × size pixels (CSS scales it to its box).
 * @param {HTMLCanvasElement} canvas @param {Float32Array} values @param {number} res
 * @param {How} how @param {number} [size]
 */
export function drawHeatmap(canvas, values, res, how, size = res) {
  if (canvas.width !== size) { canvas.width = size; canvas.height = size; }
  canvas.getContext('2d').putImageData(new ImageData(toPixels(values, res, how, size), size, size), 0, 0);
}

/**
 * How one unit's map is coloured: an output unit as the task's outputs are (a two-class
 * probability, one class's probability), any other on a signed scale.
 * @param {string} task @param {boolean} output @param {number} unit @returns {How}
 */
export function unitColouring(task, output, unit) {
  if (!output || task === 'regression') return { task: 'signed' };
  return task === 'multiclass' ? { task: 'class', cls: unit } : { task: 'binary' };
}
