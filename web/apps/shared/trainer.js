// trainer.js — one real-data page's training session inside its worker: the data set (held
// in JS, bytes for MNIST), the model, mini-batches cut from a seeded shuffle so an epoch can
// be interrupted between batches (the progress bar and the pad's predictions need that; the
// engine's trainEpoch runs a whole epoch in one call), the per-epoch evaluation and the
// results the page draws. Knows nothing of messages or the DOM: apps/shared/host.js speaks
// the protocol, and Node tests drive this class directly.

import { encodeSnapshot, HISTORY_COLUMNS } from '../../lib/snapshot.js';
import { mulberry32, shuffle } from '../../lib/mulberry32.js';
import { outputHead } from '../../lib/output-head.js';

/** Training rows evaluated each epoch for the "train" curve: all of a small set, a fixed prefix of a big one. */
export const TRAIN_EVAL_ROWS = 10000;
/** Training sets up to this size also get their predictions sent (scatter plots, ROC on train). */
const TRAIN_PREDICT_ROWS = 20000;
const SPEED_WINDOW_MS = 1000;

/**
 * @typedef {object} DataSet
 * @property {'classify'|'regress'} task
 * @property {Uint8Array | Float32Array} x  (nTrain + nTest, features), training rows first
 * @property {number} xScale   model input = x * xScale (1/255 for bytes)
 * @property {Float32Array} y  (nTrain + nTest, targets)
 * @property {number} targets  values per row of y
 * @property {number} nTrain
 * @property {number} nTest
 * @property {number} features
 * @property {number} classes  0 for regression
 */

/**
 * @typedef {object} Settings
 * @property {number[]} hidden   hidden layer sizes
 * @property {string} act        hidden activation
 * @property {string} optimizer
 * @property {number} lr
 * @property {number} batch
 * @property {number} epochs     training stops after this many
 * @property {boolean} cosine    cosine learning-rate decay over all the epochs
 * @property {number} dropout
 * @property {number} l2
 * @property {number} seed
 * @property {number} target     which column of y a regression learns
 */


/**
 * The engine spec for a data set and settings: the output layer follows from the task.
 * @param {DataSet} d
 * @param {Settings} s
 */
export function specFor(d, s) {
  const t = d.task === 'regress' ? 'regression' : d.classes === 2 ? 'binary' : 'multiclass';
  const head = outputHead(t, d.classes);
  const stepsPerEpoch = Math.ceil(d.nTrain / s.batch);
  return {
    inputs: d.features,
    layers: [...s.hidden, head.units],
    activations: [...s.hidden.map(() => s.act), head.activation],
    loss: head.loss,
    optimizer: s.optimizer,
    lr: s.lr,
    dropout: s.dropout,
    l2: s.l2,
    init: s.act === 'relu' || s.act === 'leaky_relu' ? 'he' : 'xavier_uniform',
    schedule: s.cosine ? 'cosine' : 'constant',
    decay_steps: Math.max(1, s.epochs * stepsPerEpoch),
    lr_min: s.cosine ? s.lr / 100 : 0,
    seed: s.seed,
  };
}

export class Trainer {
  /** @param {any} engine an Engine from web/engine.js */
  constructor(engine) {
    this.engine = engine;
    /** @type {DataSet | null} */
    this.data = null;
    this.settings = null;
    this.net = null;
    this.run = 0;
  }

  /** @param {DataSet} d */
  setData(d) {
    const rows = d.nTrain + d.nTest;
    if (d.x.length !== rows * d.features || d.y.length !== rows * d.targets)
      throw new Error(`data: x has ${d.x.length} values and y ${d.y.length}, want ${rows} rows × ${d.features} features and × ${d.targets} targets`);
    if (d.nTrain < 1 || d.nTest < 1) throw new Error(`data: needs training and test rows (got ${d.nTrain} and ${d.nTest})`);
    this.data = d;
    this.freeData();
    this.net?.free();
    this.net = null;
  }

  freeData() {
    this.trainEval?.free();
    this.testSet?.free();
    this.trainEval = this.testSet = null;
  }

  /** Row r's model inputs (bytes scaled to [0, 1]) into dst at offset o. */
  putRow(r, dst, o) {
    const d = this.data, f = d.features, src = d.x.subarray(r * f, (r + 1) * f);
    if (d.xScale === 1) dst.set(src, o);
    else for (let j = 0; j < f; j++) dst[o + j] = src[j] * d.xScale;
  }

  /** Model inputs of rows [from, from + n) as floats. */
  rowsX(from, n) {
    const f = this.data.features, out = new Float32Array(n * f);
    for (let i = 0; i < n; i++) this.putRow(from + i, out, i * f);
    return out;
  }

  /** Targets of rows [from, from + n): the chosen column. */
  rowsY(from, n) {
    const d = this.data, t = this.settings.target, out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = d.y[(from + i) * d.targets + t];
    return out;
  }

  /** Builds the model from the settings' seed and starts a new run. */
  configure(settings) {
    const d = this.data;
    if (!d) throw new Error("trainer: no data loaded yet");
    if (!(settings.target >= 0 && settings.target < d.targets))
      throw new Error(`target: column ${settings.target} does not exist (the set has ${d.targets})`);
    if (!(Number.isInteger(settings.batch) && settings.batch >= 1))
      throw new Error(`batch: must be an integer >= 1 (got ${settings.batch})`);
    if (!(Number.isInteger(settings.epochs) && settings.epochs >= 1))
      throw new Error(`epochs: must be an integer >= 1 (got ${settings.epochs})`);
    const net = this.engine.createModel(specFor(d, settings)); // throws the C message on a bad spec
    const targetChanged = this.settings?.target !== settings.target;
    this.net?.free();
    this.net = net;
    this.settings = settings;
    if (!this.testSet || targetChanged) {
      this.freeData();
      const nEval = Math.min(d.nTrain, TRAIN_EVAL_ROWS);
      this.trainEval = this.engine.upload(this.rowsX(0, nEval), this.rowsY(0, nEval));
      this.testSet = this.engine.upload(this.rowsX(d.nTrain, d.nTest), this.rowsY(d.nTrain, d.nTest));
    }
    this.run++;
    this.epoch = 0;
    this.pos = 0;                          // samples of the current epoch already trained
    this.next = mulberry32(settings.seed);
    this.order = new Uint32Array(d.nTrain).map((_, i) => i);
    shuffle(this.order, this.next);
    this.bx = new Float32Array(settings.batch * d.features);
    this.by = new Float32Array(settings.batch);
    this.pending = [];                     // history rows not yet sent
    this.speed = { t: now(), samples: 0, perSec: 0 };
    this.millisTraining = 0;               // time inside training steps, for seconds per epoch
    this.epochMillis = [];
    this.evaluate();
  }

  /** One mini-batch: the next rows of the shuffled order; returns its loss before the update. */
  step() {
    const d = this.data, f = d.features, s = this.settings;
    const n = Math.min(s.batch, d.nTrain - this.pos);
    const x = n === s.batch ? this.bx : this.bx.subarray(0, n * f);
    const y = n === s.batch ? this.by : this.by.subarray(0, n);
    for (let i = 0; i < n; i++) {
      const r = this.order[this.pos + i];
      this.putRow(r, x, i * f);
      y[i] = d.y[r * d.targets + s.target];
    }
    const loss = this.net.trainStep(x, y);
    this.pos += n;
    return loss;
  }

  get done() { return this.epoch >= this.settings.epochs; }

  /**
   * Trains batches for about `ms`; at the end of an epoch evaluates and reshuffles.
   * @returns {{reason: string, message: string} | null} a stop event
   */
  runFor(ms) {
    if (this.done) return this.doneEvent();
    const t0 = now(), end = t0 + ms;
    let samples = 0;
    try {
      do {
        const before = this.pos;
        this.step();
        samples += this.pos - before;
        if (this.pos >= this.data.nTrain) {
          this.millisTraining += now() - t0;
          this.endEpoch();
          this.countSpeed(samples);
          return this.done ? this.doneEvent() : null;
        }
      } while (now() < end);
    } catch (e) {
      if (/diverged/.test(e.message))
        return { reason: 'diverged', message: `Training diverged in epoch ${this.epoch + 1} (${e.message}). Lower the learning rate and reset.` };
      throw e;
    }
    this.millisTraining += now() - t0;
    this.countSpeed(samples);
    return null;
  }

  doneEvent() {
    return { reason: 'done', message: `Finished ${this.epoch} epochs.` };
  }

  endEpoch() {
    this.epoch++;
    this.epochMillis.push(this.millisTraining);
    this.millisTraining = 0;
    this.pos = 0;
    shuffle(this.order, this.next);
    this.evaluate();
  }

  countSpeed(samples) {
    const sp = this.speed, t = now();
    sp.samples += samples;
    if (t - sp.t >= SPEED_WINDOW_MS) {
      sp.perSec = (sp.samples * 1000) / (t - sp.t);
      sp.t = t;
      sp.samples = 0;
    }
  }

  /** Metrics after an epoch: loss and accuracy (R² for regression) on train and test, and the test outputs. */
  evaluate() {
    const d = this.data;
    const tr = this.net.evaluate(this.trainEval), te = this.net.evaluate(this.testSet);
    const metric = (ev) => (d.task === 'regress' ? ev.r2 : ev.accuracy);
    this.last = { trainLoss: tr.loss, testLoss: te.loss, trainMetric: metric(tr), testMetric: metric(te), lr: this.net.lr };
    this.pending.push(this.epoch, tr.loss, te.loss, metric(tr), metric(te), this.net.lr);
    this.results = null; // computed when the page next asks for a frame
  }

  /** The network's outputs for the test rows (and the training rows of a small set), and layer 1's weights. */
  computeResults() {
    const d = this.data, net = this.net;
    const testOut = net.predict(this.rowsX(d.nTrain, d.nTest));
    const trainOut = d.nTrain <= TRAIN_PREDICT_ROWS ? net.predict(this.rowsX(0, d.nTrain)) : new Float32Array(0);
    const l0 = net.layers[0];
    const w0 = net.params().subarray(l0.w, l0.w + l0.in * l0.out);
    return { testOut, trainOut, w0 };
  }

  /** @param {Float32Array} x rows of raw inputs (already scaled like the model's) */
  predict(x) {
    if (!this.net) throw new Error('predict: no model yet');
    return this.net.predict(x);
  }

  /** The per-frame message; the results sections only when an epoch ended since the last frame. */
  snapshot(playing) {
    const d = this.data, s = this.settings;
    const meta = {
      run: this.run, target: s.target, rowWidth: HISTORY_COLUMNS.length, epoch: this.epoch, epochs: s.epochs, pos: this.pos, nTrain: d.nTrain, playing,
      samplesPerSec: playing ? this.speed.perSec : 0, ...this.last, steps: this.net.steps,
      epochMillis: this.epochMillis.at(-1) ?? 0, meanEpochMillis: mean(this.epochMillis), hasResults: false,
      outputs: this.net.outputs, w0Shape: [this.net.layers[0].out, this.net.layers[0].in],
    };
    const sections = { history: Float32Array.from(this.pending) };
    this.pending = [];
    if (!this.results) {
      this.results = this.computeResults();
      Object.assign(sections, this.results);
      meta.hasResults = true;
    }
    return encodeSnapshot(meta, sections);
  }
}

const now = () => performance.now();
const mean = (a) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0);
