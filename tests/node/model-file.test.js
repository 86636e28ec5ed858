// The model file (web/lib/model-file.js) and the PyTorch export (web/lib/pytorch.js), pure parts.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeModelFile, readModelFile } from '../../web/lib/model-file.js';
import { toPyTorch } from '../../web/lib/pytorch.js';
import { defaults, serialize } from '../../web/state.js';

const spec = {
  inputs: 3, layers: [2, 1], activations: ['leaky_relu', 'sigmoid'], leaky_slope: 0.01, batchnorm: 1,
  bn_momentum: 0.1, dropout: 0.1, loss: 'bce', optimizer: 'adamw', lr: 0.03, momentum: 0.9, beta1: 0.9,
  beta2: 0.999, eps: 1e-8, rho: 0.9, weight_decay: 0.01, l1: 0, l2: 0.001, clip_norm: 1, init: 'he',
  init_scale: 0.1, schedule: 'cosine', decay_steps: 100, gamma: 0.5, lr_min: 0.001, warmup: 5, seed: 7,
};
const layers = [{ in: 3, out: 2, w: 0, b: 6, gamma: 8, beta: 10 }, { in: 2, out: 1, w: 12, b: 14, gamma: -1, beta: -1 }];
const params = Array.from({ length: 15 }, (_, i) => Math.fround(i / 7 - 1));
const model = {
  settings: serialize({ ...defaults(), features: ['x1', 'x2', 'x1x2'], hidden: [2], acts: ['leaky_relu'] }),
  spec, features: ['x1', 'x2', 'x1x2'], params, layers, epoch: 12,
};

test('a model file reads back its settings and parameters', () => {
  const { state, params: p, warnings } = readModelFile(writeModelFile(model));
  assert.deepEqual(warnings, []);
  assert.deepEqual(state.features, ['x1', 'x2', 'x1x2']);
  assert.deepEqual(state.hidden, [2]);
  assert.deepEqual(p, params);
});

test('a bad model file is refused with a reason', () => {
  const bad = (o) => JSON.stringify({ ...JSON.parse(writeModelFile(model)), ...o });
  assert.throws(() => readModelFile('{nope'), /not a JSON file/);
  assert.throws(() => readModelFile(bad({ format: 'onnx' })), /not an nnplay model file/);
  assert.throws(() => readModelFile(bad({ version: 2 })), /version 2; this page reads version 1/);
  assert.throws(() => readModelFile(bad({ params: [1, null] })), /finite numbers/);
  assert.match(readModelFile(bad({ settings: 'lr=oops' })).warnings[0], /Import: Learning rate \(lr\) "oops"/);
});

test('PyTorch export: layers, weights and training setup follow the spec', () => {
  const data = { x: Float32Array.from([1, 2, -3, 4.5]), y: Float32Array.from([0, 1]), nTrain: 2 };
  const py = toPyTorch(model, data, 10);
  assert.match(py, /nn\.Linear\(3, 2\),\n {4}nn\.BatchNorm1d\(2, momentum=0\.1\),\n {4}nn\.LeakyReLU\(0\.01\),\n {4}nn\.Dropout\(0\.1\),\n {4}nn\.Linear\(2, 1\),\n\)/);
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
