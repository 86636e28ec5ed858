// heatmap.js — a model's output over the plane as a colour map, after TensorFlow Playground's
// heatmap.ts: one pixel per grid cell into a res×res ImageData, upscaled by CSS. Pure pixel
// maths in toPixels (tested in Node); the canvas part is two calls.

import { diverging, classTint } from './colors.js';

const STRENGTH = 0.65; // keep the map a little pale so the points stand out

/**
 * @param {Float32Array} values (res*res, k), rows from the top of the plane
 * @param {{task: string, classes?: number, cls?: number, discretize?: boolean}} how task:
 *   'binary' (k = 1, probability of class 1), 'multiclass' (k class probabilities), 'class'
 *   (k = 1, the probability of class `cls`), 'regression' or 'signed' (k = 1, a value drawn
 *   on ±max(1, max|v|))
 * @param {number} res
 * @returns {Uint8ClampedArray} RGBA bytes
 */
export function toPixels(values, res, how) {
  const n = res * res, out = new Uint8ClampedArray(n * 4);
  const k = values.length / n;
  if (!Number.isInteger(k) || k < 1) throw new Error(`heatmap: ${values.length} values do not fill a ${res}×${res} grid`);
  const d = how.discretize;
  if (how.task === 'class') { // one class's probability: white → that class's colour
    for (let i = 0; i < n; i++) classTint(out, 4 * i, how.cls, STRENGTH * values[i]);
    return out;
  }
  if (how.task === 'multiclass') {
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (let j = 1; j < k; j++) if (values[i * k + j] > values[i * k + c]) c = j;
      const conf = (values[i * k + c] - 1 / k) / (1 - 1 / k);
      classTint(out, 4 * i, c, d ? 0.6 : STRENGTH * conf);
    }
    return out;
  }
  let scale = 1;
  if (how.task === 'signed')
    for (let i = 0; i < n; i++) if (Number.isFinite(values[i])) scale = Math.max(scale, Math.abs(values[i]));
  for (let i = 0; i < n; i++) {
    let v = how.task === 'binary' ? 2 * values[i] - 1 : values[i] / scale;
    if (d) v = v > 0 ? 0.6 : v < 0 ? -0.6 : 0;
    diverging(out, 4 * i, STRENGTH * v);
  }
  return out;
}

/**
 * Draws onto a canvas whose width and height equal res (CSS scales it up).
 * @param {HTMLCanvasElement} canvas @param {Float32Array} values @param {number} res
 * @param {Parameters<typeof toPixels>[2]} how
 */
export function drawHeatmap(canvas, values, res, how) {
  if (canvas.width !== res) { canvas.width = res; canvas.height = res; }
  canvas.getContext('2d').putImageData(new ImageData(toPixels(values, res, how), res, res), 0, 0);
}
