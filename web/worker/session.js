// session.js — one nnplay's training session inside its worker: a source of rows, a learner,
// the stopping rules, the history rows and the snapshot sections the page asked for. Every
// page is one of these with another source; nothing here asks which. Knows nothing of
// messages or the DOM (worker/host.js speaks the protocol), so Node tests drive it directly.

import { encodeSnapshot, HISTORY_COLUMNS } from '../lib/snapshot.js';
import { toSpec, repair, ROW } from '../lib/settings.js';
import { valueName } from '../lib/names.js';
import { createLearner } from './learners/index.js';

export const BOUNDARY_RES = 60;  // boundary image is BOUNDARY_RES², upscaled by CSS
export const FIT_POINTS = 121;   // the fit's line: the output at x₁ = -6, -5.9, …, 6 (x₂ = 0)
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

// A classifier whose training loss is this many times that of guessing (ln 2 for two classes,
// ln K for K, 1/4 for squared error at 1/2) is confidently wrong on most rows: its outputs sit
// at the flat ends of the sigmoid or softmax. It counts as recovered below the lower mark, so
// a loss that wavers about one mark does not make the page's hint come and go every epoch.
const SATURATED = 3, RECOVERED = 1.5;
// The schedule drawn before training spans the epoch cap, else this many decay periods (the
// cosine: a quarter past its end), and SCHEDULE_POINTS points.
const SCHEDULE_PERIODS = 4;
const SCHEDULE_POINTS = 120;

/**
 * Snapshot sections a page may ask for, besides the history every page gets. The first four
 * are drawn every frame (a plane source only); the others come from an evaluation of the test
 * rows, once per epoch.
 */
export const SECTIONS = ['boundary', 'fit', 'neurons', 'params', 'confusion', 'curve', 'mistakes', 'regression', 'weights', 'filters'];
/** The layers whose outputs are images (net.layers kinds). */
const IMAGE_KINDS = new Set(['conv', 'maxpool', 'avgpool']);
const PER_EPOCH = new Set(['confusion', 'curve', 'mistakes', 'regression', 'weights', 'filters']);

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
    /** @type {{layer: number, unit: number} | null} the diagram's unit shown in the output plane */
    this.focus = null;
    this.run = 0;
    this.clearRun();
  }

  clearRun() {
    this.run++; // the page starts new curves when this changes
    this.epoch = 0;
    /** @type {number[]} history rows not yet sent */
    this.pending = [];
    this.last = { trainLoss: NaN, validLoss: NaN, testLoss: NaN, trainAcc: NaN, validAcc: NaN, testAcc: NaN, lr: NaN };
    this.trackFrom = -1; // first epoch handed to early stopping
    this.bestEpoch = -1;
    this.epochSteps = 0; // steps into the epoch under way
    this.maxSteps = 1;   // steps per training call, adapted to CALL_MS
    this.trainMillis = 0;
    /** @type {number[]} */
    this.epochMillis = [];
    this.speed = { t: now(), steps: 0, epochs: 0, samples: 0, stepsPerSec: 0, epochsPerSec: 0, samplesPerSec: 0 };
    this.results = null;
    this.saturation = 0; // guessing's loss while the outputs are saturated, else 0
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
   * Applies a new state: the source rebuilds its rows when theirs changed; the learner is
   * rebuilt when a setting whose effect is 'rebuild' changed (the data, the network's shape,
   * its seed), else takes the new training settings and goes on from its weights. A refusal
   * leaves no model (rebuild) or the model as it was (live).
   * @param {import('../lib/settings.js').State} state
   * @param {string[]} [want] the snapshot sections the page draws
   * @returns {{rebuilt: boolean, notes: string[], schedule: {epochs: Float32Array, lr: Float32Array} | null}}
   *   notes: what the page should say (a fresh optimizer); schedule: the learning rate over the
   *   coming epochs, drawn beside its settings
   */
  configure(state, want = [...this.want]) {
    const src = this.data();
    const unknown = want.find((w) => !SECTIONS.includes(w));
    if (unknown !== undefined) throw new Error(`config: no snapshot section '${unknown}' (there are ${SECTIONS.join(', ')})`);
    const old = this.state;
    const changed = Object.keys(state).filter((k) => !old || JSON.stringify(old[k]) !== JSON.stringify(state[k]));
    const effect = (/** @type {string} */ e) => changed.some((k) => (ROW[k]?.effect ?? 'rebuild') === e);
    /** @type {string[]} */
    const notes = [];
    const rebuilt = !old || !this.learner || effect('rebuild');
    if (!rebuilt && effect('live')) notes.push(...this.retrain(state));
    this.state = state;
    this.want = new Set(want);
    src.configure(state);
    if (rebuilt) this.reset();
    else this.results = null; // the same model; the page may want other sections of it
    return { rebuilt, notes, schedule: this.schedule() };
  }

  /**
   * The learner takes the training settings of `state` and goes on; a refusal changes nothing.
   * @param {import('../lib/settings.js').State} state @returns {string[]} what to tell the learner
   */
  retrain(state) {
    const { freshOptimizer } = this.learner.setTraining(this.specOf(state));
    if (!freshOptimizer) return [];
    return [`Optimizer ${valueName(state.optimizer)}: its state starts afresh (no momentum or moments yet) ` +
      `from the weights of epoch ${this.epoch}.`];
  }

  /**
   * The engine spec of `state` on this source: its shape, and the schedule's epochs in the
   * optimizer steps of an epoch of its training rows.
   * @param {import('../lib/settings.js').State} state
   */
  specOf(state) {
    const src = this.data(), n = src.ds ? this.trainRows(state) : 1;
    return toSpec(state, src.shape(state), this.engine.epochSteps({ batchnorm: state.batchnorm }, n, state.batch));
  }

  /** Training rows held out as validation: a share of the training split's end, with early stopping. @param {import('../lib/settings.js').State} [state] */
  validRows(state = this.state) {
    const n = this.source.ds.nTrain;
    return state.early_stop && !state.perceptron ? Math.min(n - 1, Math.max(1, Math.round((n * state.valid_pct) / 100))) : 0;
  }

  /** The rows training uses. @param {import('../lib/settings.js').State} [state] */
  trainRows(state = this.state) { return this.source.ds.nTrain - this.validRows(state); }

  /**
   * The learning rate over the coming epochs, from the engine's schedule (nn_sched_lr): up to
   * the epoch cap, else over a few decay periods; null without a model.
   * @returns {{epochs: Float32Array, lr: Float32Array} | null}
   */
  schedule() {
    if (!this.learner || this.state.perceptron) return null;
    const s = this.state, spec = this.specOf(s);
    const perEpoch = this.engine.epochSteps(spec, this.trainRows(), s.batch);
    const T = s.schedule === 'constant' ? 25 : s.decay_epochs * (s.schedule === 'cosine' ? 1.25 : SCHEDULE_PERIODS);
    const horizon = s.max_epochs > 0 ? s.max_epochs : Math.max(10, s.warmup_epochs + T);
    const epochs = Float32Array.from({ length: SCHEDULE_POINTS + 1 }, (_, i) => (horizon * i) / SCHEDULE_POINTS);
    return { epochs, lr: this.engine.learningRates(spec, Array.from(epochs, (e) => Math.round(e * perEpoch))) };
  }

  /**
   * Settings from an address or an element, with every value the engine's rules between fields
   * refuse put back to `fallback`'s (lib/settings.js repair).
   * @param {import('../lib/settings.js').State} state @param {import('../lib/settings.js').State} fallback
   */
  repair(state, fallback) {
    return repair(state, fallback, (s) => this.engine.specCheck(this.specOf(s)));
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
    return createLearner(this.engine, state, this.specOf(state), this.data().shape(state));
  }

  /**
   * Rows of a part of the data: 'train' the training rows, 'valid' the validation rows after
   * them in the training split, 'test' the test split; the first n (all by default).
   * @param {'train' | 'valid' | 'test'} part @param {number} [n]
   * @returns {import('./learners/index.js').Rows}
   */
  rows(part, n = undefined) {
    const target = this.state.target;
    if (part === 'test') return { split: 'test', first: 0, n, target };
    const first = part === 'valid' ? this.trainRows() : 0;
    return { split: 'train', first, n: n ?? (part === 'valid' ? this.validRows() : this.trainRows()), target };
  }

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

  /**
   * Trains until `ms` have passed, a stop event, or the goal: the epoch or the optimizer step
   * count to reach (a pace's frame, lib/settings.js paceGoal).
   * @param {number} ms @param {{epoch?: number, steps?: number} | null} [goal]
   * @returns {StopEvent | null}
   */
  runFor(ms, goal = null) {
    const end = now() + ms;
    let ev = null;
    do ev = this.trainCall(goal); while (!ev && now() < end && !this.reached(goal));
    return ev;
  }

  /** @param {{epoch?: number, steps?: number} | null} goal */
  reached(goal) {
    if (!goal) return false;
    return goal.steps !== undefined ? this.model().steps >= goal.steps : this.epoch >= goal.epoch;
  }

  /**
   * One call into the learner of up to maxSteps batches (fewer to meet a step goal).
   * @param {{epoch?: number, steps?: number} | null} [goal] @returns {StopEvent | null}
   */
  trainCall(goal = null) {
    const learner = this.model(), s = this.state, { ds } = this.source;
    const cap = this.capped();
    if (cap) return cap;
    const t0 = now(), before = this.pos();
    const maxSteps = goal?.steps !== undefined ? Math.max(1, Math.min(this.maxSteps, goal.steps - learner.steps)) : this.maxSteps;
    let r;
    try {
      r = learner.train(ds, this.rows('train'), { batch: s.batch, maxSteps });
    } catch (e) {
      // The engine's message says where and why; the page is told that training paused, and
      // whether the weights kept (those before the step) can train on.
      if (e.code === 'NN_ERR_DIVERGED') {
        const kept = learner.evaluate(ds, this.rows('train', Math.min(this.trainRows(), TRAIN_EVAL_ROWS))).loss;
        const next = Number.isFinite(kept) ? 'Training goes on from the weights before that step.'
          : 'The weights before that step already give infinite outputs: reset, with a lower learning rate.';
        return { reason: 'diverged', message: `Paused at epoch ${this.epoch + 1}: ${e.message}. ${next}` };
      }
      throw e;
    }
    const ms = now() - t0;
    this.trainMillis += ms;
    // Sized from the steps this call took; grows at most eightfold a call, so one quick call
    // cannot make the next one long.
    if (r.steps > 0 && !r.epochDone)
      this.maxSteps = Math.max(1, Math.min(8 * this.maxSteps, Math.round((r.steps * CALL_MS) / Math.max(ms, 0.01))));
    this.epochSteps += r.steps;
    const sp = this.speed;
    sp.steps += r.steps;
    sp.samples += (r.epochDone ? this.trainRows() : this.pos()) - before;
    if (!r.epochDone) return null;
    sp.epochs++;
    return this.endEpoch(r.stop ?? null);
  }

  /** Training rows done in the epoch under way. */
  pos() { return Math.min(this.trainRows(), this.epochSteps * this.state.batch); }

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
      // The validation rows decide; the test rows take no part in it.
      if (learner.trackBest(this.last.validLoss, patience)) {
        learner.restoreBest();
        this.bestEpoch = this.trackFrom + learner.bestEpoch;
        this.evaluate();
        return { reason: 'early', message: `Early stopping: the validation loss has not improved for ${patience} epochs; restored the best weights, from epoch ${this.bestEpoch}.` };
      }
      if (learner.bestEpoch >= 0) this.bestEpoch = this.trackFrom + learner.bestEpoch;
    }
    return stop ?? this.capped();
  }

  /** Records a history row for the current weights: losses, accuracy (or R²), lr, grad norms. */
  evaluate() {
    const { ds, task } = this.source, learner = this.learner;
    const tr = learner.evaluate(ds, this.rows('train', Math.min(this.trainRows(), TRAIN_EVAL_ROWS)));
    const va = this.validRows() ? learner.evaluate(ds, this.rows('valid')) : { loss: NaN, accuracy: NaN, r2: NaN };
    const te = learner.evaluate(ds, this.rows('test'));
    const metric = (/** @type {{accuracy: number, r2: number}} */ ev) => (task === 'regression' ? ev.r2 : ev.accuracy);
    this.last = {
      trainLoss: tr.loss, validLoss: va.loss, testLoss: te.loss, trainAcc: metric(tr), validAcc: metric(va), testAcc: metric(te),
      lr: learner.lr,
    };
    const row = [this.epoch, tr.loss, va.loss, te.loss, metric(tr), metric(va), metric(te), learner.lr, ...learner.gradNorms(this.epoch > 0)];
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

  /**
   * What each image layer (conv, pooling) makes of one input: its feature maps, C×H×W each,
   * from the engine's activations (after batch norm and the activation).
   * @param {Float32Array} x one row of inputs
   * @returns {{layer: number, kind: string, shape: readonly number[], maps: Float32Array}[]}
   */
  featureMaps(x) {
    const learner = this.model();
    if (x.length !== learner.layers[0].in) throw new Error(`featureMaps: one row of ${learner.layers[0].in} inputs, got ${x.length} values`);
    const out = learner.layerOutputs(x);
    return learner.layers.flatMap((l, layer) => (IMAGE_KINDS.has(l.kind) ? [{ layer, kind: l.kind, shape: l.outShape, maps: out[layer] }] : []));
  }

  /** Everything needed to save the model or rewrite it in PyTorch. @param {string} settings the state's query string */
  exportModel(settings) {
    const m = this.model().exportModel();
    return { format: 'nnplay-model', version: 1, settings, features: this.state.features, epoch: this.epoch, trainRows: this.trainRows(), ...m };
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
      run: this.run, epoch: this.epoch, steps: learner.steps, playing, ...this.last, lr: learner.lr, bestEpoch: this.bestEpoch,
      stepsPerSec: sp.stepsPerSec, epochsPerSec: sp.epochsPerSec, samplesPerSec: sp.samplesPerSec,
      pos: this.pos(), nTrain: this.trainRows(), validRows: this.validRows(), maxEpochs: s.max_epochs, saturated: this.saturated(),
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
   * Whether a classifier's outputs have saturated on the wrong side, its loss far above
   * guessing's: that loss (for the page's words), else 0.
   */
  saturated() {
    const { task, classes } = this.source, loss = this.last.trainLoss;
    if (task === 'regression' || this.state.perceptron || !(loss >= 0)) return (this.saturation = 0);
    const guess = this.learner.lossName === 'mse' ? 0.25 : Math.log(Math.max(2, classes));
    if (loss > SATURATED * guess) this.saturation = guess;
    else if (loss < RECOVERED * guess) this.saturation = 0;
    return this.saturation;
  }

  /**
   * The boundary, the neurons' maps and the weights, for a source of the plane.
   * @param {Record<string, any>} meta @param {Record<string, Float32Array>} sections  filled in
   */
  planeSections(meta, sections) {
    const learner = this.learner, src = this.source;
    // The input column shows every feature the plane offers, the ones fed in among them.
    const { names, rows } = src.inputRows();
    const sizes = [src.inputs, ...learner.sizes];
    const drawn = [names.length, ...learner.sizes.map((n) => Math.min(n, MAX_DRAWN))];
    Object.assign(meta, {
      boundaryRes: BOUNDARY_RES, fitPoints: FIT_POINTS, neuronRes: NEURON_RES, sizes, drawn, layers: learner.layers,
      inputNames: names, inputRows: rows, focus: this.focus,
    });
    if (this.want.has('boundary')) sections.boundary = learner.predict(src.grid(BOUNDARY_RES));
    if (this.want.has('fit')) sections.fit = learner.predict(src.line(FIT_POINTS));
    if (this.want.has('neurons')) sections.neurons = this.neuronMaps(drawn);
    if (this.want.has('params')) sections.params = learner.params();
    if (this.focus) sections.focus = this.unitMaps(BOUNDARY_RES, [this.focus.layer], this.focus.unit)[0];
  }

  /**
   * One unit's output over the plane, shown large in place of the boundary while the learner
   * points at it in the diagram; null for none. Layer 0 is the input column (every feature),
   * layer l the network's layer l - 1.
   * @param {{layer: number, unit: number} | null} focus
   */
  setFocus(focus) {
    if (focus) {
      const drawn = [this.source.inputRows().names.length, ...this.model().sizes];
      if (!(focus.layer >= 0 && focus.layer < drawn.length && focus.unit >= 0 && focus.unit < drawn[focus.layer]))
        throw new Error(`No unit ${focus.unit} in column ${focus.layer} of the diagram.`);
    }
    this.focus = focus && { layer: focus.layer, unit: focus.unit };
  }

  /**
   * The weight of one link: W[to][from] of the model's layer `layer`; training goes on from it.
   * @param {number} layer @param {number} from @param {number} to @param {number} value
   */
  setWeight(layer, from, to, value) {
    const l = this.model().layers[layer];
    if (!l || !(Number.isInteger(from) && from >= 0 && from < l.in && Number.isInteger(to) && to >= 0 && to < l.out))
      throw new Error(`No link ${from} → ${to} in layer ${layer + 1}.`);
    this.learner.setParam(l.w + to * l.in + from, value);
    this.evaluate();
  }

  /** Heat maps of the first `drawn[l]` units of every column, inputs included, unit-major. @param {number[]} drawn */
  neuronMaps(drawn) {
    const px = NEURON_RES * NEURON_RES;
    const maps = this.unitMaps(NEURON_RES, drawn.map((_, l) => l));
    const out = new Float32Array(drawn.reduce((a, b) => a + b, 0) * px);
    let k = 0;
    maps.forEach((m, l) => { out.set(m.subarray(0, drawn[l] * px), k * px); k += drawn[l]; });
    return out;
  }

  /**
   * Unit-major res×res maps of the diagram's columns `cols` (0: every input feature, l: the
   * network's layer l - 1), every unit of each or only `unit`.
   * @param {number} res @param {number[]} cols @param {number} [unit]
   */
  unitMaps(res, cols, unit = -1) {
    const px = res * res, src = this.source;
    const outputs = cols.some((c) => c > 0) ? this.learner.layerOutputs(src.grid(res)) : [];
    return cols.map((c) => {
      const a = c === 0 ? src.grid(res, true) : outputs[c - 1], width = a.length / px;
      const units = unit >= 0 ? [unit] : Array.from({ length: width }, (_, u) => u);
      const m = new Float32Array(units.length * px);
      units.forEach((u, k) => { for (let p = 0; p < px; p++) m[k * px + p] = a[p * width + u]; });
      return m;
    });
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
    if (w.has('filters')) {
      // Every conv layer's filters, one block after another; meta says whose and their shapes.
      const f = learner.filters();
      meta.filters = f.map(({ layer, shape }) => ({ layer, shape }));
      sections.filters = concat(f.map((b) => b.w));
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
      // A network blown up by too large a rate predicts infinities, which the engine's metrics
      // refuse: no figures then, and the points drawn off the chart.
      const e = pred.every(Number.isFinite) ? this.engine.metricsRegress(pred, truth, 1) : { mse: NaN, mae: NaN, r2: NaN };
      errors[split] = { rmse: Math.sqrt(e.mse), mae: e.mae, r2: e.r2 };
      sections[`${split}Truth`] = truth;
      sections[`${split}Pred`] = pred;
    }
    return errors;
  }
}

const now = () => performance.now();
/** @param {Float32Array[]} parts */
function concat(parts) {
  const out = new Float32Array(parts.reduce((n, a) => n + a.length, 0));
  parts.reduce((k, a) => { out.set(a, k); return k + a.length; }, 0);
  return out;
}
const mean = (/** @type {number[]} */ a) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0);
