// digits.js — 28×28 digits and first-layer weights onto canvases: grey digits as the data
// store them, weights on the playground's orange–white–blue scale, each unit on its own
// ±max|w| so every unit's pattern shows.

import { diverging } from './colors.js';
import { SIDE } from '../lib/preprocess.js';

/**
 * Draws a digit (ink 1 = black) into a SIDE×SIDE canvas; CSS scales it up.
 * @param {HTMLCanvasElement} canvas
 * @param {ArrayLike<number>} px  SIDE² values
 * @param {number} scale  px * scale is the ink in [0, 1]
 */
export function drawDigit(canvas, px, scale) {
  canvas.width = SIDE;
  canvas.height = SIDE;
  const img = new ImageData(SIDE, SIDE);
  for (let i = 0; i < SIDE * SIDE; i++) {
    const g = 255 - Math.round(255 * Math.min(1, px[i] * scale));
    img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = g;
    img.data[4 * i + 3] = 255;
  }
  canvas.getContext('2d').putImageData(img, 0, 0);
}

/**
 * Lays out `units` rows of w0 (units, SIDE²) as a grid of SIDE×SIDE tiles with a 1-pixel gap.
 * @param {HTMLCanvasElement} canvas @param {ArrayLike<number>} w0 @param {number} units
 * @returns {number} columns of the grid
 */
export function drawWeights(canvas, w0, units) {
  const cols = Math.ceil(Math.sqrt(units)), rows = Math.ceil(units / cols), tile = SIDE + 1;
  canvas.width = cols * tile - 1;
  canvas.height = rows * tile - 1;
  const img = new ImageData(canvas.width, canvas.height);
  img.data.fill(255);
  const n = SIDE * SIDE;
  for (let u = 0; u < units; u++) {
    let max = 1e-12;
    for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(w0[u * n + i]));
    const ox = (u % cols) * tile, oy = Math.floor(u / cols) * tile;
    for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) {
      diverging(img.data, 4 * ((oy + y) * canvas.width + ox + x), w0[u * n + y * SIDE + x] / max);
    }
  }
  canvas.getContext('2d').putImageData(img, 0, 0);
  return cols;
}
