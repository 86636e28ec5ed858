// perceptron.js — the learner that is Rosenblatt's perceptron: one step unit, trained by the
// engine's perceptron rule one epoch per call, continuing from its weights. It has no loss to
// descend: its "loss" is the error rate. It stops by itself when every training point is
// classified correctly, or after MAX_EPOCHS, which on data it cannot separate never happens.

const MAX_EPOCHS = 500;

/** @param {import('../../engine.js').DataSet} ds @param {import('./index.js').Rows} rows */
const read = (ds, rows) => ds.read(rows.split, rows.first ?? 0, rows.n, rows.target ?? 0);

/**
 * @param {import('../../engine.js').Engine} engine
 * @param {number} inputs
 * @param {number} lr
 * @param {string} task
 * @returns {import('./index.js').Learner}
 */
export function createPerceptron(engine, inputs, lr, task) {
  if (task !== 'binary') throw new Error('Perceptron mode needs a two-class data set: the step unit has one output.');
  let w = new Float32Array(inputs + 1); // bias last
  let epochs = 0, rate = lr;
  const predict = (/** @type {Float32Array} */ x) => engine.perceptronPredict(w, x);
  const none = (/** @type {string} */ what) => () => { throw new Error(`${what} needs a network; perceptron mode has none.`); };
  return {
    outputs: 1,
    sizes: [1],
    layers: [{ in: inputs, out: 1, w: 0, b: inputs, gamma: -1, beta: -1 }],
    get lr() { return rate; },
    lossName: 'perceptron',
    // The rule's one setting: its rate. The rest of a spec has no meaning for a step unit.
    setTraining(spec) { rate = spec.lr; return { freshOptimizer: false }; },
    setParam(index, value) {
      if (!(Number.isInteger(index) && index >= 0 && index <= inputs)) throw new Error(`No weight ${index}: the perceptron has ${inputs + 1}.`);
      if (!Number.isFinite(value)) throw new Error(`A weight must be a finite number (got ${value}).`);
      w[index] = value;
    },
    get steps() { return epochs; },
    params: () => w.slice(),
    train(ds, rows) {
      const { x, y } = read(ds, rows);
      const r = engine.perceptron(x, y, inputs, 1, rate, w);
      w = r.w;
      epochs++;
      let stop = null;
      if (r.converged) {
        stop = { reason: 'converged', message: `The perceptron rule converged after ${epochs} epochs: every training point is classified correctly.` };
      } else if (epochs >= MAX_EPOCHS) {
        stop = { reason: 'cap', message: `The perceptron rule did not converge in ${MAX_EPOCHS} epochs: the classes are not linearly separable in these features.` };
      }
      return { loss: NaN, steps: y.length, epochDone: true, stop };
    },
    evaluate(ds, rows) {
      const { x, y } = read(ds, rows);
      const out = predict(x);
      let ok = 0;
      for (let i = 0; i < y.length; i++) ok += out[i] === y[i] ? 1 : 0;
      const accuracy = ok / Math.max(y.length, 1);
      return { loss: 1 - accuracy, accuracy, r2: NaN };
    },
    predictRows: (ds, rows) => predict(read(ds, rows).x),
    predict,
    layerOutputs: (x) => [predict(x)],
    gradNorms: () => [],
    trackBest: () => false,
    restoreBest() {},
    bestEpoch: -1,
    gradcheck: none('Gradient check'),
    exportModel: none('Export'),
    withParams: none('Import'),
    firstWeights: () => ({ w: w.subarray(0, inputs), units: 1, inputs }),
    filters: () => [],
    free() {},
  };
}
