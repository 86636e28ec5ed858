// output-head.js — the output layer each task needs and the loss that goes with it, shared by
// the playground's spec (lib/spec.js) and the real-data pages' trainer. A module of its own
// so the real-data worker does not bundle the playground's settings (web/state.js).

/**
 * @param {'binary'|'multiclass'|'regression'} t
 * @param {number} classes  the number of classes (multiclass only)
 * @returns {{units: number, activation: string, loss: string}}
 */
export function outputHead(t, classes) {
  if (t === 'binary') return { units: 1, activation: 'sigmoid', loss: 'bce' };
  if (t === 'multiclass') return { units: classes, activation: 'softmax', loss: 'softmax_ce' };
  return { units: 1, activation: 'linear', loss: 'mse' };
}
