// plane.js — the output panel's picture: the model's output over the plane (heatmap.js) on one
// canvas, the data points (points.js) on another laid over it. The boundary is repainted every
// frame; the points only when the data, the test toggle or the canvas size change.

import { drawHeatmap } from './heatmap.js';
import { drawPoints } from './points.js';

/**
 * @param {HTMLCanvasElement} heat  res × res, upscaled by CSS
 * @param {HTMLCanvasElement} dots  sized here to its CSS width × devicePixelRatio
 */
export function createPlanePlot(heat, dots) {
  let display = { showTest: false, discretize: false };
  let drawn = '';

  /** @param {import('../lib/view.js').View} view */
  function paint(view) {
    const w = Math.round(dots.clientWidth * (globalThis.devicePixelRatio || 1));
    if (w && dots.width !== w) { dots.width = w; dots.height = w; }
    const last = view.last, pts = view.points;
    if (last?.arrays.boundary) {
      const { meta, arrays } = last;
      drawHeatmap(heat, arrays.boundary, meta.boundaryRes, { task: meta.task, classes: meta.classes, discretize: display.discretize });
    }
    const key = pts && `${pts.version}/${display.showTest}/${dots.width}`;
    if (pts && key !== drawn) {
      drawPoints(dots, pts, { task: pts.task, showTest: display.showTest });
      drawn = key;
    }
  }

  return {
    draw: paint,
    data: paint,
    /** @param {{showTest: boolean, discretize: boolean}} d @param {import('../lib/view.js').View} view */
    setDisplay(d, view) { display = d; paint(view); },
    /**
     * The model's output at a fraction (fx, fy) of the plane, or null before the first frame.
     * @param {import('../lib/view.js').View} view @param {number} fx @param {number} fy
     */
    outputAt(view, fx, fy) {
      const b = view.last?.arrays.boundary;
      if (!b?.length) return null;
      const res = view.last.meta.boundaryRes;
      const i = Math.min(res - 1, Math.max(0, Math.floor(fy * res)));
      const j = Math.min(res - 1, Math.max(0, Math.floor(fx * res)));
      const k = b.length / (res * res);
      return b.subarray((i * res + j) * k, (i * res + j + 1) * k);
    },
  };
}
