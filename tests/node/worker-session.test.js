// The worker's training session (web/worker/session.js) with the real engine, through its
// public methods: on the toy plane every task's output shape, perceptron mode, clicked-in
// points, stopping rules, divergence, export/import; on the real sets an epoch that advances
// batch by batch, the same run from the same seed, and the figures each panel asks for, made
// by the engine's metrics; MNIST's CNN, its filters, feature maps and model file.
import test, { before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadEngine } from './engine-util.js';
import { Session, BOUNDARY_RES, FIT_POINTS, NEURON_RES, MAX_DRAWN } from '../../web/worker/session.js';
import { createToySource } from '../../web/worker/sources/toy.js';
import { nndsSource } from '../../web/worker/sources/table.js';
import { defaults, serialize } from '../../web/lib/settings.js';
import { mnistCnn } from '../../web/presets/mnist.js';
import { writeModelFile, readModelFile } from '../../web/lib/model-file.js';
import { decodeSnapshot } from '../../web/lib/snapshot.js';

const OUT = fileURLToPath(new URL('../../datasets/out/', import.meta.url));
const haveSets = existsSync(`${OUT}iris.nnds`) && { skip: false } || { skip: 'make datasets first' };
let engine;
before(async () => { engine = await loadEngine(); });

/** A session on the toy plane, configured with `patch` over the defaults. */
const toy = (patch, want = ['boundary', 'neurons', 'params']) => {
  const s = new Session(engine);
  s.open(createToySource(engine));
  s.configure({ ...defaults(), ...patch }, want);
  return s;
};
/** A session on a built data set. */
const real = (name, patch, want = [], transforms = []) => {
  const s = new Session(engine);
  s.open(nndsSource(engine, new Uint8Array(readFileSync(`${OUT}${name}.nnds`)), transforms));
  s.configure({ ...defaults(), ...patch }, want);
  return s;
};
const snap = (s) => decodeSnapshot(s.snapshot(false).msg);
const train = (s, epochs) => {
  for (let i = 0; i < epochs; i++) { const ev = s.step(); if (ev) return ev; }
  return null;
};

test('toy snapshot sections have the sizes the page expects', () => {
  const s = toy({ hidden: [12, 3], acts: ['relu', 'tanh'], features: ['x1', 'x2', 'x1x2'] });
  const { meta, arrays } = snap(s);
  assert.deepEqual(meta.sizes, [3, 12, 3, 1]);
  // the input column draws every feature the plane offers, the three fed in at their rows
  assert.deepEqual(meta.drawn, [7, MAX_DRAWN, 3, 1]);
  assert.deepEqual(meta.inputNames, ['x₁', 'x₂', 'x₁²', 'x₂²', 'x₁x₂', 'sin x₁', 'sin x₂']);
  assert.deepEqual(meta.inputRows, [0, 1, 4]);
  assert.equal(arrays.boundary.length, BOUNDARY_RES ** 2);
  assert.equal(arrays.neurons.length, (7 + MAX_DRAWN + 3 + 1) * NEURON_RES ** 2);
  assert.equal(arrays.params.length, 3 * 12 + 12 + 12 * 3 + 3 + 3 + 1);
  assert.equal(arrays.history.length, meta.rowWidth, 'one row for the initial weights');
  // the first input neuron's map is x1 itself across the grid: left edge negative, right positive;
  // the third is x1² (not fed in), positive everywhere
  const px = NEURON_RES ** 2;
  assert.ok(arrays.neurons[0] < -5 && arrays.neurons[NEURON_RES - 1] > 5);
  assert.ok(arrays.neurons.subarray(2 * px, 3 * px).every((v) => v > 0));
  // a unit in focus: its map at the boundary's resolution, the first hidden unit's as the engine has it
  s.setFocus({ layer: 1, unit: 0 });
  const focused = snap(s);
  assert.equal(focused.arrays.focus.length, BOUNDARY_RES ** 2);
  const grid = s.source.grid(BOUNDARY_RES), first = s.learner.layerOutputs(grid)[0];
  assert.ok(focused.arrays.focus.every((v, p) => v === first[p * 12]));
  assert.throws(() => s.setFocus({ layer: 1, unit: 12 }), /No unit 12 in column 1/);
  s.setFocus(null);
  assert.equal(snap(s).arrays.focus, undefined);
  // what the page did not ask for is not computed
  const bare = snap(toy({}, []));
  assert.deepEqual(Object.keys(bare.arrays), ['history']);
  assert.throws(() => toy({}, ['boundry']), /no snapshot section 'boundry'/);
});

test('multiclass: one probability per class per grid cell, summing to 1', () => {
  const s = toy({ dataset: 'multiclass', classes: 4 });
  train(s, 5);
  const { meta, arrays } = snap(s);
  assert.equal(meta.outputs, 4);
  assert.equal(arrays.boundary.length, 4 * BOUNDARY_RES ** 2);
  const sum = arrays.boundary.subarray(0, 4).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) < 1e-5);
  assert.ok(meta.testAcc > 0.5, `accuracy ${meta.testAcc} after 5 epochs on well-separated blobs`);
});

test('regression reports R² and learns the plane', () => {
  const s = toy({ problem: 'regression', dataset: 'plane', optimizer: 'adam', lr: 0.01 });
  train(s, 40);
  const { meta } = snap(s);
  assert.equal(meta.task, 'regression');
  assert.ok(meta.testAcc > 0.95, `R² ${meta.testAcc}`);
});

test('the 1-D curve: the fit is the output along x₁ at x₂ = 0, and more units follow it closer', () => {
  const curve = (x) => 0.5 * Math.sin(1.5 * x) + 0.4 * Math.cos(0.6 * x);
  const fitted = (units) => {
    const s = toy({ problem: 'regression', dataset: 'curve', hidden: [units], acts: ['tanh'], features: ['x1'],
      optimizer: 'adam', lr: 0.03 }, ['fit']);
    assert.equal(train(s, 300), null);
    const { meta, arrays } = snap(s);
    assert.equal(meta.fitPoints, FIT_POINTS);
    assert.equal(arrays.fit.length, FIT_POINTS);
    assert.equal(arrays.boundary, undefined, 'only the sections asked for');
    // the fit at x₁ = -6 + 12 j / (n - 1), against the curve the points follow
    const err = Array.from(arrays.fit, (v, j) => Math.abs(v - curve(-6 + (12 * j) / (FIT_POINTS - 1))));
    return { meta, mean: err.reduce((a, b) => a + b) / err.length };
  };
  const one = fitted(1), five = fitted(5);
  // one tanh step cannot follow six turns; five can (measured: test loss 0.120 and 0.003)
  assert.ok(one.meta.testLoss > 0.08 && one.mean > 0.2, `1 unit: test loss ${one.meta.testLoss}, mean error ${one.mean}`);
  assert.ok(five.meta.testLoss < 0.02 && five.mean < 0.08, `5 units: test loss ${five.meta.testLoss}, mean error ${five.mean}`);
});

test('perceptron mode: converges on two Gaussians, stops on XOR-like data after its cap, has no gradients', () => {
  const s = toy({ dataset: 'gauss', perceptron: true, lr: 0.1 });
  const ev = train(s, 600);
  assert.equal(ev?.reason, 'converged', JSON.stringify(ev));
  assert.equal(snap(s).meta.trainAcc, 1);
  const x = toy({ dataset: 'xor', perceptron: true, points: 60 });
  assert.equal(train(x, 1000)?.reason, 'cap');
  assert.throws(() => x.gradcheck(), /Gradient check needs a network/);
  assert.throws(() => x.exportModel(''), /Export needs a network/);
  assert.throws(() => toy({ dataset: 'multiclass', perceptron: true }), /Perceptron mode needs a two-class data set/);
});

test('clicked-in points join the training data; shift-click removes the nearest', () => {
  const s = toy({ points: 100, train_pct: 50 });
  const src = s.source;
  const n0 = src.points().nTrain;
  src.addPoint(5.5, 5.5, 1);
  assert.equal(src.points().nTrain, n0 + 1);
  assert.equal(src.ds.nTrain, n0 + 1, 'the engine trains on it');
  assert.equal(src.removePoint(5.4, 5.6, 0.4), true);
  assert.equal(src.points().nTrain, n0);
  const p = src.points();
  assert.equal(src.removePoint(p.x[0], p.x[1], 0.01), true, 'a generated point can be removed too');
  assert.equal(src.points().nTrain, n0 - 1);
  assert.equal(src.removePoint(100, 100, 0.4), false);
  assert.equal(train(s, 2), null, 'the model keeps training on the edited data');
  s.configure({ ...s.state, data_seed: 2 });
  assert.equal(src.points().nTrain, n0, 'a new data set forgets the clicks');
});

test('stopping: an epoch cap, early stopping with the best epoch, divergence pauses with a reason', () => {
  const capped = toy({ max_epochs: 3 });
  assert.match(train(capped, 10).message, /cap of 3 epochs/);
  assert.equal(capped.epoch, 3);
  assert.equal(capped.step()?.reason, 'cap', 'at the cap, training stays stopped');

  const early = toy({ dataset: 'spiral', hidden: [8, 8], acts: ['relu', 'relu'], noise: 0.5, points: 100,
    optimizer: 'adam', lr: 0.05, early_stop: true, patience: 5 });
  const n = early.source.ds.nTrain;
  assert.equal(early.validRows(), Math.round(0.2 * n), 'the default 20 % held out');
  assert.equal(early.rows('train').n + early.rows('valid').n, n);
  assert.equal(early.rows('valid').first, early.rows('train').n, 'the end of the training rows');
  const rows = [];
  let ev = null;
  for (let i = 0; i < 2000 && !ev; i++) { ev = early.step(); rows.push({ ...early.last, epoch: early.epoch }); }
  assert.equal(ev?.reason, 'early');
  assert.ok(early.bestEpoch >= 1 && early.bestEpoch < early.epoch, `best ${early.bestEpoch} of ${early.epoch}`);
  assert.match(ev.message, new RegExp(`validation loss has not improved.*from epoch ${early.bestEpoch}\\.`));
  // The validation loss chose the epoch (the test loss takes no part): the best is its minimum.
  const seen = rows.slice(0, -1); // the last row is after the restore
  const best = seen.reduce((a, r) => (r.validLoss < a.validLoss ? r : a));
  assert.equal(best.epoch, early.bestEpoch);
  assert.ok(seen.every((r) => Number.isFinite(r.validLoss) && Number.isFinite(r.testLoss)));

  const wild = toy({ problem: 'regression', dataset: 'plane', hidden: [8, 8], acts: ['relu', 'relu'], lr: 10 });
  const d = train(wild, 200);
  assert.equal(d?.reason, 'diverged');
  assert.match(d.message, /^Paused at epoch \d+: training diverged at step \d+: .*\(try a lower learning rate or gradient clipping\)\. The weights before that step already give infinite outputs: reset, with a lower learning rate\.$/);
  assert.equal(d.message.match(/diverged/g).length, 1, 'said once');
  assert.doesNotThrow(() => wild.snapshot(false), 'the model stays usable');
  const regress = toy({ problem: 'regression', dataset: 'plane', hidden: [8, 8], acts: ['relu', 'relu'], lr: 10 }, ['regression']);
  train(regress, 200);
  assert.ok(Number.isNaN(decodeSnapshot(regress.snapshot(false).msg).meta.results.errors.test.rmse), 'infinite predictions: no figures, no refusal');
  // A step refused on weights that are still sound (a stand-in for the engine's refusal, which
  // in practice comes after the rate has wrecked them): training can go on from them.
  const sound = toy({});
  sound.learner.train = () => { throw Object.assign(new Error('training diverged at step 3: loss inf'), { code: 'NN_ERR_DIVERGED' }); };
  assert.equal(sound.step().message, 'Paused at epoch 1: training diverged at step 3: loss inf. Training goes on from the weights before that step.');
});

test('a refused setting leaves no model, and training says so; a refused live one keeps it', () => {
  const s = toy({});
  train(s, 2);
  assert.throws(() => s.configure({ ...defaults(), lr_min: 1 }), /lr_min/);
  assert.equal(s.ready, true, 'a training setting the engine refuses leaves the model');
  assert.equal(s.epoch, 2);
  assert.equal(s.state.lr_min, 0, 'and its settings');
  assert.throws(() => s.configure({ ...defaults(), hidden: [4], acts: ['tanh'], lr_min: 1 }), /lr_min/);
  assert.equal(s.ready, false);
  assert.throws(() => s.step(), /no model to train/);
  s.configure(defaults());
  assert.equal(s.step(), null);
});

test('export then import restores the weights; a refused file changes nothing', () => {
  const a = toy({ dataset: 'xor', hidden: [5], acts: ['tanh'] });
  train(a, 20);
  const m = a.exportModel('q');
  assert.equal(m.settings, 'q');
  const file = { ...defaults(), dataset: 'xor', hidden: [5], acts: ['tanh'] };
  const c = toy({ dataset: 'xor', hidden: [5], acts: ['tanh'], optimizer: 'adam' });
  train(c, 5);
  c.importModel(file, m.params);
  assert.deepEqual(c.exportModel('').params, m.params);
  assert.equal(snap(c).meta.steps, 0, 'a fresh optimizer');

  // A trained session with a clicked point refuses files whose settings make another model
  // (a wrong count), or whose values do not fit float32 or are not finite: its settings, data,
  // epoch and weights stay as they were, although the file's settings differ.
  const b = toy({ dataset: 'circle', hidden: [3], acts: ['relu'] });
  b.data().addPoint(1, 1, 1);
  train(b, 7);
  const before = { state: b.state, params: b.exportModel('').params, epoch: b.epoch, points: b.data().points(), version: b.dataVersion };
  const other = { ...file, points: 100, features: ['x1', 'x2', 'x1sq'] };
  assert.throws(() => b.importModel(other, m.params), /has 31 parameters, this network needs 26/);
  assert.throws(() => b.importModel(file, m.params.map((v, i) => (i === 3 ? 1e39 : v))), /^Error: Import: /);
  assert.throws(() => b.importModel(file, m.params.map((v, i) => (i === 3 ? NaN : v))), /^Error: Import: /);
  assert.throws(() => b.importModel({ ...file, lr_min: 1 }, m.params), /lr_min/);
  assert.equal(b.state, before.state);
  assert.equal(b.epoch, before.epoch);
  assert.equal(b.dataVersion, before.version);
  assert.deepEqual(b.data().points(), before.points);
  assert.deepEqual(b.exportModel('').params, before.params);
});

test('history rows waiting for a page that draws nothing stay bounded, newest kept', () => {
  const s = toy({ points: 40, batch: 40 });
  for (const epochs of [4096, 1, 5000]) {
    train(s, epochs);
    const { meta, arrays } = snap(s);
    const rows = arrays.history.length / meta.rowWidth;
    assert.ok(rows <= 4096, `${rows} rows`);
    assert.equal(arrays.history[(rows - 1) * meta.rowWidth], s.epoch, 'the last epoch is kept');
  }
});

test('the last point of the training or test part cannot be removed, and the session keeps working', () => {
  const s = toy({ points: 20, train_pct: 90 });
  const p = s.source.points();
  assert.equal(p.y.length - p.nTrain, 2);
  assert.equal(s.source.removePoint(p.x[2 * p.nTrain], p.x[2 * p.nTrain + 1], 1e-6), true);
  const q = s.source.points();
  assert.throws(() => s.source.removePoint(q.x[2 * q.nTrain], q.x[2 * q.nTrain + 1], 1e-6), /last test point stays/);
  assert.equal(train(s, 3), null, 'training and evaluation still work');
});

test('a real set: an epoch advances batch by batch, and the seed replays the run', { ...haveSets, timeout: 60000 }, () => {
  const settings = { hidden: [8], acts: ['tanh'], optimizer: 'adam', lr: 0.02, batch: 16, max_epochs: 40, seed: 5 };
  const run = () => {
    const s = real('iris', settings, ['confusion']);
    assert.equal(s.trainCall(), null);
    const m = snap(s).meta;
    assert.equal(m.epoch, 0, 'one call of one batch does not end the epoch');
    assert.equal(m.pos, 16, 'one batch of the epoch is done');
    assert.equal(m.nTrain, 120);
    const ev = s.runFor(60000);
    assert.equal(ev?.reason, 'cap');
    return { s, last: s.last };
  };
  const a = run(), b = run();
  assert.deepEqual(a.last, b.last, 'same seed, same run');
  assert.ok(a.last.testAcc >= 0.9, `iris test accuracy ${a.last.testAcc}`);
  const { meta, arrays } = snap(a.s);
  const k = 3, c = Array.from(arrays.confusion);
  assert.equal(c.length, k * k);
  assert.equal(c.reduce((x, y) => x + y, 0), 30, 'every test row counted once');
  assert.equal((c[0] + c[4] + c[8]) / 30, Math.fround(meta.testAcc), 'the matrix agrees with the accuracy');
  assert.equal(meta.results.epoch, 40);
});

test('a real set: a refused spec names the field', haveSets, () => {
  assert.throws(() => real('iris', { optimizer: 'adamx' }), /optimizer/);
});

test('ROC and precision–recall counts (churn): monotone in the threshold, the engine\'s exact AUC', { ...haveSets, timeout: 60000 }, () => {
  const s = real('churn', { hidden: [], acts: [], optimizer: 'adam', lr: 0.01, batch: 128, max_epochs: 5, seed: 1 }, ['curve']);
  s.runFor(60000);
  const { meta, arrays } = snap(s);
  const { tp, fp, thresholds } = arrays, r = meta.results;
  assert.equal(thresholds.length, 101);
  assert.equal(r.positives + r.negatives, 1409);
  assert.equal(tp[0], r.positives, 'at threshold 0 every row is predicted positive');
  assert.equal(fp[0], r.negatives);
  for (let i = 1; i < tp.length; i++) assert.ok(tp[i] <= tp[i - 1] && fp[i] <= fp[i - 1], `counts rise at ${i}`);
  assert.ok(r.auc > 0.75 && r.auc <= 1, `AUC ${r.auc}`);
  assert.ok(r.ap > 0.4 && r.ap <= 1, `AP ${r.ap}`);
});

test('the most confident mistakes (wine): misclassified test rows, surest first', { ...haveSets, timeout: 60000 }, () => {
  const s = real('wine', { hidden: [4], acts: ['tanh'], optimizer: 'sgd', lr: 0.01, batch: 8, max_epochs: 2, seed: 3 }, ['mistakes', 'confusion']);
  s.runFor(60000);
  const { meta, arrays } = snap(s);
  const m = meta.results.mistakes, k = 3;
  assert.ok(m.rows.length > 0, 'an undertrained network makes mistakes');
  assert.equal(m.wrong, m.total - [0, 4, 8].reduce((a, i) => a + arrays.confusion[i], 0));
  const conf = m.rows.map((_, i) => arrays.mistakeProbs[i * k + m.pred[i]]);
  m.rows.forEach((_, i) => {
    assert.notEqual(m.pred[i], m.truth[i], 'a mistake');
    if (i) assert.ok(conf[i] <= conf[i - 1], 'most confident first');
  });
  assert.equal(arrays.mistakeImages.length, 0, 'wine has no images to show');
});

test('a regression in the target\'s own units (Ames, log price shown in dollars)', { ...haveSets, timeout: 60000 }, () => {
  const desc = JSON.parse(readFileSync(`${OUT}ames.json`, 'utf8'));
  const s = new Session(engine);
  s.open(nndsSource(engine, new Uint8Array(readFileSync(`${OUT}ames.nnds`)), desc.targets.map((t) => t.transform)));
  s.configure({ ...defaults(), hidden: [32], acts: ['relu'], optimizer: 'adam', lr: 0.001, batch: 32, max_epochs: 8,
    l2: 0.001, seed: 1, target: 1 }, ['regression']);
  s.runFor(60000);
  const { meta, arrays } = snap(s);
  assert.ok(meta.testAcc > 0.8, `test R² of log price ${meta.testAcc}`);
  const e = meta.results.errors;
  assert.equal(arrays.testTruth.length, 586);
  assert.equal(arrays.trainPred.length, 2344);
  // the truth in dollars is the price column itself, turned back from its standardization
  const price = s.source.ds.read('test', 0, 586, 0).y, st = s.source.ds.targetStats(0);
  for (const i of [0, 100, 585]) {
    const dollars = price[i] * st.std + st.mean;
    assert.ok(Math.abs(arrays.testTruth[i] - dollars) / dollars < 1e-3, `row ${i}: ${arrays.testTruth[i]} vs ${dollars}`);
  }
  assert.ok(e.test.rmse > 5000 && e.test.rmse < 100000, `RMSE $${e.test.rmse}`);
  assert.ok(e.test.mae < e.test.rmse && e.test.r2 > 0.7, JSON.stringify(e.test));
});

test('training settings apply to the live model: the epoch, the steps and the curves go on', () => {
  const s = toy({ dataset: 'xor', hidden: [6], acts: ['tanh'] });
  train(s, 20);
  const { run, epoch } = s, steps = s.learner.steps, loss = s.last.trainLoss;
  let r = s.configure({ ...s.state, lr: 0.01 });
  assert.deepEqual([r.rebuilt, r.notes], [false, []]);
  assert.deepEqual([s.run, s.epoch, s.learner.steps, s.last.trainLoss], [run, epoch, steps, loss]);
  assert.equal(s.learner.lr, Math.fround(0.01));
  train(s, 1);
  assert.ok(s.learner.steps > steps, 'trains on from there');
  r = s.configure({ ...s.state, optimizer: 'adam', batch: 25, schedule: 'exp', l2: 0.001, dropout: 0.1 });
  assert.equal(r.rebuilt, false);
  assert.match(r.notes[0], /^Optimizer Adam: its state starts afresh .* from the weights of epoch 21\.$/);
  assert.equal(s.epoch, 21);
  // the network's shape, the data and the seed start again
  for (const patch of [{ hidden: [7], acts: ['tanh'] }, { seed: 2 }, { noise: 0.1 }, { early_stop: true }]) {
    r = s.configure({ ...s.state, ...patch });
    assert.equal(r.rebuilt, true, JSON.stringify(patch));
    assert.equal(s.epoch, 0);
    train(s, 1);
  }
});

test('a pace\'s frame: exactly one optimizer step, or one epoch', () => {
  const s = toy({});
  const steps = s.learner.steps;
  s.runFor(1000, { steps: steps + 1 });
  assert.equal(s.learner.steps, steps + 1);
  assert.ok(s.reached({ steps: steps + 1 }) && !s.reached({ steps: steps + 2 }));
  s.runFor(1000, { epoch: 1 });
  assert.equal(s.epoch, 1);
});

test('the schedule counts epochs: decay after decay_epochs, drawn before training from the engine', () => {
  const s = toy({ schedule: 'step', decay_epochs: 10, gamma: 0.5, lr: 0.04, batch: 10 });
  const { epochs, lr } = s.configure(s.state).schedule;
  assert.equal(epochs.at(-1), 40, 'four decay periods');
  const at = (e) => lr[epochs.findIndex((x) => x >= e)];
  assert.deepEqual([at(0), at(9.5), at(10), at(20)].map((v) => Number(v.toFixed(6))), [0.04, 0.04, 0.02, 0.01]);
  train(s, 10);
  assert.equal(s.learner.lr, Math.fround(0.02), 'the model decays after 10 epochs, as drawn');
  assert.equal(s.configure({ ...s.state, max_epochs: 15 }).schedule.epochs.at(-1), 15, 'the cap bounds it');
  assert.equal(toy({ perceptron: true }).schedule(), null);
});

test('a link\'s weight set by hand: training goes on from it', () => {
  const s = toy({ hidden: [3], acts: ['tanh'] });
  s.setWeight(0, 1, 2, 2.5);
  const l = s.learner.layers[0];
  assert.equal(s.learner.params()[l.w + 2 * l.in + 1], 2.5);
  assert.throws(() => s.setWeight(0, 4, 0, 1), /No link 4 → 0 in layer 1/);
  assert.throws(() => s.setWeight(0, 0, 0, NaN), /not finite/);
  assert.equal(train(s, 1), null);
});

test('MNIST\'s CNN: the model row builds it on the image shape; filters, feature maps and a model file', { ...haveSets, timeout: 60000 }, async () => {
  const s = new Session(engine);
  s.open(nndsSource(engine, new Uint8Array(readFileSync(`${OUT}mnist.nnds`)), [], [1, 28, 28]));
  const state = { ...defaults(mnistCnn.settings) };
  s.configure(state, ['filters']);
  const L = s.learner.layers;
  assert.deepEqual(L.map((l) => [l.kind, ...l.outShape]), [['conv', 16, 24, 24], ['maxpool', 16, 12, 12],
    ['conv', 32, 8, 8], ['maxpool', 32, 4, 4], ['dense', 128, 1, 1], ['dense', 10, 1, 1]]);
  // the filters section: both conv layers' W blocks as params() holds them, in PyTorch's layout
  const { meta, arrays } = snap(s);
  assert.deepEqual(meta.results.filters, [{ layer: 0, shape: [16, 1, 5, 5] }, { layer: 2, shape: [32, 16, 5, 5] }]);
  const p = s.learner.params();
  assert.deepEqual(arrays.filters, Float32Array.from([...p.subarray(L[0].w, L[0].w + 400), ...p.subarray(L[2].w, L[2].w + 12800)]));
  // the feature maps of one image: every image layer's, the engine's activations; the first
  // pooled map is the maximum of each 2×2 window of the conv map below it
  const x = s.source.ds.read('test', 0, 1).x;
  const maps = s.featureMaps(x);
  assert.deepEqual(maps.map((m) => [m.layer, m.kind, ...m.shape, m.maps.length]), [[0, 'conv', 16, 24, 24, 16 * 576],
    [1, 'maxpool', 16, 12, 12, 16 * 144], [2, 'conv', 32, 8, 8, 32 * 64], [3, 'maxpool', 32, 4, 4, 32 * 16]]);
  const [c1, p1] = maps;
  for (let i = 0; i < 12; i++) for (let j = 0; j < 12; j++) {
    const at = (y, xx) => c1.maps[(2 * i + y) * 24 + 2 * j + xx];
    assert.equal(p1.maps[i * 12 + j], Math.max(at(0, 0), at(0, 1), at(1, 0), at(1, 1)));
  }
  assert.ok(c1.maps.every((v) => v >= 0) && c1.maps.some((v) => v > 0), 'ReLU maps, not all dark');
  assert.throws(() => s.featureMaps(new Float32Array(10)), /one row of 784 inputs, got 10/);
  // a model file of the CNN: its settings build the same network, which predicts the same
  const m = s.exportModel(serialize(state));
  const { state: read, params, bnState } = readModelFile(writeModelFile(m));
  assert.equal(read.model, 'cnn');
  const t = new Session(engine);
  t.open(nndsSource(engine, new Uint8Array(readFileSync(`${OUT}mnist.nnds`)), [], [1, 28, 28]));
  t.configure({ ...defaults(), seed: 7 }, []);
  t.importModel(read, params, bnState);
  assert.deepEqual(t.predict(x), s.predict(x));
  // a CNN on data that are not images is refused by name, and an image shape must fit the rows
  const iris = real('iris', {});
  assert.throws(() => iris.configure({ ...iris.state, model: 'cnn' }), /Model CNN: these data are not images/);
  assert.throws(() => nndsSource(engine, new Uint8Array(readFileSync(`${OUT}iris.nnds`)), [], [1, 28, 28]), /iris: an image of 1×28×28 is not its 4 features/);
});

test('lesson 7: its dropout widget keeps the test loss down where the same network memorises', () => {
  const html = readFileSync(new URL('../../web/lessons/07-regularization.html', import.meta.url), 'utf8');
  const tag = html.match(/<nn-playground[^>]*dropout="[^>]*>/)[0];
  const at = Object.fromEntries([...tag.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const list = (v) => v.split(',');
  const patch = { dataset: at.dataset, points: +at.points, noise: +at.noise, hidden: list(at.hidden).map(Number),
    acts: list(at.acts), features: list(at.features), optimizer: at.optimizer, lr: +at.lr };
  const testLoss = (dropout) => { const s = toy({ ...patch, dropout }, []); train(s, 300); return s.last.testLoss; };
  const without = testLoss(0), withDrop = testLoss(+at.dropout);
  // Measured: near 1.5 without, near 0.4 with p = 0.7 (the lesson's text says so).
  assert.ok(withDrop < 0.6 && without > 1, `test loss ${withDrop} with dropout, ${without} without`);
});
