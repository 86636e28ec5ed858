// network.js — the learner that is a network: a Model of the engine, trained on the data
// set's rows in C (mini-batches gathered there, the epoch carried across calls), evaluated
// and predicted there too. This file only adapts the Model to the Learner interface.

const GRADCHECK_EPS = 1e-3;

/**
 * @param {import('../../engine.js').Engine} engine
 * @param {Record<string, any>} spec
 * @returns {import('./index.js').Learner}
 */
export function createNetwork(engine, spec) {
  return wrap(engine, engine.createModel(spec));
}

/**
 * @param {import('../../engine.js').Engine} engine
 * @param {import('../../engine.js').Model} net
 * @returns {import('./index.js').Learner}
 */
function wrap(engine, net) {
  return {
    outputs: net.outputs,
    sizes: /** @type {number[]} */ (net.spec.layers),
    layers: net.layers,
    get lr() { return net.lr; },
    get lossName() { return /** @type {string} */ (net.spec.loss); },
    setTraining: (spec) => net.setTraining(spec),
    setParam(index, value) {
      const p = net.params();
      if (!(Number.isInteger(index) && index >= 0 && index < p.length)) throw new Error(`No parameter ${index}: the network has ${p.length}.`);
      p[index] = value;
      net.setParams(p);
    },
    get steps() { return net.steps; },
    params: () => net.params(),
    train: (ds, rows, opts) => net.trainRows(ds, rows, opts),
    evaluate: (ds, rows) => net.evaluateRows(ds, rows),
    predictRows: (ds, rows) => net.predictRows(ds, rows),
    predict: (x) => net.predict(x),
    layerOutputs: (x) => net.layers.map((_, l) => net.activations(x, l)),
    gradNorms: (trained) => (trained ? Array.from(net.gradNorms()) : net.layers.map(() => NaN)),
    trackBest: (loss, patience) => net.trackBest(loss, patience),
    restoreBest: () => net.restoreBest(),
    get bestEpoch() { return net.bestEpoch; },
    // maxGrad, the largest backprop gradient on the batch, tells whether there was anything to
    // compare: a saturated network has every gradient at 0 and would agree trivially.
    gradcheck(x, y) {
      const maxRelErr = net.gradcheck(x, y, GRADCHECK_EPS);
      const maxGrad = net.grads().reduce((m, g) => Math.max(m, Math.abs(g)), 0);
      return { maxRelErr, maxGrad };
    },
    exportModel: () => ({
      spec: net.spec, params: Array.from(net.params()), bnState: Array.from(net.state()), layers: net.layers,
    }),
    withParams(params, bnState) {
      const count = (/** @type {unknown} */ a) => (Array.isArray(a) ? a.length : 'no');
      if (!Array.isArray(params) || params.length !== net.paramCount)
        throw new Error(`Import: the file has ${count(params)} parameters, this network needs ${net.paramCount}.`);
      if (bnState !== null && (!Array.isArray(bnState) || bnState.length !== net.stateCount)) {
        throw new Error(`Import: the file has ${count(bnState)} batch-norm running statistics, ` +
          `this network needs ${net.stateCount}.`);
      }
      // A new model of the same spec takes the file's values, so training resumes with a fresh
      // optimizer (no moments, the schedule from step 0).
      const fresh = engine.createModel(net.spec);
      try {
        if (bnState) fresh.setState(Float32Array.from(bnState));
        fresh.setParams(Float32Array.from(params));
      } catch (e) {
        fresh.free();
        throw new Error(`Import: ${e.message}`);
      }
      return wrap(engine, fresh);
    },
    filters: () => net.layers.flatMap((l, layer) => {
      if (l.kind !== 'conv') return [];
      const { w, shape } = net.layerParams(layer);
      return [{ layer, shape, w: /** @type {Float32Array} */ (w) }];
    }),
    firstWeights() {
      const l = net.layers[0];
      return { w: net.params().subarray(l.w, l.w + l.in * l.out), units: l.out, inputs: l.in };
    },
    free: () => net.free(),
  };
}
