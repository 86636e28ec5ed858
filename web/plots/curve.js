// curve.js — ROC and precision–recall curves of a binary classifier, drawn (xy.js) from the
// engine's counts at evenly spaced thresholds (engine.metricsCurve: rows with score >= t),
// with the point of one threshold marked; and the confusion counts at that threshold. The
// areas are the engine's, exact over all scores, not from these sampled points.

import { createXYPlot } from './xy.js';

const LINE = '#0877bd', MARK = '#f59322';
const UNIT = /** @type {[number, number]} */ ([0, 1]);

/**
 * @typedef {{thresholds: ArrayLike<number>, tp: ArrayLike<number>, fp: ArrayLike<number>,
 *   positives: number, negatives: number}} Curve
 */

/**
 * Counts at the sampled threshold nearest t: a score >= t is predicted 1.
 * @param {Curve} c @param {number} t
 * @returns {{tn: number, fp: number, fn: number, tp: number}}
 */
export function countsAt(c, t) {
  let i = 0;
  for (let j = 1; j < c.thresholds.length; j++) if (Math.abs(c.thresholds[j] - t) < Math.abs(c.thresholds[i] - t)) i = j;
  const tp = c.tp[i], fp = c.fp[i];
  return { tp, fp, fn: c.positives - tp, tn: c.negatives - fp };
}

/**
 * @param {HTMLCanvasElement} rocCanvas
 * @param {HTMLCanvasElement} prCanvas
 */
export function createCurvePlots(rocCanvas, prCanvas) {
  const roc = createXYPlot(rocCanvas), pr = createXYPlot(prCanvas);
  return {
    /** @param {Curve} c @param {number} t the marked threshold */
    draw(c, t) {
      const n = c.thresholds.length, P = c.positives, N = c.negatives;
      const fpr = new Float64Array(n), tpr = new Float64Array(n), prec = [], rec = [];
      for (let i = 0; i < n; i++) {
        fpr[i] = c.fp[i] / N;
        tpr[i] = c.tp[i] / P;
        if (c.tp[i] + c.fp[i] > 0) { rec.push(tpr[i]); prec.push(c.tp[i] / (c.tp[i] + c.fp[i])); }
      }
      const at = countsAt(c, t);
      roc.draw({
        xLabel: 'false positive rate', yLabel: 'true positive rate (recall)', xRange: UNIT, yRange: UNIT, diagonal: true,
        series: [{ x: fpr, y: tpr, color: LINE, mode: 'line' }],
        mark: { x: at.fp / N, y: at.tp / P, color: MARK },
      });
      const base = P / (P + N);
      pr.draw({
        xLabel: 'recall', yLabel: 'precision', xRange: UNIT, yRange: UNIT,
        series: [{ x: [0, 1], y: [base, base], color: '#bbb', mode: 'line' }, { x: rec, y: prec, color: LINE, mode: 'line' }],
        mark: at.tp + at.fp ? { x: at.tp / P, y: at.tp / (at.tp + at.fp), color: MARK } : undefined,
      });
    },
  };
}
