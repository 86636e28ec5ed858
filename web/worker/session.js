// session.js — one nnplay's training session inside its worker: a source of rows, a learner,
// the stopping rules, the history rows and the snapshot sections the page asked for. Every
// page is one of these with another source; nothing here asks which. Knows nothing of
// messages or the DOM (worker/host.js speaks the protocol), so Node tests drive it directly.

import { encodeSnapshot, HISTORY_COLUMNS } from '../lib/snapshot.js';
import { toSpec, repair } from '../lib/settings.js';
import { createLearner } from './learners/index.js';

export const BOUNDARY_RES = 60;  // boundary image is BOUNDARY_RES², upscaled by CSS
export const NEURON_RES = 20;    // each neuron's heat map
export const MAX_DRAWN = 8;      // neurons drawn per layer; larger layers are summarised
/** Training rows evaluated each epoch for the "train" curve: all of a small set, a fixed prefix of a big one. */
const TRAIN_EVAL_ROWS = 10000;
/** Training sets up to this size also get their predictions plotted (scatter plots). */
const TRAIN_PLOT_ROWS = 20000;
const GRADCHECK_BATCH = 16;
const MAX_PENDING_ROWS = 4096;
const MISTAKES = 36;
const CURVE_POINTS = 101;
const SPEED_WINDOW_MS = 500;
// Training calls are sized to take about this long, so a slice of the host ends on time and a
// big set shows its progress batch by batch, while a toy set trains whole epochs per call.
const CALL_MS = 4;

// Settings that change only how the page draws or when training stops: editing them keeps
// the model. Any other setting rebuilds it, as TensorFlow Playground does.
const KEEP_MODEL = new Set(['show_test', 'discretize', 'max_epochs', 'early_stop', 'patience', 'pace']);

/**
 * Snapshot sections a page may ask for, besides the history every page gets. The first three
 * are drawn every frame (a plane source only); the others come from an evaluation of the test
 * rows, once per epoch.
 */
export const SECTIONS = ['boundary', 'neurons', 'params', 'confusion', 'curve', 'mistakes', 'regression', 'weights'];
const PER_EPOCH = new Set(['confusion', 'curve', 'mistakes', 'regression', 'weights']);

/** @typedef {import('./learners/index.js').StopEvent} StopEvent */

export class Session {
  /** @param {import('../engine.js').Engine} engine */
  constructor(engine) {
    this.engine = engine;
    /** @type {import('./sources/index.js').Source | null} */
    this.source = null;
    /** @type {import('./learners/index.js').Learner | null} */
    this.learner = null;
    /** @type {import('../lib/settings.js').State | null} */
    this.state = null;
    /** @type {Set<string>} */
    this.want = new Set();
    this.run = 0;
    this.clearRun();
  }

  clearRun() {
    this.run++; // the page starts new curves when this changes
    this.epoch = 0;
    /** @type {number[]} history rows not yet sent */
    this.pending = [];
    this.last = { trainLoss: NaN, testLoss: NaN, trainAcc: NaN, testAcc: NaN, lr: NaN };
    this.trackFrom = -1; // first epoch handed to early stopping
    this.bestEpoch = -1;
    this.epochSteps = 0; // steps into the epoch under way
    this.maxSteps = 1;   // steps per training call, adapted to CALL_MS
    this.trainMillis = 0;
    /** @type {number[]} */
    this.epochMillis = [];
    this.speed = { t: now(), steps: 0, epochs: 0, samples: 0, stepsPerSec: 0, epochsPerSec: 0, samplesPerSec: 0 };
    this.results = null;
  }

  /**
   * Another source of rows: the old one and its learner go.
   * @param {import('./sources/index.js').Source} source
   * @returns {Record<string, any>} what the page is told of the data
   */
  open(source) {
    this.learner?.free();
    this.learner = null;
    this.source?.free();
    this.source = source;
    this.state = null;
    this.clearRun();
    // A toy source makes its rows from the settings: configure() comes first.
    return source.ds ? { ...source.info(), trainEvalRows: Math.min(source.ds.nTrain, TRAIN_EVAL_ROWS) } : source.info();
  }

  /**
   * Applies a new state: the source rebuilds its rows and the learner is rebuilt only when
   * their settings changed.
   * @param {import('../lib/settings.js').State} state
   * @param {string[]} [want] the snapshot sections the page draws
   */
  configure(state, want = [...this.want]) {
    const src = this.data();
    const unknown = want.find((w) => !SECTIONS.includes(w));
    if (unknown !== undefined) throw new Error(`config: no snapshot section '${unknown}' (there are ${SECTIONS.join(', ')})`);
    const old = this.state;
    this.state = state;
    this.want = new Set(want);
    src.configure(state);
    const changed = (/** @type {string} */ k) => !old || JSON.stringify(old[k]) !== JSON.stringify(state[k]);
    if (!old || Object.keys(state).some((k) => !KEEP_MODEL.has(k) && changed(k))) this.reset();
    else this.results = null; // the same model; the page may want other sections of it
  }

  /**
   * Settings from an address or an element, with every value the engine's rules between fields
   * refuse put back to `fallback`'s (lib/settings.js repair).
   * @param {import('../lib/settings.js').State} state @param {import('../lib/settings.js').State} fallback
   */
  repair(state, fallback) {
    const src = this.data();
    return repair(state, fallback, (s) => this.engine.specCheck(toSpec(s, src.shape(s))));
  }

  /** The source, or why there is none. */
  data() {
    if (!this.source) throw new Error('There is no data yet.');
    return this.source;
  }

  /** The learner, or why there is none. */
  model() {
    if (!this.learner) throw new Error('There is no model to train: the settings were refused (see above).');
    return this.learner;
  }

  get dataVersion() { return this.source?.version ?? 0; }

  /** Whether there is a model to train and draw (a refused setting leaves none). */
  get ready() { return Boolean(this.learner); }

  /** A fresh learner from the seed: the same seed replays the same initial weights. */
  reset() {
    this.data(); // no data: refused before the old learner goes
    this.learner?.free();
    this.learner = null;
    this.clearRun();
    this.learner = this.newLearner(this.state);
    this.evaluate();
  }

  /** A learner for `state` on this source, from its seed. @param {import('../lib/settings.js').State} state */
  newLearner(state) {
    const shape = this.data().shape(state);
    return createLearner(this.engine, state, toSpec(state, shape), shape);
  }

  /**
   * @param {'train' | 'test'} split @param {number} [n]  all the split's rows by default
   * @returns {import('./learners/index.js').Rows}
   */
  rows(split, n = undefined) { return { split, first: 0, n, target: this.state.target }; }

  /** The epoch cap's stop event once it is reached, else null. */
  capped() {
    const cap = this.state.max_epochs;
    if (!(cap > 0 && this.epoch >= cap)) return null;
    return { reason: 'cap', message: `Stopped: reached the cap of ${cap} epochs. Reset, or raise the cap, to train again.` };
  }

  /**
   * Trains until the epoch under way ends (or training stops).
   * @returns {StopEvent | null}
   */
  step() {
    const start = this.epoch;
    let ev = null;
    while (!ev && this.epoch === start) ev = this.trainCall();
    return ev;
  }

  /** Trains until `ms` have passed or a stop event. @param {number} ms @returns {StopEvent | null} */
  runFor(ms) {
    const end = now() + ms;
    let ev = null;
    do ev = this.trainCall(); while (!ev && now() < end);
    return ev;
  }

  /** One call into the learner of up to maxSteps batches. @returns {StopEvent | null} */
  trainCall() {
    const learner = this.model(), s = this.state, { ds } = this.source;
    const cap = this.capped();
    if (cap) return cap;
    const t0 = now(), before = this.pos();
    let r;
    try {
      r = learner.train(ds, this.rows('train'), { batch: s.batch, maxSteps: this.maxSteps });
    } catch (e) {
      if (e.code === 'NN_ERR_DIVERGED')
        return { reason: 'diverged', message: `Training diverged at epoch ${this.epoch + 1} (${e.message}). Paused: lower the learning rate or reset.` };
      throw e;
    }
    const ms = now() - t0;
    this.trainMillis += ms;
    // Grows at most eightfold a call, so one quick call cannot make the next one long.
    if (r.steps > 0 && !r.epochDone)
      this.maxSteps = Math.max(1, Math.min(8 * this.maxSteps, Math.round((this.maxSteps * CALL_MS) / Math.max(ms, 0.01))));
    this.epochSteps += r.steps;
    const sp = this.speed;
    sp.steps += r.steps;
    sp.samples += (r.epochDone ? ds.nTrain : this.pos()) - before;
    if (!r.epochDone) return null;
    sp.epochs++;
    return this.endEpoch(r.stop ?? null);
  }

  /** Training rows done in the epoch under way. */
  pos() { return Math.min(this.source.ds.nTrain, this.epochSteps * this.state.batch); }

  /** @param {StopEvent | null} stop the learner's own @returns {StopEvent | null} */
  endEpoch(stop) {
    this.epoch++;
    this.epochSteps = 0;
    this.epochMillis.push(this.trainMillis);
    this.trainMillis = 0;
    this.evaluate();
    if (this.state.early_stop) {
      const learner = this.learner, patience = this.state.patience;
      if (this.trackFrom < 0) this.trackFrom = this.epoch;
      if (learner.trackBest(this.last.testLoss, patience)) {
        learner.restoreBest();
        this.bestEpoch = this.trackFrom + learner.bestEpoch;
        this.evaluate();
        return { reason: 'early', message: `Early stopping: the test loss has not improved for ${patience} epochs; restored the best weights, from epoch ${this.bestEpoch}.` };
      }
      if (learner.bestEpoch >= 0) this.bestEpoch = this.trackFrom + learner.bestEpoch;
    }
    return stop ?? this.capped();
  }

  /** Records a history row for the current weights: losses, accuracy (or R²), lr, grad norms. */
  evaluate() {
    const { ds, task } = this.source, learner = this.learner;
    const tr = learner.evaluate(ds, this.rows('train', Math.min(ds.nTrain, TRAIN_EVAL_ROWS)));
    const te = learner.evaluate(ds, this.rows('test'));
    const metric = (/** @type {{accuracy: number, r2: number}} */ ev) => (task === 'regression' ? ev.r2 : ev.accuracy);
    this.last = { trainLoss: tr.loss, testLoss: te.loss, trainAcc: metric(tr), testAcc: metric(te), lr: learner.lr };
    const row = [this.epoch, tr.loss, te.loss, metric(tr), metric(te), learner.lr, ...learner.gradNorms(this.epoch > 0)];
    this.pending.push(...row);
    // A hidden tab draws no frames and acknowledges nothing while training goes on: keep
    // every other row rather than grow without bound (the page thins its curves anyway).
    const rows = this.pending.length / row.length;
    if (rows > MAX_PENDING_ROWS)
      this.pending = this.pending.filter((_, i) => (rows - 1 - Math.floor(i / row.length)) % 2 === 0);
    this.results = null; // computed when the page next takes a frame
  }

  /**
   * Backpropagation against finite differences on the first training rows.
   * @returns {{maxRelErr: number, maxGrad: number}}
   */
  gradcheck() {
    const { ds } = this.data();
    const { x, y } = ds.read('train', 0, Math.min(GRADCHECK_BATCH, ds.nTrain), this.state.target);
    return this.model().gradcheck(x, y);
  }

  /** @param {Float32Array} x rows of inputs, as the model takes them */
  predict(x) { return this.model().predict(x); }

  /** Everything needed to save the model or rewrite it in PyTorch. @param {string} settings the state's query string */
  exportModel(settings) {
    const m = this.model().exportModel();
    return { format: 'nnplay-model', version: 1, settings, features: this.state.features, epoch: this.epoch, ...m };
  }

  /**
   * A model of a file's settings holding its weights and batch norm's running statistics, with
   * a fresh optimizer. Everything is checked (the settings by the engine, the counts against the
   * model they make, every value finite, the variances) before anything changes: a refused file
   * leaves the settings, the data (clicked points too) and the trained model as they were.
   * bnState null (a file from before it held them) keeps fresh statistics.
   * @param {import('../lib/settings.js').State} state
   * @param {number[]} params
   * @param {number[] | null} [bnState]
   */
  importModel(state, params, bnState = null) {
    const blank = this.newLearner(state);
    let learner;
    try { learner = blank.withParams(params, bnState); } finally { blank.free(); }
    this.data().configure(state);
    this.state = state;
    this.learner?.free();
    this.learner = learner;
    this.clearRun();
    this.evaluate();
  }

  /** The per-frame message: the latest figures, new history rows and the sections wanted. @param {boolean} playing */
  snapshot(playing) {
    const sp = this.speed, t = now();
    if (t - sp.t >= SPEED_WINDOW_MS) {
      const per = 1000 / (t - sp.t);
      Object.assign(sp, { stepsPerSec: sp.steps * per, epochsPerSec: sp.epochs * per, samplesPerSec: sp.samples * per });
      Object.assign(sp, { t, steps: 0, epochs: 0, samples: 0 });
    }
    if (!playing) Object.assign(sp, { stepsPerSec: 0, epochsPerSec: 0, samplesPerSec: 0 });
    const src = this.source, learner = this.learner, s = this.state;
    /** @type {Record<string, any>} */
    const meta = {
      run: this.run, epoch: this.epoch, steps: learner.steps, playing, ...this.last, bestEpoch: this.bestEpoch,
      stepsPerSec: sp.stepsPerSec, epochsPerSec: sp.epochsPerSec, samplesPerSec: sp.samplesPerSec,
      pos: this.pos(), nTrain: src.ds.nTrain, maxEpochs: s.max_epochs,
      epochMillis: this.epochMillis.at(-1) ?? 0, meanEpochMillis: mean(this.epochMillis),
      task: src.task, classes: src.classes, outputs: learner.outputs, target: s.target,
      rowWidth: HISTORY_COLUMNS.length + learner.gradNorms(false).length, dataVersion: src.version,
      results: null,
    };
    /** @type {Record<string, Float32Array>} */
    const sections = { history: Float32Array.from(this.pending) };
    this.pending = [];
    if (src.grid) this.planeSections(meta, sections);
    if ([...this.want].some((w) => PER_EPOCH.has(w)) && !this.results) {
      this.results = this.evaluateTest();
      meta.results = this.results.meta;
      Object.assign(sections, this.results.sections);
    }
    return encodeSnapshot(meta, sections);
  }

  /**
   * The boundary, the neurons' maps and the weights, for a source of the plane.
   * @param {Record<string, any>} meta @param {Record<string, Float32Array>} sections  filled in
   */
  planeSections(meta, sections) {
    const learner = this.learner;
    const sizes = [this.source.inputs, ...learner.sizes];
    const drawn = sizes.map((n) => Math.min(n, MAX_DRAWN));
    Object.assign(meta, {
      boundaryRes: BOUNDARY_RES, neuronRes: NEURON_RES, sizes, drawn, layers: learner.layers,
      inputNames: this.source.inputNames,
    });
    if (this.want.has('boundary')) sections.boundary = learner.predict(this.source.grid(BOUNDARY_RES));
    if (this.want.has('neurons')) sections.neurons = this.neuronMaps(drawn);
    if (this.want.has('params')) sections.params = learner.params();
  }

  /** Heat maps of the first `drawn[l]` units of every layer, inputs included, unit-major. @param {number[]} drawn */
  neuronMaps(drawn) {
    const px = NEURON_RES * NEURON_RES;
    const x = this.source.grid(NEURON_RES);
    const layerOut = [x, ...this.learner.layerOutputs(x)];
    const out = new Float32Array(drawn.reduce((a, b) => a + b, 0) * px);
    let k = 0;
    layerOut.forEach((a, l) => {
      const width = a.length / px;
      for (let u = 0; u < drawn[l]; u++, k++)
        for (let p = 0; p < px; p++) out[k * px + p] = a[p * width + u];
    });
    return out;
  }

  /**
   * The figures of the test rows the page's panels asked for, from the engine's metrics: the
   * counts and points a plot needs, not the outputs of every row.
   * @returns {{meta: Record<string, any>, sections: Record<string, Float32Array>}}
   */
  evaluateTest() {
    const { ds, task } = this.source, learner = this.learner, engine = this.engine, w = this.want;
    /** @type {Record<string, any>} */
    const meta = { epoch: this.epoch };
    /** @type {Record<string, Float32Array>} */
    const sections = {};
    const test = this.rows('test');
    if (task !== 'regression' && (w.has('confusion') || w.has('curve') || w.has('mistakes'))) {
      const prob = learner.predictRows(ds, test), k = learner.outputs;
      const { y } = ds.read('test', 0, ds.nTest, this.state.target);
      const { confusion } = engine.metricsClassify(prob, y, k);
      if (w.has('confusion')) sections.confusion = Float32Array.from(confusion);
      if (w.has('curve') && k === 1) {
        const c = engine.metricsCurve(prob, y, CURVE_POINTS);
        Object.assign(meta, { positives: c.positives, negatives: c.negatives, auc: c.auc, ap: c.ap });
        Object.assign(sections, { thresholds: c.thresholds, tp: Float32Array.from(c.tp), fp: Float32Array.from(c.fp) });
      }
      if (w.has('mistakes')) meta.mistakes = this.mistakes(prob, y, k, confusion, sections);
    }
    if (task === 'regression' && w.has('regression')) meta.errors = this.regression(sections);
    if (w.has('weights')) {
      const fw = learner.firstWeights();
      sections.weights = fw.w;
      meta.weightsShape = [fw.units, fw.inputs];
    }
    return { meta, sections };
  }

  /**
   * The most confident mistakes: their rows, classes, probabilities and, for images, pixels.
   * @param {Float32Array} prob (n, k) @param {Float32Array} y (n) @param {number} k
   * @param {Int32Array} confusion @param {Record<string, Float32Array>} sections  filled in
   */
  mistakes(prob, y, k, confusion, sections) {
    const { ds } = this.source;
    const m = this.engine.metricsMistakes(prob, y, k, MISTAKES);
    const rows = Array.from(m.rows), f = ds.u8 ? ds.features : 0;
    const probs = new Float32Array(rows.length * k), images = new Float32Array(rows.length * f);
    rows.forEach((r, i) => {
      probs.set(prob.subarray(r * k, (r + 1) * k), i * k);
      if (f) images.set(ds.bytes('test', r, 1), i * f);
    });
    Object.assign(sections, { mistakeProbs: probs, mistakeImages: images });
    const K = Math.sqrt(confusion.length);
    let right = 0;
    for (let c = 0; c < K; c++) right += confusion[c * K + c];
    return { rows, pred: Array.from(m.pred), truth: rows.map((r) => y[r]), wrong: y.length - right, total: y.length };
  }

  /** Predicted against actual in the target's own units, and the errors there. @param {Record<string, Float32Array>} sections  filled in */
  regression(sections) {
    const { ds } = this.source, learner = this.learner, t = this.state.target;
    const { mean, std } = ds.targetStats(t), exp = this.source.logTargets?.[t];
    const show = (/** @type {Float32Array} */ a) => Float32Array.from(a, (v) => (exp ? Math.exp(v * std + mean) : v * std + mean));
    /** @type {Record<string, {rmse: number, mae: number, r2: number}>} */
    const errors = {};
    for (const split of /** @type {const} */ (['train', 'test'])) {
      const n = split === 'train' ? Math.min(ds.nTrain, TRAIN_PLOT_ROWS) : ds.nTest;
      const rows = this.rows(split, n);
      const truth = show(ds.read(split, 0, n, t).y), pred = show(learner.predictRows(ds, rows));
      const e = this.engine.metricsRegress(pred, truth, 1);
      errors[split] = { rmse: Math.sqrt(e.mse), mae: e.mae, r2: e.r2 };
      sections[`${split}Truth`] = truth;
      sections[`${split}Pred`] = pred;
    }
    return errors;
  }
}

const now = () => performance.now();
const mean = (/** @type {number[]} */ a) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0);
