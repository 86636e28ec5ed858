// curves.js — ROC and precision–recall curves of a binary classifier from its scores, with
// the areas under them, and the confusion counts at a threshold. Ties are handled as one
// step (all rows with the same score move together), so the ROC area equals the
// Mann–Whitney probability with ties counted half, the convention the engine's AUC uses.

/**
 * @param {ArrayLike<number>} score (n) probability of class 1
 * @param {ArrayLike<number>} truth (n) 0 or 1
 * @returns {{fpr: Float64Array, tpr: Float64Array, precision: Float64Array, recall: Float64Array,
 *   thresholds: Float64Array, auc: number, ap: number}}
 *   points from the highest threshold (nothing predicted positive) down to the lowest;
 *   ap is the average precision, the step-wise area under the precision–recall curve
 */
export function rocPr(score, truth) {
  const n = truth.length;
  if (score.length !== n) throw new Error(`rocPr: ${score.length} scores for ${n} labels`);
  let pos = 0;
  for (let i = 0; i < n; i++) pos += truth[i] ? 1 : 0;
  const neg = n - pos;
  if (!pos || !neg) throw new Error(`rocPr: needs both classes (got ${pos} positive, ${neg} negative)`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b] - score[a]);
  const fpr = [0], tpr = [0], precision = [1], recall = [0], thresholds = [Infinity];
  let tp = 0, fp = 0, auc = 0, ap = 0;
  for (let i = 0; i < n;) {
    const s = score[order[i]];
    const tp0 = tp, fp0 = fp;
    for (; i < n && score[order[i]] === s; i++) { if (truth[order[i]]) tp++; else fp++; }
    auc += ((fp - fp0) / neg) * ((tp + tp0) / 2 / pos);   // trapezoid: a tie block is a diagonal step
    ap += ((tp - tp0) / pos) * (tp / (tp + fp));
    fpr.push(fp / neg); tpr.push(tp / pos); recall.push(tp / pos); precision.push(tp / (tp + fp)); thresholds.push(s);
  }
  const f = (a) => Float64Array.from(a);
  return { fpr: f(fpr), tpr: f(tpr), precision: f(precision), recall: f(recall), thresholds: f(thresholds), auc, ap };
}

/**
 * Counts at a threshold: a score >= threshold is predicted 1 (as the engine counts 0.5).
 * @returns {{tn: number, fp: number, fn: number, tp: number}}
 */
export function countsAt(score, truth, threshold) {
  const c = { tn: 0, fp: 0, fn: 0, tp: 0 };
  for (let i = 0; i < truth.length; i++) {
    const p = score[i] >= threshold;
    if (truth[i]) { if (p) c.tp++; else c.fn++; } else if (p) c.fp++; else c.tn++;
  }
  return c;
}
