// results.js — figures the pages compute from the network's outputs (sent by the worker after
// each epoch): the predicted class, the confusion matrix, and the regression errors. Pure
// functions of typed arrays; the ROC and precision–recall curves are in curves.js.

/**
 * Class of each row: argmax over k outputs, or p >= threshold for one sigmoid output
 * (a probability of exactly the threshold is class 1, as the engine counts 0.5).
 * @param {Float32Array} out (n, k)
 * @param {number} k
 * @param {number} [threshold]
 */
export function predictedClasses(out, k, threshold = 0.5) {
  const n = out.length / k, pred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (k === 1) { pred[i] = out[i] >= threshold ? 1 : 0; continue; }
    let best = 0;
    for (let j = 1; j < k; j++) if (out[i * k + j] > out[i * k + best]) best = j;
    pred[i] = best;
  }
  return pred;
}

/**
 * @param {ArrayLike<number>} truth (n) class indices
 * @param {ArrayLike<number>} pred (n)
 * @param {number} classes
 * @returns {Int32Array} (classes, classes), rows true class
 */
export function confusion(truth, pred, classes) {
  const m = new Int32Array(classes * classes);
  for (let i = 0; i < pred.length; i++) m[truth[i] * classes + pred[i]]++;
  return m;
}

/**
 * RMSE, MAE and R² of predictions against truth (same units).
 * @param {ArrayLike<number>} pred
 * @param {ArrayLike<number>} truth
 */
export function regressionErrors(pred, truth) {
  const n = truth.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += truth[i];
  mean /= n;
  let se = 0, ae = 0, st = 0;
  for (let i = 0; i < n; i++) {
    const e = pred[i] - truth[i];
    se += e * e;
    ae += Math.abs(e);
    st += (truth[i] - mean) ** 2;
  }
  return { rmse: Math.sqrt(se / n), mae: ae / n, r2: st > 0 ? 1 - se / st : NaN };
}
