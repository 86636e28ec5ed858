// The model file (web/lib/model-file.js) and the PyTorch export (web/lib/pytorch.js): the pure
// parts, then a batch-norm model through the file and the worker's session with the real engine.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeModelFile, readModelFile } from '../../web/lib/model-file.js';
import { toPyTorch } from '../../web/lib/pytorch.js';
import { defaults, serialize } from '../../web/lib/settings.js';
import { loadEngine } from './engine-util.js';
import { Session } from '../../web/worker/session.js';
import { createToySource } from '../../web/worker/sources/toy.js';

const spec = {
  inputs: 3, layers: [2, 1], activations: ['leaky_relu', 'sigmoid'], leaky_slope: 0.01, batchnorm: 1,
  bn_momentum: 0.1, dropout: 0.1, loss: 'bce', optimizer: 'adamw', lr: 0.03, momentum: 0.9, beta1: 0.9,
  beta2: 0.999, eps: 1e-8, rho: 0.9, weight_decay: 0.01, l1: 0, l2: 0.001, clip_norm: 1, init: 'he',
  init_scale: 0.1, schedule: 'cosine', decay_steps: 100, gamma: 0.5, lr_min: 0.001, warmup: 5, seed: 7,
};
// The engine's layout (net.layers): the hidden layer, ahead of batch norm, has no bias.
const dense = (inputs, out) => ({ kind: 'dense', in: inputs, out, inShape: [inputs, 1, 1], outShape: [out, 1, 1], kernel: 0, stride: 0, pad: 0 });
const layers = [
  { ...dense(3, 2), w: 0, b: -1, gamma: 6, beta: 8, mean: 0, var: 2 },
  { ...dense(2, 1), w: 10, b: 12, gamma: -1, beta: -1, mean: -1, var: -1 },
];
const params = Array.from({ length: 13 }, (_, i) => Math.fround(i / 7 - 1));
const bnState = [0.25, -1.5, 0.75, 2.5]; // running mean (2), running var (2)
const model = {
  settings: serialize({ ...defaults(), features: ['x1', 'x2', 'x1x2'], hidden: [2], acts: ['leaky_relu'],
    batchnorm: 1 }),
  spec, features: ['x1', 'x2', 'x1x2'], params, bnState, layers, epoch: 12,
};

test('a model file reads back its settings, parameters and running statistics', () => {
  const { state, params: p, bnState: r, warnings } = readModelFile(writeModelFile(model));
  assert.deepEqual(warnings, []);
  assert.deepEqual(state.features, ['x1', 'x2', 'x1x2']);
  assert.deepEqual(state.hidden, [2]);
  assert.equal(state.batchnorm, 1);
  assert.deepEqual(p, params);
  assert.deepEqual(r, bnState);
});

test('a file from before the running statistics were saved still loads, with a note when it has batch norm', () => {
  const old = JSON.parse(writeModelFile(model));
  delete old.bnState;
  const { params: p, bnState: r, warnings } = readModelFile(JSON.stringify(old));
  assert.deepEqual(p, params);
  assert.equal(r, null);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /no batch-norm running statistics.*fresh ones \(mean 0, variance 1\)/);
  // Without batch norm nothing is missing, so nothing is said.
  old.settings = serialize({ ...defaults(), batchnorm: 0 });
  assert.deepEqual(readModelFile(JSON.stringify(old)).warnings, []);
});

test('a bad model file is refused with a reason', () => {
  const bad = (o) => JSON.stringify({ ...JSON.parse(writeModelFile(model)), ...o });
  assert.throws(() => readModelFile('{nope'), /not a JSON file/);
  assert.throws(() => readModelFile(bad({ format: 'onnx' })), /not an nnplay model file/);
  assert.throws(() => readModelFile(bad({ version: 3 })), /version 3; this page reads versions 1 and 2/);
  assert.throws(() => readModelFile(bad({ params: [1, null] })), /finite numbers/);
  assert.throws(() => readModelFile(bad({ bnState: [1, null] })), /"bnState".*finite numbers/);
  assert.throws(() => readModelFile(bad({ bnState: 'none' })), /"bnState".*finite numbers/);
  assert.match(readModelFile(bad({ settings: 'lr=oops' })).warnings[0], /Import: Learning rate \(lr\) "oops"/);
});

test('PyTorch export: layers, weights and training setup follow the spec', () => {
  const data = { x: Float32Array.from([1, 2, -3, 4.5]), y: Float32Array.from([0, 1]), nTrain: 2 };
  const py = toPyTorch(model, data, 10);
  assert.match(py, /nn\.Linear\(3, 2, bias=False\),\n {4}nn\.BatchNorm1d\(2, momentum=0\.1\),\n {4}nn\.LeakyReLU\(0\.01\),\n {4}nn\.Dropout\(0\.1\),\n {4}nn\.Linear\(2, 1\),\n\)/);
  assert.ok(!/Sigmoid/.test(py), 'BCE works from logits: no final Sigmoid module');
  assert.match(py, /BCEWithLogitsLoss/);
  assert.match(py, /torch\.optim\.AdamW\(model\.parameters\(\), lr=0\.03, betas=\(0\.9, 0\.999\), eps=1e-8, weight_decay=0\.01\)/);
  assert.match(py, /torch\.stack\(\[x1, x2, x1 \* x2\], dim=1\)/);
  assert.match(py, /\[-1, -0\.85714287, -0\.71428573\]/, 'weights as shortest float32 decimals');
  assert.match(py, /if t < 5:/);
  assert.match(py, /clip_grad_norm_\(model\.parameters\(\), 1\)/);
  assert.match(py, /\[1, 2\], \[-3, 4\.5\]/);
  assert.match(py, /BATCH = 2/);
});

test('PyTorch export: BatchNorm1d gets the running statistics and the same momentum convention', () => {
  const py = toPyTorch(model, { x: new Float32Array(4), y: new Float32Array(2), nTrain: 2 }, 2);
  // Layer 1's tuple: W, no bias (None: the Linear ahead of batch norm has bias=False), gamma,
  // beta, then running mean and running var from bnState.
  assert.match(py, /# layer 1: W \(2, 3\), no bias, gamma, beta, running mean, running var \(2 each\)/);
  assert.match(py, /\],\n {5}None,\n {5}\[-0\.14285715, 0\], \[0\.14285715, 0\.2857143\],\n {5}\[0\.25, -1\.5\], \[0\.75, 2\.5\]\),/);
  assert.match(py, /if params\[1\] is not None:\n {12}layers\[i\]\.bias\.copy_/);
  assert.match(py, /norms\[i\]\.running_mean\.copy_\(torch\.tensor\(params\[4\]\)\)/);
  assert.match(py, /norms\[i\]\.running_var\.copy_\(torch\.tensor\(params\[5\]\)\)/);
  assert.match(py, /nn\.BatchNorm1d\(2, momentum=0\.1\)/);
  assert.ok(!/not exported/.test(py), 'no stale note that the statistics are missing');
  // A last mini-batch of one joins the one before, as in the engine: BatchNorm1d refuses it.
  assert.match(py, /if len\(batches\) > 1 and len\(batches\[-1\]\) == 1:\n.*\n {12}batches\[-2:\] = \[torch\.cat\(batches\[-2:\]\)\]/);
  assert.ok(!/torch\.cat/.test(toPyTorch({ ...model, spec: { ...spec, batchnorm: 0 }, layers: layers.map((l) => ({
    ...l, gamma: -1, beta: -1, mean: -1, var: -1 })) }, { x: [], y: [], nTrain: 0 }, 1)), 'without batch norm, no merging');
  // The output layer has no batch norm: its tuple stops at W and b.
  assert.match(py, /# layer 2: W \(1, 2\), b \(1\)\n/);
  assert.throws(() => toPyTorch({ ...model, bnState: undefined }, { x: [], y: [], nTrain: 0 }, 1),
    /layer 1 has batch norm but the export lacks its running statistics/);
});

test('PyTorch export is valid Python (when python3 is installed)', (t) => {
  try { execFileSync('python3', ['--version']); } catch { t.skip('no python3'); return; }
  const dir = mkdtempSync(join(tmpdir(), 'nnp-'));
  const file = join(dir, 'model.py');
  for (const [loss, last] of [['softmax_ce', 'softmax'], ['mse', 'linear'], ['bce', 'sigmoid']]) {
    const m = { ...model, spec: { ...spec, loss, activations: ['tanh', last], schedule: 'step', warmup: 0 } };
    writeFileSync(file, toPyTorch(m, { x: new Float32Array(4), y: new Float32Array(2), nTrain: 2 }, 1));
    execFileSync('python3', ['-c', 'import ast,sys; ast.parse(open(sys.argv[1]).read())', file]);
  }
});

const engine = await loadEngine();

const SETTINGS = { ...defaults(), dataset: 'spiral', hidden: [6, 4], acts: ['relu', 'tanh'], batchnorm: 1, batch: 10 };

/** A session on the toy sets with the settings `state`. */
const session = (state) => {
  const s = new Session(engine);
  s.open(createToySource(engine));
  s.configure(state);
  return s;
};

/** SETTINGS trained 15 epochs (batch norm on both hidden layers); its training points and predictions. */
function trainedWithBatchNorm() {
  const a = session(SETTINGS);
  for (let e = 0; e < 15; e++) a.step();
  const { x } = a.source.ds.read('train');
  return { a, x, want: a.predict(x) };
}

test('a batch-norm model exported to a file and imported predicts exactly as before (real engine)', () => {
  const { a, x, want } = trainedWithBatchNorm();
  const file = writeModelFile(a.exportModel(serialize(SETTINGS)));
  const { state, params: p, bnState: r, warnings } = readModelFile(file);
  assert.deepEqual(warnings, []);
  assert.equal(r.length, 2 * (6 + 4));

  const b = session(state);
  assert.notDeepEqual(b.predict(x), want, 'a fresh network predicts differently');
  b.importModel(state, p, r);
  const back = b.exportModel('');
  assert.deepEqual([back.params, back.bnState], [p, r]);
  assert.deepEqual(b.predict(x), want);

  // The parameters without the running statistics (an older file) are not enough.
  const c = session(state);
  c.importModel(state, p, null);
  assert.notDeepEqual(c.predict(x), want);

  // Refusals change nothing: a wrong count, and a negative variance only C checks.
  assert.throws(() => b.importModel(state, p, r.slice(1)), /the file has 19 batch-norm running statistics, this network needs 20/);
  const negative = r.slice();
  negative[b.exportModel('').layers[1].var] = -1;
  const zeros = p.map(() => 0);
  assert.throws(() => b.importModel(state, zeros, negative), /Import: state\[16\]: layer 1 running variance 0 is negative \(-1\)$/);
  const nanParams = p.slice();
  nanParams[0] = NaN;
  assert.throws(() => b.importModel(state, nanParams, r.map((v, i) => (i < 6 ? v + 1 : v))), /Import: params\[0\] is not finite/);
  const kept = b.exportModel('');
  assert.deepEqual([kept.params, kept.bnState], [p, r], 'the state written before the parameters were refused is undone');
  assert.deepEqual(b.predict(x), want);
});

test('a version 1 file (a bias ahead of each batch norm) imports predicting as it did (real engine)', () => {
  const { a, x, want } = trainedWithBatchNorm();
  // Version 1 of the same model: a bias b_j ahead of each batch norm and running means shifted
  // by it, z + b - (mean + b) = z - mean, with version 1's offsets in "layers".
  const doc = JSON.parse(writeModelFile(a.exportModel(serialize(SETTINGS))));
  const params = [], state = [...doc.bnState], v1Layers = [];
  for (const l of doc.layers) {
    const w = params.length, biases = Array.from({ length: l.out }, (_, j) => Math.fround(0.5 * Math.sin(j + w)));
    params.push(...doc.params.slice(l.w, l.w + l.in * l.out));
    const b = params.length;
    params.push(...(l.gamma >= 0 ? biases : doc.params.slice(l.b, l.b + l.out)));
    if (l.gamma >= 0) biases.forEach((v, j) => { state[l.mean + j] = Math.fround(state[l.mean + j] + v); });
    const gamma = l.gamma >= 0 ? params.length : -1;
    if (l.gamma >= 0) params.push(...doc.params.slice(l.gamma, l.gamma + 2 * l.out));
    v1Layers.push({ ...l, w, b, gamma, beta: gamma < 0 ? -1 : gamma + l.out });
  }
  assert.equal(params.length, doc.params.length + 6 + 4, 'version 1 has the biases');
  const { state: s, params: p, bnState: r, warnings } = readModelFile(JSON.stringify({
    ...doc, version: 1, layers: v1Layers, params, bnState: state }));
  assert.deepEqual(warnings, []);
  assert.deepEqual(p, doc.params, 'the biases are dropped, the rest kept');
  const b = session(s);
  b.importModel(s, p, r);
  const got = b.predict(x);
  const worst = Math.max(...Array.from(got, (v, i) => Math.abs(v - want[i])));
  assert.ok(worst <= 1e-6, `predictions ${worst} apart`); // the mean, shifted and back, rounds twice
  // A running mean that float32 cannot hold once the bias is taken off is refused.
  const huge = state.map((v, i) => (i === v1Layers[0].mean ? 3e38 : v));
  const hugeParams = params.map((v, i) => (i === v1Layers[0].b ? -3e38 : v));
  assert.throws(() => readModelFile(JSON.stringify({ ...doc, version: 1, layers: v1Layers, params: hugeParams,
    bnState: huge })), /Import: a running mean of this version 1 file is out of range/);
  // Offsets that do not tile the parameters are refused.
  assert.throws(() => readModelFile(JSON.stringify({ ...doc, version: 1, layers: v1Layers, params: params.slice(1),
    bnState: state })), /layers of this version 1 file do not match its "params"/);
});
