// points.js — the data points over the plane: training points filled with a white rim, test
// points (when shown) with a dark rim. Redrawn only when the data change, on a canvas that
// lies over the boundary heat map.

import { CLASS_COLORS, css, diverging } from './colors.js';
import { EXTENT } from '../lib/features.js';

/**
 * @param {HTMLCanvasElement} canvas sized in CSS pixels × devicePixelRatio by the caller
 * @param {{x: Float32Array, y: Float32Array, nTrain: number}} pts
 * @param {{task: string, showTest: boolean, radius?: number}} how radius in CSS pixels
 */
export function drawPoints(canvas, pts, how) {
  const ctx = canvas.getContext('2d'), w = canvas.width, h = canvas.height;
  ctx.clearRect(0, 0, w, h);
  const dpr = globalThis.devicePixelRatio || 1, r = how.radius ? how.radius * dpr : Math.max(3 * dpr, w / 90), rgba = new Uint8ClampedArray(4);
  const n = how.showTest ? pts.y.length : pts.nTrain;
  for (let i = 0; i < n; i++) {
    const px = ((pts.x[2 * i] + EXTENT) / (2 * EXTENT)) * w;
    const py = ((EXTENT - pts.x[2 * i + 1]) / (2 * EXTENT)) * h;
    if (how.task === 'regression') { diverging(rgba, 0, pts.y[i]); ctx.fillStyle = css(rgba); }
    else ctx.fillStyle = css(CLASS_COLORS[pts.y[i] % CLASS_COLORS.length]);
    ctx.beginPath();
    ctx.arc(px, py, r, 0, 2 * Math.PI);
    ctx.fill();
    ctx.lineWidth = Math.min(dpr, r / 2);
    ctx.strokeStyle = i < pts.nTrain ? '#fff' : '#222';
    ctx.stroke();
  }
}
