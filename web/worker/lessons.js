// lessons.js — the worker's requests for the lessons' own panels: one backpropagation step
// traced, the race of runs that differ in one thing (optimizer, init, batch norm, schedule,
// activation) with their per-layer spreads, the loss surface with each optimizer's path, and
// the gradient check with its teaching fault. Each keeps its models in host.scratch under its
// own key, apart from the session's model; every number comes from the engine (its trace,
// gradients, losses, spreads and optimizer steps), the handlers only run it and copy out.

import { runSpec, toyRows } from '../lib/race.js';

/** @typedef {import('./host.js').Host} Host */
/** @typedef {import('../engine.js').Model} Model */

/** Replaces the model kept under `key` (freeing the old one). @param {Host} host @param {string} key @param {Model[]} models */
function keep(host, key, models) {
  for (const m of host.scratch[key] ?? []) m.free();
  host.scratch[key] = models;
  return models;
}

/** @param {Host} host @param {string} key @param {string} what @returns {Model[]} */
function kept(host, key, what) {
  const models = host.scratch[key];
  if (!models) throw new Error(`worker: ${what}: start it first`);
  return models;
}

/**
 * A toy set's first n points as an upload, x as the features named (the raw x1, x2 without).
 * @param {Host} host @param {{name: string, n: number, noise?: number, seed?: number, features?: string[]}} d
 */
function toyUpload(host, d) {
  const { x, y } = toyRows(host.engine, d);
  return { x, y, upload: host.engine.upload(x, y, d.n) };
}

/** @param {Host} host @param {string} key */
function dropUpload(host, key) {
  host.scratch[key]?.upload.free();
  delete host.scratch[key];
}

/** @type {Record<string, (msg: any, host: Host) => any>} */
export const LESSON_HANDLERS = {
  /**
   * {spec, params, x, y, reset}: one training step of the kept model on one sample (on reset a
   * new model from spec, holding `params` if given), with everything it computed: per dense layer its weighted sums z,
   * activations a and deltas (nn_model_trace), the gradients, the parameters before and after.
   */
  backpropStep({ spec, params, x, y, reset }, host) {
    if (reset || !host.scratch.backprop) {
      const [m] = keep(host, 'backprop', [host.engine.createModel(spec)]);
      if (params) m.setParams(params);
    }
    const [model] = host.scratch.backprop;
    const before = model.params();
    const lr = model.lr;
    const loss = model.trainStep(Float32Array.from(x), Float32Array.from(y));
    const layers = model.layers.map((/** @type {any} */ l, /** @type {number} */ i) => ({
      in: l.in, out: l.out, w: l.w, b: l.b,
      z: model.trace(i, 'z'), a: model.trace(i, 'a'), delta: model.trace(i, 'delta'),
    }));
    return { layers, loss, lr, before, grads: model.grads(), after: model.params(), step: model.steps };
  },

  /**
   * {spec, runs: [{label, ...fields}], data: {name, n, noise, seed, features}, layers}: one
   * model per run, the spec with the run's fields over it (an optimizer and its rate, an init,
   * batch norm, a schedule), so from the same seed the same initial weights wherever the
   * fields leave them alone. Replies as raceStep does, at epoch 0.
   */
  raceStart({ spec, runs, data, layers = false }, host) {
    dropUpload(host, 'raceData');
    const models = keep(host, 'race', []);
    // A refused run leaves no data: raceStep refuses until a start succeeds, and the next
    // start frees the runs made before it.
    for (const run of runs) models.push(host.engine.createModel(runSpec(spec, run)));
    host.scratch.raceData = { ...toyUpload(host, data), epoch: 0, layers };
    return raceState(models, host.scratch.raceData);
  },

  /** {epochs, batch}: that many epochs of every run; replies with where each one is now. */
  raceStep({ epochs = 1, batch = 0 }, host) {
    const models = kept(host, 'race', 'raceStep');
    const data = host.scratch.raceData;
    if (!data) throw new Error('worker: raceStep: start it first');
    for (const m of models) for (let e = 0; e < epochs; e++) m.trainEpoch(data.upload, batch);
    data.epoch += epochs;
    return raceState(models, data);
  },

  /**
   * {spec, data: {x, y}, grid: {w: [lo, hi], b: [lo, hi], n}, start: [w, b], runs: [{optimizer, lr}],
   * steps}: for a model of two parameters (one input, one linear output), the engine's loss on
   * the data at n × n points (w along x, b along y, row by row from b = lo), each optimizer's
   * path from `start` in full-batch steps, and the loss where each path ends.
   */
  surface({ spec, data, grid, start, runs, steps }, host) {
    const engine = host.engine;
    const upload = engine.upload(Float32Array.from(data.x), Float32Array.from(data.y), data.y.length);
    const models = keep(host, 'surface', [engine.createModel(spec)]);
    try {
      const [probe] = models;
      if (probe.paramCount !== 2) throw new Error(`surface: the model has ${probe.paramCount} parameters, want 2`);
      const n = grid.n, loss = new Float32Array(n * n);
      const at = (/** @type {number[]} */ r, /** @type {number} */ i) => r[0] + ((r[1] - r[0]) * i) / (n - 1);
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          probe.setParams(Float32Array.of(at(grid.w, i), at(grid.b, j)));
          loss[j * n + i] = probe.evaluate(upload).loss;
        }
      }
      /** @type {number[]} */
      const final = [];
      const paths = runs.map((/** @type {{optimizer: string, lr: number}} */ r) => {
        const m = engine.createModel({ ...spec, optimizer: r.optimizer, lr: r.lr });
        models.push(m);
        m.setParams(start);
        const path = new Float32Array(2 * (steps + 1));
        path.set(start);
        for (let s = 1; s <= steps; s++) {
          m.trainEpoch(upload, 0);
          path.set(m.params(), 2 * s);
        }
        final.push(m.evaluate(upload).loss);
        return path;
      });
      return { loss, paths, final };
    } finally {
      upload.free();
      keep(host, 'surface', []);
    }
  },

  /**
   * {spec, data, broken, epochs, reset}: the kept model (a new one from spec on reset) with
   * layer `broken` (-1: none) negating its gradient, trained `epochs` epochs on the toy data,
   * then checked parameter by parameter on its first rows: every central difference, its
   * relative error, backpropagation's gradient, and the engine's largest relative error.
   */
  gradcheckRun({ spec, data, broken = -1, epochs = 0, reset = false }, host) {
    if (reset || !host.scratch.check) {
      dropUpload(host, 'checkData');
      keep(host, 'check', [host.engine.createModel(spec)]);
      host.scratch.checkData = toyUpload(host, data);
    }
    const [model] = host.scratch.check;
    const { x, y, upload } = host.scratch.checkData;
    model.breakGradient(broken);
    for (let e = 0; e < epochs; e++) model.trainEpoch(upload, 10);
    const rows = Math.min(8, data.n);
    const bx = x.slice(0, rows * 2), by = y.slice(0, rows);
    const detail = model.gradcheckNumeric(bx, by);
    const maxRelErr = model.gradcheck(bx, by);
    return { ...detail, maxRelErr, broken: model.brokenGradient, loss: model.evaluate(upload).loss,
      layers: model.layers.map((/** @type {any} */ l) => ({ in: l.in, out: l.out, w: l.w, b: l.b })), epochs: model.steps };
  },
};

/**
 * Each run's loss on the data, parameters, optimizer steps and the rate of its next step; with
 * `layers`, per hidden layer its output spread on the data (activationStd) and its weight
 * gradient's spread from the last step (gradStds; null before the first).
 * @param {Model[]} models @param {{x: Float32Array, upload: any, epoch: number, layers: boolean}} data
 */
function raceState(models, data) {
  const hidden = (/** @type {Float32Array} */ v) => Array.from(v.subarray(0, v.length - 1));
  return {
    epoch: data.epoch, loss: models.map((m) => m.evaluate(data.upload).loss), params: models.map((m) => m.params()),
    steps: models.map((m) => m.steps), lr: models.map((m) => m.lr),
    ...(data.layers && {
      actStd: models.map((m) => hidden(m.activationStd(data.x))),
      gradStd: data.epoch > 0 ? models.map((m) => hidden(m.gradStds())) : null,
    }),
  };
}
