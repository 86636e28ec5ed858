// session.js — one playground's training session inside its worker: the data set and its
// features, the model (or Rosenblatt's perceptron), the epoch loop with its stopping rules,
// and the snapshot the page draws. Knows nothing of messages or the DOM (worker/host.js
// speaks the protocol), so Node tests can drive it directly.

import { transform, planeGrid, FEATURE_LABELS } from '../lib/features.js';
import { encodeSnapshot, HISTORY_COLUMNS } from '../lib/snapshot.js';
import { toSpec } from '../lib/spec.js';
import { task, classCount, serialize, DATASETS_CLASSIFY, DATASETS_REGRESS } from '../state.js';

export const BOUNDARY_RES = 60;  // boundary image is BOUNDARY_RES², upscaled by CSS
export const NEURON_RES = 20;    // each neuron's heat map
export const MAX_DRAWN = 8;      // neurons drawn per layer; larger layers are summarised
export const PERCEPTRON_MAX_EPOCHS = 500; // the engine restarts the rule each call: O(epochs²·n)
const GRADCHECK_BATCH = 16;
const PREVIEW_POINTS = 120;
const MAX_PENDING_ROWS = 4096;

// Settings that change only how the page draws or when training stops: editing them keeps
// the model. Any other setting rebuilds it, as TensorFlow Playground does.
const KEEP_MODEL = new Set(['showTest', 'discretize', 'maxEpochs', 'earlyStop', 'patience', 'pace']);
const DATA_KEYS = ['problem', 'dataset', 'classes', 'noise', 'points', 'trainPct', 'dataSeed'];

export class Session {
  /** @param {any} engine an Engine from web/engine.js */
  constructor(engine) {
    this.engine = engine;
    this.state = null;
    this.net = null;
    this.perceptronW = null;
    this.train = null;   // uploaded training data
    this.test = null;
    this.dataVersion = 0;
    this.boundaryGrid = planeGrid(BOUNDARY_RES);
    this.neuronGrid = planeGrid(NEURON_RES);
    this.clearRun();
  }

  clearRun() {
    this.run = (this.run ?? 0) + 1; // the page starts new curves when this changes
    this.epoch = 0;
    this.pending = [];   // history rows not yet sent
    this.last = { trainLoss: NaN, testLoss: NaN, trainAcc: NaN, testAcc: NaN };
    this.trackFrom = -1; // first epoch handed to early stopping
    this.bestEpoch = -1;
    this.speed = { t: now(), steps: 0, epochs: 0, stepsPerSec: 0, epochsPerSec: 0 };
  }

  /** Applies a new state: rebuilds data and/or model only when their settings changed. */
  configure(state) {
    const old = this.state;
    this.state = state;
    const changed = (k) => !old || JSON.stringify(old[k]) !== JSON.stringify(state[k]);
    if (DATA_KEYS.some(changed)) this.generate();
    else if (changed('features')) this.assemble();
    if (!old || Object.keys(state).some((k) => !KEEP_MODEL.has(k) && changed(k))) this.reset();
  }

  /** A new data set from the data seed; forgets the learner's clicks. */
  generate() {
    const s = this.state;
    this.base = this.engine.toy(s.dataset, s.points, s.noise, s.classes, s.dataSeed);
    this.baseTrain = Math.round((s.points * s.trainPct) / 100);
    this.added = [];          // [x1, x2, label] clicked in; they join the training part
    this.removed = new Set(); // indices into base
    this.assemble();
  }

  /** Builds the points (training part first), their features, and uploads both parts. */
  assemble() {
    const { x, y } = this.base, order = [];
    const keep = (i) => !this.removed.has(i);
    for (let i = 0; i < this.baseTrain; i++) if (keep(i)) order.push(i);
    this.added.forEach((_, k) => order.push(-1 - k)); // negative: the k-th clicked-in point
    const nTrain = order.length;
    for (let i = this.baseTrain; i < y.length; i++) if (keep(i)) order.push(i);
    const px = new Float32Array(order.length * 2), py = new Float32Array(order.length);
    order.forEach((o, i) => {
      const [a, b, label] = o >= 0 ? [x[2 * o], x[2 * o + 1], y[o]] : this.added[-1 - o];
      px[2 * i] = a; px[2 * i + 1] = b; py[i] = label;
    });
    const features = this.state.features, d = features.length, f = transform(px, features);
    const trainX = f.subarray(0, nTrain * d), trainY = py.subarray(0, nTrain);
    // Both new sets are uploaded before the old ones go, so a refused upload changes nothing.
    const train = this.engine.upload(trainX, trainY);
    let test;
    try {
      test = this.engine.upload(f.subarray(nTrain * d), py.subarray(nTrain));
    } catch (e) {
      train.free();
      throw e;
    }
    this.train?.free();
    this.test?.free();
    this.points = { x: px, y: py, nTrain, order };
    this.pointsF = f;
    // The grids are fixed, so their features change only with the feature list, not with a
    // clicked point: every snapshot and perceptron epoch reads these instead of transforming.
    if (this.gridFeatures !== features) {
      this.boundaryF = transform(this.boundaryGrid, features);
      this.neuronF = transform(this.neuronGrid, features);
      this.gridFeatures = features;
    }
    Object.assign(this, { trainX, trainY, train, test });
    this.dataVersion++;
  }

  addPoint(x1, x2, label) {
    this.added.push([x1, x2, label]);
    this.assemble();
  }

  /** Removes the point nearest (x1, x2) within `radius`; false if there is none. */
  removePoint(x1, x2, radius) {
    const { x, order } = this.points;
    let best = -1, bestD = radius * radius;
    for (let i = 0; i < order.length; i++) {
      const d = (x[2 * i] - x1) ** 2 + (x[2 * i + 1] - x2) ** 2;
      if (d < bestD) { best = i; bestD = d; }
    }
    if (best < 0) return false;
    const inTrain = best < this.points.nTrain;
    if ((inTrain ? this.points.nTrain : order.length - this.points.nTrain) < 2)
      throw new Error(`The last ${inTrain ? 'training' : 'test'} point stays: each part needs one.`);
    const o = order[best];
    if (o >= 0) this.removed.add(o); else this.added.splice(-1 - o, 1);
    this.assemble();
    return true;
  }

  /** A fresh model from the seed: the same seed replays the same initial weights. */
  reset() {
    this.net?.free();
    this.net = null;
    this.perceptronW = null;
    this.clearRun();
    if (this.state.perceptron) {
      if (task(this.state) !== 'binary')
        throw new Error('Perceptron mode needs a two-class data set: the step unit has one output.');
      this.perceptronW = new Float32Array(this.state.features.length + 1);
    } else {
      this.net = this.engine.createModel(toSpec(this.state));
    }
    this.evaluate();
  }

  /** One epoch of training. Returns a stop event {reason, message} or null. */
  epochStep() {
    const s = this.state;
    if (s.maxEpochs > 0 && this.epoch >= s.maxEpochs)
      return { reason: 'cap', message: `Stopped: reached the cap of ${s.maxEpochs} epochs.` };
    if (this.perceptronW) return this.perceptronEpoch();
    if (!this.net) throw new Error('There is no model to train: the settings were refused (see above).');
    const steps0 = this.net.steps;
    try {
      this.net.trainEpoch(this.train, s.batch);
    } catch (e) {
      if (/diverged/.test(e.message))
        return { reason: 'diverged', message: `Training diverged at epoch ${this.epoch + 1} (${e.message}). Paused: lower the learning rate or reset.` };
      throw e;
    }
    this.epoch++;
    this.speed.steps += this.net.steps - steps0;
    this.speed.epochs++;
    this.evaluate();
    if (s.earlyStop) {
      if (this.trackFrom < 0) this.trackFrom = this.epoch;
      if (this.net.trackBest(this.last.testLoss, s.patience)) {
        this.net.restoreBest();
        this.bestEpoch = this.trackFrom + this.net.bestEpoch;
        this.evaluate();
        return { reason: 'early', message: `Early stopping: the test loss has not improved for ${s.patience} epochs; restored the best weights, from epoch ${this.bestEpoch}.` };
      }
      this.bestEpoch = this.trackFrom + this.net.bestEpoch;
    }
    return null;
  }

  perceptronEpoch() {
    if (this.epoch >= PERCEPTRON_MAX_EPOCHS)
      return { reason: 'cap', message: `The perceptron rule did not converge in ${PERCEPTRON_MAX_EPOCHS} epochs: the classes are not linearly separable in these features.` };
    this.epoch++;
    const d = this.state.features.length;
    const r = this.engine.perceptron(this.trainX, this.trainY, d, this.epoch, this.state.lr);
    this.perceptronW = r.w;
    this.speed.steps += this.trainY.length;
    this.speed.epochs++;
    this.evaluate();
    if (r.converged)
      return { reason: 'converged', message: `The perceptron rule converged after ${r.epochs} epochs: every training point is classified correctly.` };
    return null;
  }

  get hasModel() {
    return Boolean(this.net || this.perceptronW);
  }

  /** Trains epochs until `ms` have passed or a stop event. */
  runFor(ms) {
    const end = now() + ms;
    do {
      const ev = this.epochStep();
      if (ev) return ev;
    } while (now() < end);
    return null;
  }

  /** Records a history row for the current weights: losses, accuracy (or R²), lr, grad norms. */
  evaluate() {
    let tr, te, lr = this.state.lr, norms = [];
    if (this.perceptronW) {
      const acc = this.perceptronSplitAccuracy();
      tr = { loss: 1 - acc.train, accuracy: acc.train };
      te = { loss: 1 - acc.test, accuracy: acc.test };
    } else {
      tr = this.net.evaluate(this.train);
      te = this.net.evaluate(this.test);
      lr = this.net.lr;
      norms = this.epoch > 0 ? Array.from(this.net.gradNorms()) : this.net.layers.map(() => NaN);
    }
    const metric = (ev) => (task(this.state) === 'regression' ? ev.r2 : ev.accuracy);
    this.last = { trainLoss: tr.loss, testLoss: te.loss, trainAcc: metric(tr), testAcc: metric(te), lr };
    const row = [this.epoch, tr.loss, te.loss, metric(tr), metric(te), lr, ...norms];
    this.pending.push(...row);
    // A hidden tab draws no frames and acknowledges nothing while training goes on: keep
    // every other row rather than grow without bound (the page thins its curves anyway).
    const rows = this.pending.length / row.length;
    if (rows > MAX_PENDING_ROWS)
      this.pending = this.pending.filter((_, i) => (rows - 1 - Math.floor(i / row.length)) % 2 === 0);
  }

  perceptronSplitAccuracy() {
    const out = this.engine.perceptronPredict(this.perceptronW, this.pointsF);
    const { y, nTrain } = this.points;
    let okTrain = 0, okTest = 0;
    for (let i = 0; i < y.length; i++) {
      const ok = out[i] === y[i];
      if (i < nTrain) okTrain += ok; else okTest += ok;
    }
    return { train: okTrain / Math.max(nTrain, 1), test: okTest / Math.max(y.length - nTrain, 1) };
  }

  /**
   * Backpropagation against finite differences on the first training points. maxGrad, the
   * largest backprop gradient on that batch, tells whether there was anything to compare: a
   * saturated network has every gradient at 0 and would agree trivially (the page's wording).
   * @returns {{maxRelErr: number, maxGrad: number}}
   */
  gradcheck() {
    if (!this.net) throw new Error('Gradient check needs a network; perceptron mode has none.');
    const d = this.state.features.length, n = Math.min(GRADCHECK_BATCH, this.trainY.length);
    const maxRelErr = this.net.gradcheck(this.trainX.subarray(0, n * d), this.trainY.subarray(0, n), 1e-3);
    const maxGrad = this.net.grads().reduce((m, g) => Math.max(m, Math.abs(g)), 0);
    return { maxRelErr, maxGrad };
  }

  /** Small samples of every data set of the current problem type, for the picker's tiles. */
  previews() {
    const s = this.state;
    const names = s.problem === 'regression' ? DATASETS_REGRESS : DATASETS_CLASSIFY;
    return names.map((name) => {
      const { x, y } = this.engine.toy(name, PREVIEW_POINTS, s.noise, s.classes, 1);
      return { name, x, y, nTrain: y.length, task: task({ ...s, dataset: name }) };
    });
  }

  /** Everything needed to save the model or rewrite it in PyTorch. */
  exportModel() {
    if (!this.net) throw new Error('Export needs a network; perceptron mode has none.');
    return {
      format: 'nnplay-model', version: 1,
      settings: serialize(this.state),
      spec: this.net.spec,
      features: this.state.features,
      params: Array.from(this.net.params()),
      bnState: Array.from(this.net.state()),
      layers: this.net.layers,
      epoch: this.epoch,
    };
  }

  /**
   * Puts exported weights and batch norm's running statistics back; configure(state) must have
   * built the matching model. bnState null (a file from before it held them) keeps the fresh
   * ones. A refusal changes nothing.
   * @param {number[]} params
   * @param {number[] | null} [bnState]
   */
  importParams(params, bnState = null) {
    if (!this.net) throw new Error('Import needs a network; switch perceptron mode off.');
    const net = this.net;
    const count = (a) => (Array.isArray(a) ? a.length : 'no');
    if (!Array.isArray(params) || params.length !== net.paramCount)
      throw new Error(`Import: the file has ${count(params)} parameters, this network needs ${net.paramCount}.`);
    if (bnState !== null && (!Array.isArray(bnState) || bnState.length !== net.stateCount)) {
      throw new Error(`Import: the file has ${count(bnState)} batch-norm running statistics, ` +
        `this network needs ${net.stateCount}.`);
    }
    // A new model of the same spec takes the file's values, so training resumes with a fresh
    // optimizer (no moments, the schedule from step 0), as the page says; a refused file
    // leaves the current model as it was.
    const fresh = this.engine.createModel(toSpec(this.state));
    try {
      if (bnState) fresh.setState(Float32Array.from(bnState));
      fresh.setParams(Float32Array.from(params));
    } catch (e) {
      fresh.free();
      throw new Error(`Import: ${e.message}`);
    }
    net.free();
    this.net = fresh;
    this.clearRun();
    this.evaluate();
  }

  /** The per-frame message: latest figures, new history rows, boundary, neurons, weights. */
  snapshot(playing) {
    const s = this.state, t = now(), sp = this.speed;
    if (t - sp.t >= 500) {
      sp.stepsPerSec = (sp.steps * 1000) / (t - sp.t);
      sp.epochsPerSec = (sp.epochs * 1000) / (t - sp.t);
      Object.assign(sp, { t, steps: 0, epochs: 0 });
    }
    if (!playing) Object.assign(sp, { stepsPerSec: 0, epochsPerSec: 0 });
    const sizes = this.net ? [s.features.length, ...this.net.spec.layers] : [s.features.length, 1];
    const drawn = sizes.map((n) => Math.min(n, MAX_DRAWN));
    const params = this.net ? this.net.params() : this.perceptronW;
    const layers = this.net ? this.net.layers
      : [{ in: s.features.length, out: 1, w: 0, b: s.features.length, gamma: -1, beta: -1 }];
    const rowWidth = HISTORY_COLUMNS.length + (this.net ? this.net.layers.length : 0);
    const meta = {
      epoch: this.epoch, steps: this.net ? this.net.steps : 0, playing, ...this.last,
      stepsPerSec: sp.stepsPerSec, epochsPerSec: sp.epochsPerSec, bestEpoch: this.bestEpoch,
      task: task(s), classes: classCount(s), outputs: this.net ? this.net.outputs : 1,
      boundaryRes: BOUNDARY_RES, neuronRes: NEURON_RES, sizes, drawn, layers, rowWidth,
      dataVersion: this.dataVersion, run: this.run,
      inputNames: s.features.map((f) => FEATURE_LABELS[f]),
    };
    const sections = {
      history: Float32Array.from(this.pending),
      boundary: this.boundaryOutputs(),
      neurons: this.neuronMaps(drawn),
      params,
    };
    this.pending = [];
    return encodeSnapshot(meta, sections);
  }

  boundaryOutputs() {
    const f = this.boundaryF;
    return this.perceptronW ? this.engine.perceptronPredict(this.perceptronW, f) : this.net.predict(f);
  }

  /** Heat maps of the first `drawn[l]` units of every layer, inputs included, unit-major. */
  neuronMaps(drawn) {
    const px = NEURON_RES * NEURON_RES;
    const f = this.neuronF;
    const layerOut = [f];
    if (this.net) for (let l = 0; l < this.net.layers.length; l++) layerOut.push(this.net.activations(f, l));
    else layerOut.push(this.engine.perceptronPredict(this.perceptronW, f));
    const total = drawn.reduce((a, b) => a + b, 0);
    const out = new Float32Array(total * px);
    let k = 0;
    layerOut.forEach((a, l) => {
      const width = a.length / px;
      for (let u = 0; u < drawn[l]; u++, k++)
        for (let p = 0; p < px; p++) out[k * px + p] = a[p * width + u];
    });
    return out;
  }

  /** The points for the page to draw: x (n, 2), y (n); the first nTrain are training points. */
  pointsCopy() {
    return { x: this.points.x.slice(), y: this.points.y.slice(), nTrain: this.points.nTrain, task: task(this.state) };
  }
}

const now = () => performance.now();
