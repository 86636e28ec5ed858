// digits.js — 28×28 digits, first-layer weights, conv filters and feature maps onto canvases:
// grey digits as the data store them, the others on the playground's orange–white–blue scale,
// each tile on its own ±max so every unit's pattern shows.

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
  const cols = Math.ceil(Math.sqrt(units));
  drawTiles(canvas, w0, units, SIDE, SIDE, cols);
  return cols;
}

/**
 * Lays out `n` h×w images of `a` (n, h, w) as a grid of `cols` tiles a row with a 1-pixel gap,
 * each on the orange–white–blue scale of its own ±max: filters, feature maps.
 * @param {HTMLCanvasElement} canvas @param {ArrayLike<number>} a @param {number} n
 * @param {number} h @param {number} w @param {number} cols
 */
export function drawTiles(canvas, a, n, h, w, cols) {
  const rows = Math.ceil(n / cols);
  canvas.width = cols * (w + 1) - 1;
  canvas.height = rows * (h + 1) - 1;
  const img = new ImageData(canvas.width, canvas.height);
  img.data.fill(255);
  const px = h * w;
  for (let u = 0; u < n; u++) {
    let max = 1e-12;
    for (let i = 0; i < px; i++) max = Math.max(max, Math.abs(a[u * px + i]));
    const ox = (u % cols) * (w + 1), oy = Math.floor(u / cols) * (h + 1);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++)
      diverging(img.data, 4 * ((oy + y) * canvas.width + ox + x), a[u * px + y * w + x] / max);
  }
  canvas.getContext('2d').putImageData(img, 0, 0);
}
